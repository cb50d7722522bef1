import type { TurnContext } from 'botbuilder';

import { renderAnswersCard, renderNoticeCard, type AnswersPart } from '../cards/knowledge-cards';
import type { CommandButton, RenderedCard } from '../cards/render';
import { carryText, escapeCardText, plainCardText, truncate } from '../cards/text';
import { translator, type Translate } from '../i18n/catalogue';
import type { Language } from '../i18n/languages';
import { tr, turnLanguage } from '../i18n/turn-language';
import type { Article } from '../knowledge/articles';
import {
  osName,
  parseDeviceInfo,
  type DeviceFamily,
  type OsVersion,
} from '../knowledge/device-info';
import {
  guideArticleFor,
  guideSetup,
  osVerdict,
  versionVerdictLine,
} from '../knowledge/guide-plan';
import type { KnowledgeBase } from '../knowledge/knowledge-base';
import { splitMessage } from '../knowledge/segment';
import { termsOf } from '../knowledge/text-profile';
import { readMessage, type MessageReading, type ReadPart } from '../knowledge/understand';
import { isGuideRequest } from '../knowledge/understand';
import { isGuideRequestIn, wordsOf } from '../knowledge/understand-other';
import type { RememberedFacts } from '../storage/conversation-memory';
import { countAnswer } from '../telemetry/instruments';

import { scopeOf, sendCard } from './context';
import { sendFallback } from './fallback';
import { startGuide } from './guide';
import { answerCard, kbOf, MAX_ASKED_QUESTION, type KnowledgeDeps } from './knowledge-deps';
import { factsFromText, recall, remember } from './memory';
import { replySmallTalk } from './small-talk';

export { isEnrollIntent } from '../knowledge/understand';

/**
 * Words that make a message about a version a question of whether it can enroll, in English,
 * German, French and Spanish (then Japanese, which has no word boundaries).
 */
const VERSION_QUESTION =
  /\b(can|could|able|support(ed|s)?|ok|okay|fine|alright|all right|good to go|good enough|enough|too old|new enough|compatible|still|allowed|need|needed|required|requirements?|minimum|eligible|work|works|what happens|possible|any way|a way|kann|können|unterstützt|reicht|zu alt|mindestens|möglich|funktioniert|geht das|peut|puis|pris en charge|suffisant|trop ancien|minimale?|possible|fonctionne|un moyen|quand même|quand meme|trotzdem|me vale|vale|sirve|puedo|puede|soportad[ao]|admitid[ao]|suficiente|demasiado antigu[ao]|mínim[ao]|posible|funciona)\b|できますか|できる[？?]|できる(ろう|やろ|じゃろ|べ|だろ|でしょ|ん|の)|できっか|いける|いけます|対応|サポート|古い|最低|可能|使えますか|大丈夫/i;

/**
 * Asking why one cannot enroll ("Why can't I enroll this one?", "Warum kann ich das nicht
 * registrieren?", "どうして登録できないですか？").
 */
const WHY_NOT_ENROLL =
  /\bwhy (can'?t|cannot|can not|won'?t|will not|isn'?t|doesn'?t)\b.{0,40}\b(enrol\w*|register\w*|sign (it )?up|get (it )?on)\b|\b(warum|wieso|weshalb) (kann|lässt)\b.{0,50}\b(nicht|net|ned|nöd)\b.{0,20}\b(registrier|anmeld|einricht)\w*|\bpourquoi\b.{0,30}\b(peux|arrive|parviens|peut)\b.{0,10}\bpas\b.{0,20}\b(inscri|enregistr|enrôl)\w*|\bpor ?qu[eé] no (puedo|me deja|se puede|lo puedo)\b.{0,20}\b(inscrib|registr)\w*|(どうして|なぜ|なんで|何で)[^。？?]{0,20}(登録|でき|入れ)[^。？?]{0,6}(ない|ません|へん|ん)/iu;

/**
 * A question that points at the version it stated ("…with this version?", "Geht das mit dieser
 * Version noch?", "¿con esta versión?", "このバージョンで"): it asks about that version, whatever
 * else it matches.
 */
const THIS_VERSION =
  /\b(this|that|my|the same|current|dieser|diese[mr]?|meiner|meine[mr]?|cette|ma|esta|mi|la misma)\s+((i|ipad)?os[ -]?)?(version|versión|ios|ipados)\b|(この|今の|いまの)(バージョン|ios|ipados)/iu;

/** Offering a detail in case it helps: "if that helps", "falls das hilft", "si sirve de algo". */
const IN_CASE_IT_HELPS =
  /\b(if (that|it) helps|in case (that|it) helps|(in case|if) (it'?s|that'?s) (useful|relevant)|falls (das|es) (hilft|weiterhilft|wichtig ist)|wenn('?s| es| das) hilft|si (ça|cela|ca) (peut )?(aider|aide|sert)|(si|por si) (te |les |le |os )?(sirve|ayuda|sirviera|ayudara)( de algo)?)\b|(参考|ご参考)までに/giu;

/** An English title that names versions ("My device is on iOS 15 or 16…"): a range's article. */
const NAMES_VERSIONS = /\b(iOS|iPadOS) \d+\b/;

/** English terms (as the index sees them) that ask only about enrolling a device. */
const ONLY_ENROLLING = new Set(
  'enroll register still yet iphone ipad device phone tablet work use even already check just'.split(
    ' ',
  ),
);

/** Words of a failure report: a version in one is context, not a question about the version. */
const FAILURE =
  /\b(fail(ed|s|ing)?|error|stuck(?! on (ios|ipados|version|\d))|(?<!\b(guide|wiki|docs?|documentation|article|page|post|blog|forum|website|intranet|colleague|manager|boss|someone|somebody|they|he|she|online|email|it team) )(says|said)|message|won'?t|can'?t|cannot|fehler\w*|fehlgeschlagen|schlägt|fehl|meldung|zeigt|erreur|échec|échoue|affiche|mensaje|fall[óoa]|fallan|fallando|muestra)\b|エラー|失敗|表示され|できませんでした|と出|って出|が出/i;

/**
 * True when the article is the one the guided flow would walk this user through: the steps for
 * the organisation's method and the ownership the message states (personal unless it says not).
 */
async function isOwnGuideArticle(
  ctx: TurnContext,
  deps: KnowledgeDeps,
  text: string,
  article: Article,
): Promise<boolean> {
  const ownership = parseDeviceInfo(text).ownership ?? 'personal';
  const method = await deps.enrollmentMethodFor(ctx);
  return guideArticleFor(kbOf(ctx, deps).all(), guideSetup(method, ownership))?.id === article.id;
}

/** True when the message, read as a whole, asks about something other than the device details. */
function asksSomethingElse(reading: MessageReading, text: string, lang: Language): boolean {
  if (reading.kind === 'several') return true;
  if (reading.kind !== 'one') return false;
  // A few words with no question mark ("is a iPad Air, Version 16.7.10") only tell.
  if (!/[?？]/u.test(text) && wordsOf(lang, text) <= 8) return false;
  const { answer } = reading.part;
  return (
    answer.kind === 'answer' &&
    !['requirements', 'how-to'].includes(answer.hit.article.category) &&
    splitMessage(reading.part.text).some((p) => p.question)
  );
}

/**
 * Answers a message in the employee's own words. Small talk gets a short reply; a message with
 * several questions gets each answered briefly; one question gets an answer card, a guided
 * enrollment, a version verdict, an honest "not sure" with the closest topics, or "that's outside
 * what I cover". What the person says about their device is remembered for the guide and the
 * report form, and device details typed while the guide waits for them continue the guide.
 */
export async function answerQuestion(
  ctx: TurnContext,
  deps: KnowledgeDeps,
  text: string,
): Promise<void> {
  const personal = scopeOf(ctx) === 'personal';
  const language = turnLanguage(ctx);
  if (language.unsupported) {
    // Written in a language the bot does not speak: say so once, in English, then answer.
    // All in English: the reader's language is the one the bot lacks.
    const en = translator('en');
    const key = `common.languageNames.${language.unsupported}`;
    const name = en(key) === key ? en('common.languageNames.other') : en(key);
    await ctx.sendActivity(en('common.unsupportedLanguage', { language: name }));
  }
  const said = personal ? factsFromText(text) : {};
  const reading = readMessage(kbOf(ctx, deps), text, language.lang);
  // The memory is read only where it can matter: the message gives device details (the guide may
  // be waiting for them, and they are remembered) or says that something failed (what was said
  // before explains it). A plain question costs no storage at all.
  const tells = Object.keys(said).length > 0;
  const failed = reading.kind === 'small-talk' && reading.act === 'vague-failure';
  const known = personal && (tells || failed) ? await recall(ctx, deps.memory) : undefined;
  const detailsGiven = said.device !== undefined || said.osVersion !== undefined;
  if (
    known?.guidePending &&
    (detailsGiven || said.ownership) &&
    !asksSomethingElse(reading, text, language.lang)
  ) {
    await startGuide(ctx, deps, text, known);
    return;
  }
  const memory = known && tells ? await remember(ctx, deps.memory, said, known) : known;
  if (reading.kind === 'small-talk') {
    await replySmallTalk(ctx, reading.act, memory ?? {});
    return;
  }
  if (reading.kind === 'several') {
    await sendCard(ctx, await severalAnswers(ctx, deps, reading.parts, text));
    return;
  }
  await answerOne(ctx, deps, reading.part, text, memory);
}

/** Brief answers to each question of one message, each with a way to the full answer. */
async function severalAnswers(
  ctx: TurnContext,
  deps: KnowledgeDeps,
  parts: readonly ReadPart[],
  text: string,
): Promise<RenderedCard> {
  const method = parts.some((p) => p.enroll) ? await deps.enrollmentMethodFor(ctx) : undefined;
  // The version the message states, for a part that asks about it without repeating it ("I'm on
  // iOS 17.6.1. Is that new enough to enroll?").
  const { os: stated, device, ownership: owned } = parseDeviceInfo(text);
  const ownership = owned ?? 'personal';
  const told = device ? { device } : undefined;
  const kb = kbOf(ctx, deps);
  const t = tr(ctx);
  const seen = new Set<string>();
  let onVersion: { article: Article; lead: string } | undefined;
  // A version stated in a question of its own ("Also my old iPhone is on iOS 14.8, can I enroll
  // that?") belongs to that question: the other questions ("how does that link work?") are not
  // about it. A version told in a statement ("I'm on iOS 15.8.") is for the question after it.
  const asksWithItsVersion = parts.map(
    (p) => !p.statement && parseDeviceInfo(p.text).os !== undefined,
  );
  // Nor is a version told after a question ("What iOS do I need? … her old iPhone is still on
  // 14.8. Can she still enroll it?") that question's, when another question follows it.
  const versionAt = stated
    ? text.search(new RegExp(String.raw`(?<![\d.])${stated.major}(?:\.\d+)*(?!\d)`))
    : -1;
  const endOf = (p: ReadPart): number => {
    const at = text.indexOf(p.text);
    return at < 0 ? -1 : at + p.text.length;
  };
  const askedAfter = versionAt >= 0 && text.slice(versionAt).includes('?');
  const cardParts = parts.flatMap((part, i): AnswersPart[] => {
    const before = askedAfter && endOf(part) >= 0 && endOf(part) <= versionAt;
    const elsewhere =
      before || asksWithItsVersion.some((own, j) => own && j !== i) ? undefined : stated;
    // A part asking about the version it states is answered for that version.
    // ("Good enough to enroll?" after the version reads as a request to enroll: it asks whether.)
    const version =
      part.enroll && !(elsewhere && VERSION_QUESTION.test(part.text))
        ? undefined
        : answerOnVersion(ctx, deps, part.text, part.answer, told, elsewhere);
    onVersion ??= version;
    const asksToEnroll = part.enroll && !version;
    // Each request to enroll is for the device its own part names ("a company iPhone… and my
    // own iPad"), else the one the message does.
    const owner = parseDeviceInfo(part.text).ownership ?? ownership;
    const article = asksToEnroll
      ? guideArticleFor(kb.all(), guideSetup(method ?? 'accountDrivenUserEnrollment', owner))
      : (version?.article ?? (part.answer.kind === 'answer' ? part.answer.hit.article : undefined));
    if (!article || seen.has(article.id)) return [];
    seen.add(article.id);
    return [
      {
        asked: `_${t(part.statement ? 'answer.youSaid' : 'answer.youAsked', { question: escapeCardText(plainCardText(part.text, 120)) })}_`,
        articleId: article.id,
        partTitle: article.title,
        summary: article.summary,
        source: article.sourceLine,
        buttonTitle: asksToEnroll ? t('answer.startStepByStep') : t('answer.fullAnswer'),
        buttonValue: asksToEnroll ? t('common.commands.enroll') : article.title,
      },
    ];
  });
  // Two parts that come to the same answer (a version stated, then asked about) are one answer.
  const only = cardParts.length === 1 ? kb.get(cardParts[0]?.articleId ?? '') : undefined;
  if (only) {
    return answerCard(kb, only, undefined, undefined, {
      question: carryText(text, MAX_ASKED_QUESTION),
      ...(onVersion?.article.id === only.id ? { lead: onVersion.lead } : {}),
    });
  }
  return renderAnswersCard(
    {
      title: t('answer.severalTitle', {
        count: cardParts.length,
        // English says "two things"; other languages use the number ({{count}}).
        things: t(`answer.things.${cardParts.length <= 3 ? cardParts.length : 'other'}`),
      }),
      parts: cardParts,
      question: carryText(text, MAX_ASKED_QUESTION),
      fallbackText: cardParts.map((p) => `${p.partTitle}: ${p.summary}`).join('\n'),
    },
    turnLanguage(ctx).lang,
  );
}

/**
 * The article for a version below the supported one ("My device is on iOS 15 or 16…"): the
 * version article the knowledge base ranks first for that major version. Undefined for a
 * supported version (the requirements article answers those).
 */
function versionArticle(
  deps: KnowledgeDeps,
  kb: KnowledgeBase,
  device: DeviceFamily | undefined,
  os: OsVersion,
): Article | undefined {
  const verdict = osVerdict(device ?? 'iPhone', os);
  if (verdict === 'supported') return undefined;
  // The article for that range: "iOS 15 or 16", "iOS 14 or older", "iOS 12".
  const name = osName(device, os);
  // An English search for the version article (never shown).
  const query = {
    unsupported: `${name} ${os.major}`,
    'no-byod': `${name} 14 or older`, // i18n-exempt: a search query, never shown
    'too-old': `${name} 12`,
  }[verdict];
  // Found in English (the titles name the versions), shown in the reader's language.
  const english = deps.kb
    .search(query, 8)
    .map((h) => h.article)
    .find((a) => a.category !== 'requirements' && /\b(iOS|iPadOS)\b/.test(a.title));
  return english ? (kb.get(english.id) ?? english) : undefined;
}

/**
 * True when a message, without its version ("iOS 16.7"), asks nothing but whether it can enroll:
 * "still on 16.7, can I enroll?" is a version question, "SMS code fails on iOS 16" is not.
 */
function asksNothingElse(kb: KnowledgeBase, text: string): boolean {
  const rest = text
    .replace(/\b(ios|ipados|ipad ?os|iphone ?os|version)\b/gi, ' ')
    // The words that ask about the version ("new enough", "supported") say nothing else.
    .replace(
      /\b(new enough|good enough|good to go|too old|supported|compatible|okay|ok|fine)\b/gi,
      ' ',
    )
    .replace(/\b\d{1,2}(\.\d{1,2}){0,2}\b/g, ' ');
  // Nothing left but enrolling a device ("still on , can I enroll?"): no other topic to answer.
  if (kb.text.lang === 'en' && termsOf(kb.text, rest).every((t) => ONLY_ENROLLING.has(t))) {
    return true;
  }
  // (Enrolling's own steps say nothing else; another how-to does: "where is VPN & Device
  // Management? … on 17.2" asks where it is.)
  const answer = kb.answer(rest);
  return (
    answer.kind !== 'answer' ||
    answer.hit.article.guide !== undefined ||
    answer.hit.article.category === 'requirements'
  );
}

/** The ways on from a reply that did not answer: enroll, privacy, help (in the reader's words). */
export function startButtons(t: Translate): CommandButton[] {
  return [
    { title: t('common.enrollButton'), value: t('common.commands.enroll') },
    { title: t('common.whatCanItSee'), value: t('common.whatCanItSeeQuestion') },
    { title: t('common.help'), value: t('common.commands.help') },
  ];
}

/** Shortens a title to fit a button. */
function buttonTitle(title: string): string {
  return truncate(title, 40);
}

/** Answers one question (the whole message, or the one a longer message asks). */
/** A request to be walked through enrolling, in the language of the turn. */
function asksToBeGuided(text: string, lang: Language): boolean {
  return lang === 'en' ? isGuideRequest(text) : isGuideRequestIn(lang, text);
}

/**
 * "Can I enroll on iOS 15.8?", "so my iPhone on 15.7 is good to go?": the version requirements
 * with the verdict for that version, only where the question is about the version itself: a
 * confident answer on another topic that happens to mention one ("the SMS code fails on iOS 16")
 * stays that answer. Undefined when the question is not about its version.
 */
function answerOnVersion(
  ctx: TurnContext,
  deps: KnowledgeDeps,
  text: string,
  result: ReadPart['answer'],
  memory?: RememberedFacts,
  /** A version the message states elsewhere, for a part that asks only whether it can enroll. */
  stated?: OsVersion,
): { article: Article; lead: string } | undefined {
  const parsed = parseDeviceInfo(text);
  const kb = kbOf(ctx, deps);
  // Searched at most once: both the stated version and the verdict below may ask it.
  let nothingElse: boolean | undefined;
  const onlyWhether = (): boolean =>
    (nothingElse ??= THIS_VERSION.test(text) || asksNothingElse(kb, text));
  // An answer about a range of versions ("iOS 15 or 16") is only true of the version stated.
  const aboutRange =
    result.kind === 'answer' &&
    (result.hit.article.category === 'requirements' ||
      NAMES_VERSIONS.test(deps.kb.get(result.hit.article.id)?.title ?? ''));
  // "Why can't I enroll?" asks about the version too, though it tells a failure.
  const asksWhyNot = WHY_NOT_ENROLL.test(text);
  const os =
    parsed.os ??
    (stated &&
    (aboutRange ||
      ((VERSION_QUESTION.test(text) || asksWhyNot) &&
        (!FAILURE.test(text) || asksWhyNot) &&
        onlyWhether()))
      ? stated
      : undefined);
  const info = { ...parsed, os };
  if (info.os === undefined) return undefined;
  const device = info.device ?? memory?.device;
  // "…it tells me it's on iOS 12.5.7… Why can't I enroll this one?": on a version too old to
  // enroll, asking why it won't is asking about the version, not telling a failure.
  const whyNot = asksWhyNot && osVerdict(device ?? 'iPhone', info.os) !== 'supported';
  const requirements = kb.all().find((a) => a.category === 'requirements');
  if (!requirements) return undefined;
  // Words quoted from the screen ("…に対応していません") ask nothing about the version, nor does
  // offering it in case it helps ("Tengo iOS 18.2 si sirve de algo").
  const ownWords = text
    .replace(/「[^」]*」|"[^"]*"|“[^”]*”|„[^“”]*[“”]|«[^»]*»/gu, ' ')
    .replace(IN_CASE_IT_HELPS, ' ');
  // A version that cannot enroll at all (14 and older), asked "can I enroll?" in the words that
  // state it: whatever else those words match ("このまま登録できますか？" beside the company's
  // apps), the version is the answer.
  // (Named as a version: "iPadOS 14.8", "14.8", not "going on 11 years".)
  const cannotEnroll =
    parsed.os !== undefined &&
    new RegExp(
      String.raw`\b(ios|ipados|ipad ?os)\s*${parsed.os.major}(?!\d)|(?<![\d.])${parsed.os.major}\.\d`,
      'i',
    ).test(text) &&
    ['no-byod', 'too-old'].includes(osVerdict(device ?? 'iPhone', parsed.os));
  const versionAsked =
    aboutRange ||
    ((VERSION_QUESTION.test(ownWords) || whyNot) &&
      (!FAILURE.test(text) || whyNot) &&
      (result.kind !== 'answer' ||
        /\b(iOS|iPadOS|version)\b/.test(result.hit.article.title) ||
        cannotEnroll ||
        onlyWhether()));
  if (!versionAsked) return undefined;
  return {
    article: versionArticle(deps, kb, device, info.os) ?? requirements,
    lead: versionVerdictLine(device, info.os, turnLanguage(ctx).lang),
  };
}

async function answerOne(
  ctx: TurnContext,
  deps: KnowledgeDeps,
  part: ReadPart,
  text: string,
  memory: RememberedFacts | undefined,
): Promise<void> {
  const question = carryText(text, MAX_ASKED_QUESTION);
  const result = part.answer;
  if (result.kind !== 'empty') {
    countAnswer(
      result.kind === 'answer' ? 'confident' : result.kind === 'unsure' ? 'unsure' : 'out_of_scope',
    );
  }
  const info = parseDeviceInfo(text);
  // Asked to enroll a device it describes ("enroll my iPad on 16.1"), or asked to enroll with no
  // better answer: guide them. A confident answer on another topic wins otherwise.
  const guided =
    scopeOf(ctx) === 'personal' &&
    part.enroll &&
    // A request to be taken through it ("guide me through the enrollment") is guided whatever
    // else matches; a failure or another platform is never such a request.
    ((asksToBeGuided(part.text, turnLanguage(ctx).lang) &&
      // Another platform or topic ("enroll my Android") is not ours to guide; words the articles
      // don't use ("begleiten") are no reason not to.
      (result.kind !== 'out-of-scope' || (!result.platform && !result.topic))) ||
      result.kind === 'unsure' ||
      info.device !== undefined ||
      info.os !== undefined ||
      (result.kind === 'answer' &&
        (await isOwnGuideArticle(ctx, deps, part.text, result.hit.article))));
  if (guided) {
    await startGuide(ctx, deps, text, memory);
    return;
  }
  const kb = kbOf(ctx, deps);
  const t = tr(ctx);
  const lang = turnLanguage(ctx).lang;
  const versionAnswer =
    answerOnVersion(ctx, deps, text, result, memory) ??
    // A story that states its version, then asks only whether it can enroll with it ("…it is on
    // iOS 14.4 because I never updated. … I tried and it is not working. Is it possible to enroll
    // with this version?"): the question it asks is about the version it stated.
    (part.text !== text
      ? answerOnVersion(ctx, deps, part.text, result, memory, info.os)
      : undefined);
  if (versionAnswer) {
    await sendCard(
      ctx,
      answerCard(kb, versionAnswer.article, undefined, undefined, {
        question,
        lead: versionAnswer.lead,
      }),
    );
    return;
  }
  switch (result.kind) {
    case 'empty':
      await sendFallback(ctx, 'unknown-command');
      return;
    case 'answer':
      await sendCard(ctx, answerCard(kb, result.hit.article, undefined, undefined, { question }));
      return;
    case 'unsure':
      await sendCard(
        ctx,
        renderNoticeCard(
          {
            kind: 'unsure',
            title: t('answer.unsureTitle'),
            message: t('answer.unsureMessage'),
            topics: result.suggestions.map((a) => ({ title: a.title, summary: a.summary })),
            footer: t('answer.unsureFooter'),
            buttons: result.suggestions.map((a): CommandButton => ({
              title: buttonTitle(a.title),
              value: a.title,
            })),
            askQuestion: question,
            fallbackText: t('answer.unsureFallback', {
              topics: result.suggestions.map((a) => a.title).join('; '),
            }),
          },
          lang,
        ),
      );
      return;
    case 'out-of-scope': {
      const platform =
        // i18n-exempt: the knowledge base's marker for an unnamed platform.
        result.platform === 'that platform' ? t('answer.thatPlatform') : result.platform;
      const other = platform
        ? t('answer.outOfScopePlatform', { platform })
        : result.topic
          ? t('answer.outOfScopeTopic', { topic: result.topic })
          : t('answer.outOfScopeOther');
      await sendCard(
        ctx,
        renderNoticeCard(
          {
            kind: 'out-of-scope',
            title: t('answer.outOfScopeTitle'),
            message: t('answer.outOfScopeMessage', { other }),
            topics: [],
            footer: t('answer.outOfScopeFooter'),
            buttons: startButtons(t),
            fallbackText: t('answer.outOfScopeFallback', { other }),
          },
          lang,
        ),
      );
      return;
    }
  }
}
