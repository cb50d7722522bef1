import type { TurnContext } from 'botbuilder';

import { renderNoticeCard } from '../cards/knowledge-cards';
import type { CommandButton } from '../cards/render';
import type { Article } from '../knowledge/articles';
import { parseDeviceInfo } from '../knowledge/device-info';
import { guideArticleFor, guideSetup } from '../knowledge/guide-plan';
import { normaliseText } from '../knowledge/normalise';

import { scopeOf, sendCard } from './context';
import { sendFallback } from './fallback';
import { startGuide } from './guide';
import { answerCard, type KnowledgeDeps } from './knowledge-deps';

const REPORT_BUTTON: CommandButton = { title: 'Report a problem', value: 'report a problem' };

/**
 * True when the message asks to be taken through enrollment ("how do I enroll my iPad?",
 * "set up my phone for work", "enroll"), not when it reports a failure or asks about removal.
 * It only decides between the guide and the answer card when the knowledge base does not already
 * have a confident answer on another topic.
 */
export function isEnrollIntent(text: string): boolean {
  const t = normaliseText(text);
  if (/\b(unenroll\w*|reenroll\w*|remove|removing|leave|delete|uninstall|erase)\b/.test(t))
    return false;
  if (
    /\b(fail|failed|fails|failing|error|errors|problem|issue|stuck|cant|cannot|not working|isnt working|doesnt|didnt|wont|invalid|denied|worked|went through)\b/.test(
      t,
    )
  ) {
    return false;
  }
  const action =
    /\b(enroll|enrolling|set ?up|register|onboard|sign up|(start|begin) (the )?enrollment|enrollment (steps|instructions|guide|process))\b/.test(
      t,
    );
  if (!action) return false;
  const words = t.split(/\s+/).filter(Boolean);
  if (
    words.length <= 5 ||
    /^(please |pls |can you |could you )?(enroll|set ?up|register)\b/.test(t.trim())
  ) {
    return true;
  }
  return /\b(how|steps?|guide|walk me|help me|want to|need to|start|begin|let me|process|instructions|show me|get started|ready)\b/.test(
    t,
  );
}

/**
 * True when the article is the one the guided flow would walk this user through: the steps for
 * the organisation's method and the ownership the message states (personal unless it says not).
 */
async function isOwnGuideArticle(
  ctx: TurnContext,
  deps: KnowledgeDeps,
  text: string,
  article: Article,
): Promise<boolean> {
  const ownership = parseDeviceInfo(text).ownership ?? 'personal';
  const method = await deps.enrollmentMethodFor(ctx);
  return guideArticleFor(deps.kb.all(), guideSetup(method, ownership))?.id === article.id;
}

/**
 * Answers a question in the employee's own words: a confident answer card, a guided enrollment,
 * an honest "not sure" with the closest topics, or "that's outside what I cover".
 */
export async function answerQuestion(
  ctx: TurnContext,
  deps: KnowledgeDeps,
  text: string,
): Promise<void> {
  const result = deps.kb.answer(text);
  // Asked to enroll a device it describes ("enroll my iPad on 16.1"), or asked to enroll with no
  // better answer: guide them. A confident answer on another topic wins otherwise.
  const info = parseDeviceInfo(text);
  const guided =
    scopeOf(ctx) === 'personal' &&
    isEnrollIntent(text) &&
    (result.kind === 'unsure' ||
      info.device !== undefined ||
      info.os !== undefined ||
      (result.kind === 'answer' && (await isOwnGuideArticle(ctx, deps, text, result.hit.article))));
  if (guided) {
    await startGuide(ctx, deps, text);
    return;
  }
  switch (result.kind) {
    case 'empty':
      await sendFallback(ctx, 'unknown-command');
      return;
    case 'answer':
      await sendCard(ctx, answerCard(deps.kb, result.hit.article));
      return;
    case 'unsure':
      await sendCard(
        ctx,
        renderNoticeCard({
          title: "I'm not sure I have the right answer for that",
          message:
            'These are the closest topics I know. Tap one, or put your question another way.',
          topics: result.suggestions.map((a) => ({ title: a.title, summary: a.summary })),
          footer: 'If something went wrong during enrollment, you can report it to the helpdesk.',
          buttons: [
            ...result.suggestions.map((a) => ({
              title: a.title.length > 40 ? `${a.title.slice(0, 39)}…` : a.title,
              value: a.title,
            })),
            REPORT_BUTTON,
          ],
          fallbackText: `I'm not sure. Closest topics: ${result.suggestions.map((a) => a.title).join('; ')}`,
        }),
      );
      return;
    case 'out-of-scope': {
      const other = result.platform
        ? `I can't help with ${result.platform} devices; your IT helpdesk can.`
        : "That's outside what I know about.";
      await sendCard(
        ctx,
        renderNoticeCard({
          title: 'I cover iPhone and iPad enrollment in Microsoft Intune',
          message: `${other} Ask me anything about enrolling an iPhone or iPad: the steps, privacy, Microsoft Authenticator, error messages, or removing a device.`,
          topics: [],
          footer: 'Type **help** to see everything I can do.',
          buttons: [
            { title: 'Enroll my iPhone or iPad', value: 'enroll' },
            {
              title: 'What can IT see on my phone?',
              value: 'What can my organisation see on my iPhone?',
            },
            { title: 'Help', value: 'help' },
          ],
          fallbackText: `I cover iPhone and iPad enrollment in Microsoft Intune. ${other}`,
        }),
      );
      return;
    }
  }
}
