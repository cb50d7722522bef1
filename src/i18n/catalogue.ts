/**
 * The message catalogue: every sentence the bot shows people, in each language, loaded with
 * i18next (interpolation with `{{name}}`, plurals with `_one` / `_other` through Intl.PluralRules).
 * The files are `src/i18n/locales/<language>/<area>.json`; keys are `<area>.<key>`. English is
 * complete; another language may lack a string, and that string alone falls back to English.
 */
import fs from 'node:fs';
import path from 'node:path';

import i18next, { type i18n } from 'i18next';

import { AppError } from '../errors';

import { LANGUAGES, type Language } from './languages';

/** A translate function bound to one language. */
export type Translate = (key: string, params?: Record<string, unknown>) => string;

/** Finds the project's root (the folder holding package.json) from a starting folder. */
function projectRoot(from: string): string {
  let dir = from;
  for (let i = 0; i < 8; i++) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    dir = path.dirname(dir);
  }
  throw new AppError('internal', `package.json not found above ${from}`);
}

/** Folder of the catalogue files; the same from src/ (tsx, tests) and dist/ (compiled). */
export const LOCALES_DIR = path.join(projectRoot(__dirname), 'src', 'i18n', 'locales');

/** One language's strings: area → nested keys → string. */
export type CatalogueTree = Record<string, unknown>;

/** Reads every area file of every language. Throws naming the file on malformed JSON. */
export function readCatalogue(dir: string = LOCALES_DIR): Record<Language, CatalogueTree> {
  const out = {} as Record<Language, CatalogueTree>;
  for (const lang of LANGUAGES) {
    const tree: CatalogueTree = {};
    const folder = path.join(dir, lang);
    const files = fs.existsSync(folder)
      ? fs.readdirSync(folder).filter((f) => f.endsWith('.json'))
      : [];
    for (const file of files.sort()) {
      try {
        tree[file.slice(0, -'.json'.length)] = JSON.parse(
          fs.readFileSync(path.join(folder, file), 'utf8'),
        ) as unknown;
      } catch (err) {
        throw new AppError('internal', `${lang}/${file}: ${(err as Error).message}`);
      }
    }
    out[lang] = tree;
  }
  return out;
}

let shared: i18n | undefined;

/** The catalogue, loaded once per process. */
export function catalogue(): i18n {
  if (shared) return shared;
  const trees = readCatalogue();
  const instance = i18next.createInstance();
  void instance.init({
    initAsync: false,
    resources: Object.fromEntries(LANGUAGES.map((lang) => [lang, { translation: trees[lang] }])),
    lng: 'en',
    fallbackLng: 'en',
    supportedLngs: [...LANGUAGES],
    // Cards escape untrusted text themselves (src/cards/text.ts); i18next must not HTML-escape.
    interpolation: { escapeValue: false },
    returnNull: false,
    returnEmptyString: false,
  });
  shared = instance;
  return instance;
}

const translators = new Map<Language, Translate>();

/** Translated strings kept per language: i18next costs some microseconds a call, a turn makes dozens. */
const MEMO_ENTRIES = 5000;

/**
 * The translate function of one language. Results are memoised by key and values (bounded,
 * least recently used out): the catalogue never changes while the process runs.
 */
export function translator(lang: Language): Translate {
  let t = translators.get(lang);
  if (!t) {
    const fixed = catalogue().getFixedT(lang);
    const memo = new Map<string, string>();
    t = (key, params) => {
      const id = params === undefined ? key : `${key}\u0000${JSON.stringify(params)}`;
      const hit = memo.get(id);
      if (hit !== undefined) {
        memo.delete(id);
        memo.set(id, hit);
        return hit;
      }
      const text = String(fixed(key, params ?? {}));
      memo.set(id, text);
      if (memo.size > MEMO_ENTRIES) {
        const oldest = memo.keys().next().value;
        if (oldest !== undefined) memo.delete(oldest);
      }
      return text;
    };
    translators.set(lang, t);
  }
  return t;
}

/** True when the catalogue has `key` in `lang` itself (not through the English fallback). */
export function hasOwnString(lang: Language, key: string): boolean {
  return catalogue().exists(key, { lng: lang, fallbackLng: false });
}

/**
 * Catalogue areas employees see: complete in every language (a test checks). The others (admin,
 * helpdesk staff) are complete in English and fall back to it.
 */
export const EMPLOYEE_AREAS = [
  'common',
  'answer',
  'language',
  'smalltalk',
  'fallback',
  'help',
  'welcome',
  'guide',
  'report',
  'invite',
  'manifest',
] as const;
