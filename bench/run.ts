/**
 * HTTP throughput benchmark: the real bot (compiled dist/src/index.js) against a minimal
 * botbuilder echo bot on the same stack, both as child processes, loaded with autocannon while
 * a loopback connector in this process takes the replies. Prints a table and writes
 * test-output/bench/latest.json. See bench/README.md.
 *
 *   npm run bench -- [--duration 10] [--warmup 2] [--connections 32] [--scenario help]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

import type autocannon from 'autocannon';

import { message } from '../test/factories/activities';
import { runReportBurst } from '../test/helpers/outbox-burst';
import { startLoopbackConnector, type LoopbackConnector } from '../test/support/loopback-connector';

import { compileBenchFile, ensureBotBuild, type BotBuild } from './build';
import {
  findFreePort,
  readCpuMs,
  readRssKb,
  readSystemCpu,
  RssSampler,
  startChild,
  type RunningChild,
} from './children';
import { startLoad, type LoadRun } from './load';
import {
  formatScenarioTable,
  formatTargets,
  roundTo,
  type ScenarioResult,
  type StartupResult,
  type TargetResult,
} from './report';
import { measureRetrieval } from './retrieval';
import {
  BASELINE_SCENARIO,
  SCENARIOS,
  type Scenario,
  type SetupContext,
  type SetupExchange,
} from './scenarios';

const ROOT = path.resolve(__dirname, '..');
const OUTPUT_DIR = path.join(ROOT, 'test-output', 'bench');
const RESULTS_FILE = path.join(OUTPUT_DIR, 'latest.json');
const RETRIEVAL_P99_TARGET_MS = 5;
/** Compiled bench helpers; inside the repository so they resolve its node_modules. */
const BUILD_DIR = path.join(OUTPUT_DIR, 'build');

const DEFAULT_DURATION_SEC = 10;
const DEFAULT_WARMUP_SEC = 2;
const DEFAULT_CONNECTIONS = 32;
const REQUEST_TIMEOUT_SEC = 10;
const READY_TIMEOUT_MS = 15_000;
const READY_POLL_MS = 10;
const RSS_SAMPLE_MS = 200;
const STARTUP_TARGET_MS = 2000;
const CHILD_STOP_GRACE_MS = 5000;
const PORT_ATTEMPTS = 3;
/** Bound for one request a scenario's setup sends, and for the replies it waits for. */
const SETUP_REQUEST_TIMEOUT_MS = 10_000;
/** Bound for a scenario's whole setup. */
const SETUP_TIMEOUT_MS = 30_000;
/** Replies still arriving after a run: wait until none came for QUIET_MS, at most QUIET_MAX_MS. */
const QUIET_MS = 300;
const QUIET_MAX_MS = 5000;
/** Baseline runs further apart than this (start vs end) mean the machine was not steady. */
const BASELINE_DRIFT_NOTE = 0.1;
/** Other processes using more than this (% of one core) during a run make it noisy. */
const OTHER_CPU_NOTE_PCT = 25;
/** Node flags both children get. */
const NODE_FLAGS = ['--disable-warning=DEP0111', '--max-semi-space-size=32'];

/** Wrong command line; exits 2 with usage. */
class UsageError extends Error {}
/** A signal arrived; exits 130. */
class Interrupted extends Error {}

interface Options {
  durationSec: number;
  warmupSec: number;
  connections: number;
  baseline: Scenario;
  /** Scenarios other than the baseline, in table order. */
  others: Scenario[];
}

const USAGE = `Usage: npm run bench -- [options]
  --duration <s>     measured seconds per scenario (default ${DEFAULT_DURATION_SEC}, 1-120)
  --warmup <s>       unmeasured warm-up seconds per scenario (default ${DEFAULT_WARMUP_SEC}, 0-30)
  --connections <n>  concurrent connections (default ${DEFAULT_CONNECTIONS}, 1-256)
  --scenario <name>  run only this scenario (repeatable, or comma-separated);
                     ${BASELINE_SCENARIO} always runs, before and after the others
  --help             show this
Scenarios: ${SCENARIOS.map((s) => s.name).join(', ')}
`;

const out = (text = ''): void => {
  process.stdout.write(`${text}\n`);
};
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const toMb = (kb: number | undefined): number | null =>
  kb === undefined ? null : roundTo(kb / 1024, 1);
const orNa = (value: number | null | undefined): string =>
  value === null || value === undefined ? 'n/a' : String(value);

function intOption(
  raw: string | undefined,
  name: string,
  fallback: number,
  range: [number, number],
): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < range[0] || value > range[1]) {
    throw new UsageError(`--${name} must be a whole number from ${range[0]} to ${range[1]}`);
  }
  return value;
}

function parseOptions(argv: string[]): Options | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        duration: { type: 'string' },
        warmup: { type: 'string' },
        connections: { type: 'string' },
        scenario: { type: 'string', multiple: true },
        help: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  if (values.help) return 'help';
  const wanted = new Set(
    (values.scenario ?? [])
      .flatMap((s) => s.split(','))
      .map((s) => s.trim())
      .filter(Boolean),
  );
  for (const name of wanted) {
    if (!SCENARIOS.some((s) => s.name === name)) {
      throw new UsageError(`unknown scenario "${name}"`);
    }
  }
  const baseline = SCENARIOS.find((s) => s.name === BASELINE_SCENARIO);
  if (!baseline || baseline.target !== 'baseline') {
    throw new Error(`the scenario table needs a "${BASELINE_SCENARIO}" row targeting the baseline`);
  }
  return {
    durationSec: intOption(values.duration, 'duration', DEFAULT_DURATION_SEC, [1, 120]),
    warmupSec: intOption(values.warmup, 'warmup', DEFAULT_WARMUP_SEC, [0, 30]),
    connections: intOption(values.connections, 'connections', DEFAULT_CONNECTIONS, [1, 256]),
    baseline,
    others: SCENARIOS.filter((s) => s !== baseline && (wanted.size === 0 || wanted.has(s.name))),
  };
}

/** Everything that must be released, whatever happens. */
const resources = {
  /** Synchronous SIGKILL of every child ever spawned (no-op once it exited). */
  kills: new Set<() => void>(),
  children: [] as RunningChild[],
  connector: undefined as LoopbackConnector | undefined,
  load: undefined as LoadRun | undefined,
  tmpDir: undefined as string | undefined,
  interrupted: undefined as NodeJS.Signals | undefined,
};

let cleaning: Promise<void> | undefined;

/** Stops the load, the children and the connector; removes the temp dir. Bounded, idempotent. */
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    resources.load?.stop();
    await Promise.all(resources.children.map((c) => c.stop(CHILD_STOP_GRACE_MS)));
    for (const kill of resources.kills) kill();
    if (resources.connector) {
      await Promise.race([resources.connector.close(), sleep(2000)]);
    }
    if (resources.tmpDir) {
      fs.rmSync(resources.tmpDir, { recursive: true, force: true });
    }
  })();
  return cleaning;
}

function onSignal(signal: NodeJS.Signals): void {
  if (resources.interrupted) return;
  resources.interrupted = signal;
  out(`\n${signal}: stopping the load and both children…`);
  setTimeout(() => process.exit(130), CHILD_STOP_GRACE_MS + 5000).unref();
  cleanup().then(
    () => process.exit(130),
    () => process.exit(130),
  );
}

function checkInterrupted(): void {
  if (resources.interrupted) throw new Interrupted(resources.interrupted);
}

/** Environment for both children: anonymous auth, loopback only, quiet logs, a fresh SQLite. */
function childEnv(port: number, tmpDir: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    STORAGE_KIND: 'sqlite',
    SQLITE_PATH: path.join(tmpDir, 'bench.sqlite'),
    OUTBOX_SQLITE_PATH: path.join(tmpDir, 'outbox.sqlite'),
    SHUTDOWN_TIMEOUT_MS: '2000',
    // Blank counts as unset and wins over any .env: anonymous mode.
    MicrosoftAppId: '',
    MicrosoftAppPassword: '',
    MicrosoftAppTenantId: '',
    MicrosoftAppType: '',
  };
}

async function startOnFreePort(
  label: string,
  args: string[],
  tmpDir: string,
): Promise<RunningChild> {
  for (let attempt = 1; ; attempt += 1) {
    const port = await findFreePort();
    try {
      const child = await startChild({
        label,
        args,
        env: childEnv(port, tmpDir),
        // Not the repository: no .env is read.
        cwd: tmpDir,
        port,
        readyTimeoutMs: READY_TIMEOUT_MS,
        readyPollMs: READY_POLL_MS,
        onSpawn: (kill) => resources.kills.add(kill),
      });
      resources.children.push(child);
      return child;
    } catch (err) {
      const clash = err instanceof Error && err.message.includes('EADDRINUSE');
      if (!clash || attempt >= PORT_ATTEMPTS) throw err;
    }
  }
}

async function runLoad(
  child: RunningChild,
  bodies: string[],
  durationSec: number,
  connections: number,
  onResponse?: (status: number, body: string) => void,
): Promise<autocannon.Result> {
  checkInterrupted();
  const run = startLoad({
    url: child.url,
    bodies,
    connections,
    durationSec,
    timeoutSec: REQUEST_TIMEOUT_SEC,
    onResponse,
  });
  resources.load = run;
  try {
    return await run.result;
  } finally {
    resources.load = undefined;
    checkInterrupted();
  }
}

/**
 * Runs a scenario's setup once against `child` (bounded), with the connector recording reply
 * bodies meanwhile; resolves with what the setup returned (undefined without one).
 */
async function runSetup(
  scenario: Scenario,
  child: RunningChild,
  connector: LoopbackConnector,
): Promise<unknown> {
  const setup = scenario.setup;
  if (!setup) return undefined;
  checkInterrupted();
  const send = async (activity: object, replies = 0): Promise<SetupExchange> => {
    const before = connector.count;
    const res = await fetch(`${child.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
      signal: AbortSignal.timeout(SETUP_REQUEST_TIMEOUT_MS),
    });
    const text = await res.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    if (replies > 0) await connector.waitFor(before + replies, SETUP_REQUEST_TIMEOUT_MS);
    return {
      status: res.status,
      body,
      replies: connector.received.slice(before).map((r) => r.activity),
    };
  };
  const ctx: SetupContext = { serviceUrl: connector.serviceUrl, send };
  const started = performance.now();
  connector.clear();
  connector.recordBodies = true;
  let timer: NodeJS.Timeout | undefined;
  try {
    const result = await Promise.race([
      setup(ctx),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`did not finish within ${SETUP_TIMEOUT_MS} ms`)),
          SETUP_TIMEOUT_MS,
        );
      }),
    ]);
    out(`  ${scenario.name}: setup done in ${roundTo(performance.now() - started, 0)} ms`);
    return result;
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new Error(`setup of scenario "${scenario.name}" failed: ${why}\n${child.tail()}`, {
      cause: err,
    });
  } finally {
    clearTimeout(timer);
    connector.recordBodies = false;
    connector.clear();
  }
}

/** A question in each language besides English, as the bot's Teams client would send it. */
const LANGUAGE_QUESTIONS: readonly [locale: string, text: string][] = [
  ['de-DE', 'Kann mein Arbeitgeber meine Fotos sehen?'],
  ['fr-FR', 'Mon employeur peut-il voir mes photos ?'],
  ['es-ES', '¿Puede mi empresa ver mis fotos?'],
  ['ja-JP', '会社は私の写真を見ることができますか？'],
];

/**
 * Asks the bot one question in each other language (each language's articles and index load on
 * first use), then reads its RSS: the memory with all five languages loaded. Bounded: one
 * request and one reply per language, each within the setup timeout.
 */
async function loadEveryLanguage(
  child: RunningChild,
  connector: LoopbackConnector,
): Promise<{ rssMb: number | null; answered: number }> {
  let answered = 0;
  for (const [locale, text] of LANGUAGE_QUESTIONS) {
    checkInterrupted();
    const before = connector.count;
    const activity = message(text, {
      serviceUrl: connector.serviceUrl,
      overrides: { locale, id: `languages-${locale}` },
    });
    const res = await fetch(`${child.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
      signal: AbortSignal.timeout(SETUP_REQUEST_TIMEOUT_MS),
    });
    await res.text();
    try {
      await connector.waitFor(before + 1, SETUP_REQUEST_TIMEOUT_MS);
      if (res.status === 200) answered++;
    } catch {
      // No reply in time: reported as not answered.
    }
  }
  await sleep(500);
  return { rssMb: toMb(readRssKb(child.pid)), answered };
}

/** Counts responses that fail a scenario's `checkResponse`, keeping the first reason. */
interface ResponseTally {
  onResponse: (status: number, body: string) => void;
  seen: number;
  bad: number;
  firstProblem: string | undefined;
}

function responseTally(check: NonNullable<Scenario['checkResponse']>): ResponseTally {
  const tally: ResponseTally = {
    seen: 0,
    bad: 0,
    firstProblem: undefined,
    onResponse: (status, body) => {
      tally.seen += 1;
      const problem = check(status, body);
      if (problem !== undefined) {
        tally.bad += 1;
        tally.firstProblem ??= problem;
      }
    },
  };
  return tally;
}

/** Waits until no reply arrived for QUIET_MS (turns cut off at the end of a run finish late). */
async function waitQuiet(connector: LoopbackConnector): Promise<void> {
  const started = Date.now();
  let last = connector.count;
  let lastChange = Date.now();
  while (Date.now() - started < QUIET_MAX_MS) {
    await sleep(50);
    if (connector.count !== last) {
      last = connector.count;
      lastChange = Date.now();
    } else if (Date.now() - lastChange >= QUIET_MS) {
      return;
    }
  }
}

/** CPU use over one measured run, each in % of one core. */
interface CpuUse {
  target: number | null;
  /** Target CPU time in ms. */
  targetMs: number | null;
  bench: number;
  other: number | null;
}

/** Starts CPU accounting for the target, this process and the machine; call the result to stop. */
function startCpuAccounting(pid: number): () => CpuUse {
  const target = readCpuMs(pid);
  const bench = process.cpuUsage();
  const system = readSystemCpu();
  const wall = performance.now();
  return () => {
    const wallMs = performance.now() - wall;
    const pct = (ms: number): number => roundTo((ms / wallMs) * 100, 0);
    const targetAfter = readCpuMs(pid);
    const benchUsed = process.cpuUsage(bench);
    const systemAfter = readSystemCpu();
    const targetMs =
      target === undefined || targetAfter === undefined ? undefined : targetAfter - target;
    const benchMs = (benchUsed.user + benchUsed.system) / 1000;
    const otherMs =
      system === undefined || systemAfter === undefined || targetMs === undefined
        ? undefined
        : systemAfter.busyMs - system.busyMs - targetMs - benchMs;
    return {
      target: targetMs === undefined ? null : pct(targetMs),
      targetMs: targetMs ?? null,
      bench: pct(benchMs),
      other: otherMs === undefined ? null : Math.max(0, pct(otherMs)),
    };
  };
}

async function measure(
  scenario: Scenario,
  label: string,
  child: RunningChild,
  connector: LoopbackConnector,
  options: Options,
): Promise<ScenarioResult> {
  const setup = await runSetup(scenario, child, connector);
  const built = scenario.body({ serviceUrl: connector.serviceUrl, setup });
  const bodies = (Array.isArray(built) ? built : [built]).map((a) => JSON.stringify(a));
  out(
    `  ${label} → ${scenario.target}: warm-up ${options.warmupSec} s, ` +
      `measuring ${options.durationSec} s…`,
  );
  if (options.warmupSec > 0) {
    await runLoad(child, bodies, options.warmupSec, options.connections);
    await waitQuiet(connector);
  }
  connector.clear();
  const linesBefore = child.lines();
  const sampler = new RssSampler(child.pid, RSS_SAMPLE_MS);
  sampler.start();
  const stopCpu = startCpuAccounting(child.pid);
  const tally = scenario.checkResponse ? responseTally(scenario.checkResponse) : undefined;
  let result: autocannon.Result;
  let peakKb: number | undefined;
  let cpu: CpuUse;
  try {
    result = await runLoad(
      child,
      bodies,
      options.durationSec,
      options.connections,
      tally?.onResponse,
    );
  } finally {
    cpu = stopCpu();
    peakKb = sampler.stop();
  }
  await waitQuiet(connector);
  if (child.exited()) {
    throw new Error(`${child.label} exited during "${label}"\n${child.tail()}`);
  }
  const replies = connector.count;
  const childLogLines = child.lines() - linesBefore;
  const perRequest = scenario.repliesPerRequest ?? 1;
  const ok = result['2xx'];
  const expectedReplies = Math.round(ok * perRequest);
  // Requests cut off when the run ends still finish in the bot and reply: up to one each.
  const proactiveSeconds = options.warmupSec + options.durationSec + 5;
  const slack =
    options.connections * Math.ceil(perRequest) +
    Math.ceil((scenario.proactivePerSecond ?? 0) * proactiveSeconds);
  const statusCodes = Object.fromEntries(
    Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]),
  );
  const flags: string[] = [];
  if (result.errors > 0) {
    flags.push(`${result.errors} connection errors (${result.timeouts} timeouts)`);
  }
  if (result.non2xx > 0) {
    const codes = Object.entries(statusCodes)
      .filter(([code]) => !code.startsWith('2'))
      .map(([code, n]) => `${n}×${code}`)
      .join(', ');
    flags.push(`${result.non2xx} non-2xx responses (${codes})`);
  }
  if (replies < expectedReplies) {
    flags.push(
      `connector got ${replies} replies for ${ok} OK requests (expected ${expectedReplies})`,
    );
  } else if (replies > expectedReplies + slack) {
    flags.push(`connector got ${replies} replies, more than ${expectedReplies} + ${slack} cut off`);
  }
  if (tally && tally.seen < ok) {
    flags.push(`the response check saw ${tally.seen} responses for ${ok} OK requests`);
  }
  if (tally && tally.bad > 0) {
    flags.push(
      `${tally.bad} of ${tally.seen} responses failed the scenario's check ` +
        `(first: ${tally.firstProblem ?? '?'})`,
    );
  }
  if (childLogLines > 0) {
    flags.push(`${child.label} logged ${childLogLines} lines at LOG_LEVEL=warn`);
  }
  return {
    name: scenario.name,
    label,
    description: scenario.description,
    target: scenario.target,
    // Completed requests over the run's length: autocannon's per-second mean (requests.average)
    // sometimes counts a partial last second as a whole sample, which skews it by 10% in 10 s.
    reqPerSec: result.duration > 0 ? roundTo(result.requests.total / result.duration, 1) : 0,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    peakRssMb: toMb(peakKb),
    targetCpuPct: cpu.target,
    cpuUsPerReq:
      cpu.targetMs === null || result.requests.total === 0
        ? null
        : roundTo((cpu.targetMs * 1000) / result.requests.total, 0),
    benchCpuPct: cpu.bench,
    otherCpuPct: cpu.other,
    ok,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    replies,
    expectedReplies,
    childLogLines,
    ratioToBaseline: null,
    cpuRatioToBaseline: null,
    minRatioToBaseline: scenario.minRatioToBaseline ?? null,
    verdict: null,
    flags,
  };
}

function describeBuild(build: BotBuild): string[] {
  if (!build.rebuiltBecause) {
    return ['Build: dist/src/index.js is up to date (tsc not run).'];
  }
  const seconds = ((build.buildMs ?? 0) / 1000).toFixed(1);
  const lines = [`Build: ${build.rebuiltBecause} → ran tsc -p tsconfig.json (${seconds} s).`];
  if (build.tscExitCode !== undefined) {
    lines.push(
      `  WARNING: tsc exited ${build.tscExitCode} (type errors); benchmarking what it emitted:`,
      ...(build.tscOutput ?? '')
        .split('\n')
        .slice(0, 10)
        .map((l) => `    ${l}`),
    );
  }
  return lines;
}

/** The baseline figures every ratio is taken against. */
interface BaselineSummary {
  reqPerSec: number;
  cpuUsPerReq: number | null;
  /** Labels of the baseline runs averaged. */
  used: string[];
  /** (end - start) / start req/s, when the baseline ran twice. */
  drift: number | null;
}

const mean = (values: number[]): number | null =>
  values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;

/**
 * Averages the baseline runs, leaving out runs during which other processes were busy
 * (CPU% other above OTHER_CPU_NOTE_PCT) as long as at least one clean run remains.
 */
function summariseBaseline(results: ScenarioResult[]): BaselineSummary {
  const runs = results.filter((r) => r.name === BASELINE_SCENARIO);
  const clean = runs.filter((r) => (r.otherCpuPct ?? 0) <= OTHER_CPU_NOTE_PCT);
  const used = clean.length > 0 ? clean : runs;
  const first = runs[0]?.reqPerSec;
  const last = runs[runs.length - 1]?.reqPerSec;
  const cost = mean(used.map((r) => r.cpuUsPerReq).filter((c): c is number => c !== null));
  return {
    reqPerSec: roundTo(mean(used.map((r) => r.reqPerSec)) ?? 0, 1),
    cpuUsPerReq: cost === null ? null : roundTo(cost, 0),
    used: used.map((r) => r.label),
    drift:
      runs.length > 1 && first !== undefined && last !== undefined && first > 0
        ? roundTo((last - first) / first, 3)
        : null,
  };
}

/** Ratios against the baseline, target verdicts, and the startup target. */
function evaluate(
  results: ScenarioResult[],
  bot: RunningChild,
  scenarios: readonly Scenario[],
): { targets: TargetResult[]; baseline: BaselineSummary } {
  const baseline = summariseBaseline(results);
  const baselineReqPerSec = baseline.reqPerSec;
  const baselineCpuUsPerReq = baseline.cpuUsPerReq;
  const targets: TargetResult[] = [];
  for (const r of results) {
    r.ratioToBaseline = baselineReqPerSec > 0 ? roundTo(r.reqPerSec / baselineReqPerSec, 3) : null;
    r.cpuRatioToBaseline =
      baselineCpuUsPerReq && r.cpuUsPerReq !== null
        ? roundTo(r.cpuUsPerReq / baselineCpuUsPerReq, 3)
        : null;
    if (r.minRatioToBaseline !== null) {
      const pass = r.ratioToBaseline !== null && r.ratioToBaseline >= r.minRatioToBaseline;
      r.verdict = pass ? 'PASS' : 'MISS';
      targets.push({
        name: `${r.name} req/s vs baseline`,
        required: `>= ${r.minRatioToBaseline.toFixed(2)}x`,
        measured: r.ratioToBaseline === null ? 'n/a' : `${r.ratioToBaseline.toFixed(3)}x`,
        verdict: r.verdict,
      });
    }
    const maxP99Ms = scenarios.find((s) => s.name === r.name)?.maxP99Ms;
    if (maxP99Ms !== undefined) {
      const pass = r.ok > 0 && r.p99Ms < maxP99Ms;
      r.verdict = pass && r.verdict !== 'MISS' ? 'PASS' : 'MISS';
      targets.push({
        name: `${r.name} p99 latency`,
        required: `< ${maxP99Ms} ms`,
        measured: r.ok > 0 ? `${r.p99Ms} ms` : 'n/a',
        verdict: pass ? 'PASS' : 'MISS',
      });
    }
  }
  targets.push({
    name: 'bot startup to /readyz',
    required: `< ${STARTUP_TARGET_MS} ms`,
    measured: `${roundTo(bot.startupMs, 0)} ms`,
    verdict: bot.startupMs < STARTUP_TARGET_MS ? 'PASS' : 'MISS',
  });
  return { targets, baseline };
}

async function main(): Promise<number> {
  const parsed = parseOptions(process.argv.slice(2));
  if (parsed === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const options = parsed;
  const startedAt = new Date();
  const runs = options.others.length + (options.others.length > 0 ? 2 : 1);
  const giveUpSec = runs * (options.warmupSec + options.durationSec + 15) + 240;
  setTimeout(() => {
    process.stderr.write(`bench: gave up after ${giveUpSec} s\n`);
    void cleanup().finally(() => process.exit(1));
  }, giveUpSec * 1000).unref();

  const cpus = os.cpus();
  const cpuModel = cpus[0]?.model.trim() ?? 'unknown';
  const loadAverage = os.loadavg().map((l) => roundTo(l, 2));
  out(
    `Bot HTTP benchmark — node ${process.version}, ${os.platform()} ${os.arch()}, ` +
      `${cpus.length} CPUs (${cpuModel}), load average ${loadAverage.join(' ')}`,
  );
  out(
    `Load: autocannon → POST /api/messages, ${options.connections} connections, ` +
      `warm-up ${options.warmupSec} s + measured ${options.durationSec} s per run.`,
  );

  const build = await ensureBotBuild(ROOT);
  describeBuild(build).forEach((l) => out(l));
  const echoEntry = compileBenchFile(path.join(__dirname, 'echo-bot.ts'), BUILD_DIR);
  const guard = compileBenchFile(path.join(__dirname, 'orphan-guard.ts'), BUILD_DIR);
  const botArgs = [...NODE_FLAGS, '-r', guard, build.entry];
  const baselineArgs = [...NODE_FLAGS, '-r', guard, echoEntry];
  const rel = (p: string): string => path.relative(ROOT, p);
  const fairness = [
    'Both children are compiled JavaScript under plain node (no tsx loader in either):',
    `  bot:      node ${[...NODE_FLAGS, '-r', rel(guard), rel(build.entry)].join(' ')}`,
    `  baseline: node ${[...NODE_FLAGS, '-r', rel(guard), rel(echoEntry)].join(' ')}`,
    '  (dist by tsc -p tsconfig.json; echo-bot.ts by the TypeScript compiler, same ES2022/CJS).',
    'Same env for both: HOST=127.0.0.1, LOG_LEVEL=warn, anonymous auth, a fresh SQLite file.',
    'Each child is idle while the other is loaded. The baseline runs first and last; ratios use',
    'the mean of both, or only the one with a quiet machine (CPU% other <= 25) if one was not.',
    'autocannon and the loopback connector share this process, the same for both.',
  ];
  out('Fairness:');
  fairness.forEach((l) => out(`  ${l}`));

  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ue-bench-'));
  resources.tmpDir = tmpDir;
  const connector = await startLoopbackConnector({ recordBodies: false });
  resources.connector = connector;
  checkInterrupted();

  // One after the other, so neither startup competes with the other for CPU.
  const bot = await startOnFreePort('bot', botArgs, tmpDir);
  checkInterrupted();
  const baseline = await startOnFreePort('baseline', baselineArgs, tmpDir);
  checkInterrupted();
  await sleep(500);
  const startup: StartupResult[] = [bot, baseline].map((c) => ({
    label: c.label,
    ms: roundTo(c.startupMs, 0),
    idleRssMb: toMb(readRssKb(c.pid)),
  }));
  const [botStart, baseStart] = startup;
  out(
    `Ready: bot in ${orNa(botStart?.ms)} ms, baseline in ${orNa(baseStart?.ms)} ms ` +
      `(not compared); idle RSS bot ${orNa(botStart?.idleRssMb)} MB, ` +
      `baseline ${orNa(baseStart?.idleRssMb)} MB`,
  );
  // Each other language's articles load on first use: one question in each, then the bot's
  // idle memory again, before any load (a heap grown by the scenarios would hide it).
  const languages = await loadEveryLanguage(bot, connector);
  out(
    `Idle RSS bot with all five languages loaded (one question each in de, fr, es, ja): ` +
      `${orNa(languages.rssMb)} MB (${languages.answered} of 4 answered)`,
  );
  out('Running:');

  const results: ScenarioResult[] = [];
  const twice = options.others.length > 0;
  const baseLabel = (when: string): string =>
    twice ? `${BASELINE_SCENARIO} (${when})` : BASELINE_SCENARIO;
  results.push(await measure(options.baseline, baseLabel('start'), baseline, connector, options));
  for (const scenario of options.others) {
    const child = scenario.target === 'bot' ? bot : baseline;
    results.push(await measure(scenario, scenario.name, child, connector, options));
  }
  if (twice) {
    results.push(await measure(options.baseline, baseLabel('end'), baseline, connector, options));
  }
  const { targets, baseline: base } = evaluate(results, bot, [options.baseline, ...options.others]);
  const baselineDrift = base.drift;

  out();
  out(formatScenarioTable(results));
  out();
  out(`startup to /readyz OK: ${roundTo(bot.startupMs, 0)} ms (bot)`);
  const from =
    base.used.length === 1 ? `from ${base.used[0]}` : `mean of ${base.used.join(' and ')}`;
  out(
    `baseline for ratios: ${base.reqPerSec} req/s, ${base.cpuUsPerReq ?? 'n/a'} us/req (${from})`,
  );
  const costs = results
    .filter((r) => r.target === 'bot' && r.cpuRatioToBaseline !== null)
    .map((r) => `${r.name} ${r.cpuRatioToBaseline?.toFixed(2)}x`);
  if (costs.length > 0) {
    out(`CPU per request vs baseline (steadier when the machine is busy): ${costs.join(', ')}`);
  }
  const retrieval = measureRetrieval();
  out(
    `retrieval (KnowledgeBase.decide, uncached, in process): ${retrieval.calls} calls over ${retrieval.questions} questions, ` +
      `p50 ${retrieval.p50Ms} ms, p99 ${retrieval.p99Ms} ms, max ${retrieval.maxMs} ms`,
  );
  const burst = await runReportBurst({ reports: 1000, faultRate: 0.2 });
  out(
    `report-burst (1,000 reports filed in ${burst.fileMs} ms, 20 % of connector calls 429 + Retry-After): ` +
      `drained in ${burst.drainMs} ms; ${burst.incidents} incidents, ${burst.posts} channel posts, ` +
      `${burst.updates} card updates (${burst.superseded} superseded), ${burst.duplicates} duplicates, ${burst.lost} lost`,
  );
  targets.push({
    name: 'report-burst delivery',
    required: '0 duplicates, 0 lost',
    measured: `${burst.duplicates} dup, ${burst.lost} lost`,
    verdict: burst.duplicates === 0 && burst.lost === 0 ? 'PASS' : 'MISS',
  });
  targets.push({
    name: 'retrieval p99',
    required: `< ${RETRIEVAL_P99_TARGET_MS} ms`,
    measured: `${retrieval.p99Ms} ms`,
    verdict: retrieval.p99Ms < RETRIEVAL_P99_TARGET_MS ? 'PASS' : 'MISS',
  });
  out();
  out(formatTargets(targets));
  const notes: string[] = [];
  if (baselineDrift !== null && Math.abs(baselineDrift) > BASELINE_DRIFT_NOTE) {
    notes.push(
      `NOTE: the baseline moved ${(baselineDrift * 100).toFixed(0)}% between its start and end ` +
        'runs: the machine was not steady; treat ratios with care or re-run.',
    );
  }
  const busy = results.filter((r) => (r.otherCpuPct ?? 0) > OTHER_CPU_NOTE_PCT);
  if (busy.length > 0) {
    notes.push(
      `NOTE: other processes used > ${OTHER_CPU_NOTE_PCT}% of a core during ` +
        `${busy.map((r) => r.label).join(', ')} (CPU% other): figures are noisy.`,
    );
  }
  if (notes.length > 0) {
    out();
    notes.forEach((n) => out(n));
  }
  for (const r of results.filter((x) => x.flags.length > 0)) {
    out();
    out(`FLAGGED ${r.label}: ${r.flags.join('; ')}`);
    const child = r.target === 'bot' ? bot : baseline;
    if (r.childLogLines > 0) {
      out(`  last output of ${child.label}:`);
      child
        .tail()
        .trim()
        .split('\n')
        .slice(-8)
        .forEach((l) => out(`    ${l.slice(0, 300)}`));
    }
  }

  const failed = results.filter((r) => r.ok === 0);
  fs.mkdirSync(OUTPUT_DIR, { recursive: true });
  const report = {
    version: 1,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    cpus: cpus.length,
    cpuModel,
    loadAverageAtStart: loadAverage,
    options: {
      durationSec: options.durationSec,
      warmupSec: options.warmupSec,
      connections: options.connections,
      scenarios: [options.baseline, ...options.others].map((s) => s.name),
    },
    fairness,
    build: {
      rebuilt: build.rebuiltBecause ?? null,
      buildMs: build.buildMs ?? null,
      tscExitCode: build.tscExitCode ?? null,
    },
    startup,
    baseline: base,
    scenarios: results,
    targets,
    runFailed: failed.length > 0,
  };
  fs.writeFileSync(RESULTS_FILE, `${JSON.stringify(report, null, 2)}\n`);
  out();
  out(`Results: ${path.relative(process.cwd(), RESULTS_FILE) || RESULTS_FILE}`);
  if (failed.length > 0) {
    process.stderr.write(
      `bench: no request succeeded in ${failed.map((r) => r.label).join(', ')}\n`,
    );
    return 1;
  }
  return 0;
}

process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);
process.once('SIGHUP', onSignal);
process.on('exit', () => {
  for (const kill of resources.kills) kill();
});

main()
  .catch((err: unknown) => {
    if (err instanceof Interrupted) return 130;
    if (err instanceof UsageError) {
      process.stderr.write(`bench: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
    process.stderr.write(`bench failed: ${text}\n`);
    return 1;
  })
  .then(async (code) => {
    if (resources.interrupted) return; // onSignal exits once cleanup is done.
    await cleanup();
    process.exit(code);
  })
  .catch(() => process.exit(1));
