/**
 * Sentence helpers for checklist texts: shortened and quoted names, "A, B and 3 more" lists and
 * group labels. Texts stay plain (no Markdown); the card escapes them. The words come from the
 * catalogue (`setupCheck`, English: admins read it).
 */
import { translator, type Translate } from '../../i18n/catalogue';

import type { GroupIndex } from './items';

/** Names listed in one sentence before "and N more". */
const MAX_NAMES = 5;
/** Longest name in a sentence, in code points. */
const MAX_NAME_CHARS = 80;

/** The translate function checks use when their caller gives none: English. */
export function english(): Translate {
  return translator('en');
}

/** Sentences in order, the empty ones left out, one space between. */
export function sentences(...parts: readonly string[]): string {
  return parts.filter((p) => p !== '').join(' ');
}

/** Shortens a name for a sentence (by code point). */
export function short(text: string, max = MAX_NAME_CHARS): string {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

/** “Name” in typographic quotes, shortened. */
export function quoted(name: string, t: Translate = english()): string {
  return t('setupCheck.text.quoted', { name: short(name) || t('setupCheck.text.noName') });
}

/** "A, B and C" / "A, B, C, D, E and 3 more". */
export function listNames(
  names: readonly string[],
  max = MAX_NAMES,
  t: Translate = english(),
): string {
  if (names.length === 0) return '';
  const shown = names.slice(0, max);
  const rest = names.length - shown.length;
  const separator = t('setupCheck.text.listSeparator');
  if (rest > 0) return t('setupCheck.text.listMore', { names: shown.join(separator), rest });
  if (shown.length === 1) return shown[0] ?? '';
  return t('setupCheck.text.listLast', {
    names: shown.slice(0, -1).join(separator),
    last: shown[shown.length - 1] ?? '',
  });
}

/** A group's display name, or a short id when it is unknown. */
export function groupLabel(groups: GroupIndex, groupId: string, t: Translate = english()): string {
  const facts = groups.get(groupId.toLowerCase());
  return facts?.displayName
    ? quoted(facts.displayName, t)
    : t('setupCheck.text.groupId', { id: groupId.slice(0, 8) });
}
