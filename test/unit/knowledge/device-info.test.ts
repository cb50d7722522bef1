import {
  compareVersions,
  findDevice,
  findOsVersion,
  findOwnership,
  formatVersion,
  osName,
  parseDeviceInfo,
  parseVersion,
} from '../../../src/knowledge/device-info';

const v = (major: number, minor = 0, patch = 0) => ({ major, minor, patch });

describe('findOsVersion', () => {
  it.each([
    ['iOS 12', v(12)],
    ['ios 13', v(13)],
    ['iPhone on iOS 14.2', v(14, 2)],
    ['running iOS 14.9', v(14, 9)],
    ['iPadOS 13.0', v(13, 0)],
    ['iPadOS 13.1', v(13, 1)],
    ['ipados 16.1 on my ipad', v(16, 1)],
    ['my phone is on 14.8', v(14, 8)],
    ['it runs 15', v(15)],
    ['iOS 16', v(16)],
    ['steps for ios17', v(17)],
    ['stuck on 17.4.1', v(17, 4, 1)],
    ['iOS 18.6', v(18, 6)],
    ['updated to iOS 26', v(26)],
    ['iOS seventeen', v(17)],
    ['ios fifteen point four', v(15, 4)],
    ['iPadOS twenty-six', v(26)],
    ['version 16.7.2 of ios', v(16, 7, 2)],
  ])('reads %s', (text, expected) => {
    expect(findOsVersion(text)).toEqual(expected);
  });

  it.each([
    'I have 2 phones',
    'on 5G with 2 devices',
    'error 0x80180014',
    'it happened at 10.30 am',
    'iOS 21',
    'I paid $12.99',
    'how do I enroll?',
    '',
  ])('finds no version in %p', (text) => {
    expect(findOsVersion(text)).toBeUndefined();
  });
});

describe('parseVersion', () => {
  it('parses form input', () => {
    expect(parseVersion(' 17.4.1 ')).toEqual(v(17, 4, 1));
    expect(parseVersion('16')).toEqual(v(16));
    expect(parseVersion('v15.2')).toEqual(v(15, 2));
  });
  it.each(['', 'abc', '17.', '99', '21.1', '17.4.1.2', '1e3'])('rejects %p', (text) => {
    expect(parseVersion(text)).toBeUndefined();
  });
});

describe('device and ownership', () => {
  it.each([
    ['my iPhone 15', 'iPhone'],
    ['an i-pad', 'iPad'],
    ['iPadOS 17', 'iPad'],
    ['my tablet', 'iPad'],
    ['iPhone or iPad?', undefined],
    ['my phone', undefined],
  ])('device in %p is %p', (text, expected) => {
    expect(parseDeviceInfo(text).device).toBe(expected);
  });

  it('tells personal from company-owned', () => {
    expect(findOwnership('my own iPhone')).toBe('personal');
    expect(findOwnership('a personal device (BYOD)')).toBe('personal');
    expect(findOwnership('my company-owned iPad')).toBe('company');
    expect(findOwnership('my work phone')).toBe('company');
    expect(findOwnership('an iPhone')).toBeUndefined();
  });

  it('reads everything at once', () => {
    expect(parseDeviceInfo('steps to enroll my own iPad running iPadOS 16.1')).toEqual({
      device: 'iPad',
      os: v(16, 1),
      ownership: 'personal',
    });
    expect(findDevice('iphone')).toBe('iPhone');
  });
});

describe('version helpers', () => {
  it('compares and formats', () => {
    expect(compareVersions(v(14, 9), v(15))).toBeLessThan(0);
    expect(compareVersions(v(13, 1), v(13, 0))).toBeGreaterThan(0);
    expect(compareVersions(v(17, 4, 1), v(17, 4, 1))).toBe(0);
    expect(formatVersion(v(17, 4, 1))).toBe('17.4.1');
    expect(formatVersion(v(16, 1))).toBe('16.1');
    expect(formatVersion(v(15))).toBe('15');
    expect(osName('iPad', v(13))).toBe('iPadOS');
    expect(osName('iPad', v(12))).toBe('iOS');
    expect(osName('iPhone', v(17))).toBe('iOS');
  });
});
