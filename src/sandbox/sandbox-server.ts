/**
 * LOCAL INTUNE SANDBOX (a test double of Microsoft Graph, never the real service): the HTTP
 * handler. It stamps Graph's `request-id`/`client-request-id`/`date` headers, hands authority
 * paths to the sandbox authority, checks the version, bearer token, latency and injected faults,
 * dispatches each Graph area to its routes, turns failures into Graph error bodies and records
 * every Graph request in the state.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { Logger } from '../logging';

import { SandboxAuthority } from './sandbox-authority';
import {
  collectionReply,
  errorReply,
  requirePermission,
  sendReply,
  type Exchange,
  type GraphRoute,
} from './sandbox-exchange';
import { badRequest, HttpFailure, type Reply } from './sandbox-http';
import { groupsReply, usersReply } from './sandbox-routes-directory';
import { PROFILES, profilesReply } from './sandbox-routes-profiles';
import {
  appCatalogsReply,
  installedAppsReply,
  managedDevicesReply,
} from './sandbox-routes-teamwork';
import { setupReply } from './sandbox-setup';
import type { GraphSandboxState } from './sandbox-state';

/**
 * The sandbox's HTTP handler around a state. With an authority it serves the authority's paths
 * and requires, on every Graph path, a bearer token that authority issued.
 */
export class SandboxServer {
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

  /** Answers one request; rejects only when the response itself cannot be written. */
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
        reply = errorReply(ex, err);
      } else {
        this.logger?.error({ err, path: ex.url.pathname }, 'sandbox handler failed');
        reply = errorReply(
          ex,
          new HttpFailure(500, 'InternalServerError', 'An internal server error occurred.'),
        );
      }
    }
    sendReply(ex, reply);
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
    const reply = await this.route(ex, version, rest);
    const late = this.state.takeLateFault(ex.req.method ?? 'GET', ex.url.pathname);
    if (late !== undefined) {
      throw new HttpFailure(
        late,
        late === 504
          ? 'GatewayTimeout'
          : late === 503
            ? 'ServiceUnavailable'
            : 'InternalServerError',
        'The request timed out at the gateway.',
        {},
      );
    }
    return reply;
  }

  /** Answers a Graph path (after faults and latency); throws HttpFailure for Graph's errors. */
  private async route(ex: Exchange, version: 'beta' | 'v1.0', rest: string[]): Promise<Reply> {
    const route: GraphRoute = { ex, state: this.state, origin: this.origin };
    const [root, ...tail] = rest;
    if (root === 'deviceManagement' && tail[0] === PROFILES) {
      if (version !== 'beta') throw badRequest(`Resource not found for the segment '${PROFILES}'.`);
      return profilesReply(route, tail.slice(1));
    }
    if (root === 'deviceManagement' && tail[0] === 'managedDevices') {
      return managedDevicesReply(route, version, tail.slice(1));
    }
    if (root === 'appCatalogs') return appCatalogsReply(route, version, tail);
    if (root === 'users' && tail[0] !== undefined && tail[1] === 'teamwork') {
      return installedAppsReply(route, version, tail[0], tail.slice(2));
    }
    const setup = setupReply(
      {
        method: ex.req.method ?? 'GET',
        url: ex.url,
        version,
        state: this.state,
        deny: (area) => requirePermission(this.state, area),
        collection: (items, context) => collectionReply(route, items, context),
      },
      root,
      tail,
    );
    if (setup) return setup;
    if (root === 'groups') return groupsReply(route, tail);
    if (root === 'users') return usersReply(route, tail);
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
}
