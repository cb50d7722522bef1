import { GraphError as SdkGraphError } from '@microsoft/microsoft-graph-client';

import { GraphError } from '../../../src/graph/errors';
import {
  GRAPH_PERMISSIONS,
  graphErrorFromResponse,
  parseRetryAfter,
  toGraphError,
} from '../../../src/graph/graph-errors';
import {
  applicableProfile,
  describeEnrollmentType,
  dynamicGroupRule,
  isDeviceGroup,
  moveTo,
  ruleMentionsDevice,
  type ProfileWithAssignments,
} from '../../../src/graph/profile-logic';
import type { AssignmentTarget, EnrollmentProfile, EnrollmentType } from '../../../src/graph/types';

function profile(id: string, priority: number, type: EnrollmentType = 'device'): EnrollmentProfile {
  return {
    id,
    displayName: id,
    description: '',
    priority,
    defaultEnrollmentType: type,
    availableEnrollmentTypeOptions: [],
  };
}

function withTargets(p: EnrollmentProfile, ...targets: AssignmentTarget[]): ProfileWithAssignments {
  return { profile: p, assignments: targets.map((target, i) => ({ id: `${p.id}-a${i}`, target })) };
}

const all: AssignmentTarget = { kind: 'allUsers' };
const inc = (groupId: string): AssignmentTarget => ({ kind: 'group', groupId });
const exc = (groupId: string): AssignmentTarget => ({ kind: 'exclusionGroup', groupId });

describe('isDeviceGroup', () => {
  it.each([
    ['(device.deviceOSType -eq "iOS")', 0, true],
    ['(Device.DeviceOwnership -eq "Company")', 0, true],
    ['device.enrollmentProfileName -eq "BYOD"', undefined, true],
    ['(user.department -eq "Sales") -and (user.accountEnabled -eq true)', 0, false],
    ['(user.department -eq "device.team")', 0, false],
    ["user.memberOf -any (group.objectId -in ['device.x'])", 0, false],
    ['(user.jobTitle -eq `"device.`" )', 0, false],
    ['(user.extensionAttribute1 -eq "x") -or (mydevice.flag -eq true)', 0, false],
    [undefined, 0, false],
    [undefined, 3, true],
    ['(user.department -eq "Sales")', 1, true],
  ])('rule %p with %p device members → %p', (rule, count, expected) => {
    expect(isDeviceGroup({ membershipRule: rule }, count)).toBe(expected);
  });

  it('finds device. outside a string that contains an escaped quote', () => {
    expect(ruleMentionsDevice('(user.x -eq "a`"b") -or (device.deviceOSType -eq "iOS")')).toBe(
      true,
    );
  });
});

describe('applicableProfile', () => {
  const pilot = 'bbbbbbbb-0000-4000-8000-000000000201';
  const staff = 'bbbbbbbb-0000-4000-8000-000000000202';
  const finance = 'bbbbbbbb-0000-4000-8000-000000000203';
  const adu = profile('adu', 0, 'accountDrivenUserEnrollment');
  const choice = profile('choice', 1);
  const legacy = profile('legacy', 2, 'user');
  const seedLike = [
    withTargets(legacy, all),
    withTargets(adu, inc(pilot)),
    withTargets(choice, inc(staff), exc(finance)),
  ];

  it.each<
    [string, readonly ProfileWithAssignments[], string[], string | undefined, string | undefined]
  >([
    ['pilot member gets the top-priority profile', seedLike, [pilot, staff], 'adu', pilot],
    ['staff member gets the group profile over all users', seedLike, [staff], 'choice', staff],
    [
      'an exclusion skips the profile even when included',
      seedLike,
      [staff, finance],
      'legacy',
      undefined,
    ],
    ['nobody in a group still gets the all-users profile', seedLike, [], 'legacy', undefined],
    ['group ids compare case-insensitively', seedLike, [pilot.toUpperCase()], 'adu', pilot],
    [
      'no profile when nothing targets the user',
      [withTargets(adu, inc(pilot))],
      [staff],
      undefined,
      undefined,
    ],
    [
      'an exclusion-only profile never applies',
      [withTargets(adu, exc(finance))],
      [pilot],
      undefined,
      undefined,
    ],
    ['unassigned profiles never apply', [withTargets(adu)], [pilot], undefined, undefined],
    [
      'lower priority number wins regardless of list order',
      [withTargets(profile('p5', 5), all), withTargets(profile('p3', 3), inc(pilot))],
      [pilot],
      'p3',
      pilot,
    ],
    [
      'exclusion of all-users profile applies to excluded group members',
      [
        withTargets(profile('everyone', 0), all, exc(finance)),
        withTargets(profile('next', 1), all),
      ],
      [finance],
      'next',
      undefined,
    ],
  ])('%s', (_name, profiles, groups, expectedId, expectedGroup) => {
    const result = applicableProfile(profiles, groups);
    expect(result?.profile.id).toBe(expectedId);
    if (expectedId !== undefined) {
      expect(result?.reason).toEqual(
        expectedGroup ? { kind: 'group', groupId: expectedGroup } : { kind: 'allUsers' },
      );
    }
  });
});

describe('dynamicGroupRule', () => {
  it.each([
    ['iOS BYOD', 'device.enrollmentProfileName -eq "iOS BYOD"'],
    ['Say "hi"', 'device.enrollmentProfileName -eq "Say `"hi`""'],
    ['back`tick', 'device.enrollmentProfileName -eq "back``tick"'],
    ['back\\slash', 'device.enrollmentProfileName -eq "back\\slash"'],
  ])('%p → %p', (name, rule) => {
    expect(dynamicGroupRule(name)).toBe(rule);
  });

  it('produces a rule that reads as a device rule', () => {
    expect(isDeviceGroup({ membershipRule: dynamicGroupRule('x "device." y') })).toBe(true);
  });
});

describe('describeEnrollmentType', () => {
  it('describes user choice from the options', () => {
    const line = describeEnrollmentType({
      defaultEnrollmentType: 'unknown',
      availableEnrollmentTypeOptions: [
        { ownerType: 'company', enrollmentType: 'device' },
        { ownerType: 'personal', enrollmentType: 'accountDrivenUserEnrollment' },
      ],
    });
    expect(line).toMatch(/^Determined by user choice/);
    expect(line).toContain('personal devices: account driven user enrollment');
  });

  it('warns that Company Portal user enrollment is legacy', () => {
    expect(describeEnrollmentType(profile('x', 0, 'user'))).toMatch(/legacy/i);
  });
});

describe('moveTo', () => {
  const list = [profile('a', 0), profile('b', 1), profile('c', 2)];
  it('returns the target index when priorities are contiguous, clamped', () => {
    expect(moveTo(list, 'c', 0)).toBe(0);
    expect(moveTo(list, 'a', 9)).toBe(2);
    expect(moveTo(list, 'b', -3)).toBe(0);
  });
  it('uses the priority at that position when there are gaps', () => {
    expect(moveTo([profile('a', 0), profile('b', 5), profile('c', 9)], 'c', 1)).toBe(5);
  });
  it('is undefined for an unknown id', () => {
    expect(moveTo(list, 'zzz', 0)).toBeUndefined();
  });
});

describe('Graph error mapping', () => {
  const body = (code: string, message: string): string =>
    JSON.stringify({
      error: {
        code,
        message,
        innerError: {
          'request-id': 'req-1',
          date: '2025-02-03T04:05:06',
          'client-request-id': 'c-1',
        },
      },
    });

  it('maps 403 to forbidden with the operation’s least-privileged permission and the ids', () => {
    const err = graphErrorFromResponse(
      403,
      body('Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'),
      new Headers({ 'request-id': 'header-id', date: 'Mon, 03 Feb 2025 04:05:06 GMT' }),
      'profiles.create',
    );
    expect(err).toBeInstanceOf(GraphError);
    expect(err.details).toMatchObject({
      reason: 'forbidden',
      status: 403,
      graphCode: 'Authorization_RequestDenied',
      missingPermission: GRAPH_PERMISSIONS.profilesWrite,
      requestId: 'req-1',
      date: '2025-02-03T04:05:06',
      operation: 'profiles.create',
    });
    expect(err.adminMessage()).toContain('DeviceManagementServiceConfig.ReadWrite.All');
    expect(err.adminMessage()).toContain('request-id req-1');
  });

  it.each([
    ['profiles.list', 'DeviceManagementServiceConfig.Read.All'],
    ['assignments.create', 'DeviceManagementServiceConfig.ReadWrite.All'],
    ['groups.search', 'GroupMember.Read.All'],
    ['users.get', 'User.Read.All'],
  ] as const)('names %s → %s', (operation, permission) => {
    const err = graphErrorFromResponse(403, body('Forbidden', 'no'), new Headers(), operation);
    expect(err.details.missingPermission).toBe(permission);
  });

  it('falls back to the request-id and date headers when the body has no innerError', () => {
    const err = graphErrorFromResponse(
      404,
      JSON.stringify({ error: { code: 'ResourceNotFound', message: 'gone' } }),
      new Headers({ 'request-id': 'header-id', date: 'Mon, 03 Feb 2025 04:05:06 GMT' }),
      'profiles.get',
    );
    expect(err.details).toMatchObject({
      reason: 'not_found',
      requestId: 'header-id',
      date: 'Mon, 03 Feb 2025 04:05:06 GMT',
    });
  });

  it.each([
    [400, 'bad_request'],
    [401, 'unauthorized'],
    [409, 'conflict'],
    [429, 'throttled'],
    [503, 'unavailable'],
    [504, 'unavailable'],
    [500, 'unknown'],
  ] as const)('maps %i to %s', (status, reason) => {
    const err = graphErrorFromResponse(
      status,
      body('X', 'Graph says no'),
      new Headers({ 'retry-after': '7' }),
      'profiles.list',
    );
    expect(err.details.reason).toBe(reason);
    expect(err.details.graphMessage).toBe('Graph says no');
    if (reason === 'throttled' || reason === 'unavailable') {
      expect(err.details.retryAfterSeconds).toBe(7);
    } else {
      expect(err.details.retryAfterSeconds).toBeUndefined();
    }
  });

  it('keeps Graph’s message on 400 for the admin', () => {
    const err = graphErrorFromResponse(
      400,
      body('BadRequest', "The property 'foo' does not exist"),
      new Headers(),
      'profiles.update',
    );
    expect(err.adminMessage()).toContain("The property 'foo' does not exist");
  });

  it('maps the SDK’s own GraphError (thrown for non-RAW calls) the same way', () => {
    const sdk = new SdkGraphError(403, 'Insufficient privileges');
    sdk.code = 'Authorization_RequestDenied';
    sdk.requestId = 'sdk-req';
    sdk.body = JSON.stringify({
      code: 'Authorization_RequestDenied',
      message: 'Insufficient privileges',
      innerError: { 'request-id': 'sdk-req', date: '2025-01-01T00:00:00' },
    });
    const err = toGraphError(sdk, 'users.roles');
    expect(err.details).toMatchObject({
      reason: 'forbidden',
      requestId: 'sdk-req',
      date: '2025-01-01T00:00:00',
      missingPermission: 'User.Read.All',
    });
  });

  it('maps credential failures (SDK status -1) to unauthorized and fetch failures to network', () => {
    const cred = new SdkGraphError(
      -1,
      'invalid_client(status code 401).\nMore details:\nAADSTS7000215: Invalid client secret provided.',
    );
    cred.code = 'AuthenticationError';
    expect(toGraphError(cred, 'profiles.list').details).toMatchObject({
      reason: 'unauthorized',
      graphCode: 'invalid_client',
      graphMessage: 'AADSTS7000215: Invalid client secret provided.',
    });
    const net = new SdkGraphError(-1, 'fetch failed');
    net.code = 'TypeError';
    expect(toGraphError(net, 'profiles.list').details.reason).toBe('network');
    expect(toGraphError(new TypeError('fetch failed'), 'users.get').details.reason).toBe('network');
    expect(toGraphError('weird', 'users.get').details.reason).toBe('unknown');
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:10 GMT', now)).toBe(10);
    expect(parseRetryAfter('nonsense', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
