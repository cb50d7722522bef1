import type { AdaptiveCardInvokeResponse, TurnContext } from 'botbuilder';
import { z } from 'zod';

import { cardResponse, registerCardAction, type CardActionHandler } from '../actions/card-actions';
import {
  renderGuideAskCard,
  renderGuideCheckCard,
  renderGuideOverviewCard,
  renderGuideStepCard,
} from '../cards/guide-cards';
import { renderNoticeCard } from '../cards/knowledge-cards';
import type { CommandButton, RenderedCard } from '../cards/render';
import { VERBS } from '../cards/verbs';
import type { Translate } from '../i18n/catalogue';
import type { Language } from '../i18n/languages';
import { tr, turnLanguage } from '../i18n/turn-language';
import { GUIDE_SETUPS, type Article } from '../knowledge/articles';
import {
  formatVersion,
  parseDeviceInfo,
  parseVersion,
  type DeviceFamily,
  type OsVersion,
} from '../knowledge/device-info';
import { osVerdict, planGuide, updateAdvice } from '../knowledge/guide-plan';
import type { RememberedFacts } from '../storage/conversation-memory';

import { sendCard } from './context';
import { enrollmentStepOf, showReportForm } from './helpdesk/helpdesk';
import { kbOf, sourceLine, type KnowledgeDeps } from './knowledge-deps';
import { deviceInfoOf, factsFromText, recall, remember, reportPrefill } from './memory';

/** Guide state as it comes back in card data: every field re-validated. */
export const guideStateSchema = z.object({
  method: z.enum(GUIDE_SETUPS),
  device: z.enum(['iPhone', 'iPad']),
  os: z
    .string()
    .max(10)
    .refine((v) => parseVersion(v) !== undefined, 'not a known iOS version'),
  ownership: z.enum(['personal', 'company']),
});

/** guide.start: the inputs of the ask card. */
export const guideStartSchema = z.object({
  device: z.string().max(20).optional(),
  osVersion: z.string().max(40).optional(),
  ownership: z.string().max(20).optional(),
});

/** guide.step and guide.failed: the state and a step index (-1 is the overview). */
export const guideStepSchema = z.object({
  guide: guideStateSchema,
  step: z.number().int().min(-1).max(100),
});

/** guide.check: the state and the answer. */
export const guideCheckSchema = z.object({ guide: guideStateSchema, ok: z.boolean() });

function progressBar(t: Translate, current: number, total: number): string {
  return t('guide.step.progress', {
    current,
    total,
    dots: `${'●'.repeat(current)}${'○'.repeat(Math.max(0, total - current))}`,
  });
}

/** Step texts as plain lines for a card's fallbackText. */
function plainSteps(heading: string, steps: readonly string[]): string {
  return `${heading}\n${steps.map((s, i) => `${i + 1}. ${s.replace(/\*\*/g, '')}`).join('\n')}`;
}

/** Shortens an article title to fit a button. */
function buttonTitle(title: string): string {
  return title.length > 40 ? `${title.slice(0, 39)}…` : title;
}

/** The "Report a problem" button, sending the command as the reader types it. */
function reportButton(t: Translate): CommandButton {
  return { title: t('guide.reportProblem'), value: t('common.commands.report') };
}

/**
 * Troubleshooting articles for a query, found in the English articles (the query is English:
 * the step as the English article words it) and shown in the reader's language.
 */
function troubleshootingFor(
  ctx: TurnContext,
  deps: KnowledgeDeps,
  query: string,
  limit: number,
): Article[] {
  const kb = kbOf(ctx, deps);
  return deps.kb
    .search(query, limit)
    .map((h) => h.article)
    .filter((a) => a.category === 'troubleshooting')
    .slice(0, 3)
    .map((a) => kb.get(a.id) ?? a);
}

interface Rendered {
  card: RenderedCard;
  /** Article whose steps are shown (in the reader's language), when the plan has steps. */
  article?: Article;
  /** The same article in English (where the step's meaning is read). */
  english?: Article;
}

/**
 * The card for a given state and step: the overview (-1), a step, the closing check (past the
 * last step), or an update-OS notice when the device is below the minimum. In the turn's
 * language, from the organisation's setup article in that language.
 */
function guideCard(
  ctx: TurnContext,
  deps: KnowledgeDeps,
  state: z.infer<typeof guideStateSchema>,
  step: number,
  overviewNote = '',
): Rendered {
  const lang: Language = turnLanguage(ctx).lang;
  const t = tr(ctx);
  const os = parseVersion(state.os) as OsVersion;
  const plan = planGuide(
    {
      method: state.method,
      device: state.device,
      os,
      ownership: state.ownership,
    },
    kbOf(ctx, deps).all(),
    lang,
    deps.kb.all(),
  );
  if (plan.kind === 'update-os') {
    return {
      card: renderNoticeCard(
        {
          kind: 'update-os',
          title: plan.heading,
          message: plan.message,
          topics: plan.requirements
            ? [{ title: plan.requirements.title, summary: plan.requirements.summary }]
            : [],
          footer: t('guide.update.footer'),
          buttons: [
            ...(plan.requirements
              ? [{ title: t('guide.update.requirements'), value: plan.requirements.title }]
              : []),
            reportButton(t),
          ],
          fallbackText: t('guide.update.fallback', {
            heading: plan.heading,
            message: plan.message,
          }),
        },
        lang,
      ),
    };
  }
  const english = deps.kb.get(plan.article.id);
  const steps = plan.article.steps;
  const total = steps.length;
  if (step < 0) {
    return {
      article: plan.article,
      ...(english ? { english } : {}),
      card: renderGuideOverviewCard(
        {
          guide: state,
          heading: plan.heading,
          intro: t('guide.overview.intro', { count: total }),
          note: [plan.note, overviewNote].filter(Boolean).join(' '),
          steps: steps.map((s, i) => ({ text: `**${i + 1}.** ${s}` })),
          source: sourceLine(plan.article),
          checkStep: total,
          fallbackText: plainSteps(plan.heading, steps),
        },
        lang,
      ),
    };
  }
  if (step >= total) {
    return {
      article: plan.article,
      ...(english ? { english } : {}),
      card: renderGuideCheckCard(
        {
          guide: state,
          heading: plan.heading,
          progress: t('guide.check.progress', { count: total }),
          question: t('guide.check.question'),
          backStep: total - 1,
        },
        lang,
      ),
    };
  }
  const index = Math.max(0, step);
  const last = index === total - 1;
  return {
    article: plan.article,
    ...(english ? { english } : {}),
    card: renderGuideStepCard(
      {
        guide: state,
        heading: plan.heading,
        subheading: plan.article.title,
        progress: progressBar(t, index + 1, total),
        stepText: steps[index] ?? '',
        note: plan.stepNote?.step === index ? plan.stepNote.text : '',
        source: sourceLine(plan.article),
        step: index,
        hasBack: index > 0,
        backStep: index - 1,
        nextStep: index + 1,
        nextTitle: last ? t('guide.step.done') : t('guide.step.next'),
        fallbackText: plainSteps(plan.heading, steps),
      },
      lang,
    ),
  };
}

function describe(
  t: Translate,
  device: DeviceFamily | undefined,
  os: OsVersion | undefined,
): string {
  if (device && os) return t('guide.describe.deviceOs', { device, version: formatVersion(os) });
  if (device) return t('guide.describe.device', { device });
  if (os) return t('guide.describe.os', { version: formatVersion(os) });
  return '';
}

/**
 * Starts the guided enrollment. Uses what the message says (device, OS version, ownership) and
 * what the person told the bot earlier in this chat, and asks with one card only for what is
 * still missing; the guide then waits for those details, typed or picked on the card.
 */
export async function startGuide(
  ctx: TurnContext,
  deps: KnowledgeDeps,
  text: string,
  knownFacts?: RememberedFacts,
): Promise<void> {
  const t = tr(ctx);
  const lang = turnLanguage(ctx).lang;
  const known = knownFacts ?? (await recall(ctx, deps.memory));
  await deps.campaignEvents?.guideOpened(ctx);
  const said = parseDeviceInfo(text);
  const earlier = deviceInfoOf(known);
  const info = { ...earlier, ...said };
  if (info.device && info.os) {
    await remember(ctx, deps.memory, { ...factsFromText(text), guidePending: false }, known);
    const method = await deps.enrollmentMethodFor(ctx);
    const state: z.infer<typeof guideStateSchema> = {
      method,
      device: info.device,
      os: formatVersion(info.os),
      ownership: info.ownership ?? 'personal',
    };
    const fromEarlier = (!said.device && earlier.device) || (!said.os && earlier.os);
    const note = fromEarlier ? t('guide.earlier', { what: describe(t, info.device, info.os) }) : '';
    await sendCard(ctx, guideCard(ctx, deps, state, -1, note).card);
    return;
  }
  // The version alone says "update first" (below 17, whatever the device): say so now.
  const verdict = info.os ? osVerdict(info.device ?? 'iPhone', info.os) : 'supported';
  if (info.os && verdict !== 'supported') {
    await remember(ctx, deps.memory, { ...factsFromText(text), guidePending: false }, known);
    const advice = updateAdvice(info.device, info.os, verdict, lang);
    await sendCard(
      ctx,
      renderNoticeCard(
        {
          kind: 'update-os',
          title: advice.heading,
          message: advice.message,
          topics: [],
          footer: t('guide.update.footer'),
          buttons: [reportButton(t)],
          fallbackText: t('guide.update.fallback', {
            heading: advice.heading,
            message: advice.why,
          }),
        },
        lang,
      ),
    );
    return;
  }
  await remember(ctx, deps.memory, { ...factsFromText(text), guidePending: true }, known);
  const described = describe(t, info.device, info.os);
  await sendCard(
    ctx,
    renderGuideAskCard(
      {
        intro: described ? t('guide.ask.introKnown', { what: described }) : t('guide.ask.intro'),
        device: info.device ?? '',
        osVersion: info.os ? formatVersion(info.os) : '',
        ownership: info.ownership ?? '',
        error: '',
      },
      lang,
    ),
  );
}

function askAgain(
  ctx: TurnContext,
  input: z.infer<typeof guideStartSchema>,
  error: string,
): AdaptiveCardInvokeResponse {
  const device = input.device === 'iPhone' || input.device === 'iPad' ? input.device : '';
  const ownership =
    input.ownership === 'personal' || input.ownership === 'company' ? input.ownership : '';
  return cardResponse(
    renderGuideAskCard(
      {
        intro: tr(ctx)('guide.ask.introAgain'),
        device,
        osVersion: (input.osVersion ?? '').slice(0, 10).replace(/[^\d.]/g, ''),
        ownership,
        error,
      },
      turnLanguage(ctx).lang,
    ),
  );
}

const startHandler = (
  deps: KnowledgeDeps,
): CardActionHandler<z.infer<typeof guideStartSchema>> => ({
  schema: guideStartSchema,
  async handle(ctx, input) {
    const device = input.device === 'iPhone' || input.device === 'iPad' ? input.device : undefined;
    const ownership =
      input.ownership === 'personal' || input.ownership === 'company' ? input.ownership : undefined;
    const os = parseVersion(input.osVersion ?? '');
    const t = tr(ctx);
    const problems = [
      device ? '' : t('guide.ask.problemDevice'),
      os ? '' : t('guide.ask.problemVersion'),
      ownership ? '' : t('guide.ask.problemOwner'),
    ].filter(Boolean);
    if (!device || !os || !ownership) {
      return askAgain(
        ctx,
        input,
        t('guide.ask.problems', { problems: problems.join(t('guide.ask.problemSeparator')) }),
      );
    }
    // The card answered what the guide was waiting for: remember it for the report form.
    await remember(ctx, deps.memory, {
      device,
      osVersion: formatVersion(os),
      ownership,
      guidePending: false,
    });
    const method = await deps.enrollmentMethodFor(ctx);
    return cardResponse(
      guideCard(ctx, deps, { method, device, os: formatVersion(os), ownership }, -1).card,
    );
  },
});

const stepHandler = (deps: KnowledgeDeps): CardActionHandler<z.infer<typeof guideStepSchema>> => ({
  schema: guideStepSchema,
  handle(ctx, { guide, step }) {
    return Promise.resolve(cardResponse(guideCard(ctx, deps, guide, step).card));
  },
});

const failedHandler = (
  deps: KnowledgeDeps,
): CardActionHandler<z.infer<typeof guideStepSchema>> => ({
  schema: guideStepSchema,
  async handle(ctx, { guide, step }) {
    const t = tr(ctx);
    const lang = turnLanguage(ctx).lang;
    const current = guideCard(ctx, deps, guide, step);
    const stepText = current.article?.steps[step] ?? '';
    // What the step is about is read in English (search, the report's step field).
    const englishStep = (current.english?.steps[step] ?? stepText).replace(/\*\*/g, '');
    // i18n-exempt: a search query, never shown
    const related = troubleshootingFor(ctx, deps, `${englishStep} failed error`, 6);
    const number = step + 1;
    await sendCard(
      ctx,
      renderNoticeCard(
        {
          title: t('guide.failed.title', { number }),
          message: stepText
            ? t('guide.failed.message', { text: stepText.replace(/\*\*/g, '') })
            : t('guide.failed.messageNoStep'),
          topics: related.map((a) => ({ title: a.title, summary: a.summary })),
          footer: t('guide.failed.footer', { number }),
          buttons: [
            ...related.slice(0, 2).map((a) => ({ title: buttonTitle(a.title), value: a.title })),
            reportButton(t),
          ],
          fallbackText: t('guide.failed.fallback', { number }),
        },
        lang,
      ),
    );
    // The report form, prefilled with what the guide knows (step, device, OS, ownership) and
    // what the person told the bot in this chat (their model, the message on screen).
    const known = reportPrefill(await recall(ctx, deps.memory));
    await showReportForm(ctx, {
      ...known,
      step: enrollmentStepOf(englishStep) ?? 'other',
      deviceModel: known.deviceModel ?? guide.device,
      osVersion: guide.os,
      ownership: guide.ownership,
    });
    return cardResponse(current.card);
  },
});

const checkHandler = (
  deps: KnowledgeDeps,
): CardActionHandler<z.infer<typeof guideCheckSchema>> => ({
  schema: guideCheckSchema,
  async handle(ctx, { guide, ok }) {
    if (ok) await deps.campaignEvents?.guideFinished(ctx);
    const t = tr(ctx);
    const lang = turnLanguage(ctx).lang;
    const article = guideCard(ctx, deps, guide, 0).article;
    const troubleshooting = troubleshootingFor(
      ctx,
      deps,
      // i18n-exempt: a search query, never shown
      'enrollment failed managed account missing sign in failed',
      5,
    );
    const card = ok
      ? renderNoticeCard(
          {
            title: t('guide.finished.title'),
            message: t('guide.finished.message'),
            topics: [],
            footer: article ? sourceLine(article) : '',
            buttons: [
              {
                title: t('guide.finished.whatCanItSee'),
                value: t('guide.finished.whatCanItSeeQuestion'),
              },
              {
                title: t('guide.finished.whyAuthenticator'),
                value: t('guide.finished.whyAuthenticatorQuestion'),
              },
            ],
            fallbackText: t('guide.finished.fallback'),
          },
          lang,
        )
      : renderNoticeCard(
          {
            title: t('guide.unfinished.title'),
            message: t('guide.unfinished.message'),
            topics: troubleshooting.map((a) => ({ title: a.title, summary: a.summary })),
            footer: t('guide.unfinished.footer'),
            buttons: [
              ...troubleshooting
                .slice(0, 2)
                .map((a) => ({ title: buttonTitle(a.title), value: a.title })),
              reportButton(t),
            ],
            fallbackText: t('guide.unfinished.fallback'),
          },
          lang,
        );
    return cardResponse(card);
  },
});

/** Registers the guide's card actions. */
export function registerGuideActions(
  registry: Map<string, CardActionHandler<unknown>>,
  deps: KnowledgeDeps,
): void {
  registerCardAction(registry, VERBS.guideStart, startHandler(deps));
  registerCardAction(registry, VERBS.guideStep, stepHandler(deps));
  registerCardAction(registry, VERBS.guideFailed, failedHandler(deps));
  registerCardAction(registry, VERBS.guideCheck, checkHandler(deps));
}
