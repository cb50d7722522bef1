import type { Activity, ActivityHandler } from 'botbuilder';
import restify, { type Request, type Response } from 'restify';

import type { BotAdapter } from '../bot/adapter';
import type { Logger } from '../logging';
import { countTurn, inActivityRequest } from '../telemetry/instruments';

/** Largest request body accepted on /api/messages. Teams activities are far smaller. */
export const MAX_BODY_BYTES = 256 * 1024;

/** Readiness probe: resolves when the backing store answers. */
export type ReadinessProbe = () => Promise<void>;

/** What the HTTP server needs. */
export interface ServerDeps {
  adapter: BotAdapter;
  bot: ActivityHandler;
  logger: Logger;
  isReady: ReadinessProbe;
  /**
   * True when Bot Framework auth is on: a request without a bearer token is answered 401 here,
   * before it reaches the adapter (which would also refuse it, after more work).
   */
  requireAuthHeader: boolean;
  /** Extra routes (later features add endpoints here); called before listening. */
  extraRoutes?: (server: restify.Server) => void;
}

/** Where to listen. */
export interface ListenOptions {
  port: number;
  host: string;
}

/** A listening server. */
export interface RunningServer {
  /** Base URL, e.g. http://127.0.0.1:3978 */
  readonly url: string;
  readonly port: number;
  /** Turns currently being processed. */
  inFlight(): number;
  /**
   * Stops accepting requests, waits up to `timeoutMs` for turns in flight to finish, then closes
   * every connection. Resolves when the listener is closed.
   */
  close(timeoutMs: number): Promise<void>;
}

const READY_TIMEOUT_MS = 2000;

function looksLikeActivity(body: unknown): boolean {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return false;
  }
  const type = (body as { type?: unknown }).type;
  return typeof type === 'string' && type.length > 0 && type.length <= 64;
}

/**
 * Converts the JSON body into the activity shape botbuilder expects (timestamps as Dates, raw
 * strings kept), as CloudAdapter.process does before processActivity.
 */
function parseActivity(body: Record<string, unknown>): Activity {
  const activity = { ...body } as unknown as Activity & Record<string, unknown>;
  for (const field of ['timestamp', 'localTimestamp', 'expiration'] as const) {
    const value = body[field];
    if (typeof value === 'string') {
      const raw = `raw${field.charAt(0).toUpperCase()}${field.slice(1)}`;
      activity[raw] = value;
      (activity as Record<string, unknown>)[field] = new Date(value);
    }
  }
  return activity;
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}

/**
 * Starts the restify server: `POST /api/messages` into the CloudAdapter, `GET /healthz`
 * (process alive) and `GET /readyz` (storage reachable). Transport only: no bot logic here.
 * It calls `CloudAdapter.processActivity` itself rather than `process`, so that auth failures map
 * to 401 without the SDK printing stack traces to the console, and errors never echo internals.
 */
export async function startServer(deps: ServerDeps, listen: ListenOptions): Promise<RunningServer> {
  const log = deps.logger.child({ module: 'server' });
  const server = restify.createServer({
    name: 'ue-enrollment-bot',
    handleUncaughtExceptions: false,
  });
  let closing = false;
  let inFlight = 0;
  let drained: (() => void) | undefined;

  // JSON parsing only on the messages route: other routes (the signed helpdesk webhook) need the
  // raw request body to verify its signature.
  const jsonBody = restify.plugins.bodyParser({
    maxBodySize: MAX_BODY_BYTES,
    mapParams: false,
    mapFiles: false,
  });

  server.post('/api/messages', jsonBody, async (req: Request, res: Response) => {
    if (closing) {
      res.header('Retry-After', '5');
      res.send(503, { error: 'shutting_down' });
      return;
    }
    if (deps.requireAuthHeader && !/^Bearer \S+$/i.test(req.header('authorization') ?? '')) {
      res.send(401, {
        error: 'unauthorized',
        message: 'A Bot Framework bearer token is required.',
      });
      return;
    }
    if (!looksLikeActivity(req.body)) {
      res.send(400, {
        error: 'bad_request',
        message: 'The body must be a Bot Framework activity.',
      });
      return;
    }
    async function handleActivity(body: {
      id?: string;
      type?: string;
      conversation?: { id?: string };
    }): Promise<void> {
      inFlight += 1;
      const started = process.hrtime.bigint();
      let reachedBot = false;
      try {
        const invokeResponse = await deps.adapter.processIncoming(
          req.header('authorization') ?? '',
          parseActivity(body),
          async (ctx) => {
            reachedBot = true;
            await deps.bot.run(ctx);
          },
        );
        res.send(invokeResponse?.status ?? 200, invokeResponse?.body);
      } catch (err) {
        const status = (err as { statusCode?: unknown }).statusCode;
        if (!reachedBot) {
          // The token was missing, invalid, or could not be validated: refuse, fail closed.
          log.warn({ err, activityId: body.id }, 'request not authenticated');
          res.send(status === 403 ? 403 : 401, { error: 'unauthorized' });
        } else {
          log.error({ err, activityId: body.id }, 'turn failed outside the turn error handler');
          res.send(500, { error: 'internal' });
        }
      } finally {
        inFlight -= 1;
        log.debug(
          {
            activityType: body.type,
            activityId: body.id,
            conversationId: body.conversation?.id,
            status: res.statusCode,
            ms: Number(process.hrtime.bigint() - started) / 1e6,
          },
          'activity handled',
        );
        if (inFlight === 0 && drained) {
          drained();
        }
      }
    }

    const body = req.body as Record<string, unknown> & {
      id?: string;
      type?: string;
      conversation?: { id?: string; conversationType?: string };
      channelId?: string;
    };
    const activityType = typeof body.type === 'string' ? body.type : 'unknown';
    countTurn(activityType);
    await inActivityRequest(
      {
        'activity.type': activityType,
        'activity.channel': typeof body.channelId === 'string' ? body.channelId : 'unknown',
        'conversation.type': body.conversation?.conversationType ?? 'unknown',
      },
      async () => {
        await handleActivity(body);
        return res.statusCode;
      },
    );
  });

  server.get('/healthz', (_req: Request, res: Response, next: restify.Next) => {
    res.send(200, { status: 'ok' });
    return next();
  });

  server.get('/readyz', async (_req: Request, res: Response) => {
    if (closing) {
      res.send(503, { status: 'shutting_down' });
      return;
    }
    try {
      await withTimeout(deps.isReady(), READY_TIMEOUT_MS);
      res.send(200, { status: 'ready' });
    } catch (err) {
      log.warn({ err }, 'readiness check failed');
      res.send(503, { status: 'unavailable', reason: 'storage unreachable' });
    }
  });

  deps.extraRoutes?.(server);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const hostForUrl = listen.host === '0.0.0.0' || listen.host === '::' ? '127.0.0.1' : listen.host;
  const url = `http://${hostForUrl}:${address.port}`;

  return {
    url,
    port: address.port,
    inFlight: () => inFlight,
    async close(timeoutMs: number): Promise<void> {
      if (closing) return;
      closing = true;
      const listenerClosed = new Promise<void>((resolve) => {
        server.close(() => resolve());
      });
      server.server.closeIdleConnections();
      if (inFlight > 0) {
        await Promise.race([
          new Promise<void>((resolve) => {
            drained = resolve;
          }),
          new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref()),
        ]);
        if (inFlight > 0) {
          log.warn({ inFlight }, 'shutdown timeout reached with turns still in flight');
        }
      }
      server.server.closeAllConnections();
      await listenerClosed;
    },
  };
}
