import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

import { AppError } from '../errors';

import { ARTICLES_DIR, type Article } from './articles';

/** Languages the knowledge base is written in besides English. */
export const TRANSLATED_LANGUAGES = ['de', 'fr', 'es', 'ja'] as const;
export type TranslatedLanguage = (typeof TRANSLATED_LANGUAGES)[number];

/**
 * The English text a translation is written from: title, summary, steps and body. Phrasings and
 * keywords are written afresh per language (people ask differently), so they are not part of it.
 * Returns 12 hex digits of its SHA-256.
 */
export function englishSourceHash(
  article: Pick<Article, 'title' | 'summary' | 'steps' | 'body'>,
): string {
  const text = JSON.stringify([article.title, article.summary, article.steps, article.body.trim()]);
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 12);
}

/**
 * Front matter of one translated article. Everything that is not language (which setups it applies
 * to, category, related articles, sources, guide) comes from the English article: one source of
 * truth per article.
 */
export const translationFrontMatterSchema = z.object({
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be kebab-case'),
  lang: z.enum(TRANSLATED_LANGUAGES),
  /** `englishSourceHash` of the English article this translation was written from. */
  sourceHash: z.string().regex(/^[0-9a-f]{12}$/),
  title: z.string().min(2).max(100),
  summary: z.string().min(5).max(200),
  phrasings: z.array(z.string().min(2)).min(5),
  keywords: z.array(z.coerce.string().min(1)).default([]),
  steps: z.array(z.string().min(2)).default([]),
});

/** One translated article as written on disk. */
export type Translation = z.infer<typeof translationFrontMatterSchema> & { body: string };

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/;

/** Parses one translation file. Throws an AppError naming the file and the problem. */
export function parseTranslation(fileName: string, text: string): Translation {
  const match = FRONT_MATTER.exec(text);
  if (!match) throw new AppError('internal', `${fileName}: no front matter`);
  const parsed = translationFrontMatterSchema.safeParse(parseYaml(match[1] ?? ''));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new AppError('internal', `${fileName}: ${issues}`);
  }
  const body = (match[2] ?? '').trim();
  if (body.length < 10) throw new AppError('internal', `${fileName}: the answer body is missing`);
  if (`${parsed.data.id}.md` !== path.basename(fileName)) {
    throw new AppError('internal', `${fileName}: id "${parsed.data.id}" does not match the file`);
  }
  return { ...parsed.data, body };
}

/** Folder of one language's translations. */
export function translationsDir(lang: TranslatedLanguage, root: string = ARTICLES_DIR): string {
  return path.join(root, lang);
}

/** Reads every translation of one language (none when the folder does not exist). */
export function readTranslations(
  lang: TranslatedLanguage,
  root: string = ARTICLES_DIR,
): Translation[] {
  const dir = translationsDir(lang, root);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.md') && f.toLowerCase() !== 'readme.md')
    .sort()
    .map((f) => {
      const t = parseTranslation(path.join(lang, f), fs.readFileSync(path.join(dir, f), 'utf8'));
      if (t.lang !== lang) {
        throw new AppError('internal', `${lang}/${f}: lang is "${t.lang}", folder is "${lang}"`);
      }
      return t;
    });
}

/** How one language's translations stand against the English articles. */
export interface TranslationStatus {
  lang: TranslatedLanguage;
  /** English articles with no translation. */
  missing: string[];
  /** Translations written from an older English text (the English changed since). */
  stale: string[];
  /** Translations of an article that no longer exists. */
  orphaned: string[];
  /** Translations whose step count differs from the English article's. */
  stepMismatch: string[];
  current: number;
}

/** Compares one language's translations with the English articles. */
export function translationStatus(
  english: readonly Article[],
  lang: TranslatedLanguage,
  translations: readonly Translation[],
): TranslationStatus {
  const byId = new Map(translations.map((t) => [t.id, t]));
  const ids = new Set(english.map((a) => a.id));
  const status: TranslationStatus = {
    lang,
    missing: [],
    stale: [],
    orphaned: translations.filter((t) => !ids.has(t.id)).map((t) => t.id),
    stepMismatch: [],
    current: 0,
  };
  for (const a of english) {
    const t = byId.get(a.id);
    if (!t) {
      status.missing.push(a.id);
      continue;
    }
    if (t.sourceHash !== englishSourceHash(a)) status.stale.push(a.id);
    else status.current++;
    if (t.steps.length !== a.steps.length) status.stepMismatch.push(a.id);
  }
  return status;
}
