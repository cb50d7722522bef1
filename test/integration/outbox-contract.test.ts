import type {
  DeliveryProbe,
  OutboxMessage,
  OutboxMessageInput,
  OutboxStats,
} from '../../src/outbox';
import {
  azureQueueBackend,
  type OutboxBackend,
  sqliteBackend,
  type TestOutbox,
  type World,
} from '../helpers/outbox-backends';
import { killOutboxChildren, runOutboxChild, waitUntil } from '../helpers/outbox-child';
import {
  conversationOn,
  countByOutboxId,
  expectExactlyOnce as expectAllOnce,
  expectInOrder as expectOrder,
  expectWithinTeamsLimits as expectLimits,
  maxInWindow,
  outboxIdOf,
  postsOn,
  recordRequests,
  sumStats,
} from '../helpers/outbox-harness';
import { type LoopbackConnector, startLoopbackConnector } from '../support/loopback-connector';

/**
 * The outbox contract, run against every store: the same engine over SQLite and over Azure Queue
 * + Blob (Azurite on loopback) must deliver alike. The real Bot Framework sender talks to the
 * loopback connector, which injects faults; delivery is counted on the connector side by the
 * `channelData.outboxId` every activity carries. The crash tests SIGKILL a real child process.
 */

let connector: LoopbackConnector;

beforeAll(async () => {
  connector = await startLoopbackConnector();
});

afterAll(async () => {
  await connector.close();
});

function posts(conversationId: string, n: number): OutboxMessageInput[] {
  return postsOn(connector, conversationId, n);
}

const expectExactlyOnce = (ids: readonly string[]): void => expectAllOnce(connector, ids);
const expectInOrder = (messages: readonly OutboxMessageInput[]): void =>
  expectOrder(connector, messages);
const expectWithinTeamsLimits = (
  world: World,
  seen: ReturnType<typeof recordRequests>,
  conversations: readonly string[],
): void => expectLimits(world.grants, seen, conversations);
const sum = sumStats;

/** The states of `ids` as any worker would read them now. */
async function statesOf(
  outbox: TestOutbox,
  ids: readonly string[],
): Promise<Record<string, number>> {
  const states: Record<string, number> = {};
  for (const id of ids) {
    const state = (await outbox.get(id))?.state ?? 'missing';
    states[state] = (states[state] ?? 0) + 1;
  }
  return states;
}

const backends: OutboxBackend[] = [sqliteBackend(), azureQueueBackend()];

describe.each(backends.map((b) => [b.name, b] as const))(
  'outbox contract on %s',
  (_name, backend) => {
    beforeAll(() => backend.setUp(), 30_000);

    afterEach(async () => {
      killOutboxChildren();
      await backend.closeAll();
      connector.setFault(undefined);
      connector.clear();
    });

    afterAll(() => backend.tearDown());

    /** Sent messages as the store counts them: everyone's, or the sum of the instances'. */
    function sentCount(stats: readonly OutboxStats[]): number {
      return backend.countsSettledAcrossWorkers
        ? (stats[0]?.byState.sent ?? 0)
        : stats.reduce((s, x) => s + x.byState.sent, 0);
    }

    describe('delivery', () => {
      it('delivers every message once, in order, through 429s, 500s, 503s and slow answers', async () => {
        const world = backend.newWorld();
        let n = 0;
        const seen = recordRequests(connector, () => {
          n += 1;
          if (n % 11 === 2) return { status: 429, headers: { 'Retry-After': '1' } };
          if (n % 11 === 4) return { status: 429 };
          if (n % 11 === 6) return { status: 500 };
          if (n % 11 === 8) return { status: 503 };
          if (n % 17 === 5) return { delayMs: 900 };
          return undefined;
        });
        // Two workers on one store, as two processes or hosts would be.
        const a = backend.instance(world);
        const b = backend.instance(world);
        const messages = [...posts('conv-a', 15), ...posts('conv-b', 15), ...posts('conv-c', 15)];
        expect(await a.enqueueMany(messages)).toBe(45);
        a.start();
        b.start();
        await a.whenIdle(30_000);
        await b.whenIdle(5_000);

        expectExactlyOnce(messages.map((m) => m.id));
        expectInOrder(messages);
        expectWithinTeamsLimits(world, seen, ['conv-a', 'conv-b', 'conv-c']);
        const stats = await Promise.all([a.stats(), b.stats()]);
        expect(sentCount(stats)).toBe(45);
        expect(stats[0]?.byState).toMatchObject({ dead: 0, pending: 0 });
        expect(sum(stats, 'deadLettered')).toBe(0);
        expect(sum(stats, 'throttled')).toBeGreaterThanOrEqual(2);
        expect(sum(stats, 'retries')).toBeGreaterThanOrEqual(4);
        expect(sum(stats, 'slowSends')).toBeGreaterThanOrEqual(1);
        // A 500 leaves the outbox unsure whether Teams posted it: the resend is counted as a
        // possible duplicate (the loopback connector did not post, so there is none on screen).
        expect(sum(stats, 'ambiguous')).toBeGreaterThanOrEqual(1);
        expect(sum(stats, 'possibleDuplicates')).toBe(sum(stats, 'ambiguous'));
        expect(await a.get('conv-a/m00')).toMatchObject({ state: 'sent' });
        expect((await b.get('conv-a/m14'))?.activityId).toMatch(/^reply-/);
        const retried = await Promise.all(messages.map((m) => a.get(m.id)));
        expect(retried.filter((m) => (m?.attempts ?? 0) > 1).length).toBeGreaterThanOrEqual(4);
      }, 60_000);

      it('keeps one conversation to 7 per second and 8 per 2 seconds', async () => {
        const world = backend.newWorld();
        const seen = recordRequests(connector);
        const outbox = backend.instance(world);
        const messages = posts('conv-rate', 20);
        await outbox.enqueueMany(messages);
        const started = Date.now();
        outbox.start();
        await outbox.whenIdle(20_000);
        const elapsed = Date.now() - started;

        expectExactlyOnce(messages.map((m) => m.id));
        expectWithinTeamsLimits(world, seen, ['conv-rate']);
        const times = seen.map((s) => s.at);
        expect(times).toHaveLength(20);
        // 8 at once, then 4 per second: 20 messages cannot take less than 3 s.
        expect(elapsed).toBeGreaterThanOrEqual(3_000);
      });

      it('keeps the app-wide limit across conversations', async () => {
        const world = backend.newWorld();
        const seen = recordRequests(connector);
        const outbox = backend.instance(world, {
          tenantLimits: [{ windowMs: 1_000, max: 10 }],
          concurrency: 8,
        });
        const messages = Array.from({ length: 6 }, (_, c) => posts(`conv-g${c}`, 5)).flat();
        await outbox.enqueueMany(messages);
        outbox.start();
        await outbox.whenIdle(20_000);

        expectExactlyOnce(messages.map((m) => m.id));
        const times = seen.map((s) => s.at);
        expect(maxInWindow(times, 1_000)).toBeLessThanOrEqual(10);
      });

      it('enqueues idempotently by id, also when two workers race for one id', async () => {
        const world = backend.newWorld();
        recordRequests(connector);
        const a = backend.instance(world);
        const b = backend.instance(world);
        const [x, y, z] = posts('conv-idem', 3) as [
          OutboxMessageInput,
          OutboxMessageInput,
          OutboxMessageInput,
        ];
        expect(await a.enqueue(x)).toEqual({ id: x.id, created: true });
        expect(await b.enqueue(x)).toEqual({ id: x.id, created: false });
        expect(await a.enqueueMany([x, y, y])).toBe(1);
        const raced = await Promise.all([a.enqueue(z), b.enqueue(z)]);
        expect(raced.filter((r) => r.created)).toHaveLength(1);
        expect((await a.get(z.id))?.state).toBe('pending');
        expect((await a.stats()).byState.pending).toBe(3);
        a.start();
        b.start();
        await a.whenIdle(10_000);
        await b.whenIdle(5_000);
        expectExactlyOnce([x.id, y.id, z.id]);
        expectInOrder([x, y, z]);
        // Sent ids stay known: enqueueing them again sends nothing.
        expect(await b.enqueueMany([x, y, z])).toBe(0);
        await b.whenIdle(5_000);
        expect(connector.received).toHaveLength(3);
      });

      it('reports its backlog: undelivered messages and how long the oldest has waited', async () => {
        const world = backend.newWorld();
        const a = backend.instance(world);
        expect(await a.backlog()).toEqual({ depth: 0, oldestAgeSeconds: 0 });
        const messages = [...posts('conv-backlog-1', 2), ...posts('conv-backlog-2', 1)];
        expect(await a.enqueueMany(messages)).toBe(3);
        await new Promise((resolve) => setTimeout(resolve, 400));
        const waiting = await a.backlog();
        expect(waiting.depth).toBe(3);
        expect(waiting.oldestAgeSeconds).toBeGreaterThanOrEqual(0.3);
        expect(waiting.oldestAgeSeconds).toBeLessThan(30);
        a.start();
        await a.whenIdle(15_000);
        // The gauge reads the store afresh (on Azure, the lanes blob by blob). Once, on a loaded
        // machine, it read a depth of 1 right after the outbox went idle on Azurite (cause not
        // found), so it is read again, a bounded number of times: it must reach 0 within 5 s.
        let after = await a.backlog();
        for (let i = 0; i < 20 && after.depth > 0; i++) {
          await new Promise((resolve) => setTimeout(resolve, 250));
          after = await a.backlog();
        }
        expect(after).toEqual({ depth: 0, oldestAgeSeconds: 0 });
      });

      it('rejects a message no store can send, before storing anything', async () => {
        const outbox = backend.instance(backend.newWorld());
        const [good] = posts('conv-bad', 1) as [OutboxMessageInput];
        await expect(outbox.enqueue({ ...good, id: '' })).rejects.toThrow(TypeError);
        await expect(outbox.enqueue({ ...good, kind: 'update', id: 'conv-bad/u' })).rejects.toThrow(
          /needs targetActivityId or targetOutboxId/,
        );
        await expect(outbox.enqueueMany([good, { ...good, id: 'x'.repeat(301) }])).rejects.toThrow(
          /1–300 characters/,
        );
        expect(await outbox.get(good.id)).toBeUndefined();
      });
    });

    describe('dead letters and superseding', () => {
      it('dead-letters 403 and 400 with the reason, never silently, carries on, and requeues', async () => {
        const world = backend.newWorld();
        recordRequests(connector, ({ url }) => {
          if (url.includes('conv-403')) return { status: 403 };
          if (url.includes('conv-400')) return { status: 400 };
          return undefined;
        });
        const dead: OutboxMessage[] = [];
        const outbox = backend.instance(world, { onDeadLetter: (m) => void dead.push(m) });
        const ok = posts('conv-ok', 3);
        await outbox.enqueueMany([...posts('conv-403', 2), ...posts('conv-400', 1), ...ok]);
        outbox.start();
        await outbox.whenIdle(10_000);

        expectExactlyOnce(ok.map((m) => m.id));
        // Any worker on the store lists them.
        const listed = await backend.instance(world).listDead();
        expect(listed.map((m) => m.id).sort()).toEqual(
          ['conv-400/m00', 'conv-403/m00', 'conv-403/m01'].sort(),
        );
        const byId = new Map(listed.map((m) => [m.id, m]));
        expect(byId.get('conv-403/m00')).toMatchObject({
          state: 'dead',
          lastStatus: 403,
          attempts: 1,
        });
        expect(byId.get('conv-403/m00')?.lastError).toMatch(/not retryable: HTTP 403 Injected/);
        expect(byId.get('conv-400/m00')?.lastError).toMatch(/not retryable: HTTP 400/);
        expect(dead).toHaveLength(3);
        const stats = await outbox.stats();
        expect(stats.deadLettered).toBe(3);
        expect(stats.byState.dead).toBe(3);

        // A person fixes the cause and sends it again, once.
        connector.setFault(undefined);
        expect(await outbox.requeue('conv-400/m00')).toBe(true);
        expect(await outbox.requeue('conv-400/m00')).toBe(false);
        await outbox.whenIdle(10_000);
        expect(countByOutboxId(connector.received).get('conv-400/m00')).toBe(1);
        expect(await outbox.get('conv-400/m00')).toMatchObject({ state: 'sent', attempts: 1 });
        expect((await outbox.listDead()).map((m) => m.id).sort()).toEqual(
          ['conv-403/m00', 'conv-403/m01'].sort(),
        );
      });

      it('updates a card whose post is still queued, sending only the newest version', async () => {
        const world = backend.newWorld();
        recordRequests(connector);
        const outbox = backend.instance(world);
        const conversation = conversationOn(connector, 'conv-card');
        const post: OutboxMessageInput = {
          id: 'incident-alert/INC-1',
          kind: 'post',
          conversation,
          activity: { type: 'message', text: 'v1' },
        };
        const updates: OutboxMessageInput[] = [2, 3, 4, 5, 6].map((v) => ({
          id: `incident-alert/INC-1/v${v}`,
          kind: 'update',
          conversation,
          activity: { type: 'message', text: `v${v}` },
          targetOutboxId: post.id,
        }));
        const reply: OutboxMessageInput = {
          id: 'incident-alert/INC-1/reply',
          kind: 'reply',
          conversation,
          activity: { type: 'message', text: 'resolved' },
          targetOutboxId: post.id,
        };
        await outbox.enqueueMany([post, ...updates, reply]);
        outbox.start();
        await outbox.whenIdle(10_000);

        const posted = await outbox.get(post.id);
        expect(posted?.activityId).toMatch(/^reply-/);
        const puts = connector.received.filter((r) => r.method === 'PUT');
        expect(puts).toHaveLength(1);
        expect(puts[0]).toMatchObject({ replyToId: posted?.activityId, activity: { text: 'v6' } });
        const replies = connector.received.filter((r) => r.method === 'POST' && r.replyToId);
        expect(replies).toHaveLength(1);
        expect(replies[0]?.replyToId).toBe(posted?.activityId);
        const stats = await outbox.stats();
        expect(stats).toMatchObject({ sent: 3, superseded: 4 });
        expect(stats.byState).toMatchObject({ sent: 3, superseded: 4 });
        expect((await outbox.get('incident-alert/INC-1/v3'))?.state).toBe('superseded');
      });

      it('dead-letters an update whose post was dead-lettered, with the reason', async () => {
        const world = backend.newWorld();
        recordRequests(connector, ({ method }) =>
          method === 'POST' ? { status: 403 } : undefined,
        );
        const outbox = backend.instance(world);
        const conversation = conversationOn(connector, 'conv-orphan');
        await outbox.enqueueMany([
          { id: 'orphan/post', kind: 'post', conversation, activity: { text: 'v1' } },
          {
            id: 'orphan/v2',
            kind: 'update',
            conversation,
            activity: { text: 'v2' },
            targetOutboxId: 'orphan/post',
          },
        ]);
        outbox.start();
        await outbox.whenIdle(10_000);
        expect(await outbox.get('orphan/v2')).toMatchObject({
          state: 'dead',
          lastError: 'target orphan/post is dead',
        });
        expect(connector.received.filter((r) => r.method === 'PUT')).toHaveLength(0);
      });
    });

    describe('stop and restart', () => {
      it('hands the work over on stop; the next worker finishes once, within the limits', async () => {
        const world = backend.newWorld();
        const seen = recordRequests(connector);
        const first = backend.instance(world);
        const messages = [...posts('conv-hand', 20), ...posts('conv-other', 6)];
        await first.enqueueMany(messages);
        first.start();
        await connector.waitFor(9, 10_000);
        await first.close();
        const sentByFirst = connector.count;
        expect(sentByFirst).toBeLessThan(26);

        // Another worker: the same messages again are no-ops; it finishes the job.
        const second = backend.instance(world);
        expect(await second.enqueueMany(messages)).toBe(0);
        second.start();
        await second.whenIdle(20_000);

        expectExactlyOnce(messages.map((m) => m.id));
        expectInOrder(messages);
        expect((await second.stats()).sent).toBe(26 - sentByFirst);
        // The second worker saw the first one's sends in the shared log: no burst at the hand-over.
        expectWithinTeamsLimits(world, seen, ['conv-hand', 'conv-other']);
      }, 40_000);
    });

    describe('answers slower than the hard timeout (ambiguous posts)', () => {
      const slowFirstPost = (): void =>
        void recordRequests(connector, ({ method, url, attempt }) =>
          method === 'POST' && url.includes('conv-slow') && attempt === 1
            ? { delayMs: 600 }
            : undefined,
        );
      const options = { sendTimeoutMs: 100, abandonAfterMs: 300, ambiguousSettleMs: 800 };

      it('resends by default: nothing is lost and every duplicate is counted', async () => {
        slowFirstPost();
        const outbox = backend.instance(backend.newWorld(), options);
        const messages = posts('conv-slow', 3);
        await outbox.enqueueMany(messages);
        outbox.start();
        await outbox.whenIdle(15_000);
        await new Promise((r) => setTimeout(r, 700));

        const counts = countByOutboxId(connector.received);
        for (const m of messages) expect(counts.get(m.id)).toBeGreaterThanOrEqual(1);
        const duplicates = [...counts.values()].reduce((s, n) => s + n - 1, 0);
        const stats = await outbox.stats();
        expect(stats.ambiguous).toBe(1);
        expect(duplicates).toBe(1);
        expect(duplicates).toBeLessThanOrEqual(stats.possibleDuplicates);
      });

      it('with a delivery probe, settles the ambiguous post without resending it', async () => {
        slowFirstPost();
        const probe: DeliveryProbe = {
          find: (message) => {
            const hit = connector.received.find((r) => outboxIdOf(r.activity) === message.id);
            return Promise.resolve(hit ? { found: true, activityId: hit.id } : { found: false });
          },
        };
        const outbox = backend.instance(backend.newWorld(), { ...options, probe });
        const messages = posts('conv-slow', 3);
        await outbox.enqueueMany(messages);
        outbox.start();
        await outbox.whenIdle(15_000);

        expectExactlyOnce(messages.map((m) => m.id));
        const stats = await outbox.stats();
        expect(stats).toMatchObject({ probeResolved: 1, possibleDuplicates: 0 });
        expect((await outbox.get('conv-slow/m00'))?.activityId).toMatch(/^reply-/);
      });

      it("with ambiguousPosts 'deadLetter', parks the post for a person instead", async () => {
        slowFirstPost();
        const outbox = backend.instance(backend.newWorld(), {
          ...options,
          ambiguousPosts: 'deadLetter',
        });
        const messages = posts('conv-slow', 2);
        await outbox.enqueueMany(messages);
        outbox.start();
        await outbox.whenIdle(15_000);
        await new Promise((r) => setTimeout(r, 700));

        expectExactlyOnce(messages.map((m) => m.id));
        const [dead] = await outbox.listDead();
        expect(dead).toMatchObject({ id: 'conv-slow/m00', uncertain: true });
        expect(dead?.lastError).toMatch(/ambiguous/);
      });
    });

    /**
     * Kill -9 a process in the middle of draining, start another on the same store, and count on
     * the connector side: nothing may be lost and nothing doubled. The post that was `sending` at
     * the kill (request in flight, outcome not recorded) is settled by the Graph delivery probe,
     * which finds it in the connector's Graph view instead of posting it again.
     */
    describe('crash recovery (a real process, killed)', () => {
      const N = 200;
      const CONVERSATIONS = 8;
      const ids = Array.from({ length: N }, (_, i) => `crash/m${String(i).padStart(4, '0')}`);

      function envFor(world: World, probe: 'graph' | 'off'): Record<string, string> {
        connector.registerPersonalChat(`user-${CONVERSATIONS - 1}`, `conv-${CONVERSATIONS - 1}`);
        return {
          ...backend.childEnv(world),
          SERVICE_URL: connector.serviceUrl,
          N: String(N),
          CONVERSATIONS: String(CONVERSATIONS),
          LEASE_MS: '1500',
          PROBE: probe,
        };
      }

      interface Outcome {
        lost: string[];
        duplicates: number;
        states: Record<string, number>;
        stats: OutboxStats;
      }

      /** Restarts a worker on the same store, waits for it to drain, counts what Teams got. */
      async function restartAndCount(world: World, env: Record<string, string>): Promise<Outcome> {
        const second = runOutboxChild(env);
        const done = await second.waitForLine('DONE', 50_000);
        expect(await second.exited).toBe(0);
        await new Promise((r) => setTimeout(r, 200));
        const counts = countByOutboxId(connector.received);
        return {
          lost: ids.filter((id) => !counts.has(id)),
          duplicates: [...counts.values()].reduce((s, n) => s + n - 1, 0),
          states: await statesOf(backend.instance(world), ids),
          stats: JSON.parse(done.slice('DONE '.length)) as OutboxStats,
        };
      }

      function report(line: string): void {
        if (process.env.HELPDESK_TEST_REPORT) {
          process.stdout.write(`outbox-crash (${backend.name}): ${line}\n`);
        }
      }

      it('delivers everything exactly once when the draining process is killed at a random moment', async () => {
        // Every request takes ~15 ms inside "Teams", so a kill can land while one is in flight.
        recordRequests(connector, () => ({ delayMs: 15 }));
        const world = backend.newWorld();
        const env = envFor(world, 'graph');
        const first = runOutboxChild(env);
        await first.waitForLine('ENQUEUED', 20_000);
        await connector.waitFor(Math.round(N * 0.3), 30_000);
        // Kill at an arbitrary moment, not right after a recorded delivery.
        await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 60)));
        first.proc.kill('SIGKILL');
        expect(await first.exited).toBeNull();
        const deliveredAtKill = connector.count;
        const statesAtKill = await statesOf(backend.instance(world), ids);

        const outcome = await restartAndCount(world, env);
        report(
          `random kill: delivered at kill ${deliveredAtKill}/${N}, states ${JSON.stringify(statesAtKill)}, ` +
            `duplicates ${outcome.duplicates}, lost ${outcome.lost.length}, probeResolved ${outcome.stats.probeResolved}`,
        );
        expect(deliveredAtKill).toBeLessThan(N);
        expect(statesAtKill.sending ?? 0).toBeLessThanOrEqual(1);
        expect(outcome.lost).toEqual([]);
        expect(outcome.duplicates).toBe(0);
        expect(outcome.states).toEqual({ sent: N });
        if (backend.countsSettledAcrossWorkers) expect(outcome.stats.byState.sent).toBe(N);
        expect(outcome.stats.possibleDuplicates).toBe(0);
      }, 90_000);

      // The worst moment, made certain: Teams has the message, the answer has not reached the bot.
      it.each([
        ['an alert card in a team channel', 'conv-0', 'card'],
        ['a text notice in a personal chat', `conv-${CONVERSATIONS - 1}`, 'text'],
      ])(
        'does not post %s twice when killed after Teams accepted it but before the answer',
        async (_what, conversationId, kind) => {
          let held = false;
          connector.setFault((req) => {
            if (held || req.method !== 'POST') return undefined;
            if (!req.url.startsWith(`/v3/conversations/${conversationId}/`)) return undefined;
            if (connector.received.length < 20) return undefined;
            held = true;
            return { holdResponseMs: 30_000 };
          });
          const world = backend.newWorld();
          const env = envFor(world, 'graph');
          const first = runOutboxChild(env);
          await first.waitForLine('ENQUEUED', 20_000);
          await waitUntil(() => held, 30_000);
          await new Promise((r) => setTimeout(r, 50));
          const inFlight = connector.received
            .filter((r) => r.conversationId === conversationId)
            .at(-1);
          expect(inFlight?.activity.attachments !== undefined ? 'card' : 'text').toBe(kind);
          first.proc.kill('SIGKILL');
          await first.exited;
          const statesAtKill = await statesOf(backend.instance(world), ids);
          expect(statesAtKill.sending).toBe(1);

          const outcome = await restartAndCount(world, env);
          const heldId = outboxIdOf(inFlight?.activity ?? {});
          report(
            `kill in the window (${heldId}, ${kind}): duplicates ${outcome.duplicates}, ` +
              `lost ${outcome.lost.length}, probeResolved ${outcome.stats.probeResolved}`,
          );
          expect(outcome.lost).toEqual([]);
          expect(outcome.duplicates).toBe(0);
          expect(outcome.stats.probeResolved).toBe(1);
          expect(outcome.stats.recovered).toBeGreaterThanOrEqual(1);
          expect(outcome.states).toEqual({ sent: N });
        },
        90_000,
      );

      it('without a probe, says how many duplicates are possible and loses nothing', async () => {
        let held = false;
        connector.setFault((req) => {
          if (held || req.method !== 'POST' || connector.received.length < 10) return undefined;
          held = true;
          return { holdResponseMs: 30_000 };
        });
        const world = backend.newWorld();
        const env = envFor(world, 'off');
        const first = runOutboxChild(env);
        await first.waitForLine('ENQUEUED', 20_000);
        await waitUntil(() => held, 30_000);
        await new Promise((r) => setTimeout(r, 50));
        first.proc.kill('SIGKILL');
        await first.exited;

        const outcome = await restartAndCount(world, env);
        expect(outcome.lost).toEqual([]);
        // The held post was resent: the double the probe prevents, counted, never silent.
        expect(outcome.duplicates).toBe(1);
        expect(outcome.stats.possibleDuplicates).toBe(1);
      }, 90_000);
    });
  },
);
