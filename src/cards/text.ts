/**
 * Text helpers for putting untrusted text (user messages, Graph display names, error strings from
 * devices) into Adaptive Card TextBlocks safely.
 */
import { stripBidiControls } from '../unicode';

/**
 * Characters that form markup in the Markdown subset Teams renders (emphasis, links, code, HTML
 * tags). Other punctuation (dots, hyphens, parentheses) only matters at the start of a line.
 */
const MARKDOWN_INLINE = /[\\`*_[\]~<>]/g;
/** Line starts that would turn text into a heading or list item. */
const MARKDOWN_LINE_START = /^(\s*)([#>+-]|\d+[.)])(?=\s)/gm;

/**
 * Escapes the Markdown that untrusted text could use (emphasis, links, code, HTML-looking tags,
 * list and heading markers), so it shows literally; breaks up `${` so it can never look like a
 * template binding; strips control characters and bidirectional overrides. Plain punctuation is left alone, so names like
 * "Sales (EU)" stay readable.
 */
export function escapeCardText(text: string): string {
  return (
    stripBidiControls(text)
      // eslint-disable-next-line no-control-regex -- stripping control characters is the point
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
      .replace(MARKDOWN_INLINE, (c) => `\\${c}`)
      .replace(MARKDOWN_LINE_START, (_m, space: string, marker: string) =>
        /^\d/.test(marker)
          ? `${space}${marker.slice(0, -1)}\\${marker.slice(-1)}`
          : `${space}\\${marker}`,
      )
      .replace(/\$\{/g, '$\u200b{')
  );
}

/**
 * Shortens text to at most `max` characters (by code point, so emoji are not split), adding an
 * ellipsis when cut.
 */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) {
    return text;
  }
  return `${chars
    .slice(0, Math.max(0, max - 1))
    .join('')
    .trimEnd()}…`;
}

/** An unpaired UTF-16 surrogate: text with one has no UTF-8 form (encodeURIComponent throws). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

/** True when `text` contains an unpaired surrogate. */
export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

/** `text` with every unpaired surrogate replaced by `by` (U+FFFD, the replacement character). */
export function replaceLoneSurrogates(text: string, by = '\ufffd'): string {
  return text.replace(LONE_SURROGATES, by);
}

/**
 * Makes untrusted text safe as plain text: no control or bidi-override characters, no lone
 * surrogates, single spaces, and no `${` that could look like a binding. Cut to `maxChars`.
 */
export function plainCardText(text: unknown, maxChars: number): string {
  const s = typeof text === 'string' ? text : '';
  const clean = replaceLoneSurrogates(s, '')
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return truncate(clean, maxChars).replace(/\$\{/g, '$\u200b{');
}

/** Bytes a string takes inside the card's JSON. */
export function jsonBytes(s: string): number {
  return Buffer.byteLength(JSON.stringify(s), 'utf8') - 2;
}

/**
 * Cleans, escapes and cuts untrusted text to at most `maxChars` characters and `maxBytes` bytes of
 * JSON (escaping can triple hostile text, so the cut repeats a bounded few times).
 */
export function fitCardText(text: unknown, maxChars: number, maxBytes: number): string {
  let chars = maxChars;
  for (let attempt = 0; attempt < 12 && chars > 0; attempt++) {
    const out = escapeCardText(plainCardText(text, chars));
    if (jsonBytes(out) <= maxBytes) return out;
    chars = Math.floor(chars * 0.6);
  }
  return '…';
}

/**
 * Carries a person's own text inside a card action's data without ever putting it there as text:
 * base64url of the cleaned text. A client never renders it and no log or middleware mistakes it
 * for markup; the bot reads it back with {@link readCarriedText}, which cleans it again.
 */
export function carryText(text: string, maxChars: number): string {
  return Buffer.from(plainCardText(text, maxChars), 'utf8').toString('base64url');
}

/** The text {@link carryText} carried, cleaned and cut again (a forged value is just text). */
export function readCarriedText(carried: unknown, maxChars: number): string {
  if (typeof carried !== 'string' || !/^[A-Za-z0-9_-]{0,8000}$/.test(carried)) return '';
  return plainCardText(Buffer.from(carried, 'base64url').toString('utf8'), maxChars);
}

/**
 * Breaks up `${` in text shown as-is (input values, choice and button titles), which
 * escapeCardText does not touch, so it never reads as a template binding. Any other text is
 * unchanged.
 */
export function noBinding(text: string): string {
  return text.replace(/\$\{/g, '$\u200b{');
}

/**
 * A stored ISO time (`2026-12-04T13:59:02.123Z`) as Teams shows it in the reader's own time zone
 * and format: the Adaptive Cards DATE function, and TIME after it unless `dateOnly`. '' for a
 * value that is not such a time.
 */
export function cardTime(iso: string, options: { dateOnly?: boolean } = {}): string {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.\d+)?Z$/.exec(iso);
  if (!m) return '';
  const at = `${m[1]}Z`;
  return options.dateOnly ? `{{DATE(${at}, SHORT)}}` : `{{DATE(${at}, SHORT)}} {{TIME(${at})}}`;
}
