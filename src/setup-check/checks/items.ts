/**
 * The vocabulary every setup check shares: the checklist item and outcome types, the catalogue of
 * checks in display order, and the helpers that build finished, pending and `error` items.
 */
import { AppError } from '../../errors';
import { GraphError } from '../../graph/errors';

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

/** The checks, in display order, with their titles. */
export const SETUP_CHECKS: readonly { id: SetupCheckId; title: string }[] = [
  { id: 'mdm-authority', title: 'MDM authority is Microsoft Intune' },
  { id: 'apns', title: 'Apple MDM push certificate' },
  { id: 'authenticator', title: 'Microsoft Authenticator assigned as Required' },
  { id: 'jit', title: 'Just-in-time (JIT) registration' },
  { id: 'profiles', title: 'Enrollment type profile assigned' },
  { id: 'legacy-profiles', title: 'No retired Company Portal user enrollment profiles' },
  { id: 'device-groups', title: 'Profiles assigned to user groups only' },
  { id: 'os-floor', title: 'Devices below iOS/iPadOS 17 kept out' },
  { id: 'service-discovery', title: 'Service discovery file on your sign-in domains' },
  { id: 'managed-apple-ids', title: 'Managed Apple Accounts or federated authentication' },
];

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

/** The display title of a check. */
function titleOf(id: SetupCheckId): string {
  return SETUP_CHECKS.find((c) => c.id === id)?.title ?? id;
}

/** A finished item with the check's title. */
export function item(
  id: SetupCheckId,
  status: CheckStatus,
  detail: string,
  fix = '',
): SetupCheckItem {
  return { id, title: titleOf(id), status, detail, fix };
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
