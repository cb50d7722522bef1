/**
 * Text helpers for putting untrusted text (user messages, Graph display names, error strings from
 * devices) into Adaptive Card TextBlocks safely.
 */

/** Characters with a meaning in the Markdown subset Teams renders in TextBlocks. */
const MARKDOWN_SPECIAL = /[\\`*_[\]()#+\-.!|<>~]/g;

/**
 * Escapes Markdown and HTML-ish characters so untrusted text shows literally, and breaks up `${`
 * so it can never look like a template binding. Also strips control characters.
 */
export function escapeCardText(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- stripping control characters is the point
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
      .replace(MARKDOWN_SPECIAL, (c) => `\\${c}`)
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
