/**
 * Body validation of the LOCAL INTUNE SANDBOX, with Graph-like 400 messages (OData's wording where
 * it is known). Validators return the cleaned fields or the message of the 400 to answer.
 */
import type { SandboxOwnerOption, SandboxTarget } from './seed';

/** Values of `appleUserInitiatedEnrollmentType`. */
export const SANDBOX_ENROLLMENT_TYPES = [
  'unknown',
  'device',
  'user',
  'accountDrivenUserEnrollment',
  'webDeviceEnrollment',
  'unknownFutureValue',
] as const;

/** Values of `managedDeviceOwnerType`. */
export const SANDBOX_OWNER_TYPES = [
  'unknown',
  'company',
  'personal',
  'unknownFutureValue',
] as const;

const PROFILE_TYPE = 'microsoft.graph.appleUserInitiatedEnrollmentProfile';
const OPTION_TYPE = 'microsoft.graph.appleOwnerTypeEnrollmentType';
const ASSIGNMENT_TYPE = 'microsoft.graph.appleEnrollmentProfileAssignment';
const TARGET_TYPES = [
  '#microsoft.graph.allLicensedUsersAssignmentTarget',
  '#microsoft.graph.groupAssignmentTarget',
  '#microsoft.graph.exclusionGroupAssignmentTarget',
] as const;
const FILTER_TYPES = ['none', 'include', 'exclude'];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A validation outcome. */
export type Validated<T> = { ok: true; value: T } | { ok: false; message: string };

/** Profile fields a create or update may set. */
export interface ProfileFields {
  displayName?: string;
  description?: string;
  platform?: string;
  priority?: number;
  defaultEnrollmentType?: string;
  availableEnrollmentTypeOptions?: SandboxOwnerOption[];
}

const PROFILE_PROPERTIES = new Set([
  'id',
  'displayName',
  'description',
  'platform',
  'priority',
  'defaultEnrollmentType',
  'availableEnrollmentTypeOptions',
  'createdDateTime',
  'lastModifiedDateTime',
]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail<T>(message: string): Validated<T> {
  return { ok: false, message };
}

function noSuchProperty(name: string, type: string): string {
  return `The property '${name}' does not exist on type '${type}'. Make sure to only use property names that are defined by the type or mark the type as open type.`;
}

function cannotConvert(value: unknown, type: string): string {
  return `Cannot convert the literal '${typeof value === 'string' ? value : JSON.stringify(value)}' to the expected type '${type}'.`;
}

function odataTypeMatches(value: unknown, expected: string): boolean {
  return typeof value === 'string' && value.replace(/^#/, '') === expected;
}

function validateOptions(value: unknown): Validated<SandboxOwnerOption[]> {
  if (value === null) return { ok: true, value: [] };
  if (!Array.isArray(value)) {
    return fail(cannotConvert(value, `Collection(${OPTION_TYPE})`));
  }
  const out: SandboxOwnerOption[] = [];
  for (const item of value) {
    if (!isRecord(item)) return fail(cannotConvert(item, OPTION_TYPE));
    for (const key of Object.keys(item)) {
      if (key === '@odata.type') {
        if (!odataTypeMatches(item[key], OPTION_TYPE)) {
          return fail(`A type named '${String(item[key])}' could not be resolved by the model.`);
        }
      } else if (key !== 'ownerType' && key !== 'enrollmentType') {
        return fail(noSuchProperty(key, OPTION_TYPE));
      }
    }
    const ownerType = item.ownerType ?? 'unknown';
    const enrollmentType = item.enrollmentType ?? 'unknown';
    if (!SANDBOX_OWNER_TYPES.some((t) => t === ownerType)) {
      return fail(cannotConvert(ownerType, 'microsoft.graph.managedDeviceOwnerType'));
    }
    if (!SANDBOX_ENROLLMENT_TYPES.some((t) => t === enrollmentType)) {
      return fail(
        cannotConvert(enrollmentType, 'microsoft.graph.appleUserInitiatedEnrollmentType'),
      );
    }
    out.push({ ownerType: ownerType as string, enrollmentType: enrollmentType as string });
  }
  return { ok: true, value: out };
}

/**
 * Validates a profile body. `create` requires displayName and platform; both reject unknown
 * properties, wrong types, unknown enum values, non-iOS platforms and non-integer priorities.
 * Read-only properties (id, timestamps) are accepted and ignored, as Graph does.
 */
export function validateProfileBody(
  body: unknown,
  mode: 'create' | 'update',
): Validated<ProfileFields> {
  if (!isRecord(body)) return fail('Empty Payload. JSON content expected.');
  const out: ProfileFields = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === '@odata.type') {
      if (!odataTypeMatches(value, PROFILE_TYPE)) {
        return fail(`A type named '${String(value)}' could not be resolved by the model.`);
      }
      continue;
    }
    if (key.startsWith('@')) continue;
    if (!PROFILE_PROPERTIES.has(key)) return fail(noSuchProperty(key, PROFILE_TYPE));
    switch (key) {
      case 'displayName':
        if (typeof value !== 'string') return fail(cannotConvert(value, 'Edm.String'));
        out.displayName = value;
        break;
      case 'description':
        if (value !== null && typeof value !== 'string')
          return fail(cannotConvert(value, 'Edm.String'));
        out.description = value ?? '';
        break;
      case 'platform':
        if (typeof value !== 'string')
          return fail(cannotConvert(value, 'microsoft.graph.devicePlatformType'));
        if (value !== 'iOS') {
          return fail(
            `Invalid platform '${value}': enrollment-type profiles here support only 'iOS'.`,
          );
        }
        out.platform = value;
        break;
      case 'priority':
        if (typeof value !== 'number' || !Number.isInteger(value)) {
          return fail(cannotConvert(value, 'Edm.Int32'));
        }
        out.priority = value;
        break;
      case 'defaultEnrollmentType':
        if (!SANDBOX_ENROLLMENT_TYPES.some((t) => t === value)) {
          return fail(cannotConvert(value, 'microsoft.graph.appleUserInitiatedEnrollmentType'));
        }
        out.defaultEnrollmentType = value as string;
        break;
      case 'availableEnrollmentTypeOptions': {
        const options = validateOptions(value);
        if (!options.ok) return options;
        out.availableEnrollmentTypeOptions = options.value;
        break;
      }
      default:
        break;
    }
  }
  if (out.displayName !== undefined && out.displayName.trim() === '') {
    return fail("The property 'displayName' must not be empty.");
  }
  if (mode === 'create' && out.displayName === undefined) {
    return fail("The property 'displayName' is required.");
  }
  if (mode === 'create' && out.platform === undefined) {
    return fail("The property 'platform' is required; use 'iOS'.");
  }
  return { ok: true, value: out };
}

/** Validates a `{priority}` setPriority body. */
export function validatePriorityBody(body: unknown): Validated<number> {
  if (!isRecord(body) || !('priority' in body)) {
    return fail("The parameter 'priority' is missing.");
  }
  for (const key of Object.keys(body)) {
    if (key !== 'priority')
      return fail(
        `The parameter '${key}' in the request payload is not a valid parameter for the operation 'setPriority'.`,
      );
  }
  const priority = body.priority;
  if (typeof priority !== 'number' || !Number.isInteger(priority)) {
    return fail(cannotConvert(priority, 'Edm.Int32'));
  }
  return { ok: true, value: priority };
}

/**
 * Validates an assignment body `{target}`: one of the three target types, and a GUID `groupId`
 * for the group ones (whether the group exists is checked by the caller: 404).
 */
export function validateAssignmentBody(body: unknown): Validated<SandboxTarget> {
  if (!isRecord(body)) return fail('Empty Payload. JSON content expected.');
  for (const [key, value] of Object.entries(body)) {
    if (key === '@odata.type') {
      if (!odataTypeMatches(value, ASSIGNMENT_TYPE)) {
        return fail(`A type named '${String(value)}' could not be resolved by the model.`);
      }
    } else if (key !== 'target' && key !== 'id' && !key.startsWith('@')) {
      return fail(noSuchProperty(key, ASSIGNMENT_TYPE));
    }
  }
  const target = body.target;
  if (!isRecord(target)) return fail("The property 'target' is required.");
  const rawType = target['@odata.type'];
  if (typeof rawType !== 'string') {
    return fail(
      "The target needs an '@odata.type': deviceAndAppManagementAssignmentTarget is abstract.",
    );
  }
  const type = TARGET_TYPES.find((t) => odataTypeMatches(rawType, t.slice(1)));
  if (!type) return fail(`A type named '${rawType}' could not be resolved by the model.`);
  const allowed = new Set([
    '@odata.type',
    'deviceAndAppManagementAssignmentFilterId',
    'deviceAndAppManagementAssignmentFilterType',
  ]);
  if (type !== '#microsoft.graph.allLicensedUsersAssignmentTarget') allowed.add('groupId');
  for (const key of Object.keys(target)) {
    if (!allowed.has(key)) return fail(noSuchProperty(key, type.slice(1)));
  }
  const filterType = target.deviceAndAppManagementAssignmentFilterType;
  if (
    filterType !== undefined &&
    filterType !== null &&
    (typeof filterType !== 'string' || !FILTER_TYPES.includes(filterType))
  ) {
    return fail(
      cannotConvert(filterType, 'microsoft.graph.deviceAndAppManagementAssignmentFilterType'),
    );
  }
  if (type === '#microsoft.graph.allLicensedUsersAssignmentTarget') {
    return { ok: true, value: { '@odata.type': type } };
  }
  const groupId = target.groupId;
  if (typeof groupId !== 'string' || groupId === '') {
    return fail("The property 'groupId' is required for a group assignment target.");
  }
  if (!GUID.test(groupId)) return fail(`Invalid group id '${groupId}'.`);
  return { ok: true, value: { '@odata.type': type, groupId } };
}
