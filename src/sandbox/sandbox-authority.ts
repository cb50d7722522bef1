/**
 * The Entra authority side of the LOCAL INTUNE SANDBOX (HTTPS only), enough for @azure/identity's
 * ClientSecretCredential with a custom authority and `disableInstanceDiscovery`. MSAL Node asks
 * for exactly two things: `GET /{tenant}/v2.0/.well-known/openid-configuration`, then
 * `POST {token_endpoint}?client-request-id=…` with `grant_type=client_credentials`, `client_id`,
 * `client_secret`, `scope=<graph>/.default` and its x-client-* telemetry fields. Instance
 * discovery (`/common/discovery/instance`) is answered too, for callers that leave it on.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

import { readBody, type Reply } from './sandbox-http';
import type { GraphSandboxState } from './sandbox-state';

/** A client the sandbox's token endpoint accepts. */
export interface SandboxClientCredential {
  clientId: string;
  clientSecret: string;
}

const TOKEN_LIFETIME_SECONDS = 3599;

/** Client-credentials token endpoint and OpenID metadata for one sandbox. */
export class SandboxAuthority {
  public origin = '';

  public constructor(
    private readonly state: GraphSandboxState,
    private readonly clients: readonly SandboxClientCredential[],
  ) {}

  /** True for the paths this authority serves. */
  public static handles(path: string): boolean {
    return (
      /^\/[^/]+\/(oauth2\/v2\.0\/token|v2\.0\/\.well-known\/openid-configuration|discovery\/v2\.0\/keys)$/.test(
        path,
      ) || path.startsWith('/common/discovery/')
    );
  }

  /** Answers one authority request. */
  public async answer(req: IncomingMessage, url: URL): Promise<Reply> {
    this.state.authorityRequests.push(`${req.method ?? ''} ${url.pathname}${url.search}`);
    const [, tenant = '', ...rest] = url.pathname.split('/');
    const what = rest.join('/');
    if (tenant === 'common' && what.startsWith('discovery/')) {
      // Instance discovery: only asked when disableInstanceDiscovery is off.
      return {
        status: 200,
        json: {
          tenant_discovery_endpoint: `${this.origin}/${this.state.tenantId}/v2.0/.well-known/openid-configuration`,
          'api-version': '1.1',
          metadata: [],
        },
      };
    }
    if (tenant.toLowerCase() !== this.state.tenantId.toLowerCase()) {
      return this.oauthError(
        400,
        'invalid_request',
        90002,
        `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
      );
    }
    const base = `${this.origin}/${this.state.tenantId}`;
    if (what === 'v2.0/.well-known/openid-configuration' && req.method === 'GET') {
      return {
        status: 200,
        json: {
          token_endpoint: `${base}/oauth2/v2.0/token`,
          token_endpoint_auth_methods_supported: [
            'client_secret_post',
            'private_key_jwt',
            'client_secret_basic',
          ],
          jwks_uri: `${base}/discovery/v2.0/keys`,
          response_modes_supported: ['query', 'fragment', 'form_post'],
          subject_types_supported: ['pairwise'],
          id_token_signing_alg_values_supported: ['RS256'],
          response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
          scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
          issuer: `${base}/v2.0`,
          request_uri_parameter_supported: false,
          authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
          device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
          end_session_endpoint: `${base}/oauth2/v2.0/logout`,
          http_logout_supported: true,
          frontchannel_logout_supported: true,
          claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'tid'],
          tenant_region_scope: null,
          cloud_instance_name: 'sandbox.local',
          cloud_graph_host_name: new URL(this.origin).host,
          msgraph_host: new URL(this.origin).host,
        },
      };
    }
    if (what === 'discovery/v2.0/keys' && req.method === 'GET') {
      return { status: 200, json: { keys: [] } };
    }
    if (what === 'oauth2/v2.0/token' && req.method === 'POST') {
      return this.token(req);
    }
    return this.oauthError(404, 'invalid_request', 0, 'Unknown authority endpoint.');
  }

  private oauthError(status: number, error: string, aadsts: number, description: string): Reply {
    const text = aadsts ? `AADSTS${aadsts}: ${description}` : description;
    return {
      status,
      json: {
        error,
        error_description: `${text} Trace ID: ${randomUUID()} Correlation ID: ${randomUUID()} Timestamp: ${new Date().toISOString()}`,
        error_codes: aadsts ? [aadsts] : [],
        timestamp: new Date().toISOString(),
        trace_id: randomUUID(),
        correlation_id: randomUUID(),
      },
    };
  }

  private async token(req: IncomingMessage): Promise<Reply> {
    const form = new URLSearchParams(await readBody(req));
    let clientId = form.get('client_id') ?? '';
    let secret = form.get('client_secret');
    const basic = req.headers.authorization;
    if (basic?.startsWith('Basic ')) {
      const [id = '', pass = ''] = Buffer.from(basic.slice(6), 'base64')
        .toString('utf8')
        .split(':');
      clientId ||= decodeURIComponent(id);
      secret ??= decodeURIComponent(pass);
    }
    const grantType = form.get('grant_type') ?? '';
    const scope = form.get('scope') ?? '';
    const record = (granted: boolean): void => {
      this.state.tokenRequests.push({
        clientId,
        grantType,
        scope,
        fields: [...form.keys()],
        granted,
      });
    };
    if (grantType !== 'client_credentials') {
      record(false);
      return this.oauthError(
        400,
        'unsupported_grant_type',
        70003,
        `The app requested an unsupported grant type '${grantType}'.`,
      );
    }
    const client = this.clients.find((c) => c.clientId.toLowerCase() === clientId.toLowerCase());
    if (!client) {
      record(false);
      return this.oauthError(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${this.state.tenantId}'.`,
      );
    }
    if (secret === null) {
      record(false);
      return this.oauthError(
        401,
        'invalid_client',
        7000218,
        "The request body must contain the following parameter: 'client_assertion' or 'client_secret'. (The sandbox accepts client secrets only.)",
      );
    }
    if (secret !== client.clientSecret) {
      record(false);
      return this.oauthError(
        401,
        'invalid_client',
        7000215,
        `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
      );
    }
    if (!scope.split(' ').some((s) => s.endsWith('/.default'))) {
      record(false);
      return this.oauthError(
        400,
        'invalid_scope',
        1002012,
        `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
      );
    }
    record(true);
    return {
      status: 200,
      json: {
        token_type: 'Bearer',
        expires_in: TOKEN_LIFETIME_SECONDS,
        ext_expires_in: TOKEN_LIFETIME_SECONDS,
        access_token: this.state.issueToken(),
      },
    };
  }
}
