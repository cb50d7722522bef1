import {
  ClientCertificateCredential,
  ClientSecretCredential,
  ManagedIdentityCredential,
} from '@azure/identity';

import { loadConfig } from '../../../src/config/env';
import {
  createGraphCredential,
  createSandboxGraphClient,
  customHostsFor,
  type RemoteGraphConfig,
} from '../../../src/graph/client';

const TENANT = '11111111-1111-4111-8111-111111111111';
const CLIENT = '33333333-3333-4333-8333-333333333333';

function graphConfig(env: Record<string, string>): RemoteGraphConfig {
  const config = loadConfig(
    {
      GRAPH_MODE: 'graph',
      GRAPH_TENANT_ID: TENANT,
      GRAPH_CLIENT_ID: CLIENT,
      // Only the Graph client is built here (no bot server): opt in to running without an app id.
      UNSAFE_ALLOW_ANONYMOUS_WITH_REAL_GRAPH: 'true',
      ...env,
    },
    { dotenvPath: undefined },
  );
  if (config.graph.mode !== 'graph') throw new Error('expected graph mode');
  return config.graph;
}

describe('Graph client factory', () => {
  it('adds customHosts only for hosts the SDK would not send tokens to', () => {
    expect(customHostsFor('https://127.0.0.1:8443')).toEqual(new Set(['127.0.0.1']));
    expect(customHostsFor('https://Graph.Example.test')).toEqual(new Set(['graph.example.test']));
    expect(customHostsFor('https://graph.microsoft.com')).toBeUndefined();
    expect(customHostsFor('https://microsoftgraph.chinacloudapi.cn')).toBeUndefined();
  });

  it('builds the credential the configuration names', () => {
    expect(createGraphCredential(graphConfig({ GRAPH_CLIENT_SECRET: 's' }))).toBeInstanceOf(
      ClientSecretCredential,
    );
    expect(
      createGraphCredential(graphConfig({ GRAPH_CERTIFICATE_PATH: '/tmp/does-not-matter.pem' })),
    ).toBeInstanceOf(ClientCertificateCredential);
    expect(
      createGraphCredential(graphConfig({ GRAPH_USE_MANAGED_IDENTITY: 'true' })),
    ).toBeInstanceOf(ManagedIdentityCredential);
  });

  it('marks a test-double authority as custom and uses the cloud’s scope otherwise', () => {
    const usgov = graphConfig({ GRAPH_CLIENT_SECRET: 's', GRAPH_CLOUD: 'usgov' });
    expect(usgov).toMatchObject({
      customAuthority: false,
      authorityHost: 'https://login.microsoftonline.us',
      scope: 'https://graph.microsoft.us/.default',
    });
    const double = graphConfig({
      GRAPH_CLIENT_SECRET: 's',
      GRAPH_AUTHORITY_HOST: 'https://127.0.0.1:9443',
      GRAPH_BASE_URL: 'https://127.0.0.1:9443',
    });
    expect(double.customAuthority).toBe(true);
  });

  it('lets the sandbox client talk to http on loopback only', () => {
    expect(createSandboxGraphClient('http://127.0.0.1:1234')).toBeDefined();
    expect(() => createSandboxGraphClient('https://127.0.0.1:1234')).toThrow(/loopback/);
    expect(() => createSandboxGraphClient('http://graph.microsoft.com')).toThrow(/loopback/);
  });
});
