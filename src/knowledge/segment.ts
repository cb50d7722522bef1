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
}

const SENTENCES = new Intl.Segmenter('en', { granularity: 'sentence' });

/** Words that open a new question after "and" / "also" / "plus". */
const QUESTION_OPENERS =
  'can|could|will|would|do|does|did|is|are|am|should|shall|may|what|whats|how|where|why|who|when|which|whether|if';

const CLAUSE_BREAK = new RegExp(
  String.raw`(?:\s*,)?\s+(?:and|also|plus|&)\s+(?:also\s+)?(?=(?:${QUESTION_OPENERS})\b)`,
  'i',
);

const QUESTION_START = new RegExp(
  String.raw`^(?:(?:so|and|but|also|ok|okay|hi|hey)\W+)*(?:${QUESTION_OPENERS}|any|anyone|is|has|have)\b`,
  'i',
);
const ASKS =
  /\b(want(ed)? to know|need to know|would like to know|wondering|wonder|my question|question is|tell me|curious|not sure (if|whether|how|what))\b/i;

function isQuestion(text: string): boolean {
  return /\?\s*$/.test(text) || QUESTION_START.test(text) || ASKS.test(text);
}

/** The parts of a message; a single part when it holds one question (or none). */
export function splitMessage(text: string): MessagePart[] {
  const sentences = [...SENTENCES.segment(text)].map((s) => s.segment.trim()).filter(Boolean);
  const parts = sentences.flatMap((sentence) =>
    sentence
      .split(CLAUSE_BREAK)
      .map((p) => p.trim())
      .filter((p) => /\p{L}/u.test(p)),
  );
  return parts.map((p) => ({ text: p, question: isQuestion(p) }));
}
