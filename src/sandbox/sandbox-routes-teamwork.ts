/**
 * LOCAL INTUNE SANDBOX (a test double of Microsoft Graph, never the real service): the routes
 * enrollment campaigns use, under /v1.0 and /beta: the organization's Teams app catalog
 * (`appCatalogs/teamsApps`), apps in a user's personal scope (`users/{id}/teamwork/installedApps`,
 * GET and POST, with the install failure knob) and Intune's managed devices
 * (`deviceManagement/managedDevices`, `$filter` on operatingSystem, pages of up to 1000).
 */
import { collectionReply, requirePermission, type GraphRoute } from './sandbox-exchange';
import {
  badRequest,
  HttpFailure,
  methodNotAllowed,
  notFound,
  readJson,
  type Reply,
} from './sandbox-http';
import { applySelect, parseEqualityFilter, type EqualityTerm } from './sandbox-query';
import { installationToWire, managedDeviceToWire, teamsAppToWire } from './sandbox-wire';
import type { SandboxTeamsApp } from './teamwork-seed';

/** Largest `$top` of Intune's collections in the sandbox. */
export const INTUNE_MAX_TOP = 1000;

type Version = 'beta' | 'v1.0';

/**
 * The request's `$filter` as equality terms on the `allowed` properties (lower-case paths), or
 * undefined without one; 400 for any other form or property.
 */
function filterTerms(url: URL, allowed: readonly string[]): EqualityTerm[] | undefined {
  const raw = url.searchParams.get('$filter');
  if (raw === null) return undefined;
  const terms = parseEqualityFilter(raw);
  if (typeof terms === 'string') throw badRequest(terms);
  for (const term of terms) {
    if (!allowed.includes(term.property.toLowerCase())) {
      throw badRequest(`Invalid filter clause: the sandbox does not filter on '${term.property}'.`);
    }
  }
  return terms;
}

/** True when no filter was given or some term matches (string `eq`, case-insensitive). */
function matches(
  terms: EqualityTerm[] | undefined,
  read: (property: string) => string | undefined,
): boolean {
  return (
    terms === undefined ||
    terms.some((t) => read(t.property.toLowerCase())?.toLowerCase() === t.value.toLowerCase())
  );
}

function appNotFound(id: string): HttpFailure {
  return notFound(`App '${id}' was not found in the catalog.`, 'NotFound');
}

/** Answers GET /appCatalogs/teamsApps[/{id}] (`tail` follows `appCatalogs`). */
export function appCatalogsReply(route: GraphRoute, version: Version, tail: string[]): Reply {
  const { ex, state } = route;
  const [collection, id, ...extra] = tail;
  if (collection !== 'teamsApps' || extra.length > 0) {
    throw badRequest(`Resource not found for the segment '${collection ?? ''}'.`);
  }
  if (ex.req.method !== 'GET') throw methodNotAllowed();
  requirePermission(state, 'appCatalog.read');
  if (id !== undefined) {
    const app = state.teamsAppCatalog.find((a) => a.id.toLowerCase() === id.toLowerCase());
    if (!app) throw appNotFound(id);
    return {
      status: 200,
      json: applySelect(teamsAppToWire(app), ex.url.searchParams.get('$select')),
    };
  }
  const terms = filterTerms(ex.url, ['externalid', 'id', 'distributionmethod']);
  const apps = state.teamsAppCatalog
    .map(teamsAppToWire)
    .filter((wire) =>
      matches(terms, (p) =>
        p === 'externalid'
          ? (wire.externalId as string)
          : p === 'id'
            ? (wire.id as string)
            : (wire.distributionMethod as string),
      ),
    );
  return collectionReply(route, apps, `${version}/$metadata#appCatalogs/teamsApps`);
}

/** The catalog app a `teamsApp@odata.bind` URL points at (any host, either version). */
function boundApp(apps: readonly SandboxTeamsApp[], body: unknown): SandboxTeamsApp {
  const bind =
    typeof body === 'object' && body !== null
      ? (body as Record<string, unknown>)['teamsApp@odata.bind']
      : undefined;
  if (typeof bind !== 'string') {
    throw badRequest("The request body must set 'teamsApp@odata.bind' to a catalog app URL.");
  }
  let path: string;
  try {
    path = new URL(bind).pathname;
  } catch {
    throw badRequest(`'teamsApp@odata.bind' is not a URL: '${bind}'.`);
  }
  const id = /^\/(?:v1\.0|beta)\/appCatalogs\/teamsApps\/([^/]+)$/.exec(path)?.[1];
  const app =
    id === undefined
      ? undefined
      : apps.find((a) => a.id.toLowerCase() === decodeURIComponent(id).toLowerCase());
  if (!app) {
    throw badRequest(`'teamsApp@odata.bind' does not point at an app in the catalog: '${bind}'.`);
  }
  return app;
}

/**
 * Answers /users/{id}/teamwork/installedApps[/{installationId}] (`rest` follows `teamwork`): the
 * list (`$filter` on `teamsApp/externalId` or `teamsApp/id`, `$expand=teamsApp`), one
 * installation, and POST to install a catalog app (400 unknown app, 404 unknown user, 409
 * already installed, the state's install failure for the user, else 201).
 */
export async function installedAppsReply(
  route: GraphRoute,
  version: Version,
  userIdOrUpn: string,
  rest: string[],
): Promise<Reply> {
  const { ex, state } = route;
  const [collection, installationId, ...extra] = rest;
  if (collection !== 'installedApps' || extra.length > 0) {
    throw badRequest(`Resource not found for the segment '${collection ?? ''}'.`);
  }
  const method = ex.req.method ?? 'GET';
  if (method !== 'GET' && !(method === 'POST' && installationId === undefined)) {
    throw methodNotAllowed();
  }
  requirePermission(state, 'appInstallations.readWrite');
  const user = state.findUser(userIdOrUpn);
  if (!user) throw notFound(`User '${userIdOrUpn}' was not found.`, 'NotFound');
  const key = user.id.toLowerCase();
  const expand = (ex.url.searchParams.get('$expand') ?? '')
    .split(',')
    .some((p) => p.trim().toLowerCase() === 'teamsapp');
  const installed = [...(state.installedApps.get(key) ?? [])].flatMap((id) => {
    const app = state.teamsAppCatalog.find((a) => a.id === id);
    return app ? [app] : [];
  });
  const context = `${version}/$metadata#users('${user.id}')/teamwork/installedApps`;
  if (method === 'POST') {
    const app = boundApp(state.teamsAppCatalog, await readJson(ex.req));
    const failure = state.installFailureFor(user.id);
    if (failure) {
      throw new HttpFailure(failure.status, failure.code, 'The app could not be installed.');
    }
    if (installed.some((a) => a.id === app.id)) {
      throw new HttpFailure(409, 'Conflict', 'The app is already installed for this user.');
    }
    state.installedApps.set(key, new Set([...(state.installedApps.get(key) ?? []), app.id]));
    return {
      status: 201,
      json: {
        '@odata.context': `${route.origin}/${context}/$entity`,
        ...installationToWire(user.id, app, true),
      },
    };
  }
  const wires = installed.map((app) => installationToWire(user.id, app, expand));
  if (installationId !== undefined) {
    const wire = wires.find((w) => w.id === installationId);
    if (!wire) throw notFound(`Installation '${installationId}' was not found.`, 'NotFound');
    return { status: 200, json: wire };
  }
  const terms = filterTerms(ex.url, ['teamsapp/externalid', 'teamsapp/id']);
  const listed = wires.filter((_wire, i) =>
    matches(terms, (p) => (p === 'teamsapp/id' ? installed[i]?.id : installed[i]?.externalId)),
  );
  return collectionReply(route, listed, context);
}

/**
 * Answers GET /deviceManagement/managedDevices[/{id}] (`rest` follows `managedDevices`): the list
 * with `$filter` of `operatingSystem eq '…'` terms (joined by `or`), `$select`, and `$top` up to
 * {@link INTUNE_MAX_TOP} with next links; or one device.
 */
export function managedDevicesReply(route: GraphRoute, version: Version, rest: string[]): Reply {
  const { ex, state } = route;
  if (ex.req.method !== 'GET') throw methodNotAllowed();
  requirePermission(state, 'devices.read');
  const [id, ...extra] = rest;
  if (extra.length > 0) throw badRequest(`Resource not found for the segment '${extra[0]}'.`);
  if (id !== undefined) {
    const device = state.managedDevices.find((d) => d.id.toLowerCase() === id.toLowerCase());
    if (!device) throw notFound(`Resource '${id}' does not exist.`);
    return {
      status: 200,
      json: applySelect(managedDeviceToWire(device), ex.url.searchParams.get('$select')),
    };
  }
  const terms = filterTerms(ex.url, ['operatingsystem']);
  const devices = state.managedDevices
    .filter((d) => matches(terms, () => d.operatingSystem))
    .map(managedDeviceToWire);
  return collectionReply(
    route,
    devices,
    `${version}/$metadata#deviceManagement/managedDevices`,
    INTUNE_MAX_TOP,
  );
}
