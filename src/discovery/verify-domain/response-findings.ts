/**
 * Turns what the fetch brought back into findings: transport errors (TLS, connection, timeout),
 * the redirect chain, and the final response (status, content type, size, then the content).
 */
import { contentFindings } from '../content-checks';
import { excerpt, quote, type DomainFinding } from '../findings';
import type { PinnedResponse } from '../pinned-https';
import { WELL_KNOWN_PATH } from '../service-discovery';

import type { CheckContext } from './context';
import { DeadlineError } from './deadline';
import { errorCode, getPinned, REDIRECT_STATUSES, type FetchOutcome } from './safe-fetch';

/** A URL for display: without query, so findings stay short. */
const shortUrl = (url: URL): string => `${url.origin}${url.pathname}`;

/** Explains a transport error (TLS, connection, timeout) as the `https` finding. */
export function transportFinding(ctx: CheckContext, error: unknown, at: URL): DomainFinding {
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
      detail: `${host} did not complete a TLS 1.2 or 1.3 handshake (${code}). It may offer only older TLS versions (see the TLS findings) or not serve HTTPS on this port.`,
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
export async function responseFindings(
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
export function redirectFinding(outcome: FetchOutcome): DomainFinding | null {
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
  const direct = `https://${outcome.chain[0]?.host ?? ''}${WELL_KNOWN_PATH}`;
  const lost = lostInRedirect(outcome.chain);
  if (lost) {
    return {
      id: 'redirects',
      status: 'fail',
      title: `A redirect drops the ${lost}`,
      detail: `${chain}. Devices follow a redirect only to the same file with the same user-identifier and model-family query; this one loses the ${lost}.`,
      fix: `Serve the file directly at ${direct}, or make the redirect keep the path and the query.`,
    };
  }
  return {
    id: 'redirects',
    status: 'warn',
    title: `The file is behind ${outcome.chain.length - 1} redirect${outcome.chain.length === 2 ? '' : 's'}`,
    detail: `${chain}. The redirect keeps the path and the user-identifier and model-family query, but each hop is one more place to break.`,
    fix: `Serve the file directly at ${direct}.`,
  };
}

/** What a hop of the chain loses: the path, the query, both, or nothing (undefined). */
function lostInRedirect(chain: readonly URL[]): string | undefined {
  let path = false;
  let query = false;
  for (let i = 1; i < chain.length; i++) {
    const before = chain[i - 1];
    const after = chain[i];
    if (!before || !after) continue;
    if (after.pathname !== before.pathname) path = true;
    for (const [name, value] of before.searchParams) {
      if (!after.searchParams.getAll(name).includes(value)) query = true;
    }
  }
  if (path && query) return 'path and the query';
  if (path) return 'path';
  return query ? 'query' : undefined;
}
