/**
 * The helpdesk outbox: proactive Teams messages (alert cards, card updates, thread replies) that
 * must be delivered once, in order per conversation, within Teams' rate limits, across 429s,
 * outages and process crashes.
 *
 * ## Lifecycle of a message (SqliteOutbox)
 * `pending` → `claimed` (leased to one worker) → `sending` (intent recorded, durably, right
 * before the HTTP request) → `sent` (the Teams activity id recorded) | back to `pending` with a
 * `notBefore` (retryable failure) | `dead` (dead letter, with the reason) | `superseded` (an update
 * replaced by a newer update of the same card before it went out).
 *
 * - `enqueue` commits before it returns (`synchronous = FULL`: durable across power loss) and is
 *   idempotent by message id.
 * - Per conversation, messages go out strictly in order, one at a time: a conversation's head
 *   message blocks the ones behind it while it waits for a retry. That keeps an update behind the
 *   post it updates, and Teams' limits are per conversation anyway.
 * - A claim is a lease renewed by a heartbeat while the worker holds it. A crashed worker's lease
 *   expires after `leaseMs` and another worker (or the restarted one) takes the message over.
 *
 * ## Exactly once, and where it stops (read this before changing the design)
 * The Bot Framework connector has no idempotency key: POSTing the same activity twice shows two
 * messages, and there is no API to ask "did my POST arrive?". So:
 * 1. A message that was only `claimed` when its worker died was never sent: it is resent safely.
 * 2. A success is recorded with the returned activity id in one UPDATE; it is never sent again.
 * 3. Slowness is not failure. `sendTimeoutMs` (soft) only frees the worker's concurrency slot and
 *    logs; the request keeps waiting for its answer until `abandonAfterMs` (hard). A slow Teams
 *    answer therefore resolves the outcome instead of causing a blind resend.
 * 4. An outcome is AMBIGUOUS when the request may have reached Teams and no answer says what
 *    happened: the hard timeout, a connection reset after the request was written, 500, 502,
 *    504, 408, or a crash while `sending`. Such a message is flagged `uncertain`. For an `update`
 *    this is harmless (replacing a card with the same content is idempotent) and it is simply
 *    resent. For a `post`/`reply`:
 *    - with a {@link DeliveryProbe} configured, the probe is asked first: `GraphDeliveryProbe`
 *      (delivery-probe.ts) looks for the post's stamp ({@link stampActivity}) in the channel or
 *      chat through Graph; found → recorded as sent, never posted again;
 *    - otherwise `ambiguousPosts: 'resend'` (default) sends again: nothing is ever lost, and at
 *      most one extra copy per ambiguous attempt can appear; it is counted in
 *      `stats.possibleDuplicates` and logged with the outbox id. `'deadLetter'` instead parks the
 *      message for a person (never a duplicate, but a possible loss until someone decides).
 *    Residual risk without a probe (or when it cannot tell), stated plainly: a duplicate card can
 *    appear only if the process dies (or the network breaks) between Teams accepting a POST and
 *    this worker committing the answer (the
 *    request's round trip plus one SQLite commit), or if Teams takes longer than `abandonAfterMs`
 *    (default 2 minutes) to answer. To bound it, a process has at most `maxConcurrentPosts`
 *    (default 1) posts in flight, held until the outcome is committed; so one SIGKILL duplicates
 *    at most ONE post (plus any post already past the soft timeout, which no longer holds the
 *    slot). Updates run concurrently, as resending them is harmless. Cards should be written so a
 *    rare duplicate is harmless (same incident id; later updates land on the copy the outbox
 *    knows).
 *
 * ## Retries
 * 429, 412, 503 (refused, not processed) and 500, 502, 504, 408, timeouts, connection resets
 * (ambiguous: the post may exist) are retried with exponential backoff and full jitter, never
 * sooner than `Retry-After` (capped at `maxRetryAfterMs`). 401 gets two more tries (a token can be refreshed). Every other 4xx is a
 * dead letter with the status and error code as reason: logged at error level, counted, passed to
 * `onDeadLetter`, listed by `listDead()` and re-sendable with `requeue()`. Giving up after
 * `maxAttempts` or `maxAgeMs` is a dead letter too. Nothing is dropped silently.
 *
 * ## Scale-out
 * Several processes may drain one SQLite file (claims are IMMEDIATE transactions; the rate
 * limiter lives in the same file). Across hosts, `AzureQueueOutbox` (queue-outbox.ts) implements
 * the same {@link Outbox} over Azure Queue Storage and the shared StateStorage: one lane document
 * per conversation keeps the order and one queue message per busy lane is its lease (visibility
 * timeout); `sending`/`sent` are recorded in per-message documents created with `writeNew`; the
 * retry policy is {@link decideAfterSend}; the limits are shared through `StorageRateLimiter`.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import Database from 'better-sqlite3';

import type { Logger } from '../logging';

import {
  type RateLimiter,
  type RateLimitRule,
  type RateScope,
  SqliteRateLimiter,
  TEAMS_CONVERSATION_LIMITS,
  TEAMS_TENANT_LIMITS,
} from './rate-limiter';

// ---------------------------------------------------------------------------------------------
// Messages

/**
 * Where a proactive message goes: the parts of a Bot Framework ConversationReference the
 * connector needs. Store it from an authenticated activity (`TurnContext.getConversationReference`)
 * and convert it with {@link toConversationRef}; never build one from user input, since the
 * bot's token is sent to `serviceUrl`.
 */
export interface ConversationRef {
  serviceUrl: string;
  conversationId: string;
  tenantId?: string;
  channelId?: string;
  conversationType?: string;
  isGroup?: boolean;
  bot?: { id: string; name?: string };
  user?: { id: string; name?: string; aadObjectId?: string };
  /**
   * For a team channel: the team's Microsoft 365 group id (`channelData.team.aadGroupId`), which
   * Graph needs to read the channel's messages (see delivery-probe.ts).
   */
  teamId?: string;
}

/** How the activity is delivered. */
export type OutboxKind = 'post' | 'update' | 'reply';

/** What a caller enqueues. */
export interface OutboxMessageInput {
  /**
   * Idempotency key: enqueueing an id that exists is a no-op. Make it meaningful
   * (`incident-alert/INC-…`, `incident-alert/INC-…/v7`, `ticket-reply/ENR-…/resolved`).
   */
  id: string;
  conversation: ConversationRef;
  kind: OutboxKind;
  /** The Bot Framework activity JSON (type defaults to `message`). */
  activity: Record<string, unknown>;
  /** `update`: the activity to replace. `reply`: the activity to reply to. */
  targetActivityId?: string;
  /**
   * Instead of `targetActivityId`: the outbox id of the message whose delivered activity is the
   * target (an update of a card whose post may still be queued). If that message is dead, this
   * one is dead-lettered too.
   */
  targetOutboxId?: string;
  /** Do not send before this time (ms since epoch). */
  notBefore?: number;
}

/** Message states. */
export type OutboxState = 'pending' | 'claimed' | 'sending' | 'sent' | 'dead' | 'superseded';

/** A stored message. */
export interface OutboxMessage extends OutboxMessageInput {
  state: OutboxState;
  attempts: number;
  notBefore: number;
  createdAt: number;
  updatedAt: number;
  /** True when an earlier attempt may have been delivered (see the module notes). */
  uncertain: boolean;
  /** How many earlier attempts may have been delivered: the most extra copies a resend risks. */
  ambiguousAttempts: number;
  /** The Teams activity id, once sent. */
  activityId?: string;
  sentAt?: number;
  lastStatus?: number;
  /** Last failure, or the dead-letter reason. */
  lastError?: string;
}

/** Counters since this outbox object started, plus counts by state from the store. */
export interface OutboxStats {
  byState: Record<OutboxState, number>;
  sendAttempts: number;
  sent: number;
  retries: number;
  throttled: number;
  deadLettered: number;
  superseded: number;
  /** Sends that passed `sendTimeoutMs` (the soft timeout) and kept waiting. */
  slowSends: number;
  /** Attempts whose outcome was unknown (hard timeout, reset, 502/504/408). */
  ambiguous: number;
  /**
   * Extra copies that may exist: for each post delivered after ambiguous attempts, the number of
   * those attempts. An upper bound; the real number is usually 0.
   */
  possibleDuplicates: number;
  /** Ambiguous posts settled by the DeliveryProbe. */
  probeResolved: number;
  /** Leases of crashed workers taken over. */
  recovered: number;
}

/** The outbox contract, independent of the backend (SQLite today; Azure Queue later). */
export interface Outbox {
  /** Stores the message durably (idempotent by id). `created` is false for a known id. */
  enqueue(message: OutboxMessageInput): Promise<{ id: string; created: boolean }>;
  /** Stores several messages in one transaction. */
  enqueueMany(messages: readonly OutboxMessageInput[]): Promise<number>;
  /** Starts the drain loop (idempotent). */
  start(): void;
  /** Stops claiming, waits for in-flight sends (bounded), releases unsent claims. */
  stop(): Promise<void>;
  stats(): Promise<OutboxStats>;
  get(id: string): Promise<OutboxMessage | undefined>;
  listDead(limit?: number): Promise<OutboxMessage[]>;
  /** Puts a dead letter back in the queue (accepting a duplicate risk if it was uncertain). */
  requeue(id: string): Promise<boolean>;
  /** Resolves when nothing is pending or in flight; rejects after `timeoutMs`. */
  whenIdle(timeoutMs: number): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Sending

/** One HTTP call to the connector. */
export interface SendRequest {
  kind: OutboxKind;
  conversation: ConversationRef;
  activity: Record<string, unknown>;
  targetActivityId?: string;
  /** Aborted at the hard timeout or on shutdown. */
  signal: AbortSignal;
}

/** What happened to a send. Transport failures are outcomes, not exceptions. */
export type SendOutcome =
  | { ok: true; activityId?: string; status?: number }
  | {
      ok: false;
      status?: number;
      retryAfterMs?: number;
      /** Connector error code or Node error code (ECONNRESET, ABORT_TIMEOUT, AUTH, …). */
      errorCode?: string;
      message: string;
      /** False only when the request certainly never left (refused connection, no token). */
      requestMayHaveReached: boolean;
    };

/** Sends one activity (see bot-sender.ts for the Bot Framework implementation). */
export interface Sender {
  send(request: SendRequest): Promise<SendOutcome>;
}

/** Settles an uncertain post without resending, when something can look for it. */
export interface DeliveryProbe {
  find(
    message: OutboxMessage,
  ): Promise<{ found: true; activityId: string } | { found: false } | { found: 'unknown' }>;
}

/** The backoff policy. */
export interface BackoffPolicy {
  /** First retry's ceiling. Default 1000 ms. */
  baseMs: number;
  /** Ceiling of any computed backoff. Default 60 000 ms. */
  capMs: number;
  /** Longest Retry-After honoured; longer ones are cut to this. Default 120 000 ms. */
  maxRetryAfterMs: number;
}

/** The decision for one outcome. */
export type Disposition =
  | { action: 'sent'; activityId?: string }
  | { action: 'retry'; delayMs: number; ambiguous: boolean; reason: string }
  | { action: 'dead'; reason: string };

/** Answers that say the request was refused before being processed. */
const NOT_PROCESSED_STATUSES = new Set([412, 429, 503]);
/** Answers after which the message may or may not have been posted. */
const AMBIGUOUS_STATUSES = new Set([408, 500, 502, 504]);

/**
 * Decides what to do after a send: exported so other backends apply the same policy. `attempt`
 * is the number of the attempt that just finished (1 for the first). `random` returns [0, 1).
 */
export function decideAfterSend(
  outcome: SendOutcome,
  attempt: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): Disposition {
  if (outcome.ok) return { action: 'sent', activityId: outcome.activityId };
  const { status } = outcome;
  const reason = describeOutcome(outcome);
  const backoff = Math.floor(
    random() * Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1)),
  );
  const afterRetryAfter = (): number => {
    if (outcome.retryAfterMs === undefined) return backoff;
    const honoured = Math.min(outcome.retryAfterMs, policy.maxRetryAfterMs);
    // Never sooner than Retry-After; a little jitter on top spreads the herd.
    return honoured + Math.floor(random() * Math.min(1000, honoured * 0.2 + 50));
  };
  if (status === undefined) {
    return {
      action: 'retry',
      delayMs: backoff,
      ambiguous: outcome.requestMayHaveReached,
      reason,
    };
  }
  if (NOT_PROCESSED_STATUSES.has(status)) {
    return { action: 'retry', delayMs: afterRetryAfter(), ambiguous: false, reason };
  }
  if (AMBIGUOUS_STATUSES.has(status)) {
    return { action: 'retry', delayMs: afterRetryAfter(), ambiguous: true, reason };
  }
  if (status === 401 && attempt < 3) {
    return { action: 'retry', delayMs: backoff, ambiguous: false, reason };
  }
  if (status >= 500) {
    return { action: 'retry', delayMs: afterRetryAfter(), ambiguous: true, reason };
  }
  return { action: 'dead', reason: `not retryable: ${reason}` };
}

function describeOutcome(outcome: SendOutcome): string {
  if (outcome.ok) return 'ok';
  const parts = [
    outcome.status !== undefined ? `HTTP ${outcome.status}` : undefined,
    outcome.errorCode,
    outcome.message,
  ].filter((p): p is string => Boolean(p));
  return parts.join(' ').slice(0, 300);
}

/** The id of the hidden card element that carries an outbox id (see {@link stampActivity}). */
export function outboxStampId(outboxId: string): string {
  return `outbox:${outboxId}`;
}

/**
 * Marks an activity with its outbox id so a {@link DeliveryProbe} can recognise it later:
 * `channelData.outboxId` (visible to the connector and tests) and, because Graph does not return
 * `channelData`, an invisible element `{ "id": "outbox:<id>", "isVisible": false }` at the end of
 * every Adaptive Card attachment's body (Graph returns a card's JSON in
 * `chatMessage.attachments[].content`). Text-only activities are found by their text instead.
 * Returns a copy; the input is not changed.
 */
export function stampActivity(
  activity: Record<string, unknown>,
  outboxId: string,
): Record<string, unknown> {
  const stamped: Record<string, unknown> = {
    ...activity,
    channelData: {
      ...(isRecord(activity.channelData) ? activity.channelData : {}),
      outboxId,
    },
  };
  if (Array.isArray(activity.attachments)) {
    stamped.attachments = activity.attachments.map((attachment: unknown) => {
      if (
        !isRecord(attachment) ||
        attachment.contentType !== 'application/vnd.microsoft.card.adaptive' ||
        !isRecord(attachment.content) ||
        !Array.isArray(attachment.content.body)
      ) {
        return attachment;
      }
      const body = attachment.content.body as unknown[];
      return {
        ...attachment,
        content: {
          ...attachment.content,
          body: [
            ...body,
            { type: 'TextBlock', id: outboxStampId(outboxId), text: ' ', isVisible: false },
          ],
        },
      };
    });
  }
  return stamped;
}

/**
 * Converts a Bot Framework ConversationReference (as `TurnContext.getConversationReference`
 * returns it) to a {@link ConversationRef}. Structural, so this folder needs no botbuilder import.
 */
export function toConversationRef(reference: {
  serviceUrl?: string;
  channelId?: string;
  conversation?: { id?: string; tenantId?: string; conversationType?: string; isGroup?: boolean };
  bot?: { id?: string; name?: string };
  user?: { id?: string; name?: string; aadObjectId?: string };
}): ConversationRef {
  if (!reference.serviceUrl || !reference.conversation?.id) {
    throw new TypeError('A conversation reference needs serviceUrl and conversation.id');
  }
  const ref: ConversationRef = {
    serviceUrl: reference.serviceUrl,
    conversationId: reference.conversation.id,
  };
  if (reference.conversation.tenantId) ref.tenantId = reference.conversation.tenantId;
  if (reference.channelId) ref.channelId = reference.channelId;
  if (reference.conversation.conversationType) {
    ref.conversationType = reference.conversation.conversationType;
  }
  if (reference.conversation.isGroup !== undefined) ref.isGroup = reference.conversation.isGroup;
  if (reference.bot?.id) ref.bot = { id: reference.bot.id, name: reference.bot.name };
  if (reference.user?.id) {
    ref.user = {
      id: reference.user.id,
      name: reference.user.name,
      aadObjectId: reference.user.aadObjectId,
    };
  }
  return ref;
}

// ---------------------------------------------------------------------------------------------
// SqliteOutbox

/**
 * What every outbox backend takes to drain: the sender, the limits, the timeouts and the
 * exactly-once policy. Each backend adds where it stores messages and may document a default
 * differently (see {@link SqliteOutboxOptions} and queue-outbox.ts).
 */
export interface OutboxDrainOptions {
  sender: Sender;
  /** Shared by every worker that drains the same store; see each backend for its default. */
  limiter?: RateLimiter;
  /** Per-conversation rules. Default {@link TEAMS_CONVERSATION_LIMITS}. */
  conversationLimits?: readonly RateLimitRule[];
  /** Per-tenant (app-wide) rules. Default {@link TEAMS_TENANT_LIMITS}. */
  tenantLimits?: readonly RateLimitRule[];
  logger?: Logger;
  /** Unique per process; default host:pid:random. */
  workerId?: string;
  /** Sends in progress at once (each is one conversation's head). Default 8. */
  concurrency?: number;
  /**
   * Posts and replies in flight at once in this process (updates are not limited: they are
   * idempotent). This bounds the crash window: a SIGKILL can duplicate at most this many posts,
   * plus any post already slower than `sendTimeoutMs`. Default 1.
   */
  maxConcurrentPosts?: number;
  /** Claim lease; renewed while held. Default 30 000 ms. */
  leaseMs?: number;
  /** Soft timeout: log and free the concurrency slot, keep waiting. Default 10 000 ms. */
  sendTimeoutMs?: number;
  /** Hard timeout: abort the request; the outcome is ambiguous. Default 120 000 ms. */
  abandonAfterMs?: number;
  backoff?: Partial<BackoffPolicy>;
  /** Dead-letter after this many attempts. Default 12. */
  maxAttempts?: number;
  /** Dead-letter messages older than this that still fail. Default 24 h. */
  maxAgeMs?: number;
  /** How often to look for work when there was none. */
  pollIntervalMs?: number;
  /**
   * After an ambiguous attempt, wait at least this long before the next attempt (or probe), so a
   * request still travelling lands first and a probe can see it. Default 10 000 ms.
   */
  ambiguousSettleMs?: number;
  /** What to do with a post whose earlier attempt may have been delivered. Default 'resend'. */
  ambiguousPosts?: 'resend' | 'deadLetter';
  probe?: DeliveryProbe;
  /** Stamps every activity with its outbox id ({@link stampActivity}, for the probe). Default true. */
  stampOutboxId?: boolean;
  /** Called after a message is recorded as sent (for example to store the alert's activity id). */
  onSent?: (message: OutboxMessage) => void | Promise<void>;
  /** Called after a message is dead-lettered (for example to alert an admin channel). */
  onDeadLetter?: (message: OutboxMessage) => void | Promise<void>;
  /** Clock, for tests. */
  now?: () => number;
  /** How long `stop()` waits for in-flight sends. Default 15 000 ms. */
  stopTimeoutMs?: number;
}

/** Options for {@link SqliteOutbox}. */
export interface SqliteOutboxOptions extends OutboxDrainOptions {
  /** SQLite file (the outbox's own tables; may be the bot's state file or a separate one). */
  file: string;
  /**
   * Defaults to a {@link SqliteRateLimiter} on the same file (shared by its processes), closed
   * with the outbox. An injected limiter belongs to the caller, who closes it.
   */
  limiter?: RateLimiter;
  /** Renewed every third of it while held. Default 30 000 ms. */
  leaseMs?: number;
  /** How often to look for work enqueued by other processes. Default 250 ms. */
  pollIntervalMs?: number;
  /** `FULL` (default): every commit survives power loss. `NORMAL`: survives process crashes only. */
  synchronous?: 'FULL' | 'NORMAL';
  /** Sent and superseded rows are purged after this long. Default 7 days. */
  retentionMs?: number;
}

interface Row {
  seq: number;
  id: string;
  conv_key: string;
  rate_key: string;
  kind: OutboxKind;
  conversation: string;
  activity: string;
  target_activity_id: string | null;
  target_outbox_id: string | null;
  state: OutboxState;
  uncertain: number;
  attempts: number;
  not_before: number;
  lease_owner: string | null;
  lease_until: number | null;
  activity_id: string | null;
  last_status: number | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
  sent_at: number | null;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS outbox_messages (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    conv_key TEXT NOT NULL,
    rate_key TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('post', 'update', 'reply')),
    conversation TEXT NOT NULL,
    activity TEXT NOT NULL,
    target_activity_id TEXT,
    target_outbox_id TEXT,
    state TEXT NOT NULL,
    uncertain INTEGER NOT NULL DEFAULT 0, -- ambiguous attempts so far (0 = certain)
    attempts INTEGER NOT NULL DEFAULT 0,
    not_before INTEGER NOT NULL,
    lease_owner TEXT,
    lease_until INTEGER,
    activity_id TEXT,
    last_status INTEGER,
    last_error TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    sent_at INTEGER
  );
  CREATE INDEX IF NOT EXISTS outbox_active ON outbox_messages (conv_key, seq)
    WHERE state IN ('pending', 'claimed', 'sending');
  CREATE INDEX IF NOT EXISTS outbox_state ON outbox_messages (state, not_before);
`;

const ACTIVE = `('pending', 'claimed', 'sending')`;

/** A claimed message being worked on by this process. */
interface Task {
  row: Row;
  lost: boolean;
  slow: boolean;
  /** Holds one of the `maxConcurrentPosts` slots. */
  postSlot: boolean;
}

/** Zero for every state (for `stats().byState`). */
export function emptyCounts(): Record<OutboxState, number> {
  return { pending: 0, claimed: 0, sending: 0, sent: 0, dead: 0, superseded: 0 };
}

/**
 * The durable outbox on SQLite (better-sqlite3, WAL). See the module notes for the design and
 * its guarantees. Create one per process, `start()` it after the server is up and `stop()` it on
 * shutdown; several processes may share the file.
 */
export class SqliteOutbox implements Outbox {
  private readonly db: Database.Database;
  private readonly limiter: RateLimiter;
  private readonly ownsLimiter: boolean;
  private readonly sender: Sender;
  private readonly log: Logger | undefined;
  private readonly workerId: string;
  private readonly concurrency: number;
  private readonly postSlots: Semaphore;
  private readonly leaseMs: number;
  private readonly sendTimeoutMs: number;
  private readonly abandonAfterMs: number;
  private readonly backoff: BackoffPolicy;
  private readonly maxAttempts: number;
  private readonly maxAgeMs: number;
  private readonly pollIntervalMs: number;
  private readonly ambiguousPosts: 'resend' | 'deadLetter';
  private readonly ambiguousSettleMs: number;
  private readonly probe: DeliveryProbe | undefined;
  private readonly stampOutboxId: boolean;
  private readonly retentionMs: number;
  private readonly conversationLimits: readonly RateLimitRule[];
  private readonly tenantLimits: readonly RateLimitRule[];
  private readonly now: () => number;
  private readonly stopTimeoutMs: number;
  private readonly onSent: SqliteOutboxOptions['onSent'];
  private readonly onDeadLetter: SqliteOutboxOptions['onDeadLetter'];

  private running = false;
  private loop: Promise<void> | undefined;
  private readonly waker = new Waker();
  private stopController = new AbortController();
  private readonly tasks = new Set<Promise<void>>();
  private readonly inFlight = new Map<string, Task>();
  private activeSlots = 0;
  private lastPurge = 0;
  private closed = false;
  private readonly counters = {
    sendAttempts: 0,
    sent: 0,
    retries: 0,
    throttled: 0,
    deadLettered: 0,
    superseded: 0,
    slowSends: 0,
    ambiguous: 0,
    possibleDuplicates: 0,
    probeResolved: 0,
    recovered: 0,
  };

  private readonly stmt: {
    insert: Database.Statement<Record<string, unknown>>;
    getById: Database.Statement<[string], Row>;
    candidates: Database.Statement<{ now: number; limit: number }, Row>;
    claim: Database.Statement<{ seq: number; owner: string; until: number; now: number }>;
    recover: Database.Statement<{ now: number }>;
    renew: Database.Statement<{ id: string; owner: string; until: number }>;
    markSending: Database.Statement<{ id: string; owner: string; until: number; now: number }>;
    markSent: Database.Statement<{
      id: string;
      activityId: string | null;
      status: number | null;
      now: number;
    }>;
    retry: Database.Statement<{
      id: string;
      owner: string;
      notBefore: number;
      uncertain: number;
      status: number | null;
      error: string;
      now: number;
    }>;
    release: Database.Statement<{ id: string; owner: string; notBefore: number; now: number }>;
    clearUncertain: Database.Statement<{ id: string; owner: string }>;
    dead: Database.Statement<{
      id: string;
      reason: string;
      status: number | null;
      uncertain: number;
      now: number;
    }>;
    supersede: Database.Statement<{ id: string; owner: string; now: number }>;
    newerUpdate: Database.Statement<
      { conv: string; seq: number; targetOutbox: string; targetActivity: string },
      { id: string }
    >;
    counts: Database.Statement<[], { state: OutboxState; n: number }>;
    active: Database.Statement<[], { n: number }>;
    nextDue: Database.Statement<[], { t: number | null }>;
    listDead: Database.Statement<[number], Row>;
    requeue: Database.Statement<{ id: string; now: number }>;
    releaseAll: Database.Statement<{ owner: string; now: number }>;
    purge: Database.Statement<[number]>;
  };

  /** Opens (creating) the outbox tables in `options.file`. */
  public constructor(options: SqliteOutboxOptions) {
    const file = options.file;
    if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    this.db = new Database(file, { timeout: 5000 });
    if (file !== ':memory:') this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    this.db.exec(SCHEMA);

    this.sender = options.sender;
    this.ownsLimiter = options.limiter === undefined;
    this.limiter = options.limiter ?? new SqliteRateLimiter(file);
    this.log = options.logger?.child({ module: 'outbox' });
    this.workerId =
      options.workerId ?? `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.concurrency = Math.max(1, options.concurrency ?? 8);
    this.postSlots = new Semaphore(Math.max(1, options.maxConcurrentPosts ?? 1));
    this.leaseMs = options.leaseMs ?? 30_000;
    this.sendTimeoutMs = options.sendTimeoutMs ?? 10_000;
    this.abandonAfterMs = Math.max(options.abandonAfterMs ?? 120_000, this.sendTimeoutMs);
    this.backoff = {
      baseMs: options.backoff?.baseMs ?? 1_000,
      capMs: options.backoff?.capMs ?? 60_000,
      maxRetryAfterMs: options.backoff?.maxRetryAfterMs ?? 120_000,
    };
    this.maxAttempts = options.maxAttempts ?? 12;
    this.maxAgeMs = options.maxAgeMs ?? 24 * 3600 * 1000;
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.ambiguousPosts = options.ambiguousPosts ?? 'resend';
    this.ambiguousSettleMs = options.ambiguousSettleMs ?? 10_000;
    this.probe = options.probe;
    this.stampOutboxId = options.stampOutboxId ?? true;
    this.retentionMs = options.retentionMs ?? 7 * 24 * 3600 * 1000;
    this.conversationLimits = options.conversationLimits ?? TEAMS_CONVERSATION_LIMITS;
    this.tenantLimits = options.tenantLimits ?? TEAMS_TENANT_LIMITS;
    this.now = options.now ?? Date.now;
    this.stopTimeoutMs = options.stopTimeoutMs ?? 15_000;
    this.onSent = options.onSent;
    this.onDeadLetter = options.onDeadLetter;

    const db = this.db;
    this.stmt = {
      insert: db.prepare(`
        INSERT INTO outbox_messages (id, conv_key, rate_key, kind, conversation, activity,
          target_activity_id, target_outbox_id, state, not_before, created_at, updated_at)
        VALUES (@id, @convKey, @rateKey, @kind, @conversation, @activity,
          @targetActivityId, @targetOutboxId, 'pending', @notBefore, @now, @now)
        ON CONFLICT (id) DO NOTHING`),
      getById: db.prepare<[string], Row>('SELECT * FROM outbox_messages WHERE id = ?'),
      candidates: db.prepare<{ now: number; limit: number }, Row>(`
        SELECT m.* FROM outbox_messages AS m
        WHERE m.state = 'pending' AND m.not_before <= @now
          AND m.seq = (SELECT MIN(h.seq) FROM outbox_messages AS h
                       WHERE h.conv_key = m.conv_key AND h.state IN ${ACTIVE})
        ORDER BY m.not_before, m.seq
        LIMIT @limit`),
      claim: db.prepare(`
        UPDATE outbox_messages SET state = 'claimed', lease_owner = @owner, lease_until = @until,
          updated_at = @now
        WHERE seq = @seq AND state = 'pending'`),
      recover: db.prepare(`
        UPDATE outbox_messages
        SET uncertain = CASE WHEN state = 'sending' THEN uncertain + 1 ELSE uncertain END,
          state = 'pending', lease_owner = NULL, lease_until = NULL, updated_at = @now
        WHERE state IN ('claimed', 'sending') AND lease_until < @now`),
      renew: db.prepare(`
        UPDATE outbox_messages SET lease_until = @until
        WHERE id = @id AND lease_owner = @owner AND state IN ('claimed', 'sending')`),
      markSending: db.prepare(`
        UPDATE outbox_messages SET state = 'sending', attempts = attempts + 1,
          lease_until = @until, updated_at = @now
        WHERE id = @id AND lease_owner = @owner AND state = 'claimed'`),
      markSent: db.prepare(`
        UPDATE outbox_messages SET state = 'sent', activity_id = @activityId, sent_at = @now,
          last_status = @status, lease_owner = NULL, lease_until = NULL, updated_at = @now
        WHERE id = @id AND state NOT IN ('sent', 'dead', 'superseded')`),
      retry: db.prepare(`
        UPDATE outbox_messages SET state = 'pending', not_before = @notBefore,
          uncertain = uncertain + @uncertain, last_status = @status, last_error = @error,
          lease_owner = NULL, lease_until = NULL, updated_at = @now
        WHERE id = @id AND lease_owner = @owner AND state IN ('claimed', 'sending')`),
      release: db.prepare(`
        UPDATE outbox_messages SET state = 'pending', not_before = @notBefore,
          lease_owner = NULL, lease_until = NULL, updated_at = @now
        WHERE id = @id AND lease_owner = @owner AND state = 'claimed'`),
      clearUncertain: db.prepare(`
        UPDATE outbox_messages SET uncertain = 0 WHERE id = @id AND lease_owner = @owner`),
      dead: db.prepare(`
        UPDATE outbox_messages SET state = 'dead', last_error = @reason,
          last_status = COALESCE(@status, last_status), uncertain = uncertain + @uncertain,
          lease_owner = NULL, lease_until = NULL, updated_at = @now
        WHERE id = @id AND state NOT IN ('sent', 'dead', 'superseded')`),
      supersede: db.prepare(`
        UPDATE outbox_messages SET state = 'superseded', lease_owner = NULL, lease_until = NULL,
          updated_at = @now
        WHERE id = @id AND lease_owner = @owner AND state = 'claimed'`),
      newerUpdate: db.prepare(`
        SELECT id FROM outbox_messages
        WHERE conv_key = @conv AND seq > @seq AND kind = 'update' AND state = 'pending'
          AND COALESCE(target_outbox_id, '') = @targetOutbox
          AND COALESCE(target_activity_id, '') = @targetActivity
        LIMIT 1`),
      counts: db.prepare<[], { state: OutboxState; n: number }>(
        'SELECT state, COUNT(*) AS n FROM outbox_messages GROUP BY state',
      ),
      active: db.prepare<[], { n: number }>(
        `SELECT COUNT(*) AS n FROM outbox_messages WHERE state IN ${ACTIVE}`,
      ),
      nextDue: db.prepare<[], { t: number | null }>(`
        SELECT MIN(m.not_before) AS t FROM outbox_messages AS m
        WHERE m.state = 'pending'
          AND m.seq = (SELECT MIN(h.seq) FROM outbox_messages AS h
                       WHERE h.conv_key = m.conv_key AND h.state IN ${ACTIVE})`),
      listDead: db.prepare<[number], Row>(
        `SELECT * FROM outbox_messages WHERE state = 'dead' ORDER BY updated_at DESC LIMIT ?`,
      ),
      requeue: db.prepare(`
        UPDATE outbox_messages SET state = 'pending', attempts = 0, uncertain = 0,
          not_before = @now, last_error = NULL, updated_at = @now
        WHERE id = @id AND state = 'dead'`),
      releaseAll: db.prepare(`
        UPDATE outbox_messages SET state = 'pending', lease_owner = NULL, lease_until = NULL,
          updated_at = @now
        WHERE lease_owner = @owner AND state = 'claimed'`),
      purge: db.prepare(
        `DELETE FROM outbox_messages WHERE state IN ('sent', 'superseded') AND updated_at < ?`,
      ),
    };
  }

  /** See {@link Outbox.enqueue}. Commits before resolving. */
  public enqueue(message: OutboxMessageInput): Promise<{ id: string; created: boolean }> {
    try {
      const created = this.insert(message);
      if (created) this.wake();
      return Promise.resolve({ id: message.id, created });
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  /** See {@link Outbox.enqueueMany}. Resolves the number of new messages. */
  public enqueueMany(messages: readonly OutboxMessageInput[]): Promise<number> {
    try {
      const n = this.db
        .transaction((list: readonly OutboxMessageInput[]) => {
          let created = 0;
          for (const m of list) if (this.insert(m)) created += 1;
          return created;
        })
        .immediate(messages);
      if (n > 0) this.wake();
      return Promise.resolve(n);
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  private insert(message: OutboxMessageInput): boolean {
    validateInput(message);
    const now = this.now();
    const info = this.stmt.insert.run({
      id: message.id,
      convKey: conversationKey(message.conversation),
      rateKey: `tenant:${message.conversation.tenantId ?? 'default'}`,
      kind: message.kind,
      conversation: JSON.stringify(message.conversation),
      activity: JSON.stringify(message.activity),
      targetActivityId: message.targetActivityId ?? null,
      targetOutboxId: message.targetOutboxId ?? null,
      notBefore: message.notBefore ?? now,
      now,
    });
    return info.changes > 0;
  }

  /** See {@link Outbox.start}. Takes over expired leases first. */
  public start(): void {
    if (this.running || this.closed) return;
    this.running = true;
    this.stopController = new AbortController();
    this.loop = this.runLoop();
  }

  /**
   * See {@link Outbox.stop}. In-flight HTTP requests get `stopTimeoutMs` to finish; claims not
   * yet sending are released at once so another worker can take them.
   */
  public async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.stopController.abort();
    this.wake();
    await this.loop;
    const deadline = this.now() + this.stopTimeoutMs;
    while (this.tasks.size > 0 && this.now() < deadline) {
      await Promise.race([Promise.allSettled([...this.tasks]), delay(100)]);
    }
    this.stmt.releaseAll.run({ owner: this.workerId, now: this.now() });
  }

  /** Stops and closes the database connections. */
  public async close(): Promise<void> {
    await this.stop();
    if (this.closed) return;
    this.closed = true;
    if (this.ownsLimiter) this.limiter.close();
    this.db.close();
  }

  /** See {@link Outbox.stats}. */
  public stats(): Promise<OutboxStats> {
    const byState = emptyCounts();
    for (const { state, n } of this.stmt.counts.all()) byState[state] = n;
    return Promise.resolve({ byState, ...this.counters });
  }

  /** See {@link Outbox.get}. */
  public get(id: string): Promise<OutboxMessage | undefined> {
    const row = this.stmt.getById.get(id);
    return Promise.resolve(row ? toMessage(row) : undefined);
  }

  /** See {@link Outbox.listDead}. Newest first. */
  public listDead(limit = 100): Promise<OutboxMessage[]> {
    return Promise.resolve(this.stmt.listDead.all(limit).map(toMessage));
  }

  /** See {@link Outbox.requeue}. */
  public requeue(id: string): Promise<boolean> {
    const changed = this.stmt.requeue.run({ id, now: this.now() }).changes > 0;
    if (changed) this.wake();
    return Promise.resolve(changed);
  }

  /** See {@link Outbox.whenIdle}. Polls every 25 ms. */
  public async whenIdle(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((this.stmt.active.get()?.n ?? 0) > 0) {
      if (Date.now() > deadline) {
        throw new Error(`outbox not idle after ${timeoutMs} ms`);
      }
      await delay(25);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Drain loop

  private async runLoop(): Promise<void> {
    while (this.running) {
      // Sleep until the next claimable head is due; a finishing task or an enqueue wakes us.
      let sleepMs = this.pollIntervalMs;
      try {
        const now = this.now();
        const recovered = this.stmt.recover.run({ now }).changes;
        if (recovered > 0) {
          this.counters.recovered += recovered;
          this.log?.warn({ recovered }, 'outbox: took over expired leases');
        }
        if (now - this.lastPurge > 3_600_000) {
          this.lastPurge = now;
          this.stmt.purge.run(now - this.retentionMs);
        }
        const want = Math.min(
          this.concurrency - this.activeSlots,
          this.concurrency * 4 - this.inFlight.size,
        );
        if (want > 0) {
          const claimed = this.claim(want);
          for (const row of claimed) this.startTask(row);
          if (claimed.length < want) {
            const due = this.stmt.nextDue.get()?.t;
            if (due !== null && due !== undefined) {
              sleepMs = Math.min(sleepMs, due - this.now());
            }
          }
        }
      } catch (err) {
        this.log?.error({ err }, 'outbox: drain loop error');
      }
      if (!this.running) break;
      await this.sleepUntilWoken(Math.max(5, sleepMs));
    }
  }

  /** Claims up to `limit` conversation heads that are due, in one IMMEDIATE transaction. */
  private claim(limit: number): Row[] {
    return this.db
      .transaction((): Row[] => {
        const now = this.now();
        const rows = this.stmt.candidates.all({ now, limit });
        const claimed: Row[] = [];
        for (const row of rows) {
          const changed = this.stmt.claim.run({
            seq: row.seq,
            owner: this.workerId,
            until: now + this.leaseMs,
            now,
          }).changes;
          if (changed > 0) claimed.push({ ...row, state: 'claimed', lease_owner: this.workerId });
        }
        return claimed;
      })
      .immediate();
  }

  private startTask(row: Row): void {
    const task: Task = { row, lost: false, slow: false, postSlot: false };
    this.inFlight.set(row.id, task);
    this.activeSlots += 1;
    const heartbeat = setInterval(
      () => {
        try {
          const changed = this.stmt.renew.run({
            id: row.id,
            owner: this.workerId,
            until: this.now() + this.leaseMs,
          }).changes;
          if (changed === 0) task.lost = true;
        } catch (err) {
          this.log?.warn({ err, outboxId: row.id }, 'outbox: lease renewal failed');
        }
      },
      Math.max(50, Math.floor(this.leaseMs / 3)),
    );
    const p = this.work(task)
      .catch((err: unknown) => {
        this.log?.error({ err, outboxId: row.id }, 'outbox: send task failed');
        try {
          this.stmt.release.run({
            id: row.id,
            owner: this.workerId,
            notBefore: this.now() + 1000,
            now: this.now(),
          });
        } catch {
          // The lease expires on its own; recovery takes it from there.
        }
      })
      .finally(() => {
        clearInterval(heartbeat);
        this.releasePostSlot(task);
        this.inFlight.delete(row.id);
        if (!task.slow) this.activeSlots -= 1;
        this.tasks.delete(p);
        this.wake();
      });
    this.tasks.add(p);
  }

  private async work(task: Task): Promise<void> {
    const { row } = task;
    const message = toMessage(row);

    let targetActivityId = message.targetActivityId;
    if (message.kind !== 'post' && !targetActivityId && message.targetOutboxId) {
      const target = this.stmt.getById.get(message.targetOutboxId);
      if (!target || target.state === 'dead' || target.state === 'superseded') {
        this.deadLetter(
          row,
          target ? `target ${message.targetOutboxId} is ${target.state}` : 'target unknown',
        );
        return;
      }
      if (target.state !== 'sent' || !target.activity_id) {
        // The target is still queued (elsewhere): look again shortly, without using an attempt.
        this.stmt.release.run({
          id: row.id,
          owner: this.workerId,
          notBefore: this.now() + 500,
          now: this.now(),
        });
        return;
      }
      targetActivityId = target.activity_id;
    }
    if (message.kind !== 'post' && !targetActivityId) {
      this.deadLetter(row, `${message.kind} without a target activity`);
      return;
    }

    if (message.kind === 'update') {
      const newer = this.stmt.newerUpdate.get({
        conv: row.conv_key,
        seq: row.seq,
        targetOutbox: row.target_outbox_id ?? '',
        targetActivity: row.target_activity_id ?? '',
      });
      if (newer) {
        if (
          this.stmt.supersede.run({ id: row.id, owner: this.workerId, now: this.now() }).changes
        ) {
          this.counters.superseded += 1;
        }
        return;
      }
    }

    if (message.uncertain && message.kind !== 'update') {
      const settled = await this.settleUncertainPost(task, message);
      if (settled) return;
    }

    const scopes: RateScope[] = [
      { key: `conv:${row.conv_key}`, rules: this.conversationLimits },
      { key: row.rate_key, rules: this.tenantLimits },
    ];
    const isPost = message.kind !== 'update';
    for (;;) {
      if (!this.running || task.lost) {
        this.stmt.release.run({ id: row.id, owner: this.workerId, notBefore: 0, now: this.now() });
        return;
      }
      if (isPost && !this.postSlots.tryTake()) {
        await this.postSlots.waitForRelease(this.stopController.signal, 1000);
        continue;
      }
      let wait: number;
      try {
        wait = await this.limiter.tryAcquire(scopes, this.now());
      } catch (err) {
        if (isPost) this.postSlots.give();
        throw err;
      }
      if (wait === 0) break;
      // Do not hold the post slot while this conversation waits for its rate window.
      if (isPost) this.postSlots.give();
      await this.sleepAbortable(Math.min(wait, 1000));
    }
    if (isPost) task.postSlot = true;

    if (
      this.stmt.markSending.run({
        id: row.id,
        owner: this.workerId,
        until: this.now() + this.leaseMs,
        now: this.now(),
      }).changes === 0
    ) {
      task.lost = true;
      return;
    }
    const attempt = row.attempts + 1;
    this.counters.sendAttempts += 1;

    const outcome = await this.sendWithTimeouts(task, message, targetActivityId);
    const disposition = decideAfterSend(outcome, attempt, this.backoff);
    const now = this.now();

    if (disposition.action === 'sent') {
      this.stmt.markSent.run({
        id: row.id,
        activityId: disposition.activityId ?? null,
        status: outcome.ok ? (outcome.status ?? null) : null,
        now,
      });
      // The outcome is committed: the next post may start (see maxConcurrentPosts).
      this.releasePostSlot(task);
      this.counters.sent += 1;
      if (message.uncertain && message.kind !== 'update') {
        this.counters.possibleDuplicates += message.ambiguousAttempts;
        this.log?.warn(
          { outboxId: row.id, ambiguousAttempts: message.ambiguousAttempts },
          'outbox: post delivered after ambiguous attempts; as many duplicates are possible',
        );
      }
      await this.notify(this.onSent, row.id);
      return;
    }

    if (!outcome.ok && outcome.status === 429) this.counters.throttled += 1;
    if (disposition.action === 'retry' && disposition.ambiguous) this.counters.ambiguous += 1;

    const tooOld = now - row.created_at > this.maxAgeMs;
    if (disposition.action === 'dead' || attempt >= this.maxAttempts || tooOld) {
      const reason =
        disposition.action === 'dead'
          ? disposition.reason
          : `gave up after ${attempt} attempts${tooOld ? ' (too old)' : ''}: ${disposition.reason}`;
      // An ambiguous last attempt stays visible on the dead letter (counted in `uncertain`).
      this.deadLetter(
        row,
        reason,
        outcome.ok ? undefined : outcome.status,
        disposition.action === 'retry' && disposition.ambiguous,
      );
      return;
    }

    this.counters.retries += 1;
    const retryDelay = disposition.ambiguous
      ? Math.max(disposition.delayMs, this.ambiguousSettleMs)
      : disposition.delayMs;
    this.stmt.retry.run({
      id: row.id,
      owner: this.workerId,
      notBefore: now + retryDelay,
      uncertain: disposition.ambiguous ? 1 : 0,
      status: outcome.ok ? null : (outcome.status ?? null),
      error: disposition.reason,
      now,
    });
    this.log?.debug(
      { outboxId: row.id, attempt, delayMs: retryDelay, reason: disposition.reason },
      'outbox: retry scheduled',
    );
  }

  /** Returns true when the message was settled (sent via probe, or dead-lettered). */
  private async settleUncertainPost(task: Task, message: OutboxMessage): Promise<boolean> {
    const { row } = task;
    if (this.probe) {
      const found = await this.probe.find(message).catch(() => ({ found: 'unknown' as const }));
      if (found.found === true) {
        this.stmt.markSent.run({
          id: row.id,
          activityId: found.activityId,
          status: null,
          now: this.now(),
        });
        this.counters.probeResolved += 1;
        this.counters.sent += 1;
        await this.notify(this.onSent, row.id);
        return true;
      }
      if (found.found === false) {
        this.stmt.clearUncertain.run({ id: row.id, owner: this.workerId });
        message.uncertain = false;
        message.ambiguousAttempts = 0;
        return false;
      }
    }
    if (this.ambiguousPosts === 'deadLetter') {
      this.deadLetter(row, 'ambiguous: an earlier attempt may have been delivered; not resent');
      return true;
    }
    return false;
  }

  private sendWithTimeouts(
    task: Task,
    message: OutboxMessage,
    targetActivityId: string | undefined,
  ): Promise<SendOutcome> {
    return sendWithDeadlines(this.sender, message, targetActivityId, {
      softMs: this.sendTimeoutMs,
      hardMs: this.abandonAfterMs,
      stamp: this.stampOutboxId,
      onSlow: () => {
        task.slow = true;
        this.activeSlots -= 1;
        this.releasePostSlot(task);
        this.counters.slowSends += 1;
        this.log?.warn(
          { outboxId: message.id, afterMs: this.sendTimeoutMs },
          'outbox: send is slow; still waiting for the answer',
        );
        this.wake();
      },
    });
  }

  private releasePostSlot(task: Task): void {
    if (!task.postSlot) return;
    task.postSlot = false;
    this.postSlots.give();
  }

  private deadLetter(row: Row, reason: string, status?: number, uncertain = false): void {
    const changed = this.stmt.dead.run({
      id: row.id,
      reason: reason.slice(0, 500),
      status: status ?? null,
      uncertain: uncertain ? 1 : 0,
      now: this.now(),
    }).changes;
    if (changed === 0) return;
    this.counters.deadLettered += 1;
    this.log?.error(
      { outboxId: row.id, kind: row.kind, reason, attempts: row.attempts },
      'outbox: message dead-lettered',
    );
    void this.notify(this.onDeadLetter, row.id);
  }

  private async notify(
    hook: ((m: OutboxMessage) => void | Promise<void>) | undefined,
    id: string,
  ): Promise<void> {
    if (!hook) return;
    const row = this.stmt.getById.get(id);
    if (!row) return;
    try {
      await hook(toMessage(row));
    } catch (err) {
      this.log?.error({ err, outboxId: id }, 'outbox: hook failed');
    }
  }

  private wake(): void {
    this.waker.wake();
  }

  private sleepUntilWoken(ms: number): Promise<void> {
    return this.waker.sleep(ms);
  }

  private sleepAbortable(ms: number): Promise<void> {
    return sleepAbortable(this.stopController.signal, ms);
  }
}

/**
 * One send with the outbox's two deadlines: after `softMs` `onSlow` runs (the caller frees its
 * slot and keeps waiting), after `hardMs` the request is aborted and the outcome is ambiguous.
 * The activity is stamped with the outbox id when `stamp` is set. Never throws.
 */
export async function sendWithDeadlines(
  sender: Sender,
  message: OutboxMessage,
  targetActivityId: string | undefined,
  options: { softMs: number; hardMs: number; stamp: boolean; onSlow: () => void },
): Promise<SendOutcome> {
  const controller = new AbortController();
  const hard = setTimeout(() => controller.abort(), options.hardMs);
  const soft = setTimeout(options.onSlow, options.softMs);
  const activity = options.stamp ? stampActivity(message.activity, message.id) : message.activity;
  try {
    const outcome = await sender.send({
      kind: message.kind,
      conversation: message.conversation,
      activity,
      targetActivityId,
      signal: controller.signal,
    });
    if (!outcome.ok && controller.signal.aborted) {
      return { ...outcome, errorCode: 'ABORT_TIMEOUT', requestMayHaveReached: true };
    }
    return outcome;
  } catch (err) {
    return {
      ok: false,
      errorCode: controller.signal.aborted ? 'ABORT_TIMEOUT' : 'SENDER_THREW',
      message: err instanceof Error ? err.message : String(err),
      requestMayHaveReached: true,
    };
  } finally {
    clearTimeout(hard);
    clearTimeout(soft);
  }
}

/** Lets a drain loop sleep until a timeout or until new work wakes it. */
export class Waker {
  private wakeUp: (() => void) | undefined;

  /** Ends the current sleep, if any. */
  public wake(): void {
    const w = this.wakeUp;
    this.wakeUp = undefined;
    w?.();
  }

  /** Sleeps `ms`, or less when woken. */
  public sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        if (this.wakeUp === done) this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }
}

/** Sleeps `ms`, or less when `signal` aborts. */
export function sleepAbortable(signal: AbortSignal, ms: number): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(finish, ms);
    function finish(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', finish);
      resolve();
    }
    signal.addEventListener('abort', finish);
  });
}

/** A counting semaphore whose waiters are woken (not granted) on release. */
export class Semaphore {
  private free: number;
  private readonly waiters = new Set<() => void>();

  public constructor(size: number) {
    this.free = size;
  }

  public tryTake(): boolean {
    if (this.free <= 0) return false;
    this.free -= 1;
    return true;
  }

  public give(): void {
    this.free += 1;
    for (const w of [...this.waiters]) w();
  }

  /** Resolves on the next release, on abort, or after `maxMs`. */
  public waitForRelease(signal: AbortSignal, maxMs: number): Promise<void> {
    if (signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, maxMs);
      this.waiters.add(done);
      signal.addEventListener('abort', done);
    });
  }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The per-conversation ordering and rate-limit key. */
export function conversationKey(ref: ConversationRef): string {
  return ref.conversationId;
}

/** Throws a TypeError for a message no backend can send. */
export function validateInput(m: OutboxMessageInput): void {
  if (!m.id || typeof m.id !== 'string' || m.id.length > 300) {
    throw new TypeError('An outbox message needs an id of 1–300 characters');
  }
  if (!['post', 'update', 'reply'].includes(m.kind)) {
    throw new TypeError(`Unknown outbox kind ${String(m.kind)}`);
  }
  if (!m.conversation?.serviceUrl || !m.conversation.conversationId) {
    throw new TypeError('An outbox message needs conversation.serviceUrl and conversationId');
  }
  if (m.kind !== 'post' && !m.targetActivityId && !m.targetOutboxId) {
    throw new TypeError(`A ${m.kind} needs targetActivityId or targetOutboxId`);
  }
  if (!isRecord(m.activity)) throw new TypeError('An outbox message needs an activity object');
}

function toMessage(row: Row): OutboxMessage {
  const m: OutboxMessage = {
    id: row.id,
    conversation: JSON.parse(row.conversation) as ConversationRef,
    kind: row.kind,
    activity: JSON.parse(row.activity) as Record<string, unknown>,
    state: row.state,
    attempts: row.attempts,
    notBefore: row.not_before,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    uncertain: row.uncertain > 0,
    ambiguousAttempts: row.uncertain,
  };
  if (row.target_activity_id) m.targetActivityId = row.target_activity_id;
  if (row.target_outbox_id) m.targetOutboxId = row.target_outbox_id;
  if (row.activity_id) m.activityId = row.activity_id;
  if (row.sent_at !== null) m.sentAt = row.sent_at;
  if (row.last_status !== null) m.lastStatus = row.last_status;
  if (row.last_error !== null) m.lastError = row.last_error;
  return m;
}
