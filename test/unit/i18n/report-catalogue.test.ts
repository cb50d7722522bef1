/**
 * The catalogue areas of reporting a problem and the helpdesk: `report` (employees: complete in
 * every language) and `helpdesk` (the helpdesk's staff: English). Every key the code and the card
 * templates of this slice use exists in English; the English strings are the texts the schemas
 * and the diagnosis rules give (so a message or a rule that changes without its catalogue text
 * fails here); each language has every `report` string with the same placeholders.
 */
import fs from 'node:fs';
import path from 'node:path';

import { renderHelpdeskIncidentAlertCard } from '../../../src/cards/helpdesk-cards';
import {
  employeeDiagnosis,
  incidentAlertCardData,
  validationMessage,
  VALIDATION_KEYS,
} from '../../../src/flows/helpdesk/card-data';
import {
  diagnose,
  DIAGNOSIS_RULES,
  ENROLLMENT_STEP_LABELS,
  ENROLLMENT_STEPS,
  parseEmployeeReport,
  type Incident,
  type Ticket,
} from '../../../src/helpdesk';
import { hasOwnString, readCatalogue, translator } from '../../../src/i18n/catalogue';
import { LANGUAGES, type Language } from '../../../src/i18n/languages';
import { cardTexts } from '../../helpers/bot-harness';
import { leaves } from '../../helpers/catalogue-keys';

const root = path.resolve(__dirname, '../../..');
const trees = readCatalogue();
const OTHERS = LANGUAGES.filter((l): l is Exclude<Language, 'en'> => l !== 'en');

const PLURAL = /_(zero|one|two|few|many|other)$/;
const bare = (key: string): string => key.replace(PLURAL, '');

/** The keys of one area in one language, plural forms folded to their bare key. */
function areaKeys(lang: Language, area: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [key, value] of leaves(trees[lang][area], area)) {
    const list = out.get(bare(key)) ?? [];
    list.push(value);
    out.set(bare(key), list);
  }
  return out;
}

/** Does English have `key` (a plain key or a plural one)? */
const inEnglish = (key: string): boolean => areaKeys('en', key.split('.')[0] ?? '').has(key);

/** The files of this slice. */
const SOURCES = [
  'src/flows/report-problem.ts',
  ...fs
    .readdirSync(path.join(root, 'src/flows/helpdesk'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => `src/flows/helpdesk/${f}`),
  'src/cards/helpdesk-cards.ts',
];
const CARDS = fs
  .readdirSync(path.join(root, 'cards'))
  .filter((f) => f.startsWith('helpdesk-') && f.endsWith('.json'))
  .map((f) => `cards/${f}`);

/**
 * Keys the code builds from a value (`report.steps.${step}`), with every value it can take. A
 * new dynamic key family in the code fails the test until it is listed here.
 */
const DYNAMIC: Record<string, readonly string[]> = {
  'report.steps.': ENROLLMENT_STEPS,
  'report.diagnosis.': DIAGNOSIS_RULES.flatMap((r) => [
    `${r.id}.title`,
    `${r.id}.cause`,
    ...(r.employeeCanFix ? r.steps.map((_s, i) => `${r.id}.steps.${i + 1}`) : []),
  ]),
  'report.validation.': VALIDATION_KEYS.map((k) => k.slice('report.validation.'.length)),
  'report.cases.state.': ['open', 'assigned', 'resolved'],
  'helpdesk.alert.status.': ['new', 'acknowledged', 'assigned', 'resolved', 'reopened'],
  'helpdesk.alert.state.': ['open', 'acknowledged', 'assigned', 'resolved'],
  'helpdesk.alert.methods.': [
    'accountDrivenUserEnrollment',
    'webDeviceEnrollment',
    'device',
    'user',
    'userChoice',
  ],
  'helpdesk.alert.ownership.': ['personal', 'company', 'unknown'],
  'helpdesk.languages.': LANGUAGES,
  'helpdesk.severity.': [
    'organisation',
    'many',
    'unknown',
    'employeeFixes',
    'employeesFix',
    'blockedMany',
    'blockedOne',
  ],
};

/** The catalogue keys a source file names: whole keys, and the heads of built ones. */
function keysIn(file: string): { whole: string[]; built: string[] } {
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  const whole = [...text.matchAll(/['`]((?:report|helpdesk|common)\.[\w.-]+)['`]/g)].map(
    (m) => m[1] ?? '',
  );
  const built = [...text.matchAll(/`((?:report|helpdesk)\.[\w.-]*\.)\$\{/g)].map((m) => m[1] ?? '');
  return { whole, built };
}

describe('the report and helpdesk catalogue areas', () => {
  it('has every key the code of this slice uses, in English', () => {
    const used = new Set<string>();
    for (const file of SOURCES) {
      const { whole, built } = keysIn(file);
      whole.forEach((k) => used.add(k));
      for (const head of built) {
        const values = DYNAMIC[head];
        expect({ file, head, listed: values !== undefined }).toEqual({
          file,
          head,
          listed: true,
        });
        for (const v of values ?? []) used.add(`${head}${v}`);
      }
    }
    expect(used.size).toBeGreaterThan(150);
    expect([...used].filter((k) => !inEnglish(k)).sort()).toEqual([]);
  });

  it('has every key the helpdesk card templates use, in English', () => {
    const used = new Set<string>();
    for (const file of CARDS) {
      const text = fs.readFileSync(path.join(root, file), 'utf8');
      for (const m of text.matchAll(/\{\{t:([a-zA-Z0-9_.-]+)(?:\|[^}]*)?\}\}/g)) {
        used.add(m[1] ?? '');
      }
    }
    expect(used.size).toBeGreaterThan(60);
    expect([...used].filter((k) => !inEnglish(k)).sort()).toEqual([]);
  });

  it.each(OTHERS)('"report" is complete in %s, with no key English lacks', (lang) => {
    const en = areaKeys('en', 'report');
    const theirs = areaKeys(lang, 'report');
    expect([...en.keys()].filter((k) => !theirs.has(k)).sort()).toEqual([]);
    expect([...theirs.keys()].filter((k) => !en.has(k)).sort()).toEqual([]);
    // The same placeholders as English in every form of every string.
    const names = (s: string): string[] =>
      [...new Set([...s.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1] ?? ''))].sort();
    const wrong = [...theirs].flatMap(([key, values]) =>
      values
        .filter((v) => names(v).join() !== names(en.get(key)?.[0] ?? '').join())
        .map((v) => `${key}: ${v}`),
    );
    expect(wrong).toEqual([]);
    // Translated, not copied: the sentences differ from English (ids, commands and the
    // quoted English message aside).
    const same = [...theirs].filter(
      ([key, values]) =>
        !/ssoQuestion|noticeFallback|cases\.fallback/.test(key) && values[0] === en.get(key)?.[0],
    );
    expect(same.map(([k]) => k)).toEqual([]);
  });

  it('in English, are the step labels and the diagnosis rules word for word', () => {
    const t = translator('en');
    for (const step of ENROLLMENT_STEPS) {
      expect(t(`report.steps.${step}`)).toBe(ENROLLMENT_STEP_LABELS[step]);
    }
    for (const rule of DIAGNOSIS_RULES) {
      expect(t(`report.diagnosis.${rule.id}.title`)).toBe(rule.title);
      expect(t(`report.diagnosis.${rule.id}.cause`)).toBe(rule.cause);
      if (rule.employeeCanFix) {
        expect(rule.steps.map((_s, i) => t(`report.diagnosis.${rule.id}.steps.${i + 1}`))).toEqual([
          ...rule.steps,
        ]);
      }
    }
    const unknown = diagnose({ errorText: 'zqxj wobble 0x99' });
    expect(t('report.diagnosis.unknown.title')).toBe(unknown.title);
    expect(t('report.diagnosis.unknown.causeDetails')).toBe(unknown.cause);
    expect(t('report.diagnosis.unknown.causeNoError')).toBe(diagnose({}).cause);
  });

  it('knows every message the report form’s validation gives, and has each in every language', () => {
    const bad: Record<string, unknown>[] = [
      {},
      { step: 'nowhere', errorText: ' ' },
      { step: 42, errorText: 7, question: 7, deviceModel: 7, osVersion: 7, ownership: 7, when: 7 },
      {
        step: 'other',
        errorText: 'x'.repeat(501),
        question: 'x'.repeat(501),
        deviceModel: 'x'.repeat(61),
        osVersion: '1'.repeat(41),
        ownership: 'borrowed',
        when: 'x'.repeat(41),
      },
      { step: 'other', errorText: 'x', osVersion: 'banana', when: 'not a date' },
    ];
    const messages = new Set<string>();
    for (const input of bad) {
      const parsed = parseEmployeeReport(input);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) Object.values(parsed.fieldErrors).forEach((m) => messages.add(m));
    }
    expect(messages.size).toBeGreaterThanOrEqual(VALIDATION_KEYS.length - 1);
    for (const message of messages) {
      expect(validationMessage(message, 'en')).toBe(message);
      for (const lang of OTHERS) {
        const shown = validationMessage(message, lang);
        expect({ message, lang, translated: shown !== message }).toEqual({
          message,
          lang,
          translated: true,
        });
      }
    }
  });

  it.each(OTHERS)(
    'the employee reads every rule’s diagnosis in %s; English keeps the rule',
    (lang) => {
      for (const rule of DIAGNOSIS_RULES) {
        const diagnosis = diagnose({ errorText: 'zqxj' });
        const ticket = {
          id: 'ENR-T1',
          error: { text: 'zqxj' },
          diagnosis: {
            ...diagnosis,
            ruleId: rule.id,
            title: rule.title,
            cause: rule.cause,
            steps: [...rule.steps],
            employeeCanFix: rule.employeeCanFix,
          },
        } as unknown as Ticket;
        const shown = employeeDiagnosis(ticket, lang);
        expect(hasOwnString(lang, `report.diagnosis.${rule.id}.title`)).toBe(true);
        expect(shown.title).not.toBe(rule.title);
        expect(shown.cause).not.toBe(rule.cause);
        expect(shown.steps).toHaveLength(rule.steps.length);
        if (rule.employeeCanFix) expect(shown.steps).not.toEqual([...rule.steps]);
        expect(employeeDiagnosis(ticket, 'en')).toEqual({
          title: rule.title,
          cause: rule.cause,
          steps: [...rule.steps],
        });
      }
    },
  );
});

describe('the alert card says which language the employee used', () => {
  const ticket = (language?: Language): Ticket => {
    const diagnosis = diagnose({ errorText: 'Profile installation failed' });
    return {
      id: 'ENR-T1',
      status: 'open',
      source: 'employee',
      reporter: { aadObjectId: 'aad-1', name: 'Megan Bowen' },
      error: { text: 'Profilinstallation fehlgeschlagen **sofort**' },
      diagnosis,
      causeKey: diagnosis.causeKey,
      createdAt: '2026-03-01T10:00:00.000Z',
      updatedAt: '2026-03-01T10:00:00.000Z',
      notes: [],
      history: [],
      ...(language ? { language } : {}),
    };
  };
  const incident = (t: Ticket): Incident => ({
    id: t.id,
    causeKey: t.causeKey,
    ruleId: t.diagnosis.ruleId,
    title: t.diagnosis.title,
    status: 'open',
    tickets: [t.id],
    affectedUsers: ['aad-1'],
    count: 1,
    firstReportAt: t.createdAt,
    lastReportAt: t.createdAt,
  });
  const texts = (t: Ticket): string[] =>
    cardTexts(
      renderHelpdeskIncidentAlertCard(incidentAlertCardData(incident(t), [t], '0123456789abcdef'))
        .attachment.content,
    );

  it.each([
    ['de', 'German'],
    ['ja', 'Japanese'],
    ['en', 'English'],
  ] as const)('%s: "Language: %s", with the words as written (escaped only)', (lang, name) => {
    const shown = texts(ticket(lang));
    expect(shown).toContain(`Language: ${name}`);
    expect(shown).toContain('Error: Profilinstallation fehlgeschlagen \\*\\*sofort\\*\\*');
  });

  it('shows no language for a ticket that recorded none', () => {
    expect(texts(ticket()).some((s) => s.startsWith('Language:'))).toBe(false);
    expect(texts(ticket())).toContain('Who: Megan Bowen');
  });
});
