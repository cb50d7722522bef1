/**
 * The catalogue of the employee conversation (small talk, help, the fallback, the welcome cards)
 * and the shared areas (common, answer): every key the code and the cards use exists in English,
 * every key is translated in German, French, Spanish and Japanese, translations keep the
 * placeholders and Markdown of the English and are not English left in place, and the bot
 * commands they name are the words that language types.
 */
import fs from 'node:fs';
import path from 'node:path';

import { matchCommand, SCOPES } from '../../../src/actions/commands';
import { readCatalogue, translator } from '../../../src/i18n/catalogue';
import { LANGUAGES, type Language } from '../../../src/i18n/languages';
import { leaves } from '../../helpers/catalogue-keys';

const root = path.resolve(__dirname, '../../..');
const trees = readCatalogue();
const OTHERS = LANGUAGES.filter((l): l is Exclude<Language, 'en'> => l !== 'en');

/** The areas this test covers. */
const AREAS = ['smalltalk', 'fallback', 'help', 'welcome', 'common', 'answer'] as const;

/** The files whose strings live in those areas. */
const SOURCES = [
  'src/flows/small-talk.ts',
  'src/flows/fallback.ts',
  'src/flows/help.ts',
  'src/flows/welcome.ts',
  'src/cards/general-cards.ts',
];
const CARDS = [
  'cards/help.json',
  'cards/welcome-personal.json',
  'cards/welcome-team.json',
  'cards/fallback.json',
];

/** Keys the code builds from a value (`fallback.${key}.title`, `help.title.${scope}`). */
const BUILT_KEYS = [
  ...['unknownCommand', 'tooLong', 'empty', 'unsupportedSubmit'].flatMap((k) => [
    `fallback.${k}.title`,
    `fallback.${k}.message`,
  ]),
  ...SCOPES.flatMap((s) => [`help.title.${s}`, `help.intro.${s}`]),
];

/** Keys English alone has, by design. */
const ENGLISH_ONLY = new Set(['common.unsupportedLanguage']);

/** Strings that read the same in a translation (names, loanwords). */
const SAME_AS_ENGLISH = new Set(['Source', 'Sources', 'hindi', 'Hindi']);

function areaLeaves(lang: Language): Map<string, string> {
  return new Map(AREAS.flatMap((area) => leaves(trees[lang][area] ?? {}, area)));
}

const english = areaLeaves('en');

/** The plural forms a key has in a language: `key` itself or `key_one`, `key_other`… */
function forms(map: Map<string, string>, key: string): string[] {
  return [...map.keys()].filter(
    (k) =>
      k === key ||
      (k.startsWith(`${key}_`) && /^(zero|one|two|few|many|other)$/.test(k.slice(key.length + 1))),
  );
}

const base = (key: string): string => key.replace(/_(zero|one|two|few|many|other)$/, '');

describe('the employee conversation catalogue', () => {
  it('has, in English, every key the conversation code and cards use', () => {
    const used = new Set<string>(BUILT_KEYS);
    const area = AREAS.join('|');
    for (const file of SOURCES) {
      const text = fs.readFileSync(path.join(root, file), 'utf8');
      for (const m of text.matchAll(new RegExp(`'((?:${area})\\.[a-zA-Z0-9_.]+)'`, 'g'))) {
        used.add(m[1] ?? '');
      }
    }
    for (const file of CARDS) {
      const text = fs.readFileSync(path.join(root, file), 'utf8');
      for (const m of text.matchAll(/\{\{t:([a-zA-Z0-9_.-]+)\}\}/g)) used.add(m[1] ?? '');
    }
    expect(used.size).toBeGreaterThan(40);
    const missing = [...used].filter((k) => forms(english, k).length === 0).sort();
    expect(missing).toEqual([]);
  });

  it.each(OTHERS)('is complete in %s', (lang) => {
    const translated = areaLeaves(lang);
    const missing = [...english.keys()]
      .filter((k) => !ENGLISH_ONLY.has(k))
      // Japanese has only `_other`: a plural answers to whichever forms the language has.
      .filter((k) => !translated.has(k) && forms(translated, base(k)).length === 0);
    expect(missing).toEqual([]);
    const extra = [...translated.keys()].filter((k) => forms(english, base(k)).length === 0);
    expect(extra).toEqual([]);
  });

  it.each(OTHERS)('keeps in %s the placeholders, bold and line breaks of the English', (lang) => {
    const names = (s: string): string[] =>
      [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1] ?? '').sort();
    const shape = (s: string): { bold: number; lines: number } => ({
      bold: (s.match(/\*\*/g) ?? []).length,
      lines: s.split('\n').length,
    });
    const wrong = [...areaLeaves(lang)].flatMap(([key, value]) => {
      const en = english.get(key) ?? english.get(`${base(key)}_other`) ?? '';
      const problems: string[] = [];
      // `count` may go unsaid where the language's plural form names the number itself, and said
      // where English words it ("two things": `things`).
      const optional = (n: string): boolean => n === 'count' || n === 'things';
      const want = [...new Set([...names(en), ...names(value).filter(optional)])]
        .filter((n) => !optional(n) || value.includes(`{{${n}}}`))
        .sort();
      if (JSON.stringify(names(value)) !== JSON.stringify(want)) problems.push('placeholders');
      if (JSON.stringify(shape(value)) !== JSON.stringify(shape(en))) problems.push('shape');
      if (value.includes('${')) problems.push('binding');
      return problems.length ? [`${key}: ${problems.join(', ')}`] : [];
    });
    expect(wrong).toEqual([]);
  });

  it.each(OTHERS)('is not English left in place in %s', (lang) => {
    const same = [...areaLeaves(lang)]
      .filter(([key, value]) => english.get(key) === value && !SAME_AS_ENGLISH.has(value))
      .map(([key]) => key);
    expect(same).toEqual([]);
  });

  it.each([
    [
      'de',
      { help: 'Hilfe', enroll: 'registrieren', report: 'Problem melden', language: 'Sprache' },
    ],
    [
      'fr',
      { help: 'aide', enroll: 'inscrire', report: 'signaler un problème', language: 'langue' },
    ],
    [
      'es',
      { help: 'ayuda', enroll: 'inscribir', report: 'informar de un problema', language: 'idioma' },
    ],
    ['ja', { help: 'ヘルプ', enroll: '登録', report: '問題を報告', language: '言語' }],
    ['en', { help: 'help', enroll: 'enroll', report: 'report a problem', language: 'language' }],
  ] as const)('names in %s the commands as that language types them', (lang, words) => {
    const t = translator(lang);
    for (const [id, word] of Object.entries(words)) {
      expect(t(`common.commands.${id}`)).toBe(word);
      expect(matchCommand(word, 'personal')?.id).toBe(id);
    }
    // A command in bold in a translated sentence is that language's word, never the English one.
    const bold = [...areaLeaves(lang).values()].flatMap((v) =>
      [...v.matchAll(/\*\*([^*]+)\*\*/g)].map((m) => m[1] ?? ''),
    );
    const commandWords = new Set<string>(Object.values(words));
    expect(bold.filter((b) => commandWords.has(b)).length).toBeGreaterThan(3);
    const englishCommands = ['enroll', 'report a problem', 'help'].filter(
      (w) => !commandWords.has(w),
    );
    const leftover = bold.filter((b) => englishCommands.includes(b));
    expect(leftover).toEqual([]);
  });

  it('keeps the English-only notice out of the translations', () => {
    for (const lang of OTHERS) {
      expect(areaLeaves(lang).has('common.unsupportedLanguage')).toBe(false);
    }
  });
});
