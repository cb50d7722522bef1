import { StorageConflictError, StorageUnavailableError } from '../../../src/errors';
import { TEAMS_CONVERSATION_LIMITS } from '../../../src/outbox/rate-limiter';
import { StorageRateLimiter } from '../../../src/outbox/storage-rate-limiter';
import type { StateStorage } from '../../../src/storage/state-storage';
import { MemoryStateStorage } from '../../fakes/memory-state-storage';

/**
 * StorageRateLimiter on the in-memory StateStorage (botbuilder MemoryStorage semantics), with a
 * fake clock. The same class runs on Azure Blob Storage in test/integration/queue-outbox.test.ts.
 */

const T0 = 1_700_000_000_000;
const conv = (key = 'conv:c1') => [{ key, rules: TEAMS_CONVERSATION_LIMITS }];

describe('StorageRateLimiter', () => {
  it("keeps Teams' 7 per second and 8 per 2 seconds for one conversation", async () => {
    const limiter = new StorageRateLimiter(new MemoryStateStorage(), { marginMs: 100 });
    for (let i = 0; i < 7; i++) expect(await limiter.tryAcquire(conv(), T0)).toBe(0);
    // The eighth waits for the first to leave the widened 1-second window.
    expect(await limiter.tryAcquire(conv(), T0)).toBe(1_101);
    expect(await limiter.tryAcquire(conv(), T0 + 1_101)).toBe(0);
    // Eight in 2 s now: the ninth waits for the 2-second window.
    expect(await limiter.tryAcquire(conv(), T0 + 1_101)).toBe(1_000);
    expect(await limiter.tryAcquire(conv(), T0 + 2_101)).toBe(0);
    // Another conversation is not affected.
    expect(await limiter.tryAcquire(conv('conv:c2'), T0 + 1_101)).toBe(0);
  });

  it('shares one log between limiters on the same storage (two hosts)', async () => {
    const storage = new MemoryStateStorage();
    const a = new StorageRateLimiter(storage);
    const b = new StorageRateLimiter(storage);
    const rules = [{ key: 'tenant:t', rules: [{ windowMs: 1_000, max: 3 }] }];
    expect(await a.tryAcquire(rules, T0)).toBe(0);
    expect(await b.tryAcquire(rules, T0 + 1)).toBe(0);
    expect(await a.tryAcquire(rules, T0 + 2)).toBe(0);
    expect(await b.tryAcquire(rules, T0 + 3)).toBeGreaterThan(0);
  });

  it('grants exactly the limit to concurrent callers, through compare-and-swap retries', async () => {
    const storage = new MemoryStateStorage();
    const limiters = [new StorageRateLimiter(storage), new StorageRateLimiter(storage)];
    const rules = [{ key: 'conv:busy', rules: [{ windowMs: 60_000, max: 4 }] }];
    const waits = await Promise.all(
      Array.from({ length: 20 }, (_, i) => limiters[i % 2]!.tryAcquire(rules, T0)),
    );
    expect(waits.filter((w) => w === 0)).toHaveLength(4);
  });

  it('takes a slot in every scope or in none', async () => {
    const storage = new MemoryStateStorage();
    const limiter = new StorageRateLimiter(storage, { marginMs: 0 });
    const roomy = { key: 'conv:roomy', rules: [{ windowMs: 1_000, max: 10 }] };
    const full = { key: 'tenant:full', rules: [{ windowMs: 1_000, max: 1 }] };
    expect(await limiter.tryAcquire([full], T0)).toBe(0);
    expect(await limiter.tryAcquire([roomy, full], T0 + 10)).toBe(991);
    const key = limiter.keyOf(roomy.key);
    expect((await storage.read([key]))[key]).toBeUndefined();
  });

  it('gives back the first scope when the second loses a race, and answers a short wait', async () => {
    const inner = new MemoryStateStorage();
    let writes = 0;
    // Every write to the second scope conflicts, as if another host always got there first.
    const contended: StateStorage = Object.assign(Object.create(inner) as StateStorage, {
      write: async (changes: Record<string, unknown>) => {
        writes += 1;
        if (Object.keys(changes).some((k) => k === limiter.keyOf('tenant:hot'))) {
          throw new StorageConflictError('tenant:hot');
        }
        await inner.write(changes);
      },
      writeNew: async (changes: Record<string, unknown>) => {
        if (Object.keys(changes).some((k) => k === limiter.keyOf('tenant:hot'))) {
          throw new StorageConflictError('tenant:hot');
        }
        await inner.writeNew(changes);
      },
    });
    const limiter = new StorageRateLimiter(contended, { maxRounds: 3 });
    const scopes = [
      { key: 'conv:a', rules: [{ windowMs: 1_000, max: 5 }] },
      { key: 'tenant:hot', rules: [{ windowMs: 1_000, max: 5 }] },
    ];
    const wait = await limiter.tryAcquire(scopes, T0);
    expect(wait).toBeGreaterThanOrEqual(10);
    expect(wait).toBeLessThan(50);
    const key = limiter.keyOf('conv:a');
    expect((await inner.read([key]))[key]).toMatchObject({ times: [] });
    expect(writes).toBeGreaterThan(0);
  });

  it('passes storage failures other than conflicts to the caller', async () => {
    const inner = new MemoryStateStorage();
    const down: StateStorage = Object.assign(Object.create(inner) as StateStorage, {
      read: () => Promise.reject(new StorageUnavailableError('blob down')),
    });
    await expect(new StorageRateLimiter(down).tryAcquire(conv(), T0)).rejects.toThrow('blob down');
  });
});
