/**
 * The enrollment failure report model: zod schemas for the two ways a report arrives (the
 * employee's form and the system webhook), the helpdesk `Ticket`, a `TicketStore` over the bot's
 * `StateStorage`, and the `IncidentGrouper` that folds reports with the same diagnosed cause into
 * one incident so the helpdesk gets one alert card instead of fifty.
 *
 * Storage layout (one JSON document per key, every write single-key so it stays atomic on the
 * blob backend too):
 * - `helpdesk/ticket/<id>`            one ticket
 * - `helpdesk/open-tickets/<0-f>`     `{ ids }` of open and assigned tickets, in 16 shards by a
 *                                     hash of the id (the list index; `helpdesk/open-tickets`
 *                                     without a shard is the older single index, still read)
 * - `helpdesk/incident/<id>`          one incident
 * - `helpdesk/incident-open/<cause>`  pointer to the incident currently collecting that cause
 * - `helpdesk/open-incidents`         `{ ids }` of open incidents
 *
 * Every update is optimistic: read with eTag, write with it, retry on StorageConflictError, so
 * several bot instances on one store never lose each other's changes. A webhook report's
 * `eventId` makes filing idempotent: the ticket id is derived from it.
 */
import { createHash, randomBytes } from 'node:crypto';

import { z } from 'zod';

import { AppError, StorageConflictError } from '../errors';
import type { StateStorage } from '../storage/state-storage';
import { updateDocument } from '../storage/update-document';

import {
  diagnose,
  type Diagnosis,
  ENROLLMENT_STEPS,
  FAILURE_CATEGORIES,
  parseOsVersion,
} from './diagnosis';
import type { TenantFacts } from './tenant-facts';

// ---------------------------------------------------------------------------------------------
// Input schemas

/** Card inputs send '' for untouched fields: treat it as "not given". */
function blankToUndefined(value: unknown): unknown {
  return typeof value === 'string' && value.trim() === '' ? undefined : value;
}

const optionalText = (max: number, label: string) =>
  z.preprocess(
    blankToUndefined,
    z
      .string({ error: `${label} must be text.` })
      .trim()
      .max(max, { error: `${label} is too long: keep it under ${max} characters.` })
      .optional(),
  );

const osVersionText = (label: string) =>
  z
    .string({ error: `${label} must be text, for example "17.4.1".` })
    .trim()
    .max(40, { error: `${label} is too long.` })
    .refine((v) => parseOsVersion(v) !== undefined, {
      error: `${label} should look like "17.4.1" (Settings › General › About › iOS Version).`,
    });

/**
 * What the employee fills in on the "Report an enrollment problem" card. Every text is capped;
 * the messages are written for the employee and name the field in their words.
 */
const NO_MESSAGE = 'Type the message you saw on screen (or "no message").';

export const employeeReportSchema = z
  .object({
    step: z.enum(ENROLLMENT_STEPS, { error: 'Choose the step where enrollment stopped.' }),
    errorText: z.preprocess(
      blankToUndefined,
      z
        .string({ error: NO_MESSAGE })
        .trim()
        .max(500, { error: 'The message is too long: keep it under 500 characters.' })
        .optional(),
    ),
    /** What the employee wants to ask the helpdesk ("Ask the helpdesk" on an answer card). */
    question: optionalText(500, 'The question'),
    deviceModel: optionalText(60, 'The device model'),
    osVersion: z.preprocess(blankToUndefined, osVersionText('The iOS version').optional()),
    ownership: z.preprocess(
      blankToUndefined,
      z
        .enum(['personal', 'company', 'unknown'], {
          error: 'Choose whether the device is yours or your organisation’s.',
        })
        .default('unknown'),
    ),
    when: z.preprocess(
      blankToUndefined,
      z
        .string({ error: 'The date must be text.' })
        .trim()
        .max(40, { error: 'The date is too long.' })
        .refine((v) => !Number.isNaN(Date.parse(v)), {
          error: 'Pick the date (and time) when it happened.',
        })
        .optional(),
    ),
  })
  // A report needs the message on screen, unless it is a question for the helpdesk.
  .refine((r) => Boolean(r.errorText ?? r.question), {
    path: ['errorText'],
    error: NO_MESSAGE,
    // Checked even when another field is wrong, so every problem shows at once.
    when: () => true,
  });

/** A validated employee report. */
export type EmployeeReport = z.infer<typeof employeeReportSchema>;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UPN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The body of `POST /api/enrollment-failures` (a system feed, for example a job that reads Graph
 * `troubleshootingEvents`). Unknown properties are ignored so senders can add fields.
 * `eventId`, when sent, makes delivery idempotent: the same event id always maps to the same
 * ticket, so a sender's retry never files a second one.
 */
export const webhookReportSchema = z
  .object({
    user: z
      .string({ error: 'user is required: a UPN (name@domain) or an Entra object id.' })
      .trim()
      .max(256, { error: 'user is too long.' })
      .refine((v) => GUID.test(v) || UPN.test(v), {
        error: 'user must be a UPN (name@domain) or an Entra object id (GUID).',
      }),
    device: z
      .string({ error: 'device is required (model or family, for example "iPhone 13").' })
      .trim()
      .min(1, { error: 'device must not be empty.' })
      .max(100, { error: 'device is too long (100 characters at most).' }),
    osVersion: osVersionText('osVersion'),
    enrollmentType: z
      .string({ error: 'enrollmentType is required (Graph deviceEnrollmentType).' })
      .trim()
      .min(1, { error: 'enrollmentType must not be empty.' })
      .max(64, { error: 'enrollmentType is too long.' }),
    errorText: z
      .string({ error: 'errorText must be a string.' })
      .max(2000, { error: 'errorText is too long (2000 characters at most).' })
      .optional(),
    errorCode: z
      .string({ error: 'errorCode must be a string.' })
      .max(100, { error: 'errorCode is too long (100 characters at most).' })
      .optional(),
    failureCategory: z
      .enum(FAILURE_CATEGORIES, { error: 'failureCategory is not a Graph failureCategory value.' })
      .optional(),
    step: z.enum(ENROLLMENT_STEPS, { error: 'step is not a known step.' }).optional(),
    ownership: z
      .enum(['personal', 'company', 'unknown'], { error: 'ownership must be personal or company.' })
      .optional(),
    time: z.iso.datetime({
      offset: true,
      error: 'time is required: an ISO 8601 date-time such as 2025-03-01T09:30:00Z.',
    }),
    eventId: z
      .string({ error: 'eventId must be a string.' })
      .trim()
      .min(1, { error: 'eventId must not be empty.' })
      .max(200, { error: 'eventId is too long.' })
      .optional(),
  })
  .refine((r) => Boolean(r.errorText?.trim() || r.errorCode?.trim()), {
    path: ['errorText'],
    error: 'Send errorText or errorCode (or both).',
  });

/** A validated webhook report. */
export type WebhookReport = z.infer<typeof webhookReportSchema>;

/** Field name → first message, for 400 responses and card validation errors. */
export type FieldErrors = Record<string, string>;

/** The outcome of parsing untrusted input. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; fieldErrors: FieldErrors };

/** Flattens zod issues to one message per top-level field (`_` for the whole object). */
export function toFieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.length > 0 ? String(issue.path[0]) : '_';
    out[field] ??= issue.message;
  }
  return out;
}

/** Validates the employee's form data (`action.data` of the report card). */
export function parseEmployeeReport(input: unknown): ParseResult<EmployeeReport> {
  const r = employeeReportSchema.safeParse(input);
  return r.success
    ? { ok: true, value: r.data }
    : { ok: false, fieldErrors: toFieldErrors(r.error) };
}

/** Validates a webhook body (already JSON-parsed). */
export function parseWebhookReport(input: unknown): ParseResult<WebhookReport> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return { ok: false, fieldErrors: { _: 'The body must be a JSON object.' } };
  }
  const r = webhookReportSchema.safeParse(input);
  return r.success
    ? { ok: true, value: r.data }
    : { ok: false, fieldErrors: toFieldErrors(r.error) };
}

// ---------------------------------------------------------------------------------------------
// Ticket model

/** Someone acting on a ticket: ids from the authenticated activity, never from card data. */
export interface Actor {
  aadObjectId?: string;
  name?: string;
}

/** Who reported the problem. A webhook report knows the user by UPN or object id only. */
export interface Reporter {
  aadObjectId?: string;
  upn?: string;
  name?: string;
}

/** Ticket lifecycle. `open` and `assigned` are both listed as open. */
export type TicketStatus = 'open' | 'assigned' | 'resolved';

/** One entry of a ticket's history (append-only). */
export interface TicketHistoryEntry {
  at: string;
  by?: Actor;
  action: 'created' | 'grouped' | 'assigned' | 'note' | 'resolved' | 'reopened';
  detail?: string;
}

/** A helpdesk note. */
export interface TicketNote {
  at: string;
  by: Actor;
  text: string;
}

/** A helpdesk ticket for one report. */
export interface Ticket {
  /** `ENR-` + base36, upper case. */
  id: string;
  status: TicketStatus;
  source: 'employee' | 'webhook';
  reporter: Reporter;
  device?: string;
  os?: string;
  method?: string;
  ownership?: 'personal' | 'company' | 'unknown';
  step?: string;
  error: { text?: string; code?: string; category?: string };
  /** The employee's question for the helpdesk, when they asked one. */
  question?: string;
  /** When the failure happened, as reported (ISO 8601). */
  when?: string;
  diagnosis: Diagnosis;
  causeKey: string;
  incidentId?: string;
  createdAt: string;
  updatedAt: string;
  assignee?: Actor;
  notes: TicketNote[];
  history: TicketHistoryEntry[];
  /** The sender's event id, for webhook reports that carried one. */
  eventId?: string;
}

/** What a new ticket is made from (see {@link draftFromEmployeeReport}, {@link draftFromWebhookReport}). */
export type TicketDraft = Omit<
  Ticket,
  'id' | 'status' | 'createdAt' | 'updatedAt' | 'notes' | 'history' | 'incidentId' | 'assignee'
>;

const actorSchema = z.object({ aadObjectId: z.string().optional(), name: z.string().optional() });

/**
 * Shape check for stored tickets, applied on every read so a damaged or foreign document fails
 * loudly instead of reaching a card half-filled. The diagnosis is checked for its key fields only.
 */
export const ticketSchema = z.object({
  id: z.string().regex(/^ENR-[0-9A-Z]+$/),
  status: z.enum(['open', 'assigned', 'resolved']),
  source: z.enum(['employee', 'webhook']),
  reporter: z.object({
    aadObjectId: z.string().optional(),
    upn: z.string().optional(),
    name: z.string().optional(),
  }),
  device: z.string().optional(),
  os: z.string().optional(),
  method: z.string().optional(),
  ownership: z.enum(['personal', 'company', 'unknown']).optional(),
  step: z.string().optional(),
  error: z.object({
    text: z.string().optional(),
    code: z.string().optional(),
    category: z.string().optional(),
  }),
  question: z.string().optional(),
  when: z.string().optional(),
  diagnosis: z.looseObject({ ruleId: z.string(), title: z.string(), causeKey: z.string() }),
  causeKey: z.string(),
  incidentId: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  assignee: actorSchema.optional(),
  notes: z.array(z.object({ at: z.string(), by: actorSchema, text: z.string() })),
  history: z.array(
    z.object({
      at: z.string(),
      by: actorSchema.optional(),
      action: z.enum(['created', 'grouped', 'assigned', 'note', 'resolved', 'reopened']),
      detail: z.string().optional(),
    }),
  ),
  eventId: z.string().optional(),
});

function domainOf(upn: string | undefined): string | undefined {
  const at = upn?.lastIndexOf('@') ?? -1;
  return upn && at > 0 ? upn.slice(at + 1).toLowerCase() : undefined;
}

/**
 * Builds a ticket draft from the employee's validated form and their identity (from the
 * authenticated activity: `from.aadObjectId`, the member's UPN and name), diagnosing it.
 */
export function draftFromEmployeeReport(
  report: EmployeeReport,
  reporter: Reporter,
  enrollmentMethod?: string,
  facts: TenantFacts = {},
): TicketDraft {
  const diagnosis = diagnose({
    pushCertificate: facts.pushCertificate,
    errorText: report.errorText,
    osVersion: report.osVersion,
    device: report.deviceModel,
    ownership: report.ownership,
    step: report.step,
    enrollmentMethod,
    userDomain: domainOf(reporter.upn),
  });
  return {
    source: 'employee',
    reporter: { ...reporter },
    device: report.deviceModel,
    os: report.osVersion,
    method: enrollmentMethod,
    ownership: report.ownership,
    step: report.step,
    error: { text: report.errorText },
    ...(report.question ? { question: report.question } : {}),
    when: report.when ? new Date(Date.parse(report.when)).toISOString() : undefined,
    diagnosis,
    causeKey: diagnosis.causeKey,
  };
}

/** Builds a ticket draft from a validated webhook report, diagnosing it. */
export function draftFromWebhookReport(
  report: WebhookReport,
  facts: TenantFacts = {},
): TicketDraft {
  const isGuid = GUID.test(report.user);
  const reporter: Reporter = isGuid ? { aadObjectId: report.user } : { upn: report.user };
  const diagnosis = diagnose({
    pushCertificate: facts.pushCertificate,
    errorText: report.errorText,
    errorCode: report.errorCode,
    failureCategory: report.failureCategory,
    osVersion: report.osVersion,
    device: report.device,
    enrollmentMethod: report.enrollmentType,
    ownership: report.ownership,
    step: report.step,
    userDomain: domainOf(reporter.upn),
  });
  return {
    source: 'webhook',
    reporter,
    device: report.device,
    os: report.osVersion,
    method: report.enrollmentType,
    ownership: report.ownership,
    step: report.step,
    error: { text: report.errorText, code: report.errorCode, category: report.failureCategory },
    when: new Date(Date.parse(report.time)).toISOString(),
    diagnosis,
    causeKey: diagnosis.causeKey,
    eventId: report.eventId,
  };
}

// ---------------------------------------------------------------------------------------------
// Optimistic document updates

const DEFAULT_MAX_ATTEMPTS = 20;

/** Common options of the stores. */
export interface HelpdeskStoreOptions {
  /** Clock, for tests. */
  now?: () => Date;
  /** Optimistic-concurrency attempts before giving up with StorageConflictError. Default 20. */
  maxAttempts?: number;
}

function updateDoc<T extends object>(
  storage: StateStorage,
  key: string,
  mutate: (current: T | undefined) => T | null,
  maxAttempts: number,
): Promise<{ value: T | undefined; changed: boolean }> {
  return updateDocument(storage, key, mutate, { maxAttempts });
}

interface IdIndex {
  ids: string[];
}

async function indexAdd(
  storage: StateStorage,
  key: string,
  id: string,
  max: number,
): Promise<void> {
  await updateDoc<IdIndex>(
    storage,
    key,
    (cur) => (cur?.ids.includes(id) ? null : { ids: [...(cur?.ids ?? []), id] }),
    max,
  );
}

async function indexRemove(
  storage: StateStorage,
  key: string,
  id: string,
  max: number,
): Promise<void> {
  await updateDoc<IdIndex>(
    storage,
    key,
    (cur) => (cur?.ids.includes(id) ? { ids: cur.ids.filter((x) => x !== id) } : null),
    max,
  );
}

/** `PREFIX-` + 10 base36 characters from 50 random (or hashed) bits. */
function newId(prefix: string, seed?: string): string {
  const bytes = seed ? createHash('sha256').update(seed).digest().subarray(0, 7) : randomBytes(7);
  const n = BigInt(`0x${bytes.toString('hex')}`) >> 6n;
  return `${prefix}-${n.toString(36).toUpperCase().padStart(10, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// TicketStore

const TICKET_PREFIX = 'helpdesk/ticket/';
const OPEN_TICKETS = 'helpdesk/open-tickets';
const OPEN_TICKET_SHARDS = 16;

/**
 * The index shard of a ticket. A burst of reports spreads its index writes over 16 small
 * documents instead of rewriting one ever-growing list, and concurrent writers rarely meet.
 */
function openTicketsShard(id: string): string {
  const n = createHash('sha256').update(id).digest()[0] ?? 0;
  return `${OPEN_TICKETS}/${(n % OPEN_TICKET_SHARDS).toString(16)}`;
}

const OPEN_TICKET_KEYS = [
  OPEN_TICKETS,
  ...Array.from({ length: OPEN_TICKET_SHARDS }, (_, i) => `${OPEN_TICKETS}/${i.toString(16)}`),
];

/**
 * Tickets in `StateStorage`. Creation is create-only (`writeNew`), so an id is never reused;
 * updates are eTag-checked read-modify-write with retries; the open list is an index document
 * kept in step on create and on every status change.
 *
 * Crash note: a ticket is written before it is added to the index, so a crash in between leaves
 * an unlisted ticket (never a listed ghost). The next update of that ticket re-indexes it.
 */
export class TicketStore {
  private readonly now: () => Date;
  private readonly maxAttempts: number;

  public constructor(
    private readonly storage: StateStorage,
    options: HelpdeskStoreOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  }

  /**
   * Creates a ticket. With `idempotencyKey` (the webhook's `eventId`) the id is derived from the
   * key, so a second create with the same key returns the first ticket with `created: false`.
   */
  public async create(
    draft: TicketDraft,
    options: { idempotencyKey?: string; by?: Actor } = {},
  ): Promise<{ ticket: Ticket; created: boolean }> {
    const at = this.now().toISOString();
    for (let attempt = 0; attempt < 5; attempt++) {
      const id = newId(
        'ENR',
        options.idempotencyKey !== undefined ? `event:${options.idempotencyKey}` : undefined,
      );
      const ticket: Ticket = {
        ...structuredClone(draft),
        id,
        status: 'open',
        createdAt: at,
        updatedAt: at,
        notes: [],
        history: [{ at, action: 'created', by: options.by, detail: draft.source }],
      };
      dropUndefined(ticket);
      try {
        await this.storage.writeNew({ [TICKET_PREFIX + id]: ticket });
      } catch (err) {
        if (!(err instanceof StorageConflictError)) throw err;
        if (options.idempotencyKey !== undefined) {
          const existing = await this.get(id);
          if (existing) return { ticket: existing, created: false };
        }
        continue;
      }
      await indexAdd(this.storage, openTicketsShard(id), id, this.maxAttempts);
      return { ticket, created: true };
    }
    throw new AppError('internal', 'Could not allocate a ticket id');
  }

  /** Reads one ticket, or undefined. Throws AppError('internal') for a malformed document. */
  public async get(id: string): Promise<Ticket | undefined> {
    const key = TICKET_PREFIX + id;
    const item = (await this.storage.read([key]))[key] as Record<string, unknown> | undefined;
    return item ? parseTicket(item) : undefined;
  }

  /**
   * Applies `mutate` to the current ticket with optimistic concurrency (re-read and re-applied on
   * a conflict, so `mutate` must be a pure function of the ticket it gets). Keeps the open index in
   * step with the status. Throws AppError('not_found') for an unknown id.
   */
  public async update(id: string, mutate: (ticket: Ticket) => void): Promise<Ticket> {
    const key = TICKET_PREFIX + id;
    const at = this.now().toISOString();
    const { value } = await updateDoc<Ticket>(
      this.storage,
      key,
      (cur) => {
        if (!cur) throw new AppError('not_found', `No ticket ${id}`);
        const next = parseTicket(cur as unknown as Record<string, unknown>);
        mutate(next);
        next.id = id;
        next.updatedAt = at;
        dropUndefined(next);
        return next;
      },
      this.maxAttempts,
    );
    const ticket = value as Ticket;
    if (ticket.status === 'resolved') {
      await indexRemove(this.storage, openTicketsShard(id), id, this.maxAttempts);
      await indexRemove(this.storage, OPEN_TICKETS, id, this.maxAttempts);
    } else {
      await indexAdd(this.storage, openTicketsShard(id), id, this.maxAttempts);
    }
    return ticket;
  }

  /** Assigns the ticket (status `assigned`), recording who did it. */
  public assign(id: string, assignee: Actor, by: Actor): Promise<Ticket> {
    return this.update(id, (t) => {
      const at = this.now().toISOString();
      t.assignee = { ...assignee };
      if (t.status !== 'resolved') t.status = 'assigned';
      t.history.push({ at, by, action: 'assigned', detail: assignee.name ?? assignee.aadObjectId });
    });
  }

  /** Adds a note (1–2000 characters; longer text is cut). */
  public addNote(id: string, by: Actor, text: string): Promise<Ticket> {
    const clean = text.trim().slice(0, 2000);
    if (!clean) return Promise.reject(new AppError('bad_request', 'A note needs text'));
    return this.update(id, (t) => {
      const at = this.now().toISOString();
      t.notes.push({ at, by, text: clean });
      t.history.push({ at, by, action: 'note' });
    });
  }

  /** Resolves the ticket; resolving a resolved ticket changes nothing but returns it. */
  public resolve(id: string, by: Actor, detail?: string): Promise<Ticket> {
    return this.update(id, (t) => {
      if (t.status === 'resolved') return;
      t.status = 'resolved';
      t.history.push({ at: this.now().toISOString(), by, action: 'resolved', detail });
    });
  }

  /** Reopens a resolved ticket (status `open`, or `assigned` when it has an assignee). */
  public reopen(id: string, by: Actor, detail?: string): Promise<Ticket> {
    return this.update(id, (t) => {
      if (t.status !== 'resolved') return;
      t.status = t.assignee ? 'assigned' : 'open';
      t.history.push({ at: this.now().toISOString(), by, action: 'reopened', detail });
    });
  }

  /** Open and assigned tickets, oldest first. */
  public async listOpen(): Promise<Ticket[]> {
    const shards = await this.storage.read(OPEN_TICKET_KEYS);
    const ids = new Set<string>();
    for (const key of OPEN_TICKET_KEYS) {
      for (const id of (shards[key] as IdIndex | undefined)?.ids ?? []) ids.add(id);
    }
    return this.getMany([...ids], (t) => t.status !== 'resolved');
  }

  /** Reads several tickets in one storage call; unknown ids are skipped. */
  public async getMany(ids: readonly string[], keep?: (t: Ticket) => boolean): Promise<Ticket[]> {
    if (ids.length === 0) return [];
    const items = await this.storage.read(ids.map((id) => TICKET_PREFIX + id));
    const out: Ticket[] = [];
    for (const id of ids) {
      const item = items[TICKET_PREFIX + id] as Record<string, unknown> | undefined;
      if (!item) continue;
      const t = parseTicket(item);
      if (!keep || keep(t)) out.push(t);
    }
    return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }
}

function parseTicket(item: Record<string, unknown>): Ticket {
  const { eTag: _eTag, ...doc } = item;
  const r = ticketSchema.safeParse(doc);
  if (!r.success) {
    throw new AppError('internal', `Stored ticket ${String(doc.id)} is malformed`, {
      cause: r.error,
    });
  }
  // The schema checks the shape; the document itself (with the full diagnosis) is returned.
  return structuredClone(doc) as unknown as Ticket;
}

/** Removes undefined properties (JSON would drop them anyway; this keeps stored docs equal). */
function dropUndefined(obj: object): void {
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined) delete (obj as Record<string, unknown>)[k];
  }
}

// ---------------------------------------------------------------------------------------------
// Incidents

/** Incident lifecycle. */
export type IncidentStatus = 'open' | 'resolved';

/** Reports with one diagnosed cause arriving close together: one alert for all of them. */
export interface Incident {
  /** `INC-` + base36. */
  id: string;
  causeKey: string;
  ruleId: string;
  title: string;
  status: IncidentStatus;
  /** Ticket ids, in arrival order. */
  tickets: string[];
  /** Distinct users (object id, else lower-case UPN, else `ticket:<id>`). */
  affectedUsers: string[];
  count: number;
  firstReportAt: string;
  lastReportAt: string;
  resolvedAt?: string;
  resolvedBy?: Actor;
  /** The outbox id of the alert card's post (updates target it). */
  alertOutboxId?: string;
  /** The Teams activity id of the alert card, once the post was delivered. */
  alertActivityId?: string;
  /** The conversation the alert went to (a key chosen by the wiring). */
  alertConversation?: string;
  /**
   * Bumped in the same conditional write as every change the alert card shows (a report joins,
   * a card action wins): the card's `rev` is derived from it ({@link incidentRev}). Absent on
   * incidents stored before it existed (read as 0).
   */
  version?: number;
}

/**
 * A short token for the state of an incident as its card shows it. Card actions carry it, and a
 * card action wins only when it is still the incident's token at the moment of the write
 * ({@link IncidentGrouper.claimAction}), so an action from an older card (stale, replayed, or the
 * second of two clicks) changes nothing.
 */
export function incidentRev(incident: Incident): string {
  const state = JSON.stringify([
    incident.id,
    incident.version ?? 0,
    incident.status,
    incident.count,
  ]);
  return createHash('sha256').update(state).digest('hex').slice(0, 16);
}

/** What {@link IncidentGrouper.claimAction} decided. */
export type ClaimOutcome =
  | { won: true; incident: Incident }
  | { won: false; reason: 'stale' | 'missing'; incident?: Incident };

/** Options for {@link IncidentGrouper}. */
export interface IncidentGrouperOptions extends HelpdeskStoreOptions {
  /**
   * A report joins the open incident of its cause when it arrives within this many ms of that
   * incident's latest report (a sliding window). Default 30 minutes
   * (HELPDESK_GROUPING_WINDOW_MINUTES).
   */
  windowMs?: number;
}

/** The outcome of {@link IncidentGrouper.attach}. */
export interface AttachResult {
  incident: Incident;
  /** True when this report opened the incident: the wiring posts a new alert card. */
  isNew: boolean;
  ticket: Ticket;
}

const INCIDENT_PREFIX = 'helpdesk/incident/';
const POINTER_PREFIX = 'helpdesk/incident-open/';
const OPEN_INCIDENTS = 'helpdesk/open-incidents';

/** 30 minutes. */
export const DEFAULT_GROUPING_WINDOW_MS = 30 * 60 * 1000;

interface IncidentPointer {
  incidentId: string;
}

/**
 * Groups tickets into incidents by `causeKey`. A report joins the open incident of its cause if
 * that incident's latest report is at most `windowMs` old; otherwise it opens a new incident.
 * Resolving an incident resolves every ticket in it.
 *
 * Concurrency: the per-cause pointer document decides which incident collects a cause; two
 * instances racing to open one both write the pointer with the eTag they read, so exactly one
 * wins and the loser joins the winner's incident (its own draft incident is deleted).
 */
export class IncidentGrouper {
  private readonly now: () => Date;
  private readonly maxAttempts: number;
  private readonly windowMs: number;

  public constructor(
    private readonly storage: StateStorage,
    private readonly tickets: TicketStore,
    options: IncidentGrouperOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    this.windowMs = options.windowMs ?? DEFAULT_GROUPING_WINDOW_MS;
  }

  /**
   * Puts a ticket into the incident of its cause (idempotent: a ticket already in an incident
   * returns that incident with `isNew: false`).
   */
  public async attach(ticket: Ticket): Promise<AttachResult> {
    if (ticket.incidentId) {
      const existing = await this.get(ticket.incidentId);
      if (existing) return { incident: existing, isNew: false, ticket };
    }
    const user = userKey(ticket);
    for (let attempt = 0; attempt < this.maxAttempts; attempt++) {
      const now = this.now();
      const pointerKey = POINTER_PREFIX + ticket.causeKey;
      const pointerItem = (await this.storage.read([pointerKey]))[pointerKey] as
        IncidentPointer | undefined;

      if (pointerItem) {
        const joined = await updateDoc<Incident>(
          this.storage,
          INCIDENT_PREFIX + pointerItem.incidentId,
          (cur) => {
            if (!cur || !this.isJoinable(cur, now)) return null;
            if (!cur.tickets.includes(ticket.id)) {
              cur.tickets.push(ticket.id);
              cur.count = cur.tickets.length;
              if (!cur.affectedUsers.includes(user)) cur.affectedUsers.push(user);
            }
            cur.lastReportAt = maxIso(cur.lastReportAt, now.toISOString());
            cur.version = (cur.version ?? 0) + 1;
            return cur;
          },
          this.maxAttempts,
        );
        if (joined.changed && joined.value) {
          const t = await this.markGrouped(ticket.id, joined.value.id);
          return { incident: joined.value, isNew: false, ticket: t };
        }
      }

      const at = now.toISOString();
      const incident: Incident = {
        id: newId('INC'),
        causeKey: ticket.causeKey,
        ruleId: ticket.diagnosis.ruleId,
        title: ticket.diagnosis.title,
        status: 'open',
        tickets: [ticket.id],
        affectedUsers: [user],
        count: 1,
        firstReportAt: at,
        lastReportAt: at,
        version: 1,
      };
      await this.storage.writeNew({ [INCIDENT_PREFIX + incident.id]: incident });
      // The pointer moves to the new incident only if it still names the one read above (in the
      // conditional write): of two instances opening an incident for one cause, one wins.
      let swapped: boolean;
      try {
        ({ changed: swapped } = await updateDoc<IncidentPointer>(
          this.storage,
          pointerKey,
          (cur) =>
            cur?.incidentId === pointerItem?.incidentId ? { incidentId: incident.id } : null,
          this.maxAttempts,
        ));
      } catch (err) {
        await this.storage.delete([INCIDENT_PREFIX + incident.id]);
        throw err;
      }
      if (!swapped) {
        await this.storage.delete([INCIDENT_PREFIX + incident.id]);
        continue;
      }
      await indexAdd(this.storage, OPEN_INCIDENTS, incident.id, this.maxAttempts);
      const t = await this.markGrouped(ticket.id, incident.id);
      return { incident, isNew: true, ticket: t };
    }
    throw new StorageConflictError(POINTER_PREFIX + ticket.causeKey);
  }

  /** Reads one incident, or undefined. */
  public async get(id: string): Promise<Incident | undefined> {
    const key = INCIDENT_PREFIX + id;
    const item = (await this.storage.read([key]))[key] as
      (Incident & { eTag?: string }) | undefined;
    if (!item) return undefined;
    const { eTag: _eTag, ...incident } = item;
    return incident;
  }

  /** Open incidents, oldest first. */
  public async listOpen(): Promise<Incident[]> {
    const index = (await this.storage.read([OPEN_INCIDENTS]))[OPEN_INCIDENTS] as
      IdIndex | undefined;
    const ids = index?.ids ?? [];
    if (ids.length === 0) return [];
    const items = await this.storage.read(ids.map((id) => INCIDENT_PREFIX + id));
    const out: Incident[] = [];
    for (const id of ids) {
      const item = items[INCIDENT_PREFIX + id] as (Incident & { eTag?: string }) | undefined;
      if (!item || item.status !== 'open') continue;
      const { eTag: _eTag, ...incident } = item;
      out.push(incident);
    }
    return out.sort((a, b) => a.firstReportAt.localeCompare(b.firstReportAt));
  }

  /**
   * Remembers where the incident's alert card went: the outbox id of its post (known at enqueue
   * time), and later the Teams activity id (after delivery). Only the fields given change.
   */
  public async recordAlert(
    incidentId: string,
    alert: { outboxId?: string; activityId?: string; conversation?: string },
  ): Promise<Incident> {
    const { value } = await updateDoc<Incident>(
      this.storage,
      INCIDENT_PREFIX + incidentId,
      (cur) => {
        if (!cur) throw new AppError('not_found', `No incident ${incidentId}`);
        if (alert.outboxId !== undefined) cur.alertOutboxId = alert.outboxId;
        if (alert.activityId !== undefined) cur.alertActivityId = alert.activityId;
        if (alert.conversation !== undefined) cur.alertConversation = alert.conversation;
        return cur;
      },
      this.maxAttempts,
    );
    return value as Incident;
  }

  /**
   * The one conditional write that decides whether a card action wins: when the incident's
   * {@link incidentRev} is still `rev`, applies `change` to it and bumps its version, in a write
   * conditional on the version read. Of any number of concurrent clicks on one card (the same
   * button or different ones), exactly one wins; the others see a newer rev and change nothing.
   */
  public async claimAction(
    incidentId: string,
    rev: string,
    change: (incident: Incident) => void = () => undefined,
  ): Promise<ClaimOutcome> {
    let seen: Incident | undefined;
    const { value, changed } = await updateDoc<Incident>(
      this.storage,
      INCIDENT_PREFIX + incidentId,
      (cur) => {
        seen = cur;
        if (!cur || incidentRev(cur) !== rev) return null;
        change(cur);
        cur.version = (cur.version ?? 0) + 1;
        return cur;
      },
      this.maxAttempts,
    );
    if (changed && value) return { won: true, incident: value };
    return seen
      ? { won: false, reason: 'stale', incident: seen }
      : { won: false, reason: 'missing' };
  }

  /**
   * Resolves the incident and every ticket in it. Idempotent: running it again (for example after
   * a crash half-way) resolves the tickets still open. Returns all the incident's tickets after
   * the change and the ids this call resolved, for the "resolved, N people notified" card. A card
   * action resolves through {@link claimAction} and {@link resolveTickets} instead.
   */
  public async resolve(
    incidentId: string,
    by: Actor,
    note?: string,
  ): Promise<{ incident: Incident; tickets: Ticket[]; newlyResolved: string[] }> {
    const at = this.now().toISOString();
    const { value } = await updateDoc<Incident>(
      this.storage,
      INCIDENT_PREFIX + incidentId,
      (cur) => {
        if (!cur) throw new AppError('not_found', `No incident ${incidentId}`);
        if (cur.status === 'resolved') return null;
        markResolved(cur, by, at);
        cur.version = (cur.version ?? 0) + 1;
        return cur;
      },
      this.maxAttempts,
    );
    return this.resolveTickets(value as Incident, by, note);
  }

  /** Marks an incident resolved (inside a {@link claimAction} change). */
  public markResolved(incident: Incident, by: Actor): void {
    markResolved(incident, by, this.now().toISOString());
  }

  /**
   * Resolves the incident's tickets still open and takes it off the open list; the incident
   * itself was marked resolved already.
   */
  public async resolveTickets(
    incident: Incident,
    by: Actor,
    note?: string,
  ): Promise<{ incident: Incident; tickets: Ticket[]; newlyResolved: string[] }> {
    const detail = note ? `incident ${incident.id}: ${note}` : `incident ${incident.id}`;
    const newlyResolved: string[] = [];
    const tickets: Ticket[] = [];
    for (const ticketId of incident.tickets) {
      const before = await this.tickets.get(ticketId);
      if (!before) continue;
      if (before.status === 'resolved') {
        tickets.push(before);
        continue;
      }
      tickets.push(await this.tickets.resolve(ticketId, by, detail));
      newlyResolved.push(ticketId);
    }
    await indexRemove(this.storage, OPEN_INCIDENTS, incident.id, this.maxAttempts);
    return { incident, tickets, newlyResolved };
  }

  private isJoinable(incident: Incident, now: Date): boolean {
    return (
      incident.status === 'open' &&
      now.getTime() - Date.parse(incident.lastReportAt) <= this.windowMs
    );
  }

  private markGrouped(ticketId: string, incidentId: string): Promise<Ticket> {
    return this.tickets.update(ticketId, (t) => {
      if (t.incidentId === incidentId) return;
      t.incidentId = incidentId;
      t.history.push({ at: this.now().toISOString(), action: 'grouped', detail: incidentId });
    });
  }
}

function markResolved(incident: Incident, by: Actor, at: string): void {
  if (incident.status === 'resolved') return;
  incident.status = 'resolved';
  incident.resolvedAt = at;
  incident.resolvedBy = { ...by };
}

function userKey(ticket: Ticket): string {
  return (
    ticket.reporter.aadObjectId?.toLowerCase() ??
    ticket.reporter.upn?.toLowerCase() ??
    `ticket:${ticket.id}`
  );
}

function maxIso(a: string, b: string): string {
  return a > b ? a : b;
}

// ---------------------------------------------------------------------------------------------
// Filing a report

/** The outcome of {@link fileReport}. */
export interface FiledReport {
  ticket: Ticket;
  incident: Incident;
  /** True when this report opened the incident (post a new alert card). */
  isNewIncident: boolean;
  /** False when an idempotent retry found the ticket already filed. */
  created: boolean;
}

/**
 * Files one report: creates the ticket (idempotent by `idempotencyKey`) and attaches it to its
 * incident. The caller then enqueues the alert (see `planIncidentAlert` in alerts.ts): a post
 * when `isNewIncident`, otherwise an update of the incident's card.
 */
export async function fileReport(
  deps: { tickets: TicketStore; grouper: IncidentGrouper },
  draft: TicketDraft,
  options: { idempotencyKey?: string; by?: Actor } = {},
): Promise<FiledReport> {
  const { ticket, created } = await deps.tickets.create(draft, options);
  const attached = await deps.grouper.attach(ticket);
  return {
    ticket: attached.ticket,
    incident: attached.incident,
    isNewIncident: attached.isNew,
    created,
  };
}
