// Lints source texts as if they were files of this project, with the project's own ESLint
// config, and prints each one's rule ids as JSON. Used by the layer rule test; ESLint's config
// is an ES module, so it runs here rather than inside Jest.
// Only the layer rule runs, and without type information: the type-aware rules would build a
// TypeScript program of the whole project for every call (slow, and it once crashed inside
// TypeScript in CI while other tests were running), and they say nothing about layers.
// stdin: [{ "filePath": "src/flows/context.ts", "code": "…" }, …]
// stdout: [["layers/no-upward-import", …], …]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';

import { ESLint } from 'eslint';

const root = path.resolve(import.meta.dirname, '../..');
const probes = JSON.parse(readFileSync(0, 'utf8'));
const eslint = new ESLint({
  cwd: root,
  ruleFilter: ({ ruleId }) => ruleId === 'layers/no-upward-import',
  overrideConfig: { languageOptions: { parserOptions: { project: false, projectService: false } } },
});
const out = [];
for (const probe of probes) {
  const [result] = await eslint.lintText(probe.code, { filePath: path.join(root, probe.filePath) });
  out.push(result.messages.map((m) => m.ruleId ?? `fatal: ${m.message}`));
}
process.stdout.write(JSON.stringify(out));
