import {
  deadlinePassed,
  isTimeZone,
  nextWorkingMorning,
  workingDaysLater,
} from '../../../src/campaigns/schedule';

/** The local wall-clock time of `ms` in `zone`, as "Www yyyy-mm-dd hh:mm". */
function local(ms: number, zone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    weekday: 'short',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(ms));
  const get = (t: string): string => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('weekday')} ${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

describe('campaign schedule: working days at 09:00 in the person’s zone', () => {
  it('counts working days only: a Thursday invitation reminded after 3 working days is Tuesday 09:00', () => {
    const thursday = Date.parse('2026-12-03T15:00:00Z');
    expect(local(workingDaysLater(thursday, 3, 'Europe/Berlin', 'UTC'), 'Europe/Berlin')).toBe(
      'Tue 2026-12-08 09:00',
    );
  });

  it('uses the person’s own zone: the same instant is another local day in Tokyo and Los Angeles', () => {
    // Friday 23:30 in Los Angeles is already Saturday in Tokyo.
    const at = Date.parse('2026-12-05T07:30:00Z');
    expect(
      local(workingDaysLater(at, 1, 'America/Los_Angeles', 'UTC'), 'America/Los_Angeles'),
    ).toBe('Mon 2026-12-07 09:00');
    expect(local(workingDaysLater(at, 1, 'Asia/Tokyo', 'UTC'), 'Asia/Tokyo')).toBe(
      'Mon 2026-12-07 09:00',
    );
    expect(local(workingDaysLater(at, 2, 'Asia/Tokyo', 'UTC'), 'Asia/Tokyo')).toBe(
      'Tue 2026-12-08 09:00',
    );
  });

  it('keeps 09:00 local across a daylight-saving change', () => {
    // Europe/London moves to summer time on 2027-03-28 (a Sunday).
    const friday = Date.parse('2027-03-26T10:00:00Z');
    const monday = workingDaysLater(friday, 1, 'Europe/London', 'UTC');
    expect(local(monday, 'Europe/London')).toBe('Mon 2027-03-29 09:00');
    expect(new Date(monday).toISOString()).toBe('2027-03-29T08:00:00.000Z');
  });

  it('falls back to the campaign’s zone, then UTC, for an unknown zone', () => {
    const at = Date.parse('2026-12-07T12:00:00Z');
    expect(local(workingDaysLater(at, 1, 'Mars/Olympus', 'Asia/Kolkata'), 'Asia/Kolkata')).toBe(
      'Tue 2026-12-08 09:00',
    );
    expect(new Date(workingDaysLater(at, 1, undefined, 'nonsense')).toISOString()).toBe(
      '2026-12-08T09:00:00.000Z',
    );
  });

  it('"remind me later" on a Friday evening means Monday morning', () => {
    const fridayEvening = Date.parse('2026-12-04T18:00:00Z');
    expect(local(nextWorkingMorning(fridayEvening, 'Europe/Paris', 'UTC'), 'Europe/Paris')).toBe(
      'Mon 2026-12-07 09:00',
    );
  });

  it('a deadline ends at the end of its day in the person’s zone', () => {
    const justAfterMidnightUtc = Date.parse('2026-12-19T00:30:00Z');
    // Still 18 December in New York, already the 19th in Berlin.
    expect(deadlinePassed('2026-12-18', justAfterMidnightUtc, 'America/New_York', 'UTC')).toBe(
      false,
    );
    expect(deadlinePassed('2026-12-18', justAfterMidnightUtc, 'Europe/Berlin', 'UTC')).toBe(true);
  });

  it('knows a time zone name from garbage', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('Europe/Nowhere')).toBe(false);
    expect(isTimeZone(undefined)).toBe(false);
    expect(isTimeZone('x'.repeat(100))).toBe(false);
  });
});
