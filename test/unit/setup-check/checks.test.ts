import { DomainCheckError } from '../../../src/discovery/errors';
import type { ProfileWithAssignments } from '../../../src/graph/profile-logic';
import type {
  ApplePushCertificate,
  IosApp,
  IosDeviceFeaturesProfile,
  MdmAuthorityInfo,
  TenantDomain,
} from '../../../src/graph/setup-service';
import {
  apnsCheck,
  authenticatorCheck,
  buildChecklist,
  deviceGroupsCheck,
  failed,
  isInitialDomain,
  jitCheck,
  legacyProfilesCheck,
  listNames,
  managedAppleIdsCheck,
  mdmAuthorityCheck,
  mergeChecklist,
  ok,
  pendingChecklist,
  planDomainChecks,
  profilesCheck,
  serviceDiscoveryCheck,
  SETUP_CHECKS,
  SetupCheckTimeoutError,
  type CheckStatus,
  type DomainVerification,
  type Outcome,
  type SetupCheckItem,
} from '../../../src/setup-check/checks';

import {
  appAssignment,
  authenticator,
  DAY,
  domainReport,
  forbidden,
  groupIndex,
  GROUPS,
  healthyProfiles,
  jitProfile,
  NOW,
  profile,
  setting,
  ssoProfile,
  to,
} from './builders';

const groups = groupIndex();

function expectItem(
  item: SetupCheckItem,
  status: CheckStatus,
  detail: RegExp | undefined,
  fix?: RegExp,
): void {
  expect({ id: item.id, status: item.status }).toEqual({ id: item.id, status });
  if (detail) expect(item.detail).toMatch(detail);
  if (fix) expect(item.fix).toMatch(fix);
  if (status === 'pass') expect(item.fix).toBe('');
  else expect(item.fix).not.toBe('');
}

describe('MDM authority', () => {
  const info = (
    authority: MdmAuthorityInfo['authority'],
    rawValue: string | null,
  ): Outcome<MdmAuthorityInfo> => ok({ organizationId: 'org', authority, rawValue });

  it.each<[string, Outcome<MdmAuthorityInfo>, CheckStatus, RegExp]>([
    ['Intune', info('intune', 'intune'), 'pass', /Microsoft Intune/],
    [
      'Office 365 (Basic Mobility and Security)',
      info('office365', 'office365'),
      'fail',
      /Basic Mobility/,
    ],
    ['Configuration Manager', info('sccm', 'sccm'), 'fail', /Configuration Manager/],
    ['not set', info('unknown', null), 'fail', /No MDM authority/],
    [
      'a value the bot does not know',
      info('unknownFutureValue', 'somethingNew'),
      'fail',
      /somethingNew/,
    ],
  ])('%s', (_name, outcome, status, detail) => {
    expectItem(
      mdmAuthorityCheck(outcome),
      status,
      detail,
      status === 'pass' ? undefined : /Tenant status/,
    );
  });

  it('is an error item naming the permission when Graph answers 403', () => {
    const item = mdmAuthorityCheck(failed(forbidden('setup.mdmAuthority')));
    expectItem(
      item,
      'error',
      /DeviceManagementServiceConfig\.Read\.All.*req-403-test/s,
      /permission/,
    );
  });
});

describe('Apple MDM push certificate', () => {
  const cert = (daysLeft: number | undefined, appleIdentifier?: string): ApplePushCertificate => ({
    ...(appleIdentifier ? { appleIdentifier } : {}),
    ...(daysLeft === undefined
      ? {}
      : { expirationDateTime: new Date(NOW.getTime() + daysLeft * DAY).toISOString() }),
    topicIdentifier: 'com.apple.mgmt.External.x',
  });
  const APPLE_ID = 'mdm@contoso.example';

  it.each<[string, ApplePushCertificate | undefined, CheckStatus, RegExp, RegExp | undefined]>([
    [
      'valid for 200 days',
      cert(200, APPLE_ID),
      'pass',
      /Valid until 2027-06-10 \(200 days\).*mdm@contoso\.example/,
      undefined,
    ],
    ['30 days left (not yet a warning)', cert(30.5, APPLE_ID), 'pass', /30 days/, undefined],
    [
      '29 days left',
      cert(29.5, APPLE_ID),
      'warn',
      /expires on 2026-12-21, in 29 days.*mdm@contoso\.example/,
      /SAME Apple Account \(“mdm@contoso\.example”\)/,
    ],
    ['expiring today', cert(0.2, APPLE_ID), 'warn', /today/, /SAME Apple Account/],
    [
      'expired 3 days ago',
      cert(-3, APPLE_ID),
      'fail',
      /expired on 2026-11-19 \(3 days ago\)/,
      /SAME Apple Account \(“mdm@contoso\.example”\)/,
    ],
    ['missing', undefined, 'fail', /no Apple MDM push certificate/, /company-owned Apple Account/],
    [
      'without an expiry date',
      cert(undefined, APPLE_ID),
      'warn',
      /did not give its expiry/,
      /Check its expiry/,
    ],
    ['without an Apple ID', cert(100), 'pass', /does not say which Apple Account/, undefined],
  ])('%s', (_name, value, status, detail, fix) => {
    expectItem(apnsCheck(ok(value), NOW), status, detail, fix);
  });

  it('is an error item when Graph refuses', () => {
    expectItem(
      apnsCheck(failed(forbidden('setup.applePushCertificate')), NOW),
      'error',
      /DeviceManagementConfiguration\.Read\.All/,
    );
  });
});

describe('Microsoft Authenticator', () => {
  const apps = (...list: IosApp[]): Outcome<IosApp[]> => ok(list);
  const profiles = ok(healthyProfiles());

  it.each<
    [
      string,
      Outcome<IosApp[]>,
      Outcome<ProfileWithAssignments[]> | undefined,
      CheckStatus,
      RegExp,
      RegExp | undefined,
    ]
  >([
    [
      'required for all users',
      apps(authenticator([appAssignment('required', { kind: 'allUsers' })])),
      profiles,
      'pass',
      /Required for all users/,
      undefined,
    ],
    [
      'required for all devices',
      apps(authenticator([appAssignment('required', { kind: 'allDevices' })])),
      profiles,
      'pass',
      /all devices/,
      undefined,
    ],
    [
      'required for every profile group (VPP app)',
      apps(
        authenticator(
          [
            appAssignment('required', { kind: 'group', groupId: GROUPS.pilot }),
            appAssignment('required', { kind: 'group', groupId: GROUPS.staff }),
          ],
          'vpp',
        ),
      ),
      profiles,
      'pass',
      /“iOS BYOD Pilot” and “All Staff - iOS”, covering every group/,
      undefined,
    ],
    [
      'required for some of the profile groups',
      apps(authenticator([appAssignment('required', { kind: 'group', groupId: GROUPS.pilot })])),
      profiles,
      'warn',
      /Required for “iOS BYOD Pilot”, but enrollment profiles also target “All Staff - iOS”/,
      /Add a Required assignment for “All Staff - iOS”/,
    ],
    [
      'required for a group while a profile targets all users',
      apps(authenticator([appAssignment('required', { kind: 'group', groupId: GROUPS.pilot })])),
      ok([profile('Everyone ADUE', 'accountDrivenUserEnrollment', [to.all()])]),
      'warn',
      /“Everyone ADUE” is assigned to all users/,
      /All users/,
    ],
    [
      'required for a group, profiles unreadable',
      apps(authenticator([appAssignment('required', { kind: 'group', groupId: GROUPS.pilot })])),
      failed(forbidden('profiles.list')),
      'pass',
      /could not be read/,
      undefined,
    ],
    [
      'available, not required',
      apps(authenticator([appAssignment('available', { kind: 'allUsers' })])),
      profiles,
      'fail',
      /not as Required: available for all users/,
      /as Required/,
    ],
    [
      'required only as an exclusion',
      apps(
        authenticator([
          appAssignment('required', { kind: 'exclusionGroup', groupId: GROUPS.finance }),
        ]),
      ),
      profiles,
      'fail',
      /not assigned to anyone/,
      /as Required/,
    ],
    [
      'not assigned',
      apps(authenticator([])),
      profiles,
      'fail',
      /not assigned to anyone/,
      /as Required/,
    ],
    [
      'not in Intune at all',
      apps({
        id: 'x',
        kind: 'store',
        displayName: 'Outlook',
        bundleId: 'com.microsoft.Office.Outlook',
        assignments: [],
      }),
      profiles,
      'fail',
      /not added to Intune/,
      /iOS store app/,
    ],
  ])('%s', (_name, appsOutcome, profilesOutcome, status, detail, fix) => {
    expectItem(authenticatorCheck(appsOutcome, profilesOutcome, groups), status, detail, fix);
  });

  it('matches the bundle id case-insensitively and names exclusions', () => {
    const app = {
      ...authenticator([
        appAssignment('required', { kind: 'allUsers' }),
        appAssignment('required', { kind: 'exclusionGroup', groupId: GROUPS.finance }),
      ]),
      bundleId: 'com.Microsoft.AzureAuthenticator',
    };
    expectItem(authenticatorCheck(ok([app]), profiles, groups), 'pass', /Excluded: “Finance”/);
  });

  it('is an error item with the apps permission when Graph refuses', () => {
    expectItem(
      authenticatorCheck(failed(forbidden('setup.iosApps')), profiles, groups),
      'error',
      /DeviceManagementApps\.Read\.All/,
    );
  });
});

describe('JIT registration', () => {
  const check = (...configs: IosDeviceFeaturesProfile[]): SetupCheckItem =>
    jitCheck(ok(configs), groups);

  it.each<[string, IosDeviceFeaturesProfile[], CheckStatus, RegExp, RegExp | undefined]>([
    [
      'set up and assigned',
      [jitProfile()],
      'pass',
      /sets device_registration = \{\{DEVICEREGISTRATION\}\}. It is assigned to “All Staff - iOS”/,
      undefined,
    ],
    [
      'with a trailing space',
      [jitProfile('{{DEVICEREGISTRATION}} ')],
      'fail',
      /1 trailing space.*spaces around \{\{DEVICEREGISTRATION\}\} break registration/,
      /no spaces before or after/,
    ],
    [
      'with leading and trailing spaces',
      [jitProfile('  {{DEVICEREGISTRATION}}\t')],
      'fail',
      /2 leading spaces, 1 trailing space/,
      undefined,
    ],
    ['in lower case', [jitProfile('{{deviceregistration}}')], 'fail', /upper case/, undefined],
    [
      'with another value',
      [jitProfile('yes')],
      'fail',
      /the value is “yes”, it must be exactly/,
      undefined,
    ],
    [
      'with a key that has a trailing space',
      [ssoProfile('Key typo', [setting('device_registration ', '{{DEVICEREGISTRATION}}')])],
      'fail',
      /the key is “device_registration ” \(1 trailing space\)/,
      undefined,
    ],
    [
      'as an integer',
      [ssoProfile('Integer', [setting('device_registration', 1, 'integer')])],
      'fail',
      /value type is integer, it must be String/,
      undefined,
    ],
    [
      'in a Redirect type extension',
      [
        ssoProfile('Redirect', [setting('device_registration', '{{DEVICEREGISTRATION}}')], {
          kind: 'redirect',
        }),
      ],
      'fail',
      /type is redirect, JIT registration needs the Microsoft Entra ID type/,
      undefined,
    ],
    [
      'correct but not assigned',
      [
        ssoProfile('Unassigned', [setting('device_registration', '{{DEVICEREGISTRATION}}')], {
          assignments: [],
        }),
      ],
      'fail',
      /set up correctly but not assigned/,
      /Assign it/,
    ],
    [
      'correct, assignments unknown',
      [
        ssoProfile(
          'Unknown assignments',
          [setting('device_registration', '{{DEVICEREGISTRATION}}')],
          { assignments: undefined },
        ),
      ],
      'warn',
      /browser_sso_interaction_enabled is not set to 1, which Microsoft recommends/,
      /Add browser_sso_interaction_enabled \(Integer\) = 1 to “Unknown assignments”/,
    ],
    [
      'correct, but Authenticator is in the SSO access list',
      [
        ssoProfile(
          'Listed apps',
          [
            setting('device_registration', '{{DEVICEREGISTRATION}}'),
            setting('browser_sso_interaction_enabled', 1, 'integer'),
          ],
          { bundleIds: ['com.contoso.expenses', 'com.microsoft.azureauthenticator'] },
        ),
      ],
      'warn',
      /lists Microsoft apps \(com\.microsoft\.azureauthenticator\); Microsoft asks not to add/,
      /Remove the com\.microsoft\.\* bundle ids/,
    ],
    [
      'correct, but Teams is in AppAllowList',
      [
        ssoProfile('Allow list', [
          setting('device_registration', '{{DEVICEREGISTRATION}}'),
          setting('browser_sso_interaction_enabled', 1, 'integer'),
          setting('AppAllowList', 'com.contoso.portal, com.microsoft.skype.teams'),
        ]),
      ],
      'warn',
      /lists Microsoft apps \(com\.microsoft\.skype\.teams\)/,
      /Remove the com\.microsoft/,
    ],
    [
      "correct, with only the organisation's own apps listed",
      [
        ssoProfile(
          'Own apps',
          [
            setting('device_registration', '{{DEVICEREGISTRATION}}'),
            setting('browser_sso_interaction_enabled', 1, 'integer'),
            setting('AppPrefixAllowList', 'com.contoso.'),
          ],
          { bundleIds: ['com.contoso.expenses'] },
        ),
      ],
      'pass',
      /“Own apps” sets device_registration/,
      undefined,
    ],
    [
      'correct next to a broken one',
      [
        jitProfile(),
        ssoProfile('Old SSO', [setting('device_registration', '{{DEVICEREGISTRATION}} ')]),
      ],
      'warn',
      /Another profile is broken: “Old SSO”: the value is/,
      /Fix or delete/,
    ],
    [
      'missing (no profile at all)',
      [],
      'fail',
      /No iOS\/iPadOS device features profile/,
      /device_registration \(String\) = \{\{DEVICEREGISTRATION\}\}/,
    ],
    [
      'missing (Entra SSO without device_registration)',
      [ssoProfile('Plain SSO', [setting('browser_sso_interaction_enabled', 1, 'integer')])],
      'fail',
      /“Plain SSO” has a Microsoft Entra ID SSO app extension, but without device_registration/,
      /Single sign-on app extension/,
    ],
  ])('%s', (_name, configs, status, detail, fix) => {
    expectItem(check(...configs), status, detail, fix);
  });

  it('is an error item with the configuration permission when Graph refuses', () => {
    expectItem(
      jitCheck(failed(forbidden('setup.deviceConfigurations')), groups),
      'error',
      /DeviceManagementConfiguration\.Read\.All/,
    );
  });
});

describe('enrollment type profiles', () => {
  it.each<[string, ProfileWithAssignments[], CheckStatus, RegExp, RegExp | undefined]>([
    [
      'an assigned account-driven profile',
      healthyProfiles(),
      'pass',
      /“BYOD account driven” \(position 1 in the priority order, account driven user enrollment\) is assigned to “iOS BYOD Pilot”/,
      undefined,
    ],
    [
      'user choice to all users',
      [profile('Choice', 'userChoice', [to.all()], 0)],
      'pass',
      /user choice\) is assigned to all users/,
      undefined,
    ],
    ['no profiles', [], 'fail', /no iOS\/iPadOS enrollment type profile/, /create profile/],
    [
      'profiles but none assigned',
      [
        profile('A', 'accountDrivenUserEnrollment', [], 0),
        profile('B', 'device', [to.exclude(GROUPS.finance)], 1),
      ],
      'fail',
      /None of the 2 profiles \(“A” and “B”\) are assigned/,
      /Assign a profile/,
    ],
    [
      'only device enrollment assigned',
      [
        profile('Corporate', 'device', [to.all()], 0),
        profile('ADUE draft', 'accountDrivenUserEnrollment', [], 1),
      ],
      'warn',
      /No assigned profile offers account-driven user enrollment. Assigned: “Corporate” \(device enrollment with company portal\). 1 other profile is not assigned/,
      /Account driven user enrollment/,
    ],
  ])('%s', (_name, list, status, detail, fix) => {
    expectItem(profilesCheck(ok(list), groups), status, detail, fix);
  });

  it('shows the 1-based position as the list does, not Graph’s priority number (gaps, repeats)', () => {
    const list = [
      profile('Corporate', 'device', [to.all()], 4),
      profile('BYOD account driven', 'accountDrivenUserEnrollment', [to.group(GROUPS.pilot)], 9),
      profile('Unused', 'device', [], 9),
    ];
    expectItem(
      profilesCheck(ok(list), groups),
      'pass',
      /“BYOD account driven” \(position 2 in the priority order,/,
      undefined,
    );
  });

  it.each<[string, ProfileWithAssignments[], CheckStatus, RegExp]>([
    ['no legacy profile', healthyProfiles(), 'pass', /No profile uses/],
    [
      'a legacy Company Portal profile',
      [...healthyProfiles(), profile('Legacy CP UE', 'user', [to.all()], 2)],
      'warn',
      /“Legacy CP UE” uses User enrollment with Company Portal.*September 2024/,
    ],
    [
      'two legacy profiles, one unassigned',
      [profile('Old 1', 'user', [to.all()], 0), profile('Old 2', 'user', [], 1)],
      'warn',
      /“Old 1” and “Old 2” \(not assigned\) use/,
    ],
  ])('legacy: %s', (_name, list, status, detail) => {
    expectItem(
      legacyProfilesCheck(ok(list)),
      status,
      detail,
      status === 'warn' ? /Account driven/ : undefined,
    );
  });

  it.each<[string, ProfileWithAssignments[], CheckStatus, RegExp, RegExp | undefined]>([
    [
      'user groups only',
      healthyProfiles(),
      'pass',
      /All 3 groups in profile assignments are user groups/,
      undefined,
    ],
    [
      'all users only',
      [profile('All', 'accountDrivenUserEnrollment', [to.all()])],
      'pass',
      /No profile is assigned to a group/,
      undefined,
    ],
    [
      'a dynamic device group',
      [profile('Devices', 'accountDrivenUserEnrollment', [to.group(GROUPS.iosDevices)])],
      'fail',
      /“All iOS Devices” \(its dynamic rule uses device attributes\) in “Devices”/,
      /Remove “All iOS Devices” from the profile assignments/,
    ],
    [
      'an assigned group with devices, excluded',
      [profile('Kiosk', 'userChoice', [to.all(), to.exclude(GROUPS.kiosks)])],
      'fail',
      /“Kiosk iPads” \(it has 2 device members\) in “Kiosk”/,
      /user groups/,
    ],
    [
      'a deleted group',
      [profile('Stale', 'accountDrivenUserEnrollment', [to.group(GROUPS.deleted)])],
      'warn',
      /group bbbbbbbb… in “Stale” no longer exists/,
      /deleted groups/,
    ],
  ])('device groups: %s', (_name, list, status, detail, fix) => {
    expectItem(deviceGroupsCheck(ok(list), ok(groups)), status, detail, fix);
  });

  it('turns a Graph error into error items, for profiles and for groups separately', () => {
    const error = failed<ProfileWithAssignments[]>(forbidden('profiles.list'));
    for (const item of [
      profilesCheck(error, groups),
      legacyProfilesCheck(error),
      deviceGroupsCheck(error, ok(groups)),
    ]) {
      expectItem(item, 'error', /DeviceManagementServiceConfig\.Read\.All/);
    }
    expectItem(
      deviceGroupsCheck(ok(healthyProfiles()), failed(forbidden('groups.get'))),
      'error',
      /GroupMember\.Read\.All/,
    );
  });
});

describe('service discovery', () => {
  const domains = (...list: [string, boolean][]): Outcome<TenantDomain[]> =>
    ok(list.map(([id, isVerified]) => ({ id, isVerified })));

  it('plans verified custom domains only, skipping the initial domains', () => {
    expect(
      planDomainChecks(
        [
          { id: 'Contoso.com', isVerified: true },
          { id: 'contoso.onmicrosoft.com', isVerified: true },
          { id: 'contoso.mail.onmicrosoft.com', isVerified: true },
          { id: 'fabrikam.com', isVerified: false },
          { id: 'b.example', isVerified: true },
          { id: 'a.example', isVerified: true },
        ],
        2,
      ),
    ).toEqual({
      toVerify: ['a.example', 'b.example'],
      skipped: ['contoso.mail.onmicrosoft.com', 'contoso.onmicrosoft.com'],
      notChecked: ['contoso.com'],
    });
    expect(
      ['x.onmicrosoft.us', 'x.partner.onmschina.cn', 'x.onmicrosoft.com.'].every(isInitialDomain),
    ).toBe(true);
    expect(isInitialDomain('onmicrosoft.com.contoso.com')).toBe(false);
  });

  it.each<
    [string, Outcome<TenantDomain[]>, DomainVerification[], CheckStatus, RegExp, RegExp | undefined]
  >([
    [
      'published on the custom domain',
      domains(['contoso.example', true], ['contoso.onmicrosoft.com', true]),
      [{ domain: 'contoso.example', report: domainReport('contoso.example', 'pass') }],
      'pass',
      /contoso\.example: published correctly. Skipped contoso\.onmicrosoft\.com: nobody can host files/,
      undefined,
    ],
    [
      'onmicrosoft.com only',
      domains(['contoso.onmicrosoft.com', true], ['contoso.example', false]),
      [],
      'fail',
      /no verified custom domain. Skipped contoso\.onmicrosoft\.com/,
      /Add and verify your own domain/,
    ],
    [
      'one passes, one fails',
      domains(['a.example', true], ['b.example', true]),
      [
        { domain: 'a.example', report: domainReport('a.example', 'pass') },
        { domain: 'b.example', report: domainReport('b.example', 'fail') },
      ],
      'fail',
      /a\.example: published correctly. b\.example: The file was not found \(404\)/,
      /Publish the file at https:\/\/b\.example.*verify domain b\.example/,
    ],
    [
      'works with a warning',
      domains(['a.example', true]),
      [{ domain: 'a.example', report: domainReport('a.example', 'warn') }],
      'warn',
      /a\.example: works, but Content type is not application\/json/,
      /Content-Type: application\/json.*verify domain a\.example/,
    ],
    [
      'a domain that points at a private address',
      domains(['intranet.example', true]),
      [
        {
          domain: 'intranet.example',
          error: new DomainCheckError(
            'refused_target',
            'intranet.example points at a non-public address',
          ),
        },
      ],
      'fail',
      /intranet\.example: intranet\.example points at a non-public address/,
      /verify domain intranet\.example/,
    ],
    [
      'a check that timed out',
      domains(['slow.example', true]),
      [{ domain: 'slow.example', error: new SetupCheckTimeoutError(6) }],
      'error',
      /slow\.example: the check did not finish within 6 s/,
      /verify domain slow\.example/,
    ],
  ])('%s', (_name, outcome, results, status, detail, fix) => {
    expectItem(serviceDiscoveryCheck(outcome, results), status, detail, fix);
  });

  it('says which domains were left out over the limit', () => {
    const item = serviceDiscoveryCheck(
      domains(['a.example', true], ['b.example', true], ['c.example', true]),
      [{ domain: 'a.example', report: domainReport('a.example', 'pass') }],
      1,
    );
    expectItem(item, 'pass', /Not checked \(limit 1\): b\.example and c\.example/);
  });

  it('is an error item when the domains cannot be listed', () => {
    expectItem(
      serviceDiscoveryCheck(failed(forbidden('setup.domains')), []),
      'error',
      /Domain\.Read\.All/,
    );
  });
});

describe('the checklist', () => {
  it('asks the admin to check Apple Business Manager', () => {
    const item = managedAppleIdsCheck();
    expect(item.status).toBe('manual');
    expect(item.fix).toMatch(/Apple Business.*federated authentication/);
  });

  it('lists every check once, in order, and keeps going when one Graph read fails', () => {
    const items = buildChecklist({
      now: NOW,
      mdm: ok({ organizationId: 'o', authority: 'intune', rawValue: 'intune' }),
      apns: ok({
        appleIdentifier: 'a@b.example',
        expirationDateTime: new Date(NOW.getTime() + 100 * DAY).toISOString(),
      }),
      apps: failed(forbidden('setup.iosApps')),
      configurations: ok([jitProfile()]),
      profiles: ok(healthyProfiles()),
      profileGroups: ok(groups),
      restrictions: failed(forbidden('setup.enrollmentRestrictions')),
      domains: ok([{ id: 'contoso.example', isVerified: true }]),
      domainResults: [
        { domain: 'contoso.example', report: domainReport('contoso.example', 'pass') },
      ],
    });
    expect(items.map((i) => i.id)).toEqual(SETUP_CHECKS.map((c) => c.id));
    expect(Object.fromEntries(items.map((i) => [i.id, i.status]))).toEqual({
      'mdm-authority': 'pass',
      apns: 'pass',
      authenticator: 'error',
      jit: 'pass',
      profiles: 'pass',
      'legacy-profiles': 'pass',
      'device-groups': 'pass',
      'os-floor': 'error',
      'service-discovery': 'pass',
      'managed-apple-ids': 'manual',
    });
    expect(items.find((i) => i.id === 'authenticator')?.detail).toMatch(
      /I could not check this.*DeviceManagementApps\.Read\.All.*request-id req-403-test/,
    );
  });

  it('shows pending placeholders until items finish', () => {
    expect(pendingChecklist().every((i) => i.status === 'pending')).toBe(true);
    const done = new Map([['apns' as const, apnsCheck(ok(undefined), NOW)]]);
    const merged = mergeChecklist(done);
    expect(merged.map((i) => i.status)).toEqual([
      'pending',
      'fail',
      ...Array.from({ length: SETUP_CHECKS.length - 2 }, () => 'pending'),
    ]);
  });

  it('words lists of names', () => {
    expect(listNames([])).toBe('');
    expect(listNames(['A'])).toBe('A');
    expect(listNames(['A', 'B'])).toBe('A and B');
    expect(listNames(['A', 'B', 'C'])).toBe('A, B and C');
    expect(listNames(['A', 'B', 'C', 'D'], 2)).toBe('A, B and 2 more');
  });
});
