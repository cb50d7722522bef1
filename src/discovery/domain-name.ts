/**
 * Validation of the domain an admin types for a service discovery check. Only plain DNS names of
 * public-looking domains pass: no scheme, path, port, user name, IP address or single label.
 */
import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';

import { translator, type Translate } from '../i18n/catalogue';

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
 * Throws {@link DomainCheckError} (`invalid_domain`) with a message for the admin otherwise, in
 * the language of `t` (English by default).
 */
export function normaliseDomain(input: string, t: Translate = translator('en')): string {
  if (typeof input !== 'string' || input.trim() === '') {
    throw invalid(t('discovery.domain.empty'));
  }
  if (input.length > MAX_INPUT_CHARS) {
    throw invalid(t('discovery.domain.tooLong'));
  }
  const text = input.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    throw invalid(t('discovery.domain.scheme'));
  }
  if (text.includes('@')) {
    throw invalid(t('discovery.domain.email'));
  }
  if (/[/?#\\]/.test(text)) {
    throw invalid(t('discovery.domain.path'));
  }
  const bare = text.replace(/^\[|\]$/g, '');
  if (isIP(bare) !== 0) {
    throw invalid(t('discovery.domain.ip'));
  }
  if (text.includes(':')) {
    throw invalid(t('discovery.domain.port'));
  }
  if (/\s/.test(text)) {
    throw invalid(t('discovery.domain.spaces'));
  }
  const ascii = domainToASCII(text).toLowerCase().replace(/\.$/, '');
  if (isIP(ascii) !== 0) {
    throw invalid(t('discovery.domain.ip'));
  }
  if (ascii === '' && /\.[0-9]+\.?$/.test(text)) {
    throw invalid(t('discovery.domain.numericTld'));
  }
  if (ascii === '') {
    throw invalid(t('discovery.domain.invalid'));
  }
  if (ascii.length > MAX_DOMAIN_CHARS) {
    throw invalid(t('discovery.domain.tooLong'));
  }
  const labels = ascii.split('.');
  if (labels.some((l) => l.length > 63)) {
    throw invalid(t('discovery.domain.labelTooLong'));
  }
  if (labels.some((l) => !LABEL.test(l))) {
    throw invalid(t('discovery.domain.badCharacters'));
  }
  if (LOCAL_SUFFIXES.some((s) => ascii === s || ascii.endsWith(`.${s}`))) {
    throw invalid(t('discovery.domain.local'));
  }
  if (labels.length < 2) {
    throw invalid(t('discovery.domain.singleLabel'));
  }
  const last = labels[labels.length - 1] ?? '';
  if (/^[0-9]+$/.test(last)) {
    throw invalid(t('discovery.domain.numericTld'));
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
