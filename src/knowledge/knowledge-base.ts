import MiniSearch, { type SearchResult } from 'minisearch';

import type { Language } from '../i18n/languages';

import type { Article } from './articles';
import { commonEnglishWords, englishWords, mostCommonEnglishWords } from './english-words';
import { OUT_OF_SCOPE_LABEL, type Example } from './examples';
import { NearestQuestions, type AskedText } from './nearest';
import { rememberingLast, stem } from './normalise';
import type { OutOfScopeTopic } from './out-of-scope';
import { smallTalkVocabulary } from './small-talk';
import { SpellingCorrector, words, type Correction } from './spelling';
import { ENGLISH, termsOf, WORD_EDGE, type TextProfile } from './text-profile';

/** One ranked article for a question. */
export interface SearchHit {
  article: Article;
  /** BM25+ score from MiniSearch (unbounded). */
  score: number;
  /**
   * Share of the question's information that this article matched, 0–1: each question term
   * weighs its inverse document frequency, and words the articles never use weigh the most, so
   * "iphone banana" is mostly unmatched while "authenticator" alone is fully matched.
   */
  coverage: number;
  /** Sum of the inverse document frequencies of the matched terms: how much real evidence. */
  evidence: number;
}

/** What the bot should do with a question. */
export type KnowledgeAnswer =
  | { kind: 'answer'; hit: SearchHit; alternatives: Article[] }
  | { kind: 'unsure'; suggestions: Article[] }
  | {
      kind: 'out-of-scope';
      platform: string | undefined;
      /** The other topic the question is about ("choosing or buying a device"), when known. */
      topic?: string;
      /** Its id in out-of-scope.yml ("device-purchase"), the same in every language. */
      topicId?: string;
    }
  | { kind: 'empty' };

/**
 * Tuning of the confidence decision. Chosen on test/fixtures/qa (questions with known answers and
 * questions with none); `npm run eval:qa` reports how it does.
 */
export interface ConfidencePolicy {
  /** A strong match: BM25 score of the top hit at least this… */
  minScore: number;
  /** …and at least this IDF-weighted share of the question matched… */
  minCoverage: number;
  /** …and ahead of the next article by this factor (level scores are no answer). */
  tieMargin: number;
  /** Or a short, precise question (an error code): nearly all of it matched… */
  preciseCoverage: number;
  /** …with at least this much evidence (summed IDF of matched terms). */
  preciseEvidence: number;
  /**
   * Or one article clearly wins: its score is at least this many times the runner-up's…
   */
  winnerMargin: number;
  /** …with at least this share of the question matched and this score. */
  winnerCoverage: number;
  winnerScore: number;
  /** How many suggestions to offer when unsure. */
  maxSuggestions: number;
  /**
   * The closest ways of asking vote (see `KnowledgeBase.vote`): a message the search is not sure
   * of is answered by a label this many times ahead of the next one (`settle`)…
   */
  voteMargin: number;
  /** …and when the search is confident in another article, a label this far ahead overrules it. */
  voteOverrule: number;
  /** How many of the closest ways of asking vote. */
  voters: number;
  /**
   * Or the top article is also the one whose own phrasing is closest to the question, by this
   * factor over the next article's closest phrasing.
   */
  askedMargin: number;
}

export const DEFAULT_CONFIDENCE: ConfidencePolicy = {
  minScore: 100,
  minCoverage: 0.3,
  tieMargin: 1.03,
  preciseCoverage: 0.9,
  preciseEvidence: 3,
  winnerMargin: 1.6,
  winnerCoverage: 0.5,
  winnerScore: 30,
  maxSuggestions: 3,
  askedMargin: 1.3,
  voteMargin: 1.5,
  voteOverrule: 3,
  voters: 5,
};

/** How a knowledge base is built besides its articles. */
export interface KnowledgeBaseOptions {
  policy?: ConfidencePolicy;
  /** Topics outside the bot's field, indexed beside the articles (src/knowledge/out-of-scope.yml). */
  outOfScope?: readonly OutOfScopeTopic[];
  /** More words the spelling corrector may correct towards (the command words, for example). */
  vocabulary?: readonly string[];
  /**
   * How many decisions to memoise (default 2000; 0 for the benchmark: then only the last few,
   * which reading one message asks for again, are kept).
   */
  memo?: number;
  /** The language the articles are written in, and how to read it (default English). */
  text?: TextProfile;
  /**
   * Labelled questions employees wrote (src/knowledge/examples): more ways of asking each
   * article, and "out-of-scope" ones. An example whose article is not here is left out.
   */
  examples?: readonly Example[];
}

let stems: { common: ReadonlySet<string>; all: ReadonlySet<string> } | undefined;

/** English words as the index sees them (stemmed: "supposed" → "suppos"), built once. */
function everydayStems(): { common: ReadonlySet<string>; all: ReadonlySet<string> } {
  stems ??= {
    common: new Set([...commonEnglishWords()].map(stem)),
    all: new Set([...englishWords()].map(stem)),
  };
  return stems;
}

/** "How do I …?" in each language: a question that wants steps to follow. */
const HOW_TO: Record<Language, RegExp> = {
  en: /\b(how (do|can|should|would|must) (i|we|you)|how to|how i (remove|take|get|do|set|enroll|unenroll|delete|check|find|change|switch|install|update))\b/i,
  de: /^\W*(\d+\W+)?(und |aber |also )?wie (kann|mache|mach|muss|soll|gehe|nehme|nehm|melde|entferne|krieg|kriege|bekomme|bekomm|finde|prüfe|werde|schaffe|stelle|richte) (ich|man)\b/i,
  fr: /^\W*comment (je |j'|on |faire|puis-je|dois-je|est-ce que (je|j'|l'on|on))/i,
  es: /^\W*(cómo|como) (puedo|hago|se |lo |la |debo|quito|elimino|inscribo|compruebo|encuentro)/i,
  ja: /(方法|手順|どうやって|やり方)/,
};

/**
 * For a "how do I …?" question, of two articles the search ranks almost level (within a tenth),
 * the one with steps to follow comes first: "unenroll: how do I do it?" wants the steps, not what
 * unenrolling removes. Reorders `hits` in place.
 */
function preferStepsForHowTo(hits: SearchHit[], howTo: boolean): void {
  const [first, second] = hits;
  if (
    howTo &&
    first &&
    second &&
    first.article.steps.length === 0 &&
    second.article.steps.length > 0 &&
    second.score >= 0.9 * first.score
  ) {
    hits[0] = second;
    hits[1] = first;
  }
}

/** A pattern per language, with "\b" read as {@link WORD_EDGE} and case ignored. */
function perLanguage(table: Record<Language, RegExp>): Record<Language, RegExp> {
  return Object.fromEntries(
    Object.entries(table).map(([lang, re]) => [
      lang,
      new RegExp(re.source.replace(/\\b/g, WORD_EDGE), 'iu'),
    ]),
  ) as Record<Language, RegExp>;
}

/**
 * Asking what goes, or what is left, when something is done ("what gets deleted when I
 * unenroll?", "was wird dann alles gelöscht?", "qu'est-ce qui est supprimé exactement ?", "¿qué se
 * borra?", "何が消えますか"), in each language; "\b" is read as {@link WORD_EDGE}.
 */
const WHAT_GOES = perLanguage({
  en: /\b(what|wat|wot|wut) (exactly )?((gets|is|are|will be|would be|will get|would get|do i|will i|would i|does it)( \w+)? (removed|deleted|wiped|erased|lost|lose|kept|left|taken off|keep)|(will|would|does) (it|that|this)( \w+)? (delete|remove|wipe|erase)|(it|that|this) (will|would|go|gon|gonna|is going to)( \w+)? (delete|remove|wipe|erase)|happens to (my|the|all))\b/,
  de: /\bwas\b.{0,40}\b(entfernt|gelöscht|geloescht|verloren|verliere|übrig|bleibt|weg)\b|\bwas passiert mit\b/,
  fr: /qu['’]est-ce (qui|que)\b.{0,40}\b(supprimé|supprimée|supprimés|effacé|effacés|perds|perd|reste|restent|disparaît|disparaissent|retiré|enlevé)\b|\bque (devient|deviennent)\b/,
  es: /\bqu[ée]\b.{0,30}\b(borra|borran|quita|quitan|elimina|eliminan|pierde|pierdo|queda|quedan|desaparece|pasa con)\b/,
  ja: /何が.{0,10}(消え|消さ|削除|なくな|無くな|残)/,
});

/**
 * Taking the device out of management, in each language ("take it off the work system",
 * "wieder abmelden", "le jour où je l'enlève", "si saco el teléfono", "登録を解除したら").
 */
const LEAVES_MANAGEMENT = perLanguage({
  en: /\b(unenroll\w*|un-enroll\w*|take (it|them|this|that|the \w+|my \w+|the old one)( \w+)? off|off (the )?(work|company|intune|management)|remove (it|the device|my \w+|the enrollment|management|the work account|the profile)|leav(e|es|ing) (management|intune)|come off|unregister\w*|deregister\w*)\b/,
  de: /\b(abmeld\w*|abmelde|runter\w*|rausnehm\w*|rausnehme|entfern\w*|aus der (firmen)?verwaltung|austrag\w*|wieder weg)\b/,
  fr: /\b(désinscri\w*|desinscri\w*|enlève|enlever|enleve|enlevé|retire|retirer|retirerai|retirais|sortir de la gestion|sors de la gestion)\b/,
  es: /\b(quito|quitar|quite|quitara|saco|sacar|saque|saca|desinscrib\w*|anulo|anular|dar de baja|doy de baja|darme de baja|desvincul\w*)\b/,
  ja: /(解除|外し|外す|抜け|登録をやめ)/,
});

/**
 * A question asking what goes when something is done prefers, of the top three articles, the one
 * whose title asks the same ("What is removed or deleted when I unenroll my device?") over the
 * steps to do it, unless that one is far behind (under half the top score). When the question
 * says it is about taking the device out of management ("…the day I take it off, what exactly is
 * deleted?"), such an article anywhere in the hits is preferred, however far behind. Reorders
 * `hits`; true when it did.
 */
function preferWhatGoes(
  hits: SearchHit[],
  asks: RegExp,
  question: string,
  leaving: RegExp,
): boolean {
  const top = hits[0];
  if (!top || !asks.test(question) || asks.test(top.article.title)) return false;
  const named = leaving.test(question);
  const at = hits.findIndex((h, i) => i > 0 && (named || i < 3) && asks.test(h.article.title));
  const alt = hits[at];
  if (at < 0 || !alt || (!named && alt.score < 0.5 * top.score)) return false;
  hits.splice(at, 1);
  hits.unshift(alt);
  return true;
}

/** A word in more titles than this names no one article's subject when asked alone. */
const MAX_TITLES_NAMING = 9;

/** How many times the next article's score the first must have to stand against a vote. */
const CLEAR_VOTE_LEAD = 3;

/** Ways of asking `warm()` reads in one turn of the event loop (a few milliseconds' work). */
const WARM_SLICE = 200;

/** A message that reports a failure ("… failed", "error …", "unable to …"). */
const REPORTS_A_FAILURE =
  /\b(error|failed|fails|failure|warning|unable|couldn'?t|can'?t|cannot)\b/i;

/**
 * "What is X?", "what's X exactly", "what does X mean?", "what is this X thing?", after a short
 * preface set off by a dash or colon ("Bit confused – what is this 'User Enrollment' thing").
 */
const ASKS_WHAT_IT_IS =
  /^\W*(?:[^?.!–—:]{1,30}(?:\s[–—-]|:)\s+)?(?:(?:ok|so|and|hi|hey|(?:two|2|a couple of|a few) (?:things|questions))\W+)*(?:what(?:'s| is| are)|what does)\s+(?:(?:an?|the|this|that|these)\s+)?(?<subject>[^?.!,]{2,60}?)(?:\s+(?:exactly|actually|really|mean|thing|stuff|all about|about|then|again|anyway|in (?:plain|simple|normal|everyday) (?:english|words|terms|language)))*\s*[?.!]*\s*$/i;

/** Words of a subject that say nothing about it. */
const SUBJECT_FILLER = /^(exactly|actually|realli|really|mean|thing|stuff)$/;

/**
 * Asking what something is in the other languages, at the start of a question ("was ist dieses
 * „User Enrollment“ überhaupt, …", "c'est quoi un compte Apple géré ?", "¿qué es eso de la
 * inscripción de usuario?", "管理対象Apple Accountって何？"): the subject, up to the first comma
 * or end of sentence.
 */
const ASKS_WHAT_IT_IS_IN: Readonly<Record<Exclude<Language, 'en'>, RegExp>> = {
  de: /^\W*(?:(?:hallo|hi|hey|grüezi|servus|moin|also|und|ok|sorry|kurze frage)\W+)*was (?:ist|sind|bedeutet|heißt|heisst)\s+(?:(?:denn|eigentlich|genau|überhaupt|bitte)\s+)*(?<subject>[^?.!,;:]{2,60}?)(?=\s+(?:y|und|et|o|oder|ou)\s|\s*[?.!,;:]|\s*$)/iu,
  // (After a word of address, "Mon grand, c'est quoi…"; the subject ends where a clause about it
  // begins: "…cette « inscription d'utilisateur » dont l'informatique parle".)
  fr: /^\W*(?:(?:bonjour|salut|et|ok|alors|dites|dis|au passage|d['’]ailleurs|sinon|aussi|autre question)\W+|(?:mon|ma|mes|eh|hé|he) [\p{L}-]{2,20}\s*,\s*)*(?:c['’]est quoi|qu['’]est-ce que c['’]est(?: que)?|qu['’]est-ce qu(?:e\s+|['’])|que (?:veut dire|signifie))\s*(?:(?:exactement|au juste|donc)\s+)*(?<subject>[^?.!,;:]{2,60}?)(?=\s+(?:y|und|et|o|oder|ou|dont|qui|que|qu['’]\p{L}+)\s|\s*[?.!,;:]|\s*$)/iu,
  es: /^\W*(?:(?:hola|y|ok|oye|bueno|perdón|perdon)\W+)*(?:qué|que)(?: cosa)? (?:es|son|significa|quiere decir)\s+(?:(?:exactamente|realmente|eso de|esto de|lo de)\s+)*(?<subject>[^?.!,;:]{2,60}?)(?=\s+(?:y|und|et|o|oder|ou)\s|\s*[?.!,;:]|\s*$)/iu,
  ja: /^(?:(?:あと|それと|ちなみに|そもそも|すみません)[、,\s]*)*(?<subject>[^。？?！!、,]{2,40}?)(?:って|とは)(?:一体|いったい)?(?:何|なに|なん)/u,
};

/** The clause of a title that asks what something is, per language. */
const TITLE_ASKS_WHAT: Readonly<Record<Exclude<Language, 'en'>, RegExp>> = {
  de: /^(was (ist|sind|bedeutet)\b[^,?]*)/iu,
  fr: /^((qu['’]est-ce qu(e\s|['’])|c['’]est quoi|que veut dire)[^,?]*)/iu,
  es: /^(¿?qu[ée] (es|son|significa)\b[^,?]*)/iu,
  // (Not "組織は何を管理…できますか": what it does, not what it is.)
  ja: /^([^？?]*?)(とは何|は何)(?=です|でしょう|[？?]|$)/u,
};

/** Words of a subject that say nothing about it, in the other languages. */
const SUBJECT_FILLER_IN =
  'überhaupt eigentlich genau denn so ding sache dies dieser dieses diese exactement truc machin chose realmente exactamente cosa eso esto これ それ あれ 一体';

/** How a question asking what something is, and a title answering it, read in one language. */
interface DefiningRule {
  asks: RegExp;
  title: RegExp;
  filler: (term: string) => boolean;
  /** The article's keywords name the subject too, not only its title. */
  keywords: boolean;
}

function definingRuleFor(profile: TextProfile): DefiningRule {
  if (profile.lang === 'en') {
    return {
      asks: ASKS_WHAT_IT_IS,
      title: /^(what (is|are|does)\b[^,?]*)/i,
      filler: (t) => SUBJECT_FILLER.test(t),
      keywords: false,
    };
  }
  const filler = new Set(termsOf(profile, SUBJECT_FILLER_IN));
  return {
    asks: ASKS_WHAT_IT_IS_IN[profile.lang],
    title: TITLE_ASKS_WHAT[profile.lang],
    filler: (t) => filler.has(t),
    keywords: true,
  };
}

/** The question uses one of the words the article needs (`Article.needs`), or it needs none. */
function usesNeeds(article: Article, question: string): boolean {
  if (article.needs.length === 0) return true;
  const q = question.toLowerCase();
  return article.needs.some((n) => q.includes(n.toLowerCase()));
}

/**
 * An answer with `article`, its hit among `hits` when the search found it (a hit of no score
 * when only the vote did), and the next two articles of the search as alternatives.
 */
function answerWith(article: Article, hits: readonly SearchHit[]): KnowledgeAnswer {
  return {
    kind: 'answer',
    hit: hits.find((h) => h.article.id === article.id) ?? {
      article,
      score: 0,
      coverage: 0,
      evidence: 0,
    },
    alternatives: hits
      .filter((h) => h.article.id !== article.id)
      .slice(0, 2)
      .map((h) => h.article),
  };
}

/** "That's outside what I cover", naming the subject when one is known. */
function outsideOn(topic: OutOfScopeTopic | undefined): KnowledgeAnswer {
  return {
    kind: 'out-of-scope',
    platform: undefined,
    ...(topic ? { topic: topic.label, topicId: topic.id } : {}),
  };
}

/** Id prefix of out-of-scope topics in the index. */
const TOPIC_PREFIX = 'topic:';

/** How many distinct questions keep their decision in memory. */
const ANSWER_CACHE_ENTRIES = 2000;

/**
 * How many of the latest decisions and rankings are kept whatever the memo (even none): reading
 * one message decides a sentence alone and again as part of its window, and ranks it again to
 * list suggestions. A message never seen before is read once, not twice over.
 */
const RECENT_ENTRIES = 8;

/** A ranked article, or a subject the bot does not cover. */
type RankedHit = Omit<SearchHit, 'article'> & { article?: Article; topic?: OutOfScopeTopic };

/** Keeps `value` under `key`, dropping the least recently kept entries beyond `size`. */
function remember<T>(cache: Map<string, T>, key: string, value: T, size: number): void {
  cache.set(key, value);
  while (cache.size > size) {
    const oldest = cache.keys().next().value;
    if (oldest === undefined) return;
    cache.delete(oldest);
  }
}

/** Platforms the bot does not cover, as people name them. */
const OTHER_PLATFORMS: readonly [RegExp, string][] = [
  [/\b(android|samsung|galaxy|pixel|huawei|xiaomi|oneplus|motorola)\b/i, 'Android'],
  // A Windows password or account is the work account, not a Windows device; so is "the password
  // I use for the laptop".
  [
    /(?<!\b(password|login|credentials|email|e-mail|user ?name|account|passwort|kennwort|konto|mot de passe|compte|identifiant|contraseña|cuenta|correo)\b[^.?!]{0,50})\b(windows|win ?1[01]|surface|pc|laptop|thinkpad|autopilot)\b(?![\s/]*(\w+[\s/]+)?(password|account|login|credentials))/i,
    'Windows',
  ],
  [/\b(mac|macbook|imac|macos|os x)\b/i, 'Mac'],
  [/\b(chromebook|chrome ?os|linux|ubuntu)\b/i, 'that platform'],
];
const OUR_DEVICES = /\b(iphone|ipad|ipados|ios|apple)\b/i;

/**
 * Choosing between two models to buy ("the iPhone 16 or the 16 Pro?", "el iphone 16 o el 17",
 * "16eと17やったらどっちがオススメ"): buying advice, which the bot does not give. Two model
 * numbers joined by "or" in any of our languages (not a version: "iOS 16 or 17" is no model),
 * and a word of buying or choosing.
 */
const TWO_MODELS =
  /(?<!(ios|ipados|version|versión|vers|バージョン|on|en|auf|sur)\s?)(?<![\d.])\d{1,2}(e|\s?pro( max)?|\s?plus|\s?mini|\s?air)?\s*(or|oder|ou|o|vs\.?|versus|と|か)\s*(the |el |la |le |l'|das |den |dem |un |una |ein |iphone |ipad |lieber |eher |doch |plutôt |mejor |normale |normal |regular |standard |plain |basic )*\d{1,2}(e|\s?pro( max)?|\s?plus|\s?mini|\s?air)?(?![\d.])/iu;
/** The same between named models ("the Pro or the normal one", "Pro Max oder Standard"). */
const TWO_NAMED_MODELS =
  /\b(the |a |el |la |le |das |den )?(pro( max)?|plus|mini|max|normal|standard|regular|base|basic)( one| model| version)?\s*(or|oder|ou|o|vs\.?|versus)\s*(the |a |el |la |le |l'|das |den |dem |un |una |ein )?(pro( max)?|plus|mini|max|normal|standard|regular|base|basic)( one| model| version)?\b/iu;
const BUYING =
  /\b(buy|buying|get|getting|purchase|order|recommend\w*|worth|better|choose|pick|besser|kaufen|kaufe|holen|hol|nehmen|empfehl\w*|wählen|lohnt|lohnen|acheter|achète|prendre|conseill\w*|choisir|vaut|meilleur|mieux|comprar|compro|conviene|mejor|recomiend\w*|recomend\w*|elegir|escoger|vale la pena|merece la pena)\b|買|オススメ|おすすめ|どっち|どちら/iu;
/** An iPhone against another maker's phone ("das neue iPhone oder lieber en Samsung?"). */
const IPHONE_OR_OTHER =
  /\b(iphone|apple)\b.{0,40}\b(or|oder|ou|o|vs\.?|versus)\b.{0,20}\b(samsung|android|pixel|galaxy|huawei|xiaomi)\b|\b(samsung|android|pixel|galaxy|huawei|xiaomi)\b.{0,40}\b(or|oder|ou|o|vs\.?|versus)\b.{0,20}\b(iphone|apple)\b/iu;

/**
 * Asking which phone to buy: a word of buying or choosing beside two models ("the 16 or the
 * 17?"), two named kinds ("the Pro or the normal one") or an iPhone against another maker's.
 */
export function asksBuyingAdvice(text: string): boolean {
  return (
    BUYING.test(text) &&
    ((/iphone|ipad/i.test(text) && TWO_MODELS.test(text)) ||
      TWO_NAMED_MODELS.test(text) ||
      IPHONE_OR_OTHER.test(text))
  );
}

/**
 * A Windows (or PC) password, account or sign-in named in any of our languages ("Windows-Passwort",
 * "mot de passe Windows", "contraseña de Windows", "Windowsのパスワード"): that is the work
 * account, not a Windows device, so it is left out before the platforms are looked for.
 */
const WINDOWS_CREDENTIAL =
  /(windows|pc)[\s/-]*(passwor[dt]|kennwort|konto|account|login|anmeldung|credentials|のパスワード|パスワード|のアカウント|アカウント)|(mot de passe|identifiants?|compte|contraseña|clave|cuenta|usuario)( de| du)? (windows|pc)|(パスワード|アカウント)[^。？！?!]{0,16}(windows|pc)|(windows|pc)(と同じ|と一緒の?|とおんなじ)[^。？！?!]{0,16}(パスワード|アカウント|メール|ログイン|サインイン)|\b(password|passwort|kennwort|mot de passe|contraseña)\b[^.?!]{0,32}\b(windows|pc)\b/giu;

/**
 * A computer named as where something else works ("the email is correct, I use it on the PC at
 * the terminal every day", "it works fine on my laptop", "I copy paste from Outlook on laptop"):
 * context, not the device asked about, so it is left out too.
 */
const WORKS_ELSEWHERE =
  /(?<!\b(can|could|may|do|does|should|will|would|to|how) )\b(i|we|it|that|this|everything|email|account) (use|used|still use|works?|worked|is working|works fine|work fine|copy|copied|paste|pasted|type|typed)\b[^.?!]{0,30}\b(on|from|at|in) ((the|my|our|a) )?(pc|laptop|computer|desktop|mac|macbook)\b(?![^.!]*\?)/giu;

/** One way of asking an article: its title or a phrasing. */
interface AskedQuestion {
  id: string;
  article: string;
  text: string;
}

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
  /**
   * Every title and phrasing as a document of its own (question-to-question matching): a short
   * question is judged against the one way of asking it closest to it, not against an article's
   * whole text, where its few words are diluted.
   */
  private readonly questions: MiniSearch<AskedQuestion>;
  /**
   * The ways of asking each article and the example questions, which vote (see `vote`), indexed
   * by {@link nearestQuestions} on first use.
   */
  private asked: NearestQuestions | undefined;
  /** The ways of asking still to be read into {@link askedTerms} (read in order, from the front). */
  private readonly toRead: { label: string; text: string }[];
  /** The ways of asking read so far, with their terms. */
  private readonly askedTerms: AskedText[] = [];
  private readonly exampleCount: number;
  private readonly byId: Map<string, Article>;
  private readonly answers = new Map<string, KnowledgeAnswer>();
  /**
   * Ranked articles and out-of-scope topics, best first; the latest rankings are kept, by
   * question (see {@link RECENT_ENTRIES}), and the same array returned for the same question.
   */
  private readonly rank = rememberingLast(
    (question): readonly RankedHit[] => this.rankFresh(question),
    RECENT_ENTRIES,
  );
  /** Inverse document frequency of every indexed term (BM25 form). */
  private readonly idf: Map<string, number>;
  /** Weight of a word no article uses: the highest IDF there is. */
  private readonly unknownTermWeight: number;
  private readonly policy: ConfidencePolicy;
  private readonly topics: Map<string, OutOfScopeTopic>;
  private readonly spellerVocabulary: ReadonlyMap<string, number>;
  private builtSpeller: SpellingCorrector | undefined;
  /** How a question asking what something is reads in this language (built on first use). */
  private definingRule: DefiningRule | undefined;
  /** How many articles' titles use each term (built on first use). */
  private titleTermCounts: Map<string, number> | undefined;
  /** How many decisions are memoised (0: only the last few). Message readings follow the same setting. */
  public readonly memoSize: number;
  /** How this knowledge base reads text: its language. */
  public readonly text: TextProfile;

  public constructor(
    private readonly articles: readonly Article[],
    private readonly options: KnowledgeBaseOptions = {},
  ) {
    this.policy = options.policy ?? DEFAULT_CONFIDENCE;
    this.text = options.text ?? ENGLISH;
    const text = this.text;
    const normaliseText = (t: string): string => text.normalise(t);
    const tokenize = (t: string): string[] => text.tokenize(t);
    const processTerm = (t: string): string | null => text.processTerm(t);
    this.memoSize = options.memo ?? ANSWER_CACHE_ENTRIES;
    this.byId = new Map(articles.map((a) => [a.id, a]));
    this.topics = new Map((options.outOfScope ?? []).map((t) => [TOPIC_PREFIX + t.id, t]));
    const documents = [
      ...articles.map((a) => ({
        id: a.id,
        title: normaliseText(a.title),
        phrasings: normaliseText(a.phrasings.join('\n')),
        keywords: normaliseText(a.keywords.join(' ')),
        summary: normaliseText(a.summary),
        body: normaliseText(a.body),
        steps: normaliseText(a.steps.join('\n')),
      })),
      // A topic has no article text: its label and words stand in for title and summary, so
      // it competes with articles on the same fields.
      ...[...this.topics].map(([id, t]) => ({
        id,
        title: normaliseText(t.label),
        phrasings: normaliseText(t.phrasings.join('\n')),
        keywords: normaliseText(t.keywords.join(' ')),
        summary: normaliseText(t.keywords.join(' ')),
        body: '',
        steps: '',
      })),
    ];
    const vocabulary = new Map<string, number>();
    const count = (text: string): void => {
      for (const w of words(text)) vocabulary.set(w, (vocabulary.get(w) ?? 0) + 1);
    };
    for (const a of articles) {
      count([a.title, a.summary, a.body, ...a.phrasings, ...a.keywords, ...a.steps].join('\n'));
    }
    for (const t of this.topics.values()) count([...t.phrasings, ...t.keywords].join('\n'));
    for (const w of [...(options.vocabulary ?? []), ...smallTalkVocabulary()]) count(w);
    // Typos are corrected against the English dictionary only: other languages skip building it.
    // Built on first use (or by warm()), so the index is ready without waiting for it.
    this.spellerVocabulary = text.spelling ? vocabulary : new Map();
    // Every term the index holds. A query term found here is matched exactly only: expanding it
    // by prefix or fuzziness would let "company" pull in "companyportal".
    const indexed = new Set(
      documents.flatMap((d) =>
        tokenize(Object.values(d).join(' '))
          .map(processTerm)
          .filter((t): t is string => t !== null),
      ),
    );
    const documentFrequency = new Map<string, number>();
    for (const d of documents) {
      const terms = new Set(
        tokenize(Object.values(d).join(' '))
          .map(processTerm)
          .filter((t): t is string => t !== null),
      );
      for (const t of terms) documentFrequency.set(t, (documentFrequency.get(t) ?? 0) + 1);
    }
    const n = documents.length;
    this.idf = new Map(
      [...documentFrequency].map(([t, df]) => [t, Math.log(1 + (n - df + 0.5) / (df + 0.5))]),
    );
    this.unknownTermWeight = Math.log(1 + (n + 0.5) / 0.5);
    this.index = new MiniSearch<IndexedArticle>({
      fields: ['title', 'phrasings', 'keywords', 'summary', 'body', 'steps'],
      storeFields: ['id'],
      tokenize,
      processTerm,
      searchOptions: {
        boost: { title: 3, phrasings: 3, keywords: 2.5, summary: 1.5, body: 1, steps: 0.6 },
        fuzzy: (term) => (text.fuzzy && term.length > 5 && !indexed.has(term) ? 0.2 : false),
        prefix: (term) => text.fuzzy && term.length > 3 && !indexed.has(term),
        weights: { fuzzy: 0.4, prefix: 0.5 },
        combineWith: 'OR',
      },
    });
    this.index.addAll(documents);
    this.questions = new MiniSearch<AskedQuestion>({
      fields: ['text'],
      storeFields: ['article'],
      tokenize,
      processTerm,
      searchOptions: {
        fuzzy: (term) => (text.fuzzy && term.length > 5 && !indexed.has(term) ? 0.2 : false),
        prefix: (term) => text.fuzzy && term.length > 3 && !indexed.has(term),
        weights: { fuzzy: 0.4, prefix: 0.5 },
        combineWith: 'OR',
      },
    });
    const phrased = articles.flatMap((a) =>
      [a.title, ...a.phrasings].map((phrasing, i) => ({
        id: `${a.id}#${i}`,
        article: a.id,
        text: normaliseText(phrasing),
      })),
    );
    this.questions.addAll(phrased);
    // The voters: every way of asking an article plus the examples (whose label is an article
    // here, or "out-of-scope").
    const examples = (options.examples ?? []).filter(
      (e) => e.answer === OUT_OF_SCOPE_LABEL || this.byId.has(e.answer),
    );
    // Indexed on first use (or by warm(), a slice at a time): reading every example costs over
    // half a second in English, which startup should not wait for.
    this.toRead = [
      ...phrased.map((p) => ({ label: p.article, text: p.text })),
      ...examples.map((e) => ({ label: e.answer, text: e.q })),
    ];
    this.exampleCount = examples.length;
  }

  /**
   * What the ways of asking closest to a question say it is about: the `voters` closest (the
   * articles' phrasings and the example questions) each vote for their label with their score
   * cubed, so the closest count far more than the merely close. `margin` is how many times the
   * winner's votes are the runner-up's (Infinity when alone).
   * Undefined when nothing is close, or when there are no examples to vote.
   */
  public vote(question: string): { label: string; margin: number } | undefined {
    if (this.exampleCount === 0) return undefined;
    const votes = new Map<string, number>();
    for (const r of this.nearestQuestions().nearest(
      termsOf(this.text, question),
      this.policy.voters,
    )) {
      votes.set(r.label, (votes.get(r.label) ?? 0) + r.score ** 3);
    }
    let first: [string, number] | undefined;
    let second = 0;
    for (const entry of votes) {
      if (!first || entry[1] > first[1]) {
        second = first?.[1] ?? 0;
        first = entry;
      } else if (entry[1] > second) second = entry[1];
    }
    if (!first) return undefined;
    return { label: first[0], margin: second > 0 ? first[1] / second : Infinity };
  }

  /** True when the vote clearly names one of the articles the bot would suggest. */
  private votedAmong(question: string, hits: readonly SearchHit[]): boolean {
    if (termsOf(this.text, question).length < 2) return false;
    const voted = this.vote(question);
    return (
      voted !== undefined &&
      voted.margin >= this.policy.voteMargin &&
      hits.slice(0, this.policy.maxSuggestions).some((h) => h.article.id === voted.label)
    );
  }

  /**
   * The article whose way of asking is closest to the question, when it is clearly closer than
   * any other article's (by `margin`).
   */
  private closestAsked(question: string, margin: number): string | undefined {
    const best = new Map<string, number>();
    for (const r of this.questions.search(this.text.normalise(question)).slice(0, 20)) {
      const article = r.article as string;
      if (!best.has(article)) best.set(article, r.score);
      if (best.size === 2) break;
    }
    const [first, second] = [...best];
    if (!first) return undefined;
    return !second || first[1] >= margin * second[1] ? first[0] : undefined;
  }

  /**
   * A knowledge base of these articles plus `extra` (the IT team's published answers), with the
   * same options. This one is unchanged.
   */
  public withArticles(extra: readonly Article[]): KnowledgeBase {
    return new KnowledgeBase([...this.articles, ...extra], this.options);
  }

  /** Every article, in file order. */
  public all(): readonly Article[] {
    return this.articles;
  }

  /**
   * True when a word means something to the articles or the other topics (one of its terms is
   * indexed): "authenticator" does, "lah" and "bacán" do not.
   */
  public uses(word: string): boolean {
    return termsOf(this.text, word).some((t) => this.idf.has(t));
  }

  /** One article by id. */
  public get(id: string): Article | undefined {
    return this.byId.get(id);
  }

  /**
   * How much a question word that no article uses counts against the matched share: an everyday
   * English word ("actually", "week") little, a rarer English word more, and a word in no
   * dictionary (a name, jargon of another field) the most.
   */
  private unknownWeight(term: string): number {
    // No dictionary for the other languages: an unknown word there counts as a rarer word.
    if (this.text.lang !== 'en') return 2;
    if (everydayStems().common.has(term)) return 1;
    if (everydayStems().all.has(term)) return 2;
    return this.unknownTermWeight;
  }

  /** The question with unknown words corrected towards the bot's vocabulary ("iphnoe" → "iphone"). */
  public correct(text: string): Correction {
    if (!this.text.spelling) return { text, changes: [] };
    return this.speller().correct(text);
  }

  /**
   * Builds what the first question would otherwise wait for: the index of the ways of asking
   * (the articles' phrasings and the examples, over half a second in English, read a slice at a
   * time), then the spelling corrector and its English dictionary. The app calls it once it is
   * listening.
   */
  public async warm(): Promise<void> {
    // Each slice in its own turn of the event loop, so a request arriving meanwhile (a health
    // probe, the first question) waits for one slice, not for the whole index.
    const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
    while (this.asked === undefined && this.toRead.length > 0) {
      this.readAsked(WARM_SLICE);
      await nextTurn();
    }
    this.nearestQuestions();
    await nextTurn();
    if (this.text.spelling) this.speller();
  }

  /** Reads up to `count` more ways of asking into their terms. */
  private readAsked(count: number): void {
    for (const a of this.toRead.splice(0, count)) {
      this.askedTerms.push({ label: a.label, terms: termsOf(this.text, a.text) });
    }
  }

  private nearestQuestions(): NearestQuestions {
    if (this.asked === undefined) {
      // Whatever warm() has not read yet is read now.
      this.readAsked(this.toRead.length);
      this.asked = new NearestQuestions(this.askedTerms);
      // The index holds what it needs; the terms read are not kept twice.
      this.askedTerms.length = 0;
    }
    return this.asked;
  }

  private speller(): SpellingCorrector {
    // The most common English words are corrected towards too ("anywere" is "anywhere"), each
    // counted once, so the bot's own words win a tie.
    this.builtSpeller ??= new SpellingCorrector(
      [
        ...[...this.spellerVocabulary].flatMap(([w, n]) => Array<string>(Math.min(n, 50)).fill(w)),
        ...[...mostCommonEnglishWords()].filter(
          (w) => w.length >= 4 && !this.spellerVocabulary.has(w),
        ),
      ],
      { known: englishWords() },
    );
    return this.builtSpeller;
  }

  /**
   * The most telling words of a text for the articles (highest inverse document frequency, known
   * to the index), at most `count`: what a follow-up like "how do I do it?" is about.
   */
  public keyTerms(text: string, count: number): string[] {
    const terms = [...new Set(termsOf(this.text, this.correct(text).text))].filter((t) =>
      this.idf.has(t),
    );
    // Domain words first ("unenroll" before "point"), then the rarer.
    const everyday = (t: string): number =>
      this.text.lang === 'en' && englishWords().has(t) ? 1 : 0;
    return terms
      .sort((a, b) => everyday(a) - everyday(b) || (this.idf.get(b) ?? 0) - (this.idf.get(a) ?? 0))
      .slice(0, count);
  }

  /** Ranked articles for a question, best first. */
  public search(question: string, limit = 5): SearchHit[] {
    return this.rank(question)
      .filter((h) => !h.topic)
      .slice(0, limit)
      .map(({ topic: _topic, ...hit }) => hit as SearchHit);
  }

  private rankFresh(question: string): RankedHit[] {
    const terms = termsOf(this.text, question);
    if (terms.length === 0) return [];
    const results: SearchResult[] = this.index.search(this.text.normalise(question));
    const unique = [...new Set(terms)];
    const weight = (t: string): number => this.idf.get(t) ?? this.unknownWeight(t);
    // What a word the hit lacks counts against it: its weight, but no more than an everyday word
    // ("exactly", "office") or a bare number ("13" of an iPhone 13) is worth.
    const missing = (t: string): number => {
      if (/^\d+$/.test(t)) return Math.min(weight(t), 0.5);
      return Math.min(weight(t), this.unknownWeight(t));
    };
    return results.slice(0, 12).flatMap((r) => {
      const article = this.byId.get(r.id as string);
      const topic = this.topics.get(r.id as string);
      if (!article && !topic) return [];
      const matched = new Set(r.queryTerms);
      // A term matched only by prefix or fuzziness is not in the index itself: count it at half.
      const evidence = unique
        .filter((t) => matched.has(t))
        .reduce((sum, t) => sum + (this.idf.has(t) ? weight(t) : weight(t) / 2), 0);
      const lacking = unique.filter((t) => !matched.has(t)).reduce((sum, t) => sum + missing(t), 0);
      const total = evidence + lacking;
      const coverage = total > 0 ? evidence / total : 0;
      return [{ article, topic, score: r.score, coverage, evidence }];
    });
  }

  /**
   * True when a hit is good enough to answer with, by the policy: a strong match, a precise one
   * (an error code), or a clear winner over the next best article.
   */
  public isConfident(hit: SearchHit, runnerUp?: SearchHit, terms?: readonly string[]): boolean {
    const p = this.policy;
    return (
      // A strong match, unless another article is level with it (then it is a coin toss).
      (hit.score >= p.minScore &&
        hit.coverage >= p.minCoverage &&
        hit.score >= p.tieMargin * (runnerUp?.score ?? 0)) ||
      (hit.coverage >= p.preciseCoverage && hit.evidence >= p.preciseEvidence) ||
      (hit.coverage >= p.winnerCoverage &&
        hit.score >= p.winnerScore &&
        hit.score >= p.winnerMargin * (runnerUp?.score ?? 0)) ||
      // One word that names the top article's subject ("authenticator?"): its overview answers.
      // (Not a word half the titles use, "登録" (enroll): that names no one subject.)
      (terms?.length === 1 &&
        hit.coverage === 1 &&
        termsOf(this.text, hit.article.title).includes(terms[0] ?? '') &&
        this.titlesUsing(terms[0] ?? '') <= MAX_TITLES_NAMING)
    );
  }

  /** How many articles' titles use this term. */
  private titlesUsing(term: string): number {
    if (!this.titleTermCounts) {
      const counts = new Map<string, number>();
      for (const a of this.articles) {
        for (const t of new Set(termsOf(this.text, a.title)))
          counts.set(t, (counts.get(t) ?? 0) + 1);
      }
      this.titleTermCounts = counts;
    }
    return this.titleTermCounts.get(term) ?? 0;
  }

  /**
   * Decides how to answer a question. Decisions are memoised by question, case and spaces folded (bounded,
   * least recently used out): the articles are fixed for the life of the process, and employees
   * ask the same few questions over and over.
   */
  public answer(question: string): KnowledgeAnswer {
    // Keyed by the text as typed (case and spaces folded): cheap, and the same question asked
    // again is the common case.
    const key = question.toLowerCase().replace(/\s+/g, ' ').trim();
    const hit = this.answers.get(key);
    if (hit) {
      this.answers.delete(key);
      this.answers.set(key, hit);
      return hit;
    }
    const decided = this.decide(question);
    remember(this.answers, key, decided, Math.max(this.memoSize, RECENT_ENTRIES));
    return decided;
  }

  /**
   * A message's "not sure" settled by the closest ways of asking (see `vote`): when they clearly
   * agree on one of the suggestions, that article answers. Any other answer is returned as is.
   * Used on a whole message, not on each sentence of a story, where "not sure" means "no
   * question here".
   */
  public settle(question: string, answer: KnowledgeAnswer): KnowledgeAnswer {
    if (answer.kind !== 'unsure') return answer;
    const corrected = this.correct(question).text;
    // One word ("what is intune?") says too little for the nearest questions to settle it.
    if (termsOf(this.text, corrected).length < 2) return answer;
    const voted = this.vote(corrected);
    if (!voted || voted.margin < this.policy.voteMargin) return answer;
    // The closest questions are, by a landslide, ones about something else ("where do I download
    // my payslip?"): the bot does not cover it, and says which subject that is when one ranks.
    if (voted.label === OUT_OF_SCOPE_LABEL) {
      if (voted.margin < this.policy.voteOverrule) return answer;
      const topic = this.rank(corrected).find((h) => h.topic)?.topic;
      return outsideOn(topic);
    }
    const article = answer.suggestions.find((a) => a.id === voted.label);
    if (!article || !usesNeeds(article, corrected)) return answer;
    const hits = this.search(corrected, 6);
    const top = hits[0];
    if (top && this.unknownError(corrected, termsOf(this.text, corrected), top)) return answer;
    return answerWith(article, hits);
  }

  /**
   * For a question asking what something is ("what is user enrollment exactly?", "was ist dieses
   * „User Enrollment“ überhaupt, …", "リモート管理を許可って何？"), the article among the top three
   * whose title asks what that is ("What is Apple User Enrollment, and …"): every word of the
   * subject is in the title's first clause (in the other languages, or in the article's keywords:
   * people name it in English there, "User Enrollment").
   */
  private defining(question: string, hits: readonly SearchHit[]): SearchHit | undefined {
    const rule = (this.definingRule ??= definingRuleFor(this.text));
    const subject = rule.asks.exec(question)?.groups?.subject;
    if (!subject) return undefined;
    const wanted = termsOf(this.text, subject).filter((t) => !rule.filler(t));
    if (wanted.length === 0) return undefined;
    return hits.slice(0, 3).find((h) => {
      const clause = rule.title.exec(h.article.title)?.[1];
      if (!clause) return false;
      const named = rule.keywords ? [clause, ...h.article.keywords].join(' ') : clause;
      const titled = new Set(termsOf(this.text, named));
      return wanted.every((t) => titled.has(t));
    });
  }

  /**
   * A message the screen showed that names something no article knows ("device attestation
   * failed"): the articles match only its everyday words ("device", "failed"), so whichever ranks
   * first is a guess. True when the question reports a message, has a word the articles never
   * use that is no everyday word, and the top article matched little of it.
   */
  private unknownError(question: string, terms: readonly string[], top: SearchHit): boolean {
    if (this.text.lang !== 'en' || top.coverage >= 0.7 || !REPORTS_A_FAILURE.test(question)) {
      return false;
    }
    return terms.some((t) => !this.idf.has(t) && !/\d/.test(t) && this.unknownWeight(t) >= 2);
  }

  /** The decision without the memo: what `answer` computes on a miss (the benchmark times this). */
  public decide(typed: string): KnowledgeAnswer {
    const question = this.correct(typed).text;
    const terms = termsOf(this.text, question);
    if (terms.length === 0) {
      return { kind: 'empty' };
    }
    const named = question.replace(WINDOWS_CREDENTIAL, ' ').replace(WORKS_ELSEWHERE, ' ');
    const platform = OTHER_PLATFORMS.find(([p]) => p.test(named))?.[1];
    if (platform && !OUR_DEVICES.test(question)) {
      return { kind: 'out-of-scope', platform };
    }
    if (asksBuyingAdvice(question)) {
      const topic = this.topics.get(TOPIC_PREFIX + 'device-purchase');
      return outsideOn(topic);
    }
    const ranked = this.rank(question).filter((h) => !h.article || usesNeeds(h.article, question));
    const hits = ranked.filter((h): h is SearchHit => h.article !== undefined).slice(0, 6);
    const howTo = HOW_TO[this.text.lang].test(question);
    preferStepsForHowTo(hits, howTo);
    const askedWhatGoes = preferWhatGoes(
      hits,
      WHAT_GOES[this.text.lang],
      question,
      LEAVES_MANAGEMENT[this.text.lang],
    );
    const top = hits[0];
    // Another topic ranks above every article, or the articles are weak and another topic is
    // close: the question is about something the bot does not cover.
    // (Further down too, when it matched far more of the question than any article did.)
    const covered = Math.max(0, ...hits.map((h) => h.coverage));
    const topic = (
      ranked.slice(0, 3).find((h) => h.topic && h.coverage >= 0.3) ??
      ranked.slice(0, 6).find((h) => h.topic && h.coverage >= 0.3 && h.coverage >= 1.5 * covered)
    )?.topic;
    const confident =
      top !== undefined &&
      !this.unknownError(question, terms, top) &&
      (this.isConfident(top, hits[1], terms) ||
        // The article that says what goes, chosen over the steps ranked level with it.
        (askedWhatGoes && top.coverage >= this.policy.minCoverage / 2) ||
        // The article ranks first on its text and one of its own ways of asking is clearly the
        // closest to the question: two independent readings agree.
        (top.coverage >= this.policy.minCoverage &&
          terms.length >= 2 &&
          this.closestAsked(question, this.policy.askedMargin) === top.article.id));
    // "What is user enrollment?": the article whose title says what that is answers it.
    // (In the other languages, over a confident answer too: their question forms are plainer,
    // and the title's clause with the keywords must name every word of the subject.)
    const defining =
      confident && this.text.lang === 'en' ? undefined : this.defining(question, hits);
    if (defining && !(topic && ranked[0]?.topic === topic))
      return answerWith(defining.article, hits);
    // The closest ways of asking, examples among them, vote: a landslide overrules the search's
    // own choice (a clear vote settles a message the search is unsure of: see `settle`).
    // (Not over the article that says what goes: the way of asking is what tells them apart.)
    const voted = confident && top && !askedWhatGoes ? this.vote(question) : undefined;
    if (
      voted &&
      top &&
      voted.label !== top.article.id &&
      voted.margin >= this.policy.voteOverrule
    ) {
      // (Not to "outside what I cover" when the search names no such subject and its first
      // article matched most words, far ahead of the next: "…how do I get hold of someone?" asks
      // for the helpdesk, whatever a question about a printer "can you sort it" said.)
      const clearlyOurs =
        topic === undefined &&
        top.coverage >= 0.75 &&
        (hits[1]?.score ?? 0) * CLEAR_VOTE_LEAD < top.score;
      if (voted.label === OUT_OF_SCOPE_LABEL && !clearlyOurs) {
        return outsideOn(topic);
      }
      const article = voted.label === OUT_OF_SCOPE_LABEL ? undefined : this.byId.get(voted.label);
      // Not to an article the search ranks far behind (under a quarter of its score) while the
      // one it ranks first matched every word ("pourquoi on m'oblige à avoir Authenticator ?" is
      // not about passcodes).
      // (Nor to one the search does not rank at all, among its twelve, while the first matched
      // most words: "what's the route through the screens after that?" asks for the steps.)
      // (Nor, when the search ranks first a subject the bot does not cover that matched every word,
      // to an article it does not find at all: "Who won the match last night?" is small talk,
      // whatever examples told of "last night". A subject matched in part, "休みの日に…", may be
      // overruled.)
      const behind =
        (top.coverage === 1 &&
          (hits.find((h) => h.article.id === voted.label)?.score ?? 0) < 0.25 * top.score) ||
        (top.coverage >= 0.75 && !ranked.some((h) => h.article?.id === voted.label)) ||
        (topic !== undefined &&
          ranked[0]?.topic === topic &&
          ranked[0].coverage === 1 &&
          !hits.some((h) => h.article.id === voted.label));
      // Nor away from steps to an article without any when asked how to do something ("how do
      // I remove the enrollment later?" wants the steps, not what removing it deletes).
      const stepsLost = howTo && top.article.steps.length > 0 && article?.steps.length === 0;
      if (article && !behind && !stepsLost && usesNeeds(article, question))
        return answerWith(article, hits);
    }
    if (topic && (ranked[0]?.topic === topic || !confident)) {
      return outsideOn(topic);
    }
    if (top && confident) {
      return {
        kind: 'answer',
        hit: top,
        alternatives: hits.slice(1, 3).map((h) => h.article),
      };
    }
    // Mostly words no article uses, and only weak ones matched: not a question about enrollment,
    // unless the closest ways of asking clearly name one of the articles it would suggest
    // ("…nothing called Device Management. where is it hiding"): then it is unsure of those.
    if (!top || (top.coverage < 0.3 && top.evidence < 2 && !this.votedAmong(question, hits))) {
      return outsideOn(undefined);
    }
    return {
      kind: 'unsure',
      suggestions: hits.slice(0, this.policy.maxSuggestions).map((h) => h.article),
    };
  }
}
