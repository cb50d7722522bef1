import { DomainCheckError } from '../../../src/discovery/errors';
import type { PinnedFetch, PinnedResponse } from '../../../src/discovery/pinned-https';
import { serviceDiscoveryText } from '../../../src/discovery/service-discovery';
import {
  DISCOVERY_USER_AGENT,
  verifyDomain,
  type AddressResolver,
  type DomainCheckReport,
  type DomainFinding,
  type FindingId,
} from '../../../src/discovery/verify-domain';

const TENANT = '6f1c3f9e-7d1a-4a55-9d8e-2b8f8f2a9c01';
/** A public (unicast) address; never contacted, the transport is a fake. */
const PUBLIC_IP = '20.30.40.50';

const ok = (body: string, headers: Record<string, string> = {}): PinnedResponse => ({
  status: 200,
  headers: { 'content-type': 'application/json', ...headers },
  body: Buffer.from(body),
  truncated: false,
});

const goodFile = serviceDiscoveryText('global', TENANT);

/** A resolver from a fixed table; unknown names fail like NXDOMAIN. */
function tableResolver(table: Record<string, string[]>): jest.Mock<ReturnType<AddressResolver>> {
  return jest.fn((host: string) => {
    const addresses = table[host];
    if (!addresses) {
      return Promise.reject(Object.assign(new Error('not found'), { code: 'ENOTFOUND' }));
    }
    return Promise.resolve(
      addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
    );
  });
}

const finding = (report: DomainCheckReport, id: FindingId): DomainFinding | undefined =>
  report.findings.find((f) => f.id === id);

describe('verifyDomain input', () => {
  const fetchImpl = jest.fn<ReturnType<PinnedFetch>, Parameters<PinnedFetch>>();
  const resolver = tableResolver({});

  it.each([
    'https://contoso.example',
    'contoso.example/path',
    'contoso.example:444',
    '10.0.0.5',
    'localhost',
    '',
  ])('throws DomainCheckError for %p without resolving or fetching', async (domain) => {
    await expect(
      verifyDomain(domain, { tenantId: TENANT, cloud: 'global', fetchImpl, resolver }),
    ).rejects.toMatchObject({ name: 'DomainCheckError', reason: 'invalid_domain' });
    expect(resolver).not.toHaveBeenCalled();
    expect(fetchImpl).not.toHaveBeenCalled();
  });

  it('throws for a bad tenant ID', async () => {
    await expect(
      verifyDomain('contoso.example', { tenantId: 'nope', cloud: 'global', fetchImpl, resolver }),
    ).rejects.toMatchObject({ reason: 'invalid_tenant' });
  });

  it.each([
    [{ timeoutMs: 0 }],
    [{ timeoutMs: 60_000 }],
    [{ maxBytes: Number.NaN }],
    [{ maxRedirects: 11 }],
    [{ port: 70_000 }],
  ])('throws for the out-of-range option %p', async (option) => {
    await expect(
      verifyDomain('contoso.example', {
        tenantId: TENANT,
        cloud: 'global',
        fetchImpl,
        resolver,
        ...option,
      }),
    ).rejects.toMatchObject({ reason: 'invalid_option' });
    expect(resolver).not.toHaveBeenCalled();
  });

  it('throws for a user identifier at another domain', async () => {
    await expect(
      verifyDomain('contoso.example', {
        tenantId: TENANT,
        cloud: 'global',
        fetchImpl,
        resolver,
        userIdentifier: 'megan@fabrikam.example',
      }),
    ).rejects.toMatchObject({ reason: 'invalid_user_identifier' });
    expect(fetchImpl).not.toHaveBeenCalled();
  });
});

describe('verifyDomain SSRF defence', () => {
  it.each([
    [['127.0.0.1']],
    [['10.0.0.5']],
    [['169.254.169.254']],
    [['::1']],
    [['fd00::1']],
    [['::ffff:127.0.0.1']],
    [['100.64.1.1']],
    [['0.0.0.0']],
    [['172.16.5.4']],
    [['192.168.0.10']],
    [['fe80::1']],
    [['224.0.0.251']],
    [[PUBLIC_IP, '10.0.0.5']],
    [['2606:4700:4700::1111', '::1']],
  ])('refuses a domain that resolves to %p and makes no request', async (addresses) => {
    const fetchImpl = jest.fn<ReturnType<PinnedFetch>, Parameters<PinnedFetch>>();
    const resolver = tableResolver({ 'contoso.example': addresses });
    const error = (await verifyDomain('contoso.example', {
      tenantId: TENANT,
      cloud: 'global',
      fetchImpl,
      resolver,
    }).catch((err: unknown) => err)) as DomainCheckError;
    expect(error).toBeInstanceOf(DomainCheckError);
    expect(error.reason).toBe('refused_target');
    expect(error.code).toBe('forbidden');
    expect(error.message).toMatch(/non-public address/);
    expect(resolver).toHaveBeenCalledWith('contoso.example');
    expect(fetchImpl).not.toHaveBeenCalled();
  });

  it('connects only to the vetted address, with the domain in the URL (pinning)', async () => {
    const fetchImpl = jest.fn<ReturnType<PinnedFetch>, Parameters<PinnedFetch>>(() =>
      Promise.resolve(ok(goodFile)),
    );
    const resolver = tableResolver({ 'contoso.example': [PUBLIC_IP] });
    const report = await verifyDomain('contoso.example', {
      tenantId: TENANT,
      cloud: 'global',
      fetchImpl,
      resolver,
    });
    expect(report.ok).toBe(true);
    // Devices ask twice: with the user-identifier and model-family query, then the bare address.
    expect(fetchImpl).toHaveBeenCalledTimes(2);
    const bare = fetchImpl.mock.calls[1]![0];
    expect(bare.address).toBe(PUBLIC_IP);
    expect(bare.url.href).toBe('https://contoso.example/.well-known/com.apple.remotemanagement');
    const request = fetchImpl.mock.calls[0]![0];
    expect(request.address).toBe(PUBLIC_IP);
    expect(request.url.hostname).toBe('contoso.example');
    expect(request.url.port).toBe('');
    expect(request.url.searchParams.get('user-identifier')).toBe('user@contoso.example');
    expect(request.url.searchParams.get('model-family')).toBe('iPhone');
    expect(request.headers['User-Agent']).toBe(DISCOVERY_USER_AGENT);
    expect(Object.keys(request.headers).map((h) => h.toLowerCase())).not.toContain('cookie');
    expect(request.maxBytes).toBe(64 * 1024);
    expect(request.ca).toBeUndefined();
  });

  it('refuses a redirect to a private address at that hop, without connecting', async () => {
    const fetchImpl = jest.fn<ReturnType<PinnedFetch>, Parameters<PinnedFetch>>(() =>
      Promise.resolve({
        status: 302,
        headers: { location: 'https://intranet.contoso.example/file' },
        body: Buffer.alloc(0),
        truncated: false,
      }),
    );
    const resolver = tableResolver({
      'contoso.example': [PUBLIC_IP],
      'intranet.contoso.example': ['10.0.0.5'],
    });
    const report = await verifyDomain('contoso.example', {
      tenantId: TENANT,
      cloud: 'global',
      fetchImpl,
      resolver,
    });
    expect(report.ok).toBe(false);
    expect(fetchImpl).toHaveBeenCalledTimes(1);
    expect(fetchImpl.mock.calls[0]![0].address).toBe(PUBLIC_IP);
    expect(finding(report, 'redirects')).toMatchObject({
      status: 'fail',
      title: expect.stringMatching(/non-public/),
    });
  });

  it.each([
    'https://169.254.169.254/latest/meta-data/',
    'https://[::1]/x',
    'https://[::ffff:127.0.0.1]/x',
    'https://127.0.0.1:8443/x',
  ])('refuses a redirect to the IP literal %s', async (location) => {
    const fetchImpl = jest.fn<ReturnType<PinnedFetch>, Parameters<PinnedFetch>>(() =>
      Promise.resolve({
        status: 301,
        headers: { location },
        body: Buffer.alloc(0),
        truncated: false,
      }),
    );
    const report = await verifyDomain('contoso.example', {
      tenantId: TENANT,
      cloud: 'global',
      fetchImpl,
      resolver: tableResolver({ 'contoso.example': [PUBLIC_IP] }),
    });
    expect(fetchImpl).toHaveBeenCalledTimes(1);
    expect(finding(report, 'redirects')?.status).toBe('fail');
  });

  it.each([
    ['https://contoso.example:22/x', /cannot be used/],
    ['https://user:pw@contoso.example/x', /cannot be used/],
    ['ftp://contoso.example/x', /cannot be used/],
    ['https://localhost/x', /cannot be used/],
    ['https://gone.contoso.example/x', /does not resolve/],
  ])('does not follow a redirect to %s', async (location, title) => {
    const fetchImpl = jest.fn<ReturnType<PinnedFetch>, Parameters<PinnedFetch>>(() =>
      Promise.resolve({
        status: 302,
        headers: { location },
        body: Buffer.alloc(0),
        truncated: false,
      }),
    );
    const report = await verifyDomain('contoso.example', {
      tenantId: TENANT,
      cloud: 'global',
      fetchImpl,
      resolver: tableResolver({ 'contoso.example': [PUBLIC_IP] }),
    });
    expect(fetchImpl).toHaveBeenCalledTimes(1);
    expect(finding(report, 'redirects')).toMatchObject({
      status: 'fail',
      title: expect.stringMatching(title),
    });
    expect(finding(report, 'https')?.status).toBe('pass');
  });

  it('resolves each host once, so DNS rebinding between hops cannot swap the address', async () => {
    let calls = 0;
    const resolver: AddressResolver = () => {
      calls += 1;
      // The first answer is public; a rebinding attacker answers 127.0.0.1 afterwards.
      return Promise.resolve([{ address: calls === 1 ? PUBLIC_IP : '127.0.0.1', family: 4 }]);
    };
    const fetchImpl = jest.fn<ReturnType<PinnedFetch>, Parameters<PinnedFetch>>((req) =>
      Promise.resolve(
        req.url.pathname === '/moved'
          ? ok(goodFile)
          : {
              status: 307,
              headers: { location: '/moved' },
              body: Buffer.alloc(0),
              truncated: false,
            },
      ),
    );
    const report = await verifyDomain('contoso.example', {
      tenantId: TENANT,
      cloud: 'global',
      fetchImpl,
      resolver,
    });
    // Both requests (with the query and bare) follow the redirect on the one vetted answer.
    expect(calls).toBe(1);
    expect(fetchImpl).toHaveBeenCalledTimes(4);
    expect(fetchImpl.mock.calls.map((c) => c[0].address)).toEqual([
      PUBLIC_IP,
      PUBLIC_IP,
      PUBLIC_IP,
      PUBLIC_IP,
    ]);
    expect(finding(report, 'redirects')).toMatchObject({
      status: 'fail',
      title: 'A redirect drops the path and the query',
    });
  });

  it('tries the next vetted address when a connection is refused', async () => {
    const fetchImpl = jest.fn<ReturnType<PinnedFetch>, Parameters<PinnedFetch>>((req) =>
      req.address === PUBLIC_IP
        ? Promise.reject(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))
        : Promise.resolve(ok(goodFile)),
    );
    const report = await verifyDomain('contoso.example', {
      tenantId: TENANT,
      cloud: 'global',
      fetchImpl,
      resolver: tableResolver({ 'contoso.example': [PUBLIC_IP, '20.30.40.51'] }),
    });
    // Each of the two requests a device makes tries the refused address, then the next one.
    expect(fetchImpl.mock.calls.map((c) => c[0].address)).toEqual([
      PUBLIC_IP,
      '20.30.40.51',
      PUBLIC_IP,
      '20.30.40.51',
    ]);
    expect(report.ok).toBe(true);
  });
});

describe('verifyDomain findings from a fake transport', () => {
  const run = (
    response: PinnedResponse | ((url: URL) => PinnedResponse),
    extra: { cloud?: 'global' | 'usgov' | 'china'; userIdentifier?: string } = {},
  ): Promise<DomainCheckReport> =>
    verifyDomain('contoso.example', {
      tenantId: TENANT,
      cloud: extra.cloud ?? 'global',
      fetchImpl: (req) =>
        Promise.resolve(typeof response === 'function' ? response(req.url) : response),
      resolver: tableResolver({ 'contoso.example': [PUBLIC_IP] }),
      ...(extra.userIdentifier === undefined ? {} : { userIdentifier: extra.userIdentifier }),
    });

  it('reports a domain that does not resolve as a finding, not an error', async () => {
    const report = await verifyDomain('nowhere.example', {
      tenantId: TENANT,
      cloud: 'global',
      fetchImpl: () => Promise.reject(new Error('must not be called')),
      resolver: tableResolver({}),
    });
    expect(report.ok).toBe(false);
    expect(report.findings).toEqual([
      expect.objectContaining({
        id: 'dns',
        status: 'fail',
        detail: expect.stringMatching(/ENOTFOUND/),
      }),
    ]);
  });

  it('reports a slow resolver as a DNS finding within the time budget', async () => {
    const started = Date.now();
    const report = await verifyDomain('contoso.example', {
      tenantId: TENANT,
      cloud: 'global',
      timeoutMs: 200,
      fetchImpl: () => Promise.reject(new Error('must not be called')),
      resolver: () => new Promise(() => undefined),
    });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(report.findings[0]).toMatchObject({ id: 'dns', status: 'fail' });
  });

  it('passes a correct file for the China cloud', async () => {
    const report = await run(ok(serviceDiscoveryText('china', TENANT)), { cloud: 'china' });
    expect(report.findings.filter((f) => f.status !== 'pass')).toEqual([]);
  });

  it('sends the user identifier it was given', async () => {
    const seen: string[] = [];
    await run(
      (url) => {
        seen.push(url.searchParams.get('user-identifier') ?? '(none)');
        return ok(goodFile);
      },
      { userIdentifier: 'Megan.B@Contoso.example' },
    );
    // The request with the device's query, then the bare address.
    expect(seen).toEqual(['Megan.B@contoso.example', '(none)']);
  });

  it('flags the placeholder tenant ID from the docs', async () => {
    const report = await run(ok(goodFile.replace(TENANT, 'YourAADTenantID')));
    expect(finding(report, 'tenant')).toMatchObject({
      status: 'fail',
      title: expect.stringMatching(/placeholder/),
    });
  });

  it('accepts the tenant ID in upper case', async () => {
    const report = await run(ok(goodFile.replace(TENANT, TENANT.toUpperCase())));
    expect(finding(report, 'tenant')?.status).toBe('pass');
  });

  it('flags a missing tenant ID', async () => {
    const report = await run(ok(goodFile.replace(`?aadTenantId=${TENANT}`, '')));
    expect(finding(report, 'tenant')).toMatchObject({ status: 'fail' });
  });

  it('flags an http BaseURL and a wrong path', async () => {
    const report = await run(
      ok(goodFile.replace('https://', 'http://').replace('PostReportDeviceInfoForUEV2', 'Enroll')),
    );
    const base = finding(report, 'base-url');
    expect(base?.status).toBe('fail');
    expect(base?.detail).toMatch(/http:/);
    expect(base?.detail).toMatch(/path/);
  });

  it('flags lower-case "servers" with a hint about case', async () => {
    const report = await run(ok(goodFile.replace('Servers', 'servers')));
    expect(finding(report, 'shape')).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/case-sensitive/),
    });
  });

  it.each([
    ['[]', /object/],
    ['{"Servers":[]}', /empty/],
    ['{"Servers":[{"version":"mdm-byod","baseurl":"x"}]}', /Version/],
    ['{"Servers":"mdm-byod"}', /no "Servers" list/],
  ])('flags the shape of %s', async (body, detail) => {
    const report = await run(ok(body));
    expect(finding(report, 'json')?.status).toBe('pass');
    expect(finding(report, 'shape')).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(detail),
    });
  });

  it('warns about a byte order mark', async () => {
    const report = await run(ok(`\ufeff${goodFile}`));
    expect(finding(report, 'json')?.status).toBe('warn');
    expect(report.ok).toBe(true);
  });

  it('flags a body that is not UTF-8', async () => {
    const report = await run({ ...ok(''), body: Buffer.from([0xff, 0xfe, 0x00, 0x7b]) });
    expect(finding(report, 'json')?.status).toBe('fail');
  });

  it('flags a 403 with the status code', async () => {
    const report = await run({ ...ok('denied'), status: 403 });
    expect(finding(report, 'status')).toMatchObject({
      status: 'fail',
      title: expect.stringMatching(/403/),
    });
    expect(finding(report, 'json-extension')).toBeUndefined();
  });

  it('reports a redirect without Location as a status problem', async () => {
    const report = await run({ ...ok(''), status: 302, headers: {} });
    expect(finding(report, 'status')?.detail).toMatch(/without a Location/);
  });

  it('keeps remote excerpts short and free of control characters', async () => {
    const hostile = `<html>\u0000\u001b[31m${'*'.repeat(10_000)}</html>`;
    const report = await run(ok(hostile));
    const json = finding(report, 'json');
    expect(json?.status).toBe('fail');
    expect(json!.detail.length).toBeLessThan(300);
    // eslint-disable-next-line no-control-regex -- asserting there are none
    expect(json!.detail).not.toMatch(/[\u0000-\u001f]/);
  });

  it('reports a transport error it does not know by its code', async () => {
    const report = await verifyDomain('contoso.example', {
      tenantId: TENANT,
      cloud: 'global',
      fetchImpl: () => Promise.reject(Object.assign(new Error('x'), { code: 'EWEIRD' })),
      resolver: tableResolver({ 'contoso.example': [PUBLIC_IP] }),
    });
    expect(finding(report, 'https')).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/EWEIRD/),
    });
  });
});
