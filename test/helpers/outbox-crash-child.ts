/**
 * Child process for test/integration/outbox-crash.test.ts: enqueues N messages (idempotently, so
 * a restarted child enqueues nothing new) into a SQLite outbox and drains them to the parent's
 * loopback connector through the real Bot Framework sender, with the real Graph delivery probe
 * reading the connector's Graph view. Even messages are Adaptive Cards, odd ones text; the last
 * conversation is a personal chat (user `user-<k>`), the others team channels. Prints `ENQUEUED`,
 * then `DONE <stats JSON>` when nothing is left. Exits when the parent's stdin pipe closes.
 *
 * Environment: OUTBOX_FILE, SERVICE_URL, N, CONVERSATIONS, LEASE_MS, PROBE (`graph` | `off`).
 */
import { createSandboxGraphClient } from '../../src/graph/client';
import { SqliteOutbox, type OutboxMessageInput } from '../../src/outbox';
import { GraphDeliveryProbe } from '../../src/outbox/delivery-probe';

import {
  anonymousSender,
  cardActivity,
  conversationOn,
  personalConversationOn,
} from './outbox-harness';

function crashMessageId(i: number): string {
  return `crash/m${String(i).padStart(4, '0')}`;
}

async function main(): Promise<void> {
  process.stdin.on('end', () => process.exit(3));
  process.stdin.resume();

  const file = process.env.OUTBOX_FILE ?? '';
  const serviceUrl = process.env.SERVICE_URL ?? '';
  const n = Number(process.env.N ?? '200');
  const conversations = Number(process.env.CONVERSATIONS ?? '8');
  const leaseMs = Number(process.env.LEASE_MS ?? '1500');

  const messages: OutboxMessageInput[] = Array.from({ length: n }, (_, i) => {
    const k = i % conversations;
    return {
      id: crashMessageId(i),
      kind: 'post',
      conversation:
        k === conversations - 1
          ? personalConversationOn({ serviceUrl }, `conv-${k}`, `user-${k}`)
          : conversationOn({ serviceUrl }, `conv-${k}`),
      activity: i % 2 === 0 ? cardActivity(`alert ${i}`) : { type: 'message', text: `alert ${i}` },
    };
  });

  const probe =
    process.env.PROBE === 'graph'
      ? new GraphDeliveryProbe({
          client: createSandboxGraphClient(serviceUrl),
          teamsAppId: 'test-app',
        })
      : undefined;
  const outbox = new SqliteOutbox({
    file,
    sender: anonymousSender(),
    probe,
    leaseMs,
    pollIntervalMs: 50,
    sendTimeoutMs: 2_000,
    abandonAfterMs: 10_000,
    ambiguousSettleMs: 200,
    backoff: { baseMs: 100, capMs: 1_000, maxRetryAfterMs: 2_000 },
    concurrency: 8,
  });
  await outbox.enqueueMany(messages);
  process.stdout.write('ENQUEUED\n');
  outbox.start();
  await outbox.whenIdle(60_000);
  const stats = await outbox.stats();
  process.stdout.write(`DONE ${JSON.stringify(stats)}\n`);
  await outbox.close();
  process.exit(0);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
