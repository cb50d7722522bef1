/**
 * The vocabulary every setup check shares: the checklist item and outcome types, the catalogue of
 * checks in display order, and the helpers that build finished, pending and `error` items.
 */
import { AppError } from '../../errors';
import { GraphError } from '../../graph/errors';
import type { Translate } from '../../i18n/catalogue';

import { english } from './text';

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
  | 'os-floor'
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

/** The checks' titles in one language. */
function checkTitles(t: Translate): Record<SetupCheckId, string> {
  return {
    'mdm-authority': t('setupCheck.titles.mdmAuthority'),
    apns: t('setupCheck.titles.apns'),
    authenticator: t('setupCheck.titles.authenticator'),
    jit: t('setupCheck.titles.jit'),
    profiles: t('setupCheck.titles.profiles'),
    'legacy-profiles': t('setupCheck.titles.legacyProfiles'),
    'device-groups': t('setupCheck.titles.deviceGroups'),
    'os-floor': t('setupCheck.titles.osFloor'),
    'service-discovery': t('setupCheck.titles.serviceDiscovery'),
    'managed-apple-ids': t('setupCheck.titles.managedAppleIds'),
  };
}

/** The checks in display order, with their titles in one language (English by default). */
export function setupChecks(t: Translate = english()): { id: SetupCheckId; title: string }[] {
  const titles = checkTitles(t);
  return (Object.keys(titles) as SetupCheckId[]).map((id) => ({ id, title: titles[id] }));
}

/** The checks, in display order, with their English titles. */
export const SETUP_CHECKS: readonly { id: SetupCheckId; title: string }[] = setupChecks();

/** Raised by run-checks when a check did not finish within its budget. */
export class SetupCheckTimeoutError extends AppError {
  public readonly seconds: number;

  public constructor(seconds: number) {
    // i18n-exempt: the error's own message, for logs (people read errorDetail)
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

/** The display title of a check. */
function titleOf(id: SetupCheckId, t: Translate): string {
  return checkTitles(t)[id];
}

/** A finished item with the check's title. */
export function item(
  id: SetupCheckId,
  status: CheckStatus,
  detail: string,
  fix = '',
  t: Translate = english(),
): SetupCheckItem {
  return { id, title: titleOf(id, t), status, detail, fix };
}

/** What an admin sees when a fetch failed. */
export function errorDetail(error: unknown, t: Translate = english()): string {
  if (error instanceof GraphError) return error.adminMessage();
  if (error instanceof SetupCheckTimeoutError) {
    return t('setupCheck.error.graphTimeout', { seconds: error.seconds });
  }
  return t('setupCheck.error.unexpected');
}

/** The `error` item for a check whose data could not be read. */
export function errorItem(
  id: SetupCheckId,
  error: unknown,
  t: Translate = english(),
): SetupCheckItem {
  const forbidden = error instanceof GraphError && error.details.reason === 'forbidden';
  return item(
    id,
    'error',
    t('setupCheck.error.detail', { detail: errorDetail(error, t) }),
    forbidden ? t('setupCheck.error.fixForbidden') : t('setupCheck.error.fixRetry'),
    t,
  );
}

/** Pending placeholders for every check (the "Checking…" card). */
export function pendingChecklist(t: Translate = english()): ChecklistEntry[] {
  return setupChecks(t).map(({ id, title }) => ({ id, title, status: 'pending' }));
}

/** The checklist in display order: finished items, pending placeholders for the rest. */
export function mergeChecklist(
  done: ReadonlyMap<SetupCheckId, SetupCheckItem>,
  t: Translate = english(),
): ChecklistEntry[] {
  return setupChecks(t).map(
    ({ id, title }): ChecklistEntry => done.get(id) ?? { id, title, status: 'pending' },
  );
}
