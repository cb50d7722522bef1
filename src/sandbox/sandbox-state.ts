import { randomUUID } from 'node:crypto';

import type {
  GraphSandboxSeed,
  SandboxDevice,
  SandboxDirectoryRole,
  SandboxGroup,
  SandboxProfile,
  SandboxUser,
} from './seed';
import {
  AUTHENTICATOR_BUNDLE_ID,
  authenticatorRequiredAssignment,
  defaultSetupSeed,
  jitConfiguration,
  defaultPlatformRestriction,
  DEFAULT_RESTRICTION_ID,
  type JitSsoOptions,
  SETUP_SEED_IDS,
  type SandboxApplePushCertificate,
  type SandboxAppAssignment,
  type SandboxDeviceConfiguration,
  type SandboxDomain,
  type SandboxMobileApp,
  type SandboxOrganization,
} from './setup-seed';
import {
  defaultTeamworkSeed,
  enrolledDevice,
  type EnrollDeviceOptions,
  type SandboxManagedDevice,
  type SandboxTeamsApp,
  syntheticUser,
} from './teamwork-seed';

/** Permission areas a test can take away from the sandbox's app registration. */
export type SandboxPermission =
  | 'profiles.read'
  | 'profiles.write'
  | 'groups.read'
  | 'users.read'
  /**
   * Reading directory roles. Denied, Graph does not refuse the membership call: it returns the
   * roles with limited information (id and `@odata.type` only), as it does without
   * RoleManagement.Read.Directory.
   */
  | 'roles.read'
  /** Reading `/organization` (the MDM authority). */
  | 'organization.read'
  /** Reading the Apple MDM push certificate and device configuration profiles. */
  | 'configuration.read'
  /** Reading mobile apps and their assignments. */
  | 'apps.read'
  /** Listing the tenant's domains. */
  | 'domains.read'
  /**
   * Reading Intune troubleshooting (enrollment failure) events and managed devices (both
   * DeviceManagementManagedDevices.Read.All).
   */
  | 'devices.read'
  /** Reading the organization's Teams app catalog (AppCatalog.Read.All). */
  | 'appCatalog.read'
  /** Listing and adding apps in users' personal scope (TeamsAppInstallation.*ForUser.All). */
  | 'appInstallations.readWrite';

/** One request as the sandbox saw it, for assertions. */
export interface SandboxRequestRecord {
  method: string;
  /** Path without the query, e.g. `/beta/deviceManagement/appleUserInitiatedEnrollmentProfiles`. */
  path: string;
  /** The raw query string without `?`. */
  query: string;
  status: number;
  requestId: string;
  /** The bearer token presented, if any (sandbox tokens only: they grant nothing anywhere else). */
  bearerToken?: string;
  consistencyLevel?: string;
  /** The SDK's `Retry-Attempt` header on retried requests. */
  retryAttempt?: string;
  /** When the request arrived and when it was answered (ms since the epoch). */
  receivedAt: number;
  answeredAt: number;
}

/** One token request to the sandbox's authority endpoint. */
export interface SandboxTokenRequest {
  clientId: string;
  grantType: string;
  scope: string;
  /** Names (never values) of the form fields sent. */
  fields: string[];
  /** Whether a token was issued. */
  granted: boolean;
}

/** An assignment POST failure queued by {@link GraphSandboxState.failAssignmentsFor}. */
interface AssignmentFailure {
  /** A lower-cased profile id, or 'next' for any profile. */
  profileId: string;
  status: 400 | 500;
}

/** How installs for a user fail ({@link GraphSandboxState.failInstallFor}). */
export interface SandboxInstallFailure {
  status: 403 | 404 | 500;
  code: string;
}

const INSTALL_FAILURE_CODES = { 403: 'Forbidden', 404: 'NotFound', 500: 'InternalServerError' };

/** A request carried out and then answered with an error ({@link GraphSandboxState.failAfterWrite}). */
interface LateFault {
  status: 500 | 502 | 503 | 504;
  method: string;
  pathEnding: string;
}

interface PendingFault {
  remaining: number;
  retryAfterSeconds: number | undefined;
}

/** A delay added to matching Graph requests ({@link GraphSandboxState.setLatency}). */
interface LatencyRule {
  ms: number;
  /** A substring of the path (without query); every path when undefined. */
  pathIncludes: string | undefined;
}

/** At most this many requests are kept in {@link GraphSandboxState.requests}. */
const MAX_RECORDS = 2000;

function byId<T extends { id: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((item) => [item.id.toLowerCase(), structuredClone(item)]));
}

/**
 * The sandbox's data and its fault-injection knobs. Tests hold it (from startGraphSandbox) to
 * inspect data, read the requests seen and make the next calls fail. Maps are keyed by the
 * lower-cased id, as Entra ids compare case-insensitively.
 */
export class GraphSandboxState {
  public readonly tenantId: string;
  public readonly users: Map<string, SandboxUser>;
  public readonly groups: Map<string, SandboxGroup>;
  public readonly devices: Map<string, SandboxDevice>;
  public readonly directoryRoles: Map<string, SandboxDirectoryRole>;
  public readonly profiles: Map<string, SandboxProfile>;
  /** The organization; its MDM authority is set with {@link setMdmAuthority}. */
  public readonly organization: SandboxOrganization;
  /** The Apple MDM push certificate; undefined answers 404 ({@link setApnsExpiry}). */
  public applePushCertificate: SandboxApplePushCertificate | undefined;
  public readonly mobileApps: Map<string, SandboxMobileApp>;
  public readonly deviceConfigurations: Map<string, SandboxDeviceConfiguration>;
  /** Domains keyed by lower-cased name ({@link setDomains}). */
  public readonly domains: Map<string, SandboxDomain>;
  /** `deviceEnrollmentConfigurations` (enrollment restrictions), in wire shape. */
  public enrollmentConfigurations: Record<string, unknown>[];
  /**
   * When true, app lists ignore `$expand=assignments` (as Graph might): clients must read
   * `…/mobileApps/{id}/assignments` themselves.
   */
  public ignoreAppAssignmentsExpand = false;
  /**
   * Intune's enrollment failure events (`/deviceManagement/troubleshootingEvents`), in Graph's
   * wire shape (`@odata.type` enrollmentTroubleshootingEvent). Tests and demos push events here.
   */
  public readonly troubleshootingEvents: Record<string, unknown>[] = [];
  /** The organization's Teams app catalog (`appCatalogs/teamsApps`). */
  public readonly teamsAppCatalog: SandboxTeamsApp[];
  /** Apps in users' personal scope: lower-cased user id → catalog app ids. */
  public readonly installedApps = new Map<string, Set<string>>();
  /** Intune's managed devices, in listing order ({@link enrollDevice} appends). */
  public readonly managedDevices: SandboxManagedDevice[];
  /** Permission areas to refuse with 403 Authorization_RequestDenied. */
  public readonly denyPermissions = new Set<SandboxPermission>();
  /** Requests to the Graph paths, oldest first (bounded). */
  public readonly requests: SandboxRequestRecord[] = [];
  /** Every request to the authority endpoints (`METHOD /path`), to see what MSAL asks for. */
  public readonly authorityRequests: string[] = [];
  /** Requests to the token endpoint. */
  public readonly tokenRequests: SandboxTokenRequest[] = [];
  /** Tokens issued by the token endpoint (only these are accepted over HTTPS). */
  public readonly issuedTokens = new Set<string>();

  private throttle: PendingFault = { remaining: 0, retryAfterSeconds: 1 };
  private unavailable: PendingFault = { remaining: 0, retryAfterSeconds: undefined };
  private readonly assignmentFailures: AssignmentFailure[] = [];
  private readonly lateFaults: LateFault[] = [];
  private latency: LatencyRule[] = [];
  private readonly installFailures = new Map<string, SandboxInstallFailure>();
  private syntheticCount = 0;

  public constructor(tenantId: string, seed: GraphSandboxSeed) {
    this.tenantId = tenantId;
    this.users = byId(seed.users);
    this.groups = byId(seed.groups);
    this.devices = byId(seed.devices);
    this.directoryRoles = byId(seed.directoryRoles);
    this.profiles = byId(seed.profiles);
    const setup = structuredClone(seed.setup ?? defaultSetupSeed());
    this.organization = setup.organization;
    this.applePushCertificate = setup.applePushCertificate ?? undefined;
    this.mobileApps = byId(setup.mobileApps);
    this.deviceConfigurations = byId(setup.deviceConfigurations);
    this.domains = byId(setup.domains);
    this.enrollmentConfigurations = setup.enrollmentConfigurations.map((c) => structuredClone(c));
    const teamwork = structuredClone(seed.teamwork ?? defaultTeamworkSeed());
    this.teamsAppCatalog = teamwork.teamsAppCatalog;
    this.managedDevices = teamwork.managedDevices;
  }

  // ---- enrollment campaign knobs -------------------------------------------------------------

  /**
   * Installing an app for `userId` answers `status` (403 Forbidden, e.g. no Teams licence; 404;
   * 500) with `code` until {@link clearInstallFailure} or {@link clearFaults}.
   */
  public failInstallFor(userId: string, status: 403 | 404 | 500 = 403, code?: string): void {
    this.installFailures.set(userId.toLowerCase(), {
      status,
      code: code ?? INSTALL_FAILURE_CODES[status],
    });
  }

  /** Lets installs for `userId` succeed again. */
  public clearInstallFailure(userId: string): void {
    this.installFailures.delete(userId.toLowerCase());
  }

  /** The failure set for installs for `userId`, if any. */
  public installFailureFor(userId: string): SandboxInstallFailure | undefined {
    return this.installFailures.get(userId.toLowerCase());
  }

  /**
   * Enrolls a device for an existing user, as Intune would list it once enrollment completes:
   * by default a personal iOS device by account driven user enrollment, now. Returns the device.
   */
  public enrollDevice(userId: string, options: EnrollDeviceOptions = {}): SandboxManagedDevice {
    const user = this.findUser(userId);
    if (!user) throw new Error(`the sandbox has no user ${userId}`);
    const device = enrolledDevice(user, options);
    this.managedDevices.push(device);
    return device;
  }

  /**
   * Adds `count` users (`<prefix><n>@contoso.example`, ids `fa000000-0000-4000-8000-<n, 12
   * digits>`, n counting on across calls) as direct members of the group, for benchmarks and
   * paging tests; linear in `count`. Returns their ids in order.
   */
  public addSyntheticUsers(groupId: string, count: number, prefix = 'user'): string[] {
    const group = this.groups.get(groupId.toLowerCase());
    if (!group) throw new Error(`the sandbox has no group ${groupId}`);
    const ids: string[] = [];
    for (let i = 0; i < Math.max(0, Math.trunc(count)); i += 1) {
      this.syntheticCount += 1;
      const user = syntheticUser(this.syntheticCount, prefix);
      this.users.set(user.id, user);
      group.members.push(user.id);
      ids.push(user.id);
    }
    return ids;
  }

  // ---- prerequisite-check knobs ---------------------------------------------------------------

  /** Sets `organization.mobileDeviceManagementAuthority` (`intune`, `office365`, `sccm`, null…). */
  public setMdmAuthority(value: string | null): void {
    this.organization.mobileDeviceManagementAuthority = value;
  }

  /**
   * Sets the Apple MDM push certificate's expiry, creating the seed's certificate if there is none;
   * `undefined` removes the certificate (Graph then answers 404).
   */
  public setApnsExpiry(expiry: Date | undefined): void {
    if (expiry === undefined) {
      this.applePushCertificate = undefined;
      return;
    }
    const cert = this.applePushCertificate ?? defaultSetupSeed().applePushCertificate;
    if (!cert) return;
    cert.expirationDateTime = expiry.toISOString();
    this.applePushCertificate = cert;
  }

  /** Replaces the assignments of every iOS Microsoft Authenticator app. */
  public setAuthenticatorAssignments(assignments: Omit<SandboxAppAssignment, 'id'>[]): void {
    for (const app of this.mobileApps.values()) {
      if (app.bundleId?.toLowerCase() !== AUTHENTICATOR_BUNDLE_ID) continue;
      app.assignments = assignments.map((a) => ({ ...structuredClone(a), id: randomUUID() }));
    }
  }

  /** Removes every Required assignment of Microsoft Authenticator (Available ones stay). */
  public removeAuthenticatorRequiredAssignment(): void {
    for (const app of this.mobileApps.values()) {
      if (app.bundleId?.toLowerCase() !== AUTHENTICATOR_BUNDLE_ID) continue;
      app.assignments = app.assignments.filter((a) => a.intent !== 'required');
    }
  }

  /** Puts the seed's Required assignment (iOS BYOD Pilot) back on Microsoft Authenticator. */
  public restoreAuthenticatorRequiredAssignment(): void {
    const app = this.mobileApps.get(SETUP_SEED_IDS.apps.authenticator);
    const seeded = authenticatorRequiredAssignment();
    if (app && !app.assignments.some((a) => a.id === seeded.id)) app.assignments.unshift(seeded);
  }

  /** Deletes every device configuration whose SSO extension sets `device_registration`. */
  public removeJitProfile(): void {
    for (const [key, config] of this.deviceConfigurations) {
      if (JSON.stringify(config.settings).includes('"device_registration')) {
        this.deviceConfigurations.delete(key);
      }
    }
  }

  /**
   * Sets the seed JIT profile's `device_registration` value (e.g. with a trailing space), putting
   * the profile back first if it was removed.
   */
  public setJitDeviceRegistration(value: string): void {
    this.configureJitSso({ deviceRegistration: value });
  }

  /**
   * Rewrites the seed JIT profile's SSO extension (device_registration, browser_sso_interaction_enabled,
   * the bundle id access list, AppAllowList), putting the profile back first if it was removed.
   */
  public configureJitSso(options: JitSsoOptions): void {
    const fresh = jitConfiguration(options);
    const existing = this.deviceConfigurations.get(fresh.id.toLowerCase());
    if (existing) {
      existing.settings = fresh.settings;
      existing.lastModifiedDateTime = new Date().toISOString();
    } else {
      this.deviceConfigurations.set(fresh.id.toLowerCase(), fresh);
    }
  }

  /** Sets the default platform restriction's iOS/iPadOS minimum version (`null`: none). */
  public setIosMinimumVersion(version: string | null): void {
    this.enrollmentConfigurations = [
      defaultPlatformRestriction(version),
      ...this.enrollmentConfigurations.filter((c) => c.id !== DEFAULT_RESTRICTION_ID),
    ];
  }

  /** Replaces the tenant's domains. */
  public setDomains(
    domains: (Pick<SandboxDomain, 'id' | 'isVerified'> & Partial<SandboxDomain>)[],
  ): void {
    this.domains.clear();
    for (const d of domains) {
      this.domains.set(d.id.toLowerCase(), {
        isDefault: false,
        isInitial: d.id.toLowerCase().endsWith('.onmicrosoft.com'),
        ...d,
      });
    }
  }

  /**
   * Delays every Graph request whose path contains `pathIncludes` (every request when omitted)
   * by `ms` before answering, as a slow real tenant would. Rules accumulate and the largest
   * matching delay applies; `setLatency(0)` clears them all (so does {@link clearFaults}).
   */
  public setLatency(ms: number, pathIncludes?: string): void {
    if (ms <= 0 && pathIncludes === undefined) {
      this.latency = [];
      return;
    }
    this.latency.push({ ms: Math.min(Math.max(0, ms), 30_000), pathIncludes });
  }

  /** The delay for a request path (the largest matching rule), in ms. */
  public latencyFor(path: string): number {
    return this.latency.reduce(
      (max, rule) =>
        rule.pathIncludes === undefined || path.includes(rule.pathIncludes)
          ? Math.max(max, rule.ms)
          : max,
      0,
    );
  }

  /** The next `n` Graph requests answer 429 with `Retry-After: retryAfterSeconds`. */
  public throttleNext(n: number, retryAfterSeconds = 1): void {
    this.throttle = { remaining: Math.max(0, Math.trunc(n)), retryAfterSeconds };
  }

  /** The next `n` Graph requests answer 503 (with `Retry-After` when given). */
  public unavailableNext(n: number, retryAfterSeconds?: number): void {
    this.unavailable = { remaining: Math.max(0, Math.trunc(n)), retryAfterSeconds };
  }

  /**
   * The next assignment POST for `profileId` (or for any profile, with 'next') fails with
   * `status`: 500 InternalServerError or 400 BadRequest. Each call queues one failure.
   */
  public failAssignmentsFor(profileId: string, status: 400 | 500 = 500): void {
    this.assignmentFailures.push({
      profileId: profileId === 'next' ? 'next' : profileId.toLowerCase(),
      status,
    });
  }

  /**
   * The next `n` requests with this method whose path ends with `pathEnding` are CARRIED OUT,
   * and then answered with `status` instead of their result, as a gateway timing out after the
   * service wrote (the ambiguous case a client must not answer by posting again).
   */
  public failAfterWrite(
    n: number,
    status: 500 | 502 | 503 | 504,
    method: string,
    pathEnding: string,
  ): void {
    for (let i = 0; i < Math.max(0, Math.trunc(n)); i++) {
      this.lateFaults.push({ status, method: method.toUpperCase(), pathEnding });
    }
  }

  /** Consumes the first queued after-write fault matching this request, if any. */
  public takeLateFault(method: string, path: string): 500 | 502 | 503 | 504 | undefined {
    const i = this.lateFaults.findIndex(
      (f) => f.method === method.toUpperCase() && path.endsWith(f.pathEnding),
    );
    if (i === -1) return undefined;
    const [fault] = this.lateFaults.splice(i, 1);
    return fault?.status;
  }

  /** Clears every queued fault, install failure and denied permission (data and records stay). */
  public clearFaults(): void {
    this.lateFaults.length = 0;
    this.denyPermissions.clear();
    this.throttle = { remaining: 0, retryAfterSeconds: 1 };
    this.unavailable = { remaining: 0, retryAfterSeconds: undefined };
    this.assignmentFailures.length = 0;
    this.latency = [];
    this.ignoreAppAssignmentsExpand = false;
    this.installFailures.clear();
  }

  /** Issues a token as the token endpoint would (for tests calling the HTTPS API directly). */
  public issueToken(): string {
    const token = `sandbox.${randomUUID()}`;
    this.issuedTokens.add(token);
    return token;
  }

  /** Consumes a queued 429 or 503, throttling first. */
  public takeFault(): { status: 429 | 503; retryAfterSeconds?: number } | undefined {
    if (this.throttle.remaining > 0) {
      this.throttle.remaining -= 1;
      return { status: 429, retryAfterSeconds: this.throttle.retryAfterSeconds };
    }
    if (this.unavailable.remaining > 0) {
      this.unavailable.remaining -= 1;
      return this.unavailable.retryAfterSeconds === undefined
        ? { status: 503 }
        : { status: 503, retryAfterSeconds: this.unavailable.retryAfterSeconds };
    }
    return undefined;
  }

  /** Consumes a queued assignment failure for this profile, if any. */
  public takeAssignmentFailure(profileId: string): 400 | 500 | undefined {
    const id = profileId.toLowerCase();
    const index = this.assignmentFailures.findIndex(
      (f) => f.profileId === id || f.profileId === 'next',
    );
    if (index === -1) return undefined;
    const [failure] = this.assignmentFailures.splice(index, 1);
    return failure?.status;
  }

  /** Records a request (bounded). */
  public record(entry: SandboxRequestRecord): void {
    this.requests.push(entry);
    if (this.requests.length > MAX_RECORDS)
      this.requests.splice(0, this.requests.length - MAX_RECORDS);
  }

  /** Profiles in priority order. */
  public sortedProfiles(): SandboxProfile[] {
    return [...this.profiles.values()].sort(
      (a, b) => a.priority - b.priority || a.createdDateTime.localeCompare(b.createdDateTime),
    );
  }

  /**
   * The sandbox's setPriority semantics (Graph's own are undocumented): the profile moves to
   * `priority`, clamped to 0…n-1, and every profile is renumbered 0…n-1 keeping the others'
   * relative order. Creating with a priority and deleting renumber the same way.
   */
  public placeProfile(id: string, priority: number | undefined): void {
    const key = id.toLowerCase();
    const moving = this.profiles.get(key);
    const others = this.sortedProfiles().filter((p) => p.id.toLowerCase() !== key);
    if (moving) {
      const at = Math.min(Math.max(0, priority ?? others.length), others.length);
      others.splice(at, 0, moving);
    }
    others.forEach((p, index) => {
      p.priority = index;
    });
  }

  /** Ids (lower-cased) of every group `objectId` is in, directly or through nested groups. */
  public transitiveGroupIds(objectId: string): Set<string> {
    const found = new Set<string>();
    let frontier = [objectId.toLowerCase()];
    while (frontier.length > 0) {
      const next: string[] = [];
      for (const group of this.groups.values()) {
        const gid = group.id.toLowerCase();
        if (found.has(gid)) continue;
        if (group.members.some((m) => frontier.includes(m.toLowerCase()))) {
          found.add(gid);
          next.push(gid);
        }
      }
      frontier = next;
    }
    return found;
  }

  /** Directory roles the user holds directly or through a (role-assignable) group. */
  public transitiveRoles(userId: string): SandboxDirectoryRole[] {
    const principals = new Set([userId.toLowerCase(), ...this.transitiveGroupIds(userId)]);
    return [...this.directoryRoles.values()].filter((r) =>
      r.members.some((m) => principals.has(m.toLowerCase())),
    );
  }

  /** A user by object id or UPN (case-insensitive). */
  public findUser(idOrUpn: string): SandboxUser | undefined {
    const key = idOrUpn.toLowerCase();
    return (
      this.users.get(key) ??
      [...this.users.values()].find((u) => u.userPrincipalName.toLowerCase() === key)
    );
  }
}
