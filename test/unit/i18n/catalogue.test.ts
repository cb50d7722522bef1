import fs from 'node:fs';
import path from 'node:path';

import { EMPLOYEE_AREAS, readCatalogue, translator } from '../../../src/i18n/catalogue';
import { LANGUAGES } from '../../../src/i18n/languages';
import { leaves } from '../../helpers/catalogue-keys';

const root = path.resolve(__dirname, '../../..');
const trees = readCatalogue();

const english = new Map(leaves(trees.en));

/** A key as code uses it: plural forms (`_one`, `_other`…) answer to the bare key. */
function exists(key: string, lang: (typeof LANGUAGES)[number] = 'en'): boolean {
  const map = lang === 'en' ? english : new Map(leaves(trees[lang]));
  return (
    map.has(key) ||
    [...map.keys()].some((k) => k.startsWith(`${key}_`) && !k.slice(key.length + 1).includes('.'))
  );
}

function files(dir: string, ext: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return files(p, ext);
    return e.name.endsWith(ext) ? [p] : [];
  });
}

describe('the message catalogue', () => {
  it('has every language folder, and only strings as leaves', () => {
    for (const lang of LANGUAGES) {
      for (const [key, value] of leaves(trees[lang])) {
        expect({ lang, key, type: typeof value }).toEqual({ lang, key, type: 'string' });
      }
    }
  });

  it('never holds "${" (it would become a card binding)', () => {
    for (const lang of LANGUAGES) {
      const bad = leaves(trees[lang]).filter(([, v]) => v.includes('${'));
      expect({ lang, bad }).toEqual({ lang, bad: [] });
    }
  });

  it('uses in every translation only the placeholders the English string has', () => {
    const names = (s: string): string[] =>
      [...s.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1] ?? '').sort();
    for (const lang of LANGUAGES.filter((l) => l !== 'en')) {
      const wrong = leaves(trees[lang]).flatMap(([key, value]) => {
        const base = key.replace(/_(zero|one|two|few|many|other)$/, '');
        const en = english.get(key) ?? english.get(`${base}_other`) ?? english.get(base);
        if (en === undefined) return [`${key}: not in English`];
        // `count` is i18next's plural value: every plural string may use it.
        const extra = names(value).filter((n) => !names(en).includes(n) && n !== 'count');
        return extra.length ? [`${key}: ${extra.join(', ')}`] : [];
      });
      expect({ lang, wrong }).toEqual({ lang, wrong: [] });
    }
  });

  it('has every key the code and the card templates use, in English', () => {
    const used = new Set<string>();
    for (const file of files(path.join(root, 'src'), '.ts')) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.-]+)'/g)) used.add(m[1] ?? '');
    }
    for (const file of files(path.join(root, 'cards'), '.json')) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\{\{t:([a-zA-Z0-9_.-]+)(?:\|[^}]*)?\}\}/g))
        used.add(m[1] ?? '');
    }
    expect(used.size).toBeGreaterThan(20);
    const missing = [...used].filter((k) => !exists(k)).sort();
    expect(missing).toEqual([]);
  });

  it('is complete in every language for what employees see', () => {
    for (const lang of LANGUAGES.filter((l) => l !== 'en')) {
      const missing = [...english.keys()]
        .filter((k) => (EMPLOYEE_AREAS as readonly string[]).includes(k.split('.')[0] ?? ''))
        // English-only by design: the notice shown when the bot falls back to English.
        .filter((k) => k !== 'common.unsupportedLanguage')
        .filter((k) => {
          const base = k.replace(/_(zero|one|two|few|many|other)$/, '');
          return !exists(k, lang) && !exists(base, lang);
        });
      expect({ lang, missing }).toEqual({ lang, missing: [] });
    }
  });

  it('falls back to English string by string, and interpolates without HTML escaping', () => {
    const t = translator('de');
    expect(t('answer.youAsked', { question: 'a < b & "c"' })).toContain('a < b & "c"');
    expect(translator('en')('no.such.key')).toBe('no.such.key');
  });
});
