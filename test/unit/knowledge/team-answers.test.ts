import {
  LiveKnowledgeBase,
  stepsOf,
  TEAM_ANSWERS_KEY,
  TeamAnswerStore,
  teamAnswerArticle,
  type TeamAnswerText,
} from '../../../src/knowledge/team-answers';
import { MemoryStateStorage } from '../../fakes/memory-state-storage';
import { realKnowledgeBase } from '../../helpers/bot-harness';

const TEXT: TeamAnswerText = {
  title: 'Enrollment says "Device attestation failed"',
  question: 'Why does enrollment say device attestation failed?',
  symptom: 'Device attestation failed (0x8010)',
  cause: 'The device could not prove it is genuine. Usually its clock is wrong.',
  steps: '1. Set the date and time to automatic.\n- Start enrollment again.\n\n',
};
const ADMIN = { aadObjectId: 'admin', name: 'Adele Vance' };

describe('team answers', () => {
  it('a published answer is an escaped troubleshooting article that says who wrote it', () => {
    const article = teamAnswerArticle({
      ...TEXT,
      title: 'Attestation [x](https://evil.example) **now** \u202eexe',
      id: 'team-abcdefgh',
      status: 'published',
      rev: 2,
      proposed: { by: ADMIN, at: '2026-12-01T10:00:00.000Z' },
      published: { by: ADMIN, at: '2026-12-02T09:30:00.000Z' },
    });
    expect(article.title).toBe('Attestation \\[x\\](https://evil.example) \\*\\*now\\*\\* exe');
    expect(article.summary).toBe('The device could not prove it is genuine.');
    expect(article.steps).toEqual([
      'Set the date and time to automatic.',
      'Start enrollment again.',
    ]);
    expect(article.sourceLine).toBe(
      'Written by your IT team · published {{DATE(2026-12-02T09:30:00Z, SHORT)}}',
    );
    expect(article.category).toBe('troubleshooting');
  });

  it('steps are one per line, list markers removed, at most eight', () => {
    expect(stepsOf('1) a\n2. b\n* c\n• d')).toEqual(['a', 'b', 'c', 'd']);
    expect(stepsOf(Array.from({ length: 12 }, (_, i) => `step ${i}`).join('\n'))).toHaveLength(8);
  });

  it('changes quote the rev: a stale rev or a change the status does not allow changes nothing', async () => {
    const store = new TeamAnswerStore(new MemoryStateStorage());
    const draft = await store.propose(TEXT, { name: 'Alex' }, 'ENR-7K4M-QX2P');
    expect(await store.change(draft.id, 99, { kind: 'publish' }, ADMIN)).toMatchObject({
      ok: false,
      reason: 'stale',
    });
    expect(await store.change(draft.id, 1, { kind: 'withdraw' }, ADMIN)).toMatchObject({
      ok: false,
      reason: 'state',
    });
    const published = await store.change(draft.id, 1, { kind: 'publish' }, ADMIN);
    expect(published).toMatchObject({ ok: true, answer: { status: 'published', rev: 2 } });
    expect(await store.change('team-zzzzzzzz', 1, { kind: 'publish' }, ADMIN)).toMatchObject({
      ok: false,
      reason: 'missing',
    });
    expect((await store.read()).version).toBe(2);
  });

  it('every instance picks up a change within its check interval, and keeps answering if storage fails', async () => {
    const storage = new MemoryStateStorage();
    const store = new TeamAnswerStore(storage);
    let now = 0;
    const errors: unknown[] = [];
    const live = new LiveKnowledgeBase(realKnowledgeBase(), store, {
      checkEveryMs: 1000,
      now: () => now,
      onError: (e) => errors.push(e),
    });
    const question = 'device attestation failed on my ipad';
    const answered = (): string | undefined => {
      const a = live.current().answer(question);
      return a.kind === 'answer' ? a.hit.article.id : undefined;
    };
    await live.refresh();
    const base = live.current();
    const before = answered();
    expect(before ?? '').not.toMatch(/^team-/);

    const draft = await store.propose(TEXT, { name: 'Alex' });
    await live.refresh();
    expect(live.current()).toBe(base); // a draft changes nothing for employees
    await store.change(draft.id, 1, { kind: 'publish' }, ADMIN);
    await live.refresh();
    expect(answered()).toBe(before); // read less than a second ago
    now = 1000;
    await live.refresh();
    expect(answered()).toBe(draft.id);

    // A damaged document: the last knowledge stays, the error is reported, nothing throws.
    await storage.write({ [TEAM_ANSWERS_KEY]: { version: 'x' } });
    now = 5000;
    await live.refresh();
    expect(answered()).toBe(draft.id);
    expect(errors).toHaveLength(1);
  });
});
