/**
 * A minimal HTTPS GET pinned to an address that was checked beforehand: the socket connects to
 * that IP, while the `Host` header, SNI and certificate check use the domain name. Nothing is
 * looked up again between the check and the connection, so DNS rebinding cannot swap the target.
 */
import https from 'node:https';
import { isIP } from 'node:net';

/** One GET request to a vetted address. */
export interface PinnedRequest {
  /** The https URL; its host name goes into `Host`, SNI and the certificate check. */
  url: URL;
  /** The vetted IP address to connect to. */
  address: string;
  /** Request headers (no cookies, no credentials). */
  headers: Record<string, string>;
  /** Aborts the request (the check's overall deadline). */
  signal: AbortSignal;
  /** Body bytes to keep; reading stops after one more byte. */
  maxBytes: number;
  /** Extra trusted CA certificates (tests only); the system store otherwise. */
  ca?: string | Buffer | (string | Buffer)[];
}

/** The answer: status, lower-cased headers and at most `maxBytes` of body. */
export interface PinnedResponse {
  status: number;
  headers: Record<string, string | undefined>;
  body: Buffer;
  /** True when the server sent (or announced) more than `maxBytes`. */
  truncated: boolean;
}

/** Performs one pinned GET; rejects with Node's error (code, e.g. `CERT_HAS_EXPIRED`) on failure. */
export type PinnedFetch = (request: PinnedRequest) => Promise<PinnedResponse>;

/** Flattens Node's header object to single strings (joined with ", " when repeated). */
function flattenHeaders(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Default {@link PinnedFetch} over node:https, one connection per request (no agent, no reuse). */
export const pinnedHttpsGet: PinnedFetch = (request) =>
  new Promise<PinnedResponse>((resolve, reject) => {
    const { url, address, headers, signal, maxBytes, ca } = request;
    const hostname = url.hostname.replace(/^\[|\]$/g, '');
    let settled = false;
    const finish = (fn: () => void): void => {
      if (!settled) {
        settled = true;
        fn();
      }
    };
    const req = https.request({
      host: address,
      port: url.port === '' ? 443 : Number(url.port),
      // SNI only takes names; for an IP literal the certificate is checked against the IP.
      // Node then checks the certificate against `servername` (the domain), not the IP.
      servername: isIP(hostname) === 0 ? hostname : undefined,
      path: `${url.pathname}${url.search}`,
      method: 'GET',
      headers: { ...headers, Host: url.host },
      agent: false,
      signal,
      rejectUnauthorized: true,
      ...(ca === undefined ? {} : { ca }),
    });
    req.on('error', (err) => finish(() => reject(err)));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const done = (truncated: boolean): void =>
        finish(() => {
          resolve({
            status: res.statusCode ?? 0,
            headers: flattenHeaders(res.headers),
            body: Buffer.concat(chunks).subarray(0, maxBytes),
            truncated,
          });
          res.destroy();
          req.destroy();
        });
      const announced = Number(res.headers['content-length']);
      if (Number.isFinite(announced) && announced > maxBytes) {
        done(true);
        return;
      }
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size > maxBytes) {
          done(true);
        }
      });
      res.on('end', () => done(false));
      res.on('error', (err) => finish(() => reject(err)));
      res.on('close', () =>
        finish(() =>
          reject(
            Object.assign(new Error('The server closed the connection early'), {
              code: 'ECONNRESET',
            }),
          ),
        ),
      );
    });
    req.end();
  });
