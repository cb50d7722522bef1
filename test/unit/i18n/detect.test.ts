import { detectLanguage, supportedLanguage } from '../../../src/i18n/detect';

describe('detectLanguage', () => {
  it.each([
    ['Wie registriere ich mein iPhone?', 'de'],
    ['Kann mein Chef meine Fotos sehen?', 'de'],
    ['Ich habe ein iPhone 13 mit iOS 16.6', 'de'],
    ['Danke!', 'de'],
    ['Comment inscrire mon iPhone ?', 'fr'],
    ['Est-ce que mon patron peut voir mes photos ?', 'fr'],
    ['mon propre iPhone 13, iOS 16.6', 'fr'],
    ['merci', 'fr'],
    ['¿Cómo inscribo mi iPhone?', 'es'],
    ['Mi jefe puede ver mis fotos?', 'es'],
    ['mi propio iPhone 13 con iOS 16.6', 'es'],
    ['gracias', 'es'],
    ['iPhoneを登録するにはどうすればいいですか', 'ja'],
    ['ありがとう', 'ja'],
    ['how do I enroll my iphone', 'en'],
    ['Can my boss see my photos?', 'en'],
  ])('reads %p as %s', (text, code) => {
    expect(detectLanguage(text)).toEqual({ code, supported: true });
    expect(supportedLanguage(detectLanguage(text))).toBe(code);
  });

  it.each([
    ['Buongiorno, come posso registrare il mio iPhone?', 'it'],
    ['Olá, como faço para inscrever meu iPhone?', 'pt'],
    ['Hoe registreer ik mijn iPhone?', 'nl'],
    ['如何注册我的iPhone', 'zh'],
    ['iPhone 등록 방법', 'ko'],
  ])('names %p as %s, a language the bot does not speak', (text, code) => {
    expect(detectLanguage(text)).toEqual({ code, supported: false });
    expect(supportedLanguage(detectLanguage(text))).toBeUndefined();
  });

  it.each([
    // Product names and numbers only, one-word English (typed by everyone), nothing at all.
    'iPhone 13, iOS 16.6',
    'ok',
    'help',
    'enroll',
    'thanks',
    '',
    '👍',
    '12345',
  ])('leaves %p undecided', (text) => {
    expect(detectLanguage(text)).toBeUndefined();
  });

  it.each([
    'sms code fails on ios 16',
    'invalid profile ipad 17.2 help',
    'mdm profile not verified',
  ])('never takes terse English (%p) for another language', (text) => {
    expect(detectLanguage(text)?.supported).not.toBe(false);
  });

  it.each([
    // (Round 40: the screen's English words outweighed the person's Spanish.)
    'Me sale Sign In Failed y abajo dice algo de The Enrollment SSO application has been installed on the device. Qué es esa vaina?',
    "Bonjour, j'ai « User name not recognized » et « Profile installation failed », c'est quoi ?",
  ])(
    'does not read %p as English: the words copied from the screen are not the person’s',
    (text) => {
      expect(detectLanguage(text)?.code).not.toBe('en');
    },
  );

  it('reads a long English message with a German greeting as English', () => {
    expect(
      detectLanguage(
        'Hallo, I am from the Munich office and my English is not perfect, sorry. The message Invalid Profile comes.',
      ),
    ).toEqual({ code: 'en', supported: true });
  });

  it('reads only the start of a huge message', () => {
    const text = `Wie registriere ich mein iPhone? ${'x'.repeat(100_000)}`;
    expect(detectLanguage(text)).toEqual({ code: 'de', supported: true });
  });

  describe('with the language the person is known to write', () => {
    it.each([
      ['Es un iPad de 6ª generación, tiene iPadOS 16.7', 'es'],
      ['Un iPad de 7ª generación con iPadOS 16.6', 'es'],
    ])('does not take %p for a neighbour the bot lacks', (text, expected) => {
      // Without the hint the guesser names Portuguese; with it the message is unclear, and the
      // person's own language stands.
      expect(detectLanguage(text)?.supported).toBe(false);
      expect(detectLanguage(text, expected as 'es')).toBeUndefined();
    });

    it('still names a language when the message has no word of the one expected', () => {
      expect(detectLanguage('Buongiorno, come posso registrare il mio iPhone?', 'de')).toEqual({
        code: 'it',
        supported: false,
      });
    });

    it('takes no hint from English, which every client defaults to', () => {
      expect(detectLanguage('Buongiorno, come posso registrare il mio iPhone?', 'en')).toEqual({
        code: 'it',
        supported: false,
      });
    });

    it('still reads a message clearly written in another of its languages', () => {
      expect(detectLanguage('Wie registriere ich mein iPhone?', 'es')).toEqual({
        code: 'de',
        supported: true,
      });
    });
  });
});
