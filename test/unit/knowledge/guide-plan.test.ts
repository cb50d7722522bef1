import { guideMethod, planGuide, type GuideInput } from '../../../src/knowledge/guide-plan';
import { article } from '../../factories/articles';

const ARTICLES = [
  article({
    id: 'account-driven',
    category: 'how-to',
    appliesTo: { methods: ['accountDrivenUserEnrollment'], minOs: '15.0' },
    steps: ['Open **Settings**.', 'Tap **General**.', 'Tap **VPN & Device Management**.'],
  }),
  article({
    id: 'device-enrollment',
    category: 'how-to',
    appliesTo: { methods: ['device', 'webDeviceEnrollment'] },
    steps: ['Open the Company Portal website.', 'Sign in.'],
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
    const plan = planGuide(input({ device: 'iPad', os: v(16, 1) }), ARTICLES);
    expect(plan.kind === 'steps' && plan.heading).toBe('Enroll your iPad (iPadOS 16.1)');
  });

  it('explains the Company Portal fallback and asks to update on iOS 14.9', () => {
    const plan = planGuide(input({ os: v(14, 9) }), ARTICLES);
    expect(plan.kind).toBe('update-os');
    if (plan.kind !== 'update-os') return;
    expect(plan.message).toMatch(/iOS 14\.9/);
    expect(plan.message).toMatch(/15 or later/);
    expect(plan.message).toMatch(/Company Portal/);
    expect(plan.message).toMatch(/no longer offered/);
    expect(plan.message).toMatch(/Software Update/);
    expect(plan.requirements?.id).toBe('requirements');
  });

  it('treats 15.0 as enough for account-driven enrollment', () => {
    expect(planGuide(input({ os: v(15, 0) }), ARTICLES).kind).toBe('steps');
  });

  it('asks an iPad on iPadOS 13.0 to update for Company Portal device enrollment, but not 13.1', () => {
    expect(
      planGuide(input({ method: 'device', device: 'iPad', os: v(13, 0) }), ARTICLES).kind,
    ).toBe('update-os');
    expect(
      planGuide(input({ method: 'device', device: 'iPad', os: v(13, 1) }), ARTICLES).kind,
    ).toBe('steps');
  });

  it('explains the minimum on iOS 12 without mentioning the Company Portal fallback', () => {
    const plan = planGuide(input({ os: v(12) }), ARTICLES);
    expect(plan.kind).toBe('update-os');
    if (plan.kind === 'update-os') expect(plan.message).not.toMatch(/Company Portal/);
  });

  it('shows device enrollment for a company-owned device', () => {
    const plan = planGuide(input({ ownership: 'company' }), ARTICLES);
    expect(plan.kind === 'steps' && plan.article.id).toBe('device-enrollment');
  });

  it('with user choice, tells personal owners to pick "I own this device"', () => {
    const plan = planGuide(input({ method: 'userChoice' }), ARTICLES);
    expect(plan.kind === 'steps' && plan.note).toMatch(/I own this device/);
    expect(guideMethod('userChoice', 'personal')).toBe('accountDrivenUserEnrollment');
    expect(guideMethod('userChoice', 'company')).toBe('device');
    expect(guideMethod('webDeviceEnrollment', 'company')).toBe('webDeviceEnrollment');
  });
});
