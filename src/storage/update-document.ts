import type { ZodType } from 'zod';

import { AppError, StorageConflictError } from '../errors';

import type { StateStorage } from './state-storage';

/** Options of {@link updateDocument}. */
export interface UpdateDocumentOptions<T> {
  /** Conditional-write attempts before giving up with StorageConflictError. Default 20. */
  maxAttempts?: number;
  /**
   * What a stored document must look like. `mutate` gets the parsed value; a document that does
   * not parse is handled as `invalid` says.
   */
  schema?: ZodType<T>;
  /**
   * A stored document that does not match `schema`: `'throw'` (default) rejects with
   * AppError('internal') and changes nothing; `'replace'` treats it as absent, so `mutate`
   * starts afresh and the write replaces it (for documents that are only a convenience).
   */
  invalid?: 'throw' | 'replace';
}

/** What {@link updateDocument} left in storage. */
export interface UpdateResult<T> {
  /** The document after the update (or as it was, when nothing changed). */
  value: T | undefined;
  /** A write happened. */
  changed: boolean;
}

/**
 * Updates of one key from this process run one after another (other processes still meet
 * through the eTag). Under a burst, concurrent updates of one document would otherwise all read
 * it, all but one lose the write, and redo the work: wasted CPU and a long tail.
 */
const keyQueues = new WeakMap<StateStorage, Map<string, Promise<unknown>>>();

function serialised<R>(storage: StateStorage, key: string, work: () => Promise<R>): Promise<R> {
  let queues = keyQueues.get(storage);
  if (!queues) {
    queues = new Map();
    keyQueues.set(storage, queues);
  }
  const previous = queues.get(key) ?? Promise.resolve();
  const run = previous.then(work, work);
  const tail = run.then(
    () => undefined,
    () => undefined,
  );
  queues.set(key, tail);
  void tail.then(() => {
    if (queues.get(key) === tail) queues.delete(key);
  });
  return run;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Read → change → conditional write of one document, retried on conflict with a short jittered
 * pause: the one way to change a stored document. `mutate` gets a copy of the current document
 * (undefined when absent) and returns the new one, or `null` to leave it as it is (no write).
 * The write is conditional on the eTag that was read (create-only when the document was absent),
 * so a decision `mutate` makes from the document holds at the moment of the write.
 */
export function updateDocument<T extends object>(
  storage: StateStorage,
  key: string,
  mutate: (current: T | undefined) => T | null,
  options: UpdateDocumentOptions<T> = {},
): Promise<UpdateResult<T>> {
  const maxAttempts = options.maxAttempts ?? 20;
  return serialised(storage, key, async () => {
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      const item = (await storage.read([key]))[key] as (T & { eTag?: string }) | undefined;
      let current: T | undefined;
      let eTag: string | undefined;
      if (item) {
        const { eTag: e, ...rest } = item;
        eTag = e;
        current = parseStored(key, rest, options);
      }
      const next = mutate(current === undefined ? undefined : structuredClone(current));
      if (next === null) return { value: current, changed: false };
      try {
        if (item) {
          await storage.write({ [key]: { ...next, eTag: eTag ?? '*' } });
        } else {
          await storage.writeNew({ [key]: next });
        }
        return { value: next, changed: true };
      } catch (err) {
        if (!(err instanceof StorageConflictError)) throw err;
        await sleep(Math.floor(Math.random() * Math.min(50, 2 * 2 ** attempt)));
      }
    }
    throw new StorageConflictError(key);
  });
}

function parseStored<T>(
  key: string,
  stored: object,
  options: UpdateDocumentOptions<T>,
): T | undefined {
  if (!options.schema) return structuredClone(stored) as T;
  const parsed = options.schema.safeParse(stored);
  if (parsed.success) return parsed.data;
  if (options.invalid === 'replace') return undefined;
  throw new AppError('internal', `Stored document ${key} is malformed`, { cause: parsed.error });
}
