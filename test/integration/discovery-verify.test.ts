/**
 * The service discovery check against real HTTPS servers on 127.0.0.1 (self-signed certificate,
 * scripted answers). Names under .test never resolve: the resolver maps them to 127.0.0.1, and
 * allowPrivateAddresses is on only where a test needs the local server.
 */
import { wellKnownResponse } from '../../src/discovery/hosting';
import { pinnedHttpsGet } from '../../src/discovery/pinned-https';
import { serviceDiscoveryText } from '../../src/discovery/service-discovery';
import {
  verifyDomain,
  type AddressResolver,
  type DomainCheckReport,
  type DomainFinding,
  type FindingId,
  type VerifyDomainOptions,
} from '../../src/discovery/verify-domain';
import {
  createTestCertificate,
  neverAnswer,
  redirect,
  respond,
  startHttpsTestServer,
  type HttpsTestServer,
  type TestCertificate,
  type TestRoute,
} from '../helpers/https-test-server';

const TENANT = '6f1c3f9e-7d1a-4a55-9d8e-2b8f8f2a9c01';
const OTHER_TENANT = '0b8d2a4e-1111-4c2d-9e3f-123456789abc';
const PATH = '/.well-known/com.apple.remotemanagement';
const JSON_TYPE = { 'Content-Type': 'application/json' };
const goodFile = serviceDiscoveryText('global', TENANT);

const loopback: AddressResolver = () => Promise.resolve([{ address: '127.0.0.1', family: 4 }]);

let certificate: TestCertificate;
let server: HttpsTestServer | undefined;

beforeAll(async () => {
  certificate = await createTestCertificate();
});

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(routes: Record<string, TestRoute>): Promise<HttpsTestServer> {
  server = await startHttpsTestServer({ routes, certificate });
  return server;
}

/** Checks contoso.test against the local server, trusting its certificate. */
function check(
  s: HttpsTestServer,
  extra: Partial<VerifyDomainOptions> = {},
  domain = 'contoso.test',
): Promise<DomainCheckReport> {
  return verifyDomain(domain, {
    tenantId: TENANT,
    cloud: 'global',
    resolver: loopback,
    allowPrivateAddresses: true,
    tls: { ca: s.ca },
    port: s.port,
    ...extra,
  });
}

const finding = (report: DomainCheckReport, id: FindingId): DomainFinding | undefined =>
  report.findings.find((f) => f.id === id);
const statuses = (report: DomainCheckReport): Record<string, string> =>
  Object.fromEntries(report.findings.map((f) => [f.id, f.status]));

describe('verifyDomain against a local HTTPS server', () => {
  it('passes a correct file and asks for it the way a device does', async () => {
    const s = await serve({ [PATH]: respond(200, goodFile, JSON_TYPE) });
    const report = await check(s);
    expect(report.ok).toBe(true);
    expect(report.findings.map((f) => f.id)).toEqual([
      'dns',
      'https',
      'redirects',
      'status',
      'content-type',
      'size',
      'json',
      'shape',
      'version',
      'base-url',
      'tenant',
      'query-variants',
      'tls-version',
      'tls-ciphers',
      'tls-ems',
      'tls-certificate',
    ]);
    expect(report.findings.every((f) => f.status === 'pass')).toBe(true);
    expect(report.domain).toBe('contoso.test');
    expect(report.url).toBe(
      `https://contoso.test:${s.port}${PATH}?user-identifier=user%40contoso.test&model-family=iPhone`,
    );
    // Both requests a device makes: with its query, then the bare address.
    expect(s.requests).toHaveLength(2);
    const [request, bare] = s.requests;
    expect(request).toMatchObject({
      method: 'GET',
      path: PATH,
      query: { 'user-identifier': 'user@contoso.test', 'model-family': 'iPhone' },
    });
    expect(bare).toMatchObject({ method: 'GET', path: PATH, query: {} });
    expect(request!.headers.host).toBe(`contoso.test:${s.port}`);
    expect(request!.headers['user-agent']).toMatch(/UE-Enrollment-Bot/);
    expect(request!.headers.cookie).toBeUndefined();
    expect(request!.headers.authorization).toBeUndefined();
  });

  it('sends the given user identifier', async () => {
    const s = await serve({ [PATH]: respond(200, goodFile, JSON_TYPE) });
    await check(s, { userIdentifier: 'megan@contoso.test' });
    expect(s.requests[0]?.query['user-identifier']).toBe('megan@contoso.test');
  });

  it('passes the file served by wellKnownResponse', async () => {
    const hosted = wellKnownResponse('global', TENANT);
    const s = await serve({ [PATH]: respond(hosted.status, hosted.body, hosted.headers) });
    const report = await check(s);
    expect(report.findings.filter((f) => f.status !== 'pass')).toEqual([]);
  });

  it('warns about a text/plain content type', async () => {
    const s = await serve({ [PATH]: respond(200, goodFile, { 'Content-Type': 'text/plain' }) });
    const report = await check(s);
    expect(finding(report, 'content-type')).toMatchObject({
      status: 'warn',
      detail: expect.stringContaining('text/plain'),
      fix: expect.stringContaining('application/json'),
    });
    expect(report.ok).toBe(true);
  });

  it('accepts application/json with a charset', async () => {
    const s = await serve({
      [PATH]: respond(200, goodFile, { 'Content-Type': 'application/json; charset=utf-8' }),
    });
    expect(finding(await check(s), 'content-type')?.status).toBe('pass');
  });

  it('fails a file for another tenant', async () => {
    const s = await serve({
      [PATH]: respond(200, serviceDiscoveryText('global', OTHER_TENANT), JSON_TYPE),
    });
    const report = await check(s);
    expect(report.ok).toBe(false);
    expect(finding(report, 'tenant')).toMatchObject({
      status: 'fail',
      title: 'BaseURL is for another tenant',
      detail: expect.stringContaining(OTHER_TENANT),
    });
    expect(finding(report, 'tenant')?.fix).toContain(`aadTenantId=${TENANT}`);
  });

  it('fails a wrong version', async () => {
    const s = await serve({ [PATH]: respond(200, goodFile.replace('mdm-byod', 'mdm'), JSON_TYPE) });
    const report = await check(s);
    expect(finding(report, 'version')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('"mdm"'),
    });
    expect(finding(report, 'base-url')).toBeUndefined();
  });

  it('fails the US Government host for a global tenant', async () => {
    const s = await serve({
      [PATH]: respond(200, serviceDiscoveryText('usgov', TENANT), JSON_TYPE),
    });
    const report = await check(s);
    expect(finding(report, 'base-url')).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/manage\.microsoft\.us is for another cloud \(usgov\)/),
    });
    expect(finding(report, 'tenant')?.status).toBe('pass');
  });

  it('passes the US Government host for a usgov tenant', async () => {
    const s = await serve({
      [PATH]: respond(200, serviceDiscoveryText('usgovdod', TENANT), JSON_TYPE),
    });
    const report = await check(s, { cloud: 'usgovdod' });
    expect(report.findings.filter((f) => f.status !== 'pass')).toEqual([]);
  });

  it('explains a file served only with a .json extension', async () => {
    const s = await serve({ [`${PATH}.json`]: respond(200, goodFile, JSON_TYPE) });
    const report = await check(s);
    expect(finding(report, 'status')).toMatchObject({
      status: 'fail',
      title: expect.stringContaining('404'),
      detail: expect.stringContaining('no file extension'),
    });
    expect(finding(report, 'json-extension')).toMatchObject({
      status: 'fail',
      title: 'Your file is served with a .json extension',
      fix: expect.stringContaining('remove .json'),
    });
    expect(s.requests.map((r) => r.path)).toEqual([PATH, `${PATH}.json`]);
  });

  it('reports an HTML 404 without the .json hint when that does not exist either', async () => {
    const s = await serve({});
    const report = await check(s);
    expect(statuses(report)).toEqual({
      dns: 'pass',
      https: 'pass',
      redirects: 'pass',
      status: 'fail',
      'tls-version': 'pass',
      'tls-ciphers': 'pass',
      'tls-ems': 'pass',
      'tls-certificate': 'pass',
    });
    expect(finding(report, 'status')?.fix).toContain(`https://contoso.test${PATH}`);
  });

  it('fails invalid JSON and quotes the start of it', async () => {
    const s = await serve({
      [PATH]: respond(200, '{"Servers":[{"Version":"mdm-byod",}', JSON_TYPE),
    });
    const report = await check(s);
    expect(finding(report, 'json')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('{"Servers"'),
    });
  });

  it('fails an HTML page served with status 200', async () => {
    const s = await serve({
      [PATH]: respond(200, '<html><body>Sign in</body></html>', { 'Content-Type': 'text/html' }),
    });
    const report = await check(s);
    expect(finding(report, 'content-type')?.status).toBe('warn');
    expect(finding(report, 'json')?.detail).toMatch(/HTML page/);
  });

  it.each([
    ['with Content-Length', true],
    ['streamed', false],
  ])('stops reading a body over 64 KB (%s)', async (_name, withLength) => {
    const big = Buffer.alloc(200 * 1024, 'a');
    const route: TestRoute = (_req, res) => {
      res.writeHead(200, {
        ...JSON_TYPE,
        ...(withLength ? { 'Content-Length': String(big.length) } : {}),
      });
      // Write in pieces; the client hangs up early.
      for (let i = 0; i < 10; i++) res.write(big.subarray(i * 20 * 1024, (i + 1) * 20 * 1024));
      res.end();
    };
    const s = await serve({ [PATH]: route });
    const report = await check(s);
    expect(finding(report, 'size')).toMatchObject({
      status: 'fail',
      title: 'The file is too large',
    });
    expect(finding(report, 'json')).toBeUndefined();
  });

  it('fails a redirect that drops the path and the query', async () => {
    const s = await serve({
      [PATH]: (_req, res) => redirect(`https://files.contoso.test:${s.port}/discovery`)(_req, res),
      '/discovery': respond(200, goodFile, JSON_TYPE),
    });
    const report = await check(s);
    expect(report.ok).toBe(false);
    expect(finding(report, 'redirects')).toMatchObject({
      status: 'fail',
      title: 'A redirect drops the path and the query',
      detail: expect.stringMatching(
        /contoso\.test:\d+\/\.well-known\/com\.apple\.remotemanagement → https:\/\/files\.contoso\.test:\d+\/discovery\. .*query/,
      ),
    });
    // The host the redirect leads to is probed for TLS too.
    expect(finding(report, 'tls-version')?.detail).toMatch(/files\.contoso\.test negotiates/);
    // The Location is followed as given: the device's query is not re-sent.
    expect(s.requests.map((r) => [r.path, r.headers.host, r.query])).toEqual([
      [
        PATH,
        `contoso.test:${s.port}`,
        { 'user-identifier': 'user@contoso.test', 'model-family': 'iPhone' },
      ],
      ['/discovery', `files.contoso.test:${s.port}`, {}],
      [PATH, `contoso.test:${s.port}`, {}],
      ['/discovery', `files.contoso.test:${s.port}`, {}],
    ]);
  });

  it('warns about a redirect that keeps the path and the query', async () => {
    const s = await serve({
      [PATH]: (req, res) =>
        req.headers.host?.startsWith('files.')
          ? respond(200, goodFile, JSON_TYPE)(req, res)
          : redirect(`https://files.contoso.test:${s.port}${req.url ?? PATH}`)(req, res),
    });
    const report = await check(s);
    expect(report.ok).toBe(true);
    expect(finding(report, 'redirects')).toMatchObject({
      status: 'warn',
      title: 'The file is behind 1 redirect',
    });
    expect(finding(report, 'query-variants')?.status).toBe('pass');
    expect(s.requests[1]).toMatchObject({
      path: PATH,
      query: { 'user-identifier': 'user@contoso.test', 'model-family': 'iPhone' },
    });
  });

  it('gives up on a redirect loop after 3 redirects', async () => {
    const s = await serve({ [PATH]: redirect(PATH, 301) });
    const report = await check(s);
    expect(finding(report, 'redirects')).toMatchObject({
      status: 'fail',
      title: 'Too many redirects',
    });
    expect(s.requests).toHaveLength(4);
    expect(report.ok).toBe(false);
  });

  it('honours a smaller redirect limit', async () => {
    const s = await serve({ [PATH]: redirect('/a'), '/a': redirect('/b') });
    const report = await check(s, { maxRedirects: 1 });
    expect(finding(report, 'redirects')?.title).toBe('Too many redirects');
    expect(s.requests).toHaveLength(2);
  });

  it('refuses to follow a redirect to plain HTTP', async () => {
    const s = await serve({ [PATH]: redirect(`http://contoso.test${PATH}`) });
    const report = await check(s);
    expect(finding(report, 'redirects')).toMatchObject({
      status: 'fail',
      title: 'A redirect goes to plain HTTP',
    });
    expect(s.requests).toHaveLength(1);
  });

  it('refuses a redirect to a private address when private addresses are not allowed', async () => {
    // The first hop is allowed through a resolver that answers with a public address, but the
    // transport still connects to the local server; the redirect target resolves to 10.0.0.5.
    const s = await serve({ [PATH]: redirect('https://intranet.contoso.test/file') });
    const report = await verifyDomain('contoso.test', {
      tenantId: TENANT,
      cloud: 'global',
      resolver: (host) =>
        Promise.resolve([
          { address: host === 'contoso.test' ? '20.30.40.50' : '10.0.0.5', family: 4 },
        ]),
      fetchImpl: async (req) => {
        // Only the vetted public address may be asked for; reroute it to the local server.
        expect(req.address).toBe('20.30.40.50');
        const url = new URL(req.url.href);
        url.port = String(s.port);
        return pinnedHttpsGet({ ...req, url, address: '127.0.0.1', ca: s.ca });
      },
    });
    expect(finding(report, 'redirects')).toMatchObject({ status: 'fail' });
    expect(s.requests).toHaveLength(1);
  });

  it('times out a server that never answers, within the configured budget', async () => {
    const s = await serve({ [PATH]: neverAnswer });
    const started = Date.now();
    const report = await check(s, { timeoutMs: 500 });
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(450);
    expect(elapsed).toBeLessThan(3000);
    expect(finding(report, 'https')).toMatchObject({
      status: 'fail',
      title: 'The server did not answer in time',
      detail: expect.stringContaining('0.5 s'),
    });
    expect(report.ok).toBe(false);
  });

  it('fails an untrusted (self-signed) certificate', async () => {
    const s = await serve({ [PATH]: respond(200, goodFile, JSON_TYPE) });
    const report = await check(s, { tls: {} });
    expect(finding(report, 'https')).toMatchObject({
      status: 'fail',
      title: 'The HTTPS certificate is not valid',
      detail: expect.stringMatching(/self-signed/),
    });
    expect(s.requests).toHaveLength(0);
  });

  it('fails a certificate issued for another name', async () => {
    const s = await serve({ [PATH]: respond(200, goodFile, JSON_TYPE) });
    const report = await check(s, {}, 'fabrikam.test');
    expect(finding(report, 'https')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('not issued for fabrikam.test'),
    });
    expect(s.requests).toHaveLength(0);
  });

  it('refuses the local server when private addresses are not allowed, without a request', async () => {
    const s = await serve({ [PATH]: respond(200, goodFile, JSON_TYPE) });
    await expect(check(s, { allowPrivateAddresses: false })).rejects.toMatchObject({
      name: 'DomainCheckError',
      reason: 'refused_target',
    });
    await expect(check(s, { allowPrivateAddresses: undefined })).rejects.toMatchObject({
      reason: 'refused_target',
    });
    expect(s.requests).toHaveLength(0);
  });

  it('reports a closed port as unreachable', async () => {
    const s = await serve({});
    const port = s.port;
    await s.close();
    server = undefined;
    const report = await verifyDomain('contoso.test', {
      tenantId: TENANT,
      cloud: 'global',
      resolver: loopback,
      allowPrivateAddresses: true,
      port,
    });
    expect(finding(report, 'https')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('refused the connection'),
    });
  });
});
