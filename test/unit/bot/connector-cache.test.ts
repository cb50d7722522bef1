import type { Activity } from 'botbuilder';
import {
  BotFrameworkAuthentication,
  ClaimsIdentity,
  ConnectorFactory,
  type AuthenticateRequestResult,
  type ConnectorClient,
  type UserTokenClient,
} from 'botframework-connector';

import {
  CachedConnectorsAuthentication,
  MAX_CONNECTOR_CLIENTS,
} from '../../../src/bot/connector-cache';

/** A connector factory that makes a distinct stand-in client per call and counts the calls. */
class CountingFactory extends ConnectorFactory {
  public calls = 0;
  public failNext = false;

  public create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    this.calls++;
    if (this.failNext) {
      this.failNext = false;
      return Promise.reject(new Error('no credentials yet'));
    }
    return Promise.resolve({ serviceUrl, audience, n: this.calls } as unknown as ConnectorClient);
  }
}

/** An authentication that accepts every request for the bot named in the header. */
class FakeAuthentication extends BotFrameworkAuthentication {
  public readonly factory = new CountingFactory();

  public authenticateRequest(
    _activity: Activity,
    authHeader: string,
  ): Promise<AuthenticateRequestResult> {
    return Promise.resolve({
      audience: 'https://api.botframework.com',
      claimsIdentity: new ClaimsIdentity([{ type: 'aud', value: authHeader }], true),
      connectorFactory: this.factory,
    });
  }

  public authenticateStreamingRequest(authHeader: string): Promise<AuthenticateRequestResult> {
    return this.authenticateRequest({} as Activity, authHeader);
  }

  public createConnectorFactory(): ConnectorFactory {
    return this.factory;
  }

  public tokenClients = 0;

  public createUserTokenClient(identity: ClaimsIdentity): Promise<UserTokenClient> {
    this.tokenClients++;
    if (identity.getClaimValue('aud') === 'broken') return Promise.reject(new Error('no secret'));
    return Promise.resolve({ n: this.tokenClients } as unknown as UserTokenClient);
  }
}

async function clientFor(
  auth: CachedConnectorsAuthentication,
  bot: string,
  serviceUrl: string,
  audience = 'https://api.botframework.com',
): Promise<ConnectorClient> {
  const result = await auth.authenticateRequest({} as Activity, bot);
  if (!result.connectorFactory) throw new Error('no connector factory');
  return result.connectorFactory.create(serviceUrl, audience);
}

describe('CachedConnectorsAuthentication', () => {
  it('reuses one client per bot, service URL and audience', async () => {
    const inner = new FakeAuthentication();
    const auth = new CachedConnectorsAuthentication(inner);
    const a = await clientFor(auth, 'bot-1', 'https://smba.example/emea/');
    const b = await clientFor(auth, 'bot-1', 'https://smba.example/emea/');
    expect(b).toBe(a);
    expect(inner.factory.calls).toBe(1);
    // Another region, another audience or another bot gets its own.
    expect(await clientFor(auth, 'bot-1', 'https://smba.example/amer/')).not.toBe(a);
    expect(await clientFor(auth, 'bot-1', 'https://smba.example/emea/', 'other')).not.toBe(a);
    expect(await clientFor(auth, 'bot-2', 'https://smba.example/emea/')).not.toBe(a);
    expect(inner.factory.calls).toBe(4);
  });

  it('shares the clients with proactive turns (createConnectorFactory)', async () => {
    const inner = new FakeAuthentication();
    const auth = new CachedConnectorsAuthentication(inner);
    const a = await clientFor(auth, 'bot-1', 'https://smba.example/emea/');
    const identity = new ClaimsIdentity([{ type: 'aud', value: 'bot-1' }], true);
    const b = await auth
      .createConnectorFactory(identity)
      .create('https://smba.example/emea/', 'https://api.botframework.com');
    expect(b).toBe(a);
  });

  it('asks again after a client could not be made', async () => {
    const inner = new FakeAuthentication();
    const auth = new CachedConnectorsAuthentication(inner);
    inner.factory.failNext = true;
    await expect(clientFor(auth, 'bot-1', 'https://smba.example/')).rejects.toThrow('credentials');
    const client = await clientFor(auth, 'bot-1', 'https://smba.example/');
    expect(client).toBeDefined();
    expect(inner.factory.calls).toBe(2);
    expect(await clientFor(auth, 'bot-1', 'https://smba.example/')).toBe(client);
  });

  it('keeps a bounded number of clients, the least recently used leaving first', async () => {
    const inner = new FakeAuthentication();
    const auth = new CachedConnectorsAuthentication(inner);
    const first = await clientFor(auth, 'bot-1', 'https://smba.example/0/');
    for (let i = 1; i <= MAX_CONNECTOR_CLIENTS; i++) {
      await clientFor(auth, 'bot-1', `https://smba.example/${i}/`);
    }
    expect(auth.cachedClients).toBe(MAX_CONNECTOR_CLIENTS);
    expect(await clientFor(auth, 'bot-1', 'https://smba.example/0/')).not.toBe(first);
  });

  it('passes the authentication result through unchanged but for the factory', async () => {
    const inner = new FakeAuthentication();
    const auth = new CachedConnectorsAuthentication(inner);
    const result = await auth.authenticateRequest({} as Activity, 'bot-9');
    expect(result.audience).toBe('https://api.botframework.com');
    expect(result.claimsIdentity.getClaimValue('aud')).toBe('bot-9');
    expect(result.connectorFactory).not.toBe(inner.factory);
  });

  it('keeps one user token client per bot', async () => {
    const inner = new FakeAuthentication();
    const auth = new CachedConnectorsAuthentication(inner);
    const bot = (aud: string): ClaimsIdentity =>
      new ClaimsIdentity([{ type: 'aud', value: aud }], true);
    const a = await auth.createUserTokenClient(bot('bot-1'));
    expect(await auth.createUserTokenClient(bot('bot-1'))).toBe(a);
    expect(await auth.createUserTokenClient(bot('bot-2'))).not.toBe(a);
    expect(inner.tokenClients).toBe(2);
    // One that could not be made is asked for again.
    await expect(auth.createUserTokenClient(bot('broken'))).rejects.toThrow('no secret');
    await expect(auth.createUserTokenClient(bot('broken'))).rejects.toThrow('no secret');
    expect(inner.tokenClients).toBe(4);
  });
});
