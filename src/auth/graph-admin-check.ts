import type { GraphError } from '../graph/errors';
import { toGraphError } from '../graph/graph-errors';
import { ADMIN_ROLE_TEMPLATE_IDS, type DirectoryService } from '../graph/types';
import type { Logger } from '../logging';

import type { AdminCheck } from './admin-check';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ADMIN_ROLES: ReadonlySet<string> = new Set(
  Object.values(ADMIN_ROLE_TEMPLATE_IDS).map((id) => id.toLowerCase()),
);
/** Cached answers kept at most; expired entries are pruned first when it fills. */
const MAX_CACHE_ENTRIES = 5000;

/** How a person was recognised as an admin. */
export type AdminSource = 'configured' | 'role' | 'group';

/** The outcome of an admin check; `error` is set when Graph failed and the answer is "no". */
export interface AdminCheckResult {
  admin: boolean;
  source?: AdminSource;
  /**
   * Set when a Graph lookup failed and nothing else made the person an admin: the check failed
   * closed. Show `error.adminMessage()`, e.g. "I could not check your role because Graph failed".
   */
  error?: GraphError;
}

/** Options for {@link createGraphAdminChecker}. */
export interface GraphAdminCheckOptions {
  directory: DirectoryService;
  /** Members of this group (directly or nested) are admins. */
  adminGroupId?: string | undefined;
  /** Admins named in configuration (ADMIN_USER_IDS); consulted first, never cached. */
  configured: AdminCheck;
  /** How long an answer from Graph is reused, in ms. Defaults to 60 s. */
  ttlMs?: number;
  /** Clock, for tests. */
  now?: () => number;
  logger?: Logger;
}

/** The admin check with its detailed form. */
export interface GraphAdminChecker {
  /**
   * Whether the person may administer, with how and, on failure, Graph's error. `fresh` skips
   * the cached answer (writes), and refreshes it.
   */
  checkAdmin(
    aadObjectId: string | undefined,
    options?: { fresh?: boolean },
  ): Promise<AdminCheckResult>;
  /** The same answer as an {@link AdminCheck} (Graph failure reads as "not admin"). */
  isAdmin: AdminCheck;
  /** Forgets every cached answer (e.g. after an admin changed roles in a demo). */
  clear(): void;
}

interface CacheEntry {
  result: AdminCheckResult;
  expires: number;
}

/**
 * Decides admin rights from configuration and the directory: a person is an admin when
 * ADMIN_USER_IDS lists them, when they hold Intune Administrator or Global Administrator
 * (directly or through a role-assignable group), or when they are in `adminGroupId`. Graph's
 * answers are cached per object id for `ttlMs`, "no" as well as "yes". A Graph failure is never
 * cached and counts as "no" (fail closed), with the error returned so a flow can explain it.
 * Concurrent checks for the same person share one lookup.
 */
export function createGraphAdminChecker(options: GraphAdminCheckOptions): GraphAdminChecker {
  const ttlMs = options.ttlMs ?? 60_000;
  const now = options.now ?? Date.now;
  const adminGroupId = options.adminGroupId?.toLowerCase();
  const logger = options.logger?.child({ module: 'auth.graph-admin' });
  const cache = new Map<string, CacheEntry>();
  const inFlight = new Map<string, Promise<AdminCheckResult>>();

  function remember(id: string, result: AdminCheckResult): void {
    if (cache.size >= MAX_CACHE_ENTRIES) {
      const t = now();
      for (const [key, entry] of cache) if (entry.expires <= t) cache.delete(key);
      if (cache.size >= MAX_CACHE_ENTRIES) cache.clear();
    }
    cache.set(id, { result, expires: now() + ttlMs });
  }

  async function lookUp(id: string): Promise<AdminCheckResult> {
    let error: GraphError | undefined;
    try {
      const roles = await options.directory.userRoleTemplateIds(id);
      if (roles.some((r) => ADMIN_ROLES.has(r.toLowerCase()))) {
        return { admin: true, source: 'role' };
      }
    } catch (err) {
      const graphError = toGraphError(err, 'users.roles');
      // A user the directory does not know holds no roles: a definite "no", not a failed check.
      if (graphError.details.reason !== 'not_found') error = graphError;
    }
    if (adminGroupId) {
      try {
        const groups = await options.directory.userGroupIds(id);
        if (groups.some((g) => g.toLowerCase() === adminGroupId)) {
          return { admin: true, source: 'group' };
        }
      } catch (err) {
        const graphError = toGraphError(err, 'users.groups');
        if (graphError.details.reason !== 'not_found') error ??= graphError;
      }
    }
    return error ? { admin: false, error } : { admin: false };
  }

  async function checkAdmin(
    aadObjectId: string | undefined,
    checkOptions: { fresh?: boolean } = {},
  ): Promise<AdminCheckResult> {
    if (aadObjectId === undefined || !GUID.test(aadObjectId)) {
      return { admin: false };
    }
    if (await options.configured(aadObjectId)) {
      return { admin: true, source: 'configured' };
    }
    const id = aadObjectId.toLowerCase();
    const cached = checkOptions.fresh ? undefined : cache.get(id);
    if (cached && cached.expires > now()) {
      return cached.result;
    }
    let pending = checkOptions.fresh ? undefined : inFlight.get(id);
    if (!pending) {
      pending = lookUp(id).finally(() => inFlight.delete(id));
      inFlight.set(id, pending);
    }
    const result = await pending;
    if (result.error) {
      logger?.warn(
        { reason: result.error.details.reason, requestId: result.error.details.requestId },
        'admin check failed closed: Graph lookup failed',
      );
    } else {
      remember(id, result);
    }
    return result;
  }

  return {
    checkAdmin,
    isAdmin: async (aadObjectId) => (await checkAdmin(aadObjectId)).admin,
    clear: () => cache.clear(),
  };
}

/** {@link createGraphAdminChecker} as a plain {@link AdminCheck}. */
export function graphAdminCheck(options: GraphAdminCheckOptions): AdminCheck {
  return createGraphAdminChecker(options).isAdmin;
}
