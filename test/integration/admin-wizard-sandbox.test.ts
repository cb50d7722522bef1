import { SEED_IDS } from '../../src/sandbox/seed';
import { message } from '../factories/activities';
import { cardOf, cardTexts, createBotHarness, type BotHarness } from '../helpers/bot-harness';
import { click, responseCard, walkWizardToReview } from '../helpers/clicks';
import { startHttpSandbox, type HttpSandboxHarness } from '../helpers/sandbox';

const ADELE = SEED_IDS.users.adele;
const asAdmin = { from: { aadObjectId: ADELE, name: 'Adele Vance' } };

/**
 * The wizard through the real Graph SDK client over HTTP against the local Intune sandbox:
 * real request shapes, real error bodies, real retries.
 */
describe('wizard against the Graph sandbox over HTTP', () => {
  let sb: HttpSandboxHarness;
  let h: BotHarness;

  beforeEach(async () => {
    sb = await startHttpSandbox();
    h = createBotHarness({
      admins: [ADELE],
      graph: { profiles: sb.profiles, directory: sb.directory },
    });
  });
  afterEach(async () => {
    await sb.close();
  });

  function review(name: string): Promise<Record<string, unknown>> {
    return walkWizardToReview(h, {
      admin: asAdmin,
      name,
      groupSearch: 'Sales',
      groupId: SEED_IDS.groups.sales,
    });
  }

  async function sandboxProfiles(): Promise<{ id: string; displayName: string }[]> {
    const res = await fetch(
      `${sb.sandbox.baseUrl}/beta/deviceManagement/appleUserInitiatedEnrollmentProfiles`,
    );
    return ((await res.json()) as { value: { id: string; displayName: string }[] }).value;
  }

  it('creates the profile and its group assignment in the sandbox', async () => {
    const done = responseCard(
      (await click(h, await review('HTTP wizard'), 'Create', {}, asAdmin)).response,
    );
    expect(cardTexts(done).join('\n')).toMatch(/Profile created/);
    const created = (await sandboxProfiles()).find((p) => p.displayName === 'HTTP wizard');
    expect(created).toBeDefined();
    const res = await fetch(
      `${sb.sandbox.baseUrl}/beta/deviceManagement/appleUserInitiatedEnrollmentProfiles/${created!.id}/assignments`,
    );
    const assignments = ((await res.json()) as { value: { target: Record<string, unknown> }[] })
      .value;
    expect(assignments.map((a) => a.target)).toEqual([
      expect.objectContaining({
        '@odata.type': '#microsoft.graph.groupAssignmentTarget',
        groupId: SEED_IDS.groups.sales,
      }),
    ]);
  });

  it('refuses device groups found by search in the real directory', async () => {
    const basics = cardOf((await h.send(message('create profile', asAdmin)))[0]);
    const settings = responseCard(
      (await click(h, basics, 'Next', { name: 'Device groups' }, asAdmin)).response,
    );
    const assignments = responseCard(
      (await click(h, settings, 'Next', { enrollmentType: 'device' }, asAdmin)).response,
    );
    const ios = responseCard(
      (
        await click(
          h,
          assignments,
          'Search groups',
          { target: 'groups', groupSearch: 'iOS' },
          asAdmin,
        )
      ).response,
    );
    expect(cardTexts(ios).join('\n')).toMatch(/⛔ All iOS Devices/);
    const kiosk = responseCard(
      (await click(h, ios, 'Search groups', { target: 'groups', groupSearch: 'Kiosk' }, asAdmin))
        .response,
    );
    expect(cardTexts(kiosk).join('\n')).toMatch(/⛔ Kiosk iPads: contains devices/);
  });

  it('refuses a group whose devices sit in a nested group (transitive members)', async () => {
    const outer = 'bbbbbbbb-0000-4000-8000-00000000aa01';
    sb.sandbox.state.groups.set(outer, {
      id: outer,
      displayName: 'Retail stores (nested)',
      groupTypes: [],
      securityEnabled: true,
      mailEnabled: false,
      mailNickname: 'retailnested',
      members: [SEED_IDS.groups.kioskIpads],
    });
    expect(await sb.directory.countDeviceMembers(outer)).toBeGreaterThan(0);
    const basics = cardOf((await h.send(message('create profile', asAdmin)))[0]);
    const settings = responseCard(
      (await click(h, basics, 'Next', { name: 'Nested devices' }, asAdmin)).response,
    );
    const assignments = responseCard(
      (await click(h, settings, 'Next', { enrollmentType: 'device' }, asAdmin)).response,
    );
    const found = responseCard(
      (
        await click(
          h,
          assignments,
          'Search groups',
          { target: 'groups', groupSearch: 'Retail' },
          asAdmin,
        )
      ).response,
    );
    expect(cardTexts(found).join('\n')).toMatch(/⛔ Retail stores \(nested\): contains devices/);
    // Graph is asked for transitive members, not only direct ones.
    expect(
      sb.sandbox.state.requests.some((r) =>
        r.path.endsWith(`/groups/${outer}/transitiveMembers/microsoft.graph.device/$count`),
      ),
    ).toBe(true);
  });

  it('searches users by part of the name over HTTP ($search, ConsistencyLevel: eventual)', async () => {
    const found = await sb.directory.searchUsers('Megan');
    expect(found.map((u) => u.displayName)).toContain('Megan Bowen');
    expect(await sb.directory.searchUsers('zzzz-nobody')).toEqual([]);
    const request = sb.sandbox.state.requests.find(
      (r) => r.path === '/v1.0/users' && r.query.includes('search'),
    );
    expect(request?.consistencyLevel).toBe('eventual');
    expect(request?.status).toBe(200);
  });

  it('says what exists when the assignment fails after create, and retries it', async () => {
    const rev = await review('Half made');
    sb.sandbox.state.failAssignmentsFor('next', 500);
    const partial = responseCard((await click(h, rev, 'Create', {}, asAdmin)).response);
    expect(cardTexts(partial).join('\n')).toMatch(
      /Profile created, but not every assignment worked/,
    );
    expect((await sandboxProfiles()).filter((p) => p.displayName === 'Half made')).toHaveLength(1);
    const retried = responseCard(
      (await click(h, partial, 'Retry assignments', {}, asAdmin)).response,
    );
    expect(cardTexts(retried).join('\n')).toMatch(/Profile created/);
  });

  it('shows the missing permission and request id on a 403, creating nothing', async () => {
    const rev = await review('Forbidden one');
    sb.sandbox.state.denyPermissions.add('profiles.write');
    const failed = responseCard((await click(h, rev, 'Create', {}, asAdmin)).response);
    const text = cardTexts(failed).join('\n');
    expect(text).toMatch(/DeviceManagementServiceConfig\.ReadWrite\.All/);
    expect(text).toMatch(/request-id [0-9a-f-]{36}/);
    expect((await sandboxProfiles()).some((p) => p.displayName === 'Forbidden one')).toBe(false);
  });

  it.each([
    ['one 504', 504, 1],
    ['four 504s in a row', 504, 4],
    ['a 503', 503, 1],
    ['a 500', 500, 1],
  ] as const)(
    'after %s on create AFTER Graph wrote the profile: one profile, adopted, and the card says so',
    async (_name, status, times) => {
      const name = `Ambiguous ${status} x${times}`;
      const rev = await review(name);
      sb.sandbox.state.failAfterWrite(
        times,
        status,
        'POST',
        '/deviceManagement/appleUserInitiatedEnrollmentProfiles',
      );
      const done = responseCard((await click(h, rev, 'Create', {}, asAdmin)).response);
      expect(cardTexts(done).join('\n')).toMatch(/Profile created/);
      const mine = (await sandboxProfiles()).filter((p) => p.displayName === name);
      expect(mine).toHaveLength(1);
      // The adopted profile got its assignment too.
      const res = await fetch(
        `${sb.sandbox.baseUrl}/beta/deviceManagement/appleUserInitiatedEnrollmentProfiles/${mine[0]!.id}/assignments`,
      );
      expect(((await res.json()) as { value: unknown[] }).value).toHaveLength(1);
      // The POST went out once: never re-sent blindly.
      const posts = sb.sandbox.state.requests.filter(
        (r) =>
          r.method === 'POST' &&
          r.path.endsWith('/deviceManagement/appleUserInitiatedEnrollmentProfiles'),
      );
      expect(posts).toHaveLength(1);
    },
    20000,
  );

  it('a 503 on a read is retried (reading twice is harmless) and the profile is created once', async () => {
    const name = 'Read after 503';
    const rev = await review(name);
    sb.sandbox.state.unavailableNext(1, 1);
    const done = responseCard((await click(h, rev, 'Create', {}, asAdmin)).response);
    expect(cardTexts(done).join('\n')).toMatch(/Profile created/);
    expect((await sandboxProfiles()).filter((p) => p.displayName === name)).toHaveLength(1);
  }, 20000);

  it('rides out a 429 with Retry-After and creates exactly one profile', async () => {
    const rev = await review('Throttled one');
    sb.sandbox.state.throttleNext(1, 1);
    const done = responseCard((await click(h, rev, 'Create', {}, asAdmin)).response);
    expect(cardTexts(done).join('\n')).toMatch(/Profile created/);
    expect((await sandboxProfiles()).filter((p) => p.displayName === 'Throttled one')).toHaveLength(
      1,
    );
  }, 20000);
});
