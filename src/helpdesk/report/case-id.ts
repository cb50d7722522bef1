/**
 * Case numbers: one id that the employee and the helpdesk channel share.
 *
 * Every report gets a case number (`ENR-7K4M-QX2P`). A case in the channel that groups several
 * reports carries the number of the report that opened it, and lists the others' numbers, so an
 * employee who quotes their number finds it on the card. Numbers are read over the phone and
 * typed from a screenshot: the alphabet leaves out characters people confuse (0/O, 1/I/L, and U
 * beside V), and a number is understood typed in lower case, without the inner hyphen or with
 * spaces instead of hyphens.
 *
 * Numbers issued before this format (`ENR-` or `INC-` + 10 base-36 characters) stay valid.
 */
import { createHash, randomBytes } from 'node:crypto';

/** 30 characters: digits 2–9 and the letters without I, L, O and U. */
export const CASE_ID_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A case number as stored: the current form, one issued before it, or any other short token of
 * the same characters (it only has to be safe to show and to use in a storage key).
 */
const STORED = /^(?:ENR|INC)-[0-9A-Z]{1,16}(?:-[0-9A-Z]{1,16})?$/;

/**
 * A case number somewhere in a message, leniently: case, hyphens and spaces as people type. It
 * needs a separator after the prefix or a digit; run together with the prefix, its halves must
 * be of the case alphabet: otherwise it is a word, not a number ("enregistrer", "incorrectly",
 * "enroled before" are enr/inc and letters).
 */
export const CASE_ID_IN_TEXT =
  /\b(enr|inc)(?:[\s-]+|(?=[2-9a-hjkmnp-tv-z]{4}[\s-][2-9a-hjkmnp-tv-z]{4}\b)|(?=[0-9a-z]{0,9}\d))([0-9a-z]{4})[\s-]?([0-9a-z]{4})([0-9a-z]{2})?\b/i;

/**
 * A new case number: 8 characters from {@link CASE_ID_ALPHABET} (about 39 bits), from random
 * bytes, or derived from `seed` (a webhook's event id) so the same event gets the same number.
 */
export function newCaseId(seed?: string): string {
  const bytes = seed ? createHash('sha256').update(seed).digest() : randomBytes(16);
  let out = '';
  // 16 bytes, 8 characters: each character from two bytes (bias under 0.05 %, harmless here).
  for (let i = 0; i < 8; i++) {
    const n = ((bytes[2 * i] ?? 0) << 8) | (bytes[2 * i + 1] ?? 0);
    out += CASE_ID_ALPHABET[n % CASE_ID_ALPHABET.length];
  }
  return `ENR-${out.slice(0, 4)}-${out.slice(4)}`;
}

/** Is `value` a case number as the bot stores it (card data and stored documents are untrusted)? */
export function isCaseId(value: unknown): value is string {
  return typeof value === 'string' && STORED.test(value);
}

/** zod-friendly pattern of {@link isCaseId}. */
export const CASE_ID_PATTERN = STORED;

/**
 * The case number in a message, as stored ("status of enr 7k4m qx2p?" → `ENR-7K4M-QX2P`), or
 * undefined when the message names none.
 */
export function findCaseId(text: string): string | undefined {
  const m = CASE_ID_IN_TEXT.exec(text.slice(0, 2000));
  if (!m) return undefined;
  const prefix = (m[1] ?? '').toUpperCase();
  const body = `${m[2] ?? ''}${m[3] ?? ''}${m[4] ?? ''}`.toUpperCase();
  const candidate =
    body.length === 8 ? `${prefix}-${body.slice(0, 4)}-${body.slice(4)}` : `${prefix}-${body}`;
  return isCaseId(candidate) ? candidate : undefined;
}
