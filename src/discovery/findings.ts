/**
 * The findings of a service discovery check, and helpers to quote remote text in them.
 */

/** Longest excerpt of remote text quoted in a finding. */
export const EXCERPT_CHARS = 120;

/** Outcome of one check. */
export type FindingStatus = 'pass' | 'warn' | 'fail';

/** Stable ids of the checks, in the order they appear in a report. */
export type FindingId =
  | 'dns'
  | 'https'
  | 'redirects'
  | 'status'
  | 'json-extension'
  | 'content-type'
  | 'size'
  | 'json'
  | 'shape'
  | 'version'
  | 'base-url'
  | 'tenant'
  | 'query-variants'
  | 'tls-version'
  | 'tls-ciphers'
  | 'tls-ems'
  | 'tls-certificate';

/**
 * One check's result. `detail` may quote the remote server (excerpts are short and stripped of
 * control characters, but otherwise untrusted: escape before display).
 */
export interface DomainFinding {
  id: FindingId;
  status: FindingStatus;
  title: string;
  detail: string;
  /** One line telling the admin what to change; absent when there is nothing to do. */
  fix?: string;
}

/** The result of a domain check (`verifyDomain`). */
export interface DomainCheckReport {
  /** The domain checked, in ASCII (punycode) form. */
  domain: string;
  /** The URL requested first, with the query a device adds. */
  url: string;
  findings: DomainFinding[];
  /** True when no finding failed (warnings allowed). */
  ok: boolean;
}

/** Strips control characters, collapses white space and shortens remote text for a finding. */
export function excerpt(text: string, max = EXCERPT_CHARS): string {
  const clean = text
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = Array.from(clean);
  return chars.length <= max ? clean : `${chars.slice(0, max - 1).join('')}…`;
}

/** Quotes remote text for a finding, shortened. */
export const quote = (text: string, max = EXCERPT_CHARS): string => `"${excerpt(text, max)}"`;
