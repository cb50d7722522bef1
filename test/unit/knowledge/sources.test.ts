import { ARTICLES_DIR, loadArticles, parseArticle } from '../../../src/knowledge/articles';
import {
  formatSourceLine,
  loadSourceCatalogue,
  parseSourceCatalogue,
  plainSourceLine,
  sourceCataloguePath,
} from '../../../src/knowledge/sources';

const catalogue = loadSourceCatalogue(sourceCataloguePath(ARTICLES_DIR));
const articles = loadArticles();

/** What must never reach an employee: repository paths, file names, internal document names. */
const INTERNAL =
  /shared\/|seeds?\/|docs\/|\.md\b|\.txt\b|\.ya?ml\b|enrollment-facts|graph-reference|house-style/i;

describe('the source catalogue', () => {
  it('lists public documents with https addresses on the publishers’ own sites', () => {
    expect(catalogue.size).toBeGreaterThanOrEqual(5);
    for (const doc of catalogue.values()) {
      expect(doc.title).not.toMatch(INTERNAL);
      if (doc.url) expect(new URL(doc.url).protocol).toBe('https:');
      expect(doc.verified).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('refuses an address on another host, a non-https one and a bad id', () => {
    const entry = (url: string): string =>
      `x-doc:\n  title: A title\n  publisher: Someone\n  url: ${url}\n  verified: 2026-12-04\n`;
    expect(() => parseSourceCatalogue(entry('https://example.com/page'))).toThrow(/x-doc/);
    expect(() => parseSourceCatalogue(entry('http://learn.microsoft.com/page'))).toThrow(/x-doc/);
    expect(() =>
      parseSourceCatalogue('Not_An_Id:\n  title: T t\n  publisher: P p\n  verified: 1\n'),
    ).toThrow(/kebab/);
    expect(parseSourceCatalogue(entry('https://learn.microsoft.com/intune/x')).size).toBe(1);
  });

  it('formats a source line with linked titles, merging sections of one document', () => {
    const line = formatSourceLine(
      [
        { ref: 'ms-account-driven-setup', section: 'Prerequisites' },
        { ref: 'ms-account-driven-setup', section: 'Step 3' },
      ],
      catalogue,
    );
    const doc = catalogue.get('ms-account-driven-setup')!;
    expect(line).toBe(
      `Source: [${doc.title}](${doc.url}) (${doc.publisher}), "Prerequisites", "Step 3"`,
    );
    expect(
      plainSourceLine([{ ref: 'ms-account-driven-setup', section: 'Step 3' }], catalogue),
    ).toBe(`Source: ${doc.title} (${doc.publisher}), "Step 3"`);
  });
});

describe('sources shown to employees', () => {
  it.each(articles.map((a) => [a.id, a] as const))(
    '%s cites public documents only, never a repository path or file name',
    (_id, article) => {
      expect(article.sourceLine).toMatch(/^Sources?: /);
      expect(article.sourceLine).not.toMatch(INTERNAL);
      for (const text of [article.title, article.summary, article.body, ...article.steps]) {
        expect(text).not.toMatch(INTERNAL);
      }
    },
  );

  it('refuses an article citing a document the catalogue does not have', () => {
    const text =
      '---\nid: x\ntitle: A title\nsummary: A summary long enough.\nphrasings: [a b c, d e f, g h i]\n' +
      'category: concepts\nsources:\n  - ref: not-in-catalogue\n    section: S\n---\nA body that is long enough.';
    expect(() => parseArticle('x.md', text, catalogue)).toThrow(/not-in-catalogue/);
  });
});
