import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import Database from 'better-sqlite3';

import { countByOutboxId, recordRequests } from '../helpers/outbox-harness';
import { type LoopbackConnector, startLoopbackConnector } from '../support/loopback-connector';

/**
 * Kill -9 a process in the middle of draining the outbox, start another on the same SQLite file,
 * and count on the connector side: nothing may be lost and nothing doubled. The post that was in
 * `sending` at the kill (request in flight, outcome not committed) is settled by the Graph
 * delivery probe, which finds it in the connector's Graph view instead of posting it again.
 */

const ROOT = path.resolve(__dirname, '../..');
const CHILD = path.join(ROOT, 'test/helpers/outbox-crash-child.ts');
const N = 200;

interface Child {
  proc: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  waitForLine(prefix: string, timeoutMs: number): Promise<string>;
}

const children: ChildProcess[] = [];

function runChild(env: Record<string, string>): Child {
  let out = '';
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.push(proc);
  proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return {
    proc,
    output: () => out,
    exited,
    async waitForLine(prefix, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const line = out.split('\n').find((l) => l.startsWith(prefix));
        if (line !== undefined) return line;
        if (proc.exitCode !== null) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`child did not print ${prefix} in ${timeoutMs} ms; output:\n${out}`);
    },
  };
}

let dir: string;
let connector: LoopbackConnector;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'outbox-crash-'));
  connector = await startLoopbackConnector();
});

afterEach(() => {
  for (const c of children) {
    if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    c.stdin?.end();
  }
  children.length = 0;
  connector.clear();
  connector.setFault(undefined);
});

afterAll(async () => {
  await connector.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const CONVERSATIONS = 8;
const messageId = (i: number): string => `crash/m${String(i).padStart(4, '0')}`;

function envFor(
  name: string,
  probe: 'graph' | 'off',
): Record<string, string> & { OUTBOX_FILE: string } {
  connector.registerPersonalChat(`user-${CONVERSATIONS - 1}`, `conv-${CONVERSATIONS - 1}`);
  return {
    OUTBOX_FILE: path.join(dir, `${name}.sqlite`),
    SERVICE_URL: connector.serviceUrl,
    N: String(N),
    CONVERSATIONS: String(CONVERSATIONS),
    LEASE_MS: '1500',
    PROBE: probe,
  };
}

function statesIn(file: string): Record<string, number> {
  const db = new Database(file, { readonly: true });
  try {
    return Object.fromEntries(
      db
        .prepare<[], { state: string; n: number }>(
          'SELECT state, COUNT(*) AS n FROM outbox_messages GROUP BY state',
        )
        .all()
        .map((r) => [r.state, r.n]),
    );
  } finally {
    db.close();
  }
}

interface Outcome {
  lost: string[];
  duplicates: number;
  stats: {
    byState: Record<string, number>;
    recovered: number;
    possibleDuplicates: number;
    probeResolved: number;
  };
}

/** Restarts the outbox on the same file, waits for it to drain, and counts what Teams got. */
async function restartAndCount(env: Record<string, string>): Promise<Outcome> {
  const second = runChild(env);
  const done = await second.waitForLine('DONE', 40_000);
  expect(await second.exited).toBe(0);
  await new Promise((r) => setTimeout(r, 200));
  const counts = countByOutboxId(connector.received);
  const expected = Array.from({ length: N }, (_, i) => messageId(i));
  return {
    lost: expected.filter((id) => !counts.has(id)),
    duplicates: [...counts.values()].reduce((s, n) => s + n - 1, 0),
    stats: JSON.parse(done.slice('DONE '.length)) as Outcome['stats'],
  };
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function report(line: string): void {
  if (process.env.HELPDESK_TEST_REPORT) process.stdout.write(`outbox-crash: ${line}\n`);
}

describe('outbox crash recovery', () => {
  it('delivers everything exactly once when the draining process is killed at a random moment', async () => {
    // Every request takes ~15 ms inside "Teams", so a kill can land while one is in flight.
    recordRequests(connector, () => ({ delayMs: 15 }));
    const env = envFor('random', 'graph');
    const first = runChild(env);
    await first.waitForLine('ENQUEUED', 20_000);
    await connector.waitFor(Math.round(N * 0.3), 30_000);
    // Kill at an arbitrary moment, not right after a recorded delivery.
    await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 60)));
    first.proc.kill('SIGKILL');
    expect(await first.exited).toBeNull();
    const deliveredAtKill = connector.count;
    const statesAtKill = statesIn(env.OUTBOX_FILE);

    const outcome = await restartAndCount(env);
    report(
      `random kill: delivered at kill ${deliveredAtKill}/${N}, states ${JSON.stringify(statesAtKill)}, ` +
        `duplicates ${outcome.duplicates}, lost ${outcome.lost.length}, probeResolved ${outcome.stats.probeResolved}`,
    );
    expect(deliveredAtKill).toBeLessThan(N);
    expect(statesAtKill.sending ?? 0).toBeLessThanOrEqual(1);
    expect(outcome.lost).toEqual([]);
    expect(outcome.duplicates).toBe(0);
    expect(outcome.stats.byState.sent).toBe(N);
    expect(outcome.stats.possibleDuplicates).toBe(0);
  }, 60_000);

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
      const env = envFor(`window-${conversationId}`, 'graph');
      const first = runChild(env);
      await first.waitForLine('ENQUEUED', 20_000);
      await waitUntil(() => held, 30_000);
      await new Promise((r) => setTimeout(r, 50));
      const inFlight = connector.received.filter((r) => r.conversationId === conversationId).at(-1);
      expect(inFlight?.activity.attachments !== undefined ? 'card' : 'text').toBe(kind);
      first.proc.kill('SIGKILL');
      await first.exited;
      const statesAtKill = statesIn(env.OUTBOX_FILE);
      expect(statesAtKill.sending).toBe(1);

      const outcome = await restartAndCount(env);
      const heldId = (inFlight?.activity.channelData as { outboxId: string }).outboxId;
      report(
        `kill in the window (${heldId}, ${kind}): duplicates ${outcome.duplicates}, ` +
          `lost ${outcome.lost.length}, probeResolved ${outcome.stats.probeResolved}`,
      );
      expect(outcome.lost).toEqual([]);
      expect(outcome.duplicates).toBe(0);
      expect(outcome.stats.probeResolved).toBe(1);
      expect(outcome.stats.recovered).toBeGreaterThanOrEqual(1);
    },
    60_000,
  );

  it('without a probe, says how many duplicates are possible and loses nothing', async () => {
    let held = false;
    connector.setFault((req) => {
      if (held || req.method !== 'POST' || connector.received.length < 10) return undefined;
      held = true;
      return { holdResponseMs: 30_000 };
    });
    const env = envFor('no-probe', 'off');
    const first = runChild(env);
    await first.waitForLine('ENQUEUED', 20_000);
    await waitUntil(() => held, 30_000);
    await new Promise((r) => setTimeout(r, 50));
    first.proc.kill('SIGKILL');
    await first.exited;

    const outcome = await restartAndCount(env);
    expect(outcome.lost).toEqual([]);
    // The held post was resent: the double the probe prevents, counted, never silent.
    expect(outcome.duplicates).toBe(1);
    expect(outcome.stats.possibleDuplicates).toBe(1);
  }, 60_000);
});
