import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { planIncidentAlert } from '../../src/helpdesk/alerts';
import {
  draftFromWebhookReport,
  fileReport,
  IncidentGrouper,
  parseWebhookReport,
  TicketStore,
} from '../../src/helpdesk/report';
import { SqliteOutbox, type SqliteOutboxOptions } from '../../src/outbox';
import { SqliteRateLimiter } from '../../src/outbox/rate-limiter';
import { SqliteStorage } from '../../src/storage/sqlite-storage';
import { type LoopbackConnector, startLoopbackConnector } from '../support/loopback-connector';

import {
  anonymousSender,
  conversationOn,
  countByOutboxId,
  maxInWindow,
  recordRequests,
  seededRandom,
  timesByConversation,
} from './outbox-harness';

/**
 * A burst of enrollment failure reports through the whole helpdesk backend, for tests and the
 * `report-burst` bench scenario: each report is validated, diagnosed, filed as a ticket and
 * grouped into an incident (TicketStore + IncidentGrouper on SqliteStorage); each incident's alert
 * is enqueued as a post, later reports as versioned updates of the same card (planIncidentAlert);
 * the SqliteOutbox drains through the real Bot Framework sender to the loopback connector, which
 * answers a share of calls with 429 + Retry-After. Everything is counted on the connector side.
 */

/** Options of {@link runReportBurst}. */
export interface ReportBurstOptions {
  /** Reports to file. Default 1000. */
  reports?: number;
  /** Share of connector calls answered 429 with Retry-After. Default 0.2. */
  faultRate?: number;
  /** The Retry-After value sent with each 429, in seconds. Default 1. */
  retryAfterSeconds?: number;
  /** Helpdesk conversations the incidents are spread over (by cause). Default 4. */
  conversations?: number;
  /** Share of reports with a one-off unknown error (each its own incident). Default 0.02. */
  uniqueUnknownRate?: number;
  /** Grouping window. Default 30 minutes. */
  windowMs?: number;
  /** PRNG seed for the report mix and the faults. Default 42. */
  seed?: number;
  /** Gives up waiting for the drain after this long. Default 120 s. */
  timeoutMs?: number;
  /** A running connector to use (its fault injector is replaced); else one is started. */
  connector?: LoopbackConnector;
  /** Extra SqliteOutbox options (limits, timeouts). */
  outbox?: Partial<SqliteOutboxOptions>;
  /**
   * The rate limiter's safety margin (production default 100 ms). Tests on a busy machine raise
   * it: the sender and the fake Teams share one event loop, so arrival bookkeeping can lag.
   */
  rateMarginMs?: number;
}

/** What {@link runReportBurst} measured. */
export interface ReportBurstResult {
  reports: number;
  incidents: number;
  /** Time to file every report (diagnose, ticket, group, enqueue). */
  fileMs: number;
  /** From the first enqueue until the outbox was idle. */
  drainMs: number;
  /** Alert posts delivered (distinct). */
  posts: number;
  expectedPosts: number;
  /** Card updates delivered (PUTs). */
  updates: number;
  /** Updates replaced by a newer version before they went out. */
  superseded: number;
  /** Posts delivered more than once (extra copies). */
  duplicates: number;
  /** Alert posts not delivered, plus incidents whose final card version was not delivered. */
  lost: number;
  /** HTTP requests the connector saw, and how many it answered 429. */
  requests: number;
  injected429: number;
  /** Highest per-conversation request count in any 1 s and any 2 s window. */
  maxPerConversation1s: number;
  maxPerConversation2s: number;
  possibleDuplicates: number;
}

interface Template {
  weight: number;
  body: Record<string, unknown>;
  domain?: string;
}

const TEMPLATES: readonly Template[] = [
  { weight: 20, body: { errorCode: 'DeviceCapReached' } },
  {
    weight: 15,
    body: { errorText: 'Sign In Failed: The Enrollment SSO application has been installed' },
  },
  { weight: 10, body: { errorCode: 'APNSCertificateNotValid' } },
  { weight: 10, body: { errorText: 'User name not recognized' } },
  { weight: 8, body: { errorText: 'Cannot find the server', step: 'sign-in' }, domain: 'a.com' },
  { weight: 5, body: { errorText: 'Cannot find the server', step: 'sign-in' }, domain: 'b.com' },
  { weight: 8, body: { errorText: 'Invalid Profile' } },
  { weight: 6, body: { errorText: 'Profile installation failed' } },
  { weight: 6, body: { errorText: 'SMS code not accepted', osVersion: '16.1' } },
  { weight: 6, body: { failureCategory: 'userAbandonment', errorText: 'abandoned' } },
  {
    weight: 6,
    body: { osVersion: '14.8', errorText: 'Enrollment failed' },
  },
];

function pick(rng: () => number): Template {
  const total = TEMPLATES.reduce((s, t) => s + t.weight, 0);
  let x = rng() * total;
  for (const t of TEMPLATES) {
    x -= t.weight;
    if (x < 0) return t;
  }
  return TEMPLATES[0]!;
}

function bucket(key: string, n: number): number {
  return createHash('sha1').update(key).digest().readUInt32BE(0) % n;
}

/** Runs the burst and cleans up after itself (temp files, and the connector if it started it). */
export async function runReportBurst(options: ReportBurstOptions = {}): Promise<ReportBurstResult> {
  const reports = options.reports ?? 1000;
  const faultRate = options.faultRate ?? 0.2;
  const retryAfter = String(options.retryAfterSeconds ?? 1);
  const conversationCount = options.conversations ?? 4;
  const uniqueRate = options.uniqueUnknownRate ?? 0.02;
  const rng = seededRandom(options.seed ?? 42);
  const faultRng = seededRandom((options.seed ?? 42) + 1);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-burst-'));
  const ownConnector = options.connector === undefined;
  const connector = options.connector ?? (await startLoopbackConnector());
  connector.clear();
  const recordBodies = connector.recordBodies;
  connector.recordBodies = true;
  let injected429 = 0;
  const seen = recordRequests(connector, () => {
    if (faultRng() < faultRate) {
      injected429 += 1;
      return { status: 429, headers: { 'Retry-After': retryAfter } };
    }
    return undefined;
  });

  const storage = new SqliteStorage(path.join(dir, 'state.sqlite'));
  const tickets = new TicketStore(storage);
  const grouper = new IncidentGrouper(storage, tickets, { windowMs: options.windowMs });
  const outboxFile = path.join(dir, 'outbox.sqlite');
  const limiter =
    options.rateMarginMs !== undefined
      ? new SqliteRateLimiter(outboxFile, { marginMs: options.rateMarginMs })
      : undefined;
  const outbox = new SqliteOutbox({
    file: outboxFile,
    sender: anonymousSender(),
    ...(limiter ? { limiter } : {}),
    pollIntervalMs: 50,
    backoff: { baseMs: 200, capMs: 2_000, maxRetryAfterMs: 5_000 },
    ...options.outbox,
  });
  const conversations = Array.from({ length: conversationCount }, (_, i) =>
    conversationOn(connector, `helpdesk-${i}`),
  );

  const expectedPosts = new Set<string>();
  const finalVersion = new Map<string, string>();
  try {
    outbox.start();
    const started = Date.now();
    for (let i = 0; i < reports; i++) {
      const template = pick(rng);
      const user = `user${Math.floor(rng() * 300)}@${template.domain ?? 'contoso.com'}`;
      const unique = rng() < uniqueRate;
      const parsed = parseWebhookReport({
        user,
        device: 'iPhone 13',
        osVersion: '17.4',
        enrollmentType: 'appleAccountDrivenUserEnrollment',
        time: new Date().toISOString(),
        eventId: `burst-${i}`,
        ...(unique
          ? { errorText: `Unexpected failure ${i} (0x${i.toString(16)})` }
          : template.body),
      });
      if (!parsed.ok) throw new Error(`bad burst report: ${JSON.stringify(parsed.fieldErrors)}`);
      const filed = await fileReport({ tickets, grouper }, draftFromWebhookReport(parsed.value), {
        idempotencyKey: parsed.value.eventId,
      });
      const conversation =
        conversations[bucket(filed.incident.causeKey, conversationCount)] ?? conversations[0]!;
      const messages = planIncidentAlert({
        incident: filed.incident,
        isNew: filed.isNewIncident,
        conversation,
        activity: {
          type: 'message',
          text: `${filed.incident.title}: ${filed.incident.count} report(s)`,
        },
      });
      await outbox.enqueueMany(messages);
      const [post, update] = messages;
      if (post) expectedPosts.add(post.id);
      if (update) finalVersion.set(post?.id ?? '', update.id);
    }
    const fileMs = Date.now() - started;
    await outbox.whenIdle(options.timeoutMs ?? 120_000);
    const drainMs = Date.now() - started;
    // Let any straggling answer land before counting.
    await new Promise((r) => setTimeout(r, 100));

    const postCounts = countByOutboxId(connector.received, ['POST']);
    const putCounts = countByOutboxId(connector.received, ['PUT']);
    let lost = [...expectedPosts].filter((id) => !postCounts.has(id)).length;
    for (const last of finalVersion.values()) {
      if (!putCounts.has(last)) lost += 1;
    }
    const stats = await outbox.stats();
    const perConversation = [...timesByConversation(seen).values()];
    return {
      reports,
      incidents: expectedPosts.size,
      fileMs,
      drainMs,
      posts: [...expectedPosts].filter((id) => postCounts.has(id)).length,
      expectedPosts: expectedPosts.size,
      updates: [...putCounts.values()].reduce((s, n) => s + n, 0),
      superseded: stats.byState.superseded,
      duplicates: [...postCounts.values()].reduce((s, n) => s + n - 1, 0),
      lost,
      requests: seen.length,
      injected429,
      maxPerConversation1s: Math.max(0, ...perConversation.map((t) => maxInWindow(t, 1_000))),
      maxPerConversation2s: Math.max(0, ...perConversation.map((t) => maxInWindow(t, 2_000))),
      possibleDuplicates: stats.possibleDuplicates,
    };
  } finally {
    await outbox.close();
    limiter?.close();
    await storage.close();
    connector.setFault(undefined);
    connector.recordBodies = recordBodies;
    if (ownConnector) await connector.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
