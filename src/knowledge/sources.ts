import fs from 'node:fs';
import path from 'node:path';

import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

import { AppError } from '../errors';

/** Hosts whose pages may be linked from an answer: the publishers the knowledge base cites. */
const PUBLIC_HOSTS = ['learn.microsoft.com', 'support.apple.com', 'developer.apple.com'] as const;

/** One public document in the catalogue (`src/knowledge/sources.yml`). */
export const publicSourceSchema = z.object({
  title: z.string().min(3).max(140),
  publisher: z.string().min(3).max(60),
  url: z
    .url({ protocol: /^https$/ })
    .refine((u) => (PUBLIC_HOSTS as readonly string[]).includes(new URL(u).hostname), {
      message: `must be on ${PUBLIC_HOSTS.join(', ')}`,
    })
    .optional(),
  /** When the address was last checked against the publisher's site. */
  verified: z
    .union([z.string(), z.date()])
    .transform((v) => (typeof v === 'string' ? v : v.toISOString().slice(0, 10))),
});

/** A public document the articles cite. */
export type PublicSource = z.infer<typeof publicSourceSchema> & { id: string };

/** The catalogue: source id → document. */
export type SourceCatalogue = ReadonlyMap<string, PublicSource>;

const SOURCE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Parses the catalogue's YAML text. Throws an AppError naming the entry and the problem. */
export function parseSourceCatalogue(text: string): SourceCatalogue {
  const raw: unknown = parseYaml(text);
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new AppError('internal', 'sources.yml: expected a map of source ids');
  }
  const out = new Map<string, PublicSource>();
  for (const [id, value] of Object.entries(raw as Record<string, unknown>)) {
    if (!SOURCE_ID.test(id)) {
      throw new AppError('internal', `sources.yml: "${id}" is not a kebab-case id`);
    }
    const parsed = publicSourceSchema.safeParse(value);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
      throw new AppError('internal', `sources.yml: ${id}: ${issues.join('; ')}`);
    }
    out.set(id, { id, ...parsed.data });
  }
  return out;
}

/** Where the catalogue lives, next to this module in src/ (also read from dist/). */
export function sourceCataloguePath(articlesDir: string): string {
  return path.join(path.dirname(articlesDir), 'sources.yml');
}

/** Loads the catalogue file. */
export function loadSourceCatalogue(file: string): SourceCatalogue {
  return parseSourceCatalogue(fs.readFileSync(file, 'utf8'));
}

/** A citation: a catalogue entry and the section of it that holds the fact. */
export interface Citation {
  ref: string;
  section: string;
}

/**
 * The source line an employee sees under an answer: each document's public title (a Markdown
 * link where the address is verified), its publisher and the section, e.g.
 * `Source: [Set up account driven Apple User Enrollment](https://…) (Microsoft Learn), "Step 3"`.
 * Citations of the same document are merged so a title shows once.
 */
export function formatSourceLine(
  citations: readonly Citation[],
  catalogue: SourceCatalogue,
  /** The line's label for one source and for several (the reader's language). */
  label: { one: string; many: string } = { one: 'Source', many: 'Sources' },
): string {
  const sections = new Map<string, string[]>();
  for (const c of citations) {
    const list = sections.get(c.ref) ?? [];
    if (!list.includes(c.section)) list.push(c.section);
    sections.set(c.ref, list);
  }
  const parts = [...sections].flatMap(([ref, secs]) => {
    const doc = catalogue.get(ref);
    if (!doc) return [];
    const title = doc.url ? `[${doc.title}](${doc.url})` : doc.title;
    return [`${title} (${doc.publisher}), ${secs.map((s) => `"${s}"`).join(', ')}`];
  });
  return parts.length > 0
    ? `${parts.length > 1 ? label.many : label.one}: ${parts.join('; ')}`
    : '';
}

/** The same line without Markdown, for fallback text. */
export function plainSourceLine(
  citations: readonly Citation[],
  catalogue: SourceCatalogue,
): string {
  return formatSourceLine(citations, catalogue).replace(/\[([^\]]+)\]\([^)]+\)/g, '$1');
}
