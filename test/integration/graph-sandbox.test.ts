/**
 * The real Graph SDK client (sandbox flavour: http on loopback, same middleware) and the real
 * services against the LOCAL INTUNE SANDBOX.
 */
import { GraphError } from '../../src/graph/errors';
import { isDeviceGroup } from '../../src/graph/profile-logic';
import type { EnrollmentType } from '../../src/graph/types';
import { defaultSeed, SEED_IDS, type GraphSandboxSeed } from '../../src/sandbox/seed';
import { startHttpSandbox, type HttpSandboxHarness } from '../helpers/sandbox';

const P = SEED_IDS.profiles;
const G = SEED_IDS.groups;
const U = SEED_IDS.users;
const PROFILES = '/beta/deviceManagement/appleUserInitiatedEnrollmentProfiles';

async function caught(promise: Promise<unknown>): Promise<GraphError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof GraphError) return err;
    throw err;
  }
  throw new Error('expected a GraphError');
}

describe('Graph services against the local Intune sandbox (http)', () => {
  let h: HttpSandboxHarness;

  beforeEach(async () => {
    h = await startHttpSandbox();
  });

  afterEach(async () => {
    await h.close();
  });

  const raw = (path: string, init: RequestInit = {}): Promise<Response> =>
    fetch(`${h.sandbox.baseUrl}${path}`, init);
  const lastRequest = (): (typeof h.sandbox.state.requests)[number] =>
    h.sandbox.state.requests[h.sandbox.state.requests.length - 1]!;

  describe('profiles', () => {
    it('lists the seeded iOS profiles by priority', async () => {
      const list = await h.profiles.list();
      expect(list.map((p) => [p.id, p.priority, p.defaultEnrollmentType])).toEqual([
        [P.accountDriven, 0, 'accountDrivenUserEnrollment'],
        [P.userChoice, 1, 'unknown'],
        [P.legacyCompanyPortal, 2, 'user'],
      ]);
      expect(list[1]!.availableEnrollmentTypeOptions).toContainEqual({
        ownerType: 'personal',
        enrollmentType: 'accountDrivenUserEnrollment',
      });
    });

    it('creates, reads, patches and deletes a profile, returning Graph’s ids', async () => {
      const created = await h.profiles.create({
        displayName: 'iOS BYOD – Account driven UE',
        description: 'Created by Teams bot',
        defaultEnrollmentType: 'accountDrivenUserEnrollment',
        availableEnrollmentTypeOptions: [],
      });
      expect(created.value).toMatchObject({
        priority: 3,
        displayName: 'iOS BYOD – Account driven UE',
      });
      expect(created.call.requestId).toBe(lastRequest().requestId);
      expect(created.call.date).toMatch(/GMT$/);
      const posted = h.sandbox.state.profiles.get(created.value.id)!;
      expect(posted.platform).toBe('iOS');

      expect(await h.profiles.get(created.value.id)).toEqual(created.value);

      const updated = await h.profiles.update(created.value.id, {
        displayName: 'Renamed',
        availableEnrollmentTypeOptions: [{ ownerType: 'company', enrollmentType: 'device' }],
      });
      expect(updated.value).toMatchObject({
        displayName: 'Renamed',
        description: 'Created by Teams bot',
        availableEnrollmentTypeOptions: [{ ownerType: 'company', enrollmentType: 'device' }],
      });
      expect(updated.call.requestId).toBeDefined();

      const deleted = await h.profiles.delete(created.value.id);
      expect(deleted.call.requestId).toBe(lastRequest().requestId);
      expect(await h.profiles.get(created.value.id)).toBeUndefined();
      const err = await caught(h.profiles.delete(created.value.id));
      expect(err.details).toMatchObject({ reason: 'not_found', status: 404 });
    });

    it('allows duplicate display names, as Graph does', async () => {
      const input = {
        displayName: 'Same',
        description: '',
        defaultEnrollmentType: 'device' as const,
        availableEnrollmentTypeOptions: [],
      };
      const a = await h.profiles.create(input);
      const b = await h.profiles.create(input);
      expect(a.value.id).not.toBe(b.value.id);
    });

    it('moves a profile with setPriority and renumbers the others', async () => {
      const moved = await h.profiles.setPriority(P.legacyCompanyPortal, 0);
      expect(moved.call.requestId).toBeDefined();
      expect((await h.profiles.list()).map((p) => [p.id, p.priority])).toEqual([
        [P.legacyCompanyPortal, 0],
        [P.accountDriven, 1],
        [P.userChoice, 2],
      ]);
      await h.profiles.setPriority(P.legacyCompanyPortal, 99);
      expect((await h.profiles.list()).map((p) => p.id)).toEqual([
        P.accountDriven,
        P.userChoice,
        P.legacyCompanyPortal,
      ]);
      const err = await caught(h.profiles.setPriority(P.accountDriven, 1.5));
      expect(err.details.reason).toBe('bad_request');
    });

    it('answers undefined for an unknown profile and 404 for writes to it', async () => {
      const missing = '00000000-0000-4000-8000-00000000dead';
      expect(await h.profiles.get(missing)).toBeUndefined();
      const err = await caught(h.profiles.setPriority(missing, 0));
      expect(err.details).toMatchObject({
        reason: 'not_found',
        requestId: lastRequest().requestId,
      });
    });

    it('rejects bad bodies with 400 and Graph’s message', async () => {
      const blank = await caught(
        h.profiles.create({
          displayName: ' ',
          description: '',
          defaultEnrollmentType: 'device',
          availableEnrollmentTypeOptions: [],
        }),
      );
      expect(blank.details).toMatchObject({ reason: 'bad_request', status: 400 });
      expect(blank.adminMessage()).toContain('displayName');

      const badEnum = await caught(
        h.profiles.create({
          displayName: 'x',
          description: '',
          defaultEnrollmentType: 'bogus' as EnrollmentType,
          availableEnrollmentTypeOptions: [],
        }),
      );
      expect(badEnum.details.graphMessage).toContain("'bogus'");

      const post = (body: unknown): Promise<Response> =>
        raw(PROFILES, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      const cases: [unknown, string][] = [
        [{ platform: 'iOS' }, 'displayName'],
        [{ displayName: 'x', platform: 'macOS' }, 'platform'],
        [{ displayName: 'x' }, 'platform'],
        [{ displayName: 'x', platform: 'iOS', priority: '1' }, 'Edm.Int32'],
        [{ displayName: 42, platform: 'iOS' }, 'Edm.String'],
        [{ displayName: 'x', platform: 'iOS', colour: 'red' }, "'colour' does not exist"],
        [
          {
            displayName: 'x',
            platform: 'iOS',
            availableEnrollmentTypeOptions: [{ ownerType: 'mine', enrollmentType: 'device' }],
          },
          "'mine'",
        ],
      ];
      for (const [body, text] of cases) {
        const res = await post(body);
        const json = (await res.json()) as { error: { code: string; message: string } };
        expect([res.status, json.error.message]).toEqual([400, expect.stringContaining(text)]);
      }
      expect(h.sandbox.state.profiles.size).toBe(3);
    });

    it('keeps only iOS profiles when Graph returns other platforms', async () => {
      const seed: GraphSandboxSeed = defaultSeed();
      seed.profiles.push({
        ...seed.profiles[0]!,
        id: 'f1f1f1f1-0000-4000-8000-0000000001ff',
        platform: 'macOS',
      });
      const other = await startHttpSandbox({ seed });
      try {
        expect(await other.profiles.list()).toHaveLength(3);
      } finally {
        await other.close();
      }
    });

    it('serves profiles on beta only', async () => {
      const res = await raw('/v1.0/deviceManagement/appleUserInitiatedEnrollmentProfiles');
      expect(res.status).toBe(400);
    });
  });

  describe('assignments', () => {
    it('lists, adds (include, exclude, all users) and removes assignments', async () => {
      expect(await h.profiles.listAssignments(P.userChoice)).toEqual([
        expect.objectContaining({ target: { kind: 'group', groupId: G.allStaffIos } }),
        expect.objectContaining({ target: { kind: 'exclusionGroup', groupId: G.finance } }),
      ]);
      const include = await h.profiles.addAssignment(P.accountDriven, {
        kind: 'group',
        groupId: G.sales,
      });
      const exclude = await h.profiles.addAssignment(P.accountDriven, {
        kind: 'exclusionGroup',
        groupId: G.finance,
      });
      const everyone = await h.profiles.addAssignment(P.legacyCompanyPortal, { kind: 'allUsers' });
      expect(include.call.requestId).toBeDefined();
      expect(everyone.value.target).toEqual({ kind: 'allUsers' });
      expect((await h.profiles.listAssignments(P.accountDriven)).map((a) => a.target)).toEqual([
        { kind: 'group', groupId: G.iosByodPilot },
        { kind: 'group', groupId: G.sales },
        { kind: 'exclusionGroup', groupId: G.finance },
      ]);
      const wire = h.sandbox.state.profiles.get(P.accountDriven)!.assignments[2]!.target;
      expect(wire).toEqual({
        '@odata.type': '#microsoft.graph.exclusionGroupAssignmentTarget',
        groupId: G.finance,
      });
      await h.profiles.removeAssignment(P.accountDriven, exclude.value.id);
      expect(await h.profiles.listAssignments(P.accountDriven)).toHaveLength(2);
    });

    it('accepts a device group (Graph does) so the bot must detect it before assigning', async () => {
      for (const [groupId, expected] of [
        [G.allIosDevices, true],
        [G.kioskIpads, true],
        [G.iosByodPilot, false],
      ] as const) {
        const group = (await h.directory.getGroup(groupId))!;
        const devices = await h.directory.countDeviceMembers(groupId);
        expect(isDeviceGroup(group, devices)).toBe(expected);
      }
      expect(await h.directory.countDeviceMembers(G.kioskIpads)).toBe(2);
      const accepted = await h.profiles.addAssignment(P.accountDriven, {
        kind: 'group',
        groupId: G.kioskIpads,
      });
      expect(accepted.value.id).toBeDefined();
    });

    it('answers 404 for an unknown group and 400 for unknown target types or a missing groupId', async () => {
      const unknown = await caught(
        h.profiles.addAssignment(P.accountDriven, {
          kind: 'group',
          groupId: '00000000-0000-4000-8000-00000000beef',
        }),
      );
      expect(unknown.details).toMatchObject({
        reason: 'not_found',
        graphCode: 'Request_ResourceNotFound',
      });
      const path = `${PROFILES}/${P.accountDriven}/assignments`;
      for (const target of [
        { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' },
        { '@odata.type': '#microsoft.graph.groupAssignmentTarget' },
        { groupId: G.sales },
      ]) {
        const res = await raw(path, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ target }),
        });
        expect(res.status).toBe(400);
      }
    });

    it('reports a failed assignment after a successful create, leaving the profile in place', async () => {
      const created = await h.profiles.create({
        displayName: 'Pilot wave 2',
        description: '',
        defaultEnrollmentType: 'accountDrivenUserEnrollment',
        availableEnrollmentTypeOptions: [],
      });
      h.sandbox.state.failAssignmentsFor(created.value.id);
      const err = await caught(
        h.profiles.addAssignment(created.value.id, { kind: 'group', groupId: G.iosByodPilot }),
      );
      expect(err.details).toMatchObject({
        status: 500,
        graphCode: 'InternalServerError',
        operation: 'assignments.create',
        requestId: lastRequest().requestId,
      });
      expect(await h.profiles.get(created.value.id)).toBeDefined();
      expect(await h.profiles.listAssignments(created.value.id)).toEqual([]);

      h.sandbox.state.failAssignmentsFor('next', 400);
      const bad = await caught(h.profiles.addAssignment(created.value.id, { kind: 'allUsers' }));
      expect(bad.details.reason).toBe('bad_request');
      await expect(
        h.profiles.addAssignment(created.value.id, { kind: 'allUsers' }),
      ).resolves.toBeDefined();
    });
  });

  describe('directory', () => {
    it('searches groups with ConsistencyLevel: eventual, tokenized and escaped', async () => {
      const found = await h.directory.searchGroups('ios');
      expect(found.map((g) => g.displayName)).toEqual([
        'All iOS Devices',
        'All Staff - iOS',
        'iOS BYOD Pilot',
      ]);
      expect(lastRequest().consistencyLevel).toBe('eventual');
      expect(decodeURIComponent(lastRequest().query)).toContain('$search="displayName:ios"');
      expect((await h.directory.searchGroups('BYOD pil')).map((g) => g.id)).toEqual([
        G.iosByodPilot,
      ]);
      expect(await h.directory.searchGroups('say "hi" \\ there')).toEqual([]);
      expect(decodeURIComponent(lastRequest().query)).toContain(
        '"displayName:say \\"hi\\" \\\\ there"',
      );
      expect(await h.directory.searchGroups('   ')).toEqual([]);
      expect(await h.directory.searchGroups('a', 1)).toHaveLength(1);
    });

    it('refuses $search without ConsistencyLevel, like Graph', async () => {
      const res = await raw(`/v1.0/groups?$search=${encodeURIComponent('"displayName:ios"')}`);
      const json = (await res.json()) as {
        error: { code: string; message: string; innerError: Record<string, string> };
      };
      expect(res.status).toBe(400);
      expect(json.error.message).toContain('ConsistencyLevel: eventual');
      expect(json.error.innerError['request-id']).toBe(res.headers.get('request-id'));
      expect(res.headers.get('date')).toMatch(/GMT$/);
    });

    it("lists a group's users (nested groups included), by name, for the Reassign list", async () => {
      const users = await h.directory.listUserMembers(G.itHelpdesk);
      expect(users.map((u) => u.displayName)).toEqual([
        'Adele Vance',
        'Alex Wilber',
        'Isaiah Langer',
        'Lynne Robbins',
        'Megan Bowen',
        'Patti Fernandez',
      ]);
      expect(users[1]).toEqual({
        id: U.alex,
        displayName: 'Alex Wilber',
        userPrincipalName: expect.stringMatching(/^alexw@/),
        mail: expect.any(String),
      });
      // A device group has no users.
      expect(await h.directory.listUserMembers(G.kioskIpads)).toEqual([]);
    });

    it('reads groups and users, with undefined for unknown ones', async () => {
      expect(await h.directory.getGroup(G.allIosDevices)).toMatchObject({
        displayName: 'All iOS Devices',
        groupTypes: ['DynamicMembership'],
        membershipRule: '(device.deviceOSType -eq "iOS")',
      });
      expect(await h.directory.getGroup('00000000-0000-4000-8000-000000000000')).toBeUndefined();
      expect(await h.directory.getUser(U.megan)).toEqual({
        id: U.megan,
        displayName: 'Megan Bowen',
        userPrincipalName: 'meganb@contoso.example',
        mail: 'meganb@contoso.example',
      });
      expect((await h.directory.getUser('MeganB@contoso.example'))?.id).toBe(U.megan);
      expect(await h.directory.getUser('nobody@contoso.example')).toBeUndefined();
    });

    it('reads transitive groups (nested included) and role template ids', async () => {
      expect((await h.directory.userGroupIds(U.isaiah)).sort()).toEqual(
        [G.allStaffIos, G.iosByodPilot, G.itHelpdesk, G.sales].sort(),
      );
      expect(await h.directory.userRoleTemplateIds(U.adele)).toEqual([
        '3a2c62db-5318-420d-8d74-23affee5d9d5',
      ]);
      expect(await h.directory.userRoleTemplateIds(U.megan)).toEqual([]);
    });

    it('reports roles returned with limited information as a missing role permission', async () => {
      h.sandbox.state.denyPermissions.add('roles.read');
      const err = await caught(h.directory.userRoleTemplateIds(U.adele));
      expect(err.details).toMatchObject({
        reason: 'forbidden',
        missingPermission: 'RoleManagement.Read.Directory',
      });
      expect(err.details.requestId).toBeDefined();
    });

    it('follows @odata.nextLink pages, within a bound', async () => {
      const seed = defaultSeed();
      for (let i = 0; i < 1001; i += 1) {
        seed.groups.push({
          id: `99999999-0000-4000-8000-${String(i).padStart(12, '0')}`,
          displayName: `Bulk ${i}`,
          groupTypes: [],
          securityEnabled: true,
          mailEnabled: false,
          mailNickname: `bulk${i}`,
          members: [U.patti],
        });
      }
      const big = await startHttpSandbox({ seed });
      try {
        const ids = await big.directory.userGroupIds(U.patti);
        expect(ids).toHaveLength(1004);
        expect(big.sandbox.state.requests.map((r) => r.query)).toEqual([
          expect.not.stringContaining('skiptoken'),
          expect.stringContaining('%24skiptoken=offset-999'),
        ]);
      } finally {
        await big.close();
      }
    });
  });

  describe('failures', () => {
    it('maps a denied permission to 403 with missingPermission, request-id and date', async () => {
      h.sandbox.state.denyPermissions.add('profiles.write');
      const err = await caught(
        h.profiles.create({
          displayName: 'x',
          description: '',
          defaultEnrollmentType: 'device',
          availableEnrollmentTypeOptions: [],
        }),
      );
      expect(err.details).toMatchObject({
        reason: 'forbidden',
        status: 403,
        graphCode: 'Authorization_RequestDenied',
        missingPermission: 'DeviceManagementServiceConfig.ReadWrite.All',
        requestId: lastRequest().requestId,
        date: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/),
      });
      expect(err.adminMessage()).toContain('DeviceManagementServiceConfig.ReadWrite.All');
      expect(await h.profiles.list()).toHaveLength(3);

      h.sandbox.state.denyPermissions.add('groups.read');
      expect((await caught(h.directory.searchGroups('ios'))).details.missingPermission).toBe(
        'GroupMember.Read.All',
      );
      h.sandbox.state.denyPermissions.add('users.read');
      expect((await caught(h.directory.getUser(U.megan))).details.missingPermission).toBe(
        'User.Read.All',
      );
    });

    it('retries a 429 after Retry-After and succeeds', async () => {
      h.sandbox.state.throttleNext(1, 1);
      const started = Date.now();
      const list = await h.profiles.list();
      const elapsed = Date.now() - started;
      expect(list).toHaveLength(3);
      expect(elapsed).toBeGreaterThanOrEqual(900);
      expect(elapsed).toBeLessThan(10_000);
      expect(h.sandbox.state.requests.map((r) => [r.status, r.retryAttempt])).toEqual([
        [429, undefined],
        [200, '1'],
      ]);
    });

    it('retries a 503 and gives up after the SDK’s retries with the last Retry-After', async () => {
      h.sandbox.state.unavailableNext(1, 0);
      await expect(h.directory.getUser(U.megan)).resolves.toBeDefined();
      h.sandbox.state.throttleNext(4, 0);
      const err = await caught(h.directory.getUser(U.megan));
      expect(err.details).toMatchObject({ reason: 'throttled', status: 429, retryAfterSeconds: 0 });
      expect(h.sandbox.state.requests.filter((r) => r.status === 429)).toHaveLength(4);
    });

    it('maps an unreachable Graph to a network error', async () => {
      const gone = await startHttpSandbox();
      await gone.close();
      const err = await caught(gone.profiles.list());
      expect(err.details).toMatchObject({ reason: 'network', operation: 'profiles.list' });
      expect(err.adminMessage()).toContain('could not reach Microsoft Graph');
    });

    it('puts request-id and date on every response, errors and 204s included', async () => {
      const responses = await Promise.all([
        raw('/v1.0/nothing-here'),
        raw(`${PROFILES}/${P.accountDriven}`, { method: 'DELETE' }),
        raw(`/v1.0/groups/${G.kioskIpads}/members/microsoft.graph.device/$count`, {
          headers: { ConsistencyLevel: 'eventual' },
        }),
      ]);
      expect(responses.map((r) => r.status)).toEqual([400, 204, 200]);
      for (const res of responses) {
        expect(res.headers.get('request-id')).toMatch(/^[0-9a-f-]{36}$/);
        expect(res.headers.get('date')).toMatch(/GMT$/);
      }
    });
  });
});
