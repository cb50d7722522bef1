/**
 * The Teams app manifest in German, French, Spanish and Japanese: `localizationInfo` in
 * manifest/manifest.json and the language files beside it (manifest/de.json…), generated from the
 * message catalogue. Each file passes Microsoft's localization schema (the copy bundled in
 * @microsoft/app-manifest, offline), has every command of the manifest's command menu in order,
 * within the Teams limits, and is exactly what the catalogue gives.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { MENU_COMMANDS, SCOPES, matchCommand, type Scope } from '../../../src/actions/commands';
import {
  buildLanguageFiles,
  catalogueLookup,
  checkAppPackage,
  checkLanguageFileContent,
  checkLocalization,
  declaredLanguages,
  escapeLoneBrackets,
  languageFileText,
  localizationSchemaUrl,
  validateLanguageFile,
  writeLanguageFiles,
  type CatalogueLookup,
} from '../../../src/app-package/build-manifest';
import { LANGUAGES, type Language } from '../../../src/i18n/languages';

const MANIFEST_DIR = path.resolve(__dirname, '../../../manifest');
const OTHERS = LANGUAGES.filter((l): l is Exclude<Language, 'en'> => l !== 'en');

function template(): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(MANIFEST_DIR, 'manifest.json'), 'utf8')) as Record<
    string,
    unknown
  >;
}

function obj(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`expected an object, got ${JSON.stringify(value)}`);
  }
  return value as Record<string, unknown>;
}

function arr(value: unknown): unknown[] {
  if (!Array.isArray(value)) throw new Error(`expected an array, got ${JSON.stringify(value)}`);
  return value;
}

/** The manifest's command menu: [list index, scope, English commands]. */
function commandLists(manifest: Record<string, unknown>): [number, Scope, { title: string }[]][] {
  const bot = obj(arr(manifest['bots'])[0]);
  return arr(bot['commandLists']).map((l, i) => {
    const list = obj(l);
    return [
      i,
      arr(list['scopes'])[0] as Scope,
      arr(list['commands']).map((c) => obj(c) as { title: string }),
    ];
  });
}

const localizationInfo = obj(template()['localizationInfo']);
const additional = arr(localizationInfo['additionalLanguages']).map(
  (l) => obj(l) as { languageTag: string; file: string },
);

function committed(file: string): Record<string, string> {
  return JSON.parse(fs.readFileSync(path.join(MANIFEST_DIR, file), 'utf8')) as Record<
    string,
    string
  >;
}

/** A temporary manifest folder with copies of the committed files. */
function copyOfManifestDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'manifest-'));
  for (const name of fs.readdirSync(MANIFEST_DIR)) {
    fs.copyFileSync(path.join(MANIFEST_DIR, name), path.join(dir, name));
  }
  return dir;
}

describe('localizationInfo', () => {
  it('is English by default and names a file for every other language the bot speaks', () => {
    expect(localizationInfo['defaultLanguageTag']).toBe('en-us');
    // Language-only tags, so every region of the language gets it (Teams applies the
    // language file first, then a region file if one exists; "de-de" alone misses de-AT, de-CH).
    expect(additional).toEqual(OTHERS.map((lang) => ({ languageTag: lang, file: `${lang}.json` })));
    expect(declaredLanguages(template()).problems).toEqual([]);
  });

  it('names files that exist beside manifest.json', () => {
    for (const { file } of additional) {
      expect({ file, exists: fs.existsSync(path.join(MANIFEST_DIR, file)) }).toEqual({
        file,
        exists: true,
      });
    }
  });

  it('reports a language without a file, a tag the bot does not speak and a file in a folder', () => {
    const manifest = template();
    obj(manifest['localizationInfo'])['additionalLanguages'] = [
      { languageTag: 'de', file: 'de.json' },
      { languageTag: 'it', file: 'it.json' },
      { languageTag: 'fr-fr', file: 'lang/fr.json' },
      { languageTag: 'es', file: 'de.json' },
    ];
    const { languages, problems } = declaredLanguages(manifest);
    expect(languages.map((l) => l.lang)).toEqual(['de']);
    expect(problems).toEqual([
      expect.stringMatching(/\[1\]\.languageTag "it" is not a language the bot translates/),
      expect.stringMatching(/\[2\]\.file "lang\/fr\.json" must be a new <name>\.json/),
      expect.stringMatching(/\[3\]\.file "de\.json" must be a new <name>\.json/),
      'localizationInfo has no language file for fr',
      'localizationInfo has no language file for es',
      'localizationInfo has no language file for ja',
    ]);
    delete manifest['localizationInfo'];
    expect(declaredLanguages(manifest).problems).toEqual(['localizationInfo is missing']);
  });
});

describe.each(OTHERS)('the %s language file', (lang) => {
  const entry = additional.find((a) => a.languageTag === lang);
  const file = entry?.file ?? `${lang}.json`;
  const content = committed(file);

  it("passes Microsoft's localization schema of the manifest's version (offline)", async () => {
    expect(content['$schema']).toBe(
      `https://developer.microsoft.com/json-schemas/teams/v${String(template()['manifestVersion'])}/MicrosoftTeams.Localization.schema.json`,
    );
    await expect(validateLanguageFile(content)).resolves.toEqual([]);
  });

  it('has the name and descriptions within the Teams limits', () => {
    expect(content['name.short']?.length).toBeLessThanOrEqual(30);
    expect(content['name.full']?.length).toBeLessThanOrEqual(100);
    expect(content['description.short']?.length).toBeLessThanOrEqual(80);
    expect(content['description.full']?.length).toBeLessThanOrEqual(4000);
    expect(content['description.full']).not.toBe(obj(template()['description'])['full']);
  });

  it('has every command of the command menu, in order, within 32 / 128 characters', () => {
    const expected: string[] = [];
    for (const [i, , commands] of commandLists(template())) {
      commands.forEach((_, j) => {
        const at = `bots[0].commandLists[${i}].commands[${j}]`;
        expected.push(`${at}.title`, `${at}.description`);
        const title = content[`${at}.title`] ?? '';
        const description = content[`${at}.description`] ?? '';
        expect({ at, title: title.length > 0 && title.length <= 32 }).toEqual({ at, title: true });
        expect({ at, description: description.length > 0 && description.length <= 128 }).toEqual({
          at,
          description: true,
        });
      });
    }
    expect(Object.keys(content).filter((k) => k.startsWith('bots['))).toEqual(expected);
    expect(checkLanguageFileContent(template(), file, content)).toEqual([]);
  });

  it('gives each menu entry a title that, typed in its scope, runs the same command', () => {
    for (const [i, scope, commands] of commandLists(template())) {
      commands.forEach((english, j) => {
        const title = content[`bots[0].commandLists[${i}].commands[${j}].title`] ?? '';
        const want = matchCommand(english.title, scope)?.id;
        expect(want).toBeDefined();
        expect({ title, scope, id: matchCommand(title, scope)?.id }).toEqual({
          title,
          scope,
          id: want,
        });
        expect(title).not.toBe(english.title);
      });
    }
  });

  it('is exactly what the catalogue gives', () => {
    const generated = buildLanguageFiles(template(), MENU_COMMANDS).files.find(
      (f) => f.lang === lang,
    );
    expect(generated?.content).toEqual(content);
    // Same key order and formatting as written by `npm run package -- --update-localization`.
    expect(fs.readFileSync(path.join(MANIFEST_DIR, file), 'utf8')).toBe(
      languageFileText(generated?.content ?? {}),
    );
  });
});

describe('validateLanguageFile', () => {
  const de = committed('de.json');

  it('reports what the official schema refuses', async () => {
    await expect(validateLanguageFile({ ...de, 'name.short': 'x'.repeat(31) })).resolves.toEqual([
      expect.stringMatching(/^\/name\.short must NOT have more than 30 characters/),
    ]);
    await expect(
      validateLanguageFile({ ...de, 'bots[0].commandLists[3].commands[0].title': 'x' }),
    ).resolves.toEqual([expect.stringMatching(/additional properties.*commandLists\[3\]/)]);
    const withoutFull: Record<string, string> = { ...de };
    delete withoutFull['description.full'];
    await expect(validateLanguageFile(withoutFull)).resolves.toEqual([
      expect.stringMatching(/required property 'description\.full'/),
    ]);
  });

  it('refuses a $schema it cannot validate offline instead of downloading it', async () => {
    await expect(
      validateLanguageFile({ ...de, $schema: 'https://example.com/localization.json' }),
    ).resolves.toEqual([expect.stringMatching(/cannot be validated offline/)]);
  });

  it("compiles the schema's two `\\b]` patterns with the u flag without changing them", () => {
    const source = '^activities\\[\\b([0-9]|1[01])\\b]\\.description$';
    expect(() => new RegExp(source, 'u')).toThrow();
    const fixed = escapeLoneBrackets(source);
    expect(fixed).toBe('^activities\\[\\b([0-9]|1[01])\\b\\]\\.description$');
    for (const text of [
      'activities[7].description',
      'activities[11].description',
      'activities[12].description',
    ]) {
      expect(new RegExp(fixed, 'u').test(text)).toBe(new RegExp(source).test(text));
    }
  });
});

describe('checkLocalization', () => {
  it('passes for the committed files, and so does the whole package', async () => {
    await expect(
      checkLocalization(template(), { commands: MENU_COMMANDS, manifestDir: MANIFEST_DIR }),
    ).resolves.toEqual([]);
  });

  it('reports a string a language lacks instead of showing English', async () => {
    const lookup: CatalogueLookup = (lang, key) =>
      lang === 'ja' && key === 'commands.myTickets.title' ? undefined : catalogueLookup(lang, key);
    const problems = await checkLocalization(template(), {
      commands: MENU_COMMANDS,
      manifestDir: MANIFEST_DIR,
      lookup,
    });
    expect(problems).toContain('ja: commands.myTickets.title is not translated');
  });

  it('reports a committed file that differs from the catalogue, naming the fix', async () => {
    const dir = copyOfManifestDir();
    try {
      const fr = committed('fr.json');
      fr['bots[0].commandLists[0].commands[0].title'] = 'aidez-moi';
      fs.writeFileSync(path.join(dir, 'fr.json'), languageFileText(fr));
      const problems = await checkAppPackage(template(), {
        iconDir: dir,
        commands: MENU_COMMANDS,
        scopes: SCOPES,
      });
      expect(problems.filter((p) => p.startsWith('localization:'))).toEqual([
        expect.stringMatching(
          /^localization: fr\.json: .*fr\.json differs from the catalogue; run `npm run package -- --update-localization`$/,
        ),
      ]);

      // The fix: rewrite the files from the catalogue.
      const written = await writeLanguageFiles(template(), MENU_COMMANDS, dir);
      expect(written.map((w) => path.basename(w))).toEqual([
        'de.json',
        'fr.json',
        'es.json',
        'ja.json',
      ]);
      await expect(
        checkLocalization(template(), { commands: MENU_COMMANDS, manifestDir: dir }),
      ).resolves.toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports English in manifest.json that is not the catalogue English', async () => {
    const manifest = template();
    obj(manifest['description'])['short'] = 'Something else entirely.';
    const problems = await checkLocalization(manifest, {
      commands: MENU_COMMANDS,
      manifestDir: MANIFEST_DIR,
    });
    expect(problems).toEqual([
      expect.stringMatching(/^manifest\.json description\.short differs from the catalogue/),
    ]);
  });

  it('reports a translation over the Teams limit', async () => {
    const lookup: CatalogueLookup = (lang, key) =>
      lang === 'de' && key === 'commands.enroll.title'
        ? 'mein privates iPhone oder iPad registrieren'
        : catalogueLookup(lang, key);
    const problems = await checkLocalization(template(), {
      commands: MENU_COMMANDS,
      manifestDir: MANIFEST_DIR,
      lookup,
    });
    expect(problems).toContain(
      'de.json: bots[0].commandLists[0].commands[1].title is 43 characters, more than 32',
    );
  });

  it('refuses to write language files the catalogue cannot fill', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'manifest-'));
    try {
      const lookup: CatalogueLookup = (lang, key) =>
        lang === 'es' && key === 'manifest.name.full' ? undefined : catalogueLookup(lang, key);
      await expect(writeLanguageFiles(template(), MENU_COMMANDS, dir, lookup)).rejects.toThrow(
        /es: manifest\.name\.full is not translated/,
      );
      expect(fs.readdirSync(dir)).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes the localization schema of the manifest version', () => {
    expect(localizationSchemaUrl(template())).toBe(
      'https://developer.microsoft.com/json-schemas/teams/v1.25/MicrosoftTeams.Localization.schema.json',
    );
    expect(localizationSchemaUrl({ $schema: 'https://example.com/x.json' })).toBeUndefined();
  });
});
