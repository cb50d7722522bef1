/**
 * The Bot Framework edge of the outbox: a {@link Sender} that delivers one activity to
 * a Teams conversation through the Bot Connector REST API (v3), authenticated with the bot's
 * credentials from botbuilder's CloudAdapter.
 *
 * Why not `ctx.sendActivity` inside `continueConversationAsync`: the connector client botbuilder
 * builds runs the @azure/core-client retry pipeline, which retries 429 (only with Retry-After),
 * 503 and connection errors on its own. Hidden retries would (a) send requests the outbox's rate
 * limiter never counted, and (b) resend a POST whose first attempt may have arrived, behind the
 * outbox's back. So this sender borrows only the credentials from botbuilder (the connector
 * client's `credentials.signRequest`, which caches and refreshes tokens) and makes exactly one
 * HTTP request per call, with an AbortSignal, reporting the status, `Retry-After` and error code.
 *
 * Endpoints (Bot Connector API v3):
 * - post:   `POST {serviceUrl}v3/conversations/{conversationId}/activities`
 * - reply:  `POST {serviceUrl}v3/conversations/{conversationId}/activities/{replyToId}`
 * - update: `PUT  {serviceUrl}v3/conversations/{conversationId}/activities/{activityId}`
 *
 * This is the only outbox file that imports botbuilder (type-only, plus the adapter instance the
 * composition root passes in); eslint.config.mjs lets this one file through the botbuilder rule.
 */
import type { CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';

import { inDependency } from '../telemetry/instruments';
import { withoutBidiControls } from '../unicode';

import type { SendOutcome, SendRequest, Sender } from './types';

/** The adapter surface this sender needs: CloudAdapter (or the project's BotAdapter subclass). */
export type ProactiveAdapter = Pick<
  CloudAdapter,
  'continueConversationAsync' | 'ConnectorClientKey'
>;

/** Options for {@link BotFrameworkSender}. */
export interface BotFrameworkSenderOptions {
  /** The process's one CloudAdapter (create it once and share it). */
  adapter: ProactiveAdapter;
  /** `MicrosoftAppId`; `''` in anonymous local mode. Never undefined. */
  botAppId: string;
  /** For tests; defaults to global fetch. */
  fetchImpl?: typeof fetch;
}

/** What botbuilder's credentials expose: sets the Authorization header on a request-like object. */
interface SigningCredentials {
  signRequest(resource: unknown): Promise<unknown>;
}

/** Node/undici error codes raised before a request can have left this machine. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'ERR_INVALID_URL',
]);

/**
 * Sends outbox messages with one HTTP request each; never throws for transport failures. Create
 * it once per process (it caches one connector client per service URL).
 */
export class BotFrameworkSender implements Sender {
  private readonly adapter: ProactiveAdapter;
  private readonly botAppId: string;
  private readonly fetchImpl: typeof fetch;
  private readonly credentials = new Map<string, SigningCredentials>();

  public constructor(options: BotFrameworkSenderOptions) {
    if (typeof options.botAppId !== 'string') {
      throw new TypeError("botAppId must be a string ('' in anonymous mode)");
    }
    this.adapter = options.adapter;
    this.botAppId = options.botAppId;
    this.fetchImpl = options.fetchImpl ?? fetch;
  }

  /** See {@link Sender.send}. */
  public async send(request: SendRequest): Promise<SendOutcome> {
    const { conversation, kind } = request;
    let authorization: string | undefined;
    try {
      authorization = await this.authorization(request);
    } catch (err) {
      return {
        ok: false,
        errorCode: 'AUTH',
        message: `could not get a Bot Framework token: ${errorMessage(err)}`,
        requestMayHaveReached: false,
      };
    }

    const base = conversation.serviceUrl.endsWith('/')
      ? conversation.serviceUrl
      : `${conversation.serviceUrl}/`;
    const conv = encodeURIComponent(conversation.conversationId);
    let url: string;
    let method: 'POST' | 'PUT';
    const body: Record<string, unknown> = {
      type: 'message',
      ...request.activity,
      channelId: conversation.channelId ?? 'msteams',
      serviceUrl: conversation.serviceUrl,
      conversation: {
        id: conversation.conversationId,
        ...(conversation.tenantId ? { tenantId: conversation.tenantId } : {}),
        ...(conversation.conversationType
          ? { conversationType: conversation.conversationType }
          : {}),
      },
    };
    if (conversation.bot) body.from = conversation.bot;
    if (conversation.user) body.recipient = conversation.user;
    if (kind === 'post') {
      url = `${base}v3/conversations/${conv}/activities`;
      method = 'POST';
    } else if (kind === 'reply') {
      const target = request.targetActivityId ?? '';
      url = `${base}v3/conversations/${conv}/activities/${encodeURIComponent(target)}`;
      method = 'POST';
      body.replyToId = target;
    } else {
      const target = request.targetActivityId ?? '';
      url = `${base}v3/conversations/${conv}/activities/${encodeURIComponent(target)}`;
      method = 'PUT';
      body.id = target;
    }

    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
    if (authorization) headers.authorization = authorization;

    let response: Response;
    try {
      response = await inDependency(
        'bot_connector',
        method,
        `activities (${kind})`,
        async (report) => {
          const answer = await this.fetchImpl(url, {
            method,
            headers,
            // The last step before Teams: no bidirectional override in any text of the activity.
            body: JSON.stringify(withoutBidiControls(body)),
            signal: request.signal,
          });
          report(answer.status);
          return answer;
        },
      );
    } catch (err) {
      const code = networkCode(err, request.signal);
      return {
        ok: false,
        errorCode: code,
        message: errorMessage(err),
        requestMayHaveReached: !NOT_SENT_CODES.has(code),
      };
    }

    let text = '';
    try {
      text = await response.text();
    } catch (err) {
      if (response.ok) {
        // The connector accepted it; only the id is unknown. Treat as sent, never resend.
        return { ok: true, status: response.status, activityId: request.targetActivityId };
      }
      text = errorMessage(err);
    }
    if (response.ok) {
      const id = parseId(text) ?? (kind === 'update' ? request.targetActivityId : undefined);
      return { ok: true, status: response.status, activityId: id };
    }
    const failure: SendOutcome = {
      ok: false,
      status: response.status,
      errorCode: parseErrorCode(text),
      message: response.statusText || `HTTP ${response.status}`,
      requestMayHaveReached: true,
    };
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), Date.now());
    if (retryAfterMs !== undefined) failure.retryAfterMs = retryAfterMs;
    return failure;
  }

  /**
   * Opens (or finds) the bot's personal conversation with a user who has the app installed:
   * `POST {serviceUrl}v3/conversations` with the user's Entra object id as the member (Teams
   * accepts it in the personal scope) and the tenant. One request, no hidden retries; Teams
   * answers with the same conversation id every time for the same user, so a retry is harmless.
   */
  public async openPersonal(target: {
    serviceUrl: string;
    tenantId: string;
    botId: string;
    userAadObjectId: string;
    signal?: AbortSignal;
  }): Promise<
    { ok: true; conversationId: string } | { ok: false; status?: number; message: string }
  > {
    const request: SendRequest = {
      kind: 'post',
      conversation: {
        serviceUrl: target.serviceUrl,
        conversationId: 'new-personal-conversation',
        tenantId: target.tenantId,
      },
      activity: {},
      signal: target.signal ?? new AbortController().signal,
    };
    let authorization: string | undefined;
    try {
      authorization = await this.authorization(request);
    } catch (err) {
      return { ok: false, message: `could not get a Bot Framework token: ${errorMessage(err)}` };
    }
    const base = target.serviceUrl.endsWith('/') ? target.serviceUrl : `${target.serviceUrl}/`;
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
    if (authorization) headers.authorization = authorization;
    try {
      const response = await inDependency(
        'bot_connector',
        'POST',
        'conversations (create)',
        async (report) => {
          const answer = await this.fetchImpl(`${base}v3/conversations`, {
            method: 'POST',
            headers,
            body: JSON.stringify({
              isGroup: false,
              bot: { id: target.botId || this.botAppId },
              members: [{ id: target.userAadObjectId }],
              tenantId: target.tenantId,
              channelData: { tenant: { id: target.tenantId } },
            }),
            signal: request.signal,
          });
          report(answer.status);
          return answer;
        },
      );
      const text = await response.text();
      const id = response.ok ? parseId(text) : undefined;
      if (id) return { ok: true, conversationId: id };
      return {
        ok: false,
        status: response.status,
        message: response.ok ? 'the connector gave no conversation id' : `HTTP ${response.status}`,
      };
    } catch (err) {
      return { ok: false, message: errorMessage(err) };
    }
  }

  /** The Authorization header for the conversation's service URL ('' when auth is off). */
  private async authorization(request: SendRequest): Promise<string | undefined> {
    const { serviceUrl } = request.conversation;
    let credentials = this.credentials.get(serviceUrl);
    if (!credentials) {
      credentials = await this.connectorCredentials(request);
      this.credentials.set(serviceUrl, credentials);
    }
    let value: string | undefined;
    await credentials.signRequest({
      headers: {
        set: (name: string, v: string) => {
          if (name.toLowerCase() === 'authorization') value = v;
        },
        get: () => undefined,
      },
    });
    return value;
  }

  /**
   * Runs a no-op proactive turn to obtain the connector client CloudAdapter builds for this
   * service URL (with the app's credentials), and keeps its credentials.
   */
  private async connectorCredentials(request: SendRequest): Promise<SigningCredentials> {
    const c = request.conversation;
    const reference: Partial<ConversationReference> = {
      serviceUrl: c.serviceUrl,
      channelId: c.channelId ?? 'msteams',
      conversation: {
        id: c.conversationId,
        isGroup: c.isGroup ?? false,
        conversationType: c.conversationType ?? 'personal',
        name: '',
        tenantId: c.tenantId,
      },
      bot: { id: c.bot?.id ?? this.botAppId, name: c.bot?.name ?? '' },
    };
    let found: SigningCredentials | undefined;
    await this.adapter.continueConversationAsync(
      this.botAppId,
      reference,
      (ctx: TurnContext): Promise<void> => {
        const client = ctx.turnState.get<{ credentials?: SigningCredentials } | undefined>(
          this.adapter.ConnectorClientKey,
        );
        if (client?.credentials && typeof client.credentials.signRequest === 'function') {
          found = client.credentials;
        }
        return Promise.resolve();
      },
    );
    if (!found) throw new Error('the adapter gave no connector credentials');
    return found;
  }
}

/** Creates the Bot Framework sender for the outbox. */
export function createBotFrameworkSender(options: BotFrameworkSenderOptions): BotFrameworkSender {
  return new BotFrameworkSender(options);
}

/** `Retry-After` as seconds or an HTTP date, in ms from `nowMs`; undefined when absent/invalid. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

function parseId(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { id?: unknown };
    return typeof body.id === 'string' && body.id ? body.id : undefined;
  } catch {
    return undefined;
  }
}

function parseErrorCode(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown } };
    const code = body.error?.code;
    return typeof code === 'string' ? code.slice(0, 100) : undefined;
  } catch {
    return undefined;
  }
}

function networkCode(err: unknown, signal: AbortSignal): string {
  if (signal.aborted) return 'ABORT_TIMEOUT';
  const cause = err instanceof Error ? (err.cause as { code?: unknown } | undefined) : undefined;
  const own = (err as { code?: unknown } | null)?.code;
  const code = typeof cause?.code === 'string' ? cause.code : own;
  return typeof code === 'string' ? code : 'NETWORK';
}

function errorMessage(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, 200);
}
