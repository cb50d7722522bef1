/**
 * Reads a whole message the way a person would: small talk around it, typos in it, two
 * questions in one, or one question buried in a long story. Framework-free: the flow decides
 * what to send from the reading.
 */
import type { Language } from '../i18n/languages';

import type { Article } from './articles';
import { findErrorText, findOwnership, isQuotedIn } from './device-info';
import { englishWords } from './english-words';
import { guideArticleFor } from './guide-plan';
import { asksBuyingAdvice } from './knowledge-base';
import type { KnowledgeAnswer, KnowledgeBase, SearchHit } from './knowledge-base';
import { meaningfulTerms, normaliseText } from './normalise';
import {
  asksOtherHalf,
  distinctTopics,
  isProblem,
  MAX_PARTS,
  namesOutOfScope,
  specificOnScreen,
  topicOf,
  type MessageReading,
  type ReadPart,
} from './reading';
import { splitMessage, type MessagePart } from './segment';
import { mainAct, readSmallTalk, someSmallTalk, toldFailureLoosely } from './small-talk';
import { words } from './spelling';
import {
  readOtherLanguage,
  someSmallTalkIn,
  strangerTo,
  toldFailureLooselyIn,
  wordsOf,
} from './understand-other';

/** Asking to go one step at a time. */
const STEPWISE = 'step by step|bit by bit|one step at a time';
/** Asking to be helped all along. */
const HAND_HOLDING = 'hold my hand|hand[ -]?holding';
/** Asking to be taken through it. */
const TAKE_ME = '(walk|guide|take|talk|carry) (me|us)';

/** Asking to be taken through it one step at a time. */
const ASKS_STEPWISE = new RegExp(
  String.raw`\b(${STEPWISE}|${HAND_HOLDING}|(walk|talk|carry) me through( it)?)\b`,
);
/** Words of asking how to enroll, beside an enrollment action. */
const ASKS_HOW = new RegExp(
  String.raw`\b(how|steps?|guide|guided|${TAKE_ME}|(walked|talked|taken) through|${HAND_HOLDING}|help me|want to|need to|like to|start|begin|let me|process|instructions|show me|get started|ready|what (do|should|must) i do)\b`,
);
/** Words of a request to be guided. */
const ASKS_TO_BE_GUIDED = new RegExp(
  String.raw`\b(i need to|i want to|id like to|i would like to|(i need|i want|id like|i would like) (some )?help|help me|${TAKE_ME}|${HAND_HOLDING}|(can|could) (you|ye|u)|please|pls|lets|ready to|show me|${STEPWISE})\b|^\W*(start|begin)\b`,
);

/**
 * True when the message asks to be taken through enrollment ("how do I enroll my iPad?",
 * "set up my phone for work", "enroll"), not when it reports a failure or asks about removal.
 */
export function isEnrollIntent(text: string): boolean {
  // "once it's set up", "after I'm enrolled": a state, not a request to be guided.
  // Words quoted from the screen ("'would like to install' pop-ups") are not the person's own.
  const own = text.replace(
    /(^|\s)(['‘][^'‘’]{2,80}['’]|"[^"]{2,80}"|“[^”]{2,80}”)(?=[\s,.!?;:]|$)/gu,
    '$1 ',
  );
  const t = withoutDoOneThing(normaliseText(own))
    .replace(
      /\b(before|after|once|since|until) (enrolling|registering|setting up|signing up|enrollment|the enrollment|registration)\b/g,
      ' ',
    )
    .replace(
      /\b(its|it is|is|was|been|once|after|when|gets?|got|im|i am|are) (set ?up|enroll(ed)?|registered)\b/g,
      ' ',
    )
    // "…as I have no wish to make an error": a worry, not a failure.
    .replace(/\b(make|making|made) (an? |no |any )?(error|mistake)s?\b/g, ' ')
    // "Before I enrol I need to create…", "after I register my iPhone": when, not a request.
    .replace(
      /\b(before|after|once|when|until) (i|we|you) (enroll|register|set ?up|sign up)\w*\b/g,
      ' ',
    );
  // "I want to know if the company will see my IMEI after I register": asks to know something.
  // ("…before I go ahead with enrolling, I need to understand if my company can see…")
  if (
    /\b(i|id) (want|wanted|would like|like|need|needed) to (know|understand|be sure|find out)\b/.test(
      t,
    )
  )
    return false;
  // "I want to enroll both my iPhone and my iPad, is it allowed?": asks whether, not how.
  if (/\b(is|would) (it|that|this) (be )?(allowed|permitted|ok|okay|possible)\b/.test(t))
    return false;
  // "Can I still enroll it?", "is it even possible to enroll this one?": asks whether, not how.
  if (
    /\b(can|could) (i|we|it|this|you|they) (still|even|actually|ever) (be )?(enroll|register)\w*|\b(is it|it is|would it be) (still |even )?possible to (still )?(enroll|register)\w*/.test(
      t,
    )
  )
    return false;
  if (
    /\b(unenroll\w*|reenroll\w*|remove|removing|authenticatorremoved|leave|delete|uninstall|erase|again|from scratch|start over|all over)\b|\b(do|doing|redo)( \w+){1,4} over\b(?=( (on|with|for|from|again)\b)|\W*$)/.test(
      t,
    )
  )
    return false;
  // "List all the steps", "print them": the written steps (the article), not the walk-through.
  if (/\b(list|print|printable|written|write down|send me|document|pdf)\b/.test(t)) return false;
  // A question about something on the way ("what's the minimum version I need to enroll?",
  // "why do I have to enroll?") asks that, not to be walked through; "what do I do to enroll?"
  // and "what are the steps?" do ask for the walk-through.
  if (
    /^\W*((and|also|plus|oh|btw|so|ok|okay|then|quick (one|question|q)|one (quick )?question|random question)\W+)*(what|whats|which|when|why|where|who|whose)\b/.test(
      t,
    ) &&
    !/\b(steps?|do i (do|start|begin)|process|walk|guide)\b/.test(t)
  ) {
    return false;
  }
  // "How does enrolling through that link work?": how it works, not to be walked through it.
  if (
    /\bhow (does|do|will|would) (enrolling|enrollment|registering|registration|it|this|that)\b.{0,40}\bwork\b/.test(
      t,
    )
  ) {
    return false;
  }
  if (
    /\b(fail|failed|fails|failing|error|errors|problem|issue|stuck|cant|cannot|not working|isnt working|doesnt|didnt|wont|invalid|denied|worked|went through|(keeps?|kept) (say|show|tell|giv|pop|com)\w*)\b/.test(
      t,
    )
  ) {
    return false;
  }
  // "step by step pls, never done this before": in a chat about enrolling, asking to be taken
  // through it one step at a time, with nothing else asked, is asking to enroll.
  if (
    ASKS_STEPWISE.test(t) &&
    // (Longer when it leads, "step by step pls, first time doing this and I don't trust
    // myself", or when it asks to be guided: "Please you can guide me step by step to put my
    // iPhone for work? I am not so good with phone".)
    t.split(/\s+/).filter(Boolean).length <=
      (/^\W*(step by step|one step at a time)\b/.test(t)
        ? 18
        : /\b(guide|walk|take|talk|carry|show|help) me\b|\b(go|run|walk) (through|thru) it\b/.test(
              t,
            )
          ? 24
          : 12) &&
    !/^\W*(what|whats|which|when|why|where|who|whose|how)\b/.test(t)
  ) {
    return true;
  }
  const action =
    /\b(enroll|enrolling|set ?up|setting up|register|onboard|sign up|(put|get|add) (my |the |this )?(own |personal )?(phone|iphone|ipad|device) (on|onto|into) (the )?(work|office|company) (system|network|setup)|(put|get) (my |the |this )?(own |personal )?(phone|iphone|ipad|device) on for work|(start|begin) (the )?enrollment|enrollment (steps|instructions|guide|process)|get(ting)? (my |the |this )?(\w+ )?enrolled|(walk|guide|take|talk|carry) (me|us) through|(walk|guide|take|talk|carry|help|assist) (me|us) (for|with|on|in|thru) (the |my |this |an? )?(enrollment|registration|setup|set ?up|enrolling|registering)|(walked|talked|taken|guided) through|guided (setup|enrollment)|(do|doing|complete|completing|with|through) (the |my |this |that )?(whole |entire )?enrollment)\b/.test(
      t,
    ) || GOES_THROUGH_WITH.test(t);
  if (!action) return false;
  const words = t.split(/\s+/).filter(Boolean);
  if (
    words.length <= 5 ||
    /^(please |pls |can you |could you )?(enroll|set ?up|register)\b/.test(t.trim())
  ) {
    return true;
  }
  // "help us set it up like, go through it with us": asked to be taken through it.
  return ASKS_HOW.test(t) || GOES_THROUGH_WITH.test(t);
}

/** Asking someone to go through it with one ("go through it with us"). */
const GOES_THROUGH_WITH =
  /\b(go|run|walk|work) (through|thru) (it|this|that|the (enrollment|setup|steps)) with (me|us)\b/;

/** "do one thing, take me through…" (Indian English: "here is what to do"): no question. */
function withoutDoOneThing(text: string): string {
  return text.replace(/^\W*do one thing\b\W*/, '');
}

/**
 * True when the message asks to be taken through enrollment, not merely mentions it: "I need to
 * enroll my personal phone, help pls", "can you walk me through setting up my phone?". Such a
 * request starts the guide even when an article would also match.
 */
export function isGuideRequest(text: string): boolean {
  const t = withoutDoOneThing(normaliseText(text));
  // A question about something ("what's the minimum version I need to enroll?") is no request.
  if (
    // ("Would you kindly take me through…" asks the bot to do it: a request.)
    /^\W*(what|whats|which|when|why|where|who|whose|is|are|does|do|will(?! you)|would(?! you)|should)\b/.test(
      t,
    )
  ) {
    return false;
  }
  return isEnrollIntent(text) && ASKS_TO_BE_GUIDED.test(t);
}

export type { MessageReading, ReadPart } from './reading';

function readPart(kb: KnowledgeBase, text: string): ReadPart {
  // "And afterwards how do I know it worked?" is searched as "how do I know it worked?": the
  // words that join it to the part before say nothing about its subject.
  const own = text.replace(LEAD_FILLER, '') || text;
  return { text, enroll: isEnrollIntent(kb.correct(own).text), answer: kb.answer(own) };
}

/** Words that join a part to the one before it ("and", "also", "afterwards", "btw"). */
const LEAD_FILLER =
  /^\W*(?:(?:and|but|also|plus|so|then|afterwards|after that|later|btw|by the way|oh|ok|okay|well|one more thing)\b[\s,:;-]*)+/i;

/**
 * Reads a message: small talk is answered as such; a message with several questions gets each
 * answered when each has a clear answer; a long message with one clear question is answered on
 * that question; otherwise the whole message is what the knowledge base decides on.
 */
export function readMessage(
  kb: KnowledgeBase,
  text: string,
  /** The language the message is in, when the knowledge base is not (no translation yet). */
  lang: Language = kb.text.lang,
): MessageReading {
  if (lang !== kb.text.lang && lang !== 'en') return readOtherLanguage(kb, text, lang);
  // Readings are memoised per knowledge base (bounded, least recently used out): the articles
  // never change while it lives, and people send the same few messages over and over.
  if (kb.memoSize === 0) return settled(kb, readFresh(kb, text));
  let memo = readings.get(kb);
  if (!memo) {
    memo = new Map();
    readings.set(kb, memo);
  }
  const hit = memo.get(text);
  if (hit) {
    memo.delete(text);
    memo.set(text, hit);
    return hit;
  }
  const reading = settled(kb, readFresh(kb, text));
  memo.set(text, reading);
  if (memo.size > READING_MEMO) {
    const oldest = memo.keys().next().value;
    if (oldest !== undefined) memo.delete(oldest);
  }
  return reading;
}

/**
 * A message read as one question the knowledge base is not sure of: the closest ways of asking
 * may settle it (`KnowledgeBase.settle`). A request to be guided stays one.
 */
function settled(kb: KnowledgeBase, reading: MessageReading): MessageReading {
  if (reading.kind !== 'one' || reading.part.enroll || reading.part.answer.kind !== 'unsure') {
    return reading;
  }
  const answer = kb.settle(reading.part.text, reading.part.answer);
  return answer === reading.part.answer
    ? reading
    : { ...reading, part: { ...reading.part, answer } };
}

/** How many readings are memoised per knowledge base. */
const READING_MEMO = 2000;
const readings = new WeakMap<KnowledgeBase, Map<string, MessageReading>>();

function readFresh(kb: KnowledgeBase, text: string): MessageReading {
  const reading = kb.text.lang === 'en' ? readEnglish(kb, text) : readOtherLanguage(kb, text);
  return forItsOwner(kb, text, aboutLink(kb, text, chatWhenWeak(kb, text, reading)));
}

/** Guide setups for a device its user owns. */
const PERSONAL_SETUPS: ReadonlySet<string> = new Set(['accountDrivenUserEnrollment', 'userChoice']);

/**
 * Steps written only for a person's own device: a personal guide's, or an article for no method
 * but user enrollment (the old Company Portal way, which only personal devices used).
 */
function forPersonalDevice(article: Article): boolean {
  if (article.guide) return PERSONAL_SETUPS.has(article.guide);
  const { methods } = article.appliesTo;
  return article.category !== 'troubleshooting' && methods.every((m) => m === 'user');
}

/**
 * A question about setting up a device the organisation owns ("the company bought these iPads;
 * how do we enroll them with Company Portal?") that reads as the steps for a personal device is
 * answered with the steps for an organisation's device, asked to be walked through or not. The owner is the part's own (several
 * questions), or the message's (one question). Where one message asks about two devices with two
 * owners ("How do I enroll the company iPad? And my own iPhone, same process?"), the question
 * about the person's own one that reads as the organisation's steps gets the personal steps.
 */
function forItsOwner(kb: KnowledgeBase, text: string, reading: MessageReading): MessageReading {
  if (reading.kind === 'small-talk') return reading;
  const parts = reading.kind === 'one' ? [reading.part] : reading.parts;
  const company = guideArticleFor(kb.all(), 'device');
  const personal = guideArticleFor(kb.all(), 'accountDrivenUserEnrollment');
  if (!company || !personal) return reading;
  // Who owns the device is read only when an answer is steps for one owner or the other.
  const steps = (p: ReadPart): boolean =>
    p.answer.kind === 'answer' &&
    (forPersonalDevice(p.answer.hit.article) || p.answer.hit.article.id === company.id);
  if (!parts.some(steps)) return reading;
  const owners = parts.map((p) => findOwnership(reading.kind === 'one' ? text : p.text));
  const both = owners.includes('company') && owners.includes('personal');
  const swap = (part: ReadPart, i: number): ReadPart => {
    const { answer } = part;
    if (answer.kind !== 'answer') return part;
    const { article } = answer.hit;
    const to =
      owners[i] === 'company' && forPersonalDevice(article)
        ? company
        : both && owners[i] === 'personal' && article.id === company.id
          ? personal
          : undefined;
    return to ? { ...part, answer: { ...answer, hit: { ...answer.hit, article: to } } } : part;
  };
  if (reading.kind === 'one') {
    const part = swap(reading.part, 0);
    return part === reading.part ? reading : { ...reading, part };
  }
  const swapped = parts.map(swap);
  return swapped.every((p, i) => p === parts[i]) ? reading : { kind: 'several', parts: swapped };
}

/** A web address as pasted: host and path ("portal.manage.microsoft.com/enrollment/…/ios"). */
const WEB_ADDRESS =
  /(?<![\p{L}\p{N}@.])(?:https?:\/\/)?((?:[a-z0-9-]+\.)+[a-z]{2,}(?:\/[^\s"'»“”)\]]*)?)/giu;

/**
 * What every address with a path holds (its host's last label and the slash: ".com/"), a cheap
 * first check before {@link WEB_ADDRESS}: most messages hold "." or "/" but no such address.
 */
const MAY_HOLD_LINK = /\.[a-z]{2,}\//i;

/** {@link WEB_ADDRESS}, for a test (no `g`: a test leaves no state behind). */
const HAS_WEB_ADDRESS = new RegExp(WEB_ADDRESS.source, 'iu');

/** Words that point back at what the message told (the link): "it", "ce lien", "eso", "それ". */
const POINTS_AT_IT: Readonly<Record<Language, RegExp>> = {
  // (Not "IT", the department.)
  en: /\b([Ii]t|[Tt]hat|[Tt]his|the link|this link)\b/,
  de: /\b(das|des|dat|der link|den link|dem link|diese[nmr]? link|es)\b/i,
  fr: /(?<![\p{L}])(ce lien|le lien|ça|ca|cela|ce|il)(?![\p{L}])/iu,
  es: /(?<![\p{L}])(eso|esto|ese enlace|el enlace|ese link|el link|este enlace|este link)(?![\p{L}])/iu,
  ja: /(それ|これ|このリンク|そのリンク)/,
};

/**
 * "once it's done", "when that's finished": the enrolling, not the link pointed at ("Also which
 * app should I sign into first once it's done?" asks its own question).
 */
const ONCE_DONE =
  /\b(once|when|after|until|till) (it|that|this)(['’]s| is| has| has been| was)? (all )?(done|finished|over|complete|completed|through|set up)\b/gi;

/**
 * The article a web address pasted in the message names: the one that alone holds the whole
 * address, or, where two share its host ("portal.manage.microsoft.com"), the one its path names.
 */
function linkedArticle(kb: KnowledgeBase, text: string): SearchHit | undefined {
  for (const [, address] of text.matchAll(WEB_ADDRESS)) {
    if (address === undefined || !address.includes('/')) continue;
    const [top, next] = kb.search(address, 2);
    if (!top || top.coverage < 1) continue;
    if (!next || next.coverage < 1) return top;
    const path = address.slice(address.indexOf('/') + 1).replace(/\/+$/, '');
    if (path === '') continue;
    const [byPath, other] = kb.search(path, 2);
    if (
      byPath?.article.id === top.article.id &&
      byPath.coverage >= 1 &&
      !(other && other.coverage >= 1)
    )
      return top;
  }
  return undefined;
}

/**
 * A message with a link that names an article ("IT sent me portal.manage.microsoft.com/enrollment/
 * webenrollment/ios … how does it work?") asks about that link: each of its questions that points
 * back at it, quotes it, or has no clear answer of its own is answered by that article.
 * (Not a request to be guided, nor a question about something the bot does not cover.)
 */
function aboutLink(kb: KnowledgeBase, text: string, reading: MessageReading): MessageReading {
  if (reading.kind === 'small-talk' || !MAY_HOLD_LINK.test(text)) return reading;
  const linked = linkedArticle(kb, text);
  if (!linked) return reading;
  const pointsAt = POINTS_AT_IT[kb.text.lang];
  const parts = reading.kind === 'one' ? [reading.part] : reading.parts;
  // (Nor a question answered by a problem, or by an article the linked one names as related:
  // "…it said the profile was downloaded … Where has it gone?" is about that step.)
  const keeps = (p: ReadPart): boolean =>
    p.answer.kind === 'answer' &&
    (isProblem(p) || linked.article.related.includes(p.answer.hit.article.id));
  const read = parts.map((p): ReadPart =>
    p.enroll ||
    p.answer.kind === 'out-of-scope' ||
    keeps(p) ||
    !(
      p.answer.kind !== 'answer' ||
      pointsAt.test(p.text.replace(ONCE_DONE, ' ')) ||
      HAS_WEB_ADDRESS.test(p.text)
    )
      ? p
      : { ...p, answer: { kind: 'answer', hit: linked, alternatives: [] } },
  );
  const distinct = distinctTopics(read);
  if (distinct.length === 1 && distinct[0])
    return { kind: 'one', part: distinct[0], greeted: reading.kind === 'one' && reading.greeted };
  return { kind: 'several', parts: distinct };
}

/** The out-of-scope topic of chat about anything (the weather, a joke, "have a blessed day"). */
const CHAT_TOPIC = 'general-chat';

/** An answer that matched less than this share of a message's words is a weak one. */
const WEAK_COVERAGE = 0.4;

/** At most this many words make a message short enough to be small talk with words of its own. */
const CHAT_WORDS_AT_MOST = 15;

/**
 * A short message that carries small talk ("Good morning y'all! hope everybody's having a good
 * Monday", "merci gavé, t'es au top") is that small talk when its other words name nothing the
 * articles answer: the message, or what is left of it without the small talk, is read as outside
 * the bot's subject with no topic or as chat about anything, or with no clear answer (nothing, or
 * a match on a small share of its words). Likewise a failure told loosely ("still cannot work
 * lah"). (Not a request to be guided, nor a question about another subject the bot knows it does
 * not cover.)
 */
function chatWhenWeak(kb: KnowledgeBase, text: string, reading: MessageReading): MessageReading {
  const parts =
    reading.kind === 'one' ? [reading.part] : reading.kind === 'several' ? reading.parts : [];
  if (parts.length === 0 || parts.some((p) => p.enroll)) return reading;
  const lang = kb.text.lang;
  if (wordsOf(lang, text) > CHAT_WORDS_AT_MOST) return reading;
  const weak = (answer: KnowledgeAnswer): boolean =>
    answer.kind === 'empty' ||
    answer.kind === 'unsure' ||
    (answer.kind === 'answer' && answer.hit.coverage < WEAK_COVERAGE) ||
    (answer.kind === 'out-of-scope' &&
      (answer.topic === undefined || answer.topicId === CHAT_TOPIC) &&
      !answer.platform);
  // (A question asks without its mark too: "how do i put in for time off over march break".)
  const asks =
    /[?？]/u.test(text) ||
    (lang === 'en' && /^\W*(how|what|where|when|why|which|who)\b/i.test(text));
  const stranger = strangerTo(kb);
  const corrected = lang === 'en' ? kb.correct(text).text : text;
  // "still cannot work lah", "geht imma noch nich ey": a failure told without detail. (Not one
  // that quotes what the screen says: that is the detail.)
  if (
    reading.kind === 'one' &&
    weak(reading.part.answer) &&
    !asks &&
    findErrorText(text) === undefined &&
    !/[「"“«„]/u.test(text) &&
    (lang === 'en'
      ? toldFailureLoosely(corrected, stranger)
      : toldFailureLooselyIn(lang, text, stranger))
  ) {
    return { kind: 'small-talk', act: 'vague-failure' };
  }
  const talk =
    lang === 'en' ? someSmallTalk(corrected, stranger) : someSmallTalkIn(lang, text, stranger);
  // A message that asks something asks it, unless what it asks is small talk too ("how are you?").
  if (!talk || (asks && talk.act !== 'wellbeing' && talk.act !== 'identity')) return reading;
  // "same ting again bye": the failure told beside a goodbye is what to answer.
  // (In English: "Pues nada, gracias, hasta luego" is no failure told.)
  const failed =
    lang === 'en' && talk.rest !== '' && !asks && toldFailureLoosely(talk.rest, stranger);
  return parts.every((p) => weak(p.answer)) || weak(kb.answer(talk.rest))
    ? { kind: 'small-talk', act: failed ? 'vague-failure' : talk.act }
    : reading;
}

/** At most this many words of another tongue are read as part of the small talk beside them. */
const MAX_FOREIGN_WORDS = 3;

/**
 * True when a text is a few words that no English dictionary knows and no article uses: a
 * greeting in another tongue, a name ("Moghrey mie", "Kia ora").
 */
function foreignOnly(kb: KnowledgeBase, text: string): boolean {
  const list = words(text);
  const english = englishWords();
  return (
    list.length > 0 &&
    list.length <= MAX_FOREIGN_WORDS &&
    list.every((w) => !english.has(w) && !kb.uses(w))
  );
}

function readEnglish(kb: KnowledgeBase, text: string): MessageReading {
  // Typos corrected first, so "thnaks" is thanks and "hlep me enrol" a request to enroll.
  const talk = readSmallTalk(kb.correct(text).text, strangerTo(kb));
  const act = mainAct(talk.acts);
  // Small talk and a leftover that says nothing ("that's sorted it, thanks a lot!": "that's"),
  // or only words of another tongue ("Moghrey mie! Anyone there?": good morning in Manx).
  if (
    act &&
    (talk.rest === '' ||
      (meaningfulTerms(talk.rest).length === 0 && !/\d/.test(talk.rest)) ||
      foreignOnly(kb, talk.rest))
  ) {
    // ("same ting again bye": the failure told beside the goodbye is what to answer.)
    const failed =
      talk.rest !== '' && !/[?]/.test(talk.rest) && toldFailureLoosely(talk.rest, strangerTo(kb));
    return { kind: 'small-talk', act: failed ? 'vague-failure' : act };
  }
  const body = talk.rest || text;
  const greeted = talk.acts.length > 0;
  // The whole message is read only when needed: for a long story it is the costliest search.
  let wholeRead: ReadPart | undefined;
  const whole = (): ReadPart => (wholeRead ??= readPart(kb, body));
  // The message on screen, when quoted, is the best clue to what the person is asking about.
  // (Not words that tell no problem: "me marra says his went through fine".)
  const found = findErrorText(body);
  const quoted = found !== undefined && !NO_PROBLEM_YET.test(found) ? found : undefined;
  // Quoted between quote marks, not only after "it says": the person copied it from the screen.
  const inQuotes = quoted !== undefined && isQuotedIn(body, quoted);
  const pieces = splitMessage(body);
  const onScreen = quoted
    ? toldOnScreen(
        kb,
        specificOnScreen(
          kb,
          readPart(kb, quoted),
          pieces,
          quoted,
          (t) => meaningfulTerms(t).length,
        ),
        inQuotes ? undefined : pieces.find((p) => p.text.includes(quoted))?.text,
      )
    : undefined;
  // The whole message as one question. The quoted message is more specific than the words
  // around it, unless those are about something the bot does not cover ("the printer keeps
  // showing error 13.B2").
  const asOne = (): ReadPart => {
    const problem =
      onScreen &&
      whole().answer.kind !== 'out-of-scope' &&
      (isProblem(onScreen) || (topicOf(whole()) === undefined && topicOf(onScreen)))
        ? onScreen
        : whole();
    return { ...problem, text: body };
  };
  if (pieces.length < 2) return { kind: 'one', part: asOne(), greeted };
  // Which phone to buy, asked over two sentences ("Which iPhone should I get? The 16 or the
  // 17?"): the bot gives no buying advice, whatever each sentence alone reads as.
  if (asksBuyingAdvice(body) && whole().answer.kind === 'out-of-scope') {
    return { kind: 'one', part: whole(), greeted };
  }

  // A story (a long message) is answered on what it asks: its sentences ending in "?" when it
  // has any, and never on the problems it mentions along the way.
  const story = pieces.length >= 4 || words(body).length > 60;
  const anyMarked = pieces.some((p) => p.marked);
  // (And its last sentence, when that asks in its words without a mark: "Please can you tell me
  // what is this error.")
  const last = pieces[pieces.length - 1];
  const isAsked = (p: MessagePart): boolean =>
    story && anyMarked ? p.marked || (p === last && p.question) : p.question;
  const asks = pieces.some(isAsked);
  let askedOutOfScope: boolean | undefined;
  const outOfScopeAsked = (): boolean =>
    (askedOutOfScope ??= pieces
      .filter(isAsked)
      .every((p) => namesOutOfScope(readPart(kb, p.text))));
  const parts = pieces.flatMap((p, i) => {
    if (asks && !isAsked(p)) {
      if (story) return [];
      // In a message that asks something, the sentences that ask are what to answer, and the
      // problems it describes ("it says user name not recognized").
      // Not beside questions that are all about something the bot does not cover ("Is Teams
      // down for everyone? Messages haven't been sending since 10am"): that is the subject.
      if (outOfScopeAsked()) return [];
      // (Nor a sentence that says nothing went wrong: "did all the steps, no error".)
      // (An aside that says so tells nothing of the sentence: "And on mine, which went through
      // fine, Teams keeps throwing an error".)
      if (NO_PROBLEM_YET.test(p.text.replace(ASIDE, ','))) return [];
      const described = readPart(kb, p.text);
      // (So is a thing the person cannot find: "And on my own iPhone I can't find the VPN & Device
      // Management section at all.")
      const cantFind = CANT_FIND.test(p.text) && topicOf(described) !== undefined;
      return isProblem(described) || (cantFind && !described.enroll)
        ? [{ ...described, inferred: true, statement: true }]
        : [];
    }
    const part = readInContext(kb, pieces, i, { quoted, onScreen, inQuotes });
    return part ? [part] : [];
  });
  // A request to be walked through it ("Could you take me through it one step at a time?") beside
  // only what the person told ("my team lead wants my phone enrolled before Monday") is that
  // request: the guide answers it.
  const guideMe = parts.find((p) => p.enroll && !p.inferred && isGuideRequest(p.text));
  if (guideMe && parts.every((p) => p === guideMe || p.statement === true)) {
    return { kind: 'one', part: guideMe, greeted };
  }
  const distinct = distinctTopics(parts);
  // A short message the knowledge base answers as a whole, whose parts each miss that answer,
  // is one question told in two sentences ("I uninstalled Authenticator. What's next?").
  // (Not when a question says enough in its own words: "How do I take my iPad out of Intune?
  // Don't need the work stuff anymore" is answered by its question.)
  const short =
    words(body).length <= 30 &&
    pieces.filter((p) => p.question).length <= 1 &&
    !parts.some((p) => p.inferred !== true && meaningfulTerms(p.text).length >= 3);
  // Questions that name nothing ("Have I messed it up? What now?") ask about the sentences
  // before them: the message is one question.
  const questions = pieces.filter((p) => p.question);
  if (
    words(body).length <= 40 &&
    questions.length < pieces.length &&
    questions.every((p) => meaningfulTerms(p.text.replace(LEAD_FILLER, '')).length < 2) &&
    (topicOf(whole()) !== undefined ||
      (questions.length > 0 && whole().answer.kind === 'out-of-scope'))
  ) {
    // (A question of that kind after a quoted message asks about the message: "got "This
    // service is not supported" right after putting my work email in. what does that mean".)
    return { kind: 'one', part: questions.length > 0 && inQuotes ? asOne() : whole(), greeted };
  }
  // (Not when the parts agree with the message quoted from the screen: "…displays the message
  // "This service is not supported". Please advise what I am expected to do." is about that
  // message, whatever the whole's other words match.)
  const shownTopic = inQuotes && onScreen ? topicOf(onScreen) : undefined;
  const agreeOnShown = shownTopic !== undefined && distinct.some((p) => topicOf(p) === shownTopic);
  const wholeTopic = short && !agreeOnShown ? topicOf(whole()) : undefined;
  if (short && wholeTopic !== undefined && !distinct.some((p) => topicOf(p) === wholeTopic)) {
    return { kind: 'one', part: whole(), greeted };
  }
  if (distinct.length >= 2) return { kind: 'several', parts: distinct.slice(0, MAX_PARTS) };
  const only = distinct[0];
  if (only && (asks || topicOf(whole()) === undefined)) return { kind: 'one', part: only, greeted };
  return { kind: 'one', part: whole(), greeted };
}

/**
 * A message told in the person's own words, not copied between quote marks ("then it came up
 * saying my device needs to be enrolled or managed before I can carry on"), that reads as no
 * problem while the sentence telling it reads as one: the sentence says better what it was (not
 * the article on Managed Apple Accounts for "managed").
 */
function toldOnScreen(kb: KnowledgeBase, shown: ReadPart, sentence: string | undefined): ReadPart {
  if (sentence === undefined || isProblem(shown)) return shown;
  const told = readPart(kb, sentence);
  return isProblem(told) && !told.enroll ? told : shown;
}

/** A question pointing back at something said before it ("that error", "this message", "it"). */
const REFERS_BACK =
  /^\W*((so|and|but|ok|okay)\W+)?how(['’]s|s| is| does| do| would| will) (that|this|it)( whole)?( process| thing)? (actually |really )?(work|go)( exactly| then| in practice)?\W*$|^\W*((so|and|but|ok|okay)\W+)?how( do| does| would| should| can| could)? (i|we|me|mi|one|you) (go|going) (about|bout) (that|this|it|dat|doing (that|this|it))( then| exactly)?\W*$|\b(that|this|the|these|those)( \w+)? (error|message|screen|warning|pop-?up|prompt|code|option|choice|(?<!\b(?:new|old|other|work|personal|company|spare) )one|step)s?\b|\bwhat does (it|that|this) mean\b|^\W*((so|and|but|ok|okay)\W+)?which (one|option|of (them|the two|these|those|the options))\b|\b(choose|pick|select|tap|press|take|click) which( one)?\W*$|\b(is (that|this|it)|that'?s|that’s|thats) (really )?(right|correct|true|accurate|the case)\b|\bconfirm(ing)? (that|this)\b|^\W*(so )?(what|whats|what's) (is )?(it|that|this)( exactly| then)?\W*$|\b(do|should|can|must|shall) (i|we) (just )?(tap|press|click|hit|accept|allow|approve|say yes to) (that|this|it)\b/i;

/**
 * Asking whose side the problem told is on ("Is that something my end or have they broken it?",
 * "Is this on my end or y'all's?"): about that problem.
 */
const WHOSE_SIDE =
  /\b(is (that|this|it)|that'?s) (something )?(at |on )?(my|your|their|our) (end|side)\b|\bhave (they|you|you guys|it) broken (it|something)\b/i;

/** "these things", "all that stuff": what the sentences before told, by name. */
const THESE_THINGS =
  /\b(these|those|such) (things|stuff|details|bits)\b|\b(all )?(that|this) stuff\b/i;

/** Asking how to do what was just told ("how do I actually do that?"). */
const DOES_WHAT_TOLD =
  /^\W*((so|and|but|ok|okay)\W+)?how (do|can|would|should|will) (i|we) (actually |even |then )?(do|start|begin|go about) (that|this|it)( then| exactly)?\W*$/i;

/** Asking who to ask about what was just told ("Who can I ask about it?", "who handles that?"). */
const ASKS_WHO_ABOUT_IT =
  /\bwho\b.{0,30}\b(ask|contact|talk to|speak to|go to|email|ring|call|message)\b.{0,20}\b(it|that|this|them)\b|\bwho (handles|deals with|sorts out|looks after|is responsible for) (it|that|this|them)\b/i;

/** Asking which of several to pick ("which one do I pick?", "which option should I tap?"). */
const CHOOSES_ONE = /\bwhich (one|option|of (them|the two|these|those))\b/i;

/**
 * A sentence that lists options to choose from ("2 options, A or B", "another screen asking if I
 * want A or B", "two options, one to secure the entire device and the other for work apps").
 */
const LISTS_OPTIONS =
  /\b(options?|choices?|choose between|pick between|(asks?|asking|asked|wants? to know)( me)? (if|whether))\b.{0,80}\b(or|the other|the second|(de|di|the) (odda|odder|otha|oda))\b/i;

/**
 * A question about the way just told ("I used the Company Portal app last time. Is that still
 * how I do it?", "Do I do the same again?"): it is about the sentence before, whatever its own
 * words match.
 */
const ASKS_ABOUT_WAY_TOLD =
  /\b(is|does|will|would) (that|this|it) still\b|\bthat still (works?|how|the way)\b|\b(do|does|doing|done) (it |this )?(exactly )?(the same|that way|like (that|before))\b|\bthe same (way|again)\b/i;

/** Asking to do it as the time before ("like last time", "same as before"). */
const LAST_TIME = /\b(last time|before|previously|back then|the first time)\b/i;

/** Telling the way one went before: "I did my old iPad through the Company Portal app". */
const WENT_THAT_WAY =
  /\b(i|we) (did|used|went through|enrolled|enroled|set up|setup|registered|signed up|put)\b.{0,60}\b(through|with|via|using|in|on)\b/i;

/** A question that asks for help with whatever was just described. */
const HELP_SEEKING =
  /^\W*why\W*$|\b(what (am i|should i|do i|can i|must i|have i got)( meant| supposed| going| need| have)?( to)? do|how (do|can|should) i (fix|solve|sort|get past|get round|get around)|what now|what next|what['’]?s (going on|wrong|happening|gone wrong)|what (went|has gone|is going) wrong|what (is|does) (it|that|this) mean|is (it|this|that|something|anything|my \w+)( something)? (broken|wrong)|(did|has) (something|anything) (go|gone) wrong|is (it|this|that) (something )?(serious|bad|dangerous|normal|safe|legit|legitimate|genuine|real|a (problem|worry|concern|scam|phishing|hoax))|can (i|we) (just )?(leave|ignore) it|(did|have|has) (i|it|that) (mess|messed|screw|screwed|muck|mucked) (it|things|this|everything|something)? ?up|(did|have) i (break|broken?|broke|ruin|ruined) (it|something|anything|everything)|(on|at) (our|my|your|their) (end|side)|something (were|we are|im|i am) doing wrong|(am i|are we) doing (something|anything|it) wrong|is it (just )?(me|us)|(is|was) (it|this|that) (really )?(supposed|meant|expected|normal) to (happen|be there|show( up)?|appear|come up|pop up|be like that|look like that)|(did|have) i (tap|tapped|press|pressed|click|clicked|pick|picked|choose|chose|chosen|hit) (the )?wrong|(have|did) i (gone|go|done|do) (something )?wrong|(do|will|would) (i|we) (have|need) to start (it |this )?(all )?over( again)?|what (is|was|could be|might be|would be|s) (the|my) (issue|problem|matter|fault|cause)( here| then| with (it|this|that|mine|my \w+))?( (from|on|at) (my|our) (side|end))?(?=\W*$))\b/i;

/** Telling what cannot be found: "I can't find the VPN & Device Management section". */
const CANT_FIND =
  /\b(can['’]?t|cannot|can not|couldn['’]?t|could not|unable to|don['’]?t|do not) (find|see|locate|spot)\b|\b(is|are)( just)? (missing|not there|nowhere)\b/i;

/** A question that names a problem of its own ("this Authenticator error", "the sign-in fails"). */
const NAMES_A_PROBLEM =
  /\b(errors?|fail(s|ed|ing|ure)?|problem|issue|warning|crash(es|ed)?)\b|\b(comes?|came|coming|pops?|popped|popping) up (saying|telling|with)\b/i;

/**
 * Words of a question about a problem that name none ("what causes that error?", "what's that
 * error actually about?"), as stems.
 */
const PROBLEM_WORD =
  /^(error|fail|problem|issu|warn|messag|caus|mean|happen|fix|solv|wrong|crash|about|exact|actual|realli|basical|even|just)/;

/** A thing pointed back at as what is to be got or done with ("go and find it", "install that"). */
const POINTS_BACK_AS_OBJECT =
  /\b(find|get|download|install|reinstall|grab|fetch|add|put|use|keep|open|look for|search for) (it|that|this|them)\b/i;

/** Telling what the screen shows ("it says…", "Outlook shows…"). */
const TELLS_SHOWN = /\b(says|said|saying|shows|showing|showed|tells|telling|told|reads)\b/i;

/** Words a part uses to point back at the one before it. */
const POINTS_BACK = /\b(it|that|this|them|those|these|one|each)\b/i;

/**
 * A part that leaves out its verb, pointing back at the part before ("…when I do?", "…will that
 * delete my own stuff?").
 */
const ELIDED =
  /\b(when|once|after|if|before) (i|we|you) (do|did|have)( (it|that|so|this))?\W*$|\b(will|would|does|could|can) (that|this|doing (that|so|this)) (also )?(delete|erase|remove|wipe|clear|lose|affect|touch)\b/i;

/** Sentences before a question that may hold what it is about ("…what does that message mean?"). */
const CONTEXT_SENTENCES = 3;

/**
 * Reads one part of a message, with the context it leans on: a part that only points back
 * ("…and how do I do it?") is searched with the key words of the part before, and a question
 * that has no clear answer alone is tried with the message on screen the person quoted, then with
 * up to three sentences before it. Undefined when there is still no clear answer.
 */
function readInContext(
  kb: KnowledgeBase,
  pieces: readonly MessagePart[],
  index: number,
  screen: {
    /** The message on screen the person quoted, if any. */
    quoted: string | undefined;
    /** How that message reads (see {@link specificOnScreen}). */
    onScreen: ReadPart | undefined;
    /** Whether it was between quote marks. */
    inQuotes: boolean;
  },
): ReadPart | undefined {
  const { quoted, inQuotes } = screen;
  const text = pieces[index]?.text ?? '';
  const previous = pieces[index - 1]?.text;
  const onScreen = quoted && !text.includes(quoted) ? screen.onScreen : undefined;
  // Borrowed words answer a question; they never turn it into a request to enroll.
  const answered = (part: ReadPart): boolean => topicOf(part) !== undefined && !part.enroll;
  // A question that names its own problem ("what do I do about this Authenticator error?") is
  // about that problem, when its own words say which ("that error" alone says nothing).
  const alone = readPart(kb, text);
  const named = meaningfulTerms(text).filter((t) => !PROBLEM_WORD.test(t));
  if (NAMES_A_PROBLEM.test(text) && named.length >= 1 && isProblem(alone) && !alone.enroll) {
    return alone;
  }
  // A question that is itself about something the bot does not cover ("Can I print to the office
  // printers from my iPad?", "Is Teams down for everyone?") stays that, whatever the story says.
  // (Not one that points back at the story: "did they shut that route down?")
  if (
    namesOutOfScope(alone) &&
    meaningfulTerms(text).length >= 2 &&
    !/\b(it|that|this|them|those|these)\b/i.test(text)
  ) {
    return alone;
  }
  // The sentence before, read once for the rules that lean on it.
  let beforeRead: ReadPart | undefined;
  const before = (): ReadPart | undefined =>
    previous === undefined ? undefined : (beforeRead ??= readPart(kb, previous));
  // "My payslip has a deduction I don't understand. Who can I ask about it?": who to ask about
  // what the sentence before tells. When that is something the bot does not cover, so is this.
  if (ASKS_WHO_ABOUT_IT.test(text)) {
    const told = before();
    if (told && namesOutOfScope(told)) return { ...told, text, inferred: true };
  }
  // "…I need to put my own iPhone on the work system. How do I actually do that?": asking how to do
  // what the sentence before says one must do; when that is enrolling, it asks to enroll.
  if (DOES_WHAT_TOLD.test(text) && previous !== undefined) {
    const told = before();
    if (told?.enroll) return { ...told, text: `${previous} ${text}` };
  }
  // "Is that still how I do it?", "Do I do the same again?": about the way the sentence before told.
  // ("…like last time?": the way the person told they went before, however far back.)
  if (ASKS_ABOUT_WAY_TOLD.test(text)) {
    const past = LAST_TIME.test(text)
      ? pieces
          .slice(0, index)
          .reverse()
          .find((p) => WENT_THAT_WAY.test(p.text))
      : undefined;
    const went = past ? readPart(kb, past.text) : undefined;
    if (went && answered(went)) return { ...went, text, inferred: true };
    const told = before();
    if (told && answered(told)) return { ...told, text, inferred: true };
  }
  // A question that says enough in its own words ("Which password goes in when I enroll, the
  // Apple one or my work one?") is answered on them, though it says "the … one".
  // (Unless it asks which of the options listed just before to pick: "…gives me 2 options, Secure
  // entire device or Secure work-related apps. It's my own phone, which one do I pick?")
  const listing = CHOOSES_ONE.test(text)
    ? pieces
        .slice(Math.max(0, index - CONTEXT_SENTENCES), index)
        .reverse()
        .find((p) => LISTS_OPTIONS.test(p.text))
    : undefined;
  const choosesListed = listing !== undefined;
  const refersBack =
    REFERS_BACK.test(text) &&
    (choosesListed ||
      // (A request to enroll that names what in its own words says enough too: "The second one
      // they said enroll as a company device with the Company Portal app, what are the steps?")
      !((answered(alone) || alone.enroll) && meaningfulTerms(text).length >= 4));
  // "What causes that error?" after a quoted message is about that message; "which of the two
  // options…?" with nothing quoted, about the sentences before it.
  // The options listed are the subject: what they are, not what else the question tells.
  if (WHOSE_SIDE.test(text)) {
    // (The message quoted from the screen says which problem best.)
    if (onScreen?.answer.kind === 'answer')
      return { ...onScreen, enroll: false, text, inferred: true };
    const problem = lastProblem(kb, pieces, index, true);
    if (problem) return { ...problem, text, inferred: true };
  }
  if (listing) {
    const told = readPart(kb, listing.text);
    if (answered(told)) return { ...told, text, inferred: true };
  }
  if (refersBack && onScreen?.answer.kind === 'answer')
    return { ...onScreen, enroll: false, text, inferred: true };
  if (refersBack) {
    // ("…open the Company Portal app and it'll walk me through. How's that go exactly?" asks how
    // the way told works, though the two read together as a request to enroll that way.)
    const context = readWindow(kb, pieces, index, true);
    if (context) return { ...context, enroll: false, text, inferred: true };
  }
  // "Can the company really see these things?" after what the person told (WhatsApp, photos):
  // the sentences before say which things, when their reading is the question's own or one
  // its article names as related (the location question is not the photos one).
  if (THESE_THINGS.test(text)) {
    const context = readWindow(kb, pieces, index);
    const found = context ? articleOf(context) : undefined;
    const mine = articleOf(alone);
    if (context && found && (!mine || mine.related.includes(found.id))) {
      return { ...context, text, inferred: true };
    }
  }
  const own = meaningfulTerms(text).length;
  // A vague question ("is this on our end or yours?") after a quoted message is about it (not
  // one before it: "what's a managed apple account? and what does 'Invalid Profile' mean").
  const quotedBefore =
    quoted !== undefined && pieces.slice(0, index).some((p) => p.text.includes(quoted.slice(0, 8)));
  if (own < 3 && inQuotes && quotedBefore && onScreen && isProblem(onScreen)) {
    return { ...onScreen, enroll: false, text, inferred: true };
  }
  // "What am I meant to do?", "how do I fix it?", "is my phone broken?" after a described
  // problem: the problem is the subject, whatever else the question's words match.
  if (HELP_SEEKING.test(text)) {
    if (onScreen?.answer.kind === 'answer') {
      return { ...onScreen, enroll: false, text, inferred: true };
    }
    const problem = lastProblem(kb, pieces, index);
    if (problem) return { ...problem, text, inferred: true };
    // No problem told: "is it safe to say yes?" asks about the step the sentence before names.
    const told = own > 3 ? undefined : before();
    if (told && answered(told)) return { ...told, text, inferred: true };
    // Nor one the search is sure of ("…it tells me the device has to be enrolled first. Is that
    // legit?"): when the question's own words match little, the article that matches the
    // sentence before best is the subject.
    if (
      told?.answer.kind === 'unsure' &&
      previous !== undefined &&
      (alone.answer.kind !== 'answer' || alone.answer.hit.coverage < WEAK_COVERAGE)
    ) {
      const hits = kb.search(previous, 3);
      const top = hits[0];
      if (top && top.article.id === told.answer.suggestions[0]?.id) {
        const answer = {
          kind: 'answer' as const,
          hit: top,
          alternatives: hits.slice(1).map((h) => h.article),
        };
        return { ...told, answer, text, inferred: true };
      }
    }
  }
  // "…and what will I lose when I do?": the verb it leaves out is the one before it.
  if (previous !== undefined && ELIDED.test(text)) {
    const told = before();
    const toldArticle = told ? articleOf(told) : undefined;
    const borrowed = readPart(kb, `${kb.keyTerms(previous, 2).join(' ')} ${text}`);
    const borrowedId = articleOf(borrowed)?.id;
    // After a sentence that tells, not asks ("I don't want nobody in IT reading my texts. Can
    // they actually see that stuff once I do this?"), a question that reads as what it told asks
    // just that.
    if (told && toldArticle && !pieces[index - 1]?.question && borrowedId === toldArticle.id) {
      return { ...told, enroll: false, text, inferred: true };
    }
    // What doing that leads to is an article the one before names as related. The question's own
    // words first, when they answer with such an article (settled by the closest ways of asking
    // when the search alone is unsure): "how to remove my phone from company management? And what
    // all will get deleted when I do that?" asks what unenrolling removes, whatever "resign" in
    // the part before borrows.
    const ownAnswer = alone.answer.kind === 'unsure' ? kb.settle(text, alone.answer) : alone.answer;
    const ownArticle = ownAnswer.kind === 'answer' ? ownAnswer.hit.article : undefined;
    if (
      toldArticle &&
      ownArticle &&
      !alone.enroll &&
      ownArticle.id !== toldArticle.id &&
      toldArticle.related.includes(ownArticle.id)
    ) {
      return { ...alone, answer: ownAnswer, text, inferred: true };
    }
    // What doing that leads to is, first, an article the one before names as related ("how do I
    // take it off? … will that delete my own stuff?" is what unenrolling removes): the one the
    // borrowed words find, or else the first related one the question's own words rank.
    if (toldArticle && !(borrowedId && toldArticle.related.includes(borrowedId))) {
      const related = kb.search(text, 3).find((h) => toldArticle.related.includes(h.article.id));
      if (related) {
        const answer = { kind: 'answer' as const, hit: related, alternatives: [] };
        return { ...alone, answer, enroll: false, text, inferred: true };
      }
    }
    // Unless that only repeats the answer to the part before: then it asks something else.
    // (Words borrowed from a sentence that reads as nothing, "My son already showed me how to take
    // it off, so that part's fine.", are no better than the question's own when those answer.)
    if (
      answered(borrowed) &&
      told &&
      topicOf(borrowed) !== topicOf(told) &&
      (topicOf(told) !== undefined || !answered(alone))
    ) {
      return { ...borrowed, text, inferred: true };
    }
  }
  // "…where does it tell you what iOS you're on? and how do you update it if it's old": a
  // follow-up pointing back asks the other half of the answer before (see asksOtherHalf).
  if (previous !== undefined && own <= 2 && POINTS_BACK.test(text)) {
    const told = before();
    if (told && topicOf(alone) !== topicOf(told)) {
      const together = readPart(kb, `${previous} ${text}`);
      if (asksOtherHalf(kb, told, text, alone, together)) return { ...told, text, inferred: true };
    }
  }
  // "…It came up with some error about Microsoft Authenticator… Do I need to go and find it on the
  // App Store myself?": a question pointing back that names no problem of its own, read as an
  // article that lists the problem the story told as related, is about that problem (the story
  // says which of the two).
  const mine = articleOf(alone);
  if (
    mine &&
    POINTS_BACK_AS_OBJECT.test(text) &&
    !NAMES_A_PROBLEM.test(text) &&
    !TELLS_SHOWN.test(text)
  ) {
    const problem = lastProblem(kb, pieces, index, true, true);
    const told = problem ? articleOf(problem) : undefined;
    if (problem && told && told.id !== mine.id && mine.related.includes(told.id)) {
      return { ...problem, text, inferred: true };
    }
  }
  if (topicOf(alone) !== undefined) return alone;
  // A question the story led up to is about the problem just described ("it shows a message
  // saying my device has to be enrolled… Is there something I have to do?"), or about the
  // message on screen the person quoted.
  if (onScreen?.answer.kind === 'answer') {
    return { ...onScreen, enroll: false, text, inferred: true };
  }
  // (Not a problem asked about in a question of its own, before a question that says what it
  // asks in its own words: "…can I change it to cover the whole phone later? Also can I put my
  // iPad on as well?" asks two things.)
  const problem = lastProblem(kb, pieces, index, own >= 2);
  if (problem) return { ...problem, text, inferred: true };
  // "…and how do I do it?": few words of its own, pointing back, is about its key word; or, when
  // it points at "that" which the part before tells and the articles answer, about that part ("it
  // keeps popping up asking me to install apps. why is it doing that?"). (Not after a question:
  // in "what gets removed if I unenroll? and how do I do it?" "it" is the doing that one named.)
  if (previous !== undefined && own < 3 && POINTS_BACK.test(text)) {
    const told =
      pieces[index - 1]?.question || !/\b(that|this|those|these)\b/i.test(text)
        ? undefined
        : before();
    if (told && answered(told) && told.answer.kind === 'answer')
      return { ...told, text, inferred: true };
    const borrowed = readPart(kb, `${kb.keyTerms(previous, 1).join(' ')} ${text}`);
    if (answered(borrowed)) return { ...borrowed, text, inferred: true };
  }
  // One article far ahead of every other on the question's own words ("And will I have to
  // stick a passcode on, cause I've never had one"): a second question the search only hedges on
  // for its chatty words is still that article's.
  if (!alone.enroll && alone.answer.kind === 'unsure' && own >= 2) {
    const [top, next] = kb.search(text, 2);
    if (top && top.coverage >= LEAD_COVERAGE && (!next || top.score >= CLEAR_LEAD * next.score)) {
      const alternatives = next ? [next.article] : [];
      return { ...alone, answer: { kind: 'answer', hit: top, alternatives }, text };
    }
  }
  // Last, the closest ways of asking may settle a question of its own words that the search is
  // unsure of ("And can they see where I'm to when I'm off work?"). After another question, before
  // the sentences around it: "…can I change it later without starting again? Also can I put my
  // iPad on as well?" asks a second thing, not the first again.
  const voted = own >= 3 ? kb.settle(text, alone.answer) : alone.answer;
  const ownVote =
    voted.kind === 'answer' && !alone.enroll ? { ...alone, answer: voted } : undefined;
  if (ownVote && pieces[index - 1]?.question === true && !POINTS_BACK.test(text)) return ownVote;
  const context = readWindow(kb, pieces, index);
  if (context) return { ...context, text, inferred: true };
  if (voted.kind === 'answer') return ownVote;
  return undefined;
}

/** How far ahead of the next article one must rank to answer a question the search hedged on. */
const CLEAR_LEAD = 3;
/** …having matched at least this share of the question's words. */
const LEAD_COVERAGE = 0.3;

/** A sentence that says something has not gone wrong (yet). */
const NO_PROBLEM_YET =
  /\b(hasnt|hasn't|havent|haven't|hasnae|hasn’t|haven’t|didnt|didn't|isnt|isn't|not)\b[^.?!]{0,30}\byet\b|\b(was|is|were|been|went|went through|gone through) (all |totally |perfectly )?(fine|ok|okay|grand|good)\b|\bno (errors?|error messages?|problems?|issues?)\b(?! (is|was|message) )|\b(never|didnt|didn't|didn’t|did not) (had|have|need|needed) to\b/i;

/** A relative clause set apart by commas: ", which went through fine,". */
const ASIDE = /,\s*(which|that|who)\b[^,.;!?]*,/gi;

/** How far back a question may refer to a problem the story described. */
const PROBLEM_SENTENCES = 4;

/**
 * The problem described in one of the sentences just before a question, the nearest first. A
 * sentence that says something went wrong ("…and it threw an error about Microsoft
 * Authenticator") is preferred to one that only reads like a problem ("I've always just used text
 * codes"); when such a sentence as a whole has no clear answer, its clause that says so may.
 */
function lastProblem(
  kb: KnowledgeBase,
  pieces: readonly { text: string; question?: boolean }[],
  index: number,
  /** Pass over the questions before: they are asked (and answered) on their own. */
  toldOnly = false,
  /** Only a sentence that names a problem ("…came up with some error about Authenticator"). */
  namedOnly = false,
): ReadPart | undefined {
  let nearest: ReadPart | undefined;
  for (let back = 1; back <= PROBLEM_SENTENCES && index - back >= 0; back++) {
    if (toldOnly && pieces[index - back]?.question === true) continue;
    const text = pieces[index - back]?.text ?? '';
    // "Teams hasn't complained yet", "everything was fine till now": no problem told.
    if (NO_PROBLEM_YET.test(text)) continue;
    const before = readPart(kb, text);
    const names = NAMES_A_PROBLEM.test(text);
    if (isProblem(before) && !before.enroll) {
      if (names) return before;
      if (!namedOnly) nearest ??= before;
    } else if (names && before.answer.kind === 'unsure') {
      const clause = text
        .split(/,|;|\s+(?:and|but|then|so)\s+/i)
        .find((c) => NAMES_A_PROBLEM.test(c));
      const told = clause === undefined ? undefined : readPart(kb, clause);
      if (told && isProblem(told) && !told.enroll) {
        // The rest of the sentence may tell which case of it, one its article lists as related
        // ("…comes back Sign-in Failed, summat about my Apple Account not supporting the
        // expected services"): the sentence's first article, when it is that case.
        const general = articleOf(told);
        const [top] = kb.search(text, 1);
        if (general && top && general.related.includes(top.article.id)) {
          const answer = { kind: 'answer' as const, hit: top, alternatives: [general] };
          return { ...told, answer, text };
        }
        return { ...told, text };
      }
    }
  }
  return nearest;
}

/**
 * The part read together with up to three sentences before it, the closest first: the first
 * reading that answers (a request to enroll counts only when `enrolling`, and only one an
 * article answers).
 */
function readWindow(
  kb: KnowledgeBase,
  pieces: readonly { text: string }[],
  index: number,
  enrolling = false,
): ReadPart | undefined {
  for (let back = 1; back <= CONTEXT_SENTENCES && index - back >= 0; back++) {
    const window = pieces
      .slice(index - back, index + 1)
      .map((p) => p.text)
      .join(' ');
    const withContext = readPart(kb, window);
    const asAnswer = enrolling && withContext.answer.kind === 'answer';
    if (topicOf(withContext) !== undefined && (asAnswer || !withContext.enroll)) {
      return withContext;
    }
  }
  return undefined;
}

/** The article of an answered part, if any. */
export function articleOf(part: ReadPart): Article | undefined {
  return part.answer.kind === 'answer' ? part.answer.hit.article : undefined;
}
