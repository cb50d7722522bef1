/**
 * Sentence helpers for checklist texts: shortened and quoted names, "A, B and 3 more" lists and
 * group labels. Texts stay plain (no Markdown); the card escapes them.
 */
import type { GroupIndex } from './items';

/** Names listed in one sentence before "and N more". */
const MAX_NAMES = 5;
/** Longest name in a sentence, in code points. */
const MAX_NAME_CHARS = 80;

/** Shortens a name for a sentence (by code point). */
export function short(text: string, max = MAX_NAME_CHARS): string {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

/** “Name” in typographic quotes, shortened. */
export function quoted(name: string): string {
  return `“${short(name) || '(no name)'}”`;
}

/** "A, B and C" / "A, B, C, D, E and 3 more". */
export function listNames(names: readonly string[], max = MAX_NAMES): string {
  if (names.length === 0) return '';
  const shown = names.slice(0, max);
  const rest = names.length - shown.length;
  if (rest > 0) return `${shown.join(', ')} and ${rest} more`;
  if (shown.length === 1) return shown[0] ?? '';
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1] ?? ''}`;
}

/** A group's display name, or a short id when it is unknown. */
export function groupLabel(groups: GroupIndex, groupId: string): string {
  const facts = groups.get(groupId.toLowerCase());
  return facts?.displayName ? quoted(facts.displayName) : `group ${groupId.slice(0, 8)}…`;
}
