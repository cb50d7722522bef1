import fs from 'node:fs';
import path from 'node:path';

import Database from 'better-sqlite3';

import { AppError, StorageConflictError, StorageUnavailableError } from '../errors';

import type { StateStorage, StoreItems } from './state-storage';

/** Options for {@link SqliteStorage}. */
export interface SqliteStorageOptions {
  /**
   * How long a statement waits for another connection's write lock before failing, in
   * milliseconds. Defaults to 5000.
   */
  busyTimeoutMs?: number;
}

/** One row of the `state` table as better-sqlite3 returns it. */
interface StateRow {
  doc: string;
  etag: number | bigint;
}

/** A change ready to be written: key, serialised document and the eTag the caller sent. */
interface PreparedChange {
  key: string;
  doc: string;
  eTag: unknown;
}

const DEFAULT_BUSY_TIMEOUT_MS = 5000;

/**
 * The schema. `etag` is an AUTOINCREMENT rowid and every write replaces the row, so each write
 * gets a value larger than any ever issued in this file: an eTag is never reused, not even after
 * a delete and re-create of the same key or a restart (no ABA on stale readers).
 */
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS state (
    etag INTEGER PRIMARY KEY AUTOINCREMENT,
    key  TEXT NOT NULL UNIQUE,
    doc  TEXT NOT NULL
  )
`;

/**
 * State storage on a local SQLite file (better-sqlite3), for single-instance deployments and
 * local development. Semantics follow botbuilder's MemoryStorage: `read` returns only the keys it
 * finds, each with a string `eTag`; a write without an eTag or with `'*'` overwrites; a write with
 * the stored eTag updates and assigns a new one; any other eTag for an existing key throws a
 * StorageConflictError; an eTag for a missing key inserts, as MemoryStorage does.
 *
 * Unlike MemoryStorage, a multi-key `write`, `writeNew` or `delete` runs in one transaction, so it
 * is all-or-nothing: one conflicting key leaves every key in the batch untouched. The file is
 * opened in WAL mode with `synchronous = NORMAL` and a busy timeout, so several connections (for
 * example a second process on the same file) serialise their writes instead of failing at once.
 * Documents are stored as JSON without their `eTag`; reads parse fresh objects, so callers never
 * share objects with the store. Any SQLite failure surfaces as StorageUnavailableError.
 */
export class SqliteStorage implements StateStorage {
  public readonly kind = 'sqlite' as const;

  private readonly db: Database.Database;
  private readonly selectStmt: Database.Statement<[string], StateRow>;
  private readonly replaceStmt: Database.Statement<[string, string]>;
  private readonly insertNewStmt: Database.Statement<[string, string]>;
  private readonly deleteStmt: Database.Statement<[string]>;
  private readonly pingStmt: Database.Statement<[], { ok: number }>;
  private readonly readTx: Database.Transaction<(keys: readonly string[]) => StoreItems>;
  private readonly writeTx: Database.Transaction<(changes: readonly PreparedChange[]) => void>;
  private readonly writeNewTx: Database.Transaction<(changes: readonly PreparedChange[]) => void>;
  private readonly deleteTx: Database.Transaction<(keys: readonly string[]) => void>;
  private closed = false;

  /**
   * Opens (and creates, with its parent directory) the database file at `file`. Pass `':memory:'`
   * for a throw-away in-memory database in unit tests. Throws StorageUnavailableError when the
   * file cannot be opened.
   */
  public constructor(file: string, options: SqliteStorageOptions = {}) {
    const inMemory = file === ':memory:';
    try {
      if (!inMemory) {
        fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
      }
      // better-sqlite3 applies `timeout` as the SQLite busy timeout.
      this.db = new Database(file, { timeout: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS });
    } catch (err) {
      throw new StorageUnavailableError(`Cannot open the SQLite state database: ${describe(err)}`, {
        cause: err,
      });
    }
    try {
      // WAL lets readers run while one connection writes; ':memory:' has no journal file.
      if (!inMemory) {
        this.db.pragma('journal_mode = WAL');
      }
      this.db.pragma('synchronous = NORMAL');
      this.db.exec(SCHEMA);

      this.selectStmt = this.db.prepare<[string], StateRow>(
        'SELECT doc, etag FROM state WHERE key = ?',
      );
      // REPLACE deletes the old row and inserts a new one, which draws a new AUTOINCREMENT etag.
      this.replaceStmt = this.db.prepare<[string, string]>(
        'REPLACE INTO state (key, doc) VALUES (?, ?)',
      );
      this.insertNewStmt = this.db.prepare<[string, string]>(
        'INSERT INTO state (key, doc) VALUES (?, ?) ON CONFLICT (key) DO NOTHING',
      );
      this.deleteStmt = this.db.prepare<[string]>('DELETE FROM state WHERE key = ?');
      this.pingStmt = this.db.prepare<[], { ok: number }>('SELECT 1 AS ok');
    } catch (err) {
      this.db.close();
      throw new StorageUnavailableError(
        `Cannot prepare the SQLite state database: ${describe(err)}`,
        { cause: err },
      );
    }

    // A read transaction gives one consistent snapshot across every key asked for.
    this.readTx = this.db.transaction((keys: readonly string[]): StoreItems => {
      const items: StoreItems = {};
      for (const key of keys) {
        const row = this.selectStmt.get(key);
        if (row !== undefined) {
          items[key] = { ...(JSON.parse(row.doc) as object), eTag: String(row.etag) };
        }
      }
      return items;
    });
    this.writeTx = this.db.transaction((changes: readonly PreparedChange[]): void => {
      for (const { key, doc, eTag } of changes) {
        if (eTag && eTag !== '*') {
          const row = this.selectStmt.get(key);
          if (row !== undefined && eTag !== String(row.etag)) {
            throw new StorageConflictError(key);
          }
        }
        this.replaceStmt.run(key, doc);
      }
    });
    this.writeNewTx = this.db.transaction((changes: readonly PreparedChange[]): void => {
      for (const { key, doc } of changes) {
        if (this.insertNewStmt.run(key, doc).changes === 0) {
          throw new StorageConflictError(key);
        }
      }
    });
    this.deleteTx = this.db.transaction((keys: readonly string[]): void => {
      for (const key of keys) {
        this.deleteStmt.run(key);
      }
    });
  }

  /** Reads the given keys; keys not found are absent from the result. */
  public read(keys: string[]): Promise<StoreItems> {
    return this.run('read', () => this.readTx(keys));
  }

  /**
   * Writes every change in one IMMEDIATE transaction (all-or-nothing). Throws StorageConflictError
   * naming the first key whose eTag is stale; nothing is written in that case.
   */
  public write(changes: StoreItems): Promise<void> {
    return this.run('write', () => this.writeTx.immediate(prepareChanges(changes)));
  }

  /**
   * Inserts every change only if its key is absent, in one IMMEDIATE transaction. Throws
   * StorageConflictError for the first key that already exists; nothing is written in that case.
   */
  public writeNew(changes: StoreItems): Promise<void> {
    return this.run('writeNew', () => this.writeNewTx.immediate(prepareChanges(changes)));
  }

  /** Deletes the given keys in one transaction; keys that do not exist are ignored. */
  public delete(keys: string[]): Promise<void> {
    return this.run('delete', () => this.deleteTx.immediate(keys));
  }

  /** Runs `SELECT 1` to prove the database is open and answering. */
  public ping(): Promise<void> {
    return this.run('ping', () => {
      this.pingStmt.get();
    });
  }

  /** Closes the database; later calls throw StorageUnavailableError. Safe to call twice. */
  public close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      try {
        this.db.close();
      } catch (err) {
        return Promise.reject(
          new StorageUnavailableError(
            `Closing the SQLite state database failed: ${describe(err)}`,
            {
              cause: err,
            },
          ),
        );
      }
    }
    return Promise.resolve();
  }

  /**
   * Runs a synchronous database operation and turns its outcome into a promise: AppErrors (such as
   * StorageConflictError) and caller mistakes pass through, SQLite failures become
   * StorageUnavailableError.
   */
  private run<T>(operation: string, fn: () => T): Promise<T> {
    if (this.closed) {
      return Promise.reject(
        new StorageUnavailableError(`SQLite state storage is closed (${operation})`),
      );
    }
    try {
      return Promise.resolve(fn());
    } catch (err) {
      if (err instanceof AppError || !(err instanceof Database.SqliteError)) {
        return Promise.reject(err instanceof Error ? err : new Error(String(err)));
      }
      return Promise.reject(
        new StorageUnavailableError(`SQLite state storage ${operation} failed: ${err.code}`, {
          cause: err,
        }),
      );
    }
  }
}

/**
 * Serialises every change before the transaction starts, so a value that cannot be stored (a
 * cycle, a BigInt) fails without touching the database, and later mutation by the caller cannot
 * reach the store. The `eTag` property is dropped from the stored document.
 */
function prepareChanges(changes: StoreItems): PreparedChange[] {
  if (changes === null || typeof changes !== 'object') {
    throw new TypeError('Changes are required when writing.');
  }
  return Object.entries(changes).map(([key, item]) => {
    if (item === null || typeof item !== 'object') {
      throw new TypeError(`Storage item "${key}" must be an object.`);
    }
    const { eTag, ...doc } = item as Record<string, unknown>;
    return { key, doc: JSON.stringify(doc), eTag };
  });
}

/** A short description of an unknown thrown value, without stack. */
function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
