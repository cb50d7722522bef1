/**
 * Reads what a message says about the device: iPhone or iPad, the iOS/iPadOS version, and whether
 * it is personal or company-owned. Used so the bot never asks again for what the user already
 * said ("steps for my iPad on iPadOS 17.4.1"). Models and versions are written the same in every
 * language; the words for "tablet", "version" and who owns the device are read in English,
 * German, French, Spanish and Japanese ("mein eigenes iPhone 13", "l'iPad de l'entreprise",
 * "会社支給のiPad").
 */

/** Apple device families the bot guides. */
export type DeviceFamily = 'iPhone' | 'iPad';

/** Who owns the device, as the user describes it. */
export type Ownership = 'personal' | 'company';

/** An iOS or iPadOS version. */
export interface OsVersion {
  major: number;
  minor: number;
  patch: number;
}

/** What the text told us; each part is undefined when the text did not say. */
export interface DeviceInfo {
  device?: DeviceFamily;
  os?: OsVersion;
  ownership?: Ownership;
}

/**
 * Major versions Apple has shipped or announced for iPhone/iPad: 1–18, then 26 onward (Apple
 * numbered releases by year from 2025). Numbers outside these are not read as versions.
 */
export function isKnownMajor(major: number): boolean {
  return (major >= 1 && major <= 18) || (major >= 26 && major <= 30);
}

const NUMBER_WORDS: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
};

const WORD = new RegExp(`\\b(${Object.keys(NUMBER_WORDS).join('|')})\\b`, 'g');

/** Replaces written-out numbers ("fifteen point four") with digits ("15.4"). */
function digitiseWords(text: string): string {
  return text
    .replace(/\btwenty[- ]?six\b/g, '26')
    .replace(/\btwenty[- ]?seven\b/g, '27')
    .replace(WORD, (w) => String(NUMBER_WORDS[w] ?? w))
    .replace(/(\d+) point (\d+)/g, '$1.$2');
}

/**
 * A version given as a bound, not as the one a device runs: "iOS 13 or later", "15+", "ab 16 oder
 * höher", "17 ou plus récent", "16 o superior", "17以降".
 */
const OR_LATER = String.raw`[\d.]*\s*(?:\+|(?:or|and) (?:later|newer|above|higher|up|greater|over)\b|oder (?:höher|neuer|später)\b|und (?:höher|neuer)\b|ou (?:plus(?: récent)?|supérieur|ultérieur)|et (?:plus|suivants?)\b|o (?:superior|posterior|más(?: reciente)?)\b|(?:en|para) adelante\b|以降|以上)`;
const VERSION = String.raw`(\d{1,2})(?:\.(\d{1,2}))?(?:\.(\d{1,2}))?`;
/**
 * Units that make a number something else than a version ("16 GB", "15 minutes"), in English,
 * German, French and Spanish (then Japanese counters, which follow the number directly).
 */
const NOT_A_VERSION = String.raw`(?![\d.]*\s*(?:(?:gb|tb|g\b|%|percent|min|minutes|hours|days|devices|phones|iphones|ipads|tablets|apps|times|people|users|minuten|stunden|tage[n]?|geräte[n]?|handys|mal|personen|leute|heures|jours|appareils|téléphones|fois|personnes|minutos|horas|días|dias|dispositivos|teléfonos|telefonos|veces|personas|go|mo)(?![\p{L}\p{N}])|分|時間|日|台|人|回|ギガ)|${OR_LATER})`;
/** A version right after an OS name: "iOS 17", "ipados16.1", "iOS バージョン 16.6". */
const OS_VERSION = new RegExp(
  String.raw`\b(?:ios|ipados|ipad ?os|iphone ?os)\s*(?:(?:version|versión|バージョン)\s*)?` +
    VERSION +
    NOT_A_VERSION,
  'gu',
);
/**
 * A version after a weaker cue word: "on 14.8", "running 16", "auf 16.6", "sous 16", "con 16",
 * "バージョン16". Needs a plausible major (9+).
 */
const CUED_VERSION = new RegExp(
  String.raw`(?:\b(?:version|running|runs|on|updated to|upgraded to|upgrade to|update to|says|it'?s|its|auf|läuft mit|aktualisiert auf|sous|en|con|versión|actualizado a)|バージョン)\s*` +
    VERSION +
    NOT_A_VERSION,
  'gu',
);
/** A dotted version standing alone ("stuck on 17.4.1"), only when it looks like one. */
const DOTTED_VERSION =
  /(?<![\d.:$£€])(\d{1,2})\.(\d)(?:\.(\d{1,2}))?(?![\d:]|\.\d)(?!\s*(?:am|pm|h|%|gb|mb)\b)(?!\s*(?:\+|(?:or|and) (?:later|newer|above|higher|up)\b|以降|以上))/g;

function toVersion(
  major: string | undefined,
  minor: string | undefined,
  patch: string | undefined,
): OsVersion | undefined {
  const m = Number(major);
  if (!Number.isInteger(m) || !isKnownMajor(m)) {
    return undefined;
  }
  return { major: m, minor: Number(minor ?? 0), patch: Number(patch ?? 0) };
}

/** Parses a version string such as "17", "16.1" or "17.4.1". */
export function parseVersion(text: string): OsVersion | undefined {
  const match = /^\s*v?(\d{1,2})(?:\.(\d{1,2}))?(?:\.(\d{1,2}))?\s*$/i.exec(text);
  return match ? toVersion(match[1], match[2], match[3]) : undefined;
}

/** Finds the iOS/iPadOS version a message mentions, if any. */
export function findOsVersion(text: string): OsVersion | undefined {
  const normalised = digitiseWords(text.toLowerCase());
  for (const match of normalised.matchAll(OS_VERSION)) {
    const version = toVersion(match[1], match[2], match[3]);
    if (version) return version;
  }
  for (const match of normalised.matchAll(CUED_VERSION)) {
    const version = toVersion(match[1], match[2], match[3]);
    if (version && version.major >= 9) return version;
  }
  for (const match of normalised.matchAll(DOTTED_VERSION)) {
    const version = toVersion(match[1], match[2], match[3]);
    if (version && version.major >= 9) return version;
  }
  return undefined;
}

/** Finds whether a message is about an iPhone or an iPad. */
export function findDevice(text: string): DeviceFamily | undefined {
  const t = text.toLowerCase();
  const ipad =
    /\bipad(?:os)?\b|\bipad ?os\b|\bi-pad\b|\btablet\b|\btablette\b|\btableta\b|アイパッド|タブレット/.test(
      t,
    );
  const iphone = /\biphone\b|\bi-phone\b|アイフォーン|アイフォン/.test(t);
  if (ipad && !iphone) return 'iPad';
  if (iphone && !ipad) return 'iPhone';
  return undefined;
}

/** A whole word in any script: `\b` only knows ASCII letters ("privé", "mío"). */
const W = (body: string): RegExp =>
  new RegExp(String.raw`(?<![\p{L}\p{N}])(?:${body})(?![\p{L}\p{N}])`, 'u');

/** Device nouns people use in German, French and Spanish (before or after the owner's word). */
const DEVICE_DE = String.raw`iphone|ipad|gerät|handy|telefon|smartphone|tablet`;
const DEVICE_FR = String.raw`iphone|ipad|appareil|téléphone|telephone|portable|mobile|smartphone|tablette`;
const DEVICE_ES = String.raw`iphone|ipad|dispositivo|teléfono|telefono|móvil|movil|celular|smartphone|tableta`;
const DEVICE_JA = String.raw`iphone|ipad|スマホ|スマートフォン|携帯|端末|デバイス|タブレット|アイフォン|アイパッド`;

/**
 * "My own / personal / private" in German, French, Spanish and Japanese ("mein eigenes iPhone",
 * "mon propre iPhone", "mi propio iPhone", "自分のiPhone", "私物").
 */
const OTHER_PERSONAL: readonly RegExp[] = [
  // German
  W(
    String.raw`eigene[snmr]?|privat(?:e[snmr]?)?|persönlich(?:e[snmr]?)?|privatgerät|privathandy|meins|gehört mir|mir gehört|selbst gekauft|selber gekauft|selbst bezahlt`,
  ),
  // French
  W(
    String.raw`propre|personnel(?:le)?|perso|privée?|à moi|m'appartient|m’appartient|je l'ai acheté|je l’ai acheté|le mien|la mienne|acheté moi-même`,
  ),
  // Spanish
  W(String.raw`propi[oa]|privad[oa]|mí[oa]|es mio|me pertenece|lo compré|la compré|lo compre`),
  // Japanese (no word boundaries)
  /私物|個人(?:の|用|所有|で|持ち)|自分(?:の|で買った|で購入)|自前|私用|プライベート/,
];

/**
 * "Company-owned / issued by my employer" in German, French, Spanish and Japanese ("iPad der
 * Firma", "Diensthandy", "l'iPad de l'entreprise", "iPhone de la empresa", "会社支給", "社用").
 * Only with the device or a verb of handing over: "für die Arbeit" or "compte professionnel" (the
 * work account) says nothing about who owns the device.
 */
const OTHER_COMPANY: readonly RegExp[] = [
  // German
  W(
    String.raw`(?:${DEVICE_DE}) (?:der|meiner|unserer|von der|von meiner) (?:firma|organisation|arbeit)|(?:${DEVICE_DE}) (?:des|meines|unseres|vom|von meinem) (?:arbeitgebers?|unternehmens?)`,
  ),
  W(
    String.raw`firmen-?(?:${DEVICE_DE})|dienst-?(?:${DEVICE_DE})|firmengerät|diensthandy|firmenhandy|firmeneigene[snmr]?|dienstliche[snmr]? (?:${DEVICE_DE})|geschäftliche[snmr]? (?:${DEVICE_DE})|gehört (?:der|meiner|unserer) (?:firma|organisation)|gehört (?:dem|meinem|unserem) (?:arbeitgeber|unternehmen)`,
  ),
  W(
    String.raw`(?:von der|von meiner|vom|von meinem) (?:firma|arbeitgeber|unternehmen) (?:gestellt|ausgegeben|geliehen|überlassen|bekommen|erhalten)(?:e[snmr]?)?`,
  ),
  W(
    String.raw`(?:firma|arbeitgeber|unternehmen|organisation) hat (?:es |ihn |sie )?mir[^.?!]{0,25}(?:gegeben|gestellt|geliehen|überlassen|ausgegeben)`,
  ),
  W(
    String.raw`(?:${DEVICE_DE})[^.?!]{0,30}(?:von der|von meiner|vom|von meinem) (?:firma|arbeitgeber|unternehmen)`,
  ),
  // "Die Firma hat uns … gekauft", "Firmeneigentum", "ghört also der Firma".
  W(
    String.raw`(?:firma|arbeitgeber|unternehmen|organisation|chef|chefin) hat (?:uns|mir|es|sie|ihn)(?: \p{L}+){0,4} (?:gekauft|gegeben|gestellt|geliehen|überlassen|ausgegeben)`,
  ),
  W(
    String.raw`firmeneigentum|eigentum (?:der|meiner|unserer) firma|g(?:e)?hört (?:\p{L}+ ){0,2}(?:der|da|meiner|unserer) firma|(?:von|vom) (?:der |meiner )?(?:firma|arbeitgeber|unternehmen|gschäft|geschäft) (?:\p{L}+ ){0,2}(?:${DEVICE_DE})\p{L}* (?:gegeben|gestellt|bekommen|gekriegt|kriegt|kriagt|erhalten)`,
  ),
  // French
  W(
    String.raw`(?:${DEVICE_FR}) (?:de l'|de l’|d'|d’)(?:entreprise|employeur)|(?:${DEVICE_FR}) (?:de la|de ma) (?:société|boîte|boite)|(?:${DEVICE_FR}) (?:de fonction|professionnel(?:le)?|pro de l'entreprise)`,
  ),
  W(
    String.raw`(?:appartient|est) (?:à l'|à l’|à mon |à ma |à la )(?:entreprise|employeur|société|boîte|boite)`,
  ),
  W(
    String.raw`(?:fourni|prêté|donné|remis|attribué)e? par (?:l'|l’|mon |ma |la )?(?:entreprise|employeur|société|boîte|boite)`,
  ),
  W(
    String.raw`(?:entreprise|employeur|société|boîte|boite) (?:me |m'|m’)(?:l'a |l’a |a )?(?:donné|fourni|prêté|remis|attribué)e?`,
  ),
  // Spanish
  W(
    String.raw`(?:${DEVICE_ES}) (?:de la|de mi|del|de) (?:empresa|compañía|compania|trabajo|oficina)|(?:${DEVICE_ES}) (?:corporativ[oa]|empresarial)`,
  ),
  W(String.raw`(?:es|pertenece a) (?:de )?(?:la|mi) (?:empresa|compañía|compania)`),
  W(
    String.raw`(?:proporcionad[oa]|entregad[oa]|prestad[oa]|dad[oa]|asignad[oa]) por (?:la |mi )?(?:empresa|compañía|compania|emplead[oa]r)`,
  ),
  W(
    String.raw`(?:empresa|compañía|compania|emplead[oa]r|trabajo) me (?:lo|la) (?:dio|dieron|prestó|presto|entregó|entrego|asignó|asigno)`,
  ),
  // Japanese
  new RegExp(
    String.raw`会社(?:から|の|で)?(?:支給|貸与|所有|購入|持ち)|会社の\s*(?:${DEVICE_JA})|(?:${DEVICE_JA})\s*(?:は|が)?\s*会社(?:の|もの)|社用|業務用|社給|支給(?:された|品|の)|貸与(?:された|品|の)|法人(?:所有|契約|用)`,
    'u',
  ),
];

/** An organisation that can own a device, as people name theirs. */
const ORG = String.raw`company|corporate|work|business|employer|organi[sz]ation|firm|office|department|school|university|hospital|clinic|practice|trust|council|club|farm|hotel|shop|store|warehouse|plant|factory|agency|district|county|ministry|authority`;

/** The device's owner said in English: "company iPads", "issued by work", "company property". */
const ENGLISH_COMPANY: readonly RegExp[] = [
  /\b(company|corporate|work|business|employer|organi[sz]ation)[- ](owned|issued|provided|phones?|iphones?|ipads?|devices?|tablets?|mobiles?|handsets?|ones?|property)\b/,
  /\b(company|employer|organi[sz]ation|firm)['’]s (phones?|iphones?|ipads?|devices?|tablets?)\b/,
  /\b(company|org|organi[sz]ation|employer|work) owns\b|\bissued (to me )?by (my )?(work|company|employer)\b/,
  /\b(employer|company|work|organi[sz]ation|it department|school|district|county|council|ministry|authority)\b[^.?!]{0,20}\b(gave|give|gives|given|handed|issued|provided|lent|supplied|bought)\b/,
  /\b(gave|given|handed|issued|provided|lent|supplied)\b[^.?!]{0,12}\bby (my )?(employer|company|work|organi[sz]ation|it)\b/,
  new RegExp(
    String.raw`\b(?:property of|belongs? to|owned by|bought by|purchased by|issued by) (?:the|my|our) (?:${ORG})\b`,
  ),
  new RegExp(String.raw`\b(?:the|my|our) (?:${ORG}) (?:bought|purchased|issued|owns)\b`),
];

/**
 * Ownership said only to deny it ("not my personal one", "aren't anybody's own", "gehört nicht
 * mir", "pas à moi", "no es mío", "私物ではない"; "not a company phone"), or of someone else's
 * device: taken out before reading who owns the device, so it counts for neither.
 */
const DENIED_PERSONAL: readonly RegExp[] = [
  /\b(?:not|isn'?t|aren'?t|wasn'?t|never)\b[^.?!,;]{0,25}?\b(?:personal|own|private|mine|byod)\b/g,
  new RegExp(
    String.raw`(?<![\p{L}])(?:nicht|net|ned|nid|nöd|it|kein|keine|keins)(?: \p{L}+){0,2} (?:mir|meins|meines|privat\p{L}*|eigen\p{L}*|persönlich\p{L}*)(?![\p{L}])`,
    'gu',
  ),
  /(?<![\p{L}])(?:pas|plus) (?:à moi|le mien|la mienne|(?:mon |ma |un |une )?(?:téléphone |iphone |ipad |appareil )?(?:perso|personnel(?:le)?|privée?))(?![\p{L}])/gu,
  /(?<![\p{L}])no (?:es |son )?(?:mi |un )?(?:(?:teléfono|telefono|celular|móvil|movil|iphone|ipad) )?(?:mío|mía|mio|mia|personal|propio|propia|privado)(?![\p{L}])/gu,
  /(?:私物|個人の(?:もの|物)?|自分の(?:もの|物)?)(?:では|じゃ)(?:ない|なく|ありません)/gu,
];
const DENIED: readonly RegExp[] = [
  // Someone else's device says nothing about the person's own ("my cousin did his work phone").
  /\b(?:his|her|their|(?!(?:company|employer|firm|organi[sz]ation|work|school|hospital|trust|council|business|office|it)['’]s)[a-z]+['’]s) (?:own |personal |private |work |company |corporate |business )(?:phone|iphone|ipad|device|mobile|tablet)s?\b/g,
  ...DENIED_PERSONAL,
  /\bnot (?:a |the |my )?(?:company|work|corporate|business)[- ](?:one|phone|iphone|ipad|device|owned|issued)s?\b/g,
];

/** Who owns the device, read from one piece of text (denials already taken out). */
function ownerSaid(t: string): Ownership | undefined {
  const company =
    ENGLISH_COMPANY.some((re) => re.test(t)) || OTHER_COMPANY.some((re) => re.test(t));
  const personal =
    /\b(personal|private|own|byod|mine)\b|\bi own\b|\bmy own\b|\bbelongs to me\b|\bi bought\b/.test(
      t,
    ) || OTHER_PERSONAL.some((re) => re.test(t));
  if (company && !personal) return 'company';
  if (personal && !company) return 'personal';
  return undefined;
}

/**
 * Finds whether the user says the device is theirs or the company's (in any of the bot's
 * languages). Where the message says both ("I did my own phone last year. How do I set up the
 * company one?"), the last question that names one owner decides.
 */
export function findOwnership(text: string): Ownership | undefined {
  const lower = text.toLowerCase();
  const t = DENIED.reduce((s, re) => s.replace(re, ' '), lower);
  const whole = ownerSaid(t);
  // "…a company iPhone… the guides are all for our own phones… This phone is not mine, it belongs
  // to the company.": told that it is not theirs, and whose it is, outweighs other people's.
  if (!whole && DENIED_PERSONAL.some((re) => lower.search(re) >= 0)) {
    const withoutOwn = t.replace(/\b(our|their|your|people'?s|everyone'?s) own\b/g, ' ');
    if (ownerSaid(withoutOwn) === 'company') return 'company';
  }
  if (whole || !/[?？]/u.test(t)) return whole;
  const questions = t.match(/[^.!?？。！\n]*[?？]/gu) ?? [];
  for (const q of questions.reverse()) {
    const owner = ownerSaid(q);
    if (owner) return owner;
  }
  return undefined;
}

/** Everything a message says about the device. */
export function parseDeviceInfo(text: string): DeviceInfo {
  // A turn reads the same message several times (memory, ownership, the answer): the last few
  // results are kept, as copies so no caller can change another's.
  const hit = recentlyParsed.get(text);
  if (hit) return { ...hit };
  const info = readDeviceInfo(text);
  if (info.os) Object.freeze(info.os);
  recentlyParsed.set(text, info);
  if (recentlyParsed.size > 8) {
    const oldest = recentlyParsed.keys().next().value;
    if (oldest !== undefined) recentlyParsed.delete(oldest);
  }
  return { ...info };
}

const recentlyParsed = new Map<string, Readonly<DeviceInfo>>();

function readDeviceInfo(text: string): DeviceInfo {
  const info: DeviceInfo = {};
  const device = findDevice(text);
  const os = findOsVersion(text);
  const ownership = findOwnership(text);
  if (device) info.device = device;
  if (os) info.os = os;
  if (ownership) info.ownership = ownership;
  if (!info.device && /\bipados\b|\bipad ?os\b/i.test(text)) info.device = 'iPad';
  return info;
}

/** Compares two versions: negative when a < b, 0 when equal, positive when a > b. */
export function compareVersions(a: OsVersion, b: OsVersion): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/** "17.4.1", "16.1" or "15" as a user would write it. */
export function formatVersion(v: OsVersion): string {
  if (v.patch) return `${v.major}.${v.minor}.${v.patch}`;
  if (v.minor) return `${v.major}.${v.minor}`;
  return String(v.major);
}

/** The name of the OS for a device: iPadOS on iPad (from 13), iOS otherwise. */
export function osName(device: DeviceFamily | undefined, version?: OsVersion): string {
  if (device === 'iPad' && (!version || version.major >= 13)) return 'iPadOS';
  if (device === undefined) return 'iOS/iPadOS';
  return 'iOS';
}

/** The model as the person wrote it ("iPhone 13 mini", "iPad Air"), if the text names one. */
export function findDeviceModel(text: string): string | undefined {
  const match =
    /\b(iphone|ipad)(?:\s+(?:pro|air|mini|max|plus|se|\d{1,2}(?:th)?(?:\s*gen(?:eration)?)?|\(\d{1,2}(?:st|nd|rd|th) generation\)))*/i.exec(
      text,
    );
  if (!match) return undefined;
  const family = match[1]?.toLowerCase() === 'ipad' ? 'iPad' : 'iPhone';
  const rest = match[0]
    .slice(match[1]?.length ?? 0)
    .trim()
    .replace(/\b(pro|air|mini|max|plus)\b/gi, (w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase())
    .replace(/\bse\b/gi, 'SE');
  return `${family}${rest ? ` ${rest}` : ''}`.slice(0, 60);
}

/**
 * True when the message on screen found in a text was copied between quote marks, single ones
 * included ('This service is not supported'), not only told after "it says".
 */
export function isQuotedIn(text: string, found: string): boolean {
  // (Pieces quoted apart are found joined: the first one's opening words say where it stands.)
  const at = text.indexOf(found.slice(0, 8));
  return at > 0 && /["“”«„'‘「『]\s*$/u.test(text.slice(Math.max(0, at - 2), at));
}

/** An app's name alone, as people put it between quote marks. */
const APP_NAME =
  /^(the )?(intune )?(company portal|microsoft authenticator|authenticator|microsoft outlook|outlook|microsoft teams|teams|settings|unternehmensportal|portail d['’]entreprise|portal de empresa|ポータル ?サイト|einstellungen|réglages|ajustes)( app| application| icon)?$/iu;

/**
 * The message on screen when the person quotes or pastes one: text in quotes, or what follows
 * "it says", "error:", "message:", "I get". Undefined when the text quotes nothing.
 */
export function findErrorText(text: string): string | undefined {
  // Several quoted pieces ("Sign In Failed" … "does not support the expected services") are one
  // message on screen, told in parts: read together.
  const pieces = [
    ...text.matchAll(/(?<!\p{L})["“”«„'‘]([^"“”«»„\n]{8,300}?)["“”»'’](?!\p{L})/gu),
    ...text.matchAll(/[「『]([^」』\n]{4,300})[」』]/gu),
  ]
    .map((m) => m[1]?.trim() ?? '')
    .filter((p) => /\p{L}{3}/u.test(p))
    // (An app's name between quote marks is no message: "a 'Company Portal' icon".)
    .filter((p) => !APP_NAME.test(p));
  if (pieces.length > 1) return pieces.join(' ').slice(0, 300);
  // Quote marks, not apostrophes: an opening mark follows no letter, a closing one no letter
  // follows. (Japanese corner brackets too: 「無効なプロファイル」と表示されます.)
  const quoted = pieces[0];
  const cued =
    /\b(?:it says|says|saying|error(?: message)?\s*(?:is|:)|message\s*(?:is|:)|(?:with|got|get|shows?|showed|showing) (?:the |this |an? )?(?:message|error)(?: saying| that says)?)\s*:?\s*(.{8,300}?)(?:[.!?]\s|$)/i.exec(
      text,
    ) ??
    // "I get", "getting", "it shows" name a message only when one follows, as typed from the
    // screen (a capital or a colon): not "I got called back onto the floor", nor "the work
    // account shows up in Settings".
    /\b(?:i get|i got|getting|shows|showing)(?:\s*:\s*|\s+(?=\p{Lu}))(.{8,300}?)(?:[.!?]\s|$)/u.exec(
      text.replace(/\b(?:I get|I got|Getting|Shows|Showing)\b/g, (w) => w.toLowerCase()),
    );
  const found = (quoted ?? cued?.[1])?.trim();
  return found && /\p{L}{3}/u.test(found) ? found.slice(0, 300) : undefined;
}
