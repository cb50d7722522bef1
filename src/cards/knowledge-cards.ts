import answerJson from '../../cards/answer.json';
import feedbackReportJson from '../../cards/feedback-report.json';
import noticeJson from '../../cards/notice.json';

import { compileTemplate, toAttachment, type CommandButton, type RenderedCard } from './render';
import { truncate } from './text';

/** Data for the answer card. All text is trusted content (articles), not user input. */
export interface AnswerCardData {
  articleId: string;
  answerId: string;
  title: string;
  body: string;
  steps: { text: string }[];
  appliesTo: string;
  source: string;
  feedbackOpen: boolean;
  feedbackNote: string;
  related: CommandButton[];
  fallbackText: string;
}

/** Data for a notice card: a title, a message, optional topics and buttons. */
export interface NoticeCardData {
  title: string;
  message: string;
  topics: { title: string; summary: string }[];
  footer: string;
  buttons: CommandButton[];
  fallbackText: string;
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

const answerTemplate = compileTemplate<AnswerCardData>('answer', answerJson);
const noticeTemplate = compileTemplate<NoticeCardData>('notice', noticeJson);

/** Stands in for the per-card answer id, so the rest of an answer card is bound once. */
const ANSWER_ID_SLOT = '00000000-0000-4000-8000-a11505000000';

/** Renders a knowledge answer with its steps, source and feedback buttons. */
export function renderAnswerCard(data: AnswerCardData): RenderedCard {
  const text = answerTemplate
    .bindText({ ...data, answerId: ANSWER_ID_SLOT })
    .replaceAll(ANSWER_ID_SLOT, data.answerId);
  return {
    attachment: toAttachment(JSON.parse(text) as Record<string, unknown>),
    summary: truncate(data.title, 120),
  };
}

/** Renders a notice (not sure, out of scope, results, next steps). */
export function renderNoticeCard(data: NoticeCardData): RenderedCard {
  return {
    attachment: toAttachment(noticeTemplate.bind(data)),
    summary: truncate(data.title, 120),
  };
}
