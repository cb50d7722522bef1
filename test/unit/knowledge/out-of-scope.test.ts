import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { ARTICLES_DIR } from '../../../src/knowledge/articles';
import { KnowledgeBase, type KnowledgeAnswer } from '../../../src/knowledge/knowledge-base';
import { loadKnowledgeBase, loadKnowledgeBases } from '../../../src/knowledge/load';
import {
  loadOutOfScopeTopics,
  outOfScopePath,
  type OutOfScopeTopic,
} from '../../../src/knowledge/out-of-scope';
import { article } from '../../factories/articles';

let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'out-of-scope-'));
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Writes a topics file and returns its path. */
function topicsFile(name: string, yaml: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, yaml, 'utf8');
  return file;
}

const GOOD_TOPIC = `- id: hr-leave
  label: leave and holidays
  phrasings:
    - how many leave days do I have
    - how do I book annual leave
    - when is the next public holiday
  keywords: [leave, holiday, 2026]
`;

describe('loadOutOfScopeTopics', () => {
  it('loads a valid file, coercing keywords to text and defaulting them to none', () => {
    const file = topicsFile(
      'good.yml',
      `${GOOD_TOPIC}- id: weather
  label: the weather
  phrasings: [is it raining, what is the forecast, will it be sunny]
`,
    );
    const topics = loadOutOfScopeTopics(file);
    expect(topics.map((t) => t.id)).toEqual(['hr-leave', 'weather']);
    expect(topics[0]?.keywords).toEqual(['leave', 'holiday', '2026']);
    expect(topics[1]?.keywords).toEqual([]);
  });

  it.each([
    ['an id that is not kebab case', GOOD_TOPIC.replace('id: hr-leave', 'id: HR_Leave'), /0\.id/],
    [
      'too few phrasings',
      GOOD_TOPIC.replace('    - when is the next public holiday\n', ''),
      /0\.phrasings/,
    ],
    [
      'a label too short to read',
      GOOD_TOPIC.replace('label: leave and holidays', 'label: hr'),
      /0\.label/,
    ],
    ['a missing label', GOOD_TOPIC.replace('  label: leave and holidays\n', ''), /0\.label/],
    ['a document that is not a list', 'id: hr-leave\nlabel: leave\n', /bad\.yml/],
  ])('refuses a file with %s, naming the problem', (_name, yaml, problem) => {
    const file = topicsFile('bad.yml', yaml);
    expect(() => loadOutOfScopeTopics(file)).toThrow(problem);
    // The message names the file at fault (each language has its own).
    expect(() => loadOutOfScopeTopics(file)).toThrow(/bad\.yml/);
  });

  it('refuses a file with the same id twice', () => {
    const file = topicsFile('twice.yml', `${GOOD_TOPIC}${GOOD_TOPIC}`);
    expect(() => loadOutOfScopeTopics(file)).toThrow(/"hr-leave" appears twice/);
  });

  it('loads the real file: unique ids, labels that complete "I can\'t help with …"', () => {
    const topics = loadOutOfScopeTopics(outOfScopePath(ARTICLES_DIR));
    expect(topics.length).toBeGreaterThanOrEqual(5);
    expect(new Set(topics.map((t) => t.id)).size).toBe(topics.length);
    for (const t of topics) {
      expect(t.phrasings.length).toBeGreaterThanOrEqual(3);
      expect(t.label).toMatch(/^[a-z]/);
      expect(t.label).not.toMatch(/[.!?]$/);
    }
  });
});

describe('KnowledgeBase with out-of-scope topics', () => {
  const topic: OutOfScopeTopic = {
    id: 'hr-leave',
    label: 'leave and holidays',
    phrasings: [
      'how many leave days do I have left',
      'how do I book annual leave',
      'when is the next public holiday',
    ],
    keywords: ['leave', 'holiday', 'vacation', 'payslip'],
  };
  const articles = [
    article({
      id: 'authenticator',
      title: 'Why do I need Microsoft Authenticator?',
      phrasings: ['why authenticator', 'do I need the authenticator app', 'authenticator required'],
      keywords: ['authenticator', 'app'],
      body: 'Microsoft Authenticator signs you in to work apps on your iPhone.',
    }),
    article({
      id: 'privacy',
      title: 'What can my organisation see on my iPhone?',
      phrasings: ['can my boss see my photos', 'can IT read my messages', 'what can IT see'],
      keywords: ['privacy', 'photos', 'messages'],
      body: 'Your organisation cannot see your photos, messages or browsing history.',
    }),
  ];

  it('answers a question on a listed topic with out-of-scope and the topic label', () => {
    const kb = new KnowledgeBase(articles, { outOfScope: [topic] });
    expect(kb.answer('how do I book some annual leave for next week')).toEqual({
      kind: 'out-of-scope',
      platform: undefined,
      topic: 'leave and holidays',
      topicId: 'hr-leave',
    });
  });

  it.each([
    'do I need the authenticator app',
    'can my boss see my photos',
    'can my boss see my photos while I am on leave',
  ])('decides "%s" as it would without the topics', (question) => {
    const withTopics = new KnowledgeBase(articles, { outOfScope: [topic] }).answer(question);
    const without = new KnowledgeBase(articles).answer(question);
    expect(withTopics.kind).not.toBe('out-of-scope');
    expect(withTopics.kind).toBe(without.kind);
  });

  it('never returns a topic as a search hit', () => {
    const kb = new KnowledgeBase(articles, { outOfScope: [topic] });
    const ids = kb.search('how many leave days do I have left').map((h) => h.article.id);
    for (const id of ids) expect(['authenticator', 'privacy']).toContain(id);
  });

  it('corrects spelling before deciding', () => {
    const kb = new KnowledgeBase(articles, { outOfScope: [topic] });
    const answer = kb.answer('why do I need authenticatr');
    expect(answer.kind).toBe('answer');
    if (answer.kind === 'answer') expect(answer.hit.article.id).toBe('authenticator');
  });
});

describe('the real knowledge base', () => {
  const kb = loadKnowledgeBase();

  function label(answer: KnowledgeAnswer): string | undefined {
    return answer.kind === 'out-of-scope' ? answer.topic : undefined;
  }

  it.each([
    ['what is the cheapest iphone i could purchase', /buying a device/],
    ['Which iPad would you recommend I get for work?', /buying a device/],
    ['can I book annual leave through this bot', /leave/],
    ['how much vacation do I have remaining', /leave|holiday/],
    ['Teams is down for everybody in my office', /outage|status/],
    ['is there an outage with Teams today', /outage|status/],
    ['where can I get my P45 from', /leave|HR/],
    ['how do I log my hours on the timesheet for the Leeds job', /leave|HR/],
    ['who approves it if I swap shifts with a colleague', /leave|HR/],
    ['can someone arrange cover for my class on Monday morning', /leave|HR/],
    ['the softphone makes my headset crackle, which setting fixes it', /other apps/],
  ])('recognises "%s" as another topic and names it', (question, topicLabel) => {
    const answer = kb.answer(question);
    expect(answer.kind).toBe('out-of-scope');
    expect(label(answer)).toMatch(topicLabel);
  });

  it.each([
    'Teams says I need to enroll my device',
    'Outlook on my iPhone says my device must be enrolled',
    'Do I need to leave Authenticator installed?',
    'What happens to my work data when I leave the company?',
    'will my employer see my vacation photos',
    'Can IT see my personal calendar?',
  ])('still answers "%s", which shares a word with another topic', (question) => {
    expect(kb.answer(question).kind).toBe('answer');
  });

  it('answers "can my boss see my photos" with the privacy article', () => {
    const answer = kb.answer('can my boss see my photos');
    expect(answer.kind).toBe('answer');
    if (answer.kind === 'answer') expect(answer.hit.article.id).toBe('privacy-personal-data');
  });
});

describe('the topics in other languages', () => {
  it.each(['de', 'fr', 'es', 'ja'])('%s has every English topic, with the same ids', (lang) => {
    const dir = path.resolve(__dirname, '../../../src/knowledge/articles');
    const english = loadOutOfScopeTopics(outOfScopePath(dir)).map((t) => t.id);
    const other = loadOutOfScopeTopics(outOfScopePath(dir, lang)).map((t) => t.id);
    expect(other).toEqual(english);
  });
});

describe('office equipment in other languages', () => {
  const kbs = loadKnowledgeBases();

  it.each([
    ['de', 'Der Kopierer im zweiten Stock hat schon wieder Papierstau'],
    ['fr', 'La photocopieuse du couloir ne veut plus imprimer'],
    ['es', 'La fotocopiadora de la oficina no quiere imprimir'],
    ['ja', '会議室の横のコピー機で印刷ができません'],
  ] as const)('%s: %p is another topic', (lang, question) => {
    const answer = kbs[lang]?.answer(question);
    expect(answer?.kind).toBe('out-of-scope');
  });
});

describe('time off, in words of its own (fresh round holdout-18 / unseen-14)', () => {
  const kbs = loadKnowledgeBases({ examplesExcept: new Set(['holdout-18b', 'unseen-14-de']) });

  it.each([
    ['en', 'where do I request PTO for the Friday after Thanksgiving'],
    ['de', 'Wie trage ich Gleitzeit für den 3. Oktober ein?'],
  ] as const)('%s: %p is another topic', (lang, question) => {
    const answer = kbs[lang]?.answer(question);
    expect(answer?.kind).toBe('out-of-scope');
  });

  it('names the other topic when it matched far more of the question than any article', () => {
    // The articles each match a word or two ("Portal"); the topic of leave matches most of it,
    // though it ranks only fourth.
    const de = loadKnowledgeBases({ examplesExcept: new Set(['unseen-6-de']) }).de;
    const answer = de?.answer(
      'Wie stell ich meinen Urlaubsantrag für August ein? Find das im neuen Portal nirgends',
    );
    expect(answer?.kind).toBe('out-of-scope');
    expect(answer?.kind === 'out-of-scope' && answer.topic).toMatch(/Urlaub/);
  });
});

describe('pay slips in Latin American words (fresh set unseen-15)', () => {
  it('"liquidación de sueldo" is pay, another topic', () => {
    const es = loadKnowledgeBases({ examplesExcept: new Set(['unseen-15-es']) }).es;
    const answer = es?.answer(
      'dónde descargo la liquidación de sueldo de este mes? no la encuentro',
    );
    expect(answer?.kind).toBe('out-of-scope');
  });
});

describe('pay slips in the words of Dakar and Lyon (fresh set unseen-26)', () => {
  it('"bulletin de salaire" is pay, another topic, beside Wolof words and "mails"', () => {
    const fr = loadKnowledgeBases({ examplesExcept: new Set(['unseen-26-fr']) }).fr;
    const answer = fr?.answer(
      'Sama bulletin de salaire bou décembre, je le trouve où ? Il est pas dans mes mails',
    );
    expect(answer?.kind).toBe('out-of-scope');
  });
});
