import answerJson from '../../cards/answer.json';
import answersJson from '../../cards/answers.json';
import feedbackReportJson from '../../cards/feedback-report.json';
import noticeJson from '../../cards/notice.json';

import { compileTemplate, toAttachment, type CommandButton, type RenderedCard } from './render';
import { truncate } from './text';

/**
 * Data for the answer card. The article text is trusted content; `lead` is computed for the
 * employee (a version verdict). "Ask the helpdesk" carries only `answerId`: the question it
 * attaches is looked up on the server, so the card never carries what the person typed.
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
  /** The id the question is remembered under, for "Ask the helpdesk". */
  askId: string;
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
  /** The id the employee's question is remembered under: adds "Ask the helpdesk". Default none. */
  askId?: string;
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

const answerTemplate = compileTemplate<AnswerCardData & { hasLead: boolean }>('answer', answerJson);
const noticeTemplate = compileTemplate<NoticeCardData>('notice', noticeJson);
const answersTemplate = compileTemplate<AnswersCardData>('answers', answersJson);

/** Renders brief answers to the questions of one message, each with a way to the full answer. */
export function renderAnswersCard(data: AnswersCardData): RenderedCard {
  return {
    attachment: toAttachment(answersTemplate.bind(data)),
    summary: truncate(data.title, 120),
  };
}

/**
 * Stand in for the per-card values (the answer id, the lead), so the rest of an answer card is
 * bound once per article and feedback state and memoised.
 */
const ANSWER_ID_SLOT = '00000000-0000-4000-8000-a11505000000';
const LEAD_SLOT = 'lead-slot-5f1d0c';

/** A string as it sits inside JSON text (escaped, without the quotes). */
function inJson(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

/** Renders a knowledge answer with its steps, source and feedback buttons. */
export function renderAnswerCard(data: AnswerCardData): RenderedCard {
  const text = answerTemplate
    .bindText({
      ...data,
      answerId: ANSWER_ID_SLOT,
      lead: LEAD_SLOT,
      hasLead: data.lead !== '',
    })
    .replaceAll(ANSWER_ID_SLOT, data.answerId)
    .replaceAll(LEAD_SLOT, inJson(data.lead));
  return {
    attachment: toAttachment(JSON.parse(text) as Record<string, unknown>),
    summary: truncate(data.title, 120),
  };
}

/** Renders a notice (not sure, out of scope, results, next steps). */
export function renderNoticeCard(data: NoticeCardData): RenderedCard {
  return {
    attachment: toAttachment(noticeTemplate.bind({ kind: 'notice', askId: '', ...data })),
    summary: truncate(data.title, 120),
  };
}
