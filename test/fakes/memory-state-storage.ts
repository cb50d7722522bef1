import { MemoryStorage } from 'botbuilder';

import { StorageConflictError } from '../../src/errors';
import type { StateStorage, StoreItems } from '../../src/storage/state-storage';

/**
 * In-memory StateStorage for tests, wrapping botbuilder's MemoryStorage so the contract suite can
 * hold the real backends to MemoryStorage's own behaviour. It lives under test/ on purpose:
 * MemoryStorage forgets everything on restart and must never serve in production.
 *
 * MemoryStorage's plain `Error` on an eTag conflict is rethrown as StorageConflictError. Like
 * MemoryStorage, a multi-key `write` is not atomic: keys before the conflicting one stay written.
 */
export class MemoryStateStorage implements StateStorage {
  public readonly kind = 'memory' as const;

  /** MemoryStorage's backing map (key → JSON; deleted keys hold undefined), read by writeNew. */
  private readonly entries: Record<string, string> = {};
  private readonly memory = new MemoryStorage(this.entries);

  /** Reads the given keys; keys not found are absent from the result. */
  /** Every key stored, for tests that check what was (not) written. */
  public keys(): string[] {
    return Object.keys(this.entries);
  }

  public read(keys: string[]): Promise<StoreItems> {
    return this.memory.read(keys);
  }

  /** Writes with MemoryStorage's eTag rules; a conflict becomes StorageConflictError. */
  public async write(changes: StoreItems): Promise<void> {
    try {
      await this.memory.write(changes);
    } catch (err) {
      const message = err instanceof Error ? err.message : '';
      const key = Object.keys(changes).find(
        (k) => message === `Storage: error writing "${k}" due to eTag conflict.`,
      );
      throw key === undefined ? err : new StorageConflictError(key, { cause: err });
    }
  }

  /**
   * Create-only write: checks every key, then writes them all, so a batch is all-or-nothing. The
   * check reads MemoryStorage's backing map synchronously and MemoryStorage.write stores before it
   * returns, so no other call can slip in between check and write.
   */
  public async writeNew(changes: StoreItems): Promise<void> {
    const keys = Object.keys(changes);
    const taken = keys.find((k) => this.entries[k] !== undefined);
    if (taken !== undefined) {
      throw new StorageConflictError(taken);
    }
    const fresh: StoreItems = {};
    for (const key of keys) {
      fresh[key] = { ...(changes[key] as object), eTag: '*' };
    }
    await this.memory.write(fresh);
  }

  /** Deletes the given keys; missing keys are ignored. */
  public delete(keys: string[]): Promise<void> {
    return this.memory.delete(keys);
  }

  /** Always reachable. */
  public ping(): Promise<void> {
    return Promise.resolve();
  }

  /** Nothing to release. */
  public close(): Promise<void> {
    return Promise.resolve();
  }
}
