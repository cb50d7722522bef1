/**
 * The facts about a server's certificates that iOS/iPadOS 27 cares about (enrollment-facts.md,
 * Prerequisites, "iOS/iPadOS 27 transport security"): key type and size, the hash of the signature,
 * and the validity dates. Node's X509Certificate gives the key and dates; the signature algorithm
 * is read from the certificate's DER with @peculiar/asn1-x509, as Node does not expose it.
 */
import { X509Certificate } from 'node:crypto';

import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';

/** The hash of a certificate signature, as far as it can be told. */
export type SignatureHash = 'md5' | 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512' | 'unknown';

/** One certificate of the chain the server sent. */
export interface CertificateFacts {
  /** The subject's common name (or the whole subject when it has none), for messages. */
  name: string;
  /** `rsa`, `ec`, `ed25519`, …, as Node names the key type. */
  keyType: string;
  /** RSA modulus bits or the EC curve's size in bits; undefined when unknown. */
  keyBits?: number;
  /** The signature algorithm's name, e.g. `sha256WithRSAEncryption`, or its OID. */
  signatureAlgorithm: string;
  signatureHash: SignatureHash;
  validFrom: Date;
  validTo: Date;
  /** Issuer and subject are the same: a root (or a self-signed leaf). */
  selfIssued: boolean;
}

/** Signature algorithm OIDs (RFC 3279, RFC 4055, RFC 5758, RFC 8410). */
const SIGNATURE_ALGORITHMS: Record<string, { name: string; hash: SignatureHash }> = {
  '1.2.840.113549.1.1.4': { name: 'md5WithRSAEncryption', hash: 'md5' },
  '1.2.840.113549.1.1.5': { name: 'sha1WithRSAEncryption', hash: 'sha1' },
  '1.2.840.113549.1.1.14': { name: 'sha224WithRSAEncryption', hash: 'sha224' },
  '1.2.840.113549.1.1.11': { name: 'sha256WithRSAEncryption', hash: 'sha256' },
  '1.2.840.113549.1.1.12': { name: 'sha384WithRSAEncryption', hash: 'sha384' },
  '1.2.840.113549.1.1.13': { name: 'sha512WithRSAEncryption', hash: 'sha512' },
  '1.2.840.113549.1.1.10': { name: 'RSASSA-PSS', hash: 'unknown' },
  '1.2.840.10045.4.1': { name: 'ecdsa-with-SHA1', hash: 'sha1' },
  '1.2.840.10045.4.3.1': { name: 'ecdsa-with-SHA224', hash: 'sha224' },
  '1.2.840.10045.4.3.2': { name: 'ecdsa-with-SHA256', hash: 'sha256' },
  '1.2.840.10045.4.3.3': { name: 'ecdsa-with-SHA384', hash: 'sha384' },
  '1.2.840.10045.4.3.4': { name: 'ecdsa-with-SHA512', hash: 'sha512' },
  '1.3.101.112': { name: 'Ed25519', hash: 'sha512' },
};

/** Bits of the named EC curves a web server may use. */
const CURVE_BITS: Record<string, number> = {
  prime256v1: 256,
  'P-256': 256,
  secp256k1: 256,
  secp384r1: 384,
  'P-384': 384,
  secp521r1: 521,
  'P-521': 521,
  secp224r1: 224,
  secp192r1: 192,
  prime192v1: 192,
};

function commonName(subject: string): string {
  const cn = /(?:^|\n)CN=([^\n]*)/.exec(subject)?.[1];
  return (cn ?? subject.replace(/\n/g, ', ')).slice(0, 100);
}

/** Reads the facts from one DER certificate; undefined when it cannot be parsed. */
export function certificateFacts(der: Buffer): CertificateFacts | undefined {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(der);
  } catch {
    return undefined;
  }
  const key = cert.publicKey;
  const details = key.asymmetricKeyDetails ?? {};
  const keyType = key.asymmetricKeyType ?? 'unknown';
  let keyBits: number | undefined;
  if (typeof details.modulusLength === 'number') keyBits = details.modulusLength;
  else if (typeof details.namedCurve === 'string') keyBits = CURVE_BITS[details.namedCurve];
  else if (keyType === 'ed25519') keyBits = 256;
  let oid = '';
  try {
    oid = AsnConvert.parse(der, Certificate).signatureAlgorithm.algorithm;
  } catch {
    oid = '';
  }
  const known = SIGNATURE_ALGORITHMS[oid];
  return {
    name: commonName(cert.subject),
    keyType,
    ...(keyBits === undefined ? {} : { keyBits }),
    signatureAlgorithm: known?.name ?? (oid === '' ? 'unknown' : oid),
    signatureHash: known?.hash ?? 'unknown',
    validFrom: new Date(cert.validFrom),
    validTo: new Date(cert.validTo),
    selfIssued: cert.subject === cert.issuer,
  };
}
