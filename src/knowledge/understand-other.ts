/**
 * Reading a message written in German, French, Spanish or Japanese: small talk, a request to be
 * guided, several questions in one message, and a question inside a longer message. English has
 * its own, finer reading (src/knowledge/understand.ts); this one follows the same decisions with
 * each language's own words, and sentences split by Intl.Segmenter in that language.
 */
import type { Language } from '../i18n/languages';

import type { Article } from './articles';
import { findErrorText, isQuotedIn } from './device-info';
import { asksBuyingAdvice } from './knowledge-base';
import type { KnowledgeAnswer, KnowledgeBase } from './knowledge-base';
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
import {
  chatActs,
  chatLexicon,
  madeOf,
  mainAct,
  MAX_CHAT_WORDS,
  readSmallTalk,
  type ChatWords,
  type SmallTalkAct,
  type Stranger,
} from './small-talk';
import { TEXT_PROFILES, termsOf, WORD_EDGE } from './text-profile';

type Other = Exclude<Language, 'en'>;

/**
 * A pattern with `\b` read as a word boundary and `\w` as a letter in any script: JavaScript's
 * only know ASCII letters, so "\bétape" never matched "étape", nor "inscripci\w*\b" "inscripción".
 */
function words(re: RegExp): RegExp {
  const flags = re.flags.includes('u') ? re.flags : `${re.flags}u`;
  // "\w" too knows only ASCII: "inscripci\w*" stopped before the "ó" of "inscripción".
  const source = re.source.replace(/\\b/g, WORD_EDGE).replace(/\\w/g, String.raw`[\p{L}\p{N}_]`);
  return new RegExp(source, flags);
}

/**
 * {@link words} over each pattern of a per-language table, each compiled on first use: a process
 * that only ever meets English never pays for the other languages' patterns at startup.
 */
function wordsIn<T extends Record<string, RegExp>>(table: T): T {
  const lazy = {};
  for (const [key, re] of Object.entries(table)) {
    let compiled: RegExp | undefined;
    Object.defineProperty(lazy, key, { enumerable: true, get: () => (compiled ??= words(re)) });
  }
  return lazy as T;
}

/** Whole-message small talk per language (the message lower-cased, end punctuation removed). */
const SMALL_TALK: Readonly<Record<Other, readonly [SmallTalkAct, RegExp][]>> = {
  de: [
    [
      'greeting',
      /^(hallo|hi|hey|guten (morgen|tag|abend)|servus( zusammen)?|moin( moin)?|grüß gott|grüss gott|grüezi( mitenand| miteinander| zusammen)?|grüessu( zäme)?|grüessech|hallo (zusammen|miteinander|alle)|(ei )?gu+de( wie)?)$/,
    ],
    [
      'thanks',
      /^(danke( schön| sehr| dir| ihnen| euch| vielmals| vielmal)?|vielen (lieben )?dank|dankeschön|besten dank|merci( vielmal| vielmals| viu mau)?|tausend dank)$/,
    ],
    [
      'goodbye',
      /^(tschüss|tschüs|auf wiedersehen|bis (später|bald|dann|morgen)|ciao|schönen (tag|abend|feierabend|abend noch|tag noch)( noch)?|schönes wochenende|(einen )?schönen feierabend)$/,
    ],
    [
      'ack',
      /^(ok|okay|alles klar|gut|super|prima|passt|verstanden|perfekt|alles gut|((hat|hats|es hat|das hat|jetzt hat('?s| es)?|(jetzt )?hät('?s)?)( jetzt| doch| endlich| nun)?( alles)? (geklappt|funktioniert|klappt|gklappt))|(jetzt |nun )?(geht|klappt|funktioniert|läuft) (es|alles)( jetzt| wieder| endlich)?|läuft( jetzt)?|(problem |alles |das wäre )?(gelöst|erledigt))$/,
    ],
    [
      'identity',
      /^((bist du|sind sie) (eigentlich )?(ein |eine |'?ne |a )?(echter |echte |echta |richtiger |richtige |realer )?(bot|mensch|roboter|chatbot|ki|maschine|computer)( (oder|oda) (nur |lei |bloß |bloss )?(ein |eine |'?ne |a )?(echter |echte |echta )?(bot|mensch|roboter|chatbot|ki|maschine|computer)| oder (ist|sitzt) (da|hier) (auch )?(jemand|ein mensch|eine person)( dran| dahinter)?)?|wer bist du( eigentlich)?|wer sind sie|(schreibt|antwortet) (hier )?(ein mensch|eine person|ein bot|jemand))$|^(schreib\w*|chatte|rede|spreche) ich (hier |gerade |eigentlich )*mit (einem |einer |'?nem |'?ner )?(echten |richtigen |realen )?(menschen|person|bot|chatbot|ki|maschine|roboter)( oder (mit )?(einem |einer |'?nem )?(bot|chatbot|ki|maschine|roboter|menschen|person)| oder (bist du|sind sie|ist das) (nur )?(ein |eine |'?ne )?(bot|chatbot|ki|maschine|roboter))?$/,
    ],
    [
      'wellbeing',
      /^wie geht'?s( (dir|ihnen))?$|^wie geht es (dir|ihnen)$|^alles (klar|gut|fit|roger)( bei (dir|ihnen|euch))?$|^wie läuft'?s( so)?$/,
    ],
    [
      'vague-failure',
      /^((ich )?(hab|habe) (alles|es) (so |genau so |genauso )?(gemacht|befolgt|probiert|versucht)( wie (beschrieben|angegeben|gesagt|erklärt))?( und| aber)? )?(es |das |des )?((hat|hot|hod|hots|hats) (aber |trotzdem |leider |immer noch |immer no |noch immer |wieder )*(nicht|net|ned|nit|nich) (funktioniert|geklappt|gklappt|funktioniat)|(funktioniert|geht|klappt) (aber |trotzdem |immer noch |noch immer |leider |wieder )*nicht|fehlgeschlagen|hat nicht gepasst|(immer noch|noch immer) (nicht|dasselbe|das gleiche)|(hab|habe) (alles|es) (so |genau so |genauso )?(gemacht|befolgt|probiert|versucht)( wie (beschrieben|angegeben|gesagt|erklärt))?|und (jetzt|nun)( was)?)$|^(wieder|schon wieder|immer noch|noch immer) (das |dasselbe |der |den )?(gleiche[sn]?|selbe[sn]?) (problem|fehler)( wie (gestern|vorhin|vorher|davor|heute morgen|letztes mal))?$|^(ich )?(hab|habe|hob) (alles|es) (so |genau so |genauso )?(gemacht|gmacht|gmocht|befolgt|probiert|versucht),?( wie('s| es)? (da|do|dort) (steht|stoht|stehd),?)?( und| aber)? (es |des |das )?(funktioniert|geht|klappt|lauft|läuft) (aber |trotzdem |immer noch |noch immer |leider |wieder )*(nicht|nit|net|ned|nich)$/,
    ],
  ],
  fr: [
    [
      'greeting',
      // (Haitian Creole "bonjou", "bonswa".)
      // (Swiss and southern French "adieu" greets too.)
      /^(bonjour|salut|bonsoir|coucou|hello|bonjour à tous|bonjou|bonswa|salam( (alikoum|aleykoum|alaykoum|alaikoum|alikom))?|salamalekoum|adieu)$/,
    ],
    [
      'thanks',
      /^(merci( beaucoup| bien| à vous| à toi| infiniment| mille fois)?|mille mercis|je vous remercie( beaucoup)?|un grand merci)$/,
    ],
    [
      'goodbye',
      /^(au revoir|à plus( tard)?|a plus|bonne (journée|soirée)|à bientôt|ciao|salut, à plus)$/,
    ],
    [
      'ack',
      /^(ok|okay|d'accord|parfait|super|génial|top|nickel|impeccable|compris|c'est noté|très bien|entendu|c'est (bon|réglé|fait|résolu|ok|top|parfait|génial|super|nickel)( maintenant)?|(ça|cela) (a )?(marche|marché|fonctionne|fonctionné)( maintenant| enfin)?|problème (réglé|résolu)|tout est (bon|réglé|ok))$/,
    ],
    [
      'identity',
      /^(es-tu|êtes-vous|tu es|t'es|vous êtes|c'est) (un |une )?(vrai(e)? )?(bot|robot|humain|chatbot|personne|ia)( ou (un )?(bot|robot|humain|chatbot|personne|ia)| ou (il y a|y a) (quelqu'un|une (vraie )?personne|un humain)( derrière)?)?|^qui es-tu$|^qui êtes-vous$|^(je parle|je discute) (à|avec) (un )?(bot|robot|humain)|^(ou|out|vous|tu|t'es) (lé|lè|le|es|êtes) (un |une )?(vrai(e)? )?(moun|moune|personne|humain|robot|bot)( ou (un |une )?(vrai(e)? )?(moun|moune|personne|humain|robot|bot))?$/,
    ],
    [
      'wellbeing',
      // (Maghreb French asks "labas ?", Arabic for "all well?"; Haitian Creole "sa k pase ?".)
      /^(ça va( bien)?( ou quoi)?|(ça|ca) joue|comment ça va|comment allez-vous|comment vas-tu|tu vas bien|vous allez bien|labas|la bas|labès|cv|sa k pase|sak pase|ki jan ou ye|kijan ou ye|kijan w ye|kouman ou ye|ki manière|ki maniere|ki manier|on dit quoi|c'est comment|ça va chez (toi|vous)|(on dit quoi|c'est comment),? ça va( chez (toi|vous))?|on dit quoi (ce matin|aujourd'hui|ce soir))$/,
    ],
    [
      'vague-failure',
      /^((j'ai (tout fait|tout suivi|suivi (toutes )?les étapes|fait (toutes )?les étapes|tout essayé|(essayé|fait|suivi) (ce que (vous m'avez|tu m'as|vous avez|tu as) (dit|conseillé|expliqué|indiqué)|vos conseils|votre solution|ça))( comme (indiqué|décrit|expliqué|demandé))?)( mais| et)? )?(ça |cela )?(n'a (toujours )?pas (marché|fonctionné)|ne (marche|fonctionne) (toujours |encore |vraiment )?pas|(marche|fonctionne) (toujours )?pas)$|^(toujours pas|échec|raté|toujours le même (problème|souci)|pareil( qu'avant| que tout à l'heure)?|toujours pareil|et maintenant)$|^(ça|ca|il|elle) (a |m'a )?(encore |toujours |de nouveau |à nouveau )?(refusé|planté|échoué|bloqué|coincé)( encore| à nouveau| de nouveau)?$|^j'ai (re)?fait (exactement |tout )?comme (tu m'as|vous m'avez) dit( et)?( rien| toujours rien| ça (ne )?marche (toujours )?pas)?( pareil qu'avant| comme avant| toujours pareil)?$|^j'ai (tout fait|tout suivi|suivi (toutes )?les étapes|tout essayé)( comme (indiqué|décrit|expliqué|demandé))?$|^(pareil|même (affaire|chose|problème|erreur))( comme| que)? (tantôt|tout à l'heure|avant|hier|ce matin|la dernière fois)([.!,]*\s*((ça|ca|il|elle) (ne )?(veut|veux) (rien|pas) savoir|(ça|ca) (ne )?(marche|fonctionne) (toujours |encore )?pas))?$|^(ça|ca|il|elle) (ne )?(veut|veux)( toujours| encore| plus)? (rien|pas) savoir$/,
    ],
  ],
  es: [
    [
      'greeting',
      // ("buen día", Rioplatense good morning; "¿estás por ahí?", are you there?)
      /^((hola|hey|saludos),? )?(hola|buenos días|buenos dias|buen día|buen dia|buenas( tardes| noches)?|hey|saludos|(estás|estas|está|esta) (por )?(ahí|ahi)|(hay )?alguien (por )?(ahí|ahi))$/,
    ],
    [
      'thanks',
      /^(gracias|muchas gracias|mil gracias|muchísimas gracias|te lo agradezco|se lo agradezco|me has salvado( el día)?|genial,? gracias|gracias (por todo|por la ayuda))$/,
    ],
    [
      'goodbye',
      /^(adiós|adios|hasta luego|hasta pronto|hasta mañana|chao|chau|nos vemos|(que )?(tengas|tenga|ten) (un )?(buen|lindo|bonito|feliz) (día|dia|finde|fin de semana)|buen (día|dia|finde|fin de semana))$/,
    ],
    [
      'ack',
      /^(ok|okay|vale|de acuerdo|perfecto|genial|entendido|bien|muy bien|ya (me )?(funciona|funcionó|funciono|va|está|esta|quedó|quedo)( todo)?|me (ha )?(servido|ayudado)( (un montón|mucho|muchísimo|bastante))?|(ya )?(lo )?(he )?(conseguí|consegui|logré|logre|resolví|resolvi|solucioné|solucione|conseguido|logrado|resuelto)|funcionó|funciono|listo|todo (bien|listo|ok)|ya (me )?(quedó|quedo|está|esta) (funcionando|listo|bien)|ya (jala|jaló|jalo))$/,
    ],
    [
      'identity',
      /^(pero )?(tú |tu |usted )?(eres|es usted|es|estoy hablando con) (un |una )?(bot|robot|humano|chatbot|persona|ia)( real)?( o (con )?(un |una )?(bot|robot|humano|chatbot|persona|ia|(hay )?(alguien|una persona|un humano)( real)?( (ahí|ahi|al otro lado|detrás|detras))?))?|^quién eres$|^quien eres$|^(hay )?(alguien|una persona|un humano)( real)? (ahí|ahi|al otro lado|detrás|detras)( o (eres|es) (un )?(bot|robot|chatbot|ia))?$/,
    ],
    [
      'wellbeing',
      /^(qué tal|que tal|qué tal estás|que tal estas|cómo estás|como estas|cómo está|como esta|cómo vas|como vas|cómo va|como va|qué más|que más|que mas|qué hubo|que hubo|quiubo)( usted| sumercé| sumerce| vos| tú| tu)?$/,
    ],
    [
      'vague-failure',
      /^(((yo )?(lo )?(hice|he hecho|seguí|segui|he seguido) (todo|todos los pasos|los pasos)( tal)?( como (decía|decia|dice|dijiste|indicaba|pone))?)( y| pero)? )?(no (me )?(ha )?funcion(a|ó|o|ado)|sigue sin (funcionar|ir|andar)|sigue (igual|fallando|dando error)|ya no sé qué (más )?hacer|(lo )?(intenté|intente|probé|probe) (otra vez|de nuevo)( y sigue (fallando|igual|sin funcionar|dando error))?|no sirve|falló|fallo|no va|no me funciona|todavía no (funciona|va)|todavia no (funciona|va))$|^((yo )?(lo )?(hice|he hecho|seguí|segui|he seguido) (todo|todos los pasos|los pasos)( tal)?( como (decía|decia|dice|dijiste|indicaba|pone))?|y ahora qué|y ahora que)$/,
    ],
  ],
  ja: [
    [
      'greeting',
      /^(こんにちは|こんにちわ|おはよう(ございます)?|こんばんは|はじめまして|どうも|やあ)$/,
    ],
    [
      'thanks',
      /^((本当に|ほんとに|ほんとうに)?ありがとう(ございます|ございました)?|どうもありがとう(ございます)?|(めっちゃ|とても|本当に|ほんとに|すごく|マジで|大変|まじで)?(助かりました|助かります)|感謝します|感謝です)$/,
    ],
    [
      'goodbye',
      // (Hokkaido "したっけ", then; "また困ったら来るわ", I'll come back if stuck.)
      /^(さようなら|またね|では(また)?|失礼します|お疲れ様(です|でした)?|おつかれ(さま)?(です|ー|〜)*|おつ)$|^(したっけ|したらね|ほなね|ほな|じゃあね|じゃあまた|じゃまた)([、,\s]*また.{0,12}(来|き)(ます|るわ|るね|る|ますね|ますわ))?[〜ー!！]*$|^また.{0,12}(来|き)(ます|るわ|るね|る|ますね|ますわ)[〜ー!！]*$/,
    ],
    [
      'ack',
      /^(了解(です|しました)?|わかりました|分かりました|ok|オッケー|承知しました|はい|((お|御)?(かげ|陰)(さま|様)?で)?、?((無事に?|ちゃんと)?(登録)?(でき|いけ)ました|(無事に?|ちゃんと)?うまくいきました|解決しました|できた|直りました))$/,
    ],
    [
      'identity',
      /^((ところで|ちなみに|えっと|ねえ|ねぇ)、?)?(あなたは|あなたって|きみは|きみって|君は|君って)?(ボット|人間|ロボット|bot|ai)(ですか|なの|なんですか)?$|^(あなたは)?誰(ですか)?$|(人|人間)が(返信|回答|対応|答え)(して(る|いる|います)|てる)の|それとも(ボット|bot|ai)|(ai|ボット|bot|ロボット|機械)が(答え|回答|返信|返事|対応)(て(る|いる|います)|してる|している)(んですか|んです|の|ですか)?|^それとも(人|人間|中の人)(ですか)?$|(中の人|人間|担当者)(が|は)?(い(る|ます)(か|の)?)$|^(これって)?(ボット|bot|ai|自動応答)(ですか|なの)/,
    ],
    ['wellbeing', /^(元気(ですか)?|お元気ですか)$/],
    [
      'vague-failure',
      /^(さっき|先ほど|さきほど|一応|いちおう)?((言われた|書いてある|書かれた|説明の|手順の|手順)?(通り|とおり)に?(やった|やりました|した|しました|試した|試しました)(んです|んだ|のです)?(けど|けれど|けれども|のに|が)?、?)?(やっぱり|やはり|まだ|全然|ぜんぜん)?(うまく|上手く)?(いきませんでした|いきません|いかなかった(です)?|いかない(です|んです)?|できませんでした|できない(です|んです)?|できません|動きません|だめ(でした|です|だった)?|ダメ(でした|です|だった)?|失敗しました)$|^(言われた|書いてある|書かれた|説明の|手順の|手順)?(通り|とおり)に?(やった|やりました|した|しました|試した|試しました)(んです|んだ|のです)?(けど|けれど|けれども|のに|が)?$|^(さっき|前|昨日|きのう|この前)と(おんなじ|同じ|おなじ)(に|で)?(なった|なりました|だった|でした|です|や|じゃ)(ばい|わ|よ|ね|けど|けん)?$/,
    ],
  ],
};

/** A greeting in front of a question ("Hallo, wie …"), removed before the question is read. */
const GREETING_PREFIX: Readonly<Record<Other, RegExp>> = {
  de: withWellbeing(
    String.raw`(hallo|hi|hey|guten (morgen|tag|abend)|servus|moin|grüezi|grüessu|grüessech|(ei )?gu+de( wie)?)( zusammen| zäme| mitenand| miteinander)?`,
    String.raw`wie geht['’]?s|wie geht es (dir|ihnen|euch)`,
  ),
  fr: withWellbeing(
    String.raw`(bonjour|bonjou|bonzour|salut|bonsoir|coucou|salam( (alikoum|aleykoum|alaykoum|alaikoum|alikom))?|salamalekoum)( à tous)?`,
    String.raw`(comment )?ça va|(comment )?ca va|comment vas-tu|comment allez-vous`,
  ),
  es: withWellbeing(
    String.raw`(hola|buenos días|buenos dias|buenas( tardes| noches)?)`,
    String.raw`¿?(qué|que) tal( todo)?|¿?(cómo|como) (estás|estas|está|esta|andas|vas)|¿?qué onda|¿?quiubo`,
  ),
  ja: /^(こんにちは|おはようございます|こんばんは|お疲れ様です|すみません)[\s、。!！]+/,
};

/**
 * A greeting at a message's start, and a "how are you?" after it or alone, when punctuation ends
 * it ("Hola, ¿qué tal? ¿Cómo…", "Qué tal, cómo me inscribo?"; not "wie geht's weiter?").
 */
function withWellbeing(greeting: string, wellbeing: string): RegExp {
  return new RegExp(
    String.raw`^((${greeting})[\s,!.:]+)?(${wellbeing})[,!.:?]+\s*|^(${greeting})[\s,!.:]+`,
    'u',
  );
}

/** {@link words} over each pattern of the ENROLL table. */
function enrollWords<T extends Record<string, Record<string, RegExp>>>(table: T): T {
  return Object.fromEntries(
    Object.entries(table).map(([lang, rules]) => [lang, wordsIn(rules)]),
  ) as T;
}

/** Words of a request to be taken through enrollment, and of a failure (never such a request). */
const ENROLL: Readonly<
  Record<Other, { action: RegExp; request: RegExp; not: RegExp; asksAbout: RegExp }>
> = enrollWords({
  de: {
    action:
      /\b(registrier\w*|einricht\w*|einzuricht\w*|eiricht\w*|einbind\w*|einzubind\w*|enroll\w*|anmeld\w*|anzumeld\w*|aam(ä|e)u?ld\w*|aamäud\w*|oanmeld\w*|setup|onboarding)\b/,
    request:
      /\b(wie|möchte|will|muss|soll|bräuchte|brauche|hilf\w*|anleitung|schritt\w*|zeig\w*|erklär\w*|begleit\w*|durch\w*|dur|füehr\w*|starten|beginnen|zusammen|gemeinsam|mit mir)\b|(registrieren|einrichten|anmelden)$/,
    // A failure, undoing it, doing it again, or a device already enrolled or told to be.
    not: /\b(geht (das|des|dat|es)( \w+){0,2} (noch|no|immer noch|heut noch|heute noch) so|bevor (ich|i|wir|man) .{0,40}(anmeld|registrier|einricht)\w*|(wenn|falls|sobald|nachdem) (ich|i|man|wir) (\S+ ){0,3}(registriere|anmelde|einrichte|registrier|anmeld|registriert habe|angemeldet habe)(?! (will|möchte|muss|soll|wollte))|fehler\w*|fehlgeschlagen|geht nicht|störungsmeldung|störung|(nach|seit) (der|dem) (registrierung|anmeldung|einrichtung|registrieren|anmelden|einrichten)|(nochm|nachm) (registrierung|anmeldung|registrieren|anmelden|einrichten)|vor (der|dem) (registrierung|anmeldung|einrichtung|registrieren|anmelden|einrichten)|funktioniert nicht|klappt nicht|abmeld\w*|entfern\w*|lösch\w*|wieder|erneut|neu|nochmal|noch mal|neues?|bereits|schon|registriert|eingerichtet|angemeldet|sagt|meldet|verlangt|mitten|während|abbrech\w*|plötzlich|kommt|kam|schlägt|schlug|fehl|prüf\w*|überprüf\w*|kontrollier\w*|bestätig\w*|erfolgreich\w*|geklappt|wie (ich|man) (seh|sehe|sieht|erkenn|erkenne|erkennt|merk|merke|merkt)|wie (kann|könnte|soll) (ich|man) (seh\w*|erkenn\w*|merk\w*|feststell\w*|nachseh\w*|nachschau\w*)|woran (seh|sehe|sieht|erkenn|erkenne|erkennt|merk|merke|merkt))\b/,
    asksAbout:
      // ("…, wie läuft das da ab mit dem Anmelden?" asks how it goes; "Geht das so noch oder is das
      // veraltet?" whether it still does.)
      /^((in|mit|bei|auf|an|für|von|über) )?(wie viele|wieviele|wie lange|welche[rsnm]?|was|warum|wieso|wann|wo|woher|darf|kann|könnte|muss|brauche|ist|sind|sieht|sehen|wird|werden|ändert|ändern|verändert|verändern|passiert|wie (sehe|erkenne|prüfe|weiß|merke) ich|reicht|reichen|genügt|genügen|langt)\b|\boder nicht$|\bwie (läuft|lauft|geht|funktioniert) (das|des|dat|es)( \p{L}+){0,2} ab\b|\b(veraltet|überholt|nicht mehr aktuell)\b/u,
  },
  fr: {
    action: /\b(inscri\w*|enrôl\w*|enrol\w*|configur\w*|enregistr\w*|enskri\w*)\b/,
    request:
      /\b(comment|veux|voudrais|aimerais|souhaite|souhaiterais|dois|aide\w*|étapes?|guid\w*|montre\w*|expliqu\w*|accompagn\w*|commencer|ensemble|avec moi|pas à pas|step by step|peux-tu|pouvez-vous|pourriez-vous|tu peux|vous pouvez|walk\w*)\b/,
    // A failure, undoing it, doing it again, or a device already enrolled or told to be.
    // ("je souhaiterais savoir si, une fois mon iPhone inscrit, …": asking to know something.)
    not: /\b(erreur\w*|échou\w*|marche pas|fonctionne pas|(souhaite|souhaiterais|voudrais|aimerais|veux|veut) savoir|une fois (mon |ma |le |la |l')?(\w+ )?(inscrit|enregistr)\w*|(viens|vient|venons) de (finir|terminer)|lors de|(après|apres) (m'|l')?(inscri|enregistr|enrôl)\w*|avant (de |d')(m'|l')?(inscri|enregistr|enrôl)\w*|désinscri\w*|supprim\w*|retir\w*|encore|nouveau|nouvel|nouvelle|réinscri\w*|refaire|recommencer|restaur\w*|à nouveau|de nouveau|déjà|j'ai inscrit|j'ai enrôlé|suis inscrit|est inscrit|être inscrit|me dit|dit que|demande que|basculer|pendant|en cours|au milieu|me demande de|soudain|tout à coup|vérifi\w*|confirm\w*|vraiment inscrit|bien inscrit|termin\w*|fini|pris en compte)\b/,
    asksAbout:
      /^((dans|avec|sur|par|pour|sous) )?(comment (savoir|vérifier|voir|je sais|je vois|je vérifie|sait-on|être sûre?s?)|combien|quel(le)?s?|pourquoi|quand|où|qu'est-ce|que|quoi|est-ce que (je peux|mon|ma|mes|l'|la|le|les)|puis-je|dois-je|faut-il|peut-on|mon|ma|mes)\b|\b(je peux|on peut) (quand même |quand meme |toujours |encore )?m'inscrire\b|\bou pas$|\b(fonctionne|marche) comment\b|\bcomment (que |qu['’])?(ça|ca|cha|cela) (fonctionne|marche)\b|\bc['’]est quoi\b/,
  },
  es: {
    action:
      /\b(inscrib\w*|inscripci\w*|registr\w*|configur\w*|enrol\w*|(dar|darlo|darla|darle|doy|damos|da|des|den|dé) de alta)\b|\b(meter|mete|poner|añadir|agregar)\b.{0,30}\b(intune|lo del trabajo|la empresa|el sistema|la gestión)\b/,
    request:
      /\b(cómo|como|quiero|necesito|debo|tengo que|ayud\w*|pasos?|guía|guia|guíeme|guieme|guíame|guiame|guiar\w*|guiando|guiándome|guiandome|guiás|guías|guias|walk ?through|step by step|paso a paso|muéstrame|explícame|explicame|dime|diciendo|acompañ\w*|empezar|juntos|conmigo)\b/,
    // A failure, undoing it, doing it again, or a device already enrolled or told to be.
    not: /\b(error\w*|fall\w*|no funciona|elimin\w*|quit\w*|borr\w*|(?<!\bla )otra vez|(terminé|termine|acabé|acabe|completé|finalicé|finalice) (el|la|de|con)|(después|despues|antes|luego) de (inscrib|registr|dar)\w*|una vez (inscrit|registrad)\w*|de nuevo|volver a|nuevo|ya(?! me toc| que\b)|inscribí|inscribi|he inscrito|está inscrito|esta inscrito|estar inscrito|me dice|dice que|me sale|me salió|me salio|me aparece|me tira|me tiró|me tiro|sale que|signific\w*|me piden|cambiar|restaur\w*|rehacer|repetir|comprob\w*|compruebo|verific\w*|confirm\w*|si (lo |la |el \w+ |mi \w+ )?(inscribo|registro|doy de alta))\b/,
    asksAbout:
      /^((en|con|desde|para|sobre) )?(cuánt[oa]s|cuantos|cuál|cual|qué|que|por qué|cuándo|dónde|donde|puedo|puede|se (puede|podrá|podría)|hay (alguna )?(forma|manera)|debo|es|mi|mis|cómo (sé|se si|saber|compruebo|verifico|veo)|como (se si|saber|compruebo|verifico|veo))\b|\bo no$|\bo (\w+ ){0,2}no se puede$|\basí como est[aá]\b/,
  },
  ja: {
    action: /(登録|エンロール|セットアップ)/,
    request:
      /(方法|したい|手順|どうやって|どうすれば|教えて|おしえて|やり方|始め|案内|ガイド|一つずつ|ひとつずつ|一個ずつ|順番に|ステップ|一緒に|いっしょに)/,
    // ("会社の登録もいっしょに移ってる？": whether it moved over to a new phone.)
    not: /(エラー|失敗|できません|できない|解除|削除|外す|外し|やめ|辞め|上限|もう一度|再登録|移っ|移る|移行|引き継|途中|登録済み|登録した(けど|が|のに|後)|登録後|登録(が|は|も)?(終わっ|終わり|終え|完了|済ん|できた|出来た)|と言われ|と表示|と出|って言われ|って表示|って出|「)/,
    asksAbout:
      // ("…移っちょーかね？", "…ついてくるろか？": asking whether, in Izumo and Niigata words; not
      // "案内してくれんかね", "よろしいやろか", asking for something.)
      /(何台|いくつ|なぜ|どこ|いつ|できますか|できる[?？]|できる(わけ|の|ん|かな)|ってできる|いけ(る|ます)|今も|可能|必要ですか|見られ|見え|確認|確かめ|仕組み|とは|って何|ってなに|どういう|(?<!(くれん|くれない|くれへん|くんない|もらえん|もらえない|もらえねえ|もらえね|もらえへん|いただけん|いただけない|ほしい|欲しい))かね[?？]?$|(?<!よろしい(や|じゃ|だ)?)ろか[?？]?$)/,
  },
});

/**
 * Words that only join a question to the one before ("Außerdem:", "Aussi, concrètement,",
 * "Y otra cosa,", "あと、"): removed before the question is searched.
 */
const LEAD_CONNECTOR: Readonly<Record<Other, RegExp>> = wordsIn({
  de: /^((und|außerdem|ausserdem|auch|zudem|übrigens|btw|dann|noch (was|etwas|eine frage)|zweitens|und noch|konkret|ach ja|allgemein|generell|grundsätzlich|ganz allgemein)\b[\s,:;-]*)+/iu,
  fr: /^((et|aussi|sinon|btw|ensuite|puis|enfin|également|egalement|par ailleurs|d'ailleurs|autre (chose|question)|et aussi|concrètement|concretement|deuxièmement|au fait|au passage|en passant|tant que j'y suis|pendant que j'y suis|en général|en gros)\b[\s,:;-]*)+/iu,
  es: /^((y|también|tambien|además|ademas|btw|aparte|otra( (cosa|pregunta|duda))?|por cierto|y otra cosa|en concreto|segundo)\b[\s,:;-]*)+/iu,
  ja: /^((また|あと|それと|それから|ついでに|ところで|もう一つ|もうひとつ|あとは)[\s、,:：]*)+/iu,
});

/** Words that make a sentence a question even without a question mark. */
const QUESTION_WORDS: Readonly<Record<Other, RegExp>> = wordsIn({
  // Asked indirectly too: "Außerdem würde mich interessieren, was …", "Ich wüsste gern, ob …".
  de: /^(wie|was|warum|wieso|weshalb|wozu|woher|wo|wann|welche[rsnm]?|wer|kann|können|darf|muss|soll|ist|sind|gibt es|brauche|habe)\b|\b(würde? mich interessieren|mich würde? interessieren|interessiert mich|mich interessiert|ich frage mich|ich möchte wissen|ich würde gerne? wissen|würde ich gerne? wissen|möchte ich wissen|ich wüsste gerne?|wüsste ich gerne?|ich will wissen|ich wollte (noch )?(wissen|fragen)|sagen sie mir|sag mir)\b|\boder nicht$/,
  // Spoken French asks at the end too: "mes données sont séparées comment ?"
  fr: /^(comment|que|qu'|quoi|pourquoi|où|quand|quel(le)?s?|qui|est-ce|puis-je|dois-je|peut-on|faut-il)|\b(comment|pourquoi|combien|quoi|est[- ]ce que|j'aimerais savoir|je voudrais savoir|je voulais savoir|je souhaiterais savoir|je me demande|dites-moi|dis-moi)\b|\bou (pas|non)( du tout)?$/,
  // (And after a clause, unmarked: "y si me voy, como quito yo esto der movil".)
  es: /^(cómo|como|qué|que|por qué|para qué|para que|pa qué|pa que|dónde|donde|cuándo|cuando|cuál|cual|quién|puedo|debo|hay|tengo que)\b|¿|\b(me gustaría saber|quisiera saber|quiero saber|quería saber|queria saber|quería preguntar|queria preguntar|me pregunto|dime|dígame)\b|\bo no$|,\s*(cómo|dónde|cuándo|por qué)\s|,\s*como (quito|saco|hago|borro|elimino|desinscribo|inscribo|registro|pongo|meto|veo|arreglo|recupero)\b/,
  ja: /(ですか|ますか|でしょうか|でしょう$|かな$|っけ|か[?？]?$|の$|\?|？|教えて(ください|下さい)?|知りたい|たい$|何|なに|どこ|いつ|なぜ|なんで|どう|どれ|どっち|どちら|誰)/,
});

/** Conjunctions that open a sentence as a question word would, written without its accent. */
const CONJUNCTION_START: Readonly<Partial<Record<Other, RegExp>>> = {
  es: /^(cuando|como|donde|que)\b.{0,80},/u,
  fr: /^(quand|que|comme)\b.{0,80},/u,
};

/**
 * A sentence that starts like a question but tells, with no question mark: what the person
 * already found or knows ("Wie man's rausnimmt hab ich schon gefunden, darum geht's nich.",
 * "Comment l'enlever, j'ai déjà trouvé.", "Cómo quitarlo ya lo encontré.").
 */
const TOLD_NOT_ASKED: Readonly<Partial<Record<Other, RegExp>>> = wordsIn({
  de: /^(wie|was|wo|wann|warum|wieso|ob)\b[^?]{0,60}\b(hab|habe|hatte|weiß|weiss|wusste|kenn|kenne) (ich|i) (schon|bereits|ja|inzwischen|selbst|scho)\b|\bdarum geht(['’]s| es) (nich|nicht|net|ned)\b/,
  fr: /^(comment|où|quand|pourquoi|que|quoi)\b[^?]{0,60}(j'ai déjà|j’ai déjà|je sais déjà|ça je (le )?sais)\b/,
  es: /^(cómo|como|qué|que|dónde|donde|cuándo|cuando)\b[^?]{0,60}\bya (lo |la )?(encontré|encontre|sé|vi|leí|lei)\b/,
});

/**
 * Japanese written by learners, in kana with spaces between words ("わたし の iPhone とうろく
 * したい です"), as it is usually written: the words the articles use, and no spaces.
 */
function asJapaneseIsWritten(text: string): string {
  return TEXT_PROFILES.ja
    .normalise(text)
    .replace(
      /(?<=[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}ー])\s+(?=[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}ー])/gu,
      '',
    );
}

function clean(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s!.?¿¡。！？…:;,、~〜]+$/gu, '')
    .replace(/^[\s¿¡]+/u, '')
    .trim();
}

/** Asking what something means ("ça veut dire quoi ?", "was heißt das?", "¿qué significa?"). */
const MEANS_WHAT: Readonly<Record<Other, RegExp>> = wordsIn({
  de: /\bwas (heißt|heisst|bedeutet) (das|des|dat|dies)\b/,
  fr: /\b((ça|ca|cela|ce) veut dire quoi|qu'est-ce que (ça|ca|cela) veut dire|que veut dire)\b/,
  es: /\bqué (significa|quiere decir)\b/,
  ja: /(どういう意味|ってどういうこと|って何)/,
});

/**
 * Asking only whether what was just told is so ("C'est vrai ça ?", "Stimmt des?", "¿Es cierto
 * eso?", "本当ですか？"): the question names nothing; what it asks about is the sentence before.
 */
const ASKS_IF_SO: Readonly<Record<Other, RegExp>> = wordsIn({
  de: /^\W*(und |aber )?(stimmt (das|des|dat|dies|es)|(ist|is) (das|des|dat) (wahr|richtig|so|korrekt)|echt|wirklich)( so| wirklich| echt| eigentlich| denn)*\W*$/,
  fr: /^\W*(et |mais )?(c'est (vrai|exact|juste|correct|bien vrai|bien ça)|est-ce (que c'est )?(vrai|exact)|vrai ou (faux|pas)|(ça|ca|cela) est vrai|vraiment)( (ça|ca|cela|ce truc|cette histoire))?( ou (pas|non|quoi))?\W*$/,
  es: /^\W*(y |pero )?((es|será|sera) (cierto|verdad|así|asi)|(eso|esto) es (cierto|verdad|así|asi)|de verdad|en serio)( (eso|esto|lo que dice|lo que dicen))?( o no)?\W*$/,
  ja: /^\W*(それ|これ|それって|これって)?(は)?(本当|ほんと|ほんとう|マジ|まじ)(に|なん)?(ですか|でしょうか|なの|なん|だべ|け|か|？|\?)*\W*$/,
});

/**
 * Asking what happens now to what was just told ("端末は今後どうなるのでしょうか", "was passiert jetzt
 * damit?", "qu'est-ce qui va se passer ?", "¿qué pasa ahora?"): about the sentence before.
 */
const WHAT_HAPPENS: Readonly<Record<Other, RegExp>> = wordsIn({
  de: /\bwas (passiert|geschieht|wird)( jetzt| nun| dann| denn)*( (damit|mit (dem|meinem) (handy|iphone|ipad|gerät|telefon)|daraus))?\W*$/,
  fr: /\b(qu'est-ce qui (se passe|va se passer|va arriver|arrive)|que (se passe-t-il|va-t-il se passer|va-t-il arriver)|il (se passe|va se passer|va arriver) quoi)( (maintenant|ensuite|après|alors|avec (le|mon) (téléphone|iphone|ipad|appareil|cell\w*)))*\W*$/,
  es: /\b(qué|que) (pasa|pasará|pasara|va a pasar|sucede|sucederá|ocurre|ocurrirá)( ahora| después| luego| entonces| con (el|mi) (teléfono|telefono|iphone|ipad|celular|celu|móvil|movil|equipo|dispositivo))*\W*$/,
  ja: /(どうなる|どうなります|どうなっちゃう|どうなるん)/,
});

/** Pointing at a message just quoted: "diese Meldung", "ce message", "este error", "このエラー". */
const POINTS_AT_MESSAGE: Readonly<Record<Other, RegExp>> = wordsIn({
  de: /\b(diese[rsnm]?|die|der|das) (meldung|fehlermeldung|fehler|nachricht|anzeige|hinweis)\b/,
  fr: /\b(ce|cet|cette|le|la) (message|erreur|avertissement|écran|alerte)\b/,
  es: /\b(este|esta|ese|esa|el|la) (mensaje|error|aviso|pantalla|alerta)\b/,
  ja: /(この|その|あの)(メッセージ|エラー|表示|画面|警告)/,
});

/** Telling what an app or the screen says: "Teams me dit que…", "me sale…", "って出ました". */
const SAYS: Readonly<Record<Other, RegExp>> = wordsIn({
  de: /\b(sagt|sagt mir|zeigt|zeigt mir|meldet|meckert|kommt die (meldung|fehlermeldung)|steht da|heißt es|heisst es)\b/,
  fr: /\b(me dit|m'affiche|affiche|m'indique|indique|il y a un message|j'ai un message)\b/,
  es: /\b(me dice|dice que|me sale|sale que|me aparece|aparece|me pone|pone que)\b/,
  ja: /(って出|と出|と表示|って表示|と言われ|って言われ|エラーが出)/,
});

/** Asking whether a way still works: "geht das noch so?", "ça marche encore ?", "o ya no?". */
const ASKS_STILL: Readonly<Record<Other, RegExp>> = wordsIn({
  de: /\b(geht|klappt|funktioniert|läuft) (das|des|es|dat|dit)\b.{0,30}\b(noch|no) so\b|\boder (nicht mehr|nimma|nimmer|nümm|nümme)\W*$/,
  fr: /\b(ça|cela|c'est) (marche|fonctionne|se fait|est) (toujours|encore) (comme ça|possible)\b|\bou (plus|pas) du tout\W*$|\bou plus\W*$/,
  es: /\b(sigue funcionando|todavía se puede|todavia se puede|aún se puede|aun se puede|se sigue pudiendo|sigue siendo así|sigue siendo asi)\b|\bo ya no\W*$/,
  ja: /(まだ|今でも|いまでも|今も|いまも).{0,12}(できる|できます|使える|使えます|いける|いけます)(の|ん)?(か|？|\?)/,
});

/** Telling that the steps were done: "ich habe alle Schritte gemacht", "j'ai tout suivi". */
const DID_THE_STEPS: Readonly<Record<Other, RegExp>> = wordsIn({
  de: /\b(hab|habe|hab's|habs) (jetzt )?(alle|sämtliche) (schritte|punkte) (gemacht|befolgt|durchgemacht|erledigt|durchgeführt)\b/,
  fr: /\bj'ai (fait|suivi|terminé) (toutes )?(les|toutes les) étapes\b|\bj'ai tout (fait|suivi)\b/,
  es: /\b(hice|he hecho|seguí|he seguido|completé|terminé) (todos )?(los|todos los) pasos\b/,
  ja: /(全部|ぜんぶ|すべて|全て)の?(手順|ステップ)を?(やり|済ませ|終え|完了し)/,
});

/** Telling that something went wrong: "Fehler", "ça bloque", "no funciona", "エラー". */
const TELLS_FAILURE: Readonly<Record<Other, RegExp>> = wordsIn({
  de: /\b(fehler\w*|fehlgeschlagen|geht nicht|funktioniert nicht|klappt nicht|hängt|problem\w*)\b/,
  fr: /\b(erreur\w*|échou\w*|bloqu\w*|marche pas|fonctionne pas|problème\w*|plant\w*)\b/,
  es: /\b(error\w*|fall\w*|no funciona|no va|problema\w*|se queda colgad\w*)\b/,
  ja: /(エラー|失敗|できない|できません|動かない|動きません)/,
});

/** Letters and digits only, lower case: how a quote is compared with an article's own words. */
function bare(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** The article's title, ways of asking or key words hold this message word for word. */
function shows(article: Article, message: string): boolean {
  const m = bare(message);
  return m.length >= 4 && ownWords(article).some((t) => t.includes(m));
}

const ownWordsOf = new WeakMap<Article, string[]>();

/** An article's title, ways of asking and key words, bare (kept per article). */
function ownWords(article: Article): string[] {
  let words = ownWordsOf.get(article);
  if (!words) {
    words = [article.title, ...article.phrasings, ...article.keywords].map(bare);
    ownWordsOf.set(article, words);
  }
  return words;
}

/** Most words a message on screen, typed as a sentence of its own, has ("Profil non valide."). */
const MESSAGE_WORDS = 5;

/**
 * A short sentence that is word for word the message a troubleshooting article is about,
 * typed without quote marks ("Profil non valide. C'est tout ce qu'il me dit.").
 */
function typedMessage(kb: KnowledgeBase, lang: Other, body: string): string | undefined {
  return sentencesIn(lang, body)
    .filter((s) => !s.question && wordsOf(lang, s.text) <= MESSAGE_WORDS)
    .map((s) => s.text)
    .find((t) => kb.all().some((a) => a.category === 'troubleshooting' && shows(a, t)));
}

/** How far back a question may refer to a problem the story told. */
const PROBLEM_SENTENCES = 4;

/** Asking for help with whatever was just told: "was soll ich tun?", "c'est grave ?", "どうすれば". */
/**
 * Asking which of the choices just told to take: "Wat nehm ich denn da am besten?", "je prends
 * lequel ?", "¿Cuál de las dos tengo que elegir?", "どっちを選べばいい？".
 */
const CHOOSES_ONE: Readonly<Record<Other, RegExp>> = wordsIn({
  de: /\b(welche[nsr]?|was|wat|wos) (\w+ ){0,3}(nehm|nimm|wähl|auswähl|tipp|klick|ankreuz)\w*|\bwelche[nsr]? (von (den )?(beiden|zwei)|der beiden|option|davon)\b|\b(was|wat|wos|welche[sr]?) (ist|wäre|is) (denn )?(da |hier |jetzt )?(besser|richtig|das richtige)\b/,
  fr: /\b(lequel|laquelle|lesquel(le)?s|quel(le)? (option|choix|bouton)|(je|on) (prends|choisis|coche|sélectionne|clique sur|appuie sur) (quoi|lequel|laquelle)|(quoi|que) choisir|qu'est-ce que je (prends|choisis|coche))\b/,
  es: /\b(cuál|cual) (de (las|los|esas|esos|estas|estos) (dos|opciones)|elijo|escojo|marco|pongo|selecciono|le doy|(tengo|hay) que (elegir|escoger|marcar|poner)|debo (elegir|escoger|marcar|poner)|es (la )?mejor|me conviene)\b|\bqu[eé] (opción|elijo|escojo|marco)\b/,
  ja: /(どっち|どちら|どれ)(を|に|が)?(選|えら|押|おす|にすれば|にしたら|にし|がいい|がええ|がよか|にする)/,
});

/** A sentence that tells two choices ("…ob ich A will oder B", "deux options", "dos opciones"). */
const OFFERS_CHOICE: Readonly<Record<Other, RegExp>> = wordsIn({
  de: /\b(oder|entweder|zwei (optionen|möglichkeiten|sachen zur auswahl))\b/,
  fr: /\b(ou|ou bien|soit|deux (options|choix|possibilités))\b/,
  es: /\b(o|u|dos opciones|una (de|para) .{1,80} y otra)\b/,
  // (Two choices quoted side by side: 「A」と「B」.)
  ja: /(それとも|または|2つ|二つ|2択|二択|選択肢|」\s*(と|か|or|、)\s*「)/,
});

/** How many sentences before such a question may tell the choices. */
const CHOICE_SENTENCES = 3;

const HELP_SEEKING: Readonly<Record<Other, RegExp>> = wordsIn({
  // Starting over asks about the problem too: "Muss ich wieder ganz von vorne anfangen?", "Muss ich
  // da jetzt wieder was neu einrichten oder was soll das?"
  de: /\b(was (soll|muss|kann) ich (\w+ ){0,3}(tun|machen)|wie (krieg|bekomm|löse|behebe|fixe) ich (das|es)( \w+)? (hin|weg|gelöst|behoben|gefixt|repariert)|woran liegt (das|es)|liegt (das|es) an (mir|euch|ihnen|apple)|wie geht es weiter|ist das (normal|schlimm|gefährlich|ein problem)|(hab|habe) ich (was|etwas) kaputt gemacht|von vorn(e)? (anfangen|beginnen)|neu anfangen|(alles|das ganze) (nochmal|noch mal|neu) machen|(muss|soll) ich (da |das )?((jetzt|getz|nu|nun) )?((wieder|nochmal|noch mal) )?(was|wat|etwas|irgendwas|alles) neu (einrichten|machen|installieren)|was soll (das|dat|des)( denn)?\W*$|gibt es (da |dafür |hierfür )?(eine |ne |'ne )?(lösung|abhilfe|workaround)|(wie|was) kann man (da |dagegen )?(machen|tun))\b/,
  fr: /\b(je fais quoi|je fais comment|comment (je|on) (fais|fait|peux faire)( pour (le |la |l'|les )?(récupérer|ravoir|retrouver|réparer|régler)|\W*$)|(qu'est-ce qui|qu'est ce qui) (s'est passé|se passe)|que s'est-il passé|comment (je )?(le |la |l')?(résous|règle|corrige|répare)|ça vient de (moi|vous|apple)|que (dois-je|faut-il) faire|qu'est-ce que je (dois faire|fais)|je dois faire quoi|c'est (grave|normal)|j'ai (cassé|abîmé) quelque chose|(tout )?recommencer|tout refaire|reprendre (depuis le début|à zéro)|(m'|me |nous )expliquer (la démarche|la procédure|ce qu'il faut faire|quoi faire|comment faire)|ce qu'il faut faire|(il y a|y a-t-il|y a t il|y a|existe-t-il) (une )?(solution|parade|astuce)|comment (on )?(règle|corrige|résout|répare) (ça|cela|le problème|le souci))\b/,
  es: /\b(qué (hago|tengo que hacer|debo hacer|puedo hacer)|c[oó]mo lo (resuelvo|soluciono|arreglo)|es cosa (m[ií]a|de ustedes|vuestra|de apple)|es (grave|normal)|he (roto|estropeado) algo|empezar de (nuevo|cero)|volver a empezar|empezar (todo )?otra vez|hacerlo (todo )?de nuevo|repetir (todo|el proceso)|hay (alguna |algún |algun |una )?(solución|solucion|arreglo|forma de arreglarlo|manera de arreglarlo)|(tiene|tendrá|tendra) (solución|solucion|arreglo)|c[oó]mo se (soluciona|arregla|resuelve))\b/,
  // (And "これからどうなるん", "なんかせなんことあるんか": what now, anything to do; "何ば確認すれば
  // よかとやろか": what to check.)
  // ("このエラーはどう対処すればよろしいでしょうか": how to deal with it, in formal writing.)
  ja: /(どうすれば|どうしたら|どうすりゃ|どうしよう|(どう|どのように)対処|対処(法|方法)|大丈夫|壊れ|何が(問題|原因|悪い|いけない|あかん|いかん)|(スマホ|携帯|ケータイ|iPhone|iPad|端末|デバイス)(が|の方が|のほうが)(悪い|おかしい)|このまま|放っ|ほっとい|ほうっ|何をすれば|何(を|ば|ん|から)?(確認|チェック|調べ|見直)(すれば|したら|すりゃ|せな|しな)|最初から|やり直|(これから|今から|いまから)(どう|何|なに)|何をする(べき|の)|(せな|しな|やらな)(あかん|いけな|ならな|ん(こと)?)|何かする(こと|必要))/,
});

/** A word that only opens a message ("ねえ、", "Also,"): left out before small talk is read. */
const LEAD_FILLER: Readonly<Record<Other, RegExp>> = {
  de: /^(also|na|sag mal|ähm|äh|entschuldigung|sorry)[\s,¿¡]+/u,
  fr: /^(dis|dites|euh|bon|pardon|excusez-moi|désolée?)[\s,¿¡]+/u,
  es: /^(oye|oiga|eh|bueno|perdona|perdone|perdón|perdon|disculpa|disculpe)[\s,¿¡]+/u,
  ja: /^(ねえ|ねぇ|あの|あのー|えっと|えーと)[\s、,]*/u,
};

/**
 * Words a failure told without detail is made of, per language, and the words of which one must
 * say it failed: "J'ai refait exactement ce que vous m'avez dit et ça ne fonctionne pas mieux",
 * "lo intenté otra vez tal cual y nada", "hab alles genau so gemacht, klappt trotzdem nicht".
 * (Japanese, written without spaces, has its own bag below.)
 */
const FAILURE_BAG: Readonly<
  Partial<Record<Other, { words: ReadonlySet<string>; cues: ReadonlySet<string> }>>
> = {
  de: bag(
    'ich habe hab hast haben habs s hat hats es das alles genau so wie du sie ihr mir gesagt erklärt beschrieben ' +
      'geschrieben empfohlen gemacht versucht probiert nochmal noch mal erneut wieder einmal ' +
      'zweimal trotzdem immer funktioniert funktionierts klappt klappts geht gehts nicht nichts ' +
      'kein keine gleiche gleichen selbe selben derselbe fehler problem leider aber und schon ' +
      'jetzt auch auf meinem dem iphone ipad handy weiterhin besser alle schritte befolgt gefolgt ' +
      'tut mir hilft geholfen bringt nix nope nö nee durchgeführt ausgeführt umgesetzt weiterhin ' +
      'ohne erfolg erfolglos nit net dat dit werd werde verrückt des halt ned gell irgendwas stimmt da ' +
      'nich ni nüscht nischt imma gaht goht no nöd nid nüt nöt ömmer i hob hab jetzt gmacht wia wie ' +
      'gsait gsi isch aber same digga bruder alter vorher gleiches niente allweil dasselbe dasselbige pff ' +
      'einfach eifach afach oafach eben nommal selbes spiel ' +
      // Vorarlberg: "Hon's grad nomol probiert, gliich wia vorher." (same as before).
      'hon grad gerade nomol nomal nochmol gliich gleich vorher davor ' +
      // Thurgau: "Immer no s gliiche, funktioniert nöd."
      'gliiche gliche glyche',
    'gliiche gliche glyche gleich gliich nicht nichts kein keine gleiche gleichen selbe selben selbes derselbe same nix nope nö nee ohne erfolglos nit net ned nich ni nüscht nischt nöd nid nüt nöt niente dasselbe dasselbige',
  ),
  fr: bag(
    'j ai je tu vous m t avez as refait fait essayé essaye réessayé reessayé recommencé suivi ' +
      'tout toutes tous les la le étapes étape exactement comme ce que qu dit indiqué expliqué ' +
      'conseillé demandé et mais ça ca cela c est ne n pas toujours encore rien marche marché ' +
      'fonctionne fonctionné mieux pareil même problème souci erreur échec échoué raté avant ' +
      'l heure de nouveau une fois deux sur mon iphone ipad téléphone tel portable non hélas ' +
      'malheureusement bon bah ben euh aucun changement vos votre tes ta instructions conseils ' +
      'solution y aide aidé nope re as bloque coince toujours indications consignes procédure ' +
      'cela là bug bugue beugue plante encore bloqué bloquée côté gâté gâte faite pis ' +
      'toujou pa mache gen anyen ki chanje fè sa w di m point par indiquée indiqué dites chose faire à hein changé a veut veux ba3do 3am yemche yemshi mech msh ' +
      // Picard (ch'ti): "Toudis parel, cha marche pos" (always the same, it doesn't work).
      'toudis parel cha pos ' +
      // "pareil qu'hier… toujours rien".
      'hier ' +
      // "Toujours la même chose hein, ça ne passe pas."
      'passe',
    'parel pos pas rien échec échoué raté pareil aucun même bloque coince bug bugue beugue plante bloqué bloquée gâté gâte pa anyen yemche yemshi mech msh',
  ),
  es: bag(
    'lo la los las he hecho hice volví volvi a hacer intenté intente intentado probé probe ' +
      'probado repetí repeti seguí segui seguido todo todos pasos paso exactamente tal cual como ' +
      'que me te dijiste dijo has dicho indicaste indicado y pero sigue sigo igual no funciona ' +
      'funcionó funciono va fue sirve sirvió sirvio todavía todavia aún aun nada otra vez de ' +
      'nuevo mismo misma error problema ya en mi el iphone ipad móvil movil teléfono telefono ' +
      'celular sin funcionar fallando falla falló fallo dando tampoco lamentablemente pues bueno ' +
      'ha ayudado nop nope intentar intentarlo probar probarlo igualito igualita jala jaló jalar ' +
      'vuelto ir andar anda q dicho marcha rula jalando cambia cambió cambio sale salió pasa ' +
      'sigo siguen hace hizo acá aca aquí aqui mismito decía decia resulta resultó resulto po ' +
      'nomás nomas funca antes ahora qué ejte este vale nojoda mi pana rato ratito ' +
      // Paraguay: "sigue sin andar luego" ("luego" stresses it).
      'luego',
    'no nada igual igualito igualita falla fallando falló fallo mismo misma tampoco sin',
  ),
};

function bag(words: string, cues: string): { words: Set<string>; cues: Set<string> } {
  return { words: new Set(words.split(' ')), cues: new Set(cues.split(' ')) };
}

/**
 * Japanese, written without spaces: the words of these ways of saying it failed, as ICU splits
 * them, make up the bag; one of the cues must say it failed.
 */
const JA_FAILURE_SAID = [
  '言われた通りにやってみたけど、やっぱりダメでした',
  'まだ直ってないです',
  '手順どおりに全部試しましたが、相変わらずうまくいきません',
  '何回やっても同じエラーのままです',
  'もう一度やったのに変わらない',
  'さっきと同じで動かないです、無理でした',
  '教えてもらったとおりにしたんだけど、できなかった',
  '最初からやり直してみたけど、うまくいかないです',
  // Kansai: "あかん" (no good), "直らん" (won't fix).
  'やってみたけどあかんかったわ',
  '全然直らへんし、やっぱアカンで',
  '何回やっても直らんかった',
  // Nagoya and western Japan: "いかん" (won't go), "でかん" (no good).
  'やっぱりうまくいかんわ',
  'まだでかんがや',
  // Tohoku: "できね" (can't).
  'やっぱりできねっちゃ',
  // Chūgoku and Kyushu: "でけん", "できん" (can't), "〜けぇ", "〜のじゃ".
  '言われたとおりやってみたけど、まだできんのよ',
  'やっぱりでけんかったけぇ',
  '何回やってもでけんのよ',
  // Kantō casual: "直んねえ" (won't fix).
  'やっぱまだ直んねえわ',
  // Business: "事象変わらず" (no change in the symptom).
  '再起動も試しましたが、事象変わらずです…',
  '教えてもらった方法を試したけど、やっぱりダメでした',
  // Hiroshima: "いけん" (no good), "〜んじゃけど"; Tsugaru: "でぎねぇ" (can't), "〜ばって" (but).
  '教わったとおりやったんじゃけど、いけんかった',
  // Kansai: "もっかい" (once more), "〜てんけど".
  'そのやり方でもっかいやってんけど、あかん',
  '何回やったばって、でぎねぇ',
  // Chūgoku: "さっきと一緒よ" (the same as before).
  'やっぱりいけんかったわ、さっきと一緒よ',
  // Nagoya: "だちかん" (no good), "〜がや".
  'やってみたけど、やっぱりだちかんかったがや',
  // Kyushu: "前と一緒" (the same as before), "なんも変わらん" (nothing changed), "〜ばい", "〜けん".
  'やっぱ前と一緒やけん、なんも変わらんばい',
];
const JA_FAILURE_CUE =
  /(ダメ|だめ|駄目|アカン|あかん|直らん|直らへん|いけへん|でけへん|失敗|でき(ない|ません|なかった)|直って(ない|いない|ません)|直らない|変わらない|変わりません|変わらず|いかない|いかん|でかん|できね|でけん|できん|直んねえ|直んねー|直んない|いきません|いかなかった|動かない|動きません|無理|同じ|いけん|でぎね|だちかん|変わらん|一緒)/u;
/**
 * Words that soften or round off such a sentence in Japanese, as ICU splits them ("っぽい",
 * "みたい", "んですけど", "ました"): they add no detail of what failed.
 */
const JA_SOFTENERS = (
  'っぽい ぽい みたい よう です ます ま せん で した たん んです んで けど けれど が ね よ な ' +
  'やっぱり まだ また 今も 通り とおり 言 われ た や って み も 何 度 回 うまく いき いか ない ' +
  'なる 結局 全然 ちょっと 相変わらず 教 教え わっ もらっ くれ わ ん し やっぱ さっき 先ほど ら ですが の だ ' +
  'っす っ ちゃ に やつ やけど がやけど じゃ のじゃ けぇ のよ よ でも ばって ば'
).split(' ');

/** Japanese words as the knowledge base splits them (ICU word segmentation). */
const jaWordsOf = (text: string): string[] => TEXT_PROFILES.ja.tokenize(text);
let jaFailureWords: ReadonlySet<string> | undefined;

/**
 * The words greetings, thanks, goodbyes and "all good now" are made of, per language, by act
 * ("filler" words only pad them). People put the same few words in many orders ("Listo, ya
 * quedó. Mil gracias, muy amable", "dale, genial. chau, nos vemos", "Merci beaucoup, c'est réglé !
 * Bonne fin de journée"), which no list of whole phrases keeps up with: a short message made only
 * of these words, one of them at least saying what it does, is that small talk.
 */
const CHAT_WORDS: Readonly<Record<Other, ChatWords>> = {
  de: {
    greeting:
      'hallo hi hey moin servus grüezi grüß grüss gott guten morgen tag abend hoi salü tach moien ' +
      'grüaß griaß griass di gudn morschn morschen morgn',
    thanks:
      'danke dank dankeschön vielen besten herzlichen tausend merci vielmals vielmal grazie vielmols ' +
      'dankschee dankscheen dankesche',
    goodbye:
      'tschüss tschüs tschau ciao wiedersehen bis bald später schönen schönes wochenende ' +
      'feierabend adieu ade pfiat baba schianen schian obend tschö tschöö tschüssi wochenend schön',
    ack:
      'ok okay super prima perfekt passt klar gut geklappt funktioniert läuft erledigt gelöst ' +
      'top toll spitze klasse wunderbar verstanden alles tiptop bestens leiwand lässig ' +
      'subber gfunzt gefunzt funzt',
    filler:
      'für die deine ihre eure hilfe das es hat hats jetzt endlich doch mal noch sehr echt ' +
      'wirklich und ja na also dir ihnen euch einen ein dann hier auf nochmals lieben liebe ' +
      'ganz nett freundlich wieder wünsche dir grüße gruß viele liebe beste hot no un e nu erstma erstmal',
  },
  fr: {
    greeting:
      'bonjour salut bonsoir coucou allo allô hello hey yo bjr slt cc salam wesh mbote bonjou ' +
      // Mauritian and Réunion Creole; in Valais and Fribourg, "adieu" greets.
      'bonzour adieu',
    // (Lingala "matondo", thanks; "mingi", much; "ndeko", brother or sister.)
    thanks:
      'merci remercie mercii infiniment sympa gentil reconnaissant reconnaissante vielmols ' +
      'matondo',
    goodbye:
      'revoir bientôt tard bonne journée soirée semaine weekend week end ciao tchao bye ' +
      'prochaine ensemble',
    ack:
      'ok okay d accord dac parfait super génial nickel impeccable top réglé résolu fonctionne ' +
      'marche marché fonctionné bon compris noté entendu cool excellent roule wakha safi ' +
      // Swiss "ça joue" (that's fine; asked, all fine?); "tout est en ordre" (all in order).
      'joue ordre',
    filler:
      'c est ça ca cela pour votre ton l aide et vraiment très tout toute à a la de du le ' +
      'encore bah ben alors oui ah oh vous toi beaucoup mille fois plus fin une un bien ' +
      'maintenant enfin je te vous pis là on est bcp grave trop ouf t premier coup khoya ' +
      'khouya frère frérot mingi ndeko en',
  },
  es: {
    greeting:
      'hola holi buenas buenos días dias tardes noches saludos quiubo quihubo qubo onda hey ' +
      'ey epa wenas aló alo bon bona bones tarda nit',
    thanks:
      'gracias grax agradezco agradecido agradecida amable genio crack capo salvaste salvado ' +
      'salvó',
    goodbye:
      'chau chao adiós adios hasta luego pronto mañana vemos cuídate cuidate besos abrazo ' +
      'finde agur venga ' +
      // ("Bendecido día", a blessed day: a Caribbean and Central American goodbye.)
      'bendecido bendecida bendiciones bendición bendicion',
    ack:
      'listo lista quedó quedo perfecto genial dale vale ok okey oki bárbaro barbaro joya ' +
      'chévere chevere bacán bacan padre sale órale orale acuerdo entendido claro buenísimo ' +
      'buenisimo excelente funcionó funciona jaló resuelto solucionado súper super está ' +
      'funcionando anda andando',
    filler:
      'muy mucho muchas muchísimas mil por la el tu su ayuda todo y pues bueno oye che ' +
      'entonces eh ah jaja jajaja me te lo que un una de en nos ya re buen bien qué sos eres ' +
      'usted pana mi parce majo maja majete otra día dia',
  },
  ja: {
    greeting:
      'こんにちは こんにちわ おはようございます おはよう こんばんは お疲れ様です おつかれさまです ' +
      'お世話になっております お世話になります はじめまして どうも やあ もしもし よろしくお願いします ' +
      'お疲れさまです おつかれさまです お疲れ様でーす お疲れさまでーす おつかれさまでーす ' +
      'よろしくです 今日もよろしくです おはよ おはようございまーす おはようございます〜 今日はよろしくお願いします ' +
      'はいさい はいさーい はいたい おつです おつかれです なじらね はじめまして よろしく ' +
      'よろしくおねがいします よろしくおねがいいたします ' +
      // Kansai and beyond: "おはようさん！今日もよろしくな〜".
      'おはようさん こんにちはー よろしくな 今日もよろしくな ' +
      // Kitakyushu: "今日もよろしくっちゃ".
      'おはよーございます よろしくっちゃ 今日もよろしくっちゃ',
    thanks:
      'ありがとうございます ありがとうございました ありがとう あざす あざっす 助かりました 助かります ' +
      '助かったわ 助かった 感謝します 感謝です おおきに サンキュー さんきゅ 恐れ入ります どうもです ' +
      'ありがとね ありがと obrigado obrigada たすかりました たすかった あいがとさげもした あいがと ' +
      'きのどくな きのどくな〜 きのどくに ' +
      // Izumo (Shimane) and Tottori: "だんだん"; Kanazawa: "あんやと".
      'だんだん あんやと あんやとね あんやとう あんやとさん ' +
      // Shizuoka (Enshu): "おぼらだれん".
      'おぼらだれん おぼらだれ',
    goodbye:
      '失礼します 失礼しました またね ではまた じゃあね さようなら ほな ほなね おやすみなさい ' +
      'お疲れ様でした おつかれさまでした お疲れさまでした ' +
      '聞くわ 聞くね 聞きます 質問します 相談します 連絡します したっけ したっけね',
    ack:
      'なるほど 了解です 了解しました 了解 りょ わかりました 分かりました わかった 分かった ' +
      '承知しました オッケー ok 大丈夫です できました できた 解決しました うまくいきました ' +
      '直りました 直った いけました いけた 登録できました 登録できた 登録完了 よかよか でけた 登録でけた 登録できたちゃ できたちゃ 無事登録できたちゃ ' +
      '登録できたわ できたわ おかげで登録できたわ おかげでできたわ 登録できたよ できたよ ' +
      'ちゃんと登録できたよ おかげでちゃんと登録できたよ',
    filler:
      'です ね よ わ な ー 本当に ほんとに めっちゃ すごく とても また じゃあ では ' +
      '何かあったら なんかあったら 分からんかったら わからんかったら 分からなかったら ' +
      'わからなかったら 困ったら その時は そのときは 無事 無事に ちゃんと おかげさまで なまら ' +
      'おかげさんで 今日から 本日から ばい たい けん 今日も 〜 おかげで はじめて 初めて 使う 使います けど ' +
      // The weather, said in passing ("今日もさぶいのぉ").
      '寒い 寒いの 寒いね 寒いですね さむい さむいの さむいね さぶい さぶいの 暑い 暑いの 暑いですね あつい あついの ' +
      // Miyazaki: "てげ" (very), "〜っちゃね".
      '今日は てげ 寒いっちゃね 寒いっちゃ っちゃね っちゃ',
  },
};

/** A bot, or a person, named in any of our languages. */
const BOT_NAMED =
  /(?<![\p{L}])(bot|robot|roboter|chatbot|ki|ia|maschine|machine|máquina|maquina|programa|programm|computerprogramm|computer|asistente|automático|automatico|automatisch|automatique|assistant|assistent)(?![\p{L}])|ボット|ロボット|自動応答|機械/iu;
const PERSON_NAMED =
  /(?<![\p{L}])(mensch|menschen|minsch|minschen|jemand|person|personne|humain|quelqu'un|quelqu’un|qqn|persona|alguien|humano)(?![\p{L}])|(?<![\p{L}])(sitzt|ist|hockt|hocket) (da|hier|dort|do) (\p{L}+ )?(wer|einer|öpper|öppert|epper)(?![\p{L}])|人間|人が|中の人|中に人|担当者|誰か|人(?:は|も)?(?:おる|おります|いる|います|居る)/iu;
/** "Bist du …", "es-tu …", "eres …": the message asks what the bot itself is. */
const ASKS_WHAT_YOU_ARE: Readonly<Record<Other, RegExp>> = {
  de: /(?<![\p{L}])(bist du|sind sie|ist das hier|schreib\w* ich|rede ich|chatte ich)(?![\p{L}])/iu,
  fr: /(?<![\p{L}])(es-tu|t'es|t’es|tu es|t|êtes-vous|vous êtes|c'est (un|une) (vrai |vraie )?(bot|robot|chatbot|ia|machine|programme)|je parle|je discute)(?![\p{L}])/iu,
  es: /(?<![\p{L}])(eres|sos|es usted|usted es|estoy hablando|hablo con|estoy chateando)(?![\p{L}])/iu,
  ja: /(ですか|なの|なん|ですよね|でしょうか|か[?？])/u,
};

/**
 * A short question about who answers ("Mal ehrlich, bist du ein Bot oder sitzt da echt jemand von
 * der IT?", "Salam, t'es un robot ou y a quelqu'un derrière ?", "これってbotさんですか？"): it names a
 * bot, and a person or asks what "you" are, in a message of a few words that asks.
 */
function asksWhoAnswers(lang: Other, text: string): boolean {
  // Japanese writes "bot" against its kana ("これってbotさん"): only Latin letters bound it there.
  const bot = lang === 'ja' ? /(?<![a-z])(bot|ai|chatbot)(?![a-z])/i.test(text) : false;
  // (Asked without a question mark when it names both: "t un robot ou y a qqn derriere mdr".)
  const asks =
    /[?？]|ですか|なの$/u.test(text) ||
    (PERSON_NAMED.test(text) && /(?<![\p{L}])(ou|oder|o|or)(?![\p{L}])/u.test(text));
  if (!(bot || BOT_NAMED.test(text)) || !asks) return false;
  const short = lang === 'ja' ? text.length <= 60 : wordsOf(lang, text) <= 16;
  return short && (PERSON_NAMED.test(text) || ASKS_WHAT_YOU_ARE[lang].test(text));
}

/** A clause that says why one asks: "parce que…", "weil…", "porque…". */
const SAYS_WHY: Readonly<Partial<Record<Other, RegExp>>> = {
  de: /^(weil|denn|da)\b/iu,
  fr: /^(parce que|parce qu['’]|car|vu que|puisque)/iu,
  es: /^(porque|ya que|como)\b/iu,
};

/**
 * The question about who answers, then why it is asked ("t'es un vrai collègue ou un robot ?
 * parce que tu réponds vite pour quelqu'un du service info"): the question alone is read.
 */
function asksWhoAnswersWithWhy(lang: Other, text: string): boolean {
  const parts = /^([^?？]+[?？])\s*([^?？]+)$/u.exec(text.normalize('NFKC').trim());
  const why = SAYS_WHY[lang];
  if (!parts || !why) return false;
  const [, question = '', after = ''] = parts;
  return why.test(after.trim()) && asksWhoAnswers(lang, question);
}

let chatLexicons: Map<Other, ReadonlyMap<string, SmallTalkAct | 'filler'>> | undefined;

/** The words of {@link CHAT_WORDS} in a language, each with its act (built once). */
function chatLexiconOf(lang: Other): ReadonlyMap<string, SmallTalkAct | 'filler'> {
  chatLexicons ??= new Map(
    (Object.keys(CHAT_WORDS) as Other[]).map((l) => [l, chatLexicon(CHAT_WORDS[l])]),
  );
  return chatLexicons.get(lang) ?? new Map();
}

/**
 * A message cut into the pieces small talk is read in: at punctuation, each without the words
 * that only address the reader ("Leute", "parcero"), cleaned.
 */
function chatPieces(lang: Other, spelt: string): string[] {
  return spelt
    .split(/[,.!?¡¿;、。！？~〜]+/u)
    .map((p) => clean(p.replace(ADDRESSED[lang], ' ').replace(/\s+/gu, ' ')))
    .filter(Boolean);
}

/** The act of a short message made only of {@link CHAT_WORDS}, if it is one. */
function chatWordsAct(lang: Other, text: string, stranger?: Stranger): SmallTalkAct | undefined {
  const lexicon = chatLexiconOf(lang);
  // A question ("ya quedó?", "c'est réglé ?") asks: it is no thanks or goodbye.
  if (/[?？]/u.test(text)) return undefined;
  if (lang === 'ja') return japaneseChatAct(lexicon, text);
  const list = text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  if (list.length === 0 || list.length > MAX_CHAT_WORDS) return undefined;
  const acts = chatActs(list, lexicon, stranger);
  return acts && ACT_ORDER.find((a) => acts.includes(a));
}

/**
 * Japanese has no spaces, and ICU splits a phrase into pieces that mean nothing alone ("でき" of
 * "できました" would make "できない" small talk): the message must be made of whole phrases, one
 * after another, longest first.
 */
/**
 * Chat stretches a Japanese word's last sound with a long-vowel mark or a small vowel after
 * hiragana ("おはようございますー", "ダメだぁ", "さぶいのぉ"); read without it.
 */
function unstretched(text: string): string {
  return text.replace(/(?<=\p{Script=Hiragana})[ーぁぃぅぇぉ〜～]+/gu, '');
}

function japaneseChatAct(
  lexicon: ReadonlyMap<string, SmallTalkAct | 'filler'>,
  text: string,
): SmallTalkAct | undefined {
  const phrases = [...lexicon.keys()].map(unstretched).sort((a, b) => b.length - a.length);
  const actOf = new Map([...lexicon].map(([k, v]) => [unstretched(k), v]));
  // The bowing emoticon "m(_ _)m" ends many a Japanese thanks.
  let rest = unstretched(text)
    .toLowerCase()
    .replace(/m[(（][^)）]*[)）]m/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, '');
  const acts: (SmallTalkAct | 'filler')[] = [];
  for (let guard = 0; guard < MAX_CHAT_WORDS && rest !== ''; guard++) {
    const found = phrases.find((p) => rest.startsWith(p));
    if (!found) return undefined;
    acts.push(actOf.get(found) ?? 'filler');
    rest = rest.slice(found.length);
  }
  return rest === '' ? ACT_ORDER.find((a) => acts.includes(a)) : undefined;
}

/** True when a message in this language is only a failure told without detail. */
function toldFailure(lang: Other, text: string, stranger?: Stranger, loosely = false): boolean {
  // Asking whether a way still works ("Geht das heute auch noch so, oder nicht mehr?") tells no
  // failure.
  if (ASKS_STILL[lang].test(text)) return false;
  // Loosely (for a message the articles find nothing in): half the words are those of a bare
  // failure and the others are strangers ("geht imma noch nich ey").
  const made = (list: readonly string[], known: (w: string) => boolean): boolean =>
    loosely
      ? 2 * list.filter(known).length >= list.length &&
        list.every((w) => known(w) || stranger?.(w) !== false)
      : madeOf(list, known, stranger);
  if (lang === 'ja') {
    jaFailureWords ??= new Set([...JA_FAILURE_SAID.flatMap(jaWordsOf), ...JA_SOFTENERS]);
    text = unstretched(text);
    const list = jaWordsOf(text);
    const known = jaFailureWords;
    // (Loosely, a piece of the words of failure themselves is known: "直" of "直らん".)
    const cue = JA_FAILURE_CUE.exec(text)?.[0] ?? '';
    return (
      list.length > 0 &&
      list.length <= 24 &&
      (loosely
        ? made(list, (w) => known.has(w) || cue.includes(w))
        : list.every((w) => known.has(w))) &&
      cue !== ''
    );
  }
  const rules = FAILURE_BAG[lang];
  if (!rules) return false;
  const list = text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  return (
    list.length > 0 &&
    list.length <= 20 &&
    made(list, (w) => rules.words.has(w)) &&
    list.some((w) => rules.cues.has(w))
  );
}

/**
 * A failure told loosely ({@link toldFailure}), for a message the articles find nothing in: its
 * other words are strangers to them ("imma", "ey"; not "password").
 */
export function toldFailureLooselyIn(lang: Other, text: string, stranger: Stranger): boolean {
  return toldFailure(lang, clean(text), stranger, true);
}

/** The small-talk act a whole message is in this language, if it is one. */
export function smallTalkIn(
  lang: Other,
  text: string,
  stranger?: Stranger,
): SmallTalkAct | undefined {
  const t = clean(text.replace(/[\p{Extended_Pictographic}\u{FE0F}]/gu, '')).replace(
    LEAD_FILLER[lang],
    '',
  );
  // A letter typed more than once at a word's end ("holaa", "graciass") as typed once, when
  // the message is not small talk as typed.
  const actOf = (piece: string): SmallTalkAct | undefined =>
    SMALL_TALK[lang].find(([, p]) => p.test(piece))?.[0] ??
    SMALL_TALK[lang].find(([, p]) => p.test(piece.replace(/(\p{L})\1+(?!\p{L})/gu, '$1')))?.[0];
  const whole = actOf(t);
  if (whole) return whole;
  if (asksWhoAnswers(lang, text.normalize('NFKC')) || asksWhoAnswersWithWhy(lang, text))
    return 'identity';
  if (toldFailure(lang, t, stranger)) return 'vague-failure';
  // Chat shorthand ("merci bcp c bon"), written out.
  const spelt = SHORTHAND[lang].reduce((acc, [from, to]) => acc.replace(from, to), t);
  const wholeSpelt = spelt === t ? undefined : actOf(spelt);
  if (wholeSpelt) return wholeSpelt;
  // Small talk in several pieces ("Danke dir, hat alles geklappt", "Guten Morgen, wer bist du?"):
  // every piece is small talk; the one that asks most for an answer leads.
  const pieces = chatPieces(lang, spelt);
  // (The words of a question are no thanks or goodbye: "登録できた？" asks whether it worked.)
  const chat = (): SmallTalkAct | undefined =>
    /[?？]/u.test(text) ? undefined : chatWordsAct(lang, spelt, stranger);
  if (pieces.length > 4) return chat();
  // Each piece is small talk, or (typed without punctuation: "merci beaucoup c'est bon ça
  // marche") a run of it.
  const acts = pieces.flatMap((p) =>
    lang === 'ja' ? [actOf(p)] : (runOfActs(p, actOf) ?? [undefined]),
  );
  if (acts.length >= 2 && acts.every((a) => a !== undefined)) {
    return ACT_ORDER.find((a) => acts.includes(a));
  }
  return chat();
}

/**
 * Any small talk a message carries among other words ("merci gavé, t'es au top, bonne aprèm":
 * thanks), and the message without it: the act of its pieces that are small talk, and of the
 * words of greeting, thanks or goodbye the articles never use ("merci", "あざっす"), the one that
 * asks most for an answer first. Undefined when it carries none. The caller decides whether the
 * rest says anything.
 */
export function someSmallTalkIn(
  lang: Other,
  text: string,
  stranger: Stranger,
): { act: SmallTalkAct; rest: string } | undefined {
  const t = clean(text.replace(/[\p{Extended_Pictographic}\u{FE0F}]/gu, ''));
  const spelt = SHORTHAND[lang].reduce((acc, [from, to]) => acc.replace(from, to), t);
  const pieces = chatPieces(lang, spelt);
  const pieceActs = pieces.map((p) => SMALL_TALK[lang].find(([, re]) => re.test(p))?.[0]);
  const lexicon = chatLexiconOf(lang);
  const said = (word: string, piece: string): boolean =>
    lang === 'ja'
      ? word.length >= 2 && piece.includes(word)
      : piece.split(/[^\p{L}\p{N}]+/u).includes(word);
  // (In Japanese a whole phrase of three characters or more: "助かりました" says thanks, though
  // the articles use "助".)
  const chatWords = [...lexicon].filter(
    ([word, a]) => PARTING_ACTS.has(a) && (stranger(word) || (lang === 'ja' && word.length >= 3)),
  );
  const acts: SmallTalkAct[] = [];
  const rest = pieces.flatMap((piece, i) => {
    const whole = pieceActs[i];
    if (whole) {
      acts.push(whole);
      return [];
    }
    const found = chatWords.filter(([word]) => said(word, piece));
    let left = piece;
    for (const [word, a] of found) {
      if (a !== 'filler') acts.push(a);
      left =
        lang === 'ja'
          ? left.replaceAll(word, ' ')
          : left.replace(
              new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(word)}(?![\\p{L}\\p{N}])`, 'gu'),
              ' ',
            );
    }
    return [left.replace(/\s+/gu, ' ').trim()].filter(Boolean);
  });
  const act = ACT_ORDER.find((a) => acts.includes(a));
  return act ? { act, rest: rest.join(', ') } : undefined;
}

/** A text for use inside a regular expression, its special characters escaped. */
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The acts a word alone can carry in a longer message: greeting, thanks, goodbye. */
const PARTING_ACTS: ReadonlySet<SmallTalkAct | 'filler'> = new Set([
  'greeting',
  'thanks',
  'goodbye',
]);

/**
 * Words small talk may carry in a knowledge base's language: no number, and nothing its articles
 * or topics use ("lah", "bacán", "fada" may; "authenticator", "17" may not).
 */
export function strangerTo(kb: KnowledgeBase): Stranger {
  return (word) => !/\d/.test(word) && !kb.uses(word);
}

/** At most this many words are read as a run of small talk with no punctuation between. */
const MAX_RUN_WORDS = 12;

/**
 * The acts of a piece made of small-talk phrases one after another ("merci beaucoup c'est bon"),
 * each as long as it can be; undefined when any word is left over.
 */
function runOfActs(
  piece: string,
  actOf: (text: string) => SmallTalkAct | undefined,
): SmallTalkAct[] | undefined {
  const list = piece.split(/\s+/u);
  if (list.length > MAX_RUN_WORDS) return undefined;
  const acts: SmallTalkAct[] = [];
  let at = 0;
  while (at < list.length) {
    let found: { act: SmallTalkAct; end: number } | undefined;
    for (let end = list.length; end > at && !found; end--) {
      const act = actOf(list.slice(at, end).join(' '));
      if (act) found = { act, end };
    }
    if (!found) return undefined;
    acts.push(found.act);
    at = found.end;
  }
  return acts;
}

/** Chat shorthand per language, written out before small talk is read. */
const SHORTHAND: Readonly<Record<Other, readonly [RegExp, string][]>> = {
  de: [[/(?<!\p{L})(thx|dankeee*)(?!\p{L})/gu, 'danke']],
  fr: [
    [/(?<!\p{L})bcp(?!\p{L})/gu, 'beaucoup'],
    [/(?<!\p{L})(mrc|mci)(?!\p{L})/gu, 'merci'],
    [/(?<![\p{L}'])c(?= (bon|ok|top|parfait|nickel|réglé|fait)(?!\p{L}))/gu, "c'est"],
  ],
  es: [[/(?<!\p{L})(grax|grx|grcs)(?!\p{L})/gu, 'gracias']],
  ja: [],
};

/**
 * Words that only address the reader ("Buenas parcero", "Salut les gars", "Hallo Leute"), left out
 * of each piece of small talk before it is read.
 */
const ADDRESSED: Readonly<Record<Other, RegExp>> = wordsIn({
  // (And young Germany's "digga", "bruder", "alter", "abi", "lan", "kanka".)
  de: /\b(leute|kollegen|kollegin|kollege|zusammen|ihr lieben|team|digga|diggah|diggi|bruder|bro|alter|abi|lan|kanka)\b/gu,
  fr: /\b(les gars|les amis|l'équipe|tout le monde|mon ami|mon pote|chef)\b/gu,
  es: /\b(parcero|parce|pana|tío|tío|tio|tía|tia|amigo|amiga|che|güey|wey|mano|compa|gente|chicos|chicas|equipo|hermano|bro|pata|causa|mi rey|jefe|jefa)\b/gu,
  ja: /(?!)/gu,
});

/** "When I do that", "si je fais ça", "cuando lo hago", "そうすると": doing what was just asked. */
const DOES_THAT: Readonly<Record<Other, RegExp>> = wordsIn({
  // ("Und was wird dabei gelöscht?": "dabei", in doing so.)
  de: /\b(wenn|sobald|nachdem|falls) (ich|man|wir) (das|es|dies) (mache|mach|tue|tu|mach'|gemacht habe|getan habe|machen)\b|\b(dabei|dadurch)\b/,
  // ("est-ce que ça va me supprimer des trucs perso ?": "ça", what the question before does.)
  fr: /\b(quand|si|une fois que|lorsque|après que) (je|j'|on|j’) ?(le |l'|l’)?(fais|fait|ferai|aurai fait|ai fait) ?(ça|cela|ceci)?\b|\b(ça|cela) (va )?(me |m'|nous )?(supprimer|supprime|effacer|efface|enlever|enlève|retirer|retire)\b/,
  es: /\b((cuando|si|una vez que|después de que) (lo )?(hago|haga|haya hecho|hice)|al (hacerlo|quitarlo|sacarlo|borrarlo|eliminarlo|desinscribirlo))\b|\beso (me |nos )?(va a )?(borra|borrar|elimina|eliminar|quita|quitar)\b/,
  ja: /(そう|それを?|これを?)(すると|したら|したとき|した時|すれば|やると|やったら)/,
});

/** How many words a question must name to be answered apart from a sentence told beside it. */
const QUESTION_TERMS = 4;

/** Saying there are two or more things to ask: "Zwei Fragen:", "deux choses", "2つ聞きたいです". */
const ANNOUNCES_SEVERAL: Readonly<Record<Other, RegExp>> = wordsIn({
  de: /\b(zwei|zwa|zwo|2|drei|3|ein paar) (fragen|frage|sachen|dinge|punkte|probleme)\b/,
  fr: /\b(deux|2|trois|3|quelques) (questions|choses|trucs|problèmes|soucis)\b/,
  es: /\b(dos|2|tres|3|un par de|varias) (preguntas|cosas|dudas|problemas)\b/,
  ja: /(2|二|ふた|3|三|みっ)つ(聞き|質問|あり|相談|確認|お聞き|教え)|(質問|問題|相談)が(2|二|ふた|3|三|みっ)つ/,
});

/** Telling what one heard or read ("hab gehört, dass…", "j'ai lu que", "と聞きました"): no problem. */
const HEARD: Readonly<Record<Other, RegExp>> = wordsIn({
  de: /\b(hab|habe|hätte) (ich )?(gehört|gelesen)\b|\bich (hab|habe) (\w+ )?(gehört|gelesen)\b/,
  fr: /\bj'ai (entendu|lu) (dire )?(que|qu')/,
  es: /\b(escuché|oí|leí|me enteré de) que\b/,
  ja: /(と|って)(聞きました|聞いた|聞いて|読みました|読んだ)/,
});

/**
 * Telling a first guess ("Ich dachte erst, dat Handy is nich mehr registriert, aber…", "j'ai
 * d'abord cru que…"): what the person thought, not the problem.
 */
const GUESSED: Readonly<Record<Other, RegExp>> = wordsIn({
  de: /\b(ich )?(dachte|dacht|dacht') (ich )?(erst|zuerst|anfangs|zuerscht|z'erst)\b/,
  fr: /\bj'ai (d'abord|au début|au debut) (cru|pensé|pense)\b|\bje (croyais|pensais) d'abord\b/,
  es: /\b(al principio|primero) (pensé|creí|pense|crei)\b|\b(pensé|creí) (al principio|primero)\b/,
  ja: /最初は.{0,30}(思った|思いました|思ったけど|思ってた|思っとった|思うとった)/,
});

/** Not sure whether something is so: "ich bin mir nicht sicher, ob…", "je ne sais pas si…". */
const NOT_SURE_WHETHER: Readonly<Record<Other, RegExp>> = wordsIn({
  de: /\b(nicht|ned|net|nit|nöd|ni) (so )?(sicher|sicha|sicherr),? (ob|wie|was)\b|\bweiß (ich )?(nicht|ned|net|nit),? ob\b/,
  fr: /\bpas (trop |très |vraiment )?s[uû]r(e)?,? (que|si|de savoir si)\b|\bje ne sais pas (trop )?si\b/,
  es: /\bno (estoy|sé si estoy) (muy )?segur[oa],? (de )?(si|que)\b|\bno sé si\b|\bno me queda claro si\b/,
  ja: /かどうか(わから|分から|わかん|分かん|自信)/,
});

/** Telling that nothing was changed: "nix umgstellt", "j'ai rien changé", "no toqué nada". */
const CHANGED_NOTHING: Readonly<Record<Other, RegExp>> = wordsIn({
  de: /\b(nix|nichts|nüt|nüscht|nischt|gar nichts|gar nix) (\S+ )?(umgstellt|umgestellt|geändert|verstellt|angefasst)\b/,
  fr: /\b(rien|pas) (changé|modifié|touché)\b|\b(j'ai|je n'ai) (rien|pas) (changé|modifié|touché)\b/,
  es: /\bno (he )?(cambiado|tocado|toqué|cambié|moví|movido) nada\b/,
  ja: /(何も|なにも|なんも)(変えて|いじって|触って|さわって)(ない|ません|へん|ねえ)/,
});

/**
 * Telling that something is already sorted or beside the point: "Wie man's rausnimmt hab ich schon
 * gefunden, darum geht's nich", "ça je l'ai déjà trouvé", "eso ya lo encontré", "それはもう分かった".
 */
const ALREADY_SORTED: Readonly<Record<Other, RegExp>> = wordsIn({
  de: /\b(schon|bereits) (gefunden|rausgefunden|herausgefunden|geschafft|hinbekommen|erledigt)\b|\bdarum geht('?s| es) (mir )?(nicht|nich|net|ned|nid)\b/,
  fr: /\b(déjà|deja) (trouvé|réussi|fait|compris)\b|\b(ce n'est|c'est) pas (ça|ca) (la question|le problème|le souci)\b|\blà n'est pas la question\b/,
  es: /\bya (lo |la )?(encontré|encontre|averigüé|averigue|resolví|resolvi|sé|se) (cómo|como)\b|\bno es eso lo que (pregunto|quiero saber)\b/,
  ja: /(もう|既に|すでに)(見つけ|分かっ|わかっ|できて|解決し)/,
});

/** Words that point back at what the question before named: "das", "ça", "lo", "それ". */
const POINTS_BACK_AT: Readonly<Record<Other, RegExp>> = wordsIn({
  de: /\b(das|es|dies|des|det|dat)\b/,
  // (Not "je ne l'ai pas installé": that "l'" is what its own sentence names.)
  fr: /\b(ça|cela|le|la)\b|(?<!\bne )\bl\b/,
  es: /\b(lo|la|eso|esto)\b/,
  ja: /(それ|これ|あれ)(?!とも)/,
});

/**
 * "this app", "cette appli", "esa app", "そのアプリ": a thing the sentence before named (the
 * noun is the pattern's last group).
 */
const THIS_ONE: Readonly<Record<Other, RegExp>> = wordsIn({
  de: /\b(?:diese[rsnm]?|jene[rsnm]?|dieselbe[n]?|die gleiche[n]?) (app|anwendung|meldung|fehlermeldung|option|symbol|icon|seite|link|profil)\b/,
  fr: /\b(?:cette|cet|ces) (app|appli|application|message|option|icône|icone|page|lien|profil)\b/,
  es: /\b(?:esa|esta|ese|este|esas|esos) (app|aplicación|aplicacion|mensaje|opción|opcion|icono|página|pagina|enlace|link|perfil)\b/,
  ja: /(?:その|この|あの)(アプリ|メッセージ|表示|アイコン|リンク|プロファイル|画面)/,
});

/** Which act of several leads the reply: a question or a failure before thanks or a greeting. */
const ACT_ORDER: readonly SmallTalkAct[] = [
  'vague-failure',
  'identity',
  'wellbeing',
  'thanks',
  'goodbye',
  'ack',
  'greeting',
];

/**
 * English small talk as a whole message ("hi", "thanks!", "are you a bot?"): everyone types it,
 * whatever language they read.
 */
function englishSmallTalk(text: string): SmallTalkAct | undefined {
  const talk = readSmallTalk(text);
  return talk.rest === '' ? mainAct(talk.acts) : undefined;
}

/** Words that join a question to the one before it: "und", "et", "y", "あと". */
const JOINS_ON: Readonly<Record<Other, RegExp>> = {
  de: /^((und|aber|also|übrigens|btw|noch was|außerdem|ach ja)[\s,:-]+)+/u,
  fr: /^((et|mais|aussi|sinon|btw|autre chose|au fait|ah oui)[\s,:-]+)+/u,
  es: /^((y|pero|también|tambien|además|ademas|btw|otra cosa|por cierto|ah)[\s,:-]+)+/u,
  ja: /^(あと|それと|それから|ちなみに|ところで)[\s、,]*/u,
};

/**
 * "Wie krieg ich mein iPhone angemeldet?" (how do I get it enrolled) asks to enroll, though the
 * participle alone tells a device already enrolled: read as the verb.
 */
const GETS_IT_DONE: Readonly<Partial<Record<Other, RegExp>>> = {
  de: /\b(wie (krieg|kriege|krieje|krie|bekomm|bekomme|kriegt|bekommt) (ich|man|i|mer|wir)\b.{0,40}?) (angemeldet|registriert|eingerichtet)\b/u,
};

/**
 * "…wie man das iPad registriert", "wie man registriert das iPad" (a learner's order): the verb of
 * a clause saying how, in the present, not the participle of a device already enrolled. (Not "wie
 * ich sehe, ob es registriert ist".)
 */
const HOW_ONE_DOES_IT: Readonly<Partial<Record<Other, RegExp>>> = {
  de: /\b(wie (man|ich|i|mer|wir)\b(?:(?!\bob\b)[^.?!,]){0,40}?) (registriert|registriere|anmeldet|anmelde|einrichtet|einrichte)\b(?! (ist|bin|sind|wird|wurde|habe|hat|war|worden))/u,
};

/** True when a message in this language asks to be taken through enrollment. */

export function isEnrollIntentIn(lang: Other, text: string): boolean {
  const cleaned = lang === 'ja' ? asJapaneseIsWritten(clean(text)) : clean(text);
  const getsItDone = GETS_IT_DONE[lang];
  const howOneDoesIt = HOW_ONE_DOES_IT[lang];
  const gotDone = getsItDone ? cleaned.replace(getsItDone, '$1 anmelden') : cleaned;
  const t = howOneDoesIt ? gotDone.replace(howOneDoesIt, '$1 anmelden') : gotDone;
  const rules = ENROLL[lang];
  // (A message quoted from the screen tells a problem: "j'obtiens « Profil non valide »", "bei mir
  // steht 'Ungültiges Profil'".)
  if (rules.not.test(t) || /[«»“”„"]|(^|\s)['‘][^'‘’]{3,80}['’](?=[\s,.!?;:]|$)/u.test(t)) {
    return false;
  }
  // Asked one step at a time to put the work things on one's phone ("m'expliquer comment
  // installer l'affaire de la job sur mon cell, une étape à la fois"): that is enrolling.
  if (STEP_BY_STEP[lang].test(t) && SETS_UP_PHONE[lang].test(t)) return true;
  // Asked to be guided through putting one's phone on the work system, asking nothing about it
  // ("guide-moi ndank ndank pour mettre sama iPad dans le système du boulot").
  if (GUIDE_ME[lang].test(t) && SETS_UP_PHONE[lang].test(t) && !rules.asksAbout.test(t)) {
    return true;
  }
  // Asked to be guided one step at a time, with nothing else asked ("一つずつ順番にご案内いただけ
  // ますと助かります"): in a chat about enrolling, that is enrolling.
  if (
    STEP_BY_STEP[lang].test(t) &&
    GUIDE_ME[lang].test(t) &&
    wordsOf(lang, t) <= 20 &&
    !rules.asksAbout.test(t)
  ) {
    return true;
  }
  if (!rules.action.test(t)) return false;
  // A question about something ("how many devices may I enroll?") is no request to be guided,
  // nor is one joined to the question before it ("Und kann ich auch mein iPad anmelden?").
  if (rules.asksAbout.test(t) || rules.asksAbout.test(t.replace(JOINS_ON[lang], ''))) return false;
  // Nor is such a question after what one tells ("Mein Natel hat iOS 16.7.10. Kann ich das
  // trotzdem anmelden?", "hab noch iOS 16.7.10, kann ich damit trotzdem registrieren?"): the
  // sentence or clause that names enrolling is the one read.
  const asking = t
    .split(/(?<=[.!?。！？,;:：])\s*|\s+[–—-]\s+/u)
    .map((s) => clean(s).replace(/^[\p{P}\s]+/u, ''))
    .filter((s) => rules.action.test(s));
  if (asking.length > 0 && asking.every((s) => rules.asksAbout.test(s.replace(JOINS_ON[lang], ''))))
    return false;
  return wordsOf(lang, t) <= 4 || rules.request.test(t);
}

/** Asking to be accompanied through it, step by step, in each language. */
const GUIDE_ME: Readonly<Record<Other, RegExp>> = wordsIn({
  de: /\b(begleit\w*|(durch|dure)?lots\w*|führ\w* (sie |du )?mich|schritt (für|fia|fir|fer) schritt|hilf mir|helfen sie mir|zeig mir|zeigen sie mir|anleitung|durchgehen|mit mir durch\w*|zusammen|gemeinsam|step by step|(langsam|der reihe nach)\b.{0,20}\berklär\w*|erklär\w* (mir|uns)\b.{0,20}\b(von vorn(e)?|von anfang an))\b|\bmich\b.{0,40}\bdurch(führen|führst|gehen|lotsen|leiten|zulotsen)\b|\bmich\b.{0,12}\b(durch|dur|düre|dure)\b.{0,50}\b(führ\w*|füehr\w*|fuehr\w*|leit\w*|lots\w*|begleit\w*)/,
  fr: /\b(accompagn\w*|guid\w*|étape par étape|pas à pas|aidez-moi|aide-moi|montrez-moi|montre-moi|expliquez-moi|explique-moi|m['’]expliqu\w* (\w+ )?comment|ensemble|walk\w*|etap pa etap)\b/,
  es: /\b(acompañ\w*|guía(me)?|guíeme|guieme|guiar\w*|guiás|guías|guias|walk ?through|paso a paso|ayúdame|ayudame|me ayudás|me ayudas|me podés ayudar|me puedes ayudar|explícame|explicame|me explicás|me explicas|explicáme|me vas diciendo|diciéndome|diciendome|ve diciendo|ir diciendo|ir guiando|ir explicando|ir indicando|vas guiando|vas explicando|dime cómo|dime como|juntos|conmigo|(llev\w*|agarr\w*) de la (mano|manito))\b/,
  ja: /(案内|ガイド|一つずつ|ひとつずつ|一個ずつ|いっこずつ|一つ一つ|ひとつひとつ|順番に|最初から|一緒に|ステップ|手順を(教|おし)えて|やり方を?(いっこずつ|一個ずつ|ひとつずつ)?(教|おし)えて|step by step)/,
});

/**
 * True when a message in this language asks to be walked through enrolling ("würden Sie mich
 * durch die Registrierung begleiten?"), not merely mentions it: such a request starts the guide
 * even when an article would also match.
 */
export function isGuideRequestIn(lang: Other, text: string): boolean {
  const t = clean(text);
  return isEnrollIntentIn(lang, text) && (GUIDE_ME[lang].test(t) || STEP_BY_STEP[lang].test(t));
}

/** A question that only asks to be accompanied or shown ("On fait ça ensemble ?"). */
function asksCompany(lang: Other, text: string): boolean {
  const t = clean(text);
  return (GUIDE_ME[lang].test(t) || STEP_BY_STEP[lang].test(t)) && wordsOf(lang, t) <= 8;
}

/** "Step by step", "one step at a time", in each language. */
const STEP_BY_STEP: Readonly<Record<Other, RegExp>> = wordsIn({
  de: /\b(step by step|schritt (für|fer|fur|fir|vor) schritt|schrittweise|einen schritt nach dem anderen|stück für stück|zum mitklicken|zum nachmachen|anleitung zum mit\w*|mit mir durch\w*|der reihe nach|langsam und der reihe nach)\b/,
  fr: /\b(step by step|étape par étape|une étape à la fois|étape après étape|une étape après l'autre|pas à pas|etap pa etap|(les )?étapes une (par|à|après) une|(les étapes )?(un|une) (par|à|après) (un|une)|une (chose|affaire) à la fois)\b/,
  es: /\b(step by step|paso a paso|paso por paso|paso tras paso|un paso a la vez|de a un paso|poco a poco|de a poco|de a uno|(los pasos )?uno (por|a|tras) uno|de uno en uno)\b/,
  ja: /(一つずつ|ひとつずつ|一個ずつ|いっこずつ|一つ一つ|ひとつひとつ|順番に|ステップごと|ステップバイステップ|step by step)/,
});

/** Putting the work things on one's phone ("installer … sur mon cell", "instalar … en mi celu"). */
const SETS_UP_PHONE: Readonly<Record<Other, RegExp>> = wordsIn({
  de: /\b(installier\w*|einricht\w*|einzuricht\w*|eiricht\w*|draufmach\w*|drauf|hinzufüg\w*|hinzuzufüg\w*)\b.{0,60}\b(handy|iphone|ipad|telefon|smartphone|natel|tablet)\b|\b(handy|iphone|ipad|telefon|smartphone|natel|tablet)\b.{0,60}\b(installier\w*|einricht\w*|einzuricht\w*|eiricht\w*)\b|\b(fürs|für das|für mein|für meine|aufs) (handy|iphone|ipad|telefon|smartphone|natel|tablet)\b/,
  fr: /\b(install\w*|configur\w*|mettre|paramétr\w*|ajout\w*)\b.{0,60}\b(cell\w*|téléphone|tel|tél|iphone|ipad|portable|gsm|natel|mobile|tablette|phone)\b/,
  // ("anotar mi celu": Rioplatense for signing it up.)
  es: /\b(instal\w*|configur\w*|poner|pongo|meter|meto|agreg\w*|añad\w*|anotar\w*|anoto|anotás)\b.{0,60}\b(celu\w*|teléfono|telefono|iphone|ipad|móvil|movil|tablet\w*|phone)\b/,
  ja: /(iphone|ipad|スマホ|携帯|端末).{0,30}(入れ|設定|セットアップ|インストール)/,
});

const sentenceSegmenters = new Map<string, Intl.Segmenter>();

/** The sentences of a message, each with whether it asks something. */
export function sentencesIn(
  lang: Other,
  text: string,
): { text: string; question: boolean; joined?: true }[] {
  let seg = sentenceSegmenters.get(lang);
  if (!seg) {
    seg = new Intl.Segmenter(lang, { granularity: 'sentence' });
    sentenceSegmenters.set(lang, seg);
  }
  // Words joining it to the sentence before ("y pa qué…", "btw was ist…") do not hide a question.
  const asks = (s: string): boolean => {
    if (/[?？]\s*$/u.test(s)) return true;
    const c = clean(s);
    if (TOLD_NOT_ASKED[lang]?.test(c)) return false;
    // A sentence closed with a full stop that opens with a word that is also a conjunction, its
    // accent left off ("Cuando me llega el código por SMS, la inscripción falla."), tells.
    if (/\.\s*$/u.test(s) && CONJUNCTION_START[lang]?.test(c)) return false;
    return (
      QUESTION_WORDS[lang].test(c) || QUESTION_WORDS[lang].test(c.replace(LEAD_CONNECTOR[lang], ''))
    );
  };
  // Chat starts a sentence in lower case ("…alles gemacht hab. btw was ist dieses Icon?"); the
  // segmenter looks for a capital. A lower-case start that joins on or asks is a new sentence.
  const startsAnother = (rest: string): boolean =>
    LEAD_CONNECTOR[lang].test(rest) || QUESTION_WORDS[lang].test(rest);
  const split = (s: string): string[] => {
    const at = [...s.matchAll(/[.!?…]+\s+(?=\p{Ll})/gu)].find((m) =>
      startsAnother(s.slice(m.index + m[0].length)),
    );
    if (!at) return [s];
    const end = at.index + at[0].length;
    return [s.slice(0, end).trim(), ...split(s.slice(end))];
  };
  // A German date or floor ("am 8. Dezember", "im 3. Stock") is an ordinal, not a sentence end.
  // Nor does a question mark inside a quote the sentence goes on after ("ploppt „App
  // installieren?“ auf, was …").
  const kept = (lang === 'de' ? text.replace(ORDINAL_DOT, ORDINAL_MARK) : text).replace(
    QUOTED_QUESTION,
    QUOTED_QUESTION_MARK,
  );
  const pieces = [...seg.segment(kept)].flatMap((s) =>
    split(s.segment.replaceAll(ORDINAL_MARK, '.').replaceAll(QUOTED_QUESTION_MARK, '?').trim()),
  );
  // Spanish chat gives a reason after a question with "que" ("¿me vas diciendo paso a paso cómo
  // meto mi iPhone? que me lío mucho"): where the question before ends in "?" and this one does
  // not, the unaccented "que" is "because", not "qué".
  const because = (s: string, i: number): boolean =>
    lang === 'es' &&
    i > 0 &&
    /[?？]\s*$/u.test(pieces[i - 1] ?? '') &&
    !/[?？]\s*$/u.test(s) &&
    /^que(?!\p{L})/u.test(clean(s));
  return (
    pieces
      // Each part of a question that joins two asks too.
      .flatMap((s, i) =>
        asks(s) && !because(s, i)
          ? s.split(JOINED[lang]).map((p, i) => ({
              text: p.trim(),
              question: true,
              ...(i > 0 ? { joined: true as const } : {}),
            }))
          : [{ text: s, question: false }],
      )
      .filter((s) => /\p{L}/u.test(s.text))
  );
}

/** The dot of a German ordinal before a month or a floor ("8. Dezember", "3. Stock"). */
const ORDINAL_DOT =
  /(?<=(?<![\p{L}\p{N}.])\d{1,2})\.(?=\s+(januar|jänner|februar|feber|märz|april|mai|juni|juli|august|september|oktober|november|dezember|jan|feb|mär|apr|jun|jul|aug|sep|sept|okt|nov|dez|stock|og|etage|stockwerk|klasse|lehrjahr)(?![\p{L}]))/giu;
const ORDINAL_MARK = '\uE001';
/** A question mark closing a quote, when the sentence goes on in lower case after it. */
const QUOTED_QUESTION = /[?？](?=[“”"»’‘'」]\s*\p{Ll})/gu;
const QUOTED_QUESTION_MARK = '\uE002';

/**
 * A question sentence that joins two questions ("Wie registriere ich mein iPhone und kann mein
 * Chef meine Fotos sehen?"): split at the conjunction when a question or modal word follows it.
 */
const JOINED: Readonly<Record<Other, RegExp>> = wordsIn({
  de: /,?\s+(?:und|oder)\s+(?=(?:kann|können|darf|muss|wie|was|wo|wann|warum|wieso|weshalb|wozu|woher|welche[rsnm]?|wird|werden|ist|sind|sieht|sehen|brauche|gibt)(?!\p{L}))/u,
  fr: /,?\s+(?:et|ou)\s+(?=(?:est-ce|peut|peuvent|puis|comment|que|qu'|quoi|à quoi|a quoi|combien|quel(?:le)?s?|où|quand|pourquoi|faut|dois|mon|ma|mes|l'it|la direction|mon patron)(?!\p{L}))/u,
  es: /,?\s+(?:y|o)\s+(?=(?:puede|pueden|puedo|cómo|como|qué|que|para qué|cuál|cual|cuánt[oa]s?|dónde|cuándo|por qué|debo|hay|mi|mis|se)(?!\p{L}))/u,
  ja: /(?:[、,]\s*(?:また|あと|それと|それから|ついでに)|。?また、|(?<=方法|手順|やり方|こと)と、)/u,
});

/** How many words a message has (Japanese, written without spaces: about three characters each). */
export function wordsOf(lang: Language, text: string): number {
  return lang === 'ja' ? text.length / 3 : text.split(/\s+/u).filter(Boolean).length;
}

/** A list marker in front of a question: "1)", "2.", "a)", "-", "・". */
const LIST_MARKER = /^\s*(\(?\d{1,2}[).:]|\(?[a-c]\)|[-–•・*])\s*/u;

function readPart(kb: KnowledgeBase, lang: Other, text: string, asked = false): ReadPart {
  const own =
    text
      .replace(LIST_MARKER, '')
      .replace(LEAD_CONNECTOR[lang], '')
      .replace(/^[¿¡\s]+/u, '')
      .trim() || text;
  const enroll = isEnrollIntentIn(lang, own);
  const read = (t: string): KnowledgeAnswer => {
    const answer = kb.answer(t);
    return asked && !enroll ? kb.settle(t, answer) : answer;
  };
  const answer = read(own);
  // Spanish opens a question with "¿" where the asking starts: "Antes de dar el paso, ¿es verdad
  // que pueden borrar el teléfono completo?". When the whole sentence has no clear answer, the
  // question from its "¿" may.
  const opens = own.lastIndexOf('¿');
  if (answer.kind === 'unsure' && opens > 0) {
    const inner = own.slice(opens + 1);
    if (termsOf(kb.text, inner).length >= 3) {
      const asking = read(inner);
      if (asking.kind === 'answer') return { text, enroll, answer: asking };
    }
  }
  return { text, enroll, answer };
}

/**
 * Reads a message in a language other than English: whole-message small talk; a greeting in
 * front is set aside; two or three questions with clear, different answers are answered each; a
 * longer message is answered on the question it asks when that question (alone, or with the
 * sentence before it) has a clear answer; otherwise the whole message is what the knowledge base
 * decides on.
 */
/**
 * The message without its questions that are only small talk ("¿qué tal?", "ça va ?"), which
 * ask nothing the articles answer. (A loosely told failure, "sigue sin funcionar", still tells
 * one; a message of nothing else stays as it is.)
 */
function withoutChat(kb: KnowledgeBase, lang: Other, body: string): string {
  const stranger = strangerTo(kb);
  const sentences = sentencesIn(lang, body);
  if (sentences.length < 2) return body;
  // (Only one that asks: thanks or a goodbye beside what the person tells is read with it, so
  // "Danke dir, hat alles geklappt! Schönen Feierabend" stays thanks.)
  const kept = sentences.filter((s) => {
    if (!s.question) return true;
    const chat = smallTalkIn(lang, s.text, stranger);
    return chat === undefined || chat === 'vague-failure';
  });
  return kept.length === sentences.length || kept.length === 0
    ? body
    : kept.map((s) => s.text).join(' ');
}

export function readOtherLanguage(
  kb: KnowledgeBase,
  text: string,
  language: Language = kb.text.lang,
): MessageReading {
  const lang = language as Other;
  const act = smallTalkIn(lang, text, strangerTo(kb)) ?? englishSmallTalk(text);
  if (act) return { kind: 'small-talk', act };
  const trimmed = text.normalize('NFKC').trim();
  const prefix = GREETING_PREFIX[lang].exec(trimmed.toLowerCase());
  const body = withoutChat(
    kb,
    lang,
    prefix ? trimmed.slice(prefix[0].length).trim() || trimmed : trimmed,
  );
  const greeted = prefix !== null;
  const whole = (): ReadPart => readPart(kb, lang, body);
  // Which phone to buy, asked over two sentences ("quel iPhone pour le travail ? le 16 ou le
  // 17 ?"): the bot gives no buying advice, whatever each sentence alone reads as.
  if (asksBuyingAdvice(body)) {
    const all = whole();
    if (all.answer.kind === 'out-of-scope') return { kind: 'one', part: all, greeted };
  }
  // The message on screen, when quoted, is the best clue to what the person is asking about.
  const quoted = findErrorText(body) ?? typedMessage(kb, lang, body);
  // (Read with the sentence that quotes it, when that tells a more specific case: "me sale
  // «Sign-in Failed» y que mi cuenta de Apple no admite los servicios esperados".)
  const onScreen = quoted
    ? specificOnScreen(
        kb,
        readPart(kb, lang, quoted),
        sentencesIn(lang, body),
        quoted,
        (t) => termsOf(kb.text, t).length,
        (t) => readPart(kb, lang, t),
      )
    : undefined;
  const inQuotes = quoted !== undefined && isQuotedIn(body, quoted);
  // A question that names little of its own ("was bedeutet diese Meldung?") is about the message
  // quoted before it; so is a message whose quote is word for word the one an article is about
  // (「無効なプロファイル」), when the article the whole reads as does not quote it.
  const quotesArticle = (part: ReadPart): boolean =>
    quoted !== undefined && part.answer.kind === 'answer' && shows(part.answer.hit.article, quoted);
  const answeredBy = (part: ReadPart): ReadPart =>
    onScreen &&
    !part.enroll &&
    ((isProblem(onScreen) && !isProblem(part)) ||
      (inQuotes && isProblem(onScreen) && quotesArticle(onScreen) && !quotesArticle(part)) ||
      (topicOf(part) === undefined && topicOf(onScreen) !== undefined) ||
      (isProblem(onScreen) &&
        (termsOf(kb.text, part.text).length < 3 || POINTS_AT_MESSAGE[lang].test(clean(part.text)))))
      ? { ...onScreen, text: part.text }
      : part;
  const sentences = sentencesIn(lang, body);
  const questions = sentences.filter((s) => s.question);
  // The problem told in one of the sentences just before the one at `at`, the nearest first
  // (not a question itself).
  const problemBefore = (at: number): ReadPart | undefined => {
    const told = sentences
      .slice(Math.max(0, at - PROBLEM_SENTENCES), Math.max(0, at))
      .reverse()
      // A sentence giving the device and version ("iPhone 13 con iOS 18.2") tells a fact, not
      // the problem: the version articles answer it whatever the number.
      .filter((s) => !s.question && !/\d{1,2}\.\d/u.test(s.text))
      // (Nor one that tells what the person heard: "会社の登録に必要と聞きました", or first thought;
      // nor one that says the person is not sure whether something is so, "i bin ma ned sicher, ob
      // des jetzt no mit der Firma verbunden is", or that nothing was changed, "I hab an meim
      // Handy nix umgstellt, gell.", or that it is sorted already, "…hab ich schon gefunden".)
      .filter((s) => {
        const c = clean(s.text);
        return [HEARD, GUESSED, NOT_SURE_WHETHER, CHANGED_NOTHING, ALREADY_SORTED].every(
          (re) => !re[lang].test(c),
        );
      })
      .map((s) => readPart(kb, lang, s.text));
    const at0 = told.findIndex((r) => isProblem(r) && !r.enroll);
    const nearest = told[at0];
    // The step told just before it, read with it, may name the problem more closely ("SMSで来る
    // コードを入れます。でもそのあと登録が失敗になります。": the text-message code case, not any
    // failure): the two read together say which.
    const earlier = told[at0 + 1];
    if (nearest && earlier && isProblem(earlier) && topicOf(earlier) !== topicOf(nearest)) {
      const both = readPart(kb, lang, `${earlier.text} ${nearest.text}`);
      if (topicOf(both) === topicOf(earlier)) return earlier;
    }
    return nearest;
  };
  // A request to be guided with others that only ask for company on the way ("Tu peux
  // m'accompagner pour l'inscription de mon iPad ? On fait ça ensemble ?") is that one request.
  const guideAsk = questions.find((q) => isGuideRequestIn(lang, q.text));
  if (
    guideAsk &&
    questions.length >= 2 &&
    questions.every((q) => q === guideAsk || asksCompany(lang, q.text))
  ) {
    return { kind: 'one', part: readPart(kb, lang, guideAsk.text), greeted };
  }
  if (questions.length >= 2) {
    // A question joined on to the one before that names nothing of its own ("…¿es normal y qué
    // apps son?") goes with it. (A question of its own, "¿Y mis fotos?", asks about something.)
    const asks = questions.reduce<string[]>((list, q) => {
      const before = list[list.length - 1];
      if (before !== undefined && q.joined && termsOf(kb.text, q.text).length < 2) {
        list[list.length - 1] = `${before} ${q.text}`;
      } else list.push(q.text);
      return list;
    }, []);
    // One that asks only for help ("どうすりゃいいの。") is about the message on screen it follows;
    // one that names nothing ("どこからやればいいですか？") is about the sentence it follows, when
    // that one tells something ("iPhoneの登録を解除したいです。").
    // (Not one that says it is sorted already: "…hab ich schon gefunden, darum geht's nich.")
    const told = (q: string): string | undefined => {
      const at = sentences.findIndex((s) => s.text === q);
      const before = at > 0 ? sentences[at - 1] : undefined;
      return before && !before.question && !ALREADY_SORTED[lang].test(clean(before.text))
        ? before.text
        : undefined;
    };
    const parts = asks
      .slice(0, MAX_PARTS + 1)
      .map((q) => readPart(kb, lang, q, true))
      .map((p, i, read) => {
        const names = termsOf(kb.text, p.text).length;
        // (The message quoted in the sentence just before it, when that is another one than the
        // first: "…a un autre message : « This service is not supported ». Ça veut dire quoi ?")
        const at = sentences.findIndex((s) => s.text === p.text);
        const prior = at > 0 ? sentences[at - 1] : undefined;
        const nearQuote = prior && !prior.question ? findErrorText(prior.text) : undefined;
        const shown =
          nearQuote !== undefined && quoted !== undefined && nearQuote !== quoted
            ? readPart(kb, lang, nearQuote)
            : onScreen;
        // ("Ça veut dire quoi ?" points at that message, whatever its own few words match.)
        // (Its own words counted without those: "ça veut dire quoi pour elle ?" names nothing.)
        const asking = clean(p.text);
        const pointsAt =
          shown !== onScreen &&
          (POINTS_AT_MESSAGE[lang].test(asking) || MEANS_WHAT[lang].test(asking)) &&
          termsOf(
            kb.text,
            asking.replace(MEANS_WHAT[lang], ' ').replace(POINTS_AT_MESSAGE[lang], ' '),
          ).length <= 2;
        // (So is one that only asks what to do about it, "このまま放っちょってええそ？", whatever
        // other article its few words match, when that is no problem of its own.)
        const helpSeeking = HELP_SEEKING[lang].test(clean(p.text));
        if (
          (topicOf(p) === undefined || pointsAt || (helpSeeking && !isProblem(p))) &&
          shown &&
          isProblem(shown) &&
          (names < 2 || pointsAt || helpSeeking)
        )
          return { ...shown, text: p.text, inferred: true };
        // "Was nehm ich da bei 'nem Privathandy?" after the choices told: about those choices.
        if (CHOOSES_ONE[lang].test(clean(p.text))) {
          const choices = sentences
            .slice(Math.max(0, at - CHOICE_SENTENCES), Math.max(0, at))
            .reverse()
            .find((s) => !s.question && OFFERS_CHOICE[lang].test(clean(s.text)));
          const offered = choices && readPart(kb, lang, choices.text);
          if (offered && topicOf(offered) !== undefined && !offered.enroll) {
            return { ...offered, text: p.text, inferred: true };
          }
        }
        // One that asks only for help ("como lo resuelvo", "¿es cosa de ustedes o de Apple?"),
        // with no message quoted, is about the problem told before it.
        if (names < 2 || HELP_SEEKING[lang].test(clean(p.text))) {
          const problem = problemBefore(at);
          if (problem) return { ...problem, text: p.text, inferred: true };
          // No problem told: "¿Eso es normal, por qué me lo pide?" asks about what the sentence
          // before tells ("…no paran de salirme avisos para instalar apps").
          const said =
            HELP_SEEKING[lang].test(clean(p.text)) && names <= 3 ? told(p.text) : undefined;
          const saidRead = said === undefined ? undefined : readPart(kb, lang, said);
          if (saidRead && topicOf(saidRead) !== undefined && !saidRead.enroll) {
            return { ...saidRead, text: p.text, inferred: true };
          }
        }
        // "…and when I do that, what gets deleted?": asked of what the question before names,
        // read with it (answered apart, when that reading differs from the one before).
        const previous = i > 0 ? read[i - 1] : undefined;
        if (previous && DOES_THAT[lang].test(clean(p.text))) {
          const withIt = readPart(kb, lang, `${previous.text} ${p.text}`, true);
          const topic = topicOf(withIt);
          if (topic !== undefined && topic !== topicOf(previous)) {
            return { ...withIt, text: p.text, inferred: true };
          }
          // Or, when the two read as the question before, on its own words without those that
          // point back ("Et qu'est-ce qui va disparaître du téléphone quand je le fais ?").
          const own = readPart(kb, lang, clean(p.text).replace(DOES_THAT[lang], ' '), true);
          const ownTopic = topicOf(own);
          if (ownTopic !== undefined && ownTopic !== topicOf(previous) && !own.enroll) {
            return { ...own, text: p.text, inferred: true };
          }
        }
        // "…welches iOS drauf ist? Und wenn das zu alt ist, wie krieg ich das aktualisiert?": a
        // follow-up pointing back asks the other half of the answer before (see asksOtherHalf).
        if (
          previous &&
          names <= 2 &&
          topicOf(p) !== topicOf(previous) &&
          POINTS_BACK_AT[lang].test(clean(p.text))
        ) {
          const together = readPart(kb, lang, `${previous.text} ${p.text}`, true);
          if (asksOtherHalf(kb, previous, p.text, p, together)) {
            return { ...previous, text: p.text, inferred: true };
          }
        }
        // "Ich habe noch die alte Unternehmensportal-App. Kann ich mit dieser App registrieren?":
        // the app named before is the subject, when the two read together say which article.
        const named = THIS_ONE[lang].exec(clean(p.text));
        const toldBefore = named ? told(p.text) : undefined;
        const noun = named?.[1] === undefined ? [] : termsOf(kb.text, named[1]);
        if (toldBefore && noun.length > 0 && termsOf(kb.text, toldBefore).includes(noun[0] ?? '')) {
          const window = readPart(kb, lang, `${toldBefore} ${p.text}`, true);
          if (topicOf(window) !== undefined && !window.enroll) {
            return { ...window, text: p.text, inferred: true };
          }
        }
        // Its own one word is a guess at most ("始め" is no subject): the sentence before says.
        // So it does for two words read as another subject the bot does not cover ("Me inscribí
        // solo para el trabajo… ¿Se puede cambiar así sin más?" is no question about shifts).
        // ("Ça veut dire quoi pour moi ?" after what the screen said asks what that means.)
        const meansWhat =
          MEANS_WHAT[lang].test(clean(p.text)) &&
          termsOf(kb.text, clean(p.text).replace(MEANS_WHAT[lang], ' ')).length <= 1;
        // (So does asking what now becomes of it, when the search is unsure of its own words:
        // "…iPhoneをリタイヤしたとの連絡を受けました。端末は今後どうなるのでしょうか。")
        const whatHappens = topicOf(p) === undefined && WHAT_HAPPENS[lang].test(clean(p.text));
        const before =
          names < 2 || (names === 2 && namesOutOfScope(p)) || meansWhat || whatHappens
            ? told(p.text)
            : undefined;
        if (!before) return p;
        // (The sentence before, when it answers on its own and the question adds no word of its
        // own to it: "…iPadの登録を解除したいと思っています。どこから始めればいいですか？")
        const toldAlone =
          (names < 2 || whatHappens) && !meansWhat ? readPart(kb, lang, before) : undefined;
        if (toldAlone?.answer.kind === 'answer' && !toldAlone.enroll) {
          return { ...toldAlone, text: p.text, inferred: true };
        }
        const window = readPart(kb, lang, `${before} ${p.text}`, true);
        return topicOf(window) === undefined ? p : { ...window, text: p.text, inferred: true };
      });
    const answered = parts.filter((p) => topicOf(p) !== undefined);
    const distinct = distinctTopics(answered);
    if (distinct.length >= 2) return { kind: 'several', parts: distinct.slice(0, MAX_PARTS) };
    // Of two short questions only one has an answer: that one, not a guess on the whole message.
    const only = distinct[0];
    // (Unless it names at most one word of its own beside a question about another subject the
    // bot knows it does not cover: "Lohnt sich eher das iPhone 16e oder ein gebrauchtes 15 Pro?
    // Was meint ihr?")
    const elsewhere = parts.find(namesOutOfScope);
    if (only && elsewhere && termsOf(kb.text, only.text).length < 2) {
      return { kind: 'one', part: elsewhere, greeted };
    }
    if (only && sentences.length <= 2 && topicOf(whole()) === undefined) {
      return { kind: 'one', part: only, greeted };
    }
    // Two questions that agree on one article (the second asking its other half: "…welche iOS
    // Version drauf isch? Und wie tua i des aktualisieren?") are answered with it, whatever else
    // the message tells.
    // (The first saying what it asks in words of its own, not "¿Cómo lo hago?".)
    if (
      only &&
      answered.length >= 2 &&
      answered.every((p) => topicOf(p) === topicOf(only)) &&
      termsOf(kb.text, only.text).length >= 3
    ) {
      return { kind: 'one', part: only, greeted };
    }
  }
  // A message on screen, copied between quote marks or told ("Teams me dit que…"), then a
  // question about something else ("…by the way, why do I need Authenticator?"): both are
  // answered.
  const asked = questions.length === 1 ? questions[0] : undefined;
  const told =
    quoted !== undefined && inQuotes
      ? sentences.find((s) => s.text.includes(quoted))
      : sentences.find(
          (s) =>
            !s.question &&
            (SAYS[lang].test(clean(s.text)) || TELLS_FAILURE[lang].test(clean(s.text))),
        );
  const shown = told && (quoted !== undefined ? onScreen : readPart(kb, lang, told.text));
  if (asked && told && told !== asked && shown && isProblem(shown)) {
    const own = readPart(kb, lang, asked.text, true);
    if (
      topicOf(own) !== undefined &&
      topicOf(own) !== topicOf(shown) &&
      !own.enroll &&
      termsOf(kb.text, asked.text).length >= 3 &&
      !POINTS_AT_MESSAGE[lang].test(clean(asked.text))
    ) {
      return { kind: 'several', parts: [{ ...shown, text: told.text, statement: true }, own] };
    }
  }
  // "…Authenticator 消しました。どうしたらいいですか？それと Teams ひらくと「アップデートして
  // ください」でて…": a question about the problem told before it, then another problem joined on
  // after it ("それと", "und", "et", "y"), read in its own sentence: both are answered.
  const askedAt = asked ? sentences.indexOf(asked) : -1;
  if (asked && told && sentences.indexOf(told) > askedAt && JOINS_ON[lang].test(clean(told.text))) {
    const said = readPart(kb, lang, told.text);
    const before = problemBefore(askedAt);
    if (isProblem(said) && before && !before.enroll && topicOf(before) !== topicOf(said)) {
      return {
        kind: 'several',
        parts: [
          { ...before, text: asked.text, inferred: true },
          { ...said, text: told.text, statement: true },
        ],
      };
    }
  }
  if (sentences.length >= 3 && questions.length >= 1) {
    // A story: answer what it asks (the last question, then with the sentence before it). A
    // question that names nothing ("was muss ich jetzt machen?") is about the problem the story
    // told just before it.
    // (A question joined on to the one before that names nothing of its own, "…¿qué se borra
    // exactamente y qué se queda?", is asked with it.)
    const final = questions[questions.length - 1];
    const sibling = final?.joined ? questions[questions.length - 2] : undefined;
    const withSibling =
      final !== undefined && sibling !== undefined && termsOf(kb.text, final.text).length < 2;
    const last =
      withSibling && sibling ? { ...sibling, text: `${sibling.text} ${final.text}` } : final;
    const at =
      withSibling && sibling ? sentences.indexOf(sibling) : final ? sentences.indexOf(final) : -1;
    // (Asking only whether it is so, "C'est vrai ça ?", names nothing either; nor does one word
    // said twice, "Je touche ou je touche pas ?".)
    const asksIfSo = last !== undefined && ASKS_IF_SO[lang].test(clean(last.text));
    const namesLast = last === undefined ? 0 : new Set(termsOf(kb.text, last.text)).size;
    if (last && (namesLast < 2 || asksIfSo || HELP_SEEKING[lang].test(clean(last.text)))) {
      // The message on screen, when one was given, is the problem.
      const shownProblem = onScreen && isProblem(onScreen) ? onScreen : undefined;
      // (A question that reads as a problem the story told too, "…sale un mensaje diciendo que hay
      // que actualizarla. He reiniciado el móvil… ¿Qué tengo que hacer para que vuelva a abrir?",
      // asks about that one, not about the attempts told last.)
      // (Not one that names too little to say, nor one choosing between options told: "Wat nehm
      // ich denn da jetzt am besten?")
      const own =
        shownProblem || namesLast < 2 || CHOOSES_ONE[lang].test(clean(last.text))
          ? undefined
          : readPart(kb, lang, last.text, true);
      const ownTold =
        own !== undefined &&
        isProblem(own) &&
        !own.enroll &&
        sentences
          .slice(0, Math.max(0, at))
          .some((s) => !s.question && topicOf(readPart(kb, lang, s.text)) === topicOf(own));
      const problem = shownProblem ?? (ownTold ? own : problemBefore(at));
      // "2つ聞きたいです。…Outlookを開くとAuthenticatorのエラーが出ます。iPadのほうは「Profile
      // installation failed」と出て…。どうしたらいいですか？": two problems told, after saying there
      // are two things, and one question asking what to do: each is answered.
      if (problem && ANNOUNCES_SEVERAL[lang].test(clean(body))) {
        const problems = distinctTopics(
          sentences
            .slice(0, Math.max(0, at))
            .filter((s) => !s.question)
            // ("2つ聞きたいです。" itself tells nothing.)
            .filter(
              (s) =>
                termsOf(kb.text, clean(s.text).replace(ANNOUNCES_SEVERAL[lang], ' ')).length >= 2,
            )
            .map((s) =>
              quoted !== undefined && onScreen && s.text.includes(quoted)
                ? { ...onScreen, text: s.text }
                : readPart(kb, lang, s.text),
            )
            .filter((r) => isProblem(r) && !r.enroll),
        );
        if (problems.length >= 2) {
          return {
            kind: 'several',
            parts: problems.slice(0, MAX_PARTS).map((r) => ({ ...r, statement: true })),
          };
        }
      }
      if (problem)
        return { kind: 'one', part: { ...problem, text: last.text, inferred: true }, greeted };
      // No problem told: a question that names nothing ("Wo krieg ich sowas her?") asks about
      // what the sentences before it name; the message is one question.
      if (namesLast < 2 || asksIfSo) {
        // (The screen's words quoted just before it as an article names them, "y a un écran
        // « Autoriser la gestion à distance » … Je touche ou je touche pas ?", are what it asks
        // about; not words quoted earlier in the story, before another screen came up.)
        if (
          inQuotes &&
          onScreen &&
          quoted !== undefined &&
          quotesArticle(onScreen) &&
          !onScreen.enroll &&
          (sentences[at - 1]?.text.includes(quoted) ?? false)
        ) {
          return { kind: 'one', part: { ...onScreen, text: last.text, inferred: true }, greeted };
        }
        const all = whole();
        if (topicOf(all) !== undefined) return { kind: 'one', part: answeredBy(all), greeted };
      }
    }
    // "Which of them do I take?" is about the choices told just before it.
    if (last && CHOOSES_ONE[lang].test(clean(last.text))) {
      const choices = sentences
        .slice(Math.max(0, at - CHOICE_SENTENCES), Math.max(0, at))
        .reverse()
        .find((s) => !s.question && OFFERS_CHOICE[lang].test(clean(s.text)));
      const told = choices && readPart(kb, lang, choices.text);
      if (told && topicOf(told) !== undefined && !told.enroll)
        return { kind: 'one', part: { ...told, text: last.text, inferred: true }, greeted };
    }
    if (last) {
      const alone = answeredBy(readPart(kb, lang, last.text, true));
      if (topicOf(alone) !== undefined) return { kind: 'one', part: alone, greeted };
      const before = at > 0 ? sentences[at - 1]?.text : undefined;
      if (before) {
        const window = readPart(kb, lang, `${before} ${last.text}`);
        if (topicOf(window) !== undefined) {
          return { kind: 'one', part: { ...window, text: last.text, inferred: true }, greeted };
        }
      }
    }
  }
  // A question and a sentence told beside it ("…wo ich mich gerade aufhalte? Ich hab das Handy
  // ja auch nach Feierabend dabei"): when the two together read as no subject at all (outside
  // what the bot covers, naming no topic it knows), the question alone may have an answer.
  // (So may one the two together leave the search unsure of: "J'ai déjà inscrit mon iPhone.
  // Est-ce que je peux également ajouter mon iPad ou c'est limité à un seul appareil ?")
  const all = whole();
  const only = questions.length === 1 && sentences.length === 2 ? questions[0] : undefined;
  const noSubject =
    all.answer.kind === 'out-of-scope' &&
    all.answer.topic === undefined &&
    all.answer.platform === undefined;
  const says = only ? termsOf(kb.text, only.text).length : 0;
  // (Nor is a sentence that only tells the steps were done, "ich habe alle Schritte gemacht und
  // Handy hat etwas geladen", the subject of the question after it.)
  const toldSteps =
    only !== undefined &&
    sentences.some((s) => {
      if (s === only) return false;
      const c = clean(s.text);
      // (Not one that goes on to tell a doubt or a problem: "Hice todos los pasos pero no me
      // queda claro si se registró bien" is the subject.)
      return (
        DID_THE_STEPS[lang].test(c) && !/\b(aber|doch|mais|pero|but)\b|けど|でも|が、/u.test(c)
      );
    });
  if (
    only &&
    !all.enroll &&
    (toldSteps ||
      (noSubject && says >= 2) ||
      // (Unless the closest ways of asking settle the whole: see KnowledgeBase.settle.)
      (all.answer.kind === 'unsure' &&
        says >= QUESTION_TERMS &&
        kb.settle(all.text, all.answer).kind !== 'answer'))
  ) {
    const alone = answeredBy(readPart(kb, lang, only.text, true));
    if (topicOf(alone) !== undefined) return { kind: 'one', part: alone, greeted };
  }
  return { kind: 'one', part: answeredBy(all), greeted };
}
