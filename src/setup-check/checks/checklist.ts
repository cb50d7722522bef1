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
}

/** The whole checklist, in display order. */
export function buildChecklist(input: SetupCheckInput): SetupCheckItem[] {
  const names = new Map<string, GroupFacts>([
    ...(input.otherGroups ?? new Map<string, GroupFacts>()),
    ...(input.profileGroups.ok ? input.profileGroups.value : new Map<string, GroupFacts>()),
  ]);
  return [
    mdmAuthorityCheck(input.mdm),
    apnsCheck(input.apns, input.now),
    authenticatorCheck(input.apps, input.profiles, names),
    jitCheck(input.configurations, names),
    profilesCheck(input.profiles, names),
    legacyProfilesCheck(input.profiles),
    deviceGroupsCheck(input.profiles, input.profileGroups),
    osFloorCheck(input.restrictions),
    serviceDiscoveryCheck(input.domains, input.domainResults, input.maxDomains),
    managedAppleIdsCheck(),
  ];
}
