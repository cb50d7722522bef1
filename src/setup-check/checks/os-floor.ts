/**
 * The Intune OS floor: Intune supports iOS/iPadOS 17 and later, while Apple's account-driven and
 * web enrollment start at 15 (enrollment-facts.md, "supported OS versions"). An enrollment
 * restriction with a minimum of 17.0 keeps older devices out; without it, people on 15–16 enroll
 * into a setup Intune no longer supports (app protection and app configuration need 17).
 * Microsoft also notes that an iOS user enrollment profile overrides an enrollment restriction,
 * so the floor may not stop account-driven user enrollment; Graph exposes no OS setting on the
 * enrollment profile itself, so that part is said, not checked.
 */
import type { IosEnrollmentRestriction } from '../../graph/setup-service';

import { errorItem, item, type Outcome, type SetupCheckItem } from './items';
import { listNames, quoted } from './text';

/** The lowest iOS/iPadOS version Intune supports. */
export const INTUNE_MINIMUM_IOS = 17;

/** `[major, minor]` of a version text like `17.0` or `16.4.1`; undefined when it is not one. */
function parseVersion(text: string): [number, number] | undefined {
  const match = /^(\d{1,3})(?:\.(\d{1,3}))?/.exec(text.trim());
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2] ?? 0)];
}

const OVERRIDE_NOTE =
  'Microsoft notes that a user enrollment profile overrides enrollment restrictions, so account-driven user enrollment may still let 15–16 in; the guide tells those employees to update first.';

const HOW_TO =
  'In the Intune admin center, Devices › Enrollment › Device platform restriction › iOS/iPadOS: set the minimum OS version to 17.0 on the default restriction and on any that apply to the people who enroll.';

/** Whether enrollment restrictions keep devices below iOS/iPadOS 17 out (where Graph shows it). */
export function osFloorCheck(
  outcome: Outcome<readonly IosEnrollmentRestriction[]>,
): SetupCheckItem {
  if (!outcome.ok) return errorItem('os-floor', outcome.error);
  const usable = outcome.value.filter((r) => !r.platformBlocked);
  if (usable.length === 0) {
    return item(
      'os-floor',
      outcome.value.length === 0 ? 'warn' : 'pass',
      outcome.value.length === 0
        ? 'No iOS/iPadOS enrollment restriction came back from Intune, so nothing keeps devices below iOS/iPadOS 17 out.'
        : 'Every iOS/iPadOS enrollment restriction blocks the platform, so no device below 17 can enroll through them.',
      outcome.value.length === 0 ? HOW_TO : '',
    );
  }
  const open = usable.filter((r) => {
    const v = r.osMinimumVersion === undefined ? undefined : parseVersion(r.osMinimumVersion);
    return v === undefined || v[0] < INTUNE_MINIMUM_IOS;
  });
  const name = (r: IosEnrollmentRestriction): string =>
    quoted(r.displayName || (r.priority === 0 ? 'Default restriction' : r.id.slice(0, 8)));
  if (open.length === 0) {
    const lowest = [...usable].sort((a, b) => {
      const va = parseVersion(a.osMinimumVersion ?? '') ?? [0, 0];
      const vb = parseVersion(b.osMinimumVersion ?? '') ?? [0, 0];
      return va[0] - vb[0] || va[1] - vb[1];
    })[0];
    return item(
      'os-floor',
      'pass',
      `Enrollment restrictions require iOS/iPadOS ${lowest?.osMinimumVersion ?? '17'} or later (${listNames(usable.map(name), 3)}), so older devices can't enroll through them. ${OVERRIDE_NOTE}`,
    );
  }
  const described = open.map((r) =>
    r.osMinimumVersion === undefined
      ? `${name(r)} sets no minimum`
      : `${name(r)} allows ${r.osMinimumVersion} and later`,
  );
  return item(
    'os-floor',
    'warn',
    `${listNames(described, 3)}, so devices on iOS/iPadOS 15–16, which Intune no longer supports, can still enroll. Their owners get through enrollment, but app protection and app configuration need 17, so work apps may not get their settings. ${OVERRIDE_NOTE}`,
    HOW_TO,
  );
}
