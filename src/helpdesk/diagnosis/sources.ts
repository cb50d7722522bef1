/**
 * What the rule tables share: the public documents behind the rules, each with the section a
 * fact comes from, the method list of rules that only apply to account-driven enrollment, and
 * the turning of a rule as written (its words in the catalogue, `diagnosis.rules.<id>`) into a
 * {@link DiagnosisRule} in one language.
 */
import { translator, type Translate } from '../../i18n/catalogue';

import type { DiagnosisRule, DocSource, MethodKind } from './vocabulary';

/** The diagnosis is written for the helpdesk, in English unless a caller passes a language. */
export const english = (): Translate => translator('en');

/**
 * The public documents behind the rules (the same documents the knowledge base cites, see
 * src/knowledge/sources.yml), each with the sections rules cite. Their titles as published are in
 * the catalogue (`diagnosis.sources.<document>`). Facts as of December 2026.
 */
const DOCUMENTS = {
  adue: ['prerequisites', 'prepareEmployees', 'createProfile', 'federation', 'jit'],
  cpue: ['prerequisites', 'youShouldKnow', 'createProfile', 'priority'],
  troubleshooting: ['errors'],
  supported: ['apple'],
  appleEnrollment: ['appOrWeb', 'knownIssues'],
  graphEvents: ['failureCategory'],
  whatsNew: ['notices'],
} as const;

type DocumentId = keyof typeof DOCUMENTS;

/** A document and one of its sections, by catalogue id. */
export type SourceRef = {
  [D in DocumentId]: { document: D; section: (typeof DOCUMENTS)[D][number] };
}[DocumentId];

/** The document sections the rules cite, by name. */
export const SRC = {
  known: { document: 'troubleshooting', section: 'errors' },
  methods: { document: 'appleEnrollment', section: 'appOrWeb' },
  supported: { document: 'supported', section: 'apple' },
  prereq: { document: 'adue', section: 'prerequisites' },
  employeeSteps: { document: 'adue', section: 'prepareEmployees' },
  aduePrereq: { document: 'adue', section: 'prerequisites' },
  adueProfile: { document: 'adue', section: 'createProfile' },
  adueEmployees: { document: 'adue', section: 'prepareEmployees' },
  adueFederation: { document: 'adue', section: 'federation' },
  adueJit: { document: 'adue', section: 'jit' },
  webProfile: { document: 'appleEnrollment', section: 'knownIssues' },
  cpuePrereq: { document: 'cpue', section: 'prerequisites' },
  cpueKnow: { document: 'cpue', section: 'youShouldKnow' },
  cpueProfile: { document: 'cpue', section: 'createProfile' },
  cpuePriority: { document: 'cpue', section: 'priority' },
  graphEvents: { document: 'graphEvents', section: 'failureCategory' },
  graphAssign: { document: 'adue', section: 'createProfile' },
  whatsNew: { document: 'whatsNew', section: 'notices' },
} as const satisfies Record<string, SourceRef>;

/** Every document section the rules can cite, for the catalogue test. */
export const SOURCE_REFS: readonly SourceRef[] = (Object.keys(DOCUMENTS) as DocumentId[]).flatMap(
  (document) => DOCUMENTS[document].map((section) => ({ document, section }) as SourceRef),
);

/** A cited document and section as people read them. */
export function docSource(ref: SourceRef, t: Translate = english()): DocSource {
  return {
    document: t(`diagnosis.sources.${ref.document}.title`),
    section: t(`diagnosis.sources.${ref.document}.sections.${ref.section}`),
  };
}

/** The `methods` of a clause that only holds for account-driven user enrollment. */
export const ACCOUNT_DRIVEN: readonly MethodKind[] = ['accountDriven'];

/**
 * One row of a rule table as written: what it matches and who fixes it; its title, cause and
 * steps are in the catalogue (`diagnosis.rules.<id>.title`, `.cause`, `.steps.1` … `.steps.<n>`).
 */
export interface RuleSpec extends Omit<DiagnosisRule, 'title' | 'cause' | 'steps' | 'sources'> {
  /** How many steps the rule has in the catalogue. */
  steps: number;
  sources: readonly SourceRef[];
}

/** The words of a rule in one language. */
export function ruleText(
  spec: RuleSpec,
  t: Translate = english(),
): Pick<DiagnosisRule, 'title' | 'cause' | 'steps' | 'sources'> {
  const key = `diagnosis.rules.${spec.id}`;
  return {
    title: t(`${key}.title`),
    cause: t(`${key}.cause`),
    steps: Array.from({ length: spec.steps }, (_s, i) => t(`${key}.steps.${i + 1}`)),
    sources: spec.sources.map((ref) => docSource(ref, t)),
  };
}

/** A rule as the matcher and the cards read it, in one language (English by default). */
export function ruleOf(spec: RuleSpec, t: Translate = english()): DiagnosisRule {
  return { ...spec, ...ruleText(spec, t) };
}
