/**
 * The guided enrollment in the employee's language, through the real bot: the ask card, a device
 * typed in German or Japanese, the steps of the organisation's setup from the translated article,
 * the update verdict for an old iOS version, the ownership hint on the ownership step only, and
 * buttons that send words the bot understands in that language.
 */
import type { Activity } from 'botbuilder';

import { VERBS } from '../../src/cards/verbs';
import { translator } from '../../src/i18n/catalogue';
import type { Language } from '../../src/i18n/languages';
import { message, type ActivityOptions } from '../factories/activities';
import {
  cardButtons,
  cardOf,
  cardTexts,
  createBotHarness,
  realKnowledgeBases,
  type BotHarness,
} from '../helpers/bot-harness';
import { forEachNode, validateCard } from '../helpers/card-validation';
import { click, responseCard } from '../helpers/clicks';

type Card = Record<string, unknown>;

const de: ActivityOptions = { overrides: { locale: 'de-DE' } };
const ja: ActivityOptions = { overrides: { locale: 'ja-JP' } };

/** Sends a message and returns the card of the only reply (asserting it is a valid card). */
async function say(h: BotHarness, text: string, opts: ActivityOptions): Promise<Card> {
  const replies = await h.send(message(text, opts));
  const cards = replies.filter((r) => r.attachments?.length);
  expect(cards).toHaveLength(1);
  const card = cardOf(cards[0]);
  expect(validateCard(card)).toEqual([]);
  return card;
}

const textOf = (card: unknown): string => cardTexts(card).join('\n');

/** The values the card's imBack buttons send. */
function imBackValues(card: unknown): string[] {
  const out: string[] = [];
  forEachNode(card, (n) => {
    const value = (n.data as { msteams?: { type?: string; value?: unknown } } | undefined)?.msteams;
    if (n.type === 'Action.Submit' && value?.type === 'imBack' && typeof value.value === 'string') {
      out.push(value.value);
    }
  });
  return out;
}

/** The helpdesk report form among the replies (throws when there is none). */
function reportForm(replies: readonly Partial<Activity>[]): Card {
  const found = replies.find((r) =>
    JSON.stringify(r.attachments ?? []).includes(VERBS.helpdeskReportSubmit),
  );
  return cardOf(found);
}

/** The values of a card's inputs, by id. */
function inputsOf(card: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  forEachNode(card, (n) => {
    if (typeof n.type === 'string' && n.type.startsWith('Input.') && typeof n.id === 'string') {
      out[n.id] = n.value;
    }
  });
  return out;
}

/** The German / Japanese knowledge base exists (its translations have been written). */
const translated = (lang: Language): boolean => realKnowledgeBases()[lang] !== undefined;

describe('the guide in German', () => {
  const t = translator('de');

  it('asks in German, reads a device typed in German, and says to update an iPhone on iOS 16.6', async () => {
    const h = createBotHarness();
    const ask = await say(h, 'registrieren', de);
    expect(textOf(ask)).toMatch(/Registrieren wir Ihr Gerät/);
    expect(textOf(ask)).not.toMatch(/Let's get your device enrolled/);
    expect(cardButtons(ask)).toContain('Meine Schritte anzeigen');

    const update = await say(h, 'mein eigenes iPhone 13, iOS 16.6', de);
    const text = textOf(update);
    expect(text).toMatch(/Aktualisieren Sie zuerst Ihr iPhone/);
    expect(text).toMatch(/Auf Ihrem iPhone läuft iOS 16\.6\. Intune unterstützt iOS 17 und neuer/);
    expect(text).toMatch(/\*\*Softwareupdate\*\*/);
    expect(text).not.toMatch(/Update your iPhone first|Intune supports/);
    // The button sends the report command as the bot understands it; the form it opens is
    // prefilled with what was typed in German (model, version, owner).
    const [requirements, report] = imBackValues(update);
    expect(report).toBe(t('common.commands.report'));
    // The other button asks for the version requirements, answered in German.
    expect(cardButtons(update)).toContain('Versionsanforderungen');
    if (translated('de')) {
      expect(requirements).toMatch(/Version/);
      const answer = await say(h, requirements ?? '', de);
      expect(cardButtons(answer)).toContain(t('answer.helpful'));
      expect(textOf(answer)).toMatch(/17/);
    }
    const form = reportForm(await h.send(message(report ?? '', de)));
    expect(inputsOf(form)).toMatchObject({
      deviceModel: 'iPhone 13',
      osVersion: '16.6',
      ownership: 'personal',
    });
  });

  it('reads a few typed words of device and version as the answer, even when they start like a question', async () => {
    const h = createBotHarness();
    await say(
      h,
      'Servus, kannst du das mit mir durchgehen? Mein privates iPad will ich einrichten',
      de,
    );
    // Bavarian "is a" ("it's an") starts like the English "is …?", but asks nothing.
    const update = await say(h, 'is a iPad Air, Version 16.7.10', de);
    expect(textOf(update)).toMatch(/Aktualisieren Sie zuerst Ihr iPad/);
    expect(textOf(update)).toMatch(/17/);
  });

  it('shows the steps of the organisation setup in German, step by step', async () => {
    const h = createBotHarness();
    await say(h, 'registrieren', de);
    const overview = await say(h, 'mein eigenes iPhone 13, iOS 17.4', de);
    const text = textOf(overview);
    expect(text).toMatch(/Ihr iPhone registrieren \(iOS 17\.4\)/);
    expect(text).toMatch(/Das sind die \d+ Schritte für die Einrichtung Ihrer Organisation/);
    if (translated('de')) {
      expect(text).toMatch(/VPN und Geräteverwaltung/);
      expect(text).not.toMatch(/VPN & Device Management/);
    }
    expect(cardButtons(overview)).toEqual(
      expect.arrayContaining([
        'Schritt für Schritt',
        'Ich habe alle Schritte erledigt',
        'Problem melden',
      ]),
    );

    const step1 = responseCard((await click(h, overview, 'Schritt für Schritt', {}, de)).response);
    expect(textOf(step1)).toMatch(/Schritt 1 von \d+/);
    expect(cardButtons(step1)).toEqual(['Weiter', 'Dieser Schritt hat nicht geklappt']);
    const step2 = responseCard((await click(h, step1, 'Weiter', {}, de)).response);
    expect(textOf(step2)).toMatch(/Schritt 2 von/);
    const back = responseCard((await click(h, step2, 'Zurück', {}, de)).response);
    expect(textOf(back)).toMatch(/Schritt 1 von/);

    // "It failed at this step": help in German, and the report form.
    const failed = await click(h, step2, 'Dieser Schritt hat nicht geklappt', {}, de);
    const notice = cardOf(failed.others[0]);
    expect(textOf(notice)).toMatch(/Schritt 2 hat leider nicht geklappt/);
    expect(cardButtons(notice)).toContain('Problem melden');
    expect(inputsOf(reportForm(failed.others))).toMatchObject({
      osVersion: '17.4',
      ownership: 'personal',
    });

    // The closing check and both answers.
    const check = responseCard(
      (await click(h, overview, 'Ich habe alle Schritte erledigt', {}, de)).response,
    );
    expect(textOf(check)).toMatch(/VERWALTETER ACCOUNT/);
    const yes = responseCard((await click(h, check, 'Ja, ich sehe es', {}, de)).response);
    expect(textOf(yes)).toMatch(/Alles erledigt/);
    const no = responseCard((await click(h, check, 'Nein', {}, de)).response);
    expect(textOf(no)).toMatch(/Finden wir heraus, was schiefgegangen ist/);
    expect(cardButtons(no)).toContain('Problem melden');
  });

  it('reads a company iPad typed in German and shows the steps for a company device', async () => {
    const h = createBotHarness();
    await say(h, 'registrieren', de);
    const overview = await say(h, 'iPad der Firma, iPadOS 17.2', de);
    const text = textOf(overview);
    expect(text).toMatch(/Ihr iPad registrieren \(iPadOS 17\.2\)/);
    expect(text).toMatch(/Das sind die Schritte für ein Gerät, das Ihrer Organisation gehört/);
  });

  it('shows the ownership hint on the ownership step only', async () => {
    const h = createBotHarness({ method: 'userChoice' });
    await say(h, 'registrieren', de);
    const overview = await say(h, 'mein eigenes iPhone 13, iOS 17.4', de);
    const english = h.knowledge.kb.all().find((a) => a.guide === 'userChoice');
    const ownership = english?.steps.findIndex((s) => /own this device/.test(s)) ?? -1;
    expect(ownership).toBeGreaterThan(0);
    const hint = t('guide.plan.hintPersonal');
    expect(textOf(overview)).not.toContain(hint);
    let card = responseCard((await click(h, overview, 'Schritt für Schritt', {}, de)).response);
    const withHint: number[] = [];
    for (let i = 0; i < (english?.steps.length ?? 0); i++) {
      if (textOf(card).includes(hint)) withHint.push(i);
      const next = cardButtons(card).includes('Weiter') ? 'Weiter' : 'Fertig';
      card = responseCard((await click(h, card, next, {}, de)).response);
    }
    expect(withHint).toEqual([ownership]);
    expect(textOf(card)).toMatch(/eine letzte Prüfung/);
  });

  it('sends questions the German knowledge base answers from the closing card', async () => {
    const h = createBotHarness();
    await say(h, 'registrieren', de);
    const overview = await say(h, 'mein eigenes iPhone 13 mit iOS 18.1', de);
    const check = responseCard(
      (await click(h, overview, 'Ich habe alle Schritte erledigt', {}, de)).response,
    );
    const done = responseCard((await click(h, check, 'Ja, ich sehe es', {}, de)).response);
    const [privacy, authenticator] = imBackValues(done);
    expect(privacy).toBe('Was kann meine Organisation auf meinem Gerät sehen?');
    expect(authenticator).toBe('Warum brauche ich Microsoft Authenticator?');
    if (translated('de')) {
      const seeAnswer = await say(h, privacy ?? '', de);
      expect(cardButtons(seeAnswer)).toContain(t('answer.helpful'));
      expect(textOf(seeAnswer)).toMatch(/sehen|sieht/i);
      const whyAnswer = await say(h, authenticator ?? '', de);
      expect(textOf(whyAnswer)).toMatch(/Authenticator/);
    }
  });

  it('asks again in German when the form is incomplete', async () => {
    const h = createBotHarness();
    const ask = await say(h, 'registrieren', de);
    const bad = await click(
      h,
      ask,
      'Meine Schritte anzeigen',
      { device: 'iPad', osVersion: 'Banane', ownership: '' },
      de,
    );
    const again = responseCard(bad.response);
    expect(textOf(again)).toMatch(
      /Bitte geben Sie die iOS- bzw\. iPadOS-Version in Ziffern ein \(zum Beispiel 17\.4\), wählen Sie aus, wem das Gerät gehört\./,
    );
    expect(JSON.stringify(again)).toContain('"value":"iPad"');
  });
});

describe('the guide in Japanese', () => {
  const t = translator('ja');

  it('asks in Japanese and says to update an iPhone on iOS 16.6, naming 17', async () => {
    const h = createBotHarness();
    const ask = await say(h, '登録', ja);
    expect(textOf(ask)).toMatch(/デバイスを登録しましょう/);
    expect(cardButtons(ask)).toContain('手順を表示');
    const update = await say(h, '自分のiPhone 13、iOS 16.6', ja);
    const text = textOf(update);
    expect(text).toMatch(/まずiPhoneをアップデートしてください/);
    expect(text).toMatch(/iOS 16\.6です。Intuneは\s?iOS 17以降をサポート/);
    expect(text).not.toMatch(/Update your iPhone first/);
    const report = imBackValues(update).at(-1);
    expect(report).toBe(t('common.commands.report'));
    expect(cardButtons(update)).toContain('バージョンの要件');
    expect(inputsOf(reportForm(await h.send(message(report ?? '', ja))))).toMatchObject({
      deviceModel: 'iPhone 13',
      osVersion: '16.6',
      ownership: 'personal',
    });
  });

  it('shows the steps in Japanese with a company iPad typed in Japanese', async () => {
    const h = createBotHarness();
    await say(h, '登録', ja);
    const overview = await say(h, '会社支給のiPad、iPadOS 17.2です', ja);
    const text = textOf(overview);
    expect(text).toMatch(/iPadを登録する（iPadOS 17\.2）/);
    expect(text).toMatch(/組織が所有するデバイス向けの手順です/);
    expect(cardButtons(overview)).toEqual(
      expect.arrayContaining(['一つずつ進める', 'すべての手順を終えました', '問題を報告']),
    );
    const step1 = responseCard((await click(h, overview, '一つずつ進める', {}, ja)).response);
    expect(textOf(step1)).toMatch(/手順 1\/\d+/);
    expect(cardButtons(step1)).toEqual(['次へ', 'この手順でうまくいかなかった']);
  });

  it('takes the steps from the Japanese articles once they exist, with the hint on the ownership step only', async () => {
    const h = createBotHarness({ method: 'userChoice' });
    await say(h, '登録', ja);
    const overview = await say(h, '自分のiPhone 13、iOS 17.4', ja);
    if (translated('ja')) {
      expect(textOf(overview)).toMatch(/VPNとデバイス管理/);
      expect(textOf(overview)).not.toMatch(/VPN & Device Management/);
    }
    const english = h.knowledge.kb.all().find((a) => a.guide === 'userChoice');
    const ownership = english?.steps.findIndex((s) => /own this device/.test(s)) ?? -1;
    const hint = t('guide.plan.hintPersonal');
    const withHint: number[] = [];
    let card = responseCard((await click(h, overview, '一つずつ進める', {}, ja)).response);
    for (let i = 0; i < (english?.steps.length ?? 0); i++) {
      if (textOf(card).includes(hint)) withHint.push(i);
      const next = cardButtons(card).includes('次へ') ? '次へ' : '完了';
      card = responseCard((await click(h, card, next, {}, ja)).response);
    }
    expect(withHint).toEqual([ownership]);
  });
});
