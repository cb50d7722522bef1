/**
 * LOCAL INTUNE SANDBOX (a test double of Microsoft Graph, never the real service): the beta
 * enrollment-type profile routes, appleUserInitiatedEnrollmentProfiles CRUD, setPriority and
 * assignments, over the in-memory state.
 */
import { randomUUID } from 'node:crypto';

import { collectionReply, requirePermission, type GraphRoute } from './sandbox-exchange';
import {
  badRequest,
  HttpFailure,
  methodNotAllowed,
  notFound,
  readJson,
  type Reply,
} from './sandbox-http';
import type { GraphSandboxState } from './sandbox-state';
import {
  validateAssignmentBody,
  validatePriorityBody,
  validateProfileBody,
  type ProfileFields,
} from './sandbox-validation';
import { assignmentToWire, profileToWire } from './sandbox-wire';
import type { SandboxAssignment, SandboxProfile } from './seed';

/** The profile collection's segment under /beta/deviceManagement. */
export const PROFILES = 'appleUserInitiatedEnrollmentProfiles';

function findProfile(state: GraphSandboxState, id: string): SandboxProfile {
  const p = state.profiles.get(id.toLowerCase());
  if (!p) throw notFound(`No appleUserInitiatedEnrollmentProfile with id '${id}' was found.`);
  return p;
}

/**
 * Answers /beta/deviceManagement/appleUserInitiatedEnrollmentProfiles and below; `path` is what
 * follows the collection segment (id, then setPriority or assignments[/id]).
 */
export async function profilesReply(route: GraphRoute, path: string[]): Promise<Reply> {
  const { ex, state } = route;
  const method = ex.req.method ?? 'GET';
  const [id, sub, assignmentId, ...extra] = path;
  if (extra.length > 0) throw badRequest(`Resource not found for the segment '${extra[0] ?? ''}'.`);
  requirePermission(state, method === 'GET' ? 'profiles.read' : 'profiles.write');
  const expand = (ex.url.searchParams.get('$expand') ?? '').split(',').includes('assignments');
  if (id === undefined) {
    if (method === 'GET') {
      // Creation order, not priority order: Graph promises no order, so clients must sort.
      const all = [...state.profiles.values()].map((p) => profileToWire(p, expand));
      return collectionReply(route, all, `beta/$metadata#deviceManagement/${PROFILES}`);
    }
    if (method === 'POST') return createProfile(route);
    throw methodNotAllowed();
  }
  const profile = findProfile(state, id);
  if (sub === undefined) {
    if (method === 'GET') return { status: 200, json: profileToWire(profile, expand) };
    if (method === 'PATCH') return updateProfile(route, profile);
    if (method === 'DELETE') {
      state.profiles.delete(profile.id.toLowerCase());
      state.placeProfile(profile.id, undefined);
      return { status: 204 };
    }
    throw methodNotAllowed();
  }
  if (sub === 'setPriority' && assignmentId === undefined) {
    if (method !== 'POST') throw methodNotAllowed();
    const priority = validatePriorityBody(await readJson(ex.req));
    if (!priority.ok) throw badRequest(priority.message);
    state.placeProfile(profile.id, priority.value);
    profile.lastModifiedDateTime = new Date().toISOString();
    return { status: 204 };
  }
  if (sub === 'assignments') return assignmentsReply(route, profile, assignmentId);
  throw badRequest(`Resource not found for the segment '${sub}'.`);
}

function applyFields(profile: SandboxProfile, fields: ProfileFields): void {
  if (fields.displayName !== undefined) profile.displayName = fields.displayName;
  if (fields.description !== undefined) profile.description = fields.description;
  if (fields.platform !== undefined) profile.platform = fields.platform;
  if (fields.defaultEnrollmentType !== undefined)
    profile.defaultEnrollmentType = fields.defaultEnrollmentType;
  if (fields.availableEnrollmentTypeOptions !== undefined) {
    profile.availableEnrollmentTypeOptions = fields.availableEnrollmentTypeOptions;
  }
}

async function createProfile(route: GraphRoute): Promise<Reply> {
  const { ex, state } = route;
  const fields = validateProfileBody(await readJson(ex.req), 'create');
  if (!fields.ok) throw badRequest(fields.message);
  const now = new Date().toISOString();
  const profile: SandboxProfile = {
    id: randomUUID(),
    displayName: '',
    description: '',
    platform: 'iOS',
    priority: state.profiles.size,
    defaultEnrollmentType: 'unknown',
    availableEnrollmentTypeOptions: [],
    createdDateTime: now,
    lastModifiedDateTime: now,
    assignments: [],
  };
  applyFields(profile, fields.value);
  state.profiles.set(profile.id.toLowerCase(), profile);
  state.placeProfile(profile.id, fields.value.priority);
  ex.res.setHeader('location', `${route.origin}/beta/deviceManagement/${PROFILES}/${profile.id}`);
  return { status: 201, json: profileToWire(profile, false) };
}

async function updateProfile(route: GraphRoute, profile: SandboxProfile): Promise<Reply> {
  const { ex, state } = route;
  const fields = validateProfileBody(await readJson(ex.req), 'update');
  if (!fields.ok) throw badRequest(fields.message);
  applyFields(profile, fields.value);
  if (fields.value.priority !== undefined) state.placeProfile(profile.id, fields.value.priority);
  profile.lastModifiedDateTime = new Date().toISOString();
  return { status: 200, json: profileToWire(profile, false) };
}

async function assignmentsReply(
  route: GraphRoute,
  profile: SandboxProfile,
  assignmentId: string | undefined,
): Promise<Reply> {
  const { ex, state } = route;
  const method = ex.req.method ?? 'GET';
  if (assignmentId === undefined) {
    if (method === 'GET') {
      return collectionReply(
        route,
        profile.assignments.map(assignmentToWire),
        `beta/$metadata#deviceManagement/${PROFILES}('${profile.id}')/assignments`,
      );
    }
    if (method !== 'POST') throw methodNotAllowed();
    const target = validateAssignmentBody(await readJson(ex.req));
    if (!target.ok) throw badRequest(target.message);
    if ('groupId' in target.value && !state.groups.has(target.value.groupId.toLowerCase())) {
      throw notFound(
        `Resource '${target.value.groupId}' does not exist or one of its queried reference-property objects are not present.`,
        'Request_ResourceNotFound',
      );
    }
    const failure = state.takeAssignmentFailure(profile.id);
    if (failure === 500)
      throw new HttpFailure(
        500,
        'InternalServerError',
        'An internal server error occurred while creating the assignment.',
      );
    if (failure === 400)
      throw badRequest('The assignment could not be created (injected failure).');
    const assignment: SandboxAssignment = { id: randomUUID(), target: target.value };
    profile.assignments.push(assignment);
    return { status: 201, json: assignmentToWire(assignment) };
  }
  const index = profile.assignments.findIndex(
    (a) => a.id.toLowerCase() === assignmentId.toLowerCase(),
  );
  const assignment = profile.assignments[index];
  if (!assignment) throw notFound(`No assignment with id '${assignmentId}' was found.`);
  if (method === 'GET') return { status: 200, json: assignmentToWire(assignment) };
  if (method === 'DELETE') {
    profile.assignments.splice(index, 1);
    return { status: 204 };
  }
  throw methodNotAllowed();
}
