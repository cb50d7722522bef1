import type { DeliveryProbe, OutboxMessage, OutboxMessageInput, Sender } from '../../src/outbox';
import {
  type AzureQueueOutboxOptions,
  type OutboxQueueClient,
  StorageRateLimiter,
} from '../../src/outbox';
import type { StateStorage } from '../../src/storage/state-storage';
import { azureQueueBackend, type World } from '../helpers/outbox-backends';
import { waitUntil } from '../helpers/outbox-child';
import {
  anonymousSender,
  countByOutboxId,
  expectExactlyOnce as expectAllOnce,
  expectInOrder as expectOrder,
  expectWithinTeamsLimits,
  outboxIdOf,
  postsOn,
  recordRequests,
  sumStats as sum,
} from '../helpers/outbox-harness';
import { type LoopbackConnector, startLoopbackConnector } from '../support/loopback-connector';

/**
 * What only the Azure Queue store has, on Azurite (queue + blob, in memory, on loopback): lanes
 * shared by instances that enqueue and drain each other's conversations, a crash inside the
 * process (every call of the instance hangs from one moment on), poison lanes, and the shared
 * rate limiter on Blob storage. What every store must do is in outbox-contract.test.ts.
 */

const backend = azureQueueBackend();
let connector: LoopbackConnector;
const freezers: Freezer[] = [];

beforeAll(async () => {
  await backend.setUp();
  connector = await startLoopbackConnector();
}, 30_000);

afterEach(async () => {
  for (const f of freezers.splice(0)) f.kill();
  await backend.closeAll();
  connector.setFault(undefined);
  connector.clear();
});

afterAll(async () => {
  await connector?.close();
  await backend.tearDown();
});

const newWorld = (): World => backend.newWorld();
const storageFor = (world: World): StateStorage => backend.storageFor(world);

/** One instance: its own storage, queue client and limiter objects on the shared world. */
function instance(
  world: World,
  options: Partial<AzureQueueOutboxOptions> = {},
  wrap: {
    storage?: (s: StateStorage) => StateStorage;
    queue?: (q: OutboxQueueClient) => OutboxQueueClient;
  } = {},
) {
  return backend.instanceWith(world, {
    azure: options,
    wrapStorage: wrap.storage,
    wrapQueue: wrap.queue,
  });
}

function posts(conversationId: string, n: number): OutboxMessageInput[] {
  return postsOn(connector, conversationId, n);
}

const expectExactlyOnce = (ids: readonly string[]): void => expectAllOnce(connector, ids);
const expectInOrder = (messages: readonly OutboxMessageInput[]): void =>
  expectOrder(connector, messages);

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
    expectWithinTeamsLimits(world.grants, seen, conversations);
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

describe('AzureQueueOutbox: a crash inside the process', () => {
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

describe('AzureQueueOutbox: poison', () => {
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

/** A read-only look at the world's documents through an outbox that never starts. */
function storageView(world: World) {
  return instance(world);
}
