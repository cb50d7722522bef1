/**
 * LOCAL INTUNE SANDBOX: a test double of the slice of Microsoft Graph the bot uses. It runs when
 * no Graph credential is configured (the Playground demo) and in tests. It is NOT Microsoft
 * Graph: no real tenant is read or changed, and its data lives in memory only.
 *
 * It serves, under /beta and /v1.0 as in graph-reference: enrollment-type profiles (CRUD,
 * setPriority, assignments; beta only), groups ($search, get, members and their $count), users
 * (by id or UPN) and transitiveMemberOf (groups, directory roles), and the prerequisite check's
 * reads (organization, APNs certificate, mobile apps, device configurations, domains; see
 * sandbox-setup.ts), with Graph's error bodies and `request-id`/`date` headers on every response,
 * plus fault injection and state knobs (see GraphSandboxState).
 * With `tls` it also acts as the Entra authority (OpenID metadata and a client-credentials token
 * endpoint) and then requires a bearer token it issued.
 */
import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

import type { Logger } from '../logging';

import { SandboxAuthority, type SandboxClientCredential } from './sandbox-authority';
import {
  badRequest,
  forbidden,
  HttpFailure,
  innerDate,
  JSON_TYPE,
  methodNotAllowed,
  notFound,
  readJson,
  type Reply,
} from './sandbox-http';
import { applySelect, matchesSearch, paginate, parseSearch, type Page } from './sandbox-query';
import { setupReply } from './sandbox-setup';
import { GraphSandboxState, type SandboxPermission } from './sandbox-state';
import {
  validateAssignmentBody,
  validatePriorityBody,
  validateProfileBody,
  type ProfileFields,
} from './sandbox-validation';
import {
  assignmentToWire,
  deviceToWire,
  groupToWire,
  profileToWire,
  roleToWire,
  userToWire,
} from './sandbox-wire';
import {
  defaultSeed,
  SEED_TENANT_ID,
  type GraphSandboxSeed,
  type SandboxAssignment,
  type SandboxGroup,
  type SandboxProfile,
} from './seed';

export type { SandboxClientCredential } from './sandbox-authority';
export { GraphSandboxState, type SandboxPermission } from './sandbox-state';

/** Banner for cards and logs whenever the bot runs against the sandbox. */
export const SANDBOX_NOTICE = 'Local Intune sandbox: no real tenant is changed';

/** Options for {@link startGraphSandbox}. */
export interface GraphSandboxOptions {
  /** Port on `host`; 0 (default) picks a free one. */
  port?: number;
  /** Loopback address to bind: 127.0.0.1 (default), ::1 or localhost. */
  host?: string;
  /** PEM key and certificate: serve HTTPS, act as the authority, require bearer tokens. */
  tls?: { key: string; cert: string };
  tenantId?: string;
  /** Data to start with; defaults to {@link defaultSeed}. */
  seed?: GraphSandboxSeed;
  /** Clients the token endpoint accepts (HTTPS only). */
  clients?: SandboxClientCredential[];
  logger?: Logger;
}

/** A running sandbox. */
export interface GraphSandbox {
  /** Graph root without a version, e.g. http://127.0.0.1:54321. */
  baseUrl: string;
  /** With `tls`: the authority host for @azure/identity (same origin as `baseUrl`). */
  tokenAuthorityHost?: string;
  state: GraphSandboxState;
  /** Stops listening and drops open connections. Safe to call twice. */
  close(): Promise<void>;
}

const PROFILES = 'appleUserInitiatedEnrollmentProfiles';
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** Per-request facts shared by every response. */
interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  requestId: string;
  clientRequestId: string;
  now: Date;
}

/** The sandbox's HTTP handler around a state. */
class SandboxServer {
  private originUrl = '';

  public constructor(
    private readonly state: GraphSandboxState,
    private readonly authority: SandboxAuthority | undefined,
    private readonly logger: Logger | undefined,
  ) {}

  /** The server's own origin, known once it listens (used in next links and metadata). */
  public set origin(value: string) {
    this.originUrl = value;
    if (this.authority) this.authority.origin = value;
  }

  public get origin(): string {
    return this.originUrl;
  }

  private get secure(): boolean {
    return this.authority !== undefined;
  }

  public async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const receivedAt = Date.now();
    const header = req.headers['client-request-id'];
    const ex: Exchange = {
      req,
      res,
      url: new URL(req.url ?? '/', this.origin),
      requestId: randomUUID(),
      clientRequestId: typeof header === 'string' && header ? header : randomUUID(),
      now: new Date(),
    };
    res.setHeader('request-id', ex.requestId);
    res.setHeader('client-request-id', ex.clientRequestId);
    res.setHeader('date', ex.now.toUTCString());
    const authority =
      this.authority && SandboxAuthority.handles(ex.url.pathname) ? this.authority : undefined;
    let reply: Reply;
    try {
      reply = authority ? await authority.answer(req, ex.url) : await this.graph(ex);
    } catch (err) {
      if (err instanceof HttpFailure) {
        reply = this.errorReply(ex, err);
      } else {
        this.logger?.error({ err, path: ex.url.pathname }, 'sandbox handler failed');
        reply = this.errorReply(
          ex,
          new HttpFailure(500, 'InternalServerError', 'An internal server error occurred.'),
        );
      }
    }
    this.send(ex, reply);
    if (!authority) {
      const auth = req.headers.authorization;
      const bearer = auth?.startsWith('Bearer ') ? auth.slice(7) : undefined;
      const consistencyLevel = req.headers.consistencylevel;
      const retryAttempt = req.headers['retry-attempt'];
      this.state.record({
        method: req.method ?? '',
        path: ex.url.pathname,
        query: ex.url.search.replace(/^\?/, ''),
        status: reply.status,
        requestId: ex.requestId,
        ...(bearer ? { bearerToken: bearer } : {}),
        ...(typeof consistencyLevel === 'string' ? { consistencyLevel } : {}),
        ...(typeof retryAttempt === 'string' ? { retryAttempt } : {}),
        receivedAt,
        answeredAt: Date.now(),
      });
    }
    this.logger?.debug(
      { method: req.method, path: ex.url.pathname, status: reply.status, requestId: ex.requestId },
      'sandbox request',
    );
  }

  private errorReply(ex: Exchange, failure: HttpFailure): Reply {
    return {
      status: failure.status,
      headers: failure.headers,
      json: {
        error: {
          code: failure.code,
          message: failure.message,
          innerError: {
            date: innerDate(ex.now),
            'request-id': ex.requestId,
            'client-request-id': ex.clientRequestId,
          },
        },
      },
    };
  }

  private send(ex: Exchange, reply: Reply): void {
    const { res } = ex;
    if ('json' in reply) {
      for (const [k, v] of Object.entries(reply.headers ?? {})) res.setHeader(k, v);
      res.writeHead(reply.status, { 'content-type': JSON_TYPE });
      res.end(JSON.stringify(reply.json));
    } else if ('text' in reply) {
      // Some OData services put a byte-order mark before text/plain answers ($count); the
      // sandbox does too, so clients are exercised against it.
      res.writeHead(reply.status, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`\uFEFF${reply.text}`);
    } else {
      res.writeHead(204);
      res.end();
    }
  }

  // ---- Graph -----------------------------------------------------------------------------------

  private async graph(ex: Exchange): Promise<Reply> {
    let segments: string[];
    try {
      segments = ex.url.pathname.split('/').slice(1).map(decodeURIComponent);
    } catch {
      throw badRequest('The request URL is not valid.');
    }
    const [version, ...rest] = segments;
    if (version !== 'beta' && version !== 'v1.0') {
      throw badRequest(`Invalid version: ${version ?? ''}`);
    }
    if (this.secure) this.requireToken(ex);
    const latency = this.state.latencyFor(ex.url.pathname);
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
    const fault = this.state.takeFault();
    if (fault) {
      const headers: Record<string, string> =
        fault.retryAfterSeconds === undefined
          ? {}
          : { 'Retry-After': String(fault.retryAfterSeconds) };
      throw fault.status === 429
        ? new HttpFailure(
            429,
            'TooManyRequests',
            'Too many requests. Please retry after the time in Retry-After.',
            headers,
          )
        : new HttpFailure(
            503,
            'ServiceUnavailable',
            'The service is temporarily unavailable. Please retry.',
            headers,
          );
    }
    const [root, ...tail] = rest;
    if (root === 'deviceManagement' && tail[0] === PROFILES) {
      if (version !== 'beta') throw badRequest(`Resource not found for the segment '${PROFILES}'.`);
      return this.profiles(ex, tail.slice(1));
    }
    const setup = setupReply(
      {
        method: ex.req.method ?? 'GET',
        url: ex.url,
        version,
        state: this.state,
        deny: (area) => this.deny(area),
        collection: (items, context) => this.collection(ex, items, context),
      },
      root,
      tail,
    );
    if (setup) return setup;
    if (root === 'groups') return this.groups(ex, tail);
    if (root === 'users') return this.users(ex, tail);
    if (root === 'me')
      throw badRequest('/me request is only valid with delegated authentication flow.');
    throw badRequest(`Resource not found for the segment '${root ?? ''}'.`);
  }

  private requireToken(ex: Exchange): void {
    const auth = ex.req.headers.authorization;
    const www = {
      'WWW-Authenticate':
        'Bearer realm="", authorization_uri="sandbox", client_id="00000003-0000-0000-c000-000000000000"',
    };
    if (!auth)
      throw new HttpFailure(401, 'InvalidAuthenticationToken', 'Access token is empty.', www);
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : '';
    if (!token.startsWith('sandbox.') || !this.state.issuedTokens.has(token)) {
      throw new HttpFailure(
        401,
        'InvalidAuthenticationToken',
        'Access token validation failure. Invalid audience.',
        www,
      );
    }
  }

  private deny(permission: SandboxPermission): void {
    if (this.state.denyPermissions.has(permission)) throw forbidden();
  }

  private requireEventual(ex: Exchange, what: string): void {
    const level = ex.req.headers.consistencylevel;
    if (typeof level !== 'string' || level.toLowerCase() !== 'eventual') {
      throw badRequest(what, 'Request_UnsupportedQuery');
    }
  }

  private collection(ex: Exchange, items: Record<string, unknown>[], context: string): Reply {
    const page: Page<Record<string, unknown>> | string = paginate(items, ex.url, this.origin);
    if (typeof page === 'string') throw badRequest(page, 'Request_BadRequest');
    const select = ex.url.searchParams.get('$select');
    const json: Record<string, unknown> = { '@odata.context': `${this.origin}/${context}` };
    if (ex.url.searchParams.get('$count') === 'true') json['@odata.count'] = page.count;
    if (page.nextLink) json['@odata.nextLink'] = page.nextLink;
    json.value = page.value.map((item) => applySelect(item, select));
    return { status: 200, json };
  }

  // ---- profiles (beta) -------------------------------------------------------------------------

  private profile(id: string): SandboxProfile {
    const p = this.state.profiles.get(id.toLowerCase());
    if (!p) throw notFound(`No appleUserInitiatedEnrollmentProfile with id '${id}' was found.`);
    return p;
  }

  private async profiles(ex: Exchange, path: string[]): Promise<Reply> {
    const method = ex.req.method ?? 'GET';
    const [id, sub, assignmentId, ...extra] = path;
    if (extra.length > 0)
      throw badRequest(`Resource not found for the segment '${extra[0] ?? ''}'.`);
    this.deny(method === 'GET' ? 'profiles.read' : 'profiles.write');
    const expand = (ex.url.searchParams.get('$expand') ?? '').split(',').includes('assignments');
    if (id === undefined) {
      if (method === 'GET') {
        // Creation order, not priority order: Graph promises no order, so clients must sort.
        const all = [...this.state.profiles.values()].map((p) => profileToWire(p, expand));
        return this.collection(ex, all, `beta/$metadata#deviceManagement/${PROFILES}`);
      }
      if (method === 'POST') return this.createProfile(ex);
      throw methodNotAllowed();
    }
    const profile = this.profile(id);
    if (sub === undefined) {
      if (method === 'GET') return { status: 200, json: profileToWire(profile, expand) };
      if (method === 'PATCH') return this.updateProfile(ex, profile);
      if (method === 'DELETE') {
        this.state.profiles.delete(profile.id.toLowerCase());
        this.state.placeProfile(profile.id, undefined);
        return { status: 204 };
      }
      throw methodNotAllowed();
    }
    if (sub === 'setPriority' && assignmentId === undefined) {
      if (method !== 'POST') throw methodNotAllowed();
      const priority = validatePriorityBody(await readJson(ex.req));
      if (!priority.ok) throw badRequest(priority.message);
      this.state.placeProfile(profile.id, priority.value);
      profile.lastModifiedDateTime = new Date().toISOString();
      return { status: 204 };
    }
    if (sub === 'assignments') return this.assignments(ex, profile, assignmentId);
    throw badRequest(`Resource not found for the segment '${sub}'.`);
  }

  private applyFields(profile: SandboxProfile, fields: ProfileFields): void {
    if (fields.displayName !== undefined) profile.displayName = fields.displayName;
    if (fields.description !== undefined) profile.description = fields.description;
    if (fields.platform !== undefined) profile.platform = fields.platform;
    if (fields.defaultEnrollmentType !== undefined)
      profile.defaultEnrollmentType = fields.defaultEnrollmentType;
    if (fields.availableEnrollmentTypeOptions !== undefined) {
      profile.availableEnrollmentTypeOptions = fields.availableEnrollmentTypeOptions;
    }
  }

  private async createProfile(ex: Exchange): Promise<Reply> {
    const fields = validateProfileBody(await readJson(ex.req), 'create');
    if (!fields.ok) throw badRequest(fields.message);
    const now = new Date().toISOString();
    const profile: SandboxProfile = {
      id: randomUUID(),
      displayName: '',
      description: '',
      platform: 'iOS',
      priority: this.state.profiles.size,
      defaultEnrollmentType: 'unknown',
      availableEnrollmentTypeOptions: [],
      createdDateTime: now,
      lastModifiedDateTime: now,
      assignments: [],
    };
    this.applyFields(profile, fields.value);
    this.state.profiles.set(profile.id.toLowerCase(), profile);
    this.state.placeProfile(profile.id, fields.value.priority);
    ex.res.setHeader('location', `${this.origin}/beta/deviceManagement/${PROFILES}/${profile.id}`);
    return { status: 201, json: profileToWire(profile, false) };
  }

  private async updateProfile(ex: Exchange, profile: SandboxProfile): Promise<Reply> {
    const fields = validateProfileBody(await readJson(ex.req), 'update');
    if (!fields.ok) throw badRequest(fields.message);
    this.applyFields(profile, fields.value);
    if (fields.value.priority !== undefined)
      this.state.placeProfile(profile.id, fields.value.priority);
    profile.lastModifiedDateTime = new Date().toISOString();
    return { status: 200, json: profileToWire(profile, false) };
  }

  private async assignments(
    ex: Exchange,
    profile: SandboxProfile,
    assignmentId: string | undefined,
  ): Promise<Reply> {
    const method = ex.req.method ?? 'GET';
    if (assignmentId === undefined) {
      if (method === 'GET') {
        return this.collection(
          ex,
          profile.assignments.map(assignmentToWire),
          `beta/$metadata#deviceManagement/${PROFILES}('${profile.id}')/assignments`,
        );
      }
      if (method !== 'POST') throw methodNotAllowed();
      const target = validateAssignmentBody(await readJson(ex.req));
      if (!target.ok) throw badRequest(target.message);
      if ('groupId' in target.value && !this.state.groups.has(target.value.groupId.toLowerCase())) {
        throw notFound(
          `Resource '${target.value.groupId}' does not exist or one of its queried reference-property objects are not present.`,
          'Request_ResourceNotFound',
        );
      }
      const failure = this.state.takeAssignmentFailure(profile.id);
      if (failure === 500)
        throw new HttpFailure(
          500,
          'InternalServerError',
          'An internal server error occurred while creating the assignment.',
        );
      if (failure === 400)
        throw badRequest('The assignment could not be created (injected failure).');
      const assignment: SandboxAssignment = { id: randomUUID(), target: target.value };
      profile.assignments.push(assignment);
      return { status: 201, json: assignmentToWire(assignment) };
    }
    const index = profile.assignments.findIndex(
      (a) => a.id.toLowerCase() === assignmentId.toLowerCase(),
    );
    const assignment = profile.assignments[index];
    if (!assignment) throw notFound(`No assignment with id '${assignmentId}' was found.`);
    if (method === 'GET') return { status: 200, json: assignmentToWire(assignment) };
    if (method === 'DELETE') {
      profile.assignments.splice(index, 1);
      return { status: 204 };
    }
    throw methodNotAllowed();
  }

  // ---- groups (v1.0 and beta) ------------------------------------------------------------------

  private group(id: string): SandboxGroup {
    const g = this.state.groups.get(id.toLowerCase());
    if (!g) {
      throw notFound(
        `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
        'Request_ResourceNotFound',
      );
    }
    return g;
  }

  private members(group: SandboxGroup, cast: string | undefined): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = [];
    for (const memberId of group.members) {
      const key = memberId.toLowerCase();
      const user = this.state.users.get(key);
      const device = this.state.devices.get(key);
      const nested = this.state.groups.get(key);
      if (user && (!cast || cast === 'microsoft.graph.user')) out.push(userToWire(user));
      if (device && (!cast || cast === 'microsoft.graph.device')) out.push(deviceToWire(device));
      if (nested && (!cast || cast === 'microsoft.graph.group')) out.push(groupToWire(nested));
    }
    return out;
  }

  private groups(ex: Exchange, path: string[]): Reply {
    if (ex.req.method !== 'GET') throw methodNotAllowed();
    this.deny('groups.read');
    const [id, sub, ...more] = path;
    if (id === undefined) {
      let groups = [...this.state.groups.values()];
      const search = ex.url.searchParams.get('$search');
      if (search !== null) {
        this.requireEventual(
          ex,
          "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
        );
        const expression = parseSearch(search);
        if (typeof expression === 'string') throw badRequest(expression, 'Request_BadRequest');
        groups = groups.filter((g) => matchesSearch(groupToWire(g), expression));
      }
      if (ex.url.searchParams.get('$count') === 'true') {
        this.requireEventual(
          ex,
          '$count is only supported with the ConsistencyLevel: eventual header.',
        );
      }
      groups.sort((a, b) => a.displayName.localeCompare(b.displayName));
      return this.collection(ex, groups.map(groupToWire), 'v1.0/$metadata#groups');
    }
    const group = this.group(id);
    if (sub === undefined) {
      return {
        status: 200,
        json: applySelect(groupToWire(group), ex.url.searchParams.get('$select')),
      };
    }
    if (sub !== 'members') throw badRequest(`Resource not found for the segment '${sub}'.`);
    let cast: string | undefined;
    let count = false;
    for (const segment of more) {
      if (segment === '$count') count = true;
      else if (cast === undefined && !count && segment.startsWith('microsoft.graph.'))
        cast = segment;
      else throw badRequest(`Resource not found for the segment '${segment}'.`);
    }
    const members = this.members(group, cast);
    if (count) {
      this.requireEventual(
        ex,
        'Count is not currently supported without the ConsistencyLevel: eventual header.',
      );
      return { status: 200, text: String(members.length) };
    }
    return this.collection(ex, members, 'v1.0/$metadata#directoryObjects');
  }

  // ---- users (v1.0 and beta) -------------------------------------------------------------------

  private users(ex: Exchange, path: string[]): Reply {
    if (ex.req.method !== 'GET') throw methodNotAllowed();
    this.deny('users.read');
    const [idOrUpn, sub, cast, ...extra] = path;
    if (idOrUpn === undefined) {
      return this.collection(
        ex,
        [...this.state.users.values()].map(userToWire),
        'v1.0/$metadata#users',
      );
    }
    const user = this.state.findUser(idOrUpn);
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
      this.requireEventual(
        ex,
        '$count is only supported with the ConsistencyLevel: eventual header.',
      );
    }
    const groups = [...this.state.transitiveGroupIds(user.id)]
      .flatMap((gid) => {
        const g = this.state.groups.get(gid);
        return g ? [g] : [];
      })
      .sort((a, b) => a.displayName.localeCompare(b.displayName))
      .map(groupToWire);
    const limited = this.state.denyPermissions.has('roles.read');
    const roles = this.state.transitiveRoles(user.id).map((r) => roleToWire(r, limited));
    if (cast === 'microsoft.graph.group')
      return this.collection(ex, groups, 'v1.0/$metadata#groups');
    if (cast === 'microsoft.graph.directoryRole')
      return this.collection(ex, roles, 'v1.0/$metadata#directoryRoles');
    if (cast === undefined)
      return this.collection(ex, [...groups, ...roles], 'v1.0/$metadata#directoryObjects');
    throw badRequest(`Resource not found for the segment '${cast}'.`);
  }
}

/**
 * Starts the LOCAL INTUNE SANDBOX on loopback (it refuses other addresses: it is an
 * unauthenticated test double over http). Resolves once listening.
 */
export async function startGraphSandbox(options: GraphSandboxOptions = {}): Promise<GraphSandbox> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) {
    throw new Error(`the Graph sandbox listens on loopback only, not ${host}`);
  }
  const state = new GraphSandboxState(
    options.tenantId ?? SEED_TENANT_ID,
    options.seed ?? defaultSeed(),
  );
  const secure = options.tls !== undefined;
  const handler = new SandboxServer(
    state,
    secure ? new SandboxAuthority(state, options.clients ?? []) : undefined,
    options.logger?.child({ module: 'sandbox' }),
  );
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    handler.handle(req, res).catch((err: unknown) => {
      options.logger?.error({ err }, 'sandbox could not answer a request');
      res.destroy();
    });
  };
  const server = options.tls
    ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, listener)
    : http.createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port, address } = server.address() as AddressInfo;
  const hostname = address.includes(':') ? `[${address}]` : address;
  const baseUrl = `${secure ? 'https' : 'http'}://${hostname}:${port}`;
  handler.origin = baseUrl;
  options.logger?.info(
    { module: 'sandbox', baseUrl, notice: SANDBOX_NOTICE },
    'Graph sandbox listening',
  );
  let closed: Promise<void> | undefined;
  return {
    baseUrl,
    ...(secure ? { tokenAuthorityHost: baseUrl } : {}),
    state,
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
