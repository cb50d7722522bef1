import type { TurnContext } from 'botbuilder';

import { applicableProfile, type ProfileWithAssignments } from '../graph/profile-logic';
import type { DirectoryService, EnrollmentProfile, ProfileService } from '../graph/types';
import type { OrgEnrollmentMethod } from '../knowledge/guide-plan';
import type { Logger } from '../logging';

import type { EnrollmentMethodResolver } from './knowledge-deps';

/** What the resolver needs. */
export interface ProfileMethodResolverOptions {
  profiles: ProfileService;
  directory: DirectoryService;
  /** Used when the user has no applicable profile or Intune cannot be read. */
  fallback: OrgEnrollmentMethod;
  logger: Logger;
  /** How long answers (and the profile list) are reused; default 5 minutes. */
  ttlMs?: number;
  now?: () => number;
}

/** The guide's method for a profile's enrollment type. */
export function methodOfProfile(profile: EnrollmentProfile): OrgEnrollmentMethod | undefined {
  if (profile.availableEnrollmentTypeOptions.length > 0) return 'userChoice';
  switch (profile.defaultEnrollmentType) {
    case 'accountDrivenUserEnrollment':
    case 'webDeviceEnrollment':
    case 'device':
      return profile.defaultEnrollmentType;
    default:
      // Legacy Company Portal user enrollment is closed to new devices; unknown types give no hint.
      return undefined;
  }
}

/**
 * Picks each employee's guide from the enrollment-type profile Intune applies to them (their
 * groups and the priority order), falling back to the configured method. Answers are cached so a
 * conversation does not cost Graph calls on every message.
 */
export function profileMethodResolver(
  options: ProfileMethodResolverOptions,
): EnrollmentMethodResolver & {
  /**
   * The method of the profile that applies to the user, or undefined when none does, the
   * profile gives no hint, or Intune cannot be read (for a report: "not given", never a guess).
   */
  fromProfile: (userId: string | undefined) => Promise<OrgEnrollmentMethod | undefined>;
} {
  const ttl = options.ttlMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  const perUser = new Map<string, { method: OrgEnrollmentMethod | undefined; at: number }>();
  let catalogue: { items: ProfileWithAssignments[]; at: number } | undefined;

  const loadCatalogue = async (): Promise<ProfileWithAssignments[]> => {
    if (catalogue && now() - catalogue.at < ttl) return catalogue.items;
    const profiles = await options.profiles.list();
    const items = await Promise.all(
      profiles.map(async (profile) => ({
        profile,
        assignments: await options.profiles.listAssignments(profile.id),
      })),
    );
    catalogue = { items, at: now() };
    return items;
  };

  /** The applicable profile's method; throws when Intune cannot be read. */
  const lookUp = async (userId: string): Promise<OrgEnrollmentMethod | undefined> => {
    const cached = perUser.get(userId);
    if (cached && now() - cached.at < ttl) return cached.method;
    const [items, groups] = await Promise.all([
      loadCatalogue(),
      options.directory.userGroupIds(userId),
    ]);
    const applicable = applicableProfile(items, groups);
    const method = applicable ? methodOfProfile(applicable.profile) : undefined;
    perUser.set(userId, { method, at: now() });
    return method;
  };

  const warn = (err: unknown): void => {
    options.logger.warn(
      { err },
      'could not read the applicable enrollment profile; using the configured method',
    );
  };

  const resolve = async (ctx: TurnContext): Promise<OrgEnrollmentMethod> => {
    const userId = ctx.activity.from?.aadObjectId;
    if (!userId) return options.fallback;
    try {
      return (await lookUp(userId)) ?? options.fallback;
    } catch (err) {
      warn(err);
      return options.fallback;
    }
  };
  return Object.assign(resolve, {
    fromProfile: async (userId: string | undefined): Promise<OrgEnrollmentMethod | undefined> => {
      if (!userId) return undefined;
      try {
        return await lookUp(userId);
      } catch (err) {
        // A report records "not given" and goes on: not worth a warning per report (a burst of
        // reports from people Graph does not know would flood the log).
        options.logger.debug(
          { err },
          'no enrollment method for the report: Intune could not be read',
        );
        return undefined;
      }
    },
  });
}
