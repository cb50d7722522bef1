/**
 * The SSRF-safe fetch of a domain check: every host is resolved once and all its addresses are
 * checked against the address policy, each request is pinned to a vetted address, and redirects
 * are followed hop by hop under the same policy, on the starting port only.
 */
import { lookup } from 'node:dns/promises';

import { addressRange, isPublicAddress } from '../address-policy';
import { normaliseRedirectHost } from '../domain-name';
import type { PinnedResponse } from '../pinned-https';

import type { AddressResolver, CheckContext, Vetting } from './context';
import { DeadlineError } from './deadline';

/** Sent with every request so server logs show who asked. */
// i18n-exempt: an HTTP User-Agent header, read by the server's logs, not shown to people
export const DISCOVERY_USER_AGENT = 'UE-Enrollment-Bot/0.1 (Intune service discovery check)';

/** HTTP statuses that redirect when they carry a Location. */
export const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Connection errors after which the next address of the same host is tried. */
const TRY_NEXT_ADDRESS = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);
const MAX_ADDRESSES_TRIED = 3;

/** The resolver used when the caller passes none. */
export const defaultResolver: AddressResolver = (hostname) =>
  lookup(hostname, { all: true, verbatim: true });

/** The `code` of a Node error (or any object with a string `code`), or ''. */
export function errorCode(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err && typeof err.code === 'string') {
    return err.code;
  }
  return '';
}

/** Resolves a host (or takes an IP literal) and checks every address against the policy. */
export async function vetHost(ctx: CheckContext, host: string, isIp: boolean): Promise<Vetting> {
  const cached = ctx.vetted.get(host);
  if (cached) {
    return cached;
  }
  let vetting: Vetting;
  if (isIp) {
    const range = addressRange(host);
    vetting =
      ctx.allowPrivate || range === 'unicast'
        ? { kind: 'ok', addresses: [host] }
        : { kind: 'refused', address: host, range };
  } else {
    let answers: { address: string; family: number }[];
    try {
      answers = await ctx.deadline.race(ctx.resolver(host));
    } catch (err) {
      if (err instanceof DeadlineError) {
        throw err;
      }
      return { kind: 'unresolved', code: errorCode(err) };
    }
    const addresses = answers.map((a) => a.address);
    const bad = ctx.allowPrivate ? undefined : addresses.find((a) => !isPublicAddress(a));
    if (addresses.length === 0) {
      vetting = { kind: 'unresolved', code: 'ENODATA' };
    } else if (bad !== undefined) {
      vetting = { kind: 'refused', address: bad, range: addressRange(bad) };
    } else {
      // IPv4 first: most hosts (and most bot hosting) reach IPv4; IPv6 is tried when it fails fast.
      const v4 = answers.filter((a) => a.family === 4).map((a) => a.address);
      const v6 = answers.filter((a) => a.family !== 4).map((a) => a.address);
      vetting = { kind: 'ok', addresses: [...v4, ...v6] };
    }
  }
  ctx.vetted.set(host, vetting);
  return vetting;
}

const REQUEST_HEADERS: Record<string, string> = {
  'User-Agent': DISCOVERY_USER_AGENT,
  Accept: '*/*',
  'Accept-Encoding': 'identity',
  Connection: 'close',
};

/** One GET to a vetted host, trying the next address when a connection is refused fast. */
export async function getPinned(
  ctx: CheckContext,
  url: URL,
  addresses: string[],
): Promise<PinnedResponse> {
  let lastError: unknown = new Error('no address');
  for (const address of addresses.slice(0, MAX_ADDRESSES_TRIED)) {
    try {
      return await ctx.deadline.race(
        ctx.fetchImpl({
          url,
          address,
          headers: { ...REQUEST_HEADERS },
          signal: ctx.deadline.signal,
          maxBytes: ctx.maxBytes,
          ...(ctx.ca === undefined ? {} : { ca: ctx.ca }),
        }),
      );
    } catch (err) {
      lastError = err;
      if (!TRY_NEXT_ADDRESS.has(errorCode(err))) {
        break;
      }
    }
  }
  throw lastError;
}

/** How a fetch with redirects ended, with the chain of URLs requested so far. */
export type FetchOutcome =
  | { kind: 'response'; response: PinnedResponse; chain: URL[] }
  | { kind: 'error'; error: unknown; at: URL; chain: URL[] }
  | { kind: 'unresolved'; code: string; at: URL; chain: URL[] }
  | { kind: 'refused'; address: string; range: string; at: URL; chain: URL[] }
  | { kind: 'insecure-redirect'; location: string; chain: URL[] }
  | { kind: 'bad-redirect'; location: string; chain: URL[] }
  | { kind: 'too-many-redirects'; chain: URL[] };

/** GETs `start`, following redirects with the address policy applied at every hop. */
export async function fetchFollowing(
  ctx: CheckContext,
  start: URL,
  maxRedirects: number,
): Promise<FetchOutcome> {
  const chain: URL[] = [start];
  let current = start;
  for (let hop = 0; hop <= maxRedirects; hop++) {
    const target = normaliseRedirectHost(current.hostname);
    if (target === null) {
      return { kind: 'bad-redirect', location: current.href, chain };
    }
    let vetting: Vetting;
    try {
      vetting = await vetHost(ctx, target.host, target.ip);
    } catch (err) {
      return { kind: 'error', error: err, at: current, chain };
    }
    if (vetting.kind === 'unresolved') {
      return { kind: 'unresolved', code: vetting.code, at: current, chain };
    }
    if (vetting.kind === 'refused') {
      return {
        kind: 'refused',
        address: vetting.address,
        range: vetting.range,
        at: current,
        chain,
      };
    }
    let response: PinnedResponse;
    try {
      response = await getPinned(ctx, current, vetting.addresses);
    } catch (err) {
      return { kind: 'error', error: err, at: current, chain };
    }
    const location = response.headers.location;
    if (!REDIRECT_STATUSES.has(response.status) || location === undefined || location === '') {
      return { kind: 'response', response, chain };
    }
    if (hop === maxRedirects) {
      return { kind: 'too-many-redirects', chain };
    }
    let next: URL;
    try {
      next = new URL(location, current);
    } catch {
      return { kind: 'bad-redirect', location, chain };
    }
    if (next.protocol === 'http:') {
      return { kind: 'insecure-redirect', location: next.href, chain };
    }
    // Devices could follow other ports, but the check only connects to the port it started on
    // (443 outside tests), so a redirect cannot point it at another service of a public host.
    if (
      next.protocol !== 'https:' ||
      next.username !== '' ||
      next.password !== '' ||
      next.port !== start.port
    ) {
      return { kind: 'bad-redirect', location, chain };
    }
    next.hash = '';
    chain.push(next);
    current = next;
  }
  return { kind: 'too-many-redirects', chain };
}
