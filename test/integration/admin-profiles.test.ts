import { VERBS } from '../../src/cards/verbs';
import { GraphError } from '../../src/graph/errors';
import { cardAction, message } from '../factories/activities';
import { FAKE, seededIntune } from '../fakes/fake-intune';
import {
  cardButtons,
  cardOf,
  cardTexts,
  createBotHarness,
  type BotHarness,
} from '../helpers/bot-harness';
import { click, executeActions, responseCard } from '../helpers/clicks';

const asAdmin = { from: { aadObjectId: FAKE.admin, name: 'Adele Vance' } };
const asEmployee = { from: { aadObjectId: FAKE.employee, name: 'Megan Bowen' } };

function harness(): BotHarness {
  return createBotHarness({ admins: [FAKE.admin], intune: seededIntune() });
}

async function list(h: BotHarness): Promise<Record<string, unknown>> {
  const [reply] = await h.send(message('profiles', asAdmin));
  return cardOf(reply);
}

/** The row buttons of the n-th profile (0-based) on the list card. */
function rowActions(card: Record<string, unknown>, profileId: string): string[] {
  return executeActions(card)
    .filter((a) => a.data.profileId === profileId)
    .map((a) => a.title);
}

describe('profiles list', () => {
  it('lists profiles in priority order with type, assignments and the legacy warning', async () => {
    const h = harness();
    const text = cardTexts(await list(h)).join('\n');
    expect(text.indexOf('BYOD account driven')).toBeLessThan(
      text.indexOf('Legacy Company Portal UE'),
    );
    expect(text).toMatch(/Assigned to: Finance/);
    expect(text).toMatch(/Assigned to: All users/);
    expect(text).toMatch(/no longer available for new enrollments/);
  });

  it('moves a profile down and shows the resulting order, recorded in the audit', async () => {
    const h = harness();
    const card = await list(h);
    expect(rowActions(card, 'p-0')).toEqual(['Move down', 'Edit', 'Delete']);
    const moved = responseCard((await click(h, card, 'Move down', {}, asAdmin)).response);
    const text = cardTexts(moved).join('\n');
    expect(text).toMatch(/Moved \*\*BYOD account driven\*\* to position 2/);
    const rowNames = cardTexts(moved).filter((t) => /^\*\*[^*]+\*\*$/.test(t));
    expect(rowNames).toEqual(['**Legacy Company Portal UE**', '**BYOD account driven**']);
    const [entry] = await h.admin.audit.recent(1);
    expect(entry).toMatchObject({
      action: 'profile.reorder',
      before: ['BYOD account driven', 'Legacy Company Portal UE'],
      after: ['Legacy Company Portal UE', 'BYOD account driven'],
    });
  });

  it.each([
    ['gaps', [0, 5]],
    ['repeats', [3, 3]],
    ['gaps from a high start', [7, 12]],
  ] as const)(
    'moves with the priority numbers real tenants keep (%s)',
    async (_name, priorities) => {
      const h = harness();
      h.intune.profiles.forEach((p, i) => (p.priority = priorities[i] ?? 0));
      const card = await list(h);
      const rowNames = cardTexts(card).filter((t) => /^\*\*[^*]+\*\*$/.test(t));
      const second = rowNames[1]!.replace(/\*/g, '');
      const moved = responseCard((await click(h, card, 'Move up', {}, asAdmin)).response);
      expect(cardTexts(moved).join('\n')).toMatch(
        new RegExp(`Moved \\*\\*${second}\\*\\* to position 1`),
      );
      // One call when the number means the place; at most one more when it does not.
      expect(h.intune.calls.filter((c) => c === 'setPriority').length).toBeLessThanOrEqual(2);
      const [entry] = await h.admin.audit.recent(1);
      expect(entry?.after).toEqual([second, rowNames[0]!.replace(/\*/g, '')]);
    },
  );

  it('moves a profile to a chosen position in one step; bad or forged input changes nothing', async () => {
    const h = harness();
    const card = await list(h);
    const moveTo = (inputs: Record<string, unknown>) =>
      click(h, card, 'Move', inputs, asAdmin).then((r) =>
        cardTexts(responseCard(r.response)).join('\n'),
      );
    expect(await moveTo({ moveProfile: 'p-1' })).toMatch(/Choose a profile and the position/);
    expect(await moveTo({ moveProfile: 'not-a-profile', movePosition: 1 })).toMatch(
      /order changed since that card was shown/,
    );
    expect(await moveTo({ moveProfile: 'p-0', movePosition: '1' })).toMatch(
      /already at position 1/,
    );
    expect(h.intune.calls.filter((c) => c === 'setPriority')).toHaveLength(0);
    expect(await moveTo({ moveProfile: 'p-1', movePosition: 1 })).toMatch(
      /Moved \*\*Legacy Company Portal UE\*\* to position 1/,
    );
    expect([...h.intune.profiles].sort((a, b) => a.priority - b.priority).map((p) => p.id)).toEqual(
      ['p-1', 'p-0'],
    );
    const [entry] = await h.admin.audit.recent(1);
    expect(entry?.action).toBe('profile.reorder');
  });

  it('does not move twice when an old card is clicked again', async () => {
    const h = harness();
    const card = await list(h);
    await click(h, card, 'Move down', {}, asAdmin);
    const again = responseCard((await click(h, card, 'Move down', {}, asAdmin)).response);
    expect(cardTexts(again).join('\n')).toMatch(/order changed since that card was shown/);
    expect(h.intune.calls.filter((c) => c === 'setPriority')).toHaveLength(1);
  });

  it('deletes only after confirmation, once', async () => {
    const h = harness();
    const card = await list(h);
    const del = executeActions(card).find(
      (a) => a.title === 'Delete' && a.data.profileId === 'p-1',
    )!;
    const confirm = responseCard(
      ((await h.send(cardAction(del.verb, del.data, asAdmin)))[0]!.value as { body: never }).body,
    );
    expect(cardTexts(confirm).join('\n')).toMatch(/Delete "Legacy Company Portal UE"\?/);
    expect(h.intune.profiles).toHaveLength(2);
    const done = responseCard((await click(h, confirm, 'Delete profile', {}, asAdmin)).response);
    expect(cardTexts(done).join('\n')).toMatch(/Deleted \*\*Legacy Company Portal UE\*\*/);
    expect(h.intune.profiles.map((p) => p.id)).toEqual(['p-0']);
    const replay = responseCard((await click(h, confirm, 'Delete profile', {}, asAdmin)).response);
    expect(cardTexts(replay).join('\n')).toMatch(/already deleted/);
    expect(h.intune.calls.filter((c) => c === 'delete')).toHaveLength(1);
  });

  it('a profile deleted elsewhere between the read and the delete (Graph 404) is "already deleted", not an error', async () => {
    const h = harness();
    const card = await list(h);
    const del = executeActions(card).find(
      (a) => a.title === 'Delete' && a.data.profileId === 'p-1',
    )!;
    const confirm = responseCard(
      ((await h.send(cardAction(del.verb, del.data, asAdmin)))[0]!.value as { body: never }).body,
    );
    const realDelete = h.intune.delete.bind(h.intune);
    h.intune.delete = async (id: string) => {
      await realDelete(id); // another admin got there first
      throw new GraphError('Graph profiles.delete failed (404)', {
        reason: 'not_found',
        operation: 'profiles.delete',
        status: 404,
      });
    };
    const { response } = await click(h, confirm, 'Delete profile', {}, asAdmin);
    expect(response.statusCode).toBe(200);
    expect(cardTexts(responseCard(response)).join('\n')).toMatch(/already deleted/);
    expect(h.intune.profiles.map((p) => p.id)).toEqual(['p-0']);
    const audit = cardTexts(cardOf((await h.send(message('audit', asAdmin)))[0])).join('\n');
    expect(audit).not.toMatch(/profile\.delete|Deleted/);
  });

  it('an admin removed since the list was shown cannot move or delete: card actions check afresh', async () => {
    const h = harness();
    const card = await list(h);
    // A cache that still says "admin", while the directory now says "no".
    const seen: (boolean | undefined)[] = [];
    h.admin.authorize = (_id, options) => {
      seen.push(options?.fresh);
      return Promise.resolve({ admin: options?.fresh !== true });
    };
    const moved = await click(h, card, 'Move down', {}, asAdmin);
    expect(JSON.stringify(moved.response)).toMatch(/admin/i);
    expect(h.intune.profiles.map((p) => p.id)).toEqual(['p-0', 'p-1']);
    expect(h.intune.calls.filter((c) => c === 'setPriority')).toHaveLength(0);
    expect(seen).toEqual([true]);
  });

  it('edits a profile through the wizard, patching it and syncing assignments', async () => {
    const h = harness();
    const card = await list(h);
    const edit = executeActions(card).find(
      (a) => a.title === 'Edit' && a.data.profileId === 'p-0',
    )!;
    const basics = responseCard(
      ((await h.send(cardAction(edit.verb, edit.data, asAdmin)))[0]!.value as { body: never }).body,
    );
    expect(JSON.stringify(basics)).toContain('"value":"BYOD account driven"');
    const settings = responseCard(
      (
        await click(
          h,
          basics,
          'Next',
          { name: 'BYOD account driven v2', description: 'edited' },
          asAdmin,
        )
      ).response,
    );
    const assignments = responseCard(
      (await click(h, settings, 'Next', { enrollmentType: 'accountDrivenUserEnrollment' }, asAdmin))
        .response,
    );
    const review = responseCard(
      (await click(h, assignments, 'Next', { target: 'allUsers' }, asAdmin)).response,
    );
    expect(cardButtons(review)).toContain('Save changes');
    const saved = responseCard((await click(h, review, 'Save changes', {}, asAdmin)).response);
    expect(cardTexts(saved).join('\n')).toMatch(/Changes saved/);
    expect(h.intune.profiles.find((p) => p.id === 'p-0')).toMatchObject({
      displayName: 'BYOD account driven v2',
      description: 'edited',
    });
    expect(h.intune.assignments.get('p-0')?.map((a) => a.target)).toEqual([{ kind: 'allUsers' }]);
    const actions = (await h.admin.audit.recent()).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining(['profile.update', 'assignment.add', 'assignment.remove']),
    );
  });

  it('keeps a legacy profile editable with its legacy type', async () => {
    const h = harness();
    const card = await list(h);
    const edit = executeActions(card).find(
      (a) => a.title === 'Edit' && a.data.profileId === 'p-1',
    )!;
    const basics = responseCard(
      ((await h.send(cardAction(edit.verb, edit.data, asAdmin)))[0]!.value as { body: never }).body,
    );
    const settings = responseCard(
      (await click(h, basics, 'Next', { name: 'Legacy Company Portal UE' }, asAdmin)).response,
    );
    expect(JSON.stringify(settings)).toContain('"value":"user"');
  });

  it('refuses employees, on the command and on forged list actions', async () => {
    const h = harness();
    const [reply] = await h.send(message('profiles', asEmployee));
    expect(cardTexts(cardOf(reply)).join('\n')).toMatch(/Intune Administrator/);
    const [forged] = await h.send(
      cardAction(VERBS.profileDeleteConfirm, { profileId: 'p-0' }, asEmployee),
    );
    expect((forged?.value as { body: { statusCode: number } }).body.statusCode).toBe(403);
    expect(h.intune.profiles).toHaveLength(2);
  });

  it('rejects malformed list actions', async () => {
    const h = harness();
    const [bad] = await h.send(
      cardAction(VERBS.profileMove, { profileId: 'p-0', from: 'top', to: -5 }, asAdmin),
    );
    expect((bad?.value as { body: { statusCode: number } }).body.statusCode).toBe(400);
  });

  it('shows a Graph failure with the permission to grant and the request id', async () => {
    const h = harness();
    h.intune.failNext('list', 403, 'DeviceManagementServiceConfig.Read.All');
    const [reply] = await h.send(message('profiles', asAdmin));
    const text = cardTexts(cardOf(reply)).join('\n');
    expect(text).toMatch(/DeviceManagementServiceConfig\.Read\.All/);
    expect(text).toMatch(/req-injected-1/);
  });
});

describe('which profile applies', () => {
  it('applies the highest-priority profile among the user groups, explaining why', async () => {
    const h = harness();
    h.intune.groups.find((g) => g.id === FAKE.finance)!.members = [FAKE.employee];
    const [reply] = await h.send(
      message('which profile applies to meganb@contoso.example?', asAdmin),
    );
    const text = cardTexts(cardOf(reply)).join('\n');
    expect(text).toMatch(/\*\*BYOD account driven\*\* \(position 1\) applies to Megan Bowen/);
    expect(text).toMatch(/assigned to Finance/);
  });

  it('falls through to all users when the user is in no assigned group, or is excluded', async () => {
    const h = harness();
    h.intune.groups.find((g) => g.id === FAKE.finance)!.members = [FAKE.employee];
    h.intune.assignments
      .get('p-0')!
      .push({ id: 'x', target: { kind: 'exclusionGroup', groupId: FAKE.sales } });
    const [reply] = await h.send(
      message('which profile applies to meganb@contoso.example', asAdmin),
    );
    expect(cardTexts(cardOf(reply)).join('\n')).toMatch(
      /\*\*Legacy Company Portal UE\*\* \(position 2\)/,
    );
  });

  it.each([
    ['a lone surrogate', 'a\ud800b@contoso.example'],
    ['URL syntax', '../users?$top=999'],
    ['a control character', 'megan\u0007@contoso.example'],
    ['a huge name', `${'x'.repeat(400)}@contoso.example`],
  ])('answers input with %s clearly, without looking it up', async (_name, who) => {
    const h = harness();
    const lookups: string[] = [];
    const getUser = h.intune.getUser.bind(h.intune);
    h.intune.getUser = (id: string) => {
      lookups.push(id);
      return getUser(id);
    };
    const [reply] = await h.send(message(`which profile applies to ${who}`, asAdmin));
    const text = cardTexts(cardOf(reply)).join('\n');
    expect(text).toMatch(/could not find that user/);
    expect(text).not.toMatch(/\ud800/);
    // The typed text is never sent to the directory (only the admin's own id, for the example).
    expect(lookups.filter((id) => id === who)).toEqual([]);
    expect(h.intune.calls).not.toContain('searchUsers');
  });

  it('finds a person by (part of) their name, and asks which one when several match', async () => {
    const h = harness();
    const [one] = await h.send(message('which profile applies to Megan', asAdmin));
    expect(cardTexts(cardOf(one)).join('\n')).toMatch(
      /applies to Megan Bowen \(meganb@contoso\.example\)/,
    );
    h.intune.users.push({
      id: 'eeeeeeee-0000-4000-8000-0000000000f1',
      displayName: 'Megan Smith',
      userPrincipalName: 'megans@contoso.example',
    });
    const [several] = await h.send(message('which profile applies to megan', asAdmin));
    const card = cardOf(several);
    expect(cardTexts(card).join('\n')).toMatch(/Several people match "megan"/);
    expect(JSON.stringify(card)).toContain('which profile applies to meganb@contoso.example');
    expect(JSON.stringify(card)).toContain('which profile applies to megans@contoso.example');
  });

  it('says when the user does not exist', async () => {
    const h = harness();
    const [reply] = await h.send(
      message('which profile applies to nobody@contoso.example', asAdmin),
    );
    expect(cardTexts(cardOf(reply)).join('\n')).toMatch(/could not find that user/);
  });
});

describe('typed admin commands with typos', () => {
  it('asks "did you mean" with a button for admins; employees get the normal answer', async () => {
    const h = harness();
    const [admin] = await h.send(message('crate profle', asAdmin));
    const card = cardOf(admin);
    expect(cardTexts(card).join('\n')).toMatch(/Did you mean “create profile”\?/);
    expect(JSON.stringify(card)).toContain('"value":"create profile"');
    expect(h.intune.calls).not.toContain('create');
    const [employee] = await h.send(message('crate profle', asEmployee));
    expect(cardTexts(cardOf(employee)).join('\n')).not.toMatch(/Did you mean/);
  });

  it('runs a corrected command with its argument as typed', async () => {
    const h = harness();
    const [reply] = await h.send(message('whch profle aplies to meganb@contoso.example', asAdmin));
    expect(cardTexts(cardOf(reply)).join('\n')).toMatch(/applies to Megan Bowen/);
  });
});

describe('audit', () => {
  it('shows admins the recorded changes, newest first, and refuses employees', async () => {
    const h = harness();
    await click(h, await list(h), 'Move down', {}, asAdmin);
    const ask = message('audit', asAdmin);
    (ask as { localTimezone?: string }).localTimezone = 'Europe/Berlin';
    const [reply] = await h.send(ask);
    const text = cardTexts(cardOf(reply)).join('\n');
    expect(text).toMatch(/Last 1 change\b/);
    expect(text).toMatch(/Adele Vance moved \*\*BYOD account driven\*\* from position 1 to 2/);
    // In the admin's zone, to the minute: no ISO timestamp, no seconds or milliseconds.
    // (en-US, as the activity says; Europe/Berlin as GMT+1/+2 or CET/CEST.)
    expect(text).toMatch(/\w{3} \d{1,2}, \d{4}, \d{1,2}:\d{2}\s?[AP]M (GMT\+[12]|CES?T)/);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T|:\d{2}\.\d{3}/);
    expect(text).not.toMatch(/[{}"]/);
    const [refused] = await h.send(message('audit', asEmployee));
    expect(cardTexts(cardOf(refused)).join('\n')).toMatch(/Intune Administrator/);
  });
});

describe('service discovery file and domain check', () => {
  it('gives admins the exact JSON for the tenant with the hosting rules and a download link', async () => {
    const h = harness();
    const [reply] = await h.send(message('service discovery file', asAdmin));
    const card = cardOf(reply);
    const json = JSON.stringify(card);
    expect(json).toContain(
      'https://manage.microsoft.com/EnrollmentServer/PostReportDeviceInfoForUEV2?aadTenantId=11111111-2222-3333-4444-555555555555',
    );
    expect(json).toContain('mdm-byod');
    expect(json).toContain('/.well-known/com.apple.remotemanagement');
    expect(json).toContain('https://bot.contoso.example/api/service-discovery-file');
    expect(cardTexts(card).join('\n')).toMatch(/application\/json/);
  });

  it('refuses employees', async () => {
    const h = harness();
    const [reply] = await h.send(message('service discovery file', asEmployee));
    expect(cardTexts(cardOf(reply)).join('\n')).toMatch(/Intune Administrator/);
    const [verify] = await h.send(message('verify domain contoso.com', asEmployee));
    expect(cardTexts(cardOf(verify)).join('\n')).toMatch(/Intune Administrator/);
  });

  it.each(['127.0.0.1', 'localhost', 'https://contoso.com/path', 'bad domain name'])(
    'refuses to check %p without fetching anything',
    async (domain) => {
      const h = harness();
      const replies = await h.send(message(`verify domain ${domain}`, asAdmin));
      const card = cardOf(replies.find((r) => r.type === 'message'));
      expect(cardTexts(card).join('\n')).toMatch(/can't check|Which domain/);
    },
  );
});
