/**
 * Tickets in `StateStorage`: one document per ticket plus a sharded index of the open ones.
 */
import { createHash } from 'node:crypto';

import { AppError, StorageConflictError } from '../../errors';
import type { StateStorage } from '../../storage/state-storage';

import { newCaseId } from './case-id';
import {
  DEFAULT_MAX_ATTEMPTS,
  indexAdd,
  indexRemove,
  updateDoc,
  type HelpdeskStoreOptions,
  type IdIndex,
} from './store-common';
import { ticketSchema, type Actor, type Ticket, type TicketDraft } from './ticket';

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
      const id = newCaseId(
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

  /** Records that the helpdesk has seen the ticket (once; the status does not change). */
  public acknowledge(id: string, by: Actor): Promise<Ticket> {
    return this.update(id, (t) => {
      if (t.status === 'resolved' || t.history.some((h) => h.action === 'acknowledged')) return;
      t.history.push({ at: this.now().toISOString(), by, action: 'acknowledged' });
    });
  }

  /** Takes the assignee off an open ticket (status back to `open`). */
  public unassign(id: string, by: Actor): Promise<Ticket> {
    return this.update(id, (t) => {
      if (!t.assignee || t.status === 'resolved') return;
      const detail = t.assignee.name ?? t.assignee.aadObjectId;
      delete t.assignee;
      t.status = 'open';
      t.history.push({ at: this.now().toISOString(), by, action: 'unassigned', detail });
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
  // The schema checks the shape; the document itself (with the full diagnosis) is returned. No
  // copy: StateStorage.read hands out objects it shares with nobody (storage contract suite).
  return doc as unknown as Ticket;
}

/** Removes undefined properties (JSON would drop them anyway; this keeps stored docs equal). */
function dropUndefined(obj: object): void {
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined) delete (obj as Record<string, unknown>)[k];
  }
}
