import { ResponseType, RetryHandlerOptions, type Client } from '@microsoft/microsoft-graph-client';

import { hasLoneSurrogate } from '../cards/text';
import { AppError } from '../errors';
import type { Logger } from '../logging';

import { GraphError } from './errors';
import {
  graphErrorFromResponse,
  stripBom,
  toGraphError,
  type GraphOperation,
} from './graph-errors';
import type { GraphCallInfo } from './types';

/** Graph API versions the bot uses. */
export type GraphVersion = 'beta' | 'v1.0';

/** One Graph request. */
export interface GraphRequestSpec {
  operation: GraphOperation;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  version: GraphVersion;
  /** Path below the version, starting with `/`; segments already encoded (see {@link segment}). */
  path: string;
  /** Query parameters; values are URL-encoded here (the SDK does not encode them). */
  query?: Record<string, string | number | boolean>;
  headers?: Record<string, string>;
  body?: unknown;
  /**
   * A POST that may be sent twice with the same effect (e.g. an `assign` or `setPriority`
   * action). Any other POST is retried only on 429, which Graph sends before doing anything:
   * after a 503 or 504 the first attempt may have been carried out, so the caller looks for what
   * exists instead of posting again.
   */
  idempotent?: boolean;
}

/** Retries a non-idempotent POST only when Graph refused it outright (429). */
const RETRY_ONLY_REFUSED = new RetryHandlerOptions(
  3, // seconds, the SDK's default (Retry-After wins when Graph sends it)
  3, // attempts, the SDK's default
  (_delay, _attempt, _request, _options, response) => response.status === 429,
);

/** A successful response, read in full. */
export interface GraphResult {
  status: number;
  /** The body as text ('' for 204). */
  text: string;
  call: GraphCallInfo;
}

/** Upper bound on `@odata.nextLink` pages followed by {@link GraphRequester.getAllPages}. */
export const DEFAULT_MAX_PAGES = 50;

/**
 * Encodes one path segment (an id or UPN). Text that cannot be encoded (an unpaired surrogate)
 * is refused with a `bad_request` AppError, never a raw URIError.
 */
export function segment(value: string): string {
  if (hasLoneSurrogate(value)) {
    throw new AppError(
      'bad_request',
      'The text contains a broken character and cannot be looked up.',
    );
  }
  return encodeURIComponent(value);
}

/** URL-encodes a query value, keeping `,` and `$` readable (Graph accepts both encodings). */
function encodeQueryValue(value: string): string {
  return encodeURIComponent(value).replace(/%2C/gi, ',').replace(/%24/g, '$');
}

function withQuery(path: string, query: GraphRequestSpec['query']): string {
  if (!query || Object.keys(query).length === 0) {
    return path;
  }
  const parts = Object.entries(query).map(([k, v]) => `${k}=${encodeQueryValue(String(v))}`);
  return `${path}${path.includes('?') ? '&' : '?'}${parts.join('&')}`;
}

/** Graph's ids for support, from the response headers. */
export function callInfoFrom(headers: Pick<Headers, 'get'>): GraphCallInfo {
  const call: GraphCallInfo = {};
  const requestId = headers.get('request-id');
  const date = headers.get('date');
  if (requestId) call.requestId = requestId;
  if (date) call.date = date;
  return call;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Sends Graph requests through the SDK client and keeps what its fluent API hides.
 *
 * Every request is made with `.responseType(ResponseType.RAW)`, so the SDK hands back the fetch
 * `Response` itself (after its middleware: auth, retries with Retry-After, redirects, telemetry).
 * That gives us, per request and without shared mutable state, the `request-id` and `date`
 * headers of successful calls (returned as {@link GraphCallInfo}) and the status and body of
 * failed ones, which are translated by {@link graphErrorFromResponse}. Errors the SDK throws
 * itself (no response: credential or network failures) go through {@link toGraphError}.
 */
export class GraphRequester {
  private readonly client: Client;
  private readonly logger: Logger | undefined;

  public constructor(client: Client, logger?: Logger) {
    this.client = client;
    this.logger = logger;
  }

  /** Sends one request; throws GraphError on any failure, including non-2xx answers. */
  public async send(spec: GraphRequestSpec): Promise<GraphResult> {
    const started = Date.now();
    let request = this.client
      .api(withQuery(spec.path, spec.query))
      .version(spec.version)
      .responseType(ResponseType.RAW);
    for (const [name, value] of Object.entries(spec.headers ?? {})) {
      request = request.header(name, value);
    }
    if (spec.method === 'POST' && spec.idempotent !== true) {
      request = request.middlewareOptions([RETRY_ONLY_REFUSED]);
    }
    let raw: unknown;
    try {
      switch (spec.method) {
        case 'GET':
          raw = await request.get();
          break;
        case 'POST':
          raw = await request.post(spec.body ?? {});
          break;
        case 'PATCH':
          raw = await request.patch(spec.body ?? {});
          break;
        case 'DELETE':
          raw = await request.delete();
          break;
      }
    } catch (err) {
      const error = toGraphError(err, spec.operation);
      this.logFailure(spec, error, started);
      throw error;
    }
    if (!(raw instanceof Response)) {
      throw new GraphError(`Graph ${spec.operation}: the SDK returned no response`, {
        reason: 'unknown',
        operation: spec.operation,
      });
    }
    const text = stripBom(raw.status === 204 ? '' : await raw.text());
    if (!raw.ok) {
      const error = graphErrorFromResponse(raw.status, text, raw.headers, spec.operation);
      this.logFailure(spec, error, started);
      throw error;
    }
    const call = callInfoFrom(raw.headers);
    this.logger?.debug(
      {
        operation: spec.operation,
        status: raw.status,
        requestId: call.requestId,
        ms: Date.now() - started,
      },
      'graph call',
    );
    return { status: raw.status, text, call };
  }

  /** Sends a request and parses a JSON body (undefined for an empty body). */
  public async sendJson(spec: GraphRequestSpec): Promise<{ body: unknown; call: GraphCallInfo }> {
    const result = await this.send(spec);
    if (result.text.trim() === '') {
      return { body: undefined, call: result.call };
    }
    try {
      return { body: JSON.parse(result.text) as unknown, call: result.call };
    } catch (err) {
      throw new GraphError(
        `Graph ${spec.operation}: the response was not JSON`,
        { reason: 'unknown', operation: spec.operation, status: result.status, ...result.call },
        { cause: err },
      );
    }
  }

  /**
   * GETs a collection and follows `@odata.nextLink` up to `maxPages` pages. A next link is
   * re-rooted on this client's base URL (only its path and query are used), so a link can never
   * send the request, or a token, to another host. More pages than `maxPages` is an error rather
   * than a silently partial answer.
   */
  public async getAllPages(
    spec: Omit<GraphRequestSpec, 'method' | 'body'>,
    maxPages: number = DEFAULT_MAX_PAGES,
  ): Promise<{ items: unknown[]; call: GraphCallInfo }> {
    const items: unknown[] = [];
    let first: GraphCallInfo | undefined;
    let count = 0;
    for await (const page of this.pages(spec)) {
      count += 1;
      first ??= page.call;
      items.push(...page.items);
      if (page.more && count >= maxPages) {
        throw new GraphError(`Graph ${spec.operation}: more than ${maxPages} pages`, {
          reason: 'unknown',
          operation: spec.operation,
        });
      }
    }
    return { items, call: first ?? {} };
  }

  /**
   * GETs a collection page by page, following `@odata.nextLink` (re-rooted on this client's base
   * URL, as in {@link getAllPages}) only when the caller asks for the next page, so a caller can
   * stop early. `more` says whether another page exists. The caller bounds the pages it reads.
   */
  public async *pages(
    spec: Omit<GraphRequestSpec, 'method' | 'body'>,
  ): AsyncGenerator<{ items: unknown[]; call: GraphCallInfo; more: boolean }> {
    let next: Omit<GraphRequestSpec, 'method' | 'body'> | undefined = spec;
    while (next) {
      const { body, call } = await this.sendJson({ ...next, method: 'GET' });
      if (!isRecord(body) || !Array.isArray(body.value)) {
        throw new GraphError(`Graph ${spec.operation}: the response had no value array`, {
          reason: 'unknown',
          operation: spec.operation,
          ...call,
        });
      }
      const link = body['@odata.nextLink'];
      next = typeof link === 'string' ? this.nextPage(spec, link) : undefined;
      yield { items: body.value as unknown[], call, more: next !== undefined };
    }
  }

  private nextPage(
    spec: Omit<GraphRequestSpec, 'method' | 'body'>,
    link: string,
  ): Omit<GraphRequestSpec, 'method' | 'body'> {
    const url = new URL(link);
    const [, version, ...rest] = url.pathname.split('/');
    if (version !== 'beta' && version !== 'v1.0') {
      throw new GraphError(`Graph ${spec.operation}: unexpected next link`, {
        reason: 'unknown',
        operation: spec.operation,
      });
    }
    return {
      operation: spec.operation,
      version,
      path: `/${rest.join('/')}${url.search}`,
      headers: spec.headers,
    };
  }

  private logFailure(spec: GraphRequestSpec, error: GraphError, started: number): void {
    const d = error.details;
    this.logger?.debug(
      {
        operation: spec.operation,
        reason: d.reason,
        status: d.status,
        graphCode: d.graphCode,
        requestId: d.requestId,
        ms: Date.now() - started,
      },
      'graph call failed',
    );
  }
}
