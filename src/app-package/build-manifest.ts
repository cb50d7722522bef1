/**
 * Builds, checks and zips the Teams app package from manifest/manifest.json and its two icons.
 * Everything here runs offline (schema validation uses the schemas bundled in
 * @microsoft/app-manifest) and imports nothing from botbuilder, so CI can package without Azure.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

import { AppManifestUtils, type AppManifest } from '@microsoft/app-manifest';
import { PNG } from 'pngjs';
import { ZipFile } from 'yazl';

import type { AppPackageConfig } from '../config/env';
import { AppError } from '../errors';

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

/** Names of the entries of the app package zip, in the order they are written. */
export const PACKAGE_ENTRIES = ['manifest.json', ICON_FILES.color, ICON_FILES.outline] as const;

const COLOR_ICON_SIZE = 192;
const OUTLINE_ICON_SIZE = 32;
/** Largest gap (px) allowed between the outline symbol and the canvas edge ("no extra padding"). */
const OUTLINE_MAX_PADDING = 2;

const PLACEHOLDER_PATTERN = /\$\{\{\s*([^}]*?)\s*\}\}/g;
const SCHEMA_URL_PATTERN =
  /^https:\/\/developer\.microsoft\.com\/(?:[a-z]{2}(?:-[a-z]{2})?\/)?json-schemas\/teams\/(v[0-9.]+|vDevPreview)\/MicrosoftTeams\.schema\.json$/i;

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

function bundledSchemaPath(schemaUrl: string): string | undefined {
  const version = SCHEMA_URL_PATTERN.exec(schemaUrl)?.[1];
  if (version === undefined) {
    return undefined;
  }
  const packageDir = path.dirname(require.resolve('@microsoft/app-manifest/package.json'));
  const file = path.join(
    packageDir,
    'build',
    'json-schemas',
    'teams',
    version,
    'MicrosoftTeams.schema.json',
  );
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
        `commandLists for ${scope} do not match src/bot/commands.ts: ` +
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

/** Everything {@link checkAppPackage} needs besides the manifest. */
export interface AppPackageCheckOptions {
  /** Folder holding color.png and outline.png. */
  iconDir: string;
  /** The command registry (COMMANDS from src/bot/commands.ts). */
  commands: readonly ManifestCommand[];
  /** Scopes the bot is installed in (SCOPES from src/bot/commands.ts). */
  scopes: readonly string[];
}

/**
 * Runs every package check (schema, icons, command lists, icon file names) and returns the
 * problems, each prefixed with the check that found it. Empty means the package may be written.
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
  return [...schema, ...icons, ...iconNames, ...commandLists];
}

/** Fixed timestamp for zip entries, so the same inputs always produce byte-identical packages. */
const ZIP_ENTRY_MTIME = new Date('2020-01-01T00:00:00Z');

/**
 * Writes the Teams app package: a flat zip with manifest.json, color.png and outline.png at its
 * root and no folder entries, which is the only layout Teams accepts on upload. Creates the
 * output folder when needed and resolves once the file is fully written.
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
  for (const name of [ICON_FILES.color, ICON_FILES.outline]) {
    zip.addBuffer(fs.readFileSync(path.join(iconDir, name)), name, options);
  }
  await fs.promises.mkdir(path.dirname(outFile), { recursive: true });
  const written = pipeline(zip.outputStream, fs.createWriteStream(outFile));
  zip.end();
  await written;
}
