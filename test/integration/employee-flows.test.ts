import { VERBS } from '../../src/cards/verbs';
import { cardAction, message } from '../factories/activities';
import { cardButtons, cardOf, cardTexts, createBotHarness } from '../helpers/bot-harness';
import { validateCard } from '../helpers/card-validation';
import { click, executeActions, responseCard } from '../helpers/clicks';
import { knowledgeIn, knowledgeWithout } from '../helpers/knowledge';

describe('answers', () => {
  it('answers a question with the article, its public source, and feedback and helpdesk buttons', async () => {
    const h = createBotHarness();
    const [reply] = await h.send(
      message('Will my employer be able to look at the photos on my phone?'),
    );
    const card = cardOf(reply);
    const text = cardTexts(card).join('\n');
    expect(text).toMatch(/photo/i);
    expect(text).toMatch(/^Sources?: \[[^\]]+\]\(https:\/\/learn\.microsoft\.com\//m);
    expect(text).not.toMatch(/shared\/|\.md\b/);
    expect(cardButtons(card)).toEqual(
      expect.arrayContaining(['Helpful', 'Not helpful', 'Ask the helpdesk']),
    );
    expect(validateCard(card)).toEqual([]);
    expect((card as { fallbackText?: string }).fallbackText).toMatch(/photo/i);
  });

  it('answers the SSO-application error with uninstalling Authenticator', async () => {
    const h = createBotHarness();
    const [reply] = await h.send(
      message('enrolling says the enrollment SSO app has been installed on the device??'),
    );
    const text = cardTexts(cardOf(reply)).join('\n');
    expect(text).toMatch(/uninstall|delete|remove/i);
    expect(text).toMatch(/Authenticator/);
  });

  it('says honestly when a question is about another platform', async () => {
    const h = createBotHarness();
    const [reply] = await h.send(message('how do I enroll my Android phone'));
    const text = cardTexts(cardOf(reply)).join('\n');
    expect(text).toMatch(/I cover iPhone and iPad enrollment/);
    expect(text).toMatch(/Android/);
  });

  it('offers the closest topics when it is not sure', async () => {
    const h = createBotHarness();
    const [reply] = await h.send(message('what is intune'));
    const card = cardOf(reply);
    expect(cardTexts(card).join('\n')).toMatch(/not sure/i);
    const buttons = cardButtons(card);
    expect(buttons.length).toBeGreaterThanOrEqual(3);
    expect(buttons).toContain('Ask the helpdesk');
  });

  it.each([
    ['Markdown injection', '**bold** [click](https://evil.example) how do I enroll'],
    ['HTML', '<img src=x onerror=alert(1)> unenroll'],
    ['another language', '¿Cómo inscribo mi iPhone en la empresa?'],
    ['emoji', '📱❓'],
  ])('copes with %s without reflecting it', async (_name, text) => {
    const h = createBotHarness();
    const replies = await h.send(message(text));
    expect(replies.length).toBeGreaterThanOrEqual(1);
    const json = JSON.stringify(replies);
    expect(json).not.toContain('evil.example');
    expect(json).not.toContain('onerror');
    for (const r of replies) expect(validateCard(cardOf(r))).toEqual([]);
  });
});

describe('feedback', () => {
  it('keeps the question and the version verdict on the card it updates', async () => {
    const h = createBotHarness();
    const [reply] = await h.send(message('is iOS 16.7 ok to enroll my iPhone?'));
    const card = cardOf(reply);
    expect(cardTexts(card).join('\n')).toMatch(/Update your iPhone first/);
    const carried = executeActions(card).find((a) => a.title === 'Ask the helpdesk')?.data.question;
    expect(carried).toEqual(expect.stringMatching(/^[A-Za-z0-9_-]+$/));
    const updated = responseCard((await click(h, card, 'Not helpful')).response);
    expect(cardTexts(updated).join('\n')).toMatch(/Update your iPhone first/);
    expect(executeActions(updated).find((a) => a.title === 'Ask the helpdesk')?.data.question).toBe(
      carried,
    );
    const thanked = responseCard((await click(h, updated, 'Skip')).response);
    expect(executeActions(thanked).find((a) => a.title === 'Ask the helpdesk')?.data.question).toBe(
      carried,
    );
  });

  it('records a vote once per answer card and thanks the user in place', async () => {
    const h = createBotHarness();
    const [reply] = await h.send(message('Why do I need Microsoft Authenticator?'));
    const card = cardOf(reply);
    const first = await click(h, card, 'Helpful');
    const updated = responseCard(first.response);
    expect(cardTexts(updated).join('\n')).toMatch(/Thanks/);
    expect(cardButtons(updated)).not.toContain('Helpful');
    const articleId = executeActions(card)[0]?.data.articleId as string;
    expect(await h.storage.read([`feedback/${articleId}`])).toEqual({
      [`feedback/${articleId}`]: { helpful: 1, notHelpful: 0, eTag: expect.any(String) },
    });

    const replay = await click(h, card, 'Not helpful');
    expect(cardTexts(responseCard(replay.response)).join('\n')).toMatch(/already recorded/);
    expect(
      (await h.storage.read([`feedback/${articleId}`]))[`feedback/${articleId}`],
    ).toMatchObject({
      helpful: 1,
      notHelpful: 0,
    });
  });

  it.each([
    [
      'an unknown article',
      {
        articleId: 'no-such-article',
        answerId: '6f1c3f9e-7d1a-4a55-9d8e-2b8f8f2a9c01',
        helpful: true,
      },
      404,
    ],
    [
      'a non-boolean verdict',
      {
        articleId: 'sso-app-installed',
        answerId: '6f1c3f9e-7d1a-4a55-9d8e-2b8f8f2a9c01',
        helpful: 'yes',
      },
      400,
    ],
    [
      'a forged answer id',
      { articleId: 'sso-app-installed', answerId: '../../etc', helpful: true },
      400,
    ],
    ['no data at all', {}, 400],
  ])('refuses feedback with %s and records nothing', async (_name, data, status) => {
    const h = createBotHarness();
    const [reply] = await h.send(cardAction(VERBS.knowledgeFeedback, data));
    expect((reply?.value as { body: { statusCode: number } }).body.statusCode).toBe(status);
    expect(
      await h.storage.read(['feedback/sso-app-installed', 'feedback/no-such-article']),
    ).toEqual({});
  });
});

describe('guided enrollment', () => {
  it('uses what the message says and shows every step at once, then step by step', async () => {
    const h = createBotHarness();
    const [reply] = await h.send(message('how do I enroll my iPhone? it is on iOS 17.4.1'));
    const overview = cardOf(reply);
    const text = cardTexts(overview).join('\n');
    expect(text).toMatch(/Enroll your iPhone \(iOS 17\.4\.1\)/);
    expect(text).toMatch(/VPN & Device Management/);
    expect(text).toMatch(/Allow Remote Management/);
    expect(text).toMatch(/MANAGED ACCOUNT/);

    const step1 = responseCard((await click(h, overview, 'Go step by step')).response);
    expect(cardTexts(step1).join('\n')).toMatch(/Step 1 of \d+/);
    expect(cardButtons(step1)).not.toContain('Back');
    const step2 = responseCard((await click(h, step1, 'Next')).response);
    expect(cardTexts(step2).join('\n')).toMatch(/Step 2 of/);
    const back = responseCard((await click(h, step2, 'Back')).response);
    expect(cardTexts(back).join('\n')).toMatch(/Step 1 of/);
  });

  it('asks with one card for what it does not know, keeping what it does', async () => {
    const h = createBotHarness();
    const [reply] = await h.send(message('how do I enroll my iPad'));
    const ask = cardOf(reply);
    expect(JSON.stringify(ask)).toContain('"value":"iPad"');
    const bad = await click(h, ask, 'Show my steps', {
      device: 'iPad',
      osVersion: 'banana',
      ownership: 'personal',
    });
    const again = responseCard(bad.response);
    expect(cardTexts(again).join('\n')).toMatch(/enter the iOS or iPadOS version/);
    expect(JSON.stringify(again)).toContain('"value":"iPad"');
    const ok = await click(h, ask, 'Show my steps', {
      device: 'iPad',
      osVersion: '17.1',
      ownership: 'personal',
    });
    expect(cardTexts(responseCard(ok.response)).join('\n')).toMatch(
      /Enroll your iPad \(iPadOS 17\.1\)/,
    );
  });

  it('explains what to update on iOS 14.9 instead of showing steps that would fail', async () => {
    const h = createBotHarness();
    const [reply] = await h.send(message('steps to enroll my iphone on 14.9'));
    const text = cardTexts(cardOf(reply)).join('\n');
    expect(text).toMatch(/Update your iPhone first/);
    expect(text).toMatch(/Intune supports 17 and later/);
    expect(text).toMatch(/Company Portal user enrollment, which no longer takes new devices/);
    expect(text).toMatch(/Software Update/);
  });

  it('tells an iPhone on iOS 15.8 to update, 17 being the minimum Intune supports', async () => {
    const h = createBotHarness();
    const [reply] = await h.send(message('enroll my iphone on iOS 15.8'));
    const text = cardTexts(cardOf(reply)).join('\n');
    expect(text).toMatch(/Update your iPhone first/);
    expect(text).toMatch(/Intune supports iOS 17 and later/);
    expect(text).not.toMatch(/Company Portal/);
  });

  it.each(['still on 16.3, can i enroll it?', 'still on 15.7, can i enroll?'])(
    'answers "%s" with the verdict for that version',
    async (question) => {
      const h = createBotHarness();
      const [reply] = await h.send(message(question));
      const text = cardTexts(cardOf(reply)).join('\n');
      expect(text).toMatch(/17/);
      expect(text).not.toMatch(/text message/i);
      expect(text).not.toMatch(/MANAGED ACCOUNT/);
    },
  );

  it.each([
    ["I'm on iOS 15.8.3 on my iPhone. Good enough to enroll?", /Your iPhone is on iOS 15\.8\.3/],
    [
      'Just checked, my iPad is on iPadOS 16.4. Is that new enough to enroll?',
      /Your iPad is on iPadOS 16\.4/,
    ],
  ])(
    'answers %p, the version stated in one sentence and asked about in the next, with its verdict',
    async (question, verdict) => {
      const h = createBotHarness();
      const [reply] = await h.send(message(question));
      const text = cardTexts(cardOf(reply)).join('\n');
      expect(text).toMatch(verdict);
      expect(text).toMatch(/17 and later/);
      // One answer, not the version and then the enrollment steps.
      expect(text).not.toMatch(/You asked two things/);
      expect(text).not.toMatch(/new phone or restored/i);
    },
  );

  it.each([
    [
      'en-US',
      "My dad's old iPhone runs iOS 14.6 and I'd like to use it as my work phone. Can I still enroll it?",
      /14\.6/,
    ],
    [
      'fr-FR',
      "J'ai un vieil iPad sous iPadOS 14.7 et la mise à jour ne propose rien de plus. Y a-t-il un moyen de l'inscrire quand même ?",
      /14\.7/,
    ],
    ['es-ES', 'Tengo un iPhone con iOS 16.6 desde hace años. ¿Con eso me vale?', /16\.6/],
    ['ja-JP', 'うちのiPhone、まだiOS 16.5ながやけんど、これで登録できるろうか？', /16\.5/],
  ])(
    '%s: answers whether "%s" can enroll with the verdict for its version, not the guide',
    async (locale, question, version) => {
      const h = createBotHarness();
      const [reply] = await h.send(message(question, { overrides: { locale } }));
      const text = cardTexts(cardOf(reply)).join('\n');
      expect(text).toMatch(version);
      expect(text).toMatch(/17/);
      // The version's article (its title first), not the guide's "update first" card.
      expect(text.split('\n')[0]).not.toMatch(
        /^(Update your iPhone first|Mettez d’abord|Primero actualiza|まずiPhoneを)/,
      );
    },
  );

  it.each([
    [
      'fr-FR',
      "Mon vieil iPhone est coincé en iOS 12.5.7 et l'inscription ne passe pas. C'est la version le problème ?",
      /12\.5\.7/,
    ],
    [
      'es-MX',
      'Tengo un iPad viejito que sigue en iPadOS 14.8. ¿Así como está lo puedo inscribir o de plano no se puede?',
      /14\.8/,
    ],
  ])(
    '%s: answers %p with the article for the version stated, not another range of versions',
    async (locale, question, version) => {
      const h = createBotHarness();
      const [reply] = await h.send(message(question, { overrides: { locale } }));
      const text = cardTexts(cardOf(reply)).join('\n');
      expect(text).toMatch(version);
      // Not the article on iOS 15 and 16, and not the guide's "update first" card.
      expect(text.split('\n')[0]).not.toMatch(/15 ou 16|15 o 16|^Primero actualiza/);
      expect(text).not.toMatch(/Vous avez posé|Preguntaste/);
    },
  );

  it.each([
    [
      'en-US',
      'My manager emailed me a web enrollment link for my iPad, how does that one work? Also my old iPhone 8 is still on iOS 14.8, can I enroll it too?',
      /How does web-based device enrollment work\?/,
      /iOS 14 or iPadOS 14 \(or older\)/,
    ],
    [
      'en-US',
      "What iOS version do I need for this? And my husband's old iPhone is still on 14.8. Can he still enroll it?",
      /Which iOS or iPadOS version do I need/,
      /iOS 14 or iPadOS 14 \(or older\)/,
    ],
    [
      'fr-FR',
      "L'iPad familial est en iPadOS 14.8, on peut l'inscrire quand même ? Et si on l'inscrit, les enfants pourront encore jouer dessus et nos fichiers vont rester ?",
      /Puis-je encore utiliser mon téléphone en perso/,
      /iOS 14 ou iPadOS 14 \(ou plus ancien\)/,
    ],
  ])(
    '%s: answers both questions of %p, the version only for the question that states it',
    async (locale, question, otherAnswer, versionAnswer) => {
      const h = createBotHarness();
      const [reply] = await h.send(message(question, { overrides: { locale } }));
      const text = cardTexts(cardOf(reply)).join('\n');
      expect(text).toMatch(/You asked two things|Vous avez posé 2 questions/);
      expect(text).toMatch(otherAnswer);
      expect(text).toMatch(versionAnswer);
    },
  );

  it('answers a story that states its version, tells a failure, then asks "with this version?"', async () => {
    const h = createBotHarness();
    const [reply] = await h.send(
      message(
        'My cousin sold me his old iPhone 7 and it runs iOS 14.2, I never touched updates. ' +
          'The supervisor says we all need the work apps on our phones by next month. ' +
          'I gave it a go last night and it did not work. Is it possible with this version?',
      ),
    );
    const text = cardTexts(cardOf(reply)).join('\n');
    expect(text).toMatch(/Your iPhone is on iOS 14\.2/);
    expect(text).toMatch(/14/);
    expect(text).not.toMatch(/^Yes/);
  });

  it('answers "why can\'t I enroll this one?" in a story on a version too old with that version\'s article', async () => {
    const h = createBotHarness();
    const [reply] = await h.send(
      message(
        "I use my late mum's old iPad for the route maps, it's a good size for the dashboard. The depot sent an email saying everyone has to get their devices on the new system by the end of the month. " +
          "I went into Settings like the email said and it shows iOS 12.5.7, with no update available. I gave it a go anyway and it won't let me get anywhere. " +
          "Why can't I enroll this one? I can't afford a new one on my wages.",
      ),
    );
    const text = cardTexts(cardOf(reply)).join('\n');
    expect(text).toMatch(/12\.5\.7/);
    expect(text).toMatch(/17/);
    expect(text).not.toMatch(/Secure entire device|work-related apps and data only/);
  });

  it.each([
    [
      'ja-JP',
      '古いiPadを持っています。設定でアップデートを押しても「ソフトウェアは最新です」と出ます。バージョンは12.5.7です。どうして登録できないですか？',
    ],
    [
      'de-DE',
      'Mein altes iPad zeigt iOS 12.5.7 an und es gibt kein Update mehr. Warum kann ich es nicht registrieren?',
    ],
  ])(
    '%s: answers "why can\'t I enroll?" on a version too old with that version\'s article',
    async (locale, question) => {
      const h = createBotHarness();
      const [reply] = await h.send(message(question, { overrides: { locale } }));
      const text = cardTexts(cardOf(reply)).join('\n');
      expect(text).toMatch(/12\.5\.7/);
      expect(text).toMatch(/17/);
      // Not the article on checking and updating the version.
      expect(text.split('\n')[0]).not.toMatch(/アップデート|aktualisiere/);
    },
  );

  it('ja-JP: answers "can I enroll it as it is?" on iPadOS 14 with that version\'s article, whatever else the words match', async () => {
    const h = createBotHarness();
    const [reply] = await h.send(
      message(
        'ぼくの iPad は iPadOS 14.7 です。しごとの アプリ を つかいたい です。このまま 登録 できますか？',
        { overrides: { locale: 'ja-JP' } },
      ),
    );
    const text = cardTexts(cardOf(reply)).join('\n');
    expect(text).toMatch(/14\.7/);
    expect(text).toMatch(/17/);
    expect(text).not.toMatch(/ポータル サイト \(Company Portal\) アプリでのユーザー登録/);
  });

  it('es-AR: a version offered "in case it helps" leaves the question the story asks', async () => {
    // The story as its writer's set had it, with a bot that has not learnt from that set.
    const kbs = knowledgeWithout('unseen-49-es');
    const h = createBotHarness({ kb: knowledgeIn(kbs, 'en'), kbs });
    const [reply] = await h.send(
      message(
        'Hola che, les cuento. Mi vieja me regaló el iPhone 15 cuando me recibí y tiene todas las fotos de mi sobrino desde que nació, los videos del casamiento de mi hermana, todo. En el laburo nuevo me piden que lo anote para usar el Teams y el Outlook. Un chango de sistemas me dijo medio en joda que si algún día renuncio me borran el teléfono entero de una. Posta pueden hacer eso? Porque si es así prefiero andar con dos celus, ni loca pierdo esas fotos. Tengo iOS 18.2 si sirve de algo.',
        { overrides: { locale: 'es-AR' } },
      ),
    );
    const text = cardTexts(cardOf(reply)).join('\n');
    expect(text).toMatch(/borrar|borra/i);
    expect(text).not.toMatch(/es compatible/);
  });

  it('answers where a setting is, not the version, when the message names a supported one in passing', async () => {
    const h = createBotHarness();
    const [reply] = await h.send(
      message(
        "there's no VPN and device management in my settings that I can find, iphone 12 on 17.4. where is it hiding",
      ),
    );
    const text = cardTexts(cardOf(reply)).join('\n');
    expect(text).toMatch(/General/);
    expect(text).not.toMatch(/is supported/);
  });

  it('answers "good to go?" on a stated version with the verdict, even after "a guide says"', async () => {
    const h = createBotHarness();
    const [reply] = await h.send(
      message(
        'A blog post says iOS 15 is fine for enrollment. So my iPhone on 15.7.2 is good to go?',
      ),
    );
    const text = cardTexts(cardOf(reply)).join('\n');
    expect(text).toMatch(/17/);
    expect(text).not.toMatch(/^Yes/);
    expect(text).not.toMatch(/text message/i);
    // One answer, for the version asked about, with its verdict.
    expect(text).not.toMatch(/You asked two things/);
    expect(text).toMatch(/iOS 15/);
  });

  it('walks to the closing check and answers both outcomes', async () => {
    const h = createBotHarness();
    const [reply] = await h.send(message('enroll my iphone on ios 18'));
    const overview = cardOf(reply);
    const check = responseCard((await click(h, overview, "I've done all the steps")).response);
    expect(cardTexts(check).join('\n')).toMatch(/MANAGED ACCOUNT/);
    const yes = responseCard((await click(h, check, 'Yes, I see it')).response);
    expect(cardTexts(yes).join('\n')).toMatch(/all set/i);
    const no = responseCard((await click(h, check, 'No')).response);
    expect(cardButtons(no)).toContain('Report a problem');
  });

  it('"It failed at this step" keeps the card and sends help for that step', async () => {
    const h = createBotHarness();
    const overview = cardOf((await h.send(message('enroll my iphone on ios 17')))[0]);
    const step1 = responseCard((await click(h, overview, 'Go step by step')).response);
    const step2 = responseCard((await click(h, step1, 'Next')).response);
    const failed = await click(h, step2, 'It failed at this step');
    expect(cardTexts(responseCard(failed.response)).join('\n')).toMatch(/Step 2 of/);
    const notice = cardOf(failed.others[0]);
    expect(cardTexts(notice).join('\n')).toMatch(/step 2 didn't work/i);
    expect(cardButtons(notice)).toContain('Report a problem');
  });

  it.each([
    [
      'a step out of range',
      {
        guide: {
          method: 'accountDrivenUserEnrollment',
          device: 'iPhone',
          os: '17',
          ownership: 'personal',
        },
        step: 999,
      },
    ],
    [
      'an unknown method',
      { guide: { method: 'hack', device: 'iPhone', os: '17', ownership: 'personal' }, step: 1 },
    ],
    [
      'a bogus OS version',
      { guide: { method: 'device', device: 'iPhone', os: '99.1', ownership: 'personal' }, step: 1 },
    ],
    [
      'a string step',
      { guide: { method: 'device', device: 'iPhone', os: '17', ownership: 'personal' }, step: '1' },
    ],
  ])('refuses a forged guide action with %s', async (_name, data) => {
    const h = createBotHarness();
    const [reply] = await h.send(cardAction(VERBS.guideStep, data));
    expect((reply?.value as { body: { statusCode: number } }).body.statusCode).toBe(400);
  });

  it('uses the organisation method: user choice tells personal owners what to pick', async () => {
    const h = createBotHarness({ method: 'userChoice' });
    const [reply] = await h.send(message('how do i enroll my own ipad on ipados 17'));
    expect(cardTexts(cardOf(reply)).join('\n')).toMatch(/I own this device/);
  });
});

describe('every card reply carries a summary', () => {
  it.each([
    'help',
    'enroll',
    'report a problem',
    'what is removed when I unenroll',
    'what is intune',
    'weather',
  ])('%s', async (text) => {
    const h = createBotHarness();
    const replies = await h.send(message(text));
    expect(replies.length).toBeGreaterThan(0);
    for (const r of replies) expect(r.summary).toBeTruthy();
  });
});

describe('feedback report (admins)', () => {
  const ADMIN = 'aaaaaaaa-0000-4000-8000-000000000001';

  it('refuses a non-admin politely and shows nothing', async () => {
    const h = createBotHarness({ admins: [ADMIN] });
    const [reply] = await h.send(message('feedback report'));
    const text = cardTexts(cardOf(reply)).join('\n');
    expect(text).toMatch(/for Intune admins/);
    expect(text).not.toMatch(/👎/);
  });

  it('lists the least helpful answers for an admin, from stored counts only', async () => {
    const h = createBotHarness({ admins: [ADMIN] });
    await h.storage.write({
      'feedback/sso-app-installed': { helpful: 1, notHelpful: 4 },
      'feedback/privacy-location': { helpful: 5, notHelpful: 1 },
      'feedback/confirm-enrollment': { helpful: 3, notHelpful: 0 },
    });
    const [reply] = await h.send(message('feedback report', { from: { aadObjectId: ADMIN } }));
    const facts = cardTexts(cardOf(reply)).filter((t) => t.startsWith('👎'));
    expect(facts).toHaveLength(2);
    expect(facts[0]).toMatch(/👎 4 · 👍 1: .*Enrollment SSO/);
    expect(facts[1]).toMatch(/👎 1 · 👍 5/);
  });

  it('shows the admin command on the help card only to admins', async () => {
    const h = createBotHarness({ admins: [ADMIN] });
    const employee = cardTexts(cardOf((await h.send(message('help')))[0]));
    const admin = cardTexts(
      cardOf((await h.send(message('help', { from: { aadObjectId: ADMIN } })))[0]),
    );
    expect(employee).not.toContain('**feedback report**');
    expect(admin).toContain('**feedback report**');
  });
});
