/**
 * The SQLite outbox writes concurrent enqueues in one transaction (one fsync for a burst), each
 * call still all-or-none, durable before it resolves, in call order; a failing call fails alone;
 * closing writes what was handed over.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import Database from 'better-sqlite3';

import { SqliteOutboxStore } from '../../../src/outbox/sqlite/store';
import type { OutboxMessageInput, Sender } from '../../../src/outbox/types';

const conversation = { serviceUrl: 'https://smba.example/', conversationId: '19:abc' };
const post = (
  id: string,
  activity: Record<string, unknown> = { text: id },
): OutboxMessageInput => ({ id, kind: 'post', conversation, activity });

/** The store never sends (only the engine does): a sender that would fail loudly. */
const UNUSED: Sender = { send: () => Promise.reject(new Error('not used by the store')) };

let dir = '';
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'outbox-group-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Rows as another connection sees them (committed data only), in insertion order. */
function committedIds(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return (
      db.prepare('SELECT id FROM outbox_messages ORDER BY rowid').all() as { id: string }[]
    ).map((r) => r.id);
  } finally {
    db.close();
  }
}

describe('SQLite outbox: group commit', () => {
  it('concurrent calls commit together, in call order, each durable when it resolves', async () => {
    const file = path.join(dir, 'outbox.sqlite');
    const store = new SqliteOutboxStore({ file, sender: UNUSED });
    const calls = Array.from({ length: 20 }, (_, i) =>
      store.enqueueMany([post(`m-${i}-a`), post(`m-${i}-b`)]),
    );
    // Nothing is committed before the calls resolve …
    expect(committedIds(file)).toEqual([]);
    expect(await Promise.all(calls)).toEqual(Array<number>(20).fill(2));
    // … and everything is once they have, in the order of the calls.
    expect(committedIds(file)).toEqual(
      Array.from({ length: 20 }, (_, i) => [`m-${i}-a`, `m-${i}-b`]).flat(),
    );
    // Idempotent by id, as before: a repeated id creates nothing.
    expect(await store.enqueueMany([post('m-0-a')])).toBe(0);
    await store.close();
  });

  it('a failing call rolls back alone (all or none) and the others are written', async () => {
    const file = path.join(dir, 'outbox.sqlite');
    const store = new SqliteOutboxStore({ file, sender: UNUSED });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic; // cannot be stored as JSON
    const results = await Promise.allSettled([
      store.enqueueMany([post('ok-1')]),
      store.enqueueMany([post('bad-1'), post('bad-2', cyclic)]),
      store.enqueueMany([post('ok-2')]),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(committedIds(file)).toEqual(['ok-1', 'ok-2']);
    await store.close();
  });

  it('closing writes the calls already made; later calls are refused', async () => {
    const file = path.join(dir, 'outbox.sqlite');
    const store = new SqliteOutboxStore({ file, sender: UNUSED });
    const pending = store.enqueueMany([post('before-close')]);
    await store.close();
    await expect(pending).resolves.toBe(1);
    expect(committedIds(file)).toEqual(['before-close']);
    await expect(store.enqueueMany([post('after-close')])).rejects.toThrow(/closed/);
  });
});
