import guideAskJson from '../../cards/guide-ask.json';
import guideCheckJson from '../../cards/guide-check.json';
import guideOverviewJson from '../../cards/guide-overview.json';
import guideStepJson from '../../cards/guide-step.json';
import { translator } from '../i18n/catalogue';
import type { Language } from '../i18n/languages';

import { compileLocalizedTemplate, toAttachment, type RenderedCard } from './render';

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

const askTemplate = compileLocalizedTemplate<GuideAskCardData>('guide-ask', guideAskJson);
const stepTemplate = compileLocalizedTemplate<GuideStepCardData>('guide-step', guideStepJson);
const checkTemplate = compileLocalizedTemplate<GuideCheckCardData>('guide-check', guideCheckJson);
const overviewTemplate = compileLocalizedTemplate<GuideOverviewCardData>(
  'guide-overview',
  guideOverviewJson,
);

/** Renders the overview of all steps, with "Go step by step" (labels in `lang`). */
export function renderGuideOverviewCard(
  data: GuideOverviewCardData,
  lang: Language = 'en',
): RenderedCard {
  return {
    attachment: toAttachment(overviewTemplate(lang).bind(data)),
    summary: translator(lang)('guide.overview.summary', {
      heading: data.heading,
      count: data.steps.length,
    }),
  };
}

/** Renders the card that asks what the message did not say (labels in `lang`). */
export function renderGuideAskCard(data: GuideAskCardData, lang: Language = 'en'): RenderedCard {
  return {
    attachment: toAttachment(askTemplate(lang).bind(data)),
    summary: translator(lang)('guide.ask.summary'),
  };
}

/** Renders one step with Back / Next (or Done) and "It failed at this step" (labels in `lang`). */
export function renderGuideStepCard(data: GuideStepCardData, lang: Language = 'en'): RenderedCard {
  return {
    attachment: toAttachment(stepTemplate(lang).bind(data)),
    summary: translator(lang)('guide.step.summary', {
      heading: data.heading,
      progress: data.progress,
    }),
  };
}

/**
 * Renders the closing check ("Do you see your work account under MANAGED ACCOUNT?"), labels in
 * `lang`.
 */
export function renderGuideCheckCard(
  data: GuideCheckCardData,
  lang: Language = 'en',
): RenderedCard {
  return {
    attachment: toAttachment(checkTemplate(lang).bind(data)),
    summary: translator(lang)('guide.check.summary'),
  };
}
