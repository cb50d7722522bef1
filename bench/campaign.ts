/**
 * Campaign reach benchmark: how long the bot takes to reach N people (default 10,000) within
 * Teams' limits, end to end in one process:
 *
 * - the local Intune sandbox (real HTTP, the real Graph SDK client) with N synthetic users in a
 *   group: the audience is read page by page, the app is installed for each person through Graph;
 * - the real Bot Framework sender against the loopback connector: a personal conversation opened
 *   for each person (`POST /v3/conversations`) and the campaign card posted there;
 * - the real SQLite state storage (shards) and the real SQLite outbox with Teams' production
 *   limits (7/s per conversation, 50/s per app per tenant, shared by the opens and the posts).
 *
 * Reported: time to hand everyone to the outbox, time until the last card arrived, posts per
 * second, conversations opened, the most requests the connector saw in any 1-second window (Teams
 * allows 50), duplicates (cards that arrived twice, 0 expected), lost (people without a card, 0
 * expected), and the process's peak RSS. A second pass afterwards must add nothing.
 *
 *   npm run bench:campaign                 # 10,000 people (about 7 minutes: 20,000 calls at 50/s)
 *   npm run bench:campaign -- --people 1000
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { campaignOutboxHooks, createCampaignRunner } from '../src/app/campaigns';
import type { Campaign } from '../src/campaigns/model';
import { messageIds } from '../src/campaigns/model';
import { CampaignStore } from '../src/campaigns/store';
import { summarise } from '../src/campaigns/summary';
import { createSandboxGraphClient } from '../src/graph/client';
import { GraphDirectoryService } from '../src/graph/directory-service';
import { createLogger } from '../src/logging';
import { SqliteOutbox } from '../src/outbox';
import { startGraphSandbox } from '../src/sandbox/graph-sandbox';
import { SqliteStorage } from '../src/storage/sqlite-storage';
import { anonymousSender, countByOutboxId, maxInWindow } from '../test/helpers/outbox-harness';
import { startLoopbackConnector } from '../test/support/loopback-connector';

const ROOT = path.resolve(__dirname, '..');
const OUT_DIR = path.join(ROOT, 'test-output', 'bench');

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? Math.floor(v) : fallback;
}

function rssMb(): number {
  return Math.round(process.memoryUsage().rss / 1024 / 1024);
}

async function main(): Promise<number> {
  const people = arg('people', 10_000);
  const logger = createLogger('warn');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ue-campaign-bench-'));
  const connector = await startLoopbackConnector();
  const sandbox = await startGraphSandbox({ logger: createLogger('silent') });
  const storage = new SqliteStorage(path.join(dir, 'state.sqlite'));
  const store = new CampaignStore(storage);
  const outbox = new SqliteOutbox({
    file: path.join(dir, 'outbox.sqlite'),
    sender: anonymousSender(),
    logger,
    // As in the app: a delivered invitation marks the person reached.
    ...campaignOutboxHooks(store, logger),
  });
  let peakRss = rssMb();
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, rssMb());
  }, 200);
  // Every connector request, with its arrival time (opens, posts and updates all count).
  const arrivals: number[] = [];
  connector.setFault(() => {
    arrivals.push(Date.now());
    return undefined;
  });
  try {
    const groupId = 'b0b0b0b0-0000-4000-8000-000000000001';
    sandbox.state.groups.set(groupId, {
      id: groupId,
      displayName: 'Benchmark audience',
      groupTypes: [],
      securityEnabled: true,
      mailEnabled: false,
      members: [],
    } as never);
    const users = sandbox.state.addSyntheticUsers(groupId, people, 'bench');
    const client = createSandboxGraphClient(sandbox.baseUrl);
    const campaign: Campaign = {
      id: 'cmp-benchmark0',
      name: 'Benchmark',
      status: 'active',
      createdAt: Date.now(),
      createdBy: { aadObjectId: 'bench', name: 'Benchmark' },
      groups: [{ id: groupId, name: 'Benchmark audience' }],
      method: 'accountDrivenUserEnrollment',
      message: 'Please enroll your iPhone or iPad.',
      deadline: new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10),
      reminderDays: [3, 7],
      timeZone: 'UTC',
      serviceUrl: connector.serviceUrl,
      tenantId: 'bench-tenant',
      botId: '28:bench-bot',
      history: [],
      audienceGeneration: 0,
      rev: 0,
    };
    await store.create(campaign);
    // The app's own wiring (src/app/campaigns.ts), over the sandbox and the loopback connector.
    const runner = createCampaignRunner({
      store,
      logger,
      graph: { client, directory: new GraphDirectoryService({ client }) },
      sender: anonymousSender(),
      outbox,
      known: () => Promise.resolve(undefined),
      teamsAppId: '5f0c7a52-3a4e-4b8e-9f6b-2d7c1e9a4b10',
      intervals: { tickMs: 60_000, audienceMs: 0, measureMs: 0, dashboardMs: 0 },
      banner: { sandbox: true, sandboxNotice: 'Local Intune sandbox' },
      instanceId: 'bench',
    });
    process.stdout.write(
      `Campaign reach benchmark — node ${process.version}, ${os.cpus().length} CPUs: ${people.toLocaleString('en-GB')} people, Teams limits 7/s per conversation and 50/s per tenant (opens and posts share it)\n`,
    );
    outbox.start();
    const t0 = Date.now();
    await runner.pass(campaign.id);
    const handedOver = Date.now() - t0;
    await outbox.whenIdle(30 * 60_000);
    const done = Date.now() - t0;
    // A second pass (as a restart or another instance would run) must add nothing.
    await runner.pass(campaign.id);
    await outbox.whenIdle(60_000);
    const counts = countByOutboxId(connector.received, ['POST']);
    const invites = users.map((u) => counts.get(messageIds.invite(campaign.id, u)) ?? 0);
    const duplicates = invites.reduce((a, n) => a + Math.max(0, n - 1), 0);
    const lost = invites.filter((n) => n === 0).length;
    const posts = connector.received.filter((r) => r.method === 'POST');
    const first = posts[0]?.at ?? t0;
    const last = posts[posts.length - 1]?.at ?? t0;
    const postsPerSecond = posts.length / Math.max(0.001, (last - first) / 1000);
    const busiestSecond = maxInWindow(arrivals, 1000);
    const summary = await summarise(store, campaign, Date.now());
    const result = {
      people,
      handOverMs: handedOver,
      reachAllMs: done,
      posts: posts.length,
      postsPerSecond: Math.round(postsPerSecond * 10) / 10,
      conversationsOpened: connector.openedCount,
      busiestSecondRequests: busiestSecond,
      duplicates,
      lost,
      reached: summary.reached,
      peakRssMb: peakRss,
    };
    process.stdout.write(
      [
        `handed to the outbox in ${(handedOver / 1000).toFixed(1)} s; last card arrived after ${(done / 1000).toFixed(1)} s`,
        `${posts.length} cards posted, ${result.postsPerSecond} posts/s; ${connector.openedCount} conversations opened`,
        `busiest second at the connector: ${busiestSecond} requests (Teams allows 50 per app per tenant)`,
        `duplicates ${duplicates}, lost ${lost}; reached (delivered) ${summary.reached} of ${summary.targeted}`,
        `peak RSS ${peakRss} MB (this process: sandbox with ${people} users, connector keeping every card, bot)`,
      ].join('\n') + '\n',
    );
    fs.mkdirSync(OUT_DIR, { recursive: true });
    fs.writeFileSync(path.join(OUT_DIR, 'campaign.json'), `${JSON.stringify(result, null, 2)}\n`);
    const ok = duplicates === 0 && lost === 0 && busiestSecond <= 50;
    process.stdout.write(`verdict: ${ok ? 'PASS' : 'FAIL'}\n`);
    return ok ? 0 : 1;
  } finally {
    clearInterval(sampler);
    await outbox.close();
    await storage.close();
    await sandbox.close();
    await connector.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
