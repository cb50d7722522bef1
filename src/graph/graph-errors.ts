import { GraphError as SdkGraphError } from '@microsoft/microsoft-graph-client';

import { GraphError, type GraphErrorDetails, type GraphFailure } from './errors';

/**
 * Every Graph call the bot makes, named so a failure can say which permission it needs. The names
 * also appear in logs and in {@link GraphErrorDetails.operation}.
 */
export type GraphOperation =
  | 'profiles.list'
  | 'profiles.get'
  | 'profiles.create'
  | 'profiles.update'
  | 'profiles.delete'
  | 'profiles.setPriority'
  | 'assignments.list'
  | 'assignments.create'
  | 'assignments.delete'
  | 'groups.search'
  | 'groups.get'
  | 'groups.countDevices'
  | 'groups.listUsers'
  | 'groups.countUsers'
  | 'users.get'
  | 'users.search'
  | 'users.groups'
  | 'users.roles'
  | 'setup.mdmAuthority'
  | 'setup.applePushCertificate'
  | 'setup.iosApps'
  | 'setup.appAssignments'
  | 'setup.deviceConfigurations'
  | 'setup.domains'
  | 'setup.enrollmentRestrictions'
  | 'events.troubleshooting'
  | 'probe.messages'
  | 'probe.installedApps'
  | 'probe.appChat'
  | 'teamsApps.catalog'
  | 'teamsApps.userInstalls'
  | 'teamsApps.installForUser'
  | 'devices.managed';

/**
 * Least-privileged application permissions (graph-reference §1.3, §4.1, §5 and the Graph API
 * pages). `Directory.Read.All` also covers every directory call, but is broader than needed.
 */
export const GRAPH_PERMISSIONS = {
  /** Read enrollment-type profiles and their assignments. */
  profilesRead: 'DeviceManagementServiceConfig.Read.All',
  /** Create, update, delete, reprioritise and assign profiles. */
  profilesWrite: 'DeviceManagementServiceConfig.ReadWrite.All',
  /** Search and read groups and count their device members. */
  groupsRead: 'GroupMember.Read.All',
  /** Read users and their (transitive) group memberships. */
  usersRead: 'User.Read.All',
  /**
   * Read directory roles. Without it, `transitiveMemberOf/microsoft.graph.directoryRole` still
   * answers (with User.Read.All) but Graph returns the roles with limited information: no
   * `roleTemplateId`.
   */
  rolesRead: 'RoleManagement.Read.Directory',
  /**
   * Read the tenant's MDM authority (`organization.mobileDeviceManagementAuthority`). Intune's
   * organization page lists DeviceManagementServiceConfig.Read.All for this property, which the
   * bot already holds to read profiles; Organization.Read.All is the directory alternative.
   */
  mdmAuthorityRead: 'DeviceManagementServiceConfig.Read.All',
  /**
   * Read the Apple MDM push certificate and device configuration profiles (the JIT check). The
   * certificate's page lists no DeviceManagementServiceConfig read scope, so this is its least.
   */
  configurationRead: 'DeviceManagementConfiguration.Read.All',
  /**
   * Read Intune's troubleshooting (enrollment failure) events (graph-reference §3.1) and its
   * managed devices (who has enrolled, for enrollment campaigns).
   */
  managedDevicesRead: 'DeviceManagementManagedDevices.Read.All',
  /** Read Intune apps and their assignments (the Microsoft Authenticator check). */
  appsRead: 'DeviceManagementApps.Read.All',
  /** List the tenant's domains and whether they are verified (the service discovery check). */
  domainsRead: 'Domain.Read.All',
  /**
   * The outbox's delivery probe (src/helpdesk/delivery-probe.ts): read the helpdesk channel's
   * messages (ChannelMessage.Read.All) and the bot's personal chats (Chat.Read.All) to tell
   * whether a post whose answer was lost is already there. Both are protected APIs.
   */
  channelMessagesRead: 'ChannelMessage.Read.All',
  chatMessagesRead: 'Chat.Read.All',
  /** Find the app's personal chat with a user (installedApps/{id}/chat). */
  appInstallationsRead: 'TeamsAppInstallation.ReadForUser.All',
  /** Find this app in the tenant's Teams app catalog by its manifest id (`externalId`). */
  appCatalogRead: 'AppCatalog.Read.All',
  /**
   * See and add this app in a user's personal scope (enrollment campaigns reach people who never
   * chatted with the bot). The "Self" permission is the least one: the app can only install itself.
   */
  appInstallationsWriteSelf: 'TeamsAppInstallation.ReadWriteSelfForUser.All',
} as const;

/** The permission named in a 403 for each operation. */
export const OPERATION_PERMISSIONS: Readonly<Record<GraphOperation, string>> = {
  'profiles.list': GRAPH_PERMISSIONS.profilesRead,
  'profiles.get': GRAPH_PERMISSIONS.profilesRead,
  'assignments.list': GRAPH_PERMISSIONS.profilesRead,
  'profiles.create': GRAPH_PERMISSIONS.profilesWrite,
  'profiles.update': GRAPH_PERMISSIONS.profilesWrite,
  'profiles.delete': GRAPH_PERMISSIONS.profilesWrite,
  'profiles.setPriority': GRAPH_PERMISSIONS.profilesWrite,
  'assignments.create': GRAPH_PERMISSIONS.profilesWrite,
  'assignments.delete': GRAPH_PERMISSIONS.profilesWrite,
  'groups.search': GRAPH_PERMISSIONS.groupsRead,
  'groups.get': GRAPH_PERMISSIONS.groupsRead,
  'groups.countDevices': GRAPH_PERMISSIONS.groupsRead,
  'groups.listUsers': GRAPH_PERMISSIONS.groupsRead,
  'groups.countUsers': GRAPH_PERMISSIONS.groupsRead,
  'users.get': GRAPH_PERMISSIONS.usersRead,
  'users.search': GRAPH_PERMISSIONS.usersRead,
  'users.groups': GRAPH_PERMISSIONS.usersRead,
  'users.roles': GRAPH_PERMISSIONS.usersRead,
  'setup.mdmAuthority': GRAPH_PERMISSIONS.mdmAuthorityRead,
  'setup.applePushCertificate': GRAPH_PERMISSIONS.configurationRead,
  'setup.iosApps': GRAPH_PERMISSIONS.appsRead,
  'setup.appAssignments': GRAPH_PERMISSIONS.appsRead,
  'setup.deviceConfigurations': GRAPH_PERMISSIONS.configurationRead,
  'setup.domains': GRAPH_PERMISSIONS.domainsRead,
  'setup.enrollmentRestrictions': GRAPH_PERMISSIONS.profilesRead,
  'events.troubleshooting': GRAPH_PERMISSIONS.managedDevicesRead,
  'probe.messages': `${GRAPH_PERMISSIONS.channelMessagesRead} or ${GRAPH_PERMISSIONS.chatMessagesRead}`,
  'probe.installedApps': GRAPH_PERMISSIONS.appInstallationsRead,
  'probe.appChat': GRAPH_PERMISSIONS.appInstallationsRead,
  'teamsApps.catalog': GRAPH_PERMISSIONS.appCatalogRead,
  // The installer reads and writes with one grant; ReadForUser.All alone would not let it install.
  'teamsApps.userInstalls': GRAPH_PERMISSIONS.appInstallationsWriteSelf,
  'teamsApps.installForUser': GRAPH_PERMISSIONS.appInstallationsWriteSelf,
  'devices.managed': GRAPH_PERMISSIONS.managedDevicesRead,
};

/** Error names @azure/identity uses when it cannot get a token. */
const CREDENTIAL_ERROR_NAMES = new Set([
  'AuthenticationError',
  'AuthenticationRequiredError',
  'CredentialUnavailableError',
  'AggregateAuthenticationError',
]);

/** What we could learn about a failure before classifying it. */
interface FailureFacts {
  status?: number;
  code?: string;
  message?: string;
  requestId?: string;
  date?: string;
  retryAfterSeconds?: number;
}

type HeaderBag = Pick<Headers, 'get'>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Strips a UTF-8 byte-order mark, which OData services may put in front of a body. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Seconds to wait from a `Retry-After` header (delta-seconds or an HTTP date). Undefined when
 * absent or unreadable; never negative.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (value === null || value === undefined || value.trim() === '') {
    return undefined;
  }
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) {
    return Number(trimmed);
  }
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

function headerBag(value: unknown): HeaderBag | undefined {
  return isRecord(value) && typeof value.get === 'function' ? (value as HeaderBag) : undefined;
}

/** `request-id` and `date` from Graph's `innerError` (which may nest), searched breadth-first. */
function innerErrorIds(error: Record<string, unknown>): { requestId?: string; date?: string } {
  let inner: unknown = error.innerError ?? error.innererror;
  for (let depth = 0; depth < 4 && isRecord(inner); depth += 1) {
    const requestId = str(inner['request-id']);
    const date = str(inner.date);
    if (requestId || date) {
      return { requestId, date };
    }
    inner = inner.innerError ?? inner.innererror;
  }
  return {};
}

/** Reads Graph's `{error:{code,message,innerError}}` (or the inner object alone) from a body. */
function parseErrorBody(body: unknown): FailureFacts {
  let parsed: unknown = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(stripBom(body)) as unknown;
    } catch {
      return {};
    }
  }
  if (!isRecord(parsed)) {
    return {};
  }
  const error = isRecord(parsed.error) ? parsed.error : parsed;
  return { code: str(error.code), message: str(error.message), ...innerErrorIds(error) };
}

function reasonFor(status: number | undefined): GraphFailure {
  switch (status) {
    case 400:
      return 'bad_request';
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 409:
      return 'conflict';
    case 429:
      return 'throttled';
    case 503:
    case 504:
      return 'unavailable';
    default:
      return 'unknown';
  }
}

function build(
  facts: FailureFacts,
  reason: GraphFailure,
  operation: GraphOperation,
  cause: unknown,
): GraphError {
  const details: GraphErrorDetails = { reason, operation };
  if (facts.status !== undefined) details.status = facts.status;
  if (facts.code) details.graphCode = facts.code;
  if (facts.message) details.graphMessage = facts.message;
  if (facts.requestId) details.requestId = facts.requestId;
  if (facts.date) details.date = facts.date;
  if (reason === 'forbidden') details.missingPermission = OPERATION_PERMISSIONS[operation];
  if (
    (reason === 'throttled' || reason === 'unavailable') &&
    facts.retryAfterSeconds !== undefined
  ) {
    details.retryAfterSeconds = facts.retryAfterSeconds;
  }
  const status =
    facts.status !== undefined ? ` (${facts.status}${facts.code ? ` ${facts.code}` : ''})` : '';
  const what = facts.message ? `: ${facts.message}` : '';
  return new GraphError(`Graph ${operation} failed${status}${what}`, details, { cause });
}

/** First line of a credential error, which carries Entra's `error` code and AADSTS description. */
function credentialFacts(message: string): FailureFacts {
  const code =
    /\b(invalid_client|unauthorized_client|invalid_request|invalid_scope|invalid_grant)\b/.exec(
      message,
    )?.[1];
  const aadsts = /AADSTS\d+:[^\r\n]*/.exec(message)?.[0];
  return { code, message: aadsts ?? message.split(/\r?\n/)[0] };
}

/**
 * Translates anything a Graph call threw into our {@link GraphError}: the SDK's GraphError (HTTP
 * failures, and credential or network failures that the SDK wraps with status -1), or any other
 * error. A 403 names the least-privileged permission for `operation`; 429/503/504 carry
 * `Retry-After`; Graph's `request-id` and `date` come from `innerError`, else from the headers.
 */
export function toGraphError(err: unknown, operation: GraphOperation): GraphError {
  if (err instanceof GraphError) {
    return err;
  }
  if (err instanceof SdkGraphError) {
    const headers = headerBag(err.headers);
    const body = parseErrorBody(err.body);
    const status = err.statusCode > 0 ? err.statusCode : undefined;
    if (status === undefined) {
      const name = err.code ?? '';
      if (CREDENTIAL_ERROR_NAMES.has(name)) {
        return build(credentialFacts(err.message), 'unauthorized', operation, err);
      }
      return build({ code: name || undefined, message: err.message }, 'network', operation, err);
    }
    const facts: FailureFacts = {
      status,
      code: body.code ?? err.code ?? undefined,
      message: body.message ?? (err.message || undefined),
      requestId: body.requestId ?? headers?.get('request-id') ?? err.requestId ?? undefined,
      date: body.date ?? headers?.get('date') ?? undefined,
      retryAfterSeconds: parseRetryAfter(headers?.get('retry-after')),
    };
    return build(facts, reasonFor(status), operation, err);
  }
  if (err instanceof Error) {
    if (CREDENTIAL_ERROR_NAMES.has(err.name)) {
      return build(credentialFacts(err.message), 'unauthorized', operation, err);
    }
    const network = err.name === 'TypeError' || err.name === 'AbortError';
    return build({ message: err.message }, network ? 'network' : 'unknown', operation, err);
  }
  return build({ message: 'non-error value thrown' }, 'unknown', operation, err);
}

/**
 * Builds the SDK's GraphError from a non-2xx response read in RAW mode, exactly as the SDK would
 * have (GraphErrorHandler.constructErrorFromResponse), then translates it with
 * {@link toGraphError}, so both paths share one mapping.
 */
export function graphErrorFromResponse(
  status: number,
  bodyText: string,
  headers: Headers,
  operation: GraphOperation,
): GraphError {
  const facts = parseErrorBody(bodyText);
  const sdkError = new SdkGraphError(status, facts.message ?? `HTTP ${status}`);
  sdkError.code = facts.code ?? null;
  sdkError.requestId = facts.requestId ?? null;
  sdkError.body = bodyText;
  sdkError.headers = headers;
  return toGraphError(sdkError, operation);
}
