/**
 * Builds the labelled example questions (src/knowledge/examples/<lang>.json) from the question
 * sets in test/fixtures/qa: every one-question case whose expected answer is one article (the
 * first, when either of two would do) or "out-of-scope". Conversation (small talk, guided
 * turns), messages with several questions and the shared example questions are left out.
 *
 * Usage: npm run examples            (writes the files)
 *        npm run examples -- --check (exits 1 when a file is out of step with the sets)
 */
import fs from 'node:fs';
import path from 'node:path';

import { LANGUAGES, type Language } from '../src/i18n/languages';
import { examplesPath, OUT_OF_SCOPE_LABEL, type Example } from '../src/knowledge/examples';

const QA_DIR = path.resolve(__dirname, '..', 'test', 'fixtures', 'qa');

interface Case {
  q?: unknown;
  expect?: unknown;
  locale?: unknown;
}

/** The language of a set: its "-de"-style suffix, English without one. */
function languageOf(file: string): Language {
  const suffix = /-([a-z]{2})\.json$/.exec(file)?.[1];
  return LANGUAGES.find((l) => l === suffix) ?? 'en';
}

/** The examples each language gets from the sets, in file and case order. */
export function buildExamples(dir = QA_DIR): Record<Language, Example[]> {
  const out = Object.fromEntries(LANGUAGES.map((l) => [l, [] as Example[]])) as Record<
    Language,
    Example[]
  >;
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  for (const file of files) {
    const cases = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Case[];
    const set = file.replace(/\.json$/, '');
    for (const c of cases) {
      if (typeof c.q !== 'string' || typeof c.expect !== 'string') continue;
      const first = c.expect.split('|')[0] ?? '';
      const answer = first === 'out-of-scope' ? OUT_OF_SCOPE_LABEL : first;
      // Reply kinds other than an article or "out of scope" are conversation, not questions.
      if (['guide', 'small-talk', 'smalltalk', 'clarify', 'unsure', 'report-form'].includes(answer))
        continue;
      out[languageOf(file)].push({ q: c.q, answer, set });
    }
  }
  return out;
}

function main(): void {
  const check = process.argv.includes('--check');
  const built = buildExamples();
  let stale = 0;
  for (const lang of LANGUAGES) {
    const text = `${JSON.stringify(built[lang], null, 2)}\n`;
    const file = examplesPath(lang);
    const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (current === text) continue;
    if (check) {
      process.stderr.write(
        `${path.relative(process.cwd(), file)} is out of step: npm run examples\n`,
      );
      stale++;
    } else {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
      process.stdout.write(`${lang}: ${built[lang].length} examples\n`);
    }
  }
  if (stale > 0) process.exitCode = 1;
}

if (require.main === module) main();
