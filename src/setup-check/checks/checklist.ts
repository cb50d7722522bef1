/**
 * The whole checklist at once: every check over the fetched data, in the display order of
 * SETUP_CHECKS (items.ts).
 */
import type { ProfileWithAssignments } from '../../graph/profile-logic';
import type {
  ApplePushCertificate,
  IosApp,
  IosDeviceFeaturesProfile,
  IosEnrollmentRestriction,
  MdmAuthorityInfo,
  TenantDomain,
} from '../../graph/setup-service';
import { translator } from '../../i18n/catalogue';
import type { Language } from '../../i18n/languages';

import { managedAppleIdsCheck } from './apple-business';
import { authenticatorCheck, jitCheck } from './authenticator-jit';
import type { GroupFacts, GroupIndex, Outcome, SetupCheckItem } from './items';
import { osFloorCheck } from './os-floor';
import { deviceGroupsCheck, legacyProfilesCheck, profilesCheck } from './profiles';
import { serviceDiscoveryCheck, type DomainVerification } from './service-discovery';
import { apnsCheck, mdmAuthorityCheck } from './tenant';

/** Everything the checklist is computed from. */
export interface SetupCheckInput {
  now: Date;
  mdm: Outcome<MdmAuthorityInfo>;
  apns: Outcome<ApplePushCertificate | undefined>;
  apps: Outcome<readonly IosApp[]>;
  configurations: Outcome<readonly IosDeviceFeaturesProfile[]>;
  profiles: Outcome<readonly ProfileWithAssignments[]>;
  /** Facts about the groups named by profile assignments (device check). */
  profileGroups: Outcome<GroupIndex>;
  /** Names of any other groups mentioned (Authenticator, JIT profile). */
  otherGroups?: GroupIndex;
  restrictions: Outcome<readonly IosEnrollmentRestriction[]>;
  domains: Outcome<readonly TenantDomain[]>;
  domainResults: readonly DomainVerification[];
  maxDomains?: number;
  /** The language of the texts; English when absent (admins read them). */
  lang?: Language;
}

/** The whole checklist, in display order. */
export function buildChecklist(input: SetupCheckInput): SetupCheckItem[] {
  const names = new Map<string, GroupFacts>([
    ...(input.otherGroups ?? new Map<string, GroupFacts>()),
    ...(input.profileGroups.ok ? input.profileGroups.value : new Map<string, GroupFacts>()),
  ]);
  const t = translator(input.lang ?? 'en');
  return [
    mdmAuthorityCheck(input.mdm, t),
    apnsCheck(input.apns, input.now, t),
    authenticatorCheck(input.apps, input.profiles, names, t),
    jitCheck(input.configurations, names, t),
    profilesCheck(input.profiles, names, t),
    legacyProfilesCheck(input.profiles, t),
    deviceGroupsCheck(input.profiles, input.profileGroups, t),
    osFloorCheck(input.restrictions, t),
    serviceDiscoveryCheck(input.domains, input.domainResults, input.maxDomains, t),
    managedAppleIdsCheck(t),
  ];
}
