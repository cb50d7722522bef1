/**
 * Turns TLS probe results into findings an admin can act on: the protocol, the cipher suites, the
 * extended master secret and the certificate, each pass / warn / fail with why it matters for
 * iOS/iPadOS 27 and what to change. Source: enrollment-facts.md, Prerequisites ("iOS/iPadOS 27
 * transport security", citing Apple support article 126655); RFC 7627 for the extended master
 * secret. Where a probe could not tell, the finding says so instead of guessing.
 */
import { translator, type Translate } from '../../i18n/catalogue';
import type { DomainFinding, FindingId, FindingStatus } from '../findings';

import type { CertificateFacts } from './certificate';
import { isNegotiationRefusal, type Handshake, type TlsProbeResult } from './probe';
import { EXTENDED_MASTER_SECRET } from './server-hello';

/** A certificate that ends within this many days gets a warning. */
export const CERT_EXPIRY_WARN_DAYS = 30;

interface Part {
  status: FindingStatus;
  text: string;
  fix?: string;
}

const RANK: Record<FindingStatus, number> = { pass: 0, warn: 1, fail: 2 };

function protocolName(protocol: string): string {
  return protocol.replace(/^TLSv/, 'TLS ').replace(/^TLS 1$/, 'TLS 1.0');
}

/** Merges the parts of one aspect over every host into one finding. */
function merge(
  id: FindingId,
  parts: Part[],
  titles: Record<FindingStatus, string>,
): DomainFinding | null {
  if (parts.length === 0) return null;
  const status = parts.reduce<FindingStatus>(
    (worst, p) => (RANK[p.status] > RANK[worst] ? p.status : worst),
    'pass',
  );
  const fixes = [...new Set(parts.filter((p) => p.status !== 'pass' && p.fix).map((p) => p.fix))];
  return {
    id,
    status,
    title: titles[status],
    detail: parts.map((p) => p.text).join(' '),
    ...(fixes.length > 0 ? { fix: fixes.join(' ') } : {}),
  };
}

function versionPart(r: TlsProbeResult, t: Translate): Part {
  const { host, modern, legacy } = r;
  if (modern.ok) {
    return modern.protocol === 'TLSv1.3'
      ? { status: 'pass', text: t('discovery.tls.version13', { host }) }
      : {
          status: 'pass',
          text: t('discovery.tls.version12', { host, protocol: protocolName(modern.protocol) }),
        };
  }
  if (legacy?.ok) {
    return {
      status: 'fail',
      text: t('discovery.tls.legacyOnly', {
        host,
        protocol: protocolName(legacy.protocol),
        code: modern.code,
      }),
      fix: t('discovery.tls.legacyOnlyFix', { host }),
    };
  }
  if (!isNegotiationRefusal(modern.code)) {
    return {
      status: 'warn',
      text: t('discovery.tls.versionUnknown', { host, code: modern.code }),
      fix: t('discovery.tls.versionUnknownFix'),
    };
  }
  return {
    status: 'fail',
    text: legacy
      ? t('discovery.tls.noHandshakeLegacy', { host, code: modern.code, legacyCode: legacy.code })
      : t('discovery.tls.noHandshake', { host, code: modern.code }),
    fix: t('discovery.tls.noHandshakeFix', { host }),
  };
}

function cipherPart(r: TlsProbeResult, t: Translate): Part | null {
  const { host, modern, ats12 } = r;
  if (!modern.ok) return null;
  if (modern.protocol === 'TLSv1.3') {
    return {
      status: 'pass',
      text: t('discovery.tls.cipher13', { host, cipher: modern.cipher }),
    };
  }
  if (ats12?.ok) {
    return {
      status: 'pass',
      text: t('discovery.tls.cipherAts', { host, cipher: ats12.cipher }),
    };
  }
  if (ats12 && !ats12.ok && !isNegotiationRefusal(ats12.code)) {
    return {
      status: 'warn',
      text: t('discovery.tls.cipherUnknown', { host, code: ats12.code }),
      fix: t('discovery.tls.cipherUnknownFix'),
    };
  }
  const noEcdhe = !/^ECDHE-/.test(modern.cipher);
  return {
    status: 'fail',
    text: noEcdhe
      ? t('discovery.tls.cipherNoEcdhe', { host, cipher: modern.cipher })
      : t('discovery.tls.cipherNoGcm', { host, cipher: modern.cipher }),
    fix: t('discovery.tls.cipherFix'),
  };
}

function emsPart(r: TlsProbeResult, t: Translate): Part | null {
  const { host, modern } = r;
  if (!modern.ok) return null;
  if (modern.protocol === 'TLSv1.3') {
    return {
      status: 'pass',
      text: t('discovery.tls.ems13', { host }),
    };
  }
  const handshakes = [modern, r.ats12].filter(
    (h): h is Handshake => h?.ok === true && h.protocol === 'TLSv1.2',
  );
  const seen = handshakes.find((h) => h.extensions !== undefined);
  if (!seen?.extensions) {
    return {
      status: 'warn',
      text: t('discovery.tls.emsUnknown', { host }),
      fix: t('discovery.tls.emsUnknownFix'),
    };
  }
  return seen.extensions.includes(EXTENDED_MASTER_SECRET)
    ? {
        status: 'pass',
        text: t('discovery.tls.ems', { host }),
      }
    : {
        status: 'fail',
        text: t('discovery.tls.noEms', { host }),
        fix: t('discovery.tls.noEmsFix'),
      };
}

/** What is wrong with a certificate's key, as a clause naming the certificate, or undefined. */
function keyProblem(c: CertificateFacts, t: Translate): string | undefined {
  const bits = c.keyBits;
  if (c.keyType === 'rsa' || c.keyType === 'rsa-pss') {
    return bits !== undefined && bits < 2048
      ? t('discovery.tls.weakRsaKey', { name: c.name, bits })
      : undefined;
  }
  if (c.keyType === 'ec') {
    return bits !== undefined && bits < 256
      ? t('discovery.tls.weakEcKey', { name: c.name, bits })
      : undefined;
  }
  return undefined;
}

function certificatePart(r: TlsProbeResult, now: Date, t: Translate): Part | null {
  const h = r.modern.ok ? r.modern : r.legacy?.ok ? r.legacy : undefined;
  if (!h) return null;
  const [leaf] = h.chain;
  if (!leaf) {
    return {
      status: 'warn',
      text: t('discovery.tls.noCertificate', { host: r.host }),
    };
  }
  const problems: string[] = [];
  const warnings: string[] = [];
  // The root's own signature is never checked by a device; the leaf and intermediates are.
  const signed = h.chain.filter((c, i) => i === 0 || !c.selfIssued);
  for (const c of signed) {
    const key = keyProblem(c, t);
    if (key) problems.push(key);
    if (c.signatureHash === 'sha1' || c.signatureHash === 'md5') {
      problems.push(
        t('discovery.tls.weakSignature', { name: c.name, algorithm: c.signatureAlgorithm }),
      );
    } else if (c.signatureHash === 'unknown') {
      warnings.push(
        t('discovery.tls.unknownSignature', { name: c.name, algorithm: c.signatureAlgorithm }),
      );
    }
  }
  const daysLeft = Math.floor((leaf.validTo.getTime() - now.getTime()) / 86_400_000);
  const day = (d: Date): string => d.toISOString().slice(0, 10);
  if (leaf.validTo.getTime() <= now.getTime()) {
    problems.push(t('discovery.tls.expired', { date: day(leaf.validTo) }));
  } else if (leaf.validFrom.getTime() > now.getTime()) {
    problems.push(t('discovery.tls.notYetValid', { date: day(leaf.validFrom) }));
  } else if (daysLeft < CERT_EXPIRY_WARN_DAYS) {
    warnings.push(t('discovery.tls.expiresSoon', { count: daysLeft, date: day(leaf.validTo) }));
  }
  if (h.nameError) problems.push(t('discovery.tls.wrongName', { host: r.host }));
  if (h.trustError) problems.push(t('discovery.tls.untrusted', { error: h.trustError }));
  const keyType = leaf.keyType.toUpperCase();
  const summaryValues = {
    host: r.host,
    keyType,
    bits: leaf.keyBits,
    algorithm: leaf.signatureAlgorithm,
    date: day(leaf.validTo),
  };
  const summary =
    leaf.keyBits === undefined
      ? t('discovery.tls.summary', summaryValues)
      : t('discovery.tls.summaryBits', summaryValues);
  if (problems.length > 0) {
    return {
      status: 'fail',
      text: t('discovery.tls.certProblems', { summary, problems: problems.join('; ') }),
      fix: t('discovery.tls.certProblemsFix', { host: r.host }),
    };
  }
  if (warnings.length > 0) {
    return {
      status: 'warn',
      text: t('discovery.tls.certWarnings', { summary, warnings: warnings.join('; ') }),
      fix: t('discovery.tls.certWarningsFix', { host: r.host }),
    };
  }
  return { status: 'pass', text: summary };
}

/**
 * The TLS findings for the hosts probed (the sign-in domain, and the host a redirect leads to if
 * it is another). `now` decides expiry.
 */
export function tlsFindings(
  results: readonly TlsProbeResult[],
  now: Date,
  t: Translate = translator('en'),
): DomainFinding[] {
  const findings = [
    merge(
      'tls-version',
      results.map((r) => versionPart(r, t)),
      {
        pass: t('discovery.tls.titles.version.pass'),
        warn: t('discovery.tls.titles.version.warn'),
        fail: t('discovery.tls.titles.version.fail'),
      },
    ),
    merge(
      'tls-ciphers',
      results.map((r) => cipherPart(r, t)).filter((p): p is Part => p !== null),
      {
        pass: t('discovery.tls.titles.ciphers.pass'),
        warn: t('discovery.tls.titles.ciphers.warn'),
        fail: t('discovery.tls.titles.ciphers.fail'),
      },
    ),
    merge(
      'tls-ems',
      results.map((r) => emsPart(r, t)).filter((p): p is Part => p !== null),
      {
        pass: t('discovery.tls.titles.ems.pass'),
        warn: t('discovery.tls.titles.ems.warn'),
        fail: t('discovery.tls.titles.ems.fail'),
      },
    ),
    merge(
      'tls-certificate',
      results.map((r) => certificatePart(r, now, t)).filter((p): p is Part => p !== null),
      {
        pass: t('discovery.tls.titles.certificate.pass'),
        warn: t('discovery.tls.titles.certificate.warn'),
        fail: t('discovery.tls.titles.certificate.fail'),
      },
    ),
  ];
  return findings.filter((f): f is DomainFinding => f !== null);
}
