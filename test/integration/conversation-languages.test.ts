/**
 * The employee conversation in the person's language, through the real bot: small talk, help,
 * the fallback, "did you mean" and the welcome card (with its language choice) in German,
 * Japanese and French, behaving as they do in English: the same kinds of card, the same number
 * of commands, and buttons that send what a person types in that language (and that the bot
 * routes to the same command).
 */
import { commandsForScope, matchCommand } from '../../src/actions/commands';
import { VERBS } from '../../src/cards/verbs';
import {
  cardSubmit,
  installationUpdate,
  message,
  USER,
  type ActivityOptions,
} from '../factories/activities';
import {
  cardButtons,
  cardOf,
  cardTexts,
  createBotHarness,
  type BotHarness,
} from '../helpers/bot-harness';
import { forEachNode, validateCard } from '../helpers/card-validation';
import { click, executeActions, responseCard } from '../helpers/clicks';

type Card = Record<string, unknown>;

const locale = (l: string, opts: ActivityOptions = {}): ActivityOptions => ({
  ...opts,
  overrides: { ...opts.overrides, locale: l },
});

/** Sends a message and returns the card of the only reply (asserting it is a valid card). */
async function say(h: BotHarness, text: string, opts: ActivityOptions = {}): Promise<Card> {
  const replies = await h.send(message(text, opts));
  expect(replies).toHaveLength(1);
  const card = cardOf(replies[0]);
  expect(validateCard(card)).toEqual([]);
  return card;
}

/** The card's imBack buttons: what each says and what it sends. */
function imBacks(card: unknown): { title: string; value: string }[] {
  const out: { title: string; value: string }[] = [];
  forEachNode(card, (n) => {
    const data = n.data as { msteams?: { type?: string; value?: string } } | undefined;
    if (n.type === 'Action.Submit' && data?.msteams?.type === 'imBack') {
      out.push({ title: String(n.title), value: String(data.msteams.value) });
    }
  });
  return out;
}

/** The ids of a card's TextBlocks (notice cards carry their kind there). */
function blockIds(card: unknown): string[] {
  const out: string[] = [];
  forEachNode(card, (n) => {
    if (n.type === 'TextBlock' && typeof n.id === 'string') out.push(n.id);
  });
  return out;
}

/** The first node of a type in a card. */
function nodeOf(card: unknown, type: string): Record<string, unknown> | undefined {
  let found: Record<string, unknown> | undefined;
  forEachNode(card, (n) => {
    if (!found && n.type === type) found = n;
  });
  return found;
}

const text = (card: Card): string => cardTexts(card).join('\n');

describe('small talk in the person’s language', () => {
  it('greets a German reader in German, with buttons that send German commands', async () => {
    const h = createBotHarness();
    const card = await say(h, 'hi', locale('de-DE'));
    expect(blockIds(card)).toContain('small-talk');
    expect(cardTexts(card)[0]).toBe('Hallo Megan!');
    expect(text(card)).toMatch(/Ich bin der Enrollment Assistant/);
    expect(text(card)).not.toMatch(/I'm the Enrollment Assistant|Hi Megan/);
    expect(imBacks(card)).toEqual([
      { title: 'Mein iPhone oder iPad registrieren', value: 'registrieren' },
      {
        title: 'Was sieht die IT auf meinem Handy?',
        value: 'Was kann meine Organisation auf meinem iPhone sehen?',
      },
      { title: 'Hilfe', value: 'Hilfe' },
    ]);
    // As in English: the commands the buttons send are the bot's enroll and help.
    expect(matchCommand('registrieren', 'personal')?.id).toBe('enroll');
    expect(matchCommand('Hilfe', 'personal')?.id).toBe('help');
  });

  it('answers German small talk written in German', async () => {
    const h = createBotHarness();
    const thanks = await say(h, 'Danke', locale('de-DE'));
    expect(blockIds(thanks)).toContain('small-talk');
    expect(cardTexts(thanks)[0]).toBe('Gern geschehen!');
    const bye = await say(h, 'Tschüss', locale('de-DE'));
    expect(text(bye)).toMatch(/Geben Sie \*\*registrieren\*\* ein/);
    expect(text(bye)).toMatch(/\*\*Problem melden\*\*/);
    expect(text(bye)).not.toMatch(/\*\*enroll\*\*|\*\*report a problem\*\*/);
  });

  it('asks a German reader what happened, with the same ways forward as in English', async () => {
    const h = createBotHarness();
    await say(h, 'my iPad says "Profile installation failed" at the last step', locale('de-DE'));
    const card = await say(h, 'es hat nicht funktioniert', locale('de-DE'));
    expect(blockIds(card)).toContain('clarify');
    expect(cardTexts(card)[0]).toBe('Schade, dass es nicht geklappt hat. Was ist passiert?');
    expect(text(card)).toMatch(/die Meldung „Profile installation failed“ erwähnt/);
    const buttons = imBacks(card);
    expect(buttons.map((b) => b.title)).toEqual([
      'Schritte anzeigen',
      'Problem melden',
      'Häufige Probleme',
    ]);
    expect(matchCommand(buttons[0]?.value ?? '', 'personal')?.id).toBe('enroll');
    expect(matchCommand(buttons[1]?.value ?? '', 'personal')?.id).toBe('report');
    // "Common problems" asks a question (no command), in German.
    expect(matchCommand(buttons[2]?.value ?? '', 'personal')).toBeUndefined();
    expect(buttons[2]?.value).toBe('Registrierung fehlgeschlagen, was nun?');
  });

  it('greets a Japanese reader in Japanese', async () => {
    const h = createBotHarness();
    // (Japanese small talk itself is read by src/knowledge/understand-other.ts.)
    const card = await say(h, 'hi', locale('ja-JP'));
    expect(blockIds(card)).toContain('small-talk');
    expect(cardTexts(card)[0]).toBe('Meganさん、こんにちは！');
    expect(imBacks(card).map((b) => b.value)).toEqual([
      '登録',
      '組織は私の iPhone の何を見ることができますか？',
      'ヘルプ',
    ]);
    const thanks = await say(h, 'thanks', locale('ja-JP'));
    expect(cardTexts(thanks)[0]).toBe('どういたしまして！');
  });

  it('says who it is in French to a person who chose French', async () => {
    const h = createBotHarness();
    await h.send(message('language fr'));
    // Written in English, answered in the language chosen.
    const card = await say(h, 'are you a bot?');
    expect(cardTexts(card)[0]).toBe('Je suis un bot : l’Enrollment Assistant');
    expect(text(card)).toMatch(/tapez \*\*signaler un problème\*\*/);
    expect(imBacks(card).map((b) => b.value)).toEqual([
      'inscrire',
      'Que peut voir mon organisation sur mon iPhone ?',
      'aide',
    ]);
  });

  it('still greets an English reader in English', async () => {
    const h = createBotHarness();
    const card = await say(h, 'hi');
    expect(cardTexts(card)[0]).toBe('Hi Megan!');
    expect(imBacks(card).map((b) => b.value)).toEqual([
      'enroll',
      'What can my organisation see on my iPhone?',
      'help',
    ]);
  });
});

describe('help in the person’s language', () => {
  it('lists every command of the scope in German, with German command buttons', async () => {
    const h = createBotHarness();
    const card = await say(h, 'Hilfe', locale('de-DE'));
    const texts = cardTexts(card);
    expect(texts[0]).toBe('Was ich für Sie tun kann');
    expect(text(card)).not.toMatch(/What I can do for you/);
    expect(texts.filter((t) => /^\*\*.+\*\*$/.test(t))).toHaveLength(
      commandsForScope('personal').length,
    );
    expect(texts).toEqual(expect.arrayContaining(['**registrieren**', '**Problem melden**']));
    const buttons = imBacks(card);
    // The same buttons as in English (every command but help), each routed to its command.
    const english = imBacks(await say(h, 'help'));
    expect(buttons).toHaveLength(english.length);
    buttons.forEach((b, i) => {
      expect(matchCommand(b.value, 'personal')?.id).toBe(
        matchCommand(english[i]?.value ?? '', 'personal')?.id,
      );
    });
    expect(buttons.map((b) => b.title)).toEqual(
      expect.arrayContaining(['Registrieren', 'Problem melden', 'Sprache']),
    );
  });

  it('explains mentions in a German team channel', async () => {
    const h = createBotHarness();
    const card = await say(h, 'Hilfe', locale('de-DE', { scope: 'team' }));
    expect(cardTexts(card)[0]).toBe('Befehle für dieses Team');
    expect(text(card)).toMatch(/\*\*@Enrollment Assistant Hilfe\*\*/);
  });

  it('shows the Japanese help card for ヘルプ', async () => {
    const h = createBotHarness();
    const card = await say(h, 'ヘルプ', locale('ja-JP'));
    expect(cardTexts(card)[0]).toBe('私にできること');
    expect(cardTexts(card)).toEqual(expect.arrayContaining(['**登録**', '**問題を報告**']));
    expect(imBacks(card).map((b) => b.value)).toEqual(
      expect.arrayContaining(['登録', '問題を報告', '言語']),
    );
  });

  it('asks "did you mean" in German, keeping the command as it was nearly typed', async () => {
    const h = createBotHarness({ admins: [USER.aadObjectId] });
    const card = await say(h, 'crate profle', locale('de-DE'));
    expect(cardTexts(card)[0]).toBe('Meinten Sie „create profile“?');
    expect(text(card)).toMatch(/Geben Sie \*\*Hilfe\*\* ein/);
    expect(imBacks(card)).toEqual([{ title: 'create profile', value: 'create profile' }]);
  });
});

describe('the fallback in the person’s language', () => {
  it('says a German message was empty, in German, with German command buttons', async () => {
    const h = createBotHarness();
    const replies = await h.send(message('   ', locale('de-DE')));
    const card = cardOf(replies[0]);
    expect(validateCard(card)).toEqual([]);
    expect(cardTexts(card)[0]).toBe('Ihre Nachricht war leer');
    expect(imBacks(card).map((b) => b.value)).toEqual(
      expect.arrayContaining(['Hilfe', 'registrieren', 'Problem melden', 'Sprache']),
    );
    expect(replies[0]?.summary).toBe('Ihre Nachricht war leer');
  });

  it('gives the length limit in the reader’s number format', async () => {
    const h = createBotHarness();
    const [de] = await h.send(message('x'.repeat(5000), locale('de-DE')));
    expect(text(cardOf(de))).toMatch(/weniger als 4\.000 Zeichen/);
    const [en] = await h.send(message('x'.repeat(5000)));
    expect(text(cardOf(en))).toMatch(/under 4,000 characters/);
  });

  it('explains an old button in Japanese', async () => {
    const h = createBotHarness();
    const replies = await h.send(cardSubmit({ verb: 'nope' }, locale('ja-JP')));
    expect(cardTexts(cardOf(replies[0]))[0]).toBe('このボタンはもう使えません');
  });
});

describe('the welcome card in the person’s language', () => {
  it('welcomes a German install in German, with a language choice', async () => {
    const h = createBotHarness();
    const [reply] = await h.send(installationUpdate('add', locale('de-DE')));
    const card = cardOf(reply);
    expect(validateCard(card)).toEqual([]);
    expect(text(card)).toMatch(/Hallo Megan, ich bin der Enrollment Assistant/);
    expect(text(card)).toMatch(/Für Mitarbeitende/);
    expect(text(card)).toMatch(/Für Intune-Admins/);
    expect(text(card)).toMatch(
      /in Ihrer Sprache schreiben: English, Deutsch, Français, Español oder 日本語/,
    );
    expect(text(card)).not.toMatch(/For employees|Hi Megan/);
    expect(reply?.summary).toMatch(/Willkommen beim Enrollment Assistant/);
    expect(imBacks(card).map((b) => b.value)).toEqual(
      expect.arrayContaining(['Hilfe', 'registrieren']),
    );

    const show = nodeOf(card, 'Action.ShowCard');
    expect(show?.title).toBe('Sprache');
    const choice = nodeOf(show, 'Input.ChoiceSet');
    expect(choice).toMatchObject({ id: 'language', style: 'compact', value: 'auto' });
    expect(choice?.choices).toEqual([
      { title: 'Automatisch (nach Teams)', value: 'auto' },
      { title: 'English', value: 'en' },
      { title: 'Deutsch', value: 'de' },
      { title: 'Français', value: 'fr' },
      { title: 'Español', value: 'es' },
      { title: '日本語', value: 'ja' },
    ]);
    expect(executeActions(card)).toEqual([
      { title: 'Speichern', verb: VERBS.languageChoose, data: {} },
    ]);
    expect(cardButtons(card)).toContain('Speichern');

    // Saving the choice stores it for the person, as the language card does.
    const saved = await click(h, card, 'Speichern', { language: 'es' }, locale('de-DE'));
    expect(saved.response.statusCode).toBe(200);
    expect(text(responseCard(saved.response))).toMatch(/te responderé en Español/);
    expect(
      (await h.storage.read([`language-of/${USER.aadObjectId}`]))[
        `language-of/${USER.aadObjectId}`
      ],
    ).toMatchObject({ chosen: 'es' });
  });

  it('welcomes in the language the person chose, with that choice preselected', async () => {
    const h = createBotHarness();
    await h.send(message('language ja', locale('en-US')));
    const [reply] = await h.send(installationUpdate('add', locale('en-US')));
    const card = cardOf(reply);
    expect(validateCard(card)).toEqual([]);
    expect(cardTexts(card)[0]).toBe('Meganさん、こんにちは。Enrollment Assistant です');
    expect(nodeOf(card, 'Action.ShowCard')?.title).toBe('言語');
    expect(nodeOf(card, 'Input.ChoiceSet')?.value).toBe('ja');
    expect(executeActions(card).map((a) => a.title)).toEqual(['保存']);
  });

  it('welcomes a French team in French, keeping the channel command as typed', async () => {
    const h = createBotHarness();
    const [reply] = await h.send(installationUpdate('add', locale('fr-FR', { scope: 'team' })));
    const card = cardOf(reply);
    expect(validateCard(card)).toEqual([]);
    expect(cardTexts(card)[0]).toBe('Merci de m’avoir ajouté à IT Helpdesk');
    expect(text(card)).toMatch(/Faire de ce canal le canal du support/);
    expect(text(card)).toMatch(/\*\*set helpdesk channel\*\*/);
    expect(reply?.summary).toMatch(/L’Enrollment Assistant a été ajouté/);
    expect(imBacks(card).map((b) => b.value)).toEqual(expect.arrayContaining(['aide', 'langue']));
  });

  it('offers the language choice in English too', async () => {
    const h = createBotHarness();
    const [reply] = await h.send(installationUpdate('add'));
    const card = cardOf(reply);
    expect(validateCard(card)).toEqual([]);
    expect(nodeOf(card, 'Action.ShowCard')?.title).toBe('Language');
    expect(nodeOf(card, 'Input.ChoiceSet')?.choices).toEqual(
      expect.arrayContaining([{ title: 'Automatic (from Teams)', value: 'auto' }]),
    );
    expect(executeActions(card).map((a) => a.title)).toEqual(['Save']);
    expect(text(card)).toMatch(/You can write to me in your own language/);
  });
});

describe('a version question in Japanese', () => {
  it.each([
    ['iPadがiPadOS 16.6のままなんだけど、このままでも登録いける？', '16.6'],
    ['うちのiPhone、iOS 16.7.10なんだけどこのままでも登録いける？', '16.7.10'],
  ])('answers %p with the verdict for that version: 17 is the minimum', async (question, v) => {
    const h = createBotHarness();
    const card = await say(h, question, locale('ja-JP'));
    // The verdict names the version asked about and says to update first.
    expect(text(card)).toMatch(new RegExp(`お使いの.{0,12}${v.replace(/\./g, '\\.')}です`));
    expect(text(card)).toMatch(/まず.{0,8}アップデートしてください/);
    expect(text(card)).toMatch(/17以降/);
  });
});

describe('a quoted message about services in Japanese', () => {
  it('is no question about the version, though the quote says 対応していません', async () => {
    const h = createBotHarness();
    const card = await say(
      h,
      '会社のアドレスを入れたら「お使いのApple Accountはこのデバイスで予期されたサービスに対応していません」と出ました。iOS 18.6にしたばかりです。どうすればいいですか？',
      locale('ja-JP'),
    );
    // Not the version verdict ("18.6 is supported"): the service-discovery article.
    expect(text(card)).not.toMatch(/18\.6.{0,4}(は)?サポートされています/);
    expect(text(card)).toMatch(/expected services/);
  });
});
