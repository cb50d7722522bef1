/**
 * What the ticket store and the incident grouper share: their options, the document update they
 * both go through ({@link updateDocument}: read, change, conditional write, retry on conflict),
 * id-list index documents, and id generation.
 */
import { createHash, randomBytes } from 'node:crypto';

import type { StateStorage } from '../../storage/state-storage';
import { updateDocument } from '../../storage/update-document';

export const DEFAULT_MAX_ATTEMPTS = 20;

/** Common options of the stores. */
export interface HelpdeskStoreOptions {
  /** Clock, for tests. */
  now?: () => Date;
  /** Optimistic-concurrency attempts before giving up with StorageConflictError. Default 20. */
  maxAttempts?: number;
}

export function updateDoc<T extends object>(
  storage: StateStorage,
  key: string,
  mutate: (current: T | undefined) => T | null,
  maxAttempts: number,
): Promise<{ value: T | undefined; changed: boolean }> {
  return updateDocument(storage, key, mutate, { maxAttempts });
}

export interface IdIndex {
  ids: string[];
}

export async function indexAdd(
  storage: StateStorage,
  key: string,
  id: string,
  max: number,
): Promise<void> {
  await updateDoc<IdIndex>(
    storage,
    key,
    (cur) => (cur?.ids.includes(id) ? null : { ids: [...(cur?.ids ?? []), id] }),
    max,
  );
}

export async function indexRemove(
  storage: StateStorage,
  key: string,
  id: string,
  max: number,
): Promise<void> {
  await updateDoc<IdIndex>(
    storage,
    key,
    (cur) => (cur?.ids.includes(id) ? { ids: cur.ids.filter((x) => x !== id) } : null),
    max,
  );
}

/** `PREFIX-` + 10 base36 characters from 50 random (or hashed) bits. */
export function newId(prefix: string, seed?: string): string {
  const bytes = seed ? createHash('sha256').update(seed).digest().subarray(0, 7) : randomBytes(7);
  const n = BigInt(`0x${bytes.toString('hex')}`) >> 6n;
  return `${prefix}-${n.toString(36).toUpperCase().padStart(10, '0')}`;
}
