import {
  findErrorText,
  isQuotedIn,
  compareVersions,
  findDevice,
  findOsVersion,
  findOwnership,
  formatVersion,
  osName,
  parseDeviceInfo,
  parseVersion,
} from '../../../src/knowledge/device-info';

const v = (major: number, minor = 0, patch = 0) => ({ major, minor, patch });

describe('findOsVersion', () => {
  it.each([
    ['iOS 12', v(12)],
    ['ios 13', v(13)],
    ['iPhone on iOS 14.2', v(14, 2)],
    ['running iOS 14.9', v(14, 9)],
    ['iPadOS 13.0', v(13, 0)],
    ['iPadOS 13.1', v(13, 1)],
    ['ipados 16.1 on my ipad', v(16, 1)],
    ['my phone is on 14.8', v(14, 8)],
    ['it runs 15', v(15)],
    ['iOS 16', v(16)],
    ['steps for ios17', v(17)],
    ['stuck on 17.4.1', v(17, 4, 1)],
    ['iOS 18.6', v(18, 6)],
    ['updated to iOS 26', v(26)],
    ['iOS seventeen', v(17)],
    ['ios fifteen point four', v(15, 4)],
    ['iPadOS twenty-six', v(26)],
    ['version 16.7.2 of ios', v(16, 7, 2)],
    // A version that ends its sentence.
    ['Info zeigt Softwareversion 16.7.10. Geht das noch?', v(16, 7, 10)],
    ['the about page shows 15.8. ok?', v(15, 8)],
    // ("and" that starts what comes next is no bound: "17.1 and it fails".)
    ['iphone 12 ios 17.1 and it fails', v(17, 1)],
  ])('reads %s', (text, expected) => {
    expect(findOsVersion(text)).toEqual(expected);
  });

  it.each([
    'I have 2 phones',
    'on 5G with 2 devices',
    'error 0x80180014',
    'it happened at 10.30 am',
    'iOS 21',
    'I paid $12.99',
    'release 1.2.3.4 of the app',
    // A count of devices is no version.
    'I start on twelve iPads on Friday',
    'I start on 12 iphones tomorrow',
    'how do I enroll?',
    '',
    // A version given as a bound is what is needed, not what the device runs.
    'Old handout from 2022 says iOS 13 or later.',
    'you need 16.4 or newer',
    'iOS 17+ only',
    'iPadOS 15 and up',
    'braucht iOS 15 oder höher',
    'il faut iOS 16 ou plus récent',
    'requiere iOS 15 o superior',
    'iOS 16以降が必要です',
  ])('finds no version in %p', (text) => {
    expect(findOsVersion(text)).toBeUndefined();
  });
});

describe('parseVersion', () => {
  it('parses form input', () => {
    expect(parseVersion(' 17.4.1 ')).toEqual(v(17, 4, 1));
    expect(parseVersion('16')).toEqual(v(16));
    expect(parseVersion('v15.2')).toEqual(v(15, 2));
  });
  it.each(['', 'abc', '17.', '99', '21.1', '17.4.1.2', '1e3'])('rejects %p', (text) => {
    expect(parseVersion(text)).toBeUndefined();
  });
});

describe('device and ownership', () => {
  it.each([
    ['my iPhone 15', 'iPhone'],
    ['an i-pad', 'iPad'],
    ['iPadOS 17', 'iPad'],
    ['my tablet', 'iPad'],
    ['iPhone or iPad?', undefined],
    ['my phone', undefined],
  ])('device in %p is %p', (text, expected) => {
    expect(parseDeviceInfo(text).device).toBe(expected);
  });

  it('tells personal from company-owned', () => {
    expect(findOwnership('my own iPhone')).toBe('personal');
    expect(findOwnership('a personal device (BYOD)')).toBe('personal');
    expect(findOwnership('my company-owned iPad')).toBe('company');
    // A school district or a county is an organisation that gives out devices too.
    expect(findOwnership('the district gave us iPads for the buses, how do we set those up?')).toBe(
      'company',
    );
    expect(findOwnership('The county issued me an iPhone last week')).toBe('company');
    // Told it is not theirs and whose it is, beside other people's own phones.
    expect(
      findOwnership(
        'They gave me a company iPhone. The guides are all for our own phones. This one is not mine, it belongs to the company. How do I set it up?',
      ),
    ).toBe('company');
    expect(findOwnership('my work phone')).toBe('company');
    expect(findOwnership('an iPhone')).toBeUndefined();
  });

  it.each([
    // An owner named only to deny it counts for neither.
    ["It's not my own phone, it belongs to the company. How do I set it up?", 'company'],
    ['They are company property, not anybody’s personal device.', 'company'],
    ["It's not a company phone, it's my own", 'personal'],
    ['Chef hat mir ein iPad von Firma gegeben, gehört nicht mir, ist Firmeneigentum.', 'company'],
    ['A Dienst-iPhone, des ghört also der Firma und it mir.', 'company'],
    ['私物ではなく会社のiPhoneです', 'company'],
    ['No es mi celular personal, es de la empresa', 'company'],
    // Organisations that buy devices, and their plurals.
    ['We got a box of iPhones the hotel bought for the night staff.', 'company'],
    ['We have just been issued company iPads for the control room.', 'company'],
    // Both owners told: the last question naming one decides.
    [
      'I did my own phone last year. Is this one different? How do I set up the company one?',
      'company',
    ],
    ['I have a company iPad and my own iPhone. How do I enroll my own iPhone?', 'personal'],
    ['I have a company iPad and my own iPhone.', undefined],
    // Someone else's device says nothing about the person's own; the company's does.
    ['My cousin did his work phone through Company Portal. Can I still do it that way?', undefined],
    ["The company's iPad needs setting up.", 'company'],
  ])('reads who owns the device in %p', (text, owner) => {
    expect(findOwnership(text)).toBe(owner);
  });

  it('reads everything at once', () => {
    expect(parseDeviceInfo('steps to enroll my own iPad running iPadOS 16.1')).toEqual({
      device: 'iPad',
      os: v(16, 1),
      ownership: 'personal',
    });
    expect(findDevice('iphone')).toBe('iPhone');
  });
});

describe('version helpers', () => {
  it('compares and formats', () => {
    expect(compareVersions(v(14, 9), v(15))).toBeLessThan(0);
    expect(compareVersions(v(13, 1), v(13, 0))).toBeGreaterThan(0);
    expect(compareVersions(v(17, 4, 1), v(17, 4, 1))).toBe(0);
    expect(formatVersion(v(17, 4, 1))).toBe('17.4.1');
    expect(formatVersion(v(16, 1))).toBe('16.1');
    expect(formatVersion(v(15))).toBe('15');
    expect(osName('iPad', v(13))).toBe('iPadOS');
    expect(osName('iPad', v(12))).toBe('iOS');
    expect(osName('iPhone', v(17))).toBe('iOS');
  });
});

describe('what people type in German, French, Spanish and Japanese', () => {
  it.each([
    // German
    ['mein eigenes iPhone 13, iOS 16.6', 'iPhone', v(16, 6), 'personal'],
    ['iPad der Firma, iPadOS 17.2', 'iPad', v(17, 2), 'company'],
    ['mein privates Handy, ein iPhone 15 mit iOS 18.1', 'iPhone', v(18, 1), 'personal'],
    ['Diensthandy, iPhone 14 auf 17.5', 'iPhone', v(17, 5), 'company'],
    ['Das iPad habe ich von der Firma bekommen, iPadOS 18', 'iPad', v(18), 'company'],
    ['ein Firmen-iPhone mit iOS 17', 'iPhone', v(17), 'company'],
    ['mein Tablet läuft mit 17.4, gehört mir', 'iPad', v(17, 4), 'personal'],
    // French
    ['mon propre iPhone 13 sous iOS 16.6', 'iPhone', v(16, 6), 'personal'],
    ["c'est l'iPad de l'entreprise", 'iPad', undefined, 'company'],
    ['c’est l’iPad de l’entreprise, sous iPadOS 17.2', 'iPad', v(17, 2), 'company'],
    ['mon iPhone perso, version 17.4', 'iPhone', v(17, 4), 'personal'],
    ['un iPhone fourni par mon employeur, iOS 18', 'iPhone', v(18), 'company'],
    ['ma tablette est à moi, iPadOS 18.1', 'iPad', v(18, 1), 'personal'],
    // Spanish
    ['mi propio iPhone 13 con iOS 16.6', 'iPhone', v(16, 6), 'personal'],
    ['es el iPad de la empresa, iPadOS 17.2', 'iPad', v(17, 2), 'company'],
    ['mi iPhone personal con iOS 18', 'iPhone', v(18), 'personal'],
    ['un iPhone corporativo, versión 17.1', 'iPhone', v(17, 1), 'company'],
    ['la empresa me lo dio, es un iPad con iPadOS 17', 'iPad', v(17), 'company'],
    // Japanese
    ['自分のiPhone 13、iOS 16.6', 'iPhone', v(16, 6), 'personal'],
    ['会社支給のiPad、iPadOS 17.2です', 'iPad', v(17, 2), 'company'],
    ['私物のiPhone 15です。iOS 18.1', 'iPhone', v(18, 1), 'personal'],
    ['社用のiPhone、iOS 18', 'iPhone', v(18), 'company'],
    ['業務用のiPadでバージョンは17.4', 'iPad', v(17, 4), 'company'],
    ['個人のiPhoneでiOS17.5', 'iPhone', v(17, 5), 'personal'],
    ['会社のiPhoneです', 'iPhone', undefined, 'company'],
  ])('reads %p', (text, device, os, ownership) => {
    const info = parseDeviceInfo(text);
    expect(info.device).toBe(device);
    expect(info.os).toEqual(os);
    expect(info.ownership).toBe(ownership);
  });

  it.each([
    // The work account, a message from the company or work itself: not who owns the device.
    'Ich möchte mein iPhone für die Arbeit registrieren',
    'Ich habe von der Firma eine Mail bekommen, wie registriere ich mein iPhone?',
    'je dois utiliser mon compte professionnel sur mon iPhone',
    'quiero usar mi cuenta de trabajo en el iPhone',
    '会社のメールをiPhoneで見たい',
    'my iPhone for work',
  ])('reads no owner in %p', (text) => {
    expect(findOwnership(text)).toBeUndefined();
  });

  it('reads both owners as neither', () => {
    expect(findOwnership('mein eigenes iPhone, aber das iPad der Firma')).toBeUndefined();
    expect(findOwnership('自分のiPhoneと会社支給のiPad')).toBeUndefined();
  });

  it.each([
    ['en 15 minutes', undefined],
    ['con 10 personas', undefined],
    ['auf 16 GB', undefined],
    ['iPhone 13 mit 128 GB', undefined],
    ['17分待ちました', undefined],
    ['sous 16.4', v(16, 4)],
    ['iOSバージョン16.6', v(16, 6)],
  ])('finds the version in %p: %p', (text, expected) => {
    expect(findOsVersion(text)).toEqual(expected);
  });
});

describe('the message on screen a person quotes', () => {
  it.each([
    ['It says "Profile Installation Failed" every time', 'Profile Installation Failed'],
    ['Bei mir kommt „Invalid Profile“, was heißt das?', 'Invalid Profile'],
    ['Me sale «Perfil no válido» al final', 'Perfil no válido'],
    ['「無効なプロファイル」と表示されます', '無効なプロファイル'],
    // Two quoted pieces of one message are read together.
    [
      'Erst „Anmeldung fehlgeschlagen“, dann „unterstützt die erwarteten Dienste nicht“.',
      'Anmeldung fehlgeschlagen unterstützt die erwarteten Dienste nicht',
    ],
  ])('%p quotes %p', (text, quoted) => {
    expect(findErrorText(text)).toBe(quoted);
  });

  it('finds nothing in a message that quotes nothing', () => {
    expect(findErrorText("I can't find where to enroll my iPad")).toBeUndefined();
  });

  it('reads "I got" as a message only when one follows, as typed from the screen', () => {
    expect(findErrorText('Then I got pulled into a meeting and forgot about it. Now what')).toBe(
      undefined,
    );
    expect(findErrorText('I got Invalid Profile on the iPad. Help')).toBe(
      'Invalid Profile on the iPad',
    );
    expect(findErrorText('getting: profile installation failed. any idea')).toBe(
      'profile installation failed',
    );
  });

  it('tells a message copied between quote marks, single ones too, from one told', () => {
    const quoted = "All four of us get 'This service is not supported' at the same step.";
    expect(isQuotedIn(quoted, findErrorText(quoted) ?? '')).toBe(true);
    const told = 'It says This service is not supported. Any idea?';
    expect(isQuotedIn(told, findErrorText(told) ?? '')).toBe(false);
  });

  it('reads where something shows as no message ("my work account shows up in Settings")', () => {
    expect(
      findErrorText('My work account shows up in Settings. Then Word failed.'),
    ).toBeUndefined();
    expect(findErrorText('the account is showing in Settings now, all fine')).toBeUndefined();
    expect(findErrorText('the iPad is showing Profile Installation Failed. Help')).toBe(
      'Profile Installation Failed',
    );
  });
});
