import { splitMessage } from '../../../src/knowledge/segment';

const texts = (text: string): string[] => splitMessage(text).map((p) => p.text);

describe('splitMessage', () => {
  it('splits two questions joined by "and" before a question word', () => {
    expect(splitMessage('how do I enroll and can my boss see my photos?')).toEqual([
      { text: 'how do I enroll', question: true, marked: true },
      { text: 'can my boss see my photos?', question: true, marked: true },
    ]);
  });

  it.each([
    [
      'a comma and "and"',
      'How do I enroll, and is iOS 16 ok?',
      ['How do I enroll', 'is iOS 16 ok?'],
    ],
    [
      '"plus"',
      'why do I need Authenticator plus what can IT see',
      ['why do I need Authenticator', 'what can IT see'],
    ],
    [
      '"&"',
      'how do I enroll & can my boss see my photos',
      ['how do I enroll', 'can my boss see my photos'],
    ],
    [
      '"and also"',
      'what can IT see and also how do I remove it?',
      ['what can IT see', 'how do I remove it?'],
    ],
  ])('splits on %s', (_name, text, parts) => {
    expect(texts(text)).toEqual(parts);
  });

  it.each([
    'enroll my iPhone and my iPad',
    'I tried and it failed',
    'Teams and Outlook both say I need to enroll my device',
    'sign in and allow remote management',
  ])('keeps "%s" whole: "and" without a new question joins one thought', (text) => {
    expect(texts(text)).toEqual([text]);
  });

  it('splits sentences, each with its own question flag', () => {
    expect(
      splitMessage('I updated to iOS 17.4.1 yesterday. Is that enough? My manager asked.'),
    ).toEqual([
      { text: 'I updated to iOS 17.4.1 yesterday.', question: false, marked: false },
      { text: 'Is that enough?', question: true, marked: true },
      { text: 'My manager asked.', question: false, marked: false },
    ]);
  });

  it('finds a question buried in a long story', () => {
    const story =
      'So my team lead told me on Monday that everyone has to put their phones into the company system by Friday. ' +
      'I have a lot of family pictures on my phone. Can my boss see my photos? ' +
      'I just want to be sure before I do anything.';
    const parts = splitMessage(story);
    expect(parts).toHaveLength(4);
    expect(parts.filter((p) => p.question).map((p) => p.text)).toEqual([
      'Can my boss see my photos?',
    ]);
  });

  it.each([
    ['a question mark', 'my boss can see my photos?'],
    ['a question word', 'what does Allow Remote Management do'],
    ['"I want to know"', 'I want to know if IT can see my photos'],
    ['"wondering"', "I'm wondering whether I need a passcode"],
    ['a greeting before the question word', 'hi, how do I enroll'],
    ['"kindly explain"', 'Kindly explain what exactly IT can control on my phone'],
  ])('flags a question by %s', (_name, text) => {
    expect(splitMessage(text)).toEqual([{ text, question: true, marked: text.endsWith('?') }]);
  });

  it.each([
    'My phone is new.',
    'Sign In Failed: the Enrollment SSO application has been installed.',
    // What was done and when, the "I" left out.
    'Did the enrollment on my lunch break in the van.',
    'Did it yesterday after work.',
  ])('does not flag the statement "%s" as a question', (text) => {
    expect(splitMessage(text)).toEqual([{ text, question: false, marked: false }]);
  });

  it.each(['did the enrollment work', 'Did my enrollment go through?', 'did it fail again'])(
    'still flags "%s", asking whether it worked, as a question',
    (text) => {
      expect(splitMessage(text)[0]?.question).toBe(true);
    },
  );

  it('splits sentences typed in lower case, as people type in chat', () => {
    // Judgement: lower-case chat is common, and the question after the story should stand alone.
    expect(texts('i got a new phone for work last week. can my boss see my photos?')).toEqual([
      'i got a new phone for work last week.',
      'can my boss see my photos?',
    ]);
  });

  it.each([
    ['empty', ''],
    ['white space', '  \n '],
    ['emoji', '📱❓🙂'],
    ['punctuation', '?!?!...'],
  ])('gives no parts for %s input', (_name, text) => {
    expect(splitMessage(text)).toEqual([]);
  });

  it.each([
    'The copier keeps showing error 13.B2 and nothing prints',
    'I opened portal.manage.microsoft.com and signed in',
  ])('keeps "%s" whole: a dot with no space after it ends no sentence', (text) => {
    expect(splitMessage(text).map((p) => p.text)).toEqual([text]);
  });

  it('reads a question after a preface ("two things -") as a question', () => {
    expect(splitMessage('two things - what does intune see, and can i undo it later')).toEqual([
      { text: 'two things - what does intune see', question: true, marked: false },
      { text: 'can i undo it later', question: true, marked: false },
    ]);
  });

  it('reads "did all the steps" (the "I" left out) as telling, "did it work" as asking', () => {
    expect(splitMessage('did all the steps, no error').map((p) => p.question)).toEqual([false]);
    expect(splitMessage('did it work').map((p) => p.question)).toEqual([true]);
  });

  it('does not end a sentence at the dot of "St." or "Dr." before a name', () => {
    expect(
      splitMessage('I work at the clinic in St. George. Which one do I pick?').map((p) => p.text),
    ).toEqual(['I work at the clinic in St. George.', 'Which one do I pick?']);
    expect(splitMessage('I asked Dr. Patel. He said no.')).toHaveLength(2);
  });

  it('returns for a very long message', () => {
    const long = 'how do I enroll and can my boss see my photos? '.repeat(80);
    const parts = splitMessage(long);
    expect(parts).toHaveLength(160);
    expect(parts.every((p) => p.question)).toBe(true);
  });
});

describe('a second question joined on with "and then"', () => {
  it('is a question of its own', () => {
    const parts = splitMessage(
      'How do I take it off work management first, and then do I need to enrol the new one from scratch?',
    );
    expect(parts.map((p) => p.text)).toEqual([
      'How do I take it off work management first',
      'do I need to enrol the new one from scratch?',
    ]);
    expect(parts.every((p) => p.question)).toBe(true);
  });
});

describe('a second question after "and btw" or "sorry, one more"', () => {
  it('splits "…, and btw how does…" into two questions', () => {
    const parts = splitMessage(
      'what does remote management let them do, and btw where do I find the VPN setting?',
    );
    expect(parts.map((p) => p.text)).toEqual([
      'what does remote management let them do',
      'where do I find the VPN setting?',
    ]);
    expect(parts.every((p) => p.question)).toBe(true);
  });

  it.each([
    'and sorry one more, what is a work account here',
    'one more question: which iOS do I need',
    'last thing, can I undo it later',
    'another question, is my serial number visible',
  ])('reads %p as a question', (text) => {
    expect(splitMessage(text).some((p) => p.question)).toBe(true);
  });
});

describe('a question after a clause of time, or ending on its own "why"', () => {
  it.each([
    "and after I'm done is it gonna start putting a bunch of apps on my phone, why is that",
    'once it is set up will they see my texts',
    'it keeps putting apps on my phone, how come',
    'I want to understand what this user enrollment actually is',
  ])('%p asks', (text) => {
    expect(splitMessage(text).every((p) => p.question)).toBe(true);
  });

  it.each(['I did it last night and it went fine', 'I enrolled after lunch and it went through'])(
    '%p tells',
    (text) => {
      expect(splitMessage(text).some((p) => p.question)).toBe(false);
    },
  );
});
