import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import ts from 'typescript';

/** What {@link ensureBotBuild} did. */
export interface BotBuild {
  /** Absolute path of the compiled entry point. */
  entry: string;
  /** Why tsc ran, or undefined when dist was already up to date. */
  rebuiltBecause?: string;
  buildMs?: number;
  /** tsc's exit code when it ran and reported errors (it still emits). */
  tscExitCode?: number;
  tscOutput?: string;
}

const TSC_TIMEOUT_MS = 180_000;

/** Newest modification time (ms) of any file under `dir`, recursively; 0 when absent. */
function newestMtime(dir: string): number {
  let newest = 0;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      newest = Math.max(newest, newestMtime(full));
    } else if (entry.isFile()) {
      newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  }
  return newest;
}

/**
 * Runs tsc into a clean `dist/`: a module moved from `x.ts` to `x/index.ts` would otherwise leave
 * a stale `x.js` behind, which Node resolves before the new folder.
 */
function runTsc(root: string): Promise<{ code: number; output: string }> {
  fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
  return new Promise((resolve, reject) => {
    const tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
    const child = spawn(process.execPath, [tsc, '-p', 'tsconfig.json'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-16 * 1024);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => child.kill('SIGKILL'), TSC_TIMEOUT_MS);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), output });
    });
  });
}

/**
 * Makes sure `dist/src/index.js` exists and is newer than everything tsconfig.json compiles
 * (src/, cards/, tsconfig.json); otherwise runs `tsc -p tsconfig.json`. tsc emits even when it
 * reports type errors, so errors are returned, not thrown; a missing entry point afterwards is.
 */
export async function ensureBotBuild(root: string): Promise<BotBuild> {
  const entry = path.join(root, 'dist', 'src', 'index.js');
  const sourceMtime = Math.max(
    newestMtime(path.join(root, 'src')),
    newestMtime(path.join(root, 'cards')),
    fs.statSync(path.join(root, 'tsconfig.json')).mtimeMs,
  );
  let rebuiltBecause: string | undefined;
  if (!fs.existsSync(entry)) {
    rebuiltBecause = 'dist/src/index.js is missing';
  } else if (fs.statSync(entry).mtimeMs < sourceMtime) {
    rebuiltBecause = 'dist/src/index.js is older than src/';
  }
  if (rebuiltBecause === undefined) {
    return { entry };
  }
  const started = Date.now();
  const { code, output } = await runTsc(root);
  const build: BotBuild = { entry, rebuiltBecause, buildMs: Date.now() - started };
  if (code !== 0) {
    build.tscExitCode = code;
    build.tscOutput = output.trim();
  }
  if (!fs.existsSync(entry)) {
    throw new Error(`tsc -p tsconfig.json did not produce ${entry}:\n${output.trim()}`);
  }
  return build;
}

/**
 * Compiles a bench TypeScript file to CommonJS with the bot's target (ES2022), the way tsc
 * compiles src/, and writes it under `outDir`. No type check here: `npm run typecheck` covers
 * bench/. `outDir` must sit inside the repository so the output resolves node_modules.
 */
export function compileBenchFile(source: string, outDir: string): string {
  const input = fs.readFileSync(source, 'utf8');
  const { outputText, diagnostics } = ts.transpileModule(input, {
    fileName: source,
    reportDiagnostics: true,
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      esModuleInterop: true,
      strict: true,
    },
  });
  if (diagnostics && diagnostics.length > 0) {
    const text = ts.formatDiagnostics(diagnostics, {
      getCanonicalFileName: (f) => f,
      getCurrentDirectory: () => process.cwd(),
      getNewLine: () => '\n',
    });
    throw new Error(`Cannot compile ${source}:\n${text}`);
  }
  fs.mkdirSync(outDir, { recursive: true });
  const out = path.join(outDir, `${path.basename(source, '.ts')}.js`);
  fs.writeFileSync(out, outputText);
  return out;
}
