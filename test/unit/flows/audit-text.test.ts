import { auditRow, auditSentence, auditTime } from '../../../src/flows/admin/audit-text';
import type { AuditEntry } from '../../../src/storage/audit-log';

const entry = (patch: Partial<AuditEntry>): AuditEntry => ({
  id: 'a1',
  at: '2026-12-04T13:02:41.512Z',
  actor: { aadObjectId: 'x', name: 'Adele Vance' },
  action: 'profile.create',
  target: { type: 'profile', id: 'p1', name: 'BYOD iPhones' },
  sandbox: false,
  ...patch,
});

describe('audit text', () => {
  it.each<[string, Partial<AuditEntry>, string]>([
    ['create', {}, 'Adele Vance created **BYOD iPhones**'],
    ['delete', { action: 'profile.delete' }, 'Adele Vance deleted **BYOD iPhones**'],
    [
      'assign to a group',
      {
        action: 'assignment.add',
        after: { target: { kind: 'group', groupId: 'g' }, assignmentId: 'x', label: 'Sales' },
      },
      'Adele Vance assigned **BYOD iPhones** to *Sales*',
    ],
    [
      'exclude a group',
      {
        action: 'assignment.add',
        after: {
          target: { kind: 'exclusionGroup', groupId: 'g' },
          assignmentId: 'x',
          label: 'Finance (excluded)',
        },
      },
      'Adele Vance excluded *Finance* from **BYOD iPhones**',
    ],
    [
      'assign to all users',
      { action: 'assignment.add', after: { target: { kind: 'allUsers' }, assignmentId: 'x' } },
      'Adele Vance assigned **BYOD iPhones** to all users',
    ],
    [
      'remove an older entry without a label',
      { action: 'assignment.remove', before: { target: { kind: 'group', groupId: 'g' } } },
      'Adele Vance removed *a group* from **BYOD iPhones**',
    ],
    [
      'reorder',
      {
        action: 'profile.reorder',
        before: ['Corporate', 'BYOD iPhones', 'Kiosk'],
        after: ['BYOD iPhones', 'Corporate', 'Kiosk'],
      },
      'Adele Vance moved **BYOD iPhones** from position 2 to 1',
    ],
    [
      'rename',
      {
        action: 'profile.update',
        before: { displayName: 'Old name', description: '' },
        after: { displayName: 'BYOD iPhones', description: '' },
      },
      'Adele Vance changed **BYOD iPhones** (renamed from **Old name**)',
    ],
  ])('says %s as a sentence', (_name, patch, sentence) => {
    expect(auditSentence(entry(patch))).toBe(sentence);
  });

  it('escapes names from the directory (no links, no HTML)', () => {
    const text = auditSentence(
      entry({
        actor: { aadObjectId: 'x', name: '[Click](https://evil.example)' },
        action: 'assignment.add',
        after: { target: { kind: 'group', groupId: 'g' }, label: '<b>Sales</b>' },
      }),
    );
    expect(text).not.toMatch(/(^|[^\\])\[Click\]\(/);
    expect(text).not.toMatch(/(^|[^\\])<b>/);
  });

  it('shows times in the admin’s zone and language, to the minute, with the zone named', () => {
    expect(
      auditTime('2026-12-04T13:02:41.512Z', { locale: 'en-GB', timeZone: 'Europe/Berlin' }),
    ).toBe('4 Dec 2026, 14:02 CET');
    const us = auditTime('2026-12-04T13:02:41.512Z', {
      locale: 'en-US',
      timeZone: 'America/New_York',
    });
    expect(us).toMatch(/Dec 4, 2026, 0?8:02\s?AM EST/);
    expect(auditTime('2026-12-04T13:02:41.512Z', { timeZone: 'Not/AZone' })).toBe(
      '4 Dec 2026, 13:02 UTC',
    );
    expect(auditTime('2026-12-04T13:02:41.512Z')).not.toMatch(/41|512/);
  });

  it('puts the request id on a details line', () => {
    const row = auditRow(entry({ requestId: 'rid-1', sandbox: true }), { timeZone: 'UTC' });
    expect(row.change).toBe('Details: local sandbox · request-id rid-1');
    expect(auditRow(entry({}), {}).change).toBe('');
  });
});
