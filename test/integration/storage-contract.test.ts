import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { StorageConflictError, StorageUnavailableError } from '../../src/errors';
import { BlobStateStorage } from '../../src/storage/blob-storage';
import { SqliteStorage } from '../../src/storage/sqlite-storage';
import type { StateStorage, StorageKind, StoreItems } from '../../src/storage/state-storage';
import { MemoryStateStorage } from '../fakes/memory-state-storage';
import { startAzurite, type AzuriteHandle } from '../helpers/azurite';

/** One Azurite for the whole file, started by the first suite that needs it. */
let azurite: AzuriteHandle | undefined;

async function blobConnectionString(): Promise<string> {
  azurite ??= await startAzurite();
  return azurite.blobConnectionString;
}

/** A container name that is new for every run and valid for Azure (lowercase, 3-63 chars). */
function freshContainerName(prefix: string): string {
  return `${prefix}-${randomUUID().replace(/-/g, '').slice(0, 20)}`;
}

afterAll(async () => {
  await azurite?.stop();
});

/** An opened backend and how to dispose of it. */
interface OpenedBackend {
  storage: StateStorage;
  dispose(): Promise<void>;
}

/** A backend the contract runs against. */
interface Backend {
  kind: StorageKind;
  open(): Promise<OpenedBackend>;
}

const backends: Backend[] = [
  {
    kind: 'memory',
    open: () => {
      const storage = new MemoryStateStorage();
      return Promise.resolve({ storage, dispose: () => storage.close() });
    },
  },
  {
    kind: 'sqlite',
    open: () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'state-contract-'));
      const storage = new SqliteStorage(path.join(dir, 'state.sqlite'));
      return Promise.resolve({
        storage,
        dispose: async () => {
          await storage.close();
          fs.rmSync(dir, { recursive: true, force: true });
        },
      });
    },
  },
  {
    kind: 'blob',
    open: async () => {
      const storage = new BlobStateStorage(
        await blobConnectionString(),
        freshContainerName('contract'),
      );
      return { storage, dispose: () => storage.close() };
    },
  },
];

/** Reads one key and fails the test when it is missing. */
async function readOne(storage: StateStorage, key: string): Promise<Record<string, unknown>> {
  const items: StoreItems = await storage.read([key]);
  const item: unknown = items[key];
  expect(item).toBeDefined();
  return item as Record<string, unknown>;
}

/** The eTag of a stored item, asserting it is a non-empty string. */
function eTagOf(item: Record<string, unknown>): string {
  const { eTag } = item;
  expect(typeof eTag).toBe('string');
  expect(eTag).not.toBe('');
  return eTag as string;
}

describe.each(backends)('StateStorage contract: $kind', (backend) => {
  let storage: StateStorage;
  let dispose: () => Promise<void>;
  let prefix: string;

  /** A key unique to the running test, so tests cannot see each other's data. */
  const key = (name: string): string => `${prefix}${name}`;

  beforeAll(async () => {
    ({ storage, dispose } = await backend.open());
  });

  afterAll(async () => {
    await dispose();
  });

  beforeEach(() => {
    prefix = `${randomUUID().slice(0, 8)}-`;
  });

  it('reports its kind', () => {
    expect(storage.kind).toBe(backend.kind);
  });

  it('reads missing keys as an empty result', async () => {
    await expect(storage.read([key('nope'), key('nada')])).resolves.toEqual({});
  });

  it('reads back a new write (no eTag) with a string eTag the store assigned', async () => {
    await storage.write({ [key('a')]: { name: 'Ada', count: 1 } });
    const item = await readOne(storage, key('a'));
    expect(item).toEqual({ name: 'Ada', count: 1, eTag: expect.any(String) });
    eTagOf(item);
  });

  it('never hands back the eTag a caller wrote', async () => {
    await storage.write({ [key('a')]: { v: 1, eTag: '*' } });
    const item = await readOne(storage, key('a'));
    expect(eTagOf(item)).not.toBe('*');
  });

  it('accepts a write with the current eTag and assigns a new one', async () => {
    await storage.write({ [key('a')]: { v: 1 } });
    const first = await readOne(storage, key('a'));
    await storage.write({ [key('a')]: { ...first, v: 2 } });
    const second = await readOne(storage, key('a'));
    expect(second.v).toBe(2);
    expect(eTagOf(second)).not.toBe(eTagOf(first));
  });

  it('rejects a write with a stale eTag and keeps the stored document', async () => {
    await storage.write({ [key('a')]: { v: 1 } });
    const stale = await readOne(storage, key('a'));
    await storage.write({ [key('a')]: { ...stale, v: 2 } });
    const current = await readOne(storage, key('a'));

    const attempt = storage.write({ [key('a')]: { ...stale, v: 3 } });
    await expect(attempt).rejects.toBeInstanceOf(StorageConflictError);
    await expect(attempt).rejects.toMatchObject({ code: 'storage_conflict', key: key('a') });
    await expect(storage.read([key('a')])).resolves.toEqual({ [key('a')]: current });
  });

  it("overwrites with eTag '*' whatever the stored eTag", async () => {
    await storage.write({ [key('a')]: { v: 1 } });
    const stale = await readOne(storage, key('a'));
    await storage.write({ [key('a')]: { ...stale, v: 2 } });
    await storage.write({ [key('a')]: { v: 3, eTag: '*' } });
    const item = await readOne(storage, key('a'));
    expect(item.v).toBe(3);
    expect(eTagOf(item)).not.toBe(eTagOf(stale));
  });

  it('overwrites when the write carries no eTag', async () => {
    await storage.write({ [key('a')]: { v: 1 } });
    await storage.write({ [key('a')]: { v: 2 } });
    expect((await readOne(storage, key('a'))).v).toBe(2);
  });

  it('does not let an eTag from before a delete match the re-created item', async () => {
    await storage.write({ [key('a')]: { v: 1 } });
    const old = await readOne(storage, key('a'));
    await storage.delete([key('a')]);
    await storage.write({ [key('a')]: { v: 2 } });
    const recreated = await readOne(storage, key('a'));
    expect(eTagOf(recreated)).not.toBe(eTagOf(old));
    await expect(storage.write({ [key('a')]: { ...old, v: 3 } })).rejects.toBeInstanceOf(
      StorageConflictError,
    );
    expect((await readOne(storage, key('a'))).v).toBe(2);
  });

  it('creates a new key with writeNew, with an eTag usable by write', async () => {
    await storage.writeNew({ [key('n')]: { v: 1 } });
    const created = await readOne(storage, key('n'));
    expect(created).toEqual({ v: 1, eTag: expect.any(String) });
    await storage.write({ [key('n')]: { ...created, v: 2 } });
    expect((await readOne(storage, key('n'))).v).toBe(2);
  });

  it('rejects writeNew on an existing key and keeps the stored document', async () => {
    await storage.write({ [key('n')]: { v: 1 } });
    const before = await readOne(storage, key('n'));

    const attempt = storage.writeNew({ [key('n')]: { v: 2 } });
    await expect(attempt).rejects.toBeInstanceOf(StorageConflictError);
    await expect(attempt).rejects.toMatchObject({ key: key('n') });
    await expect(storage.read([key('n')])).resolves.toEqual({ [key('n')]: before });
  });

  it('writes nothing when one key of a writeNew batch exists', async () => {
    await storage.write({ [key('old')]: { v: 1 } });
    await expect(
      storage.writeNew({
        [key('new1')]: { v: 1 },
        [key('old')]: { v: 2 },
        [key('new2')]: { v: 3 },
      }),
    ).rejects.toMatchObject({ code: 'storage_conflict', key: key('old') });
    const items = await storage.read([key('new1'), key('old'), key('new2')]);
    expect(Object.keys(items)).toEqual([key('old')]);
    expect(items[key('old')]).toMatchObject({ v: 1 });
  });

  it('lets exactly one of two concurrent writeNew calls on a key win', async () => {
    const results = await Promise.allSettled([
      storage.writeNew({ [key('once')]: { by: 'first' } }),
      storage.writeNew({ [key('once')]: { by: 'second' } }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.reason).toBeInstanceOf(StorageConflictError);
  });

  it('deletes keys and ignores keys that do not exist', async () => {
    await storage.write({ [key('a')]: { v: 1 }, [key('b')]: { v: 2 } });
    await storage.delete([key('a'), key('missing')]);
    const items = await storage.read([key('a'), key('b')]);
    expect(Object.keys(items)).toEqual([key('b')]);
    await expect(storage.delete([key('a'), key('missing')])).resolves.toBeUndefined();
  });

  it('reads and writes several keys at once, returning only those found', async () => {
    await storage.write({
      [key('x')]: { v: 'x' },
      [key('y')]: { v: 'y' },
      [key('z')]: { v: 'z' },
    });
    const items = await storage.read([key('x'), key('missing'), key('y'), key('z')]);
    expect(Object.keys(items).sort()).toEqual([key('x'), key('y'), key('z')].sort());
    expect(items[key('x')]).toMatchObject({ v: 'x' });
    expect(items[key('y')]).toMatchObject({ v: 'y' });
    expect(items[key('z')]).toMatchObject({ v: 'z' });
  });

  it('round-trips non-ASCII text in values and keys', async () => {
    const doc = {
      latin: 'Crème brûlée, é',
      cjk: '日本語のテキスト',
      emoji: '🍏📱✅👩🏽‍💻',
      long: 'é日本語😀'.repeat(2000),
    };
    await storage.write({ [key('текст-日本-😀')]: doc });
    expect(await readOne(storage, key('текст-日本-😀'))).toEqual({
      ...doc,
      eTag: expect.any(String),
    });
  });

  it('keeps keys with reserved characters distinct and round-trips them', async () => {
    const names = ['a:b', 'a/b', 'a?b', 'a#b', 'a b', 'a%3Ab', 'a&b=c', 'a.b'];
    const changes: StoreItems = {};
    for (const name of names) {
      changes[key(name)] = { name };
    }
    await storage.write(changes);
    await storage.writeNew({ [key('new: /?# x')]: { name: 'new: /?# x' } });

    const all = [...names, 'new: /?# x'];
    const items = await storage.read(all.map(key));
    expect(Object.keys(items).sort()).toEqual(all.map(key).sort());
    for (const name of all) {
      expect(items[key(name)]).toEqual({ name, eTag: expect.any(String) });
    }
  });

  it('round-trips nested objects and arrays', async () => {
    const doc = {
      profile: { name: 'Ada', tags: ['ios', 'byod'], address: { city: 'Zürich', zip: null } },
      steps: [
        { id: 1, done: true },
        { id: 2, done: false, notes: [] },
      ],
      matrix: [
        [1, 2],
        [3, 4],
      ],
      empty: {},
      flag: false,
      zero: 0,
      ratio: 0.125,
    };
    await storage.write({ [key('nested')]: doc });
    expect(await readOne(storage, key('nested'))).toEqual({ ...doc, eTag: expect.any(String) });
  });

  it('shares no objects with callers, on read or on write', async () => {
    const doc = { list: [1, 2], inner: { v: 'original' } };
    const pending = storage.write({ [key('m')]: doc });
    doc.inner.v = 'changed while writing';
    await pending;
    doc.list.push(3);
    doc.inner.v = 'changed after writing';

    const first = await readOne(storage, key('m'));
    expect(first).toMatchObject({ list: [1, 2], inner: { v: 'original' } });
    (first.list as number[]).push(99);
    (first.inner as { v: string }).v = 'changed after reading';
    first.extra = true;

    expect(await readOne(storage, key('m'))).toEqual({
      list: [1, 2],
      inner: { v: 'original' },
      eTag: first.eTag,
    });
  });

  it('lets exactly one of two writers holding the same eTag win', async () => {
    await storage.write({ [key('race')]: { v: 0 } });
    const seenByA = await readOne(storage, key('race'));
    const seenByB = await readOne(storage, key('race'));
    expect(seenByA.eTag).toBe(seenByB.eTag);

    const results = await Promise.allSettled([
      storage.write({ [key('race')]: { ...seenByA, v: 'A' } }),
      storage.write({ [key('race')]: { ...seenByB, v: 'B' } }),
    ]);
    const fulfilled = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
    const rejected = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toBeInstanceOf(StorageConflictError);
    const winner = fulfilled[0] === 0 ? 'A' : 'B';
    expect((await readOne(storage, key('race'))).v).toBe(winner);
  });

  it('answers ping', async () => {
    await expect(storage.ping()).resolves.toBeUndefined();
  });
});

describe('BlobStateStorage specifics', () => {
  it('rejects a write with an eTag for a missing key (BlobsStorage, unlike Memory)', async () => {
    const storage = new BlobStateStorage(await blobConnectionString(), freshContainerName('spec'));
    await expect(
      storage.write({ ghost: { v: 1, eTag: '"0x8DC0000000000000"' } }),
    ).rejects.toBeInstanceOf(StorageConflictError);
    await expect(storage.read(['ghost'])).resolves.toEqual({});
  });

  it('creates its container on ping', async () => {
    const storage = new BlobStateStorage(await blobConnectionString(), freshContainerName('ping'));
    await expect(storage.ping()).resolves.toBeUndefined();
    await expect(storage.writeNew({ k: { v: 1 } })).resolves.toBeUndefined();
  });

  it('maps an unreachable endpoint to StorageUnavailableError', async () => {
    // Port 9 (discard) on loopback: nothing listens there in a test environment.
    const unreachable = (await blobConnectionString()).replace(/127\.0\.0\.1:\d+/, '127.0.0.1:9');
    const storage = new BlobStateStorage(unreachable, 'nowhere', { pingTimeoutMs: 1000 });
    await expect(storage.ping()).rejects.toBeInstanceOf(StorageUnavailableError);
  });

  it('refuses calls after close, and close is idempotent', async () => {
    const storage = new BlobStateStorage(
      await blobConnectionString(),
      freshContainerName('closed'),
    );
    await storage.close();
    await storage.close();
    await expect(storage.read(['k'])).rejects.toBeInstanceOf(StorageUnavailableError);
    await expect(storage.write({ k: { v: 1 } })).rejects.toBeInstanceOf(StorageUnavailableError);
  });
});
