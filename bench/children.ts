import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { performance } from 'node:perf_hooks';

/** How a child is started. */
export interface ChildSpec {
  /** Label for messages (`bot`, `baseline`). */
  label: string;
  /** Arguments after `node` (flags, preloads, then the entry script). */
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  port: number;
  readyTimeoutMs: number;
  readyPollMs: number;
  /** Called right after spawning with a synchronous SIGKILL, for exit handlers. */
  onSpawn?: (killNow: () => void) => void;
}

/** A started child process that answered `GET /readyz` with 200. */
export interface RunningChild {
  readonly label: string;
  readonly pid: number;
  readonly url: string;
  /** Milliseconds from spawn to the first 200 from `/readyz`. */
  readonly startupMs: number;
  /** Output lines (stdout and stderr) seen so far. */
  lines(): number;
  /** The last few kB of output, for diagnostics. */
  tail(): string;
  exited(): boolean;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone (bounded). */
  stop(graceMs: number): Promise<void>;
  /** Synchronous last resort for process exit handlers. */
  killNow(): void;
}

const TAIL_BYTES = 8 * 1024;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A TCP port that was free on 127.0.0.1 a moment ago (the caller retries on a clash). */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => (port > 0 ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}

/** One GET; resolves with the status code, or 0 when the connection failed. */
function getStatus(url: string, timeoutMs: number): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

/**
 * Spawns `node <args>` and polls `GET /readyz` every `readyPollMs` until it answers 200, for at
 * most `readyTimeoutMs`. Rejects (after killing the child) when the child exits or never gets
 * ready; the error carries the child's last output.
 */
export async function startChild(spec: ChildSpec): Promise<RunningChild> {
  const started = performance.now();
  const proc: ChildProcess = spawn(process.execPath, spec.args, {
    cwd: spec.cwd,
    env: spec.env,
    // stdin stays open: orphan-guard.js in the child exits when it closes.
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let tail = '';
  let lines = 0;
  const collect = (chunk: Buffer): void => {
    const text = chunk.toString('utf8');
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
      lines += 1;
    }
    tail = (tail + text).slice(-TAIL_BYTES);
  };
  proc.stdout?.on('data', collect);
  proc.stderr?.on('data', collect);
  proc.stdin?.on('error', () => undefined);
  let exitCode: number | null | undefined;
  let exitSignal: NodeJS.Signals | null = null;
  const exitedPromise = new Promise<void>((resolve) => {
    proc.once('exit', (code, signal) => {
      exitCode = code;
      exitSignal = signal;
      resolve();
    });
  });
  const spawnError = new Promise<Error>((resolve) => proc.once('error', resolve));
  const exited = (): boolean => exitCode !== undefined;

  const killNow = (): void => {
    if (!exited()) {
      proc.kill('SIGKILL');
    }
  };
  spec.onSpawn?.(killNow);
  const stop = async (graceMs: number): Promise<void> => {
    if (exited()) return;
    proc.kill('SIGTERM');
    await Promise.race([exitedPromise, sleep(graceMs)]);
    if (!exited()) {
      proc.kill('SIGKILL');
      await Promise.race([exitedPromise, sleep(2000)]);
    }
    proc.stdin?.destroy();
  };

  const url = `http://127.0.0.1:${spec.port}`;
  const fail = async (why: string): Promise<never> => {
    await stop(1000);
    throw new Error(`${spec.label}: ${why}\n--- last output ---\n${tail.trim() || '(none)'}`);
  };
  const deadline = started + spec.readyTimeoutMs;
  let startupMs: number | undefined;
  while (startupMs === undefined) {
    const outcome = await Promise.race([
      getStatus(`${url}/readyz`, 1000),
      spawnError,
      exitedPromise.then(() => 'exited' as const),
    ]);
    if (outcome === 200) {
      startupMs = performance.now() - started;
    } else if (outcome instanceof Error) {
      return fail(`could not spawn: ${outcome.message}`);
    } else if (outcome === 'exited') {
      return fail(
        `exited before it was ready (code ${String(exitCode)}, signal ${String(exitSignal)})`,
      );
    } else if (performance.now() > deadline) {
      return fail(`/readyz did not answer 200 within ${spec.readyTimeoutMs} ms`);
    } else {
      await sleep(spec.readyPollMs);
    }
  }
  const pid = proc.pid;
  if (pid === undefined) {
    return fail('no pid');
  }
  return {
    label: spec.label,
    pid,
    url,
    startupMs,
    lines: () => lines,
    tail: () => tail,
    exited,
    stop,
    killNow,
  };
}

/** Resident set size of a process in kB, from /proc/<pid>/status; undefined when unreadable. */
export function readRssKb(pid: number): number | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return match?.[1] !== undefined ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Samples a process's RSS on an interval and keeps the peak. */
export class RssSampler {
  private timer: NodeJS.Timeout | undefined;
  private peak: number | undefined;

  public constructor(
    private readonly pid: number,
    private readonly intervalMs: number,
  ) {}

  /** Starts sampling (one sample right away). */
  public start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
  }

  /** Stops sampling (one last sample) and returns the peak in kB, undefined if none was read. */
  public stop(): number | undefined {
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
    this.sample();
    return this.peak;
  }

  private sample(): void {
    const kb = readRssKb(this.pid);
    if (kb !== undefined && (this.peak === undefined || kb > this.peak)) {
      this.peak = kb;
    }
  }
}

let clockTicks: number | undefined;

/** Kernel clock ticks per second (`getconf CLK_TCK`), 100 when unknown. */
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      const value = Number(
        execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8', timeout: 2000 }),
      );
      clockTicks = Number.isFinite(value) && value > 0 ? value : 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** CPU time (user + system, all threads) a process has used, in ms; undefined when unreadable. */
export function readCpuMs(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    if (!Number.isFinite(utime) || !Number.isFinite(stime)) return undefined;
    return ((utime + stime) * 1000) / ticksPerSecond();
  } catch {
    return undefined;
  }
}

/** Machine-wide CPU time from /proc/stat, in ms summed over every core. */
export interface SystemCpu {
  busyMs: number;
  totalMs: number;
}

/** Reads the aggregate `cpu` line of /proc/stat; undefined when unreadable. */
export function readSystemCpu(): SystemCpu | undefined {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number);
    if (!line.startsWith('cpu ') || ticks.length < 5 || ticks.some((t) => !Number.isFinite(t))) {
      return undefined;
    }
    const total = ticks.reduce((a, b) => a + b, 0);
    const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
    const toMs = 1000 / ticksPerSecond();
    return { busyMs: (total - idle) * toMs, totalMs: total * toMs };
  } catch {
    return undefined;
  }
}
