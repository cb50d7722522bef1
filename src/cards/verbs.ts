/**
 * Every Action.Execute verb, as dotted domain-first constants. Card JSON must use exactly these
 * strings; a test checks every verb in cards/*.json is listed here and registered with a handler.
 */
export const VERBS = {
  knowledgeFeedback: 'knowledge.feedback',
  guideStart: 'guide.start',
  guideStep: 'guide.step',
  guideFailed: 'guide.failed',
  guideCheck: 'guide.check',
} as const;

/** One of the known verbs. */
export type Verb = (typeof VERBS)[keyof typeof VERBS];
