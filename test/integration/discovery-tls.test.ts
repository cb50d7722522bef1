/**
 * iOS/iPadOS 27 readiness of the server hosting the service discovery file, against real TLS
 * servers on 127.0.0.1 set up to fail each way (old protocols, CBC-only or non-ECDHE suites, no
 * extended master secret, a small RSA key, a SHA-1 signature, an expiring certificate) and the
 * two requests devices make. Names under .test never resolve: the resolver maps them to
 * 127.0.0.1, and each test trusts its server's self-signed certificate.
 */
import { serviceDiscoveryText } from '../../src/discovery/service-discovery';
import {
  verifyDomain,
  type DomainCheckReport,
  type DomainFinding,
  type FindingId,
} from '../../src/discovery/verify-domain';
import {
  createTestCertificate,
  respond,
  startHttpsTestServer,
  type HttpsTestServer,
  type TestCertificate,
  type TestRoute,
} from '../helpers/https-test-server';

const TENANT = '6f1c3f9e-7d1a-4a55-9d8e-2b8f8f2a9c01';
const PATH = '/.well-known/com.apple.remotemanagement';
const JSON_TYPE = { 'Content-Type': 'application/json' };
const goodFile = serviceDiscoveryText('global', TENANT);
const NOW = new Date('2026-12-04T10:00:00Z');
const DAY = 86_400_000;

let server: HttpsTestServer | undefined;
let ecCert: TestCertificate;
let rsaCert: TestCertificate;

beforeAll(async () => {
  const validity = {
    notBefore: new Date(NOW.getTime() - 30 * DAY),
    notAfter: new Date(NOW.getTime() + 300 * DAY),
  };
  ecCert = await createTestCertificate(undefined, validity);
  rsaCert = await createTestCertificate(undefined, {
    ...validity,
    key: { type: 'rsa', bits: 2048 },
  });
});

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(
  options: Parameters<typeof startHttpsTestServer>[0] = {},
  routes: Record<string, TestRoute> = { [PATH]: respond(200, goodFile, JSON_TYPE) },
): Promise<HttpsTestServer> {
  server = await startHttpsTestServer({ certificate: ecCert, ...options, routes });
  return server;
}

function check(s: HttpsTestServer): Promise<DomainCheckReport> {
  return verifyDomain('contoso.test', {
    tenantId: TENANT,
    cloud: 'global',
    resolver: () => Promise.resolve([{ address: '127.0.0.1', family: 4 }]),
    allowPrivateAddresses: true,
    tls: { ca: s.ca },
    port: s.port,
    now: () => NOW,
  });
}

const finding = (report: DomainCheckReport, id: FindingId): DomainFinding | undefined =>
  report.findings.find((f) => f.id === id);

const tlsStatuses = (report: DomainCheckReport): Record<string, string | undefined> => ({
  version: finding(report, 'tls-version')?.status,
  ciphers: finding(report, 'tls-ciphers')?.status,
  ems: finding(report, 'tls-ems')?.status,
  certificate: finding(report, 'tls-certificate')?.status,
});

describe('TLS readiness for iOS/iPadOS 27', () => {
  it('passes a compliant TLS 1.3 server', async () => {
    const report = await check(await serve());
    expect(tlsStatuses(report)).toEqual({
      version: 'pass',
      ciphers: 'pass',
      ems: 'pass',
      certificate: 'pass',
    });
    expect(finding(report, 'tls-version')?.detail).toMatch(/TLS 1\.3/);
    expect(finding(report, 'tls-certificate')?.detail).toMatch(/EC 256-bit key, ecdsa-with-SHA256/);
    expect(report.ok).toBe(true);
  });

  it('passes a compliant TLS 1.2 server: ECDHE with AES-GCM and the extended master secret', async () => {
    const report = await check(
      await serve({ certificate: rsaCert, tls: { maxVersion: 'TLSv1.2' } }),
    );
    expect(tlsStatuses(report)).toEqual({
      version: 'pass',
      ciphers: 'pass',
      ems: 'pass',
      certificate: 'pass',
    });
    expect(finding(report, 'tls-ciphers')?.detail).toMatch(
      /ECDHE-RSA-AES(128|256)-GCM-SHA(256|384)/,
    );
    expect(finding(report, 'tls-ems')?.detail).toMatch(/RFC 7627/);
    expect(report.ok).toBe(true);
  });

  it('fails a server that negotiates only TLS 1.0–1.1', async () => {
    const report = await check(
      await serve({
        certificate: rsaCert,
        tls: { minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT:@SECLEVEL=0' },
      }),
    );
    expect(finding(report, 'tls-version')).toMatchObject({
      status: 'fail',
      title: 'The server does not offer TLS 1.2 or later',
      detail: expect.stringMatching(/negotiates only TLS 1\.1.*iOS\/iPadOS 27/),
      fix: expect.stringMatching(/TLS 1\.2 and TLS 1\.3/),
    });
    // The device-style fetch (TLS 1.2+) cannot connect either.
    expect(finding(report, 'https')?.status).toBe('fail');
    expect(report.ok).toBe(false);
  });

  it('fails a TLS 1.2 server with only CBC suites', async () => {
    const report = await check(
      await serve({
        certificate: rsaCert,
        tls: { maxVersion: 'TLSv1.2', ciphers: 'ECDHE-RSA-AES128-SHA:ECDHE-RSA-AES256-SHA' },
      }),
    );
    expect(finding(report, 'tls-ciphers')).toMatchObject({
      status: 'fail',
      title: 'No forward-secret AES-GCM cipher suite',
      detail: expect.stringMatching(
        /no forward-secret AES-GCM suite: .*ECDHE-RSA-AES(128|256)-SHA/,
      ),
    });
    expect(finding(report, 'tls-version')?.status).toBe('pass');
    expect(report.ok).toBe(false);
  });

  it('fails a TLS 1.2 server without ECDHE key exchange', async () => {
    const report = await check(
      await serve({
        certificate: rsaCert,
        tls: { maxVersion: 'TLSv1.2', ciphers: 'AES128-GCM-SHA256:AES256-GCM-SHA384' },
      }),
    );
    expect(finding(report, 'tls-ciphers')).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(
        /no forward-secret suite: .*AES(128|256)-GCM-SHA(256|384), without ECDHE/,
      ),
    });
    expect(report.ok).toBe(false);
  });

  it('fails a TLS 1.2 server without the extended master secret', async () => {
    // SSL_OP_NO_EXTENDED_MASTER_SECRET (OpenSSL 3), which Node does not name.
    const report = await check(
      await serve({ certificate: rsaCert, tls: { maxVersion: 'TLSv1.2', secureOptions: 0x1 } }),
    );
    expect(finding(report, 'tls-ems')).toMatchObject({
      status: 'fail',
      title: 'No extended master secret (RFC 7627)',
    });
    expect(finding(report, 'tls-ciphers')?.status).toBe('pass');
    expect(report.ok).toBe(false);
  });

  it('fails an RSA 1024-bit certificate', async () => {
    const weak = await createTestCertificate(undefined, {
      key: { type: 'rsa', bits: 1024 },
      notBefore: new Date(NOW.getTime() - DAY),
      notAfter: new Date(NOW.getTime() + 300 * DAY),
    });
    const report = await check(await serve({ certificate: weak }));
    expect(finding(report, 'tls-certificate')).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/RSA 1024-bit key \(2048 or more needed\)/),
      fix: expect.stringMatching(/RSA 2048-bit or larger/),
    });
    expect(report.ok).toBe(false);
  });

  it('fails a certificate signed with SHA-1', async () => {
    const sha1 = await createTestCertificate(undefined, {
      key: { type: 'rsa', bits: 2048 },
      algorithm: 'sha1',
      notBefore: new Date(NOW.getTime() - DAY),
      notAfter: new Date(NOW.getTime() + 300 * DAY),
    });
    const report = await check(await serve({ certificate: sha1 }));
    expect(finding(report, 'tls-certificate')).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(
        /signed with sha1WithRSAEncryption \(SHA-256 or stronger needed\)/,
      ),
    });
    expect(report.ok).toBe(false);
  });

  it('warns about a certificate that expires within 30 days', async () => {
    const soon = await createTestCertificate(undefined, {
      notBefore: new Date(NOW.getTime() - 80 * DAY),
      notAfter: new Date(NOW.getTime() + 10 * DAY + 3_600_000),
    });
    const report = await check(await serve({ certificate: soon }));
    expect(finding(report, 'tls-certificate')).toMatchObject({
      status: 'warn',
      detail: expect.stringMatching(/expires in 10 days/),
    });
    expect(report.ok).toBe(true);
  });
});

describe('the two requests devices make', () => {
  it('fails a server that sends the wrong content type only with the query', async () => {
    const report = await check(
      await serve(
        {},
        {
          [PATH]: (req, res) =>
            (req.url ?? '').includes('?')
              ? respond(200, goodFile, { 'Content-Type': 'text/plain' })(req, res)
              : respond(200, goodFile, JSON_TYPE)(req, res),
        },
      ),
    );
    expect(finding(report, 'content-type')?.status).toBe('warn');
    expect(finding(report, 'query-variants')).toMatchObject({
      status: 'fail',
      title: 'With the query the file is not sent as application/json',
      detail: expect.stringMatching(
        /query: Content-Type text\/plain; without it: Content-Type application\/json/,
      ),
    });
    expect(report.ok).toBe(false);
  });

  it('fails a server that answers the query but not the bare address', async () => {
    const report = await check(
      await serve(
        {},
        {
          [PATH]: (req, res) =>
            (req.url ?? '').includes('?')
              ? respond(200, goodFile, JSON_TYPE)(req, res)
              : respond(403, 'Forbidden', { 'Content-Type': 'text/plain' })(req, res),
        },
      ),
    );
    expect(finding(report, 'query-variants')).toMatchObject({
      status: 'fail',
      title: 'Without the query the server answers 403',
    });
    expect(server?.requests.map((r) => Object.keys(r.query).length > 0)).toEqual([true, false]);
  });

  it('fails a redirect that keeps the path but drops the query', async () => {
    const s = await serve(
      {},
      {
        [PATH]: (req, res) =>
          req.headers.host?.startsWith('www.')
            ? respond(200, goodFile, JSON_TYPE)(req, res)
            : respond(301, '', {
                Location: `https://www.contoso.test:${server?.port ?? 0}${PATH}`,
              })(req, res),
      },
    );
    const report = await check(s);
    expect(finding(report, 'redirects')).toMatchObject({
      status: 'fail',
      title: 'A redirect drops the query',
      fix: expect.stringMatching(/keep the path and the query/),
    });
    expect(s.requests.map((r) => [String(r.headers.host).split(':')[0], r.query])).toEqual([
      ['contoso.test', { 'user-identifier': 'user@contoso.test', 'model-family': 'iPhone' }],
      ['www.contoso.test', {}],
      ['contoso.test', {}],
      ['www.contoso.test', {}],
    ]);
    expect(report.ok).toBe(false);
  });

  it('passes when both requests get the file', async () => {
    const report = await check(await serve());
    expect(finding(report, 'query-variants')?.status).toBe('pass');
  });
});
