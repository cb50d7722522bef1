import {
  guideSetup,
  osVerdict,
  planGuide,
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
