/**
 * The Teams command menu in another language, through the real bot: Teams sends the localized
 * title (manifest/de.json…) as the message text when someone picks a command, so each title,
 * sent from a German, French or Japanese Teams in its scope, must run the same command as the
 * English title does: the replies have the same shape (cards, buttons, verbs), only the words
 * differ.
 */
import fs from 'node:fs';
import path from 'node:path';

import type { Scope } from '../../../src/actions/commands';
import { translator } from '../../../src/i18n/catalogue';
import { message } from '../../factories/activities';
import { cardTexts, createBotHarness } from '../../helpers/bot-harness';

const MANIFEST_DIR = path.resolve(__dirname, '../../../manifest');
const manifest = JSON.parse(fs.readFileSync(path.join(MANIFEST_DIR, 'manifest.json'), 'utf8')) as {
  bots: { commandLists: { scopes: Scope[]; commands: { title: string }[] }[] }[];
};

/** Keys whose string values say what a reply does rather than what it says. */
const STRUCTURAL = new Set(['type', 'contentType', 'verb', 'action', 'style', 'id']);

/** A reply with every wording replaced, keeping the structure and the action vocabulary. */
function shape(node: unknown, key = ''): unknown {
  if (Array.isArray(node)) return node.map((n) => shape(n));
  if (node && typeof node === 'object') {
    return Object.fromEntries(
      Object.entries(node)
        .filter(([k]) => !['timestamp', 'locale', 'replyToId'].includes(k))
        .map(([k, v]) => [k, shape(v, k)]),
    );
  }
  if (typeof node === 'string') return STRUCTURAL.has(key) && !/\d{3,}/.test(node) ? node : '…';
  return node;
}

async function reply(text: string, scope: Scope, locale: string): Promise<unknown> {
  const harness = createBotHarness();
  const replies = await harness.send(message(text, { scope, overrides: { locale } }));
  return replies.map((r) =>
    shape({
      type: r.type,
      text: r.text === undefined ? undefined : '',
      attachments: r.attachments ?? [],
    }),
  );
}

const cases = (['de', 'fr', 'ja'] as const).flatMap((lang) => {
  const file = JSON.parse(
    fs.readFileSync(path.join(MANIFEST_DIR, `${lang}.json`), 'utf8'),
  ) as Record<string, string>;
  return (manifest.bots[0]?.commandLists ?? []).flatMap((list, i) =>
    list.commands.map((command, j) => ({
      lang,
      scope: list.scopes[0] ?? 'personal',
      english: command.title,
      localized: file[`bots[0].commandLists[${i}].commands[${j}].title`] ?? '',
    })),
  );
});

const LOCALES = { de: 'de-DE', fr: 'fr-FR', ja: 'ja-JP' } as const;

describe('the localized command menu, through the bot', () => {
  it.each(cases)(
    '$lang $scope: "$localized" does what "$english" does',
    async ({ lang, scope, english, localized }) => {
      expect(localized).not.toBe('');
      const locale = LOCALES[lang];
      const expected = await reply(english, scope, locale);
      const actual = await reply(localized, scope, locale);
      expect(actual).toEqual(expected);
      expect(JSON.stringify(actual)).not.toBe('[]');
    },
  );

  it('tells different commands apart (the comparison is not empty)', async () => {
    const help = await reply('Hilfe', 'personal', 'de-DE');
    expect(await reply('Sprache', 'personal', 'de-DE')).not.toEqual(help);
    expect(await reply('meine Tickets', 'personal', 'de-DE')).not.toEqual(help);
    expect(await reply('Wie lange dauert das?', 'personal', 'de-DE')).not.toEqual(help);
  });

  it.each([
    ['Hilfe', 'de-DE', 'de'],
    ['ヘルプ', 'ja-JP', 'ja'],
    ['aide', 'fr-FR', 'fr'],
  ] as const)('answers "%s" from a %s Teams in that language', async (title, locale, lang) => {
    const harness = createBotHarness();
    const replies = await harness.send(message(title, { overrides: { locale } }));
    const texts = replies.flatMap((r) =>
      (r.attachments ?? []).flatMap((a) => cardTexts(a.content)),
    );
    expect(texts).toContain(translator(lang)('help.title.personal'));
    expect(texts).not.toContain(translator('en')('help.title.personal'));
  });
});
