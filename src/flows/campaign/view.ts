/**
 * What campaign cards say: the employee's card (first message, reminders, after a choice), the
 * dashboard's figures in words and charts, and the messages the runner hands to the outbox.
 * Everything a person or an admin typed is escaped before it reaches a card.
 */
import type { Campaign, CampaignPerson, CampaignSummary } from '../../campaigns/model';
import type { CampaignMessages } from '../../campaigns/runner';
import { longDate, shortDate } from '../../campaigns/schedule';
import {
  renderCampaignDashboardCard,
  renderCampaignInviteCard,
  type CampaignDashboardCardData,
  type CampaignInviteCardData,
  type DashboardFigure,
} from '../../cards/campaign-cards';
import type { RenderedCard } from '../../cards/render';
import { cardTime, escapeCardText, truncate } from '../../cards/text';
import { translator } from '../../i18n/catalogue';
import { formatNumber, type Reader } from '../../i18n/format';
import { cardActivity } from '../helpdesk/helpdesk';

/**
 * Admins read campaigns in English (the catalogue's `campaign` area is English only), numbers
 * and dates included; employees read their card in their own language (`invite` area).
 */
const ADMIN: Reader = { lang: 'en' };
const t = translator(ADMIN.lang);

/** A number as the admin cards show it: "10,000". */
function num(n: number): string {
  return formatNumber(n, ADMIN);
}

/** How each method reads to an admin. */
export const METHOD_TEXT: Record<Campaign['method'], string> = {
  accountDrivenUserEnrollment: t('campaign.methods.accountDrivenUserEnrollment'),
  webDeviceEnrollment: t('campaign.methods.webDeviceEnrollment'),
  device: t('campaign.methods.device'),
  userChoice: t('campaign.methods.userChoice'),
};

/**
 * The default text of the card, which the admin can change; stored in English. A campaign that
 * keeps it shows each person the same text in their language.
 */
export function defaultMessage(): string {
  return t('invite.defaultMessage');
}

/** The reminders in words: "after 3 and 7 working days, at 09:00 in each person's time zone". */
export function remindersText(days: readonly number[]): string {
  if (days.length === 0) return t('campaign.remindersNone');
  const list =
    days.length === 1
      ? String(days[0])
      : t('campaign.listAnd', {
          first: days.slice(0, -1).join(', '),
          last: String(days[days.length - 1]),
        });
  // Singular only for "after 1 working day".
  return t('campaign.remindersAfter', {
    list,
    count: days.length === 1 ? (days[0] ?? 0) : days.length,
  });
}

/** The people in the audience, in words. */
export function audienceText(campaign: Pick<Campaign, 'groups'>): string {
  return campaign.groups.map((g) => escapeCardText(truncate(g.name, 80))).join(', ');
}

/** The employee card's title: the invitation, a reminder, or the reminder they asked for. */
export function inviteTitle(
  kind: 'invite' | 'reminder' | 'later',
  deadline: string,
  reader: Reader = { lang: 'en' },
): string {
  const tl = translator(reader.lang);
  const date = longDate(deadline, reader);
  return kind === 'invite'
    ? tl('invite.title', { date })
    : kind === 'later'
      ? tl('invite.titleLater', { date })
      : tl('invite.titleReminder', { date });
}

/** Options of the employee's card. */
export interface InviteCardOptions {
  kind?: 'invite' | 'reminder' | 'later';
  status?: string;
  statusColor?: CampaignInviteCardData['statusColor'];
  /** The person's language (and locale); English when absent. */
  reader?: Reader;
}

/** The employee's card. `status` says what they chose, when they chose something. */
export function inviteCardData(
  campaign: Campaign,
  person: Pick<CampaignPerson, 'optedOut' | 'enrolledAt'> | undefined,
  options: InviteCardOptions = {},
): CampaignInviteCardData {
  const reader = options.reader ?? { lang: 'en' };
  const tl = translator(reader.lang);
  const title = inviteTitle(options.kind ?? 'invite', campaign.deadline, reader);
  const closed =
    Boolean(person?.optedOut) || person?.enrolledAt !== undefined || campaign.status === 'ended';
  // The suggested text the admin kept reads in each person's language.
  const message =
    campaign.message === defaultMessage()
      ? tl('invite.defaultMessage')
      : escapeCardText(truncate(campaign.message, 1000));
  return {
    campaignId: campaign.id,
    title,
    from: tl('invite.from', { name: escapeCardText(truncate(campaign.name, 100)) }),
    message,
    why: tl('invite.whyText'),
    howLong: tl('invite.howLongText'),
    privacy: tl('invite.privacyText'),
    status: options.status ?? (campaign.status === 'ended' ? tl('invite.ended') : ''),
    statusColor: options.statusColor ?? 'Default',
    open: !closed,
    fallbackText: tl('invite.fallback', { title }),
  };
}

/** The employee's card, rendered in their language. */
export function inviteCard(
  campaign: Campaign,
  person: Pick<CampaignPerson, 'optedOut' | 'enrolledAt'> | undefined,
  options: InviteCardOptions = {},
): RenderedCard {
  return renderCampaignInviteCard(
    inviteCardData(campaign, person, options),
    options.reader?.lang ?? 'en',
  );
}

function figure(label: string, count: number, of: number): DashboardFigure {
  return {
    label,
    count,
    countText: num(count),
    share: of > 0 ? `${Math.round((100 * count) / of)} %` : '–',
  };
}

/** Why people cannot be reached, in an admin's words. */
function unreachableText(reason: string): string {
  const key = `campaign.unreachableReason.${reason}`;
  const text = t(key);
  return text === key ? reason : text;
}

/** The dashboard's data. `status` is a line about the last action (paused, link ready…). */
export function dashboardCardData(
  campaign: Campaign,
  summary: CampaignSummary,
  banner: { sandbox: boolean; sandboxNotice: string },
  options: {
    status?: string;
    statusColor?: CampaignDashboardCardData['statusColor'];
    /** Before the first read of the groups: how many people the wizard counted, in words. */
    pendingAudience?: string;
  } = {},
): CampaignDashboardCardData {
  const n = summary.targeted;
  const funnel = [
    figure(t('campaign.funnel.targeted'), n, n),
    figure(t('campaign.funnel.reached'), summary.reached, n),
    figure(t('campaign.funnel.opened'), summary.openedGuide, n),
    figure(t('campaign.funnel.finished'), summary.finishedGuide, n),
    figure(t('campaign.funnel.reported'), summary.reported, n),
    figure(t('campaign.funnel.enrolled'), summary.enrolled, n),
  ];
  const unreachableTotal = Object.values(summary.unreachable).reduce((a, b) => a + b, 0);
  const inProgress = Math.max(
    0,
    n - summary.enrolled - summary.optedOut - unreachableTotal - summary.waiting,
  );
  const outcomes = [
    figure(t('campaign.outcome.enrolledAfter'), summary.enrolled - summary.enrolledBefore, n),
    figure(t('campaign.outcome.enrolledBefore'), summary.enrolledBefore, n),
    figure(t('campaign.outcome.inProgress'), inProgress, n),
    figure(t('campaign.outcome.waiting'), summary.waiting, n),
    figure(t('campaign.outcome.optedOut'), summary.optedOut, n),
    figure(t('campaign.outcome.unreachable'), unreachableTotal, n),
  ].filter((f) => f.count > 0);
  // The last 30 days with enrollments; earlier days still count in the running total.
  let running = summary.enrolledByDay.slice(0, -30).reduce((a, d) => a + d.count, 0);
  const enrolledByDay = summary.enrolledByDay.slice(-30).map((d) => {
    running += d.count;
    return {
      day: d.day,
      total: running,
      label: shortDate(d.day),
      dayText: longDate(d.day),
      totalText: t('campaign.dayTotal', { total: num(running), day: num(d.count) }),
    };
  });
  const share = n > 0 ? Math.round((100 * summary.enrolled) / n) : 0;
  const state = t(`campaign.state.${campaign.status}`);
  const pending = options.pendingAudience !== undefined && n === 0;
  const headline = pending
    ? t('campaign.headlinePending', { state, pending: options.pendingAudience })
    : t(summary.enrolledBefore > 0 ? 'campaign.headlineBefore' : 'campaign.headline', {
        state,
        enrolled: num(summary.enrolled),
        targeted: num(n),
        share,
        before: num(summary.enrolledBefore),
      });
  const groups = audienceText(campaign);
  return {
    ...banner,
    campaignId: campaign.id,
    rev: campaign.rev,
    name: escapeCardText(truncate(campaign.name, 100)),
    headline,
    headerStyle:
      campaign.status === 'active'
        ? 'accent'
        : campaign.status === 'paused'
          ? 'warning'
          : 'emphasis',
    status: options.status ?? '',
    statusColor: options.statusColor ?? 'Default',
    audience: pending
      ? `${groups} · ${options.pendingAudience ?? ''}`
      : summary.left > 0
        ? t('campaign.audienceCountLeft', { groups, n: num(n), left: num(summary.left) })
        : t('campaign.audienceCount', { groups, n: num(n) }),
    deadlineText: longDate(campaign.deadline),
    remindersText: t('campaign.remindersSent', {
      reminders: remindersText(campaign.reminderDays),
      n: num(summary.remindersSent),
    }),
    asOf: cardTime(new Date(summary.at).toISOString()),
    targeted: n,
    funnel,
    outcomes,
    enrolledByDay,
    causes: summary.causes.map((c) =>
      figure(escapeCardText(truncate(c.cause, 80)), c.count, summary.reported),
    ),
    unreachable: Object.entries(summary.unreachable)
      .filter(([, count]) => count > 0)
      .map(([reason, count]) => figure(unreachableText(reason), count, n)),
    canPause: campaign.status === 'active',
    canResume: campaign.status === 'paused',
    canEnd: campaign.status !== 'ended',
    fallbackText: `${campaign.name}: ${headline}`,
  };
}

/** The dashboard card. */
export function dashboardCard(
  campaign: Campaign,
  summary: CampaignSummary,
  banner: { sandbox: boolean; sandboxNotice: string },
  options: Parameters<typeof dashboardCardData>[3] = {},
): RenderedCard {
  return renderCampaignDashboardCard(dashboardCardData(campaign, summary, banner, options));
}

/** How a runner's message is rendered again for the person it goes to. */
export interface PersonalMessage {
  /** The person's Entra object id. */
  userId: string;
  /** The same message in the reader's language. */
  render(reader: Reader): Record<string, unknown>;
}

/**
 * The messages the runner sends, as outbox activities. The runner builds them outside any turn
 * and without storage, so they come in English; `personal` says, for an invitation or a reminder
 * built here, whom it is for and renders it again in that person's language (the app's wiring
 * reads their language before the message is queued: src/app/campaigns.ts).
 */
export function campaignMessages(banner: {
  sandbox: boolean;
  sandboxNotice: string;
}): CampaignMessages & {
  personal(activity: Record<string, unknown>): PersonalMessage | undefined;
} {
  const pending = new WeakMap<object, PersonalMessage>();
  const keep = (userId: string, render: PersonalMessage['render']): Record<string, unknown> => {
    const activity = render({ lang: 'en' });
    pending.set(activity, { userId, render });
    return activity;
  };
  return {
    invite: (campaign, person) =>
      keep(person.id, (reader) => cardActivity(inviteCard(campaign, person, { reader }))),
    reminder: (campaign, person, kind) =>
      keep(person.id, (reader) => cardActivity(inviteCard(campaign, person, { kind, reader }))),
    dashboard: (campaign, summary) => cardActivity(dashboardCard(campaign, summary, banner)),
    personal: (activity) => pending.get(activity),
  };
}
