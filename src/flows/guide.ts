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
import type { RenderedCard } from '../cards/render';
import { VERBS } from '../cards/verbs';
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
import { sourceLine, type KnowledgeDeps } from './knowledge-deps';
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

function progressBar(current: number, total: number): string {
  return `Step ${current} of ${total}  ${'●'.repeat(current)}${'○'.repeat(Math.max(0, total - current))}`;
}

interface Rendered {
  card: RenderedCard;
  /** Article whose steps are shown, when the plan has steps. */
  article?: Article;
}

/**
 * The card for a given state and step: the overview (-1), a step, the closing check (past the
 * last step), or an update-OS notice when the device is below the minimum.
 */
function guideCard(
  deps: KnowledgeDeps,
  state: z.infer<typeof guideStateSchema>,
  step: number,
  overviewNote = '',
): Rendered {
  const os = parseVersion(state.os) as OsVersion;
  const plan = planGuide(
    {
      method: state.method,
      device: state.device,
      os,
      ownership: state.ownership,
    },
    deps.kb.all(),
  );
  if (plan.kind === 'update-os') {
    return {
      card: renderNoticeCard({
        kind: 'update-os',
        title: plan.heading,
        message: plan.message,
        topics: plan.requirements
          ? [{ title: plan.requirements.title, summary: plan.requirements.summary }]
          : [],
        footer: 'Questions? Ask me in your own words, or report a problem to the helpdesk.',
        buttons: [
          ...(plan.requirements
            ? [{ title: 'Version requirements', value: plan.requirements.title }]
            : []),
          { title: 'Report a problem', value: 'report a problem' },
        ],
        fallbackText: `${plan.heading}. ${plan.message}`,
      }),
    };
  }
  const steps = plan.article.steps;
  const total = steps.length;
  if (step < 0) {
    return {
      article: plan.article,
      card: renderGuideOverviewCard({
        guide: state,
        heading: plan.heading,
        intro: `These are the ${total} steps for your organisation's setup. Keep this chat open beside Settings, or go step by step.`,
        note: [plan.note, overviewNote].filter(Boolean).join(' '),
        steps: steps.map((s, i) => ({ text: `**${i + 1}.** ${s}` })),
        source: sourceLine(plan.article),
        checkStep: total,
        fallbackText: `${plan.heading}\n${steps.map((s, i) => `${i + 1}. ${s.replace(/\*\*/g, '')}`).join('\n')}`,
      }),
    };
  }
  if (step >= total) {
    return {
      article: plan.article,
      card: renderGuideCheckCard({
        guide: state,
        heading: plan.heading,
        progress: `All ${total} steps done: one last check`,
        question:
          'Open **Settings** > **General** > **VPN & Device Management**. Do you see your work account under **MANAGED ACCOUNT**?',
        backStep: total - 1,
      }),
    };
  }
  const index = Math.max(0, step);
  const last = index === total - 1;
  return {
    article: plan.article,
    card: renderGuideStepCard({
      guide: state,
      heading: plan.heading,
      subheading: plan.article.title,
      progress: progressBar(index + 1, total),
      stepText: steps[index] ?? '',
      note: plan.stepNote?.step === index ? plan.stepNote.text : '',
      source: sourceLine(plan.article),
      step: index,
      hasBack: index > 0,
      backStep: index - 1,
      nextStep: index + 1,
      nextTitle: last ? 'Done' : 'Next',
      fallbackText: `${plan.heading}\n${steps.map((s, i) => `${i + 1}. ${s.replace(/\*\*/g, '')}`).join('\n')}`,
    }),
  };
}

function describe(device: DeviceFamily | undefined, os: OsVersion | undefined): string {
  if (device && os) return `your ${device} on ${formatVersion(os)}`;
  if (device) return `your ${device}`;
  if (os) return `your device on ${formatVersion(os)}`;
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
    const note = fromEarlier
      ? `I used what you told me earlier: ${describe(info.device, info.os)}. Another device? Tell me, for example "my iPad on iPadOS 18".`
      : '';
    await sendCard(ctx, guideCard(deps, state, -1, note).card);
    return;
  }
  // The version alone says "update first" (below 17, whatever the device): say so now.
  const verdict = info.os ? osVerdict(info.device ?? 'iPhone', info.os) : 'supported';
  if (info.os && verdict !== 'supported') {
    await remember(ctx, deps.memory, { ...factsFromText(text), guidePending: false }, known);
    const advice = updateAdvice(info.device, info.os, verdict);
    await sendCard(
      ctx,
      renderNoticeCard({
        kind: 'update-os',
        title: advice.heading,
        message: advice.message,
        topics: [],
        footer: 'Questions? Ask me in your own words, or report a problem to the helpdesk.',
        buttons: [{ title: 'Report a problem', value: 'report a problem' }],
        fallbackText: `${advice.heading}. ${advice.why}`,
      }),
    );
    return;
  }
  await remember(ctx, deps.memory, { ...factsFromText(text), guidePending: true }, known);
  const described = describe(info.device, info.os);
  await sendCard(
    ctx,
    renderGuideAskCard({
      intro: described
        ? `Got it: ${described}. Fill in the rest, or just type it here, and I'll show the steps for your organisation's setup.`
        : "I'll show the steps that fit your device and your organisation's setup. Pick below, or just type it here, for example: _my own iPhone 15 on iOS 18.1_.",
      device: info.device ?? '',
      osVersion: info.os ? formatVersion(info.os) : '',
      ownership: info.ownership ?? '',
      error: '',
    }),
  );
}

function askAgain(
  input: z.infer<typeof guideStartSchema>,
  error: string,
): AdaptiveCardInvokeResponse {
  const device = input.device === 'iPhone' || input.device === 'iPad' ? input.device : '';
  const ownership =
    input.ownership === 'personal' || input.ownership === 'company' ? input.ownership : '';
  return cardResponse(
    renderGuideAskCard({
      intro: 'Almost there: please check the form.',
      device,
      osVersion: (input.osVersion ?? '').slice(0, 10).replace(/[^\d.]/g, ''),
      ownership,
      error,
    }),
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
    const problems = [
      device ? '' : 'choose iPhone or iPad',
      os ? '' : 'enter the iOS or iPadOS version as numbers, for example 17.4',
      ownership ? '' : 'choose who owns the device',
    ].filter(Boolean);
    if (!device || !os || !ownership) {
      return askAgain(input, `Please ${problems.join(', ')}.`);
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
      guideCard(deps, { method, device, os: formatVersion(os), ownership }, -1).card,
    );
  },
});

const stepHandler = (deps: KnowledgeDeps): CardActionHandler<z.infer<typeof guideStepSchema>> => ({
  schema: guideStepSchema,
  handle(_ctx, { guide, step }) {
    return Promise.resolve(cardResponse(guideCard(deps, guide, step).card));
  },
});

const failedHandler = (
  deps: KnowledgeDeps,
): CardActionHandler<z.infer<typeof guideStepSchema>> => ({
  schema: guideStepSchema,
  async handle(ctx, { guide, step }) {
    const current = guideCard(deps, guide, step);
    const stepText = current.article?.steps[step] ?? '';
    const related = deps.kb
      .search(`${stepText.replace(/\*\*/g, '')} failed error`, 6)
      .map((h) => h.article)
      .filter((a) => a.category === 'troubleshooting')
      .slice(0, 3);
    await sendCard(
      ctx,
      renderNoticeCard({
        title: `Sorry, step ${step + 1} didn't work`,
        message: stepText
          ? `You were at: _${stepText.replace(/\*\*/g, '')}_\n\nThese are the usual causes at this point. If none fits, report the problem and the helpdesk will take it from there.`
          : 'If none of these fits, report the problem and the helpdesk will take it from there.',
        topics: related.map((a) => ({ title: a.title, summary: a.summary })),
        footer: `When you report it, mention step ${step + 1} and the exact message you saw.`,
        buttons: [
          ...related.slice(0, 2).map((a) => ({
            title: a.title.length > 40 ? `${a.title.slice(0, 39)}…` : a.title,
            value: a.title,
          })),
          { title: 'Report a problem', value: 'report a problem' },
        ],
        fallbackText: `Sorry, step ${step + 1} didn't work. Type "report a problem" to tell the helpdesk.`,
      }),
    );
    // The report form, prefilled with what the guide knows (step, device, OS, ownership).
    // The report form, prefilled with what the guide knows (step, device, OS, ownership) and
    // what the person told the bot in this chat (their model, the message on screen).
    const known = reportPrefill(await recall(ctx, deps.memory));
    await showReportForm(ctx, {
      ...known,
      step: enrollmentStepOf(stepText.replace(/\*\*/g, '')) ?? 'other',
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
    const article = guideCard(deps, guide, 0).article;
    const troubleshooting = deps.kb
      .search('enrollment failed managed account missing sign in failed', 5)
      .map((h) => h.article)
      .filter((a) => a.category === 'troubleshooting')
      .slice(0, 3);
    const card = ok
      ? renderNoticeCard({
          title: 'You are all set',
          message:
            'Your device is enrolled. Over the next few minutes **Microsoft Authenticator** installs by itself (work apps need it), and you may be asked to approve installing work apps: tap **Install**. Your personal apps and data stay yours.',
          topics: [],
          footer: article ? sourceLine(article) : '',
          buttons: [
            { title: 'What can IT see?', value: 'What can my organisation see on my device?' },
            { title: 'Why Authenticator?', value: 'Why do I need Microsoft Authenticator?' },
          ],
          fallbackText:
            'You are all set. Authenticator and your work apps will install in the next few minutes.',
        })
      : renderNoticeCard({
          title: "Let's find out what went wrong",
          message:
            'If your work account is not listed under **MANAGED ACCOUNT**, enrollment did not finish. These are the most common reasons:',
          topics: troubleshooting.map((a) => ({ title: a.title, summary: a.summary })),
          footer: 'If none of these fits, report it and the helpdesk will help.',
          buttons: [
            ...troubleshooting.slice(0, 2).map((a) => ({
              title: a.title.length > 40 ? `${a.title.slice(0, 39)}…` : a.title,
              value: a.title,
            })),
            { title: 'Report a problem', value: 'report a problem' },
          ],
          fallbackText: 'Enrollment did not finish. Type "report a problem" to tell the helpdesk.',
        });
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
