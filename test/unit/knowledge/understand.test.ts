import { commandVocabulary } from '../../../src/actions/commands';
import { loadKnowledgeBase } from '../../../src/knowledge/load';
import { normaliseText } from '../../../src/knowledge/normalise';
import {
  articleOf,
  isEnrollIntent,
  isGuideRequest,
  readMessage,
  type MessageReading,
  type ReadPart,
} from '../../../src/knowledge/understand';
import { knowledgeIn, knowledgeWithout } from '../../helpers/knowledge';

const kb = loadKnowledgeBase({ vocabulary: commandVocabulary() });

/** The article (or "enroll") a part is answered with, as readMessage groups parts. */
function topicOf(part: ReadPart): string | undefined {
  return part.enroll ? 'enroll' : articleOf(part)?.id;
}

/** The topic of each part a message was read as, in order. */
function topicsOf(reading: MessageReading): (string | undefined)[] {
  if (reading.kind === 'several') return reading.parts.map(topicOf);
  return reading.kind === 'one' ? [topicOf(reading.part)] : [];
}

function several(reading: MessageReading): ReadPart[] {
  if (reading.kind !== 'several') {
    throw new Error(`expected several questions, got ${JSON.stringify(summary(reading))}`);
  }
  return reading.parts;
}

function one(reading: MessageReading): { part: ReadPart; greeted: boolean } {
  if (reading.kind !== 'one') {
    throw new Error(`expected one question, got ${JSON.stringify(summary(reading))}`);
  }
  return reading;
}

/** A short description for failure messages. */
function summary(reading: MessageReading): unknown {
  if (reading.kind === 'small-talk') return reading;
  const parts = reading.kind === 'one' ? [reading.part] : reading.parts;
  return { kind: reading.kind, parts: parts.map((p) => [p.text, p.answer.kind, topicOf(p)]) };
}

describe('isEnrollIntent', () => {
  it.each([
    'enroll',
    'how do I enroll my iPad?',
    'set up my phone for work',
    'please enroll my iphone',
    'walk me through the enrollment steps',
    'what are the steps to enroll my iPhone?',
    'what do I do to get my iPad enrolled',
    'could you talk me through getting my phone enrolled',
    'I would love a guided setup for my new iPad',
    "I'd like to be walked through enrolling my iPad",
  ])('"%s" asks to be taken through enrollment', (text) => {
    expect(isEnrollIntent(text)).toBe(true);
  });

  it.each([
    'enrollment failed',
    "I tried to enroll and it didn't work",
    'how do I unenroll my iPhone',
    'remove my phone from enrollment',
    'can my boss see my photos',
    "what's the oldest iOS I can enroll with?",
    'and which account do I need to enroll?',
    'why do I have to enroll at all',
    // A screen's message told, with the quote left out of the person's own words.
    "Enrol keep say 'Invalid Profile' leh",
  ])('"%s" does not', (text) => {
    expect(isEnrollIntent(text)).toBe(false);
  });
});

describe('readMessage', () => {
  it.each([
    ['hi', 'greeting'],
    ['thanks!', 'thanks'],
    ['thnaks', 'thanks'],
    ['ok cool', 'ack'],
    ['are you a bot?', 'identity'],
    ["it didn't work", 'vague-failure'],
    ['it didnt work', 'vague-failure'],
    // What is left once the small talk is read says nothing ("that's").
    ["that's sorted it, thanks a lot!", 'thanks'],
    ['ok thats that, cheers', 'thanks'],
    ['am I talking to an actual person or is this automated?', 'identity'],
    ['are these replies automated?', 'identity'],
    ['Nope. Same as before on the iPad.', 'vague-failure'],
    ['Thanks, that did the trick. You saved my day!', 'thanks'],
    ['youre a lifesaver', 'thanks'],
    ['followed it step by step like you said and it is still broken', 'vague-failure'],
    [
      "I've done everything on the list and it's still broken. This is the third time I'm asking.",
      'vague-failure',
    ],
  ])('reads "%s" as small talk (%s)', (text, act) => {
    expect(readMessage(kb, text)).toEqual({ kind: 'small-talk', act });
  });

  it('does not take a failure with detail for small talk', () => {
    const reading = readMessage(kb, "it didn't work after I typed my password");
    expect(reading.kind).toBe('one');
  });

  it('answers the question behind a greeting and says it was greeted', () => {
    const { part, greeted } = one(readMessage(kb, 'hi! can my boss see my photos?'));
    expect(greeted).toBe(true);
    expect(articleOf(part)?.id).toBe('privacy-personal-data');
  });

  it('reads a vague question after a quoted message as being about that message', () => {
    const { part } = one(
      readMessage(
        kb,
        'Good afternoon. I am enrolling my own iPad on iPadOS 18.1 using the intranet steps. ' +
          'I open VPN & Device Management, sign in with my work email and after a minute it says ' +
          '"Sign-in Failed: Your Apple Account does not support the expected services on this ' +
          'device". My colleague saw the same. Is this something on our end or on yours?',
      ),
    );
    expect(articleOf(part)?.id).toBe('sign-in-cant-find-server');
  });

  it('reads "what is that error actually about?" after a quoted message as about that message', () => {
    const { part } = one(
      readMessage(
        kb,
        'Been trying for twenty minutes now. Typed my work address into the device management ' +
          "screen twice. Then it pops up with 'Sign-in Failed: Your Apple Account does not " +
          "support the expected services on this device'. The others on my shift got through. " +
          "What's that error actually about?",
      ),
    );
    expect(articleOf(part)?.id).toBe('sign-in-cant-find-server');
  });

  it('reads a question naming nothing after a quoted message in a short message as about the message', () => {
    const { part } = one(
      readMessage(
        kb,
        'typed my work address and got "This service is not supported" straight away. what does that mean',
      ),
    );
    expect(articleOf(part)?.id).toBe('service-not-supported');
  });

  it('reads "…choose which one?" as about the choice told before it', () => {
    const { part } = one(
      readMessage(
        kb,
        'Now it shows two options: Secure entire device, or Secure work-related apps and data only. Personal phone, pick which one?',
      ),
    );
    expect(articleOf(part)?.id).toBe('secure-entire-device-or-work-only');
  });

  it('answers a question that names its own error on that error, after a long story', () => {
    const { part } = one(
      readMessage(
        kb,
        'Hey. So enrolling went through and the work account shows in Settings. Right after, ' +
          'Outlook gave me an error about Microsoft Authenticator and Teams did the same. I never ' +
          'installed Authenticator myself. I am about to go into a meeting. What am I supposed ' +
          'to do about this Authenticator error?',
      ),
    );
    expect(articleOf(part)?.id).toBe('work-app-authenticator-error');
  });

  it('answers a plain question with greeted false', () => {
    const { part, greeted } = one(readMessage(kb, 'can my boss see my photos'));
    expect(greeted).toBe(false);
    expect(articleOf(part)?.id).toBe('privacy-personal-data');
  });

  it('reads two questions as several, one asking to enroll and one about privacy', () => {
    const parts = several(readMessage(kb, 'how do I enroll and can my boss see my photos?'));
    expect(parts).toHaveLength(2);
    expect(parts[0]?.enroll).toBe(true);
    expect(parts[1]?.enroll).toBe(false);
    expect(articleOf(parts[1]!)?.id).toBe('privacy-personal-data');
  });

  it('reads two questions on different topics as two parts with different articles, in order', () => {
    const parts = several(
      readMessage(kb, 'Why do I need Microsoft Authenticator? Also can my boss see my photos?'),
    );
    expect(parts).toHaveLength(2);
    for (const p of parts) expect(p.answer.kind).toBe('answer');
    const [first, second] = parts.map((p) => articleOf(p)?.id);
    expect(first).not.toBe(second);
    expect(second).toBe('privacy-personal-data');
    expect(articleOf(parts[0]!)?.title).toMatch(/Authenticator/);
  });

  it('reads a second question that leaves out its verb ("…when I do?") with the first one’s subject', () => {
    const parts = several(
      readMessage(kb, 'How can I take my iPad out of Intune, and what gets erased when I do?'),
    );
    expect(parts.map((p) => articleOf(p)?.id)).toEqual([
      'unenroll-device',
      'what-unenroll-removes',
    ]);
    const more = several(
      readMessage(
        kb,
        'How do I get my iPhone out of management, and what will I lose once I have?',
      ),
    );
    expect(more.map((p) => articleOf(p)?.id)).toEqual(['unenroll-device', 'what-unenroll-removes']);
  });

  it('searches a question without the words that join it to the one before ("and afterwards")', () => {
    const parts = several(
      readMessage(kb, 'Where is VPN & Device Management? and afterwards how do i know it worked'),
    );
    expect(parts.map((p) => articleOf(p)?.id)).toEqual([
      'find-vpn-device-management',
      'confirm-enrollment',
    ]);
    // The part is still kept as typed.
    expect(parts[1]?.text).toMatch(/^and afterwards/);
  });

  it('keeps each part as typed (corrections are for searching only)', () => {
    const parts = several(readMessage(kb, 'How do I enroll and can my boss see my photos?'));
    expect(parts.map((p) => p.text)).toEqual(['How do I enroll', 'can my boss see my photos?']);
  });

  it('answers at most three questions of one message', () => {
    const parts = several(
      readMessage(
        kb,
        'Why do I need Microsoft Authenticator? Can my boss see my photos? ' +
          'How do I remove my work account from my iPhone? What does Allow Remote Management do?',
      ),
    );
    expect(parts).toHaveLength(3);
    expect(new Set(parts.map(topicOf)).size).toBe(3);
  });

  it('collapses two questions with the same answer into one', () => {
    const reading = readMessage(
      kb,
      'Can my boss see my photos? Can my employer look at my pictures?',
    );
    const { part } = one(reading);
    expect(articleOf(part)?.id).toBe('privacy-personal-data');
  });

  it('does not split "enroll my iPhone and my iPad": one request to enroll', () => {
    const { part } = one(readMessage(kb, 'enroll my iPhone and my iPad'));
    expect(part.enroll).toBe(true);
  });

  it('answers the question buried in a long story', () => {
    const story =
      'I got a new phone last week and my manager told me I have to get it set up for work. ' +
      'I tried a few things yesterday but then I had to go to a meeting. ' +
      'Anyway, can my boss see my photos? My wife is worried.';
    const { part } = one(readMessage(kb, story));
    expect(part.answer.kind).toBe('answer');
    expect(articleOf(part)?.id).toBe('privacy-personal-data');
  });

  it('answers the question buried in a story typed all in lower case', () => {
    const story =
      'so my team lead told me on monday that everyone has to put their phones into the company system by friday. ' +
      'i have a lot of family pictures on my phone. can my boss see my photos? ' +
      'i just want to be sure before i do anything.';
    const { part } = one(readMessage(kb, story));
    expect(articleOf(part)?.id).toBe('privacy-personal-data');
  });

  it('answers the question buried in a story where the whole message also matches', () => {
    const story =
      'My sister works in another company and she said they read all your messages. ' +
      'I use my phone for everything. Will my employer be able to read my personal messages?';
    const { part } = one(readMessage(kb, story));
    expect(articleOf(part)?.id).toBe('privacy-personal-data');
  });

  it.each([
    'Is this something serious, or can we leave it?',
    'Is it a problem, should I be worried?',
    'Can I just ignore it?',
  ])('reads "%s" after a described problem as a question about that problem', (question) => {
    const story =
      'My colleague enrolled her iPhone months ago and everything works fine. ' +
      'Today she looked under VPN & Device Management and the management profile says Not Verified in red. ' +
      `She thinks the phone was hacked. ${question}`;
    const { part } = one(readMessage(kb, story));
    expect(articleOf(part)?.id).toBe('management-profile-not-verified');
  });

  it('reads questions that name nothing ("did I break something? what now?") as about the sentence before them', () => {
    const { part } = one(
      readMessage(
        kb,
        'I removed the Authenticator app last night. Did I break something? What now?',
      ),
    );
    expect(articleOf(part)?.id).toBe('authenticator-removed-what-now');
  });

  it.each([
    'got the ipad enrolled yesterday. today outlook shows some authenticator error. is it something wrong on my side',
  ])('reads "is something wrong?" after a told problem as about that problem: %s', (story) => {
    const { part } = one(readMessage(kb, story));
    expect(articleOf(part)?.id).toBe('work-app-authenticator-error');
  });

  it.each([
    'Can I use the big printer on floor 3 from my iPhone? The print button does nothing.',
    'Is Outlook down for everybody? Mail has not arrived on my iPad since 9am and my laptop is the same.',
    'Thinking about getting a new iPhone for work. Should I get the Pro or the normal one? Does the company pay towards a new phone?',
  ])(
    'keeps a question about something the bot does not cover out of scope, whatever the story around it: %s',
    (text) => {
      const reading = readMessage(kb, text);
      const parts =
        reading.kind === 'one' ? [reading.part] : reading.kind === 'several' ? reading.parts : [];
      expect(parts.length).toBeGreaterThan(0);
      for (const part of parts) expect(part.answer.kind).toBe('out-of-scope');
    },
  );

  it.each([
    'what date do we get paid',
    'The laptop will not print to the printer on the second floor, the job just sits there. Can you help?',
  ])('reads "%s" as outside what the bot covers', (text) => {
    const { part } = one(readMessage(kb, text));
    expect(part.answer.kind).toBe('out-of-scope');
  });

  it('does not take a problem told with no question for something out of scope', () => {
    const { part } = one(
      readMessage(
        kb,
        'enrollment says User name not recognized. I typed my work email the same way I do in Outlook on my laptop. tried twice',
      ),
    );
    expect(articleOf(part)?.id).toBe('user-name-not-recognized');
  });

  it('reads "get my iPhone off your management thing" as removing it', () => {
    const { part } = one(
      readMessage(kb, 'Last week here. How do I get my own iPhone off your management thing?'),
    );
    expect(articleOf(part)?.id).toBe('unenroll-device');
  });

  it('still answers a question that points back at the story, even in words an out-of-scope topic uses', () => {
    const { part } = one(
      readMessage(
        kb,
        'I used the Company Portal app to enroll my personal iPad two years ago. Now that option is gone on my new iPad. Did they shut that route down?',
      ),
    );
    expect(part.answer.kind).toBe('answer');
  });

  it('reads a message about something the bot does not cover as such, whatever it says is showing', () => {
    const reading = one(
      readMessage(kb, "The big printer near reception keeps showing 'Error 13' and won't print"),
    );
    expect(reading.part.answer.kind).toBe('out-of-scope');
  });

  it('answers a work app that says the device must be enrolled, stated first, beside the question after it', () => {
    const parts = several(
      readMessage(
        kb,
        'Outlook keeps telling me this iPad has to be enrolled. Which password goes in when I enroll, the Apple one or my work one?',
      ),
    );
    expect(parts.map(topicOf)).toEqual(['work-app-says-enroll', 'which-account-to-sign-in']);
  });

  it('answers both questions after a preface ("a couple of questions -"), whatever manner they ask for', () => {
    const parts = several(
      readMessage(
        kb,
        'A couple of questions - what is a managed apple account in simple terms, and how do I get my iPad off Intune when I leave?',
      ),
    );
    expect(parts.map(topicOf)).toEqual(['managed-apple-account', 'unenroll-device']);
  });

  it('answers a device retired by IT, told first, beside the question after it', () => {
    const parts = several(
      readMessage(
        kb,
        'My iPad was retired by IT on Friday. I bought a new one, do I need to enroll it all over again?',
      ),
    );
    expect(parts.map(topicOf)).toEqual(['it-retire', 'new-phone-or-restore']);
  });

  it('drops trailing thanks and answers both questions', () => {
    const parts = several(
      readMessage(kb, 'Why do I need Authenticator and can my boss see my photos? thanks'),
    );
    expect(parts).toHaveLength(2);
    expect(new Set(parts.map(topicOf)).size).toBe(2);
  });

  it('takes the sentence that says something failed as the problem a vague question is about', () => {
    // "…text codes" reads like the text-message problem; the sentence with the error is the one.
    const { part } = one(
      readMessage(
        kb,
        'Enrolled fine an hour ago and my work account is showing in Settings. Opened Word to edit the budget sheet and it popped up an error about Microsoft Authenticator. Never installed that app, I have only ever used text codes. Did I break it?',
      ),
    );
    expect(topicOf(part)).toBe('work-app-authenticator-error');
  });

  it('reads the clause that says what failed when the whole sentence is unclear', () => {
    const { part } = one(
      readMessage(
        kb,
        'Setup finished this morning and everything looked fine. Then I opened Outlook to check the rota for the Henley site and it threw an error about Microsoft Authenticator. What now?',
      ),
    );
    expect(topicOf(part)).toBe('work-app-authenticator-error');
  });

  it.each([
    [
      "We're four people in the post room, all on new iPhones, and each one stops at 'This service is not supported'. Is it something we're doing wrong or is it on your side?",
      'service-not-supported',
    ],
    [
      "Typed my work address in Settings and it came back with 'Profile Installation Failed'. Reinstalled nothing, changed nothing. Is it just me?",
      'profile-installation-failed',
    ],
  ])('a vague question after a message in single quotes is about it: %p', (text, article) => {
    expect(topicOf(one(readMessage(kb, text)).part)).toBe(article);
  });

  it('a question before a quoted message is not about it', () => {
    const parts = several(
      readMessage(
        kb,
        'what\'s a managed apple account? and what does "Profile Installation Failed" mean, it pops up when I enroll',
      ),
    );
    expect(parts.map(topicOf)).toEqual(['managed-apple-account', 'profile-installation-failed']);
  });

  it('a request to be walked through it, beside only what the person told, is that request', () => {
    const reading = readMessage(
      kb,
      'My manager says our phones need to be enrolled by the end of the week. Can you walk me through it one step at a time?',
    );
    expect(reading.kind).toBe('one');
    expect(reading.kind === 'one' && reading.part.enroll).toBe(true);
  });

  it('a short question asking only whether it is safe is about the step just named', () => {
    const { part } = one(
      readMessage(
        kb,
        'My iPad now asks whether to allow remote management and I am hesitant to tap it. Is it safe to go ahead?',
      ),
    );
    expect(topicOf(part)).toBe('allow-remote-management');
    // Read from the sentence before, not guessed from "safe to go ahead".
    expect(part.inferred).toBe(true);
  });

  it('asking whether it is legit asks about the message just described', () => {
    const { part } = one(
      readMessage(
        kb,
        'Opened Teams on my own iPhone at lunch and a screen popped up telling me the phone has to be enrolled before I can reach work files. Looks dodgy to me. Is it legit?',
      ),
    );
    expect(topicOf(part)).toBe('work-app-says-enroll');
  });

  it.each([
    'A couple of years ago I set my phone up through the Company Portal app. Is that still how it works for my new iPad?',
    'My old iPhone went through Company Portal user enrollment in 2023. Can I do it the same way again on the replacement?',
  ])('a question about the way just told is about that way: %p', (text) => {
    expect(topicOf(one(readMessage(kb, text)).part)).toBe('company-portal-user-enrollment');
  });

  it('reads a topic the bot does not cover as out of scope', () => {
    const { part } = one(readMessage(kb, 'how many leave days do I have left this year?'));
    expect(part.answer.kind).toBe('out-of-scope');
  });

  it.each([
    ['empty', ''],
    ['emoji', '📱❓🙂'],
    ['punctuation', '?!?!...'],
    ['10,000 characters', 'how do I enroll my phone and what can IT see '.repeat(223)],
  ])('copes with %s input', (_name, text) => {
    const reading = readMessage(kb, text);
    expect(['small-talk', 'one', 'several']).toContain(reading.kind);
    if (reading.kind === 'several') expect(reading.parts.length).toBeLessThanOrEqual(3);
  });
});

describe('fresh set holdout-14', () => {
  it.each([
    [
      "There's a screen now saying 'Allow Remote Management' with one button. Is it meant to look like that or did I pick the wrong option?",
      'allow-remote-management',
    ],
    [
      'Got to the part where it shows "Sign In to iCloud" and my work address is already in the box. Is that normal or have I done something wrong?',
      'icloud-sign-in-during-enrollment',
    ],
  ])(
    'asking whether what the screen shows is meant to happen is about that screen: %p',
    (text, id) => {
      expect(topicOf(one(readMessage(kb, text)).part)).toBe(id);
    },
  );

  it.each([
    // Enrolling named as a time ("before I enrol", "after I register"), and asking to know.
    'Before I enrol I need to create a Managed Apple ID on the Apple site myself, right?',
    'I want to know if my manager can see my texts after I register my phone',
    'Please I need to know whether my location is visible once I enroll',
  ])('enrolling named as a time, or asking to know, is no request to enroll: %p', (text) => {
    expect(isEnrollIntent(text)).toBe(false);
  });

  it.each([
    "I'd like some help step by step getting my iPad enrolled please, I'm useless with tech",
    'I need help one step at a time to get the phone set up for work',
    // Nothing else asked: in this chat, that is enrolling.
    'step by step please, first time doing this',
    // Longer, when the request leads.
    "step by step pls, never done one of these before and honestly I'm a bit nervous lol",
    "I could do with some hand-holding through the enrollment, it's all new to me",
  ])('asking for help step by step is a request to be guided: %p', (text) => {
    expect(isGuideRequest(text)).toBe(true);
  });

  it.each([
    ['Thinking of buying a new phone, is the iPhone 16e or the 17 the one to get for work?', true],
    ['Which would you recommend, iPhone 15 Pro or 16 for Teams and Outlook?', true],
    ['Which iPhone should I buy for work, the 16e or rather the normal 16?', true],
    // Two versions, not two models to buy.
    ['My iPad is on 16 or 17, not sure, which version do I need?', false],
  ])('choosing between two models to buy is outside what the bot covers: %p', (text, outside) => {
    const { part } = one(readMessage(kb, text));
    expect(part.answer.kind === 'out-of-scope').toBe(outside);
  });
});

describe('fresh set holdout-17', () => {
  it('"Which one do I pick?" after the options quoted is about those options', () => {
    const { part } = one(
      readMessage(
        kb,
        "Company Portal shows 'Secure entire device' and 'Secure work-related apps and data only'. It's my own phone. Which one should I go for?",
      ),
    );
    expect(topicOf(part)).toBe('secure-entire-device-or-work-only');
  });
});

describe('asking whether what one was told is right', () => {
  // Without the examples of the set these came from (holdout-17b), as when they were unseen.
  const unseen = knowledgeIn(knowledgeWithout('holdout-17b'), 'en');
  it.each([
    [
      "Our admin assistant sent round a note saying to uninstall Microsoft Authenticator before starting enrollment so it doesn't clash. About to do that now, just confirming that's right?",
      'microsoft-authenticator-required',
    ],
    [
      'Our field supervisor says once we enroll, IT logs our IMEI and phone numbers. Is that true for personal phones?',
      'device-identifiers-anonymous-id',
    ],
  ])('is about what was told: %p', (text, id) => {
    expect(topicOf(one(readMessage(unseen, text)).part)).toBe(id);
  });
});

describe('small talk in a message the articles find nothing in', () => {
  const all = knowledgeWithout();
  const read = (lang: 'en' | 'de' | 'fr' | 'es' | 'ja', text: string): MessageReading => {
    const base = knowledgeIn(all, lang);
    return readMessage(base, text);
  };

  it.each([
    ['en', "Good morning everyone! hope y'all are having a good Tuesday", 'greeting'],
    ['en', 'thanks a ton, will revert if anything comes up. Bye.', 'thanks'],
    ['en', 'still cannot work sia', 'vague-failure'],
    ['en', 'u r a real human or a bot?', 'identity'],
    ['fr', 'merci gavé, t’es un chef, bonne soirée !', 'thanks'],
    ['ja', 'おつかれです〜 ほんま助かりました、あざっす！', 'thanks'],
    ['ja', 'さっきのあれ、まだ直らんがやけど', 'vague-failure'],
    ['de', 'klappt imma noch nich, Kollege', 'vague-failure'],
    // Small talk inside the message, not only at its edges.
    ['en', 'Great, that did it. Thanks a lot, eh!', 'thanks'],
    ['en', 'Perfect, that did it. Many thanks, eh!', 'thanks'],
    ['en', 'wagwan 👋', 'greeting'],
    ['de', 'Moien zesummen 👋', 'greeting'],
    // Read as several parts, none of which the articles answer well.
    ['en', 'Thank you very much for help, now is working. Have good day', 'thanks'],
    // Scouse, Swiss German, Chūgoku Japanese and Maghreb French (fresh sets of round 26/22).
    ['en', 'alright lads 👋', 'ack'],
    ['en', 'all sorted, boss. ta', 'thanks'],
    ['en', "nah still didn't work 🙃 dunno what i'm doing wrong", 'vague-failure'],
    ['de', 'Es gaht eifach nöd 😩', 'vague-failure'],
    ['ja', 'さっきのやつ、まだでけんのよ', 'vague-failure'],
    ['ja', '何回やってもでけん', 'vague-failure'],
    ['fr', 'Salam aleykoum, cv ?', 'wellbeing'],
    ['fr', 'salam khoya', 'greeting'],
    // Round 27/23: Caribbean, Appalachian, Haitian, South Tyrolean, costeño, Kantō casual.
    ['en', 'cheers boss, that sort it out real nice', 'thanks'],
    ['en', 'Well shoot, went through it again and it still ain’t right.', 'vague-failure'],
    ['fr', 'Bonjou tout moun, sak pase ?', 'wellbeing'],
    ['fr', "j'ai faite comme t'as dit pis ça marche pas", 'vague-failure'],
    ['fr', 'toujou pa mache, anyen pa chanje', 'vague-failure'],
    ['de', 'Grazie vielmols, hot passt! Schianen Obend', 'thanks'],
    ['es', 'ejte que no, sigue sin funcionar vale', 'vague-failure'],
    ['ja', 'お疲れさまでーす', 'greeting'],
    ['ja', 'さっきのやつ、やっぱ直んねえわ', 'vague-failure'],
    // Round 28/24: Northern Irish, West African, Whitehall, Vorarlberg, Ouagadougou, SMS French.
    ['en', 'What about ye, big lad!', 'wellbeing'],
    ['en', 'Morning o, how the body?', 'wellbeing'],
    [
      'en',
      'May I ask whether I am communicating with a person or with an automated system?',
      'identity',
    ],
    ['en', 'did the whole lot again, still banjaxed', 'vague-failure'],
    ['en', 'I have followed the steps precisely and the problem persists.', 'vague-failure'],
    ['de', 'Griaß di mitanand 👋', 'greeting'],
    ['de', 'hob alles gmacht wia gsait, goht aber no ned', 'vague-failure'],
    ['fr', 'on dit quoi, ça va ?', 'wellbeing'],
    ['fr', 't un bot ou c qqn de l’info', 'identity'],
    ['ja', 'obrigado! たすかりました', 'thanks'],
    ['ja', '再起動しましたが事象変わらずです', 'vague-failure'],
    // Round 29/25: Maltese, Japanese morning greetings, formal French, a method tried.
    ['en', 'bonġu everyone', 'greeting'],
    ['ja', 'おはようございます、今日もよろしくです', 'greeting'],
    ['ja', '教えてもらった方法を試しましたが、まだダメです', 'vague-failure'],
    [
      'fr',
      'J’ai suivi la procédure point par point et ça ne fonctionne toujours pas.',
      'vague-failure',
    ],
    // Round 30/26: Welsh, Kölsch, Niigata and Kagoshima.
    ['en', "alright butt, what's occurring?", 'wellbeing'],
    ['en', 'went through every step you gave me and it keeps refusing', 'vague-failure'],
    ['de', 'Tschö zesamme un e schön Wochenend', 'goodbye'],
    ['ja', 'なじらね！初めて使うけど、よろしく', 'greeting'],
    ['ja', 'おかげで登録でけた、あいがとさげもした', 'thanks'],
    // Round 31/27: Hesse and Palatinate, Hiroshima, Tsugaru, a long morning greeting.
    ['de', 'Ei guude!', 'greeting'],
    ['de', 'Hot immer no net geklappt', 'vague-failure'],
    ['ja', 'おはようございまーす、よろしくです', 'greeting'],
    ['ja', '言われたとおりにしたんじゃけど、まだいけんのよ', 'vague-failure'],
    ['ja', '何回やってもでぎねぇ', 'vague-failure'],
    // Round 32/28: Yorkshire, Arabic greetings in English.
    ['en', 'ey up, is anyone there?', 'wellbeing'],
    // Round 49: the East Midlands ("duck": love).
    ['en', 'Ay up duck! 👋', 'greeting'],
    ['en', 'Salaam alaikum everyone', 'greeting'],
    // Round 33/29: Ghana, Baden, Toyama, Kobe.
    ['en', 'the thing is still not going oo', 'vague-failure'],
    ['de', 'Hab alles gmacht, wie es do steht, aber es klappt immer noch net', 'vague-failure'],
    ['ja', 'きのどくな、無事登録できたちゃ', 'thanks'],
    ['ja', 'もっかいやってんけど、あかんかった', 'vague-failure'],
    ['ja', '今日はよろしくお願いします', 'greeting'],
    // Round 34/30: Jamaica, Singapore, Turkish-German youth, a Thuringian asking who answers.
    ['en', 'wah gwaan bot', 'greeting'],
    ['en', 'u real person or bot?', 'identity'],
    ['de', 'immer noch same problem bruder', 'vague-failure'],
    ['de', 'bist du ein bot oder sitzt da wirklich wer dran', 'identity'],
    // Round 35/31: a stretched last sound in Japanese chat, the weather, Valencian, French.
    ['ja', 'おはようございますー。今日もさぶいのぉ。よろしくおねがいしますー', 'greeting'],
    ['ja', 'やっぱりダメだぁ…', 'vague-failure'],
    ['es', 'bon dia!', 'greeting'],
    ['fr', "j'ai refait comme vous dites, rien à faire", 'vague-failure'],
    // Round 36/32: Belfast, Fiji, Saxony, Miyazaki, a French "ça va bien ou quoi".
    ['en', 'bout ye', 'wellbeing'],
    ['en', 'Bula vinaka!', 'greeting'],
    ['de', 'Nu gudn Morschn erstma 🙂', 'greeting'],
    ['fr', 'Salut ! ça va bien ou quoi ? 😄', 'wellbeing'],
    ['ja', 'おはようございます〜。今日はてげ寒いっちゃね', 'greeting'],
    ['de', 'Immer noch nicht funktioniert, gleiche wie vorher', 'vague-failure'],
    ['fr', "C'est toujours la même chose hein, rien n'a changé", 'vague-failure'],
    ['ja', 'やっぱりいけんかったわ。さっきと一緒よ', 'vague-failure'],
  ] as const)('%s: %p is small talk (%s)', (lang, text, act) => {
    expect(read(lang, text)).toEqual({ kind: 'small-talk', act });
  });

  it.each([
    // A question beside the greeting is asked.
    ['en', 'hello po, my overtime pay did not come this month, who should I ask?'],
    // The quoted screen is the detail of the failure.
    ['ja', '「プロファイルのインストールに失敗しました」で詰んだ。再起動しても同じ'],
    // Words the articles answer are a question, thanks or not.
    ['en', 'thanks! the vpn and device management setting is missing on my iphone'],
  ] as const)('%s: %p is no small talk', (lang, text) => {
    expect(read(lang, text).kind).not.toBe('small-talk');
  });
});

describe('a question the search is unsure of, beside sentences that only tell', () => {
  // Without the examples of the sets these came from, as when they were unseen.
  const unseen = knowledgeIn(knowledgeWithout('holdout-21b', 'holdout-22a'), 'en');
  it.each([
    [
      "Can my boss track where I'm at through this thing after hours? Asking for the whole stockroom crew honestly",
      'privacy-location',
    ],
    [
      "How do I take my phone back off the council system? I'm getting a proper work handset next week so I don't need my personal one on there any more.",
      'unenroll-device',
    ],
  ])('%p is settled by the closest ways of asking', (text, id) => {
    expect(topicOf(one(readMessage(unseen, text)).part)).toBe(id);
  });
});

describe('asking to be guided, as people of many places put it', () => {
  it.each([
    'do one thing, walk me through the whole enrollment one step at a time',
    'Please you can guide me step by step to put my iPad for work? I am not so good with the phones',
    // Geordie: "ye" for you, "us" for me, "bit by bit".
    'alreet, could ye take us through the enrolment bit by bit? me missus normally sorts this stuff',
    'I beg, help me put my personal iPhone on the company system, small small',
    'Would you kindly take me through enrolling my iPad one step at a time, as I do not wish to make a mistake?',
    // "guide me for", "help me with" the enrollment.
    'Kindly guide me for the enrolment of my iPad, I will do each step as you say.',
    'can you help me with the registration of my iPhone',
  ])('%p asks to be guided', (text) => {
    expect(isGuideRequest(text)).toBe(true);
  });

  it.each([
    // A question that starts with "do" still asks something.
    'do I have to enroll step by step or all at once?',
    // A long story with "guide me" in it is no bare request.
    'guide me step by step they said, but the screen says invalid profile and it failed twice already, so what now',
  ])('%p does not', (text) => {
    expect(isGuideRequest(text)).toBe(false);
  });
});

describe('the vote and an article the search does not rank at all', () => {
  // Without the examples of the set this came from (holdout-20a), as when it was unseen.
  const unseen = knowledgeIn(knowledgeWithout('holdout-20a'), 'en');
  it('does not take a question the search matched well to it', () => {
    const reading = readMessage(
      unseen,
      "Opened Company Portal like the email said, signed in, now it wants me to tap Begin. This is my own iPhone, what's the route through the screens after that?",
    );
    expect(topicOf(one(reading).part)).toBe('enroll-with-company-portal-choice');
  });
});

describe('asking whether what was just told is safe, when the search is unsure of the telling', () => {
  // Without the examples of the set this came from (holdout-25a), as when it was unseen.
  const unseen = knowledgeIn(knowledgeWithout('holdout-25a'), 'en');
  it('is about the article that best matches what was told', () => {
    const reading = readMessage(
      unseen,
      'Tried opening Teams on my own iPhone and it tells me the device has to be enrolled first. Is that legit or some scam popup?',
    );
    expect(topicOf(one(reading).part)).toBe('work-app-says-enroll');
  });
});

describe('fresh sets holdout-30a/b (Welsh, Newfoundland, Hong Kong, Botswana, older staff)', () => {
  // Without the examples of these sets, as when they were unseen.
  const unseen = knowledgeIn(knowledgeWithout('holdout-30a', 'holdout-30b'), 'en');
  const read = (text: string): MessageReading => readMessage(unseen, text);
  it.each([
    // "get it off the phone" is taking the device out of management, not the company's wipe.
    [
      "can work see my whatsapp and photos once it's on? and if i leave how do i get it off the phone myself",
      ['privacy-personal-data', 'unenroll-device'],
    ],
    // A question after a dash that sets it up is a question.
    [
      "Bit confused – what is this 'User Enrollment' thing exactly and why is the organization making us do it? And will it mess with my own Apple ID and iCloud?",
      ['what-is-user-enrollment', 'personal-apple-id'],
    ],
    // Words quoted from the screen are not a request; "after enrolling" is a time.
    [
      "Loads of 'would like to install' pop-ups after enrolling, do I say yes to them? Also how is the work stuff kept apart from my own stuff, is it a separate bit of the phone or what?",
      ['work-apps-install-prompts', 'work-data-separate'],
    ],
    // "How does that work exactly?" is about what was just told.
    [
      "We got 3 new company iPads for stock taking. IT sent this link portal.manage.microsoft.com/enrollment/webenrollment/ios and said there's no app to install. How does that work exactly?",
      ['web-based-device-enrollment'],
    ],
    // "Stuck on what to press next" asks.
    [
      "I opened Company Portal on my own phone, signed in and tapped Begin, now I'm stuck on what to press next. Also quick one, will the company be able to track where I am?",
      ['enroll-with-company-portal-choice', 'privacy-location'],
    ],
    // "Which one do I pick?" after the options listed is about those options, though the
    // question also says whose phone it is.
    [
      "Company Portal gives me 2 options, Secure entire device or Secure work-related apps and data only. It's my own personal phone, which one do I pick?",
      ['secure-entire-device-or-work-only'],
    ],
  ])('%p', (text, expected) => {
    expect(topicsOf(read(text))).toEqual(expected);
  });

  it('"what is X?" after a short preface set off by a dash is answered by the article titled so', () => {
    const reading = read('Quick one – what is this "User Enrollment" thing exactly');
    expect(topicsOf(reading)).toEqual(['what-is-user-enrollment']);
  });
});

describe('fresh sets holdout-32a/b (Yorkshire, Texas, Nairobi, Gulf, Polish staff, lawyers)', () => {
  const unseen = knowledgeIn(knowledgeWithout('holdout-32a', 'holdout-32b'), 'en');
  const topics = (text: string): (string | undefined)[] => topicsOf(readMessage(unseen, text));

  it.each([
    // "me phone" is "my phone": getting the work stuff off it is taking it out of management.
    [
      "I'm finishing Friday, moving to another firm. How do I get the work stuff off me phone properly before I go?",
      ['unenroll-device'],
    ],
    // "how I remove it", without "do", asks for the steps.
    [
      'can my boss track where my phone is with this? and also if I want to take it off later how I remove it',
      ['privacy-location', 'unenroll-device'],
    ],
    // "Please advise" asks; about the message quoted, whatever else the whole matches.
    [
      'Good afternoon. On attempting enrolment my iPad displays the message "This service is not supported". Please advise what, if anything, I am expected to do.',
      ['service-not-supported'],
    ],
    // "Kindly advise which one" is about the options listed two sentences before.
    [
      'I reached a screen in Company Portal with two options, Secure entire device or Secure work-related apps and data only. It is my own phone with family photos on it. Kindly advise which one I should select.',
      ['secure-entire-device-or-work-only'],
    ],
  ])('%p', (text, expected) => {
    expect(topics(text)).toEqual(expected);
  });
});

describe('round 34: Caribbean English, emphasis and asking how to do what one was told', () => {
  // Without the examples of the set these came from, as when they were unseen.
  const unseen = knowledgeIn(knowledgeWithout('holdout-34a', 'holdout-34b'), 'en');
  const read = (text: string): MessageReading => readMessage(unseen, text);

  it.each([
    // Jamaican English: "weh" (where), "mi" (me, my), "di" (the), "fi" (to), "seh" (says).
    ['weh mi fi get di Managed Apple ID from? nobody neva sen mi one', ['managed-apple-account']],
    // "how do I go about that?" is about the way the sentence before told.
    [
      'Di email seh fi start inna di Company Portal app on mi own iPhone. How mi go bout dat?',
      ['enroll-with-company-portal-choice'],
    ],
    // "the whole enrolment thing" is emphasis, not the whole device.
    [
      'got a new iphone for christmas and set it up from my old phones backup. do i have to do the whole work enrolment thing again?',
      ['new-phone-or-restore'],
    ],
    // "what do I need to do?" asks for help with the problem the story told.
    [
      'it is 4am and I am on my break. went through the email steps, it got to installing the profile and just said Profile installation failed. I still have a profile from my last job on here I think. what do I need to do?',
      ['profile-installation-failed'],
    ],
  ])('%p', (text, topics) => {
    expect(topicsOf(read(text))).toEqual(topics);
  });

  it('asks to be guided in Jamaican English', () => {
    expect(isGuideRequest('guide mi through di enrolment nuh, mi nuh too good wid phone')).toBe(
      true,
    );
  });

  it('"how do I actually do that?" after being told to enroll asks to enroll', () => {
    const reading = one(
      read(
        'kia ora, manager says i need to put my own iphone on the work system so i can get the roster app. how do i actually do that? im out at the cowshed most of the day so easy steps pls',
      ),
    );
    expect(reading.part.enroll).toBe(true);
  });
});

describe('round 35: asking whether, the screen message in its sentence, what doing that removes', () => {
  // Without the examples of the sets these came from, as when they were unseen.
  const unseen = knowledgeIn(knowledgeWithout('holdout-34a', 'holdout-35a'), 'en');
  const read = (text: string): MessageReading => readMessage(unseen, text);

  it.each(['can i still enroll it?', 'could we still enroll the old iPad?'])(
    '%p asks whether, it is no request to enroll',
    (text) => {
      expect(isEnrollIntent(text)).toBe(false);
    },
  );

  it.each([
    // "…will that delete my own stuff?" after asking how to take it off: what unenrolling removes.
    [
      'If I want to take my phone off the work management later, how do I do it? And will that delete my own stuff as well?',
      ['unenroll-device', 'what-unenroll-removes'],
    ],
    // The quoted "Sign-in Failed" is the general message; its sentence tells the specific case.
    [
      "Been tryin this since half nine, no joke. Go into Settings, the VPN & Device Management bit, type me work address in, and straight away it comes back 'Sign-in Failed' and summat about my Apple Account not supporting the expected services. Haven't even got to put a password in. Restarted the phone, updated it to the latest, nothin. Is it me phone or is it your end?",
      ['sign-in-cant-find-server'],
    ],
  ])('%p', (text, topics) => {
    expect(topicsOf(read(text))).toEqual(topics);
  });
});

describe('round 36: an apology beside a question about another subject', () => {
  const unseen = knowledgeIn(knowledgeWithout('holdout-36b', 'holdout-36a'), 'en');
  it.each([
    "How many vacation days do I get in my first year? Sorry if this is the wrong place to ask, I'm new",
  ])('%p is about leave, outside what the bot covers', (text) => {
    const reading = readMessage(unseen, text);
    expect(reading.kind === 'one' && reading.part.answer.kind).toBe('out-of-scope');
  });
});

describe('round 37: Scots spellings, a second question the search hedges on, a story that says nothing went wrong yet', () => {
  const unseen = knowledgeIn(knowledgeWithout('holdout-37a', 'holdout-37b'), 'en');
  const read = (text: string): MessageReading => readMessage(unseen, text);

  it.each([
    // ("doesn't work" is then folded to a failure, as everywhere.)
    ['who dae I ask if the enrolment disnae work', 'who do i ask if the enrollment fail'],
    ["I'm no very good wi phones", 'im not very good with phones'],
    ['can ye send it fae ma phone', 'can you send it from my phone'],
    // The network keeps its name.
    ['the wi-fi keeps dropping', 'the wi-fi keeps dropping'],
  ])('normalises %p', (text, normal) => {
    expect(normaliseText(text)).toBe(normal);
  });

  it('a guide request in Scots asks to enroll, and is not about the Wi-Fi', () => {
    const reading = read("can ye walk me through it, I'm no very good wi phones");
    expect(reading.kind === 'one' && reading.part.enroll).toBe(true);
    expect(reading.kind === 'one' && reading.part.answer.kind).not.toBe('out-of-scope');
  });

  it('answers a second question whose own words point far more at one article than any other', () => {
    expect(
      topicsOf(
        read(
          "Two things. Can work see me phone number or serial number once I've enrolled? And will I have to stick a passcode on, cause I've never had one",
        ),
      ),
    ).toEqual(['device-identifiers-anonymous-id', 'passcode-requirements']);
  });

  it('a sentence that says an app has not complained yet tells no problem; the cause told before it is the subject', () => {
    expect(
      topicsOf(
        read(
          "I deleted a load of apps I never use to make space. Only after did I realise one of them was the Microsoft Authenticator thing. Teams hasn't complained yet but I'm worried it's going to. What do I need to do now that it's gone?",
        ),
      ),
    ).toEqual(['authenticator-removed-what-now']);
  });
});

describe('a link pasted in the message (rounds 37 and 38)', () => {
  // Without every set that pastes the link: its examples would answer these by themselves.
  const unseen = knowledgeIn(
    knowledgeWithout(
      'conversation',
      'holdout',
      'holdout-2',
      'holdout-3',
      'holdout-4',
      'holdout-5',
      'holdout-13a',
      'holdout-14b',
      'holdout-18b',
      'holdout-24b',
      'holdout-25a',
      'holdout-25b',
      'holdout-26a',
      'holdout-30b',
      'holdout-31a',
      'holdout-36a',
      'holdout-37a',
      'holdout-38b',
    ),
    'en',
  );
  const read = (text: string): MessageReading => readMessage(unseen, text);

  it.each([
    'The office manager forwarded portal.manage.microsoft.com/enrollment/webenrollment/ios for the front-desk iPad. I have never done it like this before, how does it work?',
    "Got this from IT: portal.manage.microsoft.com/enrollment/webenrollment/ios for the van's iPad. How's that work, do I need the Company Portal app for it?",
  ])('%p asks about the link: web-based enrollment', (text) => {
    expect(topicsOf(read(text))).toEqual(['web-based-device-enrollment']);
  });

  it('a question about another subject beside the link keeps its own answer ("can IT see…")', () => {
    expect(
      topicsOf(
        read(
          'Got portal.manage.microsoft.com/enrollment/webenrollment/ios from the ward manager, how does that web enrollment work? Other thing, on my own phone can IT see where I am?',
        ),
      ),
    ).toEqual(['web-based-device-enrollment', 'privacy-location']);
  });
});

describe('fresh sets holdout-39a/b (Cornwall, Cumbria, Malaysia, Appalachia, Hawaii)', () => {
  const unseen = knowledgeIn(knowledgeWithout('holdout-39a', 'holdout-39b', 'holdout-23a'), 'en');
  const read = (text: string): MessageReading => readMessage(unseen, text);

  it.each([
    [
      "Sign In Failed, says summat about 'The Enrollment SSO application has been installed on the device'. What do Ah do about that? And if that doesn't sort it, how do Ah get hold of someone?",
      ['sso-app-installed', 'report-a-problem'],
    ],
    [
      'Is this gonna mess with my own Apple account and my iCloud? And if I get stuck who do I get ahold of?',
      ['personal-apple-id', 'report-a-problem'],
    ],
  ])('"get hold of someone" asks whom to contact: %p', (text, ids) => {
    expect(topicsOf(read(text))).toEqual(ids);
  });

  it.each([
    // "where I'm at", "where I'm to": where one is.
    [
      "My husband's worried about this. If I put the work stuff on my phone can they see where I'm at? Like when I'm up the holler at Mamaw's on the weekend?",
      'privacy-location',
    ],
    ["Once it's on, can they see where I'm to when I'm off work?", 'privacy-location'],
    // "it tell me … gotta be enrolled": an app saying the device must be enrolled.
    [
      'I wen open Outlook fo work and it tell me my device gotta be enrolled. Wat I gotta do?',
      'work-app-says-enroll',
    ],
    // The laptop's password is the work account, not a Windows question.
    [
      'When it asks for work or school account, is that me normal work email and the password I use for the laptop?',
      'which-account-to-sign-in',
    ],
    // "t'new one": Cumbrian "the".
    [
      "Getting a new iPhone next week. Will Ah have to enrol t'new one all over again?",
      'new-phone-or-restore',
    ],
  ])('%p', (text, id) => {
    expect(topicsOf(read(text))).toEqual([id]);
  });

  it('"how do I get the old one off?" asks how to unenroll it', () => {
    expect(
      topicsOf(
        read(
          "Getting a new iPhone next week. Will Ah have to enrol t'new one all over again? And how do Ah get t'old one off before Ah trade it in?",
        ),
      ),
    ).toEqual(['new-phone-or-restore', 'unenroll-device']);
  });

  it('"which one should I go for?" after a screen asking "if I want A or B"', () => {
    expect(
      topicsOf(
        read(
          "Ah'm doing this through the Company Portal app on me own phone. Picked 'I own this device' like it said, and now there's another screen asking if Ah want to secure the entire device or just work-related apps and data. Ah divvn't want work having owt to do with the rest of me phone. Which one should Ah go for?",
        ),
      ),
    ).toEqual(['secure-entire-device-or-work-only']);
  });

  it('"What\'s gone wrong?" is about the failure told, its specific case, not what a mate said', () => {
    expect(
      topicsOf(
        read(
          "Ah've been trying to get me phone enrolled since yesterday. Went into Settings, VPN and Device Management and put me work email in. It thinks about it for a bit then comes back Sign-in Failed, summat about my Apple Account not supporting the expected services on this device. Tried it on the office wifi and on 4G, same thing. Me marra in the next office says his went through fine last month. What's gone wrong?",
        ),
      ),
    ).toEqual(['sign-in-cant-find-server']);
  });

  it('asks which phone to buy over two sentences ("Which iPhone…? The 16 or the 17?")', () => {
    const reading = one(read('Which iPhone should I get for work? The 16 or the 17?'));
    expect(reading.part.answer).toMatchObject({ kind: 'out-of-scope', topicId: 'device-purchase' });
  });
});

describe('fresh sets holdout-40a/b (Shetland, Lincolnshire, Sri Lanka, Boston, Minnesota)', () => {
  const unseen = knowledgeIn(knowledgeWithout('holdout-40a', 'holdout-40b'), 'en');
  const read = (text: string): MessageReading => readMessage(unseen, text);

  it('reads Shetland words as standard ones ("hae tae", "afore", "da", "richt")', () => {
    expect(
      topicsOf(
        read(
          "My pal at wirk says I hae tae delete Microsoft Authenticator afore I start da enrolment or hit'll fail. Is dat richt?",
        ),
      ),
    ).toEqual([expect.stringMatching(/^(microsoft-authenticator-required|sso-app-installed)$/)]);
  });

  it('an e-mail address "like it shows on my laptop" is no Windows question', () => {
    expect(
      topicsOf(
        read(
          "It keeps saying user name not recognized but I'm typing my email exactly like it shows in Outlook on my laptop",
        ),
      ),
    ).toEqual(['user-name-not-recognized']);
  });

  it.each([
    'How do I put in for a day off for Three Kings Day? My supervisor said to ask the bot',
    // Asked without its question mark: not a goodbye for its "off".
    'how do i put in for time off over march break',
  ])('%p asks for leave: outside what the bot covers', (text) => {
    expect(one(read(text)).part.answer).toMatchObject({
      kind: 'out-of-scope',
      topicId: 'hr-leave',
    });
  });
});

describe('round 41: a device the organisation owns, set up in Company Portal', () => {
  const unseen = knowledgeIn(
    knowledgeWithout(
      'holdout-20a',
      'holdout-26a',
      'holdout-27b',
      'holdout-29a',
      'holdout-29b',
      'holdout-30a',
      'holdout-30b',
      'holdout-32a',
      'holdout-33b',
      'holdout-36a',
      'holdout-40a',
      'holdout-40b',
    ),
    'en',
  );
  const read = (text: string): MessageReading => readMessage(unseen, text);

  it('answers with the steps for an organisation’s device, not those for one’s own', () => {
    expect(
      topicsOf(
        read(
          "Our clinic bought three iPads for the front desk, so they are not anybody's personal device. What are the steps to set them up in the Company Portal app?",
        ),
      ),
    ).toEqual(['device-enrollment-company-portal']);
  });

  it('two devices, two owners: the question about one’s own gets the personal steps', () => {
    const parts = several(
      read(
        'IT has given me a company iPad, and I want work on my own iPhone as well. How do I enroll the company iPad? And for my personal iPhone, is it the same process or a different one?',
      ),
    );
    expect(parts.map(topicOf)).toEqual(['enroll', 'enroll-from-settings-app']);
  });

  it('keeps the steps for one’s own device when that is the device asked about', () => {
    expect(
      topicsOf(
        read(
          'My company iPad is done already. How does the Company Portal app go on my own iPhone?',
        ),
      ),
    ).toEqual(['enroll-with-company-portal-choice']);
  });
});

describe('round 41: small talk from Pittsburgh, Singapore and the call centre', () => {
  const unseen = knowledgeIn(knowledgeWithout('holdout-41a', 'holdout-41b'), 'en');
  const read = (text: string): MessageReading => readMessage(unseen, text);

  it.each([
    ['how yinz doin today', 'wellbeing'],
    ['Ok la, hows it goin', 'wellbeing'],
    ['Is that a real person answering or one of them chat bots?', 'identity'],
    ['cheers that did it, gotta get back on the floor now', 'thanks'],
  ])('%p is small talk', (text, act) => {
    const reading = read(text);
    expect(reading.kind).toBe('small-talk');
    expect(reading.kind === 'small-talk' && reading.act).toBe(act);
  });
});

describe('round 41: asking whom to tell, and leaving the job', () => {
  const unseen = knowledgeIn(knowledgeWithout('holdout-41a', 'holdout-41b'), 'en');
  const read = (text: string): MessageReading => readMessage(unseen, text);

  it.each([
    'how do I let IT know the enrolment failed?',
    'who am I supposed to get hold of if it fails again?',
  ])('%p asks how to reach the helpdesk', (text) => {
    expect(topicsOf(read(text))).toEqual(['report-a-problem']);
  });

  it('"when I leave next month" is leaving the job, not a day of leave', () => {
    expect(
      topicsOf(read('how do I take the work apps off my phone when I leave next month?')),
    ).toEqual(['unenroll-device']);
  });
});

describe('round 41: what went right, what was copied from where', () => {
  const unseen = knowledgeIn(knowledgeWithout('holdout-41a', 'holdout-41b'), 'en');
  const read = (text: string): MessageReading => readMessage(unseen, text);

  it('"did every step, no error" tells nothing went wrong: the question is how to check', () => {
    expect(topicsOf(read('Did every step, no error at all. How do I check it worked?'))).toEqual([
      'confirm-enrollment',
    ]);
  });

  it('an e-mail copied "from Outlook on laptop" is no question about a laptop', () => {
    const topics = topicsOf(
      read(
        "Enrolment keeps saying 'User name not recognized'. The email is right, I copy paste it from Outlook on laptop.",
      ),
    );
    expect(topics).toContain('user-name-not-recognized');
  });
});

describe('round 42: Lagos, and asking to understand before enrolling', () => {
  const unseen = knowledgeIn(knowledgeWithout('holdout-42a', 'holdout-42b'), 'en');
  const read = (text: string): MessageReading => readMessage(unseen, text);

  it('"Morning o! How you dey?" asks how the bot is', () => {
    const reading = read('Morning o! How you dey?');
    expect(reading.kind === 'small-talk' && reading.act).toBe('wellbeing');
  });

  it('"I need to understand if…" before enrolling asks that, not to be guided', () => {
    expect(
      topicsOf(
        read(
          'My cousin says IT can read all your chats once you enroll. Before I go ahead with enrolling, please I need to understand if my company can see my messages or photos. Is he right?',
        ),
      ),
    ).toEqual(['privacy-personal-data']);
  });

  // (Passes without this round's change too: kept so the MFA article's keywords never take
  // "verify" back.)
  it('verifying that enrollment took is confirming it, not the sign-in verification', () => {
    expect(topicsOf(read('How can I verify my enrollment actually took?'))).toEqual([
      'confirm-enrollment',
    ]);
  });
});

describe('round 43: Doric, Patois, Kenyan and South African English', () => {
  const unseen = knowledgeIn(knowledgeWithout('holdout-43a', 'holdout-43b'), 'en');
  const read = (text: string): MessageReading => readMessage(unseen, text);

  it.each([
    // Patois: "check seh" is "check that", "fi true" is "really".
    [
      'mi tink mi finish di setup but mi nuh sure if it work. how mi can check seh di phone enroll fi true?',
      'confirm-enrollment',
    ],
    ['how can I check that the phone enrolled?', 'confirm-enrollment'],
    // Doric: "far" (where), "pit" (put), "gaffer" (boss).
    ['Can ma gaffer see far I am if I pit the work stuff on ma phone?', 'privacy-location'],
    // Doric: "come oot o the enrolment" (unenroll), "fit actually gets deleted" (what).
    [
      "Ma worry is I've got years o notes an photies on it. If I come oot o the enrolment, fit actually gets deleted?",
      'what-unenroll-removes',
    ],
  ])('%p', (text, topic) => {
    expect(topicsOf(read(text))).toEqual([topic]);
  });

  it('"how far" and "so far" stay distance and time', () => {
    expect(normaliseText('so far I am happy, how far is it')).toBe(
      'so far i am happy, how far is it',
    );
  });

  it('"sign my own personal iPhone up" asks to enroll it', () => {
    const { part } = one(read('How do I sign my own personal iPhone up for the work apps?'));
    expect(part.enroll).toBe(true);
    expect(articleOf(part)?.id).toBe('enroll-from-settings-app');
  });

  it('"Ja," opening a sentence is no word to search: both questions are answered', () => {
    expect(
      topicsOf(
        read(
          "Ja, it just says Sign In Failed, no other info, what now? And while I've got you, will I have to set a passcode on my phone after?",
        ),
      ),
    ).toEqual(['enrollment-failed-general', 'passcode-requirements']);
  });

  it('"check if my enrollment even went through" is confirming it, beside another question', () => {
    expect(
      topicsOf(
        read(
          'Outlook keeps giving me an error about Authenticator when I open it. Also how do I check if my enrollment even went through?',
        ),
      ),
    ).toEqual(['work-app-authenticator-error', 'confirm-enrollment']);
  });

  it('"two options, one … and the other …" are the options "which one" chooses between', () => {
    expect(
      topicsOf(
        read(
          'I started the enrollment from Company Portal yesterday. I selected that I own the device and then it brought another screen with two options, one to secure the entire device and the other for work-related apps and data only. I did not want to choose wrongly so I closed it. My phone is personal. Kindly advise which one I should select.',
        ),
      ),
    ).toEqual(['secure-entire-device-or-work-only']);
  });

  it('"who can I ask about it?" after something the bot does not cover is outside it too', () => {
    const { part } = one(
      read("My payslip for November has a deduction I don't understand. Who can I ask about it?"),
    );
    expect(part.answer.kind).toBe('out-of-scope');
  });

  it.each(['Fit like? Foo’s yer doos?', 'Fit like?'])('%p asks how the bot is', (text) => {
    const reading = read(text);
    expect(reading.kind === 'small-talk' && reading.act).toBe('wellbeing');
  });

  it.each(['whats up, how do I enroll my phone?', 'Fit like, how do I enroll my phone?'])(
    '%p: asking after the bot first does not hide the request',
    (text) => {
      expect(one(read(text)).part.enroll).toBe(true);
    },
  );
});

describe('round 44: follow-up questions, question tags and "bit by bit"', () => {
  const unseen = knowledgeIn(knowledgeWithout('holdout-44a', 'holdout-44b'), 'en');
  const read = (text: string): MessageReading => readMessage(unseen, text);

  it.each([
    [
      'Dem could see where I is through this? And I go have to put a long complicated passcode on?',
      ['privacy-location', 'passcode-requirements'],
    ],
    [
      'How do they keep the work stuff away from my own stuff? And if I want it off later how do I remove it?',
      ['work-data-separate', 'unenroll-device'],
    ],
    [
      "What can the district actually control on my phone once it's enrolled? And when I'm done driving in June how do I take it back off?",
      ['privacy-what-it-can-do', 'unenroll-device'],
    ],
    [
      "What iOS version do I need for this, and how do I check what mine's on?",
      ['os-requirements', 'check-and-update-ios'],
    ],
  ])('%p answers both', (text, topics) => {
    expect(topicsOf(read(text))).toEqual(topics);
  });

  it('"how does enrolling through that link work?" asks how it works, not to be guided', () => {
    expect(isEnrollIntent('how does enrolling through that link work?')).toBe(false);
    expect(
      topicsOf(
        read(
          'IT sent us a link to portal.manage.microsoft.com/enrollment/webenrollment/ios — how does enrolling through that link work?',
        ),
      ),
    ).toEqual(['web-based-device-enrollment']);
  });

  it('"get my phone on for work … bit by bit" asks to be guided', () => {
    expect(
      isEnrollIntent('Need to get my phone on for work, can you do it with me bit by bit?'),
    ).toBe(true);
  });

  it('a question tag ("…, yeah?") names nothing: the device limit is the subject', () => {
    expect(
      topicsOf(read("So the device limit is locked at 5 and IT can't change it, yeah?")),
    ).toEqual(['device-limit-reached']);
  });

  it('"am I doing something wrong?" asks about the failure told before it', () => {
    expect(
      topicsOf(
        read(
          "I typed in my new work email like it said and it came back with User name not recognized. I checked the spelling like five times and it's right. Is my account not set up yet or am I doing something wrong?",
        ),
      ),
    ).toEqual(['user-name-not-recognized']);
  });
});

describe('round 44: "how does that one work?" beside a request to enroll another device', () => {
  const unseen = knowledgeIn(knowledgeWithout('holdout-15a', 'holdout-24a'), 'en');
  const read = (text: string): MessageReading => readMessage(unseen, text);

  it('"how does that one work exactly?" asks how web enrollment works', () => {
    const topics = topicsOf(
      read(
        'Planning got a new iPad for site visits and IT sent a link to open in Safari to enrol it, how does that one work exactly? Also separate question, if I put my own iPhone on, can they see where I am?',
      ),
    );
    expect(topics[0]).toBe('web-based-device-enrollment');
  });

  it("the second device's own request to enroll is kept beside it", () => {
    expect(
      topicsOf(
        read(
          'We got two company iPads for the sample room. For the first one IT sent a Safari link for web enrollment, how does that one work? The second one they said enroll as a company device with the Company Portal app, what are the steps for that?',
        ),
      ),
    ).toEqual(['web-based-device-enrollment', 'enroll']);
  });
});

describe('doing it over is doing it again', () => {
  it('"do the whole enrollment thing over on the new one" asks whether to enroll again', () => {
    expect(
      isEnrollIntent(
        'Do I need to do the whole enrollment thing over on the new one or is it supposed to carry over from the backup?',
      ),
    ).toBe(false);
    // ("…do it over the weekend" is when.)
    expect(isEnrollIntent('can you walk me through it, I want to do it over the weekend')).toBe(
      true,
    );
  });
});

describe('round 45: Glasgow, Wales, Abuja, Detroit, New Mexico, Accra and Cork', () => {
  const unseen = knowledgeIn(knowledgeWithout('holdout-45a', 'holdout-45b', 'holdout-44a'), 'en');
  const read = (text: string): MessageReading => readMessage(unseen, text);

  it('"before I go back out on the floor" is going back to work, not backing out of enrollment', () => {
    expect(
      topicsOf(
        read(
          'did all the steps on my 15, how do i know it actually worked before i go back out on the floor',
        ),
      ),
    ).toEqual(['confirm-enrollment']);
    // ("can I back out of it later?" still is.)
    expect(topicsOf(read('can I back out of it later if I change my mind?'))).toEqual([
      'unenroll-device',
    ]);
  });

  it('"what (all) can the company do to my phone" asks what it may control', () => {
    expect(
      topicsOf(
        read(
          'what all can the company actually do to my phone once its enrolled? and if i quit and take it off what gets deleted',
        ),
      ),
    ).toEqual(['privacy-what-it-can-do', 'what-unenroll-removes']);
    expect(topicsOf(read('what can the company do to my phone?'))).toEqual([
      'privacy-what-it-can-do',
    ]);
  });

  it('"and after I\'m done is it gonna …, why is that" is a second question', () => {
    expect(
      topicsOf(
        read(
          "what email and password am I supposed to use when it asks? and after I'm done is it gonna start putting a bunch of apps on my phone, why is that",
        ),
      ),
    ).toEqual(['which-account-to-sign-in', 'work-apps-install-prompts']);
  });

  it('a problem told beside "which went through fine" is still a problem', () => {
    expect(
      topicsOf(
        read(
          "Two things. My coworker's enrollment keeps failing, it just says Sign In Failed and nothing else, what should he do? And on mine, which went through fine, Teams keeps throwing an error that mentions Authenticator.",
        ),
      ),
    ).toContain('work-app-authenticator-error');
  });

  it('"Can I still do it that way like last time?" asks about the way told first', () => {
    expect(
      topicsOf(
        read(
          "Back in 2022 I did my old iPad through the Company Portal app, that was the work-only enrolment and it was fine. Now I've had a new iPhone for Christmas early, see, and I want to do the same on that. My butty in the office says he just downloaded Company Portal and picked the same thing as before but I'm not sure he's right. I've downloaded the app anyway. Can I still do it that way like last time?",
        ),
      ),
    ).toEqual(['company-portal-user-enrollment']);
  });

  it('an ID pass is a facilities question', () => {
    const reading = read('Who do I see about getting a new airside pass, mine runs out next week');
    expect(reading.kind === 'one' && reading.part.answer.kind).toBe('out-of-scope');
  });

  it('"Can they actually see that stuff once I do this?" asks what the sentence before tells', () => {
    expect(
      topicsOf(
        read(
          "Listen, I been at this company 22 years and never needed work stuff on my personal phone. Now they want everybody on the floor enrolled so we get the schedule and the safety alerts in Teams. My phone got my text messages with my wife, pictures of the grandbabies, my banking app, all that. I don't want nobody in IT reading my texts or scrolling through my pictures. Can they actually see that stuff once I do this?",
        ),
      ),
    ).toEqual(['privacy-personal-data']);
  });

  it('"and how do you update it if it\'s old" asks the other half of the iOS version answer', () => {
    expect(
      topicsOf(
        read(
          "dumb question but where on an iphone does it actually tell you what iOS you're on? and how do you update it if it's old",
        ),
      ),
    ).toEqual(['check-and-update-ios']);
    // (Not when its own answer is one the answer before names as related: the update steps.)
    expect(
      topicsOf(read('phones on ios 14.8, can it still get enrolled? and how do i update it')),
    ).toEqual(['ios-14-or-older', 'check-and-update-ios']);
    // (Nor when its word is one the question before said: enrolling is asked of again.)
    expect(
      topicsOf(
        read(
          'Can I enrol my iPad as well as my iPhone, and will enrolling delete anything on them?',
        ),
      ),
    ).toEqual(['enroll-more-than-one-device', 'personal-use-and-data']);
  });
});

describe('round 46: Leeds, Harare, Lahore, Atlanta, Manila and the kitchen', () => {
  const unseen = knowledgeIn(knowledgeWithout('holdout-46a', 'holdout-46b'), 'en');
  const read = (text: string): MessageReading => readMessage(unseen, text);

  it('"you have really helped. Have a blessed day!" is thanks', () => {
    const reading = read('Thank you so much, you have really helped. Have a blessed day!');
    expect(reading.kind === 'small-talk' && reading.act).toBe('thanks');
  });

  it('"take the old one off the work system" is unenrolling; "the new one" points at no answer', () => {
    expect(
      topicsOf(
        read(
          'Getting a new iPhone for Christmas. How do I take the old one off the work system, and will I have to enrol the new one from scratch?',
        ),
      ),
    ).toEqual(['unenroll-device', 'new-phone-or-restore']);
  });

  it('"if it keeps failing, how do I get help?" asks for the helpdesk, it tells no failure', () => {
    expect(topicsOf(read('how do I get help if it keeps failing?'))).toEqual(['report-a-problem']);
    expect(
      topicsOf(
        read(
          'It just says Sign In Failed, no other message at all. What should I try? And if it keeps on failin, how do I get help and what info should I have ready?',
        ),
      ),
    ).toContain('report-a-problem');
  });

  it("an app's name in quote marks is no message on screen", () => {
    expect(
      topicsOf(
        read(
          "There's a 'Company Portal' icon on my home screen now but it opens like a web page, not a proper app. Is that meant to be there or can I bin it?",
        ),
      ),
    ).toEqual(['company-portal-website-web-app']);
  });

  it('"will my photos and my own apps also go" asks what is removed', () => {
    expect(
      topicsOf(
        read(
          'Assalam o Alaikum. I am resigning and joining another company in Karachi from next month. My personal iPhone was enrolled last year for office email and Teams. Before I take it off I want to know exactly what will be removed. Will my WhatsApp, photos and my own apps also go, or only the office things? All my family pictures are on this phone so I am a bit worried.',
        ),
      ),
    ).toEqual(['what-unenroll-removes']);
  });
});

describe('round 47: Birmingham, Dublin, Kampala, Hong Kong, Texas, Guyana and hotel staff', () => {
  const unseen = knowledgeIn(knowledgeWithout('holdout-47a', 'holdout-47b'), 'en');
  const read = (text: string): MessageReading => readMessage(unseen, text);

  it('"Howaya" is a greeting', () => {
    const reading = read('Howaya');
    expect(reading.kind === 'small-talk' && reading.act).toBe('greeting');
  });

  it('"can they really see these things?" asks about what the sentences before told', () => {
    expect(
      topicsOf(
        read(
          'People at work keep saying that once you enroll, IT can read your WhatsApp and look through your photos. My phone is full of family pictures and private chats. Can the company really see these things?',
        ),
      ),
    ).toEqual(['privacy-personal-data']);
  });

  it('"I never had to do that on my old phone" tells no problem; the message that came up does', () => {
    expect(
      topicsOf(
        read(
          'Finally installed Teams on my phone so I can stop using the shared PC. I typed my work email and it sent me to the sign in page. Then it came up saying my device needs to be enrolled or managed before I can carry on. I never had to do that on my old phone. What do I need to do?',
        ),
      ),
    ).toEqual(['work-app-says-enroll']);
  });

  it('iPhones the company gave are set up with its Company Portal steps, asked to enroll or not', () => {
    const asked = one(
      read(
        "The site manager handed our team three company iPhones for the radio app. How do I get them set up in Company Portal? They aren't ours, they belong to the company.",
      ),
    ).part;
    expect(asked.enroll).toBe(true);
    expect(asked.answer.kind === 'answer' && asked.answer.hit.article.id).toBe(
      'device-enrollment-company-portal',
    );
    expect(
      topicsOf(
        read(
          'The company give me an iPad for the front desk, how do I set it up with Company Portal? And my own iPhone is still on iOS 14.8, can I enroll it?',
        ),
      ),
    ).toEqual(['device-enrollment-company-portal', 'ios-14-or-older']);
  });

  it('"How\'s that go exactly?" asks how the way told works, beside a second question', () => {
    expect(
      topicsOf(
        read(
          "The instructions from IT say to open Company Portal on my own phone and it'll walk me through. How's that go exactly? And if it craps out on me, how do I get help?",
        ),
      ),
    ).toEqual(['enroll-with-company-portal-choice', 'report-a-problem']);
  });

  it('"once it\'s done" points at the enrolling, not at a link pasted before', () => {
    expect(
      topicsOf(
        read(
          'Got sent portal.manage.microsoft.com/enrollment/webenrollment/ios for my phone. How does that work? And which app do I sign in to first once it is done?',
        ),
      ),
    ).toEqual(['web-based-device-enrollment', 'first-app-after-enrolling']);
  });
});

describe("round 47: what the screen said, told in the person's own words", () => {
  const unseen = knowledgeIn(knowledgeWithout('holdout-47a', 'holdout-47b'), 'en');
  const read = (text: string): MessageReading => readMessage(unseen, text);

  it('a message told without quote marks that reads as no problem gives way to its sentence', () => {
    expect(
      topicsOf(
        read(
          'Finally installed Teams on my phone so I can stop using the shared PC. I typed my work email and it sent me to the sign in page. Then it came up saying my device needs to be enrolled or managed before I can carry on. I never had to do that on my old phone. What do I need to do?',
        ),
      ),
    ).toEqual(['work-app-says-enroll']);
  });

  it('"those things" keeps the question\'s own article when the story reads as an unrelated one', () => {
    const kbs = knowledgeIn(knowledgeWithout('holdout-19b'), 'en');
    expect(
      topicsOf(
        readMessage(
          kbs,
          "My personal WhatsApp has chats with family, some medical reports and photos of my mother. Our branch head says everyone must enroll their phones before the audit next week. I'm fine with compliance, but I really don't want anybody in IT going through my gallery or chats. Honestly, will they be able to see those things?",
        ),
      ),
    ).toEqual(['privacy-personal-data']);
  });
});

describe('round 49: hearsay, what cannot be found, and words borrowed from nothing', () => {
  const unseen = knowledgeIn(knowledgeWithout('holdout-49a', 'holdout-49b'), 'en');
  const read = (text: string): MessageReading => readMessage(unseen, text);

  it.each([
    'My mate in accounts reckons enrolling fails unless I get rid of Microsoft Authenticator first. Is he right?',
    'Someone on the night shift said you have to delete Authenticator before you enroll or it will fail. So I should remove it first?',
  ])('"%s" asks whether Authenticator must go first (it need not)', (text) => {
    expect(topicsOf(read(text))).toEqual(['microsoft-authenticator-required']);
  });

  it('a thing the person cannot find, told beside a question, is answered too', () => {
    expect(
      topicsOf(
        read(
          "Two things. My company-owned iPad needs setting up through Company Portal, how do I do that? And on my own iPhone I can't find VPN & Device Management anywhere.",
        ),
      ),
    ).toEqual(['enroll', 'find-vpn-device-management']);
  });

  it('a question that answers on its own words keeps them when the sentence before reads as nothing', () => {
    expect(
      topicsOf(
        read(
          "I'm leaving the company at Easter and want the work side off my iPhone first. All my holiday photos are on it and I'd hate to lose them. My daughter already showed me where to take it off, so that bit is fine. What I'd like to know is what gets deleted when I do it?",
        ),
      ),
    ).toEqual(['what-unenroll-removes']);
  });

  it('"Did the enrollment on my lunch break." tells what was done; the question after it asks how to check', () => {
    expect(
      topicsOf(read('Did the enrollment on my lunch break. How do I check it actually took?')),
    ).toEqual(['confirm-enrollment']);
  });
});

describe('round 51: a second question after a first, what "it" points back at, and who owns the phone', () => {
  const unseen = knowledgeIn(knowledgeWithout('holdout-51a', 'holdout-51b'), 'en');
  const read = (text: string): MessageReading => readMessage(unseen, text);

  it('a second question of its own after a question about a problem asks a second thing', () => {
    expect(
      topicsOf(
        read(
          'I chose the work apps only option on my iPhone, can I switch it to the whole phone later without starting over? Also can I put my iPad on as well?',
        ),
      ),
    ).toEqual(['switch-work-only-to-whole-device', 'enroll-more-than-one-device']);
  });

  it('"find it on the App Store myself" after an Authenticator error in Teams is about that error', () => {
    expect(
      topicsOf(
        read(
          "Got the enrolment finished at last. Opened Outlook straight after and it threw an error about Microsoft Authenticator. I've never had Authenticator on this phone. Do I have to go and get it from the App Store myself?",
        ),
      ),
    ).toEqual(['work-app-authenticator-error']);
  });

  it('"Do I tap that or back out?" after the prompt told is about the prompt', () => {
    expect(
      topicsOf(
        read(
          'Halfway through it popped up asking me to Allow Remote Management. Should I tap that or back out?',
        ),
      ),
    ).toEqual(['allow-remote-management']);
  });

  it('"see where my personal phone is" asks about location', () => {
    expect(
      topicsOf(read('Will my manager be able to see where my own iPhone is once it is enrolled?')),
    ).toEqual(['privacy-location']);
  });

  it('"Alright pet, how\'s it gannin" asks how the bot is', () => {
    const reading = read("Alright pet, how's it gannin");
    expect(reading.kind === 'small-talk' && reading.act).toBe('wellbeing');
  });
});

describe('round 52: what doing it deletes, the password "am I using", and going through it with us', () => {
  const unseen = knowledgeIn(knowledgeWithout('holdout-52a', 'holdout-52b'), 'en');
  const read = (text: string): MessageReading => readMessage(unseen, text);

  it('"what gets deleted when I do that?" after "how do I remove…" asks what unenrolling removes', () => {
    expect(
      topicsOf(
        read(
          'If I quit next month how to remove my phone from company management? And what all gets deleted when I do that?',
        ),
      ),
    ).toEqual(['unenroll-device', 'what-unenroll-removes']);
  });

  it('"which password am I using" asks which account, as "which password do I use" does', () => {
    expect(
      topicsOf(read('Which password am I using to enroll, my work one or my Apple one?')),
    ).toEqual(['which-account-to-sign-in']);
  });

  it.each(['no luck boss', 'still no luck chief'])('"%s" tells a vague failure', (text) => {
    const reading = read(text);
    expect(reading.kind === 'small-talk' && reading.act).toBe('vague-failure');
  });

  it('"go through it with us" asks to be taken through enrolling', () => {
    expect(isEnrollIntent('help us set it up, go through it with us')).toBe(true);
    expect(isEnrollIntent('can you go through the enrollment with me')).toBe(true);
  });
});

describe('round 53: carried through it, a greeting in Manx, pointing back at what popped up, and "wat it go delete"', () => {
  const unseen = knowledgeIn(knowledgeWithout('holdout-53a', 'holdout-53b'), 'en');
  const read = (text: string): MessageReading => readMessage(unseen, text);

  it('"carry me through … step by step" asks to be guided, though it fears a mistake', () => {
    expect(
      isGuideRequest(
        'Please carry me through de enrollment step by step, I doh want to make no mistake',
      ),
    ).toBe(true);
  });

  it('a greeting in another tongue beside "anyone there?" is small talk', () => {
    const reading = read('Moghrey mie! Anyone there?');
    expect(reading.kind === 'small-talk' && reading.act).toBe('greeting');
  });

  it('an English word left beside a greeting is still asked about', () => {
    expect(read('Hi! Payroll?').kind).not.toBe('small-talk');
  });

  it('"why is it doing that?" after what popped up is about that, with a third question after', () => {
    expect(
      topicsOf(
        read(
          'it keeps popping up asking me to install apps. why is it doing that? also can they wipe my whole phone if I quit?',
        ),
      ),
    ).toEqual(['work-apps-install-prompts', 'privacy-wipe']);
  });

  it('"wat it go delete?" asks what taking it off deletes', () => {
    expect(
      topicsOf(
        read('if i tak de work ting off mih fone wat it go delet? al mih pics gon too??'),
      )[0],
    ).toBe('what-unenroll-removes');
  });

  it('"pics" is no typo for "pick"', () => {
    expect(unseen.correct('will they see my pics').text).toBe('will they see my pics');
  });
});

describe('round 54: words of parting among other words, "is it allowed?", and going through it with me', () => {
  const unseen = knowledgeIn(knowledgeWithout('holdout-54a', 'holdout-54b'), 'en');
  const read = (text: string): MessageReading => readMessage(unseen, text);

  it.each([
    'the wifi at the Saskatoon branch keeps kicking me off every hour, who fixes that',
    'are we off work for Derby Friday or is that just a rumor',
  ])('%p says no goodbye: "off" parts only in a phrase', (text) => {
    expect(read(text).kind).not.toBe('small-talk');
  });

  it.each(["ok thanks, I'm off now", "right that's me away, ta-ra"])(
    '%p is still small talk',
    (text) => {
      expect(read(text).kind).toBe('small-talk');
    },
  );

  it('a failure told beside a goodbye is the failure ("same ting again bye")', () => {
    const reading = read('same ting again bye');
    expect(reading.kind === 'small-talk' && reading.act).toBe('vague-failure');
  });

  it('"I want to enroll both…, is it allowed?" asks whether, not to be guided', () => {
    expect(isEnrollIntent('I want to enroll both my iPhone and my iPad, is it allowed?')).toBe(
      false,
    );
  });

  it.each([
    [
      'deleted that microsoft authenticator app on my lunch cause i thought it was junk and now im half way thru the work sign in thing on my phone. what do i do now',
      ['authenticator-removed-what-now'],
    ],
    // Kicked back out is no backing out of the enrollment.
    ['just says Sign In Failed and kicks me back out. what now', ['enrollment-failed-general']],
    // "Is that something my end or have they broken it?" asks about the problem told.
    [
      "Och this is driving me daft. Everything was fine, I enrolled my iPhone back in the summer, had Outlook and Teams and that expenses app going no bother at all. Came back from a fortnight over on Skye this week, phone had been off most of the time, and now the expenses app just won't open. Comes up with a message saying it has to be updated and that's it, won't let me past it. The other apps seem fine. I've not changed a thing on the phone. Is that something my end or have they broken it?",
      ['work-app-must-update'],
    ],
    // "flip it over": switch it.
    [
      'How does it keep my work stuff apart from my personal stuff on the iPhone? And if IT says later I need the whole-phone option can I just flip it over or what',
      ['work-data-separate', 'switch-work-only-to-whole-device'],
    ],
    // "de odda one" lists the other option (no typo for "odds").
    [
      "Good morning. Me try fi set up de phone dis morning before work, me inna de Company Portal app an it ask me who own it an me seh me own it, it's mi own phone, me buy it in St. John's wid mi own money. Now it showing two more choice, one seh secure entire device an de odda one seh work-related apps and data only. Me nuh want dem inna all mi business but me also nuh want fi pick wrong an have fi do it all over again. Which one me fi pick?",
      ['secure-entire-device-or-work-only'],
    ],
  ])('%p', (text, expected) => {
    expect(topicsOf(read(text))).toEqual(expected);
  });

  it('"can u go thru it one step at a time with me" asks to be guided', () => {
    expect(isGuideRequest('on my break, can u go thru it one step at a time with me')).toBe(true);
  });
});

describe('round 55: "what is the issue?", how one\'s day is going, a second device "on it too"', () => {
  const unseen = knowledgeIn(knowledgeWithout('holdout-55a', 'holdout-55b'), 'en');
  const read = (text: string): MessageReading => readMessage(unseen, text);

  it.each([
    // "Kindly advise what is the issue from my side." asks about the problem the story told.
    [
      "Good evening. I have joined the Margao office on 3rd of this month in the accounts department. As per the instructions given in induction I tried to do the enrolment of my personal iPhone 15 through Settings. After typing my official mail ID and password it is showing 'User name not recognized'. I have checked the spelling two times itself. My reporting manager has also done the same process and for him it is working fine. Kindly advise what is the issue from my side.",
      ['user-name-not-recognized'],
    ],
    // "take it back off": the device out of management again.
    [
      "Two things. Can the company see where I'm at through my phone once it's enrolled? And if I change my mind later, how do I take it back off?",
      ['privacy-location', 'unenroll-device'],
    ],
    // "put mi iPad on it too": a second device.
    [
      'After I enroll can I still use mi phone for mi own things like normal, it go delete anything? And I could put mi iPad on it too?',
      ['personal-use-and-data', 'enroll-more-than-one-device'],
    ],
  ])('%p', (text, expected) => {
    expect(topicsOf(read(text))).toEqual(expected);
  });

  it('a version given as a bound ("iOS 13 or later") is no device too old', () => {
    const topics = topicsOf(
      read(
        "What's the minimum iOS version I need to enroll? Old handout from 2022 says iOS 13 or later.",
      ),
    );
    expect(topics[0]).toBe('os-requirements');
    expect(topics).not.toContain('ios-14-or-older');
  });

  // Guards: "take it off" alone keeps the question asked ("what gets deleted when I take it off
  // management?"); "goin" is still read as "going" ("how's she goin?", "whats goin on").
  it.each([
    [
      'holdout-20b',
      "My last day with the firm is the 30th. I was told I need to remove the device management from my personal iPhone before I go, which is fine. But I've got a lot on this phone, including a ton of photos and my personal banking apps. What actually gets deleted when I take it off management? Just want to be sure before I pull the trigger.",
      ['what-unenroll-removes'],
    ],
    [
      'holdout-26b',
      'just enroled and outlook is throwing an eror about authenticater not being instaled, whats goin on',
      ['work-app-authenticator-error'],
    ],
  ])('%s: %p keeps its subject', (set, text, expected) => {
    const kb = knowledgeIn(knowledgeWithout(set), 'en');
    expect(topicsOf(readMessage(kb, text))).toEqual(expected);
  });

  it('"Mornin b\'y, how\'s she goin?" is still small talk', () => {
    const kb = knowledgeIn(knowledgeWithout('holdout-23a'), 'en');
    expect(readMessage(kb, "Mornin b'y, how's she goin?").kind).toBe('small-talk');
  });

  it.each(["Well hey y'all! How's your day goin?", 'hey, how has your week been so far?'])(
    '%p asks after the person: small talk',
    (text) => {
      const reading = read(text);
      expect(reading.kind === 'small-talk' && reading.act).toBe('wellbeing');
    },
  );
});

describe('round 56: "quick one, what…", dictated words, Scots "ken", "where my phone\'s at"', () => {
  const unseen = knowledgeIn(knowledgeWithout('holdout-56a', 'holdout-56b'), 'en');
  const read = (text: string): MessageReading => readMessage(unseen, text);

  it.each([
    // "I've gone and removed Microsoft Authenticator": removed already.
    [
      "I've gone and removed Microsoft Authenticator off my phone, tidying up apps I was, and I'm only half way through the work setup. What do I do now, like?",
      ['authenticator-removed-what-now'],
    ],
    // "Quick one, what's…" asks what is needed, not to be guided.
    [
      "Quick one, what's the minimum iOS version you need to enrol a personal iPhone?",
      ['os-requirements'],
    ],
    // Scots "ken" is know.
    [
      "How do I ken if it's actually worked? And whit app am I meant tae open first after?",
      ['confirm-enrollment', 'first-app-after-enrolling'],
    ],
    // "where my phone's at" is its location.
    [
      "Two things: can the company see where my phone's at, and can I put my iPad on there too?",
      ['privacy-location', 'enroll-more-than-one-device'],
    ],
  ])('%p', (text, expected) => {
    expect(topicsOf(read(text))).toEqual(expected);
  });

  it('dictated "in roll … period" asks to enroll', () => {
    expect(isEnrollIntent('how do I in roll my personal iPhone for work stuff period')).toBe(true);
  });

  it('a fare to a training day is a question about travel expenses, not covered', () => {
    const reading = read(
      "Does work pay for the Red Funnel if I've got to go over to Southampton for training?",
    );
    expect(reading.kind === 'one' && reading.part.answer.kind).toBe('out-of-scope');
  });

  it('"Howdy! Anybody home?" is a greeting', () => {
    const reading = read('Howdy! Anybody home?');
    expect(reading.kind === 'small-talk' && reading.act).toBe('greeting');
  });
});
