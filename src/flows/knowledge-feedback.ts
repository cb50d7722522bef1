import { z } from 'zod';

import {
  cardResponse,
  errorResponse,
  registerCardAction,
  type CardActionHandler,
} from '../actions/card-actions';
import { carryText, plainCardText, readCarriedText } from '../cards/text';
import { VERBS } from '../cards/verbs';
import { StorageConflictError } from '../errors';
import { translator, type Translate } from '../i18n/catalogue';
import type { Language } from '../i18n/languages';
import { tr } from '../i18n/turn-language';
import type { Article } from '../knowledge/articles';
import type { StateStorage, Storage } from '../storage/state-storage';
import { updateDocument } from '../storage/update-document';

import {
  answerCard,
  kbOf,
  MAX_ASKED_QUESTION,
  versionLead,
  type AnswerContext,
  type KnowledgeDeps,
} from './knowledge-deps';

/** knowledge.feedback: which answer card, which article, and the verdict. */
export const feedbackSchema = z.object({
  articleId: z.string().regex(/^[a-z0-9-]{1,80}$/),
  answerId: z.string().uuid(),
  helpful: z.boolean(),
  /** The question the card carries (carryText), so the updated card keeps it. */
  question: z.string().max(8000).optional(),
});

/** Why an answer did not help, as offered on the card. */
export const FEEDBACK_REASONS = [
  'unanswered',
  'wrong',
  'unclear',
  'steps-failed',
  'other',
] as const;
export type FeedbackReason = (typeof FEEDBACK_REASONS)[number];

/** Labels of the reasons in one language (English by default), for the admins' report. */
export function feedbackReasonLabels(
  t: Translate = translator('en'),
): Record<FeedbackReason, string> {
  return {
    unanswered: t('answer.reasonLabels.unanswered'),
    wrong: t('answer.reasonLabels.wrong'),
    unclear: t('answer.reasonLabels.unclear'),
    'steps-failed': t('answer.reasonLabels.stepsFailed'),
    other: t('answer.reasonLabels.other'),
  };
}

/** Labels of the reasons in English, for the admins' report. */
export const FEEDBACK_REASON_LABELS: Readonly<Record<FeedbackReason, string>> =
  feedbackReasonLabels();

/** knowledge.feedbackReason: the optional reason after "Not helpful" (or Skip). */
export const feedbackReasonSchema = z.object({
  articleId: z.string().regex(/^[a-z0-9-]{1,80}$/),
  answerId: z.string().uuid(),
  skip: z.boolean().optional(),
  /** The choice; anything not offered counts as "other". */
  reason: z.string().max(40).optional(),
  /** Free text; cut to 300 characters and cleaned before it is stored. */
  comment: z.string().max(5000).optional(),
  question: z.string().max(8000).optional(),
});

/** Counts kept per article. No user data: only totals. */
export interface FeedbackCounts {
  helpful: number;
  notHelpful: number;
}

/** Reasons kept per article: a count per reason and the latest comments, with no names. */
export interface FeedbackReasons {
  counts: Partial<Record<FeedbackReason, number>>;
  recent: { reason: FeedbackReason; comment: string; at: string }[];
}

const COUNT_PREFIX = 'feedback/';
const REASONS_PREFIX = 'feedback-reasons/';
const VOTE_PREFIX = 'feedback-vote/';
const REASON_ONCE_PREFIX = 'feedback-reason-once/';
/** Comments kept per article (the newest). */
const RECENT_COMMENTS = 20;
const MAX_COMMENT = 300;

/** Adds one vote to an article's totals (a conditional write, retried on conflict). */
export async function addFeedback(
  storage: StateStorage,
  articleId: string,
  helpful: boolean,
): Promise<FeedbackCounts> {
  const { value } = await updateDocument<FeedbackCounts>(
    storage,
    COUNT_PREFIX + articleId,
    (c) => ({
      helpful: (c?.helpful ?? 0) + (helpful ? 1 : 0),
      notHelpful: (c?.notHelpful ?? 0) + (helpful ? 0 : 1),
    }),
  );
  return value ?? { helpful: 0, notHelpful: 0 };
}

/** Adds one reason (and its comment, if any) to an article's reasons. */
export async function addFeedbackReason(
  storage: StateStorage,
  articleId: string,
  reason: FeedbackReason,
  comment: string,
  at: string,
): Promise<void> {
  await updateDocument<FeedbackReasons>(storage, REASONS_PREFIX + articleId, (current) => {
    const counts = { ...(current?.counts ?? {}) };
    counts[reason] = (counts[reason] ?? 0) + 1;
    const recent = comment
      ? [...(current?.recent ?? []), { reason, comment, at }].slice(-RECENT_COMMENTS)
      : (current?.recent ?? []);
    return { counts, recent };
  });
}

/** Totals for every article that has feedback. */
export async function readFeedback(
  storage: Storage,
  articleIds: readonly string[],
): Promise<Map<string, FeedbackCounts>> {
  const items = await storage.read(articleIds.map((id) => COUNT_PREFIX + id));
  const out = new Map<string, FeedbackCounts>();
  for (const id of articleIds) {
    const item = items[COUNT_PREFIX + id] as FeedbackCounts | undefined;
    if (item) out.set(id, { helpful: item.helpful, notHelpful: item.notHelpful });
  }
  return out;
}

/** The reasons given for the listed articles. */
export async function readFeedbackReasons(
  storage: Storage,
  articleIds: readonly string[],
): Promise<Map<string, FeedbackReasons>> {
  const items = await storage.read(articleIds.map((id) => REASONS_PREFIX + id));
  const out = new Map<string, FeedbackReasons>();
  for (const id of articleIds) {
    const item = items[REASONS_PREFIX + id] as FeedbackReasons | undefined;
    if (item) out.set(id, { counts: item.counts ?? {}, recent: item.recent ?? [] });
  }
  return out;
}

const feedbackHandler = (
  deps: KnowledgeDeps,
): CardActionHandler<z.infer<typeof feedbackSchema>> => ({
  schema: feedbackSchema,
  async handle(ctx, { articleId, answerId, helpful, question }) {
    const kb = kbOf(ctx, deps);
    const t = tr(ctx);
    const article = kb.get(articleId);
    if (!article) {
      return errorResponse(404, 'NotFound', t('answer.feedbackGone'));
    }
    const context = cardContext(article, question, kb.text.lang);
    try {
      // One vote per answer card: a double click or a replayed action counts once.
      await deps.storage.writeNew({
        [VOTE_PREFIX + answerId]: { articleId, helpful, at: new Date().toISOString() },
      });
    } catch (err) {
      if (err instanceof StorageConflictError) {
        return cardResponse(
          answerCard(
            kb,
            article,
            answerId,
            { open: false, note: t('answer.feedbackAlready') },
            context,
          ),
        );
      }
      throw err;
    }
    await addFeedback(deps.storage, articleId, helpful);
    return cardResponse(
      helpful
        ? answerCard(
            kb,
            article,
            answerId,
            { open: false, note: t('answer.feedbackThanks') },
            context,
          )
        : // Not helpful: ask, optionally, what was wrong with it.
          answerCard(kb, article, answerId, { open: false, reason: true, note: '' }, context),
    );
  },
});

/**
 * What an updated answer card keeps of the first one: the question it carries (cleaned again)
 * and the version verdict that question gets. Nothing the card data says is shown as it is.
 */
function cardContext(
  article: Article,
  carried: string | undefined,
  lang: Language = 'en',
): AnswerContext {
  const question = readCarriedText(carried, MAX_ASKED_QUESTION);
  return {
    question: carryText(question, MAX_ASKED_QUESTION),
    lead: versionLead(article, question, lang),
  };
}

const reasonHandler = (
  deps: KnowledgeDeps,
): CardActionHandler<z.infer<typeof feedbackReasonSchema>> => ({
  schema: feedbackReasonSchema,
  async handle(ctx, { articleId, answerId, skip, reason, comment, question }) {
    const kb = kbOf(ctx, deps);
    const t = tr(ctx);
    const article = kb.get(articleId);
    const vote = (await deps.storage.read([VOTE_PREFIX + answerId]))[VOTE_PREFIX + answerId] as
      { articleId?: string; helpful?: boolean } | undefined;
    // Only after a "Not helpful" vote on this very card: a forged or replayed reason changes nothing.
    if (!article || vote?.articleId !== articleId || vote.helpful !== false) {
      return errorResponse(400, 'NoVote', t('answer.feedbackStale'));
    }
    const context = cardContext(article, question, kb.text.lang);
    const closed = answerCard(
      kb,
      article,
      answerId,
      { open: false, note: t('answer.feedbackNotHelpful') },
      context,
    );
    if (skip) return cardResponse(closed);
    try {
      await deps.storage.writeNew({
        [REASON_ONCE_PREFIX + answerId]: { at: new Date().toISOString() },
      });
    } catch (err) {
      if (err instanceof StorageConflictError) return cardResponse(closed);
      throw err;
    }
    const chosen = (FEEDBACK_REASONS as readonly string[]).includes(reason ?? '')
      ? (reason as FeedbackReason)
      : 'other';
    const text = plainCardText(comment ?? '', MAX_COMMENT);
    await addFeedbackReason(deps.storage, articleId, chosen, text, new Date().toISOString());
    return cardResponse(
      answerCard(kb, article, answerId, { open: false, note: t('answer.feedbackNoted') }, context),
    );
  },
});

/** Registers the knowledge card actions. */
export function registerKnowledgeActions(
  registry: Map<string, CardActionHandler<unknown>>,
  deps: KnowledgeDeps,
): void {
  registerCardAction(registry, VERBS.knowledgeFeedback, feedbackHandler(deps));
  registerCardAction(registry, VERBS.knowledgeFeedbackReason, reasonHandler(deps));
}

/** One line of the feedback report. */
export interface FeedbackRow {
  articleId: string;
  title: string;
  helpful: number;
  notHelpful: number;
}

/**
 * The least helpful answers: articles with at least one "not helpful" vote, most unhelpful share
 * first (ties: more votes first), at most `limit`.
 */
export function leastHelpful(rows: readonly FeedbackRow[], limit = 10): FeedbackRow[] {
  return rows
    .filter((r) => r.notHelpful > 0)
    .sort((a, b) => {
      const share = (r: FeedbackRow): number => r.notHelpful / (r.helpful + r.notHelpful);
      return share(b) - share(a) || b.notHelpful - a.notHelpful || a.title.localeCompare(b.title);
    })
    .slice(0, limit);
}
