import { randomUUID } from 'node:crypto';

import { GraphError } from '../../src/graph/errors';
import type {
  AssignmentTarget,
  DirectoryGroup,
  DirectoryService,
  DirectoryUser,
  EnrollmentProfile,
  EnrollmentProfilePatch,
  NewEnrollmentProfile,
  ProfileAssignment,
  ProfileService,
  WithCallInfo,
} from '../../src/graph/types';

/**
 * TEST FAKE: an in-memory Intune tenant implementing ProfileService and DirectoryService, with
 * call recording and failure injection. Turn tests use it; the HTTP sandbox is tested separately.
 */
export class FakeIntune implements ProfileService, DirectoryService {
  public profiles: EnrollmentProfile[] = [];
  public assignments = new Map<string, ProfileAssignment[]>();
  public groups: (DirectoryGroup & { devices?: number; members?: string[] })[] = [];
  public users: (DirectoryUser & { roles?: string[] })[] = [];
  public calls: string[] = [];
  /** Next calls of these operations fail with this error (consumed one by one). */
  public failures = new Map<string, GraphError[]>();
  private clock = Date.parse('2026-11-22T10:00:00Z');

  private call(op: string): { requestId: string; date: string } {
    this.calls.push(op);
    const queue = this.failures.get(op);
    const failure = queue?.shift();
    if (failure) throw failure;
    return { requestId: randomUUID(), date: new Date(this.clock).toUTCString() };
  }

  /** Makes the next `op` call fail with a Graph-like error. */
  public failNext(op: string, status: number, missingPermission?: string): void {
    const reason =
      status === 403
        ? 'forbidden'
        : status === 429
          ? 'throttled'
          : status === 404
            ? 'not_found'
            : status === 400
              ? 'bad_request'
              : 'unknown';
    const err = new GraphError(`injected ${status}`, {
      reason,
      status,
      requestId: 'req-injected-1',
      date: 'Sun, 22 Nov 2026 10:00:00 GMT',
      missingPermission,
    });
    this.failures.set(op, [...(this.failures.get(op) ?? []), err]);
  }

  public list(): Promise<EnrollmentProfile[]> {
    this.call('list');
    return Promise.resolve(
      [...this.profiles].sort((a, b) => a.priority - b.priority).map((p) => ({ ...p })),
    );
  }

  public get(id: string): Promise<EnrollmentProfile | undefined> {
    this.call('get');
    const p = this.profiles.find((x) => x.id === id);
    return Promise.resolve(p ? { ...p } : undefined);
  }

  public create(input: NewEnrollmentProfile): Promise<WithCallInfo<EnrollmentProfile>> {
    const call = this.call('create');
    this.clock += 1000;
    const profile: EnrollmentProfile = {
      id: randomUUID(),
      displayName: input.displayName,
      description: input.description,
      priority: input.priority ?? this.profiles.length,
      defaultEnrollmentType: input.defaultEnrollmentType,
      availableEnrollmentTypeOptions: input.availableEnrollmentTypeOptions,
      createdDateTime: new Date(this.clock).toISOString(),
    };
    this.profiles.push(profile);
    this.assignments.set(profile.id, []);
    return Promise.resolve({ value: { ...profile }, call });
  }

  public update(
    id: string,
    patch: EnrollmentProfilePatch,
  ): Promise<WithCallInfo<EnrollmentProfile | undefined>> {
    const call = this.call('update');
    const p = this.profiles.find((x) => x.id === id);
    if (p) Object.assign(p, patch);
    return Promise.resolve({ value: p ? { ...p } : undefined, call });
  }

  public delete(id: string): Promise<WithCallInfo<void>> {
    const call = this.call('delete');
    this.profiles = this.profiles.filter((p) => p.id !== id);
    this.assignments.delete(id);
    this.renumber();
    return Promise.resolve({ value: undefined, call });
  }

  public setPriority(id: string, priority: number): Promise<WithCallInfo<void>> {
    const call = this.call('setPriority');
    const sorted = [...this.profiles].sort((a, b) => a.priority - b.priority);
    const moving = sorted.find((p) => p.id === id);
    if (moving) {
      const rest = sorted.filter((p) => p.id !== id);
      rest.splice(Math.min(priority, rest.length), 0, moving);
      rest.forEach((p, i) => (p.priority = i));
    }
    return Promise.resolve({ value: undefined, call });
  }

  public listAssignments(id: string): Promise<ProfileAssignment[]> {
    this.call('listAssignments');
    return Promise.resolve([...(this.assignments.get(id) ?? [])]);
  }

  public addAssignment(
    id: string,
    target: AssignmentTarget,
  ): Promise<WithCallInfo<ProfileAssignment>> {
    const call = this.call('addAssignment');
    const a = { id: randomUUID(), target };
    this.assignments.set(id, [...(this.assignments.get(id) ?? []), a]);
    return Promise.resolve({ value: a, call });
  }

  public removeAssignment(id: string, assignmentId: string): Promise<WithCallInfo<void>> {
    const call = this.call('removeAssignment');
    this.assignments.set(
      id,
      (this.assignments.get(id) ?? []).filter((a) => a.id !== assignmentId),
    );
    return Promise.resolve({ value: undefined, call });
  }

  public searchGroups(text: string, top = 10): Promise<DirectoryGroup[]> {
    this.call('searchGroups');
    const t = text.toLowerCase();
    return Promise.resolve(
      this.groups.filter((g) => g.displayName.toLowerCase().includes(t)).slice(0, top),
    );
  }

  public getGroup(id: string): Promise<DirectoryGroup | undefined> {
    this.call('getGroup');
    return Promise.resolve(this.groups.find((g) => g.id === id));
  }

  public countDeviceMembers(groupId: string): Promise<number> {
    this.call('countDeviceMembers');
    return Promise.resolve(this.groups.find((g) => g.id === groupId)?.devices ?? 0);
  }

  public searchUsers(text: string, top = 5): Promise<DirectoryUser[]> {
    this.call('searchUsers');
    const words = text.toLowerCase().split(/\s+/).filter(Boolean);
    const starts = (value: string): boolean =>
      words.every((w) =>
        value
          .toLowerCase()
          .split(/[\s@.]+/)
          .some((part) => part.startsWith(w)),
      );
    return Promise.resolve(
      this.users.filter((u) => starts(u.displayName) || starts(u.userPrincipalName)).slice(0, top),
    );
  }

  public getUser(idOrUpn: string): Promise<DirectoryUser | undefined> {
    this.call('getUser');
    const k = idOrUpn.toLowerCase();
    return Promise.resolve(
      this.users.find((u) => u.id === k || u.userPrincipalName.toLowerCase() === k),
    );
  }

  public listUserMembers(groupId: string, top = 50): Promise<DirectoryUser[]> {
    this.call('listUserMembers');
    const members = this.groups.find((g) => g.id === groupId)?.members ?? [];
    return Promise.resolve(
      this.users
        .filter((u) => members.includes(u.id))
        .sort((a, b) => a.displayName.localeCompare(b.displayName))
        .slice(0, top),
    );
  }

  public countUserMembers(groupId: string): Promise<number> {
    this.call('countUserMembers');
    const members = this.groups.find((g) => g.id === groupId)?.members ?? [];
    return Promise.resolve(this.users.filter((u) => members.includes(u.id)).length);
  }

  /** Users per page of {@link userMemberPages} (Graph's is 999). */
  public memberPageSize = 999;

  public async *userMemberPages(groupId: string): AsyncIterable<DirectoryUser[]> {
    this.call('userMemberPages');
    const members = new Set(this.groups.find((g) => g.id === groupId)?.members ?? []);
    const users = this.users.filter((u) => members.has(u.id));
    for (let i = 0; i < users.length; i += this.memberPageSize) {
      await Promise.resolve();
      yield users.slice(i, i + this.memberPageSize);
    }
  }

  public userGroupIds(userId: string): Promise<string[]> {
    this.call('userGroupIds');
    return Promise.resolve(this.groups.filter((g) => g.members?.includes(userId)).map((g) => g.id));
  }

  public userRoleTemplateIds(userId: string): Promise<string[]> {
    this.call('userRoleTemplateIds');
    return Promise.resolve(this.users.find((u) => u.id === userId)?.roles ?? []);
  }

  private renumber(): void {
    [...this.profiles].sort((a, b) => a.priority - b.priority).forEach((p, i) => (p.priority = i));
  }
}

/** Ids used by the seeded fake. */
export const FAKE = {
  admin: 'aaaaaaaa-0000-4000-8000-000000000001',
  employee: 'eeeeeeee-0000-4000-8000-000000000002',
  sales: '5a1e5000-0000-4000-8000-000000000001',
  salesDevices: '5a1e5000-0000-4000-8000-000000000002',
  dynamicDevices: '5a1e5000-0000-4000-8000-000000000003',
  finance: 'f1a2c300-0000-4000-8000-000000000001',
} as const;

/** A fake tenant with two profiles, user and device groups, an admin and an employee. */
export function seededIntune(): FakeIntune {
  const f = new FakeIntune();
  f.users = [
    {
      id: FAKE.admin,
      displayName: 'Adele Vance',
      userPrincipalName: 'adelev@contoso.example',
      roles: ['3a2c62db-5318-420d-8d74-23affee5d9d5'],
    },
    { id: FAKE.employee, displayName: 'Megan Bowen', userPrincipalName: 'meganb@contoso.example' },
  ];
  f.groups = [
    { id: FAKE.sales, displayName: 'Sales', groupTypes: [], members: [FAKE.employee] },
    { id: FAKE.salesDevices, displayName: 'Sales iPads', groupTypes: [], devices: 12 },
    {
      id: FAKE.dynamicDevices,
      displayName: 'Sales iOS devices (dynamic)',
      groupTypes: ['DynamicMembership'],
      membershipRule: '(device.deviceOSType -eq "iOS")',
    },
    { id: FAKE.finance, displayName: 'Finance', groupTypes: [], members: [] },
  ];
  f.profiles = [
    {
      id: 'p-0',
      displayName: 'BYOD account driven',
      description: '',
      priority: 0,
      defaultEnrollmentType: 'accountDrivenUserEnrollment',
      availableEnrollmentTypeOptions: [],
    },
    {
      id: 'p-1',
      displayName: 'Legacy Company Portal UE',
      description: 'old',
      priority: 1,
      defaultEnrollmentType: 'user',
      availableEnrollmentTypeOptions: [],
    },
  ];
  f.assignments.set('p-0', [{ id: 'a-0', target: { kind: 'group', groupId: FAKE.finance } }]);
  f.assignments.set('p-1', [{ id: 'a-1', target: { kind: 'allUsers' } }]);
  return f;
}
