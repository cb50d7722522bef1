import type { Article } from './articles';
import {
  compareVersions,
  formatVersion,
  osName,
  type DeviceFamily,
  type OsVersion,
  type Ownership,
} from './device-info';

/** How the organisation enrolls personal devices (the enrollment-type profile's setting). */
export type OrgEnrollmentMethod =
  'accountDrivenUserEnrollment' | 'webDeviceEnrollment' | 'device' | 'userChoice';

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
      /** Extra context shown on every step (e.g. which choice to pick with "user choice"). */
      note: string;
    }
  | { kind: 'update-os'; heading: string; message: string; requirements: Article | undefined };

/** Minimum versions, from the source documents (see the requirements article). */
export const MIN_ACCOUNT_DRIVEN: OsVersion = { major: 15, minor: 0, patch: 0 };
export const MIN_WEB_DEVICE: OsVersion = { major: 15, minor: 0, patch: 0 };
const MIN_IOS_USER_ENROLLMENT: OsVersion = { major: 13, minor: 0, patch: 0 };
const MIN_IPADOS_USER_ENROLLMENT: OsVersion = { major: 13, minor: 1, patch: 0 };

/** The Graph enrollment type whose steps the guide shows for a method and ownership. */
export function guideMethod(
  method: OrgEnrollmentMethod,
  ownership: Ownership,
): 'accountDrivenUserEnrollment' | 'webDeviceEnrollment' | 'device' {
  if (ownership === 'company') {
    return method === 'webDeviceEnrollment' ? 'webDeviceEnrollment' : 'device';
  }
  if (method === 'userChoice') {
    // Since December 2024 "I own this device" leads to account-driven user enrollment.
    return 'accountDrivenUserEnrollment';
  }
  return method;
}

/** The how-to article with steps for an enrollment type (the one with the most steps). */
export function guideArticleFor(
  articles: readonly Article[],
  enrollmentType: string,
): Article | undefined {
  return articles
    .filter(
      (a) =>
        a.category === 'how-to' &&
        a.steps.length > 0 &&
        a.appliesTo.methods.includes(enrollmentType as Article['appliesTo']['methods'][number]),
    )
    .sort((a, b) => b.steps.length - a.steps.length)[0];
}

function minimumFor(
  enrollmentType: 'accountDrivenUserEnrollment' | 'webDeviceEnrollment' | 'device',
  device: DeviceFamily,
): OsVersion {
  if (enrollmentType === 'accountDrivenUserEnrollment') return MIN_ACCOUNT_DRIVEN;
  if (enrollmentType === 'webDeviceEnrollment') return MIN_WEB_DEVICE;
  return device === 'iPad' ? MIN_IPADOS_USER_ENROLLMENT : MIN_IOS_USER_ENROLLMENT;
}

/**
 * Chooses the guide for one employee: the steps for the organisation's method, or a clear
 * explanation of what to update when the device is below the minimum.
 */
export function planGuide(input: GuideInput, articles: readonly Article[]): GuidePlan {
  const type = guideMethod(input.method, input.ownership);
  const os = osName(input.device, input.os);
  const version = formatVersion(input.os);
  const requirements = articles.find((a) => a.category === 'requirements');
  const minimum = minimumFor(type, input.device);

  if (compareVersions(input.os, minimum) < 0) {
    const needed = formatVersion(minimum);
    const fallbackNote =
      type === 'accountDrivenUserEnrollment' && input.os.major >= 13
        ? ` On ${os} ${version}, Intune would switch to user enrollment with the Company Portal app, which is no longer offered for new enrollments, so updating is the way forward.`
        : '';
    return {
      kind: 'update-os',
      heading: `Update your ${input.device} first`,
      message:
        `Your ${input.device} is on ${os} ${version}. Enrolling it the way your organisation has set up needs ${os} ${needed} or later.` +
        fallbackNote +
        `\n\n1. Back up your ${input.device}.\n2. Open **Settings** > **General** > **Software Update** and install the latest update.\n3. When it is done, come back and type **enroll**.\n\n` +
        `If **Software Update** offers nothing newer than ${version}, your ${input.device} may be too old for ${os} ${needed}: please contact your IT helpdesk.`,
      requirements,
    };
  }

  const article = guideArticleFor(articles, type);
  if (!article) {
    return {
      kind: 'update-os',
      heading: 'I have no guide for this setup yet',
      message: 'Please contact your IT helpdesk; they can walk you through it.',
      requirements,
    };
  }
  const note =
    input.method === 'userChoice' && input.ownership === 'personal'
      ? 'When you are asked who owns the device, choose **I own this device**.'
      : input.ownership === 'company'
        ? 'These are the steps for a device your organisation owns.'
        : '';
  return {
    kind: 'steps',
    article,
    heading: `Enroll your ${input.device} (${os} ${version})`,
    note,
  };
}
