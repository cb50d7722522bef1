/**
 * Child process for the crash tests of test/integration/outbox-contract.test.ts: enqueues N
 * messages (idempotently, so a restarted child enqueues nothing new) into an outbox (SQLite, or
 * Azure Queue + Blob on the parent's Azurite) and drains them to the parent's
 * loopback connector through the real Bot Framework sender, with the real Graph delivery probe
 * reading the connector's Graph view. Even messages are Adaptive Cards, odd ones text; the last
 * conversation is a personal chat (user `user-<k>`), the others team channels. Prints `ENQUEUED`,
 * then `DONE <stats JSON>` when nothing is left. Exits when the parent's stdin pipe closes.
 *
 * Environment: SERVICE_URL, N, CONVERSATIONS, LEASE_MS, PROBE (`graph` | `off`), OUTBOX_BACKEND
 * (`sqlite` | `azure-queue`), and OUTBOX_FILE (SQLite) or OUTBOX_QUEUE, AZURE_BLOB_CONNECTION,
 * AZURE_QUEUE_CONNECTION (Azure; the queue and the container have the same name).
 */
import { createSandboxGraphClient } from '../../src/graph/client';
import {
  AzureQueueOutbox,
  GraphDeliveryProbe,
  type OutboxDrainOptions,
  type OutboxMessageInput,
  SqliteOutbox,
} from '../../src/outbox';
import { BlobStateStorage } from '../../src/storage/blob-storage';

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
  const drain: OutboxDrainOptions = {
    sender: anonymousSender(),
    probe,
    leaseMs,
    pollIntervalMs: 50,
    sendTimeoutMs: 2_000,
    abandonAfterMs: 10_000,
    ambiguousSettleMs: 200,
    backoff: { baseMs: 100, capMs: 1_000, maxRetryAfterMs: 2_000 },
    concurrency: 8,
  };
  const queueName = process.env.OUTBOX_QUEUE ?? '';
  const outbox =
    process.env.OUTBOX_BACKEND === 'azure-queue'
      ? new AzureQueueOutbox({
          ...drain,
          queueName,
          account: process.env.AZURE_QUEUE_CONNECTION ?? '',
          storage: new BlobStateStorage(process.env.AZURE_BLOB_CONNECTION ?? '', queueName),
          pollIntervalMs: 50,
          maxMessagesPerTurn: 5,
        })
      : new SqliteOutbox({ ...drain, file: process.env.OUTBOX_FILE ?? '' });
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
