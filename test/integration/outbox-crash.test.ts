import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import Database from 'better-sqlite3';

import { countByOutboxId, recordRequests } from '../helpers/outbox-harness';
import { type LoopbackConnector, startLoopbackConnector } from '../support/loopback-connector';

/**
 * Kill -9 a process in the middle of draining the outbox, start another on the same SQLite file,
 * and count on the connector side: nothing may be lost, and a duplicate is only possible for the
 * one post that was in `sending` (request in flight, outcome not committed) at the kill.
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

afterAll(async () => {
  for (const c of children) {
    if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    c.stdin?.end();
  }
  await connector.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('outbox crash recovery', () => {
  it('loses nothing when the draining process is killed with SIGKILL mid-drain', async () => {
    // Every request takes ~15 ms inside "Teams", so a kill can land while one is in flight.
    recordRequests(connector, () => ({ delayMs: 15 }));
    const env = {
      OUTBOX_FILE: path.join(dir, 'outbox.sqlite'),
      SERVICE_URL: connector.serviceUrl,
      N: String(N),
      CONVERSATIONS: '8',
      LEASE_MS: '1500',
    };

    const first = runChild(env);
    await first.waitForLine('ENQUEUED', 20_000);
    await connector.waitFor(Math.round(N * 0.3), 30_000);
    // Kill at an arbitrary moment, not right after a recorded delivery.
    await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 60)));
    first.proc.kill('SIGKILL');
    expect(await first.exited).toBeNull();
    const deliveredAtKill = connector.count;

    // What the dead worker left behind: `sending` rows are the only possible duplicates.
    const db = new Database(env.OUTBOX_FILE, { readonly: true });
    const states = Object.fromEntries(
      db
        .prepare<[], { state: string; n: number }>(
          'SELECT state, COUNT(*) AS n FROM outbox_messages GROUP BY state',
        )
        .all()
        .map((r) => [r.state, r.n]),
    ) as Record<string, number>;
    db.close();
    const sendingAtKill = states.sending ?? 0;

    const second = runChild(env);
    const done = await second.waitForLine('DONE', 40_000);
    expect(await second.exited).toBe(0);
    await new Promise((r) => setTimeout(r, 200));

    const counts = countByOutboxId(connector.received);
    const expected = Array.from({ length: N }, (_, i) => `crash/m${String(i).padStart(4, '0')}`);
    const lost = expected.filter((id) => !counts.has(id));
    const duplicates = [...counts.values()].reduce((s, n) => s + n - 1, 0);
    const stats = JSON.parse(done.slice('DONE '.length)) as {
      byState: Record<string, number>;
      recovered: number;
      possibleDuplicates: number;
    };

    if (process.env.HELPDESK_TEST_REPORT) {
      process.stdout.write(
        `outbox-crash: delivered at kill ${deliveredAtKill}/${N}, states at kill ` +
          `${JSON.stringify(states)}, duplicates ${duplicates}, lost ${lost.length}, ` +
          `recovered ${stats.recovered}, possibleDuplicates ${stats.possibleDuplicates}\n`,
      );
    }
    expect(deliveredAtKill).toBeLessThan(N);
    expect(lost).toEqual([]);
    expect(stats.byState.sent).toBe(N);
    // Only a post in flight at the kill can arrive twice: at most one (maxConcurrentPosts = 1),
    // and the restarted worker counts it.
    expect(sendingAtKill).toBeLessThanOrEqual(1);
    expect(duplicates).toBeLessThanOrEqual(sendingAtKill);
    expect(duplicates).toBeLessThanOrEqual(stats.possibleDuplicates);
    expect(stats.recovered).toBeGreaterThanOrEqual(sendingAtKill);
  }, 60_000);
});
