import path from 'node:path';

import type { StorageConfig } from '../config/env';
import type { Logger } from '../logging';

import { BlobStateStorage } from './blob-storage';
import { SqliteStorage } from './sqlite-storage';
import type { StateStorage } from './state-storage';

/**
 * Builds the state storage the configuration asks for: SQLite for a single instance, Azure Blob
 * Storage for scale-out. It logs which backend serves and where, but never the connection string:
 * for blob it logs only the endpoint host (or account name) and the container.
 */
export function createStateStorage(config: StorageConfig, logger: Logger): StateStorage {
  const log = logger.child({ module: 'storage' });
  switch (config.kind) {
    case 'sqlite': {
      const where = config.path === ':memory:' ? ':memory:' : path.resolve(config.path);
      const storage = new SqliteStorage(config.path);
      log.info({ backend: 'sqlite', path: where }, 'State storage: SQLite');
      return storage;
    }
    case 'blob': {
      const storage = new BlobStateStorage(config.connectionString, config.container);
      log.info(
        {
          backend: 'blob',
          account: describeAccount(config.connectionString),
          container: config.container,
        },
        'State storage: Azure Blob Storage',
      );
      return storage;
    }
  }
}

/**
 * The part of a connection string that is safe to log: the blob endpoint's host (and path, for
 * emulators that put the account there), else the account name, else nothing.
 */
function describeAccount(connectionString: string): string | undefined {
  const fields = new Map<string, string>();
  for (const part of connectionString.split(';')) {
    const at = part.indexOf('=');
    if (at > 0) {
      fields.set(part.slice(0, at).trim().toLowerCase(), part.slice(at + 1).trim());
    }
  }
  const endpoint = fields.get('blobendpoint');
  if (endpoint !== undefined) {
    try {
      const url = new URL(endpoint);
      return `${url.host}${url.pathname === '/' ? '' : url.pathname}`;
    } catch {
      return undefined;
    }
  }
  if (
    connectionString.trim() === 'UseDevelopmentStorage=true;' ||
    fields.has('usedevelopmentstorage')
  ) {
    return 'development storage';
  }
  return fields.get('accountname');
}
