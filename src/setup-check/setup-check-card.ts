/**
 * The setup check card (cards/setup-check.json): one row per checklist item with its status
 * icon, what was found and what to do. Item text quotes tenant data and remote servers, so every
 * string is cleaned, Markdown-escaped and cut to a byte budget that keeps a worst-case card
 * (every item at its longest, hostile text everywhere) under the card size limit.
 */
import setupCheckJson from '../../cards/setup-check.json';
import { compileTemplate, toAttachment, type RenderedCard } from '../cards/render';
import { fitCardText, plainCardText, truncate } from '../cards/text';

import type { ChecklistEntry, CheckStatus } from './checks';

/**
 * The "Run again" verb. Must equal `VERBS.setupCheckRerun` in src/cards/verbs.ts (the card
 * template test checks every verb in cards/*.json is listed there).
 */
export const SETUP_CHECK_RERUN_VERB = 'setup.check.rerun';

/** One row of the card. All text is already escaped. */
export interface SetupCheckCardRow {
  icon: string;
  title: string;
  detail: string;
  /** "Fix:" or, for manual items, "What to check:". */
  fixLabel: string;
  /** '' hides the line. */
  fix: string;
  /** True while the item is still being checked (shown subtle). */
  pending: boolean;
}

/** Bound data of cards/setup-check.json. */
export interface SetupCheckCardData {
  sandbox: boolean;
  sandboxNotice: string;
  title: string;
  summary: string;
  summaryColor: 'Default' | 'Good' | 'Warning' | 'Attention';
  rows: SetupCheckCardRow[];
  footer: string;
  rerunTitle: string;
  fallbackText: string;
}

/** Input of {@link renderSetupCheckCard}. */
export interface SetupCheckCardInput {
  /** The checklist, finished or in progress (pending entries show ⏳ "Checking…"). */
  items: readonly ChecklistEntry[];
  sandbox: boolean;
  sandboxNotice: string;
  /** How long the finished run took, for the footer. */
  elapsedMs?: number;
  /** When the run finished, for the footer. */
  checkedAt?: Date;
}

/** Status icons (text, so every client shows them). */
export const STATUS_ICONS: Readonly<Record<CheckStatus | 'pending', string>> = {
  pass: '✅',
  warn: '⚠️',
  fail: '❌',
  manual: '📝',
  error: '❗',
  pending: '⏳',
};

/** Rows shown; the checklist has nine. */
const MAX_ROWS = 12;
/** Bytes of JSON-encoded text per row field. */
const TITLE_BYTES = 300;
const DETAIL_BYTES = 1200;
const FIX_BYTES = 500;

const template = compileTemplate<SetupCheckCardData>('setup-check', setupCheckJson);

function row(entry: ChecklistEntry): SetupCheckCardRow {
  if (entry.status === 'pending') {
    return {
      icon: STATUS_ICONS.pending,
      title: fitCardText(entry.title, 100, TITLE_BYTES),
      detail: 'Checking…',
      fixLabel: '',
      fix: '',
      pending: true,
    };
  }
  return {
    icon: STATUS_ICONS[entry.status] ?? STATUS_ICONS.error,
    title: fitCardText(entry.title, 100, TITLE_BYTES),
    detail: fitCardText(entry.detail, 1000, DETAIL_BYTES) || '…',
    fixLabel: entry.status === 'manual' ? 'What to check:' : 'Fix:',
    fix:
      typeof entry.fix === 'string' && entry.fix.trim() !== ''
        ? fitCardText(entry.fix, 450, FIX_BYTES)
        : '',
    pending: false,
  };
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "5 passed · 2 warnings · 1 failed" (and errors and manual items when there are any). */
export function summaryLine(items: readonly ChecklistEntry[]): string {
  const count = (s: CheckStatus | 'pending'): number => items.filter((i) => i.status === s).length;
  const pending = count('pending');
  if (pending > 0) {
    return `⏳ Checking… ${items.length - pending} of ${items.length} done.`;
  }
  return [
    `${count('pass')} passed`,
    plural(count('warn'), 'warning', 'warnings'),
    `${count('fail')} failed`,
    ...(count('error') > 0 ? [`${count('error')} could not be checked`] : []),
    ...(count('manual') > 0 ? [`${count('manual')} to check yourself`] : []),
  ].join(' · ');
}

function summaryColor(items: readonly ChecklistEntry[]): SetupCheckCardData['summaryColor'] {
  if (items.some((i) => i.status === 'pending')) return 'Default';
  if (items.some((i) => i.status === 'fail')) return 'Attention';
  if (items.some((i) => i.status === 'warn' || i.status === 'error')) return 'Warning';
  return 'Good';
}

function footer(input: SetupCheckCardInput, running: boolean): string {
  if (running) {
    return 'Reading your Intune settings through Microsoft Graph and fetching the service discovery file like an iPhone would. This card updates when done.';
  }
  const took =
    input.elapsedMs === undefined
      ? ''
      : ` in ${(Math.max(0, input.elapsedMs) / 1000).toFixed(1)} s`;
  const at =
    input.checkedAt === undefined
      ? ''
      : ` at ${input.checkedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `Checked${took}${at}. More detail: “verify domain” followed by a domain name, or “profiles” for enrollment profiles.`;
}

/** Builds the bound data of the card (exported for tests and samples). */
export function setupCheckCardData(input: SetupCheckCardInput): SetupCheckCardData {
  const items = input.items.slice(0, MAX_ROWS);
  const running = items.some((i) => i.status === 'pending');
  const summary = summaryLine(items);
  return {
    sandbox: input.sandbox,
    sandboxNotice: input.sandbox ? truncate(input.sandboxNotice, 200) : '',
    title: 'Account-driven User Enrollment: setup check',
    summary,
    summaryColor: summaryColor(items),
    rows: items.map(row),
    footer: footer(input, running),
    rerunTitle: 'Run again',
    fallbackText: plainCardText(
      running
        ? `Setup check: ${summary}`
        : `Setup check: ${summary}. ${items
            .filter((i) => i.status === 'fail' || i.status === 'warn' || i.status === 'error')
            .map((i) => `${i.status.toUpperCase()}: ${i.title}`)
            .join('; ')}`,
      600,
    ),
  };
}

/** Renders the setup check card, finished or in progress. */
export function renderSetupCheckCard(input: SetupCheckCardInput): RenderedCard {
  const data = setupCheckCardData(input);
  return {
    attachment: toAttachment(template.bind(data)),
    summary: data.fallbackText,
  };
}
