import MiniSearch, { type SearchResult } from 'minisearch';

import type { Article } from './articles';
import { meaningfulTerms, normaliseText, processTerm, tokenize } from './normalise';

/** One ranked article for a question. */
export interface SearchHit {
  article: Article;
  /** BM25+ score from MiniSearch (unbounded). */
  score: number;
  /** Share of the question's meaningful terms that matched this article, 0–1. */
  coverage: number;
}

/** What the bot should do with a question. */
export type KnowledgeAnswer =
  | { kind: 'answer'; hit: SearchHit; alternatives: Article[] }
  | { kind: 'unsure'; suggestions: Article[] }
  | { kind: 'out-of-scope'; platform: string | undefined }
  | { kind: 'empty' };

/** Tuning of the confidence decision; the eval (npm run eval:qa) is how these were chosen. */
export interface ConfidencePolicy {
  /** Minimum BM25 score of the top hit. */
  minScore: number;
  /** Minimum share of question terms the top hit must match. */
  minCoverage: number;
  /** How many suggestions to offer when unsure. */
  maxSuggestions: number;
}

export const DEFAULT_CONFIDENCE: ConfidencePolicy = {
  minScore: 6,
  minCoverage: 0.34,
  maxSuggestions: 3,
};

/** Platforms the bot does not cover, as people name them. */
const OTHER_PLATFORMS: readonly [RegExp, string][] = [
  [/\b(android|samsung|galaxy|pixel|huawei|xiaomi|oneplus|motorola)\b/i, 'Android'],
  [/\b(windows|win ?1[01]|surface|pc|laptop|thinkpad|autopilot)\b/i, 'Windows'],
  [/\b(mac|macbook|imac|macos|os x)\b/i, 'Mac'],
  [/\b(chromebook|chrome ?os|linux|ubuntu)\b/i, 'that platform'],
];
const OUR_DEVICES = /\b(iphone|ipad|ipados|ios|apple)\b/i;

interface IndexedArticle {
  id: string;
  title: string;
  phrasings: string;
  keywords: string;
  summary: string;
  body: string;
  steps: string;
}

/**
 * Answers employees' questions from the articles with MiniSearch (BM25+ with fuzzy and prefix
 * matching and per-field boosts). It decides between a confident answer, an honest "not sure"
 * with the closest topics, and "outside what I cover".
 */
export class KnowledgeBase {
  private readonly index: MiniSearch<IndexedArticle>;
  private readonly byId: Map<string, Article>;
  private readonly vocabulary: Set<string>;

  public constructor(
    private readonly articles: readonly Article[],
    private readonly policy: ConfidencePolicy = DEFAULT_CONFIDENCE,
  ) {
    this.byId = new Map(articles.map((a) => [a.id, a]));
    this.index = new MiniSearch<IndexedArticle>({
      fields: ['title', 'phrasings', 'keywords', 'summary', 'body', 'steps'],
      storeFields: ['id'],
      tokenize,
      processTerm,
      searchOptions: {
        boost: { title: 3, phrasings: 3, keywords: 2.5, summary: 1.5, body: 1, steps: 0.6 },
        fuzzy: (term) => (term.length > 5 ? 0.2 : false),
        prefix: (term) => term.length > 3,
        weights: { fuzzy: 0.4, prefix: 0.5 },
        combineWith: 'OR',
      },
    });
    this.index.addAll(
      articles.map((a) => ({
        id: a.id,
        title: normaliseText(a.title),
        phrasings: normaliseText(a.phrasings.join('\n')),
        keywords: normaliseText(a.keywords.join(' ')),
        summary: normaliseText(a.summary),
        body: normaliseText(a.body),
        steps: normaliseText(a.steps.join('\n')),
      })),
    );
    this.vocabulary = new Set(
      articles.flatMap((a) =>
        meaningfulTerms([a.title, a.summary, ...a.phrasings, ...a.keywords].join(' ')),
      ),
    );
  }

  /** Every article, in file order. */
  public all(): readonly Article[] {
    return this.articles;
  }

  /** One article by id. */
  public get(id: string): Article | undefined {
    return this.byId.get(id);
  }

  /** Ranked articles for a question, best first. */
  public search(question: string, limit = 5): SearchHit[] {
    const terms = meaningfulTerms(question);
    if (terms.length === 0) return [];
    const results: SearchResult[] = this.index.search(normaliseText(question));
    return results.slice(0, limit).flatMap((r) => {
      const article = this.byId.get(r.id as string);
      if (!article) return [];
      const matched = new Set(r.queryTerms);
      const coverage = terms.filter((t) => matched.has(t)).length / terms.length;
      return [{ article, score: r.score, coverage }];
    });
  }

  /** Decides how to answer a question. */
  public answer(question: string): KnowledgeAnswer {
    const terms = meaningfulTerms(question);
    if (terms.length === 0) {
      return { kind: 'empty' };
    }
    const platform = OTHER_PLATFORMS.find(([p]) => p.test(question))?.[1];
    if (platform && !OUR_DEVICES.test(question)) {
      return { kind: 'out-of-scope', platform };
    }
    const hits = this.search(question, 6);
    const top = hits[0];
    if (top && top.score >= this.policy.minScore && top.coverage >= this.policy.minCoverage) {
      return {
        kind: 'answer',
        hit: top,
        alternatives: hits.slice(1, 3).map((h) => h.article),
      };
    }
    const knownTerms = terms.filter((t) => this.vocabulary.has(t)).length;
    if (!top || knownTerms === 0) {
      return { kind: 'out-of-scope', platform: undefined };
    }
    return {
      kind: 'unsure',
      suggestions: hits.slice(0, this.policy.maxSuggestions).map((h) => h.article),
    };
  }
}
