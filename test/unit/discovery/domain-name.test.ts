import { normaliseDomain } from '../../../src/discovery/domain-name';
import { DomainCheckError } from '../../../src/discovery/errors';

describe('normaliseDomain', () => {
  it.each([
    ['contoso.com', 'contoso.com'],
    ['  Contoso.COM  ', 'contoso.com'],
    ['contoso.com.', 'contoso.com'],
    ['sub-1.mail.contoso.co.uk', 'sub-1.mail.contoso.co.uk'],
    ['münchen.de', 'xn--mnchen-3ya.de'],
    ['xn--mnchen-3ya.de', 'xn--mnchen-3ya.de'],
    ['例え.jp', 'xn--r8jz45g.jp'],
    [`${'a'.repeat(63)}.com`, `${'a'.repeat(63)}.com`],
  ])('accepts %p as %p', (input, expected) => {
    expect(normaliseDomain(input)).toBe(expected);
  });

  const longName = `${Array.from({ length: 5 }, () => 'a'.repeat(60)).join('.')}.com`;

  it.each([
    ['', /Enter a domain name/],
    ['   ', /Enter a domain name/],
    ['x'.repeat(10_000), /too long/],
    [longName, /too long/],
    [`${'a'.repeat(64)}.com`, /longer than 63/],
    ['https://contoso.com', /without https/],
    ['ftp://contoso.com', /without https/],
    ['contoso.com/.well-known/com.apple.remotemanagement', /without a path/],
    ['contoso.com?x=1', /without a path/],
    ['contoso.com:8443', /without a port/],
    ['megan@contoso.com', /email address/],
    ['user:pass@contoso.com', /email address/],
    ['10.0.0.5', /not an IP address/],
    ['127.0.0.1', /not an IP address/],
    ['2130706433', /not an IP address/],
    ['0x7f.1', /not an IP address/],
    ['::1', /not an IP address/],
    ['[::1]', /not an IP address/],
    ['[fd00::1]', /not an IP address/],
    ['localhost', /local name/],
    ['foo.localhost', /local name/],
    ['printer.local', /local name/],
    ['metadata.google.internal', /local name/],
    ['intranet', /full domain name/],
    ['contoso..com', /valid domain name/],
    ['-contoso.com', /valid domain name/],
    ['contoso-.com', /valid domain name/],
    ['con_toso.com', /valid domain name/],
    ['*.contoso.com', /valid domain name/],
    ['contoso com', /spaces/],
    ['contoso.123', /cannot be a number/],
  ])('refuses %p', (input, message) => {
    let error: unknown;
    try {
      normaliseDomain(input);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(DomainCheckError);
    expect((error as DomainCheckError).reason).toBe('invalid_domain');
    expect((error as DomainCheckError).code).toBe('bad_request');
    expect((error as Error).message).toMatch(message);
    // Messages never echo the input back.
    if (input.length > 3) expect((error as Error).message).not.toContain(input.trim());
  });

  it('refuses non-strings', () => {
    expect(() => normaliseDomain(undefined as unknown as string)).toThrow(DomainCheckError);
  });
});
