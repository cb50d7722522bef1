import path from 'node:path';

import type { StorageConfig } from '../config/env';
import type { Logger } from '../logging';

import type { ResolvedStorageAccount } from './account';
import type * as BlobStorageModule from './blob-storage';
import { SqliteStorage } from './sqlite-storage';
import type { StateStorage } from './state-storage';

/**
 * Builds the state storage the configuration asks for: SQLite for a single instance, Azure Blob
 * Storage for scale-out (through `account`, resolved from the same configuration). The Azure SDK
 * is loaded only when blob storage is configured, so a single-instance bot starts without it. It logs which
 * backend serves and where, but never the connection string: for blob it logs only the endpoint
 * host (or account name), the container and how the bot signs in.
 */
export function createStateStorage(
  config: StorageConfig,
  logger: Logger,
  account?: ResolvedStorageAccount,
): StateStorage {
  const log = logger.child({ module: 'storage' });
  switch (config.kind) {
    case 'sqlite': {
      const where = config.path === ':memory:' ? ':memory:' : path.resolve(config.path);
      const storage = new SqliteStorage(config.path);
      log.info({ backend: 'sqlite', path: where }, 'State storage: SQLite');
      return storage;
    }
    case 'blob': {
      if (!account) throw new TypeError('Blob state storage needs the resolved storage account');
      // Required here rather than imported above: only a bot on blob storage loads the SDK.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { BlobStateStorage } = require('./blob-storage') as typeof BlobStorageModule;
      const storage = new BlobStateStorage(account.blob, config.container);
      log.info(
        {
          backend: 'blob',
          account: account.description,
          container: config.container,
          signIn: config.account.kind === 'identity' ? 'managed identity' : 'connection string',
        },
        'State storage: Azure Blob Storage',
      );
      return storage;
    }
  }
}
