/**
 * The catalogue areas of this slice: `commands` (each command's title and description, as the
 * help card and the Teams command menu show them) and `manifest` (the app's name and description
 * in Teams). English is the registry's text (src/actions/commands.ts) and manifest.json's, so a
 * change on either side fails here; what employees see (the menu commands, the app listing) is
 * complete in every language, within the Teams limits, in the words people type.
 */
import fs from 'node:fs';
import path from 'node:path';

import { COMMANDS, MENU_COMMANDS, matchCommand } from '../../../src/actions/commands';
import { hasOwnString, readCatalogue, translator } from '../../../src/i18n/catalogue';
import { LANGUAGES, type Language } from '../../../src/i18n/languages';

const trees = readCatalogue();
const OTHERS = LANGUAGES.filter((l): l is Exclude<Language, 'en'> => l !== 'en');
const MANIFEST = JSON.parse(
  fs.readFileSync(path.resolve(__dirname, '../../../manifest/manifest.json'), 'utf8'),
) as { name: Record<string, string>; description: Record<string, string> };

/** Every leaf of a catalogue tree as dotted keys. */
function leaves(tree: unknown, prefix: string): string[] {
  if (tree && typeof tree === 'object') {
    return Object.entries(tree).flatMap(([k, v]) => leaves(v, `${prefix}.${k}`));
  }
  return [prefix];
}

/** The words people type for the employee commands (the brief's, and common.commands'). */
const TYPED: Record<Exclude<Language, 'en'>, Record<string, string>> = {
  de: {
    help: 'Hilfe',
    enroll: 'registrieren',
    report: 'Problem melden',
    myTickets: 'meine Tickets',
    language: 'Sprache',
  },
  fr: {
    help: 'aide',
    enroll: 'inscrire',
    report: 'signaler un problème',
    myTickets: 'mes tickets',
    language: 'langue',
  },
  es: {
    help: 'ayuda',
    enroll: 'inscribir',
    report: 'informar de un problema',
    myTickets: 'mis tickets',
    language: 'idioma',
  },
  ja: {
    help: 'ヘルプ',
    enroll: '登録',
    report: '問題を報告',
    myTickets: 'チケットの状況',
    language: '言語',
  },
};

const MANIFEST_KEYS = ['name.short', 'name.full', 'description.short', 'description.full'];
const LIMITS: Record<string, number> = {
  'name.short': 30,
  'name.full': 100,
  'description.short': 80,
  'description.full': 4000,
  title: 32,
  description: 128,
};

describe('the commands area', () => {
  const en = translator('en');

  it('has in English exactly the title and description of every command of the registry', () => {
    expect(Object.keys(trees.en['commands'] as object)).toEqual(COMMANDS.map((c) => c.id));
    for (const c of COMMANDS) {
      expect({ id: c.id, title: en(`commands.${c.id}.title`) }).toEqual({
        id: c.id,
        title: c.title,
      });
      expect({ id: c.id, description: en(`commands.${c.id}.description`) }).toEqual({
        id: c.id,
        description: c.description,
      });
    }
  });

  it('holds in other languages only keys English has', () => {
    const english = new Set(leaves(trees.en['commands'], 'commands'));
    for (const lang of OTHERS) {
      const extra = leaves(trees[lang]['commands'] ?? {}, 'commands').filter(
        (k) => !english.has(k),
      );
      expect({ lang, extra }).toEqual({ lang, extra: [] });
    }
  });

  it.each(OTHERS)('has every employee command in %s, in the words people type there', (lang) => {
    const t = translator(lang);
    expect(MENU_COMMANDS.map((c) => c.id).sort()).toEqual(Object.keys(TYPED[lang]).sort());
    for (const c of MENU_COMMANDS) {
      for (const part of ['title', 'description'] as const) {
        const key = `commands.${c.id}.${part}`;
        expect({ lang, key, own: hasOwnString(lang, key) }).toEqual({ lang, key, own: true });
        const text = t(key);
        expect({ key, ok: text.length > 0 && text.length <= (LIMITS[part] ?? 0) }).toEqual({
          key,
          ok: true,
        });
      }
      expect(t(`commands.${c.id}.title`)).toBe(TYPED[lang][c.id]);
      expect(t(`commands.${c.id}.description`)).not.toBe(c.description);
      // What the menu sends is what the router understands, in every scope the command is in.
      for (const scope of c.scopes) {
        expect(matchCommand(t(`commands.${c.id}.title`), scope)?.id).toBe(c.id);
      }
    }
  });

  it.each(OTHERS)('uses in %s the same command words as common.commands', (lang) => {
    const t = translator(lang);
    for (const id of ['help', 'enroll', 'report', 'language']) {
      if (hasOwnString(lang, `common.commands.${id}`)) {
        expect(t(`commands.${id}.title`)).toBe(t(`common.commands.${id}`));
      }
    }
  });

  it('keeps admin commands English-only (they fall back to English)', () => {
    const admin = COMMANDS.filter((c) => c.adminOnly);
    expect(admin.length).toBeGreaterThan(0);
    for (const lang of OTHERS) {
      for (const c of admin) {
        expect(translator(lang)(`commands.${c.id}.title`)).toBe(c.title);
      }
    }
  });
});

describe('the manifest area', () => {
  it("has in English exactly manifest.json's name and description", () => {
    const en = translator('en');
    for (const key of MANIFEST_KEYS) {
      const [group = '', part = ''] = key.split('.');
      const source = group === 'name' ? MANIFEST.name : MANIFEST.description;
      expect({ key, text: en(`manifest.${key}`) }).toEqual({ key, text: source[part] });
    }
  });

  it.each(OTHERS)('is complete in %s, within the Teams limits', (lang) => {
    const t = translator(lang);
    expect(leaves(trees[lang]['manifest'], 'manifest').sort()).toEqual(
      MANIFEST_KEYS.map((k) => `manifest.${k}`).sort(),
    );
    for (const key of MANIFEST_KEYS) {
      expect({ lang, key, own: hasOwnString(lang, `manifest.${key}`) }).toEqual({
        lang,
        key,
        own: true,
      });
      expect(t(`manifest.${key}`).length).toBeLessThanOrEqual(LIMITS[key] ?? 0);
    }
    // The product name stays as it is (the welcome and help cards say "Enrollment Assistant").
    expect(t('manifest.name.short')).toBe(MANIFEST.name['short']);
    expect(t('manifest.description.full')).not.toBe(MANIFEST.description['full']);
  });
});
