import { commandVocabulary } from '../../../src/actions/commands';
import { englishWords } from '../../../src/knowledge/english-words';
import { loadKnowledgeBase } from '../../../src/knowledge/load';
import { SpellingCorrector, words } from '../../../src/knowledge/spelling';

/** A small vocabulary of the bot's own words, with the real English list as "known". */
function corrector(vocabulary: readonly string[]): SpellingCorrector {
  return new SpellingCorrector(vocabulary, { known: englishWords() });
}

const BOT_WORDS = [
  'iphone',
  'ipad',
  'help',
  'authenticator',
  'enroll',
  'enrollment',
  'profile',
  'create',
  'passcode',
];

describe('SpellingCorrector', () => {
  it.each([
    ['iphnoe', 'iphone'],
    ['hlep', 'help'],
    ['authenticatr', 'authenticator'],
    ['autehnticator', 'authenticator'],
    ['pascode', 'passcode'],
  ])('reads the typo "%s" as "%s"', (typed, expected) => {
    expect(corrector(BOT_WORDS).correctWord(typed)).toBe(expected);
  });

  it('prefers the candidate that sounds like the typo when two are equally near', () => {
    // "whipe" is one edit from both; "wipe" sounds the same (Metaphone WP), "while" does not,
    // and wins even when "while" is the more frequent word of the vocabulary.
    const c = corrector(['while', 'while', 'while', 'wipe']);
    expect(c.correctWord('whipe')).toBe('wipe');
    // With no sound-alike, frequency decides as before.
    expect(corrector(['while', 'while', 'whale']).correctWord('whilr')).toBe('while');
  });

  it('corrects two edits in a long word but only one in a short one', () => {
    const c = corrector(BOT_WORDS);
    // 13 letters, two edits away from "authenticator".
    expect(c.correctWord('autenticatr')).toBe('authenticator');
    // 6 letters, two edits away from "enroll": too far to guess.
    expect(c.correctWord('enrxxl')).toBeUndefined();
    // 6 letters, one edit away.
    expect(c.correctWord('enrol')).toBeUndefined(); // an English (British) word: left alone
    expect(c.correctWord('enrpll')).toBe('enroll');
  });

  it.each([
    ['doin', 'down'],
    ['goin', 'gain'],
    ['nothin', 'nothing'],
  ])('reads "%s" (an -ing said without its g) as that word, not "%s"', (word, near) => {
    expect(corrector([near]).correctWord(word)).toBe(`${word}g`);
  });

  it.each([
    ['boss', 'bass'],
    ['leave', 'lease'],
    ['meeting', 'melting'],
    ['photos', 'photons'],
    ['wife', 'wipe'],
  ])('leaves the English word "%s" alone though "%s" is one edit away', (word, near) => {
    expect(corrector([near]).correctWord(word)).toBeUndefined();
    expect(corrector([near]).correct(`${word} ${word}`).changes).toEqual([]);
    // Without the English list the same word would be "corrected": the list is what saves it.
    expect(new SpellingCorrector([near], { known: new Set() }).correctWord(word)).toBe(near);
  });

  it('corrects a word shorter than four letters only for two swapped neighbours', () => {
    const c = corrector(['ipad', 'ios', 'app', 'mdm']);
    expect(c.correctWord('ipd')).toBeUndefined();
    expect(c.correctWord('apq')).toBeUndefined();
    expect(c.correct('ipd apq').text).toBe('ipd apq');
    expect(c.correctWord('dmm')).toBe('mdm');
    expect(c.correct('oth ipd').text).toBe('oth ipd');
    // "hwo" swaps back to "how" or "who": the word the vocabulary uses more wins, a tie stays.
    expect(corrector(['how', 'how', 'who']).correctWord('hwo')).toBe('how');
    expect(corrector(['how', 'who']).correctWord('hwo')).toBeUndefined();
    // Its last letter typed once where the word doubles it: "tel" is "tell".
    expect(corrector(['tell', 'enroll']).correctWord('tel')).toBe('tell');
    expect(corrector(['tell']).correctWord('tle')).toBeUndefined();
  });

  it('leaves a word alone when two vocabulary words are equally close and equally common', () => {
    const tie = corrector(['cart', 'card']);
    expect(tie.correctWord('carx')).toBeUndefined();
    // The more frequent of two equally close words wins.
    const weighted = corrector(['cart', 'cart', 'card']);
    expect(weighted.correctWord('carx')).toBe('cart');
  });

  it('leaves digits and versions as typed', () => {
    const c = corrector(BOT_WORDS);
    const out = c.correct('iphnoe 13 mini on iOS 17.4.1, code 0x87D1FDE8');
    // Case aside, everything but the typo stays as typed.
    expect(out.text.toLowerCase()).toBe('iphone 13 mini on ios 17.4.1, code 0x87d1fde8');
    expect(c.correctWord('17')).toBeUndefined();
    expect(c.correctWord('17.4.1')).toBeUndefined();
  });

  it('reports every change in order, and none when nothing changed', () => {
    const c = corrector(BOT_WORDS);
    expect(c.correct('hlep me enroll my iphnoe')).toEqual({
      text: 'help me enroll my iphone',
      changes: [
        { from: 'hlep', to: 'help' },
        { from: 'iphnoe', to: 'iphone' },
      ],
    });
    expect(c.correct('help me enroll my iphone')).toEqual({
      text: 'help me enroll my iphone',
      changes: [],
    });
  });

  it('keeps punctuation and spacing around corrected words', () => {
    const c = corrector(BOT_WORDS);
    expect(c.correct('Iphnoe?!  (authenticatr)').text.toLowerCase()).toBe(
      'iphone?!  (authenticator)',
    );
  });

  it('copes with empty, emoji-only and very long input', () => {
    const c = corrector(BOT_WORDS);
    expect(c.correct('')).toEqual({ text: '', changes: [] });
    expect(c.correct('📱❓🙂').changes).toEqual([]);
    const long = 'iphnoe '.repeat(2000);
    const out = c.correct(long);
    expect(out.changes).toHaveLength(2000);
    expect(out.text.startsWith('iphone iphone')).toBe(true);
  });

  it.each(["it didn't work", "it couldn't start"])(
    'leaves the contraction in "%s" as typed',
    (text) => {
      // "didn't" is one word: its letters before the apostrophe are no typo of "did".
      const c = corrector([...BOT_WORDS, 'did', 'does', 'was', 'could']);
      const out = c.correct(text);
      expect(out.changes).toEqual([]);
      expect(out.text.toLowerCase()).toBe(text.toLowerCase());
    },
  );
});

describe('words', () => {
  it('lower-cases, drops apostrophes and keeps letters only', () => {
    expect(words("It didn't work on iOS 17.4 — Café!")).toEqual([
      'it',
      'didnt',
      'work',
      'on',
      'ios',
      'café',
    ]);
    expect(words('123 !!!')).toEqual([]);
  });
});

describe('the knowledge base corrector', () => {
  const kb = loadKnowledgeBase({ vocabulary: commandVocabulary() });

  it.each([
    ['hlep', 'help'],
    ['creat profile', 'create profile'],
    ['enroll my iphnoe', 'enroll my iphone'],
    ['why do I need authenticatr', 'why do i need authenticator'],
    // Towards everyday words too, not only the bot's own: "anywere" is "anywhere".
    ['cant find it anywere', 'cant find it anywhere'],
  ])('reads "%s" as "%s"', (typed, expected) => {
    expect(kb.correct(typed).text.toLowerCase()).toBe(expected);
  });

  it.each(["it didn't work", 'It doesn’t work'])('changes nothing in "%s"', (text) => {
    expect(kb.correct(text).changes).toEqual([]);
  });

  it('changes no word of an ordinary English question', () => {
    expect(
      kb.correct('Can my boss see my photos while I am on leave or in a meeting?').changes,
    ).toEqual([]);
  });
});
