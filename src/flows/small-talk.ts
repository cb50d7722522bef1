import type { TurnContext } from 'botbuilder';

import { renderNoticeCard, type NoticeCardData } from '../cards/knowledge-cards';
import type { CommandButton } from '../cards/render';
import { escapeCardText, plainCardText } from '../cards/text';
import type { Translate } from '../i18n/catalogue';
import { tr, turnLanguage } from '../i18n/turn-language';
import type { SmallTalkAct } from '../knowledge/small-talk';
import type { RememberedFacts } from '../storage/conversation-memory';

import { sendCard } from './context';

/** The ways on from small talk: enroll, privacy, help (as the person would type them). */
function startButtons(t: Translate): CommandButton[] {
  return [
    { title: t('common.enrollButton'), value: t('common.commands.enroll') },
    { title: t('common.whatCanItSee'), value: t('common.whatCanItSeeQuestion') },
    { title: t('common.help'), value: t('common.commands.help') },
  ];
}

/** The first name Teams gives for the person, escaped, or '' (never from message text). */
function firstName(ctx: TurnContext): string {
  const name = plainCardText(ctx.activity.from?.name ?? '', 60).split(' ')[0] ?? '';
  return /^\p{L}[\p{L}'-]*$/u.test(name) ? escapeCardText(name) : '';
}

/** What the person said earlier that may explain the failure, as one sentence, or ''. */
function rememberedLine(memory: RememberedFacts, t: Translate): string {
  const device = memory.deviceModel ?? memory.device;
  const os = device ? memory.osVersion : undefined;
  const error = memory.errorText ? escapeCardText(plainCardText(memory.errorText, 120)) : '';
  const values = { device, os, error };
  if (device && os) {
    return t(error ? 'smalltalk.mentioned.deviceOsError' : 'smalltalk.mentioned.deviceOs', values);
  }
  if (device) {
    return t(error ? 'smalltalk.mentioned.deviceError' : 'smalltalk.mentioned.device', values);
  }
  return error ? t('smalltalk.mentioned.error', values) : '';
}

/**
 * Replies to small talk like a colleague would: a greeting back, "you're welcome", a goodbye,
 * and for a bare "it didn't work", a question about what happened with the ways forward (the
 * guide or a report), never "Sorry, I didn't catch that". In the turn's language.
 */
export async function replySmallTalk(
  ctx: TurnContext,
  act: SmallTalkAct,
  memory: RememberedFacts,
): Promise<void> {
  const t = tr(ctx);
  const name = firstName(ctx);
  const hi = name ? t('smalltalk.hiNamed', { name }) : t('smalltalk.hi');
  const start = startButtons(t);
  const replies: Record<SmallTalkAct, () => Omit<NoticeCardData, 'kind' | 'topics'>> = {
    greeting: () => ({
      title: hi,
      message: t('smalltalk.greeting.message'),
      footer: t('smalltalk.askOrTap'),
      buttons: start,
      fallbackText: t('smalltalk.greeting.fallback', { greeting: hi }),
    }),
    wellbeing: () => ({
      title: t('smalltalk.wellbeing.title'),
      message: t('smalltalk.wellbeing.message'),
      footer: t('smalltalk.askOrTap'),
      buttons: start,
      fallbackText: t('smalltalk.wellbeing.fallback'),
    }),
    thanks: () => ({
      title: t('smalltalk.thanks.title'),
      message: t('smalltalk.thanks.message'),
      footer: '',
      buttons: [],
      fallbackText: t('smalltalk.thanks.fallback'),
    }),
    goodbye: () => ({
      title: t('smalltalk.goodbye.title'),
      message: t('smalltalk.goodbye.message'),
      footer: '',
      buttons: [],
      fallbackText: t('smalltalk.goodbye.fallback'),
    }),
    ack: () => ({
      title: t('smalltalk.ack.title'),
      message: t('smalltalk.ack.message'),
      footer: '',
      buttons: [],
      fallbackText: t('smalltalk.ack.fallback'),
    }),
    identity: () => ({
      title: t('smalltalk.identity.title'),
      message: t('smalltalk.identity.message'),
      footer: '',
      buttons: start,
      fallbackText: t('smalltalk.identity.fallback'),
    }),
    'vague-failure': () => ({
      title: t('smalltalk.vagueFailure.title'),
      message: [t('smalltalk.vagueFailure.message'), rememberedLine(memory, t)]
        .filter(Boolean)
        .join(' '),
      footer: t('smalltalk.vagueFailure.footer'),
      buttons: [
        { title: t('smalltalk.vagueFailure.showSteps'), value: t('common.commands.enroll') },
        { title: t('common.reportProblem'), value: t('common.commands.report') },
        {
          title: t('smalltalk.vagueFailure.commonProblems'),
          value: t('smalltalk.vagueFailure.commonProblemsQuestion'),
        },
      ],
      fallbackText: t('smalltalk.vagueFailure.fallback'),
    }),
  };
  await sendCard(
    ctx,
    renderNoticeCard(
      {
        kind: act === 'vague-failure' ? 'clarify' : 'small-talk',
        topics: [],
        ...replies[act](),
      },
      turnLanguage(ctx).lang,
    ),
  );
}
