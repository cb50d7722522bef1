/**
 * Validation of the domain an admin types for a service discovery check. Only plain DNS names of
 * public-looking domains pass: no scheme, path, port, user name, IP address or single label.
 */
import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';

import { DomainCheckError } from './errors';

/** Longest input we look at; anything longer is refused before parsing. */
const MAX_INPUT_CHARS = 1024;
/** Longest DNS name in its ASCII form, without the trailing dot (RFC 1035). */
const MAX_DOMAIN_CHARS = 253;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** Names that never point at a public web server. */
const LOCAL_SUFFIXES = ['localhost', 'local', 'internal', 'arpa', 'invalid', 'onion'];

const invalid = (message: string): DomainCheckError =>
  new DomainCheckError('invalid_domain', message);

/**
 * Checks a domain name and returns its ASCII (punycode) form in lower case, without a trailing dot:
 * `Contoso.COM.` → `contoso.com`, `münchen.de` → `xn--mnchen-3ya.de`.
 * Throws {@link DomainCheckError} (`invalid_domain`) with a message for the admin otherwise.
 */
export function normaliseDomain(input: string): string {
  if (typeof input !== 'string' || input.trim() === '') {
    throw invalid('Enter a domain name, like contoso.com.');
  }
  if (input.length > MAX_INPUT_CHARS) {
    throw invalid('That is too long for a domain name (at most 253 characters).');
  }
  const text = input.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    throw invalid('Enter just the domain name, without https:// (for example contoso.com).');
  }
  if (text.includes('@')) {
    throw invalid(
      'That looks like an email address. Enter only the part after @ (for example contoso.com).',
    );
  }
  if (/[/?#\\]/.test(text)) {
    throw invalid('Enter just the domain name, without a path (for example contoso.com).');
  }
  const bare = text.replace(/^\[|\]$/g, '');
  if (isIP(bare) !== 0) {
    throw invalid(
      'Enter a domain name, not an IP address: the file must be on the sign-in domain.',
    );
  }
  if (text.includes(':')) {
    throw invalid('Enter just the domain name, without a port: the file is always on port 443.');
  }
  if (/\s/.test(text)) {
    throw invalid('A domain name cannot contain spaces.');
  }
  const ascii = domainToASCII(text).toLowerCase().replace(/\.$/, '');
  if (isIP(ascii) !== 0) {
    throw invalid(
      'Enter a domain name, not an IP address: the file must be on the sign-in domain.',
    );
  }
  if (ascii === '' && /\.[0-9]+\.?$/.test(text)) {
    throw invalid('That is not a valid domain name: the last part cannot be a number.');
  }
  if (ascii === '') {
    throw invalid('That is not a valid domain name. Check the spelling (for example contoso.com).');
  }
  if (ascii.length > MAX_DOMAIN_CHARS) {
    throw invalid('That is too long for a domain name (at most 253 characters).');
  }
  const labels = ascii.split('.');
  if (labels.some((l) => l.length > 63)) {
    throw invalid('A part of the domain name between dots is longer than 63 characters.');
  }
  if (labels.some((l) => !LABEL.test(l))) {
    throw invalid(
      'That is not a valid domain name: use letters, digits and hyphens between the dots.',
    );
  }
  if (LOCAL_SUFFIXES.some((s) => ascii === s || ascii.endsWith(`.${s}`))) {
    throw invalid('That is a local name, not a public domain users sign in with.');
  }
  if (labels.length < 2) {
    throw invalid('Enter a full domain name with a dot, like contoso.com.');
  }
  const last = labels[labels.length - 1] ?? '';
  if (/^[0-9]+$/.test(last)) {
    throw invalid('That is not a valid domain name: the last part cannot be a number.');
  }
  return ascii;
}

/**
 * Checks a host name found in a redirect. Unlike {@link normaliseDomain} it accepts IP literals
 * (their address is checked like any resolved address). Returns null when the host is unusable.
 */
export function normaliseRedirectHost(hostname: string): { host: string; ip: boolean } | null {
  const bare = hostname.replace(/^\[|\]$/g, '');
  if (isIP(bare) !== 0) {
    return { host: bare, ip: true };
  }
  try {
    return { host: normaliseDomain(hostname), ip: false };
  } catch {
    return null;
  }
}
