import fs from 'node:fs';
import path from 'node:path';

import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

import { AppError } from '../errors';

import {
  formatSourceLine,
  loadSourceCatalogue,
  sourceCataloguePath,
  type SourceCatalogue,
} from './sources';

/** Enrollment methods, with the Graph `enrollmentType` names (plus `any`). */
export const ENROLLMENT_METHODS = [
  'accountDrivenUserEnrollment',
  'user',
  'device',
  'webDeviceEnrollment',
  'any',
] as const;
export type EnrollmentMethod = (typeof ENROLLMENT_METHODS)[number];

const ARTICLE_CATEGORIES = [
  'how-to',
  'privacy',
  'troubleshooting',
  'requirements',
  'concepts',
  'after-enrollment',
  'removal',
  'help',
] as const;

/** Organisation setups the guided enrollment has steps for (see `guide` in the front matter). */
export const GUIDE_SETUPS = [
  'accountDrivenUserEnrollment',
  'webDeviceEnrollment',
  'device',
  'userChoice',
] as const;
export type GuideSetup = (typeof GUIDE_SETUPS)[number];

/** Front matter of one knowledge article. */
export const articleFrontMatterSchema = z.object({
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be kebab-case'),
  title: z.string().min(3).max(100),
  summary: z.string().min(10).max(200),
  phrasings: z.array(z.string().min(3)).min(3),
  keywords: z.array(z.coerce.string().min(1)).default([]),
  appliesTo: z
    .object({
      methods: z.array(z.enum(ENROLLMENT_METHODS)).min(1).default(['any']),
      minOs: z
        .string()
        .regex(/^\d{1,2}(\.\d{1,2})?$/)
        .optional(),
      devices: z.array(z.enum(['iPhone', 'iPad'])).optional(),
    })
    .default({ methods: ['any'] }),
  audience: z.enum(['employee', 'helpdesk']).default('employee'),
  category: z.enum(ARTICLE_CATEGORIES),
  steps: z.array(z.string().min(3)).default([]),
  /**
   * This article's steps are the guided enrollment for one organisation setup (at most one
   * article per setup; it must have steps).
   */
  guide: z.enum(GUIDE_SETUPS).optional(),
  related: z.array(z.string()).default([]),
  /**
   * Words a question must use for this article to answer it (any one), when the article is about
   * one specific message that shares its first words with others ("Sign In Failed: 'The
   * Enrollment SSO application…'"): without them, the generic article answers. English only;
   * empty means no such condition.
   */
  needs: z.array(z.string().min(2)).default([]),
  /** Public documents behind the facts: an id from `src/knowledge/sources.yml` and a section. */
  sources: z
    .array(
      z.object({
        ref: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
        section: z.string().min(1).max(120),
      }),
    )
    .min(1),
});

/** One article: validated front matter, its Markdown body and the source line employees see. */
export type Article = z.infer<typeof articleFrontMatterSchema> & {
  body: string;
  /** "Source: [public title](address) (publisher), "section"", from the source catalogue. */
  sourceLine: string;
};

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/;

/**
 * Parses one article file's text. Throws an AppError naming the file and the problem, including a
 * source id that is not in the catalogue.
 */
export function parseArticle(fileName: string, text: string, catalogue: SourceCatalogue): Article {
  const match = FRONT_MATTER.exec(text);
  if (!match) {
    throw new AppError('internal', `${fileName}: no front matter`);
  }
  const parsed = articleFrontMatterSchema.safeParse(parseYaml(match[1] ?? ''));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new AppError('internal', `${fileName}: ${issues}`);
  }
  const body = (match[2] ?? '').trim();
  if (body.length < 20) {
    throw new AppError('internal', `${fileName}: the answer body is missing or too short`);
  }
  if (`${parsed.data.id}.md` !== fileName) {
    throw new AppError(
      'internal',
      `${fileName}: id "${parsed.data.id}" does not match the file name`,
    );
  }
  const unknown = parsed.data.sources.filter((c) => !catalogue.has(c.ref)).map((c) => c.ref);
  if (unknown.length > 0) {
    throw new AppError(
      'internal',
      `${fileName}: sources not in sources.yml: ${unknown.join(', ')}`,
    );
  }
  return { ...parsed.data, body, sourceLine: formatSourceLine(parsed.data.sources, catalogue) };
}

/** Finds the project's root (the folder holding package.json) from a starting folder. */
function projectRoot(from: string): string {
  let dir = from;
  for (let i = 0; i < 8; i++) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    dir = path.dirname(dir);
  }
  throw new AppError('internal', `package.json not found above ${from}`);
}

/** Folder of the article files; the same from src/ (tsx, tests) and dist/ (compiled). */
export const ARTICLES_DIR = path.join(projectRoot(__dirname), 'src', 'knowledge', 'articles');

/**
 * Loads and validates every article. Checks across articles too: unique ids and `related` ids
 * that exist. Fails at startup, never at question time.
 */
export function loadArticles(
  dir: string = ARTICLES_DIR,
  catalogue: SourceCatalogue = loadSourceCatalogue(sourceCataloguePath(ARTICLES_DIR)),
): Article[] {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.md') && f.toLowerCase() !== 'readme.md')
    .sort();
  const articles = files.map((f) =>
    parseArticle(f, fs.readFileSync(path.join(dir, f), 'utf8'), catalogue),
  );
  const ids = new Set(articles.map((a) => a.id));
  const guides = new Map<string, string>();
  for (const a of articles) {
    if (!a.guide) continue;
    if (a.steps.length === 0) {
      throw new AppError('internal', `${a.id}.md: a guide article needs steps`);
    }
    const other = guides.get(a.guide);
    if (other) {
      throw new AppError('internal', `${a.id}.md: ${other}.md is already the ${a.guide} guide`);
    }
    guides.set(a.guide, a.id);
  }
  for (const a of articles) {
    const missing = a.related.filter((r) => !ids.has(r));
    if (missing.length > 0) {
      throw new AppError('internal', `${a.id}.md: related ids not found: ${missing.join(', ')}`);
    }
  }
  return articles;
}
