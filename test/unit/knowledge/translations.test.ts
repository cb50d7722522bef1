import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { loadArticles } from '../../../src/knowledge/articles';
import {
  englishSourceHash,
  parseTranslation,
  readTranslations,
  TRANSLATED_LANGUAGES,
  translationStatus,
  type Translation,
} from '../../../src/knowledge/translations';

const english = loadArticles();
const article = english.find((a) => a.id === 'privacy-wipe');
if (!article) throw new Error('privacy-wipe article missing');

function translationFile(
  overrides: Record<string, string> = {},
  body = 'Nein, nur die Arbeitsdaten.',
): string {
  const fields = {
    id: 'privacy-wipe',
    lang: 'de',
    sourceHash: englishSourceHash(article!),
    title: 'Kann die IT mein ganzes Telefon löschen?',
    summary: 'Nein: bei der Benutzerregistrierung nur die Arbeitsdaten.',
    ...overrides,
  };
  const yaml = Object.entries(fields)
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
    .join('\n');
  const phrasings = [
    'Kann die Firma mein iPhone löschen?',
    'Löscht die IT meine Fotos?',
    'Fernlöschung privat',
    'Wipe durch IT',
    'Alles weg nach Löschung?',
  ];
  const steps = article!.steps.map((_, i) => `  - "Schritt ${i + 1}"`).join('\n');
  return `---\n${yaml}\nphrasings:\n${phrasings.map((p) => `  - "${p}"`).join('\n')}\n${steps ? `steps:\n${steps}\n` : ''}---\n${body}\n`;
}

describe('translations', () => {
  it('parses a well-formed translation', () => {
    const t = parseTranslation('privacy-wipe.md', translationFile());
    expect(t).toMatchObject({
      id: 'privacy-wipe',
      lang: 'de',
      title: expect.stringContaining('löschen'),
    });
    expect(t.body).toBe('Nein, nur die Arbeitsdaten.');
  });

  it.each([
    ['an unknown language', { lang: 'it' }, /lang/],
    ['a malformed hash', { sourceHash: 'xyz' }, /sourceHash/],
    ['an id that is not the file name', { id: 'privacy-location' }, /does not match/],
  ])('rejects %s, naming the file', (_name, overrides, problem) => {
    expect(() => parseTranslation('privacy-wipe.md', translationFile(overrides))).toThrow(problem);
  });

  it('marks a translation stale once its English text changes, and names missing and orphaned ones', () => {
    const current = parseTranslation('privacy-wipe.md', translationFile());
    const orphan: Translation = { ...current, id: 'no-such-article' };
    const fresh = translationStatus([article], 'de', [current, orphan]);
    expect(fresh).toMatchObject({
      current: 1,
      stale: [],
      missing: [],
      orphaned: ['no-such-article'],
    });

    const edited = { ...article, body: `${article.body}\n\nOne more English sentence.` };
    expect(englishSourceHash(edited)).not.toBe(englishSourceHash(article));
    expect(translationStatus([edited], 'de', [current])).toMatchObject({
      current: 0,
      stale: ['privacy-wipe'],
    });
    // Phrasings and keywords are per language: changing the English ones stales nothing.
    const rephrased = { ...article, phrasings: [...article.phrasings, 'Another way to ask'] };
    expect(translationStatus([rephrased], 'de', [current]).stale).toEqual([]);

    const other = english.find((a) => a.id !== 'privacy-wipe')!;
    expect(translationStatus([article, other], 'de', [current]).missing).toEqual([other.id]);
  });

  it('reads a language folder and refuses a file filed under the wrong language', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-'));
    try {
      fs.mkdirSync(path.join(root, 'de'));
      fs.writeFileSync(path.join(root, 'de', 'privacy-wipe.md'), translationFile());
      fs.writeFileSync(path.join(root, 'de', 'README.md'), '# glossary');
      expect(readTranslations('de', root).map((t) => t.id)).toEqual(['privacy-wipe']);
      expect(readTranslations('fr', root)).toEqual([]);
      fs.mkdirSync(path.join(root, 'fr'));
      fs.writeFileSync(path.join(root, 'fr', 'privacy-wipe.md'), translationFile());
      expect(() => readTranslations('fr', root)).toThrow(/folder is "fr"/);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  // The knowledge base itself: every language present is complete and written from the current
  // English text. When an English article changes, this fails until its translations follow
  // (`npm run translations` lists them; `npm run translations -- hash <id>` prints the new hash).
  it.each(TRANSLATED_LANGUAGES.map((l) => [l]))(
    '%s: every article translated from the current English text',
    (lang) => {
      const translations = readTranslations(lang);
      if (translations.length === 0) return;
      const status = translationStatus(english, lang, translations);
      expect({
        stale: status.stale,
        missing: status.missing,
        orphaned: status.orphaned,
        stepMismatch: status.stepMismatch,
      }).toEqual({
        stale: [],
        missing: [],
        orphaned: [],
        stepMismatch: [],
      });
    },
  );
});
