import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';

/**
 * A test double for a managed identity: hands out unsigned Microsoft Entra-shaped access tokens
 * for whatever scope the SDK asks, and records the scopes. Only Azurite's `--oauth basic` mode,
 * which checks audience, issuer and lifetime but not the signature, accepts these tokens.
 */
export class TestEntraCredential implements TokenCredential {
  public readonly scopesAsked: string[][] = [];

  public constructor(private readonly claims: { aud?: string; tenantId?: string } = {}) {}

  public getToken(scopes: string | string[], _options?: GetTokenOptions): Promise<AccessToken> {
    const list = Array.isArray(scopes) ? scopes : [scopes];
    this.scopesAsked.push(list);
    const now = Math.floor(Date.now() / 1000);
    const tenant = this.claims.tenantId ?? '72f988bf-86f1-41af-91ab-2d7cd011db47';
    const payload = {
      aud: this.claims.aud ?? (list[0] ?? '').replace(/\/\.default$/, ''),
      iss: `https://sts.windows.net/${tenant}/`,
      iat: now - 60,
      nbf: now - 60,
      exp: now + 3600,
      tid: tenant,
      oid: '00000000-0000-4000-8000-00000000abcd',
    };
    const part = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
    return Promise.resolve({
      token: `${part({ alg: 'none', typ: 'JWT' })}.${part(payload)}.`,
      expiresOnTimestamp: (now + 3600) * 1000,
    });
  }
}
