/**
 * The storage contract every backend keeps. It is structurally the same as botbuilder's `Storage`
 * (read / write / delete with eTags), so any implementation can be handed to botbuilder's
 * ConversationState or UserState, while this folder stays free of botbuilder imports.
 *
 * eTag rules (botbuilder MemoryStorage semantics):
 * - a write without an eTag, or with `'*'`, overwrites;
 * - a write with the eTag last read succeeds and the store assigns a new eTag;
 * - a write with any other eTag for an existing item is rejected with a StorageConflictError.
 */

/** One stored document. The store owns `eTag`; callers pass back the one they read. */
export interface StoreItem {
  eTag?: string;
  [key: string]: unknown;
}

/** Documents keyed by storage key. Typed loosely, as botbuilder's `StoreItems` is. */
export interface StoreItems {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- must stay assignable to botbuilder's StoreItems, which is { [key: string]: any }
  [key: string]: any;
}

/** Read / write / delete with eTags: the botbuilder `Storage` shape. */
export interface Storage {
  read(keys: string[]): Promise<StoreItems>;
  write(changes: StoreItems): Promise<void>;
  delete(keys: string[]): Promise<void>;
}

/** Which backend serves the state. */
export type StorageKind = 'sqlite' | 'blob' | 'memory';

/**
 * The bot's durable state store: the botbuilder contract plus what a service needs around it.
 */
export interface StateStorage extends Storage {
  readonly kind: StorageKind;
  /**
   * Create-only write: each key is written only if no item exists under it; otherwise a
   * StorageConflictError is thrown for that key. Used for idempotency records and dedupe keys.
   */
  writeNew(changes: StoreItems): Promise<void>;
  /** Cheap reachability probe used by `GET /readyz`. Throws StorageUnavailableError when down. */
  ping(): Promise<void>;
  /** Releases files and connections. The store must not be used afterwards. */
  close(): Promise<void>;
}
