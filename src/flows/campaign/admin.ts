/**
 * Admins running campaigns: `campaign status` (the rollout dashboard, fresh figures, posted as a
 * new card that later updates follow), and the dashboard's buttons: Refresh, Pause, Resume, End
 * and Export CSV. Each action checks the admin role afresh and quotes the campaign's `rev`
 * (compared inside the conditional write, so a stale or replayed card changes nothing); status
 * changes are audited.
 */
import { randomBytes } from 'node:crypto';

import type { TurnContext } from 'botbuilder';
import { z } from 'zod';

import {
  cardResponse,
  errorResponse,
  registerCardAction,
  type CardActionHandler,
} from '../../actions/card-actions';
import { campaignIdSchema, keys, type Campaign, type CampaignStatus } from '../../campaigns/model';
import { summarise } from '../../campaigns/summary';
import { VERBS } from '../../cards/verbs';
import { translator } from '../../i18n/catalogue';
import { actorOf, banner, refusalResponse, sendRefusal } from '../admin/admin-deps';
import { sendCard } from '../context';

import { EXPORT_LINK_MS, type CampaignDeps } from './deps';
import { dashboardCard } from './view';

/** Campaigns are run by admins: English (the catalogue's `campaign` area is English only). */
const t = translator('en');

/** Which campaign `campaign status <name>` means: by name (start of it), else the newest open. */
function pick(
  list: Awaited<ReturnType<CampaignDeps['campaigns']['list']>>,
  name: string,
): (typeof list)[number] | undefined {
  const wanted = name.trim().toLowerCase();
  if (wanted) {
    return (
      list.find((c) => c.name.toLowerCase() === wanted) ??
      list.find((c) => c.name.toLowerCase().startsWith(wanted))
    );
  }
  return list.find((c) => c.status !== 'ended') ?? list[0];
}

/** Where the dashboard now lives: the card this turn sent or the card that was clicked. */
function placeOf(ctx: TurnContext, activityId: string | undefined): Campaign['dashboard'] {
  const a = ctx.activity;
  if (!activityId || !a.serviceUrl || !a.conversation?.id) return undefined;
  return {
    conversation: {
      serviceUrl: a.serviceUrl,
      conversationId: a.conversation.id,
      tenantId: a.conversation.tenantId,
      botId: a.recipient?.id,
    },
    activityId,
  };
}

/** `campaign status [name]`: the dashboard of one campaign, with fresh figures. */
export async function campaignStatusCommand(
  ctx: TurnContext,
  deps: CampaignDeps,
  name: string,
): Promise<void> {
  const auth = await deps.authorize(ctx.activity.from?.aadObjectId);
  if (!auth.admin) {
    await sendRefusal(ctx, auth);
    return;
  }
  const list = await deps.campaigns.list();
  const entry = pick(list, name);
  const campaign = entry ? await deps.campaigns.get(entry.id) : undefined;
  if (!campaign) {
    await ctx.sendActivity(
      list.length === 0
        ? t('campaign.noCampaignYet')
        : t('campaign.noCampaignCalled', {
            name: name.slice(0, 60),
            list: list
              .slice(0, 5)
              .map((c) => c.name)
              .join(', '),
          }),
    );
    return;
  }
  const summary = await summarise(deps.campaigns, campaign, Date.now());
  const others = list.filter((c) => c.id !== campaign.id).slice(0, 3);
  const sent = await sendCard(
    ctx,
    dashboardCard(campaign, summary, banner(deps), {
      status:
        others.length > 0
          ? t('campaign.otherCampaigns', {
              list: others.map((c) => `${c.name} (${c.status})`).join(', '),
            })
          : '',
    }),
  );
  const place = placeOf(ctx, sent);
  await deps.campaigns.update(campaign.id, (c) => ({
    ...c,
    summary,
    ...(place ? { dashboard: place, dashboardAt: summary.at } : {}),
  }));
}

/** A one-time download link for a campaign's CSV (15 minutes), or undefined without an address. */
async function exportLink(
  deps: CampaignDeps,
  campaign: Campaign,
  by: string,
): Promise<string | undefined> {
  if (!deps.exportUrl) return undefined;
  const token = randomBytes(24).toString('base64url');
  await deps.storage.writeNew({
    [keys.exportToken(token)]: {
      campaignId: campaign.id,
      by,
      expires: Date.now() + EXPORT_LINK_MS,
    },
  });
  return deps.exportUrl(token);
}

const NO_ADDRESS = t('campaign.noAddress');

function linkText(url: string, campaign: Campaign): string {
  return t('campaign.exportLink', { name: campaign.name.replace(/[[\]]/g, ''), url });
}

/** `campaign export [name]`: a download link for the CSV of a campaign. */
export async function campaignExportCommand(
  ctx: TurnContext,
  deps: CampaignDeps,
  name: string,
): Promise<void> {
  const aad = ctx.activity.from?.aadObjectId;
  const auth = await deps.authorize(aad, { fresh: true });
  if (!auth.admin || !aad) {
    await sendRefusal(ctx, auth);
    return;
  }
  const entry = pick(await deps.campaigns.list(), name);
  const campaign = entry ? await deps.campaigns.get(entry.id) : undefined;
  if (!campaign) {
    await ctx.sendActivity(t('campaign.noSuchCampaign'));
    return;
  }
  const url = await exportLink(deps, campaign, aad);
  await ctx.sendActivity(url ? linkText(url, campaign) : NO_ADDRESS);
}

const actionSchema = z.object({
  campaignId: campaignIdSchema,
  rev: z.coerce.number().int().nonnegative().max(1_000_000),
});
type ActionData = z.infer<typeof actionSchema>;

function stale(): ReturnType<typeof errorResponse> {
  return errorResponse(409, 'stale', t('campaign.dashboardStale'));
}

/** Pause, resume or end: a change of status, if the card is current and the change allowed. */
function statusAction(
  deps: CampaignDeps,
  to: CampaignStatus,
  allowedFrom: readonly CampaignStatus[],
  done: string,
): CardActionHandler<ActionData> {
  return {
    schema: actionSchema,
    async handle(ctx, data) {
      const aad = ctx.activity.from?.aadObjectId;
      const auth = await deps.authorize(aad, { fresh: true });
      if (!auth.admin) return refusalResponse(auth);
      const actor = actorOf(ctx);
      let result: 'stale' | 'missing' | 'done' = 'missing';
      const now = Date.now();
      const { value } = await deps.campaigns.update(data.campaignId, (c) => {
        if (c.rev !== data.rev || !allowedFrom.includes(c.status)) {
          result = 'stale';
          return null;
        }
        result = 'done';
        return {
          ...c,
          status: to,
          rev: c.rev + 1,
          history: [...c.history, { at: now, by: actor, status: to }].slice(-100),
          dashboard: placeOf(ctx, ctx.activity.replyToId) ?? c.dashboard,
        };
      });
      if (result === 'missing' || !value) {
        return errorResponse(404, 'not_found', t('campaign.gone'));
      }
      if (result === 'stale') return stale();
      await deps.audit.record({
        actor,
        action:
          to === 'paused' ? 'campaign.pause' : to === 'active' ? 'campaign.resume' : 'campaign.end',
        target: { type: 'campaign', id: value.id, name: value.name },
        after: { status: to },
        sandbox: deps.sandbox,
      });
      deps.poke(value.id);
      const summary = await summarise(deps.campaigns, value, now);
      return cardResponse(
        dashboardCard(value, summary, banner(deps), { status: done, statusColor: 'Good' }),
      );
    },
  };
}

/** Refresh: fresh figures; this card becomes the one later updates follow. */
function refreshAction(deps: CampaignDeps): CardActionHandler<ActionData> {
  return {
    schema: actionSchema,
    async handle(ctx, data) {
      const auth = await deps.authorize(ctx.activity.from?.aadObjectId);
      if (!auth.admin) return refusalResponse(auth);
      const campaign = await deps.campaigns.get(data.campaignId);
      if (!campaign) return errorResponse(404, 'not_found', t('campaign.gone'));
      const summary = await summarise(deps.campaigns, campaign, Date.now());
      const place = placeOf(ctx, ctx.activity.replyToId);
      const { value } = await deps.campaigns.update(campaign.id, (c) => ({
        ...c,
        summary,
        ...(place ? { dashboard: place, dashboardAt: summary.at } : {}),
      }));
      return cardResponse(dashboardCard(value ?? campaign, summary, banner(deps)));
    },
  };
}

/** Export CSV: a download link that works for 15 minutes. */
function exportAction(deps: CampaignDeps): CardActionHandler<ActionData> {
  return {
    schema: actionSchema,
    async handle(ctx, data) {
      const aad = ctx.activity.from?.aadObjectId;
      const auth = await deps.authorize(aad, { fresh: true });
      if (!auth.admin || !aad) return refusalResponse(auth);
      const campaign = await deps.campaigns.get(data.campaignId);
      if (!campaign) return errorResponse(404, 'not_found', t('campaign.gone'));
      const summary = campaign.summary ?? (await summarise(deps.campaigns, campaign, Date.now()));
      const url = await exportLink(deps, campaign, aad);
      return cardResponse(
        dashboardCard(campaign, summary, banner(deps), {
          status: url ? linkText(url, campaign) : NO_ADDRESS,
          statusColor: url ? 'Good' : 'Attention',
        }),
      );
    },
  };
}

/** Registers the dashboard's card actions. */
export function registerCampaignAdminActions(
  registry: Map<string, CardActionHandler<unknown>>,
  deps: CampaignDeps,
): void {
  registerCardAction(registry, VERBS.campaignRefresh, refreshAction(deps));
  registerCardAction(
    registry,
    VERBS.campaignPause,
    statusAction(deps, 'paused', ['active'], t('campaign.pausedDone')),
  );
  registerCardAction(
    registry,
    VERBS.campaignResume,
    statusAction(deps, 'active', ['paused'], t('campaign.resumedDone')),
  );
  registerCardAction(
    registry,
    VERBS.campaignEnd,
    statusAction(deps, 'ended', ['active', 'paused'], t('campaign.endedDone')),
  );
  registerCardAction(registry, VERBS.campaignExport, exportAction(deps));
}
