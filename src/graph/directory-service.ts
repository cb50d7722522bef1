import type { Client } from '@microsoft/microsoft-graph-client';
import type { DirectoryRole, Group, User } from '@microsoft/microsoft-graph-types-beta';

import type { Logger } from '../logging';

import { GraphError } from './errors';
import { GRAPH_PERMISSIONS } from './graph-errors';
import { GraphRequester, segment } from './graph-request';
import type { DirectoryGroup, DirectoryService, DirectoryUser } from './types';

/** Properties read for a group (graph-reference §4.1). */
export const GROUP_SELECT =
  'id,displayName,description,groupTypes,membershipRule,securityEnabled,mailEnabled';
const USER_SELECT = 'id,displayName,userPrincipalName,mail';
/** Advanced queries ($search, $count, OData casts on directory objects) need this header. */
const EVENTUAL = { ConsistencyLevel: 'eventual' } as const;
/** Graph's default page is 100 directory objects; 999 is the maximum. */
const MAX_PAGE = 999;
const DEFAULT_SEARCH_TOP = 25;
/**
 * Safety bound on the pages {@link GraphDirectoryService.userMemberPages} follows: 1000 pages of
 * 999 is about a million users, beyond any audience; a longer chain is a broken next link.
 */
export const MAX_MEMBER_PAGES = 1000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The `$search` clause for a display-name search, with `"` and `\` escaped by a backslash as
 * Graph's search syntax requires (the caller's text can never close the quoted clause).
 */
export function displayNameSearchClause(text: string): string {
  const escaped = text.replace(/[\\"]/g, (c) => `\\${c}`);
  return `"displayName:${escaped}"`;
}

/** Maps a Graph group to the domain type. */
export function groupFromWire(value: unknown): DirectoryGroup {
  if (!isRecord(value) || typeof value.id !== 'string') {
    throw new GraphError('Graph returned a group without an id', { reason: 'unknown' });
  }
  const wire = value as Group;
  const group: DirectoryGroup = {
    id: value.id,
    displayName: wire.displayName ?? '',
    groupTypes: Array.isArray(wire.groupTypes) ? wire.groupTypes : [],
  };
  if (wire.description) group.description = wire.description;
  if (wire.membershipRule) group.membershipRule = wire.membershipRule;
  if (typeof wire.securityEnabled === 'boolean') group.securityEnabled = wire.securityEnabled;
  if (typeof wire.mailEnabled === 'boolean') group.mailEnabled = wire.mailEnabled;
  return group;
}

/** Maps a Graph user to the domain type. */
export function userFromWire(value: unknown): DirectoryUser {
  if (!isRecord(value) || typeof value.id !== 'string') {
    throw new GraphError('Graph returned a user without an id', { reason: 'unknown' });
  }
  const wire = value as User;
  const user: DirectoryUser = {
    id: value.id,
    displayName: wire.displayName ?? '',
    userPrincipalName: wire.userPrincipalName ?? '',
  };
  if (wire.mail) user.mail = wire.mail;
  return user;
}

function notFoundAsUndefined(err: unknown): undefined {
  if (err instanceof GraphError && err.details.reason === 'not_found') return undefined;
  throw err;
}

/** Options for {@link GraphDirectoryService}. */
export interface GraphDirectoryServiceOptions {
  client: Client;
  logger?: Logger;
  /** Bound on `@odata.nextLink` pages for membership lists (default 50 pages of 999). */
  maxPages?: number;
}

/** {@link DirectoryService} over Graph v1.0 groups and users (graph-reference §4, §5). */
export class GraphDirectoryService implements DirectoryService {
  private readonly graph: GraphRequester;
  private readonly maxPages: number | undefined;

  public constructor(options: GraphDirectoryServiceOptions) {
    this.graph = new GraphRequester(
      options.client,
      options.logger?.child({ module: 'graph.directory' }),
    );
    this.maxPages = options.maxPages;
  }

  /**
   * `$search="displayName:<text>"` with `ConsistencyLevel: eventual` and `$count=true`: Graph's
   * search is tokenized (words starting with the text), not a substring match. Blank text finds
   * nothing rather than everything. One page of at most `top` (1–999) groups.
   */
  public async searchGroups(
    text: string,
    top: number = DEFAULT_SEARCH_TOP,
  ): Promise<DirectoryGroup[]> {
    const trimmed = text.trim();
    if (trimmed === '') return [];
    const { body } = await this.graph.sendJson({
      operation: 'groups.search',
      method: 'GET',
      version: 'v1.0',
      path: '/groups',
      headers: EVENTUAL,
      query: {
        $search: displayNameSearchClause(trimmed),
        $select: GROUP_SELECT,
        $count: true,
        $top: Math.min(MAX_PAGE, Math.max(1, Math.floor(top))),
      },
    });
    const value = isRecord(body) && Array.isArray(body.value) ? body.value : [];
    return value.map(groupFromWire);
  }

  /** One group, or undefined when Graph answers 404. */
  public async getGroup(id: string): Promise<DirectoryGroup | undefined> {
    try {
      const { body } = await this.graph.sendJson({
        operation: 'groups.get',
        method: 'GET',
        version: 'v1.0',
        path: `/groups/${segment(id)}`,
        query: { $select: GROUP_SELECT },
      });
      return groupFromWire(body);
    } catch (err) {
      return notFoundAsUndefined(err);
    }
  }

  /**
   * `/groups/{id}/transitiveMembers/microsoft.graph.device/$count`: a text/plain number, counting
   * devices in nested groups too (an assignment to the outer group reaches them).
   */
  public async countDeviceMembers(groupId: string): Promise<number> {
    // Transitive: a device in a group nested inside this one is still a device member.
    return this.count(
      'groups.countDevices',
      `/groups/${segment(groupId)}/transitiveMembers/microsoft.graph.device/$count`,
    );
  }

  /**
   * `/groups/{id}/transitiveMembers/microsoft.graph.user/$count`: the group's users, nested groups
   * included (a campaign to the outer group reaches them), as a text/plain number.
   */
  public async countUserMembers(groupId: string): Promise<number> {
    return this.count(
      'groups.countUsers',
      `/groups/${segment(groupId)}/transitiveMembers/microsoft.graph.user/$count`,
    );
  }

  /** A `$count` segment (an advanced query: `ConsistencyLevel: eventual`), read as a number. */
  private async count(
    operation: 'groups.countDevices' | 'groups.countUsers',
    path: string,
  ): Promise<number> {
    const result = await this.graph.send({
      operation,
      method: 'GET',
      version: 'v1.0',
      path,
      headers: EVENTUAL,
    });
    const text = result.text.trim();
    if (!/^\d+$/.test(text)) {
      throw new GraphError('Graph returned a count that is not a number', {
        reason: 'unknown',
        operation,
        status: result.status,
        ...result.call,
      });
    }
    return Number(text);
  }

  /**
   * `/groups/{id}/transitiveMembers/microsoft.graph.user`: the group's users, nested groups
   * included (the cast is an advanced query: `ConsistencyLevel: eventual` and `$count`). One page
   * of at most `top`, sorted here by display name.
   */
  public async listUserMembers(groupId: string, top: number = 50): Promise<DirectoryUser[]> {
    const { body } = await this.graph.sendJson({
      operation: 'groups.listUsers',
      method: 'GET',
      version: 'v1.0',
      path: `/groups/${segment(groupId)}/transitiveMembers/microsoft.graph.user`,
      headers: EVENTUAL,
      query: {
        $select: USER_SELECT,
        $count: true,
        $top: Math.min(MAX_PAGE, Math.max(1, Math.floor(top))),
      },
    });
    const value = isRecord(body) && Array.isArray(body.value) ? body.value : [];
    return value.map(userFromWire).sort((a, b) => a.displayName.localeCompare(b.displayName));
  }

  /**
   * Every page of `/groups/{id}/transitiveMembers/microsoft.graph.user` (999 users a page, the
   * maximum; `ConsistencyLevel: eventual` and `$count` for the cast), following `@odata.nextLink`
   * only when the caller asks for the next page. Graph's order, not sorted: sorting would need the
   * whole audience in memory. More than {@link MAX_MEMBER_PAGES} pages is an error, never a
   * silently partial audience.
   */
  public async *userMemberPages(groupId: string): AsyncIterable<DirectoryUser[]> {
    let count = 0;
    for await (const page of this.graph.pages({
      operation: 'groups.listUsers',
      version: 'v1.0',
      path: `/groups/${segment(groupId)}/transitiveMembers/microsoft.graph.user`,
      headers: EVENTUAL,
      query: { $select: USER_SELECT, $count: true, $top: MAX_PAGE },
    })) {
      count += 1;
      yield page.items.map(userFromWire);
      if (page.more && count >= MAX_MEMBER_PAGES) {
        throw new GraphError(`Graph groups.listUsers: more than ${MAX_MEMBER_PAGES} pages`, {
          reason: 'unknown',
          operation: 'groups.listUsers',
        });
      }
    }
  }

  /** `$search` on displayName or userPrincipalName with `ConsistencyLevel: eventual`. */
  public async searchUsers(text: string, top: number = 5): Promise<DirectoryUser[]> {
    const trimmed = text.trim();
    if (trimmed === '') return [];
    const escaped = trimmed.replace(/[\\"]/g, (c) => `\\${c}`);
    const { body } = await this.graph.sendJson({
      operation: 'users.search',
      method: 'GET',
      version: 'v1.0',
      path: '/users',
      headers: EVENTUAL,
      query: {
        $search: `"displayName:${escaped}" OR "userPrincipalName:${escaped}"`,
        $select: USER_SELECT,
        $count: true,
        $top: Math.min(MAX_PAGE, Math.max(1, Math.floor(top))),
      },
    });
    const value = isRecord(body) && Array.isArray(body.value) ? body.value : [];
    return value.map(userFromWire);
  }

  /** A user by object id or UPN, or undefined when Graph answers 404. */
  public async getUser(idOrUpn: string): Promise<DirectoryUser | undefined> {
    try {
      const { body } = await this.graph.sendJson({
        operation: 'users.get',
        method: 'GET',
        version: 'v1.0',
        path: `/users/${segment(idOrUpn)}`,
        query: { $select: USER_SELECT },
      });
      return userFromWire(body);
    } catch (err) {
      return notFoundAsUndefined(err);
    }
  }

  /**
   * Every group the user is in, directly or nested: `transitiveMemberOf/microsoft.graph.group`
   * (an OData cast, so `ConsistencyLevel: eventual` and `$count=true`), all pages, bounded.
   */
  public async userGroupIds(userId: string): Promise<string[]> {
    const { items } = await this.graph.getAllPages(
      {
        operation: 'users.groups',
        version: 'v1.0',
        path: `/users/${segment(userId)}/transitiveMemberOf/microsoft.graph.group`,
        headers: EVENTUAL,
        query: { $select: 'id', $count: true, $top: MAX_PAGE },
      },
      this.maxPages,
    );
    return items.flatMap((g) => (isRecord(g) && typeof g.id === 'string' ? [g.id] : []));
  }

  /**
   * Role template ids of the user's directory roles (`transitiveMemberOf/microsoft.graph.directoryRole`).
   * Without permission to read roles, Graph still answers but leaves `roleTemplateId` null
   * ("limited information"); that is reported as forbidden rather than read as "no roles".
   */
  public async userRoleTemplateIds(userId: string): Promise<string[]> {
    const { items, call } = await this.graph.getAllPages(
      {
        operation: 'users.roles',
        version: 'v1.0',
        path: `/users/${segment(userId)}/transitiveMemberOf/microsoft.graph.directoryRole`,
        headers: EVENTUAL,
        query: { $select: 'id,roleTemplateId', $count: true, $top: MAX_PAGE },
      },
      this.maxPages,
    );
    const roles = items.filter(isRecord) as DirectoryRole[];
    if (roles.some((r) => typeof r.roleTemplateId !== 'string' || r.roleTemplateId === '')) {
      throw new GraphError(
        'Graph users.roles returned directory roles without roleTemplateId (limited information)',
        {
          reason: 'forbidden',
          operation: 'users.roles',
          missingPermission: GRAPH_PERMISSIONS.rolesRead,
          ...call,
        },
      );
    }
    return roles.map((r) => r.roleTemplateId as string);
  }
}
