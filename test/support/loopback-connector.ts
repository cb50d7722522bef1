import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * TEST DOUBLE. A Bot Framework connector on 127.0.0.1 that accepts the bot's replies, the way
 * Teams' service URL does (`POST /v3/conversations/{id}/activities[/{replyToId}]`,
 * `PUT …/activities/{id}`), records them, and can inject failures. Used by HTTP-level tests, the
 * benchmark and the QA evaluation; never by production code.
 *
 * It also answers the few Microsoft Graph reads the outbox's delivery probe makes, over what it
 * received (`GET /v1.0/teams/{team}/channels/{channel}/messages[/{id}/replies]`,
 * `GET /v1.0/chats/{chat}/messages`, and `…/users/{id}/teamwork/installedApps[/{id}/chat]` for the
 * personal chats registered with `registerPersonalChat`), in Graph's `chatMessage` shape: a card
 * is returned as JSON text in `attachments[].content`, newest first, paged with `$top`.
 */

/** A reply the bot posted. */
export interface ReceivedActivity {
  method: string;
  conversationId: string;
  replyToId?: string;
  activity: Record<string, unknown>;
  id: string;
  /** When the connector accepted it (ms since epoch). */
  at: number;
}

/** Decides the status of a request; return undefined to accept it normally. */
export type FaultInjector = (req: { method: string; url: string; attempt: number }) =>
  | {
      status?: number;
      headers?: Record<string, string>;
      /** Wait this long before handling the request (nothing is recorded meanwhile). */
      delayMs?: number;
      /**
       * Accept and record the activity at once, but hold the answer this long: the window in
       * which the message exists in "Teams" and the bot does not know it yet.
       */
      holdResponseMs?: number;
    }
  | undefined;

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
  /**
   * Personal conversations opened with `POST /v3/conversations` (member id, tenant, when), and
   * their number (also counted when bodies are not kept). The conversation id is the same for
   * the same member every time, as in Teams.
   */
  readonly opened: Array<{ member: string; tenantId?: string; at: number }>;
  readonly openedCount: number;
  /** Makes `GET /v1.0/users/{userId}/teamwork/installedApps/…/chat` answer this conversation. */
  registerPersonalChat(userAadObjectId: string, conversationId: string): void;
  close(): Promise<void>;
}

const ROUTE = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/?]+))?/;
const GRAPH_CHANNEL = /^\/v1\.0\/teams\/[^/]+\/channels\/([^/]+)\/messages(?:\/([^/]+)\/replies)?$/;
const GRAPH_CHAT = /^\/v1\.0\/chats\/([^/]+)\/messages$/;
const GRAPH_APPS = /^\/v1\.0\/users\/([^/]+)\/teamwork\/installedApps(?:\/([^/]+)\/chat)?$/;

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Graph's `chatMessage` for an activity the connector holds. */
function toChatMessage(stored: StoredMessage): Record<string, unknown> {
  const attachments = Array.isArray(stored.activity.attachments)
    ? (stored.activity.attachments as { contentType?: unknown; content?: unknown }[])
    : [];
  const text = typeof stored.activity.text === 'string' ? stored.activity.text : '';
  return {
    id: stored.id,
    replyToId: stored.replyToId ?? null,
    createdDateTime: new Date(stored.at).toISOString(),
    from: { application: { id: 'bot', displayName: 'Enrollment Assistant' }, user: null },
    body: {
      contentType: 'html',
      content:
        attachments.map((_, i) => `<attachment id="${stored.id}-${i}"></attachment>`).join('') +
        (text ? `<p>${escapeHtml(text)}</p>` : ''),
    },
    attachments: attachments.map((a, i) => ({
      id: `${stored.id}-${i}`,
      contentType: a.contentType,
      content: JSON.stringify(a.content ?? null),
    })),
  };
}

interface StoredMessage {
  id: string;
  conversationId: string;
  replyToId?: string;
  activity: Record<string, unknown>;
  at: number;
}

/** Starts a loopback connector on an ephemeral port. */
export async function startLoopbackConnector(
  options: { recordBodies?: boolean } = {},
): Promise<LoopbackConnector> {
  const received: ReceivedActivity[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  let fault: FaultInjector | undefined;
  let nextId = 0;
  const attempts = new Map<string, number>();
  /** The conversation as Graph would show it: posts in arrival order, updated in place. */
  const messages: StoredMessage[] = [];
  const byId = new Map<string, StoredMessage>();
  const personalChats = new Map<string, string>();
  const heldAnswers = new Set<NodeJS.Timeout>();

  const answerGraph = (url: string, res: http.ServerResponse): boolean => {
    const parsed = new URL(url, 'http://127.0.0.1');
    const json = (status: number, body: unknown): true => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
      return true;
    };
    const apps = GRAPH_APPS.exec(parsed.pathname);
    if (apps) {
      const user = decodeURIComponent(apps[1] ?? '');
      const chat = personalChats.get(user);
      if (apps[2])
        return chat ? json(200, { id: chat }) : json(404, { error: { code: 'NotFound' } });
      return json(200, { value: chat ? [{ id: `install-${user}` }] : [] });
    }
    const channel = GRAPH_CHANNEL.exec(parsed.pathname);
    const chat = GRAPH_CHAT.exec(parsed.pathname);
    if (!channel && !chat) return false;
    const conversationId = decodeURIComponent((channel ?? chat)?.[1] ?? '');
    const parent = channel?.[2] ? decodeURIComponent(channel[2]) : undefined;
    const top = Math.min(50, Math.max(1, Number(parsed.searchParams.get('$top') ?? '20') || 20));
    const skip = Math.max(0, Number(parsed.searchParams.get('$skiptoken') ?? '0') || 0);
    const matching = messages
      .filter((m) => m.conversationId === conversationId && m.replyToId === parent)
      .reverse();
    const page = matching.slice(skip, skip + top);
    const body: Record<string, unknown> = { value: page.map(toChatMessage) };
    if (skip + top < matching.length) {
      parsed.searchParams.set('$top', String(top));
      parsed.searchParams.set('$skiptoken', String(skip + top));
      body['@odata.nextLink'] =
        `http://127.0.0.1${parsed.pathname}?${parsed.searchParams.toString()}`;
    }
    return json(200, body);
  };

  const state = {
    recordBodies: options.recordBodies ?? true,
    count: 0,
    openedCount: 0,
  };
  const opened: Array<{ member: string; tenantId?: string; at: number }> = [];

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
        if (method === 'GET' && state.recordBodies && answerGraph(url, res)) return;
        if (method === 'POST' && url.split('?')[0] === '/v3/conversations') {
          let body: { members?: Array<{ id?: unknown }>; tenantId?: unknown } = {};
          try {
            body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body;
          } catch {
            body = {};
          }
          const member = typeof body.members?.[0]?.id === 'string' ? body.members[0].id : '';
          if (!member) {
            res.writeHead(400, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ error: { code: 'BadArgument', message: 'no member' } }));
            return;
          }
          state.openedCount += 1;
          if (state.recordBodies) {
            opened.push({
              member,
              ...(typeof body.tenantId === 'string' ? { tenantId: body.tenantId } : {}),
              at: Date.now(),
            });
          }
          res.writeHead(201, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ id: `a:personal-${member}` }));
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
          const conversationId = decodeURIComponent(match[1] ?? '');
          const target = match[2] ? decodeURIComponent(match[2]) : undefined;
          const at = Date.now();
          received.push({ method, conversationId, replyToId: target, activity, id, at });
          const existing = method === 'PUT' ? byId.get(id) : undefined;
          if (existing) existing.activity = activity;
          else if (method === 'POST') {
            const stored: StoredMessage = {
              id,
              conversationId: conversationId.split(';')[0] ?? conversationId,
              replyToId: target,
              activity,
              at,
            };
            messages.push(stored);
            byId.set(id, stored);
          }
        }
        for (const w of [...waiters]) {
          if (state.count >= w.n) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve();
          }
        }
        const answer = (): void => {
          if (res.destroyed) return;
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ id }));
        };
        if (injected?.holdResponseMs) {
          const timer = setTimeout(() => {
            heldAnswers.delete(timer);
            answer();
          }, injected.holdResponseMs);
          heldAnswers.add(timer);
        } else answer();
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
    opened,
    get openedCount() {
      return state.openedCount;
    },
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
      opened.length = 0;
      messages.length = 0;
      byId.clear();
      state.count = 0;
      attempts.clear();
    },
    registerPersonalChat(user, conversationId) {
      personalChats.set(user, conversationId);
    },
    close() {
      for (const timer of heldAnswers) clearTimeout(timer);
      heldAnswers.clear();
      return new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}
