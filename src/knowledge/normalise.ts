/**
 * Text normalisation for search: one spelling for the domain's many (enrol/enroll, i-pad/iPad,
 * "SSO app"/"enrollment SSO application", MDM, 2FA), a small stop-word list and a light stemmer.
 * Applied the same way to articles when indexing and to questions when searching.
 */

/** Phrase rewrites applied to whole text before tokenising; order matters. */
const PHRASES: readonly [RegExp, string][] = [
  // Chat shorthand and stretched words ("heyyy", "sooo").
  [/(\p{L})\1{2,}/gu, '$1$1'],
  [/\b(wat|wot|wut|wht)\b/g, 'what'],
  [/\bthru\b/g, 'through'],
  [/\b(acct|accnt|acc)\b/g, 'account'],
  // Caribbean and West African English as typed ("weh mi fi find mi Managed Apple ID", "how dem
  // keep di work tings separate"): the standard words, so the rest of the reading applies.
  [/\bmi\b/g, 'me'],
  [/\bdi\b/g, 'the'],
  [/\bdem\b/g, 'them'],
  // "fi true" is "for real"; "check seh…" is "check that…". (Not the "fi" of "wi-fi".)
  [/\bfi true\b/g, 'really'],
  [/(?<!\bwi[- ]?)\bfi\b/g, 'to'],
  [/\b(check|know|sure|tink|think|see|tell|hear|believe) seh\b/g, '$1 that'],
  [/\bpon\b/g, 'on'],
  // "Dem could see where I is?": where the person is.
  [/\bwhere (i|me) (is|deh|de|be)\b/g, 'where i am'],
  // "Which password am I using for the enroll?" asks which one to use.
  [/\b(am|are) (i|we) (meant to be |supposed to be )?using\b/g, 'do $2 use'],
  // "Can dispatch see where my personal phone is?": the phone's location.
  [
    /\bsee where (my|the|your|our|their) (own |personal |private )?(phone|iphone|ipad|device|mobile|cell|cellphone|tablet) (is|are|goes|has been|was)\b/g,
    'see the location of $1 $3',
  ],
  [/\binna\b/g, 'in'],
  [/\bseh\b/g, 'says'],
  [/\bweh\b/g, 'where'],
  [/\bwah\b/g, 'what'],
  [/\bting(s?)\b/g, 'thing$1'],
  [/\bdat\b/g, 'that'],
  [/\bneva\b/g, 'never'],
  [/\bnuh\b/g, 'not'],
  [/\bmek\b/g, 'make'],
  // "wat it go delete?", "it gon wipe mi pics?": "go" and "gon" before a verb are the future.
  [
    /\b(it|that|this|dem|they) (go|gon|a go) (delete|remove|wipe|erase|take|clear)\b/g,
    '$1 will $3',
  ],
  [/\b(go|going|goin) bout\b/g, '$1 about'],
  [/\ban (?=(how|what|why|when|where|who|can|will|do|does|is|are|them|me|i|my|the|if)\b)/g, 'and '],
  // Scots as typed ("who dae I ask if it disnae work", "I'm no very good wi phones", "fae ma
  // phone"): the standard words. ("wi-fi" stays the network.)
  [/\bdae\b/g, 'do'],
  [/\b(disnae|doesnae)\b/g, 'doesnt'],
  [/\b(cannae|canny)\b/g, 'cant'],
  [/\bdidnae\b/g, 'didnt'],
  [/\bisnae\b/g, 'isnt'],
  [/\bwisnae\b/g, 'wasnt'],
  [/\bwouldnae\b/g, 'wouldnt'],
  [/\bhasnae\b/g, 'hasnt'],
  [/\bgonnae\b/g, 'going to'],
  [/\bwi\b(?![- ]?fi\b)/g, 'with'],
  [/\bfae\b/g, 'from'],
  [/\btae\b/g, 'to'],
  [/\bdoon\b/g, 'down'],
  [/\baboot\b/g, 'about'],
  [/\bma\b/g, 'my'],
  [/\bye\b/g, 'you'],
  [/\bno (very|that|too|sure)\b/g, 'not $1'],
  // Shetland and more Scots: "can du tak me through", "I hae tae", "afore", "whit", "nae luck",
  // "noo", "intae", "my ain iPad", "wirk", "dis/da", "richt", "a real body tae spaek tae".
  [/\bdu\b/g, 'you'],
  [/\btak\b/g, 'take'],
  [/\bhae\b/g, 'have'],
  [/\bafore\b/g, 'before'],
  [/\bwhit\b/g, 'what'],
  [/\bnae\b/g, 'no'],
  [/\bnoo\b/g, 'now'],
  [/\bintae\b/g, 'into'],
  [/\bain\b/g, 'own'],
  [/\bwirk\b/g, 'work'],
  [/\bdis\b/g, 'this'],
  [/\bda\b/g, 'the'],
  [/\bricht\b/g, 'right'],
  [/\bspaek\b/g, 'speak'],
  [/\bhitll\b/g, 'it will'],
  [/\bsam thing\b/g, 'same thing'],
  // Doric (Aberdeen): "fit actually gets deleted" (what), "foo dae I" (how), "see far I am"
  // (where), "if I pit the work stuff on", "ma gaffer" (boss), "come oot o the enrolment",
  // "photies", "ony mair", "they've telt me". (Not "how far", "so far", "fit for work".)
  [
    /\bfit (?=(actually |exactly |really )?(gets?|does|do|dae|is|happens|will|did|should|can|am|are|wid|wad|would)\b)/g,
    'what ',
  ],
  [/\bfoo (?=(dae|do|does|can|is|are|will|would|should|did)\b)/g, 'how '],
  [
    /(?<!\b(how|so|as|too|by|that|very|thus) )\bfar (?=(i|ye|you|we|they|he|she|my|ma)( am| are| is| go| goes| live| work|m|re)?\b)/g,
    'where ',
  ],
  [/\bpit (?=(the|it|ma|my|that|this|a|an|work|them)\b)/g, 'put '],
  [/\bgaffer\b/g, 'boss'],
  [/\boot\b/g, 'out'],
  [/\bo (?=(the|ma|my|it|them|that|this|your|yer|notes|photos|photies|stuff)\b)/g, 'of '],
  [/\bphoties\b/g, 'photos'],
  [/\bony\b/g, 'any'],
  [/\bmair\b/g, 'more'],
  [/\btelt\b/g, 'told'],
  // An exclamation opening a sentence ("Ja, it just says…", "Eish, …"): no word to search.
  [/^\W*(ja|jah|eish|yoh|haibo|yebo|ag|hayi)\b\W+/g, ''],
  // "the whole work enrolment thing", "the whole process again": emphasis, not the whole device.
  [
    /\bwhole (?=((work|company|office) )?(enroll\w*|enrol\w*|process|procedure|registration)\b)/g,
    '',
  ],
  // A real word, so no spelling fix catches it: "my devise has to be enrolled".
  [/\bdevi[sc]es?\b/g, 'device'],
  [/\bu\b/g, 'you'],
  [/\bur\b/g, 'your'],
  [/\b(pls|plz|plse)\b/g, 'please'],
  [/\b(pics?|pictures?|camera roll|gallery)\b/g, 'photos'],
  [/\bun-?enrol+(ment|ments|ing|ed|s)?\b/g, 'unenroll$1'],
  [/\bre-?enrol+(ment|ments|ing|ed|s)?\b/g, 'reenroll$1'],
  [/\benrol+(ment|ments|ing|ed|s)?\b/g, 'enroll$1'],
  [/\bi[- ]?pad ?os\b/g, 'ipados ipad'],
  [/\bi[- ]pad\b/g, 'ipad'],
  [/\bi[- ]?phone\b/g, 'iphone'],
  // The model says nothing the articles use, and its number is no iOS version ("iPhone 14").
  [/\biphone ?(\d{1,2}|xr|xs|x|se)( (pro|max|plus|mini|e))*\b/g, 'iphone'],
  [/\bios\s?(\d)/g, 'ios $1'],
  [/\b(enrollment )?sso (app|application|extension|plug-?in)\b/g, 'sso'],
  [/\b(ms|microsoft) authenticator\b/g, 'authenticator'],
  [/\bauthenticator app\b/g, 'authenticator'],
  // Having removed it already ("I uninstalled Authenticator", "…told me to delete Authenticator,
  // so I did") is another question than whether to: deleted and delete share a stem.
  [
    /(\b(i|ive|i have|i had|we|weve|already|just)( already| just| actually)?( went and| gone and| been and)? |^\W*)(deleted|uninstalled|removed|got rid of|binned)( the| my| that| this)? authenticator\b/g,
    'authenticatorremoved authenticator',
  ],
  [/\bauthenticator\b(?=[^.?!]{0,60}\bso i did\b)/g, 'authenticatorremoved authenticator'],
  [/\bmdm\b/g, 'mdm management'],
  [/\b(2fa|two[- ]factor|multi[- ]?factor|two[- ]step)\b/g, 'mfa'],
  [/\b(sms|text messages?|texted)\b/g, 'sms'],
  // "read my texts" are messages; "the text never came" is the code.
  [/\btexts?\b/g, 'messages sms'],
  // Two devices at once: "both my iPhone and my iPad", "only one device", "a second phone".
  [
    /\b(more than one|only one|just one|a second|second|two|both|multiple|several|another|extra) (devices?|phones?|ipads?|iphones?|tablets?)\b/g,
    'multiple devices $2',
  ],
  [/\b(iphone|phone) and (my |an |the )?(ipad|tablet)\b/g, 'multiple devices $1 $3'],
  // A second device put on it too: "And I could put mi iPad on it too?".
  [
    /\b(put|add|get|do|enroll|register)( (my|mi|me|the|our|an|a))? (ipad|iphone|tablet)( on| onto| in| into)?( it| there| this| that)? (too|as well|also)\b/g,
    'multiple devices $4',
  ],
  // Both device kinds in one question ("my iPad as well as my iPhone").
  [
    /\b(iphone|ipad)\b(?=[^.?!]*\b(as well as|plus|too|also|both|and)\b[^.?!]*\b(?!\1\b)(iphone|ipad)\b)/,
    'multiple devices $1',
  ],
  [/\b(no longer|stop|not) (be |being )?managed\b/g, 'unenroll remove management'],
  [/\bapple ?ids?\b/g, 'appleid'],
  [/\bapple accounts?\b/g, 'appleid'],
  [/\bcompany ?portal\b/g, 'companyportal'],
  [/\bvpn ?(&|and) ?device management\b/g, 'vpn devicemanagement'],
  [/\b(?<!mobile )device management\b/g, 'devicemanagement'],
  [/\bwipe[sd]?\b|\bwiping\b/g, 'erase'],
  [/\bget(ting)? rid of\b/g, 'remove'],
  // "How do I take it off?": removing it.
  // ("take it back off": the device out of management again.)
  [/\btake (it|this|them|that) back off\b/g, 'remove $1 unenroll'],
  [/\btake (it|this|them|that|my \w+|the \w+)( back)? off\b/g, 'remove $1'],
  // Why it is no longer wanted says nothing of what is asked: "…, as I won't need it on there now".
  [
    /,? (as|since|because|cause|cos|coz) (i|we) (wont|dont|will not|do not|no longer|wouldnt) (need|use|want) (it|this|that|them)( on there| there| on it| anymore| any more| now| any longer)*\b/g,
    ' ',
  ],
  // "get my old one off the system": removing it from management.
  [
    /\b(get|getting)( (it|this|that|(my|the|this|that)( \w+){1,2}))? off (the |your |our |this |that )?(company |work )?(system|intune|management|mdm)( thing| stuff| system)?\b/g,
    'remove$2 unenroll',
  ],
  // "how do I get it off the phone myself", "get all this work stuff off my iPad": removing it
  // ("take … off" is above).
  [
    /\b(get|getting)( (it|this|that|everything|all (of )?(it|this|that)|all this|this stuff|the work (stuff|account|profile|side)|all this work stuff|this work stuff|intune|the profile|the management( profile)?))( \w+)? off (the |my |me |your |this |that )?(phone|iphone|ipad|device|mobile|tablet)\b/g,
    'remove$2 unenroll',
  ],
  // How to answer says nothing of what is asked: "in plain words", "in a nutshell".
  [
    /\b(in (plain|simple|laymans?|normal|easy|basic|everyday) (words|terms|english|language)|in a nutshell|simply put|like im (five|5))\b/g,
    ' ',
  ],
  // "Sorry if this is the wrong place to ask, I'm new": an apology, not a subject.
  [
    /\b(sorry|apologies) if (this|it) is (not )?the (wrong|right) (place|channel|chat)( to ask( this)?)?\b|\b(im|i am) (brand |quite |very )?new( here)?(?=\W*$)/g,
    ' ',
  ],
  // "what iOS you're on", "how do I check what mine's on": which version it runs.
  [
    /\b(what|which) ((ios|ipados|version|software)( version)? )?(youre|you are|im|i am|its|it is|mines|mine is|my \w+ is|the \w+ is|were|we are|your \w+ is) (on|running)\b/g,
    'check ios version',
  ],
  // A question tag ("…and IT can't change it, yeah?", "…innit?"): asks to confirm,
  // names nothing.
  // ("…that's right?", "…, right?" ask about being right: kept.)
  [/,? (yeah|yea|yeh|yep|innit|eh|aye)\s*\?+\s*$/g, '?'],
  // Dictated: "in roll" is enroll; "period" at the end is the full stop said aloud.
  [/\bin roll(ed|ing|ment|s)?\b/g, 'enroll$1'],
  [/\s(period|full stop|question mark)\W*$/g, ' '],
  // Scots "ken" (know): "how do I ken if it's worked?".
  [
    /\b(how (do|dae|can|will|would) (i|ye|you|we)|do (ye|you)|i dinnae|i dont|to) ken\b/g,
    '$1 know',
  ],
  // "Two things:", "a couple of questions -": a message's preface, not its subject.
  [/^\W*(two|2|three|3|a couple of|a few|some) (things|questions|qs)\b/g, ' '],
  // Checking that it worked: "how can I be sure the phone is really enrolled", "check my iPad is managed".
  [
    /\b(check|verify|confirm|tell|know|sure|certain|see)( if| whether| that)?( my| the| this)?( phone| iphone| ipad| device| tablet)?( really| actually)? (is|has|got|was|went)( really| actually| properly| successfully| now| fully)*( been)? (enrolled|registered|managed|set up|through)\b/g,
    'confirm enrollment status $9',
  ],
  // "has to be enrolled first": the order of enrolling and the app, no question of which app to
  // open first after enrolling.
  // …and without the verb: "check that the phone enrolled", "check seh di phone enroll fi true".
  [
    /\b(check|verify|confirm|tell|know|sure|certain|see)( if| whether| that)?( my| the| this| me)? (phone|iphone|ipad|device|tablet)( really| actually| even)? (enrolled|enroll|registered|managed)\b/g,
    'confirm enrollment status enrolled',
  ],
  [/\b(enrolled|registered|managed|enroll) first\b/g, '$1'],
  // An app or a screen telling the person the device must be enrolled ("a screen popped up
  // telling me the phone has to be enrolled"): one word for it, beside the words.
  [
    /\b(says|said|saying|sayin|tells? me|telling me|told me|message|screen)\b[^.?!]{0,30}? (has|have|needs?|must|got|gotta)( to)?( be)? (enrolled|registered|managed)\b/g,
    '$& enrollmentrequired',
  ],
  // "Is that new enough?" asks about the version, not about a new phone.
  [/\b(new|recent|up to date) enough\b/g, 'supported version'],
  [/\bmax\b/g, 'maximum'],
  [/\b(disappears?|disappeared|vanish(es|ed)?|goes away|go away|gets? deleted)\b/g, 'removed'],
  // "Will my WhatsApp, photos and my own apps also go?": be removed.
  [
    /\b(also|too|all) go\b(?! (to|through|on|in|into|back|ahead|away|out|with|for)\b)/g,
    '$1 removed',
  ],
  // Enrolling itself erasing something ("will enrolling delete anything", "lose my photos if I
  // enroll"), not the organisation wiping the phone later: one word for it, beside the words.
  [
    /\b(will|does|would|could|can|is)( the)? (enrolling|enrollment|enroll)( (it|this|them|my \w+|the \w+))? (delete|erase|remove|reset|clear)\w*|\b(delete|erase|lose|remove|reset)\w*( \w+){0,3} (when|if|by|after|before) (i |we )?enroll\w*/g,
    '$& enrollerase',
  ],
  // "What (all) can the company actually do to my phone?": what it may control on the phone, not
  // whose phone it is.
  [
    /\bwhat (all )?(can|could|will|would) (the |my |our )?(company|employer|organi[sz]ation|work|job|it|they|boss|intune)( actually| really| even)? do (to|on|with)\b/g,
    '$& control',
  ],
  // Getting out of it again: "how do I get myself out of it", "back out of the enrollment".
  [
    /\b(get|getting) (myself|me|us|it|this|my \w+|the \w+) out of (it|this|that|intune|management|the system|enrollment)\b|\b(?<!\b(?:go|goes|going|went|get|gets|getting|got|come|comes|coming|came|head|heads|heading|headed|call|called|sent|walk|walked|walking|kick|kicks|kicked|kicking|throw|throws|threw|throwing|boot|boots|booted|booting) (?:me |us |you )?)back out(?! (?:to|on|onto|into|in|at|there)\b)( of (it|this|that|enrollment))?\b|\bopt (back )?out\b/g,
    'remove unenroll',
  ],
  // "put in for a day off", "put in for time off": asking for leave.
  [
    /\bput(ting)? in for (a |some |the )?(days?|time|week|afternoon|morning) off\b/g,
    'request leave day off',
  ],
  // "how do I get the old one off before I trade it in": taking it off the phone.
  [
    /\b(get|getting|got|want|wanted|need|needed) (it|this|that|them|the old one|the old \w+|my old \w+|the work (stuff|account|profile|side)) off\b/g,
    '$& remove unenroll',
  ],
  // "…if it keeps failing, how do I get help?": reaching the helpdesk, whatever failed.
  [
    /\bhow (do|can|should|could|would) (i|we) (get (some |more )?help|get hold of (someone|somebody|support|the helpdesk|it)|reach (someone|somebody|support|the helpdesk))\b(?! (with|to|for|on)\b)/g,
    '$& helpdesk support',
  ],
  // "How do I take the old one off the work system?": out of management.
  [
    /\bhow (do|can|should|would) (i|we|you) (take|get|remove) (it|this|that|them|the old one|the old \w+|my old \w+|my \w+|the \w+) off (the |my |our )?(work |company |office )?(system|systems|management|intune|network)\b/g,
    '$& remove unenroll',
  ],
  // "how do I check that it worked", "check it's enrolled": confirming the enrollment.
  [
    /\b(check|verify|confirm|know|tell|see|sure)( if| whether| that)? (it|its|it is|it has|this|that|everything|enrollment)( has| is)? (worked|went through|succeeded|was successful|is done|done|enrolled|took|completed?)\b/g,
    'confirm enrollment status',
  ],
  // "How do I check the phone's actually enrolled?": the same, of the device by name.
  [
    /\b(check|verify|confirm)( if| whether| that)? (the|my) (phone|iphone|ipad|device)(s| is) (actually|really|properly) enrolled\b/g,
    'confirm enrollment status',
  ],
  // "if my enrollment even went through": "even" only stresses it.
  [/\b(enrollment|it|this|that) even (went|worked|did|took)\b/g, '$1 $2'],
  // "How do I sign my own personal iPhone up for the work apps?": enrolling it.
  [/\bsign(?:ed|ing)? ((?:my|the|this|our|me|it|them)(?: [\w-]+){0,3}) up\b/g, 'enroll $1'],
  // Coming out of it: "if I come oot o the enrolment", "go out of Intune".
  [
    /\b(come|comes|coming|came|go|going) (out of|off) (the |my )?(enrollment|enrollments|intune|management|company portal|system)\b/g,
    'remove unenroll',
  ],
  // "flip it to the whole device", "convert it over to full management": a switch.
  [/\b(flip|convert|change|move|upgrade)( it| this| my \w+)?( over)? to\b/g, 'switch$2 to'],
  [/\bturn( it| this| my [\w-]+(?: \w+)?) into\b/g, 'switch$1 to'],
  // "can I just flip it over": switch it, to the other kind.
  [/\b(flip|swap)( it| this| that)? over\b/g, 'switch$2'],
  // "where my phone is", "where I am", "where we are": its location.
  // "where I'm at", "where I'm to" (Cornwall, Newfoundland): the same.
  [
    /\bwhere (my|the) (phone|iphone|ipad|device)( is|s)( at| to)?\b|\bwhere (i am|im|we are|were|they are|theyre)( at| to)?\b/g,
    'location',
  ],
  // "who do I get hold of", "get ahold of someone": contacting.
  [/\b(get|getting|got) (a ?hold|holda?) of\b/g, 'contact'],
  // "how do I let IT know", "who do I let know there's a problem": telling the helpdesk.
  [
    /\blet (the )?(organisation|helpdesk|help desk|service desk|support|someone|somebody|them|you|you guys) know\b/g,
    'contact the helpdesk',
  ],
  // "…when I leave next month": leaving the job, not a day of leave.
  [/\b(when|before|after|once|as|since|if) (i|we|im|i am) (leave|quit)\b/g, '$1 quit'],
  // "…in the new year": when, not a new phone.
  [/\b(in |after |over |by )?the new year\b/g, ' '],
  // "who am I supposed to contact", "what are we meant to do": what one should do (not "is
  // this step supposed to happen?").
  [/\b(am i|are we|are you|i am|im|we are|were|you are|youre) (supposed|meant) to\b/g, 'should'],
  [/\bbyod\b/g, 'personal byod'],
  [/\bsign(ed|ing)? (me |it |my \w+ )?up\b/g, 'enroll'],
  // Typed fast: "dosn't", "doesent".
  [/\b(dosnt|dosent|doesent|deosnt|doesnot)\b/g, 'doesnt'],
  [/\b(isnt|is not|not|doesnt|does not|dont|wont|cant|stopped) (be )?work(ing|s|ed)?\b/g, 'fail'],
  [/\bwent through\b/g, 'worked'],
  [/\b(cant|cannot|can not|unable to|couldnt|could not)\b/g, 'cant fail'],
  [/\bapns\b|\bpush cert(ificate)?\b/g, 'push certificate'],
];

/** Words that carry no meaning for matching. Question words are kept out of the index too. */
const STOP_WORDS = new Set(
  (
    'a an and are as at be been being but by can could did do does doing for from had has have ' +
    'having he her here hers him his how i if in into is it its itself just me might more most ' +
    'must my myself no nor not of off on once only or other our ours out over same she ' +
    'should so some such than that the their them then there these they this those through to ' +
    'too under until up very was we were what when where which while who whom why will with ' +
    'would you your yours yourself get got going go want please thanks thank hi hello hey ' +
    'ok okay also any anything something still now im ive dont cant wont doesnt isnt whats ' +
    'one ones thing things wheres hows whos whens whys thats theres heres theyre youre weve ' +
    'id ill isnt arent wasnt werent didnt hasnt havent shouldnt couldnt wouldnt actually really ' +
    'just basically anyway ' +
    // "Normal ah?" (Malaysia, Singapore), "how do Ah…" (Cumbria: "I").
    'ah'
  ).split(' '),
);

/**
 * `fold` with the last few texts it was given remembered. While one message is read, its
 * sentences, the windows of sentences around a question and the whole message are normalised
 * again and again (a long story's, a dozen times). A handful of entries: nothing is kept from one
 * message to the next but its last few texts.
 */
export function rememberingLast<T>(
  fold: (text: string) => T,
  size = RECENT_TEXTS,
): (text: string) => T {
  const last = new Map<string, T>();
  return (text) => {
    const known = last.get(text);
    if (known !== undefined) return known;
    const folded = fold(text);
    last.set(text, folded);
    if (last.size > size) {
      const oldest = last.keys().next().value;
      if (oldest !== undefined) last.delete(oldest);
    }
    return folded;
  };
}

/** How many texts {@link rememberingLast} remembers: more than one message's pieces. */
const RECENT_TEXTS = 24;

/** Applies the phrase rewrites: lower case, NFKC, domain spellings folded to one form. */
export const normaliseText = rememberingLast(foldText);

function foldText(text: string): string {
  // "IT" in capitals is the IT department, which employees mean as "the organisation".
  let t = text
    .normalize('NFKC')
    .replace(/\bIT\b/g, 'organisation')
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    // Yorkshire and Cumbria: "t'new one", "reet to t'end" ("the"; not the "t" of "don't").
    .replace(/(?<![\p{L}'])t'(?=\p{L})/gu, 'the ')
    .replace(/'/g, '');
  for (const [pattern, replacement] of PHRASES) {
    t = t.replace(pattern, replacement);
  }
  return t;
}

/**
 * Light suffix stripping (plural, -ing, -ed): enough for "enrolled"/"enrolling", "devices",
 * "installs". Conservative on short words so "ios" or "sso" never change.
 */
export function stem(term: string): string {
  if (term.length <= 4 || /\d/.test(term)) return term;
  if (term.endsWith('ies') && term.length > 5) return `${term.slice(0, -3)}y`;
  if (term.endsWith('sses')) return term.slice(0, -2);
  if (term.endsWith('ments') && term.length > 8) return term.slice(0, -5);
  if (term.endsWith('ment') && term.length > 7) return term.slice(0, -4);
  if (term.endsWith('ing') && term.length > 6) return term.slice(0, -3);
  if (term.endsWith('ed') && term.length > 5 && !term.endsWith('eed')) return term.slice(0, -2);
  if (term.endsWith('s') && !term.endsWith('ss') && !term.endsWith('us') && !term.endsWith('is')) {
    return term.slice(0, -1);
  }
  return term;
}

/** Tokeniser for the index and queries (text is already normalised). */
export function tokenize(text: string): string[] {
  return text.split(/[^\p{L}\p{N}]+/u).filter((t) => t.length > 0);
}

/** Term processing: drop stop words, stem the rest. Returns null to drop a term. */
export function processTerm(term: string): string | null {
  if (STOP_WORDS.has(term)) return null;
  if (term.length === 1 && !/\d/.test(term)) return null;
  return stem(term);
}

/** The meaningful terms of a text, as the index sees them. */
export function meaningfulTerms(text: string): string[] {
  return tokenize(normaliseText(text))
    .map(processTerm)
    .filter((t): t is string => t !== null);
}
