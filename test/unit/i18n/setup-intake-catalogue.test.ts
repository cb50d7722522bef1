/**
 * The catalogue of the setup check (`setupCheck`) and of the failure intake (`intake`: the
 * webhook's answers and its schema's messages), both English only: admins and the sending system
 * read them. Also the few employee strings of this slice: the "Not helpful" reason labels
 * (`answer.reasonLabels`) and the device choices of the guide's form (`guide.ask.iphone|ipad`),
 * present in every language. Every key the code and card use exists in English, every English key
 * of the two areas is used, the files hold no sentence of their own, and the English the code
 * produces is what it was before the move.
 */
import fs from 'node:fs';
import path from 'node:path';

import { FEEDBACK_REASON_LABELS } from '../../../src/flows/knowledge-feedback';
import { parseEmployeeReport, parseWebhookReport } from '../../../src/helpdesk/report/schemas';
import { verifyWebhookRequest } from '../../../src/helpdesk/webhook';
import {
  EMPLOYEE_AREAS,
  hasOwnString,
  readCatalogue,
  translator,
} from '../../../src/i18n/catalogue';
import { LANGUAGES, type Language } from '../../../src/i18n/languages';
import {
  apnsCheck,
  authenticatorCheck,
  deviceGroupsCheck,
  failed,
  jitCheck,
  listNames,
  ok,
  pendingChecklist,
  profilesCheck,
  serviceDiscoveryCheck,
  SETUP_CHECKS,
  SetupCheckTimeoutError,
} from '../../../src/setup-check/checks';
import { setupCheckCardData, summaryLine } from '../../../src/setup-check/setup-check-card';
import { hasKeyOrPlural, keysNamedIn, leaves } from '../../helpers/catalogue-keys';
import { cardLiterals, sourceFiles, userLiterals } from '../../helpers/user-literals';
import {
  appAssignment,
  authenticator,
  DAY,
  domainReport,
  groupIndex,
  GROUPS,
  healthyProfiles,
  jitProfile,
  NOW,
  profile,
  to,
} from '../setup-check/builders';

const root = path.resolve(__dirname, '../../..');
const trees = readCatalogue();
const OTHERS = LANGUAGES.filter((l): l is Exclude<Language, 'en'> => l !== 'en');

/** The English-only areas of this slice. */
const AREAS = ['setupCheck', 'intake'] as const;

/** The files whose strings moved. */
const SOURCES = [
  ...sourceFiles(root, ['src/setup-check']).map((f) => path.relative(root, f)),
  'src/helpdesk/webhook.ts',
  'src/helpdesk/report/schemas.ts',
  'src/flows/guide.ts',
  'src/flows/knowledge-feedback.ts',
];
const CARDS = ['cards/guide-ask.json'];

/** Employee strings this slice added to employee areas: complete in every language. */
const EMPLOYEE_KEYS = [
  'answer.reasonLabels.unanswered',
  'answer.reasonLabels.wrong',
  'answer.reasonLabels.unclear',
  'answer.reasonLabels.stepsFailed',
  'answer.reasonLabels.other',
  'guide.ask.iphone',
  'guide.ask.ipad',
];

const english = new Map(leaves(trees.en));
const ours = new Map(
  [...english].filter(([k]) => (AREAS as readonly string[]).includes(k.split('.')[0]!)),
);
const PLURAL = /_(zero|one|two|few|many|other)$/;

/** The key itself or its plural forms, in English. */
function has(key: string): boolean {
  return hasKeyOrPlural(english, key);
}

/** Every catalogue key this slice's code and card name. */
function usedKeys(): Set<string> {
  return keysNamedIn(
    { code: SOURCES.map((f) => path.join(root, f)), cards: CARDS.map((f) => path.join(root, f)) },
    /\bt\(\s*'([a-zA-Z0-9_.-]+)'/g,
  );
}

describe('the setup check and intake catalogue', () => {
  const used = usedKeys();

  it('has, in English, every key the code and the card use', () => {
    expect([...used].filter((k) => k.startsWith('setupCheck.')).length).toBeGreaterThan(150);
    expect([...used].filter((k) => k.startsWith('intake.')).length).toBeGreaterThan(30);
    const missing = [...used].filter((k) => !has(k)).sort();
    expect(missing).toEqual([]);
  });

  it('uses every English key of its areas (no string left behind)', () => {
    const unused = [...ours.keys()].filter((k) => !used.has(k.replace(PLURAL, ''))).sort();
    expect(unused).toEqual([]);
  });

  it('keeps its areas English only, and has the employee strings in every language', () => {
    for (const area of AREAS) {
      expect(EMPLOYEE_AREAS).not.toContain(area);
      for (const lang of OTHERS) expect(trees[lang][area]).toBeUndefined();
    }
    for (const key of EMPLOYEE_KEYS) {
      expect(used).toContain(key);
      expect(EMPLOYEE_AREAS).toContain(key.split('.')[0]);
      for (const lang of OTHERS)
        expect({ key, lang, own: hasOwnString(lang, key) }).toEqual({ key, lang, own: true });
    }
    const t = translator('de');
    expect(t('setupCheck.card.rerun')).toBe('Run again');
    expect(t('answer.reasonLabels.unclear')).toBe('schwer verständlich');
  });

  it('leaves no sentence in the code or the card', () => {
    const code = SOURCES.flatMap((f) => userLiterals(path.join(root, f)).map((s) => `${f}: ${s}`));
    expect(code).toEqual([]);
    const cards = CARDS.flatMap((f) =>
      cardLiterals(JSON.parse(fs.readFileSync(path.join(root, f), 'utf8'))).map(
        (s) => `${f}: ${s}`,
      ),
    );
    expect(cards).toEqual([]);
  });

  it('keeps a value that looks like a placeholder as it is', () => {
    // The JIT value is literally {{DEVICEREGISTRATION}}: i18next must not read it as a placeholder.
    const item = jitCheck(ok([jitProfile(' {{DEVICEREGISTRATION}}  ')]), groupIndex());
    expect(item.detail).toBe(
      '“Enterprise SSO (JIT)”: the value is “ {{DEVICEREGISTRATION}}  ” (1 leading space, 2 trailing spaces): spaces around {{DEVICEREGISTRATION}} break registration.',
    );
    expect(item.fix).toBe(
      'Fix the setting: device_registration (String) = {{DEVICEREGISTRATION}}, with no spaces before or after, in an SSO app extension of type Microsoft Entra ID.',
    );
  });
});

describe('the English the setup check produces is unchanged', () => {
  const groups = groupIndex();

  it('titles, lists and the pending card', () => {
    expect(SETUP_CHECKS.map((c) => c.title)).toEqual([
      'MDM authority is Microsoft Intune',
      'Apple MDM push certificate',
      'Microsoft Authenticator assigned as Required',
      'Just-in-time (JIT) registration',
      'Enrollment type profile assigned',
      'No retired Company Portal user enrollment profiles',
      'Profiles assigned to user groups only',
      'Devices below iOS/iPadOS 17 kept out',
      'Service discovery file on your sign-in domains',
      'Managed Apple Accounts or federated authentication',
    ]);
    expect(listNames(['a', 'b', 'c', 'd'], 2)).toBe('a, b and 2 more');
    expect(listNames(['a', 'b', 'c'])).toBe('a, b and c');
    const pending = setupCheckCardData({
      items: pendingChecklist(),
      sandbox: false,
      sandboxNotice: '',
    });
    expect(pending.summary).toBe('⏳ Checking… 0 of 10 done.');
    expect(pending.rows[0]?.detail).toBe('Checking…');
    expect(pending.fallbackText).toBe('Setup check: ⏳ Checking… 0 of 10 done.');
  });

  it('the push certificate', () => {
    const cert = (days: number, appleIdentifier?: string) =>
      ok({
        id: 'c',
        appleIdentifier,
        expirationDateTime: new Date(NOW.getTime() + days * DAY).toISOString(),
      });
    const expired = apnsCheck(cert(-1.5, 'admin@contoso.com'), NOW);
    expect(expired.detail).toBe(
      'It expired on 2026-11-20 (1 day ago): devices can no longer enroll or be managed. It was created with the Apple Account “admin@contoso.com”.',
    );
    expect(expired.fix).toBe(
      'Renew it under Tenant administration › Connectors and tokens › Apple MDM Push certificate in the Intune admin center with the SAME Apple Account (“admin@contoso.com”): a certificate from another Apple Account forces every enrolled device to enroll again.',
    );
    expect(apnsCheck(cert(5), NOW).detail).toBe(
      'It expires on 2026-11-27, in 5 days. Graph does not say which Apple Account created it; look it up in the admin center.',
    );
  });

  it('Authenticator, profiles and groups', () => {
    const pilotOnly = authenticator([
      appAssignment('required', { kind: 'group', groupId: GROUPS.pilot }),
      appAssignment('required', { kind: 'exclusionGroup', groupId: GROUPS.finance }),
    ]);
    expect(authenticatorCheck(ok([pilotOnly]), ok(healthyProfiles()), groups).detail).toBe(
      'Required for “iOS BYOD Pilot”, but enrollment profiles also target “All Staff - iOS”: users only in that group enroll without it (nested groups are not evaluated). Excluded: “Finance”.',
    );
    const unassigned = [
      profile('A', 'device', [], 0),
      profile('B', 'user', [to.exclude(GROUPS.finance)], 1),
    ];
    expect(profilesCheck(ok(unassigned), groups).detail).toBe(
      'None of the 2 profiles (“A” and “B”) are assigned, so nobody gets them.',
    );
    expect(profilesCheck(ok([profile('A', 'device', [], 0)]), groups).detail).toBe(
      'The only profile (“A”) is not assigned to anyone, so nobody gets it.',
    );
    const mixed = [
      profile('Legacy', 'user', [to.group(GROUPS.iosDevices)], 0),
      profile('ADUE', 'userChoice', [to.group(GROUPS.pilot), to.group(GROUPS.kiosks)], 1),
    ];
    expect(deviceGroupsCheck(ok(mixed), ok(groups)).detail).toBe(
      'Device groups are not supported: user enrollment needs a user identity. “All iOS Devices” (its dynamic rule uses device attributes) in “Legacy” and “Kiosk iPads” (it has 2 device members) in “ADUE”.',
    );
  });

  it('service discovery, and the finished card', () => {
    const domains = ok(['a.com', 'b.com', 'c.com'].map((id) => ({ id, isVerified: true })));
    const item = serviceDiscoveryCheck(
      domains,
      [
        { domain: 'a.com', report: domainReport('a.com', 'warn') },
        { domain: 'b.com', report: domainReport('b.com', 'fail') },
      ],
      2,
    );
    expect(item.detail).toBe(
      'a.com: works, but Content type is not application/json. b.com: The file was not found (404). Not checked (limit 2): c.com; send “verify domain” with the domain name for those.',
    );
    expect(item.fix).toBe(
      'Publish the file at https://b.com/.well-known/com.apple.remotemanagement Send “verify domain b.com” for every finding, or “service discovery file” for the file to publish.',
    );
    const timedOut = serviceDiscoveryCheck(failed(new SetupCheckTimeoutError(2.5)), []);
    expect(timedOut.detail).toBe(
      'I could not check this. Microsoft Graph did not answer within 2.5 s (it may be throttling).',
    );
    const card = setupCheckCardData({
      items: [item, timedOut],
      sandbox: false,
      sandboxNotice: '',
      elapsedMs: 1234,
      checkedAt: NOW,
    });
    expect(card.summary).toBe('0 passed · 0 warnings · 1 failed · 1 could not be checked');
    expect(summaryLine([{ ...item, status: 'warn' }])).toBe('0 passed · 1 warning · 0 failed');
    expect(card.footer).toBe(
      'Checked in 1.2 s at 2026-11-22 10:00 UTC. More detail: “verify domain” followed by a domain name, or “profiles” for enrollment profiles.',
    );
    expect(card.fallbackText).toBe(
      'Setup check: 0 passed · 0 warnings · 1 failed · 1 could not be checked. FAIL: Service discovery file on your sign-in domains; ERROR: Service discovery file on your sign-in domains',
    );
    expect([card.title, card.rerunTitle, card.rows[0]?.fixLabel]).toEqual([
      'Account-driven User Enrollment: setup check',
      'Run again',
      'Fix:',
    ]);
  });
});

describe('the English the intake produces is unchanged', () => {
  it('the webhook schema and answers', async () => {
    const bad = parseWebhookReport({ user: 'nope', device: '', osVersion: 'abc', time: 'x' });
    expect(bad).toEqual({
      ok: false,
      fieldErrors: {
        user: 'user must be a UPN (name@domain) or an Entra object id (GUID).',
        device: 'device must not be empty.',
        osVersion:
          'osVersion should look like "17.4.1" (Settings › General › About › iOS Version).',
        enrollmentType: 'enrollmentType is required (Graph deviceEnrollmentType).',
        time: 'time is required: an ISO 8601 date-time such as 2025-03-01T09:30:00Z.',
      },
    });
    expect(
      parseWebhookReport({
        user: 'megan@contoso.com',
        device: 'iPhone 13',
        osVersion: '16.2',
        enrollmentType: 'appleAccountDrivenUserEnrollment',
        time: '2025-03-01T09:30:00Z',
      }),
    ).toEqual({ ok: false, fieldErrors: { errorText: 'Send errorText or errorCode (or both).' } });
    expect(parseWebhookReport([])).toEqual({
      ok: false,
      fieldErrors: { _: 'The body must be a JSON object.' },
    });
    const storage = { writeNew: jest.fn(), delete: jest.fn() };
    const answer = await verifyWebhookRequest({
      rawBody: Buffer.alloc(20),
      headers: {},
      secret: 's',
      replayStore: storage as never,
      maxBytes: 10,
    });
    expect(answer.ok ? undefined : answer.response.body).toEqual({
      error: { code: 'payload_too_large', message: 'The body is larger than 10 bytes.' },
    });
    const unsigned = await verifyWebhookRequest({
      rawBody: Buffer.from('{}'),
      headers: {},
      secret: 's',
      replayStore: storage as never,
    });
    expect(unsigned.ok ? undefined : unsigned.response.body).toEqual({
      error: { code: 'unauthorized', message: 'X-Signature and X-Timestamp headers are required.' },
    });
  });

  it('the report form’s messages are the report area’s (which the form shows translated)', () => {
    const t = translator('en');
    const parsed = parseEmployeeReport({ step: 42, question: 7, deviceModel: 'x'.repeat(61) });
    expect(parsed).toEqual({
      ok: false,
      fieldErrors: {
        step: t('report.validation.step'),
        question: t('report.validation.questionNotText'),
        deviceModel: t('report.validation.deviceTooLong'),
      },
    });
    expect(parseEmployeeReport({ step: 'other' })).toEqual({
      ok: false,
      fieldErrors: { errorText: 'Type the message you saw on screen (or "no message").' },
    });
    expect(t('report.validation.deviceTooLong')).toBe(
      'The device model is too long: keep it under 60 characters.',
    );
  });

  it('the reasons of "Not helpful", for the feedback report', () => {
    expect(FEEDBACK_REASON_LABELS).toEqual({
      unanswered: "didn't answer the question",
      wrong: 'out of date or wrong',
      unclear: 'hard to follow',
      'steps-failed': "steps didn't work",
      other: 'something else',
    });
  });
});
