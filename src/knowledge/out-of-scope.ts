import fs from 'node:fs';
import path from 'node:path';

import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

import { AppError } from '../errors';

/** A topic outside the bot's field (src/knowledge/out-of-scope.yml). */
export const outOfScopeTopicSchema = z.object({
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
  /** Completes "I can't help with …". */
  label: z.string().min(3).max(60),
  phrasings: z.array(z.string().min(3)).min(3),
  keywords: z.array(z.coerce.string().min(1)).default([]),
});

/** A topic the bot recognises as not its own. */
export type OutOfScopeTopic = z.infer<typeof outOfScopeTopicSchema>;

/**
 * Where the topics live, beside the articles' folder: out-of-scope.yml (English) and
 * out-of-scope.<lang>.yml for each other language.
 */
export function outOfScopePath(articlesDir: string, lang = 'en'): string {
  return path.join(
    path.dirname(articlesDir),
    lang === 'en' ? 'out-of-scope.yml' : `out-of-scope.${lang}.yml`,
  );
}

/** Loads and validates the topics; a bad file stops startup, never a question. */
export function loadOutOfScopeTopics(file: string): OutOfScopeTopic[] {
  const parsed = z.array(outOfScopeTopicSchema).safeParse(parseYaml(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new AppError('internal', `${path.basename(file)}: ${issues.join('; ')}`);
  }
  const ids = parsed.data.map((t) => t.id);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate) {
    throw new AppError('internal', `${path.basename(file)}: "${duplicate}" appears twice`);
  }
  return parsed.data;
}
