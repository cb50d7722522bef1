/**
 * What reading a message produces, shared by the English reading (understand.ts) and the reading
 * of the other languages (understand-other.ts): the parts of a message and what each is about.
 */
import type { KnowledgeAnswer, KnowledgeBase } from './knowledge-base';
import type { SmallTalkAct } from './small-talk';
import { termsOf } from './text-profile';

/** One question of a message and what the knowledge base makes of it. */
export interface ReadPart {
  /** The part as typed (typos corrected for search only). */
  text: string;
  /** The part asks to be walked through enrollment. */
  enroll: boolean;
  answer: KnowledgeAnswer;
  /** Answered from what the message says around it, not from the part's own words. */
  inferred?: boolean;
  /** Something the person told (a problem, what a screen says), not a question they asked. */
  statement?: boolean;
}

/** What a message is. */
export type MessageReading =
  /** Only conversation: a greeting, thanks, "it didn't work"… */
  | { kind: 'small-talk'; act: SmallTalkAct }
  /** One question (the whole message, or the one found in a longer one). */
  | { kind: 'one'; part: ReadPart; greeted: boolean }
  /** Several questions, each with a confident answer or a request to enroll, in message order. */
  | { kind: 'several'; parts: ReadPart[] };

/** At most this many questions of one message get an answer. */
export const MAX_PARTS = 3;

/** The article a part is answered with (or "enroll" for a request to be guided). */
export function topicOf(part: ReadPart): string | undefined {
  if (part.enroll) return 'enroll';
  return part.answer.kind === 'answer' ? part.answer.hit.article.id : undefined;
}

/** The parts, each topic kept once, at its first part (parts with no topic count as one). */
export function distinctTopics(parts: readonly ReadPart[]): ReadPart[] {
  return parts.filter((p, i) => parts.findIndex((q) => topicOf(q) === topicOf(p)) === i);
}

/** A part answered with a troubleshooting article: it describes a problem. */
export function isProblem(part: ReadPart): boolean {
  return part.answer.kind === 'answer' && part.answer.hit.article.category === 'troubleshooting';
}

/** A part about a subject the bot knows it does not cover (printers, outages, leave days). */
export function namesOutOfScope(part: ReadPart): boolean {
  return part.answer.kind === 'out-of-scope' && part.answer.topic !== undefined;
}

/** How far ahead of the next a more specific article must rank to stand for a quoted message. */
const SPECIFIC_LEAD = 2;

/**
 * The message quoted from the screen (`part`, its own reading), read with the sentence that
 * quotes it when that sentence tells a more specific case of it: "it comes back 'Sign-in Failed'
 * and summat about my Apple Account not supporting the expected services" is the sign-in case
 * the general failure article lists among its related ones, not the general article
 * "Sign-in Failed" alone finds. (Only a related article, only one the sentence ranks well ahead
 * of the next, and only when the sentence says more than the quote: `terms` counts the words
 * that mean something, in the message's language.)
 */
export function specificOnScreen(
  kb: KnowledgeBase,
  part: ReadPart,
  sentences: readonly { text: string }[],
  quoted: string,
  terms: (text: string) => number,
  read?: (text: string) => ReadPart,
): ReadPart {
  const shown = part.answer.kind === 'answer' ? part.answer.hit.article : undefined;
  if (!shown || shown.related.length === 0) return part;
  // (Not a message that names its case itself: "Profile installation failed".)
  const [first, second] = kb.search(quoted, 2);
  if (first && second && first.score >= SPECIFIC_LEAD * second.score) return part;
  const sentence = sentences.find((p) => p.text.includes(quoted))?.text;
  if (sentence === undefined || terms(sentence) <= terms(quoted)) return part;
  const [top, next] = kb.search(sentence, 2);
  if (!top || !shown.related.includes(top.article.id)) return part;
  if (next && top.score < SPECIFIC_LEAD * next.score) {
    // Given `read`, the sentence's own reading may settle it: in German, French, Spanish and
    // Japanese the quote is English, which both articles quote alike, and the person's own words
    // around it ("…y que mi cuenta de Apple no admite los servicios esperados") say which case.
    const told = read?.(sentence);
    return told?.answer.kind === 'answer' && told.answer.hit.article.id === top.article.id
      ? { ...part, answer: told.answer }
      : part;
  }
  return {
    ...part,
    answer: { kind: 'answer', hit: top, alternatives: next ? [next.article] : [] },
  };
}

/** Shared beginning of two words long enough to call them forms of one ("aktualisiert"). */
const SAME_WORD_PREFIX = 6;

/**
 * A follow-up that points back ("…and how do I update it if it's old?", "Und wenn das zu alt
 * ist, wie krieg ich das aktualisiert?") asks the other half of what the question before it was
 * answered with, when that article names what the follow-up asks to do (one of its words among
 * the article's title and key words) and reading the two together still finds that article.
 * Then the follow-up keeps the answer of the question before, not whatever its few words alone
 * match ("update … old" alone reads as an app that is out of date).
 */
export function asksOtherHalf(
  kb: KnowledgeBase,
  previous: ReadPart,
  text: string,
  alone: ReadPart,
  together: ReadPart,
): boolean {
  const before = topicOf(previous);
  if (before === undefined || previous.enroll || topicOf(together) !== before) return false;
  const article = previous.answer.kind === 'answer' ? previous.answer.hit.article : undefined;
  if (!article) return false;
  // (Not one whose own reading is an article the one before names as related: "can it still get
  // enrolled on 14.8? and how do I update it" asks for the update steps.)
  const own = alone.answer.kind === 'answer' ? alone.answer.hit.article.id : undefined;
  if (own !== undefined && article.related.includes(own)) return false;
  const covered = termsOf(kb.text, [article.title, ...article.keywords].join(' '));
  const same = (a: string, b: string): boolean =>
    a === b ||
    (a.length >= SAME_WORD_PREFIX &&
      b.length >= SAME_WORD_PREFIX &&
      a.slice(0, SAME_WORD_PREFIX) === b.slice(0, SAME_WORD_PREFIX));
  // The word it adds, not one the question before said already ("Can I enrol my iPad too, and
  // will enrolling delete anything on them?" asks something new of enrolling).
  const said = termsOf(kb.text, previous.text);
  return termsOf(kb.text, text).some(
    (t) => !said.some((s) => same(t, s)) && covered.some((o) => same(t, o)),
  );
}
