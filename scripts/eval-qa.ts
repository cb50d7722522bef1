/**
 * QA evaluation: sends each question to the real bot over HTTP (POST /api/messages, personal chat)
 * with a loopback connector as the Teams service URL, reads the cards the bot replies with, and
 * checks them.
 *
 * Two question formats are accepted:
 *   {"q": "...", "all": ["regex", ...]}   every pattern must match the visible text of the reply
 *   {"q": "...", "expect": "article-id"}  the answer card must be that article (null = no article:
 *                                          out of scope or "not sure")
 *
 * Usage: npm run eval:qa [-- --file path.json ...] [--min 0.95] [--verbose]
 * Default files: ../shared/questions/dev-questions.json and test/fixtures/qa/questions.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { loadConfig } from '../src/config/env';
import { startApp } from '../src/index';
import { loadArticles } from '../src/knowledge/articles';
import { createLogger } from '../src/logging';
import { message } from '../test/factories/activities';
import { startLoopbackConnector } from '../test/support/loopback-connector';

interface PatternQuestion {
  q: string;
  all: string[];
}
interface ExpectQuestion {
  q: string;
  expect: string | null;
}
type Question = PatternQuestion | ExpectQuestion;

interface Outcome {
  file: string;
  q: string;
  pass: boolean;
  detail: string;
}

const ROOT = path.resolve(__dirname, '..');
const DEFAULT_FILES = [
  path.resolve(ROOT, '../shared/questions/dev-questions.json'),
  path.resolve(ROOT, 'test/fixtures/qa/questions.json'),
];

function args(): { files: string[]; min: number | undefined; verbose: boolean } {
  const argv = process.argv.slice(2);
  const files: string[] = [];
  let min: number | undefined;
  let verbose = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--file' && argv[i + 1]) files.push(path.resolve(argv[++i] ?? ''));
    else if (a === '--min' && argv[i + 1]) min = Number(argv[++i]);
    else if (a === '--verbose') verbose = true;
  }
  return {
    files: files.length > 0 ? files : DEFAULT_FILES.filter((f) => fs.existsSync(f)),
    min,
    verbose,
  };
}

/** Visible text of a reply: card TextBlocks, fact titles/values, button titles, plain text. */
export function visibleText(activity: Record<string, unknown>): string {
  const out: string[] = [];
  if (typeof activity.text === 'string') out.push(activity.text);
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(walk);
      return;
    }
    if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.type === 'TextBlock' && typeof o.text === 'string') out.push(o.text);
      if (
        typeof o.type === 'string' &&
        o.type.startsWith('Action.') &&
        typeof o.title === 'string'
      ) {
        out.push(o.title);
      }
      if (o.type === 'Input.ChoiceSet' && Array.isArray(o.choices)) {
        for (const c of o.choices as { title?: unknown }[])
          if (typeof c.title === 'string') out.push(c.title);
      }
      if (typeof o.label === 'string') out.push(o.label);
      for (const [k, v] of Object.entries(o)) if (k !== 'data' && k !== 'fallbackText') walk(v);
    }
  };
  walk(activity.attachments);
  return out.join('\n');
}

/**
 * What the replies answered: the article id of an answer card (from its feedback action data),
 * 'guide' when the bot started the guided enrollment, or null.
 */
function answeredArticle(replies: Record<string, unknown>[]): string | null {
  const json = JSON.stringify(replies);
  const match = /"verb":"knowledge\.feedback","data":\{"articleId":"([a-z0-9-]+)"/.exec(json);
  if (match?.[1]) return match[1];
  return /"verb":"guide\.(start|step)"/.test(json) ? 'guide' : null;
}

/** Guide articles: how-to articles with steps for a specific method. Asking for one may start the guide. */
function guideArticleIds(): Set<string> {
  return new Set(
    loadArticles()
      .filter(
        (a) =>
          a.category === 'how-to' && a.steps.length > 0 && !a.appliesTo.methods.includes('any'),
      )
      .map((a) => a.id),
  );
}

async function main(): Promise<void> {
  const { files, min, verbose } = args();
  const connector = await startLoopbackConnector();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'eval-qa-'));
  const config = loadConfig(
    {
      PORT: '0',
      HOST: '127.0.0.1',
      SQLITE_PATH: path.join(dataDir, 'eval.sqlite'),
      OUTBOX_SQLITE_PATH: path.join(dataDir, 'outbox.sqlite'),
      LOG_LEVEL: 'error',
    },
    { dotenvPath: undefined },
  );
  const app = await startApp(config, createLogger('error'));
  const outcomes: Outcome[] = [];
  const guides = guideArticleIds();
  try {
    for (const file of files) {
      const questions = JSON.parse(fs.readFileSync(file, 'utf8')) as Question[];
      for (const question of questions) {
        const activity = message(question.q, { serviceUrl: connector.serviceUrl });
        const before = connector.count;
        const res = await fetch(`${app.server.url}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(activity),
        });
        const replies = connector.received
          .slice(before)
          .filter((r) => r.replyToId === activity.id)
          .map((r) => r.activity);
        const text = replies.map(visibleText).join('\n');
        let pass: boolean;
        let detail: string;
        if ('all' in question) {
          const missing = question.all.filter((p) => !new RegExp(p).test(text));
          pass = res.status === 200 && missing.length === 0;
          detail = missing.length ? `missing /${missing.join('/, /')}/` : 'ok';
        } else {
          const got = answeredArticle(replies);
          const startedGuide =
            got === 'guide' && question.expect !== null && guides.has(question.expect);
          pass = res.status === 200 && (got === question.expect || startedGuide);
          detail = pass ? 'ok' : `expected ${String(question.expect)}, got ${String(got)}`;
        }
        outcomes.push({ file: path.basename(file), q: question.q, pass, detail });
      }
    }
  } finally {
    await app.stop();
    await connector.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }

  const byFile = new Map<string, Outcome[]>();
  for (const o of outcomes) byFile.set(o.file, [...(byFile.get(o.file) ?? []), o]);
  let worst = 1;
  for (const [file, list] of byFile) {
    const passed = list.filter((o) => o.pass).length;
    const rate = passed / list.length;
    worst = Math.min(worst, rate);
    process.stdout.write(
      `\n${file}: ${passed}/${list.length} passed (${(rate * 100).toFixed(1)} %)\n`,
    );
    for (const o of list) {
      if (!o.pass || verbose)
        process.stdout.write(`  ${o.pass ? 'PASS' : 'FAIL'}  ${o.q}  — ${o.detail}\n`);
    }
  }
  const total = outcomes.filter((o) => o.pass).length;
  process.stdout.write(`\nOverall: ${total} of ${outcomes.length} questions answered right\n`);
  if (min !== undefined && worst < min) {
    process.stdout.write(
      `A file is below the required pass rate of ${(min * 100).toFixed(0)} %.\n`,
    );
    process.exitCode = 1;
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`eval failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
