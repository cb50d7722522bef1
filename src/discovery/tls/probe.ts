/**
 * TLS handshakes with the host that serves the service discovery file, to see what an iOS/iPadOS
 * 27 device will meet (enrollment-facts.md, Prerequisites). Each handshake is pinned to an
 * address the domain check already vetted (SNI and the name check use the host name), sends no
 * request and reads nothing but the handshake, and is bounded by the check's deadline.
 *
 * The handshakes, in order:
 * 1. `modern`: TLS 1.2–1.3 with Node's default suites: what the server negotiates.
 * 2. `legacy` (only when 1 was refused as a protocol or handshake failure): TLS 1.0–1.1 at
 *    OpenSSL security level 0, to tell "only old TLS" from "no TLS at all".
 * 3. `ats12` (only when 1 negotiated TLS 1.2): TLS 1.2 offering only ECDHE with AES-GCM, the
 *    forward-secret suites ATS accepts; it fails when the server has none of them.
 * TLS 1.3 suites are all forward-secret AEAD, so a TLS 1.3 server needs no suite probe.
 *
 * The certificate chain is read with verification off (the HTTPS fetch verifies it for real), so
 * a weak or expired certificate can still be described; whether the chain would be trusted and
 * matches the name is recorded beside it.
 */
import { connect as connectTcp } from 'node:net';
import { checkServerIdentity, connect as connectTls, type DetailedPeerCertificate } from 'node:tls';

import { certificateFacts, type CertificateFacts } from './certificate';
import { serverHelloExtensions, TappedSocket } from './server-hello';

/** Where to probe. */
export interface TlsTarget {
  /** The host name (SNI and the certificate's name check). */
  host: string;
  /** Vetted addresses of the host, tried in order when a connection is refused. */
  addresses: readonly string[];
  port: number;
  /** The check's deadline: every socket is destroyed when it aborts. */
  signal: AbortSignal;
  /** Longest wait for one handshake, in ms. */
  handshakeTimeoutMs: number;
  /** Tests only: extra trusted CA certificates. */
  ca?: string | Buffer | (string | Buffer)[];
}

/** A completed handshake. */
export interface Handshake {
  ok: true;
  /** `TLSv1.3`, `TLSv1.2`, … as Node names it. */
  protocol: string;
  /** The negotiated suite (OpenSSL name for TLS 1.2, IANA name for TLS 1.3). */
  cipher: string;
  /** ServerHello extension types (TLS 1.2 only); undefined when they could not be read. */
  extensions?: number[];
  /** The chain the server sent, leaf first (parsable certificates only). */
  chain: CertificateFacts[];
  /** Why the chain would not be trusted (Node's code), when it would not. */
  trustError?: string;
  /** Why the leaf does not match the host name, when it does not. */
  nameError?: string;
}

/** A handshake that did not complete, with Node's error code. */
export interface FailedHandshake {
  ok: false;
  code: string;
}

/** What the probe saw on one host. */
export interface TlsProbeResult {
  host: string;
  modern: Handshake | FailedHandshake;
  legacy?: Handshake | FailedHandshake;
  ats12?: Handshake | FailedHandshake;
}

/** Probes one host; tests may pass their own. */
export type TlsProbe = (target: TlsTarget) => Promise<TlsProbeResult>;

/** TLS 1.2 suites with ECDHE key exchange and AES-GCM (OpenSSL names). */
export const ATS_TLS12_CIPHERS = [
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES256-GCM-SHA384',
].join(':');

interface HandshakeSettings {
  minVersion: 'TLSv1' | 'TLSv1.2' | 'TLSv1.3';
  maxVersion: 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
  ciphers?: string;
}

const MODERN: HandshakeSettings = { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3' };
const LEGACY: HandshakeSettings = {
  minVersion: 'TLSv1',
  maxVersion: 'TLSv1.1',
  ciphers: 'DEFAULT:@SECLEVEL=0',
};
const ATS12: HandshakeSettings = {
  minVersion: 'TLSv1.2',
  maxVersion: 'TLSv1.2',
  ciphers: ATS_TLS12_CIPHERS,
};

/** Connection errors after which the next address is tried. */
const TRY_NEXT = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

function codeOf(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err && typeof err.code === 'string') {
    return err.code;
  }
  return 'ERR_TLS_PROBE';
}

/** True when a failed modern handshake looks like a refusal of the versions or suites offered. */
export function isNegotiationRefusal(code: string): boolean {
  return (
    code.startsWith('ERR_SSL_') ||
    code === 'EPROTO' ||
    code === 'ECONNRESET' ||
    code === 'ERR_TLS_PROBE_CLOSED'
  );
}

/** The chain in a detailed peer certificate, leaf first, without repeating the root. */
function chainOf(peer: DetailedPeerCertificate): CertificateFacts[] {
  const out: CertificateFacts[] = [];
  const seen = new Set<string>();
  let cert: DetailedPeerCertificate | undefined = peer;
  while (cert?.raw && !seen.has(cert.fingerprint256) && out.length < 8) {
    seen.add(cert.fingerprint256);
    const facts = certificateFacts(cert.raw);
    if (facts) out.push(facts);
    cert = cert.issuerCertificate;
  }
  return out;
}

/** One handshake to one address. Never rejects. */
function handshake(
  target: TlsTarget,
  address: string,
  settings: HandshakeSettings,
): Promise<Handshake | FailedHandshake> {
  return new Promise((resolve) => {
    if (target.signal.aborted) {
      resolve({ ok: false, code: 'ETIMEDOUT_CHECK' });
      return;
    }
    let settled = false;
    const raw = connectTcp({ host: address, port: target.port });
    const tapped = new TappedSocket(raw);
    const servername = /^[\d.]+$|:/.test(target.host) ? undefined : target.host;
    const socket = connectTls({
      socket: tapped,
      ...(servername === undefined ? {} : { servername }),
      rejectUnauthorized: false,
      minVersion: settings.minVersion,
      maxVersion: settings.maxVersion,
      ...(settings.ciphers === undefined ? {} : { ciphers: settings.ciphers }),
      ...(target.ca === undefined ? {} : { ca: target.ca }),
    });
    const finish = (result: Handshake | FailedHandshake): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      target.signal.removeEventListener('abort', onAbort);
      socket.destroy();
      tapped.destroy();
      resolve(result);
    };
    const onAbort = (): void => finish({ ok: false, code: 'ETIMEDOUT_CHECK' });
    const timer = setTimeout(
      () => finish({ ok: false, code: 'ETIMEDOUT' }),
      target.handshakeTimeoutMs,
    );
    target.signal.addEventListener('abort', onAbort, { once: true });
    socket.once('error', (err) => finish({ ok: false, code: codeOf(err) }));
    socket.once('close', () => finish({ ok: false, code: 'ERR_TLS_PROBE_CLOSED' }));
    socket.once('secureConnect', () => {
      const protocol = socket.getProtocol() ?? 'unknown';
      const peer = socket.getPeerCertificate(true);
      const hasPeer = peer !== null && typeof peer === 'object' && Buffer.isBuffer(peer.raw);
      const nameError = hasPeer ? checkServerIdentity(target.host, peer) : undefined;
      const extensions = protocol === 'TLSv1.2' ? serverHelloExtensions(tapped.received) : [];
      const authError = socket.authorizationError as unknown;
      finish({
        ok: true,
        protocol,
        cipher: socket.getCipher()?.name ?? 'unknown',
        ...(protocol === 'TLSv1.2' && extensions !== undefined ? { extensions } : {}),
        chain: hasPeer ? chainOf(peer) : [],
        ...(socket.authorized
          ? {}
          : { trustError: typeof authError === 'string' ? authError : codeOf(authError) }),
        ...(nameError ? { nameError: nameError.message } : {}),
      });
    });
  });
}

/** Probes one host as described above. Never rejects; failures are results. */
export const probeTls: TlsProbe = async (target) => {
  let address = target.addresses[0] ?? '';
  let modern: Handshake | FailedHandshake = { ok: false, code: 'ENODATA' };
  for (const candidate of target.addresses.slice(0, 3)) {
    address = candidate;
    modern = await handshake(target, candidate, MODERN);
    if (modern.ok || !TRY_NEXT.has(modern.code)) break;
  }
  const result: TlsProbeResult = { host: target.host, modern };
  if (!modern.ok) {
    if (isNegotiationRefusal(modern.code)) {
      result.legacy = await handshake(target, address, LEGACY);
    }
    return result;
  }
  if (modern.protocol === 'TLSv1.2') {
    result.ats12 = await handshake(target, address, ATS12);
  }
  return result;
};
