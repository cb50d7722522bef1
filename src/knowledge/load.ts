import { ARTICLES_DIR, loadArticles } from './articles';
import { KnowledgeBase, type ConfidencePolicy } from './knowledge-base';
import { loadOutOfScopeTopics, outOfScopePath } from './out-of-scope';

/**
 * The knowledge base from the files in src/knowledge: the articles, their source catalogue and
 * the out-of-scope topics. `vocabulary` adds words the spelling corrector may correct towards
 * (the bot's command words). Everything is validated here, at startup.
 */
export function loadKnowledgeBase(
  options: { vocabulary?: readonly string[]; policy?: ConfidencePolicy; memo?: number } = {},
): KnowledgeBase {
  return new KnowledgeBase(loadArticles(), {
    ...options,
    outOfScope: loadOutOfScopeTopics(outOfScopePath(ARTICLES_DIR)),
  });
}
