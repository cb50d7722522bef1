/**
 * The guided enrollment's strings (catalogue area `guide`): every key its code and cards use
 * exists in English, every English key exists in German, French, Spanish and Japanese, and the
 * text its buttons send is understood in each language (a command, or a question the knowledge
 * base of that language answers with the right article).
 */
import fs from 'node:fs';
import path from 'node:path';

import { commandVocabulary, matchCommand } from '../../../src/actions/commands';
import { hasOwnString, readCatalogue, translator } from '../../../src/i18n/catalogue';
import { LANGUAGES } from '../../../src/i18n/languages';
import { loadKnowledgeBases } from '../../../src/knowledge/load';

const root = path.resolve(__dirname, '../../..');
const FILES = [
  'src/flows/guide.ts',
  'src/cards/guide-cards.ts',
  'src/knowledge/guide-plan.ts',
  'cards/guide-ask.json',
  'cards/guide-check.json',
  'cards/guide-overview.json',
  'cards/guide-step.json',
];

/** Every leaf of a catalogue tree as a dotted key. */
function keys(tree: unknown, prefix = ''): string[] {
  if (tree && typeof tree === 'object') {
    return Object.entries(tree).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
  }
  return [prefix];
}

/** A key as code uses it: plural keys (`_one`, `_other`) answer to the bare key. */
const bare = (key: string): string => key.replace(/_(zero|one|two|few|many|other)$/, '');

const trees = readCatalogue();

/** Values for the update strings, and the enroll command as each language types it. */
const vals = {
  noun: 'iPhone',
  name: 'iOS',
  version: '16.6',
  needed: '17',
  appleMin: '15',
  why: '',
};
const ENROLL = { en: 'enroll', de: 'registrieren', fr: 'inscrire', es: 'inscribir', ja: '登録' };

describe('the guide catalogue', () => {
  it('has, in English, every key the guide code and cards use', () => {
    const used = new Set<string>();
    for (const file of FILES) {
      const text = fs.readFileSync(path.join(root, file), 'utf8');
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.-]+)'/g)) used.add(m[1] ?? '');
      for (const m of text.matchAll(/\{\{t:([a-zA-Z0-9_.-]+)\}\}/g)) used.add(m[1] ?? '');
    }
    expect(used.size).toBeGreaterThan(60);
    const english = new Set(keys(trees.en).map(bare));
    expect([...used].filter((k) => !english.has(k)).sort()).toEqual([]);
  });

  it('has every English guide string in German, French, Spanish and Japanese', () => {
    const english = [...new Set(keys(trees.en.guide, 'guide').map(bare))];
    expect(english.length).toBeGreaterThan(60);
    for (const lang of LANGUAGES.filter((l) => l !== 'en')) {
      const own = new Set(keys(trees[lang].guide, 'guide').map(bare));
      const missing = english.filter((k) => !own.has(k));
      expect({ lang, missing }).toEqual({ lang, missing: [] });
      // Every plural form the language needs, for the counts a guide has.
      const rules = new Intl.PluralRules(lang);
      for (const key of english.filter((k) =>
        keys(trees.en.guide, 'guide').includes(`${k}_other`),
      )) {
        for (const n of [1, 2, 12]) {
          expect({ lang, key, n, own: hasOwnString(lang, `${key}_${rules.select(n)}`) }).toEqual({
            lang,
            key,
            n,
            own: true,
          });
        }
      }
    }
  });

  it('keeps the placeholders of the English strings, and the command words of each language', () => {
    const en = translator('en');
    for (const lang of LANGUAGES) {
      const t = translator(lang);
      // A version verdict names the version and 17; the update steps name the enroll command.
      expect(t('guide.update.unsupported', vals)).toContain('16.6');
      expect(t('guide.update.unsupported', vals)).toContain('17');
      expect(t('guide.update.message', vals)).toContain(`**${ENROLL[lang]}**`);
      expect(t('guide.update.verdictSupported', vals)).toContain(`**${ENROLL[lang]}**`);
      if (lang !== 'en') expect(t('guide.ask.heading')).not.toBe(en('guide.ask.heading'));
    }
  });

  it('sends from its buttons words the bot understands in every language', () => {
    const kbs = loadKnowledgeBases({ vocabulary: commandVocabulary() });
    for (const lang of LANGUAGES) {
      const t = translator(lang);
      expect({ lang, report: matchCommand(t('common.commands.report'), 'personal')?.id }).toEqual({
        lang,
        report: 'report',
      });
      const kb = kbs[lang];
      if (!kb) continue; // no translated articles yet: the guide shows English ones.
      const answered = (q: string): string | undefined => {
        const a = kb.answer(q);
        return a.kind === 'answer' ? a.hit.article.id : undefined;
      };
      // Either privacy article answers "what can my organisation see?".
      expect({ lang, id: answered(t('guide.finished.whatCanItSeeQuestion')) }).toEqual({
        lang,
        id: expect.stringMatching(/^(privacy-personal-data|privacy-what-it-can-do)$/),
      });
      expect({ lang, id: answered(t('guide.finished.whyAuthenticatorQuestion')) }).toEqual({
        lang,
        id: 'microsoft-authenticator-required',
      });
      const requirements = kb.all().find((a) => a.category === 'requirements');
      expect({ lang, id: requirements && answered(requirements.title) }).toEqual({
        lang,
        id: 'os-requirements',
      });
    }
  });
});
