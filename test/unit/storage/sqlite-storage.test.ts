import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import Database from 'better-sqlite3';

import { StorageConflictError, StorageUnavailableError } from '../../../src/errors';
import { SqliteStorage } from '../../../src/storage/sqlite-storage';

describe('SqliteStorage', () => {
  let dir: string;
  let file: string;
  const opened: SqliteStorage[] = [];

  /** Opens a store on the test's file and closes it after the test. */
  const open = (at = file): SqliteStorage => {
    const storage = new SqliteStorage(at);
    opened.push(storage);
    return storage;
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sqlite-storage-'));
    file = path.join(dir, 'nested', 'deeper', 'state.sqlite');
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('creates the parent directory of its file', () => {
    open();
    expect(fs.existsSync(file)).toBe(true);
  });

  it('keeps data and eTags across close and reopen of the same file', async () => {
    const first = open();
    await first.write({ k: { name: 'Ada', list: [1, 2] } });
    const before = await first.read(['k']);
    await first.close();

    const second = open();
    const after = await second.read(['k']);
    expect(after).toEqual(before);
    const item = after.k as { eTag: string };
    await second.write({ k: { ...item, name: 'Grace' } });
    const updated = (await second.read(['k'])).k as { eTag: string; name: string };
    expect(updated.name).toBe('Grace');
    expect(Number(updated.eTag)).toBeGreaterThan(Number(item.eTag));
  });

  it('runs in WAL mode with synchronous = NORMAL', async () => {
    const storage = open();
    await storage.write({ k: { v: 1 } });
    const raw = new Database(file, { readonly: true });
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      raw.close();
    }
    // synchronous is per connection, so it is checked through the store's own connection.
    const own = (storage as unknown as { db: Database.Database }).db;
    expect(own.pragma('synchronous', { simple: true })).toBe(1); // 1 = NORMAL
  });

  it('stores the document without its eTag', async () => {
    const storage = open();
    await storage.write({ k: { v: 1, eTag: '*' } });
    const raw = new Database(file, { readonly: true });
    try {
      const row = raw
        .prepare<[string], { doc: string }>('SELECT doc FROM state WHERE key = ?')
        .get('k');
      expect(row && JSON.parse(row.doc)).toEqual({ v: 1 });
    } finally {
      raw.close();
    }
  });

  it('writes a multi-key batch atomically: one stale eTag and nothing is written', async () => {
    const storage = open();
    await storage.write({ a: { v: 1 }, b: { v: 1 } });
    const stale = await storage.read(['a', 'b']);
    await storage.write({ b: { ...stale.b, v: 2 } });
    const before = await storage.read(['a', 'b', 'c']);

    const attempt = storage.write({
      a: { ...stale.a, v: 'new' },
      c: { v: 'new' },
      b: { ...stale.b, v: 'new' },
    });
    await expect(attempt).rejects.toBeInstanceOf(StorageConflictError);
    await expect(attempt).rejects.toMatchObject({ key: 'b' });
    await expect(storage.read(['a', 'b', 'c'])).resolves.toEqual(before);
  });

  it('writes a writeNew batch atomically: one existing key and nothing is written', async () => {
    const storage = open();
    await storage.write({ taken: { v: 1 } });
    await expect(storage.writeNew({ fresh: { v: 1 }, taken: { v: 2 } })).rejects.toMatchObject({
      code: 'storage_conflict',
      key: 'taken',
    });
    expect(Object.keys(await storage.read(['fresh', 'taken']))).toEqual(['taken']);
  });

  it('detects a stale eTag written through another connection to the same file', async () => {
    const a = open();
    const b = open();
    await a.write({ k: { v: 0 } });
    const seenByA = (await a.read(['k'])).k as object;
    const seenByB = (await b.read(['k'])).k as object;
    await b.write({ k: { ...seenByB, v: 'B' } });
    await expect(a.write({ k: { ...seenByA, v: 'A' } })).rejects.toBeInstanceOf(
      StorageConflictError,
    );
    expect((await a.read(['k'])).k).toMatchObject({ v: 'B' });
  });

  it('inserts when a write carries an eTag for a missing key, as MemoryStorage does', async () => {
    const storage = open();
    await storage.write({ k: { v: 1, eTag: '12345' } });
    expect((await storage.read(['k'])).k).toMatchObject({ v: 1 });
  });

  it('rejects an unserialisable item without writing anything', async () => {
    const storage = open();
    const cyclic: Record<string, unknown> = { v: 1 };
    cyclic.self = cyclic;
    await expect(storage.write({ ok: { v: 1 }, bad: cyclic })).rejects.toBeInstanceOf(TypeError);
    await expect(storage.read(['ok', 'bad'])).resolves.toEqual({});
  });

  it('throws StorageUnavailableError on every call after close; close is idempotent', async () => {
    const storage = open();
    await storage.write({ k: { v: 1 } });
    await storage.close();
    await expect(storage.close()).resolves.toBeUndefined();

    await expect(storage.read(['k'])).rejects.toBeInstanceOf(StorageUnavailableError);
    await expect(storage.write({ k: { v: 2 } })).rejects.toBeInstanceOf(StorageUnavailableError);
    await expect(storage.writeNew({ n: { v: 1 } })).rejects.toBeInstanceOf(StorageUnavailableError);
    await expect(storage.delete(['k'])).rejects.toBeInstanceOf(StorageUnavailableError);
    await expect(storage.ping()).rejects.toBeInstanceOf(StorageUnavailableError);
  });

  it('throws StorageUnavailableError when the file cannot be opened', () => {
    fs.mkdirSync(file, { recursive: true }); // a directory where the database file should be
    expect(() => open()).toThrow(StorageUnavailableError);
  });

  it('works in memory for unit tests', async () => {
    const storage = open(':memory:');
    await storage.write({ k: { v: 1 } });
    expect((await storage.read(['k'])).k).toMatchObject({ v: 1, eTag: expect.any(String) });
    await expect(storage.ping()).resolves.toBeUndefined();
  });
});
