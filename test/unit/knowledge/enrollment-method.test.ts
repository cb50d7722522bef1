import pino from 'pino';

import { methodOfProfile, profileMethodResolver } from '../../../src/flows/enrollment-method';
import { FAKE, seededIntune } from '../../fakes/fake-intune';

const ctx = (aadObjectId?: string) => ({ activity: { from: { id: 'x', aadObjectId } } }) as never;

describe('profileMethodResolver', () => {
  it("uses the method of the profile that applies to the employee's groups", async () => {
    const intune = seededIntune();
    intune.groups.find((g) => g.id === FAKE.finance)!.members = [FAKE.employee];
    intune.profiles[0]!.defaultEnrollmentType = 'webDeviceEnrollment';
    const resolve = profileMethodResolver({
      profiles: intune,
      directory: intune,
      fallback: 'accountDrivenUserEnrollment',
      logger: pino({ level: 'silent' }),
    });
    expect(await resolve(ctx(FAKE.employee))).toBe('webDeviceEnrollment');
  });

  it('falls back when only a legacy profile applies, when there is no user id, or when Graph fails', async () => {
    const intune = seededIntune();
    const resolve = profileMethodResolver({
      profiles: intune,
      directory: intune,
      fallback: 'device',
      logger: pino({ level: 'silent' }),
    });
    expect(await resolve(ctx(FAKE.employee))).toBe('device');
    expect(await resolve(ctx(undefined))).toBe('device');
    intune.failNext('userGroupIds', 503);
    expect(await resolve(ctx('someone-else'))).toBe('device');
  });

  it('tells a report the profile\'s method, and "unknown" (not the fallback) when there is none', async () => {
    const intune = seededIntune();
    const methods = profileMethodResolver({
      profiles: intune,
      directory: intune,
      fallback: 'device',
      logger: pino({ level: 'silent' }),
    });
    // Only the legacy Company Portal profile applies: no method to report.
    expect(await methods.fromProfile(FAKE.employee)).toBeUndefined();
    expect(await methods.fromProfile(undefined)).toBeUndefined();
    intune.groups.find((g) => g.id === FAKE.finance)!.members = [FAKE.admin];
    expect(await methods.fromProfile(FAKE.admin)).toBe('accountDrivenUserEnrollment');
    intune.failNext('userGroupIds', 503);
    expect(await methods.fromProfile('someone-else')).toBeUndefined();
  });

  it('caches answers for the TTL', async () => {
    const intune = seededIntune();
    let t = 0;
    const resolve = profileMethodResolver({
      profiles: intune,
      directory: intune,
      fallback: 'device',
      logger: pino({ level: 'silent' }),
      ttlMs: 1000,
      now: () => t,
    });
    await resolve(ctx(FAKE.employee));
    await resolve(ctx(FAKE.employee));
    expect(intune.calls.filter((c) => c === 'userGroupIds')).toHaveLength(1);
    t = 2000;
    await resolve(ctx(FAKE.employee));
    expect(intune.calls.filter((c) => c === 'userGroupIds')).toHaveLength(2);
  });

  it('maps profile types to guide methods', () => {
    const p = {
      id: '1',
      displayName: 'x',
      description: '',
      priority: 0,
      availableEnrollmentTypeOptions: [],
    };
    expect(methodOfProfile({ ...p, defaultEnrollmentType: 'accountDrivenUserEnrollment' })).toBe(
      'accountDrivenUserEnrollment',
    );
    expect(methodOfProfile({ ...p, defaultEnrollmentType: 'user' })).toBeUndefined();
    expect(
      methodOfProfile({
        ...p,
        defaultEnrollmentType: 'unknown',
        availableEnrollmentTypeOptions: [
          { ownerType: 'personal', enrollmentType: 'accountDrivenUserEnrollment' },
        ],
      }),
    ).toBe('userChoice');
  });
});
