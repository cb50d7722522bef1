import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { QueueClient } from '@azure/storage-queue';

import {
  AzureQueueOutbox,
  type AzureQueueOutboxOptions,
  type OutboxDrainOptions,
  type OutboxQueueClient,
  type RateLimiter,
  SqliteOutbox,
  SqliteRateLimiter,
  StorageRateLimiter,
} from '../../src/outbox';
import { BlobStateStorage } from '../../src/storage/blob-storage';
import type { StateStorage } from '../../src/storage/state-storage';

import { type AzuriteHandle, startAzurite } from './azurite';
import { anonymousSender } from './outbox-harness';

/**
 * The outbox stores as the contract suite (test/integration/outbox-contract.test.ts) sees them:
 * a WORLD is what the workers of one deployment share (a SQLite file; a queue and a container on
 * Azurite), an INSTANCE is one worker on it (its own connections, as another process or host
 * would have). Every instance's limiter records the slots it granted into the world, so the
 * tests can check the limits as the limiter decided them, free of network jitter.
 */

/** An outbox as the tests drive it. */
export type TestOutbox = SqliteOutbox | AzureQueueOutbox;

/** What the workers of one deployment share. */
export interface World {
  /** Every slot any instance's limiter granted, by scope. */
  grants: Map<string, number[]>;
  /** SQLite: the file. */
  file?: string;
  /** Azure: the queue and the container (same name). */
  queueName?: string;
}

export interface OutboxBackend {
  name: 'sqlite' | 'azure-queue';
  /** `stats().byState.sent` counts every worker's sends (SQLite), not only this instance's. */
  countsSettledAcrossWorkers: boolean;
  setUp(): Promise<void>;
  tearDown(): Promise<void>;
  newWorld(): World;
  /** A worker on `world`, with test-friendly timings; `options` win. */
  instance(world: World, options?: Partial<OutboxDrainOptions>): TestOutbox;
  /** Environment for test/helpers/outbox-crash-child.ts to open an instance on `world`. */
  childEnv(world: World): Record<string, string>;
  /** Closes every instance made since the last call. */
  closeAll(): Promise<void>;
}

/** Test timings shared by both stores (each store adds its own). */
const COMMON: Partial<OutboxDrainOptions> = {
  pollIntervalMs: 50,
  sendTimeoutMs: 300,
  abandonAfterMs: 5_000,
  backoff: { baseMs: 100, capMs: 800, maxRetryAfterMs: 2_000 },
  ambiguousSettleMs: 200,
  stopTimeoutMs: 5_000,
};

/**
 * Wraps a limiter so its grants are recorded in the world. The limiters' margin is 250 ms here
 * (100 ms in production) because the sender and the fake Teams share one event loop in these
 * tests: when the machine is busy, the connector's bookkeeping of an arrival can lag its real
 * send by more than network jitter would.
 */
function recording(world: World, inner: RateLimiter): RateLimiter {
  return {
    async tryAcquire(scopes, nowMs) {
      const wait = await inner.tryAcquire(scopes, nowMs);
      if (wait === 0) {
        for (const s of scopes) {
          world.grants.set(s.key, [...(world.grants.get(s.key) ?? []), nowMs]);
        }
      }
      return wait;
    },
    close: () => inner.close(),
  };
}

/**
 * The limiters' margin in these tests. The connector measures arrival, the limiter records when
 * it hands out the slot; on a busy 2-core CI machine the gap between the two has reached 250 ms
 * (a send arrived late and crowded the next window), so the tests leave more room for jitter.
 * The limits checked stay Teams' own (7 per second, 8 per 2 seconds, 50 per second per app).
 */
export const TEST_MARGIN_MS = 400;

/** The SQLite store: a world is a file in a temp folder. */
export function sqliteBackend(): OutboxBackend {
  let dir = '';
  let made: { outbox: SqliteOutbox; limiter: RateLimiter }[] = [];
  return {
    name: 'sqlite',
    countsSettledAcrossWorkers: true,
    setUp() {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'outbox-contract-'));
      return Promise.resolve();
    },
    tearDown() {
      fs.rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    },
    newWorld() {
      return { grants: new Map(), file: path.join(dir, `outbox-${randomUUID()}.sqlite`) };
    },
    instance(world, options = {}) {
      const file = world.file ?? '';
      const limiter = recording(world, new SqliteRateLimiter(file, { marginMs: TEST_MARGIN_MS }));
      const outbox = new SqliteOutbox({
        file,
        limiter,
        sender: anonymousSender(),
        leaseMs: 5_000,
        ...COMMON,
        ...options,
      });
      made.push({ outbox, limiter });
      return outbox;
    },
    childEnv(world) {
      return { OUTBOX_BACKEND: 'sqlite', OUTBOX_FILE: world.file ?? '' };
    },
    async closeAll() {
      for (const { outbox, limiter } of made) {
        await outbox.close();
        limiter.close();
      }
      made = [];
    },
  };
}

/** Options only the Azure Queue store has, and how to wrap its clients (fault injection). */
export interface AzureInstanceExtras {
  azure?: Partial<AzureQueueOutboxOptions>;
  wrapStorage?: (s: StateStorage) => StateStorage;
  wrapQueue?: (q: OutboxQueueClient) => OutboxQueueClient;
}

/** The Azure Queue + Blob store on Azurite: a world is a queue and a container of its own. */
export function azureQueueBackend(): OutboxBackend & {
  azurite(): AzuriteHandle;
  storageFor(world: World): BlobStateStorage;
  instanceWith(world: World, extras: AzureInstanceExtras): AzureQueueOutbox;
} {
  let azurite: AzuriteHandle | undefined;
  let made: AzureQueueOutbox[] = [];
  const handle = (): AzuriteHandle => {
    if (!azurite) throw new Error('Azurite is not running: call setUp() first');
    return azurite;
  };
  const storageFor = (world: World): BlobStateStorage =>
    new BlobStateStorage(handle().blobConnectionString, world.queueName ?? '');
  const instanceWith = (
    world: World,
    { azure = {}, wrapStorage = (s) => s, wrapQueue = (q) => q }: AzureInstanceExtras,
  ): AzureQueueOutbox => {
    const queueName = world.queueName ?? '';
    const storage = wrapStorage(storageFor(world));
    const queue = wrapQueue(new QueueClient(handle().queueConnectionString ?? '', queueName));
    const limiter = new StorageRateLimiter(storage, {
      keyPrefix: `outbox/${queueName}/rate/`,
      marginMs: TEST_MARGIN_MS,
    });
    const outbox = new AzureQueueOutbox({
      storage,
      queue,
      queueName,
      sender: anonymousSender(),
      limiter: recording(world, limiter),
      leaseMs: 3_000,
      maxMessagesPerTurn: 2,
      sweepIntervalMs: 2_000,
      strayGraceMs: 5_000,
      ...COMMON,
      ...azure,
    });
    made.push(outbox);
    return outbox;
  };
  return {
    name: 'azure-queue',
    countsSettledAcrossWorkers: false,
    async setUp() {
      azurite = await startAzurite({ services: ['queue'] });
    },
    async tearDown() {
      await azurite?.stop();
      azurite = undefined;
    },
    newWorld() {
      const suffix = randomUUID().replace(/-/g, '').slice(0, 20);
      return { grants: new Map(), queueName: `qo-${suffix}` };
    },
    instance(world, options = {}) {
      return instanceWith(world, { azure: options });
    },
    childEnv(world) {
      return {
        OUTBOX_BACKEND: 'azure-queue',
        OUTBOX_QUEUE: world.queueName ?? '',
        AZURE_BLOB_CONNECTION: handle().blobConnectionString,
        AZURE_QUEUE_CONNECTION: handle().queueConnectionString ?? '',
      };
    },
    async closeAll() {
      await Promise.all(made.map((o) => o.close()));
      made = [];
    },
    azurite: handle,
    storageFor,
    instanceWith,
  };
}
