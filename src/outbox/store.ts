/**
 * What the delivery engine (engine.ts) needs from a place to keep messages. A store knows how to
 * keep messages durably, hand out CLAIMS (leased work on one conversation, so its messages go out
 * in order and one at a time across every worker) and record what happened; the engine owns every
 * decision: what to send, when, how often, and what an outcome means.
 *
 * Two stores implement it: SQLite (sqlite/store.ts: one claim is one head message, leased by a
 * row lock with an expiry) and Azure Queue + Blob (azure-queue/: one claim is one conversation's
 * lane, leased by a queue message's visibility timeout).
 */
import type { RateLimiter } from './rate-limiter';
import type { OutboxMessage, OutboxMessageInput, OutboxState } from './types';

/** What this engine knows, for a store that cannot count everything itself. */
export interface LocalCounts {
  /** Claims held by this engine and not sending. */
  claimed: number;
  /** Claims held by this engine with a request in flight. */
  sending: number;
  /** Messages this engine recorded as sent since it started. */
  sent: number;
  /** Updates this engine superseded since it started. */
  superseded: number;
}

/** The next thing to do on a held claim. */
export type ClaimStep =
  /** Send (or settle) this message: the conversation's head. */
  | { kind: 'head'; message: OutboxMessage }
  /** The head is due in `ms`: wait while holding, or hand the claim back when that is long. */
  | { kind: 'wait'; ms: number }
  /** The head was received too often without an outcome: dead-letter it with `reason`. */
  | { kind: 'poison'; message: OutboxMessage; reason: string; uncertain: boolean }
  /** Nothing more on this claim: it was finished, handed back or lost. */
  | { kind: 'done' };

/** What {@link OutboxStore.claim} found. */
export interface ClaimBatch {
  claims: OutboxClaim[];
  /** Leases of stopped workers taken over in this call. */
  recovered: number;
  /** When to look again, if sooner than the poll interval (0: at once, more is waiting). */
  nextPollMs?: number;
}

/** What {@link OutboxClaim.scheduleRetry} records. */
export interface RetryRecord {
  notBefore: number;
  /** The attempt may have been delivered. */
  ambiguous: boolean;
  status?: number;
  error: string;
}

/**
 * Leased work on one conversation. Every method that settles the head (markSent, deadLetter,
 * supersede) also does the store's bookkeeping for it; scheduleRetry and handBack end the claim.
 */
export interface OutboxClaim {
  /** The conversation key, for logs. */
  readonly conversation: string;
  /** Another worker may hold this work now: stop before sending anything more. */
  readonly lost: boolean;
  /** The claim was handed back, finished or lost: nothing more to do or renew. */
  readonly ended: boolean;
  /** The next step; call again after each head is settled. */
  next(): Promise<ClaimStep>;
  /** Extends the lease (the engine calls it every third of the lease). */
  renew(): Promise<void>;
  /** Lets the work go, due again after `delayMs`, without using an attempt. Ends the claim. */
  handBack(delayMs: number): Promise<void>;
  /** Is a newer update of the same card queued behind this one? */
  hasNewerUpdate(message: OutboxMessage): Promise<boolean>;
  /**
   * Records, durably, that a request is about to leave. Resolves the attempt number, `'lost'`
   * when the lease is gone, `'settled'` when the message already has an outcome.
   */
  markSending(id: string): Promise<number | 'lost' | 'settled'>;
  markSent(id: string, result: { activityId?: string; status?: number }): Promise<void>;
  /** Back to pending until `notBefore`; ends the claim. */
  scheduleRetry(id: string, retry: RetryRecord): Promise<void>;
  /** Resolves the dead letter when this call made it one (undefined when it already had an outcome). */
  deadLetter(
    id: string,
    reason: string,
    status: number | undefined,
    uncertain: boolean,
  ): Promise<OutboxMessage | undefined>;
  /** True when this call superseded it. */
  supersede(id: string): Promise<boolean>;
  /** The probe found no copy: the next send is certain again. */
  clearUncertain(id: string): Promise<void>;
}

/** A place to keep outbox messages. */
export interface OutboxStore {
  /** For logs. */
  readonly logContext: Record<string, string>;
  /** The limiter every worker on this store shares. */
  readonly limiter: RateLimiter;
  /** A claim's lease; the engine renews it every third. */
  readonly leaseMs: number;
  /** Waits up to this long are spent holding a claim; longer ones hand it back. */
  readonly holdMs: number;
  /** How often `whenIdle` looks. */
  readonly idlePollMs: number;
  /** Stores the messages durably, idempotent by id. Resolves how many were new. */
  enqueueMany(messages: readonly OutboxMessageInput[]): Promise<number>;
  /** Claims up to `limit` conversations with due work (and does the store's upkeep). */
  claim(limit: number, stopping: AbortSignal): Promise<ClaimBatch>;
  get(id: string): Promise<OutboxMessage | undefined>;
  /** Newest first. */
  listDead(limit: number): Promise<OutboxMessage[]>;
  /** A dead letter back in the queue, at the end of its conversation. */
  requeue(id: string): Promise<boolean>;
  countByState(local: LocalCounts): Promise<Record<OutboxState, number>>;
  /**
   * How long the longest-waiting undelivered message has waited, in ms on the store's clock (0
   * when nothing waits). SQLite: since the message was enqueued. Azure: the oldest busy lane's
   * wait for its current turn (lanes, not messages, are what the queue knows).
   */
  oldestWaitMs(): Promise<number>;
  /** No message of any worker is pending or in flight. */
  isIdle(): Promise<boolean>;
  /** After the engine's sends finished: let go of what this worker still holds. */
  stop(): Promise<void>;
  /** Closes what the store opened (connections, its own limiter). */
  close(): Promise<void>;
}
