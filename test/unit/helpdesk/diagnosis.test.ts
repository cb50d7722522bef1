import {
  causeKeyOf,
  diagnose,
  DIAGNOSIS_RULES,
  type DiagnosisInput,
  normaliseErrorText,
  parseOsVersion,
} from '../../../src/helpdesk/diagnosis';

interface Row {
  name: string;
  input: DiagnosisInput;
  ruleId: string;
  confidence?: 'high' | 'medium' | 'none';
}

/** One or more rows per rule, each named after what the employee or the system would send. */
const MATCHES: Row[] = [
  {
    name: 'the SSO message exactly as iOS shows it',
    input: {
      errorText:
        'Sign In Failed — The Enrollment SSO application has been installed on the device.',
    },
    ruleId: 'sso-app-installed',
    confidence: 'high',
  },
  {
    name: 'the SSO message in lower case with smart quotes and British spelling',
    input: { errorText: '“sign in failed: the enrolment sso application has been installed”' },
    ruleId: 'sso-app-installed',
    confidence: 'high',
  },
  {
    name: 'sign in failed naming the SSO application (weaker wording)',
    input: { errorText: 'Sign-in failed, something about the SSO application' },
    ruleId: 'sso-app-installed',
    confidence: 'medium',
  },
  {
    name: 'iOS 15.0 with an account-driven profile: below the supported 17',
    input: { osVersion: '15.0', enrollmentMethod: 'accountDrivenUserEnrollment' },
    ruleId: 'os-unsupported',
    confidence: 'medium',
  },
  {
    name: 'SMS on iOS 15.6 is outside the SMS-affected versions, but below the supported 17',
    input: { errorText: 'SMS code fails', osVersion: '15.6' },
    ruleId: 'os-unsupported',
    confidence: 'medium',
  },
  {
    name: 'the service discovery message (Apple Account wording)',
    input: {
      errorText:
        'Sign-in Failed – Your Apple Account does not support the expected services on this device.',
    },
    ruleId: 'service-discovery',
    confidence: 'high',
  },
  {
    name: 'the service discovery message (older Apple ID wording, on iOS 27)',
    input: {
      errorText:
        'Sign In Failed. Your Apple ID does not support the expected services on this device',
      osVersion: '27.0.1',
    },
    ruleId: 'service-discovery',
    confidence: 'high',
  },
  {
    name: 'the management profile says Not Verified',
    input: { errorText: 'Management Profile shows Not Verified in VPN & Device Management' },
    ruleId: 'management-profile-not-verified',
    confidence: 'high',
  },
  {
    name: 'the downloaded web enrollment profile expired',
    input: { errorText: 'the profile expired before I could install it' },
    ruleId: 'web-profile-expired',
    confidence: 'high',
  },
  {
    name: 'a work app that must be updated before it opens',
    input: { errorText: 'Outlook says the app needs to be updated', step: 'work-app' },
    ruleId: 'work-app-needs-update',
    confidence: 'high',
  },
  {
    name: 'a work app complaining about Authenticator after enrolling',
    input: { errorText: 'Outlook says something about Authenticator', step: 'work-app' },
    ruleId: 'authenticator-not-installed',
    confidence: 'high',
  },
  {
    name: 'an app saying Authenticator is required',
    input: { errorText: 'This app requires Microsoft Authenticator to sign in' },
    ruleId: 'authenticator-not-installed',
    confidence: 'high',
  },
  {
    name: 'iOS 14.8 with an account-driven profile (Graph enrollmentType)',
    input: { osVersion: '14.8', enrollmentMethod: 'appleAccountDrivenUserEnrollment' },
    ruleId: 'os-below-15-account-driven',
    confidence: 'high',
  },
  {
    name: 'iOS 14.2 personal device, method unknown (weaker)',
    input: { osVersion: 'iOS 14.2', ownership: 'personal', errorText: 'it just fails' },
    ruleId: 'os-below-15-account-driven',
    confidence: 'medium',
  },
  {
    name: 'iOS 12.5.7, whatever the message',
    input: { osVersion: '12.5.7', errorText: 'Profile installation failed' },
    ruleId: 'os-below-minimum',
    confidence: 'high',
  },
  {
    name: 'iPadOS 13.0 on an iPad',
    input: { osVersion: 'iPadOS 13.0', device: 'iPad Air' },
    ruleId: 'os-below-minimum',
    confidence: 'high',
  },
  {
    name: 'failureCategory deviceNotSupported without a version (weaker)',
    input: { failureCategory: 'deviceNotSupported' },
    ruleId: 'os-below-minimum',
    confidence: 'medium',
  },
  {
    name: 'profile assigned to a device group',
    input: { errorText: 'Our profile is assigned to a dynamic device group' },
    ruleId: 'device-group-assigned',
    confidence: 'high',
  },
  {
    name: '"User name not recognized"',
    input: { errorText: 'User name not recognized. Please try again.' },
    ruleId: 'no-licence',
    confidence: 'high',
  },
  {
    name: 'UserLicenseTypeInvalid as the error code',
    input: { errorCode: 'UserLicenseTypeInvalid' },
    ruleId: 'no-licence',
    confidence: 'high',
  },
  {
    name: 'British "no licence" wording',
    input: { errorText: 'The account has no Intune licence' },
    ruleId: 'no-licence',
    confidence: 'high',
  },
  {
    name: 'failureCategory userValidation (weaker)',
    input: { failureCategory: 'UserValidation' },
    ruleId: 'no-licence',
    confidence: 'medium',
  },
  {
    name: 'no enrollment profile for the user',
    input: { errorText: 'No enrollment profile was found for this user' },
    ruleId: 'no-profile-assigned',
    confidence: 'high',
  },
  {
    name: 'failureCategory authorization (weaker)',
    input: { failureCategory: 'authorization' },
    ruleId: 'no-profile-assigned',
    confidence: 'medium',
  },
  {
    name: '"This service is not supported"',
    input: { errorText: '“This service is not supported.”' },
    ruleId: 'push-certificate',
    confidence: 'high',
  },
  {
    name: 'NoEnrollmentPolicy as the error code',
    input: { errorCode: 'NoEnrollmentPolicy' },
    ruleId: 'push-certificate',
    confidence: 'high',
  },
  {
    name: 'APNSCertificateNotValid inside the failure text',
    input: { errorText: 'Enrollment failed: APNSCertificateNotValid (see details)' },
    ruleId: 'push-certificate',
    confidence: 'high',
  },
  {
    name: 'AccountNotOnboarded with other casing and underscores',
    input: { errorCode: 'account_not_onboarded' },
    ruleId: 'push-certificate',
    confidence: 'high',
  },
  {
    name: 'the device cannot find the server',
    input: { errorText: 'Can’t find the server for contoso.com', step: 'sign-in' },
    ruleId: 'service-discovery',
    confidence: 'high',
  },
  {
    name: 'the well-known file mentioned',
    input: { errorText: '/.well-known/com.apple.remotemanagement returned 404' },
    ruleId: 'service-discovery',
    confidence: 'high',
  },
  {
    name: 'fails right after entering the work address (weaker)',
    input: { errorText: 'It failed right after I entered my work email', step: 'sign-in' },
    ruleId: 'service-discovery',
    confidence: 'medium',
  },
  {
    name: 'Managed Apple ID mentioned',
    input: { errorText: 'Your Managed Apple ID could not be verified' },
    ruleId: 'managed-apple-id',
    confidence: 'high',
  },
  {
    name: 'any failure at the iCloud step (weaker)',
    input: { errorText: 'Verification failed', step: 'icloud' },
    ruleId: 'managed-apple-id',
    confidence: 'medium',
  },
  {
    name: 'DeviceCapReached as the code',
    input: { errorCode: 'DeviceCapReached' },
    ruleId: 'device-cap-reached',
    confidence: 'high',
  },
  {
    name: 'device limit in words',
    input: { errorText: 'You have reached the device limit' },
    ruleId: 'device-cap-reached',
    confidence: 'high',
  },
  {
    name: '"Profile installation failed"',
    input: { errorText: 'Profile Installation Failed', osVersion: '17.4' },
    ruleId: 'profile-installation-failed',
    confidence: 'high',
  },
  {
    name: '"Invalid Profile"',
    input: { errorText: 'Invalid Profile' },
    ruleId: 'invalid-profile',
    confidence: 'high',
  },
  {
    name: 'failureCategory enrollmentRestrictionsEnforced',
    input: { failureCategory: 'enrollmentRestrictionsEnforced' },
    ruleId: 'enrollment-restriction',
    confidence: 'high',
  },
  {
    name: 'SMS code on iOS 15.5',
    input: { errorText: 'The SMS code is never accepted', osVersion: '15.5' },
    ruleId: 'mfa-sms',
    confidence: 'high',
  },
  {
    name: 'text message on iOS 15.7',
    input: { errorText: 'text message verification fails', osVersion: '15.7' },
    ruleId: 'mfa-sms',
    confidence: 'high',
  },
  {
    name: 'verification code at the MFA step on iOS 16.3.1',
    input: { errorText: 'code does not arrive', step: 'mfa', osVersion: '16.3.1' },
    ruleId: 'mfa-sms',
    confidence: 'high',
  },
  {
    name: 'SMS without a version (weaker)',
    input: { errorText: 'SMS sign-in does not work' },
    ruleId: 'mfa-sms',
    confidence: 'medium',
  },
  {
    name: 'failureCategory userAbandonment',
    input: { failureCategory: 'userAbandonment' },
    ruleId: 'user-abandoned',
    confidence: 'high',
  },
  {
    name: 'failureCategory clientDisconnected',
    input: { failureCategory: 'clientDisconnected' },
    ruleId: 'user-abandoned',
    confidence: 'high',
  },
  {
    name: 'timed out in words (weaker)',
    input: { errorText: 'The request timed out' },
    ruleId: 'user-abandoned',
    confidence: 'medium',
  },
  {
    name: 'profile-based user enrollment on iOS 17 (weaker)',
    input: { enrollmentMethod: 'user', osVersion: '17.0' },
    ruleId: 'profile-based-ue-retired',
    confidence: 'medium',
  },
];

const NEAR_MISSES: Row[] = [
  {
    name: 'iOS 17.0 with an account-driven profile is supported',
    input: { osVersion: '17.0', enrollmentMethod: 'accountDrivenUserEnrollment' },
    ruleId: 'unknown',
  },
  {
    name: 'a sign-in failure that mentions Authenticator is not the Enrollment SSO message',
    input: { errorText: 'Sign-in failed, I already had Authenticator on the phone' },
    ruleId: 'unknown',
  },
  {
    name: 'iOS 14.8 with device enrollment is not an account-driven problem',
    input: { osVersion: '14.8', enrollmentMethod: 'device' },
    ruleId: 'unknown',
  },
  {
    name: 'iOS 13.0 on an iPhone is not below the minimum',
    input: { osVersion: '13.0', device: 'iPhone 8' },
    ruleId: 'unknown',
  },
  {
    name: 'SMS on iOS 17.2 is outside the affected versions',
    input: { errorText: 'SMS code fails', osVersion: '17.2' },
    ruleId: 'unknown',
  },
  {
    name: 'Authenticator mentioned at sign-in without the SSO wording',
    input: { errorText: 'Authenticator shows a number', step: 'sign-in' },
    ruleId: 'unknown',
  },
  {
    name: '"profile" alone is not "Invalid Profile"',
    input: { errorText: 'The profile is invalid for some reason' },
    ruleId: 'unknown',
  },
  {
    name: 'a code that is only a substring of a known code',
    input: { errorCode: 'DeviceCap' },
    ruleId: 'unknown',
  },
];

describe('diagnose', () => {
  it.each(MATCHES)('$name → $ruleId ($confidence)', ({ input, ruleId, confidence }) => {
    const d = diagnose(input);
    expect(d.ruleId).toBe(ruleId);
    expect(d.confidence).toBe(confidence);
    expect(d.steps.length).toBeGreaterThan(0);
    expect(d.sources.length).toBeGreaterThan(0);
    expect(d.matchedOn.length).toBeGreaterThan(0);
  });

  it.each(NEAR_MISSES)('near miss: $name → no match', ({ input }) => {
    const d = diagnose(input);
    expect(d.ruleId).toBe('unknown');
    expect(d.confidence).toBe('none');
  });

  it('covers every rule in the table with at least one row', () => {
    const covered = new Set(MATCHES.map((r) => r.ruleId));
    expect(DIAGNOSIS_RULES.map((r) => r.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  it('says honestly that nothing matches, and sends it to the helpdesk', () => {
    const d = diagnose({ errorText: 'Something odd happened 0x87d1fde8' });
    expect(d).toMatchObject({
      ruleId: 'unknown',
      fixedBy: 'helpdesk',
      employeeCanFix: false,
      confidence: 'none',
    });
    expect(d.cause).toMatch(/No known enrollment problem matches/);
  });

  it('names who fixes it and whether the employee can', () => {
    expect(diagnose({ errorCode: 'DeviceCapReached' })).toMatchObject({
      fixedBy: 'helpdesk',
      employeeCanFix: false,
    });
    expect(
      diagnose({ errorText: 'The Enrollment SSO application has been installed' }),
    ).toMatchObject({ fixedBy: 'employee', employeeCanFix: true });
    expect(diagnose({ errorText: 'This service is not supported' })).toMatchObject({
      fixedBy: 'admin',
      employeeCanFix: false,
    });
  });

  it('tells only people who quote the Enrollment SSO message to remove Authenticator, with a caution', () => {
    for (const rule of DIAGNOSIS_RULES) {
      const removes = rule.steps.some((st) =>
        /delete the Microsoft Authenticator|remove.*Authenticator/i.test(st),
      );
      expect({ rule: rule.id, removes }).toEqual({
        rule: rule.id,
        removes: rule.id === 'sso-app-installed',
      });
    }
    const d = diagnose({ errorText: 'The Enrollment SSO application has been installed' });
    expect(d.cause).toMatch(/unusual/);
    expect(d.steps[0]).toMatch(/another way to approve the work sign-in/);
  });

  it('sends the SMS problem on 15.5–16.3 to another method or an update to 17', () => {
    const d = diagnose({ errorText: 'SMS code fails', osVersion: '16.0' });
    expect(d.ruleId).toBe('mfa-sms');
    expect(d.steps.join(' ')).toMatch(/iOS 17 or later/);
    expect(d.steps.join(' ')).not.toMatch(/install Microsoft Authenticator/);
  });

  it('names its public sources by document and section, never a file', () => {
    const d = diagnose({ errorText: 'The Enrollment SSO application has been installed' });
    expect(d.sources.length).toBeGreaterThan(0);
    for (const rule of DIAGNOSIS_RULES) {
      for (const src of rule.sources) {
        expect(src.document).toMatch(/\((Microsoft Learn|Microsoft Graph)\)$/);
        expect(src.document).not.toMatch(/\.(md|txt)\b|shared\/|seeds/);
        expect(src.section.length).toBeGreaterThan(2);
      }
    }
  });

  it('prefers the OS minimum and lists the other match as also possible', () => {
    const d = diagnose({ osVersion: '12.5.7', errorText: 'Profile installation failed' });
    expect(d.ruleId).toBe('os-below-minimum');
    expect(d.alsoPossible).toContain('profile-installation-failed');
  });
});

describe('diagnose with the push certificate Graph reported', () => {
  const checkedAt = '2026-11-22T10:00:00.000Z';
  const expired = {
    status: 'expired' as const,
    expiresAt: '2026-11-01T00:00:00.000Z',
    checkedAt,
  };
  const valid = { status: 'valid' as const, expiresAt: '2027-06-10T00:00:00.000Z', checkedAt };

  it.each([
    [
      'an expired certificate, whatever the error says',
      { errorText: 'Something went wrong' },
      expired,
    ],
    [
      'an expired certificate, over an SSO error',
      { errorText: 'Enrollment SSO application' },
      expired,
    ],
    ['a missing certificate, with no error text', {}, { status: 'missing' as const, checkedAt }],
  ])('%s → push-certificate, high, said first', (_name, input, fact) => {
    const d = diagnose({ ...input, pushCertificate: fact });
    expect(d.ruleId).toBe('push-certificate');
    expect(d.confidence).toBe('high');
    expect(d.matchedOn[0]).toMatch(/Graph/);
    expect(d.steps[0]).toMatch(
      fact.status === 'expired' ? /expired on 2026-11-01/ : /no Apple MDM push certificate/,
    );
    expect(d.causeKey).toBe('cause:push-certificate');
  });

  it('keeps the other cause as also possible when the certificate expired', () => {
    const d = diagnose({ errorText: 'Enrollment SSO application', pushCertificate: expired });
    expect(d.alsoPossible).toContain('sso-app-installed');
  });

  it('tempers a push-certificate diagnosis from the text alone when Graph shows it valid', () => {
    const d = diagnose({ errorCode: 'APNSCertificateNotValid', pushCertificate: valid });
    expect(d.ruleId).toBe('push-certificate');
    expect(d.confidence).toBe('medium');
    expect(d.steps[0]).toMatch(/valid until 2027-06-10 .*try again/);
  });

  it('lets a stronger cause win when Graph shows the certificate valid', () => {
    const d = diagnose({
      errorText: 'Push certificate problem? Enrollment SSO application',
      pushCertificate: valid,
    });
    expect(d.ruleId).not.toBe('push-certificate');
    expect(d.alsoPossible).toContain('push-certificate');
  });

  it('changes nothing when the certificate is valid and the report is about something else', () => {
    const input = { errorText: 'DeviceCapReached', osVersion: '17.4' };
    expect(diagnose({ ...input, pushCertificate: valid })).toEqual(diagnose(input));
  });
});

describe('causeKey', () => {
  it('is the same for the same cause reached through different symptoms', () => {
    const byMessage = diagnose({ errorText: 'Invalid Profile' });
    const byCategory = diagnose({ failureCategory: 'enrollmentRestrictionsEnforced' });
    expect(byMessage.causeKey).toBe('cause:enrollment-restriction');
    expect(byCategory.causeKey).toBe(byMessage.causeKey);
    expect(diagnose({ errorCode: 'NoEnrollmentPolicy' }).causeKey).toBe(
      diagnose({ errorText: 'This service is not supported' }).causeKey,
    );
  });

  it('scopes the service discovery cause by sign-in domain', () => {
    const a = diagnose({ errorText: 'cannot find the server', userDomain: 'Contoso.com' });
    const b = diagnose({ errorText: 'cannot find the server', userDomain: 'fabrikam.com' });
    expect(a.causeKey).toBe('cause:service-discovery@contoso.com');
    expect(b.causeKey).not.toBe(a.causeKey);
    expect(causeKeyOf('no-licence', 'contoso.com')).toBe('cause:no-licence');
  });

  it('keeps unknown errors apart unless they are the same error', () => {
    const one = diagnose({ errorText: 'Weird failure 0x1' });
    const same = diagnose({ errorText: 'weird   FAILURE 0x1!' });
    const other = diagnose({ errorText: 'Weird failure 0x2' });
    expect(one.causeKey).toMatch(/^unknown:text:/);
    expect(same.causeKey).toBe(one.causeKey);
    expect(other.causeKey).not.toBe(one.causeKey);
    expect(diagnose({ errorCode: 'Mystery-Code' }).causeKey).toBe('unknown:code:mysterycode');
    expect(diagnose({}).causeKey).toBe('unknown:none');
  });
});

describe('normalisation helpers', () => {
  it('folds case, smart quotes, dashes and British spellings', () => {
    expect(normaliseErrorText('Can’t — “Enrolment” LICENCE, recognised!')).toBe(
      'cant enrollment license recognized',
    );
    expect(normaliseErrorText('iOS 16.3.1.')).toBe('ios 16.3.1');
  });

  it('reads OS versions from loose text', () => {
    expect(parseOsVersion('16.3.1 (20D67)')).toEqual({ major: 16, minor: 3, patch: 1 });
    expect(parseOsVersion('iPadOS 13.0')).toEqual({ major: 13, minor: 0, patch: 0 });
    expect(parseOsVersion('latest')).toBeUndefined();
  });
});
