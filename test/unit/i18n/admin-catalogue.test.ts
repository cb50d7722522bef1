/**
 * The catalogue of the admin flows: the profile list, "which profile applies", the wizard, the
 * audit list, team answers, the domain check commands and the feedback report (`admin`,
 * `profiles`, `wizard`: English only, another language falls back to English string by string).
 * Every key this code and these cards use exists in English, every English key is used, the few
 * strings an employee may see (the refusal's Help button) come from areas complete in every
 * language, and the files hold no sentence of their own.
 */
import fs from 'node:fs';
import path from 'node:path';

import { matchCommand } from '../../../src/actions/commands';
import {
  EMPLOYEE_AREAS,
  hasOwnString,
  readCatalogue,
  translator,
} from '../../../src/i18n/catalogue';
import { LANGUAGES, type Language } from '../../../src/i18n/languages';
import { hasKeyOrPlural, keysNamedIn, leaves } from '../../helpers/catalogue-keys';
import { cardLiterals, sourceFiles, userLiterals } from '../../helpers/user-literals';

const root = path.resolve(__dirname, '../../..');
const trees = readCatalogue();
const OTHERS = LANGUAGES.filter((l): l is Exclude<Language, 'en'> => l !== 'en');

/** The catalogue areas of the admin flows (English only). */
const AREAS = ['admin', 'profiles', 'wizard'] as const;

/** The files whose strings live in those areas. */
const SOURCES = [
  ...sourceFiles(root, ['src/flows/admin']).map((f) => path.relative(root, f)),
  'src/flows/feedback-report.ts',
  'src/cards/admin-cards.ts',
];
const CARDS = [
  'cards/wizard-basics.json',
  'cards/wizard-settings.json',
  'cards/wizard-assignments.json',
  'cards/wizard-review.json',
  'cards/wizard-result.json',
  'cards/profile-list.json',
  'cards/profile-confirm.json',
  'cards/audit-list.json',
  'cards/team-answers.json',
  'cards/feedback-report.json',
];

const english = new Map(AREAS.flatMap((area) => leaves(trees.en[area] ?? {}, area)));
const base = (key: string): string => key.replace(/_(zero|one|two|few|many|other)$/, '');

/** The key itself or its plural forms. */
function has(map: Map<string, string>, key: string): boolean {
  return hasKeyOrPlural(map, key);
}

/** Every catalogue key the admin code and cards name, by area. */
function usedKeys(): Set<string> {
  return keysNamedIn(
    { code: SOURCES.map((f) => path.join(root, f)), cards: CARDS.map((f) => path.join(root, f)) },
    /\bt\(\s*'([a-zA-Z0-9_.-]+)'/g,
  );
}

describe('the admin catalogue', () => {
  const used = usedKeys();
  const ours = [...used].filter((k) => (AREAS as readonly string[]).includes(k.split('.')[0]!));

  it('has, in English, every key the admin code and cards use', () => {
    expect(ours.length).toBeGreaterThan(250);
    const missing = ours.filter((k) => !has(english, k)).sort();
    expect(missing).toEqual([]);
  });

  it('uses every English key of its areas (no string left behind)', () => {
    const unused = [...english.keys()].filter((k) => !used.has(base(k))).sort();
    expect(unused).toEqual([]);
  });

  it('keeps its areas English only, falling back to English in every other language', () => {
    for (const area of AREAS) {
      expect(EMPLOYEE_AREAS).not.toContain(area);
      for (const lang of OTHERS) expect(trees[lang][area]).toBeUndefined();
    }
    for (const lang of OTHERS) {
      const t = translator(lang);
      expect(t('wizard.errors.enterName')).toBe('Enter a name.');
      expect(t('admin.audit.title', { count: 1 })).toBe('Last 1 change');
      expect(t('admin.audit.title', { count: 3 })).toBe('Last 3 changes');
    }
  });

  it.each(OTHERS)('takes what an employee may see from areas complete in %s', (lang) => {
    // The keys of other areas the admin code uses: the refusal's Help button and its command.
    const foreign = [...used].filter(
      (k) => !(AREAS as readonly string[]).includes(k.split('.')[0]!),
    );
    expect(foreign.sort()).toEqual(['common.commands.help', 'common.help']);
    for (const key of foreign) {
      expect(EMPLOYEE_AREAS).toContain(key.split('.')[0]);
      expect(hasOwnString(lang, key)).toBe(true);
    }
    // The button sends a command the bot routes.
    expect(matchCommand(translator(lang)('common.commands.help'), 'personal')?.id).toBe('help');
  });

  it('holds no card binding and keeps the placeholders the code fills', () => {
    const bad = [...english].filter(([, v]) => v.includes('${')).map(([k]) => k);
    expect(bad).toEqual([]);
    const t = translator('en');
    expect(t('profiles.moved', { name: '**x**', position: 2 })).toBe(
      'Moved ****x**** to position 2.',
    );
    expect(t('wizard.progress', { notice: '', step: 1, total: 4, trail: 'a › b' })).toBe(
      'Step 1 of 4: a › b',
    );
    // A value that looks like a placeholder or a Teams date function is kept as it is.
    expect(
      t('admin.teamAnswers.bylineProposed', {
        who: '{{editor}}',
        day: '{{DATE(2026-03-01T09:30:00Z, SHORT)}}',
      }),
    ).toBe('Proposed by {{editor}} · {{DATE(2026-03-01T09:30:00Z, SHORT)}}');
  });

  it('leaves no sentence in the admin code or cards', () => {
    expect(SOURCES.length).toBeGreaterThan(15);
    const code = SOURCES.flatMap((f) => userLiterals(path.join(root, f)).map((s) => `${f}: ${s}`));
    expect(code).toEqual([]);
    const cards = CARDS.flatMap((f) =>
      cardLiterals(JSON.parse(fs.readFileSync(path.join(root, f), 'utf8'))).map(
        (s) => `${f}: ${s}`,
      ),
    );
    expect(cards).toEqual([]);
  });
});
