/**
 * What Node's TLS socket does not tell: which extensions the server put in its ServerHello. A
 * {@link TappedSocket} sits between the TCP socket and Node's TLS layer and keeps a copy of the
 * first bytes the server sends; {@link serverHelloExtensions} reads the extension types out of
 * them. In TLS 1.2 the ServerHello travels in clear text, so this is exact there; in TLS 1.3 the
 * extensions that matter are encrypted, and nothing is read.
 *
 * Used for the extended master secret (RFC 7627, extension type 23), which OpenSSL negotiates but
 * Node does not expose.
 */
import type { Socket } from 'node:net';
import { Duplex } from 'node:stream';

/** Extension type of `extended_master_secret` (RFC 7627 §5.1). */
export const EXTENDED_MASTER_SECRET = 23;

/** Bytes kept from the server: a ServerHello with its certificate chain fits in far less. */
const KEEP_BYTES = 64 * 1024;

/** A Duplex over a TCP socket that passes everything through and keeps the server's first bytes. */
export class TappedSocket extends Duplex {
  private readonly kept: Buffer[] = [];
  private keptBytes = 0;

  public constructor(private readonly raw: Socket) {
    super();
    raw.on('data', (chunk: Buffer) => {
      if (this.keptBytes < KEEP_BYTES) {
        this.kept.push(chunk);
        this.keptBytes += chunk.length;
      }
      if (!this.push(chunk)) raw.pause();
    });
    raw.on('end', () => this.push(null));
    raw.on('error', (err) => this.destroy(err));
    raw.on('close', () => this.destroy());
  }

  /** The first bytes the server sent (at most 64 KiB). */
  public get received(): Buffer {
    return Buffer.concat(this.kept);
  }

  public override _read(): void {
    this.raw.resume();
  }

  public override _write(
    chunk: Buffer,
    encoding: BufferEncoding,
    callback: (error?: Error | null) => void,
  ): void {
    this.raw.write(chunk, encoding, callback);
  }

  public override _final(callback: (error?: Error | null) => void): void {
    this.raw.end();
    callback();
  }

  public override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.raw.destroy();
    callback(error);
  }
}

/** The handshake messages at the start of `bytes`: the bodies of the leading handshake records. */
function leadingHandshakeBytes(bytes: Buffer): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset + 5 <= bytes.length) {
    const contentType = bytes[offset];
    const length = bytes.readUInt16BE(offset + 3);
    if (contentType !== 22 || offset + 5 + length > bytes.length) break;
    parts.push(bytes.subarray(offset + 5, offset + 5 + length));
    offset += 5 + length;
  }
  return Buffer.concat(parts);
}

/**
 * The extension types of the ServerHello at the start of the server's bytes (RFC 5246 §7.4.1.3),
 * in order; `[]` for a ServerHello without extensions; undefined when the bytes do not start with
 * a complete ServerHello (then nothing can be said).
 */
export function serverHelloExtensions(bytes: Buffer): number[] | undefined {
  const handshake = leadingHandshakeBytes(bytes);
  if (handshake.length < 4 || handshake[0] !== 2) return undefined;
  const length = handshake.readUIntBE(1, 3);
  if (4 + length > handshake.length) return undefined;
  const hello = handshake.subarray(4, 4 + length);
  // version (2) + random (32), then session id (1 + n), cipher suite (2), compression (1).
  let offset = 34;
  if (offset >= hello.length) return undefined;
  offset += 1 + (hello[offset] ?? 0) + 2 + 1;
  if (offset === hello.length) return [];
  if (offset + 2 > hello.length) return undefined;
  const end = offset + 2 + hello.readUInt16BE(offset);
  if (end > hello.length) return undefined;
  offset += 2;
  const types: number[] = [];
  while (offset + 4 <= end) {
    types.push(hello.readUInt16BE(offset));
    offset += 4 + hello.readUInt16BE(offset + 2);
  }
  return offset === end ? types : undefined;
}
