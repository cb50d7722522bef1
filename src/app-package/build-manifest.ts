/**
 * Builds, checks and zips the Teams app package from manifest/manifest.json, its two icons and its
 * language files (manifest/de.json…, generated from the message catalogue). Everything here runs
 * offline (schema validation uses the schemas bundled in @microsoft/app-manifest) and imports
 * nothing from botbuilder, so CI can package without Azure.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

import { AppManifestUtils, type AppManifest } from '@microsoft/app-manifest';
import { PNG } from 'pngjs';
import { ZipFile } from 'yazl';

import type { AppPackageConfig } from '../config/env';
import { AppError } from '../errors';
import { hasOwnString, translator } from '../i18n/catalogue';
import { LANGUAGES, languageFromLocale, type Language } from '../i18n/languages';

/** Names of the `${{NAME}}` placeholders the manifest template may use. */
export const PLACEHOLDER_NAMES = [
  'TEAMS_APP_ID',
  'BOT_ID',
  'PUBLISHER_NAME',
  'WEBSITE_URL',
  'PRIVACY_URL',
  'TERMS_URL',
] as const;

/** One placeholder name from {@link PLACEHOLDER_NAMES}. */
export type PlaceholderName = (typeof PLACEHOLDER_NAMES)[number];

/** Values for every placeholder; each must be a non-empty string when the manifest is built. */
export type ManifestValues = Readonly<Record<PlaceholderName, string>>;

/**
 * Bot id used when no MicrosoftAppId is configured (local anonymous mode). It is the nil GUID, so
 * it satisfies the schema but can never match a real Azure Bot registration.
 */
export const PLACEHOLDER_BOT_ID = '00000000-0000-0000-0000-000000000000';

/** File names of the icons inside the package; the zip is flat, so they sit at its root. */
export const ICON_FILES = { color: 'color.png', outline: 'outline.png' } as const;

/**
 * Names of the first entries of the app package zip, in the order they are written; the language
 * files the manifest's `localizationInfo` names follow them ({@link packageEntries}).
 */
export const PACKAGE_ENTRIES = ['manifest.json', ICON_FILES.color, ICON_FILES.outline] as const;

const COLOR_ICON_SIZE = 192;
const OUTLINE_ICON_SIZE = 32;
/** Largest gap (px) allowed between the outline symbol and the canvas edge ("no extra padding"). */
const OUTLINE_MAX_PADDING = 2;

const PLACEHOLDER_PATTERN = /\$\{\{\s*([^}]*?)\s*\}\}/g;
const SCHEMA_URL_PATTERN =
  /^https:\/\/developer\.microsoft\.com\/(?:[a-z]{2}(?:-[a-z]{2})?\/)?json-schemas\/teams\/(v[0-9.]+|vDevPreview)\/MicrosoftTeams\.schema\.json$/i;
const LOCALIZATION_SCHEMA_URL_PATTERN =
  /^https:\/\/developer\.microsoft\.com\/(?:[a-z]{2}(?:-[a-z]{2})?\/)?json-schemas\/teams\/(v[0-9.]+|vDevPreview)\/MicrosoftTeams\.Localization\.schema\.json$/i;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : [];
}

function isPlaceholderName(name: string): name is PlaceholderName {
  return (PLACEHOLDER_NAMES as readonly string[]).includes(name);
}

/**
 * Returns a copy of the manifest template with every `${{NAME}}` replaced by its value. It throws
 * an error naming each unknown placeholder and each known one whose value is missing or blank,
 * because a package with a literal `${{BOT_ID}}` would install a bot that never answers.
 */
export function buildManifest(template: unknown, values: ManifestValues): Record<string, unknown> {
  if (!isRecord(template)) {
    throw new AppError('config_invalid', 'Manifest template must be a JSON object.');
  }
  const unknownNames = new Set<string>();
  const unfilledNames = new Set<string>();
  const malformed = new Set<string>();

  const fill = (text: string): string => {
    if (text.replace(PLACEHOLDER_PATTERN, '').includes('${{')) {
      malformed.add(text);
    }
    return text.replace(PLACEHOLDER_PATTERN, (whole: string, name: string) => {
      if (!isPlaceholderName(name)) {
        unknownNames.add(name);
        return whole;
      }
      const value: unknown = values[name];
      if (typeof value !== 'string' || value.trim() === '') {
        unfilledNames.add(name);
        return whole;
      }
      return value;
    });
  };

  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') {
      return fill(node);
    }
    if (Array.isArray(node)) {
      return node.map(walk);
    }
    if (isRecord(node)) {
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(node)) {
        if (key.includes('${{')) {
          malformed.add(`key ${key}`);
        }
        out[key] = walk(child);
      }
      return out;
    }
    return node;
  };

  const filled = walk(template);
  const problems: string[] = [];
  if (unknownNames.size > 0) {
    problems.push(
      `unknown placeholder(s) ${[...unknownNames].map((n) => `\${{${n}}}`).join(', ')}` +
        ` (known: ${PLACEHOLDER_NAMES.join(', ')})`,
    );
  }
  if (unfilledNames.size > 0) {
    problems.push(
      `no value for placeholder(s) ${[...unfilledNames].map((n) => `\${{${n}}}`).join(', ')}`,
    );
  }
  if (malformed.size > 0) {
    problems.push(
      `malformed placeholder in ${[...malformed].map((t) => JSON.stringify(t)).join(', ')}`,
    );
  }
  if (problems.length > 0 || !isRecord(filled)) {
    throw new AppError(
      'config_invalid',
      `Cannot build the Teams manifest: ${problems.join('; ')}.`,
    );
  }
  return filled;
}

/** Placeholder values derived from configuration, plus warnings worth showing to whoever packages. */
export interface ManifestValuesResult {
  values: ManifestValues;
  warnings: string[];
}

/**
 * Maps the app-package configuration onto the template's placeholders. Without a MicrosoftAppId
 * (local anonymous mode) it uses {@link PLACEHOLDER_BOT_ID} and warns, so packaging still works in
 * CI and on a laptop while making clear the result cannot be installed.
 */
export function manifestValuesFromConfig(config: AppPackageConfig): ManifestValuesResult {
  const warnings: string[] = [];
  let botId = config.botId;
  if (botId === undefined || botId.trim() === '') {
    botId = PLACEHOLDER_BOT_ID;
    warnings.push(
      `MicrosoftAppId is not set, so bots[0].botId is the placeholder ${PLACEHOLDER_BOT_ID}. ` +
        'The package validates but cannot be installed in Teams until MicrosoftAppId is set ' +
        'to the Azure Bot app id.',
    );
  }
  return {
    values: {
      TEAMS_APP_ID: config.teamsAppId,
      BOT_ID: botId,
      PUBLISHER_NAME: config.publisherName,
      WEBSITE_URL: config.websiteUrl,
      PRIVACY_URL: config.privacyUrl,
      TERMS_URL: config.termsUrl,
    },
    warnings,
  };
}

function bundledSchemaPath(
  schemaUrl: string,
  pattern: RegExp = SCHEMA_URL_PATTERN,
  fileName = 'MicrosoftTeams.schema.json',
): string | undefined {
  const version = pattern.exec(schemaUrl)?.[1];
  if (version === undefined) {
    return undefined;
  }
  const packageDir = path.dirname(require.resolve('@microsoft/app-manifest/package.json'));
  const file = path.join(packageDir, 'build', 'json-schemas', 'teams', version, fileName);
  return fs.existsSync(file) ? file : undefined;
}

/**
 * Validates a filled manifest against the official Teams JSON schema named by its `$schema`, and
 * returns one readable line per error (empty when valid). It refuses any `$schema` that
 * @microsoft/app-manifest does not bundle rather than letting the library download it, so
 * validation never touches the network.
 */
export async function validateManifest(manifest: unknown): Promise<string[]> {
  if (!isRecord(manifest)) {
    return ['manifest must be a JSON object'];
  }
  const schemaUrl = manifest['$schema'];
  if (typeof schemaUrl !== 'string') {
    return ['$schema is missing; set it to the official developer.microsoft.com schema URL'];
  }
  if (bundledSchemaPath(schemaUrl) === undefined) {
    return [
      `$schema ${schemaUrl} is not a Teams schema bundled with @microsoft/app-manifest, ` +
        'so it cannot be validated offline',
    ];
  }
  // The schema is exactly what decides whether this object is an AppManifest.
  const errors = await AppManifestUtils.validateAgainstSchema(manifest as unknown as AppManifest);
  return errors.map((e) => e.trim());
}

function readPng(file: string, label: string, problems: string[]): PNG | undefined {
  if (!fs.existsSync(file)) {
    problems.push(`${label}: ${file} does not exist`);
    return undefined;
  }
  try {
    return PNG.sync.read(fs.readFileSync(file));
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    problems.push(`${label}: ${file} is not a readable PNG (${reason})`);
    return undefined;
  }
}

function checkColorIcon(png: PNG, problems: string[]): void {
  if (png.width !== COLOR_ICON_SIZE || png.height !== COLOR_ICON_SIZE) {
    problems.push(
      `${ICON_FILES.color}: must be ${COLOR_ICON_SIZE}x${COLOR_ICON_SIZE} px, is ${png.width}x${png.height}`,
    );
  }
  let semiTransparent = 0;
  for (let i = 3; i < png.data.length; i += 4) {
    const alpha = png.data[i] ?? 0;
    if (alpha !== 0 && alpha !== 255) {
      semiTransparent += 1;
    }
  }
  if (semiTransparent > 0) {
    problems.push(
      `${ICON_FILES.color}: ${semiTransparent} semi-transparent pixel(s); the symbol must sit on a ` +
        'solid or fully transparent background',
    );
  }
}

function checkOutlineIcon(png: PNG, problems: string[]): void {
  const { width, height, data } = png;
  if (width !== OUTLINE_ICON_SIZE || height !== OUTLINE_ICON_SIZE) {
    problems.push(
      `${ICON_FILES.outline}: must be ${OUTLINE_ICON_SIZE}x${OUTLINE_ICON_SIZE} px, is ${width}x${height}`,
    );
  }
  let notWhite = 0;
  let semiTransparent = 0;
  let white = 0;
  let minX = width;
  let minY = height;
  let maxX = -1;
  let maxY = -1;
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const i = (y * width + x) * 4;
      const alpha = data[i + 3] ?? 0;
      if (alpha === 0) {
        continue;
      }
      if (data[i] !== 255 || data[i + 1] !== 255 || data[i + 2] !== 255) {
        notWhite += 1;
      }
      if (alpha !== 255) {
        semiTransparent += 1;
      }
      white += 1;
      minX = Math.min(minX, x);
      minY = Math.min(minY, y);
      maxX = Math.max(maxX, x);
      maxY = Math.max(maxY, y);
    }
  }
  if (notWhite > 0) {
    problems.push(
      `${ICON_FILES.outline}: ${notWhite} visible pixel(s) are not pure white (#FFFFFF); ` +
        'the outline icon must be white on transparent',
    );
  }
  if (semiTransparent > 0) {
    problems.push(
      `${ICON_FILES.outline}: ${semiTransparent} semi-transparent pixel(s); every pixel must be ` +
        'opaque white or fully transparent (alpha 0)',
    );
  }
  if (white === 0) {
    problems.push(`${ICON_FILES.outline}: the icon is empty (no white pixels)`);
    return;
  }
  if (white === width * height) {
    problems.push(`${ICON_FILES.outline}: the icon has no transparent pixels`);
    return;
  }
  const fillsWidth = minX <= OUTLINE_MAX_PADDING && width - 1 - maxX <= OUTLINE_MAX_PADDING;
  const fillsHeight = minY <= OUTLINE_MAX_PADDING && height - 1 - maxY <= OUTLINE_MAX_PADDING;
  if (!fillsWidth && !fillsHeight) {
    problems.push(
      `${ICON_FILES.outline}: the symbol has extra padding (it spans x ${minX}-${maxX}, ` +
        `y ${minY}-${maxY}); it should reach the canvas edges in at least one direction`,
    );
  }
}

/**
 * Checks the two icons in `dir` against the Teams rules and returns one line per problem (empty
 * when both pass): color.png is 192×192 with no semi-transparent pixels, outline.png is 32×32,
 * only opaque #FFFFFF or fully transparent pixels, and without extra padding around the symbol.
 * The stricter "no partial alpha" reading is the one Teams store validation applies.
 */
export function checkIcons(dir: string): string[] {
  const problems: string[] = [];
  const color = readPng(path.join(dir, ICON_FILES.color), ICON_FILES.color, problems);
  if (color) {
    checkColorIcon(color, problems);
  }
  const outline = readPng(path.join(dir, ICON_FILES.outline), ICON_FILES.outline, problems);
  if (outline) {
    checkOutlineIcon(outline, problems);
  }
  return problems;
}

/** The parts of a command that the manifest's `commandLists` carry, and where it is offered. */
export interface ManifestCommand {
  readonly title: string;
  readonly description: string;
  readonly scopes: readonly string[];
}

function describeCommands(commands: readonly { title: string; description: string }[]): string {
  return JSON.stringify(commands.map((c) => ({ title: c.title, description: c.description })));
}

/**
 * Compares the first bot's `scopes` and `commandLists` with the command registry, and returns one
 * line per mismatch. Each scope that has commands needs exactly one list whose commands equal
 * (title, description, order) the registry's commands for that scope; this keeps the Teams command
 * menu and the bot's router from drifting apart.
 */
export function checkCommandLists(
  manifest: unknown,
  commands: readonly ManifestCommand[],
  scopes: readonly string[],
): string[] {
  const bot = isRecord(manifest) ? asArray(manifest['bots'])[0] : undefined;
  if (!isRecord(bot)) {
    return ['bots[0] is missing'];
  }
  const problems: string[] = [];
  const botScopes = asArray(bot['scopes']);
  const missing = scopes.filter((s) => !botScopes.includes(s));
  const extra = botScopes.filter((s) => typeof s !== 'string' || !scopes.includes(s));
  if (missing.length > 0 || extra.length > 0) {
    problems.push(
      `bots[0].scopes must be ${JSON.stringify(scopes)}, is ${JSON.stringify(botScopes)}`,
    );
  }
  const lists = asArray(bot['commandLists']);
  for (const scope of scopes) {
    const expected = commands.filter((c) => c.scopes.includes(scope));
    const matching = lists.filter(
      (l): l is Record<string, unknown> => isRecord(l) && asArray(l['scopes']).includes(scope),
    );
    if (expected.length === 0) {
      if (matching.length > 0) {
        problems.push(`commandLists has a list for ${scope}, but no command is offered there`);
      }
      continue;
    }
    const [list, ...others] = matching;
    if (!list) {
      problems.push(`commandLists has no list for scope ${scope}`);
      continue;
    }
    if (others.length > 0) {
      problems.push(`commandLists has ${matching.length} lists for scope ${scope}; expected one`);
    }
    const actual = asArray(list['commands']);
    const actualText = JSON.stringify(
      actual.map((c: unknown) =>
        isRecord(c) ? { title: c['title'], description: c['description'] } : c,
      ),
    );
    const expectedText = describeCommands(expected);
    if (actualText !== expectedText) {
      problems.push(
        `commandLists for ${scope} do not match src/actions/commands.ts: ` +
          `expected ${expectedText}, found ${actualText}`,
      );
    }
  }
  for (const list of lists) {
    const listScopes: unknown[] = isRecord(list) ? asArray(list['scopes']) : [];
    for (const s of listScopes) {
      if (typeof s !== 'string' || !scopes.includes(s)) {
        problems.push(`commandLists names scope ${JSON.stringify(s)}, which the bot is not in`);
      }
    }
  }
  return problems;
}

/** A menu command with the registry id its catalogue keys (`commands.<id>.title`) use. */
export interface LocalizableCommand extends ManifestCommand {
  readonly id: string;
}

/**
 * One catalogue string in one language, or undefined when that language lacks it (no fallback to
 * English: a language file must not quietly show English).
 */
export type CatalogueLookup = (lang: Language, key: string) => string | undefined;

/** Reads the message catalogue (src/i18n/locales). */
export const catalogueLookup: CatalogueLookup = (lang, key) =>
  hasOwnString(lang, key) ? translator(lang)(key) : undefined;

/**
 * The manifest texts a language file carries besides the command menu, with their Teams limits
 * (the manifest schema's). Each is `manifest.<key>` in the catalogue.
 */
export const LOCALIZED_TEXT_LIMITS = {
  'name.short': 30,
  'name.full': 100,
  'description.short': 80,
  'description.full': 4000,
} as const;

/**
 * Teams limits of a bot command in the command menu: the manifest schema's, stricter than the
 * localization schema's (128 and 4000).
 */
export const COMMAND_TITLE_LIMIT = 32;
/** See {@link COMMAND_TITLE_LIMIT}. */
export const COMMAND_DESCRIPTION_LIMIT = 128;

/** One additional language of the manifest and the language file Teams reads for it. */
export interface LanguageFile {
  /** The `localizationInfo` language tag, e.g. "de". */
  readonly languageTag: string;
  /** The file name, at the package root, e.g. "de.json". */
  readonly file: string;
  /** The bot language whose catalogue strings fill it. */
  readonly lang: Language;
  /** The file's content: `$schema`, the name and description, the command menu. */
  readonly content: Record<string, string>;
}

/** The language files generated from the catalogue, and what stopped any of them being right. */
export interface LanguageFilesResult {
  readonly files: LanguageFile[];
  readonly problems: string[];
}

/**
 * The URL of the localization schema of the manifest's own schema version (Teams requires the
 * manifest and its language files to have the same version), or undefined for a `$schema` that
 * is not the official one.
 */
export function localizationSchemaUrl(manifest: Record<string, unknown>): string | undefined {
  const schemaUrl = manifest['$schema'];
  if (typeof schemaUrl !== 'string' || !SCHEMA_URL_PATTERN.test(schemaUrl)) return undefined;
  return schemaUrl.replace(
    /MicrosoftTeams\.schema\.json$/i,
    'MicrosoftTeams.Localization.schema.json',
  );
}

/** A language file name Teams accepts at the package root: a plain `<name>.json`. */
const LANGUAGE_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*\.json$/;

/**
 * The additional languages `localizationInfo` declares, each mapped to the bot language it is
 * for, with one line per problem: no `localizationInfo`, a default language that is not English
 * (manifest.json's strings are), a tag the bot does not speak or that repeats, a file name that is
 * not flat or repeats, and a language the bot speaks that has no file.
 */
export function declaredLanguages(manifest: Record<string, unknown>): {
  languages: Omit<LanguageFile, 'content'>[];
  problems: string[];
} {
  const info = manifest['localizationInfo'];
  if (!isRecord(info)) {
    return { languages: [], problems: ['localizationInfo is missing'] };
  }
  const problems: string[] = [];
  if (languageFromLocale(info['defaultLanguageTag']) !== 'en') {
    problems.push(
      `localizationInfo.defaultLanguageTag must be English (manifest.json holds the English ` +
        `strings), is ${JSON.stringify(info['defaultLanguageTag'])}`,
    );
  }
  const languages: Omit<LanguageFile, 'content'>[] = [];
  const seenFiles = new Set<string>(['manifest.json', ICON_FILES.color, ICON_FILES.outline]);
  asArray(info['additionalLanguages']).forEach((entry, i) => {
    const where = `localizationInfo.additionalLanguages[${i}]`;
    const languageTag = isRecord(entry) ? entry['languageTag'] : undefined;
    const file = isRecord(entry) ? entry['file'] : undefined;
    const lang = languageFromLocale(languageTag);
    if (typeof languageTag !== 'string' || lang === undefined || lang === 'en') {
      problems.push(
        `${where}.languageTag ${JSON.stringify(languageTag)} is not a language the bot translates`,
      );
      return;
    }
    if (languages.some((l) => l.lang === lang)) {
      problems.push(`${where}: ${lang} is listed more than once`);
      return;
    }
    if (typeof file !== 'string' || !LANGUAGE_FILE_NAME.test(file) || seenFiles.has(file)) {
      problems.push(
        `${where}.file ${JSON.stringify(file)} must be a new <name>.json at the package root`,
      );
      return;
    }
    seenFiles.add(file);
    languages.push({ languageTag, file, lang });
  });
  if (info['defaultLanguageFile'] !== undefined) {
    problems.push(
      'localizationInfo.defaultLanguageFile is not used: English stays in manifest.json',
    );
  }
  for (const lang of LANGUAGES) {
    if (lang !== 'en' && !languages.some((l) => l.lang === lang)) {
      problems.push(`localizationInfo has no language file for ${lang}`);
    }
  }
  return { languages, problems };
}

/**
 * Generates one language file from the catalogue, in Microsoft's localization format: the
 * `$schema` of the manifest's version, `name.*` and `description.*` from the `manifest` area, and
 * `bots[0].commandLists[i].commands[j].title|description` from the `commands` area, found through
 * the command each English menu entry is. Reports strings the language lacks (they would show in
 * English) and commands the registry does not know.
 */
export function buildLanguageFile(
  manifest: Record<string, unknown>,
  lang: Language,
  commands: readonly LocalizableCommand[],
  lookup: CatalogueLookup = catalogueLookup,
): { content: Record<string, string>; problems: string[] } {
  const problems: string[] = [];
  const text = (key: string): string => {
    const own = lookup(lang, key);
    if (own !== undefined) return own;
    problems.push(`${lang}: ${key} is not translated`);
    return lookup('en', key) ?? key;
  };
  const content: Record<string, string> = {};
  const schemaUrl = localizationSchemaUrl(manifest);
  if (schemaUrl === undefined) {
    problems.push('the manifest $schema is not an official Teams schema URL');
  } else {
    content['$schema'] = schemaUrl;
  }
  for (const key of Object.keys(LOCALIZED_TEXT_LIMITS)) {
    content[key] = text(`manifest.${key}`);
  }
  const bot = asArray(manifest['bots'])[0];
  asArray(isRecord(bot) ? bot['commandLists'] : undefined).forEach((list, i) => {
    asArray(isRecord(list) ? list['commands'] : undefined).forEach((command, j) => {
      const title = isRecord(command) ? command['title'] : undefined;
      const spec = commands.find((c) => c.title === title);
      const at = `bots[0].commandLists[${i}].commands[${j}]`;
      if (!spec) {
        problems.push(`${at}: ${JSON.stringify(title)} is not a command of the registry`);
        return;
      }
      content[`${at}.title`] = text(`commands.${spec.id}.title`);
      content[`${at}.description`] = text(`commands.${spec.id}.description`);
    });
  });
  return { content, problems };
}

/** Every language file `localizationInfo` declares, generated from the catalogue. */
export function buildLanguageFiles(
  manifest: Record<string, unknown>,
  commands: readonly LocalizableCommand[],
  lookup: CatalogueLookup = catalogueLookup,
): LanguageFilesResult {
  const { languages, problems } = declaredLanguages(manifest);
  const files = languages.map((l) => {
    const built = buildLanguageFile(manifest, l.lang, commands, lookup);
    problems.push(...built.problems);
    return { ...l, content: built.content };
  });
  return { files, problems };
}

/** The text of a language file as it is committed and packaged (two-space JSON, final newline). */
export function languageFileText(content: Record<string, string>): string {
  return `${JSON.stringify(content, null, 2)}\n`;
}

/**
 * A regular expression source with each `]` that closes no character class escaped. Without the
 * `u` flag such a `]` is a literal, so the meaning is unchanged; with it (which Ajv uses) it is a
 * syntax error.
 */
export function escapeLoneBrackets(source: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i += 1) {
    const ch = source[i] ?? '';
    if (ch === '\\') {
      out += ch + (source[i + 1] ?? '');
      i += 1;
    } else if (ch === '[' && !inClass) {
      inClass = true;
      out += ch;
    } else if (ch === ']') {
      out += inClass ? ch : '\\]';
      inClass = false;
    } else {
      out += ch;
    }
  }
  return out;
}

/**
 * A copy of a JSON schema whose regular expressions (`pattern`, `patternProperties` keys) compile
 * with the `u` flag. The official localization schema writes `\\b]` in two `activities` keys,
 * which Ajv refuses to compile; @microsoft/app-manifest works around other such slips
 * (`\\a`, `\\v`) the same way when it loads a schema.
 */
function unicodeSafePatterns(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(unicodeSafePatterns);
  if (!isRecord(node)) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'patternProperties' && isRecord(value)) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([p, v]) => [escapeLoneBrackets(p), unicodeSafePatterns(v)]),
      );
    } else if (key === 'pattern' && typeof value === 'string') {
      out[key] = escapeLoneBrackets(value);
    } else {
      out[key] = unicodeSafePatterns(value);
    }
  }
  return out;
}

/**
 * Validates a language file against the official Teams localization schema its `$schema` names,
 * from the copy bundled in @microsoft/app-manifest (never downloaded), and returns one readable
 * line per error (empty when valid).
 */
export async function validateLanguageFile(content: unknown): Promise<string[]> {
  if (!isRecord(content)) {
    return ['a language file must be a JSON object'];
  }
  const schemaUrl = content['$schema'];
  const schemaFile =
    typeof schemaUrl === 'string'
      ? bundledSchemaPath(
          schemaUrl,
          LOCALIZATION_SCHEMA_URL_PATTERN,
          'MicrosoftTeams.Localization.schema.json',
        )
      : undefined;
  if (schemaFile === undefined) {
    return [
      `$schema ${JSON.stringify(schemaUrl)} is not a Teams localization schema bundled with ` +
        '@microsoft/app-manifest, so it cannot be validated offline',
    ];
  }
  type Schema = Parameters<typeof AppManifestUtils.validateAgainstSchema>[1];
  const schema = unicodeSafePatterns(JSON.parse(fs.readFileSync(schemaFile, 'utf8'))) as Schema;
  // The localization schema decides what a language file may hold; the validator is the one the
  // manifest itself goes through.
  const errors = await AppManifestUtils.validateAgainstSchema(
    content as unknown as AppManifest,
    schema,
  );
  return errors.map((e) => e.trim());
}

/**
 * Checks one language file's strings against the Teams limits of what they stand for (the
 * localization schema allows more for command titles and descriptions than the command menu
 * shows) and that it has every command of the manifest's menu, in order.
 */
export function checkLanguageFileContent(
  manifest: Record<string, unknown>,
  file: string,
  content: Record<string, unknown>,
): string[] {
  const problems: string[] = [];
  const tooLong = (key: string, limit: number): void => {
    const value = content[key];
    if (typeof value !== 'string' || value.trim() === '') {
      problems.push(`${file}: ${key} is missing`);
    } else if (value.length > limit) {
      problems.push(`${file}: ${key} is ${value.length} characters, more than ${limit}`);
    }
  };
  for (const [key, limit] of Object.entries(LOCALIZED_TEXT_LIMITS)) tooLong(key, limit);
  const expected: string[] = [];
  const bot = asArray(manifest['bots'])[0];
  asArray(isRecord(bot) ? bot['commandLists'] : undefined).forEach((list, i) => {
    asArray(isRecord(list) ? list['commands'] : undefined).forEach((_, j) => {
      const at = `bots[0].commandLists[${i}].commands[${j}]`;
      expected.push(`${at}.title`, `${at}.description`);
      tooLong(`${at}.title`, COMMAND_TITLE_LIMIT);
      tooLong(`${at}.description`, COMMAND_DESCRIPTION_LIMIT);
    });
  });
  const actual = Object.keys(content).filter((k) => k.startsWith('bots['));
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    problems.push(
      `${file}: the command menu keys must be ${JSON.stringify(expected)}, are ${JSON.stringify(actual)}`,
    );
  }
  return problems;
}

/** What {@link checkLocalization} needs besides the manifest. */
export interface LocalizationCheckOptions {
  /** The menu commands (MENU_COMMANDS from src/actions/commands.ts). */
  commands: readonly LocalizableCommand[];
  /** Folder holding the committed language files (manifest/). */
  manifestDir: string;
  /** Where strings come from; the message catalogue unless a test says otherwise. */
  lookup?: CatalogueLookup;
}

/** The command that rewrites manifest/<lang>.json from the catalogue. */
export const UPDATE_LOCALIZATION_COMMAND = 'npm run package -- --update-localization';

/**
 * Runs every localization check and returns one line per problem: `localizationInfo` declares a
 * file for each language the bot speaks; manifest.json's English name and description are the
 * catalogue's; each language file, as generated from the catalogue, is complete, passes the
 * official localization schema and the Teams limits; and the committed file in `manifestDir`
 * is exactly that (else it names the command that rewrites it).
 */
export async function checkLocalization(
  manifest: Record<string, unknown>,
  options: LocalizationCheckOptions,
): Promise<string[]> {
  const lookup = options.lookup ?? catalogueLookup;
  const { files, problems } = buildLanguageFiles(manifest, options.commands, lookup);
  for (const key of Object.keys(LOCALIZED_TEXT_LIMITS)) {
    const [field = '', part = ''] = key.split('.');
    const group = manifest[field];
    const english = isRecord(group) ? group[part] : undefined;
    if (english !== lookup('en', `manifest.${key}`)) {
      problems.push(
        `manifest.json ${key} differs from the catalogue's manifest.${key} ` +
          '(src/i18n/locales/en/manifest.json)',
      );
    }
  }
  for (const { file, content } of files) {
    problems.push(...(await validateLanguageFile(content)).map((e) => `${file}: schema: ${e}`));
    problems.push(...checkLanguageFileContent(manifest, file, content));
    const committed = path.join(options.manifestDir, file);
    const text = fs.existsSync(committed) ? fs.readFileSync(committed, 'utf8') : undefined;
    let same = false;
    try {
      same = text !== undefined && JSON.stringify(JSON.parse(text)) === JSON.stringify(content);
    } catch {
      same = false;
    }
    if (!same) {
      problems.push(
        `${file}: ${committed} ${text === undefined ? 'is missing' : 'differs from the catalogue'}; ` +
          `run \`${UPDATE_LOCALIZATION_COMMAND}\``,
      );
    }
  }
  return problems;
}

/** Everything {@link checkAppPackage} needs besides the manifest. */
export interface AppPackageCheckOptions {
  /** The manifest folder: color.png, outline.png and the language files. */
  iconDir: string;
  /** The menu commands (MENU_COMMANDS from src/actions/commands.ts). */
  commands: readonly LocalizableCommand[];
  /** Scopes the bot is installed in (SCOPES from src/actions/commands.ts). */
  scopes: readonly string[];
  /** Where language file strings come from; the message catalogue unless a test says otherwise. */
  lookup?: CatalogueLookup;
}

/**
 * Runs every package check (schema, icons, command lists, icon file names, language files) and
 * returns the problems, each prefixed with the check that found it. Empty means the package may
 * be written.
 */
export async function checkAppPackage(
  manifest: Record<string, unknown>,
  options: AppPackageCheckOptions,
): Promise<string[]> {
  const schema = (await validateManifest(manifest)).map((p) => `schema: ${p}`);
  const icons = checkIcons(options.iconDir).map((p) => `icons: ${p}`);
  const commandLists = checkCommandLists(manifest, options.commands, options.scopes).map(
    (p) => `commands: ${p}`,
  );
  const iconNames: string[] = [];
  const declared = manifest['icons'];
  if (
    !isRecord(declared) ||
    declared['color'] !== ICON_FILES.color ||
    declared['outline'] !== ICON_FILES.outline
  ) {
    iconNames.push(
      `icons: manifest icons must be ${JSON.stringify(ICON_FILES)} (files at the package root)`,
    );
  }
  const localization = (
    await checkLocalization(manifest, {
      commands: options.commands,
      manifestDir: options.iconDir,
      lookup: options.lookup,
    })
  ).map((p) => `localization: ${p}`);
  return [...schema, ...icons, ...iconNames, ...commandLists, ...localization];
}

/** Names of every entry of the package of this manifest, in the order they are written. */
export function packageEntries(manifest: Record<string, unknown>): string[] {
  return [...PACKAGE_ENTRIES, ...declaredLanguages(manifest).languages.map((l) => l.file)];
}

/** Fixed timestamp for zip entries, so the same inputs always produce byte-identical packages. */
const ZIP_ENTRY_MTIME = new Date('2020-01-01T00:00:00Z');

/**
 * Writes the Teams app package: a flat zip with manifest.json, color.png, outline.png and the
 * language files `localizationInfo` names (from `iconDir`, the manifest folder) at its root and
 * no folder entries, which is the only layout Teams accepts on upload. Creates the output folder
 * when needed and resolves once the file is fully written. Throws when a declared language file
 * is missing (a package without it fails to upload).
 */
export async function writeAppPackage(
  outFile: string,
  manifest: Record<string, unknown>,
  iconDir: string,
): Promise<void> {
  const zip = new ZipFile();
  const options = { mtime: ZIP_ENTRY_MTIME, mode: 0o100644 };
  zip.addBuffer(
    Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8'),
    'manifest.json',
    options,
  );
  for (const name of packageEntries(manifest).slice(1)) {
    const file = path.join(iconDir, name);
    if (!fs.existsSync(file)) {
      throw new AppError(
        'config_invalid',
        `Cannot write the Teams app package: ${file} is missing.`,
      );
    }
    zip.addBuffer(fs.readFileSync(file), name, options);
  }
  await fs.promises.mkdir(path.dirname(outFile), { recursive: true });
  const written = pipeline(zip.outputStream, fs.createWriteStream(outFile));
  zip.end();
  await written;
}

/**
 * Rewrites the committed language files in `manifestDir` from the catalogue and returns the paths
 * written. Throws, writing nothing, when the catalogue cannot give a complete, valid file.
 */
export async function writeLanguageFiles(
  manifest: Record<string, unknown>,
  commands: readonly LocalizableCommand[],
  manifestDir: string,
  lookup: CatalogueLookup = catalogueLookup,
): Promise<string[]> {
  const { files, problems } = buildLanguageFiles(manifest, commands, lookup);
  for (const { file, content } of files) {
    problems.push(...(await validateLanguageFile(content)).map((e) => `${file}: schema: ${e}`));
    problems.push(...checkLanguageFileContent(manifest, file, content));
  }
  if (problems.length > 0) {
    throw new AppError(
      'config_invalid',
      `Cannot write the language files: ${problems.join('; ')}.`,
    );
  }
  const written: string[] = [];
  for (const { file, content } of files) {
    const target = path.join(manifestDir, file);
    await fs.promises.writeFile(target, languageFileText(content), 'utf8');
    written.push(target);
  }
  return written;
}
