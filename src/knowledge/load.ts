import fs from 'node:fs';

import { translator } from '../i18n/catalogue';
import { LANGUAGES, type Language } from '../i18n/languages';

import { ARTICLES_DIR, loadArticles, type Article } from './articles';
import { loadExamples } from './examples';
import { KnowledgeBase, type ConfidencePolicy } from './knowledge-base';
import { loadOutOfScopeTopics, outOfScopePath } from './out-of-scope';
import { formatSourceLine, loadSourceCatalogue, sourceCataloguePath } from './sources';
import { TEXT_PROFILES } from './text-profile';
import { readTranslations, translationsDir, type TranslatedLanguage } from './translations';

/** Options shared by every language's knowledge base. */
export interface KnowledgeBaseLoadOptions {
  vocabulary?: readonly string[];
  policy?: ConfidencePolicy;
  memo?: number;
  /**
   * Example question sets to leave out (their file names without ".json"): the evaluation
   * measures a set with the bot that has not learnt from it.
   */
  examplesExcept?: ReadonlySet<string>;
}

/**
 * The knowledge base from the files in src/knowledge: the articles, their source catalogue and
 * the out-of-scope topics. `vocabulary` adds words the spelling corrector may correct towards
 * (the bot's command words). Everything is validated here, at startup.
 */
export function loadKnowledgeBase(options: KnowledgeBaseLoadOptions = {}): KnowledgeBase {
  const { examplesExcept, ...rest } = options;
  return new KnowledgeBase(loadArticles(), {
    ...rest,
    outOfScope: loadOutOfScopeTopics(outOfScopePath(ARTICLES_DIR)),
    examples: loadExamples('en', examplesExcept),
  });
}

/**
 * The English articles in another language: each translation's title, summary, phrasings,
 * keywords, steps and body over the English article's metadata (setups, category, related
 * articles, sources, guide), with the source line labelled in that language. An article with no
 * translation stays out (its English text is not mixed into another language's answers).
 */
export function translatedArticles(
  english: readonly Article[],
  lang: TranslatedLanguage,
): Article[] {
  const catalogue = loadSourceCatalogue(sourceCataloguePath(ARTICLES_DIR));
  const t = translator(lang);
  const label = { one: t('answer.sourceOne'), many: t('answer.sourceMany') };
  const byId = new Map(readTranslations(lang).map((tr) => [tr.id, tr]));
  return english.flatMap((a) => {
    const tr = byId.get(a.id);
    if (!tr) return [];
    return [
      {
        ...a,
        title: tr.title,
        summary: tr.summary,
        phrasings: tr.phrasings,
        keywords: tr.keywords,
        steps: tr.steps,
        body: tr.body,
        // The English words an article needs mean nothing in another language.
        needs: [],
        sourceLine: formatSourceLine(a.sources, catalogue, label),
      },
    ];
  });
}

/**
 * A knowledge base per language: English as `loadKnowledgeBase` builds it, and one for each
 * language with a translations folder, read the way that language is written
 * (src/knowledge/text-profile.ts). A translated language's files are read, validated and indexed
 * the first time someone asks in it (a few hundred milliseconds each), so startup and memory do
 * not grow with languages nobody uses; `test/unit/knowledge/translations.test.ts` validates every
 * file before it ships. A language whose folder holds no translation reads as undefined (callers
 * fall back to English).
 */
export function loadKnowledgeBases(
  options: KnowledgeBaseLoadOptions = {},
  english: KnowledgeBase = loadKnowledgeBase(options),
): Partial<Record<Language, KnowledgeBase>> {
  const out: Partial<Record<Language, KnowledgeBase>> = { en: english };
  for (const lang of LANGUAGES) {
    if (lang === 'en' || !hasTranslations(lang)) continue;
    let built: KnowledgeBase | null | undefined;
    const build = (): KnowledgeBase | null => {
      const articles = translatedArticles(english.all(), lang);
      if (articles.length === 0) return null;
      const file = outOfScopePath(ARTICLES_DIR, lang);
      const topics = fs.existsSync(file) ? loadOutOfScopeTopics(file) : undefined;
      return new KnowledgeBase(articles, {
        ...(topics ? { outOfScope: topics } : {}),
        ...(options.policy ? { policy: options.policy } : {}),
        ...(options.memo !== undefined ? { memo: options.memo } : {}),
        examples: loadExamples(lang, options.examplesExcept),
        text: TEXT_PROFILES[lang],
      });
    };
    Object.defineProperty(out, lang, {
      enumerable: true,
      get: () => (built === undefined ? (built = build()) : built) ?? undefined,
    });
  }
  return out;
}

/** Whether a language's translations folder holds at least one article file. */
function hasTranslations(lang: TranslatedLanguage): boolean {
  const dir = translationsDir(lang);
  return (
    fs.existsSync(dir) &&
    fs.readdirSync(dir).some((f) => f.endsWith('.md') && f.toLowerCase() !== 'readme.md')
  );
}
