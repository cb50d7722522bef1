import type { ApplePushCertificate } from '../../../src/graph/setup-service';
import { CachedTenantFacts, pushCertificateFact } from '../../../src/helpdesk/tenant-facts';

const NOW = Date.parse('2026-11-22T10:00:00Z');
const DAY = 86_400_000;

describe('pushCertificateFact', () => {
  it('reads valid, expired and missing certificates', () => {
    expect(
      pushCertificateFact({ expirationDateTime: new Date(NOW + DAY).toISOString() }, NOW),
    ).toMatchObject({ status: 'valid' });
    expect(
      pushCertificateFact({ expirationDateTime: new Date(NOW - DAY).toISOString() }, NOW),
    ).toMatchObject({ status: 'expired', expiresAt: new Date(NOW - DAY).toISOString() });
    expect(pushCertificateFact(undefined, NOW)).toEqual({
      status: 'missing',
      checkedAt: new Date(NOW).toISOString(),
    });
  });

  it('claims nothing when Graph gave no usable expiry', () => {
    expect(pushCertificateFact({ appleIdentifier: 'mdm@contoso.example' }, NOW)).toBeUndefined();
    expect(pushCertificateFact({ expirationDateTime: 'soon' }, NOW)).toBeUndefined();
  });
});

describe('CachedTenantFacts', () => {
  function source(read: () => Promise<ApplePushCertificate | undefined>) {
    let now = NOW;
    let calls = 0;
    const facts = new CachedTenantFacts({
      readPushCertificate: () => {
        calls += 1;
        return read();
      },
      ttlMs: 60_000,
      retryAfterMs: 5_000,
      now: () => now,
    });
    return {
      facts,
      calls: () => calls,
      advance: (ms: number) => {
        now += ms;
      },
    };
  }

  it('asks Graph once for a burst of reports and again after the cache expires', async () => {
    const s = source(() =>
      Promise.resolve({ expirationDateTime: new Date(NOW - DAY).toISOString() }),
    );
    const burst = await Promise.all(Array.from({ length: 50 }, () => s.facts.get()));
    expect(s.calls()).toBe(1);
    expect(burst.every((f) => f.pushCertificate?.status === 'expired')).toBe(true);
    s.advance(59_000);
    await s.facts.get();
    expect(s.calls()).toBe(1);
    s.advance(2_000);
    await s.facts.get();
    expect(s.calls()).toBe(2);
  });

  it('gives no facts when Graph fails, and tries again after a short pause', async () => {
    let fail = true;
    const s = source(() =>
      fail
        ? Promise.reject(new Error('403 DeviceManagementConfiguration.Read.All'))
        : Promise.resolve(undefined),
    );
    await expect(s.facts.get()).resolves.toEqual({});
    fail = false;
    await expect(s.facts.get()).resolves.toEqual({});
    expect(s.calls()).toBe(1);
    s.advance(5_001);
    await expect(s.facts.get()).resolves.toMatchObject({ pushCertificate: { status: 'missing' } });
    expect(s.calls()).toBe(2);
  });
});
