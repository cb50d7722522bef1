import type { TurnContext } from 'botbuilder';

import { renderNoticeCard, type NoticeCardData } from '../cards/knowledge-cards';
import type { CommandButton } from '../cards/render';
import { escapeCardText, plainCardText } from '../cards/text';
import type { SmallTalkAct } from '../knowledge/small-talk';
import type { RememberedFacts } from '../storage/conversation-memory';

import { sendCard } from './context';

const START: CommandButton[] = [
  { title: 'Enroll my iPhone or iPad', value: 'enroll' },
  { title: 'What can IT see on my phone?', value: 'What can my organisation see on my iPhone?' },
  { title: 'Help', value: 'help' },
];

/** The first name Teams gives for the person, escaped, or '' (never from message text). */
function firstName(ctx: TurnContext): string {
  const name = plainCardText(ctx.activity.from?.name ?? '', 60).split(' ')[0] ?? '';
  return /^\p{L}[\p{L}'-]*$/u.test(name) ? escapeCardText(name) : '';
}

/** What the person said earlier that may explain the failure, as one line, or ''. */
function rememberedLine(memory: RememberedFacts): string {
  const device = memory.deviceModel ?? memory.device;
  const parts = [
    device && memory.osVersion ? `${device} on ${memory.osVersion}` : (device ?? ''),
    memory.errorText ? `the message “${escapeCardText(plainCardText(memory.errorText, 120))}”` : '',
  ].filter(Boolean);
  return parts.length > 0 ? `You mentioned ${parts.join(' and ')}.` : '';
}

/**
 * Replies to small talk like a colleague would: a greeting back, "you're welcome", a goodbye,
 * and for a bare "it didn't work", a question about what happened with the ways forward (the
 * guide or a report), never "Sorry, I didn't catch that".
 */
export async function replySmallTalk(
  ctx: TurnContext,
  act: SmallTalkAct,
  memory: RememberedFacts,
): Promise<void> {
  const name = firstName(ctx);
  const hi = name ? `Hi ${name}!` : 'Hi!';
  const replies: Record<SmallTalkAct, Omit<NoticeCardData, 'kind' | 'topics'>> = {
    greeting: {
      title: hi,
      message:
        "I'm the Enrollment Assistant. I can take you through enrolling your own iPhone or iPad step by step, and answer questions about it: privacy, Microsoft Authenticator, error messages, removing a device.",
      footer: 'Ask in your own words, or tap a button.',
      buttons: START,
      fallbackText: `${hi} Ask me about enrolling your iPhone or iPad.`,
    },
    wellbeing: {
      title: 'All good here, thanks for asking!',
      message: 'How can I help with your iPhone or iPad today?',
      footer: 'Ask in your own words, or tap a button.',
      buttons: START,
      fallbackText: 'All good here. How can I help with your iPhone or iPad?',
    },
    thanks: {
      title: "You're welcome!",
      message: 'Anything else about enrolling your iPhone or iPad? Just ask.',
      footer: '',
      buttons: [],
      fallbackText: "You're welcome!",
    },
    goodbye: {
      title: 'Bye for now',
      message:
        'Come back any time: type **enroll** to start, or ask me a question. If something breaks, type **report a problem**.',
      footer: '',
      buttons: [],
      fallbackText: 'Bye for now.',
    },
    ack: {
      title: 'Great',
      message: 'Anything else I can help with? Ask me in your own words.',
      footer: '',
      buttons: [],
      fallbackText: 'Anything else I can help with?',
    },
    identity: {
      title: "I'm a bot: the Enrollment Assistant",
      message:
        "I answer questions about enrolling personal iPhones and iPads in Microsoft Intune and guide you through it. I'm not a person: when you need one, type **report a problem** and the helpdesk takes it from there.",
      footer: '',
      buttons: START,
      fallbackText: "I'm the Enrollment Assistant, a bot.",
    },
    'vague-failure': {
      title: "Sorry it didn't work. What happened?",
      message: [
        'Tell me the message on screen (copy it here), or the step where it stopped, and I will look it up.',
        rememberedLine(memory),
      ]
        .filter(Boolean)
        .join(' '),
      footer: 'Or go through the steps again, or hand it to the helpdesk.',
      buttons: [
        { title: 'Show me the steps', value: 'enroll' },
        { title: 'Report a problem', value: 'report a problem' },
        { title: 'Common problems', value: 'enrollment failed, what now?' },
      ],
      fallbackText: "Sorry it didn't work. What happened? Tell me the message on screen.",
    },
  };
  const reply = replies[act];
  await sendCard(
    ctx,
    renderNoticeCard({
      kind: act === 'vague-failure' ? 'clarify' : 'small-talk',
      topics: [],
      ...reply,
    }),
  );
}
