/**
 * The Graph services enrollment campaigns use (group audience paging and count, the Teams app
 * installer, the managed device reader), through the real Graph SDK client (sandbox flavour:
 * http on loopback, same middleware) against the LOCAL INTUNE SANDBOX.
 */
import { loadConfig } from '../../src/config/env';
import { createSandboxGraphClient } from '../../src/graph/client';
import { GraphError } from '../../src/graph/errors';
import { GraphManagedDeviceReader } from '../../src/graph/managed-devices';
import {
  graphRootFromContext,
  GraphTeamsAppInstaller,
} from '../../src/graph/teams-app-installations';
import type { DirectoryUser, ManagedDeviceRecord } from '../../src/graph/types';
import { SEED_IDS } from '../../src/sandbox/seed';
import { SANDBOX_TEAMS_APP_EXTERNAL_ID, TEAMWORK_SEED_IDS } from '../../src/sandbox/teamwork-seed';
import { startHttpSandbox, type HttpSandboxHarness } from '../helpers/sandbox';

const G = SEED_IDS.groups;
const U = SEED_IDS.users;
const D = TEAMWORK_SEED_IDS.managedDevices;
const CATALOG_APP = TEAMWORK_SEED_IDS.catalogApp;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

async function caught(promise: Promise<unknown>): Promise<GraphError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof GraphError) return err;
    throw err;
  }
  throw new Error('expected a GraphError');
}

async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[][]> {
  const out: T[][] = [];
  for await (const page of pages) out.push(page);
  return out;
}

describe('campaign Graph services against the local Intune sandbox (http)', () => {
  let h: HttpSandboxHarness;
  let installer: GraphTeamsAppInstaller;
  let devices: GraphManagedDeviceReader;

  beforeEach(async () => {
    h = await startHttpSandbox();
    const client = createSandboxGraphClient(h.sandbox.baseUrl);
    installer = new GraphTeamsAppInstaller({ client, graphBaseUrl: h.sandbox.baseUrl });
    devices = new GraphManagedDeviceReader({ client });
  });

  afterEach(async () => {
    await h.close();
  });

  const requestsTo = (ending: string): typeof h.sandbox.state.requests =>
    h.sandbox.state.requests.filter((r) => r.path.endsWith(ending));

  describe('group audience', () => {
    const MEMBERS = `/v1.0/groups/${G.iosByodPilot}/transitiveMembers/microsoft.graph.user`;

    it('counts the users of a group, nested groups included', async () => {
      // iOS BYOD Pilot: Megan, and Isaiah through the nested Sales group.
      expect(await h.directory.countUserMembers(G.iosByodPilot)).toBe(2);
      expect(requestsTo(`${MEMBERS}/$count`)[0]).toMatchObject({
        status: 200,
        consistencyLevel: 'eventual',
      });
    });

    it('reads every user of a 2,500-member group page by page, each once', async () => {
      const synthetic = h.sandbox.state.addSyntheticUsers(G.iosByodPilot, 2500);
      expect(await h.directory.countUserMembers(G.iosByodPilot)).toBe(2502);

      const pages = await collect<DirectoryUser>(h.directory.userMemberPages(G.iosByodPilot));
      expect(pages.map((p) => p.length)).toEqual([999, 999, 504]);
      const ids = pages.flat().map((u) => u.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(new Set(ids)).toEqual(new Set([...synthetic, U.megan, U.isaiah]));
      expect(pages.flat().find((u) => u.id === synthetic[0])).toEqual({
        id: synthetic[0],
        displayName: 'user 1',
        userPrincipalName: 'user1@contoso.example',
        mail: 'user1@contoso.example',
      });

      const listed = requestsTo(MEMBERS);
      expect(listed).toHaveLength(3);
      for (const r of listed) {
        expect(r).toMatchObject({ status: 200, consistencyLevel: 'eventual' });
        expect(new URLSearchParams(r.query).get('$top')).toBe('999');
        expect(new URLSearchParams(r.query).get('$count')).toBe('true');
      }
    });

    it('requests no further page when the caller stops early', async () => {
      h.sandbox.state.addSyntheticUsers(G.iosByodPilot, 1500);
      for await (const page of h.directory.userMemberPages(G.iosByodPilot)) {
        expect(page).toHaveLength(999);
        break;
      }
      expect(requestsTo(MEMBERS)).toHaveLength(1);
    });

    it('answers not_found for a group that does not exist', async () => {
      const missing = 'bbbbbbbb-0000-4000-8000-00000000ffff';
      expect((await caught(h.directory.countUserMembers(missing))).details).toMatchObject({
        reason: 'not_found',
        operation: 'groups.countUsers',
      });
      const pages = collect(h.directory.userMemberPages(missing));
      expect((await caught(pages)).details).toMatchObject({
        reason: 'not_found',
        operation: 'groups.listUsers',
      });
    });

    it('adds 10,000 synthetic users quickly, with distinct valid GUIDs', async () => {
      const started = Date.now();
      const ids = h.sandbox.state.addSyntheticUsers(G.finance, 10_000, 'bench');
      expect(Date.now() - started).toBeLessThan(2000);
      expect(new Set(ids).size).toBe(10_000);
      expect(ids.every((id) => GUID.test(id))).toBe(true);
      expect(ids[9_999]).toBe('fa000000-0000-4000-8000-000000010000');
      expect(h.sandbox.state.findUser('bench10000@contoso.example')?.id).toBe(ids[9_999]);
      expect(await h.directory.countUserMembers(G.finance)).toBe(10_001);
    });
  });

  describe('Teams app catalog', () => {
    it('finds the bot’s app by its manifest id', async () => {
      expect(await installer.catalogAppId(SANDBOX_TEAMS_APP_EXTERNAL_ID)).toBe(CATALOG_APP);
      const [request] = requestsTo('/v1.0/appCatalogs/teamsApps');
      expect(new URLSearchParams(request!.query).get('$filter')).toBe(
        `externalId eq '${SANDBOX_TEAMS_APP_EXTERNAL_ID}'`,
      );
    });

    it('seeds the catalog with the default TEAMS_APP_ID', () => {
      const config = loadConfig({ GRAPH_SANDBOX_PORT: '0' }, { dotenvPath: undefined });
      expect(config.appPackage.teamsAppId).toBe(SANDBOX_TEAMS_APP_EXTERNAL_ID);
    });

    it('answers undefined for an app that is not in the catalog', async () => {
      expect(await installer.catalogAppId('00000000-0000-4000-8000-00000000abcd')).toBeUndefined();
    });

    it('escapes a quote in the manifest id and prefers the organization’s upload', async () => {
      h.sandbox.state.teamsAppCatalog.push(
        {
          id: 'side-1',
          externalId: "it's-app",
          displayName: 'Side',
          distributionMethod: 'sideloaded',
        },
        {
          id: 'org-1',
          externalId: "it's-app",
          displayName: 'Org',
          distributionMethod: 'organization',
        },
      );
      expect(await installer.catalogAppId("it's-app")).toBe('org-1');
    });

    it('names AppCatalog.Read.All when the permission is missing', async () => {
      h.sandbox.state.denyPermissions.add('appCatalog.read');
      const err = await caught(installer.catalogAppId(SANDBOX_TEAMS_APP_EXTERNAL_ID));
      expect(err.details).toMatchObject({
        reason: 'forbidden',
        operation: 'teamsApps.catalog',
        missingPermission: 'AppCatalog.Read.All',
      });
    });
  });

  describe('installing the app for a user', () => {
    const installedFor = (userId: string): string[] => [
      ...(h.sandbox.state.installedApps.get(userId.toLowerCase()) ?? []),
    ];

    it('installs once, then finds it already there', async () => {
      const ext = SANDBOX_TEAMS_APP_EXTERNAL_ID;
      expect(await installer.ensureInstalledForUser(U.megan, CATALOG_APP, ext)).toBe('installed');
      expect(installedFor(U.megan)).toEqual([CATALOG_APP]);
      expect(await installer.ensureInstalledForUser(U.megan, CATALOG_APP, ext)).toBe('already');
      const calls = requestsTo(`/v1.0/users/${U.megan}/teamwork/installedApps`).map((r) => [
        r.method,
        r.status,
      ]);
      expect(calls).toEqual([
        ['GET', 200],
        ['POST', 201],
        ['GET', 200],
      ]);
    });

    it('reads the Graph root from the answer when none is configured', async () => {
      const bare = new GraphTeamsAppInstaller({
        client: createSandboxGraphClient(h.sandbox.baseUrl),
      });
      expect(
        await bare.ensureInstalledForUser(U.alex, CATALOG_APP, SANDBOX_TEAMS_APP_EXTERNAL_ID),
      ).toBe('installed');
      expect(installedFor(U.alex)).toEqual([CATALOG_APP]);
      expect(graphRootFromContext(`${h.sandbox.baseUrl}/v1.0/$metadata#users('x')`)).toBe(
        h.sandbox.baseUrl,
      );
      expect(graphRootFromContext('not a url')).toBeUndefined();
    });

    it('treats losing an install race (409) as already installed', async () => {
      // Both lookups answer before either install arrives, so both callers POST.
      h.sandbox.state.setLatency(50, '/teamwork/installedApps');
      const results = await Promise.all([
        installer.ensureInstalledForUser(U.lynne, CATALOG_APP, SANDBOX_TEAMS_APP_EXTERNAL_ID),
        installer.ensureInstalledForUser(U.lynne, CATALOG_APP, SANDBOX_TEAMS_APP_EXTERNAL_ID),
      ]);
      expect(results.sort()).toEqual(['already', 'installed']);
      const posts = requestsTo(`/users/${U.lynne}/teamwork/installedApps`).filter(
        (r) => r.method === 'POST',
      );
      expect(posts.map((r) => r.status).sort()).toEqual([201, 409]);
      expect(installedFor(U.lynne)).toEqual([CATALOG_APP]);
    });

    it('surfaces a refused install as forbidden, naming the permission, until cleared', async () => {
      h.sandbox.state.failInstallFor(U.patti, 403);
      const err = await caught(
        installer.ensureInstalledForUser(U.patti, CATALOG_APP, SANDBOX_TEAMS_APP_EXTERNAL_ID),
      );
      expect(err.details).toMatchObject({
        reason: 'forbidden',
        status: 403,
        graphCode: 'Forbidden',
        operation: 'teamsApps.installForUser',
        missingPermission: 'TeamsAppInstallation.ReadWriteSelfForUser.All',
      });
      expect(installedFor(U.patti)).toEqual([]);
      h.sandbox.state.clearInstallFailure(U.patti);
      expect(
        await installer.ensureInstalledForUser(U.patti, CATALOG_APP, SANDBOX_TEAMS_APP_EXTERNAL_ID),
      ).toBe('installed');
    });

    it('answers not_found for a user that does not exist', async () => {
      const err = await caught(
        installer.ensureInstalledForUser(
          'eeeeeeee-0000-4000-8000-00000000ffff',
          CATALOG_APP,
          SANDBOX_TEAMS_APP_EXTERNAL_ID,
        ),
      );
      expect(err.details).toMatchObject({
        reason: 'not_found',
        operation: 'teamsApps.userInstalls',
      });
    });

    it('refuses to bind an app that is not in the catalog', async () => {
      const err = await caught(
        installer.ensureInstalledForUser(U.megan, 'no-such-app', SANDBOX_TEAMS_APP_EXTERNAL_ID),
      );
      expect(err.details).toMatchObject({ reason: 'bad_request', status: 400 });
      expect(installedFor(U.megan)).toEqual([]);
    });
  });

  describe('managed devices', () => {
    const LIST = '/beta/deviceManagement/managedDevices';

    it('reads the seed’s iOS and iPadOS devices, one query per system, never Android', async () => {
      const pages = await collect<ManagedDeviceRecord>(devices.appleDevicePages());
      const all = pages.flat();
      expect(all.map((d) => d.id)).toEqual([D.adeleIphone, D.isaiahIpad, D.kiosk1]);
      expect(all.find((d) => d.id === D.pattiAndroid)).toBeUndefined();
      expect(all.find((d) => d.id === D.isaiahIpad)).toEqual({
        id: D.isaiahIpad,
        userId: U.isaiah,
        operatingSystem: 'iPadOS',
        ownerType: 'personal',
        deviceEnrollmentType: 'appleAccountDrivenUserEnrollment',
        enrolledDateTime: expect.any(String) as unknown,
      });
      expect(all.find((d) => d.id === D.kiosk1)?.userId).toBeUndefined();
      const filters = requestsTo(LIST).map((r) => new URLSearchParams(r.query).get('$filter'));
      expect(filters).toEqual(["operatingSystem eq 'iOS'", "operatingSystem eq 'iPadOS'"]);
    });

    it('follows next links across pages of 1000, with live enrollments', async () => {
      const people = h.sandbox.state.addSyntheticUsers(G.sales, 1500);
      for (const id of people) h.sandbox.state.enrollDevice(id);
      const megan = h.sandbox.state.enrollDevice(U.megan, { operatingSystem: 'iPadOS' });
      const pages = await collect<ManagedDeviceRecord>(devices.appleDevicePages());
      expect(pages.map((p) => p.length)).toEqual([1000, 501, 3]);
      const ids = pages.flat().map((d) => d.id);
      expect(new Set(ids).size).toBe(1504);
      expect(pages.flat().find((d) => d.id === megan.id)).toMatchObject({
        userId: U.megan,
        operatingSystem: 'iPadOS',
        ownerType: 'personal',
        deviceEnrollmentType: 'appleAccountDrivenUserEnrollment',
      });
      expect(requestsTo(LIST).map((r) => new URLSearchParams(r.query).get('$top'))).toEqual([
        '1000',
        '1000',
        '1000',
      ]);
    });

    it('has the sandbox honour operatingSystem terms joined by or, and refuse other filters', async () => {
      const base = `${h.sandbox.baseUrl}/v1.0/deviceManagement/managedDevices`;
      const either = encodeURIComponent("operatingSystem eq 'iOS' or operatingSystem eq 'Android'");
      const res = await fetch(`${base}?$filter=${either}&$select=id,operatingSystem`);
      const body = (await res.json()) as { value: { id: string; operatingSystem: string }[] };
      expect(body.value.map((d) => d.id)).toEqual([D.adeleIphone, D.pattiAndroid]);
      expect(Object.keys(body.value[0]!).sort()).toEqual(['@odata.type', 'id', 'operatingSystem']);
      const other = await fetch(`${base}?$filter=${encodeURIComponent("userId eq 'x'")}`);
      expect(other.status).toBe(400);
    });

    it('retries a throttled page (429 with Retry-After) and still reads everything', async () => {
      h.sandbox.state.throttleNext(1, 0);
      const all = (await collect<ManagedDeviceRecord>(devices.appleDevicePages())).flat();
      expect(all).toHaveLength(3);
      expect(requestsTo(LIST).map((r) => [r.status, r.retryAttempt])).toEqual([
        [429, undefined],
        [200, '1'],
        [200, undefined],
      ]);
    });

    it('surfaces lasting throttling as throttled', async () => {
      h.sandbox.state.throttleNext(4, 0);
      const err = await caught(collect(devices.appleDevicePages()));
      expect(err.details).toMatchObject({ reason: 'throttled', operation: 'devices.managed' });
    });

    it('names DeviceManagementManagedDevices.Read.All when the permission is missing', async () => {
      h.sandbox.state.denyPermissions.add('devices.read');
      const err = await caught(collect(devices.appleDevicePages()));
      expect(err.details).toMatchObject({
        reason: 'forbidden',
        missingPermission: 'DeviceManagementManagedDevices.Read.All',
      });
    });
  });
});
