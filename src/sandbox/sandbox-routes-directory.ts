/**
 * LOCAL INTUNE SANDBOX (a test double of Microsoft Graph, never the real service): the directory
 * routes under /v1.0 and /beta, groups ($search, get, members, transitiveMembers and their $count)
 * and users ($search, by id or UPN, transitiveMemberOf with its groups and directory roles), over
 * the in-memory state.
 */
import {
  collectionReply,
  requireEventual,
  requirePermission,
  type Exchange,
  type GraphRoute,
} from './sandbox-exchange';
import { badRequest, methodNotAllowed, notFound, type Reply } from './sandbox-http';
import { applySelect, matchesSearch, parseSearch } from './sandbox-query';
import type { GraphSandboxState } from './sandbox-state';
import { deviceToWire, groupToWire, roleToWire, userToWire } from './sandbox-wire';
import type { SandboxGroup } from './seed';

function findGroup(state: GraphSandboxState, id: string): SandboxGroup {
  const g = state.groups.get(id.toLowerCase());
  if (!g) {
    throw notFound(
      `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
      'Request_ResourceNotFound',
    );
  }
  return g;
}

/**
 * The group's members, optionally cast to one type. `transitive` follows nested groups (each
 * object once, cycles ignored), as Graph's `transitiveMembers` does; nested groups are listed too.
 */
function members(
  state: GraphSandboxState,
  group: SandboxGroup,
  cast: string | undefined,
  transitive = false,
): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const seen = new Set<string>([group.id.toLowerCase()]);
  const queue = [...group.members];
  // An index, not shift(): a synthetic group has 10,000 members (state.addSyntheticUsers).
  for (let next = 0; next < queue.length; next += 1) {
    const key = (queue[next] ?? '').toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    const user = state.users.get(key);
    const device = state.devices.get(key);
    const nested = state.groups.get(key);
    if (user && (!cast || cast === 'microsoft.graph.user')) out.push(userToWire(user));
    if (device && (!cast || cast === 'microsoft.graph.device')) out.push(deviceToWire(device));
    if (nested && (!cast || cast === 'microsoft.graph.group')) out.push(groupToWire(nested));
    if (nested && transitive) for (const m of nested.members) queue.push(m);
  }
  return out;
}

/**
 * The items matching the request's `$search` (all without one), as Graph filters a directory
 * list: `ConsistencyLevel: eventual` required, quoted "property:text" clauses joined by AND/OR.
 */
function searched<T>(ex: Exchange, items: T[], wire: (item: T) => Record<string, unknown>): T[] {
  const search = ex.url.searchParams.get('$search');
  if (search === null) return items;
  requireEventual(
    ex,
    "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
  );
  const expression = parseSearch(search);
  if (typeof expression === 'string') throw badRequest(expression, 'Request_BadRequest');
  return items.filter((item) => matchesSearch(wire(item), expression));
}

/**
 * Answers GET /groups and below (`path` follows the `groups` segment): the list with $search
 * (ConsistencyLevel: eventual required), one group, and its members, optionally cast and counted.
 */
export function groupsReply(route: GraphRoute, path: string[]): Reply {
  const { ex, state } = route;
  if (ex.req.method !== 'GET') throw methodNotAllowed();
  requirePermission(state, 'groups.read');
  const [id, sub, ...more] = path;
  if (id === undefined) {
    const groups = searched(ex, [...state.groups.values()], groupToWire);
    if (ex.url.searchParams.get('$count') === 'true') {
      requireEventual(ex, '$count is only supported with the ConsistencyLevel: eventual header.');
    }
    groups.sort((a, b) => a.displayName.localeCompare(b.displayName));
    return collectionReply(route, groups.map(groupToWire), 'v1.0/$metadata#groups');
  }
  const group = findGroup(state, id);
  if (sub === undefined) {
    return {
      status: 200,
      json: applySelect(groupToWire(group), ex.url.searchParams.get('$select')),
    };
  }
  if (sub !== 'members' && sub !== 'transitiveMembers') {
    throw badRequest(`Resource not found for the segment '${sub}'.`);
  }
  let cast: string | undefined;
  let count = false;
  for (const segment of more) {
    if (segment === '$count') count = true;
    else if (cast === undefined && !count && segment.startsWith('microsoft.graph.')) cast = segment;
    else throw badRequest(`Resource not found for the segment '${segment}'.`);
  }
  const found = members(state, group, cast, sub === 'transitiveMembers');
  if (count) {
    requireEventual(
      ex,
      'Count is not currently supported without the ConsistencyLevel: eventual header.',
    );
    return { status: 200, text: String(found.length) };
  }
  return collectionReply(route, found, 'v1.0/$metadata#directoryObjects');
}

/**
 * Answers GET /users and below (`path` follows the `users` segment): the list, one user by id or
 * UPN, and transitiveMemberOf (groups and directory roles, optionally cast). Roles keep only their
 * id when the state withholds `roles.read` (their names come back null).
 */
export function usersReply(route: GraphRoute, path: string[]): Reply {
  const { ex, state } = route;
  if (ex.req.method !== 'GET') throw methodNotAllowed();
  requirePermission(state, 'users.read');
  const [idOrUpn, sub, cast, ...extra] = path;
  if (idOrUpn === undefined) {
    const users = searched(ex, [...state.users.values()].map(userToWire), (u) => u);
    return collectionReply(route, users, 'v1.0/$metadata#users');
  }
  const user = state.findUser(idOrUpn);
  if (!user) {
    throw notFound(
      `Resource '${idOrUpn}' does not exist or one of its queried reference-property objects are not present.`,
      'Request_ResourceNotFound',
    );
  }
  if (sub === undefined) {
    return {
      status: 200,
      json: applySelect(userToWire(user), ex.url.searchParams.get('$select')),
    };
  }
  if (sub !== 'transitiveMemberOf' || extra.length > 0) {
    throw badRequest(`Resource not found for the segment '${sub}'.`);
  }
  if (ex.url.searchParams.get('$count') === 'true') {
    requireEventual(ex, '$count is only supported with the ConsistencyLevel: eventual header.');
  }
  const groups = [...state.transitiveGroupIds(user.id)]
    .flatMap((gid) => {
      const g = state.groups.get(gid);
      return g ? [g] : [];
    })
    .sort((a, b) => a.displayName.localeCompare(b.displayName))
    .map(groupToWire);
  const limited = state.denyPermissions.has('roles.read');
  const roles = state.transitiveRoles(user.id).map((r) => roleToWire(r, limited));
  if (cast === 'microsoft.graph.group')
    return collectionReply(route, groups, 'v1.0/$metadata#groups');
  if (cast === 'microsoft.graph.directoryRole')
    return collectionReply(route, roles, 'v1.0/$metadata#directoryRoles');
  if (cast === undefined)
    return collectionReply(route, [...groups, ...roles], 'v1.0/$metadata#directoryObjects');
  throw badRequest(`Resource not found for the segment '${cast}'.`);
}
