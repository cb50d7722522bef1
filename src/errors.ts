/**
 * Machine-readable error codes used across the bot. Callers branch on `code`, never on `message`.
 */
export type ErrorCode =
  | 'config_invalid'
  | 'storage_conflict'
  | 'storage_unavailable'
  | 'bad_request'
  | 'not_found'
  | 'forbidden'
  | 'internal';

/** Options accepted by every {@link AppError}. */
export interface AppErrorOptions {
  cause?: unknown;
}

/**
 * Base class of every error the bot raises on purpose.
 * Messages are written for operators; user-facing text is chosen by the flow that catches the error.
 */
export class AppError extends Error {
  public readonly code: ErrorCode;

  public constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
  }
}

/**
 * Raised by `loadConfig` when the environment is invalid. The message names variables only,
 * never their values, so it is safe to log and print.
 */
export class ConfigError extends AppError {
  public readonly issues: readonly string[];

  public constructor(issues: readonly string[]) {
    super('config_invalid', `Invalid configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.issues = issues;
  }
}

/**
 * Raised when a storage write loses an optimistic-concurrency race (stale eTag) or a create-only
 * write finds the key already present. The message mirrors botbuilder's MemoryStorage wording.
 */
export class StorageConflictError extends AppError {
  public readonly key: string;

  public constructor(key: string, options: AppErrorOptions = {}) {
    super('storage_conflict', `Storage: error writing "${key}" due to eTag conflict.`, options);
    this.key = key;
  }
}

/** Raised when the storage backend cannot be reached or answers with an unexpected failure. */
export class StorageUnavailableError extends AppError {
  public constructor(message: string, options: AppErrorOptions = {}) {
    super('storage_unavailable', message, options);
  }
}

/**
 * Normalises anything thrown into an {@link AppError}, keeping the original as `cause`.
 */
export function asAppError(err: unknown): AppError {
  if (err instanceof AppError) {
    return err;
  }
  const message = err instanceof Error ? err.message : 'Unexpected non-error value thrown';
  return new AppError('internal', message, { cause: err });
}
