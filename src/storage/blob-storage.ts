import type { TokenCredential } from '@azure/core-auth';
import { ContainerClient, type StoragePipelineOptions } from '@azure/storage-blob';
import { BlobsStorage } from 'botbuilder-azure-blobs';
// Deep import on purpose: writeNew must name blobs exactly as BlobsStorage does, and the package
// version is pinned exactly, so this internal path cannot move under us unnoticed.
import { sanitizeBlobKey } from 'botbuilder-azure-blobs/lib/sanitizeBlobKey';

import { AppError, StorageConflictError, StorageUnavailableError } from '../errors';

import type { StateStorage, StoreItems } from './state-storage';

/**
 * An account reached with a Microsoft Entra token (a managed identity in Azure): the blob
 * service endpoint, e.g. `https://<account>.blob.core.windows.net`, and the credential.
 */
export interface TokenStorageAccount {
  accountUrl: string;
  credential: TokenCredential;
}

/** Options for {@link BlobStateStorage}. */
export interface BlobStateStorageOptions {
  /** Passed to every Azure Storage client (retry, keep-alive, proxy settings). */
  storagePipelineOptions?: StoragePipelineOptions;
  /** Upper bound for one `ping`, in milliseconds, so `/readyz` cannot hang. Defaults to 5000. */
  pingTimeoutMs?: number;
}

/** A create-only upload that succeeded, kept so a failed batch can be rolled back. */
interface CreatedBlob {
  blobName: string;
  etag: string | undefined;
}

const DEFAULT_PING_TIMEOUT_MS = 5000;

/**
 * State storage on Azure Blob Storage for scale-out deployments: `read`, `write` and `delete` go
 * through botbuilder's BlobsStorage (one JSON blob per key, the blob ETag as the item's `eTag`),
 * and its eTag-conflict error becomes a StorageConflictError.
 *
 * Differences from botbuilder MemoryStorage (and from SqliteStorage) that callers must know:
 * - a write carrying an eTag for a key that does not exist is REJECTED with StorageConflictError
 *   (the blob service answers 412 to If-Match on a missing blob), where MemoryStorage inserts;
 * - multi-key writes and deletes are not atomic: keys are written in parallel, so one conflict
 *   can leave the other keys of the batch written;
 * - eTags are the service's quoted ETag strings (for example `"0x8DC…"`), opaque to callers;
 * - blob names come from BlobsStorage's `sanitizeBlobKey`, which drops empty `/` segments and
 *   truncates at 1024 characters, so `a/b`, `a//b` and `a/b/` name the same blob.
 *
 * `writeNew` uploads with `If-None-Match: *` through its own ContainerClient on the same container
 * and blob names. Its batches are all-or-nothing by compensation: on a conflict the blobs this
 * call already created are deleted again (only if still unchanged), so a concurrent reader may
 * briefly see them. After `close()`, every call throws StorageUnavailableError.
 */
export class BlobStateStorage implements StateStorage {
  public readonly kind = 'blob' as const;

  private readonly account: string | TokenStorageAccount;
  private readonly containerName: string;
  private readonly options: BlobStateStorageOptions;
  private readonly container: ContainerClient;
  private blobs: BlobsStorage;
  private containerReady: Promise<void> | undefined;
  private closed = false;

  /**
   * Creates the clients for a connection string or a token account; no request is made until the
   * first call. The container is created on first use when missing. Throws
   * StorageUnavailableError (without echoing the connection string) when it cannot be parsed.
   */
  public constructor(
    account: string | TokenStorageAccount,
    containerName: string,
    options: BlobStateStorageOptions = {},
  ) {
    this.account = account;
    this.containerName = containerName;
    this.options = options;
    try {
      this.container =
        typeof account === 'string'
          ? new ContainerClient(account, containerName, options.storagePipelineOptions)
          : new ContainerClient(
              this.containerUrl(account),
              account.credential,
              options.storagePipelineOptions,
            );
      this.blobs = this.createBlobsStorage();
    } catch {
      // The SDK's message may quote the connection string, so neither it nor the cause is kept.
      throw new StorageUnavailableError(
        'Cannot create the Azure Blob Storage client: invalid connection string or container name',
      );
    }
  }

  /** Reads the given keys through BlobsStorage; keys not found are absent from the result. */
  public async read(keys: string[]): Promise<StoreItems> {
    this.assertOpen('read');
    try {
      return await this.blobs.read(keys);
    } catch (err) {
      throw this.mapError('read', err, []);
    }
  }

  /**
   * Writes through BlobsStorage with If-Match on each item's eTag (none or `'*'` overwrites). The
   * items are copied first, so the caller may mutate them as soon as this is called.
   */
  public async write(changes: StoreItems): Promise<void> {
    this.assertOpen('write');
    if (changes === null || typeof changes !== 'object') {
      throw new TypeError('Changes are required when writing.');
    }
    const snapshot = JSON.parse(JSON.stringify(changes)) as StoreItems;
    try {
      await this.blobs.write(snapshot);
    } catch (err) {
      throw this.mapError('write', err, Object.keys(snapshot));
    }
  }

  /**
   * Creates each key only if no blob exists under it (`If-None-Match: *`). Throws
   * StorageConflictError for the first existing key, after deleting the blobs this call created.
   */
  public async writeNew(changes: StoreItems): Promise<void> {
    this.assertOpen('writeNew');
    const uploads = Object.entries(changes).map(([key, item]) => {
      if (item === null || typeof item !== 'object') {
        throw new TypeError(`Storage item "${key}" must be an object.`);
      }
      const doc: Record<string, unknown> = { ...(item as Record<string, unknown>) };
      delete doc.eTag;
      return {
        key,
        blobName: sanitizeBlobKey(key),
        body: Buffer.from(JSON.stringify(doc), 'utf8'),
      };
    });
    await this.ensureContainer();

    const results = await Promise.allSettled(
      uploads.map(async ({ blobName, body }): Promise<CreatedBlob> => {
        const response = await this.container
          .getBlockBlobClient(blobName)
          .upload(body, body.length, {
            conditions: { ifNoneMatch: '*' },
            blobHTTPHeaders: { blobContentType: 'application/json' },
          });
        return { blobName, etag: response.etag };
      }),
    );

    const failures = results.flatMap((r, i) =>
      r.status === 'rejected' ? [{ key: uploads[i]?.key ?? '', reason: r.reason as unknown }] : [],
    );
    const [firstFailure] = failures;
    if (firstFailure === undefined) {
      return;
    }
    await this.rollBack(results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : [])));
    // The service answers 409 BlobAlreadyExists; 412 (If-None-Match failed) is accepted as well.
    const conflict = failures.find(({ reason }) => [409, 412].includes(statusCodeOf(reason) ?? 0));
    if (conflict !== undefined) {
      throw new StorageConflictError(conflict.key, { cause: conflict.reason });
    }
    throw this.mapError('writeNew', firstFailure.reason, []);
  }

  /** Deletes the given keys through BlobsStorage; keys that do not exist are ignored. */
  public async delete(keys: string[]): Promise<void> {
    this.assertOpen('delete');
    try {
      await this.blobs.delete(keys);
    } catch (err) {
      throw this.mapError('delete', err, []);
    }
  }

  /**
   * Reads the container's properties (creating the container when it is missing), bounded by
   * `pingTimeoutMs`. Any failure becomes StorageUnavailableError.
   */
  public async ping(): Promise<void> {
    this.assertOpen('ping');
    const abortSignal = AbortSignal.timeout(this.options.pingTimeoutMs ?? DEFAULT_PING_TIMEOUT_MS);
    try {
      await this.container.getProperties({ abortSignal });
    } catch (err) {
      if (statusCodeOf(err) !== 404) {
        throw unavailable('ping', err);
      }
      try {
        await this.container.createIfNotExists({ abortSignal });
      } catch (createErr) {
        throw unavailable('ping', createErr);
      }
    }
  }

  /** Marks the store closed; there is no connection to release. Safe to call twice. */
  public close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }

  private createBlobsStorage(): BlobsStorage {
    const options = this.options.storagePipelineOptions
      ? { storagePipelineOptions: this.options.storagePipelineOptions }
      : {};
    if (typeof this.account === 'string') {
      return new BlobsStorage(this.account, this.containerName, options);
    }
    // BlobsStorage takes the container's URL and a credential instead of a connection string.
    return new BlobsStorage(
      '',
      this.containerName,
      options,
      this.containerUrl(this.account),
      this.account.credential,
    );
  }

  private containerUrl(account: TokenStorageAccount): string {
    return `${account.accountUrl.replace(/\/+$/, '')}/${encodeURIComponent(this.containerName)}`;
  }

  private assertOpen(operation: string): void {
    if (this.closed) {
      throw new StorageUnavailableError(`Blob state storage is closed (${operation})`);
    }
  }

  /** Creates the container once; a failure is not cached, so the next call tries again. */
  private async ensureContainer(): Promise<void> {
    this.containerReady ??= this.container.createIfNotExists().then(() => undefined);
    try {
      await this.containerReady;
    } catch (err) {
      this.containerReady = undefined;
      throw unavailable('writeNew', err);
    }
  }

  /** Best-effort removal of blobs a failed writeNew created; only unchanged blobs are deleted. */
  private async rollBack(created: readonly CreatedBlob[]): Promise<void> {
    await Promise.allSettled(
      created.map(({ blobName, etag }) =>
        this.container.deleteBlob(
          blobName,
          etag === undefined ? {} : { conditions: { ifMatch: etag } },
        ),
      ),
    );
  }

  /**
   * Maps what BlobsStorage or the SDK threw: its eTag-conflict error for one of `keys` becomes
   * StorageConflictError, service and network failures become StorageUnavailableError, and caller
   * mistakes (invalid keys or items) pass through unchanged.
   */
  private mapError(operation: string, err: unknown, keys: readonly string[]): unknown {
    if (err instanceof AppError) {
      return err;
    }
    const message = err instanceof Error ? err.message : '';
    const key = keys.find((k) => message === `Storage: error writing "${k}" due to eTag conflict.`);
    if (key !== undefined) {
      return new StorageConflictError(key, { cause: err });
    }
    if (!isServiceError(err)) {
      return err;
    }
    // BlobsStorage caches its container-creation promise, rejected ones included: after an outage
    // at first use it would fail forever. A fresh instance retries the creation next time.
    this.blobs = this.createBlobsStorage();
    return unavailable(operation, err);
  }
}

/** The HTTP status of an Azure SDK error, when it has one. */
function statusCodeOf(err: unknown): number | undefined {
  if (typeof err === 'object' && err !== null && 'statusCode' in err) {
    const { statusCode } = err;
    return typeof statusCode === 'number' ? statusCode : undefined;
  }
  return undefined;
}

/** True for errors raised by the Azure SDK pipeline (HTTP or network) or an aborted request. */
function isServiceError(err: unknown): boolean {
  return err instanceof Error && (err.name === 'RestError' || err.name === 'AbortError');
}

function unavailable(operation: string, err: unknown): StorageUnavailableError {
  const status = statusCodeOf(err);
  const code =
    typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : undefined;
  const detail =
    status !== undefined ? `HTTP ${status}` : (code ?? (err instanceof Error ? err.name : 'error'));
  return new StorageUnavailableError(`Blob state storage ${operation} failed: ${detail}`, {
    cause: err,
  });
}
