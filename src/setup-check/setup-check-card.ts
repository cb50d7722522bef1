/**
 * The setup check card (cards/setup-check.json): one row per checklist item with its status
 * icon, what was found and what to do. Item text quotes tenant data and remote servers, so every
 * string is cleaned, Markdown-escaped and cut to a byte budget that keeps a worst-case card
 * (every item at its longest, hostile text everywhere) under the card size limit.
 */
import setupCheckJson from '../../cards/setup-check.json';
import { compileTemplate, toAttachment, type RenderedCard } from '../cards/render';
import { fitCardText, plainCardText, truncate } from '../cards/text';
import { translator, type Translate } from '../i18n/catalogue';
import type { Language } from '../i18n/languages';

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
  /** The language of the card; English when absent (admins read it). */
  lang?: Language;
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

function row(entry: ChecklistEntry, t: Translate): SetupCheckCardRow {
  if (entry.status === 'pending') {
    return {
      icon: STATUS_ICONS.pending,
      title: fitCardText(entry.title, 100, TITLE_BYTES),
      detail: t('setupCheck.card.checking'),
      fixLabel: '',
      fix: '',
      pending: true,
    };
  }
  return {
    icon: STATUS_ICONS[entry.status] ?? STATUS_ICONS.error,
    title: fitCardText(entry.title, 100, TITLE_BYTES),
    detail: fitCardText(entry.detail, 1000, DETAIL_BYTES) || '…',
    fixLabel:
      entry.status === 'manual' ? t('setupCheck.card.whatToCheck') : t('setupCheck.card.fixLabel'),
    fix:
      typeof entry.fix === 'string' && entry.fix.trim() !== ''
        ? fitCardText(entry.fix, 450, FIX_BYTES)
        : '',
    pending: false,
  };
}

/** "5 passed · 2 warnings · 1 failed" (and errors and manual items when there are any). */
export function summaryLine(
  items: readonly ChecklistEntry[],
  t: Translate = translator('en'),
): string {
  const count = (s: CheckStatus | 'pending'): number => items.filter((i) => i.status === s).length;
  const pending = count('pending');
  if (pending > 0) {
    return t('setupCheck.card.progress', { done: items.length - pending, total: items.length });
  }
  return [
    t('setupCheck.card.passed', { n: count('pass') }),
    t('setupCheck.card.warnings', { count: count('warn') }),
    t('setupCheck.card.failed', { n: count('fail') }),
    ...(count('error') > 0 ? [t('setupCheck.card.notChecked', { n: count('error') })] : []),
    ...(count('manual') > 0 ? [t('setupCheck.card.manual', { n: count('manual') })] : []),
  ].join(t('setupCheck.card.summarySeparator'));
}

function summaryColor(items: readonly ChecklistEntry[]): SetupCheckCardData['summaryColor'] {
  if (items.some((i) => i.status === 'pending')) return 'Default';
  if (items.some((i) => i.status === 'fail')) return 'Attention';
  if (items.some((i) => i.status === 'warn' || i.status === 'error')) return 'Warning';
  return 'Good';
}

function footer(input: SetupCheckCardInput, running: boolean, t: Translate): string {
  if (running) return t('setupCheck.card.running');
  const seconds =
    input.elapsedMs === undefined ? undefined : (Math.max(0, input.elapsedMs) / 1000).toFixed(1);
  const time = input.checkedAt?.toISOString().slice(0, 16).replace('T', ' ');
  const checked =
    seconds !== undefined && time !== undefined
      ? t('setupCheck.card.checkedInAt', { seconds, time })
      : seconds !== undefined
        ? t('setupCheck.card.checkedIn', { seconds })
        : time !== undefined
          ? t('setupCheck.card.checkedAt', { time })
          : t('setupCheck.card.checked');
  return t('setupCheck.card.footer', { checked });
}

/** Builds the bound data of the card (exported for tests and samples). */
export function setupCheckCardData(input: SetupCheckCardInput): SetupCheckCardData {
  const t = translator(input.lang ?? 'en');
  const items = input.items.slice(0, MAX_ROWS);
  const running = items.some((i) => i.status === 'pending');
  const summary = summaryLine(items, t);
  const statusWord = (status: 'fail' | 'warn' | 'error'): string =>
    status === 'fail'
      ? t('setupCheck.card.status.fail')
      : status === 'warn'
        ? t('setupCheck.card.status.warn')
        : t('setupCheck.card.status.error');
  const problems = items
    .flatMap((i) =>
      i.status === 'fail' || i.status === 'warn' || i.status === 'error'
        ? [t('setupCheck.card.fallbackItem', { status: statusWord(i.status), title: i.title })]
        : [],
    )
    .join(t('setupCheck.card.fallbackSeparator'));
  return {
    sandbox: input.sandbox,
    sandboxNotice: input.sandbox ? truncate(input.sandboxNotice, 200) : '',
    title: t('setupCheck.card.title'),
    summary,
    summaryColor: summaryColor(items),
    rows: items.map((entry) => row(entry, t)),
    footer: footer(input, running, t),
    rerunTitle: t('setupCheck.card.rerun'),
    fallbackText: plainCardText(
      running
        ? t('setupCheck.card.fallbackRunning', { summary })
        : t('setupCheck.card.fallbackDone', { summary, problems }),
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
