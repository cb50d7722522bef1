/**
 * Finds sentences written straight into the code (string and template literals with at least two
 * words), which is where user-facing text hides when it is not in the message catalogue. Log
 * messages, internal errors, regular expressions, zod schemas and translate calls are skipped.
 * Used by test/unit/i18n/no-literals.test.ts; uses the TypeScript compiler's parser.
 */
import fs from 'node:fs';
import path from 'node:path';

import ts from 'typescript';

/** Calls whose string arguments are never shown to people. */
const SKIPPED_CALLS =
  /^(this\.)?(\w+\.)*(logger|log)\.\w+$|^console\.\w+$|^t$|^tr$|^translator$|^require$|^RegExp$|^AppError$|^Error$|^TypeError$|^RangeError$|^z\.\w+$|\.(describe|regex|startsWith|endsWith|includes|split|replace|replaceAll|join|test|match|set|get|has)$/;

/** A literal that reads as words ("Pick a group"), not an id, path, key or code. */
function isSentence(text: string): boolean {
  return /[A-Za-z]{2,} +[A-Za-z]{2,}/.test(text) && !/^[\w./:@-]+$/.test(text);
}

/** The sentence-like literals of one TypeScript file. */
export function userLiterals(file: string): string[] {
  const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const hits: string[] = [];
  const lines = sf.text.split('\n');
  // "// i18n-exempt: <why>" on the line or the line before: text no person reads (a search
  // query, a marker compared in code).
  const exempt = (n: ts.Node): boolean => {
    const line = sf.getLineAndCharacterOfPosition(n.getStart(sf)).line;
    return /i18n-exempt/.test(lines[line] ?? '') || /i18n-exempt/.test(lines[line - 1] ?? '');
  };
  const visit = (n: ts.Node): void => {
    if (ts.isImportDeclaration(n) || ts.isExportDeclaration(n) || ts.isTypeNode(n)) return;
    if (
      (ts.isCallExpression(n) || ts.isNewExpression(n)) &&
      SKIPPED_CALLS.test(n.expression.getText(sf))
    ) {
      return;
    }
    let text: string | undefined;
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) text = n.text;
    else if (ts.isTemplateExpression(n)) {
      text = [n.head.text, ...n.templateSpans.map((s) => s.literal.text)].join(' ');
    }
    if (text !== undefined && isSentence(text) && !exempt(n)) {
      hits.push(text);
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return hits;
}

/** Every .ts file under the given folders or files (relative to `root`). */
export function sourceFiles(root: string, entries: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (p: string): void => {
    const stat = fs.statSync(p);
    if (stat.isDirectory()) {
      for (const e of fs.readdirSync(p)) walk(path.join(p, e));
    } else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) {
      out.push(p);
    }
  };
  for (const e of entries) walk(path.join(root, e));
  return out.sort();
}

/** Card properties people read. */
const SHOWN = new Set([
  'text',
  'title',
  'label',
  'placeholder',
  'errorMessage',
  'altText',
  'fallbackText',
  'speak',
]);

/**
 * The words a card template shows that are neither a binding (`${…}`) nor a catalogue token
 * (`{{t:…}}`): literal labels that would stay English in every language.
 */
export function cardLiterals(card: unknown): string[] {
  const out: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (typeof value === 'string' && SHOWN.has(key)) {
        const rest = value.replace(/\$\{[^}]*\}/g, ' ').replace(/\{\{t:[^}]*\}\}/g, ' ');
        if (/\p{L}{2,}/u.test(rest)) out.push(value);
      } else {
        visit(value);
      }
    }
  };
  visit(card);
  return out;
}
