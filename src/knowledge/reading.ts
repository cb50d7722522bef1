/**
 * What reading a message produces, shared by the English reading (understand.ts) and the reading
 * of the other languages (understand-other.ts): the parts of a message and what each is about.
 */
import type { KnowledgeAnswer } from './knowledge-base';
import type { SmallTalkAct } from './small-talk';

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
