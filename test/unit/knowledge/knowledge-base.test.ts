import fs from 'node:fs';
import path from 'node:path';

import { isEnrollIntent } from '../../../src/flows/ask-question';
import { ARTICLES_DIR, loadArticles, parseArticle } from '../../../src/knowledge/articles';
import { DEFAULT_CONFIDENCE, KnowledgeBase } from '../../../src/knowledge/knowledge-base';
import { loadKnowledgeBase, loadKnowledgeBases } from '../../../src/knowledge/load';
import { meaningfulTerms, normaliseText, stem } from '../../../src/knowledge/normalise';
import { loadOutOfScopeTopics, outOfScopePath } from '../../../src/knowledge/out-of-scope';
import { loadSourceCatalogue, sourceCataloguePath } from '../../../src/knowledge/sources';

const catalogue = loadSourceCatalogue(sourceCataloguePath(ARTICLES_DIR));

const articles = loadArticles();
const kb = new KnowledgeBase(articles);
/** All five languages' knowledge bases, loaded by the first test that needs them. */
let languages: ReturnType<typeof loadKnowledgeBases> | undefined;

describe('the articles', () => {
  it('load, with unique ids, sources and existing related ids', () => {
    expect(articles.length).toBeGreaterThanOrEqual(30);
    expect(new Set(articles.map((a) => a.id)).size).toBe(articles.length);
    for (const a of articles) expect(a.sources.length).toBeGreaterThan(0);
  });

  it('cover the topics employees ask about', () => {
    const text = articles.map((a) => `${a.title}\n${a.body}\n${a.steps.join('\n')}`).join('\n');
    for (const must of [
      /VPN & Device Management/,
      /Allow Remote Management/,
      /MANAGED ACCOUNT/,
      /Sign In to iCloud/,
      /Enrollment SSO application has been installed/,
      /Managed Apple (ID|Account)/,
      /Company Portal/,
      /14\.9/,
      /iPadOS 13\.1/,
    ]) {
      expect(text).toMatch(must);
    }
  });

  it('have the account-driven guide with every step in order', () => {
    const guide = articles.find(
      (a) =>
        a.category === 'how-to' &&
        a.appliesTo.methods.includes('accountDrivenUserEnrollment') &&
        a.steps.length >= 10,
    );
    expect(guide).toBeDefined();
    const steps = guide!.steps.join('\n');
    const order = [
      'Settings',
      'General',
      'VPN & Device Management',
      'Sign In to iCloud',
      'Allow Remote Management',
      'MANAGED ACCOUNT',
      'Authenticator',
      'Install',
    ];
    const positions = order.map((word) => steps.indexOf(word));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('rejects an article with bad front matter', () => {
    expect(() =>
      parseArticle('x.md', '---\nid: x\ntitle: T\n---\nbody body body body body', catalogue),
    ).toThrow(/x\.md/);
    expect(() => parseArticle('x.md', 'no front matter', catalogue)).toThrow(/front matter/);
  });
});

describe('retrieval', () => {
  it('answers "how do I …?" with the article that has steps when two are level', () => {
    // Both unenrollment articles match "unenroll" alike; the question wants what to do.
    const answer = kb.answer('unenroll, how do I do that');
    expect(answer.kind === 'answer' && answer.hit.article.id).toBe('unenroll-device');
    // Asked what it removes, the other one stays first.
    const removes = kb.answer('what gets removed if I unenroll');
    expect(removes.kind === 'answer' && removes.hit.article.id).toBe('what-unenroll-removes');
  });

  it.each([
    ['en', 'Once I take my old iPhone off the company system, what is deleted from it?'],
    ['fr', 'Et quand je l’enlève, qu’est-ce qui est supprimé au juste ?'],
    ['es', 'Y cuando saque el móvil de lo de la empresa, ¿qué es lo que se borra?'],
    ['de', 'Wenn ich das iPad mal aus der Firmenverwaltung nehme, was wird eigentlich gelöscht?'],
  ] as const)(
    '%s: asked what goes when the device is taken out of management, %p is about what is removed',
    (lang, question) => {
      languages ??= loadKnowledgeBases();
      const answer = languages[lang]?.answer(question);
      expect(answer?.kind === 'answer' && answer.hit.article.id).toBe('what-unenroll-removes');
    },
  );

  it('reads a computer named as where something else works as context, not the device asked about', () => {
    const told = kb.answer(
      'it says User name not recognized when I type my work email. the address is right, I use it on the PC every day',
    );
    expect(told.kind === 'answer' && told.hit.article.id).toBe('user-name-not-recognized');
    // Asked about the computer itself, it is another platform.
    expect(kb.answer('can I use the company portal on my laptop').kind).toBe('out-of-scope');
  });

  it.each([
    'how can I be sure the phone is really enrolled now',
    'how do I check my phone is enrolled',
    'done all the steps. how can i be sure the phone is really enrolled now',
  ])('reads "%s" as checking that enrollment worked', (question) => {
    const answer = kb.answer(question);
    expect(answer.kind === 'answer' && answer.hit.article.id).toBe('confirm-enrollment');
  });

  it.each(articles.map((a) => [a.id, a] as const))(
    '%s is answered by its own title',
    (_id, article) => {
      const answer = kb.answer(article.title);
      expect(answer.kind).toBe('answer');
      if (answer.kind === 'answer') expect(answer.hit.article.id).toBe(article.id);
    },
  );

  it('reaches every article from its own phrasings', () => {
    let first = 0;
    let top3 = 0;
    let total = 0;
    for (const a of articles) {
      let firstForArticle = 0;
      for (const p of a.phrasings) {
        total += 1;
        const rank = kb.search(p, 3).findIndex((h) => h.article.id === a.id);
        if (rank === 0) {
          first += 1;
          firstForArticle += 1;
        }
        if (rank >= 0) top3 += 1;
      }
      expect({ id: a.id, reachable: firstForArticle > 0 }).toEqual({ id: a.id, reachable: true });
    }
    // Measured 316/345 first and 342/345 in the top three (2026-11); fail on a real regression.
    expect(first / total).toBeGreaterThanOrEqual(0.88);
    expect(top3 / total).toBeGreaterThanOrEqual(0.97);
  });

  it('answers the project questions it was tuned on (test/fixtures/qa)', () => {
    const file = path.resolve(__dirname, '../../fixtures/qa/questions.json');
    const questions = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      q: string;
      expect: string | null;
    }[];
    let right = 0;
    for (const q of questions) {
      const a = kb.answer(q.q);
      const got = a.kind === 'answer' ? a.hit.article.id : null;
      if (got === q.expect || (q.expect !== null && a.kind === 'unsure')) right += 1;
    }
    expect(right / questions.length).toBeGreaterThanOrEqual(0.95);
  });

  it.each(['what is the weather tomorrow', 'is the canteen open today', 'my iphone is great'])(
    'treats %p as outside its field',
    (q) => {
      expect(kb.answer(q).kind).toBe('out-of-scope');
    },
  );

  it.each([
    ['How do I enroll a Windows laptop?', 'Windows'],
    ['set up my samsung galaxy for work', 'Android'],
    ['enroll my macbook', 'Mac'],
  ])('names the platform for %p', (q, platform) => {
    expect(kb.answer(q)).toEqual({ kind: 'out-of-scope', platform });
  });

  describe('a Windows password in other languages', () => {
    const others = loadKnowledgeBases();
    it.each([
      [
        'de',
        'Welches Passwort nehme ich, mein Windows-Passwort?',
        'Kann ich meinen Windows-PC registrieren?',
      ],
      ['fr', 'Je dois mettre mon mot de passe Windows ?', 'Puis-je inscrire mon PC Windows ?'],
      ['es', '¿Uso la contraseña de Windows?', '¿Puedo inscribir mi portátil con Windows?'],
      // The password named first, the PC after it.
      [
        'ja',
        'パスワードはいつもPCで使っている会社のものでいいですか',
        'WindowsのPCも登録できますか',
      ],
      [
        'en',
        'is the password the one I type on my PC every morning?',
        'can I enroll my Windows PC?',
      ],
    ] as const)(
      '%s: is the work account, while a Windows PC is another platform',
      (lang, password, device) => {
        const other = others[lang];
        // Not read as a Windows device (what the examples vote on the wording is another matter).
        const answer = other?.answer(password);
        expect(answer?.kind === 'out-of-scope' && answer.platform).not.toBe('Windows');
        expect(other?.answer(device)).toEqual({ kind: 'out-of-scope', platform: 'Windows' });
      },
    );
  });

  it('answers when the top article is also the one whose own phrasing is closest', () => {
    // The article text ranks confirm-enrollment first but only narrowly; its phrasing "How can I
    // tell whether the enrollment went through?" is clearly the closest way of asking.
    const q = "How do I know if I'm actually enrolled?";
    const answer = kb.answer(q);
    expect(answer.kind === 'answer' && answer.hit.article.id).toBe('confirm-enrollment');
    // Without the question-to-question reading the same question is a coin toss.
    const textOnly = new KnowledgeBase(articles, {
      policy: { ...DEFAULT_CONFIDENCE, askedMargin: Number.POSITIVE_INFINITY },
    });
    expect(textOnly.answer(q).kind).toBe('unsure');
    // One meaningful word is never enough for it ("Could you tell me?").
    expect(kb.answer('Could you tell me?').kind).not.toBe('answer');
  });

  it('is unsure rather than wrong on a vague domain question', () => {
    expect(kb.answer('what is intune').kind).toBe('unsure');
  });

  it('does not guess at a failure message no article knows, and still answers those it knows', () => {
    for (const q of [
      'my ipad says device attestation failed',
      "My phone shows 'Device attestation failed' when enrolling",
      'enrolling fails with a frobnication handshake error',
    ]) {
      expect(kb.answer(q).kind).not.toBe('answer');
    }
    const known = kb.answer(
      'I get an error that says the Enrollment SSO application has been installed',
    );
    expect(known.kind === 'answer' && known.hit.article.id).toBe('sso-app-installed');
    const invalid = kb.answer('my iphone says invalid profile and enrollment failed');
    expect(invalid.kind === 'answer' && invalid.hit.article.id).toBe('invalid-profile');
    // Words the articles never use that are no failure ("onboarding PDF") change nothing.
    expect(kb.answer('Our old onboarding PDF says to use the Company Portal app').kind).toBe(
      'answer',
    );
  });

  it('answers with the Enrollment SSO fix only when the message names it (the article needs its words)', () => {
    for (const q of [
      'Sign In Failed, what can I do?',
      'it keeps saying sign in failed, no reason given',
    ]) {
      const a = kb.answer(q);
      const ids =
        a.kind === 'answer'
          ? [a.hit.article.id]
          : a.kind === 'unsure'
            ? a.suggestions.map((s) => s.id)
            : [];
      expect(ids).not.toContain('sso-app-installed');
    }
    const named = kb.answer('Sign In Failed, something about an SSO app already installed');
    expect(named.kind === 'answer' && named.hit.article.id).toBe('sso-app-installed');
  });

  it('answers "what is X?" with the article whose title says what X is', () => {
    for (const [q, id] of [
      ['What is user enrollment', 'what-is-user-enrollment'],
      ['what is user enrollment exactly?', 'what-is-user-enrollment'],
      ['so what does allow remote management actually mean', 'allow-remote-management'],
    ] as const) {
      const a = kb.answer(q);
      expect(a.kind === 'answer' && a.hit.article.id).toBe(id);
    }
    // No article's title says what Intune is: still not sure.
    expect(kb.answer('what is intune').kind).toBe('unsure');
  });

  it('returns nothing to search for empty or stop-word-only text', () => {
    expect(kb.answer('   ').kind).toBe('empty');
    expect(kb.answer('how do I').kind).toBe('empty');
    expect(kb.search('')).toEqual([]);
  });
});

describe('normalisation', () => {
  it('folds the domain spellings', () => {
    expect(normaliseText('Enrolment of my i-Pad')).toContain('enrollment of my ipad');
    expect(normaliseText('unenrol')).toBe('unenroll');
    expect(normaliseText('The SSO app')).toContain('sso');
    expect(normaliseText('2FA')).toBe('mfa');
    expect(meaningfulTerms('How do I enrol my iPad?')).toEqual(['enroll', 'ipad']);
    expect(stem('enrolled')).toBe('enroll');
    expect(stem('enrollment')).toBe('enroll');
    expect(stem('devices')).toBe('device');
    expect(stem('ios')).toBe('ios');
  });

  it('tells having removed Authenticator from asking whether to', () => {
    for (const done of [
      'I already uninstalled the Authenticator app',
      'removed microsoft authenticator yesterday, what next',
      'my manager said to delete Authenticator before enrolling, so I did',
    ]) {
      expect(meaningfulTerms(done)).toContain('authenticatorremov');
    }
    expect(meaningfulTerms('should I delete Authenticator before enrolling?')).not.toContain(
      'authenticatorremov',
    );
  });

  it('tells enrolling erasing something from the organisation wiping the phone', () => {
    expect(meaningfulTerms('would enrolling my iPad erase my notes')).toContain('enrollerase');
    expect(meaningfulTerms('do I lose my photos when I enroll')).toContain('enrollerase');
    expect(meaningfulTerms('can IT wipe my phone')).not.toContain('enrollerase');
  });

  it('reads getting out of it again as unenrolling, and checking it worked as confirming', () => {
    expect(meaningfulTerms('how would I get myself out of this later')).toContain('unenroll');
    expect(meaningfulTerms('how can I tell that it went through')).toEqual(
      expect.arrayContaining(['confirm', 'status']),
    );
    expect(meaningfulTerms("and how do I see it's enrolled")).toEqual(
      expect.arrayContaining(['confirm', 'status']),
    );
  });

  it('reads "tell if my iPad actually got enrolled" as confirming the enrollment', () => {
    expect(meaningfulTerms('how can I tell if my phone really got enrolled')).toEqual(
      expect.arrayContaining(['confirm', 'status']),
    );
  });

  it('reads taking it off as removing it, and "dosn\'t work" as a failure', () => {
    expect(meaningfulTerms('how can I take my iPad off?')).toContain('remove');
    expect(meaningfulTerms("it dosn't work")).toEqual(meaningfulTerms("it doesn't work"));
  });

  it('reads "devise" as device and "enrolled first" as no question of the first app', () => {
    expect(meaningfulTerms('my devise')).toEqual(['device']);
    expect(meaningfulTerms('teams says the phone has to be enrolled first')).not.toContain('first');
    expect(meaningfulTerms('which app do I open first after enrolling')).toContain('first');
  });

  it("drops the iPhone model, whose number is no iOS version, and keeps the version's", () => {
    expect(normaliseText('failed on my iPhone 14 Pro Max')).toBe('failed on my iphone');
    expect(normaliseText('iPhone XR on iOS 16.7')).toBe('iphone on ios 16.7');
    const answer = kb.answer('enrollment failed on my iPhone 14, it only said sign in failed');
    expect(answer.kind === 'answer' && answer.hit.article.id).not.toBe('ios-14-or-older');
  });
});

describe('isEnrollIntent', () => {
  it.each([
    'enroll',
    'how do I enroll my iPad?',
    'steps to enrol an iphone',
    'set up my phone for work',
    'enroll my iphone on ios 18',
    'I want to enroll my personal iPhone please',
    "please help me do the enrollment, i'm not good with phones, go slowly",
    'can you help me with the enrollment of my ipad',
    "I need someone to hold my hand through this whole enrollment business, I'm not techy",
  ])('reads %p as a request to enroll', (t) => expect(isEnrollIntent(t)).toBe(true));
  it.each([
    'my enrollment failed',
    'how do I unenroll',
    'How do I know the enrollment worked?',
    'what happens when I remove enrollment',
    'Is user enrollment available on iOS 12?',
    // Asking whether a new device must go through it all over again.
    'got a replacement phone, do I need to enroll it from scratch?',
    'Do I have to start over and enroll my iPad all over?',
  ])('does not read %p as a request to enroll', (t) => expect(isEnrollIntent(t)).toBe(false));
});

describe('answer memo', () => {
  it('gives the same decision as an uncached decide, for repeated and re-spelled questions', () => {
    const fresh = new KnowledgeBase(articles);
    const q = 'Why do I need Microsoft Authenticator?';
    const first = fresh.answer(q);
    expect(fresh.answer('why do i   need microsoft authenticator?')).toBe(first);
    expect(fresh.decide(q)).toEqual(first);
  });
});

describe('warming up after startup', () => {
  const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

  it('reads the ways of asking a slice at a time, so the event loop keeps turning', async () => {
    const warming = loadKnowledgeBase();
    let done = false;
    const warmed = warming.warm().then(() => {
      done = true;
    });
    let turns = 0;
    while (!done && turns < 10_000) {
      await turn();
      turns += 1;
    }
    await warmed;
    // Thousands of examples at 200 a turn: dozens of turns, not the one or two of a single build.
    expect(turns).toBeGreaterThanOrEqual(10);
  });

  it('answers a question asked halfway through as it does once warm', async () => {
    const warming = loadKnowledgeBase();
    const cold = loadKnowledgeBase();
    const questions = [
      'how do I enroll my own iPhone?',
      'can my boss see my photos?',
      'it says the maximum number of devices has been reached',
    ];
    const warmed = warming.warm();
    await turn();
    await turn();
    const halfway = questions.map((q) => warming.decide(q));
    await warmed;
    expect(halfway).toEqual(questions.map((q) => cold.decide(q)));
    expect(questions.map((q) => warming.decide(q))).toEqual(halfway);
  });
});

describe('a question the closest questions say is about something else', () => {
  // Without the set this question came from, the search alone is unsure of it.
  const kbs = loadKnowledgeBases({ examplesExcept: new Set(['holdout-13b']) });
  it('is outside what the bot covers when the vote is a landslide, and names the subject', () => {
    const en = kbs.en;
    if (!en) throw new Error('no English knowledge base');
    const question =
      'Can you book the 8th floor boardroom for my director Thursday 2-4pm please? Catering for 10.';
    const settled = en.settle(question, en.answer(question));
    expect(settled).toMatchObject({
      kind: 'out-of-scope',
      topic: 'offices, meeting rooms and facilities',
    });
  });
});

describe('the closest questions against a subject the search puts first', () => {
  it('do not turn small talk into an article the search does not find at all', () => {
    const lastNight = [
      'Deleted Authenticator last night by mistake, what now?',
      'I removed the Authenticator app last night, is that a problem?',
      'Uninstalled Authenticator last night, what do I do?',
      'Took Authenticator off my phone last night, now what?',
    ].map((q) => ({ q, answer: 'authenticator-removed-what-now', set: 'test' }));
    const withExamples = new KnowledgeBase(articles, {
      outOfScope: loadOutOfScopeTopics(outOfScopePath(ARTICLES_DIR)),
      examples: lastNight,
    });
    const question = 'Who won the match last night?';
    // The examples do vote for the article: the guard is what keeps it out.
    expect(withExamples.vote(question)?.label).toBe('authenticator-removed-what-now');
    expect(withExamples.answer(question).kind).toBe('out-of-scope');
  });
});
