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
 *
 * The check lives in `./verify-domain/`: the SSRF-safe pinned fetch (safe-fetch.ts), the
 * evaluation of what came back (response-findings.ts) and the run itself (verify.ts); this module
 * is their public entry.
 */
export type { DomainCheckReport, DomainFinding, FindingId, FindingStatus } from './findings';
export type { AddressResolver, VerifyDomainOptions } from './verify-domain/context';
export { DISCOVERY_USER_AGENT } from './verify-domain/safe-fetch';
export { verifyDomain } from './verify-domain/verify';
