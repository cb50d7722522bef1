import {
  EXTENDED_MASTER_SECRET,
  serverHelloExtensions,
} from '../../../src/discovery/tls/server-hello';

/** A TLS 1.2 ServerHello record with the given extension types (each with an empty body). */
function serverHello(extensions: number[] | null, sessionIdLength = 32): Buffer {
  const ext =
    extensions === null
      ? Buffer.alloc(0)
      : Buffer.concat([
          Buffer.from([0, 0]),
          ...extensions.map((t) => Buffer.from([t >> 8, t & 0xff, 0, 0])),
        ]);
  if (extensions !== null) ext.writeUInt16BE(ext.length - 2, 0);
  const body = Buffer.concat([
    Buffer.from([3, 3]), // TLS 1.2
    Buffer.alloc(32, 7), // random
    Buffer.from([sessionIdLength]),
    Buffer.alloc(sessionIdLength, 1),
    Buffer.from([0xc0, 0x2f]), // ECDHE-RSA-AES128-GCM-SHA256
    Buffer.from([0]), // no compression
    ext,
  ]);
  const handshake = Buffer.concat([
    Buffer.from([2, 0, body.length >> 8, body.length & 0xff]),
    body,
  ]);
  return Buffer.concat([
    Buffer.from([22, 3, 3, handshake.length >> 8, handshake.length & 0xff]),
    handshake,
  ]);
}

describe('serverHelloExtensions', () => {
  it('lists the extension types of a TLS 1.2 ServerHello', () => {
    expect(serverHelloExtensions(serverHello([0xff01, 11, EXTENDED_MASTER_SECRET]))).toEqual([
      0xff01, 11, 23,
    ]);
  });

  it('reads a ServerHello followed by more handshake records (the certificate)', () => {
    const more = Buffer.from([22, 3, 3, 0, 4, 11, 0, 0, 0]);
    expect(serverHelloExtensions(Buffer.concat([serverHello([23]), more]))).toEqual([23]);
  });

  it('returns [] for a ServerHello without extensions and with an empty session id', () => {
    expect(serverHelloExtensions(serverHello(null, 0))).toEqual([]);
  });

  it('cannot tell from cut-off, foreign or empty bytes (undefined, never a guess)', () => {
    const full = serverHello([23]);
    for (const bytes of [
      Buffer.alloc(0),
      full.subarray(0, 20),
      full.subarray(0, full.length - 1),
      Buffer.from([21, 3, 3, 0, 2, 2, 40]), // an alert, not a handshake
      Buffer.concat([Buffer.from([22, 3, 3, 0, 4]), Buffer.from([1, 0, 0, 0])]), // not a ServerHello
    ]) {
      expect(serverHelloExtensions(bytes)).toBeUndefined();
    }
  });
});
