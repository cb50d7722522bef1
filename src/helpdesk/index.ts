/**
 * Public surface of the helpdesk backend: diagnosis, reports and tickets, incidents, the signed
 * webhook and the outbox. Framework-free; the Bot Framework sender is imported separately from
 * `./bot-sender` by the composition root, so nothing here pulls in botbuilder.
 */
export {
  causeKeyOf,
  diagnose,
  DIAGNOSIS_RULES,
  ENROLLMENT_STEP_LABELS,
  ENROLLMENT_STEPS,
  FAILURE_CATEGORIES,
  getDiagnosisRule,
  normaliseErrorText,
  parseOsVersion,
  type Confidence,
  type Diagnosis,
  type PushCertificateFact,
  type DiagnosisInput,
  type DiagnosisRule,
  type DocSource,
  type EnrollmentStep,
  type FailureCategory,
  type FixedBy,
  type KnownDiagnosis,
  type UnknownDiagnosis,
} from './diagnosis';
export {
  DEFAULT_GROUPING_WINDOW_MS,
  draftFromEmployeeReport,
  draftFromWebhookReport,
  employeeReportSchema,
  fileReport,
  IncidentGrouper,
  parseEmployeeReport,
  parseWebhookReport,
  TicketStore,
  ticketSchema,
  type AttachResult,
  toFieldErrors,
  webhookReportSchema,
  type Actor,
  type EmployeeReport,
  type FieldErrors,
  type FiledReport,
  type Incident,
  type Reporter,
  type Ticket,
  type TicketDraft,
  type TicketStatus,
  type WebhookReport,
} from './report';
export {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_SKEW_MS,
  handleEnrollmentFailureHttp,
  handleEnrollmentFailureWebhook,
  readRawBody,
  ReplayGuard,
  signWebhookBody,
  TokenBucketLimiter,
  verifyWebhookRequest,
  WEBHOOK_SAMPLE_SCRIPTS,
  type HandleWebhookOptions,
  type IncomingRequestLike,
  type VerifyWebhookOptions,
  type WebhookResponse,
} from './webhook';
export {
  conversationKey,
  decideAfterSend,
  SqliteOutbox,
  toConversationRef,
  type ConversationRef,
  type DeliveryProbe,
  type Outbox,
  type OutboxKind,
  type OutboxMessage,
  type OutboxMessageInput,
  type OutboxStats,
  type SendOutcome,
  type Sender,
  type SendRequest,
  type SqliteOutboxOptions,
} from './outbox';
export {
  MemoryRateLimiter,
  SqliteRateLimiter,
  TEAMS_CONVERSATION_LIMITS,
  TEAMS_TENANT_LIMITS,
  type RateLimiter,
  type RateLimitRule,
} from './rate-limiter';
export {
  AzureQueueOutbox,
  DEFAULT_OUTBOX_QUEUE_NAME,
  type AzureQueueOutboxOptions,
  type OutboxQueueClient,
} from './queue-outbox';
export { StorageRateLimiter, type StorageRateLimiterOptions } from './storage-rate-limiter';
export {
  CachedTenantFacts,
  pushCertificateFact,
  type TenantFacts,
  type TenantFactsSource,
} from './tenant-facts';
export {
  incidentAlertId,
  planIncidentAlert,
  planIncidentCardUpdate,
  planTicketNotice,
} from './alerts';
