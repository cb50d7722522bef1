import * as ACData from 'adaptivecards-templating';

import { AppError } from '../errors';
import { translator, type Translate } from '../i18n/catalogue';
import type { Language } from '../i18n/languages';
import { stripBidiControls } from '../unicode';

/** MIME type Teams expects for Adaptive Card attachments and Universal Action card responses. */
export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/** Largest card we send, in bytes of JSON; safe for every Teams client and relay. */
export const MAX_CARD_BYTES = 28 * 1024;

/** Plain attachment object; flows wrap it in an activity. No botbuilder types here. */
export interface CardAttachment {
  contentType: typeof ADAPTIVE_CARD_CONTENT_TYPE;
  content: Record<string, unknown>;
}

/**
 * A rendered card plus the text Teams shows in notifications and the activity feed
 * (otherwise it reads "Sent a card") and in clients that cannot render cards.
 */
export interface RenderedCard {
  attachment: CardAttachment;
  summary: string;
}

/** A button that sends a command as if the user typed it (Teams `imBack`). */
export interface CommandButton {
  title: string;
  value: string;
}

/** A compiled card template, bound with `${...}` expressions. */
export interface CardTemplate<TData> {
  readonly name: string;
  /** The bound card as a fresh object. */
  bind(data: TData): Record<string, unknown>;
  /** The bound card as JSON text (for callers that substitute a value before parsing). */
  bindText(data: TData): string;
}

/** Bound cards kept per template, keyed by their data; most cards repeat (help, answers). */
const CACHE_ENTRIES = 256;

/**
 * Compiles a card JSON template once, so each render only expands it (about a millisecond).
 * Binding fails loudly if any `${` is left unexpanded (a field missing from the data) or if the
 * card outgrows {@link MAX_CARD_BYTES}: both are bugs, never something to send to a user.
 */
export function compileTemplate<TData extends object>(
  name: string,
  json: object,
): CardTemplate<TData> {
  // Parsed on first render: the first parse warms the expression engine (tens of milliseconds),
  // which a process should not pay at startup for cards it may never send.
  let template: ACData.Template | undefined;
  // Expanding a template costs about a millisecond; the same data gives the same card, so bound
  // cards are memoised (bounded, least recently used first out) as checked JSON text.
  const cache = new Map<string, string>();
  const bindText = (data: TData): string => {
    const key = JSON.stringify(data);
    const hit = cache.get(key);
    if (hit !== undefined) {
      cache.delete(key);
      cache.set(key, hit);
      return hit;
    }
    // No bidirectional override reaches a client, whichever field the data filled.
    const text = stripBidiControls(
      JSON.stringify((template ??= new ACData.Template(json)).expand({ $root: data })),
    );
    if (text.includes('${')) {
      throw new AppError('internal', `Card "${name}" has an unexpanded binding`);
    }
    if (Buffer.byteLength(text, 'utf8') > MAX_CARD_BYTES) {
      throw new AppError('internal', `Card "${name}" is larger than ${MAX_CARD_BYTES} bytes`);
    }
    cache.set(key, text);
    if (cache.size > CACHE_ENTRIES) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
    return text;
  };
  return {
    name,
    bindText,
    bind: (data: TData): Record<string, unknown> =>
      JSON.parse(bindText(data)) as Record<string, unknown>,
  };
}

/**
 * Freezes a JSON-like value and everything in it, for card data and content shared between turns:
 * code that tried to change a shared card would throw instead of changing it for everyone.
 */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

/** Wraps card content as an attachment. */
export function toAttachment(content: Record<string, unknown>): CardAttachment {
  return { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content };
}

/** A catalogue string in a card template: `{{t:area.key}}`, replaced when the template compiles. */
const CATALOGUE_TOKEN = /\{\{t:([a-zA-Z0-9_.-]+)\}\}/g;

/**
 * A catalogue string with card values in it: `{{t:area.key|name=field,other=field2}}` becomes the
 * string of `area.key` in the language, with `{{name}}` standing for the binding `${field}`. The
 * sentence keeps each language's word order ("Ticket **ENR-…** filed" / "チケット ENR-… を…"),
 * and the catalogue itself never holds `${`.
 */
const VALUE_TOKEN = /\{\{t:([a-zA-Z0-9_.-]+)\|([a-zA-Z0-9_=,.]+)\}\}/g;
/** Stands for a binding inside the translated text until the text is checked. */
const MARK = /\uE000([a-zA-Z0-9_.]+)\uE001/g;

/**
 * Replaces every catalogue token in the string values of a card template with the string of that
 * key in one language: value tokens (`{{t:key|name=field}}`) first, then labels (`{{t:key}}`).
 * Catalogue strings are trusted text; one holding `${` would become a binding, so that is refused
 * (a test checks the catalogue too).
 */
export function localizeTemplateJson(json: unknown, t: Translate, name = 'card'): unknown {
  if (typeof json === 'string') {
    const refuse = (key: string): never => {
      throw new AppError('internal', `Card "${name}": catalogue string ${key} holds "\${"`);
    };
    return json
      .replace(VALUE_TOKEN, (_m, key: string, spec: string) => {
        const params: Record<string, string> = {};
        for (const pair of spec.split(',')) {
          const [param, field] = pair.split('=');
          if (param && field) params[param] = `\uE000${field}\uE001`;
        }
        const text = t(key, params);
        if (text.replace(MARK, '').includes('${')) refuse(key);
        return text.replace(MARK, (_b, field: string) => `\${${field}}`);
      })
      .replace(CATALOGUE_TOKEN, (_m, key: string) => {
        const text = t(key);
        if (text.includes('${')) refuse(key);
        return text;
      });
  }
  if (Array.isArray(json)) return json.map((v) => localizeTemplateJson(v, t, name));
  if (json && typeof json === 'object') {
    return Object.fromEntries(
      Object.entries(json).map(([k, v]) => [k, localizeTemplateJson(v, t, name)]),
    );
  }
  return json;
}

/** A card template compiled once per language, on first use in that language. */
export type LocalizedTemplate<TData> = (lang: Language) => CardTemplate<TData>;

/**
 * Compiles a card template whose labels are catalogue tokens (`{{t:answer.steps}}`, or with values
 * `{{t:report.filed|id=caseId}}`), once per
 * language: rendering in German costs what rendering in English does.
 */
export function compileLocalizedTemplate<TData extends object>(
  name: string,
  json: object,
): LocalizedTemplate<TData> {
  const compiled = new Map<Language, CardTemplate<TData>>();
  return (lang) => {
    let template = compiled.get(lang);
    if (!template) {
      template = compileTemplate<TData>(
        name,
        localizeTemplateJson(json, translator(lang), name) as object,
      );
      compiled.set(lang, template);
    }
    return template;
  };
}
