import type { Client } from '@microsoft/microsoft-graph-client';
import type {
  AppleEnrollmentProfileAssignment,
  AppleOwnerTypeEnrollmentType,
  AppleUserInitiatedEnrollmentProfile,
  DeviceAndAppManagementAssignmentTarget,
  GroupAssignmentTarget,
} from '@microsoft/microsoft-graph-types-beta';

import type { Logger } from '../logging';

import { GraphError } from './errors';
import { GraphRequester, segment } from './graph-request';
import type {
  AssignmentTarget,
  EnrollmentProfile,
  EnrollmentProfilePatch,
  EnrollmentType,
  NewEnrollmentProfile,
  OwnerType,
  OwnerTypeOption,
  ProfileAssignment,
  ProfileService,
  WithCallInfo,
} from './types';

/** The beta typings carry no `@odata.type`; Graph needs it on bodies and targets (§8). */
type WithODataType<T> = T & { '@odata.type'?: string };

/** An enrollment-type profile on the wire. */
export type WireProfile = WithODataType<AppleUserInitiatedEnrollmentProfile>;
/** One owner/method pair on the wire. */
export type WireOwnerOption = WithODataType<AppleOwnerTypeEnrollmentType>;
/** An assignment target on the wire (all three subtypes share this shape). */
export type WireTarget = WithODataType<
  DeviceAndAppManagementAssignmentTarget & GroupAssignmentTarget
>;
/** An assignment on the wire. */
export type WireAssignment = WithODataType<
  Omit<AppleEnrollmentProfileAssignment, 'target'> & { target?: WireTarget | null }
>;

/** `@odata.type` values the profile service writes and reads (graph-reference §1.4, §1.5). */
export const ODATA_TYPES = {
  profile: '#microsoft.graph.appleUserInitiatedEnrollmentProfile',
  ownerOption: 'microsoft.graph.appleOwnerTypeEnrollmentType',
  allUsers: '#microsoft.graph.allLicensedUsersAssignmentTarget',
  group: '#microsoft.graph.groupAssignmentTarget',
  exclusionGroup: '#microsoft.graph.exclusionGroupAssignmentTarget',
} as const;

const PROFILES_PATH = '/deviceManagement/appleUserInitiatedEnrollmentProfiles';

const ENROLLMENT_TYPES: readonly EnrollmentType[] = [
  'unknown',
  'device',
  'user',
  'accountDrivenUserEnrollment',
  'webDeviceEnrollment',
  'unknownFutureValue',
];
const OWNER_TYPES: readonly OwnerType[] = ['unknown', 'company', 'personal', 'unknownFutureValue'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Values Graph may add later map to `unknownFutureValue`, as OData's evolvable enums intend. */
function enrollmentType(value: unknown): EnrollmentType {
  if (value === undefined || value === null) return 'unknown';
  return ENROLLMENT_TYPES.find((t) => t === value) ?? 'unknownFutureValue';
}

function ownerType(value: unknown): OwnerType {
  if (value === undefined || value === null) return 'unknown';
  return OWNER_TYPES.find((t) => t === value) ?? 'unknownFutureValue';
}

function profilePath(id: string): string {
  return `${PROFILES_PATH}/${segment(id)}`;
}

/** Maps a Graph profile to the domain type; throws when it is not a profile at all. */
export function profileFromWire(value: unknown): EnrollmentProfile {
  if (!isRecord(value) || typeof value.id !== 'string') {
    throw new GraphError('Graph returned a profile without an id', { reason: 'unknown' });
  }
  const wire = value as WireProfile;
  const profile: EnrollmentProfile = {
    id: value.id,
    displayName: wire.displayName ?? '',
    description: wire.description ?? '',
    priority: typeof wire.priority === 'number' ? wire.priority : 0,
    defaultEnrollmentType: enrollmentType(wire.defaultEnrollmentType),
    availableEnrollmentTypeOptions: (wire.availableEnrollmentTypeOptions ?? [])
      .filter(isRecord)
      .map((o: WireOwnerOption) => ({
        ownerType: ownerType(o.ownerType),
        enrollmentType: enrollmentType(o.enrollmentType),
      })),
  };
  if (wire.createdDateTime) profile.createdDateTime = wire.createdDateTime;
  if (wire.lastModifiedDateTime) profile.lastModifiedDateTime = wire.lastModifiedDateTime;
  return profile;
}

function optionsToWire(options: readonly OwnerTypeOption[]): WireOwnerOption[] {
  return options.map((o) => ({
    '@odata.type': ODATA_TYPES.ownerOption,
    ownerType: o.ownerType,
    enrollmentType: o.enrollmentType,
  }));
}

/** The POST body for a new profile (graph-reference §1.5). */
export function newProfileToWire(input: NewEnrollmentProfile): WireProfile {
  const body: WireProfile = {
    '@odata.type': ODATA_TYPES.profile,
    displayName: input.displayName,
    description: input.description,
    platform: 'iOS',
    defaultEnrollmentType: input.defaultEnrollmentType,
    availableEnrollmentTypeOptions: optionsToWire(input.availableEnrollmentTypeOptions),
  };
  if (input.priority !== undefined) body.priority = input.priority;
  return body;
}

/** The PATCH body: only the fields being changed, plus the entity's `@odata.type`. */
export function patchToWire(patch: EnrollmentProfilePatch): WireProfile {
  const body: WireProfile = { '@odata.type': ODATA_TYPES.profile };
  if (patch.displayName !== undefined) body.displayName = patch.displayName;
  if (patch.description !== undefined) body.description = patch.description;
  if (patch.defaultEnrollmentType !== undefined) {
    body.defaultEnrollmentType = patch.defaultEnrollmentType;
  }
  if (patch.availableEnrollmentTypeOptions !== undefined) {
    body.availableEnrollmentTypeOptions = optionsToWire(patch.availableEnrollmentTypeOptions);
  }
  return body;
}

/** The wire target for a domain target. */
export function targetToWire(target: AssignmentTarget): WireTarget {
  switch (target.kind) {
    case 'allUsers':
      return { '@odata.type': ODATA_TYPES.allUsers };
    case 'group':
      return { '@odata.type': ODATA_TYPES.group, groupId: target.groupId };
    case 'exclusionGroup':
      return { '@odata.type': ODATA_TYPES.exclusionGroup, groupId: target.groupId };
  }
}

/** The domain target for a wire target; undefined for target types the bot does not model. */
export function targetFromWire(value: unknown): AssignmentTarget | undefined {
  if (!isRecord(value)) return undefined;
  const wire = value as WireTarget;
  const type = (wire['@odata.type'] ?? '').replace(/^#?/, '#');
  const groupId = typeof wire.groupId === 'string' ? wire.groupId : undefined;
  if (type === ODATA_TYPES.allUsers) return { kind: 'allUsers' };
  if (type === ODATA_TYPES.group && groupId) return { kind: 'group', groupId };
  if (type === ODATA_TYPES.exclusionGroup && groupId) return { kind: 'exclusionGroup', groupId };
  return undefined;
}

/** Options for {@link GraphProfileService}. */
export interface GraphProfileServiceOptions {
  client: Client;
  logger?: Logger;
}

/**
 * {@link ProfileService} over Graph beta `/deviceManagement/appleUserInitiatedEnrollmentProfiles`
 * (graph-reference §1.3). Lists are filtered to iOS/iPadOS and sorted by priority here, because
 * Graph does not promise either. Writes return Graph's `request-id` and `date` for the audit log.
 */
export class GraphProfileService implements ProfileService {
  private readonly graph: GraphRequester;
  private readonly logger: Logger | undefined;

  public constructor(options: GraphProfileServiceOptions) {
    this.logger = options.logger?.child({ module: 'graph.profiles' });
    this.graph = new GraphRequester(options.client, this.logger);
  }

  /** All iOS/iPadOS profiles, priority 0 first (ties by name, then id, so the order is stable). */
  public async list(): Promise<EnrollmentProfile[]> {
    const { items } = await this.graph.getAllPages({
      operation: 'profiles.list',
      version: 'beta',
      path: PROFILES_PATH,
    });
    return items
      .filter((p) => {
        // Graph serves only the platform these profiles exist for today; keep iOS (and unset).
        const platform = isRecord(p) ? p.platform : undefined;
        return platform === undefined || platform === null || platform === 'iOS';
      })
      .map(profileFromWire)
      .sort(
        (a, b) =>
          a.priority - b.priority ||
          a.displayName.localeCompare(b.displayName) ||
          a.id.localeCompare(b.id),
      );
  }

  /** One profile, or undefined when Graph answers 404. */
  public async get(id: string): Promise<EnrollmentProfile | undefined> {
    try {
      const { body } = await this.graph.sendJson({
        operation: 'profiles.get',
        method: 'GET',
        version: 'beta',
        path: profilePath(id),
      });
      return profileFromWire(body);
    } catch (err) {
      if (err instanceof GraphError && err.details.reason === 'not_found') return undefined;
      throw err;
    }
  }

  /** POSTs a new iOS profile (`@odata.type` appleUserInitiatedEnrollmentProfile); Graph answers 201. */
  public async create(input: NewEnrollmentProfile): Promise<WithCallInfo<EnrollmentProfile>> {
    const { body, call } = await this.graph.sendJson({
      operation: 'profiles.create',
      method: 'POST',
      version: 'beta',
      path: PROFILES_PATH,
      body: newProfileToWire(input),
    });
    const value = profileFromWire(body);
    this.logger?.info({ profileId: value.id, requestId: call.requestId }, 'profile created');
    return { value, call };
  }

  /**
   * PATCHes the given fields. Graph documents 200 with the profile; when it answers 204 instead,
   * the profile is read back (undefined if it was deleted meanwhile). A 404 throws not_found.
   */
  public async update(
    id: string,
    patch: EnrollmentProfilePatch,
  ): Promise<WithCallInfo<EnrollmentProfile | undefined>> {
    const { body, call } = await this.graph.sendJson({
      operation: 'profiles.update',
      method: 'PATCH',
      version: 'beta',
      path: profilePath(id),
      body: patchToWire(patch),
    });
    const value = body === undefined ? await this.get(id) : profileFromWire(body);
    this.logger?.info({ profileId: id, requestId: call.requestId }, 'profile updated');
    return { value, call };
  }

  /** DELETEs the profile (204). A 404 throws not_found: the caller decides if that is fine. */
  public async delete(id: string): Promise<WithCallInfo<void>> {
    const { call } = await this.graph.send({
      operation: 'profiles.delete',
      method: 'DELETE',
      version: 'beta',
      path: profilePath(id),
    });
    this.logger?.info({ profileId: id, requestId: call.requestId }, 'profile deleted');
    return { value: undefined, call };
  }

  /** POST …/{id}/setPriority `{priority}` (204). Other profiles move as Graph decides: re-list. */
  public async setPriority(id: string, priority: number): Promise<WithCallInfo<void>> {
    const { call } = await this.graph.send({
      operation: 'profiles.setPriority',
      method: 'POST',
      version: 'beta',
      path: `${profilePath(id)}/setPriority`,
      body: { priority },
      // Setting the same priority twice has the same effect: safe to retry on 503/504.
      idempotent: true,
    });
    this.logger?.info({ profileId: id, priority, requestId: call.requestId }, 'priority set');
    return { value: undefined, call };
  }

  /** The profile's assignments; target types the bot does not model are skipped (and logged). */
  public async listAssignments(id: string): Promise<ProfileAssignment[]> {
    const { items } = await this.graph.getAllPages({
      operation: 'assignments.list',
      version: 'beta',
      path: `${profilePath(id)}/assignments`,
    });
    const out: ProfileAssignment[] = [];
    for (const item of items) {
      const wire = isRecord(item) ? (item as WireAssignment) : undefined;
      const target = targetFromWire(wire?.target);
      if (wire?.id && target) {
        out.push({ id: wire.id, target });
      } else {
        this.logger?.warn(
          { profileId: id, targetType: wire?.target?.['@odata.type'] },
          'skipped an assignment with an unsupported target',
        );
      }
    }
    return out;
  }

  /** POST …/{id}/assignments `{target}` (201). */
  public async addAssignment(
    id: string,
    target: AssignmentTarget,
  ): Promise<WithCallInfo<ProfileAssignment>> {
    const { body, call } = await this.graph.sendJson({
      operation: 'assignments.create',
      method: 'POST',
      version: 'beta',
      path: `${profilePath(id)}/assignments`,
      body: { target: targetToWire(target) },
    });
    const wire = isRecord(body) ? (body as WireAssignment) : undefined;
    if (!wire?.id) {
      throw new GraphError('Graph returned an assignment without an id', {
        reason: 'unknown',
        operation: 'assignments.create',
        ...call,
      });
    }
    this.logger?.info(
      { profileId: id, assignmentId: wire.id, requestId: call.requestId },
      'assignment added',
    );
    return { value: { id: wire.id, target: targetFromWire(wire.target) ?? target }, call };
  }

  /** DELETE …/{id}/assignments/{assignmentId} (204). */
  public async removeAssignment(id: string, assignmentId: string): Promise<WithCallInfo<void>> {
    const { call } = await this.graph.send({
      operation: 'assignments.delete',
      method: 'DELETE',
      version: 'beta',
      path: `${profilePath(id)}/assignments/${segment(assignmentId)}`,
    });
    this.logger?.info(
      { profileId: id, assignmentId, requestId: call.requestId },
      'assignment removed',
    );
    return { value: undefined, call };
  }
}
