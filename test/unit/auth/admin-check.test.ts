import { configuredAdmins } from '../../../src/auth/admin-check';
import { leastHelpful } from '../../../src/flows/knowledge-feedback';

describe('configuredAdmins', () => {
  const isAdmin = configuredAdmins(['AAAAAAAA-0000-4000-8000-000000000001', 'not-a-guid']);
  it('recognises listed object ids, case-insensitively', async () => {
    expect(await isAdmin('aaaaaaaa-0000-4000-8000-000000000001')).toBe(true);
  });
  it('refuses everyone else, including missing ids and junk entries', async () => {
    expect(await isAdmin('eeeeeeee-0000-4000-8000-000000000002')).toBe(false);
    expect(await isAdmin(undefined)).toBe(false);
    expect(await isAdmin('not-a-guid')).toBe(false);
  });
});

describe('leastHelpful', () => {
  it('orders by share of not-helpful votes, then by count, and drops articles without any', () => {
    const rows = leastHelpful([
      { articleId: 'a', title: 'A', helpful: 9, notHelpful: 1 },
      { articleId: 'b', title: 'B', helpful: 0, notHelpful: 2 },
      { articleId: 'c', title: 'C', helpful: 5, notHelpful: 0 },
      { articleId: 'd', title: 'D', helpful: 0, notHelpful: 5 },
    ]);
    expect(rows.map((r) => r.articleId)).toEqual(['d', 'b', 'a']);
  });
});
