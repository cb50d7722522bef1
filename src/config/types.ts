/**
 * The typed configuration the bot runs with (what loadConfig in env.ts returns), and the national
 * cloud endpoints of Microsoft Graph. Nothing here reads the environment.
 */
import type { Env } from './env';

/**
 * Bot Framework credentials and, outside the public cloud, the channel's endpoints, in the shape
 * ConfigurationBotFrameworkAuthentication reads.
 */
export interface BotAuthConfig extends Partial<BotFrameworkEndpoints> {
  MicrosoftAppId: string;
  MicrosoftAppPassword: string;
  MicrosoftAppType: string;
  MicrosoftAppTenantId: string;
}

/** The Bot Framework settings that differ by national cloud (botbuilder's own names). */
export interface BotFrameworkEndpoints {
  ChannelService: string;
  OAuthUrl: string;
  ToChannelFromBotLoginUrl: string;
  ToChannelFromBotOAuthScope: string;
  ToBotFromChannelTokenIssuer: string;
  ToBotFromChannelOpenIdMetadataUrl: string;
  ToBotFromEmulatorOpenIdMetadataUrl: string;
  ValidateAuthority: string;
}

/** Shared by GCC High and DoD; only the token service (OAuthUrl) differs. */
const US_GOVERNMENT: Omit<BotFrameworkEndpoints, 'OAuthUrl'> = {
  ChannelService: 'https://botframework.azure.us',
  ToChannelFromBotLoginUrl: 'https://login.microsoftonline.us/MicrosoftServices.onmicrosoft.us',
  ToChannelFromBotOAuthScope: 'https://api.botframework.us',
  ToBotFromChannelTokenIssuer: 'https://api.botframework.us',
  ToBotFromChannelOpenIdMetadataUrl:
    'https://login.botframework.azure.us/v1/.well-known/openidconfiguration',
  ToBotFromEmulatorOpenIdMetadataUrl:
    'https://login.microsoftonline.us/cab8a31a-1906-4287-a0d8-4eef66b95f6e/v2.0/.well-known/openid-configuration',
  ValidateAuthority: 'true',
};

/**
 * Bot Framework and Teams per national cloud, as Microsoft's Azure AI Bot Service docs give them
 * ("Configure Bot Framework bots for US Government customers", GCC High and DoD sections;
 * "Configure a bot in Microsoft Azure operated by 21Vianet"). `global` (also GCC) keeps
 * botbuilder's public defaults. `teamsServiceUrl` is where proactive messages go before a real
 * turn has told the bot its service URL (the Agents SDK's TeamsServiceEndpoints); 21Vianet
 * publishes none, so there HELPDESK_SERVICE_URL must be set.
 */
export const BOT_FRAMEWORK_CLOUDS: Record<
  'global' | 'usgov' | 'usgovdod' | 'china',
  {
    endpoints: ((tenant: string | undefined) => BotFrameworkEndpoints) | undefined;
    teamsServiceUrl: string | undefined;
  }
> = {
  global: { endpoints: undefined, teamsServiceUrl: 'https://smba.trafficmanager.net/teams/' },
  usgov: {
    endpoints: () => ({ ...US_GOVERNMENT, OAuthUrl: 'https://tokengcch.botframework.azure.us/' }),
    teamsServiceUrl: 'https://smba.infra.gov.teams.microsoft.us/teams',
  },
  usgovdod: {
    endpoints: () => ({ ...US_GOVERNMENT, OAuthUrl: 'https://apiDoD.botframework.azure.us' }),
    teamsServiceUrl: 'https://smba.infra.dod.teams.microsoft.us/teams',
  },
  china: {
    // A single-tenant or managed-identity bot signs in to its own tenant; a multi-tenant one to
    // the Bot Framework's tenant.
    endpoints: (tenant) => ({
      ChannelService: '',
      OAuthUrl: 'https://token.botframework.azure.cn/',
      ToChannelFromBotLoginUrl: `https://login.partner.microsoftonline.cn/${tenant ?? 'microsoftservices.partner.onmschina.cn'}`,
      ToChannelFromBotOAuthScope: 'https://api.botframework.azure.cn',
      ToBotFromChannelTokenIssuer: 'https://api.botframework.azure.cn',
      ToBotFromChannelOpenIdMetadataUrl:
        'https://login.botframework.azure.cn/v1/.well-known/openidconfiguration',
      ToBotFromEmulatorOpenIdMetadataUrl:
        'https://login.partner.microsoftonline.cn/a55a4d5b-9241-49b1-b4ff-befa8db00269/v2.0/.well-known/openid-configuration',
      ValidateAuthority: 'true',
    }),
    teamsServiceUrl: undefined,
  },
};

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
  /** Application Insights: on when a connection string is set (see src/telemetry). */
  telemetry: { connectionString: string | undefined; samplingPercent: number };
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
  /** Enrollment campaigns: how often the runner works them, and the Teams app's catalog id. */
  campaigns: {
    intervals: { tickMs: number; audienceMs: number; measureMs: number; dashboardMs: number };
    /** The app's id in the organisation's Teams catalog; looked up by TEAMS_APP_ID when unset. */
    catalogAppId: string | undefined;
  };
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
