import fs from 'node:fs';
import path from 'node:path';

import { buildExamples } from '../../../scripts/build-examples';
import { LANGUAGES } from '../../../src/i18n/languages';
import { loadArticles } from '../../../src/knowledge/articles';
import {
  examplesPath,
  exampleSchema,
  loadExamples,
  OUT_OF_SCOPE_LABEL,
  type Example,
} from '../../../src/knowledge/examples';
import { KnowledgeBase } from '../../../src/knowledge/knowledge-base';
import { loadKnowledgeBases } from '../../../src/knowledge/load';

const articles = loadArticles();
const ids = new Set(articles.map((a) => a.id));
const plain = new KnowledgeBase(articles, { memo: 0 });

/** `count` copies of one question, labelled `answer` (a landslide of close examples). */
function many(q: string, answer: string, count = 8): Example[] {
  return Array.from({ length: count }, (_, i) => ({
    q: `${q} ${'really '.repeat(i)}`,
    answer,
    set: 't',
  }));
}

describe('the example questions', () => {
  it('are in step with the question sets they are built from (npm run examples)', () => {
    const built = buildExamples();
    for (const lang of LANGUAGES) {
      const file = JSON.parse(fs.readFileSync(examplesPath(lang), 'utf8')) as unknown;
      expect(file).toEqual(built[lang]);
    }
  });

  it('each name an article that exists, or out-of-scope, and come from a set that exists', () => {
    const sets = new Set(
      fs
        .readdirSync(path.resolve(__dirname, '../../fixtures/qa'))
        .map((f) => f.replace(/\.json$/, '')),
    );
    for (const lang of LANGUAGES) {
      const examples = loadExamples(lang);
      expect(examples.length).toBeGreaterThan(50);
      for (const e of examples) {
        expect(exampleSchema.safeParse(e).success).toBe(true);
        expect(e.answer === OUT_OF_SCOPE_LABEL || ids.has(e.answer)).toBe(true);
        expect(sets.has(e.set)).toBe(true);
      }
    }
  });

  it('never include the shared example questions the bot is measured on', () => {
    const dir = path.resolve(__dirname, '../../../../shared/questions');
    if (!fs.existsSync(dir)) return;
    const shared = new Set(
      fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .flatMap((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as { q?: string }[])
        .map((c) => (c.q ?? '').trim().toLowerCase()),
    );
    expect(shared.size).toBeGreaterThan(0);
    for (const lang of LANGUAGES) {
      for (const e of loadExamples(lang)) expect(shared.has(e.q.trim().toLowerCase())).toBe(false);
    }
  });

  it('leave out the sets named, so a set can be measured by a bot that has not seen it', () => {
    const all = loadExamples('en');
    const set = all[0]?.set ?? '';
    const without = loadExamples('en', new Set([set]));
    expect(without.length).toBeLessThan(all.length);
    expect(without.some((e) => e.set === set)).toBe(false);
  });

  it('are loaded into every language’s knowledge base', () => {
    const kbs = loadKnowledgeBases({ memo: 0 });
    for (const lang of LANGUAGES) {
      expect(kbs[lang]?.vote('iPhone')).toBeDefined();
    }
  });
});

describe('the vote of the closest ways of asking', () => {
  it('says nothing without examples (the search alone decides)', () => {
    expect(plain.vote('how do I enroll my iPhone?')).toBeUndefined();
  });

  it('names the label most of the closest examples carry, and by how far it leads', () => {
    const kb = new KnowledgeBase(articles, {
      memo: 0,
      examples: many('where are my holiday snaps kept', 'privacy-personal-data'),
    });
    const voted = kb.vote('where are my holiday snaps kept');
    expect(voted?.label).toBe('privacy-personal-data');
    expect(voted?.margin).toBeGreaterThanOrEqual(3);
  });

  it('overrules the search only by a landslide', () => {
    const question = 'What happens to my photos when I unenroll?';
    const searched = plain.answer(question);
    expect(searched.kind).toBe('answer');
    const first = searched.kind === 'answer' ? searched.hit.article.id : '';
    // The runner-up of the search: a landslide does not take the answer to an article the search
    // ranks far behind one that matched every word.
    const other = plain.search(question)[1]?.article.id ?? '';
    expect(other).not.toBe(first);
    const landslide = new KnowledgeBase(articles, { memo: 0, examples: many(question, other) });
    const decided = landslide.answer(question);
    expect(decided.kind === 'answer' && decided.hit.article.id).toBe(other);
    // One example against the article's own phrasings is no landslide.
    const single = new KnowledgeBase(articles, { memo: 0, examples: many(question, other, 1) });
    const kept = single.answer(question);
    expect(kept.kind === 'answer' && kept.hit.article.id).toBe(first);
  });

  it('does not take the answer to an article far behind a search that matched every word', () => {
    const question = 'What happens to my photos when I unenroll?';
    const [first, ...rest] = plain.search(question, 6);
    expect(first?.coverage).toBe(1);
    const far = rest.find((h) => h.score < 0.25 * (first?.score ?? 0));
    if (!far) throw new Error('no article far behind');
    const kb = new KnowledgeBase(articles, { memo: 0, examples: many(question, far.article.id) });
    const decided = kb.answer(question);
    expect(decided.kind === 'answer' && decided.hit.article.id).toBe(first?.article.id);
  });

  it('does not take a "how do I" question away from steps to an article without any', () => {
    const question = 'how do I take the enrollment off my phone later on';
    const searched = plain.answer(question);
    const first = searched.kind === 'answer' ? searched.hit.article : undefined;
    expect(first?.steps.length).toBeGreaterThan(0);
    const stepless = articles.find((a) => a.id === 'what-unenroll-removes');
    expect(stepless?.steps).toHaveLength(0);
    const kb = new KnowledgeBase(articles, {
      memo: 0,
      examples: many(question, 'what-unenroll-removes'),
    });
    const decided = kb.answer(question);
    expect(decided.kind === 'answer' && decided.hit.article.id).toBe(first?.id);
    // Asked what it removes, the same landslide carries.
    const what = 'what does taking the enrollment off my phone later on remove';
    const voted = new KnowledgeBase(articles, {
      memo: 0,
      examples: many(what, 'what-unenroll-removes'),
    }).answer(what);
    expect(voted.kind === 'answer' && voted.hit.article.id).toBe('what-unenroll-removes');
  });

  it('lets a clear vote keep a question of many unknown words from being called not ours', () => {
    const kb = loadKnowledgeBases({ examplesExcept: new Set(['holdout-18b']), memo: 0 }).en;
    const question =
      "Went into Settings > General, scrolled through it twice and there's nothing called Device Management. where's it hiding?";
    const decided = kb?.settle(question, kb.answer(question));
    expect(decided?.kind === 'answer' && decided.hit.article.id).toBe('find-vpn-device-management');
    // Without examples to vote, the same words are too few to go on.
    expect(plain.answer(question).kind).toBe('out-of-scope');
    // A question about something else still is not ours.
    const parking = 'where is the nearest parking garage for the night shift crew';
    expect(kb?.answer(parking).kind).toBe('out-of-scope');
  });

  it('can say a question is not ours', () => {
    const question = 'How do I reset my iPhone passcode for the office door badge?';
    const kb = new KnowledgeBase(articles, {
      memo: 0,
      examples: many(question, OUT_OF_SCOPE_LABEL),
    });
    expect(kb.answer(question).kind).toBe('out-of-scope');
  });

  it('settles a "not sure" on one of its suggestions, and only on those', () => {
    const question = 'Is my data safe when I enroll?';
    const unsure = plain.answer(question);
    expect(unsure.kind).toBe('unsure');
    const suggestions = unsure.kind === 'unsure' ? unsure.suggestions : [];
    const second = suggestions[1]?.id ?? '';
    const kb = new KnowledgeBase(articles, { memo: 0, examples: many(question, second) });
    const settled = kb.settle(question, kb.answer(question));
    expect(settled.kind === 'answer' && settled.hit.article.id).toBe(second);
    // The third suggestion too.
    const third = suggestions[2]?.id ?? '';
    const kb3 = new KnowledgeBase(articles, { memo: 0, examples: many(question, third) });
    const settled3 = kb3.settle(question, kb3.answer(question));
    expect(settled3.kind === 'answer' && settled3.hit.article.id).toBe(third);
    // A vote for an article the search did not suggest leaves the "not sure" as it is.
    const far = articles.find((a) => !suggestions.some((s) => s.id === a.id))?.id ?? '';
    const elsewhere = new KnowledgeBase(articles, { memo: 0, examples: many(question, far) });
    const left = elsewhere.settle(question, elsewhere.answer(question));
    expect(left.kind === 'answer' && left.hit.article.id === far).toBe(false);
  });

  it('never settles a question of one word', () => {
    const question = 'what is intune';
    const unsure = plain.answer(question);
    expect(unsure.kind).toBe('unsure');
    const first = unsure.kind === 'unsure' ? (unsure.suggestions[0]?.id ?? '') : '';
    const kb = new KnowledgeBase(articles, { memo: 0, examples: many(question, first) });
    expect(kb.settle(question, kb.answer(question)).kind).toBe('unsure');
  });

  it('leaves out an example whose article does not exist', () => {
    const kb = new KnowledgeBase(articles, {
      memo: 0,
      examples: many('where are my holiday snaps kept', 'no-such-article'),
    });
    expect(kb.vote('where are my holiday snaps kept')?.label).not.toBe('no-such-article');
  });
});
