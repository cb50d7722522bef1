/**
 * The bot's typed commands: what a user can type, in which conversation scope, and how the help
 * card and the Teams manifest describe it. One list serves routing, the help card and the manifest
 * (a test checks manifest/manifest.json against it), so the three never drift apart.
 */
import { CASE_ID_IN_TEXT } from '../helpdesk/report/case-id';

/** Teams conversation scopes the bot is installed in. */
export const SCOPES = ['personal', 'team', 'groupChat'] as const;
export type Scope = (typeof SCOPES)[number];

/** Identifiers of the commands the router knows. */
export type CommandId =
  | 'help'
  | 'enroll'
  | 'report'
  | 'feedbackReport'
  | 'createProfile'
  | 'profiles'
  | 'whichProfile'
  | 'audit'
  | 'teamAnswers'
  | 'startCampaign'
  | 'campaignStatus'
  | 'campaignExport'
  | 'serviceDiscovery'
  | 'verifyDomain'
  | 'checkSetup'
  | 'setHelpdeskChannel'
  | 'helpdeskStatus'
  | 'tickets'
  | 'myTickets'
  | 'language';

/** One command as users see it. */
export interface CommandSpec {
  readonly id: CommandId;
  /** What the user types; shown on the help card and in the Teams command menu (≤ 32 chars). */
  readonly title: string;
  /** One line on what it does (≤ 128 chars). */
  readonly description: string;
  /** Scopes where the command is offered and routed. */
  readonly scopes: readonly Scope[];
  /** Whole-message patterns, matched against normalised text (lower case, single spaces). */
  readonly patterns: readonly RegExp[];
  /**
   * Admin commands are listed on the help card only for admins and stay out of the Teams command
   * menu (which everyone sees). The flow checks authorisation itself; this only hides them.
   */
  readonly adminOnly?: boolean;
}

/** Every command, in the order the help card lists them. */
/** A person to be handed to, in English: "a human", "someone from IT", "the helpdesk". */
const PERSON = String.raw`(a |an |the )?(real |live |actual )?(human( being)?|person|technician|agent|engineer|operator|expert|someone|somebody|anyone|helpdesk|help desk|service desk|it support|it team|support( team)?|it)( (person|team|staff|agent))?( (from|in|at|on) (it|the helpdesk|the help desk|support|the service desk))?`;

export const COMMANDS: readonly CommandSpec[] = [
  {
    id: 'help',
    title: 'help',
    description: 'Show what I can do in this chat and the commands you can use',
    scopes: SCOPES,
    patterns: [
      /^(help|\?|commands|menu|what can you do\??|show (me )?(the )?commands)$/,
      // The same in German, French, Spanish and Japanese.
      /^(hilfe|befehle|was kannst du( alles)?\??|aide|commandes|qu'?est-ce que tu sais faire ?\??|ayuda|comandos|¿?qué puedes hacer\??|ヘルプ|助けて|コマンド|何ができますか[?？]?)$/,
    ],
  },
  {
    id: 'enroll',
    title: 'enroll',
    description:
      'Step-by-step guide to enroll your iPhone or iPad, for your device and iOS version',
    scopes: ['personal'],
    patterns: [
      /^(enrol+|start enrol+ment|enrol+ (my )?(device|iphone|ipad|phone|tablet))$/,
      /^(registrieren|registrierung( starten)?|(mein(en)? )?(gerät|iphone|ipad|handy|telefon|tablet) registrieren)$/,
      /^(inscrire|inscription|enrôler|enroler|inscrire (mon )?(appareil|iphone|ipad|téléphone|tablette))$/,
      /^(inscribir|inscripción|inscripcion|inscribir (mi )?(dispositivo|iphone|ipad|teléfono|telefono|móvil|movil|tableta))$/,
      /^((デバイス|iphone|ipad|端末)を?)?登録(する|したい|開始)?$/,
    ],
  },
  {
    id: 'report',
    title: 'report a problem',
    description: 'When enrollment fails: tell the helpdesk and get a ticket number and a diagnosis',
    scopes: ['personal'],
    patterns: [
      /^(report( an?)? (problem|issue)|report|enrol+ment failed|my enrol+ment failed)$/,
      // Asking to report, in their own words: "I'd like to send the helpdesk a report", "please
      // open a ticket for my enrollment problem", "report my enrollment issue".
      /^((hi|hello|hey|ok|so|please)\W+)*(i'?d like to|i would like to|i want to|i need to|i wanna|can you|could you|can i|please|let me|help me)\b.{0,40}\b(report|raise|open|log|file|submit|send)\b.{0,40}\b(problem|issue|ticket|case|fault|incident|request|report (to|for) (the )?(helpdesk|help desk|service desk|it|support)|(helpdesk|help desk|service desk) (a )?report)\b.{0,60}$/,
      // Asked to put a ticket in for one, with why ("can you just put in a ticket with IT for me,
      // I've got 40 trailers to load").
      /^(?=.{0,200}$)((hi|hello|hey|ok|so|please|pls)\W+)*(can|could|would|will) (you|u)\b.{0,20}\b(put in|lodge|create|raise|open|log|file|submit) (a |an )?(ticket|case|incident)\b/,
      // "Can you put a ticket in with IT for me?"; "any way to get hold of an actual IT person?"
      /^(?=.{0,200}$)((hi|hello|hey|ok|so|please|pls)\W+)*(can|could|would|will) (you|u)\b.{0,20}\bput (a |an )?(ticket|case|call) in\b/,
      // "Please open a ticket for me, I've had enough", "Kindly raise a ticket for my issue": told,
      // with why, in as many words as needed.
      // ("Kindly raise one ticket to IT helpdesk": "one", as Indian English says "a".)
      /^(?=.{0,200}$)((hi|hello|hey|ok|so|right)\W+)*(please|pls|plz|kindly)\W+(just )?(open|raise|log|file|create|submit|lodge|put in) (me )?(a |an |one )?(ticket|case|incident)\b/,
      // "Just put in a ticket for me please, I'm done messing with it": told at the start, with
      // or without "please" ("just" makes it an order, not a question).
      /^(?=.{0,240}$)((hi|hello|hey|ok|so|right)\W+)*just (open|raise|log|file|create|submit|lodge|put in|make) (me )?(a |an )?(ticket|case|incident)\b/,
      // "I need a ticket opened with the helpdesk", "can I get a case raised for this?"
      /^(?=.{0,240}$)(?!.*\b(do i|should i|must i)\b).*\b(i need|i want|i'?d like|i would like|can i get|could i get|can i have|could i have|get me)\b (a |an )?(ticket|case|incident) (opened|raised|logged|created|put in|submitted|lodged)\b/,
      // "I need a real person from IT, who do I talk to": a person, not the bot.
      /^(?=.{0,200}$)((hi|hello|hey|ok|so|please|pls)\W+)*(i need|i want|i'?d like|id like|i would like|get me) (to (speak|talk) (to|with) )?(a |an )?(real|live|actual) (human|person|someone|somebody|body)\b/,
      // "Can I get a real person on this?"
      /^(?=.{0,200}$)((hi|hello|hey|ok|so|please|pls)\W+)*(can|could|may) (i|we) (just )?(get|have) (a |an |some )?(real |actual |live )(person|human|body|someone|somebody|agent|technician)\b/,
      /^(?=.{0,200}$)(?!.*\b(do i|should i|must i)\b).*\b(get hold of|reach|contact|get through to) (a |an )?((actual |real |live )(it |helpdesk |help desk |support )?|(it |helpdesk |help desk |support ))(person|human|someone|somebody|technician|agent)\b/,
      // "Can you get me a real person to speak to?"; Scots "a real body tae spaek tae".
      /^(?=.{0,200}$)((hi|hello|hey|ok|so|please|pls)\W+)*(can|could|will|would) (you|u|du|ye) (just )?(get|find|put) me (through to )?(a |an |some )?(real |actual |live )(person|human|body|someone|somebody)\b/,
      // "Can I get talking to an actual person in IT about this?"
      /^(?=.{0,200}$)((hi|hello|hey|ok|so|please|pls)\W+)*(can|could) (i|we) get (talking|speaking|through) to (a |an |the |some )?(real |actual |live )?(person|human|someone|somebody|agent|technician)\b/,
      // "Is there a real person I can talk to about this?"
      /^(?=.{0,200}$)((hi|hello|hey|ok|so|please|pls)\W+)*(is there|are there|can i get|could i get)\b (a |an |any )?(real |actual |live )?(person|human|someone|somebody|anyone|agent|technician)\b.{0,20}\b(i|we) (can|could) (talk|speak|chat|ring|call|phone)\b/,
      // "Is there any way to speak to a real person on the helpdesk?"
      /^(?=.{0,200}$)((hi|hello|hey|ok|so|please|pls)\W+)*(is there|are there) (any |a |some )?(way|chance|option) (to|i can|i could|we can|of) (speak|talk|chat|get through|get hold of|reach)( to| with)? (a |an |the |some |someone |somebody )?(real |actual |live )(person|human|body|someone|somebody|agent|technician|people)\b/,
      /^(report|raise|open|log|file|submit)\b.{0,30}\b(problem|issue|(?<!(train|plane|flight|bus|parking|concert|event|movie|cinema|travel|rail) )ticket|case)\b.{0,60}$/,
      // "How do I report this problem to the service desk?", "escalate this to the helpdesk".
      /^((hi|hello|hey|ok|so)\W+)*how (do|can|should) i (report|raise|open|log|file|submit)\b.{0,30}\b(problem|issue|(?<!(train|plane|flight|bus|parking|concert|event|movie|cinema|travel|rail) )ticket|case|fault)\b.{0,60}$/,
      // "How do I put a ticket in? I've tried everything you told me and I'm still stuck."
      /^(?=.{0,200}$)((hi|hello|hey|ok|so)\W+)*how (do|can|should) i put (a |an )?(ticket|case|call) in\b/,
      /^((hi|hello|hey|ok|so|please)\W+)*(escalate|pass|hand|send|forward) (this|it|my (problem|issue|case)) (on )?(to|over to) (the |a )?(helpdesk|help desk|service desk|it support|support|it)\b.{0,60}$/,
      // German, French, Spanish, Japanese.
      /^((hallo|hi|guten tag)\W+)?((ich )?(möchte|will|muss|würde gern|würde gerne) |bitte )?((ein(en)? )?(problem|fehler) melden|(ein )?ticket (eröffnen|erstellen|aufmachen))( bitte)?$/,
      // "Hiermit möchte ich eine Störungsmeldung … an die IT-Stelle richten."
      /^(?=.{0,320}$).*\bstörungsmeldung\b.{0,120}\b(richten|weiterleiten|weiterzuleiten|weiter|melden|aufgeben|abgeben|einreichen|ein|senden|schicken)\b/,
      // "Ich möchte bitte eine Störung an den IT-Helpdesk melden."
      /^(?=.{0,160}$).*\b(störung|problem|fehler|störfall|vorfall)\b.{0,30}\b(an|beim|bei) (den |die |das |der |dem )?(it-)?(helpdesk|support|service ?desk|it)\b.{0,10}\bmelden\b/,
      /^((bonjour|salut)\W+)?((je )?(veux|voudrais|dois) |j'aimerais )?(signaler un (problème|probleme|souci)|signaler|ouvrir un ticket)( svp| s'il vous plaît)?$/,
      /^((hola)\W+)?((yo )?(quiero|quisiera|necesito|debo) )?(informar de un problema|reportar un problema|informar|abrir un ticket)( por favor)?$/,
      /^(問題を報告(する|したい|します)?(です)?|問題を報告してください|チケットを(作成|起票)(する|したい)?)$/,
      // Asking someone to open a ticket or call, in a sentence.
      // ("Ich möchte bitte ein Ticket öffnen für die IT": "öffnen", a learner's word for it.)
      /^(?=.{0,160}$).*\b(ticket|meldung|störungsmeldung)\b.{0,40}(\b(aufmachen|eröffnen|erstellen|anlegen|aufgeben|aufmache|uffmache|uffmachen|ufmache|ufmachen|ufmacha|uffmacha|aufmacha)|(?<!\bnicht)\söffnen)\b/,
      // "Bitte eröffnen Sie für mich ein Ticket beim Helpdesk": the verb first, asked of the bot.
      /^(?=.{0,240}$)((hallo|hi|guten tag)\W+)?(bitte\W+)?(eröffnen|erstellen|öffnen|anlegen|machen|eröffne|erstelle|mach|leg) (sie|du) (mir |für mich |uns |für uns )?(bitte |doch )?(ein(en)? |eine )?(ticket|störungsmeldung|meldung)\b/,
      // "Ich hätte gern ein Ticket bei der IT aufgemacht": wishing it done is asking for it.
      /^(?=.{0,200}$).*\b(hätte|hätt|hätten|würde) (ich |wir )?(gern|gerne)\b.{0,30}\b(ticket|meldung|störungsmeldung)\b.{0,40}\b(aufgemacht|eröffnet|erstellt|angelegt|aufgegeben)\b/,
      // "Wie meld ich dem Helpdesk en Problem?": how to report it to the people.
      /^(?=.{0,200}$).*\bwie (meld|melde|meldet) (ich|man)\b.{0,40}\b(helpdesk|support|it|service ?desk|it-abteilung|edv)\b/,
      // "Können Sie mein Problem bitte an die IT-Abteilung weitergeben?": handing it on.
      // (Asking how is asking for it too: "Wie kann ich dat Problem an den Helpdesk weiterjevve?")
      /^(?=.{0,240}$)(?!\W*(muss|soll|sollte|müsste|wie(?! (kann|könnte|kann man) )|warum|wann|wo)\b).*\b(mein(en)?|mei|das|dat|des|dieses|diesen|meine|diese) (problem|anliegen|fall|ticket|störung|thema)\b.{0,30}\ban (die |den |das |de |unsere |unseren )?(it|it-abteilung|helpdesk|support|service ?desk|edv|it-support)\b.{0,20}\b(weitergeben|weiterleiten|übergeben|geben|schicken|eskalieren|melden|melde|weiterjevve|weiterjeben|weitergebe)\b/,
      // Handing it to the people, in a longer message: "Können Sie das bitte als Ticket an die IT
      // escalaten?", "je souhaiterais ouvrir un ticket auprès du support informatique",
      // "je veux signaler mon souci … à l'équipe IT".
      /^(?=.{0,320}$).*\bticket\b.{0,30}\b(an|beim|bei|bim|für|fer|zur|zum) (die |den |das |der |dem |de |unsere |unseren )?(it|helpdesk|support|service ?desk|it-abteilung|edv)\b.{0,20}\b(escalaten|eskalieren|weiterleiten|weitergeben|geben|aufmachen|auf|uff|uf|melden|schicken|erstellen|eröffnen|anlegen)\b/,
      /^(?=.{0,320}$)(?!.*\b(dois-je|faut-il|est-ce que (je dois|il faut|on doit))\b).*\b(ouvrir|créer|creer|déposer|deposer|soumettre|faire)\b.{0,6}\b(un|une) (ticket|incident|demande d'assistance|demande de support)\b.{0,40}\b(auprès d[ue]|aupres d[ue]|au|à la|a la|à l'|a l'|chez|pour|avec) ?(l'|le |la |les )?(support|helpdesk|help desk|service ?desk|service informatique|informatique|it|dsi|équipe|equipe|techniciens?)\b/,
      /^(?=.{0,320}$).*\b(veux|voudrais|souhaite|souhaiterais|aimerais|aimerai|peux|pouvez|pourriez|merci de|comment)\b.{0,20}\b(signaler|remonter|transmettre)\b.{0,60}\s(à|a|au|aux|auprès de|aupres de) (l'|la |le |les )?(équipe|equipe|support|helpdesk|help desk|service ?desk|service informatique|informatique|it|dsi|techniciens?)\b/,
      /^(?=.{0,160}$).*(?<![\p{L}])(abrir|abro|abrimos|crear|poner|abráis|abras|abra|abrís|abris|abrirías|abririas|abrirás|abriras|levantar|levanten|levantes|levantá|generar|montar|ábreme|abreme|ábrame|abrame|ábranme|abranme|abrime|abrinos|ábrenos|abrenos|créame|creame|créeme|hazme|haceme|hágame|hagame|levántame|levantame|ponme|póngame|pongame|generame|genérame)\b.{0,20}\b(incidencia|ticket|caso|reporte)\b/u,
      /^(?=.{0,160}$)(?!.*\b(dois-je|faut-il|est-ce que (je dois|il faut|on doit))\b).*\b(ouvrir|créer|ouvrez|créez|creez)\b.{0,20}\b(ticket|incident|demande|billet|requête)\b/,
      // "ouvre-moi un ticket", "crée un ticket stp" (not "Outlook ne s'ouvre plus et demande…").
      /^(?=.{0,200}$)(.*[,.;!?:]\s*)?\W*(ouvre|crée|cree)(-| )?(moi |nous |-moi |-nous )?(un|une) (ticket|incident|demande|requête)\b/,
      /^(?=.{0,120}$).*\b(can|could) (someone|somebody|anyone|a person)( from (it|the helpdesk|the help desk|help desk|support|the service desk))?( just| please| quickly)? (call|phone|ring|contact|get back to|reach out to) me\b|^(?=.{0,120}$).*\b(can|could) (someone|somebody|anyone|a person)( from (it|the helpdesk|the help desk|help desk|support|the service desk))?( just| please| quickly)? get in touch( with me)?\b/,
      // "I want to make a ticket for the helpdesk because…".
      /^(?=.{0,240}$)(?!\W*(do|does|should|must|why|is|are|will|when|what|who|how)\b).*\b(make|create|raise|open|log|submit|put in)\b (a |an )?(new )?(ticket|case|incident)\b.{0,20}\b(for|with|to|at) (the )?(helpdesk|help desk|service desk|it|support|it support)\b/,
      // "I need to log this with the helpdesk", "raise it with IT".
      /^(?=.{0,240}$).*\b(log|raise|report|file|open|take|put in|lodge) (this|it|that|a ticket|a case|an incident|a call) (with|to) (the )?(helpdesk|help desk|service desk|it|support|it support)\b/,
      // Asking for a person: "can I speak to a human", "connect me to support", "get me a real
      // person", "have someone from IT call me" (not a question about whether one needs to).
      new RegExp(
        String.raw`^(?=.{0,200}$)(?!(do|does|did|should|why|is|are|will|when|what|who|how|must)\b).*\b(speak|talk|chat) (to|with) ${PERSON}\b`,
      ),
      new RegExp(
        String.raw`^(?=.{0,120}$)((hi|hello|hey|ok|so|please|just)\W+)*((can|could|would|will) (you|u) (please |pls |just )?)?(connect|put|transfer|pass|escalate|get|find|give) me (through |over )?(to |with )?${PERSON}\b`,
      ),
      new RegExp(
        String.raw`^(?=.{0,120}$).*\b(get|have|ask|send) ${PERSON}( from [a-z ]{2,20})? (to )?(call|phone|ring|contact|reach out to) me\b`,
      ),
      new RegExp(
        String.raw`^((i want|i need|i'?d like|id like|can i have|can i get)( to (speak|talk) to)? )?(a |an )?(real |live |actual )?(human|person|agent|operator|technician)( please| now| pls)?$`,
      ),
      /^(?=.{0,160}$)(?!\W*(muss|müsste|soll|sollte|brauch\w*) (ich|man)\b).*\b(mit )?(jemandem|('?n)?einem (echten )?menschen|'?nem (echten )?menschen|an (echten |echtn )?mensch(e?n)?|('?n)?einer (echten |realen )?person|'?ner (echten |realen )?person|('?n)?einem (mitarbeiter|techniker)|'?nem (mitarbeiter|techniker)|einer mitarbeiterin|dem (it-)?support|dem helpdesk|der it|(echten |echtn )?mensch(en)? (von|vom|aus|aus der|bei|in) (der |dem )?(it|edv|helpdesk|support|it-abteilung)|(jemandem|jemand|wem|öpperem|öpper|epper|eppert) (vom|aus dem|von der|vo de|vom) (helpdesk|support|it-support|it|service ?desk))\b.{0,30}\b(sprechen|spreche|reden|redn|red|rede|klären|besprechen|telefonieren|chatten|schnacken|snacken|quatschen|schreiben|schwätzen|babbeln)\b/,
      /^(?=.{0,160}$).*(\b(ruft|rufen) mich (bitte )?(jemand )?(zurück|an)\b|\brückruf\b|\b(kann|könnte|können|könnten|könntet|kannst|könntest|würde|würden)\b.{0,30}\bmich\b.{0,40}\b(zurückrufen|anrufen)\b)/,
      // "Kann sich bitte jemand vom Helpdesk bei mir melden?": asking to be contacted.
      /^(?=.{0,160}$).*\b(jemand|wer|ihr|sie)\b.{0,40}\b(bei mir|mit mir in verbindung)\b.{0,10}\b(melden|setzen)\b/,
      // ("d'échanger": a letter after the apostrophe, where "\b" sees no edge.)
      /^(?=.{0,160}$)(?!.*(suis-je|est-ce que je (parle|discute|échange))|.*\bou (avec |à |a )?(un |une )?(bot|robot|chatbot|assistant|ia|machine|programme)\b).*(?<![\p{L}])(parler|discuter|échanger) (directement |vite |rapidement |en direct )?(à|a|avec) (quelqu'un|quelqu’un|qqn|qq1|un (vrai )?humain|une (vraie )?personne|un (vrai )?technicien|un conseiller|le support|l'assistance|le helpdesk|le service ?desk|un agent)/u,
      /^(?=.{0,160}$).*(\bqu'on me (rappelle|contacte|appelle)\b|\bêtre rappelée?\b)/,
      // "Comment je contacte le helpdesk ?": asking how to reach the people.
      /^(?=.{0,200}$)\W*comment (je |on )?(peux |puis-je |dois-je )?(contacte[rz]?|joins|joindre|joint|écris|écrire) (le |la |l'|les )?(helpdesk|help desk|support|service ?desk|informatique|it|dsi|techniciens?)(?!\p{L})/u,
      // "tu peux transmettre mon souci au helpdesk ?": handing the problem to the people.
      /^(?=.{0,160}$).*\b(transmettre|transmets|transmettez|remonter|remonte|remontez|transférer|transfère|transférez|faire suivre|escalader) (mon|ma|mes|le|la|ce|cette|ça|ca)( \p{L}+)? (au|à la|a la|à l'|a l'|aux) ?(helpdesk|help desk|support|informatique|it|dsi|service ?desk|service informatique|techniciens?|équipe)(?!\p{L})/u,
      /^(?=.{0,160}$).*\bhablar con (alguien|una persona|un humano|soporte|un técnico|un tecnico|el helpdesk|un agente|el soporte|una persona real)/,
      /^(?=.{0,160}$)(?!.*\b(si|cuando) (escojo|elijo|pongo|pido|selecciono|digo)\b.{0,10}que me llamen\b).*\bque me (llame|llamen|contacte|contacten)\b/,
      // "¿Podrían pasar mi caso al equipo de sistemas?": handing the case to the people.
      /^(?=.{0,200}$).*\b(pasar|pasa|pasen|pase|pasad|escalar|escala|escalen|trasladar|traslada|trasladen|derivar|deriva|deriven|mandar|manda|manden|enviar|envía|envien|envíen) (mi|el|este|esta|la) (caso|problema|incidencia|ticket|consulta) (al|a la|a) (equipo|área|area|departamento|gente)? ?(de )?(sistemas|soporte|informática|informatica|ti|it|helpdesk|mesa de ayuda)\b/,
      // "¿cómo hago para reportar mi problema a mesa de ayuda?": how to hand it to the people.
      /^(?=.{0,160}$)\W*(cómo|como) (hago para |puedo |se puede |le hago para )?(reportar|informar|avisar|notificar|escalar|pasar)( de)?( mi| el| este| un| mi)? (problema|incidencia|caso|fallo|error)/,
      // "pásame con alguien de sistemas", "passez-moi quelqu'un du support", "verbinden Sie mich
      // mit dem Helpdesk": asking to be put through to a person.
      /^(?=.{0,160}$).*\b(pásame|pasame|pásenme|pasenme|ponme|ponedme|pónganme|ponganme|comunícame|comunicame|comuníquenme|comuniquenme|conéctame|conectame|conéctenme|conectenme)( en contacto)? con (alguien|una persona|un humano|soporte|sistemas|informática|informatica|ti|un técnico|un tecnico|el (helpdesk|soporte|técnico|tecnico|equipo)|un agente)/,
      // "¿Podrían ponerme en contacto con ellos?" after naming the support people.
      /^(?=.{0,240}$).*\b(persona|técnico|tecnico|asistencia|soporte|helpdesk|sistemas)\b.{0,80}\b(ponerme|pónganme|ponganme|ponme|me (pueden|puede|podrían|podrian|podría|podria|puedes|podrías|podrias) poner) en contacto\b/,
      /^(?=.{0,160}$).*\bme (puedes|podéis|podeis|puede|pueden|podrías|podrias|podría|podria|podés|podes) (poner|pasar|comunicar|conectar) con (alguien|una persona|un humano|soporte|sistemas|informática|informatica|ti|un técnico|un tecnico|el (helpdesk|soporte|técnico|tecnico|equipo)|un agente)/,
      /^(?=.{0,160}$).*\bmich\b.{0,30}\bmit (jemandem|einem menschen|einer person|dem helpdesk|dem support|der it|einem techniker|einem mitarbeiter)\b.{0,30}\b(verbinden|durchstellen)\b/,
      // "Bitte kann ich sprechen mit echte Mensch von IT?": the verb first, as learners put it.
      /^(?=.{0,160}$).*\b(sprechen|reden|telefonieren|chatten) mit (einem |einer |eine |ein |echte[mnr]? |echten |richtige[mnr]? |richtigen )*(mensch(en)?|person|mitarbeiter(in)?|techniker(in)?|jemand(em)?)\b/,
      // "Ich möchte bitte mit Mitarbeiter von IT-Support sprechen, nicht mit Bot."
      /^(?=.{0,160}$).*\b(möchte|möchten|will|wollen|würde|würden|kann|könnte|darf|gern|gerne|mog|mag|mecht|möcht)\b.{0,30}\bmit (einem |einer |eine |ein |am |an |echte[mnr]? |echten |echtn |richtige[mnr]? |richtigen )*(mensch(en|n)?|person|mitarbeiter(in|n)?|techniker(in)?|jemand(em)?)( (von|vom|aus|der|des|im) [\p{L}-]+){0,2} (sprechen|reden|redn|telefonieren|chatten)\b/u,
      // "Kannst mich mal an nen echten Menschen vom IT-Support weitergeben?": handed on to one.
      /^(?=.{0,160}$).*\bmich\b.{0,20}\ban (einen |nen |'nen |n |den |die |einen |jemand(en)? )?(echten |richtigen |realen )?(menschen|mensch|person|mitarbeiter|techniker|kollegen|helpdesk|support|it|it-support)\b.{0,40}\b(weitergeben|weiterleiten|verbinden|durchstellen|übergeben|vermitteln|weiterreichen)\b/,
      /^(?=.{0,160}$).*\b(passez-moi|passe-moi|mettez-moi en (contact|relation) avec|mets-moi en (contact|relation) avec|transférez-moi (à|a|vers)) (quelqu'un|qqn|un humain|une (vraie )?personne|le support|l'informatique|un technicien|le helpdesk|le service|l'it|la dsi)/,
      /^(?=.{0,160}$).*\b(verbinde|verbinden sie|stell|stellen sie) mich\b.{0,30}\b(mit|zu|an)\b.{0,20}\b(jemandem|einem menschen|einer person|dem helpdesk|dem support|der it|einem techniker|einem mitarbeiter)\b/,
      /(担当者|担当|人間|人|スタッフ|ヘルプデスク|サポート|情シス)(の方|の担当者?(の方)?|の人)?(さん|様)?(と|に|さ)(直接)?(お?話し?したい|話させて(もら|いただ|ください|くれ)|見でもらい|見てもらいて|はなしたい|そうだんしたい|問い合わせ(たい|したい)|相談させて(いただき|もらい)たい|ご?相談させて(いただ|もら)(き|い|け|く)|ご?相談申し上げ|相談させてください|話せ|相談したい|相談したか|話したか|連絡したい|やりとりしたい|やり取りしたい|連絡を取りたい|つないで|繋いで|見てもらいたい|見てほしい|見て欲しい|見てもらえ(ない|へん|やん|ん|ません|ます|る)|見てくれ(ない|へん|やん|ん|ません|ます|る)|対応してほしい|対応してもらいたい)|チケット.{0,8}(起票|作成|作って|つくって|発行|切って|きって|切り(たい|ます)|上げ|あげ|立て|たて|出して|だして|出し(たい|て)|だし(たい|て))|お?取り?次ぎ(を)?(お願い|願え|ください|いただけ)|問い合わせ.{0,4}(上げ|あげ|出し)(たい|させて|てもら|ていただ|て(ください|くれ|ほしい|欲しい|ちょうだい|ごしない|ごさんか))|(ヘルプデスク|サポート|情シス|情報システム部?|IT部門|ＩＴ部門)(の方|の人|の担当者?)?(に|へ)(送って|回して|上げて|あげて|伝えて|報告して|つないで|繋いで)(ください|くれ|ほしい|欲しい|もらえ|いただけ)|(不具合|問題|障害)を?(チケットで)?報告(したい|させて|お願い)|(たんとう|にんげん|担当|人間)\s*の?\s*(ひと|かた|人|方)?\s*(と|に)\s*(はなし|話し?|そうだん|相談)\s*(したい|たい)|(担当|サポート|ヘルプデスク)の(方|人)に連絡して(もらえ|いただけ|ください|ほしい)|起票.{0,8}(お願い|して(ください|いただけ|もらえ))|電話(して|を)?(ほしい|欲しい|ください|もらえ)/,
    ],
  },
  {
    id: 'feedbackReport',
    title: 'feedback report',
    description: 'Admins: the answers employees found least helpful',
    scopes: ['personal'],
    patterns: [/^(feedback( report)?|answer feedback|least helpful( answers)?|show feedback)$/],
    adminOnly: true,
  },
  {
    id: 'createProfile',
    title: 'create profile',
    description:
      'Admins: create an iOS/iPadOS enrollment type profile (Basics, Settings, Assignments, Review)',
    scopes: ['personal'],
    patterns: [
      /^(create|new|add) (an? )?(ios |ipados |ios\/ipados )?(enrol+ment )?(type )?profile$/,
    ],
    adminOnly: true,
  },
  {
    id: 'profiles',
    title: 'profiles',
    description: 'Admins: list profiles in priority order; move, edit or delete them',
    scopes: ['personal'],
    patterns: [/^((list|show) (the )?)?(enrol+ment )?(type )?profiles$/],
    adminOnly: true,
  },
  {
    id: 'whichProfile',
    title: 'which profile applies to <user>',
    description:
      'Admins: which profile Intune applies to a user, from their groups and the priority order',
    scopes: ['personal'],
    patterns: [
      /^(which|what) (enrol+ment )?profile (applies|would apply|is applied|gets applied) (to|for) .+$/,
    ],
    adminOnly: true,
  },
  {
    id: 'audit',
    title: 'audit',
    description: 'Admins: the last 20 changes made through the bot',
    scopes: ['personal'],
    patterns: [/^(audit|audit log|show (the )?audit( log)?|changes)$/],
    adminOnly: true,
  },
  {
    id: 'teamAnswers',
    title: 'team answers',
    description:
      'Admins: review, publish or withdraw answers the helpdesk proposed from solved cases',
    scopes: ['personal'],
    patterns: [
      /^(show |list |review )?(the )?(team|proposed|draft|it team'?s?) answers$/,
      /^review (the )?(proposed )?answers$/,
      /^answers to review$/,
    ],
    adminOnly: true,
  },
  {
    id: 'startCampaign',
    title: 'start campaign',
    description:
      'Admins: invite a group to enroll their iPhones and iPads by a date, with reminders and a dashboard',
    scopes: ['personal'],
    patterns: [
      /^(start|new|create|launch|run) (an? )?(new )?(enrol+ment )?campaign$/,
      /^campaign (start|new)$/,
    ],
    adminOnly: true,
  },
  {
    id: 'campaignExport',
    title: 'campaign export',
    description: 'Admins: a CSV of everyone in a campaign and where they are',
    scopes: ['personal'],
    patterns: [/^campaign export( .+)?$/, /^export (the )?campaign( .+)?$/],
    adminOnly: true,
  },
  {
    id: 'campaignStatus',
    title: 'campaign status',
    description:
      'Admins: the rollout dashboard of a campaign (devices enrolled, who is stuck and why)',
    scopes: ['personal'],
    patterns: [
      /^(show )?(the |my )?(enrol+ment )?campaigns?( status| dashboard| progress)?$/,
      /^campaign (status|dashboard|progress) .+$/,
      /^how is (the |my )?campaign (going|doing)\??$/,
    ],
    adminOnly: true,
  },
  {
    id: 'serviceDiscovery',
    title: 'service discovery file',
    description: 'Admins: the JSON file account-driven enrollment needs, and how to host it',
    scopes: ['personal'],
    patterns: [
      /^((show|get) (me )?(the )?)?(service discovery( file)?|well-?known file|discovery file)$/,
    ],
    adminOnly: true,
  },
  {
    id: 'verifyDomain',
    title: 'verify domain <domain>',
    description: "Admins: check a sign-in domain's service discovery file as a device would",
    scopes: ['personal'],
    patterns: [/^(verify|check|test) (the )?domain( .+)?$/],
    adminOnly: true,
  },
  {
    id: 'checkSetup',
    title: 'check setup',
    description:
      'Admins: check every prerequisite of account-driven User Enrollment in this tenant',
    scopes: ['personal'],
    patterns: [
      /^(check|test|verify) (the )?(enrol+ment )?(setup|set up|prerequisites|configuration)$/,
      /^(setup|prerequisites?) check$/,
    ],
    adminOnly: true,
  },
  {
    id: 'myTickets',
    title: 'my tickets',
    description: 'Your enrollment problem reports: status, what happens next, add information',
    scopes: ['personal'],
    patterns: [
      /^(show |list )?(me )?(all )?my (open )?(tickets?|cases?|reports?|problems?)$/,
      /^(what'?s |what is )?(the )?status (of|on) my (ticket|case|report|problem|enrol+ment problem)s?\??$/,
      /^(any )?(news|updates?|progress) (on|about|with) my (ticket|case|report|problem|enrol+ment problem)s?\??$/,
      // "ticket status", "status of the ticket"
      /^(the |my )?(ticket|case|report|request) status\??$/,
      // Their ticket, case, report or request, and any sign they want to know where it stands:
      // "is my ticket fixed yet?", "what's happening with my case", "follow up on my request".
      /^(?=.{0,120}$)(?=.*\bmy (\w+ ){0,2}(tickets?|cases?|reports?|requests?|incidents?)\b)(?=.*\b(status|news|updates?|progress|happening|happened|fixed|solved|resolved|sorted|closed|looked at|look at|looking at|check|follow(ing)? ?up|where|how is|how'?s|going|heard|anyone|any word|open)\b)/,
      // "my problem" or "my issue" is often the question itself ("my problem is that …"): only
      // words that ask how it stands count.
      /^(?=.{0,120}$)(?=.*\bmy (\w+ ){0,2}(issues?|problems?)\b)(?=.*\b(status|news|updates?|progress|fixed yet|solved yet|resolved yet|be (fixed|solved|resolved|sorted)|resolved|heard (back|anything)|look(ed)? at|look(ed|ing)? into|anyone (looked|looking|working|seen))\b)/,
      // "I reported a problem yesterday, any news?"
      /^(?=.{0,120}$).*\b(i|we) (reported|raised|opened|filed|submitted|logged) (a |an |the |my )?(\w+ ){0,2}(problem|issue|ticket|case|report|request)\b.*\b(news|updates?|progress|status|heard|fixed|anything)\b/,
      // A case number anywhere in a short message: "ENR-7K4M-QX2P", "status of enr 7k4m qx2p?"
      // (findCaseId's own reading, so "enregistrer" is no number here either).
      new RegExp(`^(?=.{0,80}$).*(?:${CASE_ID_IN_TEXT.source})`, 'i'),
      /^(meine (tickets|meldungen|fälle)|mes (tickets|signalements|demandes)|mis (tickets|incidencias|casos)|(私の)?チケット(の状況)?)$/,
    ],
  },
  {
    id: 'language',
    title: 'language',
    description: 'Choose the language I answer you in: English, Deutsch, Français, Español, 日本語',
    scopes: SCOPES,
    patterns: [
      /^(language|languages|change (the )?language|switch language|set language|sprache( ändern| wechseln)?|langue|changer de langue|idioma|cambiar (el )?idioma|言語(を変更|設定|の変更)?)( \S{1,20})?$/,
      /^((please )?(answer|reply|talk|speak|write) (to me )?)?in (english|german|french|spanish|japanese)( please)?$/,
      /^(bitte )?auf (deutsch|englisch|französisch|spanisch|japanisch)( bitte)?$/,
      /^en (français|francais|anglais|allemand|espagnol|japonais)( s'il vous plaît| s'il vous plait| svp)?$/,
      /^en (español|espanol|inglés|ingles|alemán|aleman|francés|frances|japonés|japones)( por favor)?$/,
      /^(日本語|英語|ドイツ語|フランス語|スペイン語)で(お願いします|話して(ください)?)?$/,
    ],
  },
  {
    id: 'setHelpdeskChannel',
    title: 'set helpdesk channel',
    description: 'Admins: post enrollment failure alerts in this channel',
    scopes: ['team'],
    patterns: [/^(set|use) (this as )?(the )?helpdesk channel( here)?$/],
    adminOnly: true,
  },
  {
    id: 'helpdeskStatus',
    title: 'helpdesk status',
    description: 'Admins and helpdesk: where enrollment failure alerts go, with a test post',
    scopes: ['personal', 'team'],
    patterns: [/^helpdesk status$/],
    adminOnly: true,
  },
  {
    id: 'tickets',
    title: 'tickets',
    description: 'Helpdesk: the open enrollment failure tickets',
    scopes: ['team'],
    patterns: [/^((list|show) )?(open )?tickets$/],
    adminOnly: true,
  },
];

/** Commands in the Teams command menu (manifest commandLists): everything but admin commands. */
export const MENU_COMMANDS: readonly CommandSpec[] = COMMANDS.filter((c) => !c.adminOnly);

/**
 * Lower-cases, trims and folds white space and trailing punctuation so "  Help! " matches "help".
 */
export function normaliseCommandText(text: string): string {
  return (
    text
      .normalize('NFKC')
      .toLowerCase()
      .replace(/\s+/g, ' ')
      // iPhones type curly apostrophes ("I’d like…", "l’équipe").
      .replace(/[’‘]/gu, "'")
      .trim()
      .replace(/[.!]+$/u, '')
  );
}

/** The command a message asks for in this scope, or undefined when it is not a command. */
export function matchCommand(text: string, scope: Scope): CommandSpec | undefined {
  const normalised = normaliseCommandText(text);
  if (normalised === '') {
    return undefined;
  }
  return COMMANDS.find(
    (c) => c.scopes.includes(scope) && c.patterns.some((p) => p.test(normalised)),
  );
}

/** Edit distance (insertions, deletions, substitutions) between two short words. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * "Did you mean …?": the command whose words are each within a small edit distance of the
 * message's first words ("crate profle" → create profile, "prfls" → profiles), for a short
 * message that matched nothing. Arguments after the command's words are ignored. Undefined
 * when nothing is that close, so questions never turn into command suggestions.
 */
export function closestCommand(text: string, scope: Scope): CommandSpec | undefined {
  const words = normaliseCommandText(text).replace(/[?]/g, '').split(' ').filter(Boolean);
  if (words.length === 0 || words.length > 6) return undefined;
  let best: { spec: CommandSpec; cost: number } | undefined;
  for (const { spec, title, takesArgument } of COMMAND_TITLES) {
    if (!spec.scopes.includes(scope)) continue;
    if (words.length < title.length || (!takesArgument && words.length !== title.length)) continue;
    let cost = 0;
    let close = true;
    for (let i = 0; i < title.length && close; i++) {
      const t = title[i] ?? '';
      const word = words[i] ?? '';
      const allowed = Math.max(1, Math.floor(t.length / 3));
      // Lengths further apart than the allowance can't be close: no need to count.
      const d = Math.abs(word.length - t.length) > allowed ? allowed + 1 : editDistance(word, t);
      if (d > allowed) close = false;
      cost += d;
    }
    if (close && cost > 0 && (!best || cost < best.cost)) best = { spec, cost };
  }
  return best?.spec;
}

/** Each command's title words (its `<argument>` left out), split once. */
const COMMAND_TITLES = COMMANDS.map((spec) => ({
  spec,
  title: spec.title
    .toLowerCase()
    .replace(/<[^>]+>/g, '')
    .split(' ')
    .filter(Boolean),
  takesArgument: /<[^>]+>/.test(spec.title),
}));

/** Commands offered in a scope, in help-card order; admin commands only for admins. */
export function commandsForScope(scope: Scope, options: { admin?: boolean } = {}): CommandSpec[] {
  return COMMANDS.filter(
    (c) => c.scopes.includes(scope) && (options.admin === true || !c.adminOnly),
  );
}

/** The words of every command title, for the spelling corrector ("creat profile" → "create profile"). */
export function commandVocabulary(): string[] {
  return [...new Set(COMMANDS.flatMap((c) => c.title.toLowerCase().match(/[a-z]{3,}/g) ?? []))];
}

/** The campaign a `campaign status <name>` or `campaign export <name>` names ('' for none). */
export function parseCampaignName(text: string): string {
  const t = normaliseCommandText(text);
  const m =
    /^(?:campaign (?:status|dashboard|progress|export)|export (?:the )?campaign) (.+)$/.exec(t);
  return m?.[1]?.trim() ?? '';
}
