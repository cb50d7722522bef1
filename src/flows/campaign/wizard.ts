/**
 * `start campaign` (admins): a two-step card wizard. Step 1 picks who (the groups enrollment
 * profiles are assigned to, or groups found by name, each with its number of people), which
 * enrollments count, the message (a default the admin can change), the deadline and the
 * reminders; step 2 reviews it with a preview of the employee's card and starts it.
 *
 * The draft lives in storage, one per admin (`campaigns/draft/<aad>`); cards carry only its id
 * and revision, compared inside the conditional write, so a stale or replayed card changes
 * nothing. Every action checks the admin role afresh. Starting records `campaign.start` in the
 * audit log, turns the wizard card into the campaign's dashboard and wakes the runner.
 */
import { randomBytes } from 'node:crypto';

import type { AdaptiveCardInvokeResponse, TurnContext } from 'botbuilder';
import { z } from 'zod';

import {
  cardResponse,
  errorResponse,
  messageResponse,
  registerCardAction,
  type CardActionHandler,
} from '../../actions/card-actions';
import { CAMPAIGN_METHODS, type Campaign } from '../../campaigns/model';
import { isTimeZone, longDate, todayIn } from '../../campaigns/schedule';
import { newCampaignId } from '../../campaigns/store';
import { emptySummary } from '../../campaigns/summary';
import {
  renderCampaignReviewCard,
  renderCampaignSetupCard,
  type CampaignSetupCardData,
} from '../../cards/campaign-cards';
import { escapeCardText, noBinding, truncate } from '../../cards/text';
import { VERBS } from '../../cards/verbs';
import { translator } from '../../i18n/catalogue';
import { formatNumber } from '../../i18n/format';
import type { StateStorage } from '../../storage/state-storage';
import { updateDocument } from '../../storage/update-document';
import { actorOf, banner, refusalResponse, sendRefusal } from '../admin/admin-deps';
import { sendCard } from '../context';

import type { CampaignDeps } from './deps';
import { dashboardCard, defaultMessage, inviteTitle, METHOD_TEXT, remindersText } from './view';

/** The wizard is for admins: English (the catalogue's `campaign` area is English only). */
const t = translator('en');

const REMINDER_CHOICES = [2, 3, 5, 7, 10] as const;
const MAX_GROUPS = 20;
const MAX_CHOICES = 15;

const groupChoiceSchema = z.object({
  id: z.string().max(100),
  name: z.string().max(256),
  people: z.number().int().nonnegative().optional(),
  note: z.string().max(200),
});

const draftSchema = z.object({
  id: z.string().regex(/^[a-z0-9]{12}$/),
  rev: z.number().int().nonnegative(),
  step: z.enum(['setup', 'review', 'started', 'cancelled']),
  name: z.string().max(100),
  choices: z.array(groupChoiceSchema).max(MAX_CHOICES + MAX_GROUPS),
  groups: z.array(z.string().max(100)).max(MAX_GROUPS),
  search: z.string().max(100),
  method: z.enum(CAMPAIGN_METHODS),
  message: z.string().max(1000),
  deadline: z.string().max(10),
  reminders: z.array(z.number().int()).max(5),
  startedId: z.string().optional(),
});
type Draft = z.infer<typeof draftSchema>;

const draftKey = (aad: string): string => `campaigns/draft/${aad.toLowerCase()}`;

/** What the wizard's buttons send: the draft and its revision, plus the form's fields. */
const actionSchema = z.looseObject({
  draftId: z.string().regex(/^[a-z0-9]{12}$/),
  rev: z.coerce.number().int().nonnegative().max(1_000_000),
});
type ActionData = z.infer<typeof actionSchema>;

/** The form as typed; every field optional and re-checked. */
const formSchema = z.object({
  name: z.string().max(2000).optional(),
  groups: z.string().max(4000).optional(),
  groupSearch: z.string().max(2000).optional(),
  method: z.string().max(100).optional(),
  message: z.string().max(20_000).optional(),
  deadline: z.string().max(100).optional(),
  reminders: z.string().max(200).optional(),
});

function clean(text: string, max: number): string {
  return text
    .replace(/\p{Cc}+/gu, (m) => (m.includes('\n') ? '\n' : ' '))
    .replace(/[ \t]+/g, ' ')
    .trim()
    .slice(0, max);
}

function addDays(day: string, days: number): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function zoneOf(ctx: TurnContext): string {
  const zone = (ctx.activity as { localTimezone?: unknown }).localTimezone;
  return typeof zone === 'string' && isTimeZone(zone) ? zone : 'UTC';
}

/** The groups enrollment profiles are assigned to, with how many people each has. */
async function profileGroups(deps: CampaignDeps): Promise<Draft['choices']> {
  const choices: Draft['choices'] = [];
  const profiles = await deps.profiles.list();
  for (const profile of profiles) {
    const assignments = await deps.profiles.listAssignments(profile.id);
    for (const a of assignments) {
      const target = a.target;
      if (target.kind !== 'group' || choices.some((c) => c.id === target.groupId)) continue;
      if (choices.length >= MAX_CHOICES) return choices;
      const group = await deps.directory.getGroup(target.groupId);
      if (!group) continue;
      choices.push({
        id: group.id,
        name: group.displayName,
        people: await countOrUndefined(deps, group.id),
        note: t('campaign.noteProfile', { profile: truncate(profile.displayName, 60) }),
      });
    }
  }
  return choices;
}

async function countOrUndefined(deps: CampaignDeps, groupId: string): Promise<number | undefined> {
  try {
    return await deps.directory.countUserMembers(groupId);
  } catch (err) {
    deps.logger.warn({ err }, 'could not count the group');
    return undefined;
  }
}

function peopleText(n: number | undefined): string {
  return n === undefined
    ? t('campaign.peopleNotCounted')
    : t('campaign.people', { count: n, n: formatNumber(n, { lang: 'en' }) });
}

function setupCard(
  deps: CampaignDeps,
  draft: Draft,
  error = '',
  now = new Date(),
): ReturnType<typeof renderCampaignSetupCard> {
  const data: CampaignSetupCardData = {
    ...banner(deps),
    draftId: draft.id,
    rev: draft.rev,
    error,
    name: noBinding(draft.name),
    groupsHint:
      draft.choices.length > 0 ? t('campaign.groupsHintProfiles') : t('campaign.groupsHintNone'),
    groupChoices: draft.choices.map((c) => ({
      title: noBinding(`${c.name} · ${peopleText(c.people)} · ${c.note}`),
      value: c.id,
    })),
    selectedGroups: draft.groups.join(','),
    groupSearch: noBinding(draft.search),
    method: draft.method,
    message: noBinding(draft.message),
    deadline: draft.deadline,
    minDeadline: todayIn(now.getTime(), 'UTC'),
    reminders: draft.reminders.join(','),
  };
  return renderCampaignSetupCard(data);
}

/** The groups the draft has chosen, and how many people they hold in words (undefined: not counted). */
function chosenAudience(draft: Draft): { chosen: Draft['choices']; people: string | undefined } {
  const chosen = draft.choices.filter((c) => draft.groups.includes(c.id));
  const counted = chosen.every((c) => c.people !== undefined);
  const total = chosen.reduce((a, c) => a + (c.people ?? 0), 0);
  return {
    chosen,
    people: counted ? t('campaign.upTo', { people: peopleText(total) }) : undefined,
  };
}

function reviewCard(
  deps: CampaignDeps,
  draft: Draft,
  error = '',
): ReturnType<typeof renderCampaignReviewCard> {
  const { chosen, people } = chosenAudience(draft);
  return renderCampaignReviewCard({
    ...banner(deps),
    draftId: draft.id,
    rev: draft.rev,
    error,
    name: escapeCardText(draft.name),
    audience: t(chosen.length > 1 ? 'campaign.reviewAudienceSeveral' : 'campaign.reviewAudience', {
      groups: chosen.map((c) => escapeCardText(c.name)).join(', '),
      people: people ?? t('campaign.peopleNotCounted'),
    }),
    methodText: METHOD_TEXT[draft.method],
    deadlineText: longDate(draft.deadline),
    remindersText: remindersText(draft.reminders),
    reachText: t('campaign.reachText'),
    previewTitle: inviteTitle('invite', draft.deadline),
    previewMessage: escapeCardText(draft.message),
    previewWhy: t('campaign.previewWhy'),
  });
}

/** `start campaign`: step 1, with the profiles' groups listed. */
export async function startCampaignCommand(ctx: TurnContext, deps: CampaignDeps): Promise<void> {
  const auth = await deps.authorize(ctx.activity.from?.aadObjectId);
  const aad = ctx.activity.from?.aadObjectId;
  if (!auth.admin || !aad) {
    await sendRefusal(ctx, auth);
    return;
  }
  let choices: Draft['choices'] = [];
  try {
    choices = await profileGroups(deps);
  } catch (err) {
    deps.logger.warn({ err }, 'could not list the profiles’ groups for a campaign');
  }
  const today = todayIn(Date.now(), zoneOf(ctx));
  const deadline = addDays(today, 14);
  const draft: Draft = {
    id: randomBytes(9)
      .toString('base64url')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, 'x')
      .slice(0, 12),
    rev: 0,
    step: 'setup',
    name: t('campaign.defaultName', { date: longDate(today).replace(/^\w+ /, '') }).slice(0, 100),
    choices,
    groups: choices.length === 1 && choices[0] ? [choices[0].id] : [],
    search: '',
    method: 'accountDrivenUserEnrollment',
    message: defaultMessage(),
    deadline,
    reminders: [3, 7],
  };
  await updateDocument<Draft>(deps.storage, draftKey(aad), () => draft, {
    schema: draftSchema,
    invalid: 'replace',
  });
  await sendCard(ctx, setupCard(deps, draft));
}

/** Reads the form into the draft; returns the first problem, if any. */
function applyForm(draft: Draft, data: ActionData, today: string): string {
  const form = formSchema.safeParse(data);
  if (!form.success) return t('campaign.errorUnreadable');
  const f = form.data;
  if (f.name !== undefined) draft.name = clean(f.name, 100);
  if (f.groups !== undefined) {
    const known = new Set(draft.choices.map((c) => c.id));
    draft.groups = [...new Set(f.groups.split(',').map((g) => g.trim()))]
      .filter((g) => known.has(g))
      .slice(0, MAX_GROUPS);
  }
  if (f.groupSearch !== undefined) draft.search = clean(f.groupSearch, 100);
  if (f.method !== undefined && (CAMPAIGN_METHODS as readonly string[]).includes(f.method)) {
    draft.method = f.method as Draft['method'];
  }
  if (f.message !== undefined) draft.message = clean(f.message, 1000);
  if (f.reminders !== undefined) {
    draft.reminders = [...new Set(f.reminders.split(',').map((r) => Number(r.trim())))]
      .filter((r) => (REMINDER_CHOICES as readonly number[]).includes(r))
      .sort((a, b) => a - b);
  }
  if (f.deadline !== undefined) draft.deadline = f.deadline.trim().slice(0, 10);
  if (draft.name === '') return t('campaign.errorName');
  if (draft.groups.length === 0) return t('campaign.errorGroups');
  if (draft.message === '') return t('campaign.errorMessage');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(draft.deadline) || Number.isNaN(Date.parse(draft.deadline))) {
    return t('campaign.errorDeadline');
  }
  if (draft.deadline < today) return t('campaign.errorDeadlinePast');
  if (draft.deadline > addDays(today, 366)) return t('campaign.errorDeadlineFar');
  return '';
}

type Outcome = { draft: Draft; error: string } | { stale: true } | { missing: true };

/** Changes the draft if the card shows its current revision. */
async function changeDraft(
  storage: StateStorage,
  aad: string,
  data: ActionData,
  change: (draft: Draft) => string,
): Promise<Outcome> {
  let outcome: Outcome = { missing: true };
  await updateDocument<Draft>(
    storage,
    draftKey(aad),
    (current) => {
      if (!current) {
        outcome = { missing: true };
        return null;
      }
      if (
        current.id !== data.draftId ||
        current.rev !== data.rev ||
        current.step === 'started' ||
        current.step === 'cancelled'
      ) {
        outcome = { stale: true };
        return null;
      }
      const error = change(current);
      current.rev += 1;
      outcome = { draft: current, error };
      return current;
    },
    { schema: draftSchema, invalid: 'replace' },
  );
  return outcome;
}

function staleResponse(): AdaptiveCardInvokeResponse {
  return errorResponse(409, 'stale', t('campaign.wizardStale'));
}

type Handler = (
  ctx: TurnContext,
  data: ActionData,
  aad: string,
) => Promise<AdaptiveCardInvokeResponse>;

function adminAction(deps: CampaignDeps, handler: Handler): CardActionHandler<ActionData> {
  return {
    schema: actionSchema,
    async handle(ctx, data) {
      const aad = ctx.activity.from?.aadObjectId;
      const auth = await deps.authorize(aad, { fresh: true });
      if (!auth.admin || !aad) return refusalResponse(auth);
      return handler(ctx, data, aad);
    },
  };
}

/** Registers the wizard's card actions. */
export function registerCampaignWizardActions(
  registry: Map<string, CardActionHandler<unknown>>,
  deps: CampaignDeps,
): void {
  registerCardAction(
    registry,
    VERBS.campaignWizardSearch,
    adminAction(deps, async (ctx, data, aad) => {
      const today = todayIn(Date.now(), zoneOf(ctx));
      let found: Draft['choices'] = [];
      const search = clean(typeof data.groupSearch === 'string' ? data.groupSearch : '', 100);
      if (search !== '') {
        try {
          const groups = await deps.directory.searchGroups(search, 8);
          for (const g of groups) {
            found.push({
              id: g.id,
              name: g.displayName,
              people: await countOrUndefined(deps, g.id),
              note: t('campaign.noteFound'),
            });
          }
        } catch (err) {
          deps.logger.warn({ err }, 'group search failed in the campaign wizard');
          found = [];
        }
      }
      const outcome = await changeDraft(deps.storage, aad, data, (draft) => {
        applyForm(draft, data, today);
        const chosen = draft.choices.filter((c) => draft.groups.includes(c.id));
        const others = draft.choices.filter(
          (c) => !draft.groups.includes(c.id) && c.note !== t('campaign.noteFound'),
        );
        const fresh = found.filter(
          (f) => !chosen.some((c) => c.id === f.id) && !others.some((c) => c.id === f.id),
        );
        draft.choices = [...chosen, ...others, ...fresh].slice(0, MAX_CHOICES + MAX_GROUPS);
        return search === ''
          ? t('campaign.searchEmpty')
          : fresh.length === 0 && found.length === 0
            ? t('campaign.searchNone', { search: escapeCardText(truncate(search, 60)) })
            : '';
      });
      if ('stale' in outcome || 'missing' in outcome) return staleResponse();
      return cardResponse(setupCard(deps, outcome.draft, outcome.error));
    }),
  );
  registerCardAction(
    registry,
    VERBS.campaignWizardReview,
    adminAction(deps, async (ctx, data, aad) => {
      const today = todayIn(Date.now(), zoneOf(ctx));
      const outcome = await changeDraft(deps.storage, aad, data, (draft) => {
        const error = applyForm(draft, data, today);
        if (!error) draft.step = 'review';
        return error;
      });
      if ('stale' in outcome || 'missing' in outcome) return staleResponse();
      return cardResponse(
        outcome.error
          ? setupCard(deps, outcome.draft, outcome.error)
          : reviewCard(deps, outcome.draft),
      );
    }),
  );
  registerCardAction(
    registry,
    VERBS.campaignWizardBack,
    adminAction(deps, async (_ctx, data, aad) => {
      const outcome = await changeDraft(deps.storage, aad, data, (draft) => {
        draft.step = 'setup';
        return '';
      });
      if ('stale' in outcome || 'missing' in outcome) return staleResponse();
      return cardResponse(setupCard(deps, outcome.draft));
    }),
  );
  registerCardAction(
    registry,
    VERBS.campaignWizardCancel,
    adminAction(deps, async (_ctx, data, aad) => {
      const outcome = await changeDraft(deps.storage, aad, data, (draft) => {
        draft.step = 'cancelled';
        return '';
      });
      if ('stale' in outcome || 'missing' in outcome) return staleResponse();
      return messageResponse(t('campaign.cancelled'));
    }),
  );
  registerCardAction(
    registry,
    VERBS.campaignWizardStart,
    adminAction(deps, async (ctx, data, aad) => {
      const today = todayIn(Date.now(), zoneOf(ctx));
      const id = newCampaignId();
      let recheck = '';
      const outcome = await changeDraft(deps.storage, aad, data, (draft) => {
        // The review card sends no inputs; the draft is checked once more as stored.
        recheck = applyForm(draft, {} as ActionData, today);
        if (recheck || draft.step !== 'review') return recheck || t('campaign.errorReviewFirst');
        draft.step = 'started';
        draft.startedId = id;
        return '';
      });
      if ('stale' in outcome || 'missing' in outcome) return staleResponse();
      if (outcome.error)
        return cardResponse(setupCard(deps, { ...outcome.draft, step: 'setup' }, outcome.error));
      const draft = outcome.draft;
      const audience = chosenAudience(draft);
      const actor = actorOf(ctx);
      const now = Date.now();
      const tenantId =
        ctx.activity.conversation?.tenantId ??
        (ctx.activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ??
        deps.tenantId ??
        '';
      const campaign: Campaign = {
        id,
        name: draft.name,
        status: 'active',
        createdAt: now,
        createdBy: actor,
        groups: audience.chosen.map((c) => ({ id: c.id, name: c.name.slice(0, 256) })),
        method: draft.method,
        message: draft.message,
        deadline: draft.deadline,
        reminderDays: draft.reminders,
        timeZone: zoneOf(ctx),
        serviceUrl: ctx.activity.serviceUrl ?? '',
        tenantId,
        botId: ctx.activity.recipient?.id ?? '',
        history: [{ at: now, by: actor, status: 'active' }],
        audienceGeneration: 0,
        rev: 0,
      };
      const replyTo = ctx.activity.replyToId;
      if (replyTo && ctx.activity.serviceUrl && ctx.activity.conversation?.id) {
        campaign.dashboard = {
          conversation: {
            serviceUrl: ctx.activity.serviceUrl,
            conversationId: ctx.activity.conversation.id,
            tenantId,
            botId: ctx.activity.recipient?.id,
          },
          activityId: replyTo,
        };
      }
      await deps.campaigns.create(campaign);
      await deps.audit.record({
        actor,
        action: 'campaign.start',
        target: { type: 'campaign', id, name: campaign.name },
        after: {
          groups: campaign.groups.map((g) => g.name),
          method: campaign.method,
          deadline: campaign.deadline,
          reminderDays: campaign.reminderDays,
        },
        sandbox: deps.sandbox,
      });
      deps.poke(id);
      return cardResponse(
        dashboardCard(campaign, emptySummary(now), banner(deps), {
          status: t('campaign.started'),
          statusColor: 'Good',
          pendingAudience: audience.people ?? t('campaign.peopleNotCountedYet'),
        }),
      );
    }),
  );
}
