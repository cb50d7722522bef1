/**
 * The dashboard's figures from the shards, one shard at a time: the funnel (targeted → reached →
 * opened the guide → finished it → reported a problem → enrolled), enrolled per day, the causes
 * the helpdesk diagnosed, and who cannot be reached and why. Also the per-person CSV export.
 */
import { translator } from '../i18n/catalogue';

import type { Campaign, CampaignPerson, CampaignSummary } from './model';
import { dayIn } from './schedule';
import { CampaignStore } from './store';

/** Adds one person to running totals. */
function count(
  s: CampaignSummary,
  p: CampaignPerson,
  days: Map<string, number>,
  causes: Map<string, number>,
  zone: string,
): void {
  if (!p.inAudience) {
    s.left += 1;
    return;
  }
  s.targeted += 1;
  if (p.reachedAt !== undefined) s.reached += 1;
  if (p.openedAt !== undefined) s.openedGuide += 1;
  if (p.finishedAt !== undefined) s.finishedGuide += 1;
  if (p.reportedAt !== undefined) {
    s.reported += 1;
    if (p.cause) causes.set(p.cause, (causes.get(p.cause) ?? 0) + 1);
  }
  if (p.enrolledAt !== undefined) {
    s.enrolled += 1;
    if (p.enrolledBefore) s.enrolledBefore += 1;
    const day = dayIn(p.enrolledAt, zone);
    days.set(day, (days.get(day) ?? 0) + 1);
  }
  if (p.optedOut) s.optedOut += 1;
  if (p.unreachable && p.reachedAt === undefined) {
    s.unreachable[p.unreachable.reason] = (s.unreachable[p.unreachable.reason] ?? 0) + 1;
  } else if (p.reachedAt === undefined && p.enrolledAt === undefined && !p.optedOut) {
    s.waiting += 1;
  }
  s.remindersSent += p.reminders + (p.snoozes ?? 0);
}

/** An empty summary at `at`. */
export function emptySummary(at: number): CampaignSummary {
  return {
    at,
    targeted: 0,
    reached: 0,
    openedGuide: 0,
    finishedGuide: 0,
    reported: 0,
    enrolled: 0,
    enrolledBefore: 0,
    optedOut: 0,
    left: 0,
    waiting: 0,
    unreachable: {},
    enrolledByDay: [],
    causes: [],
    remindersSent: 0,
  };
}

/** Reads every shard once and adds it up. */
export async function summarise(
  store: CampaignStore,
  campaign: Campaign,
  now: number,
): Promise<CampaignSummary> {
  const s = emptySummary(now);
  const days = new Map<string, number>();
  const causes = new Map<string, number>();
  for (const shard of CampaignStore.shards()) {
    const { people } = await store.readShard(campaign.id, shard);
    for (const person of Object.values(people)) count(s, person, days, causes, campaign.timeZone);
  }
  s.enrolledByDay = [...days.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, n]) => ({ day, count: n }));
  s.causes = [...causes.entries()]
    .sort(([, a], [, b]) => b - a)
    .slice(0, 5)
    .map(([cause, n]) => ({ cause, count: n }));
  return s;
}

/** Did anything the dashboard shows change? */
export function sameFigures(a: CampaignSummary | undefined, b: CampaignSummary): boolean {
  if (!a) return false;
  const { at: _a, ...restA } = a;
  const { at: _b, ...restB } = b;
  return JSON.stringify(restA) === JSON.stringify(restB);
}

/** The export is for admins: English (the catalogue's `campaign` area is English only). */
const t = translator('en');

/** One person's status in words, as the export and the dashboard say it. */
export function statusOf(p: CampaignPerson): string {
  if (!p.inAudience) return t('campaign.personStatus.left');
  if (p.enrolledAt !== undefined) {
    return p.enrolledBefore
      ? t('campaign.personStatus.alreadyEnrolled')
      : t('campaign.personStatus.enrolled');
  }
  if (p.optedOut) return t('campaign.personStatus.optedOut');
  if (p.unreachable && p.reachedAt === undefined) return t('campaign.personStatus.unreachable');
  if (p.reportedAt !== undefined) return t('campaign.personStatus.reported');
  if (p.finishedAt !== undefined) return t('campaign.personStatus.finished');
  if (p.openedAt !== undefined) return t('campaign.personStatus.opened');
  if (p.reachedAt !== undefined) return t('campaign.personStatus.reached');
  if (p.invitedAt !== undefined) return t('campaign.personStatus.queued');
  return t('campaign.personStatus.waiting');
}

const CSV_COLUMNS = [
  'name',
  'upn',
  'status',
  'reached',
  'opened',
  'finished',
  'reported',
  'cause',
  'enrolled',
  'reminders',
  'unreachable',
] as const;

/**
 * One CSV field (RFC 4180 quoting). A value a spreadsheet would run as a formula (starting with
 * = + - @, tab or carriage return) is prefixed with an apostrophe.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function iso(ms: number | undefined): string {
  return ms === undefined ? '' : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The per-person export, a chunk per shard (memory holds one shard), header first. UTF-8 with a
 * byte-order mark so spreadsheet programs read names with accents right.
 */
export async function* exportCsv(store: CampaignStore, campaign: Campaign): AsyncGenerator<string> {
  const header = CSV_COLUMNS.map((c) => t(`campaign.csv.${c}`));
  yield `\uFEFF${header.map(csvField).join(',')}\r\n`;
  for (const shard of CampaignStore.shards()) {
    const { people } = await store.readShard(campaign.id, shard);
    const rows = Object.values(people)
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((p) =>
        [
          p.name,
          p.upn,
          statusOf(p),
          iso(p.reachedAt),
          iso(p.openedAt),
          iso(p.finishedAt),
          iso(p.reportedAt),
          p.cause ?? '',
          iso(p.enrolledAt),
          String(p.reminders + (p.snoozes ?? 0)),
          p.unreachable && p.reachedAt === undefined ? p.unreachable.reason : '',
        ]
          .map(csvField)
          .join(','),
      );
    if (rows.length > 0) yield `${rows.join('\r\n')}\r\n`;
  }
}
