/**
 * The bot's view of the Intune and directory data it uses, independent of the Graph SDK. Graph
 * shapes (and `@odata.type`) are mapped to these at the edge in src/graph; flows only see these.
 * Source of the shapes: Graph beta appleUserInitiatedEnrollmentProfile (graph-reference §1).
 */

/** `appleUserInitiatedEnrollmentType`: how a device enrolls. */
export type EnrollmentType =
  | 'unknown'
  | 'device'
  | 'user'
  | 'accountDrivenUserEnrollment'
  | 'webDeviceEnrollment'
  | 'unknownFutureValue';

/** `managedDeviceOwnerType`. */
export type OwnerType = 'unknown' | 'company' | 'personal' | 'unknownFutureValue';

/** One owner/method pair of a "Determine based on user choice" profile. */
export interface OwnerTypeOption {
  ownerType: OwnerType;
  enrollmentType: EnrollmentType;
}

/** An iOS/iPadOS enrollment-type profile. */
export interface EnrollmentProfile {
  id: string;
  displayName: string;
  description: string;
  /** 0 is the highest priority. */
  priority: number;
  defaultEnrollmentType: EnrollmentType;
  /** Non-empty means "Determine based on user choice". */
  availableEnrollmentTypeOptions: OwnerTypeOption[];
  createdDateTime?: string;
  lastModifiedDateTime?: string;
}

/** Who a profile is assigned to. */
export type AssignmentTarget =
  | { kind: 'allUsers' }
  | { kind: 'group'; groupId: string }
  | { kind: 'exclusionGroup'; groupId: string };

/** One assignment of a profile. */
export interface ProfileAssignment {
  id: string;
  target: AssignmentTarget;
}

/** What to create. Graph assigns id and timestamps. */
export interface NewEnrollmentProfile {
  displayName: string;
  description: string;
  priority?: number;
  defaultEnrollmentType: EnrollmentType;
  availableEnrollmentTypeOptions: OwnerTypeOption[];
}

/** Fields an update may change. */
export type EnrollmentProfilePatch = Partial<
  Pick<
    EnrollmentProfile,
    'displayName' | 'description' | 'defaultEnrollmentType' | 'availableEnrollmentTypeOptions'
  >
>;

/** Graph's ids for a call, shown to admins and kept in the audit log for Microsoft support. */
export interface GraphCallInfo {
  requestId?: string;
  date?: string;
}

/** A result plus the call's ids. */
export interface WithCallInfo<T> {
  value: T;
  call: GraphCallInfo;
}

/**
 * Enrollment-type profiles in Intune (Graph beta `/deviceManagement/appleUserInitiatedEnrollmentProfiles`).
 * Every method throws GraphError (src/graph/errors.ts) on failure, never SDK error shapes.
 */
export interface ProfileService {
  /** All iOS/iPadOS profiles, sorted by priority (0 first). */
  list(): Promise<EnrollmentProfile[]>;
  /** One profile, or undefined when Graph answers 404. */
  get(id: string): Promise<EnrollmentProfile | undefined>;
  create(input: NewEnrollmentProfile): Promise<WithCallInfo<EnrollmentProfile>>;
  update(
    id: string,
    patch: EnrollmentProfilePatch,
  ): Promise<WithCallInfo<EnrollmentProfile | undefined>>;
  delete(id: string): Promise<WithCallInfo<void>>;
  /** POST …/{id}/setPriority. Other profiles' priorities are whatever Graph makes them: re-list. */
  setPriority(id: string, priority: number): Promise<WithCallInfo<void>>;
  listAssignments(id: string): Promise<ProfileAssignment[]>;
  addAssignment(id: string, target: AssignmentTarget): Promise<WithCallInfo<ProfileAssignment>>;
  removeAssignment(id: string, assignmentId: string): Promise<WithCallInfo<void>>;
}

/** An Entra group as the wizard needs it. */
export interface DirectoryGroup {
  id: string;
  displayName: string;
  description?: string;
  groupTypes: string[];
  membershipRule?: string;
  securityEnabled?: boolean;
  mailEnabled?: boolean;
}

/** An Entra user. */
export interface DirectoryUser {
  id: string;
  displayName: string;
  userPrincipalName: string;
  mail?: string;
}

/** Directory lookups (Graph v1.0). Throws GraphError on failure. */
export interface DirectoryService {
  /** `$search` on displayName with `ConsistencyLevel: eventual`; at most `top` groups. */
  searchGroups(text: string, top?: number): Promise<DirectoryGroup[]>;
  getGroup(id: string): Promise<DirectoryGroup | undefined>;
  /** Devices among the group's members, nested groups included (`/transitiveMembers/microsoft.graph.device/$count`). */
  countDeviceMembers(groupId: string): Promise<number>;
  /** A user by object id or UPN. */
  getUser(idOrUpn: string): Promise<DirectoryUser | undefined>;
  /**
   * Users whose display name or sign-in name starts with words of `text` (`$search` with
   * `ConsistencyLevel: eventual`); at most `top`.
   */
  searchUsers(text: string, top?: number): Promise<DirectoryUser[]>;
  /**
   * The users in a group, nested groups included (`/transitiveMembers/microsoft.graph.user`), by
   * display name; at most `top`.
   */
  listUserMembers(groupId: string, top?: number): Promise<DirectoryUser[]>;
  /** How many users the group has, nested groups included (`/transitiveMembers/microsoft.graph.user/$count`). */
  countUserMembers(groupId: string): Promise<number>;
  /**
   * Every user in the group, nested groups included, one array per Graph page (in Graph's order),
   * so a caller walking a large audience never holds all of it. Stopping early stops the requests.
   */
  userMemberPages(groupId: string): AsyncIterable<DirectoryUser[]>;
  /** Ids of every group the user is in, directly or through nesting (transitiveMemberOf). */
  userGroupIds(userId: string): Promise<string[]>;
  /** Role template ids of the directory roles the user holds (transitiveMemberOf directoryRole). */
  userRoleTemplateIds(userId: string): Promise<string[]>;
}

/**
 * This bot's Teams app in a user's personal scope (Graph v1.0 `appCatalogs/teamsApps` and
 * `users/{id}/teamwork/installedApps`), so it can message people who never opened it. Throws
 * GraphError on failure.
 */
export interface TeamsAppInstaller {
  /** The app's id in the tenant's catalog for its manifest id (`externalId`); undefined when absent. */
  catalogAppId(externalId: string): Promise<string | undefined>;
  /**
   * Installs the catalog app for the user unless an app with `externalId` is already there.
   * 'already' also covers losing a race with another install (Graph's 409).
   */
  ensureInstalledForUser(
    userId: string,
    catalogAppId: string,
    externalId: string,
  ): Promise<'already' | 'installed'>;
}

/** An Intune managed device, as enrollment campaigns need it (Graph `managedDevice`). */
export interface ManagedDeviceRecord {
  id: string;
  /** The Entra id of the device's primary user; absent for userless devices. */
  userId?: string;
  /** `iOS`, `iPadOS`, `Android`, … as Intune reports it. */
  operatingSystem: string;
  /** `managedDeviceOwnerType`: `personal`, `company` or `unknown`. */
  ownerType: string;
  /** Graph `deviceEnrollmentType`, e.g. `appleAccountDrivenUserEnrollment` or `userEnrollment`. */
  deviceEnrollmentType: string;
  enrolledDateTime?: string;
}

/** Reads Intune's managed devices. Throws GraphError on failure. */
export interface ManagedDeviceReader {
  /** Every iOS and iPadOS managed device, one array per Graph page. */
  appleDevicePages(): AsyncIterable<ManagedDeviceRecord[]>;
}

/** Directory role template ids that may administer enrollment (graph-reference §5). */
export const ADMIN_ROLE_TEMPLATE_IDS = {
  intuneAdministrator: '3a2c62db-5318-420d-8d74-23affee5d9d5',
  globalAdministrator: '62e90394-69f5-4237-9190-012177145e10',
} as const;
