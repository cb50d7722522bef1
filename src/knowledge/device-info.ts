/**
 * Reads what a message says about the device: iPhone or iPad, the iOS/iPadOS version, and whether
 * it is personal or company-owned. Used so the bot never asks again for what the user already
 * said ("steps for my iPad on iPadOS 17.4.1").
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

const VERSION = String.raw`(\d{1,2})(?:\.(\d{1,2}))?(?:\.(\d{1,2}))?`;
const NOT_A_VERSION = String.raw`(?![\d.]*\s*(?:gb|tb|g\b|%|percent|min|minutes|hours|days|devices|phones|apps|times|people|users)\b)`;
/** A version right after an OS name: "iOS 17", "ipados16.1". */
const OS_VERSION = new RegExp(
  String.raw`\b(?:ios|ipados|ipad ?os|iphone ?os)\s*(?:version\s*)?` + VERSION + NOT_A_VERSION,
  'g',
);
/** A version after a weaker cue word: "on 14.8", "running 16". Needs a plausible major (9+). */
const CUED_VERSION = new RegExp(
  String.raw`\b(?:version|running|runs|on|updated to|upgraded to|upgrade to|update to|says|it'?s|its)\s*` +
    VERSION +
    NOT_A_VERSION,
  'g',
);
/** A dotted version standing alone ("stuck on 17.4.1"), only when it looks like one. */
const DOTTED_VERSION =
  /(?<![\d.:$£€])(\d{1,2})\.(\d)(?:\.(\d{1,2}))?(?![\d.:])(?!\s*(?:am|pm|h|%|gb|mb)\b)/g;

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
  const ipad = /\bipad(?:os)?\b|\bipad ?os\b|\bi-pad\b|\btablet\b/.test(t);
  const iphone = /\biphone\b|\bi-phone\b/.test(t);
  if (ipad && !iphone) return 'iPad';
  if (iphone && !ipad) return 'iPhone';
  return undefined;
}

/** Finds whether the user says the device is theirs or the company's. */
export function findOwnership(text: string): Ownership | undefined {
  const t = text.toLowerCase();
  const company =
    /\b(company|corporate|work|business|employer|organi[sz]ation)[- ](owned|issued|provided|phone|iphone|ipad|device)\b|\b(company|org|organi[sz]ation|employer|work) owns\b|\bissued (to me )?by (my )?(work|company|employer)\b/.test(
      t,
    ) ||
    /\b(employer|company|work|organi[sz]ation|it department|school)\b[^.?!]{0,20}\b(gave|given|handed|issued|provided|lent|supplied|bought)\b/.test(
      t,
    ) ||
    /\b(gave|given|handed|issued|provided|lent|supplied)\b[^.?!]{0,12}\bby (my )?(employer|company|work|organi[sz]ation|it)\b/.test(
      t,
    );
  const personal =
    /\b(personal|private|own|byod|mine)\b|\bi own\b|\bmy own\b|\bbelongs to me\b|\bi bought\b/.test(
      t,
    );
  if (company && !personal) return 'company';
  if (personal && !company) return 'personal';
  return undefined;
}

/** Everything a message says about the device. */
export function parseDeviceInfo(text: string): DeviceInfo {
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
 * The message on screen when the person quotes or pastes one: text in quotes, or what follows
 * "it says", "error:", "message:", "I get". Undefined when the text quotes nothing.
 */
export function findErrorText(text: string): string | undefined {
  // Quote marks, not apostrophes: an opening mark follows no letter, a closing one no letter follows.
  const quoted = /(?<!\p{L})["“”«'‘]([^"“”«»\n]{8,300}?)["“”»'’](?!\p{L})/u.exec(text);
  const cued =
    /\b(?:it says|says|saying|error(?: message)?\s*(?:is|:)|message\s*(?:is|:)|(?:with|got|get|shows?|showed|showing) (?:the |this |an? )?(?:message|error)(?: saying| that says)?|i get|i got|getting|shows|showing)\s*:?\s*(.{8,300}?)(?:[.!?]\s|$)/i.exec(
      text,
    );
  const found = (quoted?.[1] ?? cued?.[1])?.trim();
  return found && /\p{L}{3}/u.test(found) ? found.slice(0, 300) : undefined;
}
