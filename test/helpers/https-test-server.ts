/**
 * Local HTTPS servers for tests of the service discovery check: they listen on 127.0.0.1 only,
 * present a self-signed certificate for the test domains, record every request and answer from
 * scripted routes. Pass `server.ca` to the verifier as its trusted CA.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TlsOptions } from 'node:tls';

import { generate } from 'selfsigned';

/** A request the server received. */
export interface RecordedRequest {
  method: string;
  /** Path without query. */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
}

/** A scripted answer; it may also never answer (timeouts) or stream (large bodies). */
export type TestRoute = (req: IncomingMessage, res: ServerResponse) => void;

/** A key and certificate in PEM. */
export interface TestCertificate {
  key: string;
  cert: string;
}

/** A running test server. */
export interface HttpsTestServer {
  /** The TCP port on 127.0.0.1. */
  port: number;
  /** The certificate to trust (self-signed). */
  ca: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** Replaces or adds routes (matched on the exact path, without query). */
  setRoutes(routes: Record<string, TestRoute>): void;
  /** Closes the server and every open connection. */
  close(): Promise<void>;
}

/** Names on the default test certificate (the `.test` TLD is reserved and never resolves). */
export const TEST_HOSTNAMES = ['contoso.test', 'www.contoso.test', 'files.contoso.test'];

/** The key and signature of a test certificate (default: EC P-256, SHA-256, valid a year). */
export interface TestCertificateShape {
  key?: { type: 'ec'; curve: 'P-256' | 'P-384' } | { type: 'rsa'; bits: number };
  /** Signature hash: sha1 exists only to test that the check refuses it. */
  algorithm?: 'sha1' | 'sha256' | 'sha384';
  notBefore?: Date;
  notAfter?: Date;
}

/** A self-signed certificate for 127.0.0.1 (an IP address SAN), for loopback HTTPS servers. */
export async function createLoopbackCertificate(): Promise<TestCertificate> {
  const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

/** Makes a self-signed certificate for the given DNS names. */
export async function createTestCertificate(
  hostnames: string[] = TEST_HOSTNAMES,
  shape: TestCertificateShape = {},
): Promise<TestCertificate> {
  const key = shape.key ?? { type: 'ec', curve: 'P-256' };
  const pems = await generate([{ name: 'commonName', value: hostnames[0] ?? 'contoso.test' }], {
    ...(key.type === 'ec'
      ? { keyType: 'ec' as const, curve: key.curve }
      : { keyType: 'rsa' as const, keySize: key.bits }),
    algorithm: shape.algorithm ?? 'sha256',
    ...(shape.notBefore ? { notBeforeDate: shape.notBefore } : {}),
    ...(shape.notAfter ? { notAfterDate: shape.notAfter } : {}),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: hostnames.map((value) => ({ type: 2, value })) },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

/** Answers with a status, headers and body in one go. */
export function respond(
  status: number,
  body: string | Buffer = '',
  headers: Record<string, string> = {},
): TestRoute {
  return (_req, res) => {
    res.writeHead(status, headers);
    res.end(body);
  };
}

/** Answers with a redirect to `location`. */
export function redirect(location: string, status = 302): TestRoute {
  return respond(status, '', { Location: location });
}

/** Never answers (the connection stays open until the client gives up or the server closes). */
export const neverAnswer: TestRoute = () => undefined;

/**
 * Starts a server on 127.0.0.1 with a random port. Requests to unknown paths get an HTML 404.
 */
export async function startHttpsTestServer(
  options: {
    routes?: Record<string, TestRoute>;
    certificate?: TestCertificate;
    /**
     * TLS settings of the server (versions, suites, OpenSSL options), to play a server that is
     * not ready for iOS 27. Old versions and suites need `ciphers` ending in `@SECLEVEL=0`.
     */
    tls?: Pick<
      TlsOptions,
      'minVersion' | 'maxVersion' | 'ciphers' | 'secureOptions' | 'honorCipherOrder'
    >;
  } = {},
): Promise<HttpsTestServer> {
  const certificate = options.certificate ?? (await createTestCertificate());
  const routes = new Map<string, TestRoute>(Object.entries(options.routes ?? {}));
  const requests: RecordedRequest[] = [];
  const server = https.createServer(
    { key: certificate.key, cert: certificate.cert, ...options.tls },
    (req, res) => {
      const url = new URL(req.url ?? '/', 'https://test.invalid');
      requests.push({
        method: req.method ?? '',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
      });
      const route = routes.get(url.pathname);
      if (route) {
        route(req, res);
        return;
      }
      res.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end('<!DOCTYPE html><html><body><h1>404 Not Found</h1></body></html>');
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    ca: certificate.cert,
    requests,
    setRoutes(next) {
      for (const [path, route] of Object.entries(next)) routes.set(path, route);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
