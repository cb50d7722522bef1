/**
 * What the ticket store and the incident grouper share: their options, the document update they
 * both go through ({@link updateDocument}: read, change, conditional write, retry on conflict),
 * and id-list index documents (case numbers: ./case-id).
 */
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
