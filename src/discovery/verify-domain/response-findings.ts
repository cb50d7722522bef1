/**
 * Turns what the fetch brought back into findings: transport errors (TLS, connection, timeout),
 * the redirect chain, and the final response (status, content type, size, then the content).
 */
import { translator, type Translate } from '../../i18n/catalogue';
import { contentFindings } from '../content-checks';
import { excerpt, quote, type DomainFinding } from '../findings';
import type { PinnedResponse } from '../pinned-https';
import { WELL_KNOWN_PATH } from '../service-discovery';

import type { CheckContext } from './context';
import { DeadlineError } from './deadline';
import { errorCode, getPinned, REDIRECT_STATUSES, type FetchOutcome } from './safe-fetch';

/** A URL for display: without query, so findings stay short. */
const shortUrl = (url: URL): string => `${url.origin}${url.pathname}`;

/** Catalogue keys of the certificate errors Node reports, by error code ({{host}} available). */
const CERT_ERRORS: Readonly<Record<string, string>> = {
  CERT_HAS_EXPIRED: 'discovery.response.cert.expired',
  CERT_NOT_YET_VALID: 'discovery.response.cert.notYetValid',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'discovery.response.cert.selfSigned',
  SELF_SIGNED_CERT_IN_CHAIN: 'discovery.response.cert.selfSignedInChain',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'discovery.response.cert.unverifiable',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'discovery.response.cert.issuerMissing',
  UNABLE_TO_GET_ISSUER_CERT: 'discovery.response.cert.issuerUntrusted',
  CERT_REVOKED: 'discovery.response.cert.revoked',
  CERT_UNTRUSTED: 'discovery.response.cert.untrusted',
  ERR_TLS_CERT_ALTNAME_INVALID: 'discovery.response.cert.wrongName',
  CERT_SIGNATURE_FAILURE: 'discovery.response.cert.badSignature',
};

/** Catalogue keys of the connection errors explained by name, by error code ({{host}}). */
const CONNECTION_ERRORS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'discovery.response.connection.refused',
  ECONNRESET: 'discovery.response.connection.reset',
  EHOSTUNREACH: 'discovery.response.connection.unreachable',
  ENETUNREACH: 'discovery.response.connection.unreachable',
  ETIMEDOUT: 'discovery.response.connection.timedOut',
  HPE_INVALID_CONSTANT: 'discovery.response.connection.invalidHttp',
};

/** Explains a transport error (TLS, connection, timeout) as the `https` finding. */
export function transportFinding(
  ctx: CheckContext,
  error: unknown,
  at: URL,
  t: Translate = translator('en'),
): DomainFinding {
  const host = at.hostname;
  const base = { id: 'https' as const, status: 'fail' as const };
  if (error instanceof DeadlineError || ctx.deadline.signal.aborted) {
    return {
      ...base,
      title: t('discovery.response.timeout'),
      detail: t('discovery.response.timeoutDetail', { host, seconds: ctx.timeoutMs / 1000 }),
      fix: t('discovery.response.timeoutFix'),
    };
  }
  const code = errorCode(error);
  const tlsKey = Object.prototype.hasOwnProperty.call(CERT_ERRORS, code)
    ? CERT_ERRORS[code]
    : undefined;
  if (tlsKey !== undefined) {
    return {
      ...base,
      title: t('discovery.response.certInvalid'),
      detail: t('discovery.response.certInvalidDetail', { reason: t(tlsKey, { host }), code }),
      fix: t('discovery.response.certFix', { host }),
    };
  }
  if (code === 'EPROTO' || code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS')) {
    return {
      ...base,
      title: t('discovery.response.handshake'),
      detail: t('discovery.response.handshakeDetail', { host, code }),
      fix: t('discovery.response.handshakeFix', { host }),
    };
  }
  const connectionKey = Object.prototype.hasOwnProperty.call(CONNECTION_ERRORS, code)
    ? CONNECTION_ERRORS[code]
    : undefined;
  return {
    ...base,
    title: t('discovery.response.unreachable'),
    detail:
      connectionKey !== undefined
        ? t(connectionKey, { host })
        : code === ''
          ? t('discovery.response.requestFailed', { host })
          : t('discovery.response.requestFailedCode', { host, code: excerpt(code, 40) }),
    fix: t('discovery.response.unreachableFix', { host }),
  };
}

/** Looks for the common mistake of publishing the file with a .json extension. */
async function probeJsonExtension(
  ctx: CheckContext,
  first: URL,
  t: Translate,
): Promise<DomainFinding | null> {
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
    title: t('discovery.response.jsonExtension'),
    detail: t('discovery.response.jsonExtensionDetail', {
      url: shortUrl(url),
      path: WELL_KNOWN_PATH,
    }),
    fix: t('discovery.response.jsonExtensionFix'),
  };
}

/** Builds the findings for a final response. */
export async function responseFindings(
  ctx: CheckContext,
  first: URL,
  response: PinnedResponse,
  finalUrl: URL,
  t: Translate = translator('en'),
): Promise<DomainFinding[]> {
  const findings: DomainFinding[] = [];
  if (response.status !== 200) {
    if (response.status === 404) {
      findings.push({
        id: 'status',
        status: 'fail',
        title: t('discovery.response.notFound'),
        detail: t('discovery.response.notFoundDetail', {
          url: shortUrl(finalUrl),
          path: WELL_KNOWN_PATH,
        }),
        fix: t('discovery.response.notFoundFix', { domain: ctx.domain, path: WELL_KNOWN_PATH }),
      });
      const probe = await probeJsonExtension(ctx, first, t);
      if (probe) findings.push(probe);
    } else {
      const redirectNoLocation = REDIRECT_STATUSES.has(response.status);
      findings.push({
        id: 'status',
        status: 'fail',
        title: t('discovery.response.badStatus', { status: response.status }),
        detail: redirectNoLocation
          ? t('discovery.response.redirectNoLocation', {
              url: shortUrl(finalUrl),
              status: response.status,
            })
          : t('discovery.response.badStatusDetail', {
              url: shortUrl(finalUrl),
              status: response.status,
            }),
        fix: t('discovery.response.badStatusFix'),
      });
    }
    return findings;
  }
  findings.push({
    id: 'status',
    status: 'pass',
    title: t('discovery.response.found'),
    detail: t('discovery.response.foundDetail', { url: shortUrl(finalUrl) }),
  });

  const contentType = response.headers['content-type'];
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  findings.push(
    mediaType === 'application/json'
      ? {
          id: 'content-type',
          status: 'pass',
          title: t('discovery.response.contentType'),
          detail: t('discovery.response.contentTypeDetail', {
            contentType: excerpt(contentType ?? '', 80),
          }),
        }
      : {
          id: 'content-type',
          status: 'warn',
          title: t('discovery.response.wrongContentType'),
          detail:
            contentType === undefined || contentType === ''
              ? t('discovery.response.noContentType')
              : t('discovery.response.wrongContentTypeDetail', {
                  contentType: quote(contentType, 80),
                }),
          fix: t('discovery.response.contentTypeFix'),
        },
  );

  if (response.truncated) {
    findings.push({
      id: 'size',
      status: 'fail',
      title: t('discovery.response.tooLarge'),
      detail: t('discovery.response.tooLargeDetail', { kb: Math.round(ctx.maxBytes / 1024) }),
      fix: t('discovery.response.tooLargeFix'),
    });
    return findings;
  }
  findings.push({
    id: 'size',
    status: 'pass',
    title: t('discovery.response.size'),
    detail: t('discovery.response.sizeDetail', { bytes: response.body.length }),
  });
  findings.push(...contentFindings(ctx, response.body, t));
  return findings;
}

/** Describes the redirect chain (or its failure) as the `redirects` finding. */
export function redirectFinding(
  outcome: FetchOutcome,
  t: Translate = translator('en'),
): DomainFinding | null {
  const chain = outcome.chain.map(shortUrl).join(' → ');
  switch (outcome.kind) {
    case 'insecure-redirect':
      return {
        id: 'redirects',
        status: 'fail',
        title: t('discovery.redirects.insecure'),
        detail: t('discovery.redirects.insecureDetail', {
          chain,
          location: quote(outcome.location, 200),
        }),
        fix: t('discovery.redirects.insecureFix'),
      };
    case 'bad-redirect':
      return {
        id: 'redirects',
        status: 'fail',
        title: t('discovery.redirects.bad'),
        detail: t('discovery.redirects.badDetail', {
          chain,
          location: quote(outcome.location, 200),
        }),
        fix: t('discovery.redirects.directFix'),
      };
    case 'too-many-redirects':
      return {
        id: 'redirects',
        status: 'fail',
        title: t('discovery.redirects.tooMany'),
        detail: t('discovery.redirects.tooManyDetail', {
          hops: outcome.chain.length - 1,
          chain,
        }),
        fix: t('discovery.redirects.directFix'),
      };
    case 'refused':
      return {
        id: 'redirects',
        status: 'fail',
        title: t('discovery.redirects.refused'),
        detail: t('discovery.redirects.refusedDetail', { url: shortUrl(outcome.at) }),
        fix: t('discovery.redirects.refusedFix'),
      };
    case 'unresolved':
      return {
        id: 'redirects',
        status: 'fail',
        title: t('discovery.redirects.unresolved'),
        detail:
          outcome.code === ''
            ? t('discovery.redirects.unresolvedDetail', { chain, host: outcome.at.hostname })
            : t('discovery.redirects.unresolvedDetailCode', {
                chain,
                host: outcome.at.hostname,
                code: excerpt(outcome.code, 30),
              }),
        fix: t('discovery.redirects.directFix'),
      };
    default:
      break;
  }
  if (outcome.chain.length <= 1) {
    return outcome.kind === 'response'
      ? {
          id: 'redirects',
          status: 'pass',
          title: t('discovery.redirects.none'),
          detail: t('discovery.redirects.noneDetail'),
        }
      : null;
  }
  const direct = `https://${outcome.chain[0]?.host ?? ''}${WELL_KNOWN_PATH}`;
  const lost = lostInRedirect(outcome.chain);
  if (lost) {
    return {
      id: 'redirects',
      status: 'fail',
      title: t(LOST_KEYS[lost].title),
      detail: t(LOST_KEYS[lost].detail, { chain }),
      fix: t('discovery.redirects.dropsFix', { direct }),
    };
  }
  return {
    id: 'redirects',
    status: 'warn',
    title: t('discovery.redirects.behind', { count: outcome.chain.length - 1 }),
    detail: t('discovery.redirects.behindDetail', { chain }),
    fix: t('discovery.redirects.behindFix', { direct }),
  };
}

/** What a redirect can lose on the way. */
type Lost = 'path' | 'query' | 'both';

/** Catalogue keys of the finding about a redirect that loses the path, the query or both. */
const LOST_KEYS: Readonly<Record<Lost, { title: string; detail: string }>> = {
  path: { title: 'discovery.redirects.dropsPath', detail: 'discovery.redirects.dropsPathDetail' },
  query: {
    title: 'discovery.redirects.dropsQuery',
    detail: 'discovery.redirects.dropsQueryDetail',
  },
  both: { title: 'discovery.redirects.dropsBoth', detail: 'discovery.redirects.dropsBothDetail' },
};

/** What a hop of the chain loses: the path, the query, both, or nothing (undefined). */
function lostInRedirect(chain: readonly URL[]): Lost | undefined {
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
  if (path && query) return 'both';
  if (path) return 'path';
  return query ? 'query' : undefined;
}
