import {
  mainAct,
  readSmallTalk,
  smallTalkVocabulary,
  type SmallTalkAct,
} from '../../../src/knowledge/small-talk';

describe('readSmallTalk', () => {
  it.each<[string, SmallTalkAct[], string]>([
    ['hi! how do I enroll?', ['greeting'], 'how do I enroll?'],
    ['Hello there, can my boss see my photos?', ['greeting'], 'can my boss see my photos?'],
    ['good morning! why do I need Authenticator', ['greeting'], 'why do I need Authenticator'],
    ['what can IT see? thanks', ['thanks'], 'what can IT see'],
    [
      'How do I remove my work account? Thank you so much!',
      ['thanks'],
      'How do I remove my work account',
    ],
    [
      'hey, what does Allow Remote Management do? bye',
      ['greeting', 'goodbye'],
      'what does Allow Remote Management do',
    ],
  ])('peels the pleasantries off "%s"', (text, acts, rest) => {
    const reading = readSmallTalk(text);
    expect([...reading.acts].sort()).toEqual([...acts].sort());
    expect(reading.rest).toBe(rest);
  });

  it.each<[string, SmallTalkAct]>([
    ['hi', 'greeting'],
    ['Good afternoon!', 'greeting'],
    ['thanks!', 'thanks'],
    ['thank you so much', 'thanks'],
    ['bye', 'goodbye'],
    ['are you a bot?', 'identity'],
    ['Who are you?', 'identity'],
    ['how are you doing?', 'wellbeing'],
    ["it didn't work", 'vague-failure'],
    ['it didnt work', 'vague-failure'],
    // "dont" and "wont" typed for "doesn't" and "won't"; a Cornish hello.
    ['still dont work', 'vague-failure'],
    ['it wont work still', 'vague-failure'],
    ['Wasson! 👋', 'greeting'],
    // The East Midlands; no change at all is a failure told.
    ['Ay up! 👋', 'greeting'],
    ['ayup', 'greeting'],
    ['nope, no luck. no difference at all', 'vague-failure'],
    // Shetland: "how are you today?"; a failure in Shetland words and in Spanglish.
    ["Aye aye! Foo's du da day?", 'wellbeing'],
    // Tyneside: "how's it gannin?" (going).
    ["How's it gannin?", 'wellbeing'],
    ['hows it gannin', 'wellbeing'],
    ['Sam thing again. Tried whit du said an nae luck', 'vague-failure'],
    ['tried again y nada, same thing', 'vague-failure'],
    // Well-wishes that open a chat, and a failure told in everyday words ("no joy", "ffs").
    ['Hope all is well with you today', 'greeting'],
    ["hope you're keeping well", 'greeting'],
    ['tried it your way, still no joy', 'vague-failure'],
    ['no dice, same thing again ffs', 'vague-failure'],
    // Thanks and goodbyes in words of their own order; "hasn't fixed it".
    ['sound, all sorted now, much appreciated', 'thanks'],
    ['legend, cheers heaps', 'thanks'],
    ["right, that's me off, cya", 'goodbye'],
    ["nah that hasn't fixed it, still broke", 'vague-failure'],
    ['Hi! Greetings from the Durban office', 'greeting'],
    ['Sharp sharp, thanks bro', 'thanks'],
    ['cheers, worked a treat', 'thanks'],
    ['did exactly that and it is doing the same again', 'vague-failure'],
    ['Still not working…', 'vague-failure'],
    // Longer than the other acts may be: a person or a bot, asked in a whole sentence.
    ['sorry, quick one: am I chatting with a real person or with a bot here?', 'identity'],
    ['still not working after I did what you told me', 'vague-failure'],
    ['I tried again like you said but it failed again.', 'vague-failure'],
    ['redid it exactly like you said, same error', 'vague-failure'],
    ['Did your steps exactly. Still no luck after a restart.', 'vague-failure'],
    ['are you an actual person or a bot?', 'identity'],
    ['is this a real person typing or a bot?', 'identity'],
    ["right, that's me done for now", 'goodbye'],
    // Going back to work is signing off.
    ['ok cheers, back to the warehouse', 'goodbye'],
    ['Thanks ever so much, that was very helpful and I appreciate your help.', 'thanks'],
    ['right, off to my next meeting', 'goodbye'],
    ["ok that's everything for now, enjoy your day", 'goodbye'],
    // Greetings and thanks of New Zealand and the Philippines; leaving now, with why.
    ['Kia ora team 👋', 'greeting'],
    ['chur bro, sweet as', 'thanks'],
    ['salamat po, thank you so much po', 'thanks'],
    ['sorry gotta dash, my shift starts. bye', 'goodbye'],
    ["right that's me for today, have a nice evening", 'goodbye'],
    // Welsh and Nigerian greetings and thanks (fresh round holdout-21).
    ['Shwmae, bore da', 'greeting'],
    ['Good evening, how far?', 'wellbeing'],
    ['diolch, all sorted. hwyl', 'thanks'],
    ['tried it first thing, same thing again', 'vague-failure'],
    // The present tense of English learners; a thanks with how it went and a farewell (15 words).
    ['I try again like you say but is not work', 'vague-failure'],
    ['Thank you so much for the help, now it is working. Have a nice day', 'thanks'],
    // Newfoundland: "b'y" (boy) only pads it, "some good" is very good.
    ["Thanks b'y, you're some good", 'thanks'],
    // Asked without "are"; a Brummie hello ("bab": love).
    ['u a bot or a real person', 'identity'],
    ['Alright bab!', 'ack'],
  ])('reads "%s" as only small talk (%s)', (text, act) => {
    const reading = readSmallTalk(text);
    expect(reading.rest).toBe('');
    expect(reading.acts).toContain(act);
    expect(mainAct(reading.acts)).toBe(act);
  });

  it('reads "ok cool" as two acknowledgements and nothing else', () => {
    expect(readSmallTalk('ok cool')).toEqual({ acts: ['ack', 'ack'], rest: '' });
  });

  it('reads a string of pleasantries as conversation only', () => {
    const reading = readSmallTalk('hello there, thanks so much, bye');
    expect(reading.rest).toBe('');
    expect(reading.acts).toEqual(expect.arrayContaining(['greeting', 'thanks', 'goodbye']));
  });

  it.each([
    "it didn't work after I typed my password",
    'it failed at Allow Remote Management',
    'ok so what does IT see on my phone',
    'is iOS 17 ok?',
    'are you able to see my photos?',
    'fine, but why do I need Authenticator?',
    // Small-talk words that ask are a question.
    'is it all sorted now?',
    "can't find the button anywhere",
    // Having to run something is no leaving.
    'I have to run the company portal app again?',
    'do I need to run the app first',
    // Who to turn to if it keeps failing is a question.
    "and who do I get hold of if it still won't go?",
    'is there no difference between work only and the whole device?',
  ])(
    'does not take "%s" for small talk: acknowledgements, identity and failures count only as the whole message',
    (text) => {
      const reading = readSmallTalk(text);
      expect(reading.rest).toBe(text);
      expect(reading.acts).toEqual([]);
    },
  );

  it('keeps the rest as typed, digits and dots included', () => {
    expect(readSmallTalk('iOS 15.8 thanks')).toEqual({ acts: ['thanks'], rest: 'iOS 15.8' });
    expect(readSmallTalk('Hi, my iPhone 13 is on 17.4.1')).toEqual({
      acts: ['greeting'],
      rest: 'my iPhone 13 is on 17.4.1',
    });
    expect(readSmallTalk('hello "Profile installation failed" 0x87D1FDE8').rest).toMatch(
      /^"?Profile installation failed" 0x87D1FDE8$/,
    );
  });

  it('reads "it worked" at the end of a question as part of it, not as thanks', () => {
    expect(readSmallTalk('how do I know that it worked?')).toEqual({
      acts: [],
      rest: 'how do I know that it worked?',
    });
    // As a sentence of its own, it is thanks.
    expect(readSmallTalk('where is device management? it worked, thanks')).toEqual({
      acts: ['thanks', 'thanks'],
      rest: 'where is device management',
    });
  });

  it('keeps the question itself when thanks follow it', () => {
    // The question mark may go with the thanks; the words of the question stay as typed.
    const reading = readSmallTalk('Good morning! Why do I need Authenticator? Thanks');
    expect([...reading.acts].sort()).toEqual(['greeting', 'thanks']);
    expect(reading.rest).toMatch(/^Why do I need Authenticator\??$/);
  });

  it('does not read a greeting word inside a question as a greeting', () => {
    expect(readSmallTalk('can you say hi to the helpdesk for me?').acts).toEqual([]);
    expect(readSmallTalk('what happens later when I leave the company?').acts).toEqual([]);
  });

  it.each([
    ['empty', ''],
    ['spaces', '   \n\t '],
    ['emoji', '📱❓🙂'],
    ['punctuation', '?!?!...;;'],
  ])('copes with %s input', (_name, text) => {
    const reading = readSmallTalk(text);
    expect(reading).toEqual({ acts: [], rest: expect.any(String) as string });
    expect(reading.rest.trim()).toBe(reading.rest);
  });

  it('returns for 10,000 characters of text without throwing', () => {
    const long = `${'thanks hi '.repeat(500)}how do I enroll ${'please '.repeat(200)}`.slice(
      0,
      10_000,
    );
    const reading = readSmallTalk(long);
    expect(reading.rest.length).toBeLessThanOrEqual(10_000);
    expect(Array.isArray(reading.acts)).toBe(true);
    const words = 'word '.repeat(2_000);
    expect(readSmallTalk(words).rest).toBe(words.trim());
  });
});

describe('mainAct', () => {
  it('answers the most specific act first', () => {
    expect(mainAct(['greeting', 'vague-failure'])).toBe('vague-failure');
    expect(mainAct(['ack', 'thanks', 'goodbye'])).toBe('thanks');
    expect(mainAct(['greeting', 'identity'])).toBe('identity');
    expect(mainAct(['ack'])).toBe('ack');
    expect(mainAct([])).toBeUndefined();
  });
});

describe('smallTalkVocabulary', () => {
  it('holds the words of the phrases, once each', () => {
    const vocabulary = smallTalkVocabulary();
    expect(vocabulary).toEqual(expect.arrayContaining(['thanks', 'hello', 'goodbye', 'didnt']));
    expect(new Set(vocabulary).size).toBe(vocabulary.length);
  });
});

describe('small talk carrying a word of its own', () => {
  // Every word not in the tables counts as a stranger here, but "vpn" (as the articles would).
  const stranger = (w: string): boolean => w !== 'vpn';

  it.each<[string, SmallTalkAct]>([
    ['ok noted lah. bye bye', 'goodbye'],
    ['nope. same problem lah', 'vague-failure'],
    ['It failed again. Kindly do the needful.', 'vague-failure'],
  ])('reads "%s" as %s when the odd word is a stranger', (text, act) => {
    const reading = readSmallTalk(text, stranger);
    expect(reading.rest).toBe('');
    expect(mainAct(reading.acts)).toBe(act);
    // Without a word to say what is a stranger, the odd word keeps it from being small talk.
    expect(readSmallTalk(text).rest).not.toBe('');
  });

  it.each([
    // A word the articles use, or too many strangers, is a message of its own.
    'nope same problem with vpn',
    'ok noted lah lah lah bye',
  ])('does not read "%s" as small talk', (text) => {
    expect(readSmallTalk(text, stranger).rest).not.toBe('');
  });
});
