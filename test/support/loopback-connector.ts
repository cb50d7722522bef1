import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * TEST DOUBLE. A Bot Framework connector on 127.0.0.1 that accepts the bot's replies, the way
 * Teams' service URL does (`POST /v3/conversations/{id}/activities[/{replyToId}]`,
 * `PUT …/activities/{id}`), records them, and can inject failures. Used by HTTP-level tests, the
 * benchmark and the QA evaluation; never by production code.
 */

/** A reply the bot posted. */
export interface ReceivedActivity {
  method: string;
  conversationId: string;
  replyToId?: string;
  activity: Record<string, unknown>;
  id: string;
}

/** Decides the status of a request; return undefined to accept it normally. */
export type FaultInjector = (req: {
  method: string;
  url: string;
  attempt: number;
}) => { status?: number; headers?: Record<string, string>; delayMs?: number } | undefined;

/** A running loopback connector. */
export interface LoopbackConnector {
  /** Service URL to put in activities, with a trailing slash. */
  readonly serviceUrl: string;
  readonly received: ReceivedActivity[];
  /** Counts only, no bodies kept (for the benchmark). */
  recordBodies: boolean;
  count: number;
  setFault(fault: FaultInjector | undefined): void;
  /** Resolves when `n` activities have arrived in total, or rejects after `timeoutMs`. */
  waitFor(n: number, timeoutMs?: number): Promise<ReceivedActivity[]>;
  clear(): void;
  close(): Promise<void>;
}

const ROUTE = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/?]+))?/;

/** Starts a loopback connector on an ephemeral port. */
export async function startLoopbackConnector(
  options: { recordBodies?: boolean } = {},
): Promise<LoopbackConnector> {
  const received: ReceivedActivity[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  let fault: FaultInjector | undefined;
  let nextId = 0;
  const attempts = new Map<string, number>();

  const state = {
    recordBodies: options.recordBodies ?? true,
    count: 0,
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = req.url ?? '';
      const method = req.method ?? 'GET';
      const key = `${method} ${url}`;
      const attempt = (attempts.get(key) ?? 0) + 1;
      attempts.set(key, attempt);
      const injected = fault?.({ method, url, attempt });
      const respond = (): void => {
        if (injected?.status !== undefined) {
          res.writeHead(injected.status, {
            'content-type': 'application/json',
            ...injected.headers,
          });
          res.end(JSON.stringify({ error: { code: 'Injected', message: 'injected failure' } }));
          return;
        }
        const match = ROUTE.exec(url);
        if (!match || (method !== 'POST' && method !== 'PUT')) {
          res.writeHead(404, { 'content-type': 'application/json' });
          res.end('{}');
          return;
        }
        nextId += 1;
        const id = method === 'PUT' && match[2] ? decodeURIComponent(match[2]) : `reply-${nextId}`;
        state.count += 1;
        if (state.recordBodies) {
          let activity: Record<string, unknown> = {};
          try {
            activity = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<
              string,
              unknown
            >;
          } catch {
            activity = {};
          }
          received.push({
            method,
            conversationId: decodeURIComponent(match[1] ?? ''),
            replyToId: match[2] ? decodeURIComponent(match[2]) : undefined,
            activity,
            id,
          });
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id }));
        for (const w of [...waiters]) {
          if (state.count >= w.n) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve();
          }
        }
      };
      if (injected?.delayMs) {
        setTimeout(respond, injected.delayMs);
      } else {
        respond();
      }
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    received,
    get recordBodies() {
      return state.recordBodies;
    },
    set recordBodies(v: boolean) {
      state.recordBodies = v;
    },
    get count() {
      return state.count;
    },
    set count(v: number) {
      state.count = v;
    },
    setFault(f) {
      fault = f;
    },
    waitFor(n, timeoutMs = 5000) {
      if (state.count >= n) return Promise.resolve(received);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`expected ${n} activities, got ${state.count}`)),
          timeoutMs,
        );
        waiters.push({
          n,
          resolve: () => {
            clearTimeout(timer);
            resolve(received);
          },
        });
      });
    },
    clear() {
      received.length = 0;
      state.count = 0;
      attempts.clear();
    },
    close() {
      return new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}
