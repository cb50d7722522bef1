import {
  ClientCertificateCredential,
  ClientSecretCredential,
  ManagedIdentityCredential,
  type TokenCredential,
} from '@azure/identity';
import {
  Client,
  MiddlewareFactory,
  type AuthenticationProvider,
  type Context,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';

import type { GraphConfig } from '../config/env';
import type { Logger } from '../logging';
import { inDependency, safeRoute } from '../telemetry/instruments';

/** Graph settings when the bot talks to a real (or HTTPS test-double) Graph. */
export type RemoteGraphConfig = Extract<GraphConfig, { mode: 'graph' }>;

/**
 * Hosts to which the SDK's AuthenticationHandler attaches tokens without being told (its
 * GRAPH_URLS in 3.0.7). For any other host it strips `Authorization` unless the host is listed in
 * `customHosts`, and it never attaches one over plain http.
 */
export const KNOWN_GRAPH_HOSTS: ReadonlySet<string> = new Set([
  'graph.microsoft.com',
  'graph.microsoft.us',
  'dod-graph.microsoft.us',
  'graph.microsoft.de',
  'microsoftgraph.chinacloudapi.cn',
  'canary.graph.microsoft.com',
]);

/**
 * The @azure/identity credential for the configured kind. A non-Microsoft authority (a test
 * double) gets `disableInstanceDiscovery`, so MSAL reads the authority's own OpenID metadata
 * instead of asking login.microsoftonline.com about it.
 */
export function createGraphCredential(config: RemoteGraphConfig): TokenCredential {
  const authority = {
    authorityHost: config.authorityHost,
    ...(config.customAuthority ? { disableInstanceDiscovery: true } : {}),
  };
  const credential = config.credential;
  switch (credential.kind) {
    case 'secret':
      return new ClientSecretCredential(
        config.tenantId,
        credential.clientId,
        credential.secret,
        authority,
      );
    case 'certificate':
      return new ClientCertificateCredential(
        config.tenantId,
        credential.clientId,
        { certificatePath: credential.certificatePath },
        authority,
      );
    case 'managedIdentity':
      return credential.clientId
        ? new ManagedIdentityCredential({ clientId: credential.clientId })
        : new ManagedIdentityCredential();
  }
}

/**
 * `customHosts` for a base URL: its host name when the SDK would not otherwise attach tokens to
 * it (e.g. a test double at https://127.0.0.1:8443). The SDK compares host names without ports.
 */
export function customHostsFor(baseUrl: string): Set<string> | undefined {
  const host = new URL(baseUrl).hostname.toLowerCase();
  return KNOWN_GRAPH_HOSTS.has(host) ? undefined : new Set([host]);
}

/**
 * Records each Graph HTTP attempt as a dependency (method, route without ids or query, status,
 * Graph's request-id): placed just before the HTTP handler, so a retried 429 shows as two calls.
 */
class GraphDependencyHandler implements Middleware {
  private next: Middleware | undefined;

  public async execute(context: Context): Promise<void> {
    // RequestInfo is a DOM type this project's lib does not load: a URL string or a Request.
    const request = context.request as unknown as string | { url: string };
    const url = typeof request === 'string' ? request : request.url;
    const method = (context.options?.method ?? 'GET').toUpperCase();
    await inDependency('graph', method, safeRoute(url), async (report) => {
      try {
        await this.next?.execute(context);
      } finally {
        report(context.response?.status, context.response?.headers.get('request-id') ?? undefined);
      }
    });
  }

  public setNext(next: Middleware): void {
    this.next = next;
  }
}

/** Graph's default chain (auth, retry, redirect, telemetry, HTTP) with the dependency handler. */
function middlewareFor(authProvider: AuthenticationProvider): Middleware[] {
  const chain = MiddlewareFactory.getDefaultMiddlewareChain(authProvider);
  chain.splice(chain.length - 1, 0, new GraphDependencyHandler());
  return chain;
}

/**
 * The Graph client for a tenant: app-only tokens from @azure/identity through
 * TokenCredentialAuthenticationProvider, `baseUrl` without a version and beta as the default
 * version (services pin v1.0 per call where they need it). The default middleware chain stays:
 * Auth → Retry (429/503/504, honours Retry-After) → Redirect → Telemetry → HTTP.
 *
 * Create one per process: the credential caches its token in memory.
 */
export function createGraphClient(config: RemoteGraphConfig, logger: Logger): Client {
  const customHosts = customHostsFor(config.baseUrl);
  logger.info(
    {
      module: 'graph',
      cloud: config.cloud,
      baseUrl: config.baseUrl,
      authorityHost: config.authorityHost,
      credential: config.credential.kind,
      customAuthority: config.customAuthority,
      customHosts: customHosts ? [...customHosts] : undefined,
    },
    'Microsoft Graph client configured',
  );
  return Client.initWithMiddleware({
    middleware: middlewareFor(
      new TokenCredentialAuthenticationProvider(createGraphCredential(config), {
        scopes: [config.scope],
      }),
    ),
    baseUrl: config.baseUrl,
    defaultVersion: 'beta',
    ...(customHosts ? { customHosts } : {}),
  });
}

/** An auth provider for the sandbox, which needs no token over http. */
const NO_TOKEN: AuthenticationProvider = {
  getAccessToken: () => Promise.reject(new Error('the local sandbox client has no credential')),
};

/**
 * A Graph client for the local Intune sandbox (src/sandbox) over plain http on loopback. The SDK
 * never asks for a token for http URLs, and the sandbox does not require one over http; the rest
 * of the middleware chain (retries included) is the same as {@link createGraphClient}'s.
 */
export function createSandboxGraphClient(baseUrl: string): Client {
  const url = new URL(baseUrl);
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'http:' || !loopback) {
    throw new Error(`the sandbox client only talks to http on loopback, not ${url.origin}`);
  }
  return Client.initWithMiddleware({
    middleware: middlewareFor(NO_TOKEN),
    baseUrl: url.origin,
    defaultVersion: 'beta',
  });
}
