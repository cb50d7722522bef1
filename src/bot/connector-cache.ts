/**
 * One Bot Connector client per bot, service URL and audience, kept for the process, instead of a
 * new one for every turn (and one user token client per bot). CloudAdapter asks its connector
 * factory for a fresh ConnectorClient on each request, and building one builds its whole HTTP
 * pipeline: about a tenth of the CPU of a simple reply in `npm run bench`. The older
 * BotFrameworkAdapter kept its clients the same way; the clients hold no per-turn state, and
 * their credentials fetch and renew tokens themselves.
 */
import type { Activity } from 'botbuilder';
import {
  AuthenticationConstants,
  BotFrameworkAuthentication,
  type AuthenticateRequestResult,
  type ClaimsIdentity,
  ConnectorFactory,
  type ConnectorClient,
  type UserTokenClient,
} from 'botframework-connector';

/** How many clients are kept; the least recently used goes first beyond that. */
export const MAX_CONNECTOR_CLIENTS = 64;

/** Clients kept by key, the least recently used leaving first beyond the bound. */
class ClientCache<T> {
  private readonly clients = new Map<string, Promise<T>>();

  public get(key: string, create: () => Promise<T>): Promise<T> {
    const cached = this.clients.get(key);
    if (cached) {
      this.clients.delete(key);
      this.clients.set(key, cached);
      return cached;
    }
    const created = create();
    this.clients.set(key, created);
    // A client that could not be made (no credentials yet, say) is asked for again next time.
    created.catch(() => {
      if (this.clients.get(key) === created) this.clients.delete(key);
    });
    if (this.clients.size > MAX_CONNECTOR_CLIENTS) {
      const oldest = this.clients.keys().next().value;
      if (oldest !== undefined) this.clients.delete(oldest);
    }
    return created;
  }

  public get size(): number {
    return this.clients.size;
  }
}

/** A connector factory that hands out the cached client for its bot when there is one. */
class CachingConnectorFactory extends ConnectorFactory {
  public constructor(
    private readonly inner: ConnectorFactory,
    private readonly bot: string,
    private readonly cache: ClientCache<ConnectorClient>,
  ) {
    super();
  }

  public create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    const key = JSON.stringify([this.bot, serviceUrl, audience ?? null]);
    return this.cache.get(key, () => this.inner.create(serviceUrl, audience));
  }
}

/**
 * Wraps a BotFrameworkAuthentication: requests are authenticated by it exactly as before; only the
 * connector factories it returns share their clients.
 */
export class CachedConnectorsAuthentication extends BotFrameworkAuthentication {
  private readonly cache = new ClientCache<ConnectorClient>();
  private readonly tokenClients = new ClientCache<UserTokenClient>();

  public constructor(private readonly inner: BotFrameworkAuthentication) {
    super();
  }

  /** How many clients are kept now (for tests). */
  public get cachedClients(): number {
    return this.cache.size;
  }

  public async authenticateRequest(
    activity: Activity,
    authHeader: string,
  ): Promise<AuthenticateRequestResult> {
    return this.withCache(await this.inner.authenticateRequest(activity, authHeader));
  }

  public async authenticateStreamingRequest(
    authHeader: string,
    channelIdHeader: string,
  ): Promise<AuthenticateRequestResult> {
    return this.withCache(
      await this.inner.authenticateStreamingRequest(authHeader, channelIdHeader),
    );
  }

  public createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.caching(this.inner.createConnectorFactory(claimsIdentity), claimsIdentity);
  }

  /** The user token client too is made per turn by CloudAdapter (and rarely used): kept per bot. */
  public createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    const key = JSON.stringify(
      ['aud', 'appid', 'azp', 'ver'].map((claim) => claimsIdentity.getClaimValue(claim)),
    );
    return this.tokenClients.get(key, () => this.inner.createUserTokenClient(claimsIdentity));
  }

  public override createBotFrameworkClient(): ReturnType<
    BotFrameworkAuthentication['createBotFrameworkClient']
  > {
    return this.inner.createBotFrameworkClient();
  }

  public override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  public override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }

  private withCache(result: AuthenticateRequestResult): AuthenticateRequestResult {
    const factory = result.connectorFactory;
    return factory
      ? { ...result, connectorFactory: this.caching(factory, result.claimsIdentity) }
      : result;
  }

  /** The bot a request was for (its app id, the token's audience) keys its clients. */
  private caching(factory: ConnectorFactory, identity: ClaimsIdentity): ConnectorFactory {
    const bot = identity.getClaimValue(AuthenticationConstants.AudienceClaim) ?? '';
    return new CachingConnectorFactory(factory, bot, this.cache);
  }
}
