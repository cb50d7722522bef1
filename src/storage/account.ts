import type { TokenCredential } from '@azure/core-auth';
import { DefaultAzureCredential, ManagedIdentityCredential } from '@azure/identity';

import type { StorageAccountAccess } from '../config/env';

import type { TokenStorageAccount } from './blob-storage';

/**
 * The storage account as the clients take it: a connection string for both services, or each
 * service's endpoint with one shared token credential.
 */
export interface ResolvedStorageAccount {
  blob: string | TokenStorageAccount;
  queue: string | TokenStorageAccount;
  /** Safe to log: the blob endpoint's host (and path, for emulators), the account name, or nothing. */
  description: string | undefined;
}

/**
 * The credential for an account reached by identity: the user-assigned managed identity named by
 * its client id (what the Bicep template gives the App Service), else DefaultAzureCredential (a
 * system-assigned identity in Azure; `az login` or environment credentials on a workstation).
 */
export function storageCredential(clientId: string | undefined): TokenCredential {
  return clientId ? new ManagedIdentityCredential({ clientId }) : new DefaultAzureCredential();
}

/**
 * Resolves the configured access. `credential` replaces the managed identity (tests pass their
 * own token source; production leaves it out).
 */
export function resolveStorageAccount(
  access: StorageAccountAccess,
  credential?: TokenCredential,
): ResolvedStorageAccount {
  if (access.kind === 'connectionString') {
    return {
      blob: access.connectionString,
      queue: access.connectionString,
      description: describeConnectionString(access.connectionString),
    };
  }
  const token = credential ?? storageCredential(access.clientId);
  return {
    blob: { accountUrl: access.blobUrl, credential: token },
    queue: { accountUrl: access.queueUrl, credential: token },
    description: describeUrl(access.blobUrl),
  };
}

function describeUrl(endpoint: string): string | undefined {
  try {
    const url = new URL(endpoint);
    return `${url.host}${url.pathname === '/' ? '' : url.pathname}`;
  } catch {
    return undefined;
  }
}

/**
 * The part of a connection string that is safe to log: the blob endpoint's host (and path, for
 * emulators that put the account there), else the account name, else nothing.
 */
function describeConnectionString(connectionString: string): string | undefined {
  const fields = new Map<string, string>();
  for (const part of connectionString.split(';')) {
    const at = part.indexOf('=');
    if (at > 0) {
      fields.set(part.slice(0, at).trim().toLowerCase(), part.slice(at + 1).trim());
    }
  }
  const endpoint = fields.get('blobendpoint');
  if (endpoint !== undefined) return describeUrl(endpoint);
  if (
    connectionString.trim() === 'UseDevelopmentStorage=true;' ||
    fields.has('usedevelopmentstorage')
  ) {
    return 'development storage';
  }
  return fields.get('accountname');
}
