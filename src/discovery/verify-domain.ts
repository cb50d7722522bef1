/**
 * Checks a domain's service discovery file the way an Apple device fetches it, and explains every
 * problem to the admin.
 *
 * Error policy: {@link verifyDomain} throws a {@link DomainCheckError} only when it refuses to run
 * the check at all, before any connection is made: invalid input (domain name, tenant ID, cloud,
 * user identifier) or a domain that resolves to any non-public address. Everything the network or
 * the remote server does (DNS failures, TLS errors, timeouts, bad status, bad content, a redirect
 * to a non-public address, which is refused without connecting) is a finding in the report, and
 * never an exception.
 */
import { lookup } from 'node:dns/promises';

import { addressRange, isPublicAddress } from './address-policy';
import { contentFindings } from './content-checks';
import { normaliseDomain, normaliseRedirectHost } from './domain-name';
import { DomainCheckError } from './errors';
import {
  excerpt,
  quote,
  type DomainCheckReport,
  type DomainFinding,
  type FindingId,
  type FindingStatus,
} from './findings';
import { pinnedHttpsGet, type PinnedFetch, type PinnedResponse } from './pinned-https';
import {
  assertCloud,
  normaliseTenantId,
  WELL_KNOWN_PATH,
  type DiscoveryCloud,
} from './service-discovery';

export type { DomainCheckReport, DomainFinding, FindingId, FindingStatus };

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

/** Sent with every request so server logs show who asked. */
export const DISCOVERY_USER_AGENT = 'UE-Enrollment-Bot/0.1 (Intune service discovery check)';

const DEFAULTS = { timeoutMs: 5000, maxBytes: 64 * 1024, maxRedirects: 3 } as const;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Connection errors after which the next address of the same host is tried. */
const TRY_NEXT_ADDRESS = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);
const MAX_ADDRESSES_TRIED = 3;

const defaultResolver: AddressResolver = (hostname) =>
  lookup(hostname, { all: true, verbatim: true });

/** Error raised inside the check when the overall deadline passes. */
class DeadlineError extends Error {
  public readonly code = 'ETIMEDOUT_CHECK';
}

/** A URL for display: without query, so findings stay short. */
const shortUrl = (url: URL): string => `${url.origin}${url.pathname}`;

function errorCode(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err && typeof err.code === 'string') {
    return err.code;
  }
  return '';
}

interface Deadline {
  signal: AbortSignal;
  /** Waits for `promise`, rejecting with {@link DeadlineError} when time is up. */
  race<T>(promise: Promise<T>): Promise<T>;
  dispose(): void;
}

function startDeadline(timeoutMs: number): Deadline {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DeadlineError('deadline')), timeoutMs);
  return {
    signal: controller.signal,
    race<T>(promise: Promise<T>): Promise<T> {
      if (controller.signal.aborted) {
        promise.catch(() => undefined);
        return Promise.reject(new DeadlineError('deadline'));
      }
      return new Promise<T>((resolve, reject) => {
        const onAbort = (): void => reject(new DeadlineError('deadline'));
        controller.signal.addEventListener('abort', onAbort, { once: true });
        promise.then(
          (value) => {
            controller.signal.removeEventListener('abort', onAbort);
            resolve(value);
          },
          // Passed on as is (not re-wrapped): the `code` of Node's errors names the failure.
          (err: Error) => {
            controller.signal.removeEventListener('abort', onAbort);
            reject(err);
          },
        );
      });
    },
    dispose(): void {
      clearTimeout(timer);
    },
  };
}

type Vetting =
  | { kind: 'ok'; addresses: string[] }
  | { kind: 'refused'; address: string; range: string }
  | { kind: 'unresolved'; code: string };

/** Everything one run of the check shares. */
interface CheckContext {
  domain: string;
  tenantId: string;
  cloud: DiscoveryCloud;
  fetchImpl: PinnedFetch;
  resolver: AddressResolver;
  allowPrivate: boolean;
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  ca: string | Buffer | (string | Buffer)[] | undefined;
  deadline: Deadline;
  /** Vetted addresses per host, so every hop to a host uses the same checked answer. */
  vetted: Map<string, Vetting>;
}

/** Resolves a host (or takes an IP literal) and checks every address against the policy. */
async function vetHost(ctx: CheckContext, host: string, isIp: boolean): Promise<Vetting> {
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
async function getPinned(
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

type FetchOutcome =
  | { kind: 'response'; response: PinnedResponse; chain: URL[] }
  | { kind: 'error'; error: unknown; at: URL; chain: URL[] }
  | { kind: 'unresolved'; code: string; at: URL; chain: URL[] }
  | { kind: 'refused'; address: string; range: string; at: URL; chain: URL[] }
  | { kind: 'insecure-redirect'; location: string; chain: URL[] }
  | { kind: 'bad-redirect'; location: string; chain: URL[] }
  | { kind: 'too-many-redirects'; chain: URL[] };

/** GETs `start`, following redirects with the address policy applied at every hop. */
async function fetchFollowing(
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

/** Explains a transport error (TLS, connection, timeout) as the `https` finding. */
function transportFinding(ctx: CheckContext, error: unknown, at: URL): DomainFinding {
  const host = at.hostname;
  const base = { id: 'https' as const, status: 'fail' as const };
  if (error instanceof DeadlineError || ctx.deadline.signal.aborted) {
    return {
      ...base,
      title: 'The server did not answer in time',
      detail: `No complete answer from ${host} within ${ctx.timeoutMs / 1000} s.`,
      fix: 'Make sure the site is up and answers quickly; devices give up on slow servers too.',
    };
  }
  const code = errorCode(error);
  const certFix = `Install a valid certificate for ${host} from a public certificate authority, with its intermediate certificates.`;
  const tls: Record<string, string> = {
    CERT_HAS_EXPIRED: 'The certificate has expired.',
    CERT_NOT_YET_VALID: 'The certificate is not valid yet.',
    DEPTH_ZERO_SELF_SIGNED_CERT: 'The certificate is self-signed, so devices do not trust it.',
    SELF_SIGNED_CERT_IN_CHAIN:
      'The certificate chain ends in a self-signed certificate that is not trusted.',
    UNABLE_TO_VERIFY_LEAF_SIGNATURE:
      'The certificate could not be verified: the chain is incomplete or not from a trusted authority.',
    UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
      'The certificate is not from a trusted authority, or intermediate certificates are missing.',
    UNABLE_TO_GET_ISSUER_CERT: 'The issuer of the certificate is not trusted.',
    CERT_REVOKED: 'The certificate has been revoked.',
    CERT_UNTRUSTED: 'The certificate is not trusted.',
    ERR_TLS_CERT_ALTNAME_INVALID: `The certificate is not issued for ${host}.`,
    CERT_SIGNATURE_FAILURE: 'The certificate signature is invalid.',
  };
  const tlsDetail = tls[code];
  if (tlsDetail !== undefined) {
    return {
      ...base,
      title: 'The HTTPS certificate is not valid',
      detail: `${tlsDetail} (${code})`,
      fix: certFix,
    };
  }
  if (code === 'EPROTO' || code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS')) {
    return {
      ...base,
      title: 'The HTTPS handshake failed',
      detail: `${host} did not complete a TLS handshake (${code}). It may not serve HTTPS on this port.`,
      fix: `Serve ${host} over HTTPS (TLS 1.2 or later) on port 443.`,
    };
  }
  const connection: Record<string, string> = {
    ECONNREFUSED: `${host} refused the connection: nothing answers HTTPS there.`,
    ECONNRESET: `${host} closed the connection before answering completely.`,
    EHOSTUNREACH: `${host} cannot be reached.`,
    ENETUNREACH: `${host} cannot be reached.`,
    ETIMEDOUT: `The connection to ${host} timed out.`,
    HPE_INVALID_CONSTANT: `${host} did not answer with valid HTTP.`,
  };
  return {
    ...base,
    title: 'The site could not be reached over HTTPS',
    detail:
      connection[code] ??
      `The request to ${host} failed${code === '' ? '' : ` (${excerpt(code, 40)})`}.`,
    fix: `Make sure https://${host} is online and reachable from the internet.`,
  };
}

/** Looks for the common mistake of publishing the file with a .json extension. */
async function probeJsonExtension(ctx: CheckContext, first: URL): Promise<DomainFinding | null> {
  const vetting = ctx.vetted.get(ctx.domain);
  if (vetting?.kind !== 'ok' || ctx.deadline.signal.aborted) {
    return null;
  }
  const url = new URL(`${WELL_KNOWN_PATH}.json`, first.origin);
  try {
    const response = await getPinned(ctx, url, vetting.addresses);
    if (response.status !== 200) {
      return null;
    }
  } catch {
    return null;
  }
  return {
    id: 'json-extension',
    status: 'fail',
    title: 'Your file is served with a .json extension',
    detail: `${shortUrl(url)} exists, but devices only ask for ${WELL_KNOWN_PATH}, with no extension.`,
    fix: 'Rename the file to com.apple.remotemanagement (remove .json) and keep the application/json content type.',
  };
}

/** Builds the findings for a final response. */
async function responseFindings(
  ctx: CheckContext,
  first: URL,
  response: PinnedResponse,
  finalUrl: URL,
): Promise<DomainFinding[]> {
  const findings: DomainFinding[] = [];
  if (response.status !== 200) {
    if (response.status === 404) {
      findings.push({
        id: 'status',
        status: 'fail',
        title: 'The file was not found (404)',
        detail: `${shortUrl(finalUrl)} answered 404 Not Found. Devices ask for exactly ${WELL_KNOWN_PATH} on the sign-in domain, with no file extension.`,
        fix: `Publish the file at https://${ctx.domain}${WELL_KNOWN_PATH} without an extension (on IIS, also map extensionless files to application/json).`,
      });
      const probe = await probeJsonExtension(ctx, first);
      if (probe) findings.push(probe);
    } else {
      const redirectNoLocation = REDIRECT_STATUSES.has(response.status);
      findings.push({
        id: 'status',
        status: 'fail',
        title: `The server answered ${response.status} instead of 200`,
        detail: redirectNoLocation
          ? `${shortUrl(finalUrl)} answered ${response.status}, a redirect without a Location.`
          : `${shortUrl(finalUrl)} answered HTTP ${response.status}; devices need 200 with the file.`,
        fix: 'Serve the file to anonymous GET requests with status 200 (no sign-in, no firewall block).',
      });
    }
    return findings;
  }
  findings.push({
    id: 'status',
    status: 'pass',
    title: 'The file is found (200)',
    detail: `${shortUrl(finalUrl)} answered 200 OK.`,
  });

  const contentType = response.headers['content-type'];
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  findings.push(
    mediaType === 'application/json'
      ? {
          id: 'content-type',
          status: 'pass',
          title: 'Content type is application/json',
          detail: `Content-Type: ${excerpt(contentType ?? '', 80)}`,
        }
      : {
          id: 'content-type',
          status: 'warn',
          title: 'Content type is not application/json',
          detail:
            contentType === undefined || contentType === ''
              ? 'The server sends no Content-Type header.'
              : `The server sends Content-Type: ${quote(contentType, 80)}.`,
          fix: 'Serve the file with the header Content-Type: application/json.',
        },
  );

  if (response.truncated) {
    findings.push({
      id: 'size',
      status: 'fail',
      title: 'The file is too large',
      detail: `The answer is larger than ${Math.round(ctx.maxBytes / 1024)} KB; the real file is under 200 bytes, so this is not it.`,
      fix: 'Serve only the service discovery JSON at this address.',
    });
    return findings;
  }
  findings.push({
    id: 'size',
    status: 'pass',
    title: 'The file size is fine',
    detail: `The file is ${response.body.length} bytes.`,
  });
  findings.push(...contentFindings(ctx, response.body));
  return findings;
}

/** Describes the redirect chain (or its failure) as the `redirects` finding. */
function redirectFinding(outcome: FetchOutcome): DomainFinding | null {
  const chain = outcome.chain.map(shortUrl).join(' → ');
  switch (outcome.kind) {
    case 'insecure-redirect':
      return {
        id: 'redirects',
        status: 'fail',
        title: 'A redirect goes to plain HTTP',
        detail: `${chain} redirects to ${quote(outcome.location, 200)}; devices only use HTTPS.`,
        fix: 'Serve the file over HTTPS directly at the well-known address, without redirects.',
      };
    case 'bad-redirect':
      return {
        id: 'redirects',
        status: 'fail',
        title: 'A redirect goes to an address that cannot be used',
        detail: `${chain} redirects to ${quote(outcome.location, 200)}.`,
        fix: 'Serve the file directly at the well-known address, without redirects.',
      };
    case 'too-many-redirects':
      return {
        id: 'redirects',
        status: 'fail',
        title: 'Too many redirects',
        detail: `The check gave up after ${outcome.chain.length - 1} redirects: ${chain} → …`,
        fix: 'Serve the file directly at the well-known address, without redirects.',
      };
    case 'refused':
      return {
        id: 'redirects',
        status: 'fail',
        title: 'A redirect goes to a non-public address',
        detail: `${shortUrl(outcome.at)} resolves to a non-public address; the check does not connect there and devices on the internet cannot reach it.`,
        fix: 'Serve the file from a public server, directly at the well-known address.',
      };
    case 'unresolved':
      return {
        id: 'redirects',
        status: 'fail',
        title: 'A redirect goes to a name that does not resolve',
        detail: `${chain}: ${outcome.at.hostname} has no DNS address record${outcome.code === '' ? '' : ` (${excerpt(outcome.code, 30)})`}.`,
        fix: 'Serve the file directly at the well-known address, without redirects.',
      };
    default:
      break;
  }
  if (outcome.chain.length <= 1) {
    return outcome.kind === 'response'
      ? {
          id: 'redirects',
          status: 'pass',
          title: 'No redirects',
          detail: 'The file is served directly.',
        }
      : null;
  }
  return {
    id: 'redirects',
    status: 'warn',
    title: `The file is behind ${outcome.chain.length - 1} redirect${outcome.chain.length === 2 ? '' : 's'}`,
    detail: `${chain}. A device may not send the user-identifier and model-family query again after a redirect.`,
    fix: `Serve the file directly at https://${outcome.chain[0]?.host ?? ''}${WELL_KNOWN_PATH}.`,
  };
}

/** An integer option within limits (so every wait and read stays bounded), or its default. */
function bounded(
  name: string,
  value: number | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) {
    return fallback;
  }
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new DomainCheckError(
      'invalid_option',
      `${name} must be an integer from ${min} to ${max}.`,
    );
  }
  return value;
}

/** Checks the user identifier sent with the request, or makes one up at the domain. */
function userIdentifierFor(domain: string, userIdentifier: string | undefined): string {
  if (userIdentifier === undefined) {
    return `user@${domain}`;
  }
  const text = typeof userIdentifier === 'string' ? userIdentifier.trim() : '';
  const at = text.lastIndexOf('@');
  const local = text.slice(0, at);
  let userDomain = '';
  try {
    userDomain = at > 0 ? normaliseDomain(text.slice(at + 1)) : '';
  } catch {
    userDomain = '';
  }
  if (
    at <= 0 ||
    local.length > 64 ||
    !/^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+$/.test(local) ||
    userDomain !== domain
  ) {
    throw new DomainCheckError(
      'invalid_user_identifier',
      `The user identifier must be a sign-in name at ${domain}, like user@${domain}.`,
    );
  }
  return `${local}@${domain}`;
}

/**
 * Fetches `https://<domain>/.well-known/com.apple.remotemanagement?user-identifier=…&model-family=iPhone`
 * as a device would (GET, no cookies, 5 s budget, 64 KiB cap, at most 3 redirects, every hop
 * resolved, checked against the address policy and pinned) and reports what is right and wrong.
 *
 * Throws {@link DomainCheckError} for invalid input and when the domain resolves to any
 * non-public address (nothing is fetched then); every other problem is a finding.
 */
export async function verifyDomain(
  domainInput: string,
  options: VerifyDomainOptions,
): Promise<DomainCheckReport> {
  const domain = normaliseDomain(domainInput);
  const tenantId = normaliseTenantId(options.tenantId);
  assertCloud(options.cloud);
  const userIdentifier = userIdentifierFor(domain, options.userIdentifier);
  const timeoutMs = bounded('timeoutMs', options.timeoutMs, DEFAULTS.timeoutMs, 1, 30_000);
  const maxBytes = bounded('maxBytes', options.maxBytes, DEFAULTS.maxBytes, 1, 1024 * 1024);
  const maxRedirects = bounded('maxRedirects', options.maxRedirects, DEFAULTS.maxRedirects, 0, 10);
  const port = bounded('port', options.port, 443, 1, 65_535);
  const url = new URL(`https://${domain}${port === 443 ? '' : `:${port}`}${WELL_KNOWN_PATH}`);
  url.search = new URLSearchParams({
    'user-identifier': userIdentifier,
    'model-family': 'iPhone',
  }).toString();

  const deadline = startDeadline(timeoutMs);
  const ctx: CheckContext = {
    domain,
    tenantId,
    cloud: options.cloud,
    fetchImpl: options.fetchImpl ?? pinnedHttpsGet,
    resolver: options.resolver ?? defaultResolver,
    allowPrivate: options.allowPrivateAddresses === true,
    timeoutMs,
    maxBytes,
    maxRedirects,
    ca: options.tls?.ca,
    deadline,
    vetted: new Map(),
  };
  const report = (findings: DomainFinding[]): DomainCheckReport => ({
    domain,
    url: url.href,
    findings,
    ok: findings.every((f) => f.status !== 'fail'),
  });

  try {
    const findings: DomainFinding[] = [];
    let vetting: Vetting;
    try {
      vetting = await vetHost(ctx, domain, false);
    } catch {
      return report([
        {
          id: 'dns',
          status: 'fail',
          title: 'The domain name did not resolve in time',
          detail: `Looking up ${domain} took longer than ${ctx.timeoutMs / 1000} s.`,
          fix: 'Check the DNS servers of the domain, then try again.',
        },
      ]);
    }
    if (vetting.kind === 'refused') {
      throw new DomainCheckError(
        'refused_target',
        `${domain} points at a non-public address, so I won't connect to it. ` +
          'The file must be on a server that devices can reach from the internet.',
      );
    }
    if (vetting.kind === 'unresolved') {
      return report([
        {
          id: 'dns',
          status: 'fail',
          title: 'The domain name does not resolve',
          detail: `${domain} has no DNS address record${vetting.code === '' ? '' : ` (${excerpt(vetting.code, 30)})`}.`,
          fix: `Add an A or AAAA record for ${domain} pointing at the web server that hosts the file.`,
        },
      ]);
    }
    findings.push({
      id: 'dns',
      status: 'pass',
      title: 'The domain name resolves',
      detail: `${domain} resolves to ${vetting.addresses.length} address${vetting.addresses.length === 1 ? '' : 'es'}.`,
    });

    const outcome = await fetchFollowing(ctx, url, ctx.maxRedirects);
    if (outcome.kind === 'error') {
      findings.push(transportFinding(ctx, outcome.error, outcome.at));
      const followed = redirectFinding(outcome);
      if (followed) findings.push(followed);
      return report(findings);
    }
    findings.push({
      id: 'https',
      status: 'pass',
      title: 'Reachable over HTTPS with a valid certificate',
      detail: `${url.hostname} accepted an HTTPS connection with a trusted certificate.`,
    });
    const redirects = redirectFinding(outcome);
    if (redirects) findings.push(redirects);
    if (outcome.kind !== 'response') {
      return report(findings);
    }
    const finalUrl = outcome.chain[outcome.chain.length - 1] ?? url;
    findings.push(...(await responseFindings(ctx, url, outcome.response, finalUrl)));
    return report(findings);
  } finally {
    deadline.dispose();
  }
}
