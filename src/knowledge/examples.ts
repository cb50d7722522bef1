/**
 * Labelled example questions: questions employees were asked to write (our held-out sets, each
 * measured once unseen, then kept), each with the article that answers it or "out-of-scope". The
 * knowledge base reads them as more ways of asking each article, and lets the examples closest
 * to a new question vote on its article (see `KnowledgeBase.vote`), beside the article search.
 *
 * One file per language in src/knowledge/examples/<lang>.json, built from test/fixtures/qa by
 * `npm run examples` (scripts/build-examples.ts); a unit test keeps the two in step. The shared
 * example questions (../shared/questions) are never among them: the bot is measured on those.
 */
import fs from 'node:fs';
import path from 'node:path';

import { z } from 'zod';

import { AppError } from '../errors';
import type { Language } from '../i18n/languages';

import { ARTICLES_DIR } from './articles';

/** The label of an example that no article answers. */
export const OUT_OF_SCOPE_LABEL = 'out-of-scope';

export const exampleSchema = z.object({
  /** The question as the employee wrote it. */
  q: z.string().min(1).max(2000),
  /** The article id that answers it, or "out-of-scope". */
  answer: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
  /** The set it came from (a file name in test/fixtures/qa, without ".json"). */
  set: z.string().min(1),
});

/** One labelled example question. */
export type Example = z.infer<typeof exampleSchema>;

/** Where the examples of a language live. */
export function examplesPath(lang: Language): string {
  return path.join(path.dirname(ARTICLES_DIR), 'examples', `${lang}.json`);
}

/**
 * The examples of a language (none when it has no file), without those from the sets in
 * `except` (the evaluation leaves out the set it measures). A bad file stops startup.
 */
export function loadExamples(lang: Language, except: ReadonlySet<string> = new Set()): Example[] {
  const file = examplesPath(lang);
  if (!fs.existsSync(file)) return [];
  const parsed = z.array(exampleSchema).safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new AppError('internal', `examples/${lang}.json: ${issues.join('; ')}`);
  }
  return parsed.data.filter((e) => !except.has(e.set));
}
