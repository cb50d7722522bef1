import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

import { PNG } from 'pngjs';

import { MENU_COMMANDS, SCOPES, commandsForScope } from '../../../src/actions/commands';
import {
  PACKAGE_ENTRIES,
  PLACEHOLDER_BOT_ID,
  PLACEHOLDER_NAMES,
  buildManifest,
  checkAppPackage,
  checkCommandLists,
  checkIcons,
  manifestValuesFromConfig,
  packageEntries,
  validateManifest,
  writeAppPackage,
  type ManifestValues,
} from '../../../src/app-package/build-manifest';
import type { AppPackageConfig } from '../../../src/config/env';

// @microsoft/app-manifest require()s strip-bom 5 (ESM only); jest.config.js maps it to a CommonJS
// stand-in in test/support/strip-bom-cjs.js.

const MANIFEST_DIR = path.resolve(__dirname, '../../../manifest');
const TEMPLATE_TEXT = fs.readFileSync(path.join(MANIFEST_DIR, 'manifest.json'), 'utf8');

const CONFIG: AppPackageConfig = {
  teamsAppId: '5f0c7a52-3a4e-4b8e-9f6b-2d7c1e9a4b10',
  botId: '3d6f1b2a-8c4e-4f7a-9b1d-2e5c7a9f0b13',
  publisherName: 'Contoso IT',
  websiteUrl: 'https://www.contoso.com/it',
  privacyUrl: 'https://www.contoso.com/it/privacy',
  termsUrl: 'https://www.contoso.com/it/terms',
};

function template(): Record<string, unknown> {
  return JSON.parse(TEMPLATE_TEXT) as Record<string, unknown>;
}

function values(overrides: Partial<Record<string, string>> = {}): ManifestValues {
  return { ...manifestValuesFromConfig(CONFIG).values, ...overrides };
}

function filled(): Record<string, unknown> {
  return buildManifest(template(), values());
}

/** Narrows a nested JSON value to an object, failing the test when it is not one. */
function obj(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`expected an object, got ${JSON.stringify(value)}`);
  }
  return value as Record<string, unknown>;
}

function arr(value: unknown): unknown[] {
  if (!Array.isArray(value)) {
    throw new Error(`expected an array, got ${JSON.stringify(value)}`);
  }
  return value;
}

function firstBot(manifest: Record<string, unknown>): Record<string, unknown> {
  return obj(arr(manifest['bots'])[0]);
}

function readPng(name: string): PNG {
  return PNG.sync.read(fs.readFileSync(path.join(MANIFEST_DIR, name)));
}

interface ZipEntry {
  name: string;
  data: Buffer;
}

/** Reads a zip's entries through its central directory (enough of APPNOTE for yazl's output). */
function readZip(file: string): ZipEntry[] {
  const buf = fs.readFileSync(file);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i -= 1) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) {
    throw new Error('no end-of-central-directory record');
  }
  const count = buf.readUInt16LE(eocd + 10);
  let offset = buf.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n += 1) {
    expect(buf.readUInt32LE(offset)).toBe(0x02014b50);
    const method = buf.readUInt16LE(offset + 10);
    const compressedSize = buf.readUInt32LE(offset + 20);
    const nameLength = buf.readUInt16LE(offset + 28);
    const extraLength = buf.readUInt16LE(offset + 30);
    const commentLength = buf.readUInt16LE(offset + 32);
    const localOffset = buf.readUInt32LE(offset + 42);
    const name = buf.toString('utf8', offset + 46, offset + 46 + nameLength);

    expect(buf.readUInt32LE(localOffset)).toBe(0x04034b50);
    const dataStart =
      localOffset + 30 + buf.readUInt16LE(localOffset + 26) + buf.readUInt16LE(localOffset + 28);
    const raw = buf.subarray(dataStart, dataStart + compressedSize);
    const data = method === 8 ? zlib.inflateRawSync(raw) : Buffer.from(raw);
    entries.push({ name, data });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

describe('manifest template', () => {
  it('uses every known placeholder and no other', () => {
    const used = [...TEMPLATE_TEXT.matchAll(/\$\{\{([^}]*)\}\}/g)].map((m) => m[1]);
    expect(new Set(used)).toEqual(new Set(PLACEHOLDER_NAMES));
  });

  it('names its schema with the official developer.microsoft.com URL for its manifestVersion', () => {
    const t = template();
    const version = String(t['manifestVersion']);
    expect(t['$schema']).toBe(
      `https://developer.microsoft.com/json-schemas/teams/v${version}/MicrosoftTeams.schema.json`,
    );
  });
});

describe('buildManifest', () => {
  it('fills every ${{…}} placeholder from the values', () => {
    const manifest = filled();
    const text = JSON.stringify(manifest);
    expect(text).not.toContain('${{');
    expect(manifest['id']).toBe(CONFIG.teamsAppId);
    expect(firstBot(manifest)['botId']).toBe(CONFIG.botId);
    expect(manifest['developer']).toEqual({
      name: CONFIG.publisherName,
      websiteUrl: CONFIG.websiteUrl,
      privacyUrl: CONFIG.privacyUrl,
      termsOfUseUrl: CONFIG.termsUrl,
    });
  });

  it('does not modify the template it is given', () => {
    const t = template();
    buildManifest(t, values());
    expect(t).toEqual(template());
  });

  it('throws naming an unknown placeholder', () => {
    const t = template();
    obj(t['name'])['full'] = 'Enrollment Assistant ${{APP_SUFFIX}}';
    expect(() => buildManifest(t, values())).toThrow(/unknown placeholder.*\$\{\{APP_SUFFIX\}\}/);
  });

  it('throws naming a placeholder left without a value', () => {
    expect(() => buildManifest(template(), values({ BOT_ID: '' }))).toThrow(
      /no value for placeholder.*\$\{\{BOT_ID\}\}/,
    );
    const missing: Record<string, string> = { ...values() };
    delete missing['TERMS_URL'];
    expect(() => buildManifest(template(), missing as ManifestValues)).toThrow(/TERMS_URL/);
  });

  it('throws on a malformed placeholder', () => {
    const t = template();
    obj(t['name'])['full'] = 'Enrollment Assistant ${{BOT_ID';
    expect(() => buildManifest(t, values())).toThrow(/malformed placeholder/);
  });
});

describe('manifestValuesFromConfig', () => {
  it('uses MicrosoftAppId as the bot id without warnings', () => {
    const { values: v, warnings } = manifestValuesFromConfig(CONFIG);
    expect(v.BOT_ID).toBe(CONFIG.botId);
    expect(v.TEAMS_APP_ID).toBe(CONFIG.teamsAppId);
    expect(warnings).toEqual([]);
  });

  it('falls back to the nil GUID and warns in local anonymous mode', () => {
    const { values: v, warnings } = manifestValuesFromConfig({ ...CONFIG, botId: undefined });
    expect(v.BOT_ID).toBe(PLACEHOLDER_BOT_ID);
    expect(PLACEHOLDER_BOT_ID).toBe('00000000-0000-0000-0000-000000000000');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/MicrosoftAppId/);
    expect(warnings[0]).toMatch(/cannot be installed/);
  });
});

describe('validateManifest (offline, official schema)', () => {
  it('reports no errors for the filled manifest', async () => {
    await expect(validateManifest(filled())).resolves.toEqual([]);
  });

  it('reports no errors with the placeholder bot id either', async () => {
    const { values: v } = manifestValuesFromConfig({ ...CONFIG, botId: undefined });
    await expect(validateManifest(buildManifest(template(), v))).resolves.toEqual([]);
  });

  it('reports a missing bots[0].botId', async () => {
    const manifest = filled();
    delete firstBot(manifest)['botId'];
    const errors = await validateManifest(manifest);
    expect(errors.some((e) => e.startsWith('/bots/0') && e.includes('botId'))).toBe(true);
  });

  it('reports a short name over 30 characters', async () => {
    const manifest = filled();
    obj(manifest['name'])['short'] = 'Enrollment Assistant for Intune';
    const errors = await validateManifest(manifest);
    expect(errors.some((e) => e.startsWith('/name/short'))).toBe(true);
  });

  it('reports an unknown bot scope', async () => {
    const manifest = filled();
    firstBot(manifest)['scopes'] = ['personal', 'channel'];
    const errors = await validateManifest(manifest);
    expect(errors.some((e) => e.startsWith('/bots/0/scopes/1'))).toBe(true);
  });

  it('refuses a $schema it cannot validate offline instead of downloading it', async () => {
    const manifest = { ...filled(), $schema: 'https://example.com/teams/schema.json' };
    const errors = await validateManifest(manifest);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/cannot be validated offline/);
  });
});

describe('command lists', () => {
  it('declare the bot in exactly the registry scopes', () => {
    expect(firstBot(filled())['scopes']).toEqual([...SCOPES]);
  });

  it.each(SCOPES)('list the registry commands for %s (titles and descriptions)', (scope) => {
    const lists = arr(firstBot(filled())['commandLists']).map(obj);
    const forScope = lists.filter((l) => arr(l['scopes']).includes(scope));
    expect(forScope).toHaveLength(1);
    expect(forScope[0]?.['scopes']).toEqual([scope]);
    expect(forScope[0]?.['commands']).toEqual(
      commandsForScope(scope).map((c) => ({ title: c.title, description: c.description })),
    );
  });

  it('pass checkCommandLists, which reports drift from the registry', () => {
    expect(checkCommandLists(filled(), MENU_COMMANDS, SCOPES)).toEqual([]);
    const drifted = filled();
    const list = obj(arr(firstBot(drifted)['commandLists'])[1]);
    list['commands'] = [{ title: 'help', description: 'Something else' }];
    const problems = checkCommandLists(drifted, MENU_COMMANDS, SCOPES);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/commandLists for team do not match/);
  });
});

describe('icons', () => {
  it('are exactly 192×192 (colour) and 32×32 (outline)', () => {
    const color = readPng('color.png');
    const outline = readPng('outline.png');
    expect([color.width, color.height]).toEqual([192, 192]);
    expect([outline.width, outline.height]).toEqual([32, 32]);
  });

  it('colour icon is fully opaque', () => {
    const { data } = readPng('color.png');
    let notOpaque = 0;
    for (let i = 3; i < data.length; i += 4) {
      if (data[i] !== 255) {
        notOpaque += 1;
      }
    }
    expect(notOpaque).toBe(0);
  });

  it('outline icon is white on transparent: each pixel is alpha 0 or opaque #FFFFFF', () => {
    const { data } = readPng('outline.png');
    let white = 0;
    let transparent = 0;
    const other: string[] = [];
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b, a] = [data[i], data[i + 1], data[i + 2], data[i + 3]];
      if (a === 0) {
        transparent += 1;
      } else if (r === 255 && g === 255 && b === 255 && a === 255) {
        white += 1;
      } else {
        other.push(`pixel ${i / 4}: rgba(${r}, ${g}, ${b}, ${a})`);
      }
    }
    expect(other).toEqual([]);
    expect(white).toBeGreaterThan(0);
    expect(transparent).toBeGreaterThan(0);
  });

  it('pass checkIcons', () => {
    expect(checkIcons(MANIFEST_DIR)).toEqual([]);
  });

  it('checkIcons reports wrong sizes, colours, partial alpha and missing files', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'icons-'));
    try {
      const small = new PNG({ width: 100, height: 100 });
      small.data.fill(255);
      fs.writeFileSync(path.join(dir, 'color.png'), PNG.sync.write(small));
      expect(checkIcons(dir)).toEqual([
        'color.png: must be 192x192 px, is 100x100',
        expect.stringMatching(/^outline\.png: .* does not exist$/),
      ]);

      const outline = new PNG({ width: 32, height: 32 });
      outline.data.fill(0);
      outline.data.set([255, 0, 0, 255], 0);
      outline.data.set([255, 255, 255, 128], 4);
      fs.writeFileSync(path.join(dir, 'outline.png'), PNG.sync.write(outline));
      const problems = checkIcons(dir).filter((p) => p.startsWith('outline.png'));
      expect(problems).toEqual([
        expect.stringMatching(/not pure white/),
        expect.stringMatching(/semi-transparent/),
        expect.stringMatching(/extra padding/),
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('app package', () => {
  it('passes every package check', async () => {
    await expect(
      checkAppPackage(filled(), { iconDir: MANIFEST_DIR, commands: MENU_COMMANDS, scopes: SCOPES }),
    ).resolves.toEqual([]);
  });

  it('is a flat zip with exactly manifest.json, color.png, outline.png and the language files', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'app-package-'));
    try {
      const outFile = path.join(dir, 'nested', 'appPackage.zip');
      const manifest = filled();
      await writeAppPackage(outFile, manifest, MANIFEST_DIR);

      const entries = readZip(outFile);
      expect(entries.map((e) => e.name)).toEqual(packageEntries(manifest));
      expect(entries.map((e) => e.name).slice(0, 3)).toEqual([...PACKAGE_ENTRIES]);
      expect(entries.map((e) => e.name).sort()).toEqual([
        'color.png',
        'de.json',
        'es.json',
        'fr.json',
        'ja.json',
        'manifest.json',
        'outline.png',
      ]);
      for (const entry of entries) {
        expect(entry.name).not.toMatch(/[/\\]/);
      }
      const byName = new Map(entries.map((e) => [e.name, e.data]));
      expect(JSON.parse(byName.get('manifest.json')?.toString('utf8') ?? '')).toEqual(manifest);
      expect(
        byName.get('color.png')?.equals(fs.readFileSync(path.join(MANIFEST_DIR, 'color.png'))),
      ).toBe(true);
      expect(
        byName.get('outline.png')?.equals(fs.readFileSync(path.join(MANIFEST_DIR, 'outline.png'))),
      ).toBe(true);
      // Every language file localizationInfo names is in the package, as committed.
      const info = obj(manifest['localizationInfo']);
      const files = arr(info['additionalLanguages']).map((l) => String(obj(l)['file']));
      expect(files).toHaveLength(4);
      for (const file of files) {
        expect({
          file,
          same: byName.get(file)?.equals(fs.readFileSync(path.join(MANIFEST_DIR, file))),
        }).toEqual({ file, same: true });
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is not written when a language file localizationInfo names is missing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'app-package-'));
    try {
      for (const name of ['color.png', 'outline.png', 'de.json', 'fr.json', 'es.json']) {
        fs.copyFileSync(path.join(MANIFEST_DIR, name), path.join(dir, name));
      }
      const outFile = path.join(dir, 'appPackage.zip');
      await expect(writeAppPackage(outFile, filled(), dir)).rejects.toThrow(/ja\.json is missing/);
      expect(fs.existsSync(outFile)).toBe(false);
      const problems = await checkAppPackage(filled(), {
        iconDir: dir,
        commands: MENU_COMMANDS,
        scopes: SCOPES,
      });
      expect(problems).toEqual([
        expect.stringMatching(
          /^localization: ja\.json: .* is missing; run `npm run package -- --update-localization`$/,
        ),
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
