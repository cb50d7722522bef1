import fs from 'node:fs';
import path from 'node:path';

import { parse as parseDotenv } from 'dotenv';
import { z } from 'zod';

import { ConfigError } from '../errors';
import { LOG_LEVELS } from '../logging';

import { BOT_FRAMEWORK_CLOUDS, GRAPH_CLOUDS, type Config, type GraphConfig } from './types';

/** An unset or blank variable counts as absent, as it does in App Service settings. */
const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const guid = z
  .string()
  .trim()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a GUID');

const optionalGuid = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .pipe(guid.optional())
  .optional();

const httpsUrl = z
  .string()
  .trim()
  .url('must be a URL')
  .refine((v) => v.startsWith('https://'), 'must start with https://');

/**
 * A storage service endpoint reached with a token (managed identity): https, because Azure's SDK
 * sends a bearer token over nothing else; no query string, so a SAS token can't ride along.
 */
const storageUrl = httpsUrl.refine(
  (v) => !v.includes('?'),
  'must not carry a query string (no SAS)',
);

const APP_TYPES = ['SingleTenant', 'MultiTenant', 'UserAssignedMSI'] as const;

/** Each variable on its own. */
const baseSchema = z.object({
  MicrosoftAppId: optionalGuid,
  MicrosoftAppPassword: optionalString,
  MicrosoftAppType: z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return 'SingleTenant' as const;
      const match = APP_TYPES.find((t) => t.toLowerCase() === v.toLowerCase());
      if (!match) {
        ctx.addIssue({ code: 'custom', message: `must be one of ${APP_TYPES.join(', ')}` });
        return z.NEVER;
      }
      return match;
    }),
  MicrosoftAppTenantId: optionalGuid,
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: optionalString,
  UNSAFE_ALLOW_ANONYMOUS_WITH_REAL_GRAPH: z
    .enum(['true', 'false', ''])
    .default('false')
    .transform((v) => v === 'true'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  APPLICATIONINSIGHTS_CONNECTION_STRING: optionalString,
  TELEMETRY_SAMPLING_PERCENT: z.coerce.number().min(1).max(100).default(100),
  STORAGE_KIND: z.enum(['sqlite', 'blob']).default('sqlite'),
  SQLITE_PATH: z.string().trim().min(1).default('./data/bot.sqlite'),
  BLOB_CONNECTION_STRING: optionalString,
  BLOB_ACCOUNT_URL: optionalString.pipe(storageUrl.optional()),
  QUEUE_ACCOUNT_URL: optionalString.pipe(storageUrl.optional()),
  STORAGE_CLIENT_ID: optionalGuid,
  BLOB_CONTAINER: z
    .string()
    .trim()
    .regex(
      /^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/,
      'must be 3-63 lowercase letters, digits or single hyphens',
    )
    .default('bot-state'),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(60000).default(10000),
  GRAPH_MODE: z.enum(['auto', 'graph', 'sandbox']).default('auto'),
  GRAPH_CLOUD: z.enum(['global', 'usgov', 'usgovdod', 'china']).default('global'),
  GRAPH_TENANT_ID: optionalGuid,
  GRAPH_CLIENT_ID: optionalGuid,
  GRAPH_CLIENT_SECRET: optionalString,
  GRAPH_CERTIFICATE_PATH: optionalString,
  GRAPH_USE_MANAGED_IDENTITY: z
    .enum(['true', 'false', ''])
    .default('false')
    .transform((v) => v === 'true'),
  GRAPH_AUTHORITY_HOST: optionalString.pipe(httpsUrl.optional()),
  GRAPH_BASE_URL: optionalString.pipe(httpsUrl.optional()),
  GRAPH_SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  ADMIN_GROUP_ID: optionalGuid,
  PUBLIC_BASE_URL: optionalString.pipe(httpsUrl.optional()),
  SERVICE_DISCOVERY_HOSTING: z
    .enum(['true', 'false', ''])
    .default('false')
    .transform((v) => v === 'true'),
  ADMIN_USER_IDS: z
    .string()
    .trim()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean),
    )
    .pipe(z.array(guid)),
  HELPDESK_GROUP_ID: optionalGuid,
  HELPDESK_CHANNEL_ID: optionalString.pipe(
    z
      .string()
      .regex(/^19:[^\s;]+$/, 'must be a Teams channel id (19:…@thread.tacv2)')
      .optional(),
  ),
  HELPDESK_SERVICE_URL: optionalString.pipe(httpsUrl.optional()),
  HELPDESK_TEAM_ID: optionalGuid,
  OUTBOX_DELIVERY_PROBE: z.enum(['graph', 'off']).default('graph'),
  HELPDESK_GROUPING_WINDOW_MINUTES: z.coerce.number().int().min(1).max(1440).default(30),
  HELPDESK_POLL_MINUTES: z.coerce.number().int().min(0).max(1440).default(0),
  OUTBOX_SQLITE_PATH: z.string().trim().min(1).default('./data/outbox.sqlite'),
  OUTBOX_BACKEND: z.enum(['sqlite', 'azure-queue']).default('sqlite'),
  OUTBOX_QUEUE_NAME: z
    .string()
    .trim()
    .regex(
      /^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/,
      'must be 3-63 lowercase letters, digits or single hyphens',
    )
    .default('helpdesk-outbox'),
  WEBHOOK_SECRET: optionalString.pipe(
    z.string().min(32, 'must be at least 32 characters').optional(),
  ),
  DEFAULT_ENROLLMENT_METHOD: z
    .enum(['accountDrivenUserEnrollment', 'webDeviceEnrollment', 'device', 'userChoice'])
    .default('accountDrivenUserEnrollment'),
  CONVERSATION_MEMORY_MINUTES: z.coerce.number().int().min(0).max(1440).default(120),
  CAMPAIGN_TICK_SECONDS: z.coerce.number().min(1).max(3600).default(30),
  CAMPAIGN_AUDIENCE_SECONDS: z.coerce.number().min(1).max(86_400).default(3600),
  CAMPAIGN_MEASURE_SECONDS: z.coerce.number().min(1).max(86_400).default(900),
  CAMPAIGN_DASHBOARD_SECONDS: z.coerce.number().min(1).max(86_400).default(180),
  TEAMS_APP_CATALOG_ID: optionalGuid,
  TEAMS_APP_ID: guid.default('5f0c7a52-3a4e-4b8e-9f6b-2d7c1e9a4b10'),
  APP_PUBLISHER_NAME: z.string().trim().min(1).max(32).default('Contoso IT'),
  APP_WEBSITE_URL: httpsUrl.default('https://www.contoso.com/it'),
  APP_PRIVACY_URL: httpsUrl.default('https://www.contoso.com/it/privacy'),
  APP_TERMS_URL: httpsUrl.default('https://www.contoso.com/it/terms'),
});

type CrossFieldInput = Pick<
  z.infer<typeof baseSchema>,
  | 'MicrosoftAppId'
  | 'MicrosoftAppPassword'
  | 'MicrosoftAppType'
  | 'MicrosoftAppTenantId'
  | 'STORAGE_KIND'
  | 'BLOB_CONNECTION_STRING'
  | 'BLOB_ACCOUNT_URL'
  | 'QUEUE_ACCOUNT_URL'
  | 'OUTBOX_BACKEND'
  | 'HELPDESK_CHANNEL_ID'
  | 'HELPDESK_SERVICE_URL'
  | 'GRAPH_CLOUD'
  | 'GRAPH_MODE'
  | 'GRAPH_TENANT_ID'
  | 'GRAPH_CLIENT_ID'
  | 'GRAPH_CLIENT_SECRET'
  | 'GRAPH_CERTIFICATE_PATH'
  | 'GRAPH_USE_MANAGED_IDENTITY'
  | 'HOST'
  | 'UNSAFE_ALLOW_ANONYMOUS_WITH_REAL_GRAPH'
>;

/** Host names and addresses that only this machine can reach. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost', '[::1]']);

/** True for a loopback bind address (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase();
  return LOOPBACK_HOSTS.has(h) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** True when the environment names a way to get Graph tokens. */
function hasGraphCredential(env: CrossFieldInput): boolean {
  return Boolean(
    env.GRAPH_CLIENT_SECRET || env.GRAPH_CERTIFICATE_PATH || env.GRAPH_USE_MANAGED_IDENTITY,
  );
}

/** Rules that involve several variables (which credentials an app type needs, blob settings). */
function crossFieldChecks(env: CrossFieldInput, ctx: z.core.$RefinementCtx): void {
  const issue = (variable: string, message: string): void =>
    ctx.addIssue({ code: 'custom', path: [variable], message });
  if (env.MicrosoftAppId) {
    if (env.MicrosoftAppType !== 'MultiTenant' && !env.MicrosoftAppTenantId) {
      issue(
        'MicrosoftAppTenantId',
        `is required when MicrosoftAppId is set and MicrosoftAppType is ${env.MicrosoftAppType}`,
      );
    }
    if (env.MicrosoftAppType === 'UserAssignedMSI' && env.MicrosoftAppPassword) {
      issue('MicrosoftAppPassword', 'must be empty when MicrosoftAppType is UserAssignedMSI');
    }
    if (env.MicrosoftAppType !== 'UserAssignedMSI' && !env.MicrosoftAppPassword) {
      issue(
        'MicrosoftAppPassword',
        `is required when MicrosoftAppId is set and MicrosoftAppType is ${env.MicrosoftAppType}`,
      );
    }
  } else if (env.MicrosoftAppPassword || env.MicrosoftAppTenantId) {
    issue('MicrosoftAppId', 'is required when MicrosoftAppPassword or MicrosoftAppTenantId is set');
  } else {
    // Anonymous mode: /api/messages accepts unauthenticated requests, so anyone who can reach it
    // can claim any user's (an admin's) object id. Loopback only; never with a real tenant unless
    // the loudly named opt-in says so.
    if (env.HOST !== undefined && !isLoopbackHost(env.HOST)) {
      issue(
        'HOST',
        'must be a loopback address (127.0.0.1, ::1 or localhost) while MicrosoftAppId is not set: without it the bot accepts unauthenticated requests',
      );
    }
    if (
      hasGraphCredential(env) &&
      env.GRAPH_MODE !== 'sandbox' &&
      !env.UNSAFE_ALLOW_ANONYMOUS_WITH_REAL_GRAPH
    ) {
      issue(
        'MicrosoftAppId',
        'is required with a real Graph credential: without it anyone who reaches the bot could act as an admin on your tenant (UNSAFE_ALLOW_ANONYMOUS_WITH_REAL_GRAPH=true allows it for a local test on loopback)',
      );
    }
  }
  if (env.STORAGE_KIND === 'blob' && !env.BLOB_CONNECTION_STRING && !env.BLOB_ACCOUNT_URL) {
    issue(
      'BLOB_ACCOUNT_URL',
      'or BLOB_CONNECTION_STRING is required when STORAGE_KIND is blob (the account URL signs in with a managed identity)',
    );
  }
  if (env.BLOB_CONNECTION_STRING && env.BLOB_ACCOUNT_URL) {
    issue(
      'BLOB_ACCOUNT_URL',
      'set only one of BLOB_ACCOUNT_URL (managed identity) or BLOB_CONNECTION_STRING',
    );
  }
  if (
    env.HELPDESK_CHANNEL_ID &&
    !env.HELPDESK_SERVICE_URL &&
    !BOT_FRAMEWORK_CLOUDS[env.GRAPH_CLOUD].teamsServiceUrl
  ) {
    issue(
      'HELPDESK_SERVICE_URL',
      `is required in the ${env.GRAPH_CLOUD} cloud, which publishes no default Teams service URL: copy the serviceUrl of a message from the helpdesk channel`,
    );
  }
  if (env.OUTBOX_BACKEND === 'azure-queue' && env.STORAGE_KIND !== 'blob') {
    issue(
      'OUTBOX_BACKEND',
      'azure-queue needs STORAGE_KIND=blob: the queue and the outbox documents use the same storage account',
    );
  }
  if (
    env.OUTBOX_BACKEND === 'azure-queue' &&
    env.BLOB_ACCOUNT_URL &&
    !env.QUEUE_ACCOUNT_URL &&
    !queueUrlFromBlobUrl(env.BLOB_ACCOUNT_URL)
  ) {
    issue(
      'QUEUE_ACCOUNT_URL',
      'is required for OUTBOX_BACKEND=azure-queue when it cannot be derived from BLOB_ACCOUNT_URL (a host of the form <account>.blob.<suffix>)',
    );
  }
  const credentials = [
    env.GRAPH_CLIENT_SECRET,
    env.GRAPH_CERTIFICATE_PATH,
    env.GRAPH_USE_MANAGED_IDENTITY ? 'mi' : undefined,
  ].filter(Boolean);
  if (credentials.length > 1) {
    issue(
      'GRAPH_CLIENT_SECRET',
      'set only one of GRAPH_CLIENT_SECRET, GRAPH_CERTIFICATE_PATH or GRAPH_USE_MANAGED_IDENTITY',
    );
  }
  if (env.GRAPH_MODE === 'graph' && !hasGraphCredential(env)) {
    issue(
      'GRAPH_MODE',
      'is graph, but no credential is set (GRAPH_CLIENT_SECRET, GRAPH_CERTIFICATE_PATH or GRAPH_USE_MANAGED_IDENTITY=true)',
    );
  }
  if (hasGraphCredential(env) && env.GRAPH_MODE !== 'sandbox') {
    const tenant = env.GRAPH_TENANT_ID ?? env.MicrosoftAppTenantId;
    if (!tenant) issue('GRAPH_TENANT_ID', 'is required for Graph (or set MicrosoftAppTenantId)');
    if (
      (env.GRAPH_CLIENT_SECRET || env.GRAPH_CERTIFICATE_PATH) &&
      !(env.GRAPH_CLIENT_ID ?? env.MicrosoftAppId)
    ) {
      issue(
        'GRAPH_CLIENT_ID',
        'is required with a client secret or certificate (or set MicrosoftAppId)',
      );
    }
  }
}

/**
 * The one schema for every environment variable the bot reads. `.env.example` and the README's
 * configuration table list the same variables; a test keeps the three in step.
 */
export const envSchema = baseSchema.superRefine(crossFieldChecks);

/**
 * The cross-field rules on their own fields only, so they are reported even when an unrelated
 * variable (say PORT) is invalid: every problem is named in one go.
 */
const crossFieldSchema = baseSchema
  .pick({
    MicrosoftAppId: true,
    MicrosoftAppPassword: true,
    MicrosoftAppType: true,
    MicrosoftAppTenantId: true,
    STORAGE_KIND: true,
    BLOB_CONNECTION_STRING: true,
    BLOB_ACCOUNT_URL: true,
    QUEUE_ACCOUNT_URL: true,
    OUTBOX_BACKEND: true,
    HELPDESK_CHANNEL_ID: true,
    HELPDESK_SERVICE_URL: true,
    GRAPH_CLOUD: true,
    GRAPH_MODE: true,
    GRAPH_TENANT_ID: true,
    GRAPH_CLIENT_ID: true,
    GRAPH_CLIENT_SECRET: true,
    GRAPH_CERTIFICATE_PATH: true,
    GRAPH_USE_MANAGED_IDENTITY: true,
    HOST: true,
    UNSAFE_ALLOW_ANONYMOUS_WITH_REAL_GRAPH: true,
  })
  .superRefine(crossFieldChecks);

export {
  GRAPH_CLOUDS,
  type AppPackageConfig,
  type BotAuthConfig,
  type Config,
  type GraphConfig,
  type HelpdeskConfig,
  type StorageAccountAccess,
  type StorageConfig,
} from './types';

/** Validated environment, exactly as the schema outputs it. */
export type Env = z.infer<typeof envSchema>;

/** One line per problem: the variable's name and what is wrong, never the value given. */
function describeIssue(issue: z.core.$ZodIssue): string {
  const name = issue.path.map(String).join('.') || '(environment)';
  return `${name}: ${issue.message}`;
}

/**
 * Reads `.env` (when present) beneath real environment variables. Values already in `env` win.
 */
function withDotenv(
  env: NodeJS.ProcessEnv,
  dotenvPath: string | undefined,
): Record<string, string | undefined> {
  if (!dotenvPath || !fs.existsSync(dotenvPath)) {
    return { ...env };
  }
  const fromFile = parseDotenv(fs.readFileSync(dotenvPath));
  return { ...fromFile, ...env };
}

/** The tenant used by the sandbox when none is configured (the Playground's mock tenant). */
export const SANDBOX_TENANT_ID = '11111111-1111-4111-8111-111111111111';

function graphConfig(e: Env): GraphConfig {
  const cloud = GRAPH_CLOUDS[e.GRAPH_CLOUD];
  const tenantId = e.GRAPH_TENANT_ID ?? e.MicrosoftAppTenantId;
  const useGraph =
    e.GRAPH_MODE === 'graph' ||
    (e.GRAPH_MODE === 'auto' && hasGraphCredential(e) && tenantId !== undefined);
  if (!useGraph || tenantId === undefined) {
    return {
      mode: 'sandbox',
      cloud: e.GRAPH_CLOUD,
      tenantId: tenantId ?? SANDBOX_TENANT_ID,
      sandboxPort: e.GRAPH_SANDBOX_PORT,
    };
  }
  const clientId = e.GRAPH_CLIENT_ID ?? e.MicrosoftAppId ?? '';
  const baseUrl = (e.GRAPH_BASE_URL ?? cloud.graphBaseUrl).replace(/\/+$/, '');
  const authorityHost = (e.GRAPH_AUTHORITY_HOST ?? cloud.authorityHost).replace(/\/+$/, '');
  const knownAuthorities = Object.values(GRAPH_CLOUDS).map((c) => c.authorityHost as string);
  return {
    mode: 'graph',
    cloud: e.GRAPH_CLOUD,
    tenantId,
    authorityHost,
    baseUrl,
    scope: `${baseUrl}/.default`,
    customAuthority: !knownAuthorities.includes(authorityHost),
    credential: e.GRAPH_CLIENT_SECRET
      ? { kind: 'secret', clientId, secret: e.GRAPH_CLIENT_SECRET }
      : e.GRAPH_CERTIFICATE_PATH
        ? { kind: 'certificate', clientId, certificatePath: e.GRAPH_CERTIFICATE_PATH }
        : { kind: 'managedIdentity', clientId: e.GRAPH_CLIENT_ID },
  };
}

/** Options for {@link loadConfig}. */
export interface LoadConfigOptions {
  /** Path of a dotenv file to merge beneath `env`; `undefined` skips it. Defaults to `./.env`. */
  dotenvPath?: string | undefined;
}

/**
 * Validates the environment and returns the typed configuration. This is the only module that
 * reads `process.env`. On failure it throws a {@link ConfigError} naming each bad variable and
 * why, without echoing any value.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  options: LoadConfigOptions = { dotenvPath: path.resolve('.env') },
): Config {
  const merged = withDotenv(env, options.dotenvPath);
  const parsed = envSchema.safeParse(merged);
  if (!parsed.success) {
    const cross = crossFieldSchema.safeParse(merged);
    const lines = [...parsed.error.issues, ...(cross.success ? [] : cross.error.issues)].map(
      describeIssue,
    );
    throw new ConfigError([...new Set(lines)]);
  }
  const e = parsed.data;
  const anonymous = e.MicrosoftAppId === undefined;
  return {
    anonymous,
    botAuth: {
      MicrosoftAppId: e.MicrosoftAppId ?? '',
      MicrosoftAppPassword: e.MicrosoftAppPassword ?? '',
      // botbuilder asserts an app id for SingleTenant; with no app id it runs unauthenticated.
      MicrosoftAppType: anonymous ? 'MultiTenant' : e.MicrosoftAppType,
      MicrosoftAppTenantId: e.MicrosoftAppTenantId ?? '',
      // Outside the public cloud, the channel's endpoints follow GRAPH_CLOUD (anonymous mode has
      // no channel to talk to, so it keeps the defaults).
      ...(anonymous
        ? {}
        : BOT_FRAMEWORK_CLOUDS[e.GRAPH_CLOUD].endpoints?.(
            e.MicrosoftAppType === 'MultiTenant' ? undefined : e.MicrosoftAppTenantId,
          )),
    },
    port: e.PORT,
    // Anonymous mode listens on loopback only (checked above when HOST is set).
    host: e.HOST ?? (anonymous ? '127.0.0.1' : '0.0.0.0'),
    unsafeAnonymousWithRealGraph: anonymous && e.UNSAFE_ALLOW_ANONYMOUS_WITH_REAL_GRAPH,
    logLevel: e.LOG_LEVEL,
    telemetry: {
      connectionString: e.APPLICATIONINSIGHTS_CONNECTION_STRING,
      samplingPercent: e.TELEMETRY_SAMPLING_PERCENT,
    },
    storage:
      e.STORAGE_KIND === 'blob'
        ? {
            kind: 'blob',
            container: e.BLOB_CONTAINER,
            account: e.BLOB_ACCOUNT_URL
              ? {
                  kind: 'identity',
                  blobUrl: e.BLOB_ACCOUNT_URL.replace(/\/+$/, ''),
                  queueUrl: (
                    e.QUEUE_ACCOUNT_URL ??
                    queueUrlFromBlobUrl(e.BLOB_ACCOUNT_URL) ??
                    ''
                  ).replace(/\/+$/, ''),
                  clientId: e.STORAGE_CLIENT_ID,
                }
              : { kind: 'connectionString', connectionString: e.BLOB_CONNECTION_STRING ?? '' },
          }
        : { kind: 'sqlite', path: e.SQLITE_PATH },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    defaultEnrollmentMethod: e.DEFAULT_ENROLLMENT_METHOD,
    conversationMemoryMs: e.CONVERSATION_MEMORY_MINUTES * 60_000,
    campaigns: {
      intervals: {
        tickMs: e.CAMPAIGN_TICK_SECONDS * 1000,
        audienceMs: e.CAMPAIGN_AUDIENCE_SECONDS * 1000,
        measureMs: e.CAMPAIGN_MEASURE_SECONDS * 1000,
        dashboardMs: e.CAMPAIGN_DASHBOARD_SECONDS * 1000,
      },
      catalogAppId: e.TEAMS_APP_CATALOG_ID,
    },
    adminUserIds: e.ADMIN_USER_IDS,
    adminGroupId: e.ADMIN_GROUP_ID,
    publicBaseUrl: e.PUBLIC_BASE_URL?.replace(/\/+$/, ''),
    serviceDiscoveryHosting: e.SERVICE_DISCOVERY_HOSTING,
    graph: graphConfig(e),
    helpdesk: {
      groupId: e.HELPDESK_GROUP_ID,
      channel: e.HELPDESK_CHANNEL_ID
        ? {
            conversationId: e.HELPDESK_CHANNEL_ID,
            serviceUrl:
              e.HELPDESK_SERVICE_URL ?? BOT_FRAMEWORK_CLOUDS[e.GRAPH_CLOUD].teamsServiceUrl ?? '',
            teamId: e.HELPDESK_TEAM_ID,
          }
        : undefined,
      deliveryProbe: e.OUTBOX_DELIVERY_PROBE,
      groupingWindowMs: e.HELPDESK_GROUPING_WINDOW_MINUTES * 60_000,
      outboxPath: e.OUTBOX_SQLITE_PATH,
      outboxBackend: e.OUTBOX_BACKEND,
      outboxQueueName: e.OUTBOX_QUEUE_NAME,
      pollIntervalMs: e.HELPDESK_POLL_MINUTES * 60_000,
      webhookSecret: e.WEBHOOK_SECRET,
    },
    appPackage: appPackageOf(e),
  };
}

/** The variables the Teams app package is built from: the app id, never a secret. */
const appPackageSchema = baseSchema.pick({
  TEAMS_APP_ID: true,
  MicrosoftAppId: true,
  APP_PUBLISHER_NAME: true,
  APP_WEBSITE_URL: true,
  APP_PRIVACY_URL: true,
  APP_TERMS_URL: true,
});

/**
 * The configuration of `npm run package` only: building the app package needs the bot's app id
 * and the listing texts, not its password or tenant, so a CI pipeline can package without
 * secrets. Throws a {@link ConfigError} for a bad value among those variables.
 */
export function loadAppPackageConfig(
  env: NodeJS.ProcessEnv = process.env,
  options: LoadConfigOptions = { dotenvPath: path.resolve('.env') },
): Config['appPackage'] {
  const parsed = appPackageSchema.safeParse(withDotenv(env, options.dotenvPath));
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map(describeIssue));
  return appPackageOf(parsed.data);
}

/** The app package settings from validated variables (shared by both loaders). */
function appPackageOf(e: z.infer<typeof appPackageSchema>): Config['appPackage'] {
  return {
    teamsAppId: e.TEAMS_APP_ID,
    botId: e.MicrosoftAppId,
    publisherName: e.APP_PUBLISHER_NAME,
    websiteUrl: e.APP_WEBSITE_URL,
    privacyUrl: e.APP_PRIVACY_URL,
    termsUrl: e.APP_TERMS_URL,
  };
}

/**
 * The queue endpoint of the account whose blob endpoint is given, when Azure's naming makes it
 * certain: https://<account>.blob.<suffix> → https://<account>.queue.<suffix> (every cloud).
 */
export function queueUrlFromBlobUrl(blobUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(blobUrl);
  } catch {
    return undefined;
  }
  const labels = url.hostname.split('.');
  if (labels.length < 4 || labels[1] !== 'blob') return undefined;
  labels[1] = 'queue';
  return `${url.protocol}//${labels.join('.')}${url.port ? `:${url.port}` : ''}`;
}

/** Names of every variable in the schema, for the docs-consistency test. */
export const ENV_VARIABLES: readonly string[] = Object.keys(baseSchema.shape);
