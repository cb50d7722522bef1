/**
 * Splits a message into the questions in it: sentences (the platform's Unicode sentence
 * segmentation, `Intl.Segmenter`), then clauses joined by "and", "also" or "plus" when the
 * next clause starts a new question ("how do I enroll and can my boss see my photos?").
 */

/** One part of a message. */
export interface MessagePart {
  text: string;
  /** It reads as a question: ends with "?", opens with a question word, or says "I want to know". */
  question: boolean;
  /** The sentence it belongs to ends with a question mark. */
  marked: boolean;
}

const SENTENCES = new Intl.Segmenter('en', { granularity: 'sentence' });

/** Words that open a new question after "and" / "also" / "plus". */
const QUESTION_OPENERS =
  'can|could|will|would|do|does|did|is|are|am|should|shall|may|what|whats|how|where|why|who|when|which|whether|if';

const CLAUSE_BREAK = new RegExp(
  String.raw`(?:\s*,)?\s+(?:and|also|plus|&|\+)\s+(?:also\s+|then\s+|after that\s+|afterwards\s+|btw,?\s+|by the way,?\s+)?(?=(?:${QUESTION_OPENERS})\b)`,
  'i',
);

const QUESTION_START = new RegExp(
  // "Can't find the button anywhere." tells; "Can I…" asks. So does "Did all the steps, no
  // error" (what I did, the "I" left out), and "Did the enrollment on my lunch break." (the
  // when or where of what was done, ending on a full stop).
  String.raw`^(?:(?:so|and|but|also|ok|okay|hi|hey|then|afterwards|after that|later|plus|now|btw|by the way|oh|well|sorry|one more(?: thing| question| q)?|another (?:thing|question)|last (?:thing|question)|quick question|(?:two|2|three|3|a couple of|a few) (?:things|questions|qs))\W+)*(?:${QUESTION_OPENERS}|any|anyone|is|has|have)\b(?!['’]t\b|n['’]?t\b)(?!(?<=\b(?:did|have|has))\s+(?:all|everything|every|exactly)\b)(?!(?<=\bdid)\s+(?:the|my|it)\b(?:\s+\w+){0,2}?\s+(?:yesterday|today|tonight|this|last|earlier|already|on|in|at|during|over|from|twice|again|just now)\b[^?]*[.!]\s*$)`,
  'i',
);
const ASKS =
  /\b(want(ed)? to (know|understand)|need to (know|understand)|would like to (know|understand)|wondering|wonder|my question|question is|tell me|curious|not sure (if|whether|how|what)|(stuck|lost) on (what|which|how|where)|(don'?t|do not|dunno) know (what|which|how|where) to|(please|kindly) advise|(please|kindly) (explain|clarify|let me know|tell)|advise (me )?(what|how|whether|if))\b/i;

/**
 * A question asked after a clause that sets it up, without a question mark: "and once it's done
 * which app am I supposed to open first". A question word, at most one word, then the verb before
 * its subject: "which app am I", "what do I", "how can we".
 */
const ASKED_INSIDE =
  /\b(which|what|how|where|when|who)\s+(\w+\s+)?(am|do|does|did|is|are|should|can|could|will|would|must|have)\s+(i|we|you|it|they|my|the)\b/i;

/**
 * A question after a clause of time or condition, the verb before its subject: "and after I'm
 * done is it gonna start putting apps on", "once it's set up will they see my texts". Or one
 * that ends on its own short question: "…on my phone, why is that", "…, how come".
 */
const ASKED_AFTER_CLAUSE =
  /\b(after|once|when|if|before)\s+\S+(\s+\S+){0,5}?,?\s+(is|will|does|can|would|should)\s+(it|they|i|we|you)\b|,\s*(why|how come)(\s+(is|was)\s+(that|this))?\s*[.!]*$/i;

function isQuestion(text: string): boolean {
  return (
    /\?\s*$/.test(text) ||
    QUESTION_START.test(text) ||
    ASKS.test(text) ||
    ASKED_INSIDE.test(text) ||
    ASKED_AFTER_CLAUSE.test(text) ||
    // After a dash that sets it up: "Bit confused – what is this 'User Enrollment' thing exactly".
    text
      .split(/\s+[–—-]\s+/u)
      .slice(1)
      .some((after) => QUESTION_START.test(after))
  );
}

/** "…asked me something I couldn't answer: can the company see where I am?" → the question. */
function splitAfterColon(clause: string): string[] {
  const at = clause.search(/:\s+\S/);
  if (at < 0) return [clause];
  const after = clause.slice(at + 1).trim();
  return isQuestion(after) ? [clause.slice(0, at), after] : [clause];
}

const INNER_DOT = /(?<=[\p{L}\p{N}])\.(?=[\p{L}\p{N}])/gu;
/** Stands in for an inner dot while sentences are found (a private-use character, never typed). */
const JOINING_DOT = '\uE000';

/** Abbreviations people write before a name: their dot ends no sentence. */
const ABBREVIATION_DOT = /\b(St|Mr|Mrs|Ms|Dr|Mt|Ft|Prof|Dept|approx|vs|e\.g|i\.e)\.(?=\s+\p{L})/giu;

/** The parts of a message; a single part when it holds one question (or none). */
export function splitMessage(text: string): MessagePart[] {
  // People type ". what does it mean" in lower case; a question word still starts a sentence.
  const marked = text.replace(
    new RegExp(String.raw`([.!?])\s+(?=(?:${QUESTION_OPENERS})\b)`, 'gi'),
    '$1\n',
  );
  // A dot with no space after it joins, never ends ("error 13.B2", "portal.manage.com").
  // Nor does the dot of a short title or abbreviation ("the clinic in St. George", "Dr. Patel").
  const joined = marked
    .replace(INNER_DOT, JOINING_DOT)
    .replace(ABBREVIATION_DOT, `$1${JOINING_DOT}`);
  const sentences = [...SENTENCES.segment(joined)]
    .flatMap((s) => s.segment.split('\n'))
    .map((s) => s.trim().replaceAll(JOINING_DOT, '.'))
    .filter(Boolean);
  return sentences.flatMap((sentence) => {
    const asked = /\?\s*$/.test(sentence);
    return sentence
      .split(CLAUSE_BREAK)
      .flatMap(splitAfterColon)
      .map((p) => p.trim())
      .filter((p) => /\p{L}/u.test(p))
      .map((p) => ({ text: p, question: isQuestion(p), marked: asked }));
  });
}
