/**
 * Public surface of the storage folder: the contract, the two production backends and the
 * factory that picks one from configuration. Everything else in the folder is internal.
 */
export type { StateStorage, Storage, StorageKind, StoreItem, StoreItems } from './state-storage';
export { SqliteStorage, type SqliteStorageOptions } from './sqlite-storage';
export { BlobStateStorage, type BlobStateStorageOptions } from './blob-storage';
export { createStateStorage } from './create-storage';
