/**
 * The delivery policy as pure functions: what to do after a send (retry with backoff, dead
 * letter, done), what a valid message is, and the key that orders a conversation's messages.
 * The engine applies them the same way on every store.
 */
import type {
  BackoffPolicy,
  ConversationRef,
  Disposition,
  OutboxMessageInput,
  OutboxState,
  OutboxStats,
  SendOutcome,
} from './types';

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

/** Every counter of `stats()` at zero. */
export function zeroCounters(): Omit<OutboxStats, 'byState'> {
  return {
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
}

/** Zero for every state (for `stats().byState`). */
export function emptyCounts(): Record<OutboxState, number> {
  return { pending: 0, claimed: 0, sending: 0, sent: 0, dead: 0, superseded: 0 };
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The per-conversation ordering and rate-limit key. */
export function conversationKey(ref: ConversationRef): string {
  return ref.conversationId;
}

/** The rate-limit scope of the tenant (app-wide limits). */
export function tenantRateKey(ref: Pick<ConversationRef, 'tenantId'>): string {
  return `tenant:${ref.tenantId ?? 'default'}`;
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
