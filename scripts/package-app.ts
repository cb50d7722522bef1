/**
 * Builds the Teams app package: `npm run package` (`npx tsx scripts/package-app.ts`).
 *
 * Reads settings through loadConfig() (real environment over `.env`), fills manifest/manifest.json,
 * validates it offline (Teams JSON schema, icon rules, command lists against
 * src/actions/commands.ts, and the language files manifest/de.json… against the Teams localization
 * schema and the message catalogue) and writes build/appPackage.zip with the language files beside
 * manifest.json. Any problem is listed and the exit code is 1, so CI can gate on it. With no
 * configuration at all it still succeeds, using a placeholder bot id and a warning.
 *
 * `npm run package -- --update-localization` first rewrites manifest/<lang>.json from the catalogue
 * (src/i18n/locales/<lang>/manifest.json and commands.json); run it after changing those strings.
 */
import fs from 'node:fs';
import path from 'node:path';

import { MENU_COMMANDS, SCOPES } from '../src/actions/commands';
import {
  buildManifest,
  checkAppPackage,
  manifestValuesFromConfig,
  writeAppPackage,
  writeLanguageFiles,
} from '../src/app-package/build-manifest';
import { loadAppPackageConfig, type Config } from '../src/config/env';
import { ConfigError } from '../src/errors';

const ROOT = path.resolve(__dirname, '..');
const MANIFEST_DIR = path.join(ROOT, 'manifest');
const OUT_FILE = path.join(ROOT, 'build', 'appPackage.zip');

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

function err(line: string): void {
  process.stderr.write(`${line}\n`);
}

function display(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') ? file : relative;
}

/**
 * The app package settings (the app id, never a secret), printing a ConfigError's variable list
 * instead of a stack trace.
 */
function loadConfigOrReport(): Config['appPackage'] | undefined {
  try {
    return loadAppPackageConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      err(e.message);
      return undefined;
    }
    throw e;
  }
}

async function main(): Promise<number> {
  const templatePath = path.join(MANIFEST_DIR, 'manifest.json');
  const template: unknown = JSON.parse(await fs.promises.readFile(templatePath, 'utf8'));

  if (process.argv.slice(2).includes('--update-localization')) {
    if (typeof template !== 'object' || template === null || Array.isArray(template)) {
      err(`${display(templatePath)} is not a JSON object.`);
      return 1;
    }
    // The language files hold no placeholders: the template gives them as well as a filled manifest.
    const written = await writeLanguageFiles(
      template as Record<string, unknown>,
      MENU_COMMANDS,
      MANIFEST_DIR,
    );
    out(`Wrote ${written.map(display).join(', ')} from the message catalogue.`);
  }

  const config = loadConfigOrReport();
  if (config === undefined) {
    return 1;
  }

  const { values, warnings } = manifestValuesFromConfig(config);
  const manifest = buildManifest(template, values);

  const problems = await checkAppPackage(manifest, {
    iconDir: MANIFEST_DIR,
    commands: MENU_COMMANDS,
    scopes: SCOPES,
  });
  for (const warning of warnings) {
    err(`warning: ${warning}`);
  }
  if (problems.length > 0) {
    err(`The Teams app package was not written; ${problems.length} problem(s) found:`);
    for (const problem of problems) {
      err(`  - ${problem}`);
    }
    return 1;
  }

  await writeAppPackage(OUT_FILE, manifest, MANIFEST_DIR);
  out(
    `Wrote ${display(OUT_FILE)} (manifest ${String(manifest['manifestVersion'])}, app id ${values.TEAMS_APP_ID}, bot id ${values.BOT_ID}).`,
  );
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    err(`Packaging failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  },
);
