/**
 * OData query handling of the LOCAL INTUNE SANDBOX: `$search` clauses with Graph's tokenized
 * matching, loose `$select`, `$top` paging with `@odata.nextLink`, and the few `$filter` forms
 * the sandbox understands (`isof` casts, `property eq 'text'` terms joined by `or`).
 */

/** One `"property:text"` clause. */
interface SearchClause {
  property: string;
  text: string;
}

/** A parsed `$search`: clauses OR-ed together, each alternative an AND of clauses. */
export type SearchExpression = SearchClause[][];

/**
 * Parses `"displayName:iOS BYOD" OR "description:pilot"`: quoted clauses (`\"` and `\\` escape
 * inside them) joined by upper-case AND/OR. Returns an error message for malformed input.
 */
export function parseSearch(raw: string): SearchExpression | string {
  const alternatives: SearchExpression = [[]];
  let rest = raw.trim();
  let expectClause = true;
  while (rest.length > 0) {
    if (expectClause) {
      const match = /^"((?:\\.|[^"\\])*)"/s.exec(rest);
      if (!match) return `Syntax error: the $search value must be quoted "property:text" clauses.`;
      const body = (match[1] ?? '').replace(/\\(.)/gs, '$1');
      const colon = body.indexOf(':');
      if (colon <= 0) return `Syntax error: '${body}' is not a "property:text" clause.`;
      alternatives[alternatives.length - 1]?.push({
        property: body.slice(0, colon),
        text: body.slice(colon + 1),
      });
      rest = rest.slice(match[0].length).trimStart();
      expectClause = false;
    } else {
      const op = /^(AND|OR)\s+/.exec(rest);
      if (!op) return `Syntax error at '${rest}': join clauses with AND or OR.`;
      if (op[1] === 'OR') alternatives.push([]);
      rest = rest.slice(op[0].length);
      expectClause = true;
    }
  }
  if (expectClause) return 'Syntax error: the $search value is empty or ends with an operator.';
  return alternatives;
}

/** Splits text the way directory search tokenizes displayName: on symbols, spaces, case and digits. */
export function tokenize(text: string): string[] {
  return text
    .replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2')
    .replace(/(\p{L})(\p{N})/gu, '$1 $2')
    .replace(/(\p{N})(\p{L})/gu, '$1 $2')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** True when every token of `text` starts some token of `value` (tokenized prefix search). */
function tokensMatch(value: string, text: string): boolean {
  const wanted = tokenize(text);
  if (wanted.length === 0) return false;
  // Whole words too: whether Graph splits "iOS" into "i"+"OS" is not observable here, and a
  // demo search for "ios" should find "iOS BYOD Pilot".
  const have = [...tokenize(value), ...value.toLowerCase().split(/[^\p{L}\p{N}]+/u)];
  return wanted.every((w) => have.some((h) => h.startsWith(w)));
}

/** Evaluates a parsed `$search` against an object's string properties (case-insensitive names). */
export function matchesSearch(
  item: Record<string, unknown>,
  expression: SearchExpression,
): boolean {
  const read = (property: string): string => {
    const key = Object.keys(item).find((k) => k.toLowerCase() === property.toLowerCase());
    const value = key === undefined ? undefined : item[key];
    return typeof value === 'string' ? value : '';
  };
  return expression.some((all) => all.every((c) => tokensMatch(read(c.property), c.text)));
}

/** Applies `$select` loosely: listed properties (any case) plus `@odata.type`; all when absent. */
export function applySelect(
  item: Record<string, unknown>,
  select: string | null,
): Record<string, unknown> {
  if (!select) return item;
  const wanted = select
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(item)) {
    if (key === '@odata.type' || wanted.includes(key.toLowerCase())) out[key] = value;
  }
  return out;
}

/** A page of a collection. */
export interface Page<T> {
  value: T[];
  nextLink?: string;
  count: number;
}

/** Largest `$top` of directory collections; Intune's collections allow 1000. */
export const DIRECTORY_MAX_TOP = 999;

/**
 * One page by `$top` (default 100, at most `maxTop`) and the sandbox's `$skiptoken` (an offset).
 * The next link repeats the request's other query parameters, as Graph's do.
 */
export function paginate<T>(
  items: readonly T[],
  url: URL,
  origin: string,
  maxTop: number = DIRECTORY_MAX_TOP,
): Page<T> | string {
  const topRaw = url.searchParams.get('$top');
  let top = 100;
  if (topRaw !== null) {
    if (!/^\d+$/.test(topRaw) || Number(topRaw) < 1)
      return `Invalid page size '${topRaw}' for $top.`;
    top = Math.min(maxTop, Number(topRaw));
  }
  const skipRaw = url.searchParams.get('$skiptoken');
  let skip = 0;
  if (skipRaw !== null) {
    const m = /^offset-(\d+)$/.exec(skipRaw);
    if (!m) return 'Invalid $skiptoken.';
    skip = Number(m[1]);
  }
  const value = items.slice(skip, skip + top);
  const page: Page<T> = { value, count: items.length };
  if (skip + top < items.length) {
    const next = new URL(url.pathname, origin);
    url.searchParams.forEach((v, k) => {
      if (k !== '$skiptoken') next.searchParams.set(k, v);
    });
    next.searchParams.set('$skiptoken', `offset-${skip + top}`);
    page.nextLink = next.toString();
  }
  return page;
}

/**
 * Parses the `$filter` forms the sandbox understands on typed collections: `isof('ns.type')`
 * terms joined by `or`, optionally in parentheses. Returns the lower-cased type names with a
 * leading `#`, or an error message for anything else (the sandbox is not an OData engine).
 */
export function parseIsofFilter(raw: string): string[] | string {
  const text = raw.trim().replace(/^\((.*)\)$/s, '$1');
  const terms = text.split(/\s+or\s+/i);
  const types: string[] = [];
  for (const term of terms) {
    const match = /^\(?\s*isof\(\s*'([A-Za-z0-9_.]+)'\s*\)\s*\)?$/i.exec(term.trim());
    if (!match?.[1]) {
      return `Invalid filter clause: the sandbox supports only isof('microsoft.graph.<type>') terms joined by or, not '${raw}'.`;
    }
    types.push(`#${match[1].toLowerCase()}`);
  }
  return types;
}

/** One `property eq 'text'` term of a `$filter` (the text with OData's `''` unescaped). */
export interface EqualityTerm {
  property: string;
  value: string;
}

/**
 * Parses `$filter` forms made of `property eq 'text'` terms (property paths such as
 * `teamsApp/externalId` allowed) joined by `or`, each optionally in parentheses. Returns the
 * terms, or an error message for anything else (the sandbox is not an OData engine).
 */
export function parseEqualityFilter(raw: string): EqualityTerm[] | string {
  const terms: EqualityTerm[] = [];
  let rest = raw.trim();
  for (;;) {
    const match = /^(\(\s*)?([A-Za-z][A-Za-z0-9_/]*)\s+eq\s+'((?:[^']|'')*)'(\s*\))?/i.exec(rest);
    if (!match?.[2] || Boolean(match[1]) !== Boolean(match[4])) {
      return `Invalid filter clause: the sandbox supports only property eq 'text' terms joined by or, not '${raw}'.`;
    }
    terms.push({ property: match[2], value: (match[3] ?? '').replace(/''/g, "'") });
    rest = rest.slice(match[0].length).trim();
    if (rest === '') return terms;
    const or = /^or\s+/i.exec(rest);
    if (!or) {
      return `Invalid filter clause: the sandbox supports only property eq 'text' terms joined by or, not '${raw}'.`;
    }
    rest = rest.slice(or[0].length);
  }
}
