/**
 * The typed configuration the bot runs with (what loadConfig in env.ts returns), and the national
 * cloud endpoints of Microsoft Graph. Nothing here reads the environment.
 */
import type { Env } from './env';

/** Bot Framework credentials, in the shape ConfigurationBotFrameworkAuthentication reads. */
export interface BotAuthConfig {
  MicrosoftAppId: string;
  MicrosoftAppPassword: string;
  MicrosoftAppType: string;
  MicrosoftAppTenantId: string;
}

/** Storage backend selection. */
export type StorageConfig =
  | { kind: 'sqlite'; path: string }
  | { kind: 'blob'; container: string; account: StorageAccountAccess };

/**
 * How the bot reaches its Azure Storage account: a connection string (with the account key or a
 * SAS), or the account's endpoints and a Microsoft Entra token from a managed identity (the
 * user-assigned one named by clientId, else DefaultAzureCredential), with RBAC roles and no key.
 */
export type StorageAccountAccess =
  | { kind: 'connectionString'; connectionString: string }
  | { kind: 'identity'; blobUrl: string; queueUrl: string; clientId: string | undefined };

/** National clouds: Entra authority, Graph root and the Intune enrollment host go together. */
export const GRAPH_CLOUDS = {
  global: {
    authorityHost: 'https://login.microsoftonline.com',
    graphBaseUrl: 'https://graph.microsoft.com',
    enrollmentHost: 'manage.microsoft.com',
  },
  usgov: {
    authorityHost: 'https://login.microsoftonline.us',
    graphBaseUrl: 'https://graph.microsoft.us',
    enrollmentHost: 'manage.microsoft.us',
  },
  usgovdod: {
    authorityHost: 'https://login.microsoftonline.us',
    graphBaseUrl: 'https://dod-graph.microsoft.us',
    enrollmentHost: 'manage.microsoft.us',
  },
  china: {
    authorityHost: 'https://login.chinacloudapi.cn',
    graphBaseUrl: 'https://microsoftgraph.chinacloudapi.cn',
    enrollmentHost: 'manage.microsoft.cn',
  },
} as const;

/** How the bot reaches Microsoft Graph. */
export type GraphConfig =
  | {
      mode: 'graph';
      cloud: keyof typeof GRAPH_CLOUDS;
      tenantId: string;
      /** Entra authority host (explicit override or the cloud's). */
      authorityHost: string;
      /** Graph root without a version, e.g. https://graph.microsoft.com. */
      baseUrl: string;
      /** Scope requested for app-only tokens: `<baseUrl>/.default`. */
      scope: string;
      /** True when the authority is not a Microsoft cloud (test doubles): no instance discovery. */
      customAuthority: boolean;
      credential:
        | { kind: 'secret'; clientId: string; secret: string }
        | { kind: 'certificate'; clientId: string; certificatePath: string }
        | { kind: 'managedIdentity'; clientId: string | undefined };
    }
  | {
      mode: 'sandbox';
      cloud: keyof typeof GRAPH_CLOUDS;
      tenantId: string;
      /** Port of the local sandbox on 127.0.0.1 (0 = any free port). */
      sandboxPort: number;
    };

/** Teams app package settings (manifest ids and publisher details). */
export interface AppPackageConfig {
  teamsAppId: string;
  botId: string | undefined;
  publisherName: string;
  websiteUrl: string;
  privacyUrl: string;
  termsUrl: string;
}

/** The bot's whole configuration, grouped by concern. */
export interface Config {
  /** True when no MicrosoftAppId is set: requests are not authenticated (local Playground only). */
  anonymous: boolean;
  /** Anonymous mode against a real tenant, allowed by UNSAFE_ALLOW_ANONYMOUS_WITH_REAL_GRAPH. */
  unsafeAnonymousWithRealGraph: boolean;
  botAuth: BotAuthConfig;
  port: number;
  host: string;
  logLevel: Env['LOG_LEVEL'];
  storage: StorageConfig;
  shutdownTimeoutMs: number;
  /**
   * The organisation's enrollment method for personal devices, used to pick each employee's guide
   * until the profile that applies to the user can be read from Intune.
   */
  defaultEnrollmentMethod: Env['DEFAULT_ENROLLMENT_METHOD'];
  /**
   * How long the bot remembers what an employee told it in a chat (device, iOS version, the
   * error they pasted) to prefill the guide and the report form; 0 turns memory off.
   */
  conversationMemoryMs: number;
  /** Entra object ids of people who may use admin features regardless of directory roles. */
  adminUserIds: string[];
  /** Members of this Entra group may administer, besides Intune and Global Administrators. */
  adminGroupId: string | undefined;
  /** The bot's public https address (for download links on cards), when it has one. */
  publicBaseUrl: string | undefined;
  /** Serve `/.well-known/com.apple.remotemanagement` from the bot itself. */
  serviceDiscoveryHosting: boolean;
  graph: GraphConfig;
  appPackage: AppPackageConfig;
  helpdesk: HelpdeskConfig;
}

/** The helpdesk: where alerts go, who may act on them, the outbox and the webhook. */
export interface HelpdeskConfig {
  /** Members of this Entra group may act on alert cards; when unset, the bot's admins may. */
  groupId: string | undefined;
  /** A channel set in configuration (a channel chosen with `set helpdesk channel` wins). */
  channel: { conversationId: string; serviceUrl: string; teamId: string | undefined } | undefined;
  /** `graph`: the outbox looks for a post whose answer was lost before re-sending it. */
  deliveryProbe: 'graph' | 'off';
  groupingWindowMs: number;
  outboxPath: string;
  /**
   * `sqlite` (one host; `outboxPath`) or `azure-queue` (several instances: Azure Queue Storage
   * `outboxQueueName` plus the blob state store, on the account of the blob connection string).
   */
  outboxBackend: 'sqlite' | 'azure-queue';
  outboxQueueName: string;
  /** How often to poll Intune's enrollment failure events; 0 = off. */
  pollIntervalMs: number;
  /** Shared secret of `POST /api/enrollment-failures`; the route exists only when set. */
  webhookSecret: string | undefined;
}
