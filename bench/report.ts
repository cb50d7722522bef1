import type { ScenarioTarget } from './scenarios';

/** Outcome of a target check. */
export type Verdict = 'PASS' | 'MISS';

/** Measured figures for one scenario. */
export interface ScenarioResult {
  name: string;
  /** Name as shown in the table (the baseline runs twice: `(start)` and `(end)`). */
  label: string;
  description: string;
  target: ScenarioTarget;
  /** Completed requests (any status) per second over the measured run. */
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** Peak VmRSS of the target child during the measured run; null when /proc is unreadable. */
  peakRssMb: number | null;
  /** CPU used by the target child during the measured run, % of one core (all its threads). */
  targetCpuPct: number | null;
  /**
   * Target CPU time per completed request, in microseconds: what a request costs the target,
   * less sensitive to a busy machine than req/s.
   */
  cpuUsPerReq: number | null;
  /** CPU used by the bench process (autocannon + loopback connector), % of one core. */
  benchCpuPct: number;
  /**
   * CPU used by everything else on the machine during the run, % of one core (machine busy time
   * minus target and bench). High values mean a noisy machine and less trustworthy figures.
   */
  otherCpuPct: number | null;
  /** Requests answered 2xx. */
  ok: number;
  non2xx: number;
  /** Connection errors, timeouts included. */
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** Replies the connector received during the measured run (in-flight stragglers included). */
  replies: number;
  expectedReplies: number;
  /** Lines the target child logged during the measured run (LOG_LEVEL=warn, so normally 0). */
  childLogLines: number;
  /** reqPerSec / baseline reqPerSec (the mean of the baseline runs). */
  ratioToBaseline: number | null;
  /** cpuUsPerReq / the baseline's (mean of its runs): above 1 means dearer per request. */
  cpuRatioToBaseline: number | null;
  minRatioToBaseline: number | null;
  verdict: Verdict | null;
  /** Reasons the figures are suspect (errors, missing replies); empty when clean. */
  flags: string[];
}

/** Startup of one child. */
export interface StartupResult {
  label: string;
  ms: number;
  idleRssMb: number | null;
}

/** A target line: what was required, what was measured, PASS or MISS. */
export interface TargetResult {
  name: string;
  required: string;
  measured: string;
  verdict: Verdict;
}

const fixed = (value: number | null, digits: number): string =>
  value === null || !Number.isFinite(value) ? 'n/a' : value.toFixed(digits);

/** Left-aligns the first column and right-aligns the rest. */
function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => {
        const width = widths[i] ?? cell.length;
        return i === 0 ? cell.padEnd(width) : cell.padStart(width);
      })
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** The results table: one row per scenario. */
export function formatScenarioTable(results: readonly ScenarioResult[]): string {
  const header = [
    'scenario',
    'target',
    'req/s',
    'p50 ms',
    'p99 ms',
    'peak RSS MB',
    'CPU% tgt',
    'CPU us/req',
    'CPU% bench',
    'CPU% other',
    'errors',
    'replies/2xx',
    'x baseline',
    'check',
  ];
  const rows = results.map((r) => [
    r.label,
    r.target,
    fixed(r.reqPerSec, 1),
    fixed(r.p50Ms, 0),
    fixed(r.p99Ms, 0),
    fixed(r.peakRssMb, 1),
    fixed(r.targetCpuPct, 0),
    fixed(r.cpuUsPerReq, 0),
    fixed(r.benchCpuPct, 0),
    fixed(r.otherCpuPct, 0),
    String(r.errors + r.non2xx),
    `${r.replies}/${r.ok}`,
    r.ratioToBaseline === null ? 'n/a' : `${r.ratioToBaseline.toFixed(2)}x`,
    r.flags.length === 0 ? 'ok' : 'FLAGGED',
  ]);
  return formatTable(header, rows);
}

/** The targets block. */
export function formatTargets(targets: readonly TargetResult[]): string {
  return formatTable(
    ['target', 'required', 'measured', 'result'],
    targets.map((t) => [t.name, t.required, t.measured, t.verdict]),
  );
}

/** Rounds for display and JSON. */
export function roundTo(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
