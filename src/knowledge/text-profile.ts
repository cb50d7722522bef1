/**
 * How the knowledge base reads text in each language: normalising, splitting into words,
 * dropping function words and reducing words to a stem. English keeps its own, tuned reading
 * (src/knowledge/normalise.ts: domain spellings, a light stemmer, typo correction against an
 * English dictionary). German, French and Spanish use the Snowball stemmers (snowball-stemmers)
 * and the stopword package's lists; Japanese, written without spaces, is split into words by
 * Intl.Segmenter (ICU's dictionary segmentation) and keeps its words unstemmed.
 */
import { newStemmer } from 'snowball-stemmers';
import { deu, fra, jpn, spa } from 'stopword';

import type { Language } from '../i18n/languages';

import { GERMAN_DIALECT_FOLDS } from './german-dialects';
import { normaliseText, processTerm, rememberingLast, tokenize } from './normalise';

/** One language's reading of text for search. */
export interface TextProfile {
  readonly lang: Language;
  /** Lower case, Unicode-normalised, domain spellings folded; applied before tokenising. */
  normalise(text: string): string;
  /** Normalised text → words. */
  tokenize(text: string): string[];
  /** A word → its indexed form (stem), or null for a word that carries no meaning. */
  processTerm(term: string): string | null;
  /** Whether typos are corrected against the language's dictionary (English only). */
  readonly spelling: boolean;
  /** Whether a word may match by prefix or small edits (not for Japanese, where words are short). */
  readonly fuzzy: boolean;
}

/** The English reading (the knowledge base's original one). */
export const ENGLISH: TextProfile = {
  lang: 'en',
  normalise: normaliseText,
  tokenize,
  processTerm,
  spelling: true,
  fuzzy: true,
};

/** Spellings of the products and screens that are the same in every language. */
const SHARED_FOLDS: readonly [RegExp, string][] = [
  [/\bi[- ]?phone\b/gu, 'iphone'],
  [/\biphone ?(\d{1,2}|xr|xs|x|se)( (pro|max|plus|mini|e))*\b/gu, 'iphone'],
  [/\bi[- ]?pad ?os\b/gu, 'ipados ipad'],
  [/\bi[- ]pad\b/gu, 'ipad'],
  [/\bios\s?(\d)/gu, 'ios $1'],
  // A version's major number says which; its minor and patch numbers ("12.5.7") are no words.
  [/\b(ios|ipados) (\d{1,2})(?:\.\d+)+/gu, '$1 $2'],
  [/\b(ms|microsoft) authenticator\b/gu, 'authenticator'],
  [/\bcompany ?portal\b/gu, 'companyportal'],
  [/\bapple[- ]?ids?\b/gu, 'appleid'],
  [/\b(2fa|mfa)\b/gu, 'mfa'],
];

/** Words every language's questions use that say nothing about the topic. */
/**
 * A word boundary that knows accented letters and kana: JavaScript's "\b" knows only ASCII, so
 * "\bétape" never matched "étape" nor "\bqué\b" "qué".
 */
export const WORD_EDGE = String.raw`(?:(?<![\p{L}\p{N}])(?=[\p{L}\p{N}])|(?<=[\p{L}\p{N}])(?![\p{L}\p{N}]))`;

const EXTRA_STOP: Readonly<Record<'de' | 'fr' | 'es' | 'ja', readonly string[]>> = {
  de: [
    'bitte',
    'danke',
    // "machen bzw. sehen": or rather, joining words as "oder" does.
    'bzw',
    'beziehungsweise',
    'hallo',
    'mal',
    'eigentlich',
    'genau',
    'gibt',
    'geht',
    'ok',
    'okay',
    'hi',
    // "Wo krieg ich sowas her?": get and such a thing, as English "get" and "something".
    'sowas',
    'krieg',
    'kriege',
    'kriegt',
    'kriegen',
    // "irgendwie", "irgendwas": somehow, something; no subject.
    'irgendwie',
    'irgendwas',
  ],
  fr: [
    'svp',
    'merci',
    'bonjour',
    'salut',
    'ok',
    'okay',
    'hi',
    'quoi',
    'faut',
    'comment',
    'pourquoi',
    'quand',
    'où',
    'quel',
    'quelle',
    'quels',
    'quelles',
    'est',
    'peux',
    'peut',
    'puis',
    'pouvez',
    'dois',
    'doit',
    'veux',
  ],
  es: [
    'gracias',
    'hola',
    'favor',
    'ok',
    'okay',
    'hi',
    'pues',
    'bueno',
    'cómo',
    'como',
    'qué',
    'que',
    'por',
    'cuándo',
    'dónde',
    'cuál',
    'puedo',
    'puede',
    // The package's Spanish list is short (59 words): the forms of "ser", "estar" and "haber",
    // the demonstratives and the pronouns it lacks carry no meaning here either ("¿es normal y
    // qué apps son?").
    ...(
      'es son era eran fue fueron ser sea sean soy eres somos está están estoy estás estar ' +
      'estaba estaban hay ha han he has hemos había habían haber este esta esto estos estas esa ' +
      'esas aquel aquella yo usted ustedes nosotros vosotros ellos ellas les mis tu tus nuestro ' +
      'nuestra vuestro vuestra va voy vas van vamos ir poder pueden puedes podemos podría podria ' +
      'podrían podrian ' +
      // "¿Qué es esa vaina?" (that thing), in Venezuela and Colombia.
      'vaina'
    ).split(' '),
  ],
  ja: [
    'です',
    'ます',
    'ください',
    'でしょ',
    'ませ',
    'ん',
    'か',
    'の',
    'に',
    'を',
    'は',
    'が',
    'で',
    'と',
    'も',
    'て',
    'た',
    'だ',
    'な',
    'よ',
    'ね',
    // Verb endings and fillers that say nothing about the subject ("…したら", "いろいろ", "本当？").
    'したら',
    'して',
    'した',
    'する',
    'される',
    'いろいろ',
    '色々',
    '本当',
    'ほんと',
    'なんか',
    'ちょっと',
    'やっぱり',
    'とか',
    'って',
    // "…通知がいっぱい出てくるんだけど": lots, but.
    'いっぱい',
    'だけど',
    'けど',
    // "…なので" (because) and "…と思っています" (I think) frame a sentence, they name nothing.
    'なので',
    'ので',
    '思',
  ],
};

/** Words the stop lists drop that say something here: "both" and "another" (device). */
const KEEP_WORDS: Readonly<Record<'de' | 'fr' | 'es', readonly string[]>> = {
  de: ['beide', 'beiden', 'beides', 'damals'],
  fr: [],
  es: ['otro'],
};

/**
 * Phrases whose meaning lives in words the index drops (function words): "wo ich bin" is a
 * location. Applied after lower-casing, before tokenising.
 */
const LANGUAGE_FOLDS: Readonly<Record<'de' | 'fr' | 'es', readonly [RegExp, string][]>> = {
  de: [
    ...GERMAN_DIALECT_FOLDS,
    [/(?<!\p{L})(es )?(mir |sich )?anders überleg\p{L}*/gu, ' '],
    // "Wie kann ich sehen, ob die Registrierung fertig ist?" asks how to tell it worked, as
    // "Woran erkenne ich, ob…" does.
    [
      /(?<!\p{L})wie (kann|könnte|soll|kann man|könnte man) (ich |man )?(sehen|feststellen|erkennen|nachsehen|nachschauen|nachprüfen|prüfen|checken),? ob(?!\p{L})/gu,
      'woran erkenne ich ob',
    ],
    // "drücken" (to press) is no "drucken" (to print) once accents fold: the articles' "tippen".
    // ("wegdrücken" is dismissing it.)
    [/(?<!\p{L})weg(ge)?drü(ck|gg)\p{L}*/gu, 'ablehnen'],
    [/(?<!\p{L})(drauf|an)?(ge)?drü(ck|gg)\p{L}*/gu, 'tippen'],
    // Having removed Authenticator already ("hab den Authenticator gelöscht") is another question
    // than whether to: one word for it, beside the words.
    [
      /(?<!\p{L})authenticator((?: \p{L}+){0,3}) (gelöscht|deinstalliert|entfernt|runtergeschmissen|runtergeworfen)(?! werden)(?!\p{L})/gu,
      'authenticator$1 $2 authenticatorremoved',
    ],
    // "…nachdem Authenticator ist weg?": gone already, the same.
    [
      /(?<!\p{L})authenticator (ist|is|war) (jetzt |schon |ja |nun )?(weg|gelöscht|deinstalliert|runter)(?!\p{L})/gu,
      '$& authenticatorremoved',
    ],
    // "hab null Plan", "kein Plan" is having no idea, not a rota ("Dienstplan").
    [/(?<!\p{L})(null|kein|keinen|keen|nen) plan(?!\p{L})/gu, 'keine ahnung'],
    // ("wo i mit mim Handy umanand fahr": where I drive about.)
    [
      /\bwo ich( [a-zäöüß]+){0,4} (bin|bi|befinde|umanand|rumfahre|herumfahre|unterwegs bin|hingehe|hinfahre|hin gehe|hin fahre|war|gewesen bin)\b|\bwohin ich (gehe|reise|fahre)\b/gu,
      'standort',
    ],
    // "…wo ich an meinen freien Tagen hingehe": when, beside where, is no question about leave.
    [
      /(?<=standort.{0,60})(an |in |im |am )?(meinen |meinem |meiner |den |dem )?(freien tagen?|urlaub|feierabend|wochenenden?)(?!\p{L})|(an |in |im |am )?(meinen |meinem |meiner |den |dem )?(freien tagen?|urlaub|feierabend|wochenenden?)(?=.{0,60}standort)/gu,
      ' ',
    ],
    // "…hab ich gehört", "ich hab gehört, dass…": heard, not "gehört" (belongs to) of who owns
    // the device.
    [
      /(?<!\p{L})(hab|habe|hätte|hat|haben) (ich|i|man|wir|er|sie)( \p{L}+){0,2} gehört(?!\p{L})|(?<!\p{L})(ich|i|wir|man) (hab|habe|hat|haben)( \p{L}+){0,3} gehört(?!\p{L})|(?<!\p{L})(wie|so) (ich|man) (gehört|gelesen) (habe|hab|hat)(?!\p{L})/gu,
      ' ',
    ],
    // "Zwei Sachen:", "Zwoa Frooga:", "Kurze Frage:": a message's preface, not its subject.
    [
      /^\W*(zwei|zwoa|drei|ein paar|paar|kurze|eine|ne|'ne|noch (eine|ne)) (sachen|fragen|frage|dinge|punkte)\b\W*/gu,
      ' ',
    ],
    // "wo kann ich nachsehen / nachschauen / nachgucken": looking it up is checking it (not "sehen", seeing: what the company sees).
    [
      /(?<!\p{L})nach(sehen|sehe|schauen|schaue|schaun|schaua|gucken|gucke|kucken)(?!\p{L})/gu,
      'prüfen',
    ],
    // "Kann ich das später noch ändern?": switching to the other kind later.
    [
      /(?<!\p{L})(später|spöter)( noch| no)? (ändern|ändere|wechseln|umstellen)(?!\p{L})/gu,
      '$& umstellen',
    ],
    // "oder nur ein Gerät?": whether there is a limit of one device.
    [
      /(?<!\p{L})(nur|bloß|bloss) (ein|eins|einem|1) (gerät|handy|device)(?!\p{L})/gu,
      'limit mehrere geräte',
    ],
    // "Wieso will das Ding, dass ich den Authenticator habe?": why it needs it.
    [
      /(?<!\p{L})(will|wollen|verlangt|verlangen)( \p{L}+){0,2},? dass (ich|man|wir)(?!\p{L})/gu,
      'brauche $3',
    ],
    // "Was ich nich weiß: …" and "…, wenn ich das mache?": a preface, and pointing back at what
    // was told ("if I do that"), neither the subject.
    [
      /(?<!\p{L})was (ich|i) (nich|nicht|net|ned|nid|no nicht|noch nicht) (weiß|weiss|versteh|verstehe|kapier|kapiere)(?!\p{L})/gu,
      ' ',
    ],
    [
      /(?<!\p{L})(wenn|falls) (ich|i|man|wir) (das|des|dat|dies|es) (mache|mach|tue|tu|durchziehe)(?!\p{L})/gu,
      ' ',
    ],
    // "ob das ganze Gerät geschützt werden soll": the pick the articles call "schützen".
    [/(?<!\p{L})geschützt(?!\p{L})/gu, 'geschützt schützen'],
    // "das ganze Gerät" or "nur die Arbeitsapps": the two picks as the articles name them.
    [/(?<!\p{L})ganze[snm]? (gerät|handy|iphone|ipad)(?!\p{L})/gu, '$& gesamtes gerät'],
    [/(?<!\p{L})arbeitsapps(?!\p{L})/gu, 'arbeitsbezogene apps'],
    // "Kann ich mei iPad da gleich mit anmelden?": registering it as well (a second device).
    [/(?<!\p{L})mit ?(anmelden|registrieren|einrichten|aufnehmen)(?!\p{L})/gu, '$& zusätzlich'],
    // "sie geht gar nicht (mehr) auf": the app does not open.
    [
      /(?<!\p{L})(geht|ging|gehen|gehn)( \p{L}+){0,2} (nicht|nimmer|nie|kaum) (mehr )?auf(?!\p{L})/gu,
      'öffnet nicht',
    ],
    // "Wie trennt das iPhone Geschäftliches und Privates?": keeping them apart, as the articles'
    // "getrennt" says; "Gschäftszeug", "Geschäftliches": the work data.
    [/(?<!\p{L})(trennt|trennen|trenne|trennst)(?!\p{L})/gu, 'getrennt'],
    // (As nouns only: not "geschäftliche Apps", "mein privates Natel".)
    [
      /(?<!\p{L})(gschäftszeug|geschäftszeug|(geschäftliches|gschäftlichs)(?=\s*([?.!,;:]|$|und |oder |vom |von )))/gu,
      'arbeitsdaten',
    ],
    [/(?<!\p{L})privats(?!\p{L})/gu, 'private daten'],
    // "Was kann die Firma auf meinem iPhone alles machen?": what they may do there is what they
    // control (not "was kann ich machen", asking for help).
    [
      /(?<!\p{L})was (kann|können|könnte|könnten|darf|dürfen)(?! (ich|i|man|wir|mer)(?!\p{L}))( \p{L}+){0,12} (machen|mache|tun|tue|anstellen)(?!\p{L})/gu,
      '$& steuern',
    ],
    // "Wird beim Registrieren etwas gelöscht?": whether enrolling itself deletes anything (the
    // articles say "löscht die Registrierung"), not what unenrolling removes.
    [
      /(?<!\p{L})(beim|bei der|durch die|durch das|durchs|mit der) (registrieren|registrierung|registriere|anmelden|anmeldung|einrichten|einrichtung)(?=[^.?!]{0,40}(?<!\p{L})(gelöscht|löscht|weg|verloren)(?!\p{L}))|(?<!\p{L})(gelöscht|löscht)(?=[^.?!]{0,40}(?<!\p{L})(beim|bei der|durch die|durch das|durchs) (registrieren|registrierung|anmelden|anmeldung|einrichten)(?!\p{L}))/gu,
      '$& registrierung löscht',
    ],
    [/\bwas passiert\b/gu, 'passiert folgen'],
    [/\bwie ?viele?\b/gu, 'anzahl'],
    [
      /\b(von )?(der|dem|einem|einer) einen (zur|zum|auf die|auf das) ander\w*\b/gu,
      'wechseln umstellen',
    ],
  ],
  fr: [
    // "est-ce que l'inscription va effacer mes photos ?": whether enrolling itself deletes
    // anything (the articles ask "l'inscription efface-t-elle…"), not what unenrolling removes.
    [
      /(?<!\p{L})(l'|l’)?inscription (va|vas|risque de|peut|pourrait|pourra|doit) (effacer|supprimer|me faire perdre|faire perdre)(?!\p{L})/gu,
      'inscription efface',
    ],
    // "comment je vérifie que mon téléphone est inscrit ?": confirming it worked, not the
    // verification of a sign-in ("code de vérification").
    [/(?<!\p{L})(vérifi|verifi)\p{L}* (que|qu'|qu’|si|s'il|s’il)/gu, 'confirmer que '],
    // Authenticator removed already ("Il a viré plein d'applis, dont Authenticator", "j'ai
    // désinstallé Authenticator") is another question than whether to: one word for it, beside.
    [
      /(?<!\p{L})(supprimé|désinstallé|desinstallé|effacé|viré|enlevé|retiré)(e?s?)(?!\p{L})(?=[^.?!]{0,60}authenticator)/gu,
      '$1$2 authenticatorremoved',
    ],
    // "il me faut Authenticator ?": needing it.
    [/(?<!\p{L})il (me|nous|te|vous) faut(?!\p{L})/gu, 'besoin'],
    // "pourquoi il faut absolument Microsoft Authenticator ?": needing it too.
    [
      /(?<!\p{L})il faut (absolument |vraiment |obligatoirement |forcément |forcement )?(avoir |installer |utiliser )?(l'|le |la |un |une |cette |cet |ce )?(?=(microsoft |ms )?(authenticator|app|appli|application|portail|company portal)(?!\p{L}))/gu,
      'besoin ',
    ],
    // Ch'ti and Picard: "min iPhone", "ch'téléphone" (mon, le); a word of address first ("eh
    // biloute, …") names nothing.
    [
      /(?<!\p{L})min(?= (iphone|ipad|téléphone|telephone|portable|tél|tel|phone|cell|gsm|compte|code|mot de passe|appareil|mobile|tablette)(?!\p{L}))/gu,
      'mon',
    ],
    [/(?<!\p{L})ch['’](?=[bcdfghjklmnpqrstvwxz])/gu, 'le '],
    [/^\W*(eh|hé|he|oh|ô) [\p{L}-]+\s*,/gu, ' '],
    // "qu'est-ce que la boîte peut faire sur mon iPhone ?": what they may do there is what they
    // control (not "qu'est-ce que je peux faire", asking for help).
    [
      /(?<!\p{L})(qu'est-ce (que|qu')|que|qu')(?!(je|j'|on|tu|vous|nous)(?!\p{L}))(\p{L}|[ '’-])*?(?<!\b(on|je|tu|vous|nous|se) )(peut|peuvent|pourra|pourront|pourrait|pourraient)( \p{L}+){0,2} faire(?!\p{L})/gu,
      '$& contrôler',
    ],
    [/\boù je (suis|me trouve|vais)\b/gu, 'localisation'],
    // "…où je vais pendant mes jours de congé": when, beside where, is no question about leave.
    [
      /(?<=localisation.{0,60})(pendant |durant |en |les )?(mes |nos )?(jours de congé|jours de repos|jours off|congés|vacances|week-ends?)(?!\p{L})|(pendant |durant |en |les )?(mes |nos )?(jours de congé|jours de repos|jours off|congés|vacances|week-ends?)(?=.{0,60}localisation)/gu,
      ' ',
    ],
    // Changing one's mind is no switch between the two kinds of enrollment.
    [/(?<!\p{L})chang\p{L}* d'avis(?!\p{L})/gu, ' '],
    // "comment on retire l'inscription ?": undoing it oneself, not the IT team retiring the device.
    [
      /(?<!\p{L})(retir|enlev|supprim|annul)\p{L}* (l'|mon |ma |cette )?inscription(?!\p{L})/gu,
      'désinscrire',
    ],
    // Irregular forms the stemmer does not bring together: "je vois" is "voir".
    [/\b(vois|voit|voient|voyez|voyons)\b/gu, 'voir'],
    // "passer de l'un à l'autre": switching between the two.
    [/\b(passer|basculer|changer|revenir) de l'une? à l'autre\b/gu, 'passer changer basculer'],
    [/\b(sais|sait|savez|savons)\b/gu, 'savoir'],
    // "ça sert à quoi au juste ?": "au juste" (exactly) names nothing, nor does "ça sert à quoi"
    // (what it is for) alone.
    [/(?<!\p{L})au juste(?!\p{L})/gu, ' '],
    [
      /(?<!\p{L})(ça|ca|cela) (sert|servira) à quoi(?!\p{L})|(?<!\p{L})à quoi (ça|ca|cela) (sert|servira)(?!\p{L})/gu,
      ' sert ',
    ],
    // "pourquoi la boîte passe par ça ?": why it is used (not "passe" of a password).
    [
      /(?<!\p{L})(passe|passer|passent|est passée|est passé) par (ça|ca|cela|là|ce truc)(?!\p{L})/gu,
      'utilise',
    ],
    // Québec: "pis" (and), "la job" (work), "textos" (text messages).
    [/(?<!\p{L}|tant )pis(?!\p{L})/gu, 'et'],
    [/(?<!\p{L})(la|ma|à la|a la|de la|pour la) job(?!\p{L})/gu, 'le travail'],
    [/(?<!\p{L})textos?(?!\p{L})/gu, 'messages'],
    // "est-ce que je pourrai changer plus tard ?": switching to the other kind later.
    [
      /(?<!\p{L})(chang|modifi)\p{L}*( \p{L}+){0,2} (plus tard|après|ensuite|par la suite)(?!\p{L})/gu,
      '$& passer basculer',
    ],
    // "la marche à suivre" (the way to go about it): the steps.
    [/(?<!\p{L})(la )?marche à suivre(?!\p{L})/gu, '$& étapes'],
    [/\bcombien\b/gu, 'nombre'],
  ],
  es: [
    // "¿cómo lo quito del celular?": how to take it off, as the article asks ("¿Cómo quito mi
    // iPhone…?"), beside what is removed.
    [
      /(?<!\p{L})(cómo|como) (lo |la |los |las |me |se )?(quito|saco|elimino|desinstalo|retiro|borro)(?= (del|de mi|de el|el|mi) (celular|celu|cel|móvil|movil|teléfono|telefono|iphone|ipad|equipo|aparato))/gu,
      '$& anular inscripción',
    ],
    // "y si después me arrepiento": a change of mind names no subject of its own.
    [
      /(?<!\p{L})si (después |despues |luego |más adelante |mas adelante |algún día |algun dia )?(me arrepiento|cambio de opinión|cambio de opinion|cambio de idea)(?!\p{L})/gu,
      ' ',
    ],
    // "qué mail pongo", "el imeil": the e-mail address the articles call "correo".
    [/(?<!\p{L})(e-?mail|mail|imeil|emeil)(?!\p{L})/gu, 'correo'],
    [/(?<!\p{L})cambi\p{L}* de (idea|opinión|opinion)(?!\p{L})/gu, ' '],
    // "¿cómo lo saco de la administración?": taking it out of management oneself.
    [
      /(?<!\p{L})(saco|sacar|saca|saque|quito|quitar|quita|quite)(lo|la)? (\p{L}+ )?(de la|del) (administración|administracion|gestión|gestion|intune|mdm|sistema)(?!\p{L})/gu,
      'anular inscripción quitar',
    ],
    // "¿cómo saco mi iPhone de lo de la empresa?": "lo de" (the … thing), the same.
    [
      /(?<!\p{L})(saco|sacar|saca|saque|quito|quitar|quita|quite)(lo|la)? (\p{L}+ ){0,2}(de lo de la|de lo del|de lo de) (empresa|trabajo|compañía|compania|laburo|curro|chamba|oficina)(?!\p{L})/gu,
      'anular inscripción quitar',
    ],
    // Spanglish "el phone"; "…de todo esto" (from all this) says nothing of the whole device.
    [/(?<!\p{L})(phone|fone)s?(?!\p{L})/gu, 'teléfono'],
    [/(?<!\p{L})(de )?todo (esto|eso)(?!\p{L})/gu, ' '],
    // "me salgo de la compañía": leaving the job; "el mes que entra": when, no subject.
    [
      /(?<!\p{L})(me )?(salgo|salga|salí|sali|voy|iré|ire|vaya|renuncio|renuncié|renuncie) (de|a) (la )?(compañía|compania|empresa|chamba|pega)(?!\p{L})/gu,
      'dejar la empresa',
    ],
    [
      /(?<!\p{L})(el|la) (mes|semana|año|ano) que (entra|viene)(?!\p{L})|(?<!\p{L})(el )?(próximo|proximo) (mes|año|ano)(?!\p{L})/gu,
      ' ',
    ],
    // Participles as said in Andalusia, Murcia and the Caribbean ("lo he probao", "no lo he
    // instalao", "los invitaos"), and "pa" for "para", "tó" for "todo".
    [/(?<=\p{L}{2})ao(s?)(?!\p{L})/gu, 'ado$1'],
    [/(?<!\p{L})pa(?!\p{L})/gu, 'para'],
    [/(?<!\p{L})tó(?!\p{L})/gu, 'todo'],
    [
      /\b(por )?d[oó]nde (estoy|me encuentro|voy|ando|paso|me muevo|me meto|ando metido|ando metida)\b/gu,
      'ubicación',
    ],
    // "¿qué puede hacer la empresa en mi iPhone?": what they may do there is what they control
    // (not "¿qué puedo hacer?" nor "¿qué se puede hacer?", asking for help).
    [
      /(?<!\p{L})qu[ée] (\p{L}+ ){0,3}(?<!\bse )(puede|pueden|podrá|podrán|podría|podrían)( \p{L}+){0,2} hacer(?!\p{L})/gu,
      '$& controlar',
    ],
    // "…dónde voy en mis días libres": when, beside where, is no question about leave.
    [
      /(?<=ubicación.{0,60})(en |durante |los )?(mis |nuestros )?(días libres|dias libres|días de descanso|dias de descanso|vacaciones|fines de semana|finde)(?!\p{L})|(en |durante |los )?(mis |nuestros )?(días libres|dias libres|días de descanso|dias de descanso|vacaciones|fines de semana|finde)(?=.{0,60}ubicación)/gu,
      ' ',
    ],
    // "¿Se puede pasar a proteger todo el dispositivo?": switching to it, not choosing it.
    [
      /(?<!\p{L})(pasar|pasarme|pasarlo|pasarla|cambiar|cambiarlo|cambiarla|cambiarme) a (proteger|gestionar|administrar) (todo el|el) (dispositivo|móvil|movil|teléfono|telefono|iphone|ipad|celular|equipo)(?!\p{L})/gu,
      'cambiar $&',
    ],
    // "¿de dónde le saco?": where to get one, not taking the phone out ("sacar … de la gestión").
    [
      /(?<!\p{L})de (dónde|donde) (lo |la |le |los |las )?(saco|sacas|saca|sacar|consigo|consigue|obtengo)(?!\p{L})/gu,
      'dónde conseguir',
    ],
    // "¿o está todo mezclado?": mixed together, not the whole device.
    [
      /(?<!\p{L})(está|esta|queda|quedan|es|van) todo (mezclado|junto|revuelto)(?!\p{L})/gu,
      'mezclado',
    ],
    // Argentina and Uruguay "el laburo", Spain "el curro", Mexico and Peru "la chamba" (work).
    // (And Chile's "la pega".)
    [/(?<!\p{L})(laburo|curro|chamba)(?!\p{L})/gu, 'trabajo'],
    [/(?<!\p{L})(la|mi|de la|en la|a la) pega(?!\p{L})/gu, 'el trabajo'],
    // "¿Es por lo de la inscripción o qué pasó?": "or what happened" names no subject.
    [/(?<!\p{L})(o )?(qué|que) (pasó|paso|sucedió|sucedio)(?=\s*[?？]|\s*$)/gu, ' '],
    // "¿Le doy nomás o mejor cancelo?": "nomás" (just) and "o mejor" (or rather) name nothing,
    // least of all a better model to buy.
    [/(?<!\p{L})(nomás|nomas|o mejor)(?!\p{L})/gu, ' '],
    // "antes de hacerlo quiero estar segura:", "si quieren": a preface and an aside, not the
    // subject.
    [
      /(?<!\p{L})(antes de (hacerlo|eso|nada) )?(quiero|quisiera|necesito) (estar segur[oa]|asegurarme)( de)?( que)?(?!\p{L})/gu,
      ' ',
    ],
    [/(?<!\p{L})si (quieren|quiere|quieres|querés)(?=\s*[?¿.!,]|$)/gu, ' '],
    // "para que lo del trabajo no se revuelva con lo mío": kept separate.
    [
      /(?<!\p{L})no se (revuelva|revuelvan|revuelve|mezcle|mezclen|mezcla|junte|junten|cruce|crucen)(?!\p{L})/gu,
      'separado',
    ],
    // "que lo del trabajo quede aparte de lo mío": kept separate (not "aparte", besides).
    [
      /(?<!\p{L})(quede|queden|queda|quedan|quedar|esté|estén|está|están|va|van|mantiene|mantienen|tiene|tienen|mantener)( \p{L}+)? aparte(?!\p{L})/gu,
      '$1 separado',
    ],
    // "¿puedo cambiar después?": switching to the other kind later.
    [
      /(?<!\p{L})cambi\p{L}*( \p{L}+){0,2} (después|despues|luego|más adelante|mas adelante|más tarde|mas tarde)(?!\p{L})/gu,
      '$& pasar convertir',
    ],
    [/\bcu[aá]nt[oa]s?\b/gu, 'cantidad'],
    [/\b(pasar|pasarme|cambiar|cambiarme) de (una?|uno) a (la |el )?otr[oa]\b/gu, 'cambiar pasar'],
    // "meter" (put) a device in is, in chat, to enroll it ("¿puedo meter también el iPad?"); not
    // a code or a password ("meto el código").
    [
      /\b(meter|meterlo|meterla|meto|mete|metes|metí|meti|metido)(?= (también |tambien |además |ademas )?(el|mi|un|una|la|otro|otra|mis|los) (iphone|ipad|móvil|movil|celular|cel|teléfono|telefono|tablet|tableta|dispositivo|segundo|aparato)\b)/gu,
      'inscribir',
    ],
    // "¿o solo se puede uno?": how many.
    [
      /\b(solo|sólo|nada más|nomás|nomas) (se puede|puedo|se permite|me dejan|dejan|admite|se admite)( tener| inscribir| registrar| meter)? (uno|una|un dispositivo|un equipo|un aparato)\b/gu,
      'cantidad límite',
    ],
  ],
};

/** Particles German splits off a verb to the end of its clause ("Wie melde ich mich ab?"). */
const SEPARABLE = new Set(
  'ab an aus auf ein los raus heraus rein herein weg zurück runter herunter hinzu fest'.split(' '),
);

/** A weak separable verb's participle: particle, "ge", stem, "-t"/"-et" ("an-ge-meld-et"). */
const SEPARABLE_PARTICIPLE =
  /^(ab|an|aus|auf|ein|um|los|weg|zurück|runter|herunter|rein|raus|hoch|fest)ge(\p{L}{3,}?)e?t$/u;

/** "sein" (to be), which a particle after it never joins ("ist weg", "ist an"). */
const FORMS_OF_SEIN = new Set('sind ist bin bist seid sein war waren wäre wären'.split(' '));

/** Words that stand before the verb of a German clause, never the verb itself. */
const BEFORE_VERB = new Set(
  'wie wo was warum wieso weshalb wann wer welche welcher welches welchen ich du er sie es wir ihr man dann jetzt nun also und aber da so denn das dies hier dort wieder ja nein bitte'.split(
    ' ',
  ),
);

/**
 * German puts a separable verb's particle at the end of its clause: "Wie melde ich das Gerät
 * wieder ab?" is about "abmelden", not "melden" (report). In each clause ending in such a
 * particle, the verb (the first of its first three words that can be one) and the particle become
 * the joined verb, so it meets the articles' "abmelden".
 */
export function joinSeparableVerbs(text: string): string {
  // A dash between spaces ends a clause too ("passt – wie krieg ich das wieder runter?"); a
  // hyphen inside a word ("Company-Portal-App") does not.
  return text.replace(/(?:[^,.;:!?\n–—-]|(?<=\S)-|-(?=\S))+/gu, (clause) => {
    const words = clause.trim().split(/\s+/u);
    const particle = words[words.length - 1];
    if (words.length < 3 || particle === undefined || !SEPARABLE.has(particle)) return clause;
    const at = words.slice(0, 3).findIndex((w) => /^\p{L}+$/u.test(w) && !BEFORE_VERB.has(w));
    // "sind meine Sachen dann weg?": "weg" with "sein" is gone, no verb of its own.
    if (at < 0 || FORMS_OF_SEIN.has(words[at] ?? '')) return clause;
    // The joined verb stands in for the verb and its particle: "melde … ab" is no "melden".
    const joined = [...words.slice(0, -1)];
    joined[at] = `${particle}${words[at] ?? ''}`;
    return ` ${joined.join(' ')} `;
  });
}

function latinProfile(
  lang: 'de' | 'fr' | 'es',
  algorithm: string,
  stops: readonly string[],
): TextProfile {
  const stemmer = newStemmer(algorithm);
  const keep = new Set(KEEP_WORDS[lang]);
  const stopWords = new Set(
    [...stops, ...EXTRA_STOP[lang]].map((w) => w.toLowerCase()).filter((w) => !keep.has(w)),
  );
  const normalise = rememberingLast((text: string): string => {
    let t = text
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[’‘`´]/g, "'");
    for (const [pattern, replacement] of SHARED_FOLDS) t = t.replace(pattern, replacement);
    for (const [pattern, replacement] of LANGUAGE_FOLDS[lang]) t = t.replace(pattern, replacement);
    if (lang === 'de') {
      // "Wie krieg ich das iPad aus Intune raus?", "falls ich es wieder rausnehme": removing it.
      // "Wie krieg ich das später wieder runter?", "Wie werde ich das wieder los?": removing it too.
      t = joinSeparableVerbs(t)
        .replace(
          /\b(raus|heraus|runter|herunter)(krieg|bekomm|nehm|hol|mach|werf|schmeiß|schmeiss)\p{L}*/gu,
          'entfernen abmelden',
        )
        .replace(/\blos(werd|wird|wirst)\p{L}*/gu, 'entfernen abmelden');
    }
    // French elisions ("l'appareil", "j'ai") and Spanish inverted marks read as separators.
    return t.replace(/\b[ldjmnstc]'(?=\p{L})/gu, '').replace(/[¿¡]/g, ' ');
  });
  return {
    lang,
    normalise,
    tokenize: (text) => text.split(/[^\p{L}\p{N}]+/u).filter((t) => t.length > 0),
    processTerm: (term) => {
      if (stopWords.has(term)) return null;
      if (term.length === 1 && !/\d/.test(term)) return null;
      if (/\d/.test(term)) return term;
      // German participles of separable verbs meet their verb: "angemeldet", "eingerichtet",
      // "zurückgesetzt" are "anmelden", "einrichten", "zurücksetzen" (weak verbs, "-t").
      if (lang === 'de') term = term.replace(SEPARABLE_PARTICIPLE, '$1$2en');
      // Accents are kept by the stemmers' alphabets; fold them after stemming so "gérer" and
      // "gerer" (typed without accents) meet.
      return stemmer.stem(term).normalize('NFD').replace(/\p{M}/gu, '');
    },
    spelling: false,
    fuzzy: true,
  };
}

const segmenter = new Intl.Segmenter('ja', { granularity: 'word' });
const JA_STOP = new Set([...jpn, ...EXTRA_STOP.ja]);
const HIRAGANA_ONLY = /^\p{Script=Hiragana}+$/u;
const OKURIGANA = /^(\p{Script=Han}+)\p{Script=Hiragana}{1,4}$/u;

/** Japanese: ICU word segmentation; particles and short hiragana endings carry no meaning. */
const JAPANESE: TextProfile = {
  lang: 'ja',
  normalise: rememberingLast((text) => {
    let t = text.normalize('NFKC').toLowerCase();
    for (const [pattern, replacement] of SHARED_FOLDS) t = t.replace(pattern, replacement);
    // Spelling variants people type for the same word: リタイア/リタイヤ (retire), and the IT
    // department by its everyday names (情シス, 情報システム部).
    return (
      t
        .replace(/ポータル ?サイト/gu, 'companyportal')
        .replace(/リタイヤ/gu, 'リタイア')
        // A katakana word's final long-vowel mark is optional in writing (サーバー/サーバ).
        .replace(/(?<=\p{Script=Katakana})ー(?![\p{Script=Katakana}ー])/gu, '')
        .replace(/情シス|情報システム部門?|システム部門?/gu, 'it部門')
        // Words written in hiragana by learners and children, as the articles write them.
        .replace(/とうろく|トウロク/gu, '登録')
        .replace(/かいしゃ/gu, '会社')
        .replace(/しゃしん/gu, '写真')
        .replace(/せってい/gu, '設定')
        .replace(/かいじょ/gu, '解除')
        .replace(/かくにん/gu, '確認')
        .replace(/ばしょ/gu, '場所')
        .replace(/しごと/gu, '仕事')
        .replace(/じぶんの/gu, '自分の')
        // "データがきえますか", "ふつうにiPhoneつかえますか" (消える, 普通, 使える), after a particle
        // or a word in letters (not "さしつかえ").
        .replace(/(?<=[がはもを]|^|\s)きえ/gu, '消え')
        .replace(/ふつう/gu, '普通')
        .replace(/(?<=[をにでもはがへ]|[a-z]|^|\s)つか(?=[えういっわ])/gu, '使')
        .replace(/こじん/gu, '個人')
        // "今どこおるか" (Kyushu, Kansai, Chugoku: どこにいるか), where one is.
        .replace(/どこ(に)?(おる|おん|おっ)/gu, 'どこにいる')
        // "休みの日どこ行ったか会社にバレ…": where one went, as the company would know it, is a
        // location.
        .replace(
          /どこ(に|へ)?(行っ|いっ|行く|いく|出かけ|でかけ)(?=[^。？?！!]{0,15}(会社|バレ|ばれ|分か|わか|知ら|知れ|見ら|見え|みられ|筒抜け|把握|追跡))/gu,
          '位置情報 場所 $&',
        )
        // Nagoya "だちかん" (だめ): no good.
        .replace(/だちかん/gu, 'だめ')
        // "なにが見える" (何), not the "なに" inside "みんなに".
        .replace(/(?<!ん)なに/gu, '何')
        // "あとで変えられますか": switching later (切り替え).
        .replace(/(あとで|後で|あとから|後から)(変え|かえ)/gu, '$1切り替え')
        // "後で登録やめたら" (stopping the enrollment): removing it (解除).
        .replace(/登録(を)?(やめ|止め)/gu, '登録解除')
        .replace(/あぷり/gu, 'アプリ')
        // "勝手にアプリ入ってくる", "何が入ってくるん？": apps being installed (インストール).
        .replace(
          /(アプリ|app)(が|も)?(勝手に|自動で|自動的に)?(入って(くる|来る|きた|来た|くん)|入る)|(何|なに|どんな|どの)(アプリ)?(が|も)?(入って(くる|来る|くん|きた|来た)|入る|入れられ)/gu,
          '$& インストール',
        )
        // "現在も", "今でも" (still, in formal and everyday writing): "今も", as the articles ask it.
        .replace(/現在も|現在でも|今でも|いまも|いまでも/gu, '今も まだ')
        // "閲覧できる" (to browse, in formal writing): seeing (見る), as the articles say.
        .replace(/閲覧/gu, '閲覧 見')
        .replace(/ぱすわーど/gu, 'パスワード')
        // "登録ってどうやって外すん？": taking the enrollment off is removing it (解除). (Not
        // "チェックを外す", unticking a box.)
        .replace(
          /(登録|管理|プロファイル|アカウント)(を|って|は|も|から)?([^。？?、!！]{0,8}?)外(す|し|せ|さ|そ)/gu,
          '$1$2$3解除$4',
        )
        // "iPadも…一緒に登録できる?": another device too, enrolled beside the first.
        .replace(
          /(ipad|iphone|タブレット|スマホ|携帯)も(?=[^。？?！!]{0,30}(一緒に|いっしょに|両方|2台))/gu,
          '$1も 複数 ',
        )
    );
  }),
  tokenize: (text) => {
    const out: string[] = [];
    for (const s of segmenter.segment(text)) {
      if (s.isWordLike) out.push(s.segment);
    }
    return out;
  },
  processTerm: (term) => {
    if (JA_STOP.has(term)) return null;
    // Inflection endings and particles: hiragana of one or two characters.
    if (HIRAGANA_ONLY.test(term) && term.length <= 2) return null;
    if (term.length === 1 && /[a-z]/.test(term)) return null;
    // A verb or adjective written kanji + kana ending (見る, 見える, 使える): its kanji stem.
    const stem = OKURIGANA.exec(term);
    return stem?.[1] ?? term;
  },
  spelling: false,
  fuzzy: false,
};

/** The reading of each language. */
export const TEXT_PROFILES: Readonly<Record<Language, TextProfile>> = {
  en: ENGLISH,
  de: latinProfile('de', 'german', deu),
  fr: latinProfile('fr', 'french', fra),
  es: latinProfile('es', 'spanish', spa),
  ja: JAPANESE,
};

/** How many texts' terms each profile keeps: one message's pieces and windows, read again. */
const RECENT_TERMS = 32;

const recentTerms = new WeakMap<TextProfile, (text: string) => readonly string[]>();

/**
 * The meaningful terms of a text as a profile's index sees them. The last few texts' terms are
 * kept: reading one message asks for the same sentence's terms several times over.
 */
export function termsOf(profile: TextProfile, text: string): readonly string[] {
  let read = recentTerms.get(profile);
  if (!read) {
    read = rememberingLast(
      (t) =>
        Object.freeze(
          profile
            .tokenize(profile.normalise(t))
            .map((term) => profile.processTerm(term))
            .filter((term): term is string => term !== null),
        ),
      RECENT_TERMS,
    );
    recentTerms.set(profile, read);
  }
  return read(text);
}
