import { z } from 'zod';

import {
  cardResponse,
  errorResponse,
  registerCardAction,
  type CardActionHandler,
} from '../bot/card-actions';
import { VERBS } from '../cards/verbs';
import { StorageConflictError } from '../errors';
import type { StateStorage, Storage } from '../storage/state-storage';

import { answerCard, type KnowledgeDeps } from './knowledge-deps';

/** knowledge.feedback: which answer card, which article, and the verdict. */
export const feedbackSchema = z.object({
  articleId: z.string().regex(/^[a-z0-9-]{1,80}$/),
  answerId: z.string().uuid(),
  helpful: z.boolean(),
});

/** Counts kept per article. No user data: only totals. */
export interface FeedbackCounts {
  helpful: number;
  notHelpful: number;
}

const COUNT_PREFIX = 'feedback/';
const MAX_RETRIES = 8;

/**
 * Adds one vote to an article's totals with optimistic concurrency: read with eTag, write with
 * it, and on a conflict (another instance counted at the same time) read again and retry.
 */
export async function addFeedback(
  storage: StateStorage,
  articleId: string,
  helpful: boolean,
): Promise<FeedbackCounts> {
  const key = COUNT_PREFIX + articleId;
  for (let attempt = 0; attempt < MAX_RETRIES; attempt++) {
    const current = (await storage.read([key]))[key] as
      (FeedbackCounts & { eTag?: string }) | undefined;
    const next: FeedbackCounts = {
      helpful: (current?.helpful ?? 0) + (helpful ? 1 : 0),
      notHelpful: (current?.notHelpful ?? 0) + (helpful ? 0 : 1),
    };
    try {
      if (current) {
        await storage.write({ [key]: { ...next, eTag: current.eTag } });
      } else {
        await storage.writeNew({ [key]: next });
      }
      return next;
    } catch (err) {
      if (!(err instanceof StorageConflictError)) throw err;
    }
  }
  throw new StorageConflictError(key);
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

const feedbackHandler = (
  deps: KnowledgeDeps,
): CardActionHandler<z.infer<typeof feedbackSchema>> => ({
  schema: feedbackSchema,
  async handle(_ctx, { articleId, answerId, helpful }) {
    const article = deps.kb.get(articleId);
    if (!article) {
      return errorResponse(
        404,
        'NotFound',
        'That answer no longer exists. Ask me again and I will find the current one.',
      );
    }
    try {
      // One vote per answer card: a double click or a replayed action counts once.
      await deps.storage.writeNew({
        [`feedback-vote/${answerId}`]: { articleId, at: new Date().toISOString() },
      });
    } catch (err) {
      if (err instanceof StorageConflictError) {
        return cardResponse(
          answerCard(deps.kb, article, answerId, {
            open: false,
            note: 'Your feedback on this answer was already recorded.',
          }),
        );
      }
      throw err;
    }
    await addFeedback(deps.storage, articleId, helpful);
    const note = helpful
      ? 'Thanks, glad it helped.'
      : 'Thanks for telling me. Try asking another way, or use **Report a problem** if you are stuck.';
    return cardResponse(answerCard(deps.kb, article, answerId, { open: false, note }));
  },
});

/** Registers the knowledge card actions. */
export function registerKnowledgeActions(
  registry: Map<string, CardActionHandler<unknown>>,
  deps: KnowledgeDeps,
): void {
  registerCardAction(registry, VERBS.knowledgeFeedback, feedbackHandler(deps));
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
