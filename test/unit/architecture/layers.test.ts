/**
 * The layer rules in eslint.config.mjs hold: an import that runs up the layers fails lint.
 * Each probe lints a small text as if it were a real file of the project (the project's own
 * config, through ESLint's API in a child process), so a rule that stops matching fails here.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '../../..');

interface Probe {
  filePath: string;
  code: string;
}

function lint(probes: Probe[], at = root): string[][] {
  const out = execFileSync(process.execPath, [path.join(at, 'test/helpers/lint-text.mjs')], {
    cwd: at,
    input: JSON.stringify(probes),
    encoding: 'utf8',
    timeout: 120_000,
  });
  return JSON.parse(out) as string[][];
}

const importing = (what: string, from: string): string =>
  `import { ${what} } from '${from}';\n\nexport const probe = ${what};\n`;

describe('layer rules (eslint.config.mjs)', () => {
  const cases: { name: string; probe: Probe; refused: boolean }[] = [
    {
      name: 'flows → bot is refused',
      probe: { filePath: 'src/flows/context.ts', code: importing('TeamsBot', '../bot/teams-bot') },
      refused: true,
    },
    {
      name: 'outbox → helpdesk is refused',
      probe: {
        filePath: 'src/outbox/engine.ts',
        code: importing('DEFAULT_GROUPING_WINDOW_MS', '../helpdesk/report'),
      },
      refused: true,
    },
    {
      name: 'graph → sandbox is refused (only the composition root starts the sandbox)',
      probe: {
        filePath: 'src/graph/graph-request.ts',
        code: importing('SANDBOX_NOTICE', '../sandbox/graph-sandbox'),
      },
      refused: true,
    },
    {
      name: 'a domain module → flows is refused',
      probe: {
        filePath: 'src/helpdesk/alerts.ts',
        code: importing('sendCard', '../flows/context'),
      },
      refused: true,
    },
    {
      name: 'helpdesk → outbox (downward) is allowed',
      probe: {
        filePath: 'src/helpdesk/alerts.ts',
        code: "import type { ConversationRef } from '../outbox';\n\nexport type Probe = ConversationRef;\n",
      },
      refused: false,
    },
    {
      name: 'flows → actions (downward) is allowed',
      probe: {
        filePath: 'src/flows/context.ts',
        code: importing('cardResponse', '../actions/card-actions'),
      },
      refused: false,
    },
  ];

  it('refuses imports up the layers and allows them down', () => {
    const results = lint(cases.map((c) => c.probe));
    const seen = cases.map((c, i) => ({
      name: c.name,
      refused: (results[i] ?? []).includes('layers/no-upward-import'),
      fatal: (results[i] ?? []).filter((id) => id.startsWith('fatal')),
    }));
    expect(seen).toEqual(cases.map((c) => ({ name: c.name, refused: c.refused, fatal: [] })));
  });

  it('the probes import modules that exist (a missing module would pass the zone check silently)', () => {
    for (const c of cases) {
      const spec = /from '([^']+)'/.exec(c.probe.code)?.[1] ?? '';
      const base = path.resolve(root, path.dirname(c.probe.filePath), spec);
      const exists = [`${base}.ts`, path.join(base, 'index.ts')].some((f) => existsSync(f));
      expect({ probe: c.name, exists }).toEqual({ probe: c.name, exists: true });
    }
  });

  it('holds wherever the project is checked out, even under a folder whose name looks like a glob', () => {
    // import/no-restricted-paths matched nothing under such a folder (CI once ran from one).
    const parent = mkdtempSync(path.join(os.tmpdir(), 'layers-[1]+(x)-'));
    const copy = path.join(parent, 'repo');
    try {
      for (const f of [
        'eslint.config.mjs',
        'eslint-rules',
        'tsconfig.json',
        'tsconfig.check.json',
        'src',
        'test/helpers/lint-text.mjs',
      ]) {
        cpSync(path.join(root, f), path.join(copy, f), { recursive: true });
      }
      symlinkSync(path.join(root, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
      const probes = [cases[0]!, cases[4]!];
      const results = lint(
        probes.map((c) => c.probe),
        copy,
      );
      expect(results.map((r) => r.includes('layers/no-upward-import'))).toEqual(
        probes.map((c) => c.refused),
      );
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
