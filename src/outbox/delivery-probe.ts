/**
 * The Graph delivery probe: before the outbox re-sends a post whose earlier attempt may have
 * reached Teams (a crash or a lost answer between Teams accepting the POST and the outbox
 * recording it), it asks Microsoft Graph whether the message is already in the conversation.
 * That is what turns "nothing lost" into "nothing lost and nothing doubled" after a SIGKILL.
 *
 * How a message is recognised: the outbox stamps every card it sends with an invisible element
 * whose id is `outbox:<outbox id>` ({@link stampActivity}); Graph returns a card's JSON in
 * `chatMessage.attachments[].content`, so the stamp is found there. A text-only message is
 * recognised by its text (HTML stripped, whitespace collapsed), sent by an application, at or
 * after the time the message was queued.
 *
 * Where it looks (Graph v1.0, application permissions):
 * - team channel, top-level post: `GET /teams/{teamId}/channels/{channelId}/messages`
 *   (ChannelMessage.Read.All); the team id is the conversation reference's `teamId`
 *   (`channelData.team.aadGroupId`, or HELPDESK_TEAM_ID for a configured channel);
 * - channel thread reply: `…/messages/{parentId}/replies`;
 * - personal chat: the chat between the user and this app, `GET /users/{id}/teamwork/
 *   installedApps?$filter=teamsApp/externalId eq '{TEAMS_APP_ID}'` then `…/{installationId}/chat`
 *   (TeamsAppInstallation.ReadForUser.All), then `GET /chats/{chatId}/messages` ordered newest
 *   first (Chat.Read.All).
 *
 * It answers `found: false` only when it has seen every message of the conversation since the
 * message was queued (the listing ended, or went past that time in newest-first order); any
 * doubt (no team id, a 403 for a missing permission, throttling, a cut-off listing) is
 * `unknown`, and the outbox falls back to its `ambiguousPosts` policy. Reads are bounded by
 * `maxPages`.
 */
import type { Client } from '@microsoft/microsoft-graph-client';

import { GraphRequester, segment } from '../graph/graph-request';
import type { Logger } from '../logging';

import { outboxStampId } from './activity';
import { isRecord } from './policy';
import type { DeliveryProbe, OutboxMessage } from './types';

/** Options for {@link GraphDeliveryProbe}. */
export interface GraphDeliveryProbeOptions {
  client: Client;
  /** The Teams app id (manifest `id`), to find the app's personal chat with a user. */
  teamsAppId: string;
  logger?: Logger;
  /** Messages per page (Graph allows up to 50). Default 50. */
  pageSize?: number;
  /** Pages read per probe. Default 4. */
  maxPages?: number;
  /** Clock skew allowed between this host and Teams. Default 2 minutes. */
  skewMs?: number;
}

type ProbeResult = Awaited<ReturnType<DeliveryProbe['find']>>;

interface WireMessage {
  id?: unknown;
  createdDateTime?: unknown;
  from?: { application?: unknown; user?: unknown } | null;
  body?: { content?: unknown } | null;
  attachments?: unknown;
}

/** Collapses text to compare: whitespace runs become one space, ends trimmed. */
export function comparableText(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

/** The text of a Graph message body (HTML: tags dropped, entities decoded). */
export function graphBodyText(html: string): string {
  return comparableText(
    html
      .replace(/<br\s*\/?>/gi, ' ')
      .replace(/<\/p>\s*<p>/gi, ' ')
      .replace(/<[^>]*>/g, '')
      .replace(/&nbsp;/g, ' ')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&'),
  );
}

/** True when a card (object or JSON text) holds an element with this id. */
function cardHasElementId(content: unknown, id: string): boolean {
  let root = content;
  if (typeof content === 'string') {
    if (!content.includes(id.slice(0, 40))) return false;
    try {
      root = JSON.parse(content) as unknown;
    } catch {
      return false;
    }
  }
  const stack: unknown[] = [root];
  let visited = 0;
  while (stack.length > 0 && visited < 10_000) {
    const node = stack.pop();
    visited += 1;
    if (Array.isArray(node)) stack.push(...(node as unknown[]));
    else if (isRecord(node)) {
      if (node.id === id) return true;
      stack.push(...Object.values(node));
    }
  }
  return false;
}

/** True when the Graph message is the outbox message. */
export function isSameMessage(wire: WireMessage, message: OutboxMessage): boolean {
  const stamp = outboxStampId(message.id);
  const attachments = Array.isArray(wire.attachments) ? (wire.attachments as unknown[]) : [];
  if (attachments.some((a) => isRecord(a) && cardHasElementId(a.content, stamp))) return true;
  const text = message.activity.text;
  const hasCard = Array.isArray(message.activity.attachments)
    ? message.activity.attachments.length > 0
    : false;
  if (typeof text !== 'string' || hasCard || comparableText(text) === '') return false;
  const sentByApp =
    wire.from === undefined || wire.from === null || isRecord(wire.from.application);
  const body = typeof wire.body?.content === 'string' ? wire.body.content : '';
  return sentByApp && graphBodyText(body) === comparableText(text);
}

/** Finds uncertain posts in Teams through Microsoft Graph (see the module notes). */
export class GraphDeliveryProbe implements DeliveryProbe {
  private readonly graph: GraphRequester;
  private readonly teamsAppId: string;
  private readonly log: Logger | undefined;
  private readonly pageSize: number;
  private readonly maxPages: number;
  private readonly skewMs: number;
  /** The app's personal chat id per user object id. */
  private readonly chats = new Map<string, string>();
  private readonly warned = new Set<string>();

  public constructor(options: GraphDeliveryProbeOptions) {
    this.graph = new GraphRequester(options.client, options.logger);
    this.teamsAppId = options.teamsAppId;
    this.log = options.logger;
    this.pageSize = Math.min(50, Math.max(1, options.pageSize ?? 50));
    this.maxPages = Math.max(1, options.maxPages ?? 4);
    this.skewMs = options.skewMs ?? 120_000;
  }

  /** See {@link DeliveryProbe.find}. */
  public async find(message: OutboxMessage): Promise<ProbeResult> {
    if (message.kind === 'update') return { found: 'unknown' };
    try {
      const path = await this.messagesPath(message);
      if (!path) return { found: 'unknown' };
      return await this.scan(path, message);
    } catch (err) {
      const reason = err instanceof Error ? err.message.slice(0, 200) : 'unknown error';
      const key = `${message.conversation.conversationType ?? 'other'}:${reason}`;
      if (!this.warned.has(key)) {
        this.warned.add(key);
        this.log?.warn(
          { err, outboxId: message.id },
          'delivery probe: Graph lookup failed; the outbox falls back to its policy',
        );
      }
      return { found: 'unknown' };
    }
  }

  /** The Graph collection to search, or undefined when this conversation cannot be read. */
  private async messagesPath(
    message: OutboxMessage,
  ): Promise<{ path: string; orderBy: boolean } | undefined> {
    const conv = message.conversation;
    if (conv.conversationType === 'channel') {
      if (!conv.teamId) return undefined;
      const channel = conv.conversationId.split(';')[0] ?? conv.conversationId;
      const base = `/teams/${segment(conv.teamId)}/channels/${segment(channel)}/messages`;
      if (message.kind === 'reply') {
        const parent = message.targetActivityId;
        return parent ? { path: `${base}/${segment(parent)}/replies`, orderBy: false } : undefined;
      }
      return { path: base, orderBy: false };
    }
    if (conv.conversationType === 'personal' && conv.user?.aadObjectId) {
      const chatId = await this.personalChatId(conv.user.aadObjectId);
      return chatId ? { path: `/chats/${segment(chatId)}/messages`, orderBy: true } : undefined;
    }
    return undefined;
  }

  private async personalChatId(userId: string): Promise<string | undefined> {
    const cached = this.chats.get(userId);
    if (cached) return cached;
    const apps = await this.graph.sendJson({
      operation: 'probe.installedApps',
      method: 'GET',
      version: 'v1.0',
      path: `/users/${segment(userId)}/teamwork/installedApps`,
      query: {
        $expand: 'teamsApp',
        $filter: `teamsApp/externalId eq '${this.teamsAppId.replace(/'/g, "''")}'`,
      },
    });
    const installs =
      isRecord(apps.body) && Array.isArray(apps.body.value) ? (apps.body.value as unknown[]) : [];
    const installId = installs.map((i) => (isRecord(i) ? i.id : undefined)).find(isString);
    if (!installId) return undefined;
    const chat = await this.graph.sendJson({
      operation: 'probe.appChat',
      method: 'GET',
      version: 'v1.0',
      path: `/users/${segment(userId)}/teamwork/installedApps/${segment(installId)}/chat`,
    });
    const chatId = isRecord(chat.body) && isString(chat.body.id) ? chat.body.id : undefined;
    if (chatId) this.chats.set(userId, chatId);
    return chatId;
  }

  private async scan(
    target: { path: string; orderBy: boolean },
    message: OutboxMessage,
  ): Promise<ProbeResult> {
    const since = message.createdAt - this.skewMs;
    let previous = Number.POSITIVE_INFINITY;
    let newestFirst = true;
    let count = 0;
    const pages = this.graph.pages({
      operation: 'probe.messages',
      version: 'v1.0',
      path: target.path,
      query: {
        $top: this.pageSize,
        ...(target.orderBy ? { $orderby: 'createdDateTime desc' } : {}),
      },
    });
    for await (const page of pages) {
      count += 1;
      let passedSince = false;
      for (const item of page.items) {
        if (!isRecord(item)) continue;
        const wire = item as WireMessage;
        const created = isString(wire.createdDateTime) ? Date.parse(wire.createdDateTime) : NaN;
        if (!Number.isNaN(created)) {
          if (created > previous) newestFirst = false;
          previous = created;
          if (created < since) passedSince = true;
        }
        if (isString(wire.id) && isSameMessage(wire, message)) {
          return { found: true, activityId: wire.id };
        }
      }
      if (!page.more || (passedSince && newestFirst)) return { found: false };
      if (count >= this.maxPages) return { found: 'unknown' };
    }
    return { found: false };
  }
}

function isString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}
