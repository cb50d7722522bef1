import type { Article } from '../../src/knowledge/articles';

/** A valid article with overridable fields, for tests that must not depend on real content. */
export function article(overrides: Partial<Article> & { id: string }): Article {
  return {
    title: `Title of ${overrides.id}`,
    summary: `Summary of ${overrides.id}, long enough.`,
    phrasings: ['one way to ask', 'another way to ask', 'a third way to ask'],
    keywords: [],
    appliesTo: { methods: ['any'] },
    audience: 'employee',
    category: 'concepts',
    steps: [],
    related: [],
    needs: [],
    sources: [{ ref: 'test-source', section: 'Test section' }],
    sourceLine: 'Source: Test doc (Test publisher), "Test section"',
    body: `Body of ${overrides.id} with enough words to be an answer.`,
    ...overrides,
  };
}
