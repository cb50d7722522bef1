import answerJson from '../../cards/answer.json';
import answersJson from '../../cards/answers.json';
import feedbackReportJson from '../../cards/feedback-report.json';
import noticeJson from '../../cards/notice.json';
import type { Language } from '../i18n/languages';

import {
  compileLocalizedTemplate,
  compileTemplate,
  toAttachment,
  type CommandButton,
  type RenderedCard,
} from './render';
import { truncate } from './text';

/**
 * Data for the answer card. The article text is trusted content; `lead` is computed for the
 * employee (a version verdict); `question` is what they typed, encoded by carryText, and only
 * ever sits in the "Ask the helpdesk" action's data (never as text).
 */
export interface AnswerCardData {
  articleId: string;
  answerId: string;
  title: string;
  body: string;
  steps: { text: string }[];
  appliesTo: string;
  source: string;
  /** Helpful / Not helpful are offered. */
  feedbackOpen: boolean;
  /** The optional "what was wrong" form after Not helpful. */
  reasonOpen: boolean;
  feedbackNote: string;
  related: CommandButton[];
  fallbackText: string;
  /** The employee's question for "Ask the helpdesk", as carryText carries it, or ''. */
  question: string;
  /** A line for this employee above the article (e.g. "iOS 15.8: update first"), or ''. */
  lead: string;
}

/** One answer of several, for a message that asked more than one thing. */
export interface AnswersPart {
  /** "You asked: …" (escaped user text). */
  asked: string;
  articleId: string;
  partTitle: string;
  summary: string;
  source: string;
  buttonTitle: string;
  buttonValue: string;
}

/** Data for the card answering several questions of one message briefly. */
export interface AnswersCardData {
  title: string;
  parts: AnswersPart[];
  /** The whole message for "Ask the helpdesk", as carryText carries it (never displayed). */
  question: string;
  fallbackText: string;
}

/** What a notice is, for clients and tests that read cards (the title's element id). */
export type NoticeKind =
  'notice' | 'small-talk' | 'clarify' | 'unsure' | 'out-of-scope' | 'update-os' | 'guide-help';

/** Data for a notice card: a title, a message, optional topics and buttons. */
export interface NoticeCardData {
  /** What the notice is (default `notice`). */
  kind?: NoticeKind;
  title: string;
  message: string;
  topics: { title: string; summary: string }[];
  footer: string;
  buttons: CommandButton[];
  fallbackText: string;
  /** The employee's question as carryText carries it: adds "Ask the helpdesk". Default none. */
  askQuestion?: string;
}

/** Data for the admins' feedback report. */
export interface FeedbackReportCardData {
  title: string;
  intro: string;
  rows: { label: string; title: string }[];
  footer: string;
  fallbackText: string;
}

const feedbackReportTemplate = compileTemplate<FeedbackReportCardData>(
  'feedback-report',
  feedbackReportJson,
);

/** Renders the least helpful answers for admins. */
export function renderFeedbackReportCard(data: FeedbackReportCardData): RenderedCard {
  return {
    attachment: toAttachment(feedbackReportTemplate.bind(data)),
    summary: data.title,
  };
}

const answerTemplate = compileLocalizedTemplate<AnswerCardData & { hasLead: boolean }>(
  'answer',
  answerJson,
);
const noticeTemplate = compileLocalizedTemplate<NoticeCardData>('notice', noticeJson);
const answersTemplate = compileLocalizedTemplate<AnswersCardData>('answers', answersJson);

/** Renders brief answers to the questions of one message, each with a way to the full answer. */
export function renderAnswersCard(data: AnswersCardData, lang: Language = 'en'): RenderedCard {
  return {
    attachment: toAttachment(answersTemplate(lang).bind(data)),
    summary: truncate(data.title, 120),
  };
}

/**
 * Stand in for the per-card values (the answer id, the lead, the question), so the rest of an
 * answer card is bound once per article and feedback state.
 */
const SLOTS = {
  answerId: '00000000-0000-4000-8000-a11505000000',
  lead: 'lead-slot-5f1d0c',
  question: 'question-slot-5f1d0c',
} as const;
type Slot = keyof typeof SLOTS;
const SLOT_PATTERN = new RegExp(Object.values(SLOTS).join('|'), 'g');
const SLOT_BY_TEXT = new Map<string, Slot>(
  Object.entries(SLOTS).map(([k, v]): [string, Slot] => [v, k as Slot]),
);

/** An answer card bound once, with the places of the per-card values. */
export interface BoundAnswerCard {
  /** The card's JSON text cut at each slot: text, slot, text, slot, … text. */
  pieces: string[];
  slots: Slot[];
  summary: string;
}

/** A string as it sits inside JSON text (escaped, without the quotes). */
function inJson(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

/**
 * Binds everything of an answer card but the per-card values. Costs a template expansion: keep
 * the result per article and feedback state (and whether there is a lead).
 */
export function bindAnswerCard(
  data: Omit<AnswerCardData, 'answerId' | 'lead' | 'question'>,
  hasLead: boolean,
  lang: Language = 'en',
): BoundAnswerCard {
  const text = answerTemplate(lang).bindText({ ...data, ...SLOTS, hasLead });
  const pieces: string[] = [];
  const slots: Slot[] = [];
  let at = 0;
  for (const m of text.matchAll(SLOT_PATTERN)) {
    pieces.push(text.slice(at, m.index));
    slots.push(SLOT_BY_TEXT.get(m[0]) as Slot);
    at = m.index + m[0].length;
  }
  pieces.push(text.slice(at));
  return { pieces, slots, summary: truncate(data.title, 120) };
}

/** Fills a bound answer card with this card's values. */
export function fillAnswerCard(
  bound: BoundAnswerCard,
  values: Pick<AnswerCardData, 'answerId' | 'lead' | 'question'>,
): RenderedCard {
  let text = bound.pieces[0] ?? '';
  bound.slots.forEach((slot, i) => {
    text += inJson(values[slot]) + (bound.pieces[i + 1] ?? '');
  });
  return {
    attachment: toAttachment(JSON.parse(text) as Record<string, unknown>),
    summary: bound.summary,
  };
}

/** Renders a knowledge answer with its steps, source and feedback buttons. */
export function renderAnswerCard(data: AnswerCardData, lang: Language = 'en'): RenderedCard {
  return fillAnswerCard(bindAnswerCard(data, data.lead !== '', lang), data);
}

/** Renders a notice (not sure, out of scope, results, next steps). */
export function renderNoticeCard(data: NoticeCardData, lang: Language = 'en'): RenderedCard {
  return {
    attachment: toAttachment(
      noticeTemplate(lang).bind({ kind: 'notice', askQuestion: '', ...data }),
    ),
    summary: truncate(data.title, 120),
  };
}
