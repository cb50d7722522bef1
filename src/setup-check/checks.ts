/**
 * The prerequisite checklist of account-driven User Enrollment (enrollment-facts.md
 * "Prerequisites", graph-reference §2), as pure functions from already fetched data to checklist
 * items. No I/O: run-checks.ts fetches, these decide, the card renders. Every text here is plain
 * (no Markdown) and may quote tenant data (names, Apple ID, remote findings): the card escapes it.
 *
 * A fetch that failed arrives as an {@link Outcome} with its error, and only the items that need
 * that data become `error` (with the GraphError's admin message); the rest of the list stands.
 *
 * The rules live in `./checks/`, one module per theme; this module is their public entry.
 */
export { managedAppleIdsCheck } from './checks/apple-business';
export {
  AUTHENTICATOR_BUNDLE_ID,
  authenticatorCheck,
  DEVICE_REGISTRATION_VALUE,
  jitCheck,
} from './checks/authenticator-jit';
export { buildChecklist, type SetupCheckInput } from './checks/checklist';
export { INTUNE_MINIMUM_IOS, osFloorCheck } from './checks/os-floor';
export {
  errorDetail,
  errorItem,
  failed,
  mergeChecklist,
  ok,
  pendingChecklist,
  SETUP_CHECKS,
  setupChecks,
  SetupCheckTimeoutError,
  type ChecklistEntry,
  type CheckStatus,
  type GroupFacts,
  type GroupIndex,
  type Outcome,
  type PendingCheckItem,
  type SetupCheckId,
  type SetupCheckItem,
} from './checks/items';
export {
  assignedGroupIds,
  deviceGroupsCheck,
  legacyProfilesCheck,
  profilesCheck,
} from './checks/profiles';
export {
  isInitialDomain,
  MAX_DOMAINS_CHECKED,
  planDomainChecks,
  serviceDiscoveryCheck,
  type DomainPlan,
  type DomainVerification,
} from './checks/service-discovery';
export { APNS_WARN_DAYS, apnsCheck, mdmAuthorityCheck } from './checks/tenant';
export { groupLabel, listNames } from './checks/text';
