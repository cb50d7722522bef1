import { closestCommand, matchCommand } from '../../../src/actions/commands';
import { parseVerifyDomain } from '../../../src/flows/admin/discovery';
import { parseWhichProfile } from '../../../src/flows/admin/profiles';

describe('closestCommand ("did you mean")', () => {
  it.each([
    ['crate profle', 'createProfile'],
    ['profils', 'profiles'],
    ['profile', 'profiles'],
    ['auditt', 'audit'],
    ['verfy domian contoso.com', 'verifyDomain'],
    ['chek setp', 'checkSetup'],
  ])('%s → %s', (text, id) => {
    expect(matchCommand(text, 'personal')).toBeUndefined();
    expect(closestCommand(text, 'personal')?.id).toBe(id);
  });

  it.each([
    'how do I enroll my iPhone?',
    'can my boss see my photos',
    'prfls',
    'create a new iPhone account for my mum please now',
    'hi',
    '',
  ])('suggests nothing for "%s"', (text) => {
    expect(closestCommand(text, 'personal')).toBeUndefined();
  });

  it('only suggests commands of the conversation scope', () => {
    expect(closestCommand('set helpdesk chanel', 'personal')).toBeUndefined();
    expect(closestCommand('set helpdesk chanel', 'team')?.id).toBe('setHelpdeskChannel');
  });
});

describe('arguments after a corrected command', () => {
  it('keeps the person and the domain as typed', () => {
    expect(parseWhichProfile('whch profle aplies to meganb@contoso.example')).toBe(
      'meganb@contoso.example',
    );
    expect(parseWhichProfile('which profile applies to Megan Bowen?')).toBe('Megan Bowen');
    expect(parseVerifyDomain('verfy domain contoso.com')).toBe('contoso.com');
    expect(parseVerifyDomain('verify domain contoso.com')).toBe('contoso.com');
  });
});

describe('following up on a report: "my tickets" in the words people use', () => {
  it.each([
    'status of my ticket',
    "what's happening with my ticket?",
    'is my ticket fixed yet?',
    'update on my enrollment issue?',
    'did the helpdesk look at my problem',
    'ticket status',
    'has anyone looked at my report?',
    'what happened to my report',
    'I reported a problem yesterday, any news?',
    'show me my open tickets',
    'follow up on my request',
    'when will my problem be fixed',
    'what is happening with enr 7k4m qx2p',
  ])('"%s" shows their cases', (text) => {
    expect(matchCommand(text, 'personal')?.id).toBe('myTickets');
  });

  it.each([
    'my problem is that enrollment fails with profile installation failed',
    'why is my enrollment problem happening',
    'my issue is the passcode',
    'I have a problem enrolling my ipad',
    'how do I check my enrollment status',
    'is my ipad supported',
    // Words that begin like a case number ("enr" + eight letters) are words.
    'guide moi pour enregistrer mon cell stp',
    'comment enregistrer mon iphone',
    'i typed the code incorrectly',
  ])('"%s" is a question, not a follow-up', (text) => {
    expect(matchCommand(text, 'personal')?.id).not.toBe('myTickets');
  });
});

describe('asking for a person opens the report form', () => {
  it.each([
    'could I talk with someone from the service desk?',
    // Round 40/36: Shetland "a real body tae spaek tae", Fukushima "話させてもらえねぇべか".
    "Can du get me a real body tae spaek tae? I'm had enough o dis",
    'もうわがんねぇから、ヘルプデスクの人と直接話させてもらえねぇべか',
    'put me through to a technician please',
    'I want a real person',
    'please have someone from IT phone me back',
    'Kann ich bitte mit einem Mitarbeiter vom Support telefonieren?',
    // Spoken German: "nem" for "einem".
    'kann ich mal kurz mit nem echten Menschen reden',
    // Round 44: the verb first, as learners of German put it.
    'Bitte kann ich sprechen mit echte Mensch von IT? Ich verstehe nicht mehr.',
    // Round 49/45: "Kindly raise…", the person before the verb, Mie "見てもらえやんかな".
    'Kindly log a ticket for my problem and have the IT team get back to me.',
    'Ich will bitte mit einem Techniker vom Support sprechen, nicht mit dem Bot.',
    'しんどいわ…サポートの人に直接見てもらえやんかな？',
    // Round 50/46: how to put a ticket in, with why; Upper Austrian "mit am echtn Menschn … redn".
    "How do I put a ticket in? I've done all the steps and I'm still stuck.",
    'I mog bitte mit am echtn Menschn vom Support redn, des bringt so nix',
    'Je voudrais discuter avec un technicien',
    "je peux parler à qqn de l'informatique ?",
    'Necesito hablar con un técnico',
    'サポートの人と話したいです',
    '情シスの人に直接対応してほしいです',
    'could somebody from the service desk please call me',
    'I want to raise this with IT support',
    "Vous pouvez ouvrir un billet pour l'informatique ?",
    // Asking to be put through: "pásame con…", "passez-moi…", "verbinden Sie mich mit…".
    'pásame con alguien de sistemas porfa, llevo una hora con esto',
    '¿me puedes poner con alguien?',
    "passez-moi quelqu'un du support svp",
    'Können Sie mich bitte mit jemandem von der IT verbinden?',
    'je voudrais parler à un vrai technicien, pas à un robot',
    'サポートの担当者と直接やり取りしたいです',
    'この件でチケット作ってもらえますか',
    // Asking to be contacted, or for the problem to be handed on (fresh set unseen-10).
    'Könnte sich jemand aus der IT mal bei mir melden? Ich häng hier fest.',
    'vous pouvez remonter mon problème au support ? je bloque depuis ce matin',
    'サポートの担当の方とお話ししたいです',
    'could someone from the help desk get back to me about this?',
    // Asked to put a ticket in, with why (fresh set holdout-18).
    "could you put in a ticket with the service desk for me? I'm on the road all day",
    'would you lodge a case for me please',
    'comment je contacte le support ? je voudrais leur expliquer mon problème',
    'quiero levantar un reporte con soporte, ya no sé qué más hacer',
    '恐れ入りますが、サポートへ問い合わせを上げさせていただけますか',
    '起票をお願いできますでしょうか',
    'Könnte mich heute noch wer von der IT zurückrufen? Ich komm ned weiter',
    'crée-moi un ticket pour le support stp, je suis bloquée',
    '¿Me podéis escalar el problema al equipo de soporte? No hay manera',
    'もう分からんけん、サポートの人と直接話したかです',
    'I would like to create a ticket with the service desk, my iPad will not enroll since Friday',
    'Hiermit reiche ich eine Störungsmeldung zur Registrierung meines Diensthandys ein und bitte, sie an die zuständige Stelle weiterzuleiten.',
    'Guten Tag, mein iPhone lässt sich seit Tagen nicht registrieren und ich habe alles versucht, was im Intranet steht. Könnten Sie das bitte als Ticket an den Helpdesk weiterleiten? Danke.',
    'Je voudrais créer un ticket auprès de la DSI pour mon iPad qui refuse de s’inscrire depuis hier, merci',
    'je voudrais remonter ce blocage d’inscription à l’équipe support, comment je fais ?',
    "I'd like to log a call with the service desk please, my phone has refused to enroll all week and I'm out of ideas at this point honestly",
    // Handing the problem on, in Swiss German and Japanese dialect (fresh set unseen-22).
    'Könntet ihr meinen Fall bitte an den IT-Support weiterleiten? Ich steh an.',
    'Chönd ihr mer es Ticket bi de Informatik ufmache?',
    'この不具合、情シスの方に回してください',
    'もう無理じゃけぇ、サポートに問い合わせ上げてもらえますか',
    '不具合を報告したいです。',
    '担当者さんと直接お話ししたいです',
    '情シスにチケット出してもらえますか',
    "Kann ich mal mit 'nem Menschen vom Support schnacken?",
    'could you put a case in with the service desk for me please',
    'any chance I could get hold of a real IT person about this?',
    'kann ich bitte mit nem menschen vom support schreiben',
    'Preferiría hablarlo con una persona de soporte técnico. ¿Me pueden poner en contacto?',
    'この件、IT担当の方にご相談させていただけますか',
    'Wie meld ich dem Support en Fehler bei der Registrierung?',
    'サポートにチケット切りたいです',
    '情報システム部のご担当者様へお取次ぎ願えますでしょうか',
    // Round 30/26: Welsh, older staff, Saarland, Kölsch, Geneva.
    'could you put me through to the service desk please, the iPad still will not enrol',
    "May I speak to somebody from the helpdesk, please? I'm 61 and not confident with phones at all, so I'd much prefer a person from IT went through it with me.",
    'Ich hätte gerne ein Ticket beim Helpdesk aufgemacht, mein iPad will nicht',
    'Wie kann ich dat Problem an die IT weiterjevve?',
    'Serait-il possible d’échanger avec un technicien du support ? J’ai un souci avec l’inscription.',
    // Round 31/27: Vienna, Japanese written in kana.
    'Kann i mit wem vom Support redn? Des Handy mag ned.',
    'サポートの人とはなしたいです',
    // Round 32/28.
    "Je peux parler directement à quelqu'un du support ? Ça fait une heure que je bloque",
    'ヘルプデスクに問い合わせ出したいんですけど',
    'Kann i mei Problem an de Helpdesk melde?',
    // Round 34/30: Zürich.
    'Chan ich bitte mit öpperem vom Support rede? Es gaht eifach nöd.',
    // Round 35/31.
    'is there an actual person I could speak to? would rather ring someone',
    "Kann ich das mit 'nem Menschen vom Support klären?",
    'この不具合をチケットで報告したいです',
    '担当の方に連絡していただけますか',
    // Round 36/32.
    'could I get talking to a real person about this please',
    "Mach mir bitte 'n Ticket beim Support auf",
    '¿me podés comunicar con alguien de soporte?',
    'にんげん の たんとう の ひと と そうだん したい です',
    // Round 43/39: asked in the person's words, with no "please" or "can you".
    'Can I get a real person on this? I need a ticket opened with the helpdesk',
    "Just put in a ticket for me please, I'm done messing with it, let IT sort it out",
    'I need a case raised with IT, the enrollment keeps failing',
    'Kannst mich mal an nen echten Menschen vom IT-Support weitergeben? Ich komm hier nich weiter',
    'わたしのもんだい、ヘルプデスクにチケットをだしてください。おねがいします',
    // Round 45/41: Hessian, Medellín.
    'Mach mer bitte e Ticket bei de IT uff, isch hab kaa Lust mehr do rumzuprobiern',
    'Parce, ¿cómo abro un ticket con soporte? Ya me cansé de intentarlo solo',
    // Round 46: Atlanta.
    "Can I just get a real person from the helpdesk on this? I've been at it for an hour, oh my gosh.",
    // Round 51/47: asked whether there is a way to reach a person; Rosario's "me abrís".
    'Is there any way to talk to a real person on the helpdesk? I need this sorted before 2',
    'is there a way I can speak with an actual human from IT support',
    'Ya probé todo. ¿Me abrís un ticket con soporte así lo ve alguien?',
  ])('%p', (text) => {
    expect(matchCommand(text, 'personal')?.id).toBe('report');
  });

  it.each([
    'do I need to talk to IT before I enroll?',
    'muss ich mich von der IT anrufen lassen, bevor ich das iPhone registriere?',
    "Outlook ne s'ouvre plus et demande une mise à jour",
    'est-ce que l’équipe IT peut voir mes photos si je signale un problème à la DSI ?',
    'Est-ce que je dois ouvrir un ticket auprès du support avant de m’inscrire ?',
    'el código por SMS me falla, pero si elijo que me llamen sí funciona, ¿por qué?',
    'I want to make sure my photos are safe, is that a problem?',
    'do I need to make a ticket with IT before enrolling?',
    'can my IT team see my messages?',
    'will someone from the helpdesk see my photos',
    'how do I submit my plane ticket for a refund',
    'report my train ticket expenses',
    'ponme el código en el móvil',
    'Muss ich mich bei der IT melden, bevor ich mein iPad registriere?',
    'Muss ich mit jemand vom Helpdesk sprechen, bevor ich mich registriere?',
    'est-ce que le support voit mes photos ?',
    'can you tell me how to put in a leave request',
    'Wie gebe ich das Problem an die IT weiter, wenn ich kein Teams habe?',
    '不具合を報告したら会社に写真が見られますか？',
    'can I contact someone about the wifi password',
    'do I need to contact a real person before I enroll?',
    'Bonjour, suis-je en train d’échanger avec une personne ou avec un assistant automatique ?',
    'do I need a ticket opened before I can enroll?',
    'just wondering if I need a ticket for this',
    'Kannst du mich an die richtige Stelle im Menü weiterleiten?',
    'Kann ich mich mit meinem Firmenkonto anmelden?',
    'kindly explain how the enrollment works',
    '画面を見てもらえますか',
  ])('not a question about people: %p', (text) => {
    expect(matchCommand(text, 'personal')?.id).not.toBe('report');
  });
});

describe('asking how to hand the problem to the helpdesk (fresh set unseen-11)', () => {
  it.each([
    '¿Cómo puedo reportar el problema a soporte? Ya no sé qué más hacer',
    'ヘルプデスクに問い合わせしたいのですが',
    'Ich würde gern ein Problem beim IT-Support melden',
    'サポートの方に相談させていただきたいです',
    // Told, with why, at any length; in Bavarian; in Tohoku Japanese ("の人さ" for "の人に").
    "Please open a ticket for me, I've had enough of this. I've been at it all morning.",
    'Kann i bitte mit an Menschn vo da IT redn? I kumm do afoch net weiter.',
    'なんぼやってもだめだがら、ヘルプデスクの人さ直接見でもらいでぇんだども、頼めるがなっす',
    // Westerwald and Vorarlberg German.
    'Isch möcht jetz bitte mit jemand vom Helpdesk direkt spreche, dat bringt so nix.',
    'Kasch mir bitte a Ticket fürs Helpdesk ufmacha? I will des mit am Mensch bespreche.',
    // German as a learner writes it (no article); Spanish asked with the pronoun joined on.
    'Bitte ich will mit Mensch von Helpdesk reden, nicht mit Bot.',
    'Oye, ábreme un caso con soporte, que ya no sé qué hacer',
    'Hazme un ticket porfa, no puedo más',
    // A learner's "ein Ticket öffnen"; Izumo "出してごしない" (please put it in).
    'Ich möchte bitte ein Ticket öffnen für die IT, es funktioniert nichts mit meine Registrierung',
    'もう自分じゃ無理だけん、担当の人に問い合わせ出してごしない',
  ])('%p opens the report form', (text) => {
    expect(matchCommand(text, 'personal')?.id).toBe('report');
  });

  it('a ticket that will not open is no request for one', () => {
    expect(matchCommand('Das Ticket lässt sich nicht öffnen', 'personal')).toBeUndefined();
  });

  it.each([
    'Kindly raise one ticket to IT helpdesk, I have tried 4 times and it is not working',
    'I need a real person from IT, who do I talk to',
  ])('%p opens the report form', (text) => {
    expect(matchCommand(text, 'personal')?.id).toBe('report');
  });

  it('"Bitte eröffnen Sie für mich ein Ticket…": the verb first, asked of the bot', () => {
    const text =
      'Bitte eröffnen Sie für mich ein Ticket beim Helpdesk, ich brauche jemanden von der IT, der sich das persönlich ansieht.';
    expect(matchCommand(text, 'personal')?.id).toBe('report');
  });

  it('"Öffnen Sie die App…" asks for no ticket', () => {
    expect(matchCommand('Öffnen Sie die App und tippen Sie auf Start', 'personal')).toBeUndefined();
  });

  it('asking whether a real person must approve it is no request for one', () => {
    expect(matchCommand('do I need a real person to approve it?', 'personal')).toBeUndefined();
  });
});
