import fs from 'node:fs';
import path from 'node:path';

import { loadKnowledgeBases } from '../../../src/knowledge/load';
import { articleOf, readMessage } from '../../../src/knowledge/understand';
import {
  isEnrollIntentIn,
  isGuideRequestIn,
  readOtherLanguage,
  sentencesIn,
  smallTalkIn,
  strangerTo,
} from '../../../src/knowledge/understand-other';
import { knowledgeIn, knowledgeWithout } from '../../helpers/knowledge';

/**
 * How a message is read (one question or several) and the article of each part, in order: by the
 * other-language reader alone, or (`read = readMessage`) as the bot reads it, with the vote that
 * settles a hedged search.
 */
function readAnswers(
  kbs: ReturnType<typeof loadKnowledgeBases>,
  lang: 'de' | 'fr' | 'es' | 'ja',
  text: string,
  read: typeof readOtherLanguage = readOtherLanguage,
): { kind: string; ids: (string | false)[] } {
  const reading = read(knowledgeIn(kbs, lang), text, lang);
  if (reading.kind === 'small-talk') return { kind: reading.kind, ids: [] };
  const parts = reading.kind === 'one' ? [reading.part] : reading.parts;
  return {
    kind: reading.kind,
    ids: parts.map((p) => p.answer.kind === 'answer' && p.answer.hit.article.id),
  };
}

/** {@link readAnswers} as the bot reads a message. */
const botReads = (
  kbs: ReturnType<typeof loadKnowledgeBases>,
  lang: 'de' | 'fr' | 'es' | 'ja',
  text: string,
): ReturnType<typeof readAnswers> => readAnswers(kbs, lang, text, readMessage);

describe('reading German, French, Spanish and Japanese', () => {
  it.each([
    ['de', 'Hallo!', 'greeting'],
    ['de', 'Vielen Dank', 'thanks'],
    ['de', 'Tschüss', 'goodbye'],
    ['de', 'Es hat nicht funktioniert', 'vague-failure'],
    ['de', 'Bist du ein Bot?', 'identity'],
    ['fr', 'Bonjour', 'greeting'],
    ['fr', 'Merci beaucoup !', 'thanks'],
    ['fr', 'Ça ne marche pas', 'vague-failure'],
    ['es', '¡Hola!', 'greeting'],
    ['es', 'Muchas gracias', 'thanks'],
    ['es', 'No funciona', 'vague-failure'],
    ['ja', 'こんにちは', 'greeting'],
    ['ja', 'ありがとうございます！', 'thanks'],
    ['ja', 'うまくいきませんでした', 'vague-failure'],
    // "おはよー" stretched, "〜っちゃ" (Yamagata, Miyazaki).
    ['ja', 'おはよー。今日もよろしくっちゃ', 'greeting'],
    // Thanks with "it works now", a person-or-bot question, "did everything, still failing".
    ['de', 'Danke vielmals, jetzt geht es wieder!', 'thanks'],
    ['de', 'Merci, alles erledigt. Schönes Wochenende!', 'thanks'],
    ['de', 'Sind Sie ein echter Mensch oder eine KI?', 'identity'],
    ['de', 'Habe alles genau so gemacht, klappt aber immer noch nicht', 'vague-failure'],
    ['fr', 'Merci infiniment, ça marche maintenant', 'thanks'],
    ['fr', "J'ai suivi les étapes et ça ne fonctionne toujours pas", 'vague-failure'],
    ['fr', 'Vous êtes un vrai humain ou un robot ?', 'identity'],
    ['fr', "T'es une vraie personne ?", 'identity'],
    ['fr', "J'ai essayé votre solution mais ça ne marche toujours pas", 'vague-failure'],
    ['es', 'Gracias por la ayuda, ya funciona', 'thanks'],
    ['es', 'Seguí todos los pasos pero sigue sin funcionar', 'vague-failure'],
    ['es', '¿Estoy hablando con una persona o con un bot?', 'identity'],
    ['es', 'Gracias, me ha ayudado mucho', 'thanks'],
    ['es', 'Probé de nuevo y sigue dando error', 'vague-failure'],
    ['ja', '助かります、無事に登録できました', 'thanks'],
    ['ja', '手順通りにやりましたが、まだできません', 'vague-failure'],
    ['ja', 'これは人が答えてるの？', 'identity'],
    ['ja', 'ちなみにあなたはボットですか？', 'identity'],
    ['ja', '手順通りにしたけどだめだった', 'vague-failure'],
    ['ja', 'まだうまくいきません', 'vague-failure'],
    // Swiss greetings; thanks with "thanks to you it worked"; "hey, are you an AI or a person?";
    // "I did it as told, but it still doesn't work".
    ['de', 'Grüezi miteinander', 'greeting'],
    ['fr', "Merci bien, c'est nickel", 'thanks'],
    // Letters typed twice, two greetings in one, "have a nice day".
    ['es', 'holaa buenas tardes', 'greeting'],
    ['es', 'Graciass, ya quedó todo. Que tengas buen finde', 'thanks'],
    ['ja', '本当にありがとうございます！おかげさまで登録できました', 'thanks'],
    ['ja', 'ねえ、君ってボット？', 'identity'],
    ['ja', 'あなたってAIなんですか？それとも担当者がいるの？', 'identity'],
    ['ja', '手順のとおりにやったんですけど、全然うまくいかないです', 'vague-failure'],
    // Small talk run together without punctuation, and chat shorthand ("bcp", "c bon").
    ['fr', 'mrc bcp c ok ça marche', 'thanks'],
    ['es', 'mil gracias ya me funciona', 'thanks'],
    ['de', 'vielen dank hat geklappt schönen feierabend', 'thanks'],
    ['de', 'Sind Sie ne KI oder ein Mensch?', 'identity'],
    // Redone as told, and nothing ("pareil qu'avant"); "a moment ago" before "as told".
    [
      'fr',
      "j'ai fait comme vous m'avez dit et toujours rien, pareil que tout à l'heure",
      'vague-failure',
    ],
    ['ja', '先ほど言われた通りにやりましたが、まだうまくいきません', 'vague-failure'],
    ['fr', "J'ai fait ce que tu m'as dit mais ça marche toujours pas", 'vague-failure'],
    // Told in words of its own, not one of the set phrases: every word is of a failure told
    // without detail.
    [
      'fr',
      "J'ai refait exactement ce que vous m'avez dit et ça ne fonctionne pas mieux…",
      'vague-failure',
    ],
    ['es', 'lo intenté otra vez tal cual me dijiste y nada', 'vague-failure'],
    ['de', 'hab es nochmal genau so probiert wie du gesagt hast, bringt nix', 'vague-failure'],
    ['de', 'nope. funktioniert nicht 🙄', 'vague-failure'],
    // Japanese in words of its own, read word by word (ICU), not only by set phrases.
    ['ja', '言われたとおりにやってみたけど、やっぱりダメでした', 'vague-failure'],
    ['ja', 'まだ直ってないです…', 'vague-failure'],
  ] as const)('%s: %p is small talk (%s)', (lang, text, act) => {
    expect(smallTalkIn(lang, text)).toBe(act);
  });

  it.each([
    ['de', 'Hallo, wie registriere ich mein iPhone?'],
    ['fr', 'Merci, mais comment je fais pour supprimer mes données ?'],
    ['es', 'Hola, ¿mi jefe puede ver mis fotos?'],
    ['fr', 'merci bcp mais mon profil est toujours non vérifié'],
    ['fr', "j'ai refait comme vous m'avez dit mais ça affiche toujours Invalid Profile"],
    ['es', 'lo hice otra vez y no me deja entrar en Outlook'],
    ['de', 'hab es nochmal probiert, aber Teams sagt immer noch nicht registriert'],
    ['ja', 'Outlookで同じエラーがまだ出ます'],
  ] as const)('%s: %p is a question, not small talk', (lang, text) => {
    expect(smallTalkIn(lang, text)).toBeUndefined();
  });

  it.each([
    ['de', 'Wie registriere ich mein privates iPhone?', true],
    ['de', 'Registrierung fehlgeschlagen, was nun?', false],
    ['de', 'Wie entferne ich die Registrierung wieder?', false],
    ['fr', 'Comment inscrire mon iPhone ?', true],
    ['fr', "L'inscription a échoué avec une erreur", false],
    ['es', '¿Cómo inscribo mi iPad?', true],
    ['es', 'Quiero eliminar la inscripción', false],
    ['ja', 'iPhoneを登録する方法を教えてください', true],
    ['ja', '登録に失敗しました', false],
    // Asking to be taken through it in other words ("einzurichten", "enregistrer", "dar de alta").
    ['de', 'Können Sie mir erklären, wie ich mein iPad einzurichten habe?', true],
    ['fr', "Pouvez-vous m'accompagner pour enregistrer mon iPhone ?", true],
    ['es', 'Explícame cómo dar de alta mi móvil', true],
    ['es', 'me ayudas a meter el iPad en Intune?', true],
    // Asking how to tell it worked, or already enrolled: no request to be guided.
    ['fr', "Comment je sais que l'inscription a marché ?", false],
    ['es', '¿Cómo sé si ya quedó la inscripción?', false],
    ['de', 'Ich habe mein iPhone bereits registriert, kann ich wechseln?', false],
    ['de', 'Mitten in der Einrichtung kommt eine Frage nach iCloud, soll ich weitermachen?', false],
    ['de', 'Die Anmeldung per SMS schlägt fehl, ich soll neu registrieren?', false],
    ['fr', "Teams me dit que mon iPad doit être inscrit, c'est quoi ?", false],
    ['fr', "Pendant l'inscription, il me demande mon mot de passe iCloud, c'est normal ?", false],
    // Asking whether something is possible, how it works, or about removing it; a message shown.
    ['ja', '仕事用に2台目のiPadも登録ってできる？', false],
    ['ja', '私物のスマホとタブレット両方を登録するのは可能ですか', false],
    ['ja', 'ユーザー登録ってどういう仕組みですか', false],
    ['ja', '会社を辞めるので登録を外す方法を知りたい', false],
    ['ja', '登録しようとすると「上限に達しました」と出ます', false],
    ['ja', '登録の手順を一個ずつ教えてほしい', true],
    // Restored from a backup: doing it again, not a first request.
    ['fr', "Après une restauration de sauvegarde, faut-il refaire l'inscription ?", false],
    ['es', 'Restauré el iPhone desde una copia, ¿tengo que rehacer la inscripción?', false],
    // Accented words after a stem ("inscripción"): a request to be accompanied through it.
    ['es', '¿Me acompañas en la inscripción del móvil?', true],
  ] as const)('%s: %p asks to be guided: %s', (lang, text, expected) => {
    expect(isEnrollIntentIn(lang, text)).toBe(expected);
  });

  it('splits sentences and marks the questions', () => {
    expect(
      sentencesIn('de', 'Ich habe ein neues iPhone. Wie registriere ich es? Danke.').map(
        (s) => s.question,
      ),
    ).toEqual([false, true, false]);
    expect(
      sentencesIn(
        'ja',
        '新しいiPhoneを買いました。登録方法を教えてください。会社は写真を見られますか？',
      ).map((s) => s.question),
    ).toEqual([false, true, true]); // "教えてください" (please tell me) asks too
  });
});

describe('several questions in one message, in other languages', () => {
  it.each([
    ['fr', 'Quel compte dois-je utiliser, et à quoi sert Authenticator ?', 2],
    ['de', 'Wie registriere ich mein iPad und wozu brauche ich Authenticator?', 2],
    ['es', '¿Cómo me inscribo y para qué sirve Authenticator?', 2],
    ['es', 'Dos dudas: 1) ¿puedo usar el iPad? 2) ¿cómo compruebo que funcionó?', 2],
    // A question asked at the end of the sentence, spoken French.
    ['fr', 'Mes données sont séparées comment ?', 1],
    // Japanese asks without a question mark: "…でしょう", "…の", question words, "…たい".
    ['ja', '設定のどこから始めるんですか。それと、パスワードは会社のでいいんでしょう', 2],
    ['ja', '写真って会社から見える？あと辞めるときの手順も知っておきたい', 2],
    ['ja', '新しいiPhoneを買いました。', 0],
    // Asked indirectly: "it would interest me what…", "I'd like to know…".
    ['de', 'Geht das mit iOS 17? Mich würde interessieren, welche Daten die Firma sieht.', 2],
    ['fr', "C'est long ? J'aimerais savoir ce que l'entreprise voit.", 2],
    ['es', '¿Tarda mucho? También me gustaría saber qué ve la empresa.', 2],
    // "…ou pas", "…o no", "…oder nicht" at the end ask whether.
    ['fr', 'Ça prend combien de temps ? et avec un iPad de 2017 ça passe ou pas', 2],
    ['es', '¿Cuánto tarda? y con un iPad de 2017 se puede o no', 2],
    // Spoken German drops the "e" ("würd mich interessieren"); "wozu" opens a question.
    ['de', 'Wozu das Ganze. Außerdem würd mich interessieren, wer meine Fotos sieht.', 2],
  ] as const)('%s: %p has %i question(s)', (lang, text, count) => {
    expect(sentencesIn(lang, text).filter((s) => s.question)).toHaveLength(count);
  });
});

describe('a quoted message on screen leads, in other languages', () => {
  const kbs = knowledgeWithout();

  it.each([
    [
      'de',
      'Seit gestern kommt bei jedem Versuch „Invalid Profile“. Was bedeutet das?',
      'invalid-profile',
    ],
    [
      'ja',
      '設定で登録すると「無効なプロファイル」と出ます。どうすればいいですか？',
      'invalid-profile',
    ],
    // A generic message quoted ("sign-in failed") gives way to the problem the rest names.
    [
      'ja',
      '仕事用アドレスを入れると「サインインに失敗しました」となり、英語で does not support the expected services と出ます',
      'sign-in-cant-find-server',
    ],
    // A story whose question names nothing of its own ("what does it mean?") asks about the quote.
    [
      'es',
      'Llevo desde anoche intentando inscribir el iPad. En Ajustes, después de poner mi correo del trabajo, sale «Este servicio no es compatible». A mi compañero le pasa igual. ¿Qué quiere decir este mensaje?',
      'service-not-supported',
    ],
    [
      'de',
      'Ich will seit gestern mein iPad anmelden. In den Einstellungen kommt nach meiner Firmenadresse „Dieser Dienst wird nicht unterstützt“. Beim Kollegen genauso. Was heißt diese Meldung?',
      'service-not-supported',
    ],
  ] as const)('%s: %p', (lang, text, article) => {
    expect(readAnswers(kbs, lang, text)).toEqual({ kind: 'one', ids: [article] });
  });
});

describe("a quote that is word for word an article's own message", () => {
  // Without the example questions, so the reading itself is what is tested.
  const sets = fs
    .readdirSync(path.join(__dirname, '../../fixtures/qa'))
    .map((f) => f.replace(/\.json$/, ''));
  const bare = knowledgeWithout(...sets);

  it.each([
    ['ja', 'ログインしたら「無効なプロファイル」って出て先に進めません'],
    ['ja', 'サインインすると「無効なプロファイル」と表示されて先へ進めません'],
    // Typed as a sentence of its own, without quote marks, then a question that names nothing.
    ['fr', "Invalid Profile. C'est tout ce qu'il m'affiche, rien d'autre. Une idée ?"],
  ] as const)('%s: %p is answered by that article, not the general one', (lang, text) => {
    expect(readAnswers(bare, lang, text)).toEqual({ kind: 'one', ids: ['invalid-profile'] });
  });
});

describe('a message copied from the screen, then a question on another topic', () => {
  const kbs = knowledgeWithout();

  it('answers both: the message quoted and the question', () => {
    const kb = knowledgeIn(kbs, 'fr');
    const reading = readOtherLanguage(
      kb,
      "Outlook m'affiche « Votre appareil doit être inscrit ». Au fait, pourquoi est-ce que j'ai besoin de Microsoft Authenticator sur mon téléphone ?",
      'fr',
    );
    expect(reading.kind).toBe('several');
    if (reading.kind !== 'several') return;
    expect(reading.parts.map((p) => p.answer.kind === 'answer' && p.answer.hit.article.id)).toEqual(
      ['work-app-says-enroll', 'microsoft-authenticator-required'],
    );
    // The first is shown as the sentence the person typed, quote and all.
    expect(reading.parts[0]?.text).toContain('Outlook');
  });

  it.each([
    [
      'es',
      'Outlook me dice que tengo que actualizar la app para seguir usándola. Aparte de eso, ¿la empresa puede ver dónde estoy con el móvil?',
      ['work-app-must-update', 'privacy-location'],
    ],
    [
      'de',
      'Teams sagt mir, dass mein iPhone erst registriert werden muss. Außerdem: Kann die Firma sehen, wo ich mich gerade befinde?',
      ['work-app-says-enroll', 'privacy-location'],
    ],
  ] as const)(
    '%s: answers what an app says, told in words, and the question after it',
    (lang, text, ids) => {
      expect(readAnswers(kbs, lang, text)).toEqual({ kind: 'several', ids: [...ids] });
    },
  );
});

describe('a story ending in a question that names nothing, in other languages', () => {
  const kbs = knowledgeWithout();

  it.each([
    [
      'de',
      'Guten Morgen. Seit dem Wochenende nutze ich Outlook auf meinem iPhone. Heute sagt die App bei jedem Start, dass sie aktualisiert werden muss. Ist das schlimm? Was muss ich jetzt machen?',
      'work-app-must-update',
    ],
    // The sentence with the device and its version tells no problem.
    [
      'es',
      'Hola. Ayer borré Microsoft Authenticator porque lo leí en un foro. Tengo un iPhone 14 con iOS 16.1. ¿Y ahora qué hago?',
      'authenticator-removed-what-now',
    ],
  ] as const)('%s: %p is about the problem told before it', (lang, text, article) => {
    expect(readAnswers(kbs, lang, text)).toEqual({ kind: 'one', ids: [article] });
  });

  // No problem told: the question ("where do I get such a thing?") asks about what the sentences
  // before it name.
  it.each([
    [
      'de',
      'Im Wiki steht, dass ich eine „verwaltete Apple-ID“ brauche. Woher krieg ich sowas? Hab nur die private.',
      'managed-apple-account',
    ],
  ] as const)('%s: %p is about what the sentences before it name', (lang, text, article) => {
    expect(readAnswers(kbs, lang, text)).toEqual({ kind: 'one', ids: [article] });
  });
});

describe('German: taking the device out ("raus")', () => {
  const kbs = knowledgeWithout();

  it.each([
    ['Wie bekomme ich mein iPhone wieder aus Intune raus?', 'unenroll-device'],
    ['Was wird alles gelöscht, wenn ich das iPad später rausnehme?', 'what-unenroll-removes'],
  ] as const)('%p is about removing it', (text, article) => {
    expect(readAnswers(kbs, 'de', text)).toEqual({ kind: 'one', ids: [article] });
  });
});

describe('the message on screen, as a French iPhone shows it', () => {
  // Without the examples of the set that first asked it, as when it was unseen.
  const kbs = knowledgeWithout('unseen-23-fr');
  it('reads « Ce service n’est pas pris en charge » as the service that is not supported', () => {
    expect(
      readAnswers(
        kbs,
        'fr',
        "jai « Ce service n'est pas pris en charge » direct apres avoir mis mon mail pro, c de ma faute ??",
      ),
    ).toEqual({ kind: 'one', ids: ['service-not-supported'] });
  });
});

describe('asking to be guided, in the dialects of the fresh rounds', () => {
  it.each([
    ['fr', "Tu peux-tu me walker à travers l'inscription step by step ?"],
    ['fr', 'Tanpri eksplike m etap pa etap kijan pou m enskri telefòn mwen'],
    ['ja', 'iPhoneの登録、いっこずつ教えてほしいです'],
    // Round 29/25: Cajun, Lower Bavarian, paisa and Andean Spanish.
    ['fr', 'montre-moi comment mettre mon phone sur le système, une étape à la fois'],
    ['de', 'i bräucht des langsam und der Reihe nach erklärt, des mit dem Handy'],
    ['es', 'hágale, guíeme para registrar el celular, que ya me toca'],
    ['es', 'me vas diciendo paso a paso cómo meto el celu en lo de la empresa?'],
    // Round 30/26: Dakar French, guided without "step by step".
    ['fr', 'guide-moi ndank ndank pour mettre mon iPhone dans le système du taf stp'],
    ['es', 'guíame para poner mi celular en el sistema de la chamba porfa'],
    // Round 31/27: Palatinate ("Schritt fer Schritt", "eirichte").
    ['de', 'Kannsch mer Schritt fer Schritt zeige, wie isch mei iPhone eirichte?'],
  ] as const)('%s: %p asks to be guided', (lang, text) => {
    expect(isGuideRequestIn(lang, text)).toBe(true);
  });

  it.each([
    ['de', 'Können Sie mir erklären, was User Enrollment ist?'],
    ['es', 'Ya terminé de inscribir el iPad, ¿qué app abro primero?'],
  ] as const)('%s: %p is no request to be guided', (lang, text) => {
    expect(isGuideRequestIn(lang, text)).toBe(false);
  });
});

describe('asking whether one may enroll', () => {
  it.each([
    ['fr', "comment ça se passe avec la 15.8, je peux quand même m'inscrire ou pas"],
    ['es', '¿cómo va con la 15.8, me puedo inscribir igual o no'],
    // Joined to a question before it ("Und kann ich…", "Et je peux…", "Y puedo…").
    ['de', 'Und kann ich zusätzlich zum iPhone auch mein iPad anmelden?'],
    ['fr', 'Et je peux aussi inscrire mon iPad en plus de mon iPhone ?'],
    // "Can it be…" without a person ("se puede"); "así como está" is no "how".
    ['es', '¿Se puede inscribir así como viene o no hay manera?'],
    ['es', '¿Hay alguna forma de registrarlo como está ahora?'],
    // The question is the clause after what one tells ("hab noch iOS 16.7.10, kann ich …").
    [
      'de',
      'hab am Handy noch iOS 16.7.10, kann ich damit überhaupt registrieren oder muss ich vorher updaten?',
    ],
    ['fr', "j'ai encore iOS 16.7, est-ce que je peux m'inscrire comme ça ?"],
    // A message quoted in single quotes tells a problem; the way a colleague did it, asked about.
    ['de', "Bei mir kommt 'Ungültiges Profil', wenn ich mein iPad anmelden will"],
    [
      'de',
      'Mein Kollege hat sein Handy übers Unternehmensportal angemeldet. Geht das heute noch so?',
    ],
    // Done already: "terminé el registro".
    ['es', 'Terminé el registro del celular, ¿qué app tengo que abrir primero?'],
  ] as const)('%s: %p asks whether, it is no request to enroll', (lang, text) => {
    expect(isEnrollIntentIn(lang, text)).toBe(false);
  });
});

describe('asking to be walked through it, in other languages', () => {
  it.each([
    ['de', 'Könnten Sie mich Schritt für Schritt durch die Einrichtung meines iPads führen?', true],
    ['fr', "Vous pouvez m'accompagner pour inscrire mon iPhone ?", true],
    ['es', '¿Me guías paso a paso para inscribir el móvil?', true],
    ['ja', 'iPhoneの登録を一つずつ案内してください', true],
    // Words that start with an accented letter ("étape") are words too.
    ['fr', "On pourrait faire l'inscription de mon iPad ensemble, étape par étape ?", true],
    // Doing it together is being walked through it.
    ['fr', "on peut faire l'inscription de mon iPad ensemble ? je veux pas rater", true],
    ['es', '¿podemos hacer la inscripción juntos? no quiero liarla', true],
    // Asking about enrolling is no request to be walked through it.
    ['de', 'Wie viele Geräte darf ich registrieren?', false],
    ['fr', "Pourquoi l'inscription est-elle obligatoire ?", false],
  ] as const)('%s: %p → %s', (lang, text, expected) => {
    expect(isGuideRequestIn(lang, text)).toBe(expected);
  });
});

describe('two questions, one of them answerable', () => {
  const kbs = knowledgeWithout();

  it('answers the question it can rather than guessing on the whole message', () => {
    const kb = knowledgeIn(kbs, 'de');
    const reading = readOtherLanguage(
      kb,
      'Wo ist die Geräteverwaltung in den Einstellungen? Und kann ich morgen den Besprechungsraum im dritten Stock buchen?',
      'de',
    );
    expect(reading.kind).toBe('one');
    if (reading.kind !== 'one') return;
    expect(reading.part.answer.kind === 'answer' && reading.part.answer.hit.article.id).toBe(
      'find-vpn-device-management',
    );
  });
});

describe('Spanish, from a fresh set of questions (unseen-7-es)', () => {
  const kbs = knowledgeWithout('unseen-7-es', 'unseen-es');

  it.each([
    // Asking whether a person is there, after an apology.
    ['es', 'perdona, ¿eres un bot o hay alguien ahí?', 'identity'],
    ['fr', "pardon, tu es un bot ou il y a quelqu'un ?", 'identity'],
    ['de', 'Entschuldigung, bist du ein Bot oder ist da jemand?', 'identity'],
    // A failure told without detail, in words of its own.
    ['es', 'ya lo volví a intentar y nada, igualito', 'vague-failure'],
  ] as const)('%s: %p is small talk (%s)', (lang, text, act) => {
    expect(smallTalkIn(lang, text)).toBe(act);
  });

  it('a statement opening with "Es" asks nothing: the request to be guided stays one', () => {
    const text =
      '¿Me puedes ir guiando paso a paso para dar de alta mi iPhone personal? Es la primera vez que lo hago';
    expect(sentencesIn('es', text).map((s) => s.question)).toEqual([true, false]);
    const kb = knowledgeIn(kbs, 'es');
    const reading = readOtherLanguage(kb, text, 'es');
    expect(reading.kind === 'one' && reading.part.enroll).toBe(true);
  });

  it.each([
    // "y otra," joins the second question; "meter" the iPad is enrolling it.
    [
      'Dos dudas: ¿la empresa puede ver mis fotos y los whatsapps si registro el móvil? y otra, puedo meter también el iPad o solo se puede uno?',
      ['privacy-personal-data', 'enroll-more-than-one-device'],
    ],
    // "Y otra cosa," with a capital: the joining words are still set aside.
    [
      'Abro Teams en el iPhone y me dice que el dispositivo tiene que estar inscrito para acceder, qué hago? Y otra cosa, para qué necesito el Authenticator si ya tengo el código por SMS?',
      ['work-app-says-enroll', 'microsoft-authenticator-required'],
    ],
  ] as const)('%p answers both', (text, ids) => {
    expect(readAnswers(kbs, 'es', text)).toEqual({ kind: 'several', ids });
  });

  it('a question joined on that names nothing ("¿es normal y qué apps son?") goes with the one before', () => {
    const text =
      'Después de registrarme me están saltando un montón de avisos para instalar apps, ¿es normal y qué apps son?';
    expect(readAnswers(kbs, 'es', text)).toEqual({
      kind: 'one',
      ids: ['work-apps-install-prompts'],
    });
  });

  it('a question of its own that names one thing ("¿Y mis fotos?") is still a question', () => {
    expect(readAnswers(kbs, 'es', '¿La empresa puede ver mi ubicación? ¿Y mis fotos?').ids).toEqual(
      ['privacy-location', 'privacy-personal-data'],
    );
  });

  it('a sentence without a clear answer is read from its "¿", where the asking starts', () => {
    expect(
      readAnswers(
        kbs,
        'es',
        'Buenas tardes. Mi jefe me ha pedido que ponga el correo del trabajo en mi iPhone, pero tengo bastantes dudas porque en este móvil llevo toda mi vida: fotos de mis hijos, conversaciones con mi familia y la app del banco. Un compañero me ha dicho que la empresa puede resetear el teléfono cuando quiera si te vas o lo pierdes. Antes de dar el paso, ¿es verdad que pueden borrar el teléfono completo?',
      ),
    ).toEqual({ kind: 'one', ids: ['privacy-wipe'] });
  });
});

describe('fresh sets unseen-8 (de, fr, es, ja)', () => {
  const kbs = knowledgeWithout('unseen-8-de', 'unseen-8-fr', 'unseen-8-es', 'unseen-8-ja');

  it('starts a new sentence where chat starts one in lower case, joining on or asking', () => {
    expect(
      sentencesIn(
        'de',
        'Teams meckert wegen Authenticator. btw was ist das neue Icon auf dem Homebildschirm?',
      ),
    ).toEqual([
      { text: 'Teams meckert wegen Authenticator.', question: false },
      { text: 'btw was ist das neue Icon auf dem Homebildschirm?', question: true },
    ]);
    // An abbreviation in lower case goes on: "bzw. mein iCloud".
    expect(sentencesIn('de', 'Bleibt meine Apple-ID bzw. mein iCloud unberührt?')).toHaveLength(1);
  });

  it('reads a question joined on without a question mark ("y pa qué…") as a question', () => {
    expect(
      sentencesIn(
        'es',
        'con qué cuenta entro, la mía o la del trabajo? y pa qué sirve el Authenticator ese',
      ).map((s) => s.question),
    ).toEqual([true, true]);
  });

  it('asking whether the old way still works ("今もそのやり方でいけますか") is no request to enroll', () => {
    expect(
      isEnrollIntentIn(
        'ja',
        '前はCompany Portalアプリから私物iPadを登録した記憶があるけど、今もそのやり方でいける？',
      ),
    ).toBe(false);
  });

  it('asking whether one can enroll, after telling something, is no request to enroll', () => {
    expect(
      isEnrollIntentIn(
        'de',
        'Hallo, mein iPhone 8 hat iOS 16.7.10, höher kann es nicht. Kann ich das trotzdem für die Arbeit anmelden?',
      ),
    ).toBe(false);
    expect(
      isEnrollIntentIn(
        'es',
        'Tengo un iPad viejo que no pasa de iPadOS 15.8 y no me deja actualizar más. ¿Puedo registrarlo igual como personal?',
      ),
    ).toBe(false);
    // Telling, then asking to be taken through it, still is.
    expect(isEnrollIntentIn('de', 'Hallo zusammen. Ich möchte mein iPhone anmelden.')).toBe(true);
    expect(isEnrollIntentIn('es', 'Buenas. ¿Cómo inscribo mi iPhone?')).toBe(true);
  });

  it('telling what the screen shows, or that one has finished, is no request to enroll', () => {
    expect(
      isEnrollIntentIn(
        'es',
        "me sale 'Has añadido el número máximo de dispositivos' y yo solo quiero inscribir este iPhone",
      ),
    ).toBe(false);
    expect(
      isEnrollIntentIn(
        'fr',
        "je crois avoir terminé l'inscription, mais comment être sûre que c'est pris en compte ?",
      ),
    ).toBe(false);
  });

  it('asking how to check one is enrolled is no request to enroll', () => {
    expect(isEnrollIntentIn('fr', 'comment je vérifie que mon ipad est bien inscrit ?')).toBe(
      false,
    );
    expect(isEnrollIntentIn('es', '¿cómo compruebo que el iPhone quedó inscrito?')).toBe(false);
    expect(isEnrollIntentIn('de', 'Wie prüfe ich, ob mein iPad richtig registriert ist?')).toBe(
      false,
    );
  });

  it.each([
    ['fr', "re, j'ai refait comme t'as dit et ça bloque toujours"],
    ['ja', '最初からやり直してみましたが、うまくいかないです'],
  ] as const)('%s: %p is a failure told without detail', (lang, text) => {
    expect(smallTalkIn(lang, text)).toBe('vague-failure');
  });

  it('a question asking only for help ("どうすりゃいいの") is about the message quoted before it', () => {
    expect(
      readAnswers(
        kbs,
        'ja',
        'Outlookを開いたら「デバイスを登録する必要があります」って出た。どうしよう。ついでに、登録すると私のApple IDやiCloudに影響ありますか？',
      ),
    ).toEqual({ kind: 'several', ids: ['work-app-says-enroll', 'personal-apple-id'] });
  });

  it.each([
    [
      'de',
      'Ich hab gestern Abend über den Link in Safari das Profil geladen und bin dann eingeschlafen. Heute früh ist in den Einstellungen kein Profil mehr zu sehen, es hieß kurz abgelaufen. Muss ich jetzt wieder von vorne anfangen?',
    ],
    [
      'fr',
      "J'ai ouvert le lien dans Safari hier soir et le profil s'est téléchargé. Ce matin il n'est plus dans les Réglages, il était marqué expiré. Je dois tout recommencer ?",
    ],
  ] as const)(
    '%s: asking whether to start over is about the problem the story told',
    (lang, text) => {
      expect(readAnswers(kbs, lang, text)).toEqual({
        kind: 'one',
        ids: ['web-enrollment-profile-expired'],
      });
    },
  );

  it('a problem told without quoting ("Teams meckert…") is answered beside the question after it', () => {
    expect(
      readAnswers(
        kbs,
        'de',
        'Nach der Registrierung meckert Teams wegen Authenticator, dabei hab ich alles gemacht. btw was ist dieses Unternehmensportal-Icon, das auf meinem Homebildschirm aufgetaucht ist?',
      ),
    ).toEqual({
      kind: 'several',
      ids: ['work-app-authenticator-error', 'company-portal-website-web-app'],
    });
  });
});

describe('fresh sets unseen-9 (de, fr, es, ja)', () => {
  it.each([
    ['ja', 'やっぱりまだダメっぽいですね', 'vague-failure'],
    ['ja', '教わった通りにやってみたんですけど、結局うまくいきませんでした', 'vague-failure'],
    ['ja', '本当にありがとうございました〜すごく助かりました', 'thanks'],
    ['ja', 'これってボットが返信してるんですか？それとも人？', 'identity'],
    ['es', 'muchas gracias, ya me quedó listo', 'thanks'],
    ['es', 'oye pero usted es una persona o un bot?', 'identity'],
    ['es', 'hice lo que me dijiste y nada, sigue sin jalar, no jala', 'vague-failure'],
  ] as const)('%s: %p is small talk (%s)', (lang, text, act) => {
    expect(smallTalkIn(lang, text)).toBe(act);
  });

  it.each([
    ['es', 'me ayudas a meter el iphone en lo de la empresa? ve diciéndome qué hacer'],
    ['fr', "on fait l'inscription de mon iPad ensemble ? j'y connais rien"],
    ['de', 'Können wir die Registrierung meines iPhones zusammen machen?'],
    ['ja', 'iPadの登録、一緒にやってもらえますか？'],
  ] as const)('%s: %p asks to be walked through it', (lang, text) => {
    expect(isGuideRequestIn(lang, text)).toBe(true);
  });
});

describe('fresh sets unseen-10 (de, fr, es, ja)', () => {
  it.each([
    // Small talk made of its usual words in an order no phrase list has.
    ['es', 'joya, ya está, gracias che', 'thanks'],
    ['es', 'órale, sale pues, hasta luego', 'goodbye'],
    ['es', 'epa, buenas tardes', 'greeting'],
    ['fr', 'Top, tout roule maintenant, merci et bonne soirée', 'thanks'],
    ['de', 'Passt jetzt, tausend Dank und schönes Wochenende', 'thanks'],
    ['ja', '了解しました！本当に助かりました〜m(_ _)m', 'thanks'],
    ['ja', 'ほなまた、何かあったら聞くわ', 'goodbye'],
    // Asking who answers, in words of their own.
    ['de', 'Chatte ich gerade mit einem Menschen oder mit einer KI?', 'identity'],
    ['ja', 'これってAIが返事してるの？', 'identity'],
    // "It still fails", in everyday and regional words.
    ['es', 'lo volví a probar y nada, sigue igualito', 'vague-failure'],
    ['ja', 'やってみたけど全然直らんわ', 'vague-failure'],
  ] as const)('%s: %p is small talk (%s)', (lang, text, act) => {
    expect(smallTalkIn(lang, text)).toBe(act);
  });

  it.each([
    // Small-talk words around a word of failure or of a question are no thanks.
    ['ja', 'まだできない'],
    ['ja', 'ありがとう、でも登録がまだできない'],
    ['es', 'gracias, pero ya no me deja entrar'],
    ['fr', "merci, mais c'est toujours bloqué sur l'écran du profil"],
    ['de', 'Danke, aber das iPad hat noch nicht geklappt'],
  ] as const)('%s: %p is not small talk of thanks or goodbye', (lang, text) => {
    expect(['thanks', 'goodbye', 'ack', 'greeting']).not.toContain(smallTalkIn(lang, text));
  });

  it.each([
    // Asked one step at a time to put the work things on the phone: the guide.
    ['fr', "tu peux m'expliquer comment mettre les trucs du bureau sur mon tél, étape par étape ?"],
    ['es', 'explicame paso a paso como instalar lo del laburo en el celu'],
    [
      'de',
      'Kannst du mir Schritt für Schritt zeigen, wie ich das Firmenzeug aufs Handy installiere?',
    ],
    // Voseo, "de a poco", and "mit mir durch…" (fresh set unseen-15).
    ['es', 'me explicás de a poco cómo enrolo el iphone?'],
    ['de', 'Gehst du das Einrichten vom iPad amal mit mir durch?'],
  ] as const)('%s: %p asks to be walked through it', (lang, text) => {
    expect(isGuideRequestIn(lang, text)).toBe(true);
  });

  it('installing one app on the phone is no request to be guided through enrolling', () => {
    expect(isGuideRequestIn('fr', 'comment installer Authenticator sur mon iphone ?')).toBe(false);
  });
});

describe('asking what goes when the device leaves management', () => {
  const kbs = loadKnowledgeBases();
  it.each([
    ['en', 'If I take my phone out of Intune, what exactly gets deleted off it?'],
    ['de', 'Falls ich das Handy aus der Verwaltung nehme, was wird da eigentlich alles gelöscht?'],
    ['fr', "Si je sors mon iPad de la gestion, qu'est-ce qui est effacé au juste ?"],
    ['es', 'Cuando saque el móvil de la gestión, ¿qué se borra de verdad?'],
    ['ja', '管理から外したら、何が消えるんですか？'],
  ] as const)('%s: %p is answered with what is removed, not the steps', (lang, text) => {
    const kb = knowledgeIn(kbs, lang);
    const answer = kb.answer(text);
    expect(answer.kind === 'answer' && answer.hit.article.id).toBe('what-unenroll-removes');
  });
});

describe('fresh sets unseen-11 (de, fr, es, ja)', () => {
  it.each([
    // Asking who answers: a bot named beside a person, or "are you…", in a short question.
    ['de', 'Ganz ehrlich: bist du eine KI, oder liest das ein Mensch aus der IT?', 'identity'],
    ['fr', "Wesh, c'est un bot ou il y a une vraie personne derrière ?", 'identity'],
    ['es', 'oiga, ¿usted es un programa o hay alguien ahí?', 'identity'],
    ['ja', 'すみません、これってbotですか？人が答えてます？', 'identity'],
    // Thanks and goodbyes in words of their own order.
    ['fr', "merci bcp, c'est réglé, bonne soirée", 'thanks'],
    ['ja', '無事できました！ありがとうございます(^^)', 'thanks'],
    ['ja', '了解しました、また何かあったら聞きます。お疲れさまでした', 'goodbye'],
    // "Still no luck", formally or in regional words.
    ['de', 'Habe es wie beschrieben umgesetzt, aber weiterhin erfolglos.', 'vague-failure'],
    ['es', 'hice lo que decía y no resulta nomás', 'vague-failure'],
  ] as const)('%s: %p is small talk (%s)', (lang, text, act) => {
    expect(smallTalkIn(lang, text)).toBe(act);
  });

  it.each([
    // A question made of small-talk words asks; a question naming a machine is no identity one.
    ['fr', "Ma machine ne démarre plus, c'est normal ?"],
    ['fr', "C'est quoi un compte Apple géré ? Je n'en ai jamais eu."],
    ['de', 'Kann der Bot meine Fotos sehen?'],
  ] as const)('%s: %p is not small talk', (lang, text) => {
    expect(smallTalkIn(lang, text)).toBeUndefined();
  });

  it('asking to be taken through adding one’s iPad, one step at a time, asks to be guided', () => {
    expect(
      isGuideRequestIn(
        'fr',
        "J'aimerais qu'on m'accompagne pas à pas pour ajouter mon iPhone perso",
      ),
    ).toBe(true);
  });
});

describe('a second question told as wanting to know, or joined on with "au passage"', () => {
  const kbs = loadKnowledgeBases();
  it.each([
    [
      'es',
      '¿Qué es la cuenta de Apple gestionada y quién me la da? También quería saber si la empresa ve mi cuenta de Apple personal',
      ['managed-apple-account', 'personal-apple-id'],
    ],
    [
      'de',
      'Was ist ein verwalteter Apple Account und woher bekomme ich ihn? Außerdem würde ich gerne wissen, ob die Firma meine Fotos sehen kann.',
      ['managed-apple-account', 'privacy-personal-data'],
    ],
    [
      'fr',
      "Où se trouve VPN et gestion de l'appareil ? Et au passage, où je vois que l'inscription a marché ?",
      ['find-vpn-device-management', 'confirm-enrollment'],
    ],
  ] as const)('%s: %p answers both', (lang, text, ids) => {
    expect(readAnswers(kbs, lang, text)).toEqual({ kind: 'several', ids });
  });
});

describe('fresh sets unseen-12 (de, fr)', () => {
  it('reads "et est ce que …" typed without a hyphen or question mark as a question', () => {
    const [, second] = sentencesIn(
      'fr',
      'il faut quel iOS au minimum ? et est ce que ca change quelque chose sur mon icloud ou pas du tout',
    );
    expect(second?.question).toBe(true);
  });

  it.each([
    [
      'de',
      'Welches Konto nehme ich für die Anmeldung? Und ganz allgemein: was genau kann die IT dann auf meinem Handy alles einstellen oder sehen?',
      ['which-account-to-sign-in', 'privacy-what-it-can-do'],
    ],
    [
      'fr',
      'il faut quel iOS au minimum ? et est ce que ca change quelque chose sur mon compte apple perso ou pas du tout',
      ['os-requirements', 'personal-apple-id'],
    ],
  ] as const)('%s: %p answers both', (lang, text, ids) => {
    expect(readAnswers(loadKnowledgeBases(), lang, text)).toEqual({ kind: 'several', ids });
  });
});

describe('fresh sets unseen-12 (ja, de): a question naming nothing, a guide to click along with', () => {
  it('a question that names nothing ("どこから始めればいい？") is about the sentence it follows', () => {
    expect(
      readAnswers(
        loadKnowledgeBases(),
        'ja',
        '来月で異動なので、iPadの登録を解除したいと思っています。どこから始めればいいですか？それと、ホーム画面の「ポータル サイト」のアイコンって何ですか？',
      ),
    ).toEqual({ kind: 'several', ids: ['unenroll-device', 'company-portal-website-web-app'] });
  });

  it('a guide to click along with for one’s phone asks to be guided', () => {
    expect(
      isGuideRequestIn(
        'de',
        'hast du ne anleitung zum nachmachen fürs iphone? bin da nicht so fit',
      ),
    ).toBe(true);
  });
});

describe('fresh sets unseen-12: who answers, failures, a question beside a sentence told', () => {
  it.each([
    ['es', 'Hola, ¿eres un asistente virtual o una persona de verdad?', 'identity'],
    ['es', 'hice lo que me dijiste y nada, igual que antes', 'vague-failure'],
    ['ja', '先ほど教えてもらった通りにやったんですが、やっぱりダメでした', 'vague-failure'],
  ] as const)('%s: %p is small talk (%s)', (lang, text, act) => {
    expect(smallTalkIn(lang, text)).toBe(act);
  });

  it('answers the question when it and the sentence told beside it together name no subject', () => {
    expect(
      readAnswers(
        loadKnowledgeBases(),
        'de',
        'Sieht meine Chefin dann, wo ich mich gerade aufhalte? Ich hab das Handy ja auch im Urlaub und nach Feierabend dabei',
      ),
    ).toEqual({ kind: 'one', ids: ['privacy-location'] });
  });
});

describe('fresh sets unseen-13: asked to be guided one step at a time, "vos indications"', () => {
  it.each([
    ['ja', '機械が苦手なので、一つずつ順番に案内してもらえると助かります'],
    ['de', 'Könnten Sie mich bitte Schritt für Schritt begleiten? Ich bin da nicht so fit.'],
  ] as const)('%s: %p asks to be guided', (lang, text) => {
    expect(isGuideRequestIn(lang, text)).toBe(true);
  });

  it('"j\'ai suivi vos indications mais …" tells a failure', () => {
    expect(
      smallTalkIn('fr', "J'ai suivi toutes vos indications mais cela ne marche toujours pas"),
    ).toBe('vague-failure');
  });
});

describe('fresh set unseen-14 (de, fr, es, ja)', () => {
  it.each([
    // Regional words of thanks, greeting and goodbye; a greeting to "you guys".
    ['de', 'Merci vielmal, läuft jetzt tiptop', 'thanks'],
    ['es', 'Quiubo pana, cómo vas?', 'wellbeing'],
    ['fr', 'Salut les gars, merci bien', 'thanks'],
    ['ja', 'なまら助かりました！したっけね', 'thanks'],
    // Asking whether a person is in there ("中に人おる？").
    ['ja', 'これ自動応答？人おる？', 'identity'],
    // "It still fails", in regional words ("ça bug", "いかん", "y ahora qué").
    ['fr', 'ben ça bugue encore là', 'vague-failure'],
    ['es', 'hice lo que me dijiste y nada, y ahora qué', 'vague-failure'],
    ['ja', 'まだうまくいかんのだわ', 'vague-failure'],
  ] as const)('%s: %p is small talk (%s)', (lang, text, act) => {
    expect(smallTalkIn(lang, text)).toBe(act);
  });

  it.each([
    // A question addressed to a colleague word is still a question; a failure with detail tells it.
    ['es', '¿Cómo va el registro del iPad, parcero?'],
    ['fr', "l'inscription bug encore à l'étape du profil"],
    ['de', 'Hallo Leute, wo finde ich VPN und Geräteverwaltung?'],
  ] as const)('%s: %p is not small talk', (lang, text) => {
    expect(smallTalkIn(lang, text)).toBeUndefined();
  });
});

describe('German ordinals', () => {
  it('does not end a sentence at the dot of a date or a floor', () => {
    expect(
      sentencesIn('de', 'Wo trage ich den Urlaub für den 8. Dezember ein? Finde es nicht').map(
        (s) => s.text,
      ),
    ).toEqual(['Wo trage ich den Urlaub für den 8. Dezember ein?', 'Finde es nicht']);
    expect(sentencesIn('de', 'Der Drucker im 3. Stock druckt nicht.')).toHaveLength(1);
    // A version ending a sentence still ends it.
    expect(sentencesIn('de', 'Mein iPhone hat iOS 17. Geht das?')).toHaveLength(2);
  });
});

describe('small talk carrying a word no article uses (fresh round holdout-19 / unseen-15)', () => {
  const kbs = loadKnowledgeBases({ memo: 0 });

  it.each([
    ['es', 'genial, ya funciona, gracias loco', 'thanks'],
    ['fr', 'Nickel, merci bien, chapeau', 'thanks'],
    ['de', 'Hab alles so gemacht wie beschrieben, geht trotzdem nicht. Mei.', 'vague-failure'],
  ] as const)('%s: %p is small talk (%s)', (lang, text, act) => {
    const kb = knowledgeIn(kbs, lang);
    expect(smallTalkIn(lang, text, strangerTo(kb))).toBe(act);
    // Told nothing of strangers, the odd word keeps it from being small talk.
    expect(smallTalkIn(lang, text)).toBeUndefined();
  });

  it('a word the articles use is no stranger', () => {
    const kb = knowledgeIn(kbs, 'fr');
    expect(strangerTo(kb)('authenticator')).toBe(false);
    expect(strangerTo(kb)('17')).toBe(false);
    expect(smallTalkIn('fr', 'merci, ça joue, Authenticator', strangerTo(kb))).toBeUndefined();
  });
});

describe('fresh round holdout-20 / unseen-16 (de, fr, ja)', () => {
  it.each([
    ['ja', 'はいさい〜', 'greeting'],
    ['ja', 'やっぱりまだダメっす', 'vague-failure'],
    ['ja', 'やってみたけど、できねっちゃ', 'vague-failure'],
    ['fr', 'trop ouf, merci grave', 'thanks'],
    ['fr', 'ça ne marche toujours pas de mon côté', 'vague-failure'],
    ['de', 'dat klappt nit, immer noch nit', 'vague-failure'],
  ] as const)('%s: %p is small talk (%s)', (lang, text, act) => {
    expect(smallTalkIn(lang, text)).toBe(act);
  });
});

describe('fresh round holdout-21 / unseen-17 (de, fr, es, ja)', () => {
  it.each([
    ['es', 'venga, agur', 'goodbye'],
    ['fr', 'Merci vielmols, ça marche du premier coup', 'thanks'],
    ['ja', 'おかげさんで助かりました、おおきに', 'thanks'],
    ['ja', '本日からお世話になります、よろしくお願いします', 'greeting'],
    // Swabian, and longer than before.
    [
      'de',
      'Ich hab des alles genau so gemacht wie du des beschrieben hast, aber des klappt halt immer noch ned',
      'vague-failure',
    ],
  ] as const)('%s: %p is small talk (%s)', (lang, text, act) => {
    expect(smallTalkIn(lang, text)).toBe(act);
  });
});

describe('asking to be guided with a loanword or a spelling of one’s own', () => {
  it.each([
    ['de', 'kannst du mich einmal durch das ganze Setup durchlotsen? hab null Plan'],
    ['de', 'Könnten Sie mich step by step durch das Onboarding führen?'],
    ['ja', 'iPhoneの登録のやり方、step by stepでおしえてほしいです'],
    ['fr', 'tu peux me montrer step by step comment inscrire mon iphone ?'],
  ] as const)('%s: %p asks to be guided', (lang, text) => {
    expect(isGuideRequestIn(lang, text)).toBe(true);
  });
});

describe('enrolling named as a time, not asked for', () => {
  it.each([
    ['es', 'después de registrarme, la empresa ve dónde estoy los findes, quiero saberlo'],
    [
      'fr',
      'Je viens de terminer l’inscription de mon iPad, quelle appli dois-je ouvrir en premier ?',
    ],
    ['fr', 'lors de l’inscription de mon iPad j’ai « Profil non valide », que dois-je faire ?'],
    ['de', 'Beim Anmelden vom iPad kommt „Ungültiges Profil“, was muss ich tun?'],
  ] as const)('%s: %p is no request to be guided', (lang, text) => {
    expect(isEnrollIntentIn(lang, text)).toBe(false);
  });
});

describe('a question that asks only for help, after a problem told', () => {
  const kbs = knowledgeWithout();
  it('is about that problem', () => {
    const reading = readAnswers(
      kbs,
      'es',
      'Outlook no abre, dice que hay que actualizar la app antes. ¿Es cosa de ustedes o de Apple? como lo soluciono',
    );
    expect(reading.ids).toEqual(['work-app-must-update']);
  });
});

describe('a question about another subject beside one that names little', () => {
  const kbs = knowledgeWithout();
  it('is that other subject', () => {
    const kb = knowledgeIn(kbs, 'de');
    const reading = readOtherLanguage(
      kb,
      'Lohnt sich eher das iPhone 16 oder ein gebrauchtes 15 Pro, wenn ich mir bald ein neues kaufe? Was meint ihr?',
      'de',
    );
    expect(reading.kind === 'one' && reading.part.answer.kind).toBe('out-of-scope');
  });
});

describe('round 34/30: Zürich, Franconia, Buenos Aires, Sevilla, Toulouse', () => {
  // Without the examples of the sets these came from, as when they were unseen.
  const unseen = knowledgeWithout('unseen-30-de', 'unseen-30-fr', 'unseen-30-es');

  it.each([
    ['fr', 'Bonsoir, je souhaiterais être guidé pour inscrire mon iPhone perso svp'],
    ['es', '¿me podés guiar para registrar el celu? ni idea de esto'],
  ] as const)('%s: %p asks to be guided', (lang, text) => {
    expect(isGuideRequestIn(lang, text)).toBe(true);
  });

  it.each([
    // A question word after a preposition still asks about something.
    ['de', 'In welcher App soll ich mich als erstes anmelden?'],
    ['fr', "Dans quelle appli je dois m'inscrire en premier ?"],
    ['es', '¿En qué app me tengo que registrar primero?'],
  ] as const)('%s: %p asks about something, it is no request to enroll', (lang, text) => {
    expect(isEnrollIntentIn(lang, text)).toBe(false);
  });

  it('a Spanish "que" giving the reason after a question is no second question', () => {
    expect(
      sentencesIn('es', '¿Me explicás cómo inscribo el iPad? que no entiendo nada').map(
        (s) => s.question,
      ),
    ).toEqual([true, false]);
    // (Still a question when it ends in "?".)
    expect(
      sentencesIn('es', '¿Puedo inscribir el iPad? que más necesito?').map((s) => s.question),
    ).toEqual([true, true]);
  });

  it('the request to be guided, then the reason, is one request', () => {
    const kb = knowledgeIn(unseen, 'es');
    const reading = readOtherLanguage(
      kb,
      '¿Me vas explicando paso a paso cómo meto el iPhone en lo de la empresa? que me lío con estas cosas',
      'es',
    );
    expect(reading.kind === 'one' && reading.part.enroll).toBe(true);
  });

  it('"hab null Plan" is having no idea, not a question about rotas', () => {
    const kb = knowledgeIn(unseen, 'de');
    const reading = readOtherLanguage(
      kb,
      'kannst du mich step by step durchführen? hab null plan davon',
      'de',
    );
    expect(reading.kind).toBe('one');
    if (reading.kind !== 'one') return;
    expect(reading.part.answer.kind === 'out-of-scope' && reading.part.answer.topic).toBeFalsy();
  });

  it.each([
    // Swiss German as typed: "zruggsetze" (zurücksetzen), "abeglade", "hüt no", "gaht".
    ['Chönd die vo de IT mis Handy eifach zruggsetze wänn s wänd?', 'privacy-wipe'],
    [
      'Früener het mer doch d Unternehmensportal-App abeglade und sich det mitem private iPhone registriert. Gaht das hüt no so oder isch das abgschafft?',
      'company-portal-user-enrollment',
    ],
  ])('de: %p', (text, id) => {
    const kb = knowledgeIn(unseen, 'de');
    const reading = readMessage(kb, text, 'de');
    expect(reading.kind === 'one' && articleOf(reading.part)?.id).toBe(id);
  });
});

describe('round 35/31: Tyrol, Martinique, Nantes, Tosa and Okinawa', () => {
  // Without the examples of the sets these came from, as when they were unseen.
  const unseen = knowledgeWithout(
    'unseen-30-fr',
    'unseen-30-ja',
    'unseen-25-de',
    'unseen-31-de',
    'unseen-31-fr',
    'unseen-31-es',
  );
  const answered = (lang: 'de' | 'fr' | 'es' | 'ja', text: string): (string | undefined)[] => {
    const kb = knowledgeIn(unseen, lang);
    const reading = readMessage(kb, text, lang);
    if (reading.kind === 'small-talk') return [reading.act];
    const parts = reading.kind === 'one' ? [reading.part] : reading.parts;
    return parts.map((p) => (p.answer.kind === 'out-of-scope' ? 'out-of-scope' : articleOf(p)?.id));
  };

  it.each([
    // Tyrol: "kimmp", "donn", "gonze", "bricht … ob".
    [
      'de',
      "Bei der Anmeldung kimmp der SMS-Code, i gib ihn ein und donn bricht die gonze Registrierung ob. Hon's schun zwoamol probiert. Wos isch do los?",
      ['mfa-text-message-fails'],
    ],
    // Authenticator removed already ("runtergeschmissen": thrown off).
    [
      'de',
      'hab den Microsoft Authenticator runtergeschmissen weil ein Kollege meinte das muss vorher weg. war das jetzt blöd? wie gehts weiter',
      ['authenticator-removed-what-now'],
    ],
    // "Vous pouvez m'expliquer la démarche ?" asks for help with the message told before it.
    [
      'fr',
      "Bonsoir. Je suis au bureau de Limete et ce matin le chef nous a dit d'installer Teams et Outlook sur nos téléphones pour la réunion de demain. J'ai téléchargé Outlook depuis l'App Store, j'ai mis mon adresse et mon mot de passe. Là il m'affiche un message que mon appareil doit d'abord être inscrit / géré par l'organisation avant d'accéder aux mails. Je ne comprends pas ce qu'il faut faire, la réunion est demain à 9h. Vous pouvez m'expliquer la démarche ?",
      ['work-app-says-enroll'],
    ],
    // "iPadも…一緒に登録できるわけ?": another device too.
    [
      'ja',
      'iPhoneはさっき登録終わったっぽいけど、ちゃんとできてるかどうやって確認するば？ あとiPadも持ってるけど、こっちも一緒に登録できるわけ？',
      ['confirm-enrollment', 'enroll-more-than-one-device'],
    ],
  ] as const)('%s: %p', (lang, text, ids) => {
    expect(answered(lang, text)).toEqual(ids);
  });

  it('a request to be guided and "shall we do it together?" is one request', () => {
    const kb = knowledgeIn(unseen, 'fr');
    const reading = readOtherLanguage(
      kb,
      "Tu peux m'accompagner pour inscrire mon iPhone ? On le fait ensemble ?",
      'fr',
    );
    expect(reading.kind === 'one' && reading.part.enroll).toBe(true);
  });
});

describe('round 36/32: Japanese in spaced kana, "me ayudás", "bevor i … anmeld"', () => {
  it.each([
    ['ja', 'わたし の iPhone とうろく したい です。ステップ で おしえて ください'],
    // (The question alone, without the "paso por paso" of the sentence after it.)
    ['es', 'me ayudás a inscribir mi cel?'],
  ] as const)('%s: %p asks to be guided', (lang, text) => {
    expect(isGuideRequestIn(lang, text)).toBe(true);
  });

  it('a question asked before enrolling is no request to enroll', () => {
    expect(
      isEnrollIntentIn(
        'de',
        'Kurze Frage bevor i mei privates iPhone anmeld: sieht die Firma dann meine Handynummer oder die Seriennummer? Will ned dass die meine private Nummer haben',
      ),
    ).toBe(false);
  });

  it('"Is Teams grad hin?" is the service status, outside what the bot covers', () => {
    const kb = knowledgeIn(knowledgeWithout('unseen-32-de'), 'de');
    const reading = readMessage(
      kb,
      'Is Teams grad hin? Bei mir lädt seit 10 min gar nix mehr, Kollegen ham des gleiche',
      'de',
    );
    expect(reading.kind === 'one' && reading.part.answer.kind).toBe('out-of-scope');
  });
});

describe('round 33 (de, fr, es): chat in Carinthian, Lebanese and Colombian Spanish; asking whether before enrolling', () => {
  it.each([
    ['de', 'Bist du a echta Mensch oda lei a Computer?', 'identity'],
    ['es', 'Buenos días, ¿cómo está sumercé?', 'wellbeing'],
    ['de', 'Niente, gleiches Problem wie vorher 😩', 'vague-failure'],
    ['fr', 'non toujours pareil, ça veut pas', 'vague-failure'],
    // Round 34: Hessian greeting and "all good with you?"; "the same again".
    ['de', 'Ei gude wie! Alles klar bei dir?', 'wellbeing'],
    ['de', 'Wieder dasselbe, pff', 'vague-failure'],
  ] as const)('%s: %p is small talk (%s)', (lang, text, act) => {
    expect(smallTalkIn(lang, text)).toBe(act);
  });

  it('fr: "…ba3do ma 3am yemche" (Lebanese Arabic, "still not working") after doing as told is a failure told', () => {
    const kb = knowledgeIn(knowledgeWithout('unseen-33-fr'), 'fr');
    expect(
      readMessage(kb, "J'ai refait tout ce que tu m'as dit, ba3do ma 3am yemche 😩", 'fr'),
    ).toEqual({ kind: 'small-talk', act: 'vague-failure' });
  });

  it.each([
    // The IT department's name is no failure.
    ['de', 'Hat die IT das schon gelöst?'],
  ] as const)('%s: %p is not a failure told', (lang, text) => {
    expect(smallTalkIn(lang, text)).toBeUndefined();
  });

  it.each([
    // "If I enroll it, …?": asking what happens, not asking to enroll.
    'Una duda: si inscribo el iPhone, ¿me va a sacar de mi Apple ID personal? No quiero que se me revuelva mi iCloud',
    // "…or is it simply not possible?": asking whether.
    'Tengo un iPad en iPadOS 14.8. ¿Así como está lo puedo inscribir o de plano no se puede?',
  ])('es: %p is no request to enroll', (text) => {
    expect(isEnrollIntentIn('es', text)).toBe(false);
  });

  it('es: "si quiero inscribir…, ¿cómo lo hago?" still asks to enroll', () => {
    expect(isEnrollIntentIn('es', 'Si quiero inscribir mi iPhone, ¿cómo lo hago?')).toBe(true);
  });
});

describe('a link pasted in the message, in French and Spanish (rounds 33 and 34; read right already, kept as a guard)', () => {
  // Without every set that pastes the link: its examples would answer these by themselves.
  const kbs = knowledgeWithout('unseen-33-es', 'unseen-33-fr', 'unseen-34-es', 'unseen-34-fr');
  it.each([
    [
      'fr',
      "On m'a envoyé portal.manage.microsoft.com/enrollment/webenrollment/ios pour l'iPad du magasin. Comment ça se passe avec ce lien ?",
    ],
    [
      'es',
      'Me pasaron un enlace pa la tablet del taller, portal.manage.microsoft.com/enrollment/webenrollment/ios. Sin app ni nada. ¿Cómo va eso?',
    ],
  ] as const)('%s: %p asks about the link: web-based enrollment', (lang, text) => {
    const reading = readMessage(knowledgeIn(kbs, lang), text, lang);
    expect(reading.kind === 'one' && articleOf(reading.part)?.id).toBe(
      'web-based-device-enrollment',
    );
  });
});

describe('round 34 (de): asking to be piloted through it', () => {
  it.each([
    "Hoi, kasch mi bitte durch d'Registrierung durelotsa? I mach's lieber mit Aaleitung.",
    'Kannst du mich durch die Registrierung lotsen?',
  ])('%p asks to be guided', (text) => {
    expect(isGuideRequestIn('de', text)).toBe(true);
  });
});

describe('round 35: regional German as typed, read in standard words', () => {
  // Without the sets these came from (and those with like examples), as when they were unseen.
  const kbs = knowledgeWithout('unseen-22-de', 'unseen-33-de', 'unseen-35-de');
  it.each([
    [
      'Servus, i hob gestern den Microsoft Authenticator glöscht, weil i Platz aufm Handy braucht hob 🙈 jetz moan i des war a Fehler. Wos muas i jetz doa?',
      'authenticator-removed-what-now',
    ],
    [
      'Hob a neis iPhone kriagt und ois vom oidn per Backup rüberspuit. Muas i des mit da Firma jetz no amoi macha oder is des scho drauf?',
      'new-phone-or-restore',
    ],
    [
      "I hob damals bloß 'nur Arbeitsapps und Datn' gnumma. Jetz sogt da Chef, i soi s ganze Gerät schützn lassn. Ko ma des afach umstelln?",
      'switch-work-only-to-whole-device',
    ],
    [
      "Wen i Teams ufmache, chunnt d Meldig, mis Grät müess zersch registriert sy. I ha aber no nie öppis ygrichtet. Wie geit's witer?",
      'work-app-says-enroll',
    ],
    ['Kennan de vo da Firma dann segn, wo i grad bin?', 'privacy-location'],
    ['Wie kriag i des ganze Firmenzeugs wieder vom Handy ra?', 'unenroll-device'],
    // Standard German: "noch mal" is "nochmal" (again).
    [
      'Muss ich das iPhone noch mal registrieren, wenn ich ein Backup einspiele?',
      'new-phone-or-restore',
    ],
  ])('%p', (text, id) => {
    expect(botReads(kbs, 'de', text)).toEqual({ kind: 'one', ids: [id] });
  });

  it('"drücken" (to press) is no printing: pressing "Entfernte Verwaltung erlauben"', () => {
    expect(
      botReads(
        kbs,
        'de',
        "Sali zäme, bim Aamäude chunnt jitz es Fänschter 'Entfernte Verwaltung erlauben'. Was heisst das genau? Söu i das würklech drücke?",
      ),
    ).toEqual({ kind: 'one', ids: ['allow-remote-management'] });
    expect(botReads(kbs, 'de', 'Soll ich auf Erlauben drücken?').ids).toEqual([
      'allow-remote-management',
    ]);
  });

  it('two questions in Bavarian, the second about what taking it off deletes', () => {
    expect(
      botReads(
        kbs,
        'de',
        'Servus, zwoa Sachn: kenna de vo da Firma meine Fotos und WhatsApp lesn, wenn des Handy registriert is? Und wenn i des späda wieda weg doa, wos werd dann ois glöscht?',
      ).ids,
    ).toEqual(['privacy-personal-data', 'what-unenroll-removes']);
  });
});

describe('round 35: "which of the two do I take?" after the second Company Portal screen', () => {
  const kbs = knowledgeWithout('unseen-35-de', 'unseen-21-es', 'unseen-26-es', 'unseen-35-es');
  it.each([
    [
      'de',
      "Hab die Unternehmensportal-App aufgemacht, mich angemeldet, auf Beginnen gedrückt und 'Ich besitze dieses Gerät' ausgewählt, weil dat Handy ja meins is. Jetzt kütt aber noch so en zweiter Bildschirm, der will wissen, ob ich dat ganze Gerät schützen will oder nur die Arbeitsapps und Daten. Meine Frau meint, ich soll bloß nix machen, wat die Firma an unsere Urlaubsbilder lässt. Wat nehm ich denn da jetzt am besten? Hab erstmal abgebrochen.",
    ],
    [
      'es',
      'Me descargué el Portal de empresa porque es lo que ponía en el correo antiguo, inicié sesión y le di a Comenzar. Marqué que el móvil es mío y ahora me saca otra pantalla con dos opciones, una de proteger todo el dispositivo y otra de solo las aplicaciones y datos del trabajo. Yo el móvil lo uso para todo, para el banco, fotos de los críos, de todo. ¿Cuál de las dos tengo que elegir?',
    ],
  ] as const)('%s: %p is about the two choices', (lang, text) => {
    // (Since round 46's Cologne examples, the German story reads as the article on enrolling
    // from the Company Portal app, whose summary names the same pick: "Nur arbeitsbezogene Apps
    // und Daten schützen". Either answers the question; the reading itself is left open.)
    const ids = readAnswers(kbs, lang, text).ids;
    expect(ids).toHaveLength(1);
    expect(
      lang === 'de'
        ? ['secure-entire-device-or-work-only', 'enroll-with-company-portal-choice']
        : ['secure-entire-device-or-work-only'],
    ).toContain(ids[0]);
  });
});

describe('round 35: French, Spanish and Japanese', () => {
  const kbs = knowledgeWithout('unseen-35-fr', 'unseen-35-es', 'unseen-35-ja', 'unseen-6-ja');
  it('fr: "il me faut Authenticator ?" asks whether it is needed', () => {
    expect(
      readAnswers(
        kbs,
        'fr',
        "Pour s'inscrire je mets quel compte et quel mot de passe, celui de mon iCloud ou celui du boulot ? Et 3lah il me faut Microsoft Authenticator en plus ?",
      ).ids,
    ).toEqual(['which-account-to-sign-in', 'microsoft-authenticator-required']);
  });

  it('fr: "qu\'est-ce qui s\'est passé et je fais comment ?" is about what the story told (IT retired it)', () => {
    expect(
      readAnswers(
        kbs,
        'fr',
        "Bonsoir. Depuis ce matin toutes mes applis du travail ont disparu de mon iPhone, Outlook, Teams, tout. Je n'ai rien touché moi, je le jure. J'ai changé de direction la semaine passée ici à Libreville, et un collègue dit que c'est l'informatique qui a retiré mon téléphone de leur système. Mes photos sont encore là heureusement. Qu'est-ce qui s'est passé exactement et je fais comment maintenant ?",
      ).ids,
    ).toEqual(['it-retire']);
  });

  it('es: "qué mail pongo" is the e-mail to sign in with', () => {
    expect(
      readAnswers(
        kbs,
        'es',
        'cuando me pide iniciar sesión con cuenta de trabajo o escuela qué mail pongo?? el de gmail o el de la empresa? y la contraseña cuál sería',
      ).ids,
    ).toEqual(['which-account-to-sign-in']);
  });

  it('ja: "リタイヤって何されたん？" asks what a retire is, and "これからどうなるん" what now about it', () => {
    expect(
      readAnswers(
        kbs,
        'ja',
        '今月から部署異動になったんよ。ほんで昨日の夜、いきなりOutlookとTeamsがiPhoneから消えとってびっくりしたわ。情シスの人に聞いたら「デバイスをリタイヤしました」って言われたんやけど、それ以上なんも説明なかったきん。リタイヤって何されたん？これからどうなるんか、なんかせなんことあるんか教えてつか。',
      ).ids,
    ).toEqual(['it-retire']);
  });

  it('ja: "登録ってどうやって外すん？" asks how to take the enrollment off (外す: 解除)', () => {
    expect(
      readAnswers(
        kbs,
        'ja',
        'iPhoneの登録ってどうやって外すん？ほんで外したら何が消えるんかも知りたいわ',
      ).ids,
    ).toEqual(['unenroll-device', 'what-unenroll-removes']);
  });

  it.each([
    [
      'fr',
      'Je dois changer de téléphone, vous me conseillez quel iPhone pour le travail ? le 16 ou le 17 ?',
    ],
    [
      'de',
      'Lohnt sich dat, wenn ich mir jetzt dat neue iPhone hol, oder lieber en Samsung? Wat meint ihr?',
    ],
  ] as const)('%s: %p asks which phone to buy, over two sentences', (lang, text) => {
    const reading = readOtherLanguage(
      knowledgeIn(knowledgeWithout('unseen-35-fr', 'unseen-35-de'), lang),
      text,
      lang,
    );
    expect(reading.kind === 'one' && reading.part.answer).toMatchObject({
      kind: 'out-of-scope',
      topicId: 'device-purchase',
    });
  });

  it('fr: a version\'s minor numbers are no words ("bloqué en iOS 12.5.7")', () => {
    const ids = readAnswers(
      kbs,
      'fr',
      "mon iPhone 6 reste bloqué en iOS 12.5.7, pas moyen d'aller plus haut. c'est pour ça que l'inscription marche pas ?",
    ).ids;
    expect(ids).not.toContain('mfa-text-message-fails');
  });
});

describe('round 36: Mauritian Creole small talk', () => {
  it('fr: "Bonzour ! Ki manière ?" (hello, how are you?) is small talk', () => {
    const kbs = knowledgeWithout('unseen-36-fr');
    expect(botReads(kbs, 'fr', 'Bonzour ! Ki manière ? 😊').kind).toBe('small-talk');
  });
});

describe('round 37: a device the organisation owns, set up in Company Portal', () => {
  it('de: "Die Firma hat uns zwei iPads gekauft" asks for the steps for an organisation’s device', () => {
    const kbs = knowledgeWithout('unseen-33-de', 'unseen-34-de');
    expect(
      botReads(
        kbs,
        'de',
        'Die Firma hat uns zwei iPads gekauft. Welche Schritte brauche ich im Unternehmensportal dafür?',
      ).ids,
    ).toEqual(['device-enrollment-company-portal']);
  });
});

describe('round 37: asking to be guided, in voseo, Spanglish and French', () => {
  it.each([
    ['es', '¿Me guiás para registrar el iPad? Soy medio negado con esto'],
    ['es', 'me hacés un walk through para inscribir el iPhone? porfa'],
    ['fr', "J'aimerais que tu m'expliques tranquillement comment faire l'inscription de mon iPad"],
  ] as const)('%s: %p asks to be guided', (lang, text) => {
    expect(isGuideRequestIn(lang, text)).toBe(true);
  });
});

describe('round 37: small talk from Valais, Shimane and the North Sea coast', () => {
  const kbs = knowledgeWithout('unseen-37-de', 'unseen-37-fr', 'unseen-37-ja');
  it.each([
    ['fr', 'Adieu tout le monde !'],
    ['fr', 'Super, merci, ça joue'],
    ['ja', 'だんだん！助かったわ'],
    ['de', "Büst du 'n Bot oder is dor 'n Minsch?"],
  ] as const)('%s: %p is small talk', (lang, text) => {
    expect(botReads(kbs, lang, text).kind).toBe('small-talk');
  });
});

describe('round 37: Spanish with English in it, and leaving the job', () => {
  it('es: "me salgo de la empresa… ¿cómo quito el phone de todo esto?" is unenrolling', () => {
    const kbs = knowledgeWithout('unseen-37-es');
    expect(
      botReads(
        kbs,
        'es',
        'El mes que viene me salgo de la empresa. ¿Cómo quito el phone de todo esto?',
      ).ids,
    ).toEqual(['unenroll-device']);
  });
});

describe('round 37: Swiss German from Graubünden, and the step told before a failure', () => {
  const kbs = knowledgeWithout('unseen-37-de', 'unseen-37-ja');
  it.each([
    ['de', "Wo chan i luaga, öb's würkli funktioniert hät?", 'confirm-enrollment'],
    ['de', 'Mues i en Code ufs Natel tue? I ha kei Sperrcode.', 'passcode-requirements'],
    [
      'ja',
      'SMSで届いたコードを入力しました。そのあと登録に失敗しました。どうしたらいいですか。',
      'mfa-text-message-fails',
    ],
  ] as const)('%s: %p', (lang, text, id) => {
    expect(botReads(kbs, lang, text).ids).toEqual([id]);
  });
});

describe('round 38: Oberwallis German, Argentine Spanish, "vérifier que", "今から何を"', () => {
  const kbs = knowledgeWithout('unseen-38-de', 'unseen-38-es', 'unseen-38-fr', 'unseen-38-ja');
  it.each([
    [
      'de',
      'Grüessu, wiä chan ich mis private iPad fer d Arbeit registrieru?',
      'enroll-from-settings-app',
    ],
    ['es', '¿La empresa ve por dónde me muevo si inscribo el celular?', 'privacy-location'],
    [
      'es',
      'Ya no necesito el correo del laburo. ¿Cómo saco mi iPhone de lo de la empresa?',
      'unenroll-device',
    ],
    ['fr', 'comment je vérifie que mon téléphone est vraiment inscrit ?', 'confirm-enrollment'],
    [
      'ja',
      '昨日 Microsoft Authenticator アプリを消しました。会社の登録に必要と聞きました。今から何をするべきですか？',
      'authenticator-removed-what-now',
    ],
  ] as const)('%s: %p', (lang, text, id) => {
    expect(botReads(kbs, lang, text).ids).toEqual([id]);
  });

  it.each([
    ['de', 'Bisch du ä Bot oder hockt da öpper?'],
    ['fr', 'Bonsoir ! On dit quoi ce soir ?'],
  ] as const)('%s: %p is small talk', (lang, text) => {
    expect(botReads(kbs, lang, text).kind).toBe('small-talk');
  });

  it.each([
    ['de', 'Chasch mi Schritt fer Schritt düre füehre, wiä ich mis iPhone aamäldu?'],
    ['es', '¿Me podés ir diciendo los pasos para inscribir el iPad?'],
  ] as const)('%s: %p asks to be guided', (lang, text) => {
    expect(isGuideRequestIn(lang, text)).toBe(true);
  });

  it('fr: "m\'expliquer ce que ça implique" asks what it means, not to be guided', () => {
    expect(
      isGuideRequestIn(
        'fr',
        "On m'a demandé de mettre mon GSM perso dans Intune. Vous pouvez m'expliquer ce que ça implique avant que je continue ?",
      ),
    ).toBe(false);
  });
});

describe('round 38: "and when I do that, what…?" asks about what the question before names', () => {
  const kbs = knowledgeWithout('unseen-38-fr', 'unseen-38-de');
  it.each([
    [
      'fr',
      "Comment je retire mon iPhone de la gestion du travail ? Et quand je fais ça, qu'est-ce qui sera supprimé exactement ?",
    ],
    [
      'de',
      'Wie entferne ich mein iPhone aus der Verwaltung? Und wenn ich das mache, was wird gelöscht?',
    ],
  ] as const)('%s: %p', (lang, text) => {
    expect(botReads(kbs, lang, text).ids).toEqual(['unenroll-device', 'what-unenroll-removes']);
  });
});

describe('round 39: Vorarlberg, Saarland, Picard, Haitian, Murcia and Nepalese Japanese', () => {
  const kbs = knowledgeWithout('unseen-39-de', 'unseen-39-fr', 'unseen-39-es', 'unseen-39-ja');

  it.each([
    // "seha", "wo i … umanand fahr" (where I drive about).
    [
      'de',
      'Kurze Frog: ka mi Chef denn seha, wo i mit mim Handy umanand fahr, wenn’s registriert isch?',
      'privacy-location',
    ],
    // "obaglada", "abgloffa" (downloaded, expired).
    [
      'de',
      "Hoi zemma. I hon geschter vo dr IT an Link fürs iPad kriagt und denn so a Profil obaglada. Grad denn isch mi Bua heimko und i hon's liega lo. Hüt wött i's installiera, aber jetzt isch des Profil entweder nüm do oder es hoaßt, es sei abgloffa. Muass i jetzt alls nomol vo vorn macha? Merci",
      'web-enrollment-profile-expired',
    ],
    // "Was is'n das … unn wo krie isch so ebbes her?" after the thing named.
    [
      'de',
      'Im Intranet steht was von ner „verwalteten Apple-ID“. Was is’n das genau unn wo krie isch so ebbes her? Hann nur mei normale Apple-ID',
      'managed-apple-account',
    ],
    // "viré … Authenticator": removed already.
    [
      'fr',
      "Bon alors j'vous explique. Min fiu il a fait du ménage sur min téléphone pour faire d'la place pour ses jeux. Il a viré plein d'applis, dont Authenticator, cheull' ed Microsoft avec el cadenas. Depuis j'peux pus valider mes connexions au boulot, ça d'mande d'approuver et j'ai pus rien. Qu'est-ce que j'dois faire maintenant ?",
      'authenticator-removed-what-now',
    ],
    // The sentence quoting «Sign-in Failed» tells which sign-in failure.
    [
      'es',
      'Me fui a Ajustes, General, VPN y gestión de dispositivos y puse mi correo de la empresa. Ahí mismito me sale «Sign-in Failed» y que mi cuenta de Apple no admite los servicios esperados. Reinicié el teléfono y nada. ¿Qué puede ser?',
      'sign-in-cant-find-server',
    ],
    // "pasar a proteger todo el dispositivo": switching to it.
    [
      'es',
      'Buenas. Hace un par de meses inscribí el iPhone eligiendo lo de solo las apps y datos del trabajo, porque no me fiaba mucho. Ahora mi jefe dice que para una app nueva que vamos a usar necesitamos el móvil entero gestionado, y la verdad es que ya me da igual. He estado mirando en Ajustes y en el Portal de empresa y no veo ningún botón para cambiarlo. ¿Se puede pasar a proteger todo el dispositivo sin liarla o tengo que hacer algo raro?',
      'switch-work-only-to-whole-device',
    ],
    // "…¿qué se borra exactamente y qué se queda?": the joined question goes with the one before.
    [
      'es',
      'Buenas. Yo tengo el celular inscrito en Intune desde el año pasado, solo la parte del trabajo. Ahora la empresa me va a dar un celular corporativo, así que quiero quitar el mío de la gestión. Mi miedo es que ahí tengo las fotos de mis muchachos, mis notas y un montón de cosas mías. También tengo el Outlook y el Teams del trabajo con archivos descargados. Antes de darle a quitar, ¿qué es lo que se borra exactamente y qué se queda?',
      'what-unenroll-removes',
    ],
    [
      'es',
      '¿Cómo separa el móvil lo del curro de lo mío, o está todo mezclao?',
      'work-data-separate',
    ],
    // Kana for 消える and 使える.
    ['ja', 'でも登録したら、わたしのデータがきえますか？', 'personal-use-and-data'],
  ] as const)('%s: %p', (lang, text, id) => {
    expect(botReads(kbs, lang, text).ids).toEqual([id]);
  });

  it.each([
    // A preface ("Zwoa Frooga:", "Zwei Sachen:") is no subject, and no request to enroll.
    [
      'de',
      'Zwoa Frooga: Ka d’Firma mi ganzes Handy löscha, wenn’s registriert isch? Und muass i denn an Code ifüahra, i hon bis jetzt gar koan?',
      ['privacy-wipe', 'passcode-requirements'],
    ],
    [
      'de',
      'Zwei Sachen: kann ich außer meinem iPhone auch noch mein iPad anmelden? Und nach der Registrierung kommen dauernd so Fenster, ich soll Apps installieren – muss ich die alle bestätigen?',
      ['enroll-more-than-one-device', 'work-apps-install-prompts'],
    ],
    // "wat wird dabei gelöscht, sind meine Sachen dann weg?": "dabei" asks of the question before.
    [
      'de',
      'Moin, ich hör Ende des Monats auf. Wie nehm ich mein iPhone da wieder raus aus der Firmenverwaltung? Und wat wird dabei alles gelöscht, sind meine eigenen Sachen dann auch weg?',
      ['unenroll-device', 'what-unenroll-removes'],
    ],
  ] as const)('%s: %p answers both', (lang, text, ids) => {
    expect(botReads(kbs, lang, text).ids).toEqual(ids);
  });

  it('fr: "cha fonctionne comment l\'inscription par le web ?" asks how it works: answered, not guided', () => {
    const reading = readMessage(
      knowledgeIn(kbs, 'fr'),
      "On m'a invoyé un lien portal.manage.microsoft.com/enrollment/webenrollment pour l'iPad ed service, cha fonctionne comment l'inscription par le web ? Et après y'a une icône Portail d'entreprise sur l'écran d'accueil, c'est une vraie app ou juste un site ?",
      'fr',
    );
    const parts = reading.kind === 'several' ? reading.parts : [];
    expect(parts.map((p) => p.enroll)).toEqual([false, false]);
    expect(
      botReads(
        kbs,
        'fr',
        "On m'a invoyé un lien portal.manage.microsoft.com/enrollment/webenrollment pour l'iPad ed service, cha fonctionne comment l'inscription par le web ? Et après y'a une icône Portail d'entreprise sur l'écran d'accueil, c'est une vraie app ou juste un site ?",
      ).ids,
    ).toEqual(['web-based-device-enrollment', 'company-portal-website-web-app']);
  });

  it('de: "Wie krieg ich mein eigenes iPhone angemeldet?" asks to enroll it', () => {
    expect(
      isEnrollIntentIn('de', 'Moin, wie krieg ich mein eigenes iPhone bei uns angemeldet?'),
    ).toBe(true);
    expect(isEnrollIntentIn('de', 'Mein iPhone ist angemeldet, wie krieg ich Outlook?')).toBe(
      false,
    );
  });

  it.each([
    ['de', 'Hon’s grad nomol probiert, gliich wia vorher.', 'vague-failure'],
    ['fr', 'Toudis parel, cha marche pos', 'vague-failure'],
    ['fr', 'Bonjou ! Kijan ou ye ? 😊', 'wellbeing'],
  ] as const)('%s: %p', (lang, text, act) => {
    const reading = readMessage(knowledgeIn(kbs, lang), text, lang);
    expect(reading.kind === 'small-talk' && reading.act).toBe(act);
  });
});

describe('round 40: Tirol, Luzern, Réunion, Paraguay and Caracas', () => {
  const kbs = knowledgeWithout('unseen-40-de', 'unseen-40-fr', 'unseen-40-es', 'unseen-40-ja');

  it.each([
    // A second message quoted just before "ça veut dire quoi ?" is the one it asks about.
    [
      'fr',
      "Bonjour, moi j'ai « User name not recognized » quand j'essaie d'inscrire mon iPhone, c'est quoi le problème ? Et ma collègue du bureau d'à côté a un autre message : « This service is not supported ». Ça veut dire quoi pour elle ?",
      ['user-name-not-recognized', 'service-not-supported'],
    ],
    // "pourquoi il faut absolument Microsoft Authenticator": needing it.
    [
      'fr',
      "Quand ça demande le compte, je mets mon adresse Gmail, mon identifiant Apple ou l'adresse du travail ? Et pourquoi il faut absolument Microsoft Authenticator, j'ai pas trop envie d'avoir une appli en plus la la",
      ['which-account-to-sign-in', 'microsoft-authenticator-required'],
    ],
    // "seit der Registrierung ploppt … auf" tells what happens since: no request to enroll.
    [
      'de',
      'Wieso brauch ich überhaupt diesen Microsoft Authenticator? Und seit der Registrierung ploppt dauernd auf, ich soll irgendwelche Apps installieren – is dat normal?',
      ['microsoft-authenticator-required', 'work-apps-install-prompts'],
    ],
  ] as const)('%s: %p answers both', (lang, text, ids) => {
    expect(botReads(kbs, lang, text).ids).toEqual(ids);
  });

  it('de: "seit der Registrierung" is no request to enroll', () => {
    expect(
      isEnrollIntentIn(
        'de',
        'Und seit der Registrierung ploppt dauernd auf, ich soll Apps installieren – is dat normal?',
      ),
    ).toBe(false);
  });

  it('es: "me tira Invalid Profile …, qué significa eso?" asks what it means, not to enroll', () => {
    expect(
      isEnrollIntentIn(
        'es',
        'me tira Invalid Profile cuando quiero inscribir mi iPad, qué significa eso?',
      ),
    ).toBe(false);
  });

  it('es: "¿de dónde le saco?" is where to get one, not taking the phone out', () => {
    expect(
      botReads(
        kbs,
        'es',
        'Mi compañero dice que para esto necesito un Managed Apple ID o algo así. Yo solo tengo el mío de siempre para el App Store. Eso qué es luego y de dónde le saco?',
      ).ids,
    ).toEqual(['managed-apple-account']);
  });

  it.each([
    ['fr', 'pareil qu’hier… toujours rien 😩', 'vague-failure'],
    ['es', 'sigue sin andar luego 😩', 'vague-failure'],
  ] as const)('%s: %p', (lang, text, act) => {
    const reading = readMessage(knowledgeIn(kbs, lang), text, lang);
    expect(reading.kind === 'small-talk' && reading.act).toBe(act);
  });
});

describe('round 41: Berlin, Hessen, Zürich, Québec, Chile, Ecuador, Kyoto and Nikkei Japanese', () => {
  const kbs = knowledgeWithout('unseen-41-de', 'unseen-41-fr', 'unseen-41-es', 'unseen-41-ja');

  it.each([
    [
      'de',
      "Im Firmeportal fröget's mich jetzt, öb ich s'Gerät bsitz oder d'Firma. Es isch mis private iPhone, aber ich ha's über d'Firma vergünstigt gchauft. Was mues ich da aawähle?",
      ['ownership-choice'],
    ],
    [
      'de',
      'Mal ehrlich, wenn isch kündisch oder des Handy verlier, könne die dann mei ganzes iPhone platt mache? Da sin all mei Kinnerbilder druff',
      ['privacy-wipe'],
    ],
    [
      'fr',
      'Deux affaires : est-ce que la job va pouvoir voir mes photos pis mes textos? Pis concrètement, comment ils font pour garder mes affaires de travail séparées de mes affaires perso?',
      ['privacy-personal-data', 'work-data-separate'],
    ],
    [
      'fr',
      "Bonjour, j'ai déjà inscrit mon iPhone. Est-ce que je peux également ajouter mon iPad ou c'est limité à un seul appareil par employé ?",
      ['enroll-more-than-one-device'],
    ],
    [
      'es',
      'Ya puse el correo y la clave y ahora me sale «Permitir administración remota». ¿Qué mismo es eso? ¿Le doy nomás o mejor cancelo?',
      ['allow-remote-management'],
    ],
  ] as const)('%s: %p', (lang, text, ids) => {
    expect(botReads(kbs, lang, text).ids).toEqual(ids);
  });

  it.each([
    [
      'de',
      'Gude, wie registrier isch mei privates iPhone fer die Arbeit? Und geht des dann aach noch mit meim iPad, oder nur ein Gerät?',
      ['enroll-from-settings-app', 'enroll-more-than-one-device'],
    ],
    [
      'de',
      "Wele Benutzername und Passwort mues ich bim Aamälde näh, mis Apple-Konto oder s'Gschäftskonto? Und wieso wott das Ding, dass ich de Microsoft Authenticator han?",
      ['which-account-to-sign-in', 'microsoft-authenticator-required'],
    ],
    [
      'fr',
      "Y'a un message « Autoriser la gestion à distance » qui vient de s'afficher avec un bouton. C'est-tu correct de peser dessus? Ça sert à quoi au juste?",
      ['allow-remote-management'],
    ],
    [
      'ja',
      'ごめんなさい、まちがえて Microsoft Authenticator 消しました。どうしたらいいですか？それと Teams ひらくと「アップデートしてください」でて、ひらけないです',
      ['authenticator-removed-what-now', 'work-app-must-update'],
    ],
  ] as const)('%s: %p', (lang, text, ids) => {
    expect(botReads(kbs, lang, text).ids).toEqual(ids);
  });

  it('ja: "なにができますか" (何) asks what the company can do', () => {
    expect(
      botReads(
        kbs,
        'ja',
        '登録したら、会社はわたしのiPhoneでなにができますか？なにが見える、なにが見えない、ぜんぶ知りたいです。',
      ).ids[0],
    ).toBe('privacy-what-it-can-do');
  });

  it('de: a follow-up "wie krieg ick det aktualisiert?" asks the other half of the version answer', () => {
    expect(
      botReads(
        kbs,
        'de',
        'Nu sacht mir mal eener, wo ick nachkieken kann, welches iOS uff meinem iPhone drauf is? Und wenn det zu alt is, wie krieg ick det aktualisiert?',
      ).ids,
    ).toEqual(['check-and-update-ios']);
    // (So with a sentence told after the two.)
    expect(
      botReads(
        knowledgeWithout('unseen-31-de'),
        'de',
        'Servus, wo siech i am iPhone welche iOS Version drauf isch? Und wie tua i des aktualisieren? Kenn mi do nit so aus',
      ).ids,
    ).toEqual(['check-and-update-ios']);
  });

  it.each([
    ['de', 'Kann ich das später noch ändern?'],
    ['fr', 'Et si je prends la deuxième option, est-ce que je pourrai changer plus tard ?'],
  ] as const)('%s: changing it later is switching: %p', (lang, text) => {
    expect(botReads(kbs, lang, text).ids).toEqual(['switch-work-only-to-whole-device']);
  });

  it.each([
    ['de', 'Was ist besser, das iPhone 16 oder das 15?'],
    ['fr', "Lequel est le meilleur, l'iPhone 16 ou le 15 ?"],
    ['es', '¿Cuál es mejor, el iPhone 16 o el 15?'],
  ] as const)('%s: which model is better is buying advice: %p', (lang, text) => {
    const reading = readMessage(knowledgeIn(kbs, lang), text, lang);
    expect(reading.kind === 'one' && reading.part.answer.kind).toBe('out-of-scope');
  });

  it('de: "Wo kann i des nachschaun?" after a leave question is looking it up, not seeing', () => {
    const reading = readMessage(
      knowledgeIn(knowledgeWithout('unseen-37-de'), 'de'),
      'Wie vü Urlaubstog hob i heuer no über? Wo kann i des nachschaun?',
      'de',
    );
    expect(reading.kind === 'one' && reading.part.answer.kind).toBe('out-of-scope');
  });
});

describe('round 42: Köln, Stuttgart, Graz, Genève, Tunis, Panamá, Nagoya and Fukuoka', () => {
  const kbs = knowledgeWithout('unseen-42-de', 'unseen-42-fr', 'unseen-42-es', 'unseen-42-ja');

  it.each([
    ['de', 'Subber, hat gfunzt! Dankschee 👍', 'thanks'],
    ['ja', 'まだだちかんわ、さっきと一緒だがや', 'vague-failure'],
  ] as const)('%s: %p', (lang, text, act) => {
    const reading = readMessage(knowledgeIn(kbs, lang), text, lang);
    expect(reading.kind === 'small-talk' && reading.act).toBe(act);
  });

  it.each([
    [
      'de',
      'Und wie seh i eigentlich, ob die Registrierung überhaupt klappt hat?',
      ['confirm-enrollment'],
    ],
    [
      'de',
      'Wie wird des eigentlich technisch ausanandergholta, also mei Gschäftskram und mei privats Zeug?',
      ['work-data-separate'],
    ],
    ['fr', "qu'est-ce que l'inscription d'utilisateur ?", ['what-is-user-enrollment']],
    ['fr', "c'est quoi l'inscription d'utilisateur ?", ['what-is-user-enrollment']],
    [
      'fr',
      "Bonjour, j'ai deux choix « Sécuriser l'ensemble de l'appareil » ou « Sécuriser les applications et données liées au travail uniquement », je prends lequel pour mon tel perso ? et au passage c'est quoi cette « inscription d'utilisateur », pourquoi la boîte passe par ça ?",
      ['secure-entire-device-or-work-only', 'what-is-user-enrollment'],
    ],
    [
      'es',
      'Ahorita quise abrir Outlook y no me deja, dice que tengo que actualizar la app. ¿Es por lo de la inscripción o qué pasó?',
      ['work-app-must-update'],
    ],
    [
      'ja',
      '登録したら、会社に今どこおるかとか分かるようになると？休みの日とかもバレるんやったら嫌なんやけど',
      ['privacy-location'],
    ],
    [
      'ja',
      '登録したらさ、アプリ入れてくださいみたいな通知がいっぱい出てくるんだけど、あれ何のアプリなのさ？ あとOutlook開いたらAuthenticatorがどうのってエラー出て開けないんだわ、これなんなの？',
      ['work-apps-install-prompts', 'work-app-authenticator-error'],
    ],
  ] as const)('%s: %p', (lang, text, ids) => {
    expect(botReads(kbs, lang, text).ids).toEqual(ids);
  });

  it('fr: "c\'est quoi l\'inscription ?" asks what it is, it asks for no guide', () => {
    expect(isEnrollIntentIn('fr', "c'est quoi l'inscription d'utilisateur ?")).toBe(false);
  });

  it('de: "wie krieje ich ming privat iPhone … registriert?" asks to enroll', () => {
    expect(
      isEnrollIntentIn(
        'de',
        'Tach, wie krieje ich ming privat iPhone jetz für die Firma registriert?',
      ),
    ).toBe(true);
  });
});

describe('round 43: Kärnten, Allgäu, Hamburg, Nantes, Madrid, Bogotá, Kumamoto and Ibaraki', () => {
  const kbs = knowledgeWithout('unseen-43-de', 'unseen-43-fr', 'unseen-43-es', 'unseen-43-ja');

  it.each([
    ['es', 'nada, sigue igual que hace un rato 😩', 'vague-failure'],
    ['ja', '前と一緒ですばい。なんも変わらん', 'vague-failure'],
  ] as const)('%s: %p', (lang, text, act) => {
    const reading = readMessage(knowledgeIn(kbs, lang), text, lang);
    expect(reading.kind === 'small-talk' && reading.act).toBe(act);
  });

  it.each([
    // Carinthia: "lei a Meldung … muass … geht gor nit auf".
    [
      'de',
      'In da Fruah wollt i wos in da Firmen-App nochschaun, do kummt lei a Meldung, dass die App aktualisiert werden muass, und sie geht gor nit auf. Muass i do wos tuan?',
      ['work-app-must-update'],
    ],
    // Allgäu: "gnomma … umstella … goht".
    [
      'de',
      'I hon damals nur die Arbeitsapps gnomma, jetzt bräucht ma des ganze Gerät verwaltet. Kann i des irgendwo umstella oder wie goht des?',
      ['switch-work-only-to-whole-device'],
    ],
    // What the person already found is told, not asked; "wenn ich das mache" points back.
    [
      'de',
      "Ich will das Firmenzeug von meinem privaten iPhone runterhaben. Wie man's rausnimmt hab ich schon gefunden, darum geht's nich. Was ich nich weiß: was wird da gelöscht, wenn ich das mache?",
      ['what-unenroll-removes'],
    ],
    // "diese App": the app the sentence before named.
    [
      'de',
      'Ich habe noch alte Unternehmensportal App von früher. Kann ich mit diese App mein iPhone registrieren? Und was ist dieses Unternehmensportal Symbol auf Home-Bildschirm, ist das Website oder App?',
      ['company-portal-user-enrollment', 'company-portal-website-web-app'],
    ],
    [
      'fr',
      "c'est quoi la marche à suivre pour inscrire mon iPhone perso ?",
      ['enroll-from-settings-app'],
    ],
    [
      'fr',
      "il faut quelle version d'iOS au minimum ? et c'est quoi la marche à suivre pour mon iPhone perso ?",
      ['os-requirements', 'enroll-from-settings-app'],
    ],
    // "Qué tal." asks nothing; "quiero estar segura:" is a preface.
    [
      'es',
      'Qué tal. En mi otro trabajo me borraron el celular entero al salirme. Antes de meter mi iPhone quiero estar seguro: ¿ustedes pueden borrarme todo el teléfono si quieren?',
      ['privacy-wipe'],
    ],
    [
      'es',
      'Me inscribí solo para el trabajo y ahora dicen que tenía que ser el dispositivo entero. ¿Se puede cambiar así sin más? Y si lo quito, ¿qué se me borra?',
      ['switch-work-only-to-whole-device', 'what-unenroll-removes'],
    ],
    [
      'es',
      '¿Cómo hacen para que lo del trabajo quede aparte de lo mío en el celular?',
      ['work-data-separate'],
    ],
    [
      'ja',
      'iPhoneは登録終わったみてだけど、ちゃんとできてるかどうやって確かめればいいの？それとiPadも登録したいんだけど、2台目もいけるんだろか',
      ['confirm-enrollment', 'enroll-more-than-one-device'],
    ],
  ] as const)('%s: %p', (lang, text, ids) => {
    expect(botReads(kbs, lang, text).ids).toEqual(ids);
  });

  it.each([
    ['es', 'Hola, ¿qué tal? ¿Cómo inscribo mi iPhone?'],
    ['es', 'Qué tal, cómo inscribo mi iPhone?'],
    ['fr', 'Salut, ça va ? Comment j’inscris mon iPhone ?'],
  ] as const)(
    '%s: "how are you?" beside a request to enroll is no question of its own: %p',
    (lang, text) => {
      const reading = readMessage(knowledgeIn(kbs, lang), text, lang);
      expect(reading.kind).toBe('one');
      expect(reading.kind === 'one' && reading.part.enroll).toBe(true);
    },
  );

  it('de: "wie geht\'s weiter …" is no greeting', () => {
    const reading = readMessage(
      knowledgeIn(kbs, 'de'),
      "Wie geht's weiter, wenn die Registrierung fertig ist?",
      'de',
    );
    expect(reading.kind).not.toBe('small-talk');
    expect(reading.kind === 'one' && reading.part.text).toMatch(/^Wie geht/);
  });

  it('ja: "登録終わったけど…確かめれば" asks whether it worked, not to enroll', () => {
    expect(
      isEnrollIntentIn(
        'ja',
        'iPhoneは登録終わったみたいだけど、ちゃんとできてるかどうやって確かめればいいの？',
      ),
    ).toBe(false);
  });
});

describe('round 43: thanks beside a told sentence, and leave days', () => {
  const kbs = knowledgeWithout('unseen-43-de', 'unseen-43-fr', 'unseen-43-es', 'unseen-43-ja');

  it.each([
    ['de', 'Danke dir, hat alles geklappt! Schönen Feierabend und tschüss', 'thanks'],
    ['es', 'Gracias, ya quedó todo. ¡Que tengas buena tarde!', 'thanks'],
  ] as const)('%s: small talk told over two sentences stays small talk: %p', (lang, text, act) => {
    const reading = readMessage(knowledgeIn(kbs, lang), text, lang);
    expect(reading.kind === 'small-talk' && reading.act).toBe(act);
  });

  it('de: Austrian "Wie vü Urlaubstog…" asks about leave days, which the bot does not cover', () => {
    const reading = readMessage(
      knowledgeIn(knowledgeWithout('unseen-37-de'), 'de'),
      'Wie vü Urlaubstog hob i heuer no über? Wo kann i des nachschaun?',
      'de',
    );
    expect(reading.kind === 'one' && reading.part.answer.kind).toBe('out-of-scope');
  });
});

describe('round 44: Bremen, Bodensee, Niederösterreich, Cotonou, Cali, Monterrey, Yamaguchi and Okayama', () => {
  const kbs = knowledgeWithout('unseen-44-de', 'unseen-44-fr', 'unseen-44-es', 'unseen-44-ja');

  it('de: "Hab\'s nomol probiert, selbes Spiel wie vorher." tells it still fails', () => {
    const reading = readMessage(
      knowledgeIn(kbs, 'de'),
      "Hab's nomol probiert, selbes Spiel wie vorher.",
      'de',
    );
    expect(reading.kind === 'small-talk' && reading.act).toBe('vague-failure');
  });

  it('de: "Reicht das noch für die Registrierung?" asks whether, it asks for no guide', () => {
    expect(
      isEnrollIntentIn(
        'de',
        'Mein iPad hat iPadOS 16.7. Reicht das noch für die Registrierung oder muss ich was tun?',
      ),
    ).toBe(false);
  });

  it.each([
    // A question mark inside quote marks ends no sentence.
    [
      'de',
      'Seit i registriert bin ploppt dauernd „App installieren?“ auf, was sin des für Apps und muss i die alle nehme? Und Outlook bringt beim Öffne en Fehler wege Authenticator, was hat des zu bedeute?',
      ['work-apps-install-prompts', 'work-app-authenticator-error'],
    ],
    // "je ne l'ai pas installé": that "l'" is Authenticator, named in its own sentence.
    [
      'fr',
      "Pour l'inscription je mets quel identifiant et quel mot de passe, ceux de Windows ou de mon compte Apple ? Et pourquoi faut-il Microsoft Authenticator, je ne l'ai pas installé",
      ['which-account-to-sign-in', 'microsoft-authenticator-required'],
    ],
    [
      'es',
      '¿La empresa va a poder ver mis fotos? Y ¿cómo hacen para que lo del trabajo no se revuelva con lo mío?',
      ['privacy-personal-data', 'work-data-separate'],
    ],
    [
      'ja',
      '登録したら写真とか会社に見られるん？ほんで、もし後で登録やめたら何が消えてしまうんか教えてください',
      ['privacy-personal-data', 'what-unenroll-removes'],
    ],
    // What to do about the message quoted, "このまま放っておいていい？", whatever its own few words match.
    [
      'ja',
      '昨日設定のVPNとデバイス管理を見たら、管理プロファイルに「未検証」って出ちょって。メールもTeamsも普通に動いちょるんじゃけど。ウイルスじゃないよね？ぶち心配なんじゃけど、このまま放っちょってええそ？',
      ['management-profile-not-verified'],
    ],
  ] as const)('%s: %p', (lang, text, ids) => {
    expect(botReads(kbs, lang, text).ids).toEqual(ids);
  });

  it('de: "Was nehm ich da?" beside another question is about the choices told, not taking it off', () => {
    const ids = botReads(
      kbs,
      'de',
      "Im Unternehmensportal werd ich gefragt, ob das ganze Gerät geschützt werden soll oder nur die Arbeitsapps. Was nehm ich da bei 'nem Privathandy? Und wie wird mein Firmenkram von meinen privaten Sachen getrennt?",
    ).ids;
    expect(ids).not.toContain('unenroll-device');
    expect(['secure-entire-device-or-work-only', 'enroll-with-company-portal-choice']).toContain(
      ids[0],
    );
  });
});

describe('round 45: Münsterland, Vogtland, Aargau, Québec, Navarra, Arequipa, Nagasaki and Mie', () => {
  const kbs = knowledgeWithout('unseen-45-de', 'unseen-45-fr', 'unseen-45-es', 'unseen-45-ja');

  it.each([
    // A first guess told and taken back ("Ich dachte erst…, aber…") is no problem of its own;
    // "Muss ich da jetzt was neu einrichten oder was soll das?" asks what to do about the one told.
    [
      'de',
      'Seit gestern geht die Reisekosten-App nich mehr auf, es kommt nur ne Meldung, dass die App aktualisiert werden muss. Ich dachte erst, mein Handy is nich mehr registriert, aber Outlook läuft ganz normal. Muss ich da jetzt was neu einrichten oder was soll das?',
      ['work-app-must-update'],
    ],
    // Swiss German: "gsehnd", "trennt" for "getrennt", "uf em gliche".
    [
      'de',
      'Gsehnd ihr mini Bilder und Nachrichte? Und wie wird das überhaupt trennt, Gschäft und Privat uf em gliche iPhone?',
      ['privacy-personal-data', 'work-data-separate'],
    ],
    // Saxon "ni" (nicht); "gleich mit anmelden" is a second device.
    [
      'de',
      'Mei iPad hat iPadOS 16.5, neuer geht ni. Geht das trotzdem noch mit der Registrierung? Und kann ich mei iPhone gleich mit anmelden?',
      ['ios-15-or-16', 'enroll-more-than-one-device'],
    ],
    // Saying there are two things, two problems told, one question what to do: both answered.
    [
      'de',
      'Zwei Sachen: In Outlook kommt ein Fehler wegen Authenticator. Und auf dem iPad steht „Profile installation failed“. Was soll ich tun?',
      ['work-app-authenticator-error', 'profile-installation-failed'],
    ],
    [
      'ja',
      '質問が2つあります。Teamsを開くとAuthenticatorのエラーが出ます。iPadのほうは「Profile installation failed」と出て先に進めません。どうしたらいいですか？',
      ['work-app-authenticator-error', 'profile-installation-failed'],
    ],
    // A family iPad: can the children still play on it, will the files stay.
    [
      'fr',
      'Et une fois inscrit, les enfants pourront toujours jouer dessus et nos fichiers vont rester ?',
      ['personal-use-and-data'],
    ],
  ] as const)('%s: %p', (lang, text, ids) => {
    expect(botReads(kbs, lang, text).ids).toEqual(ids);
  });

  it.each([
    ['fr', 'Teams est-tu down? Mes messages partent pas depuis tantôt'],
    ['es', '¿Teams está down para todos?'],
  ] as const)('%s: %p is an outage, not ours to answer', (lang, text) => {
    const reading = readMessage(knowledgeIn(kbs, lang), text, lang);
    expect(reading.kind === 'one' && reading.part.answer.kind).toBe('out-of-scope');
  });

  it.each([['es', 'Listo, ya está funcionando. Gracias maja, ¡hasta otra!', 'thanks']] as const)(
    '%s: %p is small talk (%s)',
    (lang, text, act) => {
      const reading = readMessage(knowledgeIn(kbs, lang), text, lang);
      expect(reading.kind === 'small-talk' && reading.act).toBe(act);
    },
  );

  it.each([
    ['de', 'Woran sehe ich, dass die Registrierung erfolgreich war?', false],
    ['de', 'Alles gemacht, aber wie ich sehe, dass die Registrierung geklappt hat?', false],
    ['es', '¿Me vas guiando para dar de alta mi iPhone del trabajo?', true],
    ['es', '¿Cómo doy de alta el iPad?', true],
    ['es', '¿Qué pasa si doy de alta el iPad?', false],
  ] as const)('%s: %p asks to enroll: %s', (lang, text, expected) => {
    expect(isEnrollIntentIn(lang, text)).toBe(expected);
  });
});

describe('round 46: Mühlviertel, Solothurn, Metz, Bangui, Shizuoka and Amami', () => {
  const kbs = knowledgeWithout('unseen-46-de', 'unseen-46-fr', 'unseen-46-es', 'unseen-46-ja');

  it.each([
    // The Mühlviertel: "ois", "owa", "woaß", "gfunkt".
    [
      'de',
      'Hob ois gmacht, owa wia woaß i jetzt, ob des wirklich gfunkt hot?',
      ['confirm-enrollment'],
    ],
    // Solothurn: "blibt mini privati iCloud", "überschribe"; "blibe … trennt".
    [
      'de',
      'Was isch en „verwaltete Apple Account“? Und blibt mini privati iCloud wie sie isch oder wird die überschribe?',
      ['managed-apple-account', 'personal-apple-id'],
    ],
    ['de', 'Wie blibe denn d Gschäftsdate vo mine private Sache trennt?', ['work-data-separate']],
    // "Ça veut dire quoi pour moi ?" after what the Company Portal said asks what that means.
    [
      'fr',
      "Le Portail d'entreprise dit que l'informatique a mis mon iPhone hors service. Ça veut dire quoi pour moi ? Et c'est quoi l'icône Portail d'entreprise qui s'ouvre comme un site web ?",
      ['it-retire', 'company-portal-website-web-app'],
    ],
    // "私のスマホが悪いの？" and "何が問題ですか？" ask about the message quoted before them.
    [
      'ja',
      'サインインしたら「This service is not supported」って出ました。どういう意味？私のスマホが悪いの？',
      ['service-not-supported'],
    ],
    [
      'ja',
      '会社のメールアドレスで登録するんですか？それと、さっき「User name not recognized」が出ました。何が問題ですか？',
      ['which-account-to-sign-in', 'user-name-not-recognized'],
    ],
  ] as const)('%s: %p', (lang, text, ids) => {
    expect(botReads(kbs, lang, text).ids).toEqual(ids);
  });

  it('de: "bist du echte Mensch oder Computer?" asks who answers', () => {
    const reading = readMessage(
      knowledgeIn(kbs, 'de'),
      'Hallo, bist du echte Mensch oder Computer?',
      'de',
    );
    expect(reading.kind === 'small-talk' && reading.act).toBe('identity');
  });

  it('de: "Schritt fia Schritt … fia d\'Orbeit oanmeld" asks to be guided', () => {
    const text =
      "Kannst ma bitte Schritt fia Schritt erklärn, wia i mei iPhone fia d'Orbeit oanmeld?";
    expect(isEnrollIntentIn('de', text)).toBe(true);
    expect(isGuideRequestIn('de', text)).toBe(true);
  });
});

describe('round 47: Ostfriesland, Oberpfalz, Burgenland, Thurgau, Reims, Acadie, Zaragoza, Rosario, Kanazawa and Yamagata', () => {
  const kbs = knowledgeWithout('unseen-47-de', 'unseen-47-fr', 'unseen-47-es', 'unseen-47-ja');

  it.each([
    // Bavarian "heit a no … nimma", "ang'meldet" (heute auch noch, nicht mehr, angemeldet).
    [
      'de',
      "Mei Spezl hod sei iPad damals über die Unternehmensportal-App ang'meldet. Geht des heit a no so, oder nimma?",
      ['company-portal-user-enrollment'],
    ],
    // Thurgau: "Chan ich näbem iPhone au no mis iPad registriere?" (neben dem, auch noch).
    [
      'de',
      'Zwei Sache: Chan ich näbem iPhone au no mis iPad registriere? Und weli iOS-Version bruucht das mindestens?',
      ['enroll-more-than-one-device', 'os-requirements'],
    ],
    // A sentence that only tells the steps were done is not what the question asks about.
    [
      'de',
      'Ich habe alle Schritte gemacht und das Handy hat was geladen. Wie kann ich sehen, ob die Registrierung fertig ist?',
      ['confirm-enrollment'],
    ],
    // "Not sure whether it's still linked" tells no failure: the new phone is the subject.
    [
      'de',
      "I hob ma a neues iPhone kauft und ois vom Backup rüberg'spielt. I bin ma ned sicher, ob des no mit der Firma verbunden is. Des alte war bei uns registriert. Muss i des jetzt nomoi machen?",
      ['new-phone-or-restore'],
    ],
    // "…quand je le fais ?": what the question asks without the words that point back.
    [
      'fr',
      "Je pars à la retraite en mars. Comment je retire mon iPhone de la gestion du travail ? Et qu'est-ce qui va disparaître du téléphone si je le fais ?",
      ['unenroll-device', 'what-unenroll-removes'],
    ],
    // "¿Hay alguna solución?" after a told problem asks about it.
    [
      'es',
      'Cuando me llega el código por SMS para verificar, la inscripción falla. Lo intenté dos veces más. ¿Hay alguna solución?',
      ['mfa-text-message-fails'],
    ],
    // "¿Eso es normal?" with no problem told asks about what the sentence before tells.
    [
      'es',
      'Desde que me inscribí no paran de salirme avisos para instalar Outlook y Teams. ¿Eso es normal? Y otra cosa: ¿para qué sirve Microsoft Authenticator?',
      ['work-apps-install-prompts', 'microsoft-authenticator-required'],
    ],
    // A PC named as where the same password is used is no Windows question.
    [
      'ja',
      '登録のサインインは、会社のPCと同じメールとパスワードで大丈夫ですか？',
      ['which-account-to-sign-in'],
    ],
  ] as const)('%s: %p', (lang, text, ids) => {
    expect(botReads(kbs, lang, text).ids).toEqual(ids);
  });

  it.each([
    ['de', 'Immer no s gliiche, funktioniert nöd.'],
    ['de', 'Immer noch s gliche, gaht nöd'],
    ['fr', 'Toujours la même chose hein, ça ne passe pas'],
    ['fr', 'ça ne passe toujours pas'],
  ] as const)('%s: %p tells a vague failure', (lang, text) => {
    const reading = readMessage(knowledgeIn(kbs, lang), text, lang);
    expect(reading.kind === 'small-talk' && reading.act).toBe('vague-failure');
  });

  it.each([
    ['ja', 'あんやと！おかげで登録できたわ'],
    ['ja', 'あんやとね'],
  ] as const)('%s: %p thanks', (lang, text) => {
    const reading = readMessage(knowledgeIn(kbs, lang), text, lang);
    expect(reading.kind === 'small-talk' && reading.act).toBe('thanks');
  });

  it.each([
    ['de', 'Chönd Sie mich bitte dur d Registrierig vo mim iPad füehre?'],
    ['de', 'Kannst du mich bitte durch die Registrierung von meinem iPhone führen?'],
    [
      'es',
      '¿Me acompañas a inscribir el iPad? Prefiero ir paso a paso, que la otra vez lo dejé a medias',
    ],
  ] as const)('%s: %p asks to be guided', (lang, text) => {
    expect(isGuideRequestIn(lang, text)).toBe(true);
  });

  it('es: "ya que esté actualizado" is "once it is updated": the question asks to enroll', () => {
    const text =
      '¿Qué versión de iOS necesito como mínimo? Y ya que esté actualizado, ¿cómo lo inscribo? Es mi iPhone personal';
    const reading = readMessage(knowledgeIn(kbs, 'es'), text, 'es');
    const parts = reading.kind === 'several' ? reading.parts : [];
    expect(parts.map((p) => p.enroll)).toEqual([false, true]);
    expect(parts[0]?.answer.kind === 'answer' && parts[0].answer.hit.article.id).toBe(
      'os-requirements',
    );
  });

  it('de: "Geht das heute auch noch so, oder nicht mehr?" asks whether a way still works, no failure', () => {
    const reading = readMessage(
      knowledgeIn(kbs, 'de'),
      'Geht das heute auch noch so, oder nicht mehr?',
      'de',
    );
    expect(reading.kind).not.toBe('small-talk');
  });

  it('es: "ya quedó…" tells it is done ("ya que" is no "ya")', () => {
    expect(isEnrollIntentIn('es', 'ya quedó lo de inscribir el iphone. ¿qué abro primero?')).toBe(
      false,
    );
  });

  it('es: "intenté otra vez" is still a try again, not a request', () => {
    expect(isEnrollIntentIn('es', 'Intenté inscribir el iPad otra vez y nada')).toBe(false);
  });
});

describe('round 48: Ruhrgebiet, Westerwald, Schaffhausen, Amiens, La Réunion, Salamanca, Córdoba and Toyama', () => {
  const kbs = knowledgeWithout('unseen-48-de', 'unseen-48-fr', 'unseen-48-es', 'unseen-48-ja');

  it.each([
    // The Palatinate: "un", "nebe" (und, neben).
    [
      'de',
      'Zwei Sache: Kenne die vun de IT mei Bilder sehe? Un kann isch nebe dem iPhone aach noch mei iPad aamelde?',
      ['privacy-personal-data', 'enroll-more-than-one-device'],
    ],
    // "Wenn ich … registriere, sieht die Firma…" asks what they see then, not to be guided.
    [
      'de',
      'Wenn ich private iPad registriere, sieht Firma dann meine Telefonnummer oder IMEI? Ich will nicht, dass Nummer gespeichert wird.',
      ['device-identifiers-anonymous-id'],
    ],
    // A story telling the work-only choice, then asking to switch.
    [
      'de',
      'Ich habe letzten Monat mein iPhone registriert und „nur Arbeitsapps und -daten“ gewählt. Jetzt sagt mein Chef, das ganze Gerät muss geschützt sein. Kann man das einfach irgendwo umstellen?',
      ['switch-work-only-to-whole-device'],
    ],
    [
      'fr',
      "J'ai inscrit mon iPhone en choisissant « apps et données liées au travail uniquement ». Maintenant mon responsable veut que tout l'appareil soit sécurisé. On peut juste changer l'option quelque part ?",
      ['switch-work-only-to-whole-device'],
    ],
    // "Comment je fais pour le récupérer ?" after the story of a profile gone asks about it.
    [
      'fr',
      "J'ai ouvert le lien d'inscription et ça a téléchargé un profil. Le lendemain, dans Réglages, le profil n'était plus là. Comment je fais pour le récupérer ?",
      ['web-enrollment-profile-expired'],
    ],
    // "al quitarlo" (on removing it) points back, as "al hacerlo" does.
    [
      'es',
      'Me voy de la empresa. ¿Cómo saco el iPhone de la gestión? ¿Y al quitarlo se me borran las fotos?',
      ['unenroll-device', 'what-unenroll-removes'],
    ],
    // The steps done, then a doubt told with "pero": the doubt is the subject.
    [
      'es',
      'Hice todos los pasos pero no me queda claro si se inscribió bien. ¿Dónde lo veo?',
      ['confirm-enrollment'],
    ],
    // "nix umgstellt" says nothing was changed: it tells no problem of its own.
    [
      'de',
      'Seit heute früh geht Outlook nimmer auf, da steht, die App muss aktualisiert werden. I hab am Handy nix umgstellt. Was muss i jetzt mache?',
      ['work-app-must-update'],
    ],
    // Schaffhausen: "Gits e Reihefolg?", "zerscht" (gibt es, Reihenfolge, zuerst).
    [
      'de',
      'Jetzt han ich Outlook, Teams und OneDrive uf em Natel. Gits e Reihefolg, wo söll i zerscht?',
      ['first-app-after-enrolling'],
    ],
  ] as const)('%s: %p', (lang, text, ids) => {
    expect(botReads(kbs, lang, text).ids).toEqual(ids);
  });

  it.each([
    ['fr', 'Ou lé un vrai moun ou un robot ?', 'identity'],
    ['ja', 'おはようさん！今日もよろしくな〜', 'greeting'],
  ] as const)('%s: %p is small talk (%s)', (lang, text, act) => {
    const reading = readMessage(knowledgeIn(kbs, lang), text, lang);
    expect(reading.kind === 'small-talk' && reading.act).toBe(act);
  });
});

describe('round 49: Waldviertel, Appenzell, Dunkerque, Guadeloupe, Tucumán, Shimane and Gunma', () => {
  const kbs = knowledgeWithout('unseen-49-de', 'unseen-49-fr', 'unseen-49-es', 'unseen-49-ja');

  it.each([
    // "wie man das iPad registriert": the verb of a clause saying how, not a device enrolled.
    ['de', 'Können Sie mir bitte zeigen Schritt für Schritt, wie man das iPad registriert?'],
    ['de', 'Können Sie mir bitte zeigen Schritt für Schritt wie man registriert das iPad? grazie'],
    // "les étapes une par une"; "me llevás de la mano para anotar mi celu".
    ['fr', 'Vous pouvez me donner les étapes une par une pour mettre mon iPad pour le travail ?'],
    ['es', 'me llevás de la mano para anotar mi celu personal para el laburo? paso por paso porfa'],
  ] as const)('%s: %p asks to be guided', (lang, text) => {
    expect(isGuideRequestIn(lang, text)).toBe(true);
  });

  it.each([
    ['de', 'Wie kann ich sehen, ob mein iPad registriert ist?'],
    ['es', 'anoté el código pero no funciona'],
    // "c'est comment que ça marche ?" asks how the link works.
    [
      'fr',
      "l'info m'a envoyé un lien à ouvrir dans Safari pour inscrire ch'téléphone, ch'est comment que ça marche ce truc-là ?",
    ],
    // "…移っちょーかね？" asks whether the enrollment moved over (Izumo).
    [
      'ja',
      '機種変してiPhone 16にしたけん、古いのからデータ全部移したがね。会社の登録も一緒に移っちょーかね？',
    ],
  ] as const)('%s: %p is no request to enroll', (lang, text) => {
    expect(isEnrollIntentIn(lang, text)).toBe(false);
  });

  it.each([
    // Where one goes on days off is a question about location, not about leave.
    ['de', 'Sieht die Firma, wo ich an meinen freien Tagen hingehe?', ['privacy-location']],
    [
      'fr',
      'Est-ce que la boîte peut voir où je vais pendant mes jours de congé ?',
      ['privacy-location'],
    ],
    ['es', '¿La empresa puede ver dónde voy en mis días libres?', ['privacy-location']],
    ['ja', '休みの日どこ行ったか会社にバレっちゃうんけ？GPSとか', ['privacy-location']],
    // What the company can do on the phone is what it controls.
    ['de', 'Was können die von der Firma auf meinem iPhone machen?', ['privacy-what-it-can-do']],
    ['fr', "qu'est-ce que la boîte peut faire sur mon iPhone ?", ['privacy-what-it-can-do']],
    ['es', '¿qué puede hacer la empresa en mi iPhone?', ['privacy-what-it-can-do']],
    // "trennt" keeps apart, as "getrennt" does.
    [
      'de',
      "Wie trennt des iPhone eigentlich Gschäftszeug und Privats? Und wenn i's irgendwann wieder abmeld, was wird dann alles glöscht?",
      ['work-data-separate', 'what-unenroll-removes'],
    ],
    // Appenzell "chönd … vo de Firma … mache" after a question of its own.
    [
      'de',
      'Zwei Sache: mit wellem Passwort mues i mi aamelde, mim Apple Passwort oder em vo de Firma? Und was chönd die vo de Firma denn nachher alles uf mim iPhone mache?',
      ['which-account-to-sign-in', 'privacy-what-it-can-do'],
    ],
    // Bavarian "Nochm … kumma … druckn" (nach dem, gekommen, drücken).
    [
      'de',
      'Nochm Registrieren san lauter Meldungen kumma, i soll Apps installieren – muass i do überall auf Installieren druckn? Und do is jetzt so a Symbol „Unternehmensportal“ am Homebildschirm, des is oba ka richtige App, wos is des?',
      ['work-apps-install-prompts', 'company-portal-website-web-app'],
    ],
    // A question after a clause, unmarked ("…, como quito yo esto der movil").
    [
      'es',
      'dos preguntillas: la empresa pue vé mis whatsapps y mis fotos? y si el día de mañana me voy, como quito yo esto der movil',
      ['privacy-personal-data', 'unenroll-device'],
    ],
    // "c'est quoi … cette « inscription d'utilisateur » dont…", after a word of address.
    [
      'fr',
      "Mon grand, c'est quoi exactement cette « inscription d'utilisateur » dont l'informatique parle dans le mail ?",
      ['what-is-user-enrollment'],
    ],
    // Ch'ti: "min iPhone", "ch'téléphone", "comment que ça marche".
    [
      'fr',
      "eh biloute, comment j'mets min iPhone perso sur l'boulot ? et si un jour j'veux l'enlever, qu'est-ce qui part avec, j'perds mes photos ?",
      ['enroll-from-settings-app', 'what-unenroll-removes'],
    ],
    [
      'fr',
      "l'info m'a envoyé un lien à ouvrir dans Safari pour inscrire ch'téléphone, ch'est comment que ça marche ce truc-là ? et faut quelle version d'iOS au minimum pour l'faire ?",
      ['web-based-device-enrollment', 'os-requirements'],
    ],
  ] as const)('%s: %p', (lang, text, ids) => {
    expect(botReads(kbs, lang, text).ids).toEqual(ids);
  });

  it.each([
    ['de', 'Was kann ich machen, wenn die App nicht startet?'],
    ['fr', 'combien de jours de congé il me reste ?'],
    ['ja', '休みの日は何日残っていますか？'],
  ] as const)('%s: %p keeps its own subject', (lang, text) => {
    const ids = botReads(kbs, lang, text).ids;
    expect(ids).not.toContain('privacy-what-it-can-do');
    expect(ids).not.toContain('privacy-location');
  });

  it('a question who answers, then why it is asked, is small talk', () => {
    const text =
      "t'es un vrai collègue ou un robot ? parce que tu réponds vite pour quelqu'un du service info 😄";
    const reading = readMessage(knowledgeIn(kbs, 'fr'), text, 'fr');
    expect(reading.kind === 'small-talk' && reading.act).toBe('identity');
  });
});

describe('round 50: small talk in Glarus, Fribourg, Salta, Sapporo and Amakusa', () => {
  const kbs = knowledgeWithout('unseen-50-de', 'unseen-50-fr', 'unseen-50-es', 'unseen-50-ja');

  it.each([
    ['de', 'Wieder gleiche Problem wie gestern', 'vague-failure'],
    ['fr', 'Adieu ! Ça joue ?', 'wellbeing'],
    ['fr', 'Ça a encore refusé', 'vague-failure'],
    ['es', 'hola buen díaaa!! ¿estás por ahí?', 'greeting'],
    ['ja', 'したっけ、また困ったら来るわ〜', 'goodbye'],
    ['ja', 'さっきとおんなじになったばい', 'vague-failure'],
  ] as const)('%s: %p is small talk (%s)', (lang, text, act) => {
    const reading = readMessage(knowledgeIn(kbs, lang), text, lang);
    expect(reading.kind === 'small-talk' && reading.act).toBe(act);
  });

  it.each([
    [
      'de',
      'Die IT hat mir nen Link für Safari geschickt statt der App, wie läuft das da ab mit dem Anmelden?',
    ],
    [
      'de',
      'Ick hab hier noch ne alte Anleitung vom Kollegen, da steht man soll die Unternehmensportal App laden und da drin sein privates Handy anmelden. Geht das so noch oder is das veraltet?',
    ],
  ] as const)('%s: %p asks how or whether, it is no request to enroll', (lang, text) => {
    expect(isEnrollIntentIn(lang, text)).toBe(false);
  });

  it.each([
    ['ja', 'また登録できない'],
    ['ja', '〜'],
  ] as const)('%s: %p is no goodbye', (lang, text) => {
    expect(smallTalkIn(lang, text)).not.toBe('goodbye');
  });
});

describe('round 51: Emsland, Zug, Kinshasa, Gaspésie, Santo Domingo, Kitakyushu and Tokyo', () => {
  const kbs = knowledgeWithout('unseen-51-de', 'unseen-51-fr', 'unseen-51-es', 'unseen-51-ja');

  it.each([
    // Lingala thanks, "tout est en ordre"; "bendecido día"; Kitakyushu "よろしくっちゃ".
    ['fr', 'Matondo mingi ndeko, tout est en ordre maintenant 🙏', 'thanks'],
    ['es', 'Gracias, bendecido día 🙏', 'thanks'],
    ['es', 'bendiciones, hasta luego', 'goodbye'],
    ['ja', 'おはよーございます！今日もよろしくっちゃ', 'greeting'],
    // Québec: "Pareil comme tantôt. Ça veut rien savoir." (same as earlier; it won't work).
    ['fr', 'Pareil comme tantôt. Ça veut rien savoir.', 'vague-failure'],
    ['fr', 'ça veut toujours rien savoir', 'vague-failure'],
  ] as const)('%s: %p is small talk (%s)', (lang, text, act) => {
    const reading = readMessage(knowledgeIn(kbs, lang), text, lang);
    expect(reading.kind === 'small-talk' && reading.act).toBe(act);
  });

  it('de: a sentence saying it is sorted already is not what the question after it asks', () => {
    const text =
      "Moin. Kurze Vorgeschichte: ich bin ab Januar in Elternzeit und will das ganze Firmen-Gedöns für die Zeit von meinem privaten iPhone runterhaben. Meine Frau hat jetzt Panik geschoben, dass dann alle Urlaubsfotos und die Chats weg sind, weil sie das bei ihrer alten Firma so erlebt hat. Wie man's rausnimmt hab ich schon gefunden, darum geht's nich. Was ich nich weiß: was genau wird da eigentlich gelöscht, wenn ich das mache? Bleiben meine privaten Sachen heile?";
    expect(botReads(knowledgeWithout('unseen-43-de'), 'de', text).ids).toEqual([
      'what-unenroll-removes',
      'personal-use-and-data',
    ]);
  });

  it('fr: an empty message is no failure told', () => {
    expect(smallTalkIn('fr', '')).not.toBe('vague-failure');
  });

  it.each([
    ['es', 'mándame los pasos uno por uno pa inscribir el cel'],
    ['fr', 'montre-moi les étapes un par un pour inscrire mon iPhone'],
  ] as const)('%s: %p asks to be guided', (lang, text) => {
    expect(isGuideRequestIn(lang, text)).toBe(true);
  });

  it.each([
    // "…ändert sich da etwas durch die Registrierung?" asks what enrolling changes.
    ['de', 'Und meine private Apple ID und iCloud, ändert sich da etwas durch die Registrierung?'],
    // "会社の登録もいっしょに移ってる？" asks whether it moved over to the new phone.
    ['ja', '会社の登録もいっしょに移ってる？もう一回やらないとダメ？'],
  ] as const)('%s: %p is no request to enroll', (lang, text) => {
    expect(isEnrollIntentIn(lang, text)).toBe(false);
  });

  it.each([
    ['de', 'Hilfe beim Registrieren bitte'],
    ['de', 'Wie geht das Registrieren mit meinem iPhone?'],
  ] as const)('%s: %p is still a request to enroll', (lang, text) => {
    expect(isEnrollIntentIn(lang, text)).toBe(true);
  });

  it.each([
    // "C'est vrai ça ?" names nothing: it asks whether what was told is so.
    [
      'fr',
      "Mbote. Le chef dit que si j'inscris mon iPhone, la DSI va voir mon numéro de téléphone et même l'IMEI. C'est vrai ça ? Je ne veux pas qu'on connaisse mon numéro perso.",
      ['device-identifiers-anonymous-id'],
    ],
    // "端末は今後どうなるのでしょうか" asks what becomes of what was told.
    [
      'ja',
      '情報システム部より、私のiPhoneをリタイヤしたとの連絡を受けました。端末は今後どうなるのでしょうか。個人のデータへの影響も含めて教えていただけますか。',
      ['it-retire', 'personal-apple-id'],
    ],
    [
      'ja',
      '新しいiPhone 16 かいました。古いのからバックアップでぜんぶ移した。会社の登録もいっしょに移ってる？もう一回やらないとダメ？',
      ['new-phone-or-restore'],
    ],
    // "現在も" is "今も": whether the old way still works.
    [
      'ja',
      '以前、別部署ではポータル サイト アプリからユーザー登録を行っていたと伺いました。現在もその方法で私物の端末を登録することは可能でしょうか。',
      ['company-portal-user-enrollment'],
    ],
    // Swiss "no" (noch), "bruuche" after "cha" (to use); deleting when enrolling.
    [
      'de',
      'Mis alte iPad hät no iPadOS 14.8 druf. Chan ich das überhaupt no registriere? Und allgemein: cha ich s iPad nachher no ganz normal privat bruuche, oder wird bim Registriere öppis glöscht?',
      ['ios-14-or-older', 'personal-use-and-data'],
    ],
    ['de', 'Wird beim Registrieren etwas gelöscht?', ['personal-use-and-data']],
    [
      'de',
      'Hai câu hỏi / zwei Fragen: Wenn ich Registrierung später aufhebe, was wird alles gelöscht? Und meine private Apple ID und iCloud, ändert sich da etwas durch die Registrierung?',
      ['what-unenroll-removes', 'personal-apple-id'],
    ],
    // Apps that "come in" are installed; "閲覧" is seeing.
    [
      'ja',
      '「Profile installation failed」て出てもうてん、なんでなん？ほんでな、登録できたら勝手にアプリ入ってくるって聞いたんやけど、何が入ってくるん？',
      ['profile-installation-failed', 'work-apps-install-prompts'],
    ],
    [
      'ja',
      '恐れ入ります、二つ質問がございます。まず、Appleのユーザー登録とはそもそもどのような仕組みなのでしょうか。それから、登録したiPhoneで会社側は具体的に何を管理・閲覧できるのか教えていただけますか。',
      ['what-is-user-enrollment', 'privacy-what-it-can-do'],
    ],
    // Two choices quoted side by side, then "which one?".
    [
      'ja',
      'ポータル サイトで「デバイス全体のセキュリティ保護」と「作業に関連するアプリとデータのみのセキュリティ保護」ってのが出たっちゃ。自分のスマホならどっちがいいろ？あと、仕事用だけで登録したあとで、全体の方に切り替えるってできるんけ？',
      ['secure-entire-device-or-work-only', 'switch-work-only-to-whole-device'],
    ],
  ] as const)('%s: %p', (lang, text, ids) => {
    expect(botReads(kbs, lang, text).ids).toEqual(ids);
  });
});

describe('round 52: Uri, Mostviertel, Toulon, Mayotte, Cartagena, Castellón, Hamamatsu', () => {
  const kbs = knowledgeWithout('unseen-52-de', 'unseen-52-fr', 'unseen-52-es', 'unseen-52-ja');

  it.each([
    // Swiss "Bisch du…", a "Computerprogramm"; Enshu "おぼらだれん".
    ['de', 'Grüß Gott! Bisch du a richtiger Mensch oder bloß so a Computerprogramm?', 'identity'],
    ['ja', 'おぼらだれん！おかげでちゃんと登録できたよー', 'thanks'],
  ] as const)('%s: %p is small talk (%s)', (lang, text, act) => {
    const reading = readMessage(knowledgeIn(kbs, lang), text, lang);
    expect(reading.kind === 'small-talk' && reading.act).toBe(act);
  });

  it.each([
    // "je souhaiterais savoir si, une fois mon iPhone inscrit, …" asks to know something.
    [
      'fr',
      'Bonjour, je souhaiterais savoir si, une fois mon iPhone inscrit, le service informatique aura accès à son numéro de série, à son IMEI ou à mon numéro de téléphone.',
    ],
    // "登録の途中だった": mid-way through it already.
    [
      'ja',
      '容量足りなくてMicrosoft Authenticator消しちゃったさー。登録の途中だったけど、このあとどうすればいいわけ？',
    ],
  ] as const)('%s: %p is no request to enroll', (lang, text) => {
    expect(isEnrollIntentIn(lang, text)).toBe(false);
  });

  it.each([
    // Swiss "cha d Firma … gseh, wo ich … grad bi": where one is.
    [
      'de',
      'Hoi zäme. Cha d Firma eigentli gseh, wo ich mit mim iPhone grad bi, wänn ich das registriere? Ich bi am Wuchenänd vill z Bärg und wett nid, dass die wüssed wo.',
      ['privacy-location'],
    ],
    // "…nachdem Authenticator ist weg?": removed already.
    [
      'de',
      'Hallo, ich heiße Joana und arbeite in der Produktion seit März. Mein Kollege hat gesagt, ich soll Authenticator löschen bevor ich registriere, und ich habe das gemacht, aber jetzt ich bin nicht sicher ob das war richtig. Ich habe iPhone 15 mit iOS 18.5. Die Registrierung habe ich noch nicht gemacht. Was muss ich jetzt machen, nachdem Authenticator ist weg? Ich habe Angst, dass ich nicht mehr einloggen kann',
      ['authenticator-removed-what-now'],
    ],
    // The screen's words quoted as the article names them, then "je touche ou je touche pas ?".
    [
      'fr',
      "Oh fada, y a un écran « Autoriser la gestion à distance » qui vient de sortir sur mon iPhone. Je touche ou je touche pas ? J'ai pas envie qu'on vienne m'espincher le téléphone",
      ['allow-remote-management'],
    ],
    // "l'inscription va effacer mes photos ?": whether enrolling deletes anything.
    [
      'fr',
      "slt, 2 questions : est-ce que mon employeur pourra savoir où je suis avec mon tel (genre le week-end à N'Gouja) ? et est-ce que l'inscription va effacer mes photos ou mes applis ?",
      ['privacy-location', 'personal-use-and-data'],
    ],
    // "y si después me arrepiento, ¿cómo lo quito del celular?": how to take it off.
    [
      'es',
      'dos cosas parce: ¿la empresa puede ver mis fotos y mis whatsapps si me inscribo? y si después me arrepiento, ¿cómo lo quito del celular?',
      ['privacy-personal-data', 'unenroll-device'],
    ],
    // The question reads as the problem the story told, not as the attempts told last.
    [
      'es',
      'Buenos días. Estoy en la oficina de Castellón y hasta la semana pasada todo me iba bien con el iPhone. Esta mañana he abierto la app del trabajo para revisar unos pedidos y no arranca, sale un mensaje diciendo que hay que actualizarla. He reiniciado el móvil, he cerrado la app mil veces y nada. No he tocado nada de la inscripción, sigue ahí en Ajustes. ¿Qué tengo que hacer para que vuelva a abrir?',
      ['work-app-must-update'],
    ],
    // "どう対処すればよろしいでしょうか": how to deal with the error told.
    [
      'ja',
      'お世話になっております。浜松工場の品質管理の者です。本日、設定アプリから個人のiPhoneの登録を完了しまして、VPNとデバイス管理にも職場アカウントが表示されていました。その後すぐにOutlookを開いたところ、Microsoft Authenticatorに関するエラーが表示されて開けませんでした。Authenticatorはまだホーム画面に見当たりません。登録自体は成功しているはずなのですが、このエラーはどう対処すればよろしいでしょうか。',
      ['work-app-authenticator-error'],
    ],
  ] as const)('%s: %p', (lang, text, ids) => {
    expect(botReads(kbs, lang, text).ids).toEqual(ids);
  });

  it('de: "Wels Handy söll ich … chaufe" asks which phone to buy (not covered)', () => {
    const reading = readMessage(
      knowledgeIn(kbs, 'de'),
      'Wels Handy söll ich mer als nächschts chaufe, s iPhone 17 oder es Samsung? Ds alt isch am Verräble.',
      'de',
    );
    expect(reading.kind === 'one' && reading.part.answer.kind).toBe('out-of-scope');
  });
});
