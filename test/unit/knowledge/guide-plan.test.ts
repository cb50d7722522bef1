import {
  guideSetup,
  osVerdict,
  planGuide,
  updateAdvice,
  versionVerdictLine,
  type GuideInput,
} from '../../../src/knowledge/guide-plan';
import { article } from '../../factories/articles';

const ARTICLES = [
  article({
    id: 'account-driven',
    category: 'how-to',
    guide: 'accountDrivenUserEnrollment',
    appliesTo: { methods: ['accountDrivenUserEnrollment'], minOs: '17.0' },
    steps: ['Open **Settings**.', 'Tap **General**.', 'Tap **VPN & Device Management**.'],
  }),
  article({
    id: 'device-enrollment',
    category: 'how-to',
    guide: 'device',
    appliesTo: { methods: ['device'] },
    steps: ['Open the Company Portal app.', 'Sign in.'],
  }),
  article({
    id: 'user-choice',
    category: 'how-to',
    guide: 'userChoice',
    appliesTo: { methods: ['accountDrivenUserEnrollment', 'device'] },
    steps: [
      'Open the **Company Portal** app and sign in.',
      'Tap **Begin**.',
      'Tap **I own this device**.',
      'Tap **Secure work-related apps and data only**.',
    ],
  }),
  article({ id: 'requirements', category: 'requirements' }),
];

const v = (major: number, minor = 0) => ({ major, minor, patch: 0 });
const input = (over: Partial<GuideInput>): GuideInput => ({
  method: 'accountDrivenUserEnrollment',
  device: 'iPhone',
  os: v(17, 4),
  ownership: 'personal',
  ...over,
});

describe('planGuide', () => {
  it('shows account-driven steps for a personal iPhone on iOS 17.4', () => {
    const plan = planGuide(input({}), ARTICLES);
    expect(plan.kind).toBe('steps');
    if (plan.kind !== 'steps') return;
    expect(plan.article.id).toBe('account-driven');
    expect(plan.heading).toBe('Enroll your iPhone (iOS 17.4)');
  });

  it('names iPadOS for an iPad', () => {
    const plan = planGuide(input({ device: 'iPad', os: v(18, 1) }), ARTICLES);
    expect(plan.kind === 'steps' && plan.heading).toBe('Enroll your iPad (iPadOS 18.1)');
  });

  it('asks an iPhone on iOS 15.8 to update: 17 is the minimum Intune supports', () => {
    const plan = planGuide(input({ os: v(15, 8) }), ARTICLES);
    expect(plan.kind).toBe('update-os');
    if (plan.kind !== 'update-os') return;
    expect(plan.verdict).toBe('unsupported');
    expect(plan.message).toMatch(/iOS 15\.8/);
    expect(plan.message).toMatch(/Intune supports iOS 17 and later/);
    expect(plan.message).toMatch(/Software Update/);
    // Not the iOS 14 answer: nothing about falling back to the Company Portal.
    expect(plan.message).not.toMatch(/Company Portal/);
  });

  it('explains the closed Company Portal fallback on iOS 14.9', () => {
    const plan = planGuide(input({ os: v(14, 9) }), ARTICLES);
    expect(plan.kind).toBe('update-os');
    if (plan.kind !== 'update-os') return;
    expect(plan.verdict).toBe('no-byod');
    expect(plan.message).toMatch(/iOS 14\.9/);
    expect(plan.message).toMatch(/Company Portal user enrollment/);
    expect(plan.message).toMatch(/no longer takes new devices/);
    expect(plan.requirements?.id).toBe('requirements');
  });

  it('treats 17.0 as supported and 16.7 as not, for every setup', () => {
    for (const method of ['accountDrivenUserEnrollment', 'device', 'userChoice'] as const) {
      expect(planGuide(input({ method, os: v(17, 0) }), ARTICLES).kind).toBe('steps');
      expect(planGuide(input({ method, os: v(16, 7) }), ARTICLES).kind).toBe('update-os');
    }
  });

  it('tells iPadOS 13.0 it is too old, and 13.1 that it cannot enroll as BYOD', () => {
    expect(osVerdict('iPad', v(13, 0))).toBe('too-old');
    expect(osVerdict('iPad', v(13, 1))).toBe('no-byod');
    expect(osVerdict('iPhone', v(13, 0))).toBe('no-byod');
    expect(osVerdict('iPhone', v(12))).toBe('too-old');
    expect(osVerdict('iPhone', v(26))).toBe('supported');
  });

  it('shows device enrollment for a company-owned device', () => {
    const plan = planGuide(input({ ownership: 'company' }), ARTICLES);
    expect(plan.kind === 'steps' && plan.article.id).toBe('device-enrollment');
    expect(plan.kind === 'steps' && plan.note).toMatch(/organisation owns/);
  });

  it('with user choice, shows the Company Portal choice steps and hints only on the ownership step', () => {
    const plan = planGuide(input({ method: 'userChoice' }), ARTICLES);
    expect(plan.kind).toBe('steps');
    if (plan.kind !== 'steps') return;
    expect(plan.article.id).toBe('user-choice');
    expect(plan.note).toBe('');
    expect(plan.stepNote).toEqual({ step: 2, text: expect.stringMatching(/I own this device/) });
  });

  it('gives no step hint where the steps never ask who owns the device', () => {
    const plan = planGuide(input({}), ARTICLES);
    expect(plan.kind === 'steps' && plan.stepNote).toBeUndefined();
  });

  it('maps setups and owners to the guide that fits', () => {
    expect(guideSetup('userChoice', 'personal')).toBe('userChoice');
    expect(guideSetup('userChoice', 'company')).toBe('device');
    expect(guideSetup('webDeviceEnrollment', 'company')).toBe('webDeviceEnrollment');
    expect(guideSetup('accountDrivenUserEnrollment', 'company')).toBe('device');
  });
});

/** The articles as a translation has them: same ids and number of steps, other words. */
const GERMAN = ARTICLES.map((a) => ({
  ...a,
  title: `DE ${a.title}`,
  steps: a.steps.map((_, i) => `Schritt ${i + 1} auf Deutsch`),
}));

describe("the guide in the reader's language", () => {
  it('finds the ownership step in the English article and hints on that step of the translation', () => {
    const plan = planGuide(input({ method: 'userChoice' }), GERMAN, 'de', ARTICLES);
    expect(plan.kind).toBe('steps');
    if (plan.kind !== 'steps') return;
    expect(plan.article.title).toMatch(/^DE /);
    expect(plan.stepNote).toEqual({
      step: 2,
      text: 'Das ist Ihr eigenes Gerät: Wählen Sie **Ich besitze dieses Gerät** (**I own this device**).',
    });
    expect(plan.heading).toBe('Ihr iPhone registrieren (iOS 17.4)');
  });

  it('shows the English steps where the translation lacks the article', () => {
    const partial = GERMAN.filter((a) => a.id !== 'user-choice');
    const plan = planGuide(input({ method: 'userChoice' }), partial, 'de', ARTICLES);
    expect(plan.kind === 'steps' && plan.article.title).not.toMatch(/^DE /);
    expect(plan.kind === 'steps' && plan.stepNote?.step).toBe(2);
  });

  it('gives no hint without the English articles to read the step from', () => {
    const plan = planGuide(input({ method: 'userChoice' }), GERMAN, 'de');
    expect(plan.kind === 'steps' && plan.stepNote).toBeUndefined();
  });

  it('says in Japanese that a company device has its own steps', () => {
    const plan = planGuide(input({ ownership: 'company' }), ARTICLES, 'ja');
    expect(plan.kind === 'steps' && plan.note).toBe('組織が所有するデバイス向けの手順です。');
    expect(plan.kind === 'steps' && plan.heading).toBe('iPhoneを登録する（iOS 17.4）');
  });

  it.each([
    [
      'de',
      /^\*\*Aktualisieren Sie zuerst Ihr iPhone\.\*\* Auf Ihrem iPhone läuft iOS 15\.8\. Intune unterstützt iOS 17 und neuer/,
    ],
    [
      'fr',
      /^\*\*Mettez d’abord à jour votre iPhone\.\*\* Votre iPhone est sous iOS 15\.8\. Intune prend en charge iOS 17/,
    ],
    [
      'es',
      /^\*\*Primero actualiza tu iPhone\.\*\* Tu iPhone tiene iOS 15\.8\. Intune admite iOS 17/,
    ],
    [
      'ja',
      /^\*\*まずiPhoneをアップデートしてください。\*\* お使いのiPhoneはiOS 15\.8です。Intuneは\s?iOS 17以降/,
    ],
  ] as const)('gives the version verdict in %s', (lang, expected) => {
    expect(versionVerdictLine('iPhone', v(15, 8), lang)).toMatch(expected);
  });

  it('keeps the English verdicts as they were', () => {
    expect(versionVerdictLine('iPhone', v(15, 8))).toBe(
      "**Update your iPhone first.** Your iPhone is on iOS 15.8. Intune supports iOS 17 and later, so please update first. Enrollment may still start on 15.8, but it isn't supported and your organisation may block it.",
    );
    expect(versionVerdictLine('iPad', v(18, 1))).toBe(
      "**iPadOS 18.1 is supported**: you can enroll. Type **enroll** and I'll take you through it step by step.",
    );
    expect(updateAdvice(undefined, v(14, 2), 'no-byod').why).toBe(
      'Your device is on iOS/iPadOS 14.2. Personal devices enroll from iOS/iPadOS 15 up, and Intune supports 17 and later. On 14.2, Intune would switch to the old Company Portal user enrollment, which no longer takes new devices, so updating is the only way forward.',
    );
  });

  it('tells a supported version it can enroll, with the enroll command of the language', () => {
    expect(versionVerdictLine('iPhone', v(17, 4), 'de')).toMatch(/\*\*registrieren\*\*/);
    expect(versionVerdictLine('iPhone', v(17, 4), 'fr')).toMatch(/\*\*inscrire\*\*/);
    expect(versionVerdictLine('iPhone', v(17, 4), 'es')).toMatch(/\*\*inscribir\*\*/);
    expect(versionVerdictLine('iPhone', v(17, 4), 'ja')).toMatch(/\*\*登録\*\*/);
  });

  it('names the device in the language when the person did not say which', () => {
    expect(updateAdvice(undefined, v(12), 'too-old', 'de').heading).toBe(
      'Aktualisieren Sie zuerst Ihr Gerät',
    );
    expect(updateAdvice(undefined, v(12), 'too-old', 'es').message).toMatch(
      /Haz una copia de seguridad de tu dispositivo/,
    );
  });
});
