/**
 * The ways of asking closest to a question (the articles' titles and phrasings and the example
 * questions), by BM25+ over a small inverted index of already-processed terms.
 *
 * MiniSearch does the article search; this vote runs on every decision too, and through
 * MiniSearch it cost about half a millisecond a question (per-term fuzzy and prefix checks and
 * match details nobody reads). Scoring the postings of the question's exact terms into one
 * reused array costs a small fraction of that (`npm run bench`, retrieval).
 */

/** BM25+ constants, as MiniSearch uses them. */
const K1 = 1.2;
const B = 0.7;
const DELTA = 0.5;

/** One way of asking: its terms (as the text profile processes them) and what it asks for. */
export interface AskedText {
  label: string;
  terms: readonly string[];
}

/** A way of asking found close to a question, with its score. */
export interface Nearest {
  label: string;
  score: number;
}

interface Posting {
  docs: number[];
  counts: number[];
  idf: number;
}

export class NearestQuestions {
  private readonly postings = new Map<string, Posting>();
  private readonly labels: string[];
  /** Per document: K1 · (1 − B + B · length / average length), the part of BM25 that is fixed. */
  private readonly norms: Float64Array;
  /** Scores of the question being scored, reused (zeroed after each question). */
  private readonly scores: Float64Array;

  public constructor(asked: readonly AskedText[]) {
    this.labels = asked.map((a) => a.label);
    const average = asked.reduce((sum, a) => sum + a.terms.length, 0) / Math.max(1, asked.length);
    this.norms = Float64Array.from(
      asked.map((a) => K1 * (1 - B + (B * a.terms.length) / Math.max(1, average))),
    );
    this.scores = new Float64Array(asked.length);
    asked.forEach((a, doc) => {
      const counts = new Map<string, number>();
      for (const t of a.terms) counts.set(t, (counts.get(t) ?? 0) + 1);
      for (const [t, n] of counts) {
        let p = this.postings.get(t);
        if (!p) {
          p = { docs: [], counts: [], idf: 0 };
          this.postings.set(t, p);
        }
        p.docs.push(doc);
        p.counts.push(n);
      }
    });
    const total = asked.length;
    for (const p of this.postings.values()) {
      const df = p.docs.length;
      p.idf = Math.log(1 + (total - df + 0.5) / (df + 0.5));
    }
  }

  /** The `k` closest ways of asking to a question's terms, closest first. */
  public nearest(terms: readonly string[], k: number): Nearest[] {
    const touched: number[] = [];
    const scores = this.scores;
    for (const t of new Set(terms)) {
      const p = this.postings.get(t);
      if (!p) continue;
      for (let i = 0; i < p.docs.length; i++) {
        const doc = p.docs[i] as number;
        const tf = p.counts[i] as number;
        if (scores[doc] === 0) touched.push(doc);
        scores[doc] =
          (scores[doc] as number) +
          p.idf * ((tf * (K1 + 1)) / (tf + (this.norms[doc] as number)) + DELTA);
      }
    }
    // The k best, kept sorted by insertion (k is small).
    const best: Nearest[] = [];
    for (const doc of touched) {
      const score = scores[doc] as number;
      scores[doc] = 0;
      if (best.length === k && score <= (best[k - 1] as Nearest).score) continue;
      let at = best.length;
      while (at > 0 && (best[at - 1] as Nearest).score < score) at--;
      best.splice(at, 0, { label: this.labels[doc] as string, score });
      if (best.length > k) best.pop();
    }
    return best;
  }
}
