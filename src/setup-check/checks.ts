/**
 * The prerequisite checklist of account-driven User Enrollment (enrollment-facts.md
 * "Prerequisites", graph-reference §2), as pure functions from already fetched data to checklist
 * items. No I/O: run-checks.ts fetches, these decide, the card renders. Every text here is plain
 * (no Markdown) and may quote tenant data (names, Apple ID, remote findings): the card escapes it.
 *
 * A fetch that failed arrives as an {@link Outcome} with its error, and only the items that need
 * that data become `error` (with the GraphError's admin message); the rest of the list stands.
 */
import type { DomainCheckReport } from '../discovery/verify-domain';
import { AppError } from '../errors';
import { GraphError } from '../graph/errors';
import { ENROLLMENT_TYPE_LABELS, type ProfileWithAssignments } from '../graph/profile-logic';
import type {
  ApplePushCertificate,
  IosApp,
  IosDeviceFeaturesProfile,
  MdmAuthorityInfo,
  SetupAssignmentTarget,
  SsoConfigurationValue,
  TenantDomain,
} from '../graph/setup-service';
import type { AssignmentTarget, EnrollmentProfile } from '../graph/types';

/** How a checklist item came out. */
export type CheckStatus = 'pass' | 'warn' | 'fail' | 'manual' | 'error';

/** Stable ids of the checklist items, in display order ({@link SETUP_CHECKS}). */
export type SetupCheckId =
  | 'mdm-authority'
  | 'apns'
  | 'authenticator'
  | 'jit'
  | 'profiles'
  | 'legacy-profiles'
  | 'device-groups'
  | 'service-discovery'
  | 'managed-apple-ids';

/** One finished checklist item. Text is plain and untrusted: escape it before display. */
export interface SetupCheckItem {
  id: SetupCheckId;
  title: string;
  status: CheckStatus;
  /** What was found. */
  detail: string;
  /** What to do about it; '' when nothing is needed. For `manual` items: what to check. */
  fix: string;
}

/** An item whose data has not arrived yet (the card shows ⏳ "Checking…"). */
export interface PendingCheckItem {
  id: SetupCheckId;
  title: string;
  status: 'pending';
}

/** An entry of a checklist in progress. */
export type ChecklistEntry = SetupCheckItem | PendingCheckItem;

/** A fetch result: the value, or the error that stopped it. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** What is known about a group an assignment names. */
export interface GroupFacts {
  id: string;
  /** False when Graph answered 404: the assignment points at a deleted group. */
  found: boolean;
  displayName?: string;
  /** Why it is a device group (a `device.` rule, or device members), when it is one. */
  deviceReason?: 'rule' | 'members';
  /** Device members counted, when they were. */
  deviceCount?: number;
}

/** Group facts keyed by lower-cased group id. */
export type GroupIndex = ReadonlyMap<string, GroupFacts>;

/** One domain's service discovery verification. */
export interface DomainVerification {
  domain: string;
  report?: DomainCheckReport;
  /** Why the check could not produce a report (a refused target, a timeout, …). */
  error?: unknown;
}

/** Which domains to verify, from the tenant's domain list ({@link planDomainChecks}). */
export interface DomainPlan {
  /** Verified custom domains to check, at most the limit. */
  toVerify: string[];
  /** Verified *.onmicrosoft.com (and sovereign equivalents): skipped. */
  skipped: string[];
  /** Verified custom domains over the limit: not checked. */
  notChecked: string[];
}

/** The checks, in display order, with their titles. */
export const SETUP_CHECKS: readonly { id: SetupCheckId; title: string }[] = [
  { id: 'mdm-authority', title: 'MDM authority is Microsoft Intune' },
  { id: 'apns', title: 'Apple MDM push certificate' },
  { id: 'authenticator', title: 'Microsoft Authenticator assigned as Required' },
  { id: 'jit', title: 'Just-in-time (JIT) registration' },
  { id: 'profiles', title: 'Enrollment type profile assigned' },
  { id: 'legacy-profiles', title: 'No retired Company Portal user enrollment profiles' },
  { id: 'device-groups', title: 'Profiles assigned to user groups only' },
  { id: 'service-discovery', title: 'Service discovery file on your sign-in domains' },
  { id: 'managed-apple-ids', title: 'Managed Apple Accounts or federated authentication' },
];

/** Microsoft Authenticator's iOS bundle id (graph-reference §2.3). */
export const AUTHENTICATOR_BUNDLE_ID = 'com.microsoft.azureauthenticator';
/** The exact value JIT registration needs (graph-reference §2.4). */
export const DEVICE_REGISTRATION_VALUE = '{{DEVICEREGISTRATION}}';
/** Days before expiry from which the push certificate is a warning. */
export const APNS_WARN_DAYS = 30;
/** Verified custom domains checked per run (each check may take up to 5 s). */
export const MAX_DOMAINS_CHECKED = 8;

const DAY_MS = 24 * 60 * 60 * 1000;
/** Names listed in one sentence before "and N more". */
const MAX_NAMES = 5;
const MAX_NAME_CHARS = 80;
/** Domains users cannot host a web file on (Microsoft's initial domains, per cloud). */
const INITIAL_DOMAIN = /\.(onmicrosoft\.(com|us|de)|onmschina\.cn)$/i;

/** Raised by run-checks when a check did not finish within its budget. */
export class SetupCheckTimeoutError extends AppError {
  public readonly seconds: number;

  public constructor(seconds: number) {
    super('internal', `the check did not finish within ${seconds} s`);
    this.seconds = seconds;
  }
}

/** A successful outcome. */
export function ok<T>(value: T): Outcome<T> {
  return { ok: true, value };
}

/** A failed outcome. */
export function failed<T = never>(error: unknown): Outcome<T> {
  return { ok: false, error };
}

function titleOf(id: SetupCheckId): string {
  return SETUP_CHECKS.find((c) => c.id === id)?.title ?? id;
}

function item(id: SetupCheckId, status: CheckStatus, detail: string, fix = ''): SetupCheckItem {
  return { id, title: titleOf(id), status, detail, fix };
}

/** Shortens a name for a sentence (by code point). */
function short(text: string, max = MAX_NAME_CHARS): string {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

/** “Name” in typographic quotes, shortened. */
function quoted(name: string): string {
  return `“${short(name) || '(no name)'}”`;
}

/** "A, B and C" / "A, B, C, D, E and 3 more". */
export function listNames(names: readonly string[], max = MAX_NAMES): string {
  if (names.length === 0) return '';
  const shown = names.slice(0, max);
  const rest = names.length - shown.length;
  if (rest > 0) return `${shown.join(', ')} and ${rest} more`;
  if (shown.length === 1) return shown[0] ?? '';
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1] ?? ''}`;
}

/** A group's display name, or a short id when it is unknown. */
export function groupLabel(groups: GroupIndex, groupId: string): string {
  const facts = groups.get(groupId.toLowerCase());
  return facts?.displayName ? quoted(facts.displayName) : `group ${groupId.slice(0, 8)}…`;
}

/** What an admin sees when a fetch failed. */
export function errorDetail(error: unknown): string {
  if (error instanceof GraphError) return error.adminMessage();
  if (error instanceof SetupCheckTimeoutError) {
    return `Microsoft Graph did not answer within ${error.seconds} s (it may be throttling).`;
  }
  return 'Something unexpected went wrong while reading this from Microsoft Graph.';
}

/** The `error` item for a check whose data could not be read. */
export function errorItem(id: SetupCheckId, error: unknown): SetupCheckItem {
  const forbidden = error instanceof GraphError && error.details.reason === 'forbidden';
  return item(
    id,
    'error',
    `I could not check this. ${errorDetail(error)}`,
    forbidden
      ? 'Grant the permission to the bot’s app registration (with admin consent), then run the check again.'
      : 'Run the check again in a minute. If it keeps failing, give the request-id to Microsoft support.',
  );
}

/** Pending placeholders for every check (the "Checking…" card). */
export function pendingChecklist(): ChecklistEntry[] {
  return SETUP_CHECKS.map(({ id, title }) => ({ id, title, status: 'pending' }));
}

/** The checklist in display order: finished items, pending placeholders for the rest. */
export function mergeChecklist(done: ReadonlyMap<SetupCheckId, SetupCheckItem>): ChecklistEntry[] {
  return SETUP_CHECKS.map(
    ({ id, title }): ChecklistEntry => done.get(id) ?? { id, title, status: 'pending' },
  );
}

// ---- MDM authority -------------------------------------------------------------------------------

/** MDM authority must be Intune (graph-reference §2.1). */
export function mdmAuthorityCheck(outcome: Outcome<MdmAuthorityInfo>): SetupCheckItem {
  if (!outcome.ok) return errorItem('mdm-authority', outcome.error);
  const { authority, rawValue } = outcome.value;
  const setInIntune =
    'In the Microsoft Intune admin center, set the MDM authority to Microsoft Intune (Tenant administration › Tenant status).';
  switch (authority) {
    case 'intune':
      return item('mdm-authority', 'pass', 'The MDM authority is Microsoft Intune.');
    case 'office365':
      return item(
        'mdm-authority',
        'fail',
        'The MDM authority is Basic Mobility and Security (Office 365), so Intune cannot enroll devices.',
        `Move to Intune: ${setInIntune}`,
      );
    case 'sccm':
      return item(
        'mdm-authority',
        'fail',
        'The MDM authority is Configuration Manager (hybrid MDM), which is retired.',
        `Migrate to Intune standalone. ${setInIntune}`,
      );
    case 'unknown':
      return item(
        'mdm-authority',
        'fail',
        'No MDM authority is set for the tenant.',
        `${setInIntune} Signing in to the admin center as an Intune administrator usually sets it.`,
      );
    case 'unknownFutureValue':
      return item(
        'mdm-authority',
        'fail',
        `The MDM authority is “${short(rawValue ?? '', 40)}”, not Microsoft Intune.`,
        setInIntune,
      );
  }
}

// ---- Apple MDM push certificate ------------------------------------------------------------------

function isoDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/**
 * The Apple MDM push certificate must exist and be valid; under {@link APNS_WARN_DAYS} days left
 * is a warning. Shows the Apple ID it was made with, because renewing with another one breaks
 * every enrolled device (graph-reference §2.2).
 */
export function apnsCheck(
  outcome: Outcome<ApplePushCertificate | undefined>,
  now: Date,
): SetupCheckItem {
  if (!outcome.ok) return errorItem('apns', outcome.error);
  const cert = outcome.value;
  const where =
    'Tenant administration › Connectors and tokens › Apple MDM Push certificate in the Intune admin center';
  if (!cert) {
    return item(
      'apns',
      'fail',
      'There is no Apple MDM push certificate, so iPhones and iPads cannot enroll.',
      `Create one under ${where}, signed in to Apple with a company-owned Apple Account (formerly Apple ID) you will keep for every yearly renewal.`,
    );
  }
  const appleId = cert.appleIdentifier ? `“${short(cert.appleIdentifier, 120)}”` : undefined;
  const madeWith = appleId
    ? `It was created with the Apple Account ${appleId}.`
    : 'Graph does not say which Apple Account created it; look it up in the admin center.';
  const renew = `Renew it under ${where} with the SAME Apple Account${appleId ? ` (${appleId})` : ''}: a certificate from another Apple Account forces every enrolled device to enroll again.`;
  const expiry = cert.expirationDateTime ? Date.parse(cert.expirationDateTime) : Number.NaN;
  if (Number.isNaN(expiry)) {
    return item(
      'apns',
      'warn',
      `A certificate is present but Graph did not give its expiry date. ${madeWith}`,
      `Check its expiry under ${where}.`,
    );
  }
  const left = expiry - now.getTime();
  if (left <= 0) {
    const ago = Math.max(0, Math.floor(-left / DAY_MS));
    return item(
      'apns',
      'fail',
      `It expired on ${isoDay(expiry)}${ago > 0 ? ` (${ago} day${ago === 1 ? '' : 's'} ago)` : ''}: devices can no longer enroll or be managed. ${madeWith}`,
      renew,
    );
  }
  const days = Math.floor(left / DAY_MS);
  const when = days === 0 ? 'today' : `in ${days} day${days === 1 ? '' : 's'}`;
  if (days < APNS_WARN_DAYS) {
    return item('apns', 'warn', `It expires on ${isoDay(expiry)}, ${when}. ${madeWith}`, renew);
  }
  return item(
    'apns',
    'pass',
    `Valid until ${isoDay(expiry)} (${days} days). ${madeWith} Renew it yearly with that same Apple Account.`,
  );
}

// ---- profiles ------------------------------------------------------------------------------------

function offersAccountDriven(p: EnrollmentProfile): boolean {
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

function includes(assignments: readonly { target: AssignmentTarget }[]): AssignmentTarget[] {
  return assignments.map((a) => a.target).filter((t) => t.kind !== 'exclusionGroup');
}

function byPriority(list: readonly ProfileWithAssignments[]): ProfileWithAssignments[] {
  return [...list].sort((a, b) => a.profile.priority - b.profile.priority);
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
    `${quoted(adue.profile.displayName)} (priority ${adue.profile.priority}, ${methodOf(adue.profile)}) is assigned to ${describeIncludes(includes(adue.assignments), groups)}. ${assigned.length} of ${all.length} profile${all.length === 1 ? ' is' : 's are'} assigned.${unassignedNote}`,
  );
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

// ---- Microsoft Authenticator ---------------------------------------------------------------------

function targetLabel(target: SetupAssignmentTarget, groups: GroupIndex): string {
  switch (target.kind) {
    case 'allUsers':
      return 'all users';
    case 'allDevices':
      return 'all devices';
    case 'group':
    case 'exclusionGroup':
      return groupLabel(groups, target.groupId);
    case 'other':
      return `a target of type ${short(target.odataType.replace(/^#microsoft\.graph\./, ''), 40)}`;
  }
}

/** Profiles whose users need Authenticator: assigned ones offering Settings-app enrollment. */
function profilesNeedingAuthenticator(
  list: readonly ProfileWithAssignments[],
): ProfileWithAssignments[] {
  const assigned = list.filter((p) => includes(p.assignments).length > 0);
  const needing = assigned.filter(
    (p) =>
      offersAccountDriven(p.profile) ||
      p.profile.defaultEnrollmentType === 'webDeviceEnrollment' ||
      p.profile.availableEnrollmentTypeOptions.some(
        (o) => o.enrollmentType === 'webDeviceEnrollment',
      ),
  );
  return needing.length > 0 ? needing : assigned;
}

/**
 * Microsoft Authenticator must be assigned as Required to the users who enroll: to all users, or
 * to the groups the enrollment profiles target (graph-reference §2.3). Group coverage compares
 * group ids; nested membership is not evaluated.
 */
export function authenticatorCheck(
  apps: Outcome<readonly IosApp[]>,
  profiles: Outcome<readonly ProfileWithAssignments[]> | undefined,
  groups: GroupIndex = new Map(),
): SetupCheckItem {
  if (!apps.ok) return errorItem('authenticator', apps.error);
  const authenticators = apps.value.filter(
    (a) => a.bundleId.toLowerCase() === AUTHENTICATOR_BUNDLE_ID,
  );
  if (authenticators.length === 0) {
    return item(
      'authenticator',
      'fail',
      'Microsoft Authenticator is not added to Intune as an iOS/iPadOS app, so enrolled devices do not get it and work apps cannot sign in.',
      'Add it (Apps › iOS/iPadOS › Add › iOS store app, or from Apple Business as a VPP app) and assign it as Required to the users who enroll.',
    );
  }
  const assignments = authenticators.flatMap((a) => a.assignments);
  const required = assignments.filter((a) => a.intent === 'required');
  const requiredIncludes = required.map((a) => a.target).filter((t) => t.kind !== 'exclusionGroup');
  const excluded = required.map((a) => a.target).filter((t) => t.kind === 'exclusionGroup');
  const fixRequired =
    'Assign Microsoft Authenticator as Required to All users or to the user groups your enrollment profiles target.';
  if (requiredIncludes.length === 0) {
    const other = assignments.filter(
      (a) => a.intent !== 'required' && a.target.kind !== 'exclusionGroup',
    );
    const intents = listNames(
      other.map(
        (a) =>
          `${a.intent === 'availableWithoutEnrollment' ? 'available without enrollment' : a.intent} for ${targetLabel(a.target, groups)}`,
      ),
    );
    return item(
      'authenticator',
      'fail',
      other.length > 0
        ? `Microsoft Authenticator is assigned, but not as Required: ${intents}.`
        : 'Microsoft Authenticator is in Intune but not assigned to anyone.',
      fixRequired,
    );
  }
  const who = listNames(requiredIncludes.map((t) => targetLabel(t, groups)));
  const exclusionNote =
    excluded.length > 0
      ? ` Excluded: ${listNames(excluded.map((t) => targetLabel(t, groups)))}.`
      : '';
  if (requiredIncludes.some((t) => t.kind === 'allUsers' || t.kind === 'allDevices')) {
    return item('authenticator', 'pass', `Required for ${who}.${exclusionNote}`);
  }
  if (!profiles?.ok) {
    return item(
      'authenticator',
      'pass',
      `Required for ${who}.${exclusionNote} (The enrollment profiles could not be read, so their groups were not compared.)`,
    );
  }
  const needing = profilesNeedingAuthenticator(profiles.value);
  if (needing.length === 0) {
    return item('authenticator', 'pass', `Required for ${who}.${exclusionNote}`);
  }
  const allUsersProfile = needing.find((p) =>
    p.assignments.some((a) => a.target.kind === 'allUsers'),
  );
  if (allUsersProfile) {
    return item(
      'authenticator',
      'warn',
      `Required only for ${who}, but ${quoted(allUsersProfile.profile.displayName)} is assigned to all users: others enroll without it.${exclusionNote}`,
      'Make the Required assignment All users, or add the missing groups.',
    );
  }
  const covered = new Set(
    requiredIncludes.flatMap((t) => (t.kind === 'group' ? [t.groupId.toLowerCase()] : [])),
  );
  const profileGroups = assignedGroupIds(
    needing.map((p) => ({
      profile: p.profile,
      assignments: p.assignments.filter((a) => a.target.kind === 'group'),
    })),
  );
  const uncovered = profileGroups.filter((id) => !covered.has(id.toLowerCase()));
  if (uncovered.length > 0) {
    const names = listNames(uncovered.map((id) => groupLabel(groups, id)));
    return item(
      'authenticator',
      'warn',
      `Required for ${who}, but enrollment profiles also target ${names}: users only in ${uncovered.length === 1 ? 'that group' : 'those groups'} enroll without it (nested groups are not evaluated).${exclusionNote}`,
      `Add a Required assignment for ${names}, or for All users.`,
    );
  }
  return item(
    'authenticator',
    'pass',
    `Required for ${who}, covering every group your enrollment profiles target.${exclusionNote}`,
  );
}

// ---- JIT registration ----------------------------------------------------------------------------

const REGISTRATION_KEY = 'device_registration';

/** Shows a value with its spaces made visible: "“{{X}} ” (1 trailing space)". */
function showValue(value: string): string {
  const leading = value.length - value.trimStart().length;
  const trailing = value.length - value.trimEnd().length;
  const notes = [
    leading > 0 ? `${leading} leading space${leading === 1 ? '' : 's'}` : '',
    trailing > 0 ? `${trailing} trailing space${trailing === 1 ? '' : 's'}` : '',
  ].filter(Boolean);
  // Not `short()`: it trims, and the spaces are the point here.
  const chars = Array.from(value.replace(/\s/g, ' '));
  const shown = chars.length <= 60 ? chars.join('') : `${chars.slice(0, 59).join('')}…`;
  return `“${shown}”${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`;
}

/** Why a `device_registration` setting does not work; empty when it does. */
function registrationProblems(
  setting: SsoConfigurationValue,
  kind: NonNullable<IosDeviceFeaturesProfile['ssoExtension']>['kind'],
): string[] {
  const problems: string[] = [];
  if (setting.key !== REGISTRATION_KEY) {
    problems.push(`the key is ${showValue(setting.key)}, it must be exactly ${REGISTRATION_KEY}`);
  }
  if (setting.type !== 'string' && setting.type !== 'unknown') {
    problems.push(`the value type is ${setting.type}, it must be String`);
  }
  const value = typeof setting.value === 'string' ? setting.value : String(setting.value);
  if (value !== DEVICE_REGISTRATION_VALUE) {
    if (value.trim() === DEVICE_REGISTRATION_VALUE) {
      problems.push(
        `the value is ${showValue(value)}: spaces around ${DEVICE_REGISTRATION_VALUE} break registration`,
      );
    } else if (value.trim().toUpperCase() === DEVICE_REGISTRATION_VALUE) {
      problems.push(
        `the value is ${showValue(value)}, it must be exactly ${DEVICE_REGISTRATION_VALUE} (upper case)`,
      );
    } else {
      problems.push(
        `the value is ${showValue(value)}, it must be exactly ${DEVICE_REGISTRATION_VALUE}`,
      );
    }
  }
  if (kind !== 'azureAd') {
    problems.push(
      `the SSO app extension type is ${kind}, JIT registration needs the Microsoft Entra ID type`,
    );
  }
  return problems;
}

interface JitCandidate {
  profile: IosDeviceFeaturesProfile;
  problems: string[];
  /** Undefined when Graph did not return assignments. */
  assigned: boolean | undefined;
  interactionEnabled: boolean;
}

function jitCandidates(configs: readonly IosDeviceFeaturesProfile[]): JitCandidate[] {
  const out: JitCandidate[] = [];
  for (const profile of configs) {
    const sso = profile.ssoExtension;
    const setting = sso?.configurations.find(
      (c) => c.key.trim().toLowerCase() === REGISTRATION_KEY,
    );
    if (!sso || !setting) continue;
    const interaction = sso.configurations.find(
      (c) => c.key.trim() === 'browser_sso_interaction_enabled',
    );
    out.push({
      profile,
      problems: registrationProblems(setting, sso.kind),
      assigned:
        profile.assignments === undefined
          ? undefined
          : profile.assignments.some((t) => t.kind !== 'exclusionGroup'),
      interactionEnabled: interaction !== undefined && String(interaction.value) === '1',
    });
  }
  return out;
}

/**
 * JIT registration needs an iOS device features profile with an SSO app extension of type
 * Microsoft Entra ID whose `device_registration` is exactly `{{DEVICEREGISTRATION}}` (spaces
 * break it), assigned to the enrolling users (graph-reference §2.4).
 */
export function jitCheck(
  outcome: Outcome<readonly IosDeviceFeaturesProfile[]>,
  groups: GroupIndex = new Map(),
): SetupCheckItem {
  if (!outcome.ok) return errorItem('jit', outcome.error);
  const howTo = `Create or edit an iOS/iPadOS device features profile: Single sign-on app extension, type Microsoft Entra ID, additional configuration ${REGISTRATION_KEY} (String) = ${DEVICE_REGISTRATION_VALUE} and browser_sso_interaction_enabled (Integer) = 1, and assign it to the users who enroll.`;
  const candidates = jitCandidates(outcome.value);
  if (candidates.length === 0) {
    const entra = outcome.value.filter((p) => p.ssoExtension?.kind === 'azureAd');
    return item(
      'jit',
      'fail',
      entra.length > 0
        ? `${listNames(entra.map((p) => quoted(p.displayName)))} ${entra.length === 1 ? 'has' : 'have'} a Microsoft Entra ID SSO app extension, but without ${REGISTRATION_KEY}, so devices are not registered just in time.`
        : `No iOS/iPadOS device features profile has an SSO app extension with ${REGISTRATION_KEY}, so devices are not registered just in time.`,
      howTo,
    );
  }
  const working = candidates.filter((c) => c.problems.length === 0);
  const broken = candidates.filter((c) => c.problems.length > 0);
  const brokenText = listNames(
    broken.map((c) => `${quoted(c.profile.displayName)}: ${c.problems.join('; ')}`),
    2,
  );
  const live = working.find((c) => c.assigned !== false);
  if (!live) {
    if (working[0]) {
      return item(
        'jit',
        'fail',
        `${quoted(working[0].profile.displayName)} is set up correctly but not assigned to anyone.`,
        'Assign it to the same users as your enrollment profiles.',
      );
    }
    return item(
      'jit',
      'fail',
      `${brokenText}.`,
      `Fix the setting: ${REGISTRATION_KEY} (String) = ${DEVICE_REGISTRATION_VALUE}, with no spaces before or after, in an SSO app extension of type Microsoft Entra ID.`,
    );
  }
  const targets = live.profile.assignments?.filter((t) => t.kind !== 'exclusionGroup') ?? [];
  const assignedTo =
    live.assigned === undefined
      ? ''
      : ` It is assigned to ${listNames(targets.map((t) => targetLabel(t, groups)))}.`;
  const interaction = live.interactionEnabled
    ? ''
    : ' browser_sso_interaction_enabled is not set to 1 (recommended).';
  const base = `${quoted(live.profile.displayName)} sets ${REGISTRATION_KEY} = ${DEVICE_REGISTRATION_VALUE}.${assignedTo}${interaction}`;
  if (broken.length > 0) {
    return item(
      'jit',
      'warn',
      `${base} Another profile is broken: ${brokenText}. A device that gets both has conflicting SSO settings.`,
      'Fix or delete the broken profile.',
    );
  }
  return item('jit', 'pass', base);
}

// ---- service discovery ---------------------------------------------------------------------------

/** True for Microsoft's initial domains (*.onmicrosoft.com and its sovereign-cloud equivalents). */
export function isInitialDomain(domain: string): boolean {
  return INITIAL_DOMAIN.test(domain.trim().replace(/\.$/, ''));
}

/**
 * Which of the tenant's domains to verify: verified ones only, skipping the initial
 * *.onmicrosoft.com domains (nobody can host a file there), at most `max`.
 */
export function planDomainChecks(
  domains: readonly TenantDomain[],
  max: number = MAX_DOMAINS_CHECKED,
): DomainPlan {
  const verified = [...new Set(domains.filter((d) => d.isVerified).map((d) => d.id.toLowerCase()))];
  const custom = verified.filter((d) => !isInitialDomain(d)).sort();
  return {
    toVerify: custom.slice(0, max),
    skipped: verified.filter((d) => isInitialDomain(d)).sort(),
    notChecked: custom.slice(max),
  };
}

type DomainStatus = 'pass' | 'warn' | 'fail' | 'error';

function domainLine(v: DomainVerification): { status: DomainStatus; line: string; fix?: string } {
  const name = short(v.domain, 100);
  if (!v.report) {
    const message =
      v.error instanceof AppError && v.error.code !== 'internal'
        ? short(v.error.message, 200)
        : v.error instanceof SetupCheckTimeoutError
          ? `the check did not finish within ${v.error.seconds} s`
          : 'the check could not run';
    const status: DomainStatus =
      v.error instanceof AppError && v.error.code !== 'internal' ? 'fail' : 'error';
    return { status, line: `${name}: ${message}` };
  }
  const findings = Array.isArray(v.report.findings) ? v.report.findings : [];
  const failure = findings.find((f) => f.status === 'fail');
  if (failure || !v.report.ok) {
    return {
      status: 'fail',
      line: `${name}: ${short(failure?.title ?? 'the file is not published correctly', 160)}`,
      fix: failure?.fix,
    };
  }
  const warning = findings.find((f) => f.status === 'warn');
  if (warning) {
    return {
      status: 'warn',
      line: `${name}: works, but ${short(warning.title, 160)}`,
      fix: warning.fix,
    };
  }
  return { status: 'pass', line: `${name}: published correctly` };
}

/**
 * The service discovery file must be published on the domains users sign in with
 * (graph-reference §6.2): a per-domain summary of the checks run on the verified custom domains.
 */
export function serviceDiscoveryCheck(
  domains: Outcome<readonly TenantDomain[]>,
  results: readonly DomainVerification[],
  max: number = MAX_DOMAINS_CHECKED,
): SetupCheckItem {
  if (!domains.ok) return errorItem('service-discovery', domains.error);
  const plan = planDomainChecks(domains.value, max);
  const skippedNote =
    plan.skipped.length > 0
      ? ` Skipped ${listNames(
          plan.skipped.map((d) => short(d, 100)),
          3,
        )}: nobody can host files on *.onmicrosoft.com domains.`
      : '';
  if (plan.toVerify.length === 0) {
    return item(
      'service-discovery',
      'fail',
      `The tenant has no verified custom domain.${skippedNote} Account-driven enrollment needs the file on the domain in users’ sign-in names.`,
      'Add and verify your own domain in Microsoft Entra ID, use it in users’ sign-in names, and publish the service discovery file on it (send “service discovery file”).',
    );
  }
  const lines = plan.toVerify.map((domain) => {
    const result = results.find((r) => r.domain.toLowerCase() === domain);
    return domainLine(result ?? { domain, error: new SetupCheckTimeoutError(5) });
  });
  const rank: Record<DomainStatus, number> = { pass: 0, warn: 1, error: 2, fail: 3 };
  const worst = lines.reduce<DomainStatus>(
    (acc, l) => (rank[l.status] > rank[acc] ? l.status : acc),
    'pass',
  );
  const notCheckedNote =
    plan.notChecked.length > 0
      ? ` Not checked (limit ${max}): ${listNames(
          plan.notChecked.map((d) => short(d, 100)),
          3,
        )}; send “verify domain” with the domain name for those.`
      : '';
  const detail = `${lines.map((l) => l.line).join('. ')}.${skippedNote}${notCheckedNote}`;
  const firstBad = lines.find((l) => l.status === worst && worst !== 'pass');
  const badDomain = firstBad ? plan.toVerify[lines.indexOf(firstBad)] : undefined;
  const fix =
    worst === 'pass'
      ? ''
      : `${firstBad?.fix ? `${short(firstBad.fix, 300)} ` : ''}Send “verify domain ${badDomain ?? ''}” for every finding, or “service discovery file” for the file to publish.`;
  return item('service-discovery', worst, detail, fix);
}

// ---- Apple Business Manager ----------------------------------------------------------------------

/** Managed Apple Accounts or federation live in Apple Business Manager, out of Graph's sight. */
export function managedAppleIdsCheck(): SetupCheckItem {
  return item(
    'managed-apple-ids',
    'manual',
    'Microsoft Graph cannot see Apple Business (formerly Apple Business Manager). Users need a Managed Apple Account (formerly Managed Apple ID), or federated authentication so they sign in with their work account.',
    'In Apple Business: verify your sign-in domain (Preferences › Managed Apple Accounts), then either turn on federated authentication with Microsoft Entra ID for it, or create Managed Apple Accounts for the users who enroll.',
  );
}

// ---- all at once ---------------------------------------------------------------------------------

/** Everything the checklist is computed from. */
export interface SetupCheckInput {
  now: Date;
  mdm: Outcome<MdmAuthorityInfo>;
  apns: Outcome<ApplePushCertificate | undefined>;
  apps: Outcome<readonly IosApp[]>;
  configurations: Outcome<readonly IosDeviceFeaturesProfile[]>;
  profiles: Outcome<readonly ProfileWithAssignments[]>;
  /** Facts about the groups named by profile assignments (device check). */
  profileGroups: Outcome<GroupIndex>;
  /** Names of any other groups mentioned (Authenticator, JIT profile). */
  otherGroups?: GroupIndex;
  domains: Outcome<readonly TenantDomain[]>;
  domainResults: readonly DomainVerification[];
  maxDomains?: number;
}

/** The whole checklist, in display order. */
export function buildChecklist(input: SetupCheckInput): SetupCheckItem[] {
  const names = new Map<string, GroupFacts>([
    ...(input.otherGroups ?? new Map<string, GroupFacts>()),
    ...(input.profileGroups.ok ? input.profileGroups.value : new Map<string, GroupFacts>()),
  ]);
  return [
    mdmAuthorityCheck(input.mdm),
    apnsCheck(input.apns, input.now),
    authenticatorCheck(input.apps, input.profiles, names),
    jitCheck(input.configurations, names),
    profilesCheck(input.profiles, names),
    legacyProfilesCheck(input.profiles),
    deviceGroupsCheck(input.profiles, input.profileGroups),
    serviceDiscoveryCheck(input.domains, input.domainResults, input.maxDomains),
    managedAppleIdsCheck(),
  ];
}
