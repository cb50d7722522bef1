import { rememberingLast } from '../../../src/knowledge/normalise';
import { joinSeparableVerbs, TEXT_PROFILES, termsOf } from '../../../src/knowledge/text-profile';

describe('text profiles', () => {
  it('stems German, French and Spanish words so inflections meet', () => {
    const de = (t: string): readonly string[] => termsOf(TEXT_PROFILES.de, t);
    expect(de('registrieren')).toEqual(de('registriere'));
    expect(de('Geräte')).toEqual(de('Gerät'));
    const fr = (t: string): readonly string[] => termsOf(TEXT_PROFILES.fr, t);
    expect(fr('installer')).toEqual(fr('installé'));
    expect(fr('appareils')).toEqual(fr('appareil'));
    const es = (t: string): readonly string[] => termsOf(TEXT_PROFILES.es, t);
    expect(es('dispositivos')).toEqual(es('dispositivo'));
  });

  it('drops function words and question words', () => {
    expect(termsOf(TEXT_PROFILES.de, 'Wie kann ich das machen?')).not.toContain('wie');
    expect(termsOf(TEXT_PROFILES.fr, "Comment est-ce que je peux l'inscrire ?")).toEqual(
      termsOf(TEXT_PROFILES.fr, 'inscrire'),
    );
    expect(termsOf(TEXT_PROFILES.es, '¿Cómo lo hago?')).not.toContain('com');
  });

  it('joins a German separable verb with its particle at the end of the clause', () => {
    expect(joinSeparableVerbs('wie melde ich mein ipad wieder ab?')).toContain('abmelde');
    expect(joinSeparableVerbs('dann richte ich das gerät ein, oder?')).toContain('einrichte');
    // Nothing to join: the particle is not last, or the clause has no verb before it.
    expect(joinSeparableVerbs('ab wann geht das?')).toBe('ab wann geht das?');
    expect(joinSeparableVerbs('ich melde mich ab')).toContain('abmelde');
    // A dash between spaces ends the clause before it; a hyphen inside a word does not.
    expect(
      joinSeparableVerbs('und falls es nicht passt – wie krieg ich das wieder runter?'),
    ).toContain('runterkrieg');
    expect(
      joinSeparableVerbs('und falls es nicht passt – wie krieg ich das wieder runter?'),
    ).not.toContain('runterfalls');
    expect(joinSeparableVerbs('dann mach ich die company-portal-app auf')).toContain('aufmach');
    const de = TEXT_PROFILES.de;
    const terms = (t: string): readonly string[] => termsOf(de, t);
    expect(terms('Wie melde ich mein iPad ab?')).toEqual(expect.arrayContaining(terms('abmelden')));
    // The verb and its particle become the joined verb: "melde … ab" is no "melden" (report).
    expect(terms('Wie melde ich mein iPad ab?')).not.toEqual(
      expect.arrayContaining(terms('melden')),
    );
  });

  it('drops Japanese verb endings and fillers that name nothing ("したら", "いろいろ", "本当")', () => {
    expect(termsOf(TEXT_PROFILES.ja, '登録したらいろいろ入るって本当？')).toEqual(
      termsOf(TEXT_PROFILES.ja, '登録 入る'),
    );
  });

  it('reads "from one to the other" as switching, in French, Spanish and German', () => {
    const has = (lang: 'fr' | 'es' | 'de', text: string, word: string): void =>
      expect(termsOf(TEXT_PROFILES[lang], text)).toEqual(
        expect.arrayContaining(termsOf(TEXT_PROFILES[lang], word)),
      );
    has('fr', "je pourrai passer de l'une à l'autre ?", 'basculer');
    has('es', '¿puedo pasar de una a otra luego?', 'cambiar');
    has('de', 'kann ich von der einen zur anderen wechseln?', 'umstellen');
  });

  it('reads Spanish "meter" a device as enrolling it, and "¿o solo se puede uno?" as how many', () => {
    const es = (t: string): readonly string[] => termsOf(TEXT_PROFILES.es, t);
    expect(es('¿puedo meter también el iPad?')).toEqual(expect.arrayContaining(es('inscribir')));
    // A code is typed, not enrolled.
    expect(es('meto el código y falla')).not.toEqual(expect.arrayContaining(es('inscribir')));
    expect(es('¿o solo se puede uno?')).toEqual(expect.arrayContaining(es('cantidad límite')));
  });

  it('drops the Spanish forms of "ser", "estar", "haber" and "ir", which say nothing here', () => {
    expect(termsOf(TEXT_PROFILES.es, '¿es normal y qué apps son?')).toEqual(['normal', 'apps']);
    expect(termsOf(TEXT_PROFILES.es, 'la empresa va a poder ver mi ubicación')).not.toContain('va');
  });

  it('reads German "wieder runterkriegen" and "loswerden" as removing the device', () => {
    const de = (t: string): readonly string[] => termsOf(TEXT_PROFILES.de, t);
    expect(de('Wie krieg ich das später wieder runter?')).toEqual(
      expect.arrayContaining(de('entfernen abmelden')),
    );
    expect(de('Wie wird man das wieder los?')).toEqual(expect.arrayContaining(de('abmelden')));
  });

  it('reads Palatinate and Hessian spellings as the articles write them', () => {
    const de = (t: string): readonly string[] => termsOf(TEXT_PROFILES.de, t);
    expect(de('Wie krieg isch des Firmezeisch widder vum Handy runner?')).toEqual(
      expect.arrayContaining(de('entfernen abmelden')),
    );
    // Berlin: "jelöscht", "jeht … uff".
    expect(de('wat jenau wird jelöscht')).toEqual(expect.arrayContaining(de('genau gelöscht')));
    expect(de('Teams jeht nich mehr uff')).toEqual(expect.arrayContaining(de('geht auf')));
    expect(de('mei iPad fer die Ärwet eirichte')).toEqual(
      expect.arrayContaining(de('Arbeit einrichten')),
    );
  });

  it('reads undoing the enrollment oneself in French and Spanish as the articles write it', () => {
    const fr = (t: string): readonly string[] => termsOf(TEXT_PROFILES.fr, t);
    const es = (t: string): readonly string[] => termsOf(TEXT_PROFILES.es, t);
    // "retirer l'inscription" is unenrolling, not the IT team retiring the device; changing
    // one's mind is no switch; "basculer de l'un à l'autre" is.
    expect(fr("comment on retire l'inscription ?")).toEqual(
      expect.arrayContaining(fr('désinscrire')),
    );
    expect(fr("si je change d'avis")).not.toEqual(expect.arrayContaining(fr('changer')));
    expect(fr("on peut basculer de l'un à l'autre ?")).toEqual(
      expect.arrayContaining(fr('passer changer basculer')),
    );
    expect(es('¿cómo lo saco de la gestión?')).toEqual(
      expect.arrayContaining(es('anular inscripción')),
    );
  });

  it('reads Japanese words written in hiragana as the articles write them', () => {
    const ja = (t: string): readonly string[] => termsOf(TEXT_PROFILES.ja, t);
    expect(ja('とうろくを かいじょ したい')).toEqual(expect.arrayContaining(ja('登録 解除')));
    expect(ja('かいしゃは しゃしんを みられますか')).toEqual(
      expect.arrayContaining(ja('会社 写真')),
    );
  });

  it('brings irregular French verb forms together ("je vois" is "voir")', () => {
    const fr = (t: string): readonly string[] => termsOf(TEXT_PROFILES.fr, t);
    expect(fr('comment je vois ma version')).toEqual(expect.arrayContaining(fr('voir')));
    expect(fr('il sait')).toEqual(expect.arrayContaining(fr('savoir')));
  });

  it('keeps the words that say how many devices, and reads "where I am" as location', () => {
    expect(termsOf(TEXT_PROFILES.de, 'Darf ich beide anmelden?')).toContain('beid');
    expect(termsOf(TEXT_PROFILES.es, '¿Puedo inscribir otro?')).toContain('otro');
    expect(termsOf(TEXT_PROFILES.es, '¿Sabrán por donde ando?')).toEqual(
      expect.arrayContaining(termsOf(TEXT_PROFILES.es, 'ubicación')),
    );
    const location = termsOf(TEXT_PROFILES.de, 'Standort');
    expect(termsOf(TEXT_PROFILES.de, 'Sieht die Firma, wo ich mit dem Handy gerade bin?')).toEqual(
      expect.arrayContaining(location),
    );
  });

  it('reads Japanese spelling variants of the same word alike', () => {
    const ja = TEXT_PROFILES.ja;
    expect(termsOf(ja, '端末をリタイヤされた')).toEqual(termsOf(ja, '端末をリタイアされた'));
    expect(termsOf(ja, '情シスに聞いた')).toEqual(termsOf(ja, 'IT部門に聞いた'));
    expect(termsOf(ja, 'サーバが見つからない')).toEqual(termsOf(ja, 'サーバーが見つからない'));
  });

  it('folds accents after stemming, so words typed without them still match', () => {
    expect(termsOf(TEXT_PROFILES.fr, 'réglages général')).toEqual(
      termsOf(TEXT_PROFILES.fr, 'reglages general'),
    );
    expect(termsOf(TEXT_PROFILES.de, 'Geräteverwaltung')).toEqual(
      termsOf(TEXT_PROFILES.de, 'Gerateverwaltung'),
    );
  });

  it('splits Japanese into words without spaces and drops particles', () => {
    const terms = termsOf(TEXT_PROFILES.ja, '個人のiPhoneを登録するにはどうすればいいですか？');
    expect(terms).toEqual(expect.arrayContaining(['個人', 'iphone', '登録']));
    expect(terms).not.toContain('の');
    expect(terms).not.toContain('を');
    expect(termsOf(TEXT_PROFILES.ja, '設定 › 一般 › VPNとデバイス管理')).toEqual(
      expect.arrayContaining(['設定', '一般', 'vpn', 'デバイス', '管理']),
    );
  });

  it('folds product spellings the same way in every language', () => {
    for (const lang of ['de', 'fr', 'es', 'ja'] as const) {
      expect(termsOf(TEXT_PROFILES[lang], 'i-Phone')).toEqual(
        termsOf(TEXT_PROFILES[lang], 'iPhone'),
      );
      expect(termsOf(TEXT_PROFILES[lang], 'i-Phone')).toHaveLength(1);
    }
  });
});

describe('Spanish as it is said in Andalusia, Murcia and the Caribbean', () => {
  it('reads clipped participles, "pa" and "tó" as written out', () => {
    const es = TEXT_PROFILES.es;
    expect(es.normalise('no lo he instalao ni tocao, pa tó')).toBe(
      'no lo he instalado ni tocado, para todo',
    );
    expect(termsOf(es, 'lo he probao')).toEqual(termsOf(es, 'lo he probado'));
  });
});

describe('German as typed in its regions', () => {
  const de = (t: string): readonly string[] => termsOf(TEXT_PROFILES.de, t);

  it.each([
    // Bavaria and Austria: the participle without "ge-", "-n" for "-en", their own words.
    ['Authenticator glöscht', 'Authenticator gelöscht'],
    ['nur Arbeitsapps und Datn', 'nur Arbeitsapps und Daten'],
    ['des ganze Gerät schützn lassn', 'das ganze Gerät schützen lassen'],
    ['no amoi macha', 'nochmal machen'],
    ['a neis iPhone kriagt', 'ein neues iPhone gekriegt'],
    // Switzerland: "-ig" for "-ung", "Grät", "Fänschter", "chunnt".
    ['d Meldig, mis Grät', 'die Meldung, mein Gerät'],
    ['es chunnt es Fänschter', 'es kommt ein Fenster'],
    // Standard German: "noch mal" is "nochmal".
    ['noch mal', 'nochmal'],
  ])('%p reads as %p', (dialect, standard) => {
    expect(de(dialect)).toEqual(de(standard));
  });

  it('keeps standard words that look like the dialect forms ("Regeln", "richtig", "fertig")', () => {
    const normalise = (t: string): string => TEXT_PROFILES.de.normalise(t);
    expect(normalise('Regeln und Mitteln')).toBe('regeln und mitteln');
    expect(normalise('richtig fertig, wichtig')).toBe('richtig fertig, wichtig');
  });

  it('"drücken" (to press) is not "drucken" (to print), though accents fold', () => {
    expect(de('drücken')).not.toEqual(de('drucken'));
    expect(de('wegdrücken')).not.toEqual(de('drücken'));
  });
});

describe('rememberingLast: one message normalised once, not once per reading of it', () => {
  it('folds a text once while it is among the last few, and folds it again after', () => {
    const seen: string[] = [];
    const fold = rememberingLast((t) => {
      seen.push(t);
      return t.toUpperCase();
    }, 2);
    expect([fold('a'), fold('a'), fold('b'), fold('a')]).toEqual(['A', 'A', 'B', 'A']);
    expect(seen).toEqual(['a', 'b']);
    // A third text pushes the oldest out: it is folded anew.
    fold('c');
    fold('a');
    expect(seen).toEqual(['a', 'b', 'c', 'a']);
  });

  it('every language reads a text the same the second time', () => {
    for (const profile of Object.values(TEXT_PROFILES)) {
      const text = 'Wie krieg ich mein iPhone angemeldet? ¿Cómo? 登録できますか';
      expect(profile.normalise(text)).toBe(profile.normalise(text));
    }
  });
});

describe('German participles of separable verbs meet their verb', () => {
  it.each([
    ['angemeldet', 'anmelden'],
    ['eingerichtet', 'einrichten'],
    ['zurückgesetzt', 'zurücksetzen'],
  ])('%p is %p', (participle, verb) => {
    expect(termsOf(TEXT_PROFILES.de, participle)).toEqual(termsOf(TEXT_PROFILES.de, verb));
  });

  it('"Angebot" (no participle) is left alone', () => {
    expect(termsOf(TEXT_PROFILES.de, 'Angebot')).toEqual(['angebot']);
  });

  it('"sind meine Sachen dann weg?" joins no "wegsind"', () => {
    expect(joinSeparableVerbs('sind meine eigenen sachen dann auch weg?')).not.toContain('wegsind');
  });

  it('"…hab ich gehört" is heard, not "gehört" of who owns the device', () => {
    expect(
      termsOf(TEXT_PROFILES.de, 'Das geht über die Einstellungen, hab ich gehört'),
    ).not.toContain(termsOf(TEXT_PROFILES.de, 'gehört')[0]);
  });
});
