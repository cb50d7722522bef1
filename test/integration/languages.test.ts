/**
 * The bot in the employee's language, through the real bot: which language a turn is in (the
 * person's choice, the message, the language last written in, the Teams locale), the `language`
 * command and card, answers from the translated articles, and the English fallback that names
 * the languages on offer.
 */
import { VERBS } from '../../src/cards/verbs';
import { cardAction, message, USER } from '../factories/activities';
import { cardButtons, cardOf, cardTexts, createBotHarness } from '../helpers/bot-harness';
import { validateCard } from '../helpers/card-validation';
import { click, responseCard } from '../helpers/clicks';

const locale = (l: string): { overrides: { locale: string } } => ({ overrides: { locale: l } });

function textOf(reply: Parameters<typeof cardOf>[0]): string {
  return cardTexts(cardOf(reply)).join('\n');
}

describe('the language command and card', () => {
  it('shows the language in use and why, in that language', async () => {
    const h = createBotHarness();
    const [reply] = await h.send(message('language', locale('de-DE')));
    const card = cardOf(reply);
    expect(cardTexts(card).join('\n')).toMatch(
      /Ich antworte Ihnen auf Deutsch, in der Sprache Ihres Teams/,
    );
    expect(cardButtons(card)).toContain('Speichern');
    expect(validateCard(card)).toEqual([]);
  });

  it.each([
    ['language ja', 'ja', /これからは日本語で応答します/],
    ['Sprache Französisch', 'fr', /je vous répondrai désormais en Français/],
    ['en español por favor', 'es', /te responderé en Español/],
    ['日本語で', 'ja', /日本語/],
    ['answer in english please', 'en', /I'll answer you in English from now on/],
  ])(
    '"%s" sets %s, stored for the person, and confirms in it',
    async (text, lang, confirmation) => {
      const h = createBotHarness();
      const [reply] = await h.send(message(text, locale('de-DE')));
      expect(textOf(reply)).toMatch(confirmation);
      expect(
        (await h.storage.read([`language-of/${USER.aadObjectId}`]))[
          `language-of/${USER.aadObjectId}`
        ],
      ).toMatchObject({ chosen: lang });
    },
  );

  it('saves the choice from the card, and the choice wins over the message and the locale', async () => {
    const h = createBotHarness();
    const [shown] = await h.send(message('language', locale('en-US')));
    const saved = await click(h, cardOf(shown), 'Save', { language: 'fr' });
    expect(saved.response.statusCode).toBe(200);
    expect(cardTexts(responseCard(saved.response)).join('\n')).toMatch(
      /je vous répondrai désormais en Français/,
    );
    // An English question from an English Teams client is now answered in French.
    const [next] = await h.send(message('language', locale('en-US')));
    expect(textOf(next)).toMatch(/Je vous réponds en Français, comme vous l’avez choisi/);
    // Automatic again: back to the Teams locale.
    const auto = await click(h, cardOf(next), 'Enregistrer', { language: 'auto' });
    expect(cardTexts(responseCard(auto.response)).join('\n')).toMatch(
      /I'll follow your Teams language/,
    );
    expect(
      (await h.storage.read([`language-of/${USER.aadObjectId}`]))[
        `language-of/${USER.aadObjectId}`
      ],
    ).not.toHaveProperty('chosen');
  });

  it.each([
    ['a language it does not speak', { language: 'it' }],
    ['a wrong type', { language: 42 }],
    ['a huge value', { language: 'x'.repeat(10_000) }],
    ['an injected object', { language: { $ne: 'en' } }],
  ])('refuses %s in plain words and stores nothing', async (_name, data) => {
    const h = createBotHarness();
    const replies = await h.send(cardAction(VERBS.languageChoose, data, locale('de-DE')));
    const body = (
      replies.find((r) => r.type === 'invokeResponse')?.value as {
        body: { statusCode: number; value: { message?: string } };
      }
    ).body;
    expect(body.statusCode).toBe(400);
    expect(JSON.stringify(body.value)).not.toMatch(/zod|ZodError|invalid_type|\bat \w+ \(/);
    expect(await h.storage.read([`language-of/${USER.aadObjectId}`])).toEqual({});
  });

  it('takes the person from the authenticated activity, never from the card data', async () => {
    const h = createBotHarness();
    await h.send(
      cardAction(VERBS.languageChoose, {
        language: 'es',
        userId: 'someone-else',
        aadObjectId: 'someone-else',
      }),
    );
    expect(await h.storage.read(['language-of/someone-else'])).toEqual({});
    expect(
      (await h.storage.read([`language-of/${USER.aadObjectId}`]))[
        `language-of/${USER.aadObjectId}`
      ],
    ).toMatchObject({ chosen: 'es' });
  });
});

describe('which language a reply is in', () => {
  it('answers a message written in an unsupported language in English and names the languages', async () => {
    const h = createBotHarness();
    const replies = await h.send(
      message('Buongiorno, come posso registrare il mio iPhone?', locale('it-IT')),
    );
    const notice = replies.find((r) => typeof r.text === 'string');
    expect(notice?.text).toMatch(/I don't speak Italian yet/);
    expect(notice?.text).toMatch(/Deutsch, Français, Español and 日本語/);
    expect(replies.length).toBeGreaterThanOrEqual(2);
  });

  it('keeps one-word English commands from switching a German reader to English', async () => {
    const h = createBotHarness();
    const [reply] = await h.send(message('language', locale('de-DE')));
    expect(textOf(reply)).toMatch(/Deutsch/);
  });

  it('answers a card clicked later in the language the person last wrote in', async () => {
    const h = createBotHarness();
    await h.send(message('Wie registriere ich mein iPhone für die Arbeit?', locale('en-US')));
    const [reply] = await h.send(message('language', locale('en-US')));
    expect(textOf(reply)).toMatch(/zuletzt geschrieben/);
  });
});
