/**
 * The sandbox as the Playground demo uses it: started from configuration, seeded with the mock
 * tenant's people, and coherent with the profile rules and the admin check.
 */
import fs from 'node:fs';
import path from 'node:path';

import pino from 'pino';
import { parse } from 'yaml';

import { createGraphServices, type GraphServices } from '../../src/app/graph-services';
import { configuredAdmins } from '../../src/auth/admin-check';
import { createGraphAdminChecker } from '../../src/auth/graph-admin-check';
import { loadConfig } from '../../src/config/env';
import { applicableProfile } from '../../src/graph/profile-logic';
import { SANDBOX_NOTICE } from '../../src/sandbox/graph-sandbox';
import { defaultSeed, SEED_IDS, SEED_TENANT_ID } from '../../src/sandbox/seed';

const ROOT = path.resolve(__dirname, '../..');

interface PlaygroundUser {
  name: string;
  userPrincipleName: string;
  aadObjectId: string;
}

describe('the local Intune sandbox seed', () => {
  it('uses the Playground mock tenant’s tenant, people, object ids and UPNs', () => {
    const yml = parse(fs.readFileSync(path.join(ROOT, '.m365agentsplayground.yml'), 'utf8')) as {
      tenantId: string;
      currentUser: PlaygroundUser;
      users: PlaygroundUser[];
    };
    expect(SEED_TENANT_ID).toBe(yml.tenantId);
    const people = [yml.currentUser, ...yml.users].map((u) => ({
      id: u.aadObjectId,
      displayName: u.name,
      userPrincipalName: u.userPrincipleName,
    }));
    const seeded = defaultSeed().users.map(({ id, displayName, userPrincipalName }) => ({
      id,
      displayName,
      userPrincipalName,
    }));
    expect(seeded).toEqual(expect.arrayContaining(people));
    expect(seeded).toHaveLength(people.length);
  });

  it('references only objects that exist', () => {
    const seed = defaultSeed();
    const ids = new Set(
      [...seed.users, ...seed.groups, ...seed.devices].map((o) => o.id.toLowerCase()),
    );
    for (const g of seed.groups) for (const m of g.members) expect(ids).toContain(m.toLowerCase());
    for (const r of seed.directoryRoles)
      for (const m of r.members) expect(ids).toContain(m.toLowerCase());
    for (const p of seed.profiles) {
      for (const a of p.assignments) {
        if ('groupId' in a.target) expect(ids).toContain(a.target.groupId.toLowerCase());
      }
    }
  });
});

describe('sandbox mode from configuration', () => {
  let services: GraphServices;

  beforeAll(async () => {
    const config = loadConfig({ GRAPH_SANDBOX_PORT: '0' }, { dotenvPath: undefined });
    expect(config.graph.mode).toBe('sandbox');
    services = await createGraphServices(config.graph, pino({ level: 'silent' }));
  });

  afterAll(async () => {
    await services.close();
  });

  it('starts the sandbox on loopback with the banner', () => {
    expect(services.mode).toBe('sandbox');
    expect(services.notice).toBe(SANDBOX_NOTICE);
    expect(services.sandbox?.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('applies the profile Intune would pick to each person in the demo', async () => {
    const profiles = await services.profiles.list();
    const withAssignments = await Promise.all(
      profiles.map(async (profile) => ({
        profile,
        assignments: await services.profiles.listAssignments(profile.id),
      })),
    );
    const picked: Record<string, string | undefined> = {};
    for (const [name, id] of Object.entries(SEED_IDS.users)) {
      const groups = await services.directory.userGroupIds(id);
      picked[name] = applicableProfile(withAssignments, groups)?.profile.id;
    }
    const P = SEED_IDS.profiles;
    expect(picked).toEqual({
      adele: P.userChoice,
      megan: P.accountDriven,
      alex: P.userChoice,
      lynne: P.userChoice,
      isaiah: P.accountDriven,
      patti: P.legacyCompanyPortal,
    });
  });

  it('recognises Adele as the Intune admin and nobody else', async () => {
    const checker = createGraphAdminChecker({
      directory: services.directory,
      adminGroupId: SEED_IDS.groups.intuneAdmins,
      configured: configuredAdmins([]),
    });
    const admins: string[] = [];
    for (const [name, id] of Object.entries(SEED_IDS.users)) {
      if (await checker.isAdmin(id)) admins.push(name);
    }
    expect(admins).toEqual(['adele']);
  });
});
