import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {
  type DeliveryProbe,
  type OutboxMessage,
  type OutboxMessageInput,
  SqliteOutbox,
  type SqliteOutboxOptions,
} from '../../src/outbox';
import { type RateLimiter, SqliteRateLimiter } from '../../src/outbox/rate-limiter';
import {
  anonymousSender,
  conversationOn,
  countByOutboxId,
  maxInWindow,
  recordRequests,
  timesByConversation,
} from '../helpers/outbox-harness';
import { type LoopbackConnector, startLoopbackConnector } from '../support/loopback-connector';

/**
 * The real SqliteOutbox and the real Bot Framework sender (anonymous CloudAdapter) against the
 * loopback connector, which injects faults. Delivery is counted on the connector side by the
 * `channelData.outboxId` every activity carries.
 */

let dir: string;
let connector: LoopbackConnector;
const outboxes: SqliteOutbox[] = [];
const limiters: SqliteRateLimiter[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'outbox-it-'));
  connector = await startLoopbackConnector();
});

beforeEach(() => {
  grants = new Map();
});

afterEach(async () => {
  for (const o of outboxes.splice(0)) await o.close();
  for (const l of limiters.splice(0)) l.close();
  connector.setFault(undefined);
  connector.clear();
});

afterAll(async () => {
  await connector.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Every slot the limiter granted, by scope: the limiter's own decisions, free of jitter. */
let grants: Map<string, number[]>;

/**
 * The outbox's SQLite limiter, recording its grants. Its margin is 250 ms here (100 ms in
 * production) because the sender and the fake Teams share one event loop in this test: when the
 * machine is busy, the connector's bookkeeping of an arrival can lag its real send by more than
 * network jitter would.
 */
function recordingLimiter(file: string): RateLimiter {
  const inner = new SqliteRateLimiter(file, { marginMs: 250 });
  limiters.push(inner);
  return {
    async tryAcquire(scopes, nowMs) {
      const wait = await inner.tryAcquire(scopes, nowMs);
      if (wait === 0) {
        for (const s of scopes) grants.set(s.key, [...(grants.get(s.key) ?? []), nowMs]);
      }
      return wait;
    },
    close: () => inner.close(),
  };
}

let fileNo = 0;
function makeOutbox(options: Partial<SqliteOutboxOptions> = {}): SqliteOutbox {
  fileNo += 1;
  const file = options.file ?? path.join(dir, `outbox-${fileNo}.sqlite`);
  const outbox = new SqliteOutbox({
    file,
    limiter: recordingLimiter(file),
    sender: anonymousSender(),
    pollIntervalMs: 50,
    sendTimeoutMs: 300,
    abandonAfterMs: 5_000,
    leaseMs: 5_000,
    backoff: { baseMs: 100, capMs: 800, maxRetryAfterMs: 2_000 },
    ambiguousSettleMs: 200,
    ...options,
  });
  outboxes.push(outbox);
  return outbox;
}

function posts(conversationId: string, n: number, prefix = conversationId): OutboxMessageInput[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${prefix}/m${i}`,
    kind: 'post' as const,
    conversation: conversationOn(connector, conversationId),
    activity: { type: 'message', text: `alert ${i}` },
  }));
}

/** The limiter's grants per conversation keep 7 per 1 s and 8 per 2 s, exactly. */
function expectWithinTeamsLimits(conversations: readonly string[]): void {
  for (const c of conversations) {
    const times = grants.get(`conv:${c}`) ?? [];
    expect(times.length).toBeGreaterThan(0);
    expect(maxInWindow(times, 1_000)).toBeLessThanOrEqual(7);
    expect(maxInWindow(times, 2_000)).toBeLessThanOrEqual(8);
  }
}

function expectExactlyOnce(ids: readonly string[]): void {
  const counts = countByOutboxId(connector.received);
  const missing = ids.filter((id) => !counts.has(id));
  const doubled = [...counts].filter(([, n]) => n > 1);
  expect({ missing, doubled }).toEqual({ missing: [], doubled: [] });
}

describe('SqliteOutbox with the Bot Framework sender', () => {
  it('delivers every message exactly once through 429s, 500s, 503s and slow answers', async () => {
    let n = 0;
    const seen = recordRequests(connector, () => {
      n += 1;
      if (n % 11 === 2) return { status: 429, headers: { 'Retry-After': '1' } };
      if (n % 11 === 4) return { status: 429 };
      if (n % 11 === 6) return { status: 500 };
      if (n % 11 === 8) return { status: 503 };
      if (n % 17 === 5) return { delayMs: 900 };
      return undefined;
    });
    const outbox = makeOutbox();
    const messages = [...posts('conv-a', 15), ...posts('conv-b', 15), ...posts('conv-c', 15)];
    expect(await outbox.enqueueMany(messages)).toBe(45);
    outbox.start();
    await outbox.whenIdle(25_000);

    expectExactlyOnce(messages.map((m) => m.id));
    const stats = await outbox.stats();
    expect(stats.byState).toMatchObject({ sent: 45, dead: 0, pending: 0 });
    expect(stats.throttled).toBeGreaterThanOrEqual(2);
    expect(stats.retries).toBeGreaterThanOrEqual(4);
    expect(stats.slowSends).toBeGreaterThanOrEqual(1);
    // A 500 leaves the outbox unsure whether Teams posted it: the resend is counted as a possible
    // duplicate (the loopback connector did not post, so there is none on screen).
    expect(stats.ambiguous).toBeGreaterThanOrEqual(1);
    expect(stats.possibleDuplicates).toBe(stats.ambiguous);
    expect(await outbox.get('conv-a/m0')).toMatchObject({ state: 'sent' });

    // Teams' per-conversation limits: as granted, and as measured where Teams would measure them.
    expectWithinTeamsLimits(['conv-a', 'conv-b', 'conv-c']);
    for (const [, times] of timesByConversation(seen)) {
      expect(maxInWindow(times, 1_000)).toBeLessThanOrEqual(7);
      expect(maxInWindow(times, 2_000)).toBeLessThanOrEqual(8);
    }
    // In order within each conversation.
    const order = connector.received
      .filter((r) => r.conversationId === 'conv-a')
      .map((r) => (r.activity.channelData as { outboxId: string }).outboxId);
    expect(order).toEqual(messages.filter((m) => m.id.startsWith('conv-a')).map((m) => m.id));
  });

  it('keeps one conversation to 7 per second and 8 per 2 seconds', async () => {
    const seen = recordRequests(connector);
    const outbox = makeOutbox();
    const messages = posts('conv-rate', 20);
    await outbox.enqueueMany(messages);
    const started = Date.now();
    outbox.start();
    await outbox.whenIdle(20_000);
    const elapsed = Date.now() - started;

    expectExactlyOnce(messages.map((m) => m.id));
    expectWithinTeamsLimits(['conv-rate']);
    const times = seen.map((s) => s.at);
    expect(times).toHaveLength(20);
    expect(maxInWindow(times, 1_000)).toBeLessThanOrEqual(7);
    expect(maxInWindow(times, 2_000)).toBeLessThanOrEqual(8);
    // 8 at once, then 4 per second: 20 messages cannot take less than 3 s.
    expect(elapsed).toBeGreaterThanOrEqual(3_000);
  });

  it('keeps the app-wide limit across conversations', async () => {
    const seen = recordRequests(connector);
    const outbox = makeOutbox({ tenantLimits: [{ windowMs: 1_000, max: 10 }], concurrency: 8 });
    const messages = Array.from({ length: 6 }, (_, c) => posts(`conv-g${c}`, 5)).flat();
    await outbox.enqueueMany(messages);
    outbox.start();
    await outbox.whenIdle(20_000);

    expectExactlyOnce(messages.map((m) => m.id));
    expect(
      maxInWindow(
        seen.map((s) => s.at),
        1_000,
      ),
    ).toBeLessThanOrEqual(10);
  });

  it('dead-letters 403 and 400 with the reason, never silently, and carries on', async () => {
    recordRequests(connector, ({ url }) => {
      if (url.includes('conv-403')) return { status: 403 };
      if (url.includes('conv-400')) return { status: 400 };
      return undefined;
    });
    const dead: OutboxMessage[] = [];
    const outbox = makeOutbox({
      onDeadLetter: (m) => {
        dead.push(m);
      },
    });
    const ok = posts('conv-ok', 3);
    await outbox.enqueueMany([...posts('conv-403', 2), ...posts('conv-400', 1), ...ok]);
    outbox.start();
    await outbox.whenIdle(10_000);

    expectExactlyOnce(ok.map((m) => m.id));
    const listed = await outbox.listDead();
    expect(listed.map((m) => m.id).sort()).toEqual(
      ['conv-400/m0', 'conv-403/m0', 'conv-403/m1'].sort(),
    );
    const byId = new Map(listed.map((m) => [m.id, m]));
    expect(byId.get('conv-403/m0')).toMatchObject({ lastStatus: 403, attempts: 1 });
    expect(byId.get('conv-403/m0')?.lastError).toMatch(/not retryable: HTTP 403 Injected/);
    expect(byId.get('conv-400/m0')?.lastError).toMatch(/HTTP 400/);
    expect(dead).toHaveLength(3);
    expect((await outbox.stats()).deadLettered).toBe(3);

    // A person can send it again once the cause is fixed.
    connector.setFault(undefined);
    expect(await outbox.requeue('conv-400/m0')).toBe(true);
    await outbox.whenIdle(5_000);
    expect(countByOutboxId(connector.received).get('conv-400/m0')).toBe(1);
  });

  it('updates a card whose post is still queued, sending only the newest version', async () => {
    recordRequests(connector);
    const outbox = makeOutbox();
    const conversation = conversationOn(connector, 'conv-card');
    const post: OutboxMessageInput = {
      id: 'incident-alert/INC-1',
      kind: 'post',
      conversation,
      activity: { type: 'message', text: 'v1' },
    };
    const updates: OutboxMessageInput[] = [2, 3, 4, 5, 6].map((v) => ({
      id: `incident-alert/INC-1/v${v}`,
      kind: 'update',
      conversation,
      activity: { type: 'message', text: `v${v}` },
      targetOutboxId: post.id,
    }));
    const reply: OutboxMessageInput = {
      id: 'incident-alert/INC-1/reply',
      kind: 'reply',
      conversation,
      activity: { type: 'message', text: 'resolved' },
      targetOutboxId: post.id,
    };
    await outbox.enqueueMany([post, ...updates, reply]);
    outbox.start();
    await outbox.whenIdle(10_000);

    const posted = await outbox.get(post.id);
    expect(posted?.activityId).toMatch(/^reply-/);
    const puts = connector.received.filter((r) => r.method === 'PUT');
    expect(puts).toHaveLength(1);
    expect(puts[0]).toMatchObject({ replyToId: posted?.activityId, activity: { text: 'v6' } });
    const replies = connector.received.filter((r) => r.method === 'POST' && r.replyToId);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.replyToId).toBe(posted?.activityId);
    const stats = await outbox.stats();
    expect(stats.byState).toMatchObject({ sent: 3, superseded: 4 });
  });

  it('resumes after stop: a new outbox on the same file finishes the job once', async () => {
    recordRequests(connector);
    const first = makeOutbox();
    const file = path.join(dir, `outbox-${fileNo}.sqlite`);
    const messages = posts('conv-restart', 12);
    await first.enqueueMany(messages);
    first.start();
    await connector.waitFor(4, 10_000);
    await first.close();

    const second = makeOutbox({ file });
    expect(await second.enqueueMany(messages)).toBe(0);
    second.start();
    await second.whenIdle(15_000);
    expectExactlyOnce(messages.map((m) => m.id));
  });
});

describe('answers slower than the hard timeout (ambiguous posts)', () => {
  const slowFirstPost = () =>
    recordRequests(connector, ({ method, url, attempt }) =>
      method === 'POST' && url.includes('conv-slow') && attempt === 1
        ? { delayMs: 600 }
        : undefined,
    );
  const options: Partial<SqliteOutboxOptions> = {
    sendTimeoutMs: 100,
    abandonAfterMs: 300,
    ambiguousSettleMs: 800,
  };

  it('resends by default: nothing is lost and every duplicate is counted', async () => {
    slowFirstPost();
    const outbox = makeOutbox(options);
    const messages = posts('conv-slow', 3);
    await outbox.enqueueMany(messages);
    outbox.start();
    await outbox.whenIdle(15_000);
    await new Promise((r) => setTimeout(r, 700));

    const counts = countByOutboxId(connector.received);
    for (const m of messages) expect(counts.get(m.id)).toBeGreaterThanOrEqual(1);
    const duplicates = [...counts.values()].reduce((s, n) => s + n - 1, 0);
    const stats = await outbox.stats();
    expect(stats.ambiguous).toBe(1);
    expect(duplicates).toBe(1);
    expect(duplicates).toBeLessThanOrEqual(stats.possibleDuplicates);
  });

  it('with a delivery probe, settles the ambiguous post without resending it', async () => {
    slowFirstPost();
    const probe: DeliveryProbe = {
      find: (message) => {
        const hit = connector.received.find(
          (r) => (r.activity.channelData as { outboxId?: string }).outboxId === message.id,
        );
        return Promise.resolve(hit ? { found: true, activityId: hit.id } : { found: false });
      },
    };
    const outbox = makeOutbox({ ...options, probe });
    const messages = posts('conv-slow', 3);
    await outbox.enqueueMany(messages);
    outbox.start();
    await outbox.whenIdle(15_000);

    expectExactlyOnce(messages.map((m) => m.id));
    const stats = await outbox.stats();
    expect(stats).toMatchObject({ probeResolved: 1, possibleDuplicates: 0 });
    expect((await outbox.get('conv-slow/m0'))?.activityId).toMatch(/^reply-/);
  });

  it("with ambiguousPosts 'deadLetter', parks the post for a person instead", async () => {
    slowFirstPost();
    const outbox = makeOutbox({ ...options, ambiguousPosts: 'deadLetter' });
    const messages = posts('conv-slow', 2);
    await outbox.enqueueMany(messages);
    outbox.start();
    await outbox.whenIdle(15_000);
    await new Promise((r) => setTimeout(r, 700));

    expectExactlyOnce(messages.map((m) => m.id));
    const [dead] = await outbox.listDead();
    expect(dead).toMatchObject({ id: 'conv-slow/m0', uncertain: true });
    expect(dead?.lastError).toMatch(/ambiguous/);
  });
});
