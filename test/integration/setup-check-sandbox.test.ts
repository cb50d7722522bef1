/**
 * The prerequisite check end to end over HTTP: the real Graph SDK client and services against the
 * LOCAL INTUNE SANDBOX, in each state the sandbox's knobs can produce. Domains are verified by an
 * injected fake, so nothing leaves 127.0.0.1.
 */
import type { DomainCheckReport, VerifyDomainOptions } from '../../src/discovery/verify-domain';
import { createSandboxGraphClient } from '../../src/graph/client';
import { GraphDirectoryService } from '../../src/graph/directory-service';
import { GraphError } from '../../src/graph/errors';
import { GraphProfileService } from '../../src/graph/profile-service';
import { GraphSetupService } from '../../src/graph/setup-service';
import { startGraphSandbox, type GraphSandbox } from '../../src/sandbox/graph-sandbox';
import type { SandboxRequestRecord } from '../../src/sandbox/sandbox-state';
import { defaultSeed, SEED_IDS } from '../../src/sandbox/seed';
import { defaultSetupSeed, SETUP_SEED_IDS } from '../../src/sandbox/setup-seed';
import type { CheckStatus, SetupCheckId, SetupCheckItem } from '../../src/setup-check/checks';
import { runSetupChecks, type SetupCheckRun } from '../../src/setup-check/run-checks';
import { renderSetupCheckCard } from '../../src/setup-check/setup-check-card';
import { validateCard } from '../helpers/card-validation';
import { domainReport } from '../unit/setup-check/builders';

const TENANT = '6f1c3f9e-7d1a-4a55-9d8e-2b8f8f2a9c01';
const DAY = 24 * 60 * 60 * 1000;

let sandbox: GraphSandbox;
let setup: GraphSetupService;
let profiles: GraphProfileService;
let directory: GraphDirectoryService;
/** Domains the fake verifier fails (everything else passes). */
let failingDomains: Set<string>;
let verified: string[];

async function fakeVerify(
  domain: string,
  options: VerifyDomainOptions,
): Promise<DomainCheckReport> {
  verified.push(domain);
  expect(options).toMatchObject({ tenantId: TENANT, cloud: 'global' });
  await new Promise((r) => setTimeout(r, 20));
  return domainReport(domain, failingDomains.has(domain) ? 'fail' : 'pass');
}

function run(): Promise<SetupCheckRun> {
  return runSetupChecks({
    setup,
    profiles,
    directory,
    tenantId: TENANT,
    cloud: 'global',
    verify: fakeVerify,
  });
}

function byId(items: SetupCheckItem[]): Record<SetupCheckId, SetupCheckItem> {
  return Object.fromEntries(items.map((i) => [i.id, i])) as Record<SetupCheckId, SetupCheckItem>;
}

beforeEach(async () => {
  sandbox = await startGraphSandbox();
  const client = createSandboxGraphClient(sandbox.baseUrl);
  setup = new GraphSetupService({ client });
  profiles = new GraphProfileService({ client });
  directory = new GraphDirectoryService({ client });
  failingDomains = new Set();
  verified = [];
});

afterEach(async () => {
  await sandbox.close();
});

describe('GraphSetupService against the sandbox', () => {
  it('seeds setup data that references only groups that exist', () => {
    const seed = defaultSeed();
    const setupSeed = defaultSetupSeed();
    const groups = new Set(seed.groups.map((g) => g.id.toLowerCase()));
    const targets = [
      ...setupSeed.mobileApps.flatMap((a) => a.assignments.map((x) => x.target)),
      ...setupSeed.deviceConfigurations.flatMap((c) => c.assignments.map((x) => x.target)),
    ];
    for (const t of targets) if ('groupId' in t) expect(groups).toContain(t.groupId.toLowerCase());
    expect(seed.setup).toBeUndefined();
  });

  it('reads the MDM authority from /v1.0/organization with $select', async () => {
    expect(await setup.mdmAuthority()).toEqual({
      organizationId: SETUP_SEED_IDS.organization,
      authority: 'intune',
      rawValue: 'intune',
    });
    const last = sandbox.state.requests.at(-1);
    expect(last?.path).toBe('/v1.0/organization');
    expect(decodeURIComponent(last?.query ?? '')).toBe(
      '$select=id,mobileDeviceManagementAuthority',
    );
    sandbox.state.setMdmAuthority('office365');
    expect((await setup.mdmAuthority()).authority).toBe('office365');
    sandbox.state.setMdmAuthority(null);
    expect((await setup.mdmAuthority()).authority).toBe('unknown');
  });

  it('reads the APNs certificate, and undefined once it is removed (404)', async () => {
    const expiry = new Date(Date.now() + 10 * DAY);
    sandbox.state.setApnsExpiry(expiry);
    expect(await setup.applePushCertificate()).toMatchObject({
      appleIdentifier: 'intune-apns@contoso.example',
      expirationDateTime: expiry.toISOString(),
    });
    sandbox.state.setApnsExpiry(undefined);
    expect(await setup.applePushCertificate()).toBeUndefined();
    expect(sandbox.state.requests.at(-1)?.status).toBe(404);
  });

  it('lists iOS store and VPP apps (not Android) with their assignments, filtered by bundle id', async () => {
    const apps = await setup.iosApps();
    expect(apps.map((a) => [a.kind, a.bundleId]).sort()).toEqual([
      ['store', 'com.microsoft.CompanyPortal'],
      ['store', 'com.microsoft.azureauthenticator'],
      ['vpp', 'com.microsoft.Office.Outlook'],
      ['vpp', 'com.microsoft.skype.teams'],
    ]);
    const [auth] = await setup.iosApps({ bundleIds: ['COM.MICROSOFT.AZUREAUTHENTICATOR'] });
    expect(auth?.assignments).toEqual([
      {
        id: SETUP_SEED_IDS.authenticatorRequiredAssignment,
        intent: 'required',
        target: { kind: 'group', groupId: SEED_IDS.groups.iosByodPilot },
      },
      expect.objectContaining({
        intent: 'available',
        target: { kind: 'group', groupId: SEED_IDS.groups.allStaffIos },
      }),
    ]);
    const queries = sandbox.state.requests
      .filter((r) => r.path === '/beta/deviceAppManagement/mobileApps')
      .map((r) => decodeURIComponent(r.query));
    expect(queries).toEqual(
      expect.arrayContaining([
        "$filter=isof('microsoft.graph.iosStoreApp')&$expand=assignments",
        "$filter=isof('microsoft.graph.iosVppApp')&$expand=assignments",
      ]),
    );
  });

  it('reads app assignments one by one when Graph does not expand them', async () => {
    sandbox.state.ignoreAppAssignmentsExpand = true;
    const [auth] = await setup.iosApps({ bundleIds: ['com.microsoft.azureauthenticator'] });
    expect(auth?.assignments.map((a) => a.intent)).toEqual(['required', 'available']);
    expect(sandbox.state.requests.map((r) => r.path)).toContain(
      `/beta/deviceAppManagement/mobileApps/${SETUP_SEED_IDS.apps.authenticator}/assignments`,
    );
  });

  it('follows next links through a long app list, within the bound', async () => {
    for (let i = 0; i < 150; i++) {
      const id = `a1a1a1a1-0000-4000-9000-${String(i).padStart(12, '0')}`;
      sandbox.state.mobileApps.set(id, {
        id,
        odataType: '#microsoft.graph.iosStoreApp',
        displayName: `App ${i}`,
        publisher: 'Contoso',
        bundleId: `com.contoso.app${i}`,
        createdDateTime: '2025-01-06T09:00:00Z',
        extra: {},
        assignments: [],
      });
    }
    expect(await setup.iosApps()).toHaveLength(154);
    expect(sandbox.state.requests.filter((r) => r.query.includes('skiptoken'))).toHaveLength(1);
  });

  it('keeps iOS device features profiles only, with their SSO extension and assignments', async () => {
    const configs = await setup.iosDeviceFeaturesConfigurations();
    expect(configs.map((c) => c.id).sort()).toEqual(
      [SETUP_SEED_IDS.configurations.jitSso, SETUP_SEED_IDS.configurations.homeScreen].sort(),
    );
    const jit = configs.find((c) => c.id === SETUP_SEED_IDS.configurations.jitSso);
    expect(jit?.ssoExtension).toEqual({
      kind: 'azureAd',
      configurations: [
        { key: 'device_registration', type: 'string', value: '{{DEVICEREGISTRATION}}' },
        { key: 'browser_sso_interaction_enabled', type: 'integer', value: 1 },
      ],
    });
    expect(jit?.assignments).toEqual([{ kind: 'group', groupId: SEED_IDS.groups.allStaffIos }]);
  });

  it('lists domains with their verification state', async () => {
    expect(await setup.domains()).toEqual([
      { id: 'contoso.example', isVerified: true },
      { id: 'contoso.onmicrosoft.com', isVerified: true },
      { id: 'fabrikam.example', isVerified: false },
    ]);
  });

  it.each<
    [Parameters<GraphSandbox['state']['denyPermissions']['add']>[0], string, () => Promise<unknown>]
  >([
    ['organization.read', 'DeviceManagementServiceConfig.Read.All', () => setup.mdmAuthority()],
    [
      'configuration.read',
      'DeviceManagementConfiguration.Read.All',
      () => setup.applePushCertificate(),
    ],
    ['apps.read', 'DeviceManagementApps.Read.All', () => setup.iosApps()],
    [
      'configuration.read',
      'DeviceManagementConfiguration.Read.All',
      () => setup.iosDeviceFeaturesConfigurations(),
    ],
    ['domains.read', 'Domain.Read.All', () => setup.domains()],
  ])('maps a denied %s to 403 naming %s', async (area, permission, call) => {
    sandbox.state.denyPermissions.add(area);
    const error = await call().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(GraphError);
    expect((error as GraphError).details).toMatchObject({
      reason: 'forbidden',
      status: 403,
      missingPermission: permission,
      requestId: expect.any(String),
    });
  });

  it('serves Intune device management on beta only and refuses filters it does not know', async () => {
    const get = (path: string): Promise<Response> => fetch(`${sandbox.baseUrl}${path}`);
    expect((await get('/v1.0/deviceManagement/applePushNotificationCertificate')).status).toBe(400);
    expect(
      (await get("/beta/deviceAppManagement/mobileApps?$filter=startswith(displayName,'M')"))
        .status,
    ).toBe(400);
    const both = await get(
      "/beta/deviceAppManagement/mobileApps?$filter=(isof('microsoft.graph.iosStoreApp') or isof('microsoft.graph.iosVppApp'))",
    );
    expect(((await both.json()) as { value: unknown[] }).value).toHaveLength(4);
    expect((await fetch(`${sandbox.baseUrl}/v1.0/domains`, { method: 'POST' })).status).toBe(405);
  });
});

describe('the setup check against the sandbox, state by state', () => {
  it('finds the default tenant mostly healthy, in well under 3 s', async () => {
    const result = await run();
    process.stdout.write(
      `setup check against the sandbox: ${result.elapsedMs} ms, ${sandbox.state.requests.length} Graph requests\n`,
    );
    expect(result.elapsedMs).toBeLessThan(3000);
    expect(Object.fromEntries(result.items.map((i) => [i.id, i.status]))).toEqual({
      'mdm-authority': 'pass',
      apns: 'pass',
      authenticator: 'warn',
      jit: 'pass',
      profiles: 'pass',
      'legacy-profiles': 'warn',
      'device-groups': 'pass',
      'os-floor': 'pass',
      'service-discovery': 'pass',
      'managed-apple-ids': 'manual',
    });
    const items = byId(result.items);
    expect(items.authenticator.detail).toMatch(
      /Required for “iOS BYOD Pilot”, but enrollment profiles also target “All Staff - iOS”/,
    );
    expect(items.apns.detail).toMatch(/intune-apns@contoso\.example/);
    expect(items['service-discovery'].detail).toMatch(
      /contoso\.example: published correctly. Skipped contoso\.onmicrosoft\.com/,
    );
    expect(verified).toEqual(['contoso.example']);
    const card = renderSetupCheckCard({
      items: result.items,
      sandbox: true,
      sandboxNotice: 'sandbox',
      elapsedMs: result.elapsedMs,
    });
    expect(validateCard(card.attachment.content)).toEqual([]);
  });

  it('runs the Graph reads concurrently (their time in the sandbox overlaps)', async () => {
    sandbox.state.setLatency(300);
    const result = await run();
    const first = (path: string): SandboxRequestRecord => {
      const r = sandbox.state.requests.find((x) => x.path === path);
      if (!r) throw new Error(`no request to ${path}`);
      return r;
    };
    const primary = [
      '/v1.0/organization',
      '/beta/deviceManagement/applePushNotificationCertificate',
      '/beta/deviceAppManagement/mobileApps',
      '/beta/deviceManagement/deviceConfigurations',
      '/v1.0/domains',
      '/beta/deviceManagement/appleUserInitiatedEnrollmentProfiles',
    ].map(first);
    // All six arrived before the first of them was answered: nothing waited for another.
    expect(Math.max(...primary.map((r) => r.receivedAt))).toBeLessThan(
      Math.min(...primary.map((r) => r.answeredAt)),
    );
    // Serially this would take ≥ 16 × 300 ms; the dependency chain is 4 deep (≈ 1.2 s).
    expect(result.elapsedMs).toBeLessThan(2500);
  });

  it('does not let a throttled read hold up the others', async () => {
    sandbox.state.throttleNext(1, 1);
    const result = await run();
    const throttled = sandbox.state.requests.find((r) => r.status === 429);
    const retry = sandbox.state.requests.find(
      (r) => r.path === throttled?.path && r.retryAttempt === '1',
    );
    expect(throttled && retry).toBeTruthy();
    expect(retry!.receivedAt - throttled!.answeredAt).toBeGreaterThanOrEqual(900);
    const others = sandbox.state.requests.filter(
      (r) => r.path !== throttled!.path && r.status === 200,
    );
    expect(others.filter((r) => r.answeredAt < retry!.receivedAt).length).toBeGreaterThanOrEqual(5);
    expect(result.items.every((i) => i.status !== 'error')).toBe(true);
    expect(result.elapsedMs).toBeLessThan(3000);
  });

  type Knob = (s: GraphSandbox['state']) => void;
  const groupTarget = (groupId: string) =>
    ({ '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId }) as const;

  it.each<[string, Knob, SetupCheckId, CheckStatus, RegExp]>([
    [
      'an expired certificate',
      (s) => s.setApnsExpiry(new Date(Date.now() - 3 * DAY)),
      'apns',
      'fail',
      /expired on .* \(3 days ago\)/,
    ],
    [
      'a certificate expiring in 12 days',
      (s) => s.setApnsExpiry(new Date(Date.now() + 12.5 * DAY)),
      'apns',
      'warn',
      /in 12 days.*intune-apns@contoso\.example/,
    ],
    [
      'no certificate',
      (s) => s.setApnsExpiry(undefined),
      'apns',
      'fail',
      /no Apple MDM push certificate/,
    ],
    [
      'MDM authority Office 365',
      (s) => s.setMdmAuthority('office365'),
      'mdm-authority',
      'fail',
      /Basic Mobility/,
    ],
    [
      'MDM authority not set',
      (s) => s.setMdmAuthority(null),
      'mdm-authority',
      'fail',
      /No MDM authority/,
    ],
    [
      'Authenticator available, not required',
      (s) => s.removeAuthenticatorRequiredAssignment(),
      'authenticator',
      'fail',
      /not as Required: available for “All Staff - iOS”/,
    ],
    [
      'Authenticator not assigned',
      (s) => s.setAuthenticatorAssignments([]),
      'authenticator',
      'fail',
      /not assigned to anyone/,
    ],
    [
      'Authenticator required for all users',
      (s) =>
        s.setAuthenticatorAssignments([
          {
            intent: 'required',
            target: { '@odata.type': '#microsoft.graph.allLicensedUsersAssignmentTarget' },
          },
        ]),
      'authenticator',
      'pass',
      /Required for all users/,
    ],
    [
      'no JIT profile',
      (s) => s.removeJitProfile(),
      'jit',
      'fail',
      /No iOS\/iPadOS device features profile/,
    ],
    [
      'a JIT value with a trailing space',
      (s) => s.setJitDeviceRegistration('{{DEVICEREGISTRATION}} '),
      'jit',
      'fail',
      /1 trailing space/,
    ],
    [
      'no minimum iOS version in the default restriction',
      (s) => s.setIosMinimumVersion(null),
      'os-floor',
      'warn',
      /“All users and all devices” sets no minimum, so devices on iOS\/iPadOS 15–16/,
    ],
    [
      'a minimum iOS version of 15.0',
      (s) => s.setIosMinimumVersion('15.0'),
      'os-floor',
      'warn',
      /allows 15\.0 and later/,
    ],
    [
      'JIT without browser_sso_interaction_enabled',
      (s) => s.configureJitSso({ browserSsoInteraction: null }),
      'jit',
      'warn',
      /browser_sso_interaction_enabled is not set to 1/,
    ],
    [
      'JIT with Authenticator and Outlook in the SSO policy',
      (s) =>
        s.configureJitSso({
          bundleIds: ['com.microsoft.azureauthenticator'],
          appAllowList: 'com.microsoft.Office.Outlook',
        }),
      'jit',
      'warn',
      /lists Microsoft apps \(com\.microsoft\.azureauthenticator and com\.microsoft\.Office\.Outlook\)/,
    ],
    [
      'no profiles',
      (s) => s.profiles.clear(),
      'profiles',
      'fail',
      /no iOS\/iPadOS enrollment type profile/,
    ],
    [
      'a device group in an assignment',
      (s) => {
        s.profiles
          .get(SEED_IDS.profiles.accountDriven)
          ?.assignments.push(
            { id: 'x-1', target: groupTarget(SEED_IDS.groups.kioskIpads) },
            { id: 'x-2', target: groupTarget(SEED_IDS.groups.allIosDevices) },
          );
      },
      'device-groups',
      'fail',
      /“Kiosk iPads” \(it has 2 device members\).*“All iOS Devices” \(its dynamic rule uses device attributes\)/,
    ],
    [
      'only onmicrosoft.com domains',
      (s) =>
        s.setDomains([
          { id: 'contoso.onmicrosoft.com', isVerified: true },
          { id: 'contoso.example', isVerified: false },
        ]),
      'service-discovery',
      'fail',
      /no verified custom domain/,
    ],
    [
      'Graph refusing the apps read',
      (s) => s.denyPermissions.add('apps.read'),
      'authenticator',
      'error',
      /DeviceManagementApps\.Read\.All.*request-id/,
    ],
    [
      'Graph refusing the domains read',
      (s) => s.denyPermissions.add('domains.read'),
      'service-discovery',
      'error',
      /Domain\.Read\.All/,
    ],
  ])('%s', async (_name, knob, id, status, detail) => {
    knob(sandbox.state);
    const result = await run();
    const item = byId(result.items)[id];
    expect(item.status).toBe(status);
    expect(item.detail).toMatch(detail);
    // One knob, one item: everything else stays as in the default tenant or is independent.
    const errors = result.items.filter((i) => i.status === 'error').map((i) => i.id);
    expect(errors).toEqual(status === 'error' ? [id] : []);
  });

  it('puts the seed back with the restore knobs and clears latency with clearFaults', async () => {
    sandbox.state.removeAuthenticatorRequiredAssignment();
    sandbox.state.removeJitProfile();
    sandbox.state.setLatency(5000, '/v1.0/domains');
    expect(sandbox.state.latencyFor('/v1.0/domains')).toBe(5000);
    sandbox.state.clearFaults();
    expect(sandbox.state.latencyFor('/v1.0/domains')).toBe(0);
    sandbox.state.restoreAuthenticatorRequiredAssignment();
    sandbox.state.setJitDeviceRegistration('{{DEVICEREGISTRATION}}');
    const items = byId((await run()).items);
    expect(items.authenticator.status).toBe('warn');
    expect(items.jit.status).toBe('pass');
  });

  it('fails the domain the file is missing on and passes the other', async () => {
    sandbox.state.setDomains([
      { id: 'contoso.example', isVerified: true },
      { id: 'fabrikam.example', isVerified: true },
    ]);
    failingDomains.add('fabrikam.example');
    const item = byId((await run()).items)['service-discovery'];
    expect(item.status).toBe('fail');
    expect(item.detail).toBe(
      'contoso.example: published correctly. fabrikam.example: The file was not found (404).',
    );
    expect(item.fix).toMatch(/verify domain fabrikam\.example/);
  });
});
