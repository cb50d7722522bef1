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
    'hallo',
    'bonjour',
    'hola',
    'ciao',
    'salut',
    'servus',
    'hello there',
    'hey there',
    // The East Midlands ("Ay up duck!"); Yorkshire's "ey up" is with the wellbeing phrases.
    'ay up',
    'ayup',
    'anyone there',
    'is anyone there',
    'anybody there',
    // "Anybody home?": anyone there.
    'anybody home',
    'anyone home',
    'are you there',
    'you there',
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
    'ta',
    'danke',
    'merci',
    'gracias',
    'grazie',
    'obrigado',
    'obrigada',
    'dank je',
    'tack',
    'arigato',
    'many thanks',
    'that sorted it',
    'thats sorted it',
    'that has sorted it',
    'thats fixed it',
    'that did it',
    'that did the trick',
    'did the trick',
    'did it',
    'sorted',
    'all sorted',
    'that fixed it',
    'that worked',
    'it worked',
    'works now',
    'it works now',
    'all good now',
    'problem solved',
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
    'thank you ever so much',
    'thanks ever so much',
    'i do appreciate it',
    'i really appreciate it',
    'appreciate your help',
    'appreciate your patience',
    'i appreciate your help',
    'i appreciate your patience',
    'i do appreciate your help',
    'i do appreciate your patience',
    'that was helpful',
    'that was really helpful',
    'that was very helpful',
    'that was really very helpful',
    'you helped',
    'you really helped',
    'you have helped',
    'you have really helped',
    'youve really helped',
    'you have been very helpful',
    'you have been a great help',
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
    'ttyl',
    'bye for now',
    'au revoir',
    'tschuss',
    'adios',
    'talk to you later',
    'catch you later',
    'laters',
    'have a good day',
    'have a nice day',
    'have a great day',
    'have a blessed day',
    'have a lovely day',
    'stay blessed',
    'have a good weekend',
    'have a nice weekend',
    'have a great weekend',
    'have a good one',
    'have a good evening',
    'enjoy your day',
    'good night',
    'thats all',
    'that is all',
    'thats it',
    'nothing else',
    'im done',
    'all done',
    'thats me done',
    'thats me done for now',
    'done for now',
    'thats everything',
    'thats everything for now',
    'that is everything',
    'thats all for now',
    'thats it for now',
    'nothing else for now',
    'thats all i needed',
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
    'brilliant',
    'excellent',
    'wonderful',
    'lovely',
    'amazing',
    'fantastic',
    'super',
    'top',
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
  wellbeing: [
    'how are you',
    'how are you doing',
    'hows it going',
    'how is it going',
    'whats up',
    // Asking after the person's day ("How's your day goin?").
    'hows your day going',
    'hows your day been',
    'how is your day going',
    'hows your day',
    'hows your morning going',
    'hows your week going',
    // Yorkshire: "ey up" (hello); checking someone is there.
    'ey up',
    'ey up anyone there',
    'anyone there',
    'is anyone there',
    'hello anyone there',
    // Nigerian English; Sierra Leone and Liberia; Northern Ireland.
    'how far',
    'how the body',
    'how di body',
    'what about ye',
    'bout ye',
    'bout ya',
    // Aberdeen (Doric): "Fit like?", "Foo's yer doos?" (how are you).
    'fit like',
    'foos yer doos',
    'fit like foos yer doos',
    // Wales.
    'whats occurring',
    'alright butt whats occurring',
  ],
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

/** Asking whether a person or a bot is answering, in a short message. */
const IDENTITY =
  /^(you|u|ya) (a |an )(real |actual |live )?(bot|robot|ai|human|person|machine|chatbot)\b(?=.{0,30}$)|\b(are|r) (you|u|yall|ya|ye|yinz|youse|you guys) (a |an )?(real |actual |live )?(bot|robot|ai|human|person|machine|computer|chatbot)\b|\b(real|actual|live) (person|human|people)\b.{0,30}\b(bots?|robots?|ai|machines?|computers?)$|\b(youre|you are|ur) (a |an |just a )?(bot|robot|ai|chatbot|machine)\b|\bis (this|that) (a |an )?(actual |real |live )?(bot|robot|ai|chatbot|real person|person|human)\b|\b(am i|are we) (talking|chatting|speaking) (to|with) (a |an )?(real |actual |live )?(bot|robot|ai|human|person|machine|computer)\b|\b(is|are) (this|that|these|you) (answers? |replies |reply )?(automated|automatic|scripted|generated)\b|\bwho (are|r) (you|u)\b|\bwhat are (you|u)\b|\b(you|u) (are|r) (a |an )?(real |actual |live )?(person|human|bot|robot)( one)? or (a |an )?(bot|robot|ai|machine|person|human)\b|\b(corresponding|communicating|conversing|speaking|talking|chatting) with (a |an )?(member of staff|person|human|colleague|real person)( or (with )?(a |an )?(automated system|bot|machine|program|computer))?\b|\b(with )?an automated (system|assistant|service)\b|\b(you|u) (a |an )?(real|actual|live) (person|human)( or (a |an )?(bot|robot|ai|machine))?\b|\b(real|actual|live) (person|human) or (a |an )?(bot|robot|ai|machine)\b/;

/** Thanks told as what the help did: "you've saved my afternoon", "lifesaver". */
const SAVED_ME =
  /^((you|youve|you have|u) )?(just |really |totally )?(saved (me|my (day|afternoon|morning|evening|life|bacon|week|skin))( today)?|(are |re )?a (lifesaver|life saver|star|legend|hero))$|^(youre|you are) (a )?(lifesaver|life saver|star|legend|hero)$|^lifesaver$/;

/** Well-wishes that open a chat: "hope you're having a good day", "hope all is well". */
const WELL_WISHES =
  /^(i )?hope (youre|you are|ur|u r|your day is|you have|youve had|all is|everything is|things are|this finds you)( having| doing| going| keeping)?( an?)?( (really|very|good|great|nice|lovely|fab|fantastic|well|ok|okay|fine|busy))*( (day|week|morning|afternoon|evening|one|weekend))?( with you| with you all)?( so far| today| there)?$/;

/** "How are you?" and friends, in a short message. */
const WELLBEING =
  /^how ((are|r|is) )?(you|u|ya|ye|yall|yinz|youse|yous|you guys|you all)( doing| doin)?( today| this morning| this evening)?$|^hows it (going|goin)$|^how (una|you|u) dey( o)?$|^(hows|how is|how has) (your|ur|yer|ya) (day|morning|afternoon|evening|week|shift|night)( been)?( (going|goin|treating you|treatin you))?( so far| today)?$|^whats up$|^sup$|^(aye )*(foos|hoos|hows) (du|ye|you|it) (da day|the day|today|gaun|goin|going|gannin|gannen|ganning)$/;

/**
 * Words a bare "it didn't work" is made of. A message of only these, with at least one word of
 * failure, says something failed without saying what: "tried that, same thing", "nah still
 * nothing", "didn't work again".
 */
const FAILURE_WORDS = new Set(
  (
    'it that this didnt doesnt does did not no nope nah work works worked working failed fail ' +
    'dont wont aint ' +
    // Scots and Shetland ("Sam thing again. Tried whit du said an nae luck"), Spanglish ("y nada").
    'sam whit du an nae y nada ' +
    'fails failing broken still again same thing things nothing luck tried try trying error ' +
    'problem issue help helped change changed happened happens happening yet either sadly ' +
    'unfortunately afraid i im ive but and so ugh argh sigh meh hmm damn on my phone iphone ipad ' +
    'device here for me at all what you said do anything its thats working hmm as before earlier ' +
    'last time previously followed steps everything all after told suggested me like just ' +
    'exactly retried redid once more twice already the a list third second fourth time times ' +
    'asking asked this is done step by your yesterday today morning break lunch restart ' +
    'restarted restarting reboot rebooted joy dice go use good ffs ugh bloody flipping still ' +
    'whatsoever result way hasnt hasn havent fixed fix broke sorted solved eh doing of as well ' +
    'first cannot cant can say says tell showed explained idk dunno wrong well shoot right over aint went through whole ' +
    'banjaxed knackered bust kaput wrecked is followed your instructions letter matter remains unresolved ' +
    'persists persisting remain remained refusing refuses refused refuse keeps kept gave every going oo please ' +
    // "nope, no luck. no difference at all"; "no luck boss" (how one addresses the bot).
    'difference different boss chief guv gaffer mate pal buddy'
  ).split(' '),
);
/** At most this many words are read as a failure told without detail. */
const MAX_FAILURE_WORDS = 20;
const FAILURE_CUES = new Set(
  'didnt doesnt dont wont nae nada not no nope nah failed fail fails failing broken broke same nothing hasnt havent cannot cant aint banjaxed knackered bust kaput wrecked unresolved persists remains refusing refuses refused'.split(
    ' ',
  ),
);

/** Going back to what one was doing: "back to the tills", "off to my next meeting", "gotta go". */
const SIGNING_OFF =
  /^((ok|okay|right|anyway|cheers|thanks|ta|great|well) )*((back|off) to (work|it|lunch|the \w+|my \w+( \w+)?)|gotta go|got to go|(im|i am) off|must dash|heading off)( now| then)?$/;

/**
 * Having to leave now, then why, as typed: "ok gotta run, plane's pulling into the gate" (the
 * verb ends its clause: "I have to run the app again?" is another thing).
 */
const MUST_LEAVE =
  /^\W*((ok|okay|right|anyway|cheers|thanks|ta|great|well|sorry)\W+)*(i\s+)?(gotta|got to|have to|need to|must)\s+(run|dash|fly|bolt)(\s+now)?\s*([,.!;:\u2013\u2014-]|$)/i;

/**
 * A failure told in words of which at least half are those a bare "it didn't work" is made of,
 * one of them a word of failure, and the others strangers to the articles ("still cannot work
 * lah"; not "…after I typed my password"). Looser than the whole-message test: for a message the
 * articles find nothing in.
 */
export function toldFailureLoosely(text: string, stranger: Stranger): boolean {
  const keys = tokens(text.normalize('NFKC')).map((t) => t.key);
  if (keys.length === 0 || keys.length > MAX_FAILURE_WORDS) return false;
  const known = keys.filter((k) => FAILURE_WORDS.has(k));
  return (
    2 * known.length >= keys.length &&
    keys.every((k) => FAILURE_WORDS.has(k) || stranger(k)) &&
    keys.some((k) => FAILURE_CUES.has(k))
  );
}

/** The act of a short message that is not a list of phrases, if it is small talk at all. */
function classify(
  list: readonly Token[],
  typed: string,
  stranger?: Stranger,
): SmallTalkAct | undefined {
  if (list.length === 0 || list.length > MAX_FAILURE_WORDS) return undefined;
  const text = list.map((t) => t.key).join(' ');
  // "wait, am I talking to a real person or is this a bot?" runs longer than the others.
  if (IDENTITY.test(text)) return 'identity';
  if (SAVED_ME.test(text)) return 'thanks';
  if (SIGNING_OFF.test(text)) return 'goodbye';
  if (MUST_LEAVE.test(typed) && !typed.includes('?') && list.length <= 12) return 'goodbye';
  if (WELL_WISHES.test(text)) return 'greeting';
  // "Good morning from Singapore": where the greeting comes from.
  if (
    /^(all the way )?from (the )?[a-z]+( [a-z]+)?( office| team| branch| site| depot)?$/.test(text)
  )
    return 'greeting';
  // "I've done everything on the list and it's still broken. This is the third time I'm asking."
  const keys = list.map((t) => t.key);
  // (Not one that asks how to tell whether it worked: "…no error at all. How can I tell if it
  // actually took?"; nor how to get help: "if it keeps failing, how do I get help?")
  if (
    madeOf(keys, (k) => FAILURE_WORDS.has(k), stranger) &&
    keys.some((k) => FAILURE_CUES.has(k)) &&
    !/\bhow (can|do|could|would|will|should) (i|we|you) (tell|know|check|see|verify|find out|get (some )?help|get hold of|contact|reach)\b|\bwho (do|can|should|could) (i|we) (contact|ask|call|ring|talk to|speak to|get hold of|get in touch with|reach|turn to)\b/.test(
      text,
    )
  ) {
    return 'vague-failure';
  }
  return WELLBEING.test(text) ? 'wellbeing' : undefined;
}

/**
 * The words thanks, goodbyes and "all sorted" are made of, by act ("filler" only pads them).
 * People put the same few words in many orders ("cheers, that's it sorted now, much obliged",
 * "right that's me away, ta-ra", "legend, thanks heaps"): a short message that asks nothing and is
 * made only of these words, one at least saying what it does, is that small talk.
 */
const CHAT_WORDS: ChatWords = {
  greeting:
    'hi hello hey hiya heya howdy gday kia ora morning afternoon bore da shwmae wagwan wagwaan gwaan gwan howzit bongu bonġu bula vinaka talofa ' +
    'salam salaam salaams alaikum alaykum aleikum assalamu ' +
    // Cornwall ("Wasson!"), Hawaii ("Howzit brah", "aloha"), Dublin ("Howaya").
    'wasson aloha howaya howya ayup eyup',
  thanks:
    'thanks thank thx ty ta cheers obliged legend star hero lifesaver champ appreciated ' +
    'appreciate grateful kind chur salamat diolch',
  goodbye:
    'bye byee tara ra tata cya later laters cheerio goodnight night away off weekend tomorrow ' +
    'soon care ka kite evening hwyl',
  ack:
    'sorted fixed solved resolved working works worked great brilliant brill perfect cool nice ' +
    'awesome grand lovely ace magic fab fantastic excellent champion sweet sound ok okay okey ' +
    'gotcha understood noted sharp lekker treat alright boss sort sorts out real',
  filler:
    'that thats it its is now all me im i am right so well the a an you your youre for very million ' +
    'really just much heaps tons loads lots again mate pal buddy bro bru bra boet dude guys folks ' +
    'and oh yeah yes ' +
    'yep all good have nice one see speak chat catch take was totally fully done there ' +
    'back to work shift go got gotta must dash be been this much as po team everyone today yn fawr ' +
    'tonight help day la lad lads butt butty wah wa bot by some bab o duck me pet hinny boss chief ' +
    // Back to the work in hand: "gotta get back on the phones", "back on the floor".
    'get on phones floor calls',
};
/** At most this many words are read as small talk made of chat words (here and in the others). */
export const MAX_CHAT_WORDS = 16;

/** Words of small talk by act ("filler" only pads them), as space-separated lists. */
export type ChatWords = Readonly<Partial<Record<SmallTalkAct | 'filler', string>>>;

/** Each word of a {@link ChatWords} table with its act. */
export function chatLexicon(table: ChatWords): ReadonlyMap<string, SmallTalkAct | 'filler'> {
  return new Map(
    Object.entries(table).flatMap(([act, words]) =>
      words.split(' ').map((w) => [w, act as SmallTalkAct | 'filler'] as const),
    ),
  );
}

/**
 * Tells whether a word is a stranger that small talk may carry: an interjection or a word of
 * dialect ("lah", "bacán", "fada") that means nothing to the articles.
 */
export type Stranger = (word: string) => boolean;

/**
 * True when the words are all `known`, or when, besides two known words at least, at most one in
 * three is a {@link Stranger} ("ok noted lah, bye bye", "listo, funcionó al tiro").
 */
export function madeOf(
  words: readonly string[],
  known: (word: string) => boolean,
  stranger?: Stranger,
): boolean {
  const unknown = words.filter((w) => !known(w));
  if (unknown.length === 0) return true;
  return (
    stranger !== undefined &&
    words.length - unknown.length >= 2 &&
    unknown.length <= Math.floor(words.length / 3) &&
    unknown.every(stranger)
  );
}

/**
 * The acts of a run of words made of the lexicon's ({@link madeOf}; "filler" among them), or
 * undefined when it is not: the caller picks the act that leads.
 */
export function chatActs(
  words: readonly string[],
  lexicon: ReadonlyMap<string, SmallTalkAct | 'filler'>,
  stranger?: Stranger,
): (SmallTalkAct | 'filler')[] | undefined {
  if (!madeOf(words, (w) => lexicon.has(w), stranger)) return undefined;
  return words.flatMap((w) => lexicon.get(w) ?? []);
}

let englishChat: ReadonlyMap<string, SmallTalkAct | 'filler'> | undefined;

/** The act of a short message made only of {@link CHAT_WORDS}, if it is one. */
function chatWordsAct(list: readonly Token[], stranger?: Stranger): SmallTalkAct | undefined {
  englishChat ??= chatLexicon(CHAT_WORDS);
  if (list.length === 0 || list.length > MAX_CHAT_WORDS) return undefined;
  const acts = chatActs(
    list.map((t) => t.key),
    englishChat,
    stranger,
  );
  return acts && mainAct(acts.filter((a): a is SmallTalkAct => a !== 'filler'));
}

/** Words that only pad a pleasantry ("thanks *so much*", "hi *there bot*"). */
const FILLER = new Set(
  (
    'there bot all everyone guys folks team mate again so much very a lot just please pls plz ' +
    'zusammen beaucoup mucho muchas tout le monde ' +
    'and oh well um uh hmm then anyway again really for your help the info that this it right o'
  ).split(' '),
);

/** Words by which a phrase of thanks tells how it went ("it worked", "that did it", "sorted"). */
const TELLS_RESULT = new Set('worked works did helped helps fixed sorted solved'.split(' '));

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
    // "heyyy" is "hey", "thanksss" is "thanks".
    key: m[0]
      .toLowerCase()
      .replace(/['’]/g, '')
      .replace(/(\p{L})\1{2,}/gu, '$1'),
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
 * "is iOS 17 ok?" a question. With `stranger`, a message of small talk may carry a word of its
 * own ("ok noted lah, bye bye"; see {@link madeOf}).
 */
export function readSmallTalk(text: string, stranger?: Stranger): SmallTalkReading {
  const normalised = text.normalize('NFKC');
  const all = tokens(normalised);
  const whole = onlyPhrases(all);
  if (whole) return { acts: whole, rest: '' };
  const wholeAct =
    classify(all, normalised, stranger) ??
    (/\?/.test(normalised) ? undefined : chatWordsAct(all, stranger));
  if (wholeAct) return { acts: [wholeAct], rest: '' };
  let list: readonly Token[] = all;
  const acts: SmallTalkAct[] = [];
  for (let guard = 0; guard < 12 && list.length > 0; guard++) {
    const edge = (p: { act: SmallTalkAct }): boolean => EDGE_ACTS.has(p.act);
    // "What's up, how do I enroll my phone?", "Fit like, …": asking after the person opens the
    // message too, when a mark sets it apart from what follows.
    const setApart = (p: { words: string[] }): boolean => {
      const end = list[p.words.length - 1]?.end;
      const next = list[p.words.length]?.start;
      return (
        end !== undefined && next !== undefined && /[,.!?;:–—-]/u.test(normalised.slice(end, next))
      );
    };
    const head = ORDERED.find(
      (p) => (edge(p) || (p.act === 'wellbeing' && setApart(p))) && startsWith(list, p.words),
    );
    if (head) {
      acts.push(head.act);
      list = withoutFiller(list.slice(head.words.length));
      continue;
    }
    const tail = ORDERED.find(
      (p) =>
        edge(p) &&
        endsWith(list, p.words) &&
        // "it worked", "that did it" end a question too ("how do I check that it worked?"):
        // thanks only as a sentence of their own.
        (!p.words.some((w) => TELLS_RESULT.has(w)) ||
          p.words.length === list.length ||
          /[,.!?;:\n–—-]/u.test(
            normalised.slice(
              list[list.length - p.words.length - 1]?.end ?? 0,
              list[list.length - p.words.length]?.start ?? 0,
            ),
          )),
    );
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
  const act = classify(
    list,
    first && last ? normalised.slice(first.start, last.end) : '',
    stranger,
  );
  if (act) return { acts: [...acts, act], rest: '' };
  if (!first || !last) return { acts, rest: '' };
  // Keep what follows the last word when nothing was peeled off the end ("…enroll?").
  const end = last === all[all.length - 1] ? normalised.length : last.end;
  return { acts, rest: normalised.slice(first.start, end).trim() };
}

/**
 * Any small talk a message carries among other words ("Perfect, that did it. Thanks a bunch,
 * eh!"), and the message without it: the acts of its pieces (split at punctuation) read as
 * small talk, and of the words of greeting, thanks or goodbye the articles never use. Undefined
 * when it carries none. The caller decides whether the rest says anything.
 */
export function someSmallTalk(
  text: string,
  stranger: Stranger,
): { act: SmallTalkAct; rest: string } | undefined {
  // Small talk at the message's edges first ("Good morning y'all! hope everybody's…").
  const edges = readSmallTalk(text, stranger);
  const leading = mainAct(edges.acts);
  if (leading) return { act: leading, rest: edges.rest };
  englishChat ??= chatLexicon(CHAT_WORDS);
  const lexicon = englishChat;
  const acts: SmallTalkAct[] = [];
  const rest = text
    .normalize('NFKC')
    .split(/[,.!?;:]+/u)
    .map((p) => p.trim())
    .filter(Boolean)
    .flatMap((piece) => {
      const read = readSmallTalk(piece, stranger);
      acts.push(...read.acts);
      const left = tokens(read.rest).filter((t) => {
        const act = lexicon.get(t.key);
        if (
          act === undefined ||
          act === 'filler' ||
          act === 'ack' ||
          PHRASE_ONLY.has(t.key) ||
          !stranger(t.key)
        )
          return true;
        acts.push(act);
        return false;
      });
      return left.length > 0 ? [left.map((t) => t.key).join(' ')] : [];
    });
  const act = mainAct(acts);
  return act ? { act, rest: rest.join(', ') } : undefined;
}

/**
 * Words of small talk only within a phrase or a message of small talk ("I'm off", "see you
 * tomorrow", "take care", "morning!"): among other words, "kicking me off", "off work for Derby
 * Friday", "this morning" say nothing of the kind.
 */
const PHRASE_ONLY: ReadonlySet<string> = new Set(
  'off away weekend tomorrow soon care evening night later morning afternoon ra ka kite star hero legend champ kind appreciate grateful'.split(
    ' ',
  ),
);

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
  return [
    ...new Set([
      ...Object.values(PHRASES).flatMap((list) => list.flatMap((p) => p.split(' '))),
      ...FAILURE_WORDS,
      ...Object.values(CHAT_WORDS).flatMap((list) => list.split(' ')),
      'bot',
      'robot',
      'human',
      'person',
    ]),
  ];
}
