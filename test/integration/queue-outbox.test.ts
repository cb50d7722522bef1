import { randomUUID } from 'node:crypto';

import { QueueClient } from '@azure/storage-queue';

import type {
  DeliveryProbe,
  OutboxMessage,
  OutboxMessageInput,
  OutboxStats,
  Sender,
} from '../../src/outbox';
import {
  AzureQueueOutbox,
  type AzureQueueOutboxOptions,
  type OutboxQueueClient,
} from '../../src/outbox';
import type { RateLimiter } from '../../src/outbox/rate-limiter';
import { StorageRateLimiter } from '../../src/outbox/storage-rate-limiter';
import { BlobStateStorage } from '../../src/storage/blob-storage';
import type { StateStorage } from '../../src/storage/state-storage';
import { startAzurite, type AzuriteHandle } from '../helpers/azurite';
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
 * AzureQueueOutbox on Azurite (queue + blob, in memory, on loopback) with the real Bot Framework
 * sender against the loopback connector, which injects faults. Every test gets its own queue and
 * container; "instances" are AzureQueueOutbox objects with their own clients on the same queue
 * and container, as separate hosts would have. Delivery is counted on the connector side by the
 * `channelData.outboxId` every activity carries.
 */

let azurite: AzuriteHandle;
let connector: LoopbackConnector;
const outboxes: AzureQueueOutbox[] = [];
const freezers: Freezer[] = [];

beforeAll(async () => {
  azurite = await startAzurite({ services: ['queue'] });
  connector = await startLoopbackConnector();
}, 30_000);

afterEach(async () => {
  for (const f of freezers.splice(0)) f.kill();
  await Promise.all(outboxes.splice(0).map((o) => o.close()));
  connector.setFault(undefined);
  connector.clear();
});

afterAll(async () => {
  await connector?.close();
  await azurite?.stop();
});

/** A queue and a container of its own: what several instances of one deployment share. */
interface World {
  queueName: string;
  container: string;
  /** Every slot any instance's limiter granted, by scope. */
  grants: Map<string, number[]>;
}

function newWorld(): World {
  const suffix = randomUUID().replace(/-/g, '').slice(0, 20);
  return { queueName: `qo-${suffix}`, container: `qo-${suffix}`, grants: new Map() };
}

/** A storage client of its own on the world's container, like another host's. */
function storageFor(world: World): BlobStateStorage {
  return new BlobStateStorage(azurite.blobConnectionString, world.container);
}

/**
 * The shared limiter on the world's container, recording its grants. Margin 250 ms (100 in
 * production): the instances and the fake Teams share one event loop here, so an arrival can be
 * booked later than it was sent when the machine is busy (the same reason as outbox.test.ts).
 */
function recordingLimiter(world: World, storage: StateStorage): RateLimiter {
  const inner = new StorageRateLimiter(storage, {
    keyPrefix: `outbox/${world.queueName}/rate/`,
    marginMs: 250,
  });
  return {
    async tryAcquire(scopes, nowMs) {
      const wait = await inner.tryAcquire(scopes, nowMs);
      if (wait === 0) {
        for (const s of scopes)
          world.grants.set(s.key, [...(world.grants.get(s.key) ?? []), nowMs]);
      }
      return wait;
    },
    close: () => inner.close(),
  };
}

/** One instance: its own storage, queue client and limiter objects on the shared world. */
function instance(
  world: World,
  options: Partial<AzureQueueOutboxOptions> = {},
  wrap: {
    storage?: (s: StateStorage) => StateStorage;
    queue?: (q: OutboxQueueClient) => OutboxQueueClient;
  } = {},
): AzureQueueOutbox {
  const storage = (wrap.storage ?? ((s) => s))(storageFor(world));
  const queue = (wrap.queue ?? ((q) => q))(
    new QueueClient(azurite.queueConnectionString ?? '', world.queueName),
  );
  const outbox = new AzureQueueOutbox({
    storage,
    queue,
    queueName: world.queueName,
    sender: anonymousSender(),
    limiter: recordingLimiter(world, storage),
    pollIntervalMs: 50,
    sendTimeoutMs: 300,
    abandonAfterMs: 5_000,
    leaseMs: 3_000,
    backoff: { baseMs: 100, capMs: 800, maxRetryAfterMs: 2_000 },
    ambiguousSettleMs: 200,
    maxMessagesPerTurn: 2,
    sweepIntervalMs: 2_000,
    strayGraceMs: 5_000,
    stopTimeoutMs: 5_000,
    ...options,
  });
  outboxes.push(outbox);
  return outbox;
}

function posts(conversationId: string, n: number, prefix = conversationId): OutboxMessageInput[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${prefix}/m${String(i).padStart(2, '0')}`,
    kind: 'post' as const,
    conversation: conversationOn(connector, conversationId),
    activity: { type: 'message', text: `alert ${i}` },
  }));
}

function outboxIdOf(activity: Record<string, unknown>): string {
  return (activity.channelData as { outboxId?: string } | undefined)?.outboxId ?? '(none)';
}

function expectExactlyOnce(ids: readonly string[]): void {
  const counts = countByOutboxId(connector.received);
  const missing = ids.filter((id) => !counts.has(id));
  const doubled = [...counts].filter(([, n]) => n > 1);
  expect({ missing, doubled }).toEqual({ missing: [], doubled: [] });
}

function expectInOrder(messages: readonly OutboxMessageInput[]): void {
  const conversations = new Set(messages.map((m) => m.conversation.conversationId));
  for (const c of conversations) {
    const delivered = connector.received
      .filter((r) => r.conversationId === c && r.method === 'POST')
      .map((r) => outboxIdOf(r.activity));
    const expected = messages.filter((m) => m.conversation.conversationId === c).map((m) => m.id);
    expect({ c, delivered }).toEqual({ c, delivered: expected });
  }
}

/** Teams' per-conversation limits, as the connector saw the requests and as the limiters granted. */
function expectWithinTeamsLimits(
  world: World,
  seen: ReturnType<typeof recordRequests>,
  conversations: readonly string[],
): void {
  for (const c of conversations) {
    const granted = world.grants.get(`conv:${c}`) ?? [];
    expect(granted.length).toBeGreaterThan(0);
    expect(maxInWindow(granted, 1_000)).toBeLessThanOrEqual(7);
    expect(maxInWindow(granted, 2_000)).toBeLessThanOrEqual(8);
  }
  for (const [c, times] of timesByConversation(seen)) {
    expect({ c, per1s: maxInWindow(times, 1_000) <= 7 }).toEqual({ c, per1s: true });
    expect({ c, per2s: maxInWindow(times, 2_000) <= 8 }).toEqual({ c, per2s: true });
  }
}

function sum(stats: readonly OutboxStats[], key: Exclude<keyof OutboxStats, 'byState'>): number {
  return stats.reduce((s, x) => s + x[key], 0);
}

/**
 * Makes an instance "crash": after `freeze()` every call through a wrapped object hangs (as in a
 * dead process, nothing it does reaches Azure again, and answers already on the way are dropped).
 * `kill()` (test cleanup) rejects all of them so the object can be closed.
 */
class Freezer {
  private frozen = false;
  private killed = false;
  private readonly pending: ((err: Error) => void)[] = [];

  public freeze(): void {
    this.frozen = true;
  }

  public kill(): void {
    this.killed = true;
    for (const reject of this.pending.splice(0)) reject(new Error('process is gone'));
  }

  /** A promise that never settles until `kill()`. */
  public hang<T>(): Promise<T> {
    if (this.killed) return Promise.reject(new Error('process is gone'));
    return new Promise<T>((_resolve, reject) => this.pending.push(reject));
  }

  public wrap<T extends object>(target: T): T {
    return new Proxy(target, {
      get: (obj, prop, receiver) => {
        const value: unknown = Reflect.get(obj, prop, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]): unknown => {
          if (this.frozen) return this.hang();
          const result: unknown = (value as (...a: unknown[]) => unknown).apply(obj, args);
          if (!(result instanceof Promise)) return result;
          return result.then((v: unknown) => (this.frozen ? this.hang() : v));
        };
      },
    });
  }
}

describe('AzureQueueOutbox: two instances on one queue and one container', () => {
  it('delivers every message once, in order per conversation, within the shared limits', async () => {
    const world = newWorld();
    const seen = recordRequests(connector);
    const sentBy = new Map<string, string[]>();
    const onSentFor = (name: string) => (m: OutboxMessage) => {
      const c = m.conversation.conversationId;
      sentBy.set(c, [...(sentBy.get(c) ?? []), name]);
    };
    const a = instance(world, { concurrency: 1, onSent: onSentFor('a') });
    const b = instance(world, { concurrency: 1, onSent: onSentFor('b') });
    const conversations = ['conv-a', 'conv-b', 'conv-c', 'conv-d'];
    const messages = conversations.flatMap((c) => posts(c, 12));
    // Enqueued through both instances (each conversation through one, to define its order).
    expect(await a.enqueueMany(messages.filter((m) => /conv-[ab]/.test(m.id)))).toBe(24);
    expect(await b.enqueueMany(messages.filter((m) => /conv-[cd]/.test(m.id)))).toBe(24);
    const started = Date.now();
    a.start();
    b.start();
    await a.whenIdle(25_000);
    await b.whenIdle(5_000);
    const elapsed = Date.now() - started;

    expectExactlyOnce(messages.map((m) => m.id));
    expectInOrder(messages);
    expectWithinTeamsLimits(world, seen, conversations);
    // 12 per conversation at 8 per 2 s cannot take less than 2 s.
    expect(elapsed).toBeGreaterThanOrEqual(2_000);
    // Both instances worked (each took lanes off the one queue).
    const all = [...sentBy.values()].flat();
    expect(all.filter((n) => n === 'a').length).toBeGreaterThan(0);
    expect(all.filter((n) => n === 'b').length).toBeGreaterThan(0);

    const stats = await Promise.all([a.stats(), b.stats()]);
    expect(sum(stats, 'sent')).toBe(48);
    expect(stats[0]?.byState).toMatchObject({ pending: 0, dead: 0 });
    expect(await a.get('conv-a/m00')).toMatchObject({ state: 'sent' });
    expect((await b.get('conv-a/m11'))?.activityId).toMatch(/^reply-/);
  });
});

describe('AzureQueueOutbox: faults', () => {
  it('delivers every message once through 429s, 500s, 503s and slow answers', async () => {
    const world = newWorld();
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
    const a = instance(world);
    const b = instance(world);
    const messages = [...posts('conv-f1', 10), ...posts('conv-f2', 10), ...posts('conv-f3', 10)];
    expect(await a.enqueueMany(messages)).toBe(30);
    a.start();
    b.start();
    await a.whenIdle(25_000);
    await b.whenIdle(5_000);

    expectExactlyOnce(messages.map((m) => m.id));
    expectInOrder(messages);
    expectWithinTeamsLimits(world, seen, ['conv-f1', 'conv-f2', 'conv-f3']);
    const stats = await Promise.all([a.stats(), b.stats()]);
    expect(sum(stats, 'sent')).toBe(30);
    expect(sum(stats, 'deadLettered')).toBe(0);
    expect(sum(stats, 'throttled')).toBeGreaterThanOrEqual(2);
    expect(sum(stats, 'retries')).toBeGreaterThanOrEqual(4);
    expect(sum(stats, 'slowSends')).toBeGreaterThanOrEqual(1);
    // A 500 may have been posted: the resend is counted as a possible duplicate (the loopback
    // connector did not post it, so none is on screen).
    expect(sum(stats, 'ambiguous')).toBeGreaterThanOrEqual(1);
    expect(sum(stats, 'possibleDuplicates')).toBe(sum(stats, 'ambiguous'));
    const retried = await Promise.all(messages.map((m) => a.get(m.id)));
    expect(retried.filter((m) => (m?.attempts ?? 0) > 1).length).toBeGreaterThanOrEqual(4);
  });
});

describe('AzureQueueOutbox: stop, crash and restart', () => {
  it('hands the lanes over on stop; the next instance finishes once, within the shared limit', async () => {
    const world = newWorld();
    const seen = recordRequests(connector);
    const first = instance(world);
    const messages = [...posts('conv-hand', 20), ...posts('conv-other', 6)];
    await first.enqueueMany(messages);
    first.start();
    await connector.waitFor(9, 10_000);
    await first.stop();
    const sentByFirst = connector.count;
    expect(sentByFirst).toBeLessThan(26);

    // Another instance (another host): the same messages again are no-ops; it finishes the job.
    const second = instance(world);
    expect(await second.enqueueMany(messages)).toBe(0);
    second.start();
    await second.whenIdle(20_000);

    expectExactlyOnce(messages.map((m) => m.id));
    expectInOrder(messages);
    expect((await second.stats()).sent).toBe(26 - sentByFirst);
    // The second instance saw the first one's sends in the shared log: no burst at the hand-over.
    expectWithinTeamsLimits(world, seen, ['conv-hand', 'conv-other']);
  });

  it('after a crash mid-send, the lease runs out and the probe settles the uncertain post', async () => {
    const world = newWorld();
    recordRequests(connector);
    const crashId = 'conv-crash/m02';
    const freezer = new Freezer();
    freezers.push(freezer);
    const real = anonymousSender();
    const dyingSender: Sender = {
      async send(request) {
        if (outboxIdOf(request.activity) !== crashId) return real.send(request);
        await real.send(request); // Teams gets the post ...
        freezer.freeze(); // ... and the process dies before it records the answer.
        return freezer.hang();
      },
    };
    const doomed = instance(
      world,
      { sender: dyingSender, leaseMs: 2_000 },
      { storage: (s) => freezer.wrap(s), queue: (q) => freezer.wrap(q) },
    );
    const messages = [...posts('conv-crash', 6), ...posts('conv-calm', 3)];
    await doomed.enqueueMany(messages);
    doomed.start();
    await waitUntil(() => countByOutboxId(connector.received).has(crashId), 10_000);
    expect((await storageView(world).get(crashId))?.state).toBe('sending');

    // No stop(): the doomed instance is simply gone. The next one waits out its lease (2 s).
    const found: string[] = [];
    const probe: DeliveryProbe = {
      find: (message) => {
        found.push(message.id);
        const hit = connector.received.find((r) => outboxIdOf(r.activity) === message.id);
        return Promise.resolve(hit ? { found: true, activityId: hit.id } : { found: false });
      },
    };
    const heir = instance(world, { probe, leaseMs: 2_000 });
    heir.start();
    await heir.whenIdle(20_000);

    expectExactlyOnce(messages.map((m) => m.id));
    expectInOrder(messages);
    expect(found).toEqual([crashId]);
    const stats = await heir.stats();
    expect(stats).toMatchObject({ probeResolved: 1, possibleDuplicates: 0 });
    expect(stats.recovered).toBeGreaterThanOrEqual(1);
    const settled = await heir.get(crashId);
    const posted = connector.received.find((r) => outboxIdOf(r.activity) === crashId);
    expect(settled).toMatchObject({ state: 'sent', uncertain: true, activityId: posted?.id });
  });
});

describe('AzureQueueOutbox: enqueue, dead letters, poison, superseding', () => {
  it('enqueues idempotently by id, also when two instances race for one id', async () => {
    const world = newWorld();
    recordRequests(connector);
    const a = instance(world);
    const b = instance(world);
    const [x, y, z] = posts('conv-idem', 3);
    expect(await a.enqueue(x!)).toEqual({ id: x!.id, created: true });
    expect(await b.enqueue(x!)).toEqual({ id: x!.id, created: false });
    expect(await a.enqueueMany([x!, y!, y!])).toBe(1);
    const raced = await Promise.all([a.enqueue(z!), b.enqueue(z!)]);
    expect(raced.filter((r) => r.created)).toHaveLength(1);
    expect((await a.get(z!.id))?.state).toBe('pending');
    expect((await a.stats()).byState.pending).toBe(3);
    a.start();
    b.start();
    await a.whenIdle(10_000);
    expectExactlyOnce([x!.id, y!.id, z!.id]);
    expectInOrder([x!, y!, z!]);
    // Sent ids stay known: enqueueing them again sends nothing.
    expect(await b.enqueueMany([x!, y!, z!])).toBe(0);
    await b.whenIdle(5_000);
    expect(connector.received).toHaveLength(3);
  });

  it('dead-letters a 400 with the reason, keeps it listed, and requeues it', async () => {
    const world = newWorld();
    recordRequests(connector, ({ url }) =>
      url.includes('conv-400') ? { status: 400 } : undefined,
    );
    const dead: OutboxMessage[] = [];
    const a = instance(world, { onDeadLetter: (m) => void dead.push(m) });
    const ok = posts('conv-ok', 3);
    await a.enqueueMany([...posts('conv-400', 1), ...ok]);
    a.start();
    await a.whenIdle(10_000);

    expectExactlyOnce(ok.map((m) => m.id));
    const listed = await instance(world).listDead();
    expect(listed.map((m) => m.id)).toEqual(['conv-400/m00']);
    expect(listed[0]).toMatchObject({ state: 'dead', lastStatus: 400, attempts: 1 });
    expect(listed[0]?.lastError).toMatch(/not retryable: HTTP 400/);
    expect(dead.map((m) => m.id)).toEqual(['conv-400/m00']);
    expect((await a.stats()).byState.dead).toBe(1);

    // A person fixes the cause and sends it again.
    connector.setFault(undefined);
    expect(await a.requeue('conv-400/m00')).toBe(true);
    expect(await a.requeue('conv-400/m00')).toBe(false);
    await a.whenIdle(10_000);
    expect(countByOutboxId(connector.received).get('conv-400/m00')).toBe(1);
    expect(await a.listDead()).toEqual([]);
    expect(await a.get('conv-400/m00')).toMatchObject({ state: 'sent', attempts: 1 });
  });

  it('dead-letters the head of a lane dequeued past the bound as poison, and carries on', async () => {
    const world = newWorld();
    recordRequests(connector);
    // The lane's pointer arrives as if ten workers had died holding it.
    let inflate = true;
    const inflating = (q: OutboxQueueClient): OutboxQueueClient => ({
      createIfNotExists: (o) => q.createIfNotExists(o),
      sendMessage: (t, o) => q.sendMessage(t, o),
      updateMessage: (...args) => q.updateMessage(...args),
      deleteMessage: (...args) => q.deleteMessage(...args),
      receiveMessages: async (o) => {
        const res = await q.receiveMessages(o);
        if (inflate && res.receivedMessageItems.length > 0) {
          inflate = false;
          for (const item of res.receivedMessageItems) item.dequeueCount += 10;
        }
        return res;
      },
    });
    const a = instance(world, { maxDequeueCount: 5 }, { queue: inflating });
    const messages = posts('conv-poison', 3);
    await a.enqueueMany(messages);
    a.start();
    await a.whenIdle(10_000);

    const [poisoned] = await a.listDead();
    expect(poisoned).toMatchObject({ id: 'conv-poison/m00', state: 'dead', attempts: 0 });
    expect(poisoned?.lastError).toMatch(/^poison: its lane was dequeued 11 times/);
    expectExactlyOnce(['conv-poison/m01', 'conv-poison/m02']);
    expect(countByOutboxId(connector.received).has('conv-poison/m00')).toBe(false);
  });

  it('updates a card whose post is still queued, sending only the newest version', async () => {
    const world = newWorld();
    recordRequests(connector);
    const a = instance(world, { maxMessagesPerTurn: 20 });
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
    await a.enqueueMany([post, ...updates, reply]);
    a.start();
    await a.whenIdle(10_000);

    const posted = await a.get(post.id);
    expect(posted?.activityId).toMatch(/^reply-/);
    const puts = connector.received.filter((r) => r.method === 'PUT');
    expect(puts).toHaveLength(1);
    expect(puts[0]).toMatchObject({ replyToId: posted?.activityId, activity: { text: 'v6' } });
    const replies = connector.received.filter((r) => r.method === 'POST' && r.replyToId);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.replyToId).toBe(posted?.activityId);
    expect(await a.stats()).toMatchObject({ sent: 3, superseded: 4 });
    expect((await a.get('incident-alert/INC-1/v3'))?.state).toBe('superseded');
  });
});

describe('StorageRateLimiter on Azure Blob Storage (Azurite)', () => {
  it('grants exactly the limit to two hosts racing on one container', async () => {
    const world = newWorld();
    const hosts = [storageFor(world), storageFor(world)].map(
      (s) => new StorageRateLimiter(s, { marginMs: 0 }),
    );
    const scopes = [{ key: 'conv:race', rules: [{ windowMs: 10_000, max: 5 }] }];
    const now = Date.now();
    const waits = await Promise.all(
      Array.from({ length: 16 }, (_, i) => hosts[i % 2]!.tryAcquire(scopes, now)),
    );
    expect(waits.filter((w) => w === 0)).toHaveLength(5);
    expect(waits.filter((w) => w > 0).length).toBe(11);
    // Either host now sees the window full, until the first grant leaves it.
    const later = await hosts[1]!.tryAcquire(scopes, Date.now());
    expect(later).toBeGreaterThan(8_000);
    expect(later).toBeLessThanOrEqual(10_001);
  });

  it('takes a slot in every scope or in none', async () => {
    const world = newWorld();
    const storage = storageFor(world);
    const limiter = new StorageRateLimiter(storage, { marginMs: 0 });
    const roomy = { key: 'conv:roomy', rules: [{ windowMs: 60_000, max: 100 }] };
    const tight = { key: 'tenant:tight', rules: [{ windowMs: 60_000, max: 1 }] };
    const now = Date.now();
    expect(await limiter.tryAcquire([roomy, tight], now)).toBe(0);
    expect(await limiter.tryAcquire([roomy, tight], now + 1)).toBeGreaterThan(0);
    const doc = (await storage.read([limiter.keyOf(roomy.key)]))[limiter.keyOf(roomy.key)] as {
      times: number[];
    };
    expect(doc.times).toEqual([now]);
  });
});

/** Polls `condition` every 20 ms; rejects after `timeoutMs`. */
async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A read-only look at the world's documents through an outbox that never starts. */
function storageView(world: World): AzureQueueOutbox {
  return instance(world);
}
