/**
 * Reading catalogue keys out of code and card templates, for the tests that check each area's
 * keys exist (and are used).
 */
import fs from 'node:fs';

/** i18next's plural suffixes. */
const PLURAL = /_(zero|one|two|few|many|other)$/;

/** Whether `keys` hold `key` itself or its plural forms (`key_one`, `key_other`…). */
export function hasKeyOrPlural(
  keys: { has(k: string): boolean; keys(): Iterable<string> },
  key: string,
): boolean {
  return keys.has(key) || [...keys.keys()].some((k) => k.replace(PLURAL, '') === key);
}

/**
 * The keys named in files: in code, each match of `inCode` (its first group is the key); in card
 * templates, every catalogue token, with values (`{{t:key|name=field}}`) or without.
 */
export function keysNamedIn(
  files: { code: readonly string[]; cards: readonly string[] },
  inCode: RegExp,
): Set<string> {
  const used = new Set<string>();
  for (const file of files.code) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(inCode)) used.add(m[1] ?? '');
  }
  for (const file of files.cards) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\{\{t:([a-zA-Z0-9_.-]+)(?:\|[^}]*)?\}\}/g)) used.add(m[1] ?? '');
  }
  return used;
}

/** Every leaf of a catalogue tree as [dotted key, string]. */
export function leaves(tree: unknown, prefix = ''): [string, string][] {
  if (typeof tree === 'string') return [[prefix, tree]];
  if (tree && typeof tree === 'object') {
    return Object.entries(tree).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
  }
  return [[prefix, String(tree)]];
}
