import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import {
  ClaimsIdentity,
  MicrosoftAppCredentials,
  ServiceClientCredentialsFactory,
} from 'botframework-connector';

import { ENV_VARIABLES, loadAppPackageConfig, loadConfig } from '../../../src/config/env';
import { ConfigError } from '../../../src/errors';

const NO_DOTENV = { dotenvPath: undefined };
const APP_ID = '0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';
const TENANT = '11111111-2222-3333-4444-555555555555';

function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env, NO_DOTENV);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('runs anonymous with defaults when nothing is set', () => {
    const c = loadConfig({}, NO_DOTENV);
    expect(c.anonymous).toBe(true);
    expect(c.port).toBe(3978);
    expect(c.storage).toEqual({ kind: 'sqlite', path: './data/bot.sqlite' });
    expect(c.botAuth.MicrosoftAppId).toBe('');
    expect(c.botAuth.MicrosoftAppType).toBe('MultiTenant');
  });

  it('accepts a SingleTenant registration and defaults the app type to SingleTenant', () => {
    const c = loadConfig(
      {
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: 's3cret',
        MicrosoftAppTenantId: TENANT,
        PORT: '4000',
      },
      NO_DOTENV,
    );
    expect(c.anonymous).toBe(false);
    expect(c.botAuth).toEqual({
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 's3cret',
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: TENANT,
    });
    expect(c.port).toBe(4000);
  });

  it('accepts a user-assigned managed identity without a password, case-insensitively', () => {
    const c = loadConfig(
      { MicrosoftAppId: APP_ID, MicrosoftAppType: 'userassignedmsi', MicrosoftAppTenantId: TENANT },
      NO_DOTENV,
    );
    expect(c.botAuth.MicrosoftAppType).toBe('UserAssignedMSI');
  });

  it('selects blob storage with a connection string and container', () => {
    const c = loadConfig(
      {
        STORAGE_KIND: 'blob',
        BLOB_CONNECTION_STRING: 'UseDevelopmentStorage=true;',
        BLOB_CONTAINER: 'state-1',
      },
      NO_DOTENV,
    );
    expect(c.storage).toEqual({
      kind: 'blob',
      account: { kind: 'connectionString', connectionString: 'UseDevelopmentStorage=true;' },
      container: 'state-1',
    });
  });

  it('selects blob storage by account URL and managed identity, deriving the queue endpoint', () => {
    const c = loadConfig(
      {
        STORAGE_KIND: 'blob',
        OUTBOX_BACKEND: 'azure-queue',
        BLOB_ACCOUNT_URL: 'https://contosobot.blob.core.usgovcloudapi.net/',
        STORAGE_CLIENT_ID: APP_ID,
      },
      NO_DOTENV,
    );
    expect(c.storage).toEqual({
      kind: 'blob',
      container: 'bot-state',
      account: {
        kind: 'identity',
        blobUrl: 'https://contosobot.blob.core.usgovcloudapi.net',
        queueUrl: 'https://contosobot.queue.core.usgovcloudapi.net',
        clientId: APP_ID,
      },
    });
  });

  it('asks for QUEUE_ACCOUNT_URL when the queue endpoint cannot be derived (emulators, custom domains)', () => {
    const base = {
      STORAGE_KIND: 'blob',
      OUTBOX_BACKEND: 'azure-queue',
      BLOB_ACCOUNT_URL: 'https://127.0.0.1:10000/devstoreaccount1',
    };
    expect(configError(base).message).toMatch(/QUEUE_ACCOUNT_URL: is required/);
    const c = loadConfig(
      { ...base, QUEUE_ACCOUNT_URL: 'https://127.0.0.1:10001/devstoreaccount1' },
      NO_DOTENV,
    );
    expect(c.storage.kind === 'blob' && c.storage.account).toMatchObject({
      kind: 'identity',
      queueUrl: 'https://127.0.0.1:10001/devstoreaccount1',
      clientId: undefined,
    });
  });

  it('refuses an account URL over http, with a SAS query, or beside a connection string', () => {
    expect(
      configError({ STORAGE_KIND: 'blob', BLOB_ACCOUNT_URL: 'http://a.blob.core.windows.net' })
        .message,
    ).toMatch(/BLOB_ACCOUNT_URL: must start with https/);
    const sas = configError({
      STORAGE_KIND: 'blob',
      BLOB_ACCOUNT_URL: 'https://a.blob.core.windows.net/?sv=2024&sig=SECRETSIG',
    }).message;
    expect(sas).toMatch(/BLOB_ACCOUNT_URL: must not carry a query string/);
    expect(sas).not.toContain('SECRETSIG');
    expect(
      configError({
        STORAGE_KIND: 'blob',
        BLOB_ACCOUNT_URL: 'https://a.blob.core.windows.net',
        BLOB_CONNECTION_STRING: 'UseDevelopmentStorage=true;',
      }).message,
    ).toMatch(/set only one of BLOB_ACCOUNT_URL/);
  });

  it('names every bad variable and why', () => {
    const err = configError({
      PORT: 'eighty',
      LOG_LEVEL: 'loud',
      MicrosoftAppId: 'not-a-guid',
      STORAGE_KIND: 'blob',
      BLOB_CONTAINER: 'Bad_Name',
    });
    const text = err.message;
    expect(text).toMatch(/PORT:/);
    expect(text).toMatch(/LOG_LEVEL:/);
    expect(text).toMatch(/MicrosoftAppId: must be a GUID/);
    expect(text).toMatch(/BLOB_CONTAINER:/);
    expect(err.issues.length).toBeGreaterThanOrEqual(4);
  });

  it('requires the tenant and password for SingleTenant', () => {
    const err = configError({ MicrosoftAppId: APP_ID });
    expect(err.message).toMatch(/MicrosoftAppTenantId: is required/);
    expect(err.message).toMatch(/MicrosoftAppPassword: is required/);
  });

  it('requires an account URL or a connection string for blob storage', () => {
    expect(configError({ STORAGE_KIND: 'blob' }).message).toMatch(
      /BLOB_ACCOUNT_URL: or BLOB_CONNECTION_STRING is required/,
    );
  });

  it('never prints a secret value, even when the configuration is invalid', () => {
    const secret = 'Sup3r-S3cret-Value~~';
    const err = configError({
      MicrosoftAppId: APP_ID,
      MicrosoftAppType: 'UserAssignedMSI',
      MicrosoftAppTenantId: TENANT,
      MicrosoftAppPassword: secret,
      BLOB_CONNECTION_STRING: `AccountKey=${secret}`,
      PORT: '-1',
    });
    expect(err.message).toMatch(/MicrosoftAppPassword: must be empty/);
    expect(err.message).not.toContain(secret);
  });

  it('reads .env beneath the real environment', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'env-'));
    const file = path.join(dir, '.env');
    fs.writeFileSync(file, 'PORT=5005\nLOG_LEVEL=debug\n');
    const c = loadConfig({ LOG_LEVEL: 'warn' }, { dotenvPath: file });
    expect(c.port).toBe(5005);
    expect(c.logLevel).toBe('warn');
  });
});

describe('secure by default: anonymous mode', () => {
  const REAL_GRAPH = {
    GRAPH_TENANT_ID: TENANT,
    GRAPH_CLIENT_ID: APP_ID,
    GRAPH_CLIENT_SECRET: 'graph-s3cret-value',
  };

  it('binds loopback without MicrosoftAppId, and all interfaces with it', () => {
    expect(loadConfig({}, NO_DOTENV).host).toBe('127.0.0.1');
    expect(
      loadConfig(
        { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'p', MicrosoftAppTenantId: TENANT },
        NO_DOTENV,
      ).host,
    ).toBe('0.0.0.0');
    expect(loadConfig({ HOST: '::1' }, NO_DOTENV).host).toBe('::1');
    expect(loadConfig({ HOST: '127.0.0.2' }, NO_DOTENV).host).toBe('127.0.0.2');
  });

  it.each(['0.0.0.0', '::', '10.0.0.5', 'bot.contoso.example'])(
    'refuses HOST=%s without MicrosoftAppId',
    (host) => {
      const err = configError({ HOST: host });
      expect(err.message).toMatch(/HOST.*must be a loopback address/);
    },
  );

  it('refuses a real Graph credential without MicrosoftAppId, and never echoes the secret', () => {
    const err = configError(REAL_GRAPH);
    expect(err.message).toMatch(
      /MicrosoftAppId.*is required with a real Graph credential.*act as an admin/,
    );
    expect(err.message).not.toContain('graph-s3cret-value');
    // A managed identity is a real credential too.
    expect(
      configError({ GRAPH_TENANT_ID: TENANT, GRAPH_USE_MANAGED_IDENTITY: 'true' }).message,
    ).toMatch(/is required with a real Graph credential/);
  });

  it('allows it with the loudly named opt-in, still on loopback only', () => {
    const c = loadConfig(
      { ...REAL_GRAPH, UNSAFE_ALLOW_ANONYMOUS_WITH_REAL_GRAPH: 'true' },
      NO_DOTENV,
    );
    expect(c.graph.mode).toBe('graph');
    expect(c.unsafeAnonymousWithRealGraph).toBe(true);
    expect(c.host).toBe('127.0.0.1');
    expect(
      configError({
        ...REAL_GRAPH,
        UNSAFE_ALLOW_ANONYMOUS_WITH_REAL_GRAPH: 'true',
        HOST: '0.0.0.0',
      }).message,
    ).toMatch(/HOST.*must be a loopback address/);
  });

  it('needs no opt-in for the sandbox, or with MicrosoftAppId', () => {
    expect(loadConfig({ ...REAL_GRAPH, GRAPH_MODE: 'sandbox' }, NO_DOTENV).graph.mode).toBe(
      'sandbox',
    );
    const c = loadConfig(
      {
        ...REAL_GRAPH,
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: 'p',
        MicrosoftAppTenantId: TENANT,
      },
      NO_DOTENV,
    );
    expect(c.graph.mode).toBe('graph');
    expect(c.unsafeAnonymousWithRealGraph).toBe(false);
  });
});

describe('app package configuration', () => {
  it('needs the app id only: no password, tenant or Graph secret (CI can package)', () => {
    // loadConfig refuses this environment (SingleTenant without password or tenant)...
    expect(configError({ MicrosoftAppId: APP_ID }).message).toMatch(/MicrosoftAppPassword/);
    // ...but the package is built from the app id and the listing texts alone.
    expect(loadAppPackageConfig({ MicrosoftAppId: APP_ID }, NO_DOTENV)).toMatchObject({
      botId: APP_ID,
      publisherName: 'Contoso IT',
    });
  });

  it('still names a bad value among its own variables', () => {
    expect(() =>
      loadAppPackageConfig(
        { MicrosoftAppId: 'not-a-guid', APP_WEBSITE_URL: 'http://x' },
        NO_DOTENV,
      ),
    ).toThrow(/MicrosoftAppId[\s\S]*APP_WEBSITE_URL|APP_WEBSITE_URL[\s\S]*MicrosoftAppId/);
  });
});

describe('configuration docs', () => {
  const root = path.resolve(__dirname, '../../..');
  const example = fs.readFileSync(path.join(root, '.env.example'), 'utf8');
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');

  it.each(ENV_VARIABLES)('%s is documented in .env.example and the README', (name) => {
    expect(example).toMatch(new RegExp(`^#?\\s*${name}=`, 'm'));
    expect(readme).toContain(`\`${name}\``);
  });

  it('.env.example documents nothing the schema does not know', () => {
    const names = [...example.matchAll(/^#?\s*([A-Za-z_][A-Za-z0-9_]*)=/gm)].map((m) => m[1]);
    expect(names.filter((n) => !ENV_VARIABLES.includes(n!))).toEqual([]);
  });
});

describe('national clouds for the Bot Framework channel', () => {
  const bot = {
    MicrosoftAppId: APP_ID,
    MicrosoftAppType: 'UserAssignedMSI',
    MicrosoftAppTenantId: TENANT,
  };

  it('keeps botbuilder public defaults in the global cloud', () => {
    const c = loadConfig({ ...bot }, NO_DOTENV);
    expect(c.botAuth).toEqual({ ...bot, MicrosoftAppPassword: '' });
    expect(c.helpdesk.channel).toBeUndefined();
  });

  it.each([
    [
      'usgov',
      'https://tokengcch.botframework.azure.us/',
      'https://smba.infra.gov.teams.microsoft.us/teams',
    ],
    [
      'usgovdod',
      'https://apiDoD.botframework.azure.us',
      'https://smba.infra.dod.teams.microsoft.us/teams',
    ],
  ])(
    '%s: government channel service, its token service and Teams endpoint',
    (cloud, oauthUrl, teams) => {
      const c = loadConfig(
        { ...bot, GRAPH_CLOUD: cloud, HELPDESK_CHANNEL_ID: '19:abc@thread.tacv2' },
        NO_DOTENV,
      );
      expect(c.botAuth).toMatchObject({
        ChannelService: 'https://botframework.azure.us',
        OAuthUrl: oauthUrl,
        ToChannelFromBotOAuthScope: 'https://api.botframework.us',
        ToBotFromChannelTokenIssuer: 'https://api.botframework.us',
      });
      expect(c.helpdesk.channel?.serviceUrl).toBe(teams);
    },
  );

  it('china: the bot signs in to its own tenant, and the Teams service URL must be given', () => {
    const c = loadConfig({ ...bot, GRAPH_CLOUD: 'china' }, NO_DOTENV);
    expect(c.botAuth).toMatchObject({
      OAuthUrl: 'https://token.botframework.azure.cn/',
      ToChannelFromBotLoginUrl: `https://login.partner.microsoftonline.cn/${TENANT}`,
      ToChannelFromBotOAuthScope: 'https://api.botframework.azure.cn',
    });
    expect(
      configError({ ...bot, GRAPH_CLOUD: 'china', HELPDESK_CHANNEL_ID: '19:abc@thread.tacv2' })
        .message,
    ).toMatch(/HELPDESK_SERVICE_URL: is required in the china cloud/);
  });

  it.each([
    [
      'global',
      'https://api.botframework.com',
      'https://login.microsoftonline.com/botframework.com',
    ],
    [
      'usgov',
      'https://api.botframework.us',
      'https://login.microsoftonline.us/MicrosoftServices.onmicrosoft.us',
    ],
    [
      'usgovdod',
      'https://api.botframework.us',
      'https://login.microsoftonline.us/MicrosoftServices.onmicrosoft.us',
    ],
    [
      'china',
      'https://api.botframework.azure.cn',
      `https://login.partner.microsoftonline.cn/${TENANT}`,
    ],
  ])(
    '%s: botbuilder signs its replies for that cloud (audience and sign-in)',
    async (cloud, audience, login) => {
      const c = loadConfig({ ...bot, GRAPH_CLOUD: cloud }, NO_DOTENV);
      const asked: { audience: string; loginEndpoint: string }[] = [];
      class Recording extends ServiceClientCredentialsFactory {
        public isValidAppId = (): Promise<boolean> => Promise.resolve(true);
        public isAuthenticationDisabled = (): Promise<boolean> => Promise.resolve(false);
        public createCredentials = (
          _appId: string,
          aud: string,
          loginEndpoint: string,
        ): Promise<MicrosoftAppCredentials> => {
          asked.push({ audience: aud, loginEndpoint });
          return Promise.resolve(MicrosoftAppCredentials.Empty);
        };
      }
      const auth = new ConfigurationBotFrameworkAuthentication({ ...c.botAuth }, new Recording());
      const identity = new ClaimsIdentity([{ type: 'aud', value: APP_ID }], true);
      await auth.createConnectorFactory(identity).create('https://service.example/teams');
      expect(asked).toEqual([{ audience, loginEndpoint: login }]);
    },
  );
});
