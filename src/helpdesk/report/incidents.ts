/**
 * Incidents: reports with one diagnosed cause arriving close together, folded into one alert.
 * A card action claims the incident inside one conditional write ({@link IncidentGrouper.claimAction}).
 */
import { createHash } from 'node:crypto';

import { AppError, StorageConflictError } from '../../errors';
import type { StateStorage } from '../../storage/state-storage';

import {
  DEFAULT_MAX_ATTEMPTS,
  indexAdd,
  indexRemove,
  updateDoc,
  type HelpdeskStoreOptions,
  type IdIndex,
} from './store-common';
import type { Actor, Ticket } from './ticket';
import type { TicketStore } from './ticket-store';

/** Incident lifecycle. */
export type IncidentStatus = 'open' | 'resolved';

/** Reports with one diagnosed cause arriving close together: one alert for all of them. */
export interface Incident {
  /**
   * The case number of the report that opened it (`ENR-…`, shared with that employee); `INC-…`
   * on incidents opened before case numbers were shared.
   */
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
   * The answer a helpdesk member proposed from this case for the knowledge base (its id in the
   * team answers, src/knowledge/team-answers.ts), once one was.
   */
  proposedAnswer?: { id: string; by: Actor; at: string };
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
      let incident: Incident = {
        id: ticket.id,
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
      // The incident takes the number of the report that opens it. A document under that number
      // already exists only when an earlier attempt for this very report stopped half-way.
      try {
        await this.storage.writeNew({ [INCIDENT_PREFIX + incident.id]: incident });
      } catch (err) {
        if (!(err instanceof StorageConflictError)) throw err;
        const existing = await this.get(incident.id);
        if (!existing) continue;
        if (existing.tickets.length > 1 || existing.alertOutboxId !== undefined) {
          // It went live (others joined, or its alert was posted): this report is in it.
          const t = await this.markGrouped(ticket.id, existing.id);
          return { incident: existing, isNew: false, ticket: t };
        }
        incident = existing;
      }
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
