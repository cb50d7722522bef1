/**
 * infra/ and the configuration schema stay in step. There is no Bicep compiler here, so the
 * test reads the Bicep text: the web app's settings must be variables the bot reads, hold no
 * secret, and together make a configuration that loadConfig accepts for a managed-identity
 * deployment in every cloud the template offers.
 */
import fs from 'node:fs';
import path from 'node:path';

import { ENV_VARIABLES, GRAPH_CLOUDS, loadConfig } from '../../../src/config/env';

const ROOT = path.resolve(__dirname, '../../..');
const read = (file: string): string => fs.readFileSync(path.join(ROOT, file), 'utf8');
const resources = read('infra/resources.bicep');
const main = read('infra/main.bicep');

/** Settings App Service itself reads, not the bot. */
const PLATFORM_SETTINGS = new Set(['SCM_DO_BUILD_DURING_DEPLOYMENT']);
/** Variables that would put a secret in plain app settings. */
const SECRET_SETTINGS = [
  'MicrosoftAppPassword',
  'GRAPH_CLIENT_SECRET',
  'GRAPH_CERTIFICATE_PATH',
  'BLOB_CONNECTION_STRING',
  'WEBHOOK_SECRET',
];

/** The `properties` of the sites/config 'appsettings' resource, as key → Bicep expression. */
function appSettings(): Map<string, string> {
  const start = resources.indexOf("'Microsoft.Web/sites/config@");
  expect(start).toBeGreaterThan(0);
  const body = resources.slice(resources.indexOf('properties: {', start));
  const end = body.indexOf('\n  }');
  const settings = new Map<string, string>();
  for (const line of body.slice('properties: {'.length, end).split('\n')) {
    const match = /^\s+([A-Za-z_][A-Za-z0-9_]*):\s*(.+?)\s*$/.exec(line);
    if (match) settings.set(match[1]!, match[2]!);
  }
  return settings;
}

/** Bicep `var name = 'literal'` declarations. */
const vars = new Map(
  [...resources.matchAll(/^var (\w+) = '([^']*)'$/gm)].map((m) => [m[1]!, m[2]!] as const),
);

/** A value the deployment would produce for an expression, for loading the configuration. */
function sample(expression: string, cloud: string): string {
  const literal = /^'([^'$]*)'$/.exec(expression);
  if (literal) return literal[1]!;
  const samples: Record<string, string> = {
    'identity.properties.clientId': '3c9f1e2a-5b7d-4e8f-9a1b-2c3d4e5f6a7b',
    'tenant().tenantId': '72f988bf-86f1-41af-91ab-2d7cd011db47',
    'storage.properties.primaryEndpoints.blob': 'https://stexample.blob.core.windows.net/',
    'storage.properties.primaryEndpoints.queue': 'https://stexample.queue.core.windows.net/',
    'appInsights.properties.ConnectionString':
      'InstrumentationKey=0b0e6f3c-7a1d-4c2e-9f5b-3d8a6c4e2f10;IngestionEndpoint=https://example.in.applicationinsights.azure.com/',
    "'https://${webApp.properties.defaultHostName}'": 'https://app-example.azurewebsites.net',
    cloud,
    adminGroupId: '',
    helpdeskGroupId: '',
  };
  const value = samples[expression] ?? vars.get(expression);
  if (value === undefined) throw new Error(`no sample for the Bicep expression ${expression}`);
  return value;
}

describe('infra/resources.bicep app settings ⇔ src/config/env.ts', () => {
  const settings = appSettings();

  it('are all variables the bot reads (or App Service settings)', () => {
    expect(settings.size).toBeGreaterThan(10);
    const unknown = [...settings.keys()].filter(
      (k) => !ENV_VARIABLES.includes(k) && !PLATFORM_SETTINGS.has(k),
    );
    expect(unknown).toEqual([]);
  });

  it('hold no secret: no password, client secret, key or connection string with a key', () => {
    expect(SECRET_SETTINGS.filter((k) => settings.has(k))).toEqual([]);
    const infra = fs
      .readdirSync(path.join(ROOT, 'infra'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.bicep') || f.endsWith('.json'))
      .map((f) => read(path.join('infra', f)))
      .join('\n');
    expect(infra).not.toMatch(/listKeys\(|listConnectionStrings\(|AccountKey=|@secure\(\)/);
    expect(resources).toMatch(/allowSharedKeyAccess: false/);
  });

  it.each(Object.keys(GRAPH_CLOUDS))(
    'make a configuration loadConfig accepts: managed identity everywhere (%s)',
    (cloud) => {
      const env = Object.fromEntries(
        [...settings].map(([key, expression]) => [key, sample(expression, cloud)]),
      );
      const config = loadConfig(env, { dotenvPath: undefined });
      expect(config.anonymous).toBe(false);
      expect(config.botAuth).toMatchObject({
        MicrosoftAppType: 'UserAssignedMSI',
        MicrosoftAppPassword: '',
      });
      expect(config.graph).toMatchObject({
        mode: 'graph',
        cloud,
        credential: { kind: 'managedIdentity' },
      });
      expect(config.storage).toMatchObject({
        kind: 'blob',
        account: { kind: 'identity', clientId: env.STORAGE_CLIENT_ID },
      });
      expect(config.helpdesk.outboxBackend).toBe('azure-queue');
      expect(config.telemetry.connectionString).toBeDefined();
    },
  );

  it('runs on Node 22 LTS with the health check and always on', () => {
    expect(resources).toMatch(/linuxFxVersion: 'NODE\|22-lts'/);
    expect(resources).toMatch(/healthCheckPath: '\/healthz'/);
    expect(resources).toMatch(/alwaysOn: true/);
    expect(resources).toMatch(/msaAppType|modules\/bot\.bicep/);
    expect(read('infra/modules/bot.bicep')).toMatch(/msaAppType: 'UserAssignedMSI'/);
    expect(read('infra/modules/bot.bicep')).toMatch(/channelName: 'MsTeamsChannel'/);
  });

  it("offers exactly the config schema's clouds, and main.parameters.json names real parameters", () => {
    const allowed = /@allowed\(\[([^\]]*)\]\)\s*param cloud string/.exec(main)?.[1] ?? '';
    expect(new Set(allowed.match(/'[^']+'/g)?.map((c) => c.slice(1, -1)))).toEqual(
      new Set(Object.keys(GRAPH_CLOUDS)),
    );
    const declared = new Set([...main.matchAll(/^param (\w+) /gm)].map((m) => m[1]));
    const parameters = JSON.parse(read('infra/main.parameters.json')) as {
      parameters: Record<string, unknown>;
    };
    expect(Object.keys(parameters.parameters).filter((p) => !declared.has(p))).toEqual([]);
  });
});

describe('Graph permissions: infra/graph-permissions.json ⇔ README', () => {
  it('the grant script grants what the README documents, no more and no less', () => {
    const listed = JSON.parse(read('infra/graph-permissions.json')) as {
      required: string[];
      optional: string[];
    };
    const readme = read('README.md');
    const table = readme.slice(readme.indexOf('## Microsoft Graph permissions'));
    const documented = new Set(
      [...table.slice(0, table.indexOf('\n## ', 5)).matchAll(/`([A-Za-z]+(?:\.[A-Za-z]+)+)`/g)]
        .map((m) => m[1]!)
        .filter((p) => /\.(All|Directory)$/.test(p)),
    );
    const granted = new Set([...listed.required, ...listed.optional]);
    expect([...documented].filter((p) => !granted.has(p))).toEqual([]);
    expect([...granted].filter((p) => !documented.has(p))).toEqual([]);
  });
});
