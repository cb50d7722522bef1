/**
 * The matcher: normalises what is known about a failure (error text, code, OS version, method,
 * step), matches it against {@link DIAGNOSIS_RULES}, folds in what Graph says about the push
 * certificate, and gives the grouping key of a diagnosed cause.
 */
import { createHash } from 'node:crypto';

import type { Translate } from '../../i18n/catalogue';
import {
  compareVersions,
  type DeviceFamily,
  findDevice,
  type OsVersion,
  parseVersion,
} from '../../knowledge/device-info';

import { DIAGNOSIS_RULES } from './rules';
import { DEVICE_RULE_SPECS } from './rules-device';
import { PROFILE_RULE_SPECS } from './rules-profile';
import { TENANT_RULE_SPECS } from './rules-tenant';
import { docSource, english, type RuleSpec, ruleText, SRC } from './sources';
import {
  type Clause,
  type Confidence,
  type Diagnosis,
  type DiagnosisInput,
  type DiagnosisRule,
  ENROLLMENT_STEPS,
  type EnrollmentStep,
  type MethodKind,
  type OsRange,
  type PushCertificateFact,
  type UnknownDiagnosis,
} from './vocabulary';

const RULES_BY_ID = new Map(DIAGNOSIS_RULES.map((r) => [r.id, r]));
const SPECS_BY_ID = new Map<string, RuleSpec>(
  [...DEVICE_RULE_SPECS, ...TENANT_RULE_SPECS, ...PROFILE_RULE_SPECS].map((s) => [s.id, s]),
);

/**
 * Text normalisation for matching: NFKC, lower case, smart quotes folded and apostrophes dropped
 * ("can’t" → "cant"), British spellings folded (licence, recognised, enrolment), dashes and any
 * other punctuation to spaces (dots kept only inside version numbers), spaces collapsed.
 */
export function normaliseErrorText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u201a\u201b\u2032`\u00b4']/g, '')
    .replace(/\benrolment/g, 'enrollment')
    .replace(/\benrol(l?)(ed|ing|s)?\b/g, 'enroll$2')
    .replace(/\blicen[cs]e/g, 'license')
    .replace(/\brecognis/g, 'recogniz')
    .replace(/\bsign-?in\b|\blog-?in\b|\blog in\b/g, 'sign in')
    .replace(/\bsignin\b/g, 'sign in')
    .replace(/(?<!\d)\.|\.(?!\d)/g, ' ')
    .replace(/[^a-z0-9.]+/g, ' ')
    .trim();
}

/** Error codes compare without case or punctuation: "Device_Cap_Reached" = "devicecapreached". */
export function normaliseCode(code: string): string {
  return code.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * Reads an OS version from loose text: "17.4.1", "iOS 16.3", "iPadOS 13.0", "16.3.1 (20D67)".
 * Returns undefined when no plausible iOS/iPadOS version is found.
 */
export function parseOsVersion(text: string | undefined): OsVersion | undefined {
  if (!text) return undefined;
  const direct = parseVersion(text);
  if (direct) return direct;
  const match = /(?:^|[^\d.])(\d{1,2}(?:\.\d{1,2}){0,2})(?![\d])/.exec(text);
  return match?.[1] ? parseVersion(match[1]) : undefined;
}

/** Folds Graph `enrollmentType` values and plain wording into a {@link MethodKind}. */
export function normaliseMethod(method: string | undefined): MethodKind {
  if (!method) return 'unknown';
  const m = method.toLowerCase().replace(/[^a-z]/g, '');
  if (m.includes('accountdriven') || m.includes('settingsapp')) return 'accountDriven';
  if (m.startsWith('webdevice') || m.includes('webbased')) return 'webDevice';
  if (
    m === 'user' ||
    m === 'appleuserenrollment' ||
    m.includes('userenrollmentwithcompanyportal') ||
    m.includes('companyportaluserenrollment') ||
    m === 'profilebaseduserenrollment'
  ) {
    return 'companyPortalUser';
  }
  if (
    m === 'device' ||
    m === 'deviceenrollment' ||
    m.includes('deviceenrollmentwithcompanyportal') ||
    m === 'deviceenrollmentmanager' ||
    m.startsWith('applebulk')
  ) {
    return 'device';
  }
  return 'unknown';
}

/** Reads the step, accepting ids from {@link ENROLLMENT_STEPS} in any case or spacing. */
function normaliseStep(step: string | undefined): EnrollmentStep | undefined {
  if (!step) return undefined;
  const s = step
    .toLowerCase()
    .trim()
    .replace(/[\s_]+/g, '-');
  return (ENROLLMENT_STEPS as readonly string[]).includes(s) ? (s as EnrollmentStep) : undefined;
}

/** Everything a clause looks at, computed once per input. */
interface MatchContext {
  text: string;
  words: Set<string>;
  code: string | undefined;
  category: string | undefined;
  os: OsVersion | undefined;
  device: DeviceFamily | undefined;
  method: MethodKind;
  step: EnrollmentStep | undefined;
  ownership: 'personal' | 'company' | undefined;
}

function contextOf(input: DiagnosisInput): MatchContext {
  const text = input.errorText ? normaliseErrorText(input.errorText) : '';
  const codeWords = (input.errorText ?? '').split(/[^A-Za-z0-9_-]+/).map(normaliseCode);
  const code = input.errorCode ? normaliseCode(input.errorCode) : undefined;
  const deviceText = `${input.device ?? ''} ${input.osVersion ?? ''}`;
  return {
    text,
    words: new Set(codeWords.filter((w) => w.length > 0)),
    code: code || undefined,
    category: input.failureCategory?.trim().toLowerCase() || undefined,
    os: parseOsVersion(input.osVersion),
    device: findDevice(deviceText) ?? (/ipados/i.test(deviceText) ? 'iPad' : undefined),
    method: normaliseMethod(input.enrollmentMethod),
    step: normaliseStep(input.step),
    ownership: input.ownership === 'unknown' ? undefined : input.ownership,
  };
}

const PHRASE_CACHE = new Map<string, string>();

function hasPhrase(text: string, phrase: string): boolean {
  let p = PHRASE_CACHE.get(phrase);
  if (p === undefined) {
    p = ` ${normaliseErrorText(phrase)} `;
    PHRASE_CACHE.set(phrase, p);
  }
  return ` ${text} `.includes(p);
}

function inRange(os: OsVersion, device: DeviceFamily | undefined, range: OsRange): boolean {
  if (range.device && range.device !== device) return false;
  const min = range.min ? parseVersion(range.min) : undefined;
  const below = range.below ? parseVersion(range.below) : undefined;
  if (min && compareVersions(os, min) < 0) return false;
  if (below && compareVersions(os, below) >= 0) return false;
  return true;
}

/** Returns the facts a clause matched on (in words), or undefined when it does not match. */
function matchClause(clause: Clause, ctx: MatchContext, t: Translate): string[] | undefined {
  const on: string[] = [];
  if (clause.text) {
    if (!clause.text.some((p) => hasPhrase(ctx.text, p))) return undefined;
    on.push(t('diagnosis.matchedOn.errorText'));
  }
  if (clause.textAll) {
    if (!clause.textAll.every((p) => hasPhrase(ctx.text, p))) return undefined;
    on.push(t('diagnosis.matchedOn.errorText'));
  }
  if (clause.codes) {
    const codes = clause.codes.map(normaliseCode);
    if (ctx.code !== undefined && codes.includes(ctx.code)) {
      on.push(t('diagnosis.matchedOn.errorCode'));
    } else if (codes.some((c) => ctx.words.has(c))) {
      on.push(t('diagnosis.matchedOn.errorCodeInText'));
    } else {
      return undefined;
    }
  }
  if (clause.categories) {
    const cats = clause.categories.map((c) => c.toLowerCase());
    if (ctx.category === undefined || !cats.includes(ctx.category)) return undefined;
    on.push(t('diagnosis.matchedOn.failureCategory'));
  }
  if (clause.os !== undefined) {
    if (clause.os === 'unknown') {
      if (ctx.os !== undefined) return undefined;
    } else {
      const os = ctx.os;
      const ranges: readonly OsRange[] = Array.isArray(clause.os)
        ? (clause.os as readonly OsRange[])
        : [clause.os as OsRange];
      if (os === undefined || !ranges.some((r) => inRange(os, ctx.device, r))) return undefined;
      on.push(t('diagnosis.matchedOn.osVersion'));
    }
  }
  if (clause.methods) {
    if (!clause.methods.includes(ctx.method)) return undefined;
    if (ctx.method !== 'unknown') on.push(t('diagnosis.matchedOn.enrollmentMethod'));
  }
  if (clause.steps) {
    if (ctx.step === undefined || !clause.steps.includes(ctx.step)) return undefined;
    on.push(t('diagnosis.matchedOn.step'));
  }
  if (clause.ownership) {
    if (ctx.ownership !== clause.ownership) return undefined;
    on.push(t('diagnosis.matchedOn.ownership'));
  }
  return on;
}

interface RuleMatch {
  rule: DiagnosisRule;
  confidence: Confidence;
  matchedOn: string[];
  order: number;
}

/**
 * Diagnoses one failure. The best match wins: high confidence before medium, then the earlier
 * rule in {@link DIAGNOSIS_RULES}; the other matches are listed in `alsoPossible`. When no rule
 * matches, returns the honest unknown diagnosis, whose grouping key still separates different
 * unknown errors (by error code, else by the error text). The words are the helpdesk's, in
 * English unless `t` translates them (the employee reads the `report` area's text of the rule).
 */
export function diagnose(input: DiagnosisInput, t: Translate = english()): Diagnosis {
  const ctx = contextOf(input);
  const matches: RuleMatch[] = [];
  DIAGNOSIS_RULES.forEach((rule, order) => {
    let best: RuleMatch | undefined;
    for (const clause of rule.clauses) {
      const on = matchClause(clause, ctx, t);
      if (on === undefined) continue;
      if (!best || (best.confidence === 'medium' && clause.confidence === 'high')) {
        best = { rule, confidence: clause.confidence, matchedOn: on, order };
      }
    }
    if (best) matches.push(best);
  });
  const extraSteps = applyPushCertificateFact(matches, input.pushCertificate, t);
  matches.sort(
    (a, b) => confidenceRank(b.confidence) - confidenceRank(a.confidence) || a.order - b.order,
  );
  const [top, ...rest] = matches;
  if (!top) return unknownDiagnosis(input, ctx, t);
  const { rule } = top;
  const spec = SPECS_BY_ID.get(rule.id);
  const text = spec ? ruleText(spec, t) : rule;
  return {
    ruleId: rule.id,
    title: text.title,
    cause: text.cause,
    fixedBy: rule.fixedBy,
    steps: [...(rule.id === PUSH_RULE_ID ? extraSteps : []), ...text.steps],
    confidence: top.confidence,
    employeeCanFix: rule.employeeCanFix,
    sources: text.sources.map((s) => ({ ...s })),
    causeKey: causeKeyOf(rule.id, input.userDomain),
    matchedOn: [...new Set(top.matchedOn)],
    alsoPossible: rest.map((m) => m.rule.id),
  };
}

const PUSH_RULE_ID = 'push-certificate';

function day(iso: string | undefined, t: Translate): string {
  return iso && !Number.isNaN(Date.parse(iso))
    ? iso.slice(0, 10)
    : t('diagnosis.pushCertificate.unknownDate');
}

/**
 * Folds what Graph says about the push certificate into the matches (in place). Expired or
 * missing: the push-certificate rule matches with high confidence, whatever the text said. Valid:
 * a push-certificate match made from the text drops to medium (another high match then wins) and
 * gets a first step saying what Graph shows. Returns those extra steps.
 */
function applyPushCertificateFact(
  matches: RuleMatch[],
  fact: PushCertificateFact | undefined,
  t: Translate,
): string[] {
  if (!fact) return [];
  const expires = day(fact.expiresAt, t);
  const checked = day(fact.checkedAt, t);
  const index = matches.findIndex((m) => m.rule.id === PUSH_RULE_ID);
  if (fact.status === 'valid') {
    const match = matches[index];
    if (!match) return [];
    match.confidence = 'medium';
    match.matchedOn = [...match.matchedOn, t('diagnosis.matchedOn.certificateValid')];
    return [t('diagnosis.pushCertificate.valid', { expires, checked })];
  }
  const rule = RULES_BY_ID.get(PUSH_RULE_ID);
  if (!rule) return [];
  const seen =
    fact.status === 'expired'
      ? t('diagnosis.matchedOn.certificateExpired', { date: expires })
      : t('diagnosis.matchedOn.certificateMissing');
  const order = DIAGNOSIS_RULES.indexOf(rule);
  const existing = matches[index];
  if (existing) {
    existing.confidence = 'high';
    existing.matchedOn = [seen, ...existing.matchedOn];
  } else {
    matches.push({ rule, confidence: 'high', matchedOn: [seen], order });
  }
  // It breaks every Apple enrollment, so it comes first, before rules earlier in the table.
  for (const m of matches) if (m.rule.id === PUSH_RULE_ID) m.order = -1;
  return [
    fact.status === 'expired'
      ? t('diagnosis.pushCertificate.expired', { expires, checked })
      : t('diagnosis.pushCertificate.missing', { checked }),
  ];
}

function confidenceRank(c: Confidence): number {
  return c === 'high' ? 2 : 1;
}

/**
 * The grouping key of a diagnosed cause: `cause:<group>` where rules naming the same underlying
 * cause share a group (an "Invalid Profile" message and the enrollmentRestrictionsEnforced
 * category both give `cause:enrollment-restriction`). Causes that live per sign-in domain (the
 * service discovery file) add `@<domain>` when the domain is known. Stable across releases as
 * long as rule ids are: never rename a rule id, add a new one instead.
 */
export function causeKeyOf(ruleId: string, userDomain?: string): string {
  const rule = RULES_BY_ID.get(ruleId);
  if (!rule) return `cause:${ruleId}`;
  const base = `cause:${rule.causeGroup ?? rule.id}`;
  const domain = userDomain?.trim().toLowerCase();
  return rule.perDomain && domain ? `${base}@${domain}` : base;
}

function unknownDiagnosis(
  input: DiagnosisInput,
  ctx: MatchContext,
  t: Translate,
): UnknownDiagnosis {
  let key = 'unknown:none';
  if (ctx.code) {
    key = `unknown:code:${ctx.code}`;
  } else if (ctx.text) {
    const digest = createHash('sha256').update(ctx.text.slice(0, 200)).digest('hex').slice(0, 12);
    key = `unknown:text:${digest}`;
  } else if (ctx.category) {
    key = `unknown:category:${ctx.category}`;
  }
  return {
    ruleId: 'unknown',
    title: t('diagnosis.unknown.title'),
    cause: t(
      input.errorText || input.errorCode
        ? 'diagnosis.unknown.causeDetails'
        : 'diagnosis.unknown.causeNoError',
    ),
    fixedBy: 'helpdesk',
    steps: [
      t('diagnosis.unknown.steps.1'),
      t('diagnosis.unknown.steps.2'),
      t('diagnosis.unknown.steps.3'),
    ],
    confidence: 'none',
    employeeCanFix: false,
    sources: [docSource(SRC.known, t), docSource(SRC.graphEvents, t)],
    causeKey: key,
    matchedOn: [],
    alsoPossible: [],
  };
}

/** The rule with this id (its words in English), for cards that show a rule's full text. */
export function getDiagnosisRule(ruleId: string): DiagnosisRule | undefined {
  return RULES_BY_ID.get(ruleId);
}
