/**
 * Turns TLS probe results into findings an admin can act on: the protocol, the cipher suites, the
 * extended master secret and the certificate, each pass / warn / fail with why it matters for
 * iOS/iPadOS 27 and what to change. Source: enrollment-facts.md, Prerequisites ("iOS/iPadOS 27
 * transport security", citing Apple support article 126655); RFC 7627 for the extended master
 * secret. Where a probe could not tell, the finding says so instead of guessing.
 */
import type { DomainFinding, FindingId, FindingStatus } from '../findings';

import type { CertificateFacts } from './certificate';
import { isNegotiationRefusal, type Handshake, type TlsProbeResult } from './probe';
import { EXTENDED_MASTER_SECRET } from './server-hello';

/** A certificate that ends within this many days gets a warning. */
export const CERT_EXPIRY_WARN_DAYS = 30;

const IOS27 = 'iOS/iPadOS 27 may refuse the connection, and new enrollments then fail';

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

function versionPart(r: TlsProbeResult): Part {
  const { host, modern, legacy } = r;
  if (modern.ok) {
    return modern.protocol === 'TLSv1.3'
      ? { status: 'pass', text: `${host} negotiates TLS 1.3.` }
      : {
          status: 'pass',
          text: `${host} negotiates ${protocolName(modern.protocol)} (TLS 1.3 is not offered; 1.2 is enough).`,
        };
  }
  if (legacy?.ok) {
    return {
      status: 'fail',
      text: `${host} negotiates only ${protocolName(legacy.protocol)}: it refused TLS 1.2 and 1.3 (${modern.code}). ${IOS27}.`,
      fix: `Turn on TLS 1.2 and TLS 1.3 on the web server (or the proxy or CDN in front of it) for ${host}; servers on OpenSSL 1.0.x need an update.`,
    };
  }
  if (!isNegotiationRefusal(modern.code)) {
    return {
      status: 'warn',
      text: `The TLS handshake with ${host} could not be checked (${modern.code}).`,
      fix: 'Run the check again once the site answers.',
    };
  }
  const unknownLegacy = legacy ? ` A TLS 1.0–1.1 handshake failed too (${legacy.code}).` : '';
  return {
    status: 'fail',
    text: `No TLS 1.2 or 1.3 handshake with ${host} succeeded (${modern.code}).${unknownLegacy} ${IOS27}.`,
    fix: `Make ${host} accept TLS 1.2 or 1.3 with a current cipher suite.`,
  };
}

function cipherPart(r: TlsProbeResult): Part | null {
  const { host, modern, ats12 } = r;
  if (!modern.ok) return null;
  if (modern.protocol === 'TLSv1.3') {
    return {
      status: 'pass',
      text: `${host} uses ${modern.cipher}; every TLS 1.3 suite is forward-secret with authenticated encryption.`,
    };
  }
  if (ats12?.ok) {
    return {
      status: 'pass',
      text: `${host} accepts ${ats12.cipher}, a forward-secret ECDHE suite with AES-GCM.`,
    };
  }
  if (ats12 && !ats12.ok && !isNegotiationRefusal(ats12.code)) {
    return {
      status: 'warn',
      text: `Could not tell which suites ${host} accepts: the TLS 1.2 handshake offering only ECDHE with AES-GCM did not finish (${ats12.code}).`,
      fix: 'Run the check again; if it repeats, check the suites on the server.',
    };
  }
  const noEcdhe = !/^ECDHE-/.test(modern.cipher);
  return {
    status: 'fail',
    text: noEcdhe
      ? `${host} has no forward-secret suite: with TLS 1.2 it chose ${modern.cipher}, without ECDHE key exchange, and refused every ECDHE with AES-GCM suite. ${IOS27}.`
      : `${host} has no forward-secret AES-GCM suite: with TLS 1.2 it chose ${modern.cipher} and refused every ECDHE with AES-GCM suite. ${IOS27}.`,
    fix: 'Enable ECDHE-ECDSA-AES128-GCM-SHA256 / ECDHE-RSA-AES128-GCM-SHA256 (and the AES256-GCM-SHA384 ones) on the server, or turn on TLS 1.3.',
  };
}

function emsPart(r: TlsProbeResult): Part | null {
  const { host, modern } = r;
  if (!modern.ok) return null;
  if (modern.protocol === 'TLSv1.3') {
    return {
      status: 'pass',
      text: `${host} uses TLS 1.3, whose key schedule already binds keys to the whole handshake (what the extended master secret adds to TLS 1.2).`,
    };
  }
  const handshakes = [modern, r.ats12].filter(
    (h): h is Handshake => h?.ok === true && h.protocol === 'TLSv1.2',
  );
  const seen = handshakes.find((h) => h.extensions !== undefined);
  if (!seen?.extensions) {
    return {
      status: 'warn',
      text: `Could not read ${host}'s TLS 1.2 ServerHello, so whether it uses the extended master secret (RFC 7627) is not known.`,
      fix: 'Check that the server supports the extended master secret (OpenSSL 1.1.0 and later do by default).',
    };
  }
  return seen.extensions.includes(EXTENDED_MASTER_SECRET)
    ? {
        status: 'pass',
        text: `${host} uses the extended master secret (RFC 7627) with TLS 1.2.`,
      }
    : {
        status: 'fail',
        text: `${host} does not use the extended master secret (RFC 7627) with TLS 1.2. ${IOS27}.`,
        fix: 'Update the TLS library of the server or load balancer (OpenSSL 1.1.0 and later support it by default), or turn on TLS 1.3.',
      };
}

function keyProblem(c: CertificateFacts): string | undefined {
  const bits = c.keyBits;
  if (c.keyType === 'rsa' || c.keyType === 'rsa-pss') {
    return bits !== undefined && bits < 2048
      ? `an RSA ${bits}-bit key (2048 or more needed)`
      : undefined;
  }
  if (c.keyType === 'ec') {
    return bits !== undefined && bits < 256
      ? `an EC ${bits}-bit key (256 or more needed)`
      : undefined;
  }
  return undefined;
}

function certificatePart(r: TlsProbeResult, now: Date): Part | null {
  const h = r.modern.ok ? r.modern : r.legacy?.ok ? r.legacy : undefined;
  if (!h) return null;
  const [leaf] = h.chain;
  if (!leaf) {
    return {
      status: 'warn',
      text: `${r.host} sent no certificate that could be read.`,
    };
  }
  const problems: string[] = [];
  const warnings: string[] = [];
  // The root's own signature is never checked by a device; the leaf and intermediates are.
  const signed = h.chain.filter((c, i) => i === 0 || !c.selfIssued);
  for (const c of signed) {
    const key = keyProblem(c);
    if (key) problems.push(`“${c.name}” has ${key}`);
    if (c.signatureHash === 'sha1' || c.signatureHash === 'md5') {
      problems.push(
        `“${c.name}” is signed with ${c.signatureAlgorithm} (SHA-256 or stronger needed)`,
      );
    } else if (c.signatureHash === 'unknown') {
      warnings.push(
        `the signature hash of “${c.name}” (${c.signatureAlgorithm}) could not be told`,
      );
    }
  }
  const daysLeft = Math.floor((leaf.validTo.getTime() - now.getTime()) / 86_400_000);
  if (leaf.validTo.getTime() <= now.getTime()) {
    problems.push(`the certificate expired on ${leaf.validTo.toISOString().slice(0, 10)}`);
  } else if (leaf.validFrom.getTime() > now.getTime()) {
    problems.push(
      `the certificate is not valid until ${leaf.validFrom.toISOString().slice(0, 10)}`,
    );
  } else if (daysLeft < CERT_EXPIRY_WARN_DAYS) {
    warnings.push(
      `the certificate expires in ${daysLeft} day${daysLeft === 1 ? '' : 's'} (${leaf.validTo.toISOString().slice(0, 10)})`,
    );
  }
  if (h.nameError) problems.push(`the certificate is not issued for ${r.host}`);
  if (h.trustError) problems.push(`the chain is not trusted (${h.trustError})`);
  const keyText =
    leaf.keyBits === undefined
      ? leaf.keyType.toUpperCase()
      : `${leaf.keyType.toUpperCase()} ${leaf.keyBits}-bit`;
  const summary = `${r.host}: ${keyText} key, ${leaf.signatureAlgorithm}, valid until ${leaf.validTo.toISOString().slice(0, 10)}.`;
  if (problems.length > 0) {
    return {
      status: 'fail',
      text: `${summary} Problems: ${problems.join('; ')}. ${IOS27}.`,
      fix: `Replace the certificate of ${r.host} with one from a public authority: RSA 2048-bit or larger (or ECDSA P-256 or larger), signed with SHA-256 or stronger, with its intermediates.`,
    };
  }
  if (warnings.length > 0) {
    return {
      status: 'warn',
      text: `${summary} Note: ${warnings.join('; ')}.`,
      fix: `Renew the certificate of ${r.host} before it expires, with SHA-256 or stronger.`,
    };
  }
  return { status: 'pass', text: summary };
}

/**
 * The TLS findings for the hosts probed (the sign-in domain, and the host a redirect leads to if
 * it is another). `now` decides expiry.
 */
export function tlsFindings(results: readonly TlsProbeResult[], now: Date): DomainFinding[] {
  const findings = [
    merge('tls-version', results.map(versionPart), {
      pass: 'TLS 1.2 or later is used',
      warn: 'The TLS version could not be checked fully',
      fail: 'The server does not offer TLS 1.2 or later',
    }),
    merge(
      'tls-ciphers',
      results.map(cipherPart).filter((p): p is Part => p !== null),
      {
        pass: 'Forward-secret cipher suites (ATS grade)',
        warn: 'The cipher suites could not be checked',
        fail: 'No forward-secret AES-GCM cipher suite',
      },
    ),
    merge(
      'tls-ems',
      results.map(emsPart).filter((p): p is Part => p !== null),
      {
        pass: 'Extended master secret in use',
        warn: 'Extended master secret: could not tell',
        fail: 'No extended master secret (RFC 7627)',
      },
    ),
    merge(
      'tls-certificate',
      results.map((r) => certificatePart(r, now)).filter((p): p is Part => p !== null),
      {
        pass: 'The certificate meets the iOS 27 rules',
        warn: 'The certificate needs attention soon',
        fail: 'The certificate does not meet the iOS 27 rules',
      },
    ),
  ];
  return findings.filter((f): f is DomainFinding => f !== null);
}
