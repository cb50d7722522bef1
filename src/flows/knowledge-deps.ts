import { randomUUID } from 'node:crypto';

import type { TurnContext } from 'botbuilder';

import {
  bindAnswerCard,
  fillAnswerCard,
  type AnswerCardData,
  type BoundAnswerCard,
} from '../cards/knowledge-cards';
import type { CommandButton, RenderedCard } from '../cards/render';
import { translator } from '../i18n/catalogue';
import type { Language } from '../i18n/languages';
import { turnLanguage } from '../i18n/turn-language';
import type { Article } from '../knowledge/articles';
import { parseDeviceInfo } from '../knowledge/device-info';
import { versionVerdictLine } from '../knowledge/guide-plan';
import type { OrgEnrollmentMethod } from '../knowledge/guide-plan';
import type { KnowledgeBase } from '../knowledge/knowledge-base';
import type { Logger } from '../logging';
import type { ConversationMemory } from '../storage/conversation-memory';
import type { LanguagePreferences } from '../storage/language-preferences';
import type { StateStorage } from '../storage/state-storage';

/**
 * Resolves how the organisation enrolls this user's personal device. Today: the configured
 * default; once the admin profile service exists, the profile that applies to the user.
 */
export type EnrollmentMethodResolver = (ctx: TurnContext) => Promise<OrgEnrollmentMethod>;

/** Dependencies of the employee flows (questions, guide, feedback). */
export interface KnowledgeDeps {
  /** The English knowledge base (with the IT team's published answers). */
  kb: KnowledgeBase;
  /** The knowledge base in a language (English, or the translated articles); absent: English. */
  kbFor?: (lang: Language) => KnowledgeBase;
  storage: StateStorage;
  logger: Logger;
  enrollmentMethodFor: EnrollmentMethodResolver;
  /** What each person told the bot recently in a chat (device, version, error text). */
  memory: ConversationMemory;
  /**
   * Brings `kb` up to date with the answers the IT team published or withdrew (on any instance);
   * cheap, and called before each message is understood. Absent: the articles never change.
   */
  refresh?: () => Promise<void>;
  /** Each person's language (their choice, the one they last wrote in); absent: none stored. */
  languages?: LanguagePreferences;
  /** What enrollment campaigns count (opening and finishing the guide); absent: nothing. */
  campaignEvents?: CampaignEventSink;
}

/**
 * What employees do that an enrollment campaign counts for them (src/flows/campaign/events.ts).
 * Never throws: a campaign's bookkeeping must not break the employee's own flow.
 */
export interface CampaignEventSink {
  guideOpened(ctx: TurnContext): Promise<void>;
  guideFinished(ctx: TurnContext): Promise<void>;
  reported(ctx: TurnContext, cause: string): Promise<void>;
}

/**
 * The knowledge base in this turn's language (src/i18n/turn-language.ts): the translated articles
 * for a German, French, Spanish or Japanese speaker, English otherwise.
 */
export function kbOf(ctx: TurnContext, deps: KnowledgeDeps): KnowledgeBase {
  return deps.kbFor?.(turnLanguage(ctx).lang) ?? deps.kb;
}

/** "Applies to" line for an article: methods, minimum version, devices (in `lang`). */
export function appliesToLine(article: Article, lang: Language = 'en'): string {
  const t = translator(lang);
  const methods = article.appliesTo.methods
    .filter((m) => m !== 'any')
    .map((m) => t(`answer.methods.${m}`));
  const parts: string[] = [];
  if (methods.length > 0) parts.push(methods.join('; '));
  if (article.appliesTo.minOs) parts.push(t('answer.minOs', { version: article.appliesTo.minOs }));
  const [first, second] = article.appliesTo.devices ?? [];
  if (first) parts.push(second ? t('answer.devicesJoin', { first, second }) : first);
  return parts.length > 0
    ? t('answer.appliesTo', { what: parts.join(' · ') })
    : t('answer.appliesToAll');
}

/** "Source: …" line citing the article's public sources (resolved when the articles load). */
export function sourceLine(article: Article): string {
  return article.sourceLine;
}

/**
 * Markdown-free plain text of an article for the card's fallbackText (clients that cannot render
 * the card): the title, the one-sentence answer and the steps. The full body stays in the card.
 */
export function plainText(article: Article): string {
  const strip = (t: string): string =>
    t.replace(/\*\*|__|`/g, '').replace(/\[([^\]]+)\]\([^)]+\)/g, '$1');
  const steps = article.steps.map((s, i) => `${i + 1}. ${strip(s)}`).join('\n');
  return [strip(article.title), strip(article.summary), steps].filter(Boolean).join('\n\n');
}

/** Buttons that ask for related articles by their title. */
export function relatedButtons(kb: KnowledgeBase, article: Article, max = 2): CommandButton[] {
  return article.related
    .map((id) => kb.get(id))
    .filter((a): a is Article => a !== undefined)
    .slice(0, max)
    .map((a) => ({
      title: a.title.length > 40 ? `${a.title.slice(0, 39)}…` : a.title,
      value: a.title,
    }));
}

/** Feedback state shown on an answer card: buttons, the reason form, or a closing note. */
export interface FeedbackState {
  open: boolean;
  /** The "what was wrong" form is showing (after Not helpful). */
  reason?: boolean;
  note: string;
}

/** What an answer card says to this employee besides the article. */
export interface AnswerContext {
  /**
   * Their question as carryText carries it (encoded, 500 characters), for "Ask the helpdesk" to
   * prefill the report form. Never shown on the card.
   */
  question?: string;
  /** A line for them above the article, e.g. a version verdict (trusted text). */
  lead?: string;
}

/** Answer cards bound per article, feedback state and lead (articles never change at run time). */
const boundCards = new WeakMap<Article, Map<string, BoundAnswerCard>>();

/**
 * The version verdict an answer about versions gives the question it answers ("iOS 15.8: update
 * first"), or '' when the article is not about versions or the question names none.
 */
export function versionLead(article: Article, question: string, lang: Language = 'en'): string {
  const aboutVersions =
    article.category === 'requirements' || /\b(iOS|iPadOS)\b/.test(article.title);
  const info = aboutVersions ? parseDeviceInfo(question) : {};
  return info.os ? versionVerdictLine(info.device, info.os, lang) : '';
}

/** Longest question carried for "Ask the helpdesk". */
export const MAX_ASKED_QUESTION = 500;

/** The answer card for an article. `answerId` ties feedback to this one card. */
export function answerCard(
  kb: KnowledgeBase,
  article: Article,
  answerId: string = randomUUID(),
  feedback: FeedbackState = { open: true, note: '' },
  context: AnswerContext = {},
): RenderedCard {
  const perState = boundCards.get(article) ?? new Map<string, BoundAnswerCard>();
  boundCards.set(article, perState);
  const lead = context.lead ?? '';
  const key = `${feedback.open}|${feedback.reason === true}|${lead !== ''}|${feedback.note}`;
  const bound =
    perState.get(key) ??
    bindAnswerCard(answerCardData(kb, article, feedback), lead !== '', kb.text.lang);
  perState.set(key, bound);
  return fillAnswerCard(bound, { answerId, question: context.question ?? '', lead });
}

function answerCardData(
  kb: KnowledgeBase,
  article: Article,
  feedback: FeedbackState,
): Omit<AnswerCardData, 'answerId' | 'question' | 'lead'> {
  return {
    articleId: article.id,
    title: article.title,
    body: article.body,
    steps: article.steps.map((s, i) => ({ text: `**${i + 1}.** ${s}` })),
    appliesTo: appliesToLine(article, kb.text.lang),
    source: sourceLine(article),
    feedbackOpen: feedback.open,
    reasonOpen: feedback.reason === true,
    feedbackNote: feedback.note,
    related: relatedButtons(kb, article),
    fallbackText: plainText(article),
  };
}
