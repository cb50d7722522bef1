/**
 * Small talk: the greetings, thanks, goodbyes and "it didn't work" that people put around (or
 * instead of) a question. {@link readSmallTalk} peels these phrases off the start and the end of
 * a message and says what was left, so "hi! how do I enroll?" is a question with a greeting and
 * "thanks, bye" is only conversation.
 */

/** What a conversational phrase does. */
export type SmallTalkAct =
  'greeting' | 'thanks' | 'goodbye' | 'ack' | 'identity' | 'wellbeing' | 'vague-failure';

/** Phrases per act, as letters-only lower-case words ("didn't" is "didnt"). */
const PHRASES: Readonly<Record<SmallTalkAct, readonly string[]>> = {
  greeting: [
    'hi',
    'hello',
    'hey',
    'hiya',
    'heya',
    'howdy',
    'yo',
    'greetings',
    'good morning',
    'good afternoon',
    'good evening',
    'morning',
    'hi there',
    'hello there',
    'hey there',
  ],
  thanks: [
    'thanks',
    'thank you',
    'thankyou',
    'thx',
    'thanx',
    'thnx',
    'ty',
    'cheers',
    'many thanks',
    'much appreciated',
    'appreciate it',
    'i appreciate it',
    'appreciated',
    'that helped',
    'that helps',
    'that was helpful',
    'very helpful',
    'helpful',
    'great help',
    'thanks a lot',
    'thanks so much',
    'thank you so much',
    'thank you very much',
    'thanks a bunch',
  ],
  goodbye: [
    'bye',
    'goodbye',
    'bye bye',
    'see you',
    'see ya',
    'cya',
    'later',
    'see you later',
    'talk later',
    'have a good day',
    'have a nice day',
    'have a great day',
    'good night',
    'thats all',
    'that is all',
    'thats it',
    'nothing else',
    'im done',
    'all done',
  ],
  ack: [
    'ok',
    'okay',
    'k',
    'kk',
    'cool',
    'great',
    'nice',
    'alright',
    'all right',
    'got it',
    'sure',
    'perfect',
    'awesome',
    'understood',
    'noted',
    'sounds good',
    'will do',
    'fine',
    'good',
    'yes',
    'yep',
    'yeah',
    'no problem',
    'makes sense',
    'i see',
    'ah',
    'oh',
    'lol',
  ],
  identity: [
    'are you a bot',
    'are you human',
    'are you a human',
    'are you real',
    'are you a person',
    'is this a bot',
    'am i talking to a bot',
    'am i talking to a person',
    'who are you',
    'what are you',
    'whats your name',
    'what is your name',
    'what do you do',
  ],
  wellbeing: ['how are you', 'how are you doing', 'hows it going', 'how is it going', 'whats up'],
  'vague-failure': [
    'it didnt work',
    'didnt work',
    'that didnt work',
    'this didnt work',
    'it doesnt work',
    'doesnt work',
    'it does not work',
    'does not work',
    'it did not work',
    'did not work',
    'not working',
    'its not working',
    'it is not working',
    'still not working',
    'still doesnt work',
    'still didnt work',
    'it failed',
    'failed',
    'it failed again',
    'still broken',
    'broken',
    'its broken',
    'nope',
    'no luck',
    'still no luck',
    'same problem',
    'same error',
    'same issue',
    'still the same',
    'still failing',
    'that didnt help',
    'that did not help',
    'not helpful',
    'it wont work',
    'wont work',
    'no it didnt',
    'nothing happened',
    'nothing happens',
  ],
};

/** Words that only pad a pleasantry ("thanks *so much*", "hi *there bot*"). */
const FILLER = new Set(
  (
    'there bot all everyone guys folks team mate again so much very a lot just please pls plz ' +
    'and oh well um uh hmm then anyway again really for your help the info that this it'
  ).split(' '),
);

/** Acts peeled off either end of a longer message; the others count only as the whole of it. */
const EDGE_ACTS: ReadonlySet<SmallTalkAct> = new Set(['greeting', 'thanks', 'goodbye']);

/** Every phrase as a word list, longest first, so "thank you so much" wins over "thank you". */
const ORDERED: readonly { act: SmallTalkAct; words: string[] }[] = Object.entries(PHRASES)
  .flatMap(([act, list]) => list.map((p) => ({ act: act as SmallTalkAct, words: p.split(' ') })))
  .sort((a, b) => b.words.length - a.words.length);

/** The acts found, and the text left once they and their padding are peeled off. */
export interface SmallTalkReading {
  acts: SmallTalkAct[];
  /** The rest of the message as typed (digits and punctuation kept), trimmed; '' when none. */
  rest: string;
}

interface Token {
  /** Lower case, apostrophes dropped ("didn't" → "didnt"). */
  key: string;
  start: number;
  end: number;
}

/** Words and numbers with their places in the text ("15.8" and "didn't" are one token each). */
function tokens(text: string): Token[] {
  return [...text.matchAll(/[\p{L}\p{N}]+(?:['’.][\p{L}\p{N}]+)*/gu)].map((m) => ({
    key: m[0].toLowerCase().replace(/['’]/g, ''),
    start: m.index,
    end: m.index + m[0].length,
  }));
}

function startsWith(list: readonly Token[], prefix: readonly string[]): boolean {
  return prefix.length <= list.length && prefix.every((w, i) => list[i]?.key === w);
}

function endsWith(list: readonly Token[], suffix: readonly string[]): boolean {
  const offset = list.length - suffix.length;
  return offset >= 0 && suffix.every((w, i) => list[offset + i]?.key === w);
}

function withoutFiller(list: readonly Token[]): readonly Token[] {
  let out = list;
  while (out.length > 0 && FILLER.has(out[0]?.key ?? '')) out = out.slice(1);
  while (out.length > 0 && FILLER.has(out[out.length - 1]?.key ?? '')) out = out.slice(0, -1);
  return out;
}

/**
 * The acts of a text made only of phrases (and padding), or undefined when anything else is in
 * it: "ok cool" is two acknowledgements, "is iOS 17 ok" is a question.
 */
function onlyPhrases(list: readonly Token[]): SmallTalkAct[] | undefined {
  const acts: SmallTalkAct[] = [];
  let rest = list;
  for (let guard = 0; guard < 12 && rest.length > 0; guard++) {
    const head = ORDERED.find((p) => startsWith(rest, p.words));
    if (head) {
      acts.push(head.act);
      rest = rest.slice(head.words.length);
    } else if (FILLER.has(rest[0]?.key ?? '')) {
      rest = rest.slice(1);
    } else {
      return undefined;
    }
  }
  return rest.length === 0 && acts.length > 0 ? acts : undefined;
}

/**
 * Peels greetings, thanks and goodbyes off both ends of a message ("hi! how do I enroll?",
 * "what can IT see? thanks"). Acknowledgements, "who are you" and "it didn't work" count only as
 * the whole message: "it didn't work after I typed my password" is a report with detail, and
 * "is iOS 17 ok?" a question.
 */
export function readSmallTalk(text: string): SmallTalkReading {
  const normalised = text.normalize('NFKC');
  const all = tokens(normalised);
  const whole = onlyPhrases(all);
  if (whole) return { acts: whole, rest: '' };
  let list: readonly Token[] = all;
  const acts: SmallTalkAct[] = [];
  for (let guard = 0; guard < 12 && list.length > 0; guard++) {
    const edge = (p: { act: SmallTalkAct }): boolean => EDGE_ACTS.has(p.act);
    const head = ORDERED.find((p) => edge(p) && startsWith(list, p.words));
    if (head) {
      acts.push(head.act);
      list = withoutFiller(list.slice(head.words.length));
      continue;
    }
    const tail = ORDERED.find((p) => edge(p) && endsWith(list, p.words));
    if (tail) {
      acts.push(tail.act);
      list = withoutFiller(list.slice(0, list.length - tail.words.length));
      continue;
    }
    break;
  }
  const rest = onlyPhrases(list);
  if (rest) return { acts: [...acts, ...rest], rest: '' };
  const first = list[0];
  const last = list[list.length - 1];
  if (!first || !last) return { acts, rest: '' };
  // Keep what follows the last word when nothing was peeled off the end ("…enroll?").
  const end = last === all[all.length - 1] ? normalised.length : last.end;
  return { acts, rest: normalised.slice(first.start, end).trim() };
}

/** The act a small-talk reply should answer, most specific first. */
export function mainAct(acts: readonly SmallTalkAct[]): SmallTalkAct | undefined {
  const order: SmallTalkAct[] = [
    'vague-failure',
    'identity',
    'wellbeing',
    'thanks',
    'goodbye',
    'greeting',
    'ack',
  ];
  return order.find((a) => acts.includes(a));
}

/** The words small talk is made of, for the spelling corrector's vocabulary. */
export function smallTalkVocabulary(): string[] {
  return [...new Set(Object.values(PHRASES).flatMap((list) => list.flatMap((p) => p.split(' '))))];
}
