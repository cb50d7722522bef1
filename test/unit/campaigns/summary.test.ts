import type { CampaignPerson } from '../../../src/campaigns/model';
import { messageIds, parseMessageId, shardOf, SHARDS } from '../../../src/campaigns/model';
import { countsFor } from '../../../src/campaigns/runner';
import { csvField, statusOf } from '../../../src/campaigns/summary';

const person = (over: Partial<CampaignPerson> = {}): CampaignPerson => ({
  id: 'u1',
  name: 'Megan Bowen',
  upn: 'meganb@contoso.example',
  inAudience: true,
  gen: 1,
  reminders: 0,
  ...over,
});

describe('campaign figures and export', () => {
  it('quotes CSV fields and defuses spreadsheet formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('Bowen, Megan')).toBe('"Bowen, Megan"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
  });

  it('says where each person is, the most advanced stage first', () => {
    expect(statusOf(person())).toBe('Not yet reached');
    expect(statusOf(person({ invitedAt: 1 }))).toBe('Message queued');
    expect(statusOf(person({ invitedAt: 1, reachedAt: 2 }))).toBe('Reached');
    expect(statusOf(person({ reachedAt: 2, openedAt: 3 }))).toBe('Opened the guide');
    expect(statusOf(person({ reachedAt: 2, openedAt: 3, finishedAt: 4 }))).toBe(
      'Finished the guide',
    );
    expect(statusOf(person({ reachedAt: 2, reportedAt: 5 }))).toBe('Reported a problem');
    expect(statusOf(person({ reachedAt: 2, reportedAt: 5, enrolledAt: 6 }))).toBe('Enrolled');
    expect(statusOf(person({ enrolledAt: 6, enrolledBefore: true }))).toBe('Already enrolled');
    expect(statusOf(person({ optedOut: 'no-device' }))).toBe('No iPhone or iPad');
    expect(statusOf(person({ unreachable: { reason: 'no-teams', at: 1, attempts: 3 } }))).toBe(
      'Cannot be reached',
    );
    expect(statusOf(person({ inAudience: false, enrolledAt: 6 }))).toBe('Left the audience');
  });

  it('counts only personal iOS/iPadOS devices enrolled with the campaign’s method', () => {
    const device = {
      id: 'd1',
      userId: 'u1',
      operatingSystem: 'iOS',
      ownerType: 'personal',
      deviceEnrollmentType: 'appleAccountDrivenUserEnrollment',
    };
    expect(countsFor('accountDrivenUserEnrollment', device)).toBe(true);
    expect(countsFor('accountDrivenUserEnrollment', { ...device, operatingSystem: 'iPadOS' })).toBe(
      true,
    );
    expect(countsFor('accountDrivenUserEnrollment', { ...device, ownerType: 'company' })).toBe(
      false,
    );
    expect(
      countsFor('accountDrivenUserEnrollment', { ...device, operatingSystem: 'Android' }),
    ).toBe(false);
    expect(countsFor('accountDrivenUserEnrollment', { ...device, userId: undefined })).toBe(false);
    expect(countsFor('device', device)).toBe(false);
    expect(countsFor('device', { ...device, deviceEnrollmentType: 'userEnrollment' })).toBe(true);
    expect(countsFor('userChoice', device)).toBe(true);
    expect(countsFor('userChoice', { ...device, deviceEnrollmentType: 'appleBulkWithUser' })).toBe(
      false,
    );
  });

  it('spreads people over the shards and reads message ids back', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++)
      seen.add(shardOf(`fa000000-0000-4000-8000-${String(i).padStart(12, '0')}`));
    expect(seen.size).toBe(SHARDS);
    expect(shardOf('ABC')).toBe(shardOf('abc'));
    const id = messageIds.reminder('cmp-abcdefghij', 'EEEE-1', 2);
    expect(parseMessageId(id)).toEqual({
      campaignId: 'cmp-abcdefghij',
      kind: 'reminder',
      userId: 'eeee-1',
    });
    expect(parseMessageId(messageIds.invite('cmp-abcdefghij', 'u9'))?.kind).toBe('invite');
    expect(parseMessageId('incident-alert/ENR-1')).toBeUndefined();
  });
});
