/**
 * The domain check from start to end: validates the input and options, vets the domain, fetches
 * the file and collects the findings into one report (error policy: see ../verify-domain.ts).
 */
import { translator, type Translate } from '../../i18n/catalogue';
import type { Language } from '../../i18n/languages';
import { normaliseDomain } from '../domain-name';
import { DomainCheckError } from '../errors';
import { excerpt, type DomainCheckReport, type DomainFinding } from '../findings';
import { pinnedHttpsGet } from '../pinned-https';
import { assertCloud, normaliseTenantId, WELL_KNOWN_PATH } from '../service-discovery';
import { tlsFindings } from '../tls/findings';
import { probeTls, type TlsProbeResult } from '../tls/probe';

import type { CheckContext, VerifyDomainOptions, Vetting } from './context';
import { startDeadline } from './deadline';
import { redirectFinding, responseFindings, transportFinding } from './response-findings';
import { defaultResolver, fetchFollowing, vetHost } from './safe-fetch';
import { queryVariantsFinding } from './variants';

const DEFAULTS = { timeoutMs: 5000, maxBytes: 64 * 1024, maxRedirects: 3 } as const;
/** Longest wait for one TLS probe handshake (the whole check's deadline bounds them too). */
const HANDSHAKE_TIMEOUT_MS = 3000;

/** An integer option within limits (so every wait and read stays bounded), or its default. */
function bounded(
  name: string,
  value: number | undefined,
  fallback: number,
  min: number,
  max: number,
  t: Translate,
): number {
  if (value === undefined) {
    return fallback;
  }
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new DomainCheckError(
      'invalid_option',
      t('discovery.verify.badOption', { name, min, max }),
    );
  }
  return value;
}

/** Probes one host's TLS when a probe is configured; never rejects. */
function probeHost(
  ctx: CheckContext,
  host: string,
  addresses: string[],
): Promise<TlsProbeResult | undefined> {
  if (!ctx.tlsProbe) return Promise.resolve(undefined);
  return ctx
    .tlsProbe({
      host,
      addresses,
      port: ctx.port,
      signal: ctx.deadline.signal,
      handshakeTimeoutMs: Math.min(HANDSHAKE_TIMEOUT_MS, ctx.timeoutMs),
      ...(ctx.ca === undefined ? {} : { ca: ctx.ca }),
    })
    .catch(() => undefined);
}

/** Checks the user identifier sent with the request, or makes one up at the domain. */
function userIdentifierFor(
  domain: string,
  userIdentifier: string | undefined,
  t: Translate,
): string {
  if (userIdentifier === undefined) {
    return `user@${domain}`;
  }
  const text = typeof userIdentifier === 'string' ? userIdentifier.trim() : '';
  const at = text.lastIndexOf('@');
  const local = text.slice(0, at);
  let userDomain = '';
  try {
    userDomain = at > 0 ? normaliseDomain(text.slice(at + 1), t) : '';
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
      t('discovery.verify.badUserIdentifier', { domain }),
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
 * non-public address (nothing is fetched then); every other problem is a finding. The report and
 * the error messages are in `lang` (admin text: English unless the catalogue has the language).
 */
export async function verifyDomain(
  domainInput: string,
  options: VerifyDomainOptions,
  lang: Language = 'en',
): Promise<DomainCheckReport> {
  const t = translator(lang);
  const domain = normaliseDomain(domainInput, t);
  const tenantId = normaliseTenantId(options.tenantId, t);
  assertCloud(options.cloud, t);
  const userIdentifier = userIdentifierFor(domain, options.userIdentifier, t);
  const timeoutMs = bounded('timeoutMs', options.timeoutMs, DEFAULTS.timeoutMs, 1, 30_000, t);
  const maxBytes = bounded('maxBytes', options.maxBytes, DEFAULTS.maxBytes, 1, 1024 * 1024, t);
  const maxRedirects = bounded(
    'maxRedirects',
    options.maxRedirects,
    DEFAULTS.maxRedirects,
    0,
    10,
    t,
  );
  const port = bounded('port', options.port, 443, 1, 65_535, t);
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
    tlsProbe:
      options.tlsProbe === false
        ? undefined
        : (options.tlsProbe ?? (options.fetchImpl === undefined ? probeTls : undefined)),
    resolver: options.resolver ?? defaultResolver,
    allowPrivate: options.allowPrivateAddresses === true,
    timeoutMs,
    maxBytes,
    maxRedirects,
    ca: options.tls?.ca,
    port,
    now: options.now ?? (() => new Date()),
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
          title: t('discovery.verify.dnsTimeout'),
          detail: t('discovery.verify.dnsTimeoutDetail', {
            domain,
            seconds: ctx.timeoutMs / 1000,
          }),
          fix: t('discovery.verify.dnsTimeoutFix'),
        },
      ]);
    }
    if (vetting.kind === 'refused') {
      throw new DomainCheckError('refused_target', t('discovery.verify.refusedTarget', { domain }));
    }
    if (vetting.kind === 'unresolved') {
      return report([
        {
          id: 'dns',
          status: 'fail',
          title: t('discovery.verify.unresolved'),
          detail:
            vetting.code === ''
              ? t('discovery.verify.unresolvedDetail', { domain })
              : t('discovery.verify.unresolvedDetailCode', {
                  domain,
                  code: excerpt(vetting.code, 30),
                }),
          fix: t('discovery.verify.unresolvedFix', { domain }),
        },
      ]);
    }
    findings.push({
      id: 'dns',
      status: 'pass',
      title: t('discovery.verify.resolves'),
      detail: t('discovery.verify.resolvesDetail', { domain, count: vetting.addresses.length }),
    });

    // The TLS probe of the sign-in domain runs beside the fetch; it only shakes hands.
    const firstProbe = probeHost(ctx, domain, vetting.addresses);
    const outcome = await fetchFollowing(ctx, url, ctx.maxRedirects);
    const tls = async (): Promise<DomainFinding[]> => {
      const probes = [firstProbe];
      const last = outcome.chain[outcome.chain.length - 1];
      const lastHost = last?.hostname.replace(/^\[|\]$/g, '');
      const lastVetting = lastHost === undefined ? undefined : ctx.vetted.get(lastHost);
      if (lastHost !== undefined && lastHost !== domain && lastVetting?.kind === 'ok') {
        probes.push(probeHost(ctx, lastHost, lastVetting.addresses));
      }
      const results = (await Promise.all(probes)).filter(
        (r): r is TlsProbeResult => r !== undefined,
      );
      return tlsFindings(results, ctx.now(), t);
    };
    if (outcome.kind === 'error') {
      findings.push(transportFinding(ctx, outcome.error, outcome.at, t));
      const followed = redirectFinding(outcome, t);
      if (followed) findings.push(followed);
      findings.push(...(await tls()));
      return report(findings);
    }
    findings.push({
      id: 'https',
      status: 'pass',
      title: t('discovery.verify.https'),
      detail: t('discovery.verify.httpsDetail', { host: url.hostname }),
    });
    const redirects = redirectFinding(outcome, t);
    if (redirects) findings.push(redirects);
    if (outcome.kind !== 'response') {
      findings.push(...(await tls()));
      return report(findings);
    }
    const finalUrl = outcome.chain[outcome.chain.length - 1] ?? url;
    findings.push(...(await responseFindings(ctx, url, outcome.response, finalUrl, t)));
    const variants = await queryVariantsFinding(ctx, url, outcome.response, t);
    if (variants) findings.push(variants);
    findings.push(...(await tls()));
    return report(findings);
  } finally {
    deadline.dispose();
  }
}
