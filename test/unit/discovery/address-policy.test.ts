import { addressRange, isPublicAddress } from '../../../src/discovery/address-policy';

describe('isPublicAddress', () => {
  it.each([
    '127.0.0.1',
    '127.1.2.3',
    '10.0.0.5',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.1.1',
    '0.0.0.0',
    '255.255.255.255',
    '224.0.0.1',
    '192.0.2.10',
    '::',
    '::1',
    'fe80::1',
    'fe80::1%eth0',
    'fd00::1',
    'fc00::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.5',
    '::ffff:169.254.169.254',
    '::ffff:7f00:1',
    '::127.0.0.1',
    '::a00:5',
    '64:ff9b::a00:5',
    '2002:a00:5::1',
    '2001:0:4136:e378:8000:63bf:3fff:fdd2',
    '2001:db8::1',
    'not-an-ip',
    '',
  ])('refuses %p', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['20.30.40.50', '8.8.8.8', '2606:4700:4700::1111', '2a01:111:f400::1', '::ffff:8.8.8.8'])(
    'accepts %p',
    (address) => {
      expect(isPublicAddress(address)).toBe(true);
    },
  );

  it('names the range of refused addresses', () => {
    expect(addressRange('169.254.169.254')).toBe('linkLocal');
    expect(addressRange('::ffff:127.0.0.1')).toBe('loopback');
    expect(addressRange('100.64.1.1')).toBe('carrierGradeNat');
    expect(addressRange('fd00::1')).toBe('uniqueLocal');
    expect(addressRange('x')).toBe('invalid');
  });
});
