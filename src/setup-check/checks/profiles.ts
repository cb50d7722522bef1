/**
 * Enrollment type profile checks: one assigned profile offers account-driven user enrollment,
 * none uses the retired Company Portal user enrollment, and assignments name user groups only.
 */
import {
  byPriority as comparePriority,
  ENROLLMENT_TYPE_LABELS,
  type ProfileWithAssignments,
} from '../../graph/profile-logic';
import type { AssignmentTarget, EnrollmentProfile } from '../../graph/types';
import type { Translate } from '../../i18n/catalogue';

import { errorItem, item, type GroupIndex, type Outcome, type SetupCheckItem } from './items';
import { english, groupLabel, listNames, quoted, sentences } from './text';

/** True when a profile offers account-driven user enrollment, directly or as a user choice. */
export function offersAccountDriven(p: EnrollmentProfile): boolean {
  return (
    p.defaultEnrollmentType === 'accountDrivenUserEnrollment' ||
    p.availableEnrollmentTypeOptions.some((o) => o.enrollmentType === 'accountDrivenUserEnrollment')
  );
}

function usesRetiredUserEnrollment(p: EnrollmentProfile): boolean {
  return (
    p.defaultEnrollmentType === 'user' ||
    p.availableEnrollmentTypeOptions.some((o) => o.enrollmentType === 'user')
  );
}

/** The targets an assignment list includes (exclusions left out). */
export function includes(assignments: readonly { target: AssignmentTarget }[]): AssignmentTarget[] {
  return assignments.map((a) => a.target).filter((t) => t.kind !== 'exclusionGroup');
}

/** The profiles in priority order, ties broken as the profile list breaks them. */
function byPriority(list: readonly ProfileWithAssignments[]): ProfileWithAssignments[] {
  return [...list].sort((a, b) => comparePriority(a.profile, b.profile));
}

function methodOf(p: EnrollmentProfile, t: Translate): string {
  return p.availableEnrollmentTypeOptions.length > 0
    ? t('setupCheck.profiles.userChoice')
    : ENROLLMENT_TYPE_LABELS[p.defaultEnrollmentType].toLowerCase();
}

function describeIncludes(
  targets: readonly AssignmentTarget[],
  groups: GroupIndex,
  t: Translate,
): string {
  if (targets.some((x) => x.kind === 'allUsers')) return t('setupCheck.text.allUsers');
  return listNames(
    targets.flatMap((x) => (x.kind === 'group' ? [groupLabel(groups, x.groupId, t)] : [])),
    undefined,
    t,
  );
}

/**
 * At least one enrollment type profile must be assigned, and one of the assigned ones should
 * offer account-driven user enrollment (directly or as a user choice).
 */
export function profilesCheck(
  outcome: Outcome<readonly ProfileWithAssignments[]>,
  groups: GroupIndex = new Map(),
  t: Translate = english(),
): SetupCheckItem {
  if (!outcome.ok) return errorItem('profiles', outcome.error, t);
  const all = byPriority(outcome.value);
  if (all.length === 0) {
    return item(
      'profiles',
      'fail',
      t('setupCheck.profiles.none'),
      t('setupCheck.profiles.createFix'),
      t,
    );
  }
  const assigned = all.filter((p) => includes(p.assignments).length > 0);
  if (assigned.length === 0) {
    return item(
      'profiles',
      'fail',
      t('setupCheck.profiles.noneAssigned', {
        count: all.length,
        names: listNames(
          all.map((p) => quoted(p.profile.displayName, t)),
          undefined,
          t,
        ),
      }),
      t('setupCheck.profiles.noneAssignedFix'),
      t,
    );
  }
  const unassigned = all.length - assigned.length;
  const unassignedNote =
    unassigned > 0 ? t('setupCheck.profiles.othersUnassigned', { count: unassigned }) : '';
  const adue = assigned.find((p) => offersAccountDriven(p.profile));
  if (!adue) {
    const profiles = listNames(
      assigned.map((p) =>
        t('setupCheck.profiles.profileMethod', {
          profile: quoted(p.profile.displayName, t),
          method: methodOf(p.profile, t),
        }),
      ),
      undefined,
      t,
    );
    return item(
      'profiles',
      'warn',
      sentences(t('setupCheck.profiles.noAccountDriven', { profiles }), unassignedNote),
      t('setupCheck.profiles.noAccountDrivenFix'),
      t,
    );
  }
  return item(
    'profiles',
    'pass',
    sentences(
      t('setupCheck.profiles.assignedTo', {
        profile: quoted(adue.profile.displayName, t),
        position: positionOf(all, adue),
        method: methodOf(adue.profile, t),
        who: describeIncludes(includes(adue.assignments), groups, t),
      }),
      t('setupCheck.profiles.assignedCount', { assigned: assigned.length, count: all.length }),
      unassignedNote,
    ),
    '',
    t,
  );
}

/**
 * The 1-based position of `p` in the priority order, as the profile list shows it (priority is
 * Graph's number, which may have gaps or repeats; position is what admins see).
 */
function positionOf(all: readonly ProfileWithAssignments[], p: ProfileWithAssignments): number {
  return byPriority(all).indexOf(p) + 1;
}

/** Profiles of the retired Company Portal user enrollment type (`user`) are flagged. */
export function legacyProfilesCheck(
  outcome: Outcome<readonly ProfileWithAssignments[]>,
  t: Translate = english(),
): SetupCheckItem {
  if (!outcome.ok) return errorItem('legacy-profiles', outcome.error, t);
  const legacy = byPriority(outcome.value).filter((p) => usesRetiredUserEnrollment(p.profile));
  if (legacy.length === 0) {
    return item('legacy-profiles', 'pass', t('setupCheck.profiles.noLegacy'), '', t);
  }
  const names = listNames(
    legacy.map((p) => {
      const profile = quoted(p.profile.displayName, t);
      return includes(p.assignments).length > 0
        ? profile
        : t('setupCheck.profiles.notAssignedSuffix', { profile });
    }),
    undefined,
    t,
  );
  return item(
    'legacy-profiles',
    'warn',
    t('setupCheck.profiles.legacy', { names, count: legacy.length }),
    t('setupCheck.profiles.legacyFix'),
    t,
  );
}

/** Group ids an assignment list names (include and exclude), in order, without duplicates. */
export function assignedGroupIds(list: readonly ProfileWithAssignments[]): string[] {
  const ids = new Map<string, string>();
  for (const { assignments } of list) {
    for (const { target } of assignments) {
      if (target.kind !== 'allUsers' && !ids.has(target.groupId.toLowerCase())) {
        ids.set(target.groupId.toLowerCase(), target.groupId);
      }
    }
  }
  return [...ids.values()];
}

/**
 * Device groups in profile assignments fail the check: user enrollment needs a user identity
 * (graph-reference §4.2). Groups that no longer exist are a warning.
 */
export function deviceGroupsCheck(
  profiles: Outcome<readonly ProfileWithAssignments[]>,
  groups: Outcome<GroupIndex>,
  t: Translate = english(),
): SetupCheckItem {
  if (!profiles.ok) return errorItem('device-groups', profiles.error, t);
  const ids = assignedGroupIds(profiles.value);
  if (ids.length === 0) {
    return item('device-groups', 'pass', t('setupCheck.profiles.noGroups'), '', t);
  }
  if (!groups.ok) return errorItem('device-groups', groups.error, t);
  const index = groups.value;
  const usedIn = (groupId: string): string =>
    listNames(
      byPriority(profiles.value)
        .filter((p) =>
          p.assignments.some(
            (a) =>
              a.target.kind !== 'allUsers' &&
              a.target.groupId.toLowerCase() === groupId.toLowerCase(),
          ),
        )
        .map((p) => quoted(p.profile.displayName, t)),
      3,
      t,
    );
  const device = ids.filter((id) => index.get(id.toLowerCase())?.deviceReason !== undefined);
  const missing = ids.filter((id) => index.get(id.toLowerCase())?.found === false);
  if (device.length > 0) {
    const lines = device.map((id) => {
      const facts = index.get(id.toLowerCase());
      const why =
        facts?.deviceReason === 'rule'
          ? t('setupCheck.profiles.dynamicRule')
          : facts?.deviceCount === undefined
            ? t('setupCheck.profiles.someDeviceMembers')
            : t('setupCheck.profiles.deviceMembers', { count: facts.deviceCount });
      return t('setupCheck.profiles.deviceGroup', {
        group: groupLabel(index, id, t),
        why,
        profiles: usedIn(id),
      });
    });
    return item(
      'device-groups',
      'fail',
      t('setupCheck.profiles.deviceGroups', { groups: listNames(lines, undefined, t) }),
      t('setupCheck.profiles.deviceGroupsFix', {
        groups: listNames(
          device.map((id) => groupLabel(index, id, t)),
          undefined,
          t,
        ),
      }),
      t,
    );
  }
  if (missing.length > 0) {
    const groupsIn = missing.map((id) =>
      t('setupCheck.profiles.groupIn', { group: groupLabel(index, id, t), profiles: usedIn(id) }),
    );
    return item(
      'device-groups',
      'warn',
      t('setupCheck.profiles.deletedGroups', {
        groups: listNames(groupsIn, undefined, t),
        count: missing.length,
      }),
      t('setupCheck.profiles.deletedGroupsFix'),
      t,
    );
  }
  return item(
    'device-groups',
    'pass',
    t('setupCheck.profiles.userGroups', {
      count: ids.length,
      groups: listNames(
        ids.map((id) => groupLabel(index, id, t)),
        undefined,
        t,
      ),
    }),
    '',
    t,
  );
}
