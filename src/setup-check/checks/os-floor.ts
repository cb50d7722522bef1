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
import type { Translate } from '../../i18n/catalogue';

import { errorItem, item, type Outcome, type SetupCheckItem } from './items';
import { english, listNames, quoted, sentences } from './text';

/** The lowest iOS/iPadOS version Intune supports. */
export const INTUNE_MINIMUM_IOS = 17;

/** `[major, minor]` of a version text like `17.0` or `16.4.1`; undefined when it is not one. */
function parseVersion(text: string): [number, number] | undefined {
  const match = /^(\d{1,3})(?:\.(\d{1,3}))?/.exec(text.trim());
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2] ?? 0)];
}

/** Whether enrollment restrictions keep devices below iOS/iPadOS 17 out (where Graph shows it). */
export function osFloorCheck(
  outcome: Outcome<readonly IosEnrollmentRestriction[]>,
  t: Translate = english(),
): SetupCheckItem {
  if (!outcome.ok) return errorItem('os-floor', outcome.error, t);
  const overrideNote = t('setupCheck.osFloor.overrideNote');
  const howTo = t('setupCheck.osFloor.howTo');
  const usable = outcome.value.filter((r) => !r.platformBlocked);
  if (usable.length === 0) {
    return item(
      'os-floor',
      outcome.value.length === 0 ? 'warn' : 'pass',
      outcome.value.length === 0
        ? t('setupCheck.osFloor.noRestriction')
        : t('setupCheck.osFloor.allBlocked'),
      outcome.value.length === 0 ? howTo : '',
      t,
    );
  }
  const open = usable.filter((r) => {
    const v = r.osMinimumVersion === undefined ? undefined : parseVersion(r.osMinimumVersion);
    return v === undefined || v[0] < INTUNE_MINIMUM_IOS;
  });
  const name = (r: IosEnrollmentRestriction): string =>
    quoted(
      r.displayName ||
        (r.priority === 0 ? t('setupCheck.osFloor.defaultRestriction') : r.id.slice(0, 8)),
      t,
    );
  if (open.length === 0) {
    const lowest = [...usable].sort((a, b) => {
      const va = parseVersion(a.osMinimumVersion ?? '') ?? [0, 0];
      const vb = parseVersion(b.osMinimumVersion ?? '') ?? [0, 0];
      return va[0] - vb[0] || va[1] - vb[1];
    })[0];
    return item(
      'os-floor',
      'pass',
      sentences(
        t('setupCheck.osFloor.required', {
          version: lowest?.osMinimumVersion ?? String(INTUNE_MINIMUM_IOS),
          names: listNames(usable.map(name), 3, t),
        }),
        overrideNote,
      ),
      '',
      t,
    );
  }
  const described = open.map((r) =>
    r.osMinimumVersion === undefined
      ? t('setupCheck.osFloor.noMinimum', { name: name(r) })
      : t('setupCheck.osFloor.allows', { name: name(r), version: r.osMinimumVersion }),
  );
  return item(
    'os-floor',
    'warn',
    sentences(
      t('setupCheck.osFloor.open', { restrictions: listNames(described, 3, t) }),
      overrideNote,
    ),
    howTo,
    t,
  );
}
