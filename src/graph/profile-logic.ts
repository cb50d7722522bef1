/**
 * Pure rules about enrollment-type profiles and groups: no I/O, so flows and cards can use them
 * with data from any ProfileService/DirectoryService, and tests can table-drive them.
 */
import type {
  DirectoryGroup,
  EnrollmentProfile,
  EnrollmentType,
  OwnerTypeOption,
  ProfileAssignment,
} from './types';

/**
 * Removes the string literals from a dynamic membership rule: `"…"` (a quote inside is written
 * `` `" ``) and `'…'` (a quote inside is doubled), so attribute names can be found without
 * matching text inside values.
 */
function withoutStringLiterals(rule: string): string {
  return rule.replace(/"(?:`.|[^"`])*"/gs, '""').replace(/'(?:''|[^'])*'/g, "''");
}

/** True when a membership rule uses a `device.` attribute (outside string values). */
export function ruleMentionsDevice(rule: string | undefined): boolean {
  if (!rule) return false;
  // An attribute starts the rule or follows a space, bracket or comma; never a quote or letter.
  return /(^|[\s([,])device\./i.test(withoutStringLiterals(rule));
}

/**
 * Whether a group is a device group, which enrollment-type profiles do not support (user
 * enrollment needs a user identity, graph-reference §4.2): its dynamic rule uses `device.`
 * attributes, or it has device members (`deviceMemberCount` from countDeviceMembers, when known).
 */
export function isDeviceGroup(
  group: Pick<DirectoryGroup, 'membershipRule'>,
  deviceMemberCount?: number,
): boolean {
  return ruleMentionsDevice(group.membershipRule) || (deviceMemberCount ?? 0) > 0;
}

/** A profile with its assignments, as applicableProfile needs them. */
export interface ProfileWithAssignments {
  profile: EnrollmentProfile;
  assignments: readonly ProfileAssignment[];
}

/** Why a profile applies to a user. */
export type ApplicabilityReason = { kind: 'allUsers' } | { kind: 'group'; groupId: string };

/** The profile Intune applies to a user, and why. */
export interface ApplicableProfile {
  profile: EnrollmentProfile;
  reason: ApplicabilityReason;
}

/**
 * The profile Intune applies to a user: among profiles assigned to all users or to a group the
 * user is in (directly or nested, as transitiveMemberOf gives them), and that exclude none of the
 * user's groups, the one with the highest priority (lowest number). An exclusion beats an
 * inclusion on the same profile. Equal priorities (which Graph should not produce) fall back to
 * the list order. Group ids compare case-insensitively.
 */
export function applicableProfile(
  profilesWithAssignments: readonly ProfileWithAssignments[],
  userGroupIds: readonly string[],
): ApplicableProfile | undefined {
  const groups = new Set(userGroupIds.map((id) => id.toLowerCase()));
  const member = (groupId: string): boolean => groups.has(groupId.toLowerCase());
  let best: ApplicableProfile | undefined;
  for (const { profile, assignments } of profilesWithAssignments) {
    const excluded = assignments.some(
      (a) => a.target.kind === 'exclusionGroup' && member(a.target.groupId),
    );
    if (excluded) continue;
    let reason: ApplicabilityReason | undefined;
    for (const { target } of assignments) {
      if (target.kind === 'allUsers') {
        reason = { kind: 'allUsers' };
        break;
      }
      if (target.kind === 'group' && member(target.groupId)) {
        reason ??= { kind: 'group', groupId: target.groupId };
      }
    }
    if (reason && (!best || profile.priority < best.profile.priority)) {
      best = { profile, reason };
    }
  }
  return best;
}

/** Short names of the enrollment methods, as the Intune admin center words them. */
export const ENROLLMENT_TYPE_LABELS: Readonly<Record<EnrollmentType, string>> = {
  accountDrivenUserEnrollment: 'Account driven user enrollment',
  webDeviceEnrollment: 'Web based device enrollment',
  device: 'Device enrollment with Company Portal',
  user: 'User enrollment with Company Portal',
  unknown: 'Unknown enrollment method',
  unknownFutureValue: 'An enrollment method this bot does not know yet',
};

function describeOption(option: OwnerTypeOption): string {
  const owner =
    option.ownerType === 'personal'
      ? 'personal devices'
      : option.ownerType === 'company'
        ? 'company devices'
        : 'other devices';
  return `${owner}: ${ENROLLMENT_TYPE_LABELS[option.enrollmentType].toLowerCase()}`;
}

/** One line an admin can read: the method, what it means, and legacy warnings. */
export function describeEnrollmentType(
  profile: Pick<EnrollmentProfile, 'defaultEnrollmentType' | 'availableEnrollmentTypeOptions'>,
): string {
  if (profile.availableEnrollmentTypeOptions.length > 0) {
    const options = profile.availableEnrollmentTypeOptions.map(describeOption).join('; ');
    return `Determined by user choice (${options}).`;
  }
  switch (profile.defaultEnrollmentType) {
    case 'accountDrivenUserEnrollment':
      return 'Account driven user enrollment: employees sign in from the Settings app; work data stays separate (Intune supports iOS/iPadOS 17 and later).';
    case 'webDeviceEnrollment':
      return 'Web based device enrollment: the whole device is managed, enrolled from a web page without Company Portal.';
    case 'device':
      return 'Device enrollment with Company Portal: the whole device is managed; personal and work data are not separated.';
    case 'user':
      return 'User enrollment with Company Portal (legacy): Intune no longer supports it for newly enrolled devices; use account driven user enrollment.';
    case 'unknown':
    case 'unknownFutureValue':
      return 'The enrollment method is not set or not known to this bot; check the profile in the Intune admin center.';
  }
}

/**
 * A dynamic device-group rule matching devices enrolled with a profile of this name. A `"` in
 * the name is escaped as `` `" `` (Entra's rule syntax); a backtick is doubled so it cannot start
 * an escape (inferred from the same syntax; Entra documents only the quote).
 */
export function dynamicGroupRule(profileName: string): string {
  const escaped = profileName.replace(/`/g, '``').replace(/"/g, '`"');
  return `device.enrollmentProfileName -eq "${escaped}"`;
}

/**
 * Priority order as the list shows it: Graph's priority, then the id, so profiles that share a
 * priority number (real tenants have gaps and repeats) always appear in the same order.
 */
export function byPriority(
  a: Pick<EnrollmentProfile, 'id' | 'priority'>,
  b: Pick<EnrollmentProfile, 'id' | 'priority'>,
): number {
  return a.priority - b.priority || a.id.localeCompare(b.id);
}

/**
 * The priority to send to setPriority so the profile ends up at `newIndex` (0-based, clamped) of
 * the list sorted by priority: the priority of the profile now at that position, which equals
 * `newIndex` when priorities are contiguous. Undefined when the id is not in the list.
 */
export function moveTo(
  profiles: readonly Pick<EnrollmentProfile, 'id' | 'priority'>[],
  id: string,
  newIndex: number,
): number | undefined {
  const sorted = [...profiles].sort(byPriority);
  if (!sorted.some((p) => p.id === id)) return undefined;
  const index = Math.min(Math.max(0, Math.trunc(newIndex)), sorted.length - 1);
  return sorted[index]?.priority;
}
