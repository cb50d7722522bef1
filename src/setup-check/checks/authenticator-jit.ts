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
import type { Translate } from '../../i18n/catalogue';

import { errorItem, item, type GroupIndex, type Outcome, type SetupCheckItem } from './items';
import { assignedGroupIds, includes, offersAccountDriven } from './profiles';
import { english, groupLabel, listNames, quoted, sentences, short } from './text';

/** Microsoft Authenticator's iOS bundle id (graph-reference §2.3). */
export const AUTHENTICATOR_BUNDLE_ID = 'com.microsoft.azureauthenticator';
/** The exact value JIT registration needs (graph-reference §2.4). */
export const DEVICE_REGISTRATION_VALUE = '{{DEVICEREGISTRATION}}';

// ---- Microsoft Authenticator ---------------------------------------------------------------------

function targetLabel(target: SetupAssignmentTarget, groups: GroupIndex, t: Translate): string {
  switch (target.kind) {
    case 'allUsers':
      return t('setupCheck.text.allUsers');
    case 'allDevices':
      return t('setupCheck.text.allDevices');
    case 'group':
    case 'exclusionGroup':
      return groupLabel(groups, target.groupId, t);
    case 'other':
      return t('setupCheck.text.otherTarget', {
        type: short(target.odataType.replace(/^#microsoft\.graph\./, ''), 40),
      });
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
  t: Translate = english(),
): SetupCheckItem {
  if (!apps.ok) return errorItem('authenticator', apps.error, t);
  const authenticators = apps.value.filter(
    (a) => a.bundleId.toLowerCase() === AUTHENTICATOR_BUNDLE_ID,
  );
  if (authenticators.length === 0) {
    return item(
      'authenticator',
      'fail',
      t('setupCheck.authenticator.notAdded'),
      t('setupCheck.authenticator.notAddedFix'),
      t,
    );
  }
  const assignments = authenticators.flatMap((a) => a.assignments);
  const required = assignments.filter((a) => a.intent === 'required');
  const requiredIncludes = required.map((a) => a.target).filter((t) => t.kind !== 'exclusionGroup');
  const excluded = required.map((a) => a.target).filter((t) => t.kind === 'exclusionGroup');
  const fixRequired = t('setupCheck.authenticator.fixRequired');
  if (requiredIncludes.length === 0) {
    const other = assignments.filter(
      (a) => a.intent !== 'required' && a.target.kind !== 'exclusionGroup',
    );
    const intents = listNames(
      other.map((a) =>
        t('setupCheck.authenticator.intentFor', {
          intent:
            a.intent === 'availableWithoutEnrollment'
              ? t('setupCheck.authenticator.availableWithoutEnrollment')
              : a.intent,
          target: targetLabel(a.target, groups, t),
        }),
      ),
      undefined,
      t,
    );
    return item(
      'authenticator',
      'fail',
      other.length > 0
        ? t('setupCheck.authenticator.notRequired', { intents })
        : t('setupCheck.authenticator.notAssigned'),
      fixRequired,
      t,
    );
  }
  const who = listNames(
    requiredIncludes.map((target) => targetLabel(target, groups, t)),
    undefined,
    t,
  );
  const exclusionNote =
    excluded.length > 0
      ? t('setupCheck.authenticator.excluded', {
          names: listNames(
            excluded.map((target) => targetLabel(target, groups, t)),
            undefined,
            t,
          ),
        })
      : '';
  const requiredFor = sentences(t('setupCheck.authenticator.requiredFor', { who }), exclusionNote);
  if (
    requiredIncludes.some((target) => target.kind === 'allUsers' || target.kind === 'allDevices')
  ) {
    return item('authenticator', 'pass', requiredFor, '', t);
  }
  if (!profiles?.ok) {
    return item(
      'authenticator',
      'pass',
      sentences(requiredFor, t('setupCheck.authenticator.notCompared')),
      '',
      t,
    );
  }
  const needing = profilesNeedingAuthenticator(profiles.value);
  if (needing.length === 0) {
    return item('authenticator', 'pass', requiredFor, '', t);
  }
  const allUsersProfile = needing.find((p) =>
    p.assignments.some((a) => a.target.kind === 'allUsers'),
  );
  if (allUsersProfile) {
    return item(
      'authenticator',
      'warn',
      sentences(
        t('setupCheck.authenticator.requiredOnlyFor', {
          who,
          profile: quoted(allUsersProfile.profile.displayName, t),
        }),
        exclusionNote,
      ),
      t('setupCheck.authenticator.requiredOnlyForFix'),
      t,
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
    const names = listNames(
      uncovered.map((id) => groupLabel(groups, id, t)),
      undefined,
      t,
    );
    return item(
      'authenticator',
      'warn',
      sentences(
        t('setupCheck.authenticator.uncovered', { who, names, count: uncovered.length }),
        exclusionNote,
      ),
      t('setupCheck.authenticator.uncoveredFix', { names }),
      t,
    );
  }
  return item(
    'authenticator',
    'pass',
    sentences(t('setupCheck.authenticator.covering', { who }), exclusionNote),
    '',
    t,
  );
}

// ---- JIT registration ----------------------------------------------------------------------------

const REGISTRATION_KEY = 'device_registration';

/** Shows a value with its spaces made visible: "“{{X}} ” (1 trailing space)". */
function showValue(value: string, t: Translate): string {
  const leading = value.length - value.trimStart().length;
  const trailing = value.length - value.trimEnd().length;
  const notes = [
    leading > 0 ? t('setupCheck.jit.leadingSpaces', { count: leading }) : '',
    trailing > 0 ? t('setupCheck.jit.trailingSpaces', { count: trailing }) : '',
  ].filter(Boolean);
  // Not `short()`: it trims, and the spaces are the point here.
  const chars = Array.from(value.replace(/\s/g, ' '));
  const shown = chars.length <= 60 ? chars.join('') : `${chars.slice(0, 59).join('')}…`;
  return notes.length > 0
    ? t('setupCheck.jit.valueWithNotes', {
        value: shown,
        notes: notes.join(t('setupCheck.jit.noteSeparator')),
      })
    : t('setupCheck.jit.value', { value: shown });
}

/** Why a `device_registration` setting does not work; empty when it does. */
function registrationProblems(
  setting: SsoConfigurationValue,
  kind: NonNullable<IosDeviceFeaturesProfile['ssoExtension']>['kind'],
  t: Translate,
): string[] {
  const problems: string[] = [];
  if (setting.key !== REGISTRATION_KEY) {
    problems.push(
      t('setupCheck.jit.keyWrong', { key: showValue(setting.key, t), expected: REGISTRATION_KEY }),
    );
  }
  if (setting.type !== 'string' && setting.type !== 'unknown') {
    problems.push(t('setupCheck.jit.typeWrong', { type: setting.type }));
  }
  const value = typeof setting.value === 'string' ? setting.value : String(setting.value);
  if (value !== DEVICE_REGISTRATION_VALUE) {
    const values = { value: showValue(value, t), expected: DEVICE_REGISTRATION_VALUE };
    if (value.trim() === DEVICE_REGISTRATION_VALUE) {
      problems.push(t('setupCheck.jit.valueSpaces', values));
    } else if (value.trim().toUpperCase() === DEVICE_REGISTRATION_VALUE) {
      problems.push(t('setupCheck.jit.valueUpperCase', values));
    } else {
      problems.push(t('setupCheck.jit.valueWrong', values));
    }
  }
  if (kind !== 'azureAd') {
    problems.push(t('setupCheck.jit.kindWrong', { kind }));
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

function jitCandidates(configs: readonly IosDeviceFeaturesProfile[], t: Translate): JitCandidate[] {
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
      problems: registrationProblems(setting, sso.kind, t),
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
  t: Translate = english(),
): SetupCheckItem {
  if (!outcome.ok) return errorItem('jit', outcome.error, t);
  const setting = { key: REGISTRATION_KEY, value: DEVICE_REGISTRATION_VALUE };
  const howTo = t('setupCheck.jit.howTo', setting);
  const candidates = jitCandidates(outcome.value, t);
  if (candidates.length === 0) {
    const entra = outcome.value.filter((p) => p.ssoExtension?.kind === 'azureAd');
    return item(
      'jit',
      'fail',
      entra.length > 0
        ? t('setupCheck.jit.entraWithoutKey', {
            names: listNames(
              entra.map((p) => quoted(p.displayName, t)),
              undefined,
              t,
            ),
            key: REGISTRATION_KEY,
            count: entra.length,
          })
        : t('setupCheck.jit.noExtension', { key: REGISTRATION_KEY }),
      howTo,
      t,
    );
  }
  const working = candidates.filter((c) => c.problems.length === 0);
  const broken = candidates.filter((c) => c.problems.length > 0);
  const brokenText = listNames(
    broken.map((c) =>
      t('setupCheck.jit.brokenProfile', {
        profile: quoted(c.profile.displayName, t),
        problems: c.problems.join(t('setupCheck.jit.problemSeparator')),
      }),
    ),
    2,
    t,
  );
  const live = working.find((c) => c.assigned !== false);
  if (!live) {
    if (working[0]) {
      return item(
        'jit',
        'fail',
        t('setupCheck.jit.notAssigned', { profile: quoted(working[0].profile.displayName, t) }),
        t('setupCheck.jit.notAssignedFix'),
        t,
      );
    }
    return item(
      'jit',
      'fail',
      t('setupCheck.jit.broken', { broken: brokenText }),
      t('setupCheck.jit.brokenFix', setting),
      t,
    );
  }
  const targets = live.profile.assignments?.filter((x) => x.kind !== 'exclusionGroup') ?? [];
  const assignedTo =
    live.assigned === undefined
      ? ''
      : t('setupCheck.jit.assignedTo', {
          targets: listNames(
            targets.map((x) => targetLabel(x, groups, t)),
            undefined,
            t,
          ),
        });
  const profile = quoted(live.profile.displayName, t);
  const base = sentences(t('setupCheck.jit.sets', { profile, ...setting }), assignedTo);
  const notes: string[] = [];
  const fixes: string[] = [];
  if (!live.interactionEnabled) {
    notes.push(t('setupCheck.jit.interactionOff'));
    fixes.push(t('setupCheck.jit.interactionOffFix', { profile }));
  }
  if (live.microsoftBundleIds.length > 0) {
    notes.push(
      t('setupCheck.jit.microsoftApps', { ids: listNames(live.microsoftBundleIds, 3, t) }),
    );
    fixes.push(t('setupCheck.jit.microsoftAppsFix'));
  }
  if (broken.length > 0) {
    notes.push(t('setupCheck.jit.anotherBroken', { broken: brokenText }));
    fixes.push(t('setupCheck.jit.anotherBrokenFix'));
  }
  if (notes.length > 0) {
    return item('jit', 'warn', sentences(base, ...notes), sentences(...fixes), t);
  }
  return item('jit', 'pass', base, '', t);
}
