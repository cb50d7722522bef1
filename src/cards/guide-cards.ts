import guideAskJson from '../../cards/guide-ask.json';
import guideCheckJson from '../../cards/guide-check.json';
import guideOverviewJson from '../../cards/guide-overview.json';
import guideStepJson from '../../cards/guide-step.json';

import { compileTemplate, toAttachment, type RenderedCard } from './render';

/** The guide's state, carried in card data (every field is re-validated on each action). */
export interface GuideState {
  method: string;
  device: 'iPhone' | 'iPad';
  os: string;
  ownership: 'personal' | 'company';
}

/** Data for the card asking for device, version and ownership. Prefilled values may be ''. */
export interface GuideAskCardData {
  intro: string;
  device: string;
  osVersion: string;
  ownership: string;
  error: string;
}

/** Data for the overview: every step at once, before going step by step. */
export interface GuideOverviewCardData {
  guide: GuideState;
  heading: string;
  intro: string;
  note: string;
  steps: { text: string }[];
  source: string;
  checkStep: number;
  fallbackText: string;
}

/** Data for one step of the guide. */
export interface GuideStepCardData {
  guide: GuideState;
  heading: string;
  subheading: string;
  progress: string;
  stepText: string;
  note: string;
  source: string;
  step: number;
  hasBack: boolean;
  backStep: number;
  nextStep: number;
  nextTitle: string;
  fallbackText: string;
}

/** Data for the closing check. */
export interface GuideCheckCardData {
  guide: GuideState;
  heading: string;
  progress: string;
  question: string;
  backStep: number;
}

const askTemplate = compileTemplate<GuideAskCardData>('guide-ask', guideAskJson);
const stepTemplate = compileTemplate<GuideStepCardData>('guide-step', guideStepJson);
const checkTemplate = compileTemplate<GuideCheckCardData>('guide-check', guideCheckJson);
const overviewTemplate = compileTemplate<GuideOverviewCardData>(
  'guide-overview',
  guideOverviewJson,
);

/** Renders the overview of all steps, with "Go step by step". */
export function renderGuideOverviewCard(data: GuideOverviewCardData): RenderedCard {
  return {
    attachment: toAttachment(overviewTemplate.bind(data)),
    summary: `${data.heading}: ${data.steps.length} steps`,
  };
}

/** Renders the card that asks what the message did not say. */
export function renderGuideAskCard(data: GuideAskCardData): RenderedCard {
  return {
    attachment: toAttachment(askTemplate.bind(data)),
    summary: 'Tell me about your device to get the right enrollment steps',
  };
}

/** Renders one step with Back / Next (or Done) and "It failed at this step". */
export function renderGuideStepCard(data: GuideStepCardData): RenderedCard {
  return {
    attachment: toAttachment(stepTemplate.bind(data)),
    summary: `${data.heading}: ${data.progress}`,
  };
}

/** Renders the closing check ("Do you see your work account under MANAGED ACCOUNT?"). */
export function renderGuideCheckCard(data: GuideCheckCardData): RenderedCard {
  return {
    attachment: toAttachment(checkTemplate.bind(data)),
    summary: 'Last check: is your work account listed under MANAGED ACCOUNT?',
  };
}
