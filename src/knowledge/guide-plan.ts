import { translator } from '../i18n/catalogue';
import type { Language } from '../i18n/languages';

import type { Article, GuideSetup } from './articles';
import {
  compareVersions,
  formatVersion,
  osName,
  type DeviceFamily,
  type OsVersion,
  type Ownership,
} from './device-info';

/** How the organisation enrolls personal devices (the enrollment-type profile's setting). */
export type OrgEnrollmentMethod = GuideSetup;

/** Everything the guide needs to know about the employee's device. */
export interface GuideInput {
  method: OrgEnrollmentMethod;
  device: DeviceFamily;
  os: OsVersion;
  ownership: Ownership;
}

/** What the guide shows. */
export type GuidePlan =
  | {
      kind: 'steps';
      article: Article;
      heading: string;
      /** Context for the overview (e.g. "these are the steps for a company device"). */
      note: string;
      /** A hint shown on one step only, where the question it answers is asked. */
      stepNote?: { step: number; text: string };
    }
  | {
      kind: 'update-os';
      heading: string;
      message: string;
      /** The support verdict behind the message. */
      verdict: OsVerdict;
      requirements: Article | undefined;
    };

/**
 * The oldest iOS/iPadOS Intune supports for devices with user affinity, personal ones included
 * (enrollment-facts.md, "supported OS versions", 2026-12; Microsoft Learn, supported operating
 * systems). Apple's own floor for account-driven and web-based enrollment is lower (15), but
 * Microsoft no longer supports 15–16, so the bot never tells anyone to go ahead on them.
 */
export const INTUNE_SUPPORTED_MIN: OsVersion = { major: 17, minor: 0, patch: 0 };
/** Apple's floor for account-driven user enrollment and web-based device enrollment. */
export const APPLE_ACCOUNT_DRIVEN_MIN: OsVersion = { major: 15, minor: 0, patch: 0 };
/** The old Company Portal user enrollment: iOS 13, iPadOS 13.1 (existing enrollments only). */
const MIN_IOS_USER_ENROLLMENT: OsVersion = { major: 13, minor: 0, patch: 0 };
const MIN_IPADOS_USER_ENROLLMENT: OsVersion = { major: 13, minor: 1, patch: 0 };

/**
 * Where a device stands for enrolling as a personal device today:
 * - `supported`: at or above the version Intune supports;
 * - `unsupported`: Apple's floor allows it (15–16), Intune no longer supports it: update first;
 * - `no-byod`: 14.9 or older, where account-driven enrollment would fall back to the closed
 *   Company Portal user enrollment, so it cannot enroll as a personal device at all;
 * - `too-old`: below every user enrollment minimum.
 */
export type OsVerdict = 'supported' | 'unsupported' | 'no-byod' | 'too-old';

/** The support verdict for a device and version. */
export function osVerdict(device: DeviceFamily, os: OsVersion): OsVerdict {
  if (compareVersions(os, INTUNE_SUPPORTED_MIN) >= 0) return 'supported';
  if (compareVersions(os, APPLE_ACCOUNT_DRIVEN_MIN) >= 0) return 'unsupported';
  const userEnrollmentMin =
    device === 'iPad' ? MIN_IPADOS_USER_ENROLLMENT : MIN_IOS_USER_ENROLLMENT;
  return compareVersions(os, userEnrollmentMin) >= 0 ? 'no-byod' : 'too-old';
}

/**
 * What to tell someone whose device is below the supported version: why, in one or two
 * sentences, then how to update. Shared by the guide and by answers to "can I enroll on 15.8?".
 * In `lang` (catalogue area `guide.update`).
 */
export function updateAdvice(
  device: DeviceFamily | undefined,
  os: OsVersion,
  verdict: Exclude<OsVerdict, 'supported'>,
  lang: Language = 'en',
): { heading: string; why: string; message: string } {
  const t = translator(lang);
  const values = {
    name: osName(device, os),
    noun: device ?? t('guide.update.device'),
    version: formatVersion(os),
    needed: formatVersion(INTUNE_SUPPORTED_MIN),
    appleMin: formatVersion(APPLE_ACCOUNT_DRIVEN_MIN),
  };
  const why: Record<typeof verdict, string> = {
    unsupported: t('guide.update.unsupported', values),
    'no-byod': t('guide.update.noByod', values),
    'too-old': t('guide.update.tooOld', values),
  };
  return {
    heading: t('guide.update.heading', values),
    why: why[verdict],
    message: t('guide.update.message', { ...values, why: why[verdict] }),
  };
}

/**
 * One line on whether a stated version can enroll, for answers to version questions: "yes" for a
 * supported version, otherwise what to do (in Teams Markdown, in `lang`).
 */
export function versionVerdictLine(
  device: DeviceFamily | undefined,
  os: OsVersion,
  lang: Language = 'en',
): string {
  const t = translator(lang);
  const verdict = osVerdict(device ?? 'iPhone', os);
  if (verdict === 'supported') {
    return t('guide.update.verdictSupported', {
      name: osName(device, os),
      version: formatVersion(os),
    });
  }
  const advice = updateAdvice(device, os, verdict, lang);
  return t('guide.update.verdictUpdate', { heading: advice.heading, why: advice.why });
}

/** The guide setup whose steps fit a method and the device's owner. */
export function guideSetup(method: OrgEnrollmentMethod, ownership: Ownership): GuideSetup {
  if (ownership === 'company') {
    return method === 'webDeviceEnrollment' ? 'webDeviceEnrollment' : 'device';
  }
  return method;
}

/** The article holding the guided steps for a setup (its `guide` front matter). */
export function guideArticleFor(
  articles: readonly Article[],
  setup: GuideSetup,
): Article | undefined {
  return articles.find((a) => a.guide === setup);
}

/**
 * The step where the guide asks who owns the device ("I own this device"), if it has one. Read
 * from the English steps: a translation keeps the number and order of the steps (a test checks),
 * so the same index is that step in every language.
 */
function ownershipStep(english: Article): number {
  return english.steps.findIndex((s) => /\bown(s)? this device\b/i.test(s));
}

/**
 * Chooses the guide for one employee: the steps for the organisation's method, or a clear
 * explanation of what to update when the device is below the supported version. `articles` are
 * the reader's (translated) articles, `english` the English ones (where the ownership step is
 * found); the texts are in `lang`.
 */
export function planGuide(
  input: GuideInput,
  articles: readonly Article[],
  lang: Language = 'en',
  english: readonly Article[] = articles,
): GuidePlan {
  const t = translator(lang);
  const setup = guideSetup(input.method, input.ownership);
  const os = osName(input.device, input.os);
  const version = formatVersion(input.os);
  // A language whose translations lack an article shows the English one rather than nothing.
  const requirements =
    articles.find((a) => a.category === 'requirements') ??
    english.find((a) => a.category === 'requirements');
  const verdict = osVerdict(input.device, input.os);

  if (verdict !== 'supported') {
    return {
      kind: 'update-os',
      ...updateAdvice(input.device, input.os, verdict, lang),
      verdict,
      requirements,
    };
  }

  const article = guideArticleFor(articles, setup) ?? guideArticleFor(english, setup);
  if (!article) {
    return {
      kind: 'update-os',
      heading: t('guide.plan.noGuideHeading'),
      message: t('guide.plan.noGuideMessage'),
      verdict,
      requirements,
    };
  }
  const choiceStep = ownershipStep(english.find((a) => a.id === article.id) ?? article);
  const ownsHint =
    input.ownership === 'personal' ? t('guide.plan.hintPersonal') : t('guide.plan.hintCompany');
  return {
    kind: 'steps',
    article,
    heading: t('guide.plan.heading', { device: input.device, os, version }),
    note: input.ownership === 'company' ? t('guide.plan.companyNote') : '',
    ...(choiceStep >= 0 && choiceStep < article.steps.length
      ? { stepNote: { step: choiceStep, text: ownsHint } }
      : {}),
  };
}
