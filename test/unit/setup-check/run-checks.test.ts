import type { DomainCheckReport, VerifyDomainOptions } from '../../../src/discovery/verify-domain';
import type { ChecklistEntry, SetupCheckId } from '../../../src/setup-check/checks';
import { mapLimit, runSetupChecks, type VerifyDomainFn } from '../../../src/setup-check/run-checks';
import { FAKE, seededIntune, type FakeIntune } from '../../fakes/fake-intune';
import { FakeSetup } from '../../fakes/fake-setup';

import { domainReport, forbidden, NOW } from './builders';

const TENANT = '6f1c3f9e-7d1a-4a55-9d8e-2b8f8f2a9c01';

interface Harness {
  setup: FakeSetup;
  intune: FakeIntune;
  verified: { domain: string; options: VerifyDomainOptions }[];
  verify: VerifyDomainFn;
}

function harness(verify?: VerifyDomainFn): Harness {
  const verified: Harness['verified'] = [];
  return {
    setup: new FakeSetup(),
    intune: seededIntune(),
    verified,
    verify: async (domain, options) => {
      verified.push({ domain, options });
      return verify ? verify(domain, options) : domainReport(domain, 'pass');
    },
  };
}

function deps(h: Harness) {
  return {
    setup: h.setup,
    profiles: h.intune,
    directory: h.intune,
    tenantId: TENANT,
    cloud: 'global' as const,
    verify: h.verify,
    now: () => NOW,
  };
}

const statuses = (items: { id: SetupCheckId; status: string }[]): Record<string, string> =>
  Object.fromEntries(items.map((i) => [i.id, i.status]));

describe('runSetupChecks', () => {
  it('starts every Graph read at once and returns the checklist in order', async () => {
    const h = harness();
    for (const m of [
      'mdmAuthority',
      'applePushCertificate',
      'iosApps',
      'iosDeviceFeaturesConfigurations',
      'domains',
      'iosEnrollmentRestrictions',
    ] as const) {
      h.setup.delayMs[m] = 150;
    }
    const run = await runSetupChecks(deps(h));
    const starts = h.setup.calls.map((c) => c.startedAt);
    const firstEnd = Math.min(...h.setup.calls.map((c) => c.endedAt ?? Infinity));
    expect(h.setup.calls).toHaveLength(6);
    expect(Math.max(...starts)).toBeLessThan(firstEnd);
    expect(run.elapsedMs).toBeLessThan(5 * 150);
    expect(statuses(run.items)).toEqual({
      'mdm-authority': 'pass',
      apns: 'pass',
      authenticator: 'pass',
      jit: 'pass',
      profiles: 'pass',
      'legacy-profiles': 'warn',
      'device-groups': 'pass',
      'os-floor': 'pass',
      'service-discovery': 'pass',
      'managed-apple-ids': 'manual',
    });
    expect(h.setup.appFilters).toEqual([{ bundleIds: ['com.microsoft.azureauthenticator'] }]);
  });

  it('verifies only verified custom domains, with the tenant, cloud and a 5 s budget', async () => {
    const h = harness();
    h.setup.domainList = [
      { id: 'b.example', isVerified: true },
      { id: 'a.example', isVerified: true },
      { id: 'contoso.onmicrosoft.com', isVerified: true },
      { id: 'unverified.example', isVerified: false },
    ];
    await runSetupChecks(deps(h));
    expect(h.verified.map((v) => v.domain)).toEqual(['a.example', 'b.example']);
    expect(h.verified[0]?.options).toEqual({ tenantId: TENANT, cloud: 'global', timeoutMs: 5000 });
  });

  it('never calls the verifier when only onmicrosoft.com domains are verified', async () => {
    const h = harness();
    h.setup.domainList = [{ id: 'contoso.onmicrosoft.com', isVerified: true }];
    const run = await runSetupChecks(deps(h));
    expect(h.verified).toEqual([]);
    expect(run.items.find((i) => i.id === 'service-discovery')?.status).toBe('fail');
  });

  it('verifies domains in parallel, a bounded number at a time', async () => {
    let inFlight = 0;
    let most = 0;
    const h = harness(async (domain) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, 50));
      inFlight -= 1;
      return domainReport(domain, 'pass');
    });
    h.setup.domainList = ['a', 'b', 'c', 'd', 'e'].map((d) => ({
      id: `${d}.example`,
      isVerified: true,
    }));
    const started = Date.now();
    await runSetupChecks(deps(h), { domainConcurrency: 2 });
    expect(most).toBe(2);
    expect(Date.now() - started).toBeLessThan(5 * 50 + 100);
  });

  it('turns only the refused read into an error item', async () => {
    const h = harness();
    h.setup.failures.iosApps = forbidden('setup.iosApps');
    const run = await runSetupChecks(deps(h));
    const auth = run.items.find((i) => i.id === 'authenticator');
    expect(auth?.status).toBe('error');
    expect(auth?.detail).toMatch(/DeviceManagementApps\.Read\.All.*req-403-test/);
    expect(run.items.filter((i) => i.status === 'error')).toHaveLength(1);
  });

  it('turns a failed profile read into error items for the three profile checks only', async () => {
    const h = harness();
    h.intune.failNext('list', 403, 'DeviceManagementServiceConfig.Read.All');
    const run = await runSetupChecks(deps(h));
    expect(statuses(run.items)).toMatchObject({
      profiles: 'error',
      'legacy-profiles': 'error',
      'device-groups': 'error',
      authenticator: 'pass',
    });
  });

  it('flags device groups, counting devices only for assigned non-Microsoft 365 groups', async () => {
    const h = harness();
    h.intune.assignments.set('p-0', [
      { id: 'x1', target: { kind: 'group', groupId: FAKE.salesDevices } },
      { id: 'x2', target: { kind: 'group', groupId: FAKE.dynamicDevices } },
      { id: 'x3', target: { kind: 'exclusionGroup', groupId: FAKE.finance } },
    ]);
    const run = await runSetupChecks(deps(h));
    const item = run.items.find((i) => i.id === 'device-groups');
    expect(item?.status).toBe('fail');
    expect(item?.detail).toMatch(/“Sales iPads” \(it has 12 device members\)/);
    expect(item?.detail).toMatch(
      /“Sales iOS devices \(dynamic\)” \(its dynamic rule uses device attributes\)/,
    );
    // The dynamic group is decided by its rule: no member count for it.
    expect(h.intune.calls.filter((c) => c === 'countDeviceMembers')).toHaveLength(2);
  });

  it('reports progress as groups of items finish, ending with no pending item', async () => {
    const h = harness();
    h.setup.delayMs.domains = 80;
    h.setup.delayMs.iosDeviceFeaturesConfigurations = 40;
    const seen: ChecklistEntry[][] = [];
    const run = await runSetupChecks(deps(h), { onProgress: (items) => seen.push(items) });
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen[0]?.some((i) => i.status === 'pending')).toBe(true);
    expect(seen[seen.length - 1]?.every((i) => i.status !== 'pending')).toBe(true);
    expect(seen[seen.length - 1]?.map((i) => i.status)).toEqual(run.items.map((i) => i.status));
    const pendingCounts = seen.map((s) => s.filter((i) => i.status === 'pending').length);
    expect([...pendingCounts].sort((a, b) => b - a)).toEqual(pendingCounts);
  });

  it('keeps going when the progress callback throws', async () => {
    const h = harness();
    const run = await runSetupChecks(deps(h), {
      onProgress: () => {
        throw new Error('card update failed');
      },
    });
    expect(run.items.every((i) => i.status !== 'error')).toBe(true);
  });

  it('bounds the run: a read that never answers becomes an error item at the deadline', async () => {
    const h = harness();
    h.setup.hang.add('applePushCertificate');
    const started = Date.now();
    const run = await runSetupChecks(deps(h), { deadlineMs: 300 });
    expect(Date.now() - started).toBeLessThan(1500);
    const apns = run.items.find((i) => i.id === 'apns');
    expect(apns?.status).toBe('error');
    expect(apns?.detail).toMatch(/did not answer within 0\.3 s/);
    expect(run.items.find((i) => i.id === 'mdm-authority')?.status).toBe('pass');
  });

  it('bounds each domain check: a verifier that hangs becomes an error line', async () => {
    const h = harness(() => new Promise<DomainCheckReport>(() => undefined));
    const run = await runSetupChecks(deps(h), { verifyTimeoutMs: 100 });
    const item = run.items.find((i) => i.id === 'service-discovery');
    expect(item?.status).toBe('error');
    expect(item?.detail).toMatch(/contoso\.example: the check did not finish within 1\.1 s/);
  });
});

describe('mapLimit', () => {
  it('keeps the order and handles empty input', async () => {
    expect(await mapLimit([], 3, (x: number) => Promise.resolve(x))).toEqual([]);
    expect(
      await mapLimit([3, 1, 2], 2, async (x) => {
        await new Promise((r) => setTimeout(r, x * 5));
        return x * 10;
      }),
    ).toEqual([30, 10, 20]);
  });
});
