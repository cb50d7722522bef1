import { type ChildProcess, spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';

/**
 * Runs test/helpers/outbox-crash-child.ts as a real process (so a test can SIGKILL it at any
 * moment) and reads the lines it prints.
 */

const ROOT = path.resolve(__dirname, '../..');
const CHILD = path.join(ROOT, 'test/helpers/outbox-crash-child.ts');

export interface OutboxChild {
  proc: ChildProcess;
  exited: Promise<number | null>;
  /** Resolves the first line starting with `prefix`; rejects after `timeoutMs` or on exit. */
  waitForLine(prefix: string, timeoutMs: number): Promise<string>;
}

const children: ChildProcess[] = [];

export function runOutboxChild(env: Record<string, string>): OutboxChild {
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

/** Kills every child still running (test cleanup). */
export function killOutboxChildren(): void {
  for (const c of children) {
    if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    c.stdin?.end();
  }
  children.length = 0;
}

/** Polls `condition` every 20 ms; rejects after `timeoutMs`. */
export async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
