/**
 * The catalogue of the diagnosis rules (`diagnosis`, English only: the helpdesk reads it; the
 * employee reads the `report` area's text of each rule). Every key the diagnosis code uses exists
 * in English, every English key is used, the files hold no sentence of their own (the phrases the
 * rules match stay in code, marked), every word of a diagnosis goes through the translate
 * function, and the English the code produces is what it was before the move.
 */
import fs from 'node:fs';
import path from 'node:path';

import {
  diagnose,
  DIAGNOSIS_RULES,
  ENROLLMENT_STEP_LABELS,
  ENROLLMENT_STEPS,
  getDiagnosisRule,
} from '../../../src/helpdesk/diagnosis';
import { DEVICE_RULE_SPECS } from '../../../src/helpdesk/diagnosis/rules-device';
import { PROFILE_RULE_SPECS } from '../../../src/helpdesk/diagnosis/rules-profile';
import { TENANT_RULE_SPECS } from '../../../src/helpdesk/diagnosis/rules-tenant';
import { SOURCE_REFS } from '../../../src/helpdesk/diagnosis/sources';
import { enrollmentStepLabels } from '../../../src/helpdesk/diagnosis/vocabulary';
import {
  EMPLOYEE_AREAS,
  readCatalogue,
  translator,
  type Translate,
} from '../../../src/i18n/catalogue';
import { LANGUAGES, type Language } from '../../../src/i18n/languages';
import { hasKeyOrPlural, keysNamedIn, leaves } from '../../helpers/catalogue-keys';
import { sourceFiles, userLiterals } from '../../helpers/user-literals';

const root = path.resolve(__dirname, '../../..');
const trees = readCatalogue();
const OTHERS = LANGUAGES.filter((l): l is Exclude<Language, 'en'> => l !== 'en');

/** The files whose strings moved. */
const SOURCES = sourceFiles(root, ['src/helpdesk/diagnosis']).map((f) => path.relative(root, f));
const SPECS = [...DEVICE_RULE_SPECS, ...TENANT_RULE_SPECS, ...PROFILE_RULE_SPECS];

const ours = new Map(leaves(trees.en.diagnosis ?? {}, 'diagnosis'));

/**
 * Keys the code builds from a value (`diagnosis.rules.${spec.id}` …), with every value they take.
 * A new family of built keys in the code fails the test until it is listed here.
 */
const BUILT: Record<string, readonly string[]> = {
  'diagnosis.steps.': ENROLLMENT_STEPS,
  'diagnosis.rules.': SPECS.flatMap((s) => [
    `${s.id}.title`,
    `${s.id}.cause`,
    ...Array.from({ length: s.steps }, (_x, i) => `${s.id}.steps.${i + 1}`),
  ]),
  'diagnosis.sources.': SOURCE_REFS.flatMap((r) => [
    `${r.document}.title`,
    `${r.document}.sections.${r.section}`,
  ]),
};

/** Every catalogue key the diagnosis code names or builds. */
function usedKeys(): Set<string> {
  // Whole keys wherever they are quoted (some are chosen before `t` is called).
  const used = keysNamedIn(
    { code: SOURCES.map((f) => path.join(root, f)), cards: [] },
    /'(diagnosis\.[a-zA-Z0-9_.-]+)'/g,
  );
  for (const file of SOURCES) {
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    for (const m of text.matchAll(/`(diagnosis\.[\w.-]*?\.)\$\{/g)) {
      const head = m[1] ?? '';
      expect({ file, head, listed: head in BUILT }).toEqual({ file, head, listed: true });
      for (const v of BUILT[head] ?? []) used.add(`${head}${v}`);
    }
  }
  return used;
}

describe('the diagnosis catalogue', () => {
  const used = usedKeys();

  it('has, in English, every key the diagnosis code uses', () => {
    expect([...used].filter((k) => k.startsWith('diagnosis.rules.')).length).toBeGreaterThan(90);
    expect(used.size).toBeGreaterThan(140);
    const missing = [...used].filter((k) => !hasKeyOrPlural(ours, k)).sort();
    expect(missing).toEqual([]);
  });

  it('uses every English key of its area (no string left behind, no step a rule lacks)', () => {
    const unused = [...ours.keys()].filter((k) => !used.has(k)).sort();
    expect(unused).toEqual([]);
  });

  it('keeps its area English only, falling back to English in every other language', () => {
    expect(EMPLOYEE_AREAS).not.toContain('diagnosis');
    for (const lang of OTHERS) {
      expect(trees[lang].diagnosis).toBeUndefined();
      expect(translator(lang)('diagnosis.unknown.title')).toBe('No known cause matches');
    }
  });

  it('leaves no sentence in the code, and marks only matched phrases as exempt', () => {
    expect(SOURCES.length).toBeGreaterThanOrEqual(6);
    const code = SOURCES.flatMap((f) => userLiterals(path.join(root, f)).map((s) => `${f}: ${s}`));
    expect(code).toEqual([]);
    // An exempt line holds phrases the rules match, never a sentence for people hidden behind
    // the marker.
    const phrases = new Set(
      DIAGNOSIS_RULES.flatMap((r) =>
        r.clauses.flatMap((c) => [...(c.text ?? []), ...(c.textAll ?? [])]),
      ),
    );
    const marked = SOURCES.flatMap((f) =>
      fs
        .readFileSync(path.join(root, f), 'utf8')
        .split('\n')
        .filter((line) => line.includes('i18n-exempt'))
        .flatMap((line) => [...line.split('//')[0]!.matchAll(/'([^']*)'/g)].map((m) => m[1] ?? '')),
    );
    expect(marked.filter((s) => s.includes(' ')).length).toBeGreaterThan(80);
    expect(marked.filter((s) => s.includes(' ') && !phrases.has(s))).toEqual([]);
  });
});

describe('every word of a diagnosis goes through the translate function', () => {
  const marked: Translate = (key, params) => `«${key}${params ? JSON.stringify(params) : ''}»`;
  const isMarked = (s: string): boolean => /^«diagnosis\.[\w.-]+(\{.*\})?»$/.test(s);
  const words = (d: ReturnType<typeof diagnose>): string[] => [
    d.title,
    d.cause,
    ...d.steps,
    ...d.matchedOn,
    ...d.sources.flatMap((s) => [s.document, s.section]),
  ];

  it.each([
    ['a known message', { errorText: 'Profile installation failed', osVersion: '16.1' }],
    ['an unknown message', { errorText: 'zqxj wobble' }],
    ['nothing at all', {}],
    [
      'an expired push certificate',
      { pushCertificate: { status: 'expired', checkedAt: '2026-03-01T00:00:00Z' } },
    ],
    [
      'a valid push certificate',
      {
        errorText: 'push certificate',
        step: 'sign-in',
        pushCertificate: { status: 'valid', checkedAt: 'not a date' },
      },
    ],
  ] as const)('%s', (_name, input) => {
    const d = diagnose(input, marked);
    const shown = words(d);
    expect(shown.length).toBeGreaterThan(4);
    expect(shown.filter((s) => !isMarked(s))).toEqual([]);
  });

  it('the step labels', () => {
    expect(Object.values(enrollmentStepLabels(marked)).every(isMarked)).toBe(true);
  });
});

describe('the English the diagnosis produces is unchanged', () => {
  it('a rule: title, cause, steps and sources', () => {
    const d = diagnose({ errorCode: 'DeviceCapReached' });
    expect(d.title).toBe('Device enrollment limit reached');
    expect(d.cause).toBe(
      'The user has reached the number of devices they may enroll (commonly 5 by default; an admin can allow up to 15), so another one is refused.',
    );
    expect(d.steps).toEqual([
      'Look up the user’s devices in the Intune admin center (Users › the user › Devices) and remove ones they no longer use.',
      'If they really need more devices, ask an Intune admin to raise the device limit restriction for them.',
      'Ask the user to enroll again.',
    ]);
    expect(d.sources).toEqual([
      {
        document:
          'Troubleshooting iOS/iPadOS device enrollment errors in Microsoft Intune (Microsoft Learn)',
        section: 'Errors and their fixes',
      },
    ]);
    expect(d.matchedOn).toEqual(['error code']);
    expect(getDiagnosisRule('work-app-needs-update')?.sources).toEqual([
      { document: 'What’s new in Microsoft Intune (Microsoft Learn)', section: 'Notices' },
    ]);
    const discovery = getDiagnosisRule('service-discovery');
    expect(discovery?.steps[1]).toBe(
      'Content: {"Servers":[{"Version":"mdm-byod","BaseURL":"https://manage.microsoft.com/EnrollmentServer/PostReportDeviceInfoForUEV2?aadTenantId=<tenant id>"}]} (manage.microsoft.us or .cn for those clouds).',
    );
    expect(DIAGNOSIS_RULES.map((r) => r.steps.length)).toEqual(SPECS.map((s) => s.steps));
  });

  it('what a match was made on', () => {
    const d = diagnose({
      errorText: 'Profile installation failed',
      osVersion: 'iOS 14.2',
      device: 'iPhone 12',
      enrollmentMethod: 'appleAccountDrivenUserEnrollment',
      ownership: 'personal',
    });
    expect(d.ruleId).toBe('os-below-15-account-driven');
    expect(d.matchedOn).toEqual(['OS version', 'enrollment method']);
    expect(
      diagnose({ failureCategory: 'enrollmentRestrictionsEnforced', step: 'mfa' }).matchedOn,
    ).toEqual(['failure category']);
    expect(diagnose({ errorText: 'code DeviceCapReached' }).matchedOn).toEqual([
      'error code in text',
    ]);
  });

  it('the unknown diagnosis', () => {
    const some = diagnose({ errorText: 'zqxj wobble' });
    expect(some.title).toBe('No known cause matches');
    expect(some.cause).toBe(
      'No known enrollment problem matches these details. This needs a person to look at it; the bot is not guessing.',
    );
    expect(diagnose({}).cause).toBe(
      'No known enrollment problem matches a report without an error. This needs a person to look at it; the bot is not guessing.',
    );
    expect(some.steps[2]).toBe(
      'Compare with the known problems (licence, push certificate, service discovery file, enrollment restrictions, the OS version).',
    );
  });

  it('what Graph says about the push certificate', () => {
    const expired = diagnose({
      pushCertificate: {
        status: 'expired',
        expiresAt: '2026-01-02T00:00:00Z',
        checkedAt: '2026-03-01T08:00:00Z',
      },
    });
    expect(expired.matchedOn).toEqual(['certificate expired in Intune on 2026-01-02 (Graph)']);
    expect(expired.steps[0]).toBe(
      'Graph shows the push certificate expired on 2026-01-02 (checked 2026-03-01): until it is renewed, no Apple device can enroll.',
    );
    const missing = diagnose({ pushCertificate: { status: 'missing', checkedAt: 'soon' } });
    expect(missing.matchedOn).toEqual(['no push certificate in Intune (Graph)']);
    expect(missing.steps[0]).toBe(
      'Graph shows no Apple MDM push certificate in Intune (checked an unknown date): no Apple device can enroll until one is set up.',
    );
    const valid = diagnose({
      errorText: 'push certificate',
      pushCertificate: { status: 'valid', checkedAt: '2026-03-01T08:00:00Z' },
    });
    expect(valid.matchedOn).toEqual(['error text', 'certificate valid in Intune (Graph)']);
    expect(valid.steps[0]).toBe(
      'Intune shows the push certificate as valid until an unknown date (checked 2026-03-01). If it was renewed after this failure, the employee only needs to try again; otherwise check it was renewed with the same Apple Account.',
    );
  });

  it('the step labels', () => {
    expect(ENROLLMENT_STEP_LABELS['sign-in']).toBe(
      'Signing in with my work account (Settings › VPN & Device Management)',
    );
    expect(ENROLLMENT_STEP_LABELS.other).toBe('Somewhere else');
    expect(Object.keys(ENROLLMENT_STEP_LABELS)).toEqual([...ENROLLMENT_STEPS]);
  });
});
