/**
 * The employee's side of a campaign: the card's buttons (Start now, I don't have an iPhone or
 * iPad, Remind me later, I need help) and what the campaign counts when they use the guide or
 * report a problem (events). Who clicked comes from the authenticated activity; the card only
 * says which campaign, and someone outside its audience changes nothing.
 */
import type { AdaptiveCardInvokeResponse, TurnContext } from 'botbuilder';
import { z } from 'zod';

import {
  cardResponse,
  messageResponse,
  registerCardAction,
  type CardActionHandler,
} from '../../actions/card-actions';
import { campaignIdSchema, type Campaign, type CampaignPerson } from '../../campaigns/model';
import { dayAndTime, isTimeZone, nextWorkingMorning } from '../../campaigns/schedule';
import type { CampaignStore } from '../../campaigns/store';
import { VERBS } from '../../cards/verbs';
import type { Reader } from '../../i18n/format';
import { tr, turnLanguage } from '../../i18n/turn-language';
import type { Logger } from '../../logging';
import { startGuide } from '../guide';
import { showReportFormFor } from '../helpdesk/helpdesk';
import type { CampaignEventSink } from '../knowledge-deps';

import type { CampaignDeps } from './deps';
import { inviteCard, type InviteCardOptions } from './view';

const actionSchema = z.object({ campaignId: campaignIdSchema });
type ActionData = z.infer<typeof actionSchema>;

function zoneOf(ctx: TurnContext): string | undefined {
  const zone = (ctx.activity as { localTimezone?: unknown }).localTimezone;
  return typeof zone === 'string' && isTimeZone(zone) ? zone : undefined;
}

/** The person's card again, in the language of this turn. */
function cardFor(
  ctx: TurnContext,
  campaign: Campaign,
  person: Pick<CampaignPerson, 'optedOut' | 'enrolledAt'>,
  options: Omit<InviteCardOptions, 'reader'> = {},
): AdaptiveCardInvokeResponse {
  return cardResponse(inviteCard(campaign, person, { ...options, reader: turnLanguage(ctx) }));
}

type PersonHandler = (
  ctx: TurnContext,
  campaign: Campaign,
  person: CampaignPerson,
) => Promise<AdaptiveCardInvokeResponse>;

function personAction(deps: CampaignDeps, handler: PersonHandler): CardActionHandler<ActionData> {
  return {
    schema: actionSchema,
    async handle(ctx, data) {
      const aad = ctx.activity.from?.aadObjectId;
      if (!aad) return messageResponse(tr(ctx)('invite.notYours'));
      const campaign = await deps.campaigns.get(data.campaignId);
      const person = campaign ? await deps.campaigns.person(campaign.id, aad) : undefined;
      if (!campaign || !person?.inAudience) return messageResponse(tr(ctx)('invite.notYours'));
      return handler(ctx, campaign, person);
    },
  };
}

/** Changes this person's entry (time zone noted on every click). */
async function touch(
  store: CampaignStore,
  campaign: Campaign,
  aad: string,
  ctx: TurnContext,
  change: (p: CampaignPerson) => void,
): Promise<CampaignPerson | undefined> {
  const zone = zoneOf(ctx);
  return store.updatePerson(campaign.id, aad, (p) => {
    change(p);
    if (zone) p.tz = zone;
    return true;
  });
}

/** Registers the employee card's buttons. */
export function registerCampaignPersonActions(
  registry: Map<string, CardActionHandler<unknown>>,
  deps: CampaignDeps,
): void {
  registerCardAction(
    registry,
    VERBS.campaignPersonStart,
    personAction(deps, async (ctx, campaign, person) => {
      const now = Date.now();
      const after = await touch(deps.campaigns, campaign, person.id, ctx, (p) => {
        p.openedAt ??= now;
      });
      // The guide for their device and the profile Intune applies to them; campaigns are about
      // personal devices, so the guide does not ask who owns it.
      // i18n-exempt: words for the guide's parser (any language), never shown
      await startGuide(ctx, deps.knowledge, 'my own device');
      const t = tr(ctx);
      return cardFor(ctx, campaign, after ?? person, {
        status:
          after?.enrolledAt !== undefined ? t('invite.enrolledAlready') : t('invite.guideBelow'),
        statusColor: 'Accent',
      });
    }),
  );
  registerCardAction(
    registry,
    VERBS.campaignPersonNoDevice,
    personAction(deps, async (ctx, campaign, person) => {
      const now = Date.now();
      const after = await touch(deps.campaigns, campaign, person.id, ctx, (p) => {
        p.optedOut = 'no-device';
        p.optedOutAt ??= now;
        p.remindAt = undefined;
      });
      return cardFor(ctx, campaign, after ?? { ...person, optedOut: 'no-device' }, {
        status: tr(ctx)('invite.noDeviceNoted'),
        statusColor: 'Good',
      });
    }),
  );
  registerCardAction(
    registry,
    VERBS.campaignPersonLater,
    personAction(deps, async (ctx, campaign, person) => {
      if (person.optedOut || person.enrolledAt !== undefined || campaign.status === 'ended') {
        return cardFor(ctx, campaign, person);
      }
      const zone = zoneOf(ctx) ?? person.tz ?? campaign.timeZone;
      const at = nextWorkingMorning(Date.now(), zone, campaign.timeZone);
      const after = await touch(deps.campaigns, campaign, person.id, ctx, (p) => {
        p.remindAt = at;
      });
      // The day and time in their language, in the zone the reminder goes out in.
      const reader: Reader = turnLanguage(ctx);
      return cardFor(ctx, campaign, after ?? person, {
        status: tr(ctx)('invite.remindOn', { when: dayAndTime(at, zone, reader) }),
        statusColor: 'Accent',
      });
    }),
  );
  registerCardAction(
    registry,
    VERBS.campaignPersonHelp,
    personAction(deps, async (ctx, campaign) => {
      const t = tr(ctx);
      if (!deps.helpdesk) return messageResponse(t('invite.reportHow'));
      await showReportFormFor(ctx, deps.helpdesk, {
        step: 'other',
        question: t('invite.aboutCampaign', { name: campaign.name.slice(0, 80) }),
      });
      return messageResponse(t('invite.formOpened'));
    }),
  );
}

/** Options of {@link createCampaignEvents}. */
export interface CampaignEventsOptions {
  store: CampaignStore;
  logger: Logger;
  /** How long the list of running campaigns is reused. Default 30 s. */
  listTtlMs?: number;
}

/**
 * What the guide and the report form tell campaigns: this person opened the guide, finished it,
 * or reported a problem (with the diagnosed cause). Only people in a running campaign's
 * audience are changed; failures are logged, never thrown.
 */
export function createCampaignEvents(options: CampaignEventsOptions): CampaignEventSink {
  const ttl = options.listTtlMs ?? 30_000;
  let cached: { at: number; ids: string[] } | undefined;
  const running = async (): Promise<string[]> => {
    if (cached && Date.now() - cached.at < ttl) return cached.ids;
    const list = await options.store.list();
    cached = { at: Date.now(), ids: list.filter((c) => c.status !== 'ended').map((c) => c.id) };
    return cached.ids;
  };
  const record = async (
    ctx: TurnContext,
    what: string,
    change: (p: CampaignPerson) => boolean,
  ): Promise<void> => {
    const aad = ctx.activity.from?.aadObjectId;
    if (!aad) return;
    try {
      for (const id of await running()) {
        await options.store.updatePerson(id, aad, (p) => (p.inAudience ? change(p) : false));
      }
    } catch (err) {
      options.logger.warn({ err, what }, 'could not record a campaign event');
    }
  };
  return {
    guideOpened: (ctx) =>
      // i18n-exempt: a label for the log
      record(ctx, 'guide opened', (p) => {
        if (p.openedAt !== undefined) return false;
        p.openedAt = Date.now();
        return true;
      }),
    guideFinished: (ctx) =>
      // i18n-exempt: a label for the log
      record(ctx, 'guide finished', (p) => {
        if (p.finishedAt !== undefined) return false;
        p.finishedAt = Date.now();
        p.openedAt ??= p.finishedAt;
        return true;
      }),
    reported: (ctx, cause) =>
      // i18n-exempt: a label for the log
      record(ctx, 'problem reported', (p) => {
        p.reportedAt ??= Date.now();
        p.cause = cause.slice(0, 100);
        return true;
      }),
  };
}
