/**
 * The knowledge bases as the bot loads them, for tests that read questions from the QA sets as
 * the bot read them before it learnt from them.
 */
import { commandVocabulary } from '../../src/actions/commands';
import type { Language } from '../../src/i18n/languages';
import type { KnowledgeBase } from '../../src/knowledge/knowledge-base';
import { loadKnowledgeBases } from '../../src/knowledge/load';

type KnowledgeBases = Partial<Record<Language, KnowledgeBase>>;

/** Loaded once per set of left-out sets within a test file: loading reads every example. */
const loaded = new Map<string, KnowledgeBases>();

/**
 * Every language's knowledge base with the command words, as the app loads them, but without the
 * example questions of the QA sets named (`holdout-36a`, `unseen-32-de`): a question taken from
 * those sets is then as unseen as when it was first measured. No sets: all examples.
 */
export function knowledgeWithout(...sets: string[]): KnowledgeBases {
  const key = [...sets].sort().join(',');
  let kbs = loaded.get(key);
  if (!kbs) {
    kbs = loadKnowledgeBases({ vocabulary: commandVocabulary(), examplesExcept: new Set(sets) });
    loaded.set(key, kbs);
  }
  return kbs;
}

/** One language's knowledge base out of {@link knowledgeWithout}'s, failing the test if missing. */
export function knowledgeIn(kbs: KnowledgeBases, lang: Language): KnowledgeBase {
  const kb = kbs[lang];
  if (!kb) throw new Error(`no ${lang} knowledge base`);
  return kb;
}
