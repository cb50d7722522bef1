/**
 * The outbox's vocabulary: what a caller enqueues, what is stored, what a send returns, and the
 * options every backend takes. The design and its guarantees are described in engine.ts.
 */
import type { Logger } from '../logging';

import type { RateLimiter, RateLimitRule } from './rate-limiter';

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

/** The outbox contract, the same on every store (SQLite, Azure Queue + Blob). */
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

// ---------------------------------------------------------------------------------------------
// Engine options

/**
 * What the delivery engine takes, whatever the store: the sender, the limits, the timeouts and
 * the exactly-once policy. Each store adds where it keeps messages (SqliteOutboxOptions,
 * AzureQueueOutboxOptions) and may document a default differently.
 */
export interface OutboxDrainOptions {
  sender: Sender;
  /** Shared by every worker that drains the same store; each store has its default. */
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
