/**
 * Child process for test/integration/outbox-crash.test.ts: enqueues N messages (idempotently, so
 * a restarted child enqueues nothing new) into a SQLite outbox and drains them to the parent's
 * loopback connector through the real Bot Framework sender. Prints `ENQUEUED`, then
 * `DONE <stats JSON>` when nothing is left. Exits by itself when the parent's stdin pipe closes.
 *
 * Environment: OUTBOX_FILE, SERVICE_URL, N, CONVERSATIONS, LEASE_MS.
 */
import { SqliteOutbox, type OutboxMessageInput } from '../../src/helpdesk/outbox';

import { anonymousSender, conversationOn } from './outbox-harness';

async function main(): Promise<void> {
  process.stdin.on('end', () => process.exit(3));
  process.stdin.resume();

  const file = process.env.OUTBOX_FILE ?? '';
  const serviceUrl = process.env.SERVICE_URL ?? '';
  const n = Number(process.env.N ?? '200');
  const conversations = Number(process.env.CONVERSATIONS ?? '8');
  const leaseMs = Number(process.env.LEASE_MS ?? '1500');

  const messages: OutboxMessageInput[] = Array.from({ length: n }, (_, i) => ({
    id: `crash/m${String(i).padStart(4, '0')}`,
    kind: 'post',
    conversation: conversationOn({ serviceUrl }, `conv-${i % conversations}`),
    activity: { type: 'message', text: `alert ${i}` },
  }));

  const outbox = new SqliteOutbox({
    file,
    sender: anonymousSender(),
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
