/**
 * Device sign-in checks: Microsoft Authenticator assigned as Required to the users who enroll, and
 * just-in-time registration through the Microsoft Entra ID SSO app extension (graph-reference
 * §2.3, §2.4).
 */
import type { ProfileWithAssignments } from '../../graph/profile-logic';
import type {
  IosApp,
  IosDeviceFeaturesProfile,
  SetupAssignmentTarget,
  SsoConfigurationValue,
} from '../../graph/setup-service';

import { errorItem, item, type GroupIndex, type Outcome, type SetupCheckItem } from './items';
import { assignedGroupIds, includes, offersAccountDriven } from './profiles';
import { groupLabel, listNames, quoted, short } from './text';

/** Microsoft Authenticator's iOS bundle id (graph-reference §2.3). */
export const AUTHENTICATOR_BUNDLE_ID = 'com.microsoft.azureauthenticator';
/** The exact value JIT registration needs (graph-reference §2.4). */
export const DEVICE_REGISTRATION_VALUE = '{{DEVICEREGISTRATION}}';

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
  /** Microsoft apps' bundle ids listed in the policy (Microsoft says not to). */
  microsoftBundleIds: string[];
}

/** Additional-configuration keys that list apps allowed to use the extension (comma-separated). */
const APP_LIST_KEYS = new Set(['appallowlist', 'appprefixallowlist']);

/**
 * Bundle ids of Microsoft apps (including Authenticator) in the extension's access list or its
 * app allow lists. Microsoft's apps use the extension through their own sign-in library, and
 * Microsoft asks not to add them or Authenticator to the policy (enrollment-facts.md,
 * Prerequisites, JIT registration; memdocs setup-just-in-time-registration.md).
 */
function microsoftBundleIds(sso: NonNullable<IosDeviceFeaturesProfile['ssoExtension']>): string[] {
  const listed = [
    ...(sso.bundleIds ?? []),
    ...sso.configurations
      .filter((c) => APP_LIST_KEYS.has(c.key.trim().toLowerCase()) && typeof c.value === 'string')
      .flatMap((c) => String(c.value).split(',')),
  ].map((id) => id.trim());
  return [...new Set(listed.filter((id) => /^com\.microsoft\./i.test(id)))];
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
      microsoftBundleIds: microsoftBundleIds(sso),
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
  const base = `${quoted(live.profile.displayName)} sets ${REGISTRATION_KEY} = ${DEVICE_REGISTRATION_VALUE}.${assignedTo}`;
  const notes: string[] = [];
  const fixes: string[] = [];
  if (!live.interactionEnabled) {
    notes.push(
      'browser_sso_interaction_enabled is not set to 1, which Microsoft recommends so that sign-in in the browser also uses the extension.',
    );
    fixes.push(
      `Add browser_sso_interaction_enabled (Integer) = 1 to ${quoted(live.profile.displayName)}.`,
    );
  }
  if (live.microsoftBundleIds.length > 0) {
    notes.push(
      `Its SSO policy lists Microsoft apps (${listNames(live.microsoftBundleIds, 3)}); Microsoft asks not to add Microsoft apps or Authenticator there, as they use the extension on their own.`,
    );
    fixes.push('Remove the com.microsoft.* bundle ids from the app lists of the SSO extension.');
  }
  if (broken.length > 0) {
    notes.push(
      `Another profile is broken: ${brokenText}. A device that gets both has conflicting SSO settings.`,
    );
    fixes.push('Fix or delete the broken profile.');
  }
  if (notes.length > 0) {
    return item('jit', 'warn', `${base} ${notes.join(' ')}`, fixes.join(' '));
  }
  return item('jit', 'pass', base);
}
