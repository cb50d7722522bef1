import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';

import type { ConversationRef, OutboxMessageInput, OutboxStats } from '../../src/outbox';
import { BotFrameworkSender } from '../../src/outbox/bot-sender';
import type {
  FaultInjector,
  LoopbackConnector,
  ReceivedActivity,
} from '../support/loopback-connector';

/**
 * Test helpers for the outbox: the real Bot Framework sender in anonymous mode (as the Agents
 * Playground runs it), a recorder of every request the loopback connector sees (including those
 * answered with an injected fault), and counting helpers.
 */

/** The real sender over a CloudAdapter with auth off (no app id: no token is fetched). */
export function anonymousSender(): BotFrameworkSender {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  return new BotFrameworkSender({ adapter, botAppId: '' });
}

/** A Teams-like conversation reference on the loopback connector. */
export function conversationOn(
  connector: { serviceUrl: string },
  conversationId: string,
  tenantId = 'tenant-1',
): ConversationRef {
  return {
    serviceUrl: connector.serviceUrl,
    conversationId,
    tenantId,
    channelId: 'msteams',
    conversationType: 'channel',
    bot: { id: '28:bot', name: 'Enrollment Assistant' },
    teamId: 'team-1',
  };
}

/** A personal (1:1) conversation reference on the loopback connector. */
export function personalConversationOn(
  connector: { serviceUrl: string },
  conversationId: string,
  userAadObjectId: string,
  tenantId = 'tenant-1',
): ConversationRef {
  const { teamId: _teamId, ...ref } = conversationOn(connector, conversationId, tenantId);
  return {
    ...ref,
    conversationType: 'personal',
    user: { id: `29:${userAadObjectId}`, aadObjectId: userAadObjectId },
  };
}

/** An Adaptive Card message activity, as the helpdesk alerts are. */
export function cardActivity(text: string): Record<string, unknown> {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: {
          type: 'AdaptiveCard',
          version: '1.5',
          body: [{ type: 'TextBlock', text, wrap: true }],
        },
      },
    ],
  };
}

/** One request as the connector received it (fault or not). */
export interface SeenRequest {
  at: number;
  method: string;
  conversationId: string;
  attempt: number;
}

/**
 * Installs `fault` on the connector and records the arrival time of every request, so tests can
 * check rate limits as Teams would see them.
 */
export function recordRequests(
  connector: LoopbackConnector,
  fault: FaultInjector = () => undefined,
): SeenRequest[] {
  const seen: SeenRequest[] = [];
  connector.setFault((req) => {
    const match = /^\/v3\/conversations\/([^/]+)\/activities/.exec(req.url);
    seen.push({
      at: Date.now(),
      method: req.method,
      conversationId: decodeURIComponent(match?.[1] ?? ''),
      attempt: req.attempt,
    });
    return fault(req);
  });
  return seen;
}

/** How many times each outbox id arrived, for the given HTTP method(s). */
export function countByOutboxId(
  received: readonly ReceivedActivity[],
  methods: readonly string[] = ['POST'],
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of received) {
    if (!methods.includes(r.method)) continue;
    const channelData = r.activity.channelData as { outboxId?: unknown } | undefined;
    const id = typeof channelData?.outboxId === 'string' ? channelData.outboxId : '(none)';
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/** The most events inside any window of `windowMs` (a window is [t, t + windowMs)). */
export function maxInWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[end] ?? 0) - (sorted[start] ?? 0) >= windowMs) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

/** Request arrival times grouped by conversation. */
export function timesByConversation(seen: readonly SeenRequest[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const s of seen) {
    const list = out.get(s.conversationId) ?? [];
    list.push(s.at);
    out.set(s.conversationId, list);
  }
  return out;
}

/** A small seeded PRNG (mulberry32) so fault patterns are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` text posts to one conversation on the connector, with ids `<prefix>/m00`, `/m01`, … */
export function postsOn(
  connector: { serviceUrl: string },
  conversationId: string,
  n: number,
  prefix = conversationId,
): OutboxMessageInput[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${prefix}/m${String(i).padStart(2, '0')}`,
    kind: 'post' as const,
    conversation: conversationOn(connector, conversationId),
    activity: { type: 'message', text: `alert ${i}` },
  }));
}

/** The outbox id an activity was stamped with. */
export function outboxIdOf(activity: Record<string, unknown>): string {
  return (activity.channelData as { outboxId?: string } | undefined)?.outboxId ?? '(none)';
}

/** Every id arrived, none twice. */
export function expectExactlyOnce(connector: LoopbackConnector, ids: readonly string[]): void {
  const counts = countByOutboxId(connector.received);
  const missing = ids.filter((id) => !counts.has(id));
  const doubled = [...counts].filter(([, n]) => n > 1);
  expect({ missing, doubled }).toEqual({ missing: [], doubled: [] });
}

/** Each conversation's posts arrived in the order they were enqueued. */
export function expectInOrder(
  connector: LoopbackConnector,
  messages: readonly OutboxMessageInput[],
): void {
  const conversations = new Set(messages.map((m) => m.conversation.conversationId));
  for (const c of conversations) {
    const delivered = connector.received
      .filter((r) => r.conversationId === c && r.method === 'POST')
      .map((r) => outboxIdOf(r.activity));
    const expected = messages.filter((m) => m.conversation.conversationId === c).map((m) => m.id);
    expect({ c, delivered }).toEqual({ c, delivered: expected });
  }
}

/**
 * Teams' per-conversation limits (7 per second, 8 per 2 seconds), as the limiters granted them
 * (`grants`, by scope) and as the connector saw the requests (`seen`).
 */
export function expectWithinTeamsLimits(
  grants: ReadonlyMap<string, number[]>,
  seen: readonly SeenRequest[],
  conversations: readonly string[],
): void {
  for (const c of conversations) {
    const granted = grants.get(`conv:${c}`) ?? [];
    expect(granted.length).toBeGreaterThan(0);
    expect(maxInWindow(granted, 1_000)).toBeLessThanOrEqual(7);
    expect(maxInWindow(granted, 2_000)).toBeLessThanOrEqual(8);
  }
  for (const [c, times] of timesByConversation(seen)) {
    expect({ c, per1s: maxInWindow(times, 1_000) <= 7 }).toEqual({ c, per1s: true });
    expect({ c, per2s: maxInWindow(times, 2_000) <= 8 }).toEqual({ c, per2s: true });
  }
}

/** A counter summed over several workers' stats. */
export function sumStats(
  stats: readonly OutboxStats[],
  key: Exclude<keyof OutboxStats, 'byState'>,
): number {
  return stats.reduce((s, x) => s + x[key], 0);
}
