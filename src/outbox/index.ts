/**
 * The delivery engine for proactive Teams messages and its two stores. Start with engine.ts (the
 * policy and its guarantees), then store.ts (what a store does), then the store you deploy.
 */
export { stampActivity, outboxStampId, toConversationRef } from './activity';
export { defaultWorkerId, OutboxEngine } from './engine';
export {
  conversationKey,
  decideAfterSend,
  emptyCounts,
  isRecord,
  validateInput,
  zeroCounters,
} from './policy';
export type { ClaimStep, LocalCounts, OutboxClaim, OutboxStore, RetryRecord } from './store';
export type * from './types';
export { SqliteOutbox, SqliteOutboxStore, type SqliteOutboxOptions } from './sqlite/store';
export {
  AzureQueueOutbox,
  AzureQueueStore,
  DEFAULT_OUTBOX_QUEUE_NAME,
  type AzureQueueOutboxOptions,
} from './azure-queue/store';
export type { OutboxQueueClient } from './azure-queue/pointers';
export {
  MemoryRateLimiter,
  SqliteRateLimiter,
  TEAMS_CONVERSATION_LIMITS,
  TEAMS_TENANT_LIMITS,
  type RateLimiter,
  type RateLimitRule,
  type RateScope,
} from './rate-limiter';
export { StorageRateLimiter, type StorageRateLimiterOptions } from './storage-rate-limiter';
export { BotFrameworkSender } from './bot-sender';
export { GraphDeliveryProbe } from './delivery-probe';
