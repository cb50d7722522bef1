/**
 * German as people type it in chat, in their own region's words, brought to the standard words
 * the articles use, for search only (the person's own words are what the bot quotes back).
 *
 * Each entry is a spelling that is not a standard German word, or a standard word only where
 * the pattern says so, so a message in standard German reads as before. What matters most are
 * the words that name something: the device, the message, deleting, turning on, signing in.
 * Function words matter too when they are not the standard ones ("dat", "wat", "isch", "hon"):
 * the search drops the standard ones, but would read these as words with a meaning.
 *
 * Applied after lower-casing, before the separable verbs are joined.
 */
export const GERMAN_DIALECT_FOLDS: readonly [RegExp, string][] = [
  // Bavaria: "Nochm Registrieren san lauter Meldungen kumma … auf Installieren druckn?" (nach dem,
  // gekommen, drücken). First: later folds would read "druckn" as "drucken", printing.
  [/(?<!\p{L})(nochm|nachm|noch'm)(?= \p{L})/gu, 'nach dem'],
  // ("Meldungen kumma": messages came up; not "i bin nimma dazua kumma", I didn't get round to it.)
  [
    /(?<=(meldung|meldungen|fehler|hinweis|hinweise|popups?|fenster|nachricht|nachrichten) )(kumma|kemma|kumman)(?!\p{L})/gu,
    'gekommen',
  ],
  [/(?<!\p{L})(druckn|drucka|druckan)(?!\p{L})/gu, 'drücken'],
  [
    /(?<!\p{L})san(?= (\p{L}+ ){0,2}(gekommen|kumma|kemma|weg|scho|schon|ned|net|nimma|alle|lauter|drauf|fertig|glöscht|gelöscht|registriert|angemeldet)(?!\p{L}))/gu,
    'sind',
  ],
  // Palatinate, Hesse and Vienna: "widder runner", "eirichte", "aagemeldt", "uffmache", "Ärwet",
  // "Firmezeisch" (wieder herunter, einrichten, angemeldet, aufmachen, Arbeit, Firmenzeug).
  [/(?<!\p{L})(runner|nunner)(?!\p{L})/gu, 'runter'],
  [/(?<!\p{L})widder(?!\p{L})/gu, 'wieder'],
  // Berlin and the Rhineland: "jeht", "jelöscht", "Jerät", "jemeldet" (geht, gelöscht, Gerät,
  // gemeldet).
  [
    /(?<!\p{L})je(ht|löscht|nau|macht|sagt|schafft|klappt|stellt|rät|meldet|meld)(?!\p{L})/gu,
    'ge$1',
  ],
  [/(?<!\p{L})uff(?!\p{L})/gu, 'auf'],
  [/(?<!\p{L})ei(richt|zuricht)/gu, 'ein$1'],
  [/(?<!\p{L})aa(gemeld|meld|zumeld)/gu, 'an$1'],
  [/(?<!\p{L})(uff|uf)(mach|gemacht|zumach)/gu, 'auf$2'],
  [/(?<!\p{L})(ärwet|ärbet|arwet|arbet|arbeet|erbet)(?!\p{L})/gu, 'arbeit'],
  [/(zeisch|zeusch|zeuch|züüg|züg)(?!\p{L})/gu, 'zeug'],
  [/(?<!\p{L})schbäder(?!\p{L})/gu, 'später'],
  // Swiss German: "zruggsetze", "abeglade", "hüt no", "gaht", "abgschafft", "früener",
  // "wänn ich chünd" (zurücksetzen, heruntergeladen, heute noch, geht, abgeschafft, früher,
  // wenn ich kündige).
  // Oberwallis: the infinitive in "-u" ("registrieru", "machu", "aamäldu"); "vo dr", "bi",
  // "umenand" (von der, bin, herum).
  [/(?<=\p{L}{2}(?:r|l|ch|g|d|t|s|n|k))u(?!\p{L})/gu, 'en'],
  [/(?<!\p{L})dr(?!\p{L})/gu, 'der'],
  [/(?<!\p{L})(wiä|wia|wie?e)(?!\p{L})/gu, 'wie'],
  [/(?<!\p{L})vo(?!\p{L})/gu, 'von'],
  [/(?<!\p{L})bi(?= (\p{L}+ )?(umenand|ume|dusse|deheim|dert|da|do))/gu, 'bin'],
  [/(?<!\p{L})(umenand|umenander|umanand)(?!\p{L})/gu, ' '],
  [/(?<!\p{L})zrugg/gu, 'zurück'],
  [/(?<!\p{L})abe(glade|gladen|lade|laden)(?!\p{L})/gu, 'herunterladen'],
  [/(?<!\p{L})hüt(?!\p{L})/gu, 'heute'],
  [/(?<!\p{L})(gaht|geit)(?!\p{L})/gu, 'geht'],
  [/(?<!\p{L})abgschafft(?!\p{L})/gu, 'abgeschafft'],
  [/(?<!\p{L})früener(?!\p{L})/gu, 'früher'],
  [/(?<!\p{L})chünd(e|en|t)?(?!\p{L})/gu, 'kündige'],
  // Swiss German, Bern and beyond: "chunnt es Fänschter", "d Meldig", "mis Grät", "aamäude",
  // "Registrierig", "öppis ygrichtet", "würklech", "zersch", "witer" (kommt ein Fenster, die
  // Meldung, mein Gerät, anmelden, Registrierung, etwas eingerichtet, wirklich, zuerst, weiter).
  [/(?<!\p{L})(chunnt|chunt|chonnt|kunnt|kummt)(?!\p{L})/gu, 'kommt'],
  [/(?<!\p{L})(fänschter|fenschter|fänster)(?!\p{L})/gu, 'fenster'],
  [/(?<!\p{L})(grät|gräät|grätli)(?!\p{L})/gu, 'gerät'],
  [/(?<!\p{L})(aa|a|u|o)m(ä|e)u?(l)?de(n)?(?!\p{L})/gu, 'anmelden'],
  [/(?<!\p{L})abm(ä|e)u?(l)?de(n)?(?!\p{L})/gu, 'abmelden'],
  // Swiss "-ig" for "-ung", in the words that matter here ("richtig" and "fertig" stay).
  [
    /(?<!\p{L})(meld|aamäld|aamäud|amäld|registrier|verwalt|yricht|iricht|eiricht|aktualisier|verbind|änder|sicher|iistell|istell|ystell)ig(e|a)?(?!\p{L})/gu,
    '$1ung$2',
  ],
  [/(?<!\p{L})(y|i|ei)g(richt|stellt|loggt)/gu, 'einge$2'],
  [/(?<!\p{L})(öppis|öpis|eppas|ebbes|ebbis)(?!\p{L})/gu, 'etwas'],
  [/(?<!\p{L})(würklech|würkli|wirkli|wirkle|würkle)(?!\p{L})/gu, 'wirklich'],
  [/(?<!\p{L})(eigetlech|eigentlech|eigentli|eigetli)(?!\p{L})/gu, 'eigentlich'],
  [/(?<!\p{L})(zersch|zerscht|zerst)(?!\p{L})/gu, 'zuerst'],
  [/(?<!\p{L})witer(?!\p{L})/gu, 'weiter'],
  [/(?<!\p{L})(gseh|gsie|gsiehsch|gsehsch)(?!\p{L})/gu, 'sehen'],
  [/(?<!\p{L})(chasch|kasch)(?!\p{L})/gu, 'kannst'],
  // "Gsehnd ihr mini WhatsApp-Nachrichte …? Wie wird das trennt, Gschäft und Privat uf em gliche
  // Handy?" (seht, getrennt, auf dem gleichen).
  [/(?<!\p{L})(gsehnd|gsehd|gsänd)(?!\p{L})/gu, 'seht'],
  [/(?<!\p{L})trännt(?!\p{L})/gu, 'getrennt'],
  [
    /(?<=(?:wird|werden|wirds|wird's|bleibt|bleiben|blibt|blibe|bliibe)(?: \p{L}+){0,8} )trennt(?!\p{L})/gu,
    'getrennt',
  ],
  // "Und blibt mini privati iCloud … oder wird die überschribe?", "d Gschäftsdate" (bleibt, private,
  // überschrieben, Geschäftsdaten).
  [/(?<!\p{L})(blibt|bliibt)(?!\p{L})/gu, 'bleibt'],
  [/(?<!\p{L})(blibe|bliibe)(?!\p{L})/gu, 'bleiben'],
  [/(?<!\p{L})privati(?!\p{L})/gu, 'private'],
  [/(?<!\p{L})überschribe(n)?(?!\p{L})/gu, 'überschrieben'],
  [/(?<!\p{L})(gschäfts|geschäfts)date(?!\p{L})/gu, 'geschäftsdaten'],
  [/(?<!\p{L})uf(?= (em|de|dr|der|dem|den|die|mim|mis|mini|em)(?!\p{L}))/gu, 'auf'],
  [/(?<=(?:auf|mit|bi|bei|vo|von|us|aus|in) )em(?!\p{L})/gu, 'dem'],
  [/(?<!\p{L})(gliche|gliiche|glyche|gliichä)(?!\p{L})/gu, 'gleichen'],
  // Thurgau: "dur d Registrierig vo mim iPad füehre" (durch die Registrierung … führen); the
  // Swiss "-ig" of a noun in "-ung", for the words of enrolling only ("richtig" stays).
  [/(?<!\p{L})(registrierig|regischtrierig)(?!\p{L})/gu, 'registrierung'],
  [/(?<!\p{L})(anmeldig|aamäldig|amäldig|aamäudig)(?!\p{L})/gu, 'anmeldung'],
  // Oberwallis: the infinitive in "-u" ("registrieru", "machu", "aamäldu"), "chennet", "öpper",
  // "Wuchenänd", "nienet", "wächsle", "wellem", "mini", "privati", "nachhär", "durenand",
  // "düre füehre" (registrieren, machen, anmelden, könnte, jemand, Wochenende,
  // nirgends, wechseln, welchem, meine, private, nachher, durcheinander, durchführen).
  [/(?<!\p{L})(chennet|chännt|chönnt)(?!\p{L})/gu, 'könnte'],
  [/(?<!\p{L})(öpper|öppert|epper)(?!\p{L})/gu, 'jemand'],
  [/(?<!\p{L})wuchen(ä|e)nd(?!\p{L})/gu, 'wochenende'],
  [/(?<!\p{L})(nienet|niene|nirgens)(?!\p{L})/gu, 'nirgends'],
  [/(?<!\p{L})wächsl(e|a|en)(?!\p{L})/gu, 'wechseln'],
  [/(?<!\p{L})(wellem|wellum|welem)(?!\p{L})/gu, 'welchem'],
  [/(?<!\p{L}|ipad )(mini|myni)(?!\p{L})/gu, 'meine'],
  [/(?<!\p{L})privati(?!\p{L})/gu, 'private'],
  [/(?<!\p{L})nachh(ä|e)r(?!\p{L})/gu, 'nachher'],
  [/(?<!\p{L})durenand(?!\p{L})/gu, 'durcheinander'],
  [/(?<!\p{L})(düre|dure) ?f(üe|ue|ü)hr(e|a|en)(?!\p{L})/gu, 'durchführen'],
  [/(?<!\p{L})f(üe|ue)hr(e|a)(?!\p{L})/gu, 'führen'],
  // Graubünden and Zürich: "wo chan i luaga, öb…", "mues i en Code ufs Natel tue?", "kei
  // Sperrcode", "chönd die mir vorschriibe" (kann, schauen, ob, muss, aufs, tun, kein, können,
  // vorschreiben).
  [/(?<!\p{L})chan(?!\p{L})/gu, 'kann'],
  [/(?<!\p{L})(chönd|chönnd|chönned|chönnt)(?!\p{L})/gu, 'können'],
  [/(?<!\p{L})(luag|lueg)(a|e|ä|en)?(?!\p{L})/gu, 'schauen'],
  [/(?<!\p{L})öb(?!\p{L})/gu, 'ob'],
  [/(?<!\p{L})(mues|muess|muesch)(?!\p{L})/gu, 'muss'],
  [/(?<!\p{L})ufs(?!\p{L})/gu, 'aufs'],
  [/(?<!\p{L})kei(?!\p{L})/gu, 'kein'],
  // ("cha ich s iPad nachher no normal privat bruuche": after "can", Swiss "bruuche" is to use.)
  [
    /(?<=(?:cha|kann|chasch|können|darf|dörf|törf)(?: \p{L}+){1,9} )(bruuche|bruche)(?!\p{L})/gu,
    'benutzen',
  ],
  [/(?<!\p{L})(bruuch|bruch|bruuche)(?!\p{L})/gu, 'brauche'],
  [/(?<!\p{L})vorschr(ii|y)b(e|a)(?!\p{L})/gu, 'vorschreiben'],
  [/(?<!\p{L})g(h)?eert(?!\p{L})/gu, 'gehört'],
  [/(?<!\p{L})(händy|hendi|händi)(?!\p{L})/gu, 'handy'],
  // "myni Ferie yygäh" (meine Ferien eingeben).
  [/(?<!\p{L})ferie(?!\p{L})/gu, 'ferien'],
  [/(?<!\p{L})(yy|y|ii|ei)g(ä|e)h?(n)?(?!\p{L})/gu, 'eingeben'],
  [/(?<!\p{L})(mis|mys|mim)(?!\p{L})/gu, 'mein'],
  // Tyrol and Carinthia: "kimmp", "donn", "gonze", "bricht … ob" (kommt, dann, ganze, ab).
  [/(?<!\p{L})kimm(p|t)(?!\p{L})/gu, 'kommt'],
  [/(?<!\p{L})donn(?!\p{L})/gu, 'dann'],
  [/(?<!\p{L})gonz(e|en|er|es)?(?!\p{L})/gu, 'ganz$1'],
  [/(?<!\p{L})ob(?=\s*([.,;!?]|$))/gu, 'ab'],
  // Bavaria and Austria: the past participle without its "ge-" ("glöscht", "gmacht",
  // "agmeldt", "gnumma"), "kriagt", "ois vom oidn", "a neis", "no amoi", "afach", "wieda",
  // "späda", "weg doa", "vom Handy ra" (gelöscht, gemacht, angemeldet, genommen, gekriegt, alles
  // vom alten, ein neues, noch einmal, einfach, wieder, später, wegtun, herunter).
  [
    /(?<!\p{L})(ab|an|auf|aus|zu|weg|um|ein)?g(?=(?:löscht|macht|sagt|schickt|wählt|fragt|habt|holt|speichert|meldet|meldt|sperrt|stellt|setzt|kauft|tauscht|wechselt|ändert|drückt|tippt|zeigt|schaut|loggt|laden|ladn|richtet|startet)(?!\p{L}))/gu,
    '$1ge',
  ],
  [/(?<!\p{L})[ao]gmeld/gu, 'angemeld'],
  [/(?<!\p{L})g(sehn|seng|sehgn|seha)(?!\p{L})/gu, 'gesehen'],
  [/(?<!\p{L})g(numma|nomma|numman|nummen|numme)(?!\p{L})/gu, 'genommen'],
  [/(?<!\p{L})gschri(e)?bn(?!\p{L})/gu, 'geschrieben'],
  [/(?<!\p{L})glesn(?!\p{L})/gu, 'gelesen'],
  // ("kriegt", "gekriegt" stay: they are standard.)
  [/(?<!\p{L})(ge)?([kg]riag|kriej|jekriej)t(?!\p{L})/gu, 'gekriegt'],
  [/(?<!\p{L})([kg]riag|kriej)(n|en|e|st)?(?!\p{L})/gu, 'kriegen'],
  // "wo i grad bin": "i" is "ich" (so "wo ich … bin" reads as a place).
  [/(?<!\p{L})i(?!\p{L})/gu, 'ich'],
  [/(?<!\p{L})(ois|olles|oiss)(?!\p{L})/gu, 'alles'],
  [/(?<!\p{L})oi(d|t)(e|n|en|es|s)?(?!\p{L})/gu, 'alt$2'],
  [/(?<!\p{L})(neis|neies|nois|nöis)(?!\p{L})/gu, 'neues'],
  [/(?<!\p{L})(neie|neia|nöie)(?!\p{L})/gu, 'neue'],
  // "nochmal" is a word of its own to the search (again); "noch mal" would be two it drops.
  [
    /(?<!\p{L})(noch mal|no amoi|no amal|nomoi|no oamoi|nomol|nomal|nommal|nomau)(?!\p{L})/gu,
    'nochmal',
  ],
  [/(?<!\p{L})(oafach|afach|eifach|eefach)(?!\p{L})/gu, 'einfach'],
  [/(?<!\p{L})(wieda|wida)(?!\p{L})/gu, 'wieder'],
  [/(?<!\p{L})(späda|spada|speda|schpäter)(?!\p{L})/gu, 'später'],
  [/(?<!\p{L})(jetzad|jetzat|iatz|jitz|jetz|etz|etzt|etzad)(?!\p{L})/gu, 'jetzt'],
  [/(?<!\p{L})(heid|heit)(?!\p{L})/gu, 'heute'],
  [/(?<!\p{L})(macha|mocha|mach'n)(?!\p{L})/gu, 'machen'],
  [/(?<!\p{L})sogt(?!\p{L})/gu, 'sagt'],
  [
    /(?<!\p{L})weg ?(doa|toa|tua|dua|duan|tun|macha|mocha|machen|gmacht|gemacht)(?!\p{L})/gu,
    'entfernen',
  ],
  [/(?<!\p{L})(ra|owa|owe|oba|obi|abi)(?=\s*([.,;!?)]|$))/gu, 'runter'],
  // "wieder ausser tua", "aussa doa": taking it out again.
  [
    /(?<!\p{L})(aussa|ausse|ausser|ausi|aussi) (tua|doa|toa|tun|macha|mocha|machen|nehma|nemma|nehmen)(?!\p{L})/gu,
    'entfernen',
  ],
  [/(?<!\p{L})wos(?!\p{L})/gu, 'was'],
  [/(?<!\p{L})do(?!\p{L})/gu, 'da'],
  [/(?<!\p{L})(buidl|büdl|büld|buidln)(?!\p{L})/gu, 'bilder'],
  // "Datn", "schützn", "lesn", "umstelln", "löschn": the "e" of "-en" left out ("Regeln" and
  // "Mitteln" keep theirs).
  [/(?<=\p{L}{2}(?:t|z|s|ch|sch|b|f|p|k|m|[^e]l))n(?!\p{L})/gu, 'en'],
  // The Rhineland and the Eifel: "kütt", "wat nehm ich", "nix" (kommt, was, nichts).
  [/(?<!\p{L})kütt(?!\p{L})/gu, 'kommt'],
  [/(?<!\p{L})wat(?!\p{L})/gu, 'was'],
  [/(?<!\p{L})dat(?!\p{L})/gu, 'das'],
  // Palatinate, Saarland and the south: function words the search drops once standard ("is'n",
  // "unn", "isch", "hann", "hon", "mei"), and "krie" (krieg).
  [/(?<!\p{L})(is'n|isn|is)(?!\p{L})/gu, 'ist'],
  [/(?<!\p{L})unn(?!\p{L})/gu, 'und'],
  [/(?<!\p{L})isch(?!\p{L})/gu, 'ist'],
  [/(?<!\p{L})(hann|hon|hun)(?!\p{L})/gu, 'habe'],
  [/(?<!\p{L})mei(?!\p{L})/gu, 'mein'],
  [/(?<!\p{L})krie(?!\p{L})/gu, 'krieg'],
  // Allgäu, Swabia and Vorarlberg: the "-a" of "installiera", "macha", "löscha", "seha", "liega"
  // and "Frooga" (installieren, machen, löschen, sehen, liegen, Fragen). ("-cha" ends no
  // standard German word that matters here.)
  [/(?<=\p{L}{3})iera(?!\p{L})/gu, 'ieren'],
  [/(?<=\p{L}{2})cha(?!\p{L})/gu, 'chen'],
  [/(?<!\p{L})seha(?!\p{L})/gu, 'sehen'],
  [/(?<!\p{L})liega(?!\p{L})/gu, 'liegen'],
  [/(?<!\p{L})(frog|froog|frooga|froga)(?!\p{L})/gu, 'frage'],
  [/(?<!\p{L})abgloffa(?!\p{L})/gu, 'abgelaufen'],
  // Swiss "gschiider" (gescheiter: better, wiser).
  [/(?<!\p{L})(gschiider|gschiiter)(?!\p{L})/gu, 'besser'],
  [/(?<!\p{L})(obaglada|abeglada|obaglade)(?!\p{L})/gu, 'heruntergeladen'],
  // Berlin and Brandenburg: "ick", "det", "nachkieken", "sacht mir eener" (ich, das, nachsehen,
  // sagt mir einer).
  [/(?<!\p{L})(ick|icke)(?!\p{L})/gu, 'ich'],
  [/(?<!\p{L})det(?!\p{L})/gu, 'das'],
  [/(?<!\p{L})nachkiek(en|e|t|st)?(?!\p{L})/gu, 'prüfen'],
  [/(?<!\p{L})kiek(en|e|t|st)?(?!\p{L})/gu, 'sehen'],
  [/(?<!\p{L})sacht(?!\p{L})/gu, 'sagt'],
  [/(?<!\p{L})(eener|eena)(?!\p{L})/gu, 'einer'],
  // Hesse and the Palatinate: "kündisch", "Kinnerbilder", "druff", "aach", "fer", "meim", "sin"
  // (kündige, Kinderbilder, drauf, auch, für, meinem, sind); "platt mache" is wiping it.
  [/(?<!\p{L})kündisch(e)?(?!\p{L})/gu, 'kündige'],
  [/(?<!\p{L})kinner/gu, 'kinder'],
  [/(?<!\p{L})druff(?!\p{L})/gu, 'drauf'],
  [/(?<!\p{L})aach(?!\p{L})/gu, 'auch'],
  [/(?<!\p{L})fer(?!\p{L})/gu, 'für'],
  [/(?<!\p{L})meim(?!\p{L})/gu, 'meinem'],
  [/(?<!\p{L})sin(?= (all|alle|mei|meine|die|da|doch|noch|dann)(?!\p{L}))/gu, 'sind'],
  [/(?<!\p{L})platt ?(mache|machen|macha|gemacht|gmacht)(?!\p{L})/gu, 'löschen'],
  // Zürich: "fröget's", "bsitz", "gchauft", "aawähle", "wott", "han", "näh", "bim" (fragt,
  // besitze, gekauft, auswählen, will, habe, nehmen, beim).
  [/(?<!\p{L})frög(et|e|t)(?!\p{L})/gu, 'fragt'],
  [/(?<!\p{L})bsitz(e|t)?(?!\p{L})/gu, 'besitze'],
  [/(?<!\p{L})gch(auft|ouft)(?!\p{L})/gu, 'gekauft'],
  [/(?<!\p{L})(aa|us|uus)wähl(e|a|t)?(?!\p{L})/gu, 'auswählen'],
  [/(?<!\p{L})(wott|wött|wotsch)(?!\p{L})/gu, 'will'],
  [/(?<!\p{L})han(?!\p{L})/gu, 'habe'],
  [/(?<!\p{L})näh(?!\p{L})/gu, 'nehmen'],
  [/(?<!\p{L})bim(?!\p{L})/gu, 'beim'],
  // Swabia: "ka i … au glei … oder goht bloß oi Gerät" (kann ich … auch gleich … oder geht nur
  // ein Gerät).
  [/(?<!\p{L})ka(?= (i|ich|mer|ma|man)(?!\p{L}))/gu, 'kann'],
  [/(?<!\p{L})au(?= (glei|gleich|noch|no|mit|des|das|dr|der|mei|mein|so)(?!\p{L}))/gu, 'auch'],
  [/(?<!\p{L})glei(?!\p{L})/gu, 'gleich'],
  [/(?<!\p{L})goht(?!\p{L})/gu, 'geht'],
  [/(?<!\p{L})oi(?= (gerät|handy|iphone|ipad|app|konto|mol|mal)(?!\p{L}))/gu, 'ein'],
  // Swabia: "ausanandergholta", "durchanander", "älles", "Gschäftskram", "privats"
  // (auseinandergehalten: kept apart, durcheinander, alles, Geschäftskram, privates).
  [/(?<!\p{L})(ausanand|ausenand|auseinand)\p{L}*/gu, 'getrennt'],
  [/(?<!\p{L})(durchanander|durchenander|durchenand)(?!\p{L})/gu, 'durcheinander'],
  [/(?<!\p{L})(älles|elles)(?!\p{L})/gu, 'alles'],
  [/(?<!\p{L})gschäft/gu, 'geschäft'],
  [/(?<!\p{L})privats(?!\p{L})/gu, 'privates'],
  // Cologne: "wie krieje ich ming iPhone …", "vun der IT" (kriege, mein, von).
  [/(?<!\p{L})krieje(n)?(?!\p{L})/gu, 'kriege'],
  [/(?<!\p{L})ming(?!\p{L})/gu, 'mein'],
  [/(?<!\p{L})vun(?!\p{L})/gu, 'von'],
  // "sehn", "klappt hat", "gfunzt" (sehen, geklappt hat, funktioniert); "Subber", "Dankschee".
  [/(?<!\p{L})sehn(?!\p{L})/gu, 'sehen'],
  [/(?<!\p{L})klappt (hat|hot|het|hät)(?!\p{L})/gu, 'geklappt $1'],
  [/(?<!\p{L})(ge|g)fun(z|k)t(?!\p{L})/gu, 'funktioniert'],
  [/(?<!\p{L})(subber|supper)(?!\p{L})/gu, 'super'],
  [/(?<!\p{L})(dankschee|dankscheen|dankesche|dankeschee)(?!\p{L})/gu, 'dankeschön'],
  // Austria and the Allgäu: "muass", "lei a Meldung", "gor nit", "nochschaun", "in da Fruah",
  // "wos tuan", "bei eich / enk", "hot nix brocht", "i hob", "oiso", "gmoint", "umstella" (muss,
  // nur eine Meldung, gar nicht, nachschauen, früh, was tun, bei euch, gebracht, habe, also,
  // gemeint, umstellen).
  [/(?<!\p{L})(muass|muaß|muas)(?!\p{L})/gu, 'muss'],
  // The Mühlviertel: "ois durchgmacht, owa wia woaß i …", "Schritt fia Schritt erklärn", "fia
  // d'Orbeit oanmeld" (alles durchgemacht, aber wie weiß ich, für, erklären, Arbeit, anmelde).
  [/(?<!\p{L})ois(?!\p{L})/gu, 'alles'],
  [/(?<!\p{L})owa(?!\p{L})/gu, 'aber'],
  [/(?<!\p{L})woaß(?!\p{L})/gu, 'weiß'],
  [/(?<!\p{L})durchgmacht(?!\p{L})/gu, 'durchgemacht'],
  [/(?<!\p{L})(fia|fiar)(?!\p{L})/gu, 'für'],
  [/(?<!\p{L})erklärn(?!\p{L})/gu, 'erklären'],
  [/(?<!\p{L})(orbeit|oarbeit)(?!\p{L})/gu, 'arbeit'],
  [/(?<!\p{L})oa(meld|mölden|möld)/gu, 'anmeld'],
  [
    /(?<!\p{L})lei(?= (a|an|oa|oan|ein|eine|die|des|das|dr|der|no|noch|mehr|kurz)(?!\p{L}))/gu,
    'nur',
  ],
  [/(?<!\p{L})gor(?= (nit|ned|net|nix|nicht|koa|kein|nimmer))/gu, 'gar'],
  [/(?<!\p{L})(nit|ned)(?!\p{L})/gu, 'nicht'],
  // Saxony and the Vogtland: "neuer geht bei dem ni" (nicht).
  [/(?<!\p{L})ni(?!\p{L})/gu, 'nicht'],
  [/(?<!\p{L})(noch|no|na)schau(n|en|a|e)?(?!\p{L})/gu, 'nachschauen'],
  [/(?<!\p{L})fruah(?!\p{L})/gu, 'früh'],
  [/(?<!\p{L})(tuan|toan)(?!\p{L})/gu, 'tun'],
  [/(?<!\p{L})(eich|enk)(?!\p{L})/gu, 'euch'],
  [/(?<!\p{L})brocht(?!\p{L})/gu, 'gebracht'],
  [/(?<!\p{L})hob(?!\p{L})/gu, 'habe'],
  [/(?<!\p{L})oiso(?!\p{L})/gu, 'also'],
  [/(?<!\p{L})gmoint(?!\p{L})/gu, 'gemeint'],
  [/(?<!\p{L})(um)?stella(?!\p{L})/gu, '$1stellen'],
  [/(?<!\p{L})hot(?!\p{L})/gu, 'hat'],
  // "Wie vü Urlaubstog …", "am Montog" (viele, Urlaubstage, Montag).
  [/(?<!\p{L})(vü|vüle|vüll)(?!\p{L})/gu, 'viele'],
  [/(?<=\p{L}{2})tog(e|en)?(?!\p{L})/gu, 'tag$1'],
  [/(?<!\p{L})scho(?!\p{L})/gu, 'schon'],
  // Hesse, the Palatinate and Switzerland: "de" for the article ("de Microsoft Authenticator").
  [/(?<!\p{L}|-)de(?= \p{L})/gu, 'den'],
  // Thurgau and Bavaria: "Chan ich näbem iPhone au no mis iPad registriere?", "Cha me das no …
  // registriere?", "Kann i des heit a no so machen oder geht des nimma?", "ang'meldet" (neben dem,
  // noch, kann man, auch noch, nicht mehr, angemeldet).
  [/(?<!\p{L})(näbem|näbed|nebem)(?!\p{L})/gu, 'neben dem'],
  [/(?<!\p{L})näbe(?!\p{L})/gu, 'neben'],
  [/(?<!\p{L})cha(?= (me|mer|man|i|ich|d|de|die|das|s|es|er|sie|du)(?!\p{L}))/gu, 'kann'],
  // Swiss "wänn" (wenn), "chaufe" (kaufen), "bisch" (bist).
  [/(?<!\p{L})wänn(?!\p{L})/gu, 'wenn'],
  // "d IT heig mis Grät zruggzoge" (zurückgezogen: retired, in Intune's German word).
  [
    /(?<!\p{L})(zruggzoge|zruggzogä|zruggzoga|zruckzogn|zruckzogen|zurückzogen|zurückzoge|zurückzogä)(?!\p{L})/gu,
    'zurückgezogen',
  ],
  [/(?<!\p{L})(chaufe|chaufä|chaufa|choufe)(?!\p{L})/gu, 'kaufen'],
  [/(?<!\p{L})bisch(?!\p{L})/gu, 'bist'],
  [/(?<=(?:kann|chan|cha) )me(?!\p{L})/gu, 'man'],
  [/(?<!\p{L})a no(?!\p{L})/gu, 'auch noch'],
  [
    /(?<!\p{L})no(?= (so|mal|mol|immer|nicht|net|ned|nöd|nie|einmal|für|fürs|mit|da|do|drauf|dran)(?!\p{L}))/gu,
    'noch',
  ],
  [/(?<=(?:auch|au|immer) )no(?!\p{L})/gu, 'noch'],
  [/(?<!\p{L})(nimma|nimmer|nümm|nüme|nümme)(?!\p{L})/gu, 'nicht mehr'],
  [/(?<!\p{L})(ang|aag|g)'meld(et|t)(?!\p{L})/gu, 'angemeldet'],
  [/(?<!\p{L})registriere(?!\p{L})/gu, 'registrieren'],
  // Bavaria: "ko i des iPad au no dazuanehma?" (kann ich … auch noch dazunehmen: a second device).
  [/(?<!\p{L})ko(?= (i|ich|mer|ma|man)(?!\p{L}))/gu, 'kann'],
  [/(?<!\p{L})dazu(a)?nehm\p{L}*/gu, 'zusätzlich dazunehmen'],
  // The Palatinate: "Un kann isch nebe dem iPhone aach noch mei iPad aamelde?" (und, neben).
  [/(?<!\p{L})un(?= \p{L})/gu, 'und'],
  [/(?<!\p{L})nebe(?!\p{L})/gu, 'neben'],
  // Thurgau: "Gits e Reihefolg? Wo söll i mich zerscht aamälde?" (gibt es, Reihenfolge, soll,
  // zuerst, anmelden).
  [/(?<!\p{L})gits(?!\p{L})/gu, 'gibt es'],
  [/(?<!\p{L})reihefolg(e)?(?!\p{L})/gu, 'reihenfolge'],
  [/(?<!\p{L})(zerscht|zerst|zersch|zuerscht)(?!\p{L})/gu, 'zuerst'],
  [/(?<!\p{L})(söll|sött)(?!\p{L})/gu, 'soll'],
  [/(?<!\p{L})aamälde(?!\p{L})/gu, 'anmelden'],
  // Swiss and Bavarian "no" is "noch" ("hät no iPadOS 14.8 druf", "überhaupt no registriere"),
  // last: the folds above read "no amoi", "a no" and the like first.
  [/(?<!\p{L})no(?= (\p{L}+|\d))(?! (problem|idea|way|worries)\b)/gu, 'noch'],
];
