import { decideLanguage } from '../../../src/i18n/turn-language';

describe('decideLanguage', () => {
  const german = { locale: 'de-DE', localTimezone: 'Europe/Berlin' };

  it('follows the Teams locale when nothing else says otherwise', () => {
    expect(decideLanguage({}, 'ok', german)).toMatchObject({
      lang: 'de',
      source: 'locale',
      locale: 'de-DE',
      timeZone: 'Europe/Berlin',
    });
  });

  it('follows the language the message is clearly written in over the locale', () => {
    expect(decideLanguage({}, 'Comment inscrire mon iPhone ?', german)).toMatchObject({
      lang: 'fr',
      source: 'message',
      detected: 'fr',
    });
  });

  it('follows the language last written in when the message says nothing (a card click)', () => {
    expect(decideLanguage({ written: 'es' }, '', german)).toMatchObject({
      lang: 'es',
      source: 'written',
    });
  });

  it('puts the person’s own choice above everything', () => {
    expect(
      decideLanguage({ chosen: 'ja', written: 'es' }, 'Comment inscrire mon iPhone ?', german),
    ).toMatchObject({ lang: 'ja', source: 'choice' });
  });

  it('answers an unsupported language in English and names it', () => {
    expect(
      decideLanguage({}, 'Buongiorno, come posso registrare il mio iPhone?', { locale: 'it-IT' }),
    ).toMatchObject({ lang: 'en', source: 'default', unsupported: 'it' });
  });

  it('keeps the supported language of the locale for an unsupported message', () => {
    expect(
      decideLanguage({}, 'Buongiorno, come posso registrare il mio iPhone?', german),
    ).toMatchObject({ lang: 'de', unsupported: 'it' });
  });

  it.each([
    ['no locale', {}],
    ['a malformed locale', { locale: '../../etc' }],
    ['a locale that is not a string', { locale: 42 }],
    ['a huge locale', { locale: 'x'.repeat(1000) }],
  ])('falls back to English with %s', (_name, activity) => {
    expect(decideLanguage({}, '', activity)).toMatchObject({ lang: 'en', source: 'default' });
  });

  it('keeps a Spanish writer in Spanish when a short message reads as Portuguese to a guesser', () => {
    // The device and version typed after asking to be guided, by someone writing Spanish in an
    // es-AR client: no note about Portuguese, the Spanish guide goes on.
    const turn = decideLanguage({ written: 'es' }, 'Un iPad de 7ª generación con iPadOS 16.6', {
      locale: 'es-AR',
    });
    expect(turn).toMatchObject({ lang: 'es', source: 'written' });
    expect(turn.unsupported).toBeUndefined();
  });

  it('ignores a time zone Intl does not know', () => {
    expect(decideLanguage({}, '', { localTimezone: 'Mars/Olympus' }).timeZone).toBeUndefined();
  });
});
