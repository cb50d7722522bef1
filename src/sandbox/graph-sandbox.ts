/**
 * LOCAL INTUNE SANDBOX: a test double of the slice of Microsoft Graph the bot uses. It runs when
 * no Graph credential is configured (the Playground demo) and in tests. It is NOT Microsoft
 * Graph: no real tenant is read or changed, and its data lives in memory only.
 *
 * It serves, under /beta and /v1.0 as in graph-reference: enrollment-type profiles (CRUD,
 * setPriority, assignments; beta only), groups ($search, get, members and their $count, paged),
 * users (by id or UPN) and transitiveMemberOf (groups, directory roles), the prerequisite check's
 * reads (organization, APNs certificate, mobile apps, device configurations, domains; see
 * sandbox-setup.ts), and what enrollment campaigns use (the Teams app catalog, apps installed for
 * a user, Intune's managed devices; see sandbox-routes-teamwork.ts), with Graph's error bodies and
 * `request-id`/`date` headers on every response, plus fault injection and state knobs (see
 * GraphSandboxState).
 * With `tls` it also acts as the Entra authority (OpenID metadata and a client-credentials token
 * endpoint) and then requires a bearer token it issued.
 *
 * This is the public entry: options, the running handle and startGraphSandbox. The HTTP handler
 * and dispatch are in sandbox-server.ts, the shared exchange and response helpers in
 * sandbox-exchange.ts, and the routes by Graph area in sandbox-routes-profiles.ts,
 * sandbox-routes-directory.ts, sandbox-routes-teamwork.ts and sandbox-setup.ts.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

import type { Logger } from '../logging';

import { SandboxAuthority, type SandboxClientCredential } from './sandbox-authority';
import { SandboxServer } from './sandbox-server';
import { GraphSandboxState } from './sandbox-state';
import { defaultSeed, SEED_TENANT_ID, type GraphSandboxSeed } from './seed';

export type { SandboxClientCredential } from './sandbox-authority';
export {
  GraphSandboxState,
  type SandboxInstallFailure,
  type SandboxPermission,
} from './sandbox-state';
export type { EnrollDeviceOptions, SandboxManagedDevice, SandboxTeamsApp } from './teamwork-seed';

/** Banner for cards and logs whenever the bot runs against the sandbox. */
export const SANDBOX_NOTICE = 'Local Intune sandbox: no real tenant is changed';

/** Options for {@link startGraphSandbox}. */
export interface GraphSandboxOptions {
  /** Port on `host`; 0 (default) picks a free one. */
  port?: number;
  /** Loopback address to bind: 127.0.0.1 (default), ::1 or localhost. */
  host?: string;
  /** PEM key and certificate: serve HTTPS, act as the authority, require bearer tokens. */
  tls?: { key: string; cert: string };
  tenantId?: string;
  /** Data to start with; defaults to {@link defaultSeed}. */
  seed?: GraphSandboxSeed;
  /** Clients the token endpoint accepts (HTTPS only). */
  clients?: SandboxClientCredential[];
  logger?: Logger;
}

/** A running sandbox. */
export interface GraphSandbox {
  /** Graph root without a version, e.g. http://127.0.0.1:54321. */
  baseUrl: string;
  /** With `tls`: the authority host for @azure/identity (same origin as `baseUrl`). */
  tokenAuthorityHost?: string;
  state: GraphSandboxState;
  /** Stops listening and drops open connections. Safe to call twice. */
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/**
 * Starts the LOCAL INTUNE SANDBOX on loopback (it refuses other addresses: it is an
 * unauthenticated test double over http). Resolves once listening.
 */
export async function startGraphSandbox(options: GraphSandboxOptions = {}): Promise<GraphSandbox> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) {
    throw new Error(`the Graph sandbox listens on loopback only, not ${host}`);
  }
  const state = new GraphSandboxState(
    options.tenantId ?? SEED_TENANT_ID,
    options.seed ?? defaultSeed(),
  );
  const secure = options.tls !== undefined;
  const handler = new SandboxServer(
    state,
    secure ? new SandboxAuthority(state, options.clients ?? []) : undefined,
    options.logger?.child({ module: 'sandbox' }),
  );
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    handler.handle(req, res).catch((err: unknown) => {
      options.logger?.error({ err }, 'sandbox could not answer a request');
      res.destroy();
    });
  };
  const server = options.tls
    ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, listener)
    : http.createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port, address } = server.address() as AddressInfo;
  const hostname = address.includes(':') ? `[${address}]` : address;
  const baseUrl = `${secure ? 'https' : 'http'}://${hostname}:${port}`;
  handler.origin = baseUrl;
  options.logger?.info(
    { module: 'sandbox', baseUrl, notice: SANDBOX_NOTICE },
    'Graph sandbox listening',
  );
  let closed: Promise<void> | undefined;
  return {
    baseUrl,
    ...(secure ? { tokenAuthorityHost: baseUrl } : {}),
    state,
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
