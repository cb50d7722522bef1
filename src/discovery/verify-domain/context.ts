/**
 * The options of a domain check and the context one run of it shares between the fetch and the
 * evaluation of the response.
 */
import type { PinnedFetch } from '../pinned-https';
import type { DiscoveryCloud } from '../service-discovery';
import type { TlsProbe } from '../tls/probe';

import type { Deadline } from './deadline';

/** Resolves a host name to all its addresses, like `dns.promises.lookup(host, { all: true })`. */
export type AddressResolver = (hostname: string) => Promise<{ address: string; family: number }[]>;

/** Options of {@link verifyDomain}. */
export interface VerifyDomainOptions {
  /** The tenant the file must point at (a GUID). */
  tenantId: string;
  /** The tenant's cloud; decides the expected enrollment host. */
  cloud: DiscoveryCloud;
  /** Transport for one pinned GET; defaults to node:https. Tests pass a recording fake. */
  fetchImpl?: PinnedFetch;
  /**
   * The TLS readiness probe (tls/probe.ts), pinned to the same vetted addresses. Defaults to the
   * real probe when `fetchImpl` is the default; with a custom `fetchImpl` and no probe, or
   * `false`, the TLS findings are left out (there is no real server to shake hands with).
   */
  tlsProbe?: TlsProbe | false;
  /** The clock that decides certificate expiry. Default: the system clock. */
  now?: () => Date;
  /** Name resolution; defaults to `dns.promises.lookup` with `all: true`. */
  resolver?: AddressResolver;
  /**
   * Tests only: allow loopback and private addresses so a local HTTPS server can answer.
   * Defaults to false; production code never sets it.
   */
  allowPrivateAddresses?: boolean;
  /** Budget for the whole check (DNS, every redirect, the body), in ms. Default 5000. */
  timeoutMs?: number;
  /** Largest body read, in bytes. Default 64 KiB. */
  maxBytes?: number;
  /** Redirects followed before giving up. Default 3. */
  maxRedirects?: number;
  /** Sent as `user-identifier`; must be an address at the domain. Default `user@<domain>`. */
  userIdentifier?: string;
  /** Tests only: extra trusted CA certificates (the system store is used otherwise). */
  tls?: { ca?: string | Buffer | (string | Buffer)[] };
  /** Tests only: the TCP port of the first request. Default 443. */
  port?: number;
}

/** What the address policy made of a host: its usable addresses, a refusal, or no answer. */
export type Vetting =
  | { kind: 'ok'; addresses: string[] }
  | { kind: 'refused'; address: string; range: string }
  | { kind: 'unresolved'; code: string };

/** Everything one run of the check shares. */
export interface CheckContext {
  domain: string;
  tenantId: string;
  cloud: DiscoveryCloud;
  fetchImpl: PinnedFetch;
  tlsProbe: TlsProbe | undefined;
  resolver: AddressResolver;
  allowPrivate: boolean;
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  ca: string | Buffer | (string | Buffer)[] | undefined;
  port: number;
  now: () => Date;
  deadline: Deadline;
  /** Vetted addresses per host, so every hop to a host uses the same checked answer. */
  vetted: Map<string, Vetting>;
}
