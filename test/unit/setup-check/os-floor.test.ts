import { iosRestrictionFromWire } from '../../../src/graph/enrollment-restrictions';
import type { IosEnrollmentRestriction } from '../../../src/graph/setup-service';
import { failed, ok, osFloorCheck } from '../../../src/setup-check/checks';

import { forbidden } from './builders';

const restriction = (patch: Partial<IosEnrollmentRestriction> = {}): IosEnrollmentRestriction => ({
  id: 'r-default',
  displayName: 'All users and all devices',
  priority: 0,
  platformBlocked: false,
  personalBlocked: false,
  ...patch,
});

describe('osFloorCheck', () => {
  it('passes when every restriction requires 17 or later, and says what user enrollment may do', () => {
    const result = osFloorCheck(
      ok([
        restriction({ osMinimumVersion: '17.0' }),
        restriction({
          id: 'r-2',
          displayName: 'BYOD pilot',
          priority: 1,
          osMinimumVersion: '18.2',
        }),
      ]),
    );
    expect(result.status).toBe('pass');
    expect(result.detail).toMatch(/require iOS\/iPadOS 17\.0 or later/);
    expect(result.detail).toMatch(/user enrollment profile overrides enrollment restrictions/);
    expect(result.fix).toBe('');
  });

  it.each([
    ['no minimum', undefined, /“All users and all devices” sets no minimum/],
    ['a minimum of 15.0', '15.0', /“All users and all devices” allows 15\.0 and later/],
    ['a minimum of 16.7', '16.7', /allows 16\.7 and later/],
    ['a minimum that is not a version', 'latest', /allows latest and later/],
  ])('warns about %s, with what employees on old versions get', (_name, minimum, detail) => {
    const result = osFloorCheck(
      ok([restriction(minimum === undefined ? {} : { osMinimumVersion: minimum })]),
    );
    expect(result.status).toBe('warn');
    expect(result.detail).toMatch(detail);
    expect(result.detail).toMatch(/15–16, which Intune no longer supports, can still enroll/);
    expect(result.detail).toMatch(/app protection and app configuration need 17/);
    expect(result.fix).toMatch(/minimum OS version to 17\.0/);
  });

  it('names only the restrictions that let old devices in', () => {
    const result = osFloorCheck(
      ok([
        restriction({ osMinimumVersion: '17.0' }),
        restriction({
          id: 'r-2',
          displayName: 'Contractors',
          priority: 2,
          osMinimumVersion: '15.0',
        }),
      ]),
    );
    expect(result.status).toBe('warn');
    expect(result.detail).toMatch(/^“Contractors” allows 15\.0 and later,/);
    expect(result.detail).not.toMatch(/All users and all devices/);
  });

  it('ignores restrictions that block the platform', () => {
    const result = osFloorCheck(
      ok([
        restriction({ osMinimumVersion: '17.0' }),
        restriction({ id: 'r-2', displayName: 'Blocked', priority: 1, platformBlocked: true }),
      ]),
    );
    expect(result.status).toBe('pass');
  });

  it('warns when Intune returns no iOS restriction at all', () => {
    expect(osFloorCheck(ok([])).status).toBe('warn');
  });

  it('is an error item with the permission when Graph refuses', () => {
    const result = osFloorCheck(failed(forbidden('setup.enrollmentRestrictions')));
    expect(result.status).toBe('error');
    expect(result.detail).toMatch(/DeviceManagementServiceConfig\.Read\.All/);
  });
});

describe('iosRestrictionFromWire', () => {
  it('reads the default restriction set (iosRestriction)', () => {
    expect(
      iosRestrictionFromWire({
        '@odata.type': '#microsoft.graph.deviceEnrollmentPlatformRestrictionsConfiguration',
        id: 'd1',
        displayName: 'All users and all devices',
        priority: 0,
        iosRestriction: {
          platformBlocked: false,
          personalDeviceEnrollmentBlocked: true,
          osMinimumVersion: ' 17.0 ',
          osMaximumVersion: null,
        },
      }),
    ).toEqual({
      id: 'd1',
      displayName: 'All users and all devices',
      priority: 0,
      platformBlocked: false,
      personalBlocked: true,
      osMinimumVersion: '17.0',
    });
  });

  it('reads a per-platform iOS restriction and skips other platforms and types', () => {
    const ios = iosRestrictionFromWire({
      '@odata.type': '#microsoft.graph.deviceEnrollmentPlatformRestrictionConfiguration',
      id: 'p1',
      displayName: 'iOS contractors',
      priority: 3,
      platformType: 'ios',
      platformRestriction: { platformBlocked: false, osMinimumVersion: '' },
    });
    expect(ios).toEqual({
      id: 'p1',
      displayName: 'iOS contractors',
      priority: 3,
      platformBlocked: false,
      personalBlocked: false,
    });
    expect(
      iosRestrictionFromWire({
        '@odata.type': '#microsoft.graph.deviceEnrollmentPlatformRestrictionConfiguration',
        id: 'p2',
        platformType: 'android',
        platformRestriction: { osMinimumVersion: '10' },
      }),
    ).toBeUndefined();
    expect(
      iosRestrictionFromWire({
        '@odata.type': '#microsoft.graph.deviceEnrollmentLimitConfiguration',
        id: 'l1',
        limit: 5,
      }),
    ).toBeUndefined();
    expect(iosRestrictionFromWire('nonsense')).toBeUndefined();
  });
});
