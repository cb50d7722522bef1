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

import { errorItem, item, type GroupIndex, type Outcome, type SetupCheckItem } from './items';
import { groupLabel, listNames, quoted } from './text';

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

function methodOf(p: EnrollmentProfile): string {
  return p.availableEnrollmentTypeOptions.length > 0
    ? 'user choice'
    : ENROLLMENT_TYPE_LABELS[p.defaultEnrollmentType].toLowerCase();
}

function describeIncludes(targets: readonly AssignmentTarget[], groups: GroupIndex): string {
  if (targets.some((t) => t.kind === 'allUsers')) return 'all users';
  return listNames(
    targets.flatMap((t) => (t.kind === 'group' ? [groupLabel(groups, t.groupId)] : [])),
  );
}

/**
 * At least one enrollment type profile must be assigned, and one of the assigned ones should
 * offer account-driven user enrollment (directly or as a user choice).
 */
export function profilesCheck(
  outcome: Outcome<readonly ProfileWithAssignments[]>,
  groups: GroupIndex = new Map(),
): SetupCheckItem {
  if (!outcome.ok) return errorItem('profiles', outcome.error);
  const all = byPriority(outcome.value);
  const create =
    'Create one in the Intune admin center (Devices › Enrollment › Apple › Enrollment types › Create profile), or send “create profile”, and assign it to the users who enroll.';
  if (all.length === 0) {
    return item(
      'profiles',
      'fail',
      'There is no iOS/iPadOS enrollment type profile, so Intune does not know how users should enroll.',
      create,
    );
  }
  const assigned = all.filter((p) => includes(p.assignments).length > 0);
  if (assigned.length === 0) {
    return item(
      'profiles',
      'fail',
      `${all.length === 1 ? 'The only profile' : `None of the ${all.length} profiles`} (${listNames(all.map((p) => quoted(p.profile.displayName)))}) ${all.length === 1 ? 'is' : 'are'} assigned, so nobody gets ${all.length === 1 ? 'it' : 'them'}.`,
      'Assign a profile to All users or to the user groups who enroll (send “profiles” to edit one).',
    );
  }
  const unassigned = all.length - assigned.length;
  const unassignedNote =
    unassigned > 0
      ? ` ${unassigned} other profile${unassigned === 1 ? ' is' : 's are'} not assigned.`
      : '';
  const adue = assigned.find((p) => offersAccountDriven(p.profile));
  if (!adue) {
    return item(
      'profiles',
      'warn',
      `No assigned profile offers account-driven user enrollment. Assigned: ${listNames(assigned.map((p) => `${quoted(p.profile.displayName)} (${methodOf(p.profile)})`))}.${unassignedNote}`,
      'For personal devices, create or change a profile to “Account driven user enrollment” or “Determine based on user choice” (Intune supports iOS/iPadOS 17 and later).',
    );
  }
  return item(
    'profiles',
    'pass',
    `${quoted(adue.profile.displayName)} (position ${positionOf(all, adue)} in the priority order, ${methodOf(adue.profile)}) is assigned to ${describeIncludes(includes(adue.assignments), groups)}. ${assigned.length} of ${all.length} profile${all.length === 1 ? ' is' : 's are'} assigned.${unassignedNote}`,
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
): SetupCheckItem {
  if (!outcome.ok) return errorItem('legacy-profiles', outcome.error);
  const legacy = byPriority(outcome.value).filter((p) => usesRetiredUserEnrollment(p.profile));
  if (legacy.length === 0) {
    return item(
      'legacy-profiles',
      'pass',
      'No profile uses “User enrollment with Company Portal”, which is retired.',
    );
  }
  const names = listNames(
    legacy.map(
      (p) =>
        `${quoted(p.profile.displayName)}${includes(p.assignments).length > 0 ? '' : ' (not assigned)'}`,
    ),
  );
  return item(
    'legacy-profiles',
    'warn',
    `${names} ${legacy.length === 1 ? 'uses' : 'use'} User enrollment with Company Portal, which Intune no longer offers for newly enrolled devices (since September 2024). Devices already enrolled this way keep working.`,
    'Change these profiles to Account driven user enrollment (Intune supports iOS/iPadOS 17 and later), or delete them once no new device needs them.',
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
): SetupCheckItem {
  if (!profiles.ok) return errorItem('device-groups', profiles.error);
  const ids = assignedGroupIds(profiles.value);
  if (ids.length === 0) {
    return item(
      'device-groups',
      'pass',
      'No profile is assigned to a group (only to all users, or not at all).',
    );
  }
  if (!groups.ok) return errorItem('device-groups', groups.error);
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
        .map((p) => quoted(p.profile.displayName)),
      3,
    );
  const device = ids.filter((id) => index.get(id.toLowerCase())?.deviceReason !== undefined);
  const missing = ids.filter((id) => index.get(id.toLowerCase())?.found === false);
  if (device.length > 0) {
    const lines = device.map((id) => {
      const facts = index.get(id.toLowerCase());
      const why =
        facts?.deviceReason === 'rule'
          ? 'its dynamic rule uses device attributes'
          : `it has ${facts?.deviceCount ?? 'some'} device member${facts?.deviceCount === 1 ? '' : 's'}`;
      return `${groupLabel(index, id)} (${why}) in ${usedIn(id)}`;
    });
    return item(
      'device-groups',
      'fail',
      `Device groups are not supported: user enrollment needs a user identity. ${listNames(lines)}.`,
      `Remove ${listNames(device.map((id) => groupLabel(index, id)))} from the profile assignments and assign user groups instead.`,
    );
  }
  if (missing.length > 0) {
    return item(
      'device-groups',
      'warn',
      `${listNames(missing.map((id) => `${groupLabel(index, id)} in ${usedIn(id)}`))} no longer exist${missing.length === 1 ? 's' : ''} in Microsoft Entra ID.`,
      'Remove assignments to deleted groups from the profiles.',
    );
  }
  return item(
    'device-groups',
    'pass',
    `All ${ids.length} group${ids.length === 1 ? '' : 's'} in profile assignments ${ids.length === 1 ? 'is a user group' : 'are user groups'}: ${listNames(ids.map((id) => groupLabel(index, id)))}.`,
  );
}
