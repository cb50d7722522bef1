import { configuredAdmins } from '../../../src/auth/admin-check';
import {
  createGraphAdminChecker,
  graphAdminCheck,
  type GraphAdminCheckOptions,
} from '../../../src/auth/graph-admin-check';
import { GraphError } from '../../../src/graph/errors';
import {
  ADMIN_ROLE_TEMPLATE_IDS,
  type DirectoryGroup,
  type DirectoryService,
  type DirectoryUser,
} from '../../../src/graph/types';

const ADELE = 'aaaaaaaa-0000-4000-8000-000000000001';
const MEGAN = 'eeeeeeee-0000-4000-8000-000000000002';
const ALEX = 'dddddddd-0000-4000-8000-000000000003';
const PATTI = 'eeeeeeee-0000-4000-8000-000000000006';
const ADMIN_GROUP = 'bbbbbbbb-0000-4000-8000-000000000207';
const HELPDESK_ROLE = '729827e3-9c14-49f7-bb1b-9608f156bbb8';

/** An in-memory DirectoryService that records role and group lookups and can fail on demand. */
class FakeDirectory implements DirectoryService {
  public roles = new Map<string, string[]>();
  public groups = new Map<string, string[]>();
  public roleCalls: string[] = [];
  public groupCalls: string[] = [];
  public failRoles: GraphError | undefined;
  public failGroups: GraphError | undefined;

  public searchUsers(): Promise<DirectoryUser[]> {
    return Promise.resolve([]);
  }
  public listUserMembers(): Promise<DirectoryUser[]> {
    return Promise.resolve([]);
  }
  public searchGroups(): Promise<DirectoryGroup[]> {
    return Promise.resolve([]);
  }
  public getGroup(): Promise<DirectoryGroup | undefined> {
    return Promise.resolve(undefined);
  }
  public countDeviceMembers(): Promise<number> {
    return Promise.resolve(0);
  }
  public countUserMembers(): Promise<number> {
    return Promise.resolve(0);
  }
  public async *userMemberPages(): AsyncIterable<DirectoryUser[]> {}
  public getUser(): Promise<DirectoryUser | undefined> {
    return Promise.resolve(undefined);
  }
  public userGroupIds(userId: string): Promise<string[]> {
    this.groupCalls.push(userId);
    return this.failGroups
      ? Promise.reject(this.failGroups)
      : Promise.resolve(this.groups.get(userId) ?? []);
  }
  public userRoleTemplateIds(userId: string): Promise<string[]> {
    this.roleCalls.push(userId);
    return this.failRoles
      ? Promise.reject(this.failRoles)
      : Promise.resolve(this.roles.get(userId) ?? []);
  }
}

function graphFailure(): GraphError {
  return new GraphError('Graph users.roles failed (503)', {
    reason: 'unavailable',
    status: 503,
    requestId: 'req-503',
    date: 'Mon, 03 Feb 2025 04:05:06 GMT',
  });
}

describe('graph admin check', () => {
  let directory: FakeDirectory;
  let clock: number;
  let options: GraphAdminCheckOptions;

  beforeEach(() => {
    directory = new FakeDirectory();
    directory.roles.set(ADELE, [ADMIN_ROLE_TEMPLATE_IDS.intuneAdministrator]);
    directory.roles.set(ALEX, [HELPDESK_ROLE]);
    directory.groups.set(PATTI, ['bbbbbbbb-0000-4000-8000-000000000203', ADMIN_GROUP]);
    clock = 1_000_000;
    options = {
      directory,
      adminGroupId: ADMIN_GROUP,
      configured: configuredAdmins([]),
      ttlMs: 60_000,
      now: () => clock,
    };
  });

  it('recognises Intune Administrator and Global Administrator by role template id', async () => {
    directory.roles.set(MEGAN, [ADMIN_ROLE_TEMPLATE_IDS.globalAdministrator.toUpperCase()]);
    const checker = createGraphAdminChecker(options);
    expect(await checker.checkAdmin(ADELE)).toEqual({ admin: true, source: 'role' });
    expect(await checker.checkAdmin(MEGAN)).toEqual({ admin: true, source: 'role' });
  });

  it('does not count other roles, such as Helpdesk Administrator', async () => {
    expect(await graphAdminCheck(options)(ALEX)).toBe(false);
  });

  it('recognises members of the admin group (transitive ids from Graph)', async () => {
    expect(await createGraphAdminChecker(options).checkAdmin(PATTI)).toEqual({
      admin: true,
      source: 'group',
    });
  });

  it('ignores the group when no admin group is configured', async () => {
    const isAdmin = graphAdminCheck({ ...options, adminGroupId: undefined });
    expect(await isAdmin(PATTI)).toBe(false);
    expect(directory.groupCalls).toEqual([]);
  });

  it('accepts configured admins without asking Graph', async () => {
    const isAdmin = graphAdminCheck({ ...options, configured: configuredAdmins([MEGAN]) });
    expect(await isAdmin(MEGAN)).toBe(true);
    expect(directory.roleCalls).toEqual([]);
  });

  it('refuses missing or malformed ids without asking Graph', async () => {
    const isAdmin = graphAdminCheck(options);
    expect(await isAdmin(undefined)).toBe(false);
    expect(await isAdmin('../users/x')).toBe(false);
    expect(directory.roleCalls).toEqual([]);
  });

  it('caches yes and no answers for the TTL, then asks again', async () => {
    const checker = createGraphAdminChecker(options);
    await checker.checkAdmin(ADELE);
    await checker.checkAdmin(MEGAN);
    clock += 59_999;
    directory.roles.set(MEGAN, [ADMIN_ROLE_TEMPLATE_IDS.intuneAdministrator]);
    expect(await checker.isAdmin(ADELE)).toBe(true);
    expect(await checker.isAdmin(MEGAN)).toBe(false);
    expect(directory.roleCalls).toEqual([ADELE, MEGAN]);
    clock += 1;
    expect(await checker.isAdmin(MEGAN)).toBe(true);
    expect(directory.roleCalls).toEqual([ADELE, MEGAN, MEGAN]);
  });

  it('a removed admin keeps read access at most the TTL, but a fresh check (every write) refuses at once', async () => {
    const checker = createGraphAdminChecker(options);
    expect((await checker.checkAdmin(ADELE)).admin).toBe(true);
    directory.roles.set(ADELE, []); // removed from Intune Administrator
    clock += 1_000;
    // A read within the TTL may still use the cached "yes" (the documented bound: 60 s).
    expect((await checker.checkAdmin(ADELE)).admin).toBe(true);
    // A write asks the directory now.
    expect((await checker.checkAdmin(ADELE, { fresh: true })).admin).toBe(false);
    // ...and the fresh answer replaces the cached one for reads too.
    expect((await checker.checkAdmin(ADELE)).admin).toBe(false);
    expect(directory.roleCalls).toEqual([ADELE, ADELE]);
  });

  it('shares one lookup between concurrent checks of the same person', async () => {
    const checker = createGraphAdminChecker(options);
    const answers = await Promise.all([checker.isAdmin(ADELE), checker.isAdmin(ADELE)]);
    expect(answers).toEqual([true, true]);
    expect(directory.roleCalls).toEqual([ADELE]);
  });

  it('fails closed on a Graph failure, says why, and does not cache it', async () => {
    const checker = createGraphAdminChecker(options);
    directory.failRoles = graphFailure();
    const result = await checker.checkAdmin(ADELE);
    expect(result.admin).toBe(false);
    expect(result.error).toBeInstanceOf(GraphError);
    expect(result.error?.adminMessage()).toContain('request-id req-503');
    expect(await checker.isAdmin(ADELE)).toBe(false);
    directory.failRoles = undefined;
    expect(await checker.isAdmin(ADELE)).toBe(true);
    expect(directory.roleCalls).toEqual([ADELE, ADELE, ADELE]);
  });

  it('answers a definite, cached "no" for a user the directory does not know (404)', async () => {
    const checker = createGraphAdminChecker(options);
    const notFound = new GraphError('Graph users.roles failed (404)', {
      reason: 'not_found',
      status: 404,
      requestId: 'req-404',
    });
    directory.failRoles = notFound;
    directory.failGroups = notFound;
    const result = await checker.checkAdmin(MEGAN);
    expect(result).toEqual({ admin: false });
    await checker.checkAdmin(MEGAN);
    expect(directory.roleCalls).toEqual([MEGAN]);
  });

  it('still admits an admin-group member when only the role lookup fails', async () => {
    directory.failRoles = graphFailure();
    expect(await createGraphAdminChecker(options).checkAdmin(PATTI)).toEqual({
      admin: true,
      source: 'group',
    });
  });

  it('reports the group lookup failure when roles say no', async () => {
    directory.failGroups = graphFailure();
    const result = await createGraphAdminChecker(options).checkAdmin(MEGAN);
    expect(result.admin).toBe(false);
    expect(result.error?.details.reason).toBe('unavailable');
  });

  it('wraps a non-Graph error from the directory as a GraphError', async () => {
    const broken = new FakeDirectory();
    broken.userRoleTemplateIds = () => Promise.reject(new Error('boom'));
    const result = await createGraphAdminChecker({ ...options, directory: broken }).checkAdmin(
      ADELE,
    );
    expect(result.admin).toBe(false);
    expect(result.error).toBeInstanceOf(GraphError);
  });

  it('forgets cached answers on clear()', async () => {
    const checker = createGraphAdminChecker(options);
    await checker.checkAdmin(ADELE);
    checker.clear();
    await checker.checkAdmin(ADELE);
    expect(directory.roleCalls).toEqual([ADELE, ADELE]);
  });
});
