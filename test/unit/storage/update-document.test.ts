import { z } from 'zod';

import { StorageConflictError } from '../../../src/errors';
import type { StateStorage, StoreItems } from '../../../src/storage/state-storage';
import { updateDocument } from '../../../src/storage/update-document';
import { MemoryStateStorage } from '../../fakes/memory-state-storage';

interface Counter {
  n: number;
  by?: string[];
}

/**
 * A StateStorage over an in-memory store that records every call and can run something just
 * before a write (another writer getting in first) or fail a write.
 */
class InterceptingStorage implements StateStorage {
  public readonly kind = 'memory' as const;
  public readonly calls: string[] = [];
  /** Runs before the next write or writeNew reaches the store (then is cleared). */
  public beforeWrite: (() => Promise<void>) | undefined;
  /** Fails every write and writeNew with this, when set. */
  public failWith: (() => Error) | undefined;

  public constructor(public readonly inner = new MemoryStateStorage()) {}

  public read(keys: string[]): Promise<StoreItems> {
    this.calls.push('read');
    return this.inner.read(keys);
  }

  public async write(changes: StoreItems): Promise<void> {
    this.calls.push('write');
    await this.intercept();
    return this.inner.write(changes);
  }

  public async writeNew(changes: StoreItems): Promise<void> {
    this.calls.push('writeNew');
    await this.intercept();
    return this.inner.writeNew(changes);
  }

  public delete(keys: string[]): Promise<void> {
    return this.inner.delete(keys);
  }

  public ping(): Promise<void> {
    return Promise.resolve();
  }

  public close(): Promise<void> {
    return Promise.resolve();
  }

  private async intercept(): Promise<void> {
    if (this.failWith) throw this.failWith();
    const before = this.beforeWrite;
    this.beforeWrite = undefined;
    if (before) await before();
  }
}

const KEY = 'counters/votes';

const increment = (c: Counter | undefined): Counter => ({ n: (c?.n ?? 0) + 1 });

async function stored(storage: StateStorage, key = KEY): Promise<Record<string, unknown>> {
  return (await storage.read([key]))[key] as Record<string, unknown>;
}

describe('updateDocument', () => {
  it('creates an absent document with a create-only write', async () => {
    const storage = new InterceptingStorage();
    const seen: (Counter | undefined)[] = [];
    const result = await updateDocument<Counter>(storage, KEY, (c) => {
      seen.push(c);
      return { n: 1 };
    });
    expect(result).toEqual({ value: { n: 1 }, changed: true });
    expect(seen).toEqual([undefined]);
    expect(storage.calls).toEqual(['read', 'writeNew']);
    expect(await stored(storage)).toMatchObject({ n: 1 });
  });

  it('does not overwrite a document another writer created meanwhile: it retries on it', async () => {
    const storage = new InterceptingStorage();
    storage.beforeWrite = () => storage.inner.writeNew({ [KEY]: { n: 10 } });
    const seen: (Counter | undefined)[] = [];
    const result = await updateDocument<Counter>(storage, KEY, (c) => {
      seen.push(c);
      return increment(c);
    });
    expect(seen).toEqual([undefined, { n: 10 }]);
    expect(result).toEqual({ value: { n: 11 }, changed: true });
    expect(await stored(storage)).toMatchObject({ n: 11 });
  });

  it('writes an existing document on the eTag it read, and retries when it changed meanwhile', async () => {
    const storage = new InterceptingStorage();
    await storage.inner.write({ [KEY]: { n: 1 } });
    storage.beforeWrite = async () => {
      const current = await storage.inner.read([KEY]);
      await storage.inner.write({
        [KEY]: { n: 100, eTag: (current[KEY] as { eTag: string }).eTag },
      });
    };
    const seen: number[] = [];
    const result = await updateDocument<Counter>(storage, KEY, (c) => {
      seen.push(c?.n ?? -1);
      return increment(c);
    });
    expect(seen).toEqual([1, 100]);
    expect(result.value).toEqual({ n: 101 });
    expect(storage.calls.filter((c) => c === 'write')).toHaveLength(2);
    expect(await stored(storage)).toMatchObject({ n: 101 });
  });

  it('hands mutate a copy without the eTag, and returns the value without it', async () => {
    const storage = new InterceptingStorage();
    await storage.inner.write({ [KEY]: { n: 1, by: ['a'] } });
    let given: Counter | undefined;
    const result = await updateDocument<Counter>(storage, KEY, (c) => {
      given = c;
      return { n: 2, by: [...(c?.by ?? []), 'b'] };
    });
    expect(given).toEqual({ n: 1, by: ['a'] });
    expect(result.value).toEqual({ n: 2, by: ['a', 'b'] });
  });

  it('writes nothing when mutate returns null, even if it changed its argument', async () => {
    const storage = new InterceptingStorage();
    await storage.inner.write({ [KEY]: { n: 7, by: ['a'] } });
    const result = await updateDocument<Counter>(storage, KEY, (c) => {
      c?.by?.push('sneaky');
      return null;
    });
    expect(result).toEqual({ value: { n: 7, by: ['a'] }, changed: false });
    expect(storage.calls).toEqual(['read']);
    expect(await stored(storage)).toMatchObject({ n: 7, by: ['a'] });
  });

  it('leaves an absent document absent when mutate returns null', async () => {
    const storage = new InterceptingStorage();
    const result = await updateDocument<Counter>(storage, KEY, () => null);
    expect(result).toEqual({ value: undefined, changed: false });
    expect(await storage.read([KEY])).toEqual({});
  });

  it('retries once after a conflict and then succeeds', async () => {
    const storage = new InterceptingStorage();
    await storage.inner.write({ [KEY]: { n: 1 } });
    let failed = false;
    storage.beforeWrite = () => {
      failed = true;
      return Promise.reject(new StorageConflictError(KEY));
    };
    const mutate = jest.fn(increment);
    const result = await updateDocument<Counter>(storage, KEY, mutate);
    expect(failed).toBe(true);
    expect(mutate).toHaveBeenCalledTimes(2);
    expect(result.value).toEqual({ n: 2 });
    expect(await stored(storage)).toMatchObject({ n: 2 });
  });

  it('gives up with StorageConflictError after maxAttempts conflicts', async () => {
    const storage = new InterceptingStorage();
    await storage.inner.write({ [KEY]: { n: 1 } });
    storage.failWith = () => new StorageConflictError(KEY);
    const mutate = jest.fn(increment);
    await expect(updateDocument<Counter>(storage, KEY, mutate, { maxAttempts: 3 })).rejects.toThrow(
      StorageConflictError,
    );
    expect(mutate).toHaveBeenCalledTimes(3);
    expect(storage.calls.filter((c) => c === 'write')).toHaveLength(3);
    expect(await stored(storage)).toMatchObject({ n: 1 });
  });

  it('does not retry other failures', async () => {
    const storage = new InterceptingStorage();
    storage.failWith = () => new Error('disk full');
    const mutate = jest.fn(increment);
    await expect(updateDocument<Counter>(storage, KEY, mutate)).rejects.toThrow('disk full');
    expect(mutate).toHaveBeenCalledTimes(1);
  });

  it('keeps working on a key after an update of it failed', async () => {
    const storage = new InterceptingStorage();
    await expect(
      updateDocument<Counter>(storage, KEY, () => {
        throw new Error('bad mutate');
      }),
    ).rejects.toThrow('bad mutate');
    await expect(updateDocument<Counter>(storage, KEY, increment)).resolves.toEqual({
      value: { n: 1 },
      changed: true,
    });
  });

  it('counts 50 concurrent increments from one process exactly, one write each', async () => {
    const storage = new InterceptingStorage();
    const results = await Promise.all(
      Array.from({ length: 50 }, () => updateDocument<Counter>(storage, KEY, increment)),
    );
    expect(await stored(storage)).toMatchObject({ n: 50 });
    expect(results.map((r) => r.value?.n).sort((x, y) => (x ?? 0) - (y ?? 0))).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    // Serialised in-process: no update lost its write and had to redo it.
    expect(storage.calls.filter((c) => c !== 'read')).toHaveLength(50);
  });

  it('counts concurrent increments from two processes sharing a store exactly', async () => {
    // Two wrappers are two "processes": they do not share the in-process queue, only the eTags.
    const shared = new MemoryStateStorage();
    const a = new InterceptingStorage(shared);
    const b = new InterceptingStorage(shared);
    await Promise.all(
      Array.from({ length: 30 }, (_, i) => updateDocument<Counter>(i % 2 ? a : b, KEY, increment)),
    );
    expect(await stored(shared)).toMatchObject({ n: 30 });
  });

  it('updates different keys independently', async () => {
    const storage = new MemoryStateStorage();
    await Promise.all([
      ...Array.from({ length: 10 }, () => updateDocument<Counter>(storage, 'k/a', increment)),
      ...Array.from({ length: 5 }, () => updateDocument<Counter>(storage, 'k/b', increment)),
    ]);
    expect(await stored(storage, 'k/a')).toMatchObject({ n: 10 });
    expect(await stored(storage, 'k/b')).toMatchObject({ n: 5 });
  });

  describe('with a schema', () => {
    const counterSchema = z.object({ n: z.number().int(), by: z.array(z.string()).optional() });

    it('hands mutate the parsed document', async () => {
      const store = new InterceptingStorage();
      await store.inner.write({ [KEY]: { n: 4, stray: 'dropped by the schema' } });
      const seen: unknown[] = [];
      const { value } = await updateDocument<Counter>(
        store,
        KEY,
        (cur) => {
          seen.push(cur);
          return { n: (cur?.n ?? 0) + 1 };
        },
        { schema: counterSchema },
      );
      expect(seen).toEqual([{ n: 4 }]);
      expect(value).toEqual({ n: 5 });
    });

    it('refuses a malformed document by default and leaves it as it is', async () => {
      const store = new InterceptingStorage();
      await store.inner.write({ [KEY]: { n: 'four' } });
      const mutate = jest.fn((cur: Counter | undefined) => ({ n: (cur?.n ?? 0) + 1 }));
      await expect(
        updateDocument<Counter>(store, KEY, mutate, { schema: counterSchema }),
      ).rejects.toMatchObject({ code: 'internal', message: `Stored document ${KEY} is malformed` });
      expect(mutate).not.toHaveBeenCalled();
      expect((await store.inner.read([KEY]))[KEY]).toMatchObject({ n: 'four' });
    });

    it("replaces a malformed document with invalid: 'replace', on the eTag it read", async () => {
      const store = new InterceptingStorage();
      await store.inner.write({ [KEY]: { n: 'four' } });
      const { value } = await updateDocument<Counter>(
        store,
        KEY,
        (cur) => ({ n: (cur?.n ?? 0) + 1 }),
        { schema: counterSchema, invalid: 'replace' },
      );
      expect(value).toEqual({ n: 1 });
      expect(store.calls).toEqual(['read', 'write']);
      expect((await store.inner.read([KEY]))[KEY]).toMatchObject({ n: 1 });
    });
  });
});
