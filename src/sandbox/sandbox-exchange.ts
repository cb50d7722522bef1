/**
 * LOCAL INTUNE SANDBOX (a test double of Microsoft Graph, never the real service): the
 * per-request exchange that the Graph routes share and the response helpers around it (paged
 * collections, the ConsistencyLevel check, permission denial, Graph error bodies, writing a reply).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

import {
  badRequest,
  forbidden,
  type HttpFailure,
  innerDate,
  JSON_TYPE,
  type Reply,
} from './sandbox-http';
import { applySelect, paginate, type Page } from './sandbox-query';
import type { GraphSandboxState, SandboxPermission } from './sandbox-state';

/** Per-request facts shared by every response. */
export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  requestId: string;
  clientRequestId: string;
  now: Date;
}

/**
 * What a Graph route handler works on: the exchange, the sandbox's state and the server's origin.
 * Handlers are plain functions over it, so each Graph area lives in its own module.
 */
export interface GraphRoute {
  ex: Exchange;
  state: GraphSandboxState;
  /** The server's own origin (used in next links, `@odata.context` and `location`). */
  origin: string;
}

/** Throws Graph's 403 when the state withholds `permission` (a state knob for tests). */
export function requirePermission(state: GraphSandboxState, permission: SandboxPermission): void {
  if (state.denyPermissions.has(permission)) throw forbidden();
}

/**
 * Throws Graph's 400 `Request_UnsupportedQuery` with `what` unless the request carries
 * `ConsistencyLevel: eventual` (Graph requires it for advanced queries such as $search and $count).
 */
export function requireEventual(ex: Exchange, what: string): void {
  const level = ex.req.headers.consistencylevel;
  if (typeof level !== 'string' || level.toLowerCase() !== 'eventual') {
    throw badRequest(what, 'Request_UnsupportedQuery');
  }
}

/**
 * A paged collection answer with `@odata.context` (`context` after the origin), `$select`,
 * `$count` and `@odata.nextLink` (`$top` at most `maxTop`, 999 by default); 400 when the paging
 * query is invalid.
 */
export function collectionReply(
  route: GraphRoute,
  items: Record<string, unknown>[],
  context: string,
  maxTop?: number,
): Reply {
  const { ex, origin } = route;
  const page: Page<Record<string, unknown>> | string = paginate(items, ex.url, origin, maxTop);
  if (typeof page === 'string') throw badRequest(page, 'Request_BadRequest');
  const select = ex.url.searchParams.get('$select');
  const json: Record<string, unknown> = { '@odata.context': `${origin}/${context}` };
  if (ex.url.searchParams.get('$count') === 'true') json['@odata.count'] = page.count;
  if (page.nextLink) json['@odata.nextLink'] = page.nextLink;
  json.value = page.value.map((item) => applySelect(item, select));
  return { status: 200, json };
}

/** Graph's error body for a failure, with the exchange's request ids and date in `innerError`. */
export function errorReply(ex: Exchange, failure: HttpFailure): Reply {
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

/** Writes a reply to the exchange's response: JSON, BOM-prefixed text, or an empty 204. */
export function sendReply(ex: Exchange, reply: Reply): void {
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
