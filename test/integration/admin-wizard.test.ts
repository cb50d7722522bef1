import { VERBS } from '../../src/cards/verbs';
import { enrollmentBody, validateName } from '../../src/flows/admin/wizard';
import { WizardStore } from '../../src/flows/admin/wizard/store';
import { cardAction, message, PERSONAL_CONVERSATION_ID } from '../factories/activities';
import { FAKE, seededIntune } from '../fakes/fake-intune';
import {
  cardButtons,
  cardOf,
  cardTexts,
  createBotHarness,
  type BotHarness,
} from '../helpers/bot-harness';
import { click, executeActions, responseCard, walkWizardToReview } from '../helpers/clicks';

const asAdmin = { from: { aadObjectId: FAKE.admin, name: 'Adele Vance' } };
const asEmployee = { from: { aadObjectId: FAKE.employee, name: 'Megan Bowen' } };

function harness(sandbox = false): BotHarness {
  return createBotHarness({ admins: [FAKE.admin], intune: seededIntune(), sandbox });
}

async function startWizard(h: BotHarness): Promise<Record<string, unknown>> {
  const [reply] = await h.send(message('create profile', asAdmin));
  return cardOf(reply);
}

/** Walks Basics → Settings → Assignments (Sales group) → Review. */
function toReview(h: BotHarness, name = 'iOS BYOD Sales'): Promise<Record<string, unknown>> {
  return walkWizardToReview(h, {
    admin: asAdmin,
    name: `  ${name}  `,
    description: 'For sales',
    groupSearch: 'sales',
    groupId: FAKE.sales,
  });
}

describe('create profile wizard', () => {
  it('walks Basics, Settings, Assignments and Review, then creates the profile and its assignment', async () => {
    const h = harness();
    const review = await toReview(h);
    const text = cardTexts(review).join('\n');
    expect(text).toMatch(/Name: iOS BYOD Sales/);
    expect(text).toMatch(/Enrollment type: Account driven user enrollment/);
    expect(text).toMatch(/Assigned to: Sales/);
    expect(text).toContain('device.enrollmentProfileName -eq "iOS BYOD Sales"');
    expect(text).not.toContain('\\');

    const done = responseCard((await click(h, review, 'Create', {}, asAdmin)).response);
    expect(cardTexts(done).join('\n')).toMatch(/Profile created/);
    const created = h.intune.profiles.find((p) => p.displayName === 'iOS BYOD Sales');
    expect(created).toMatchObject({
      description: 'For sales',
      defaultEnrollmentType: 'accountDrivenUserEnrollment',
      priority: 2,
    });
    expect(h.intune.assignments.get(created!.id)).toEqual([
      { id: expect.any(String), target: { kind: 'group', groupId: FAKE.sales } },
    ]);
    const audit = await h.admin.audit.recent();
    expect(audit.map((a) => a.action)).toEqual(['assignment.add', 'profile.create']);
    expect(audit[1]).toMatchObject({
      actor: { aadObjectId: FAKE.admin, name: 'Adele Vance' },
      requestId: expect.any(String),
    });

    // Offer where to place it; moving it to position 1 reorders.
    const placed = responseCard(
      (await click(h, done, 'Set priority', { position: '1' }, asAdmin)).response,
    );
    expect(cardTexts(placed).join('\n')).toMatch(/Priority order now:\n1\. iOS BYOD Sales/);
    expect(h.intune.profiles.find((p) => p.id === created!.id)?.priority).toBe(0);
  });

  it('creates one profile when Create is clicked twice or the invoke is retried', async () => {
    const h = harness();
    const review = await toReview(h);
    const first = await click(h, review, 'Create', {}, asAdmin);
    const second = await click(h, review, 'Create', {}, asAdmin);
    expect(first.response.statusCode).toBe(200);
    expect(cardTexts(responseCard(second.response)).join('\n')).toMatch(
      /older copy|Profile created/,
    );
    expect(h.intune.profiles.filter((p) => p.displayName === 'iOS BYOD Sales')).toHaveLength(1);
    expect(h.intune.calls.filter((c) => c === 'create')).toHaveLength(1);
  });

  it('says exactly what exists when an assignment fails after create, and retries only what is missing', async () => {
    const h = harness();
    const review = await toReview(h);
    h.intune.failNext('addAssignment', 500);
    const partial = responseCard((await click(h, review, 'Create', {}, asAdmin)).response);
    const text = cardTexts(partial).join('\n');
    expect(text).toMatch(/Profile created, but not every assignment worked/);
    expect(text).toMatch(/❌ Not assigned: Sales/);
    expect(cardButtons(partial)).toEqual(
      expect.arrayContaining(['Retry assignments', 'Delete profile']),
    );
    const profile = h.intune.profiles.find((p) => p.displayName === 'iOS BYOD Sales')!;
    expect(h.intune.assignments.get(profile.id)).toEqual([]);

    const retried = responseCard(
      (await click(h, partial, 'Retry assignments', {}, asAdmin)).response,
    );
    expect(cardTexts(retried).join('\n')).toMatch(/Profile created/);
    expect(h.intune.assignments.get(profile.id)).toHaveLength(1);
    // Retrying again (a replay of the old card) adds nothing.
    await click(h, partial, 'Retry assignments', {}, asAdmin);
    expect(h.intune.assignments.get(profile.id)).toHaveLength(1);
  });

  it('deletes the half-made profile on request', async () => {
    const h = harness();
    const review = await toReview(h);
    h.intune.failNext('addAssignment', 400);
    const partial = responseCard((await click(h, review, 'Create', {}, asAdmin)).response);
    const deleted = responseCard((await click(h, partial, 'Delete profile', {}, asAdmin)).response);
    expect(cardTexts(deleted).join('\n')).toMatch(/Profile deleted/);
    expect(h.intune.profiles.some((p) => p.displayName === 'iOS BYOD Sales')).toBe(false);
    expect((await h.admin.audit.recent()).map((a) => a.action)).toContain('profile.delete');
  });

  it('keeps the page and values with errors beside the fields on bad input', async () => {
    const h = harness();
    const basics = await startWizard(h);
    const empty = responseCard(
      (await click(h, basics, 'Next', { name: '   ', description: 'kept' }, asAdmin)).response,
    );
    expect(cardTexts(empty).join('\n')).toMatch(/Enter a name/);
    expect(JSON.stringify(empty)).toContain('"value":"kept"');
    const dup = responseCard(
      (await click(h, basics, 'Next', { name: 'byod ACCOUNT driven' }, asAdmin)).response,
    );
    expect(cardTexts(dup).join('\n')).toMatch(/already exists/);
    const long = responseCard(
      (await click(h, basics, 'Next', { name: 'x'.repeat(65) }, asAdmin)).response,
    );
    expect(cardTexts(long).join('\n')).toMatch(/64 characters/);
    // The whole name comes back for editing, never silently cut, and the card does not cut it
    // either (no maxLength on the field: the limit is said, not enforced by truncation).
    expect(JSON.stringify(long)).toContain(`"value":"${'x'.repeat(65)}"`);
    const nameInput = JSON.stringify(basics).match(/\{[^{}]*"id":"name"[^{}]*\}/)?.[0] ?? '';
    expect(nameInput).toContain('up to 64 characters');
    expect(nameInput).not.toContain('maxLength');
    const wrongType = await h.send(
      cardAction(
        VERBS.wizardNext,
        { runId: executeActions(basics)[0]!.data.runId, version: 'one', name: 5 },
        asAdmin,
      ),
    );
    expect((wrongType[0]?.value as { body: { statusCode: number } }).body.statusCode).toBe(400);
  });

  it('refuses device groups with the reason and only accepts groups from its own search', async () => {
    const h = harness();
    const basics = await startWizard(h);
    const settings = responseCard(
      (await click(h, basics, 'Next', { name: 'Device test' }, asAdmin)).response,
    );
    const assignments = responseCard(
      (await click(h, settings, 'Next', { enrollmentType: 'device' }, asAdmin)).response,
    );
    const searched = responseCard(
      (
        await click(
          h,
          assignments,
          'Search groups',
          { target: 'groups', groupSearch: 'Sales' },
          asAdmin,
        )
      ).response,
    );
    const text = cardTexts(searched).join('\n');
    expect(text).toMatch(/⛔ Sales iPads: contains devices/);
    expect(text).toMatch(/⛔ Sales iOS devices \(dynamic\): device group/);
    expect(JSON.stringify(searched)).not.toContain(`"value":"${FAKE.salesDevices}"`);
    const forged = responseCard(
      (
        await click(
          h,
          searched,
          'Include selected',
          { picked: `${FAKE.salesDevices},${FAKE.finance}` },
          asAdmin,
        )
      ).response,
    );
    expect(cardTexts(forged).join('\n')).toMatch(/Tick at least one group/);
    const next = responseCard(
      (await click(h, forged, 'Next', { target: 'groups' }, asAdmin)).response,
    );
    expect(cardTexts(next).join('\n')).toMatch(/at least one user group/);
  });

  it('removes one chosen group without clearing the others; forged ids change nothing', async () => {
    const h = harness();
    const basics = await startWizard(h);
    const settings = responseCard(
      (await click(h, basics, 'Next', { name: 'Two groups' }, asAdmin)).response,
    );
    let card = responseCard(
      (await click(h, settings, 'Next', { enrollmentType: 'accountDrivenUserEnrollment' }, asAdmin))
        .response,
    );
    for (const [search, id] of [
      ['Sales', FAKE.sales],
      ['Finance', FAKE.finance],
    ] as const) {
      card = responseCard(
        (await click(h, card, 'Search groups', { groupSearch: search }, asAdmin)).response,
      );
      card = responseCard(
        (await click(h, card, 'Include selected', { picked: id }, asAdmin)).response,
      );
    }
    expect(cardTexts(card).join('\n')).toMatch(
      /Included groups:\*\* Sales, Finance|Included groups:\*\* Finance, Sales/,
    );
    const forged = responseCard(
      (await click(h, card, 'Remove selected', { remove: 'not-a-chosen-group' }, asAdmin)).response,
    );
    expect(cardTexts(forged).join('\n')).toMatch(/Pick one or more of the chosen groups/);
    const removed = responseCard(
      (await click(h, card, 'Remove selected', { remove: FAKE.sales }, asAdmin)).response,
    );
    const text = cardTexts(removed).join('\n');
    expect(text).toMatch(/Removed: Sales/);
    expect(text).toMatch(/Included groups:\*\* Finance/);
    expect(text).not.toMatch(/Included groups:\*\*[^\n]*Sales/);
  });

  describe('a create interrupted by a crash (the run left "creating")', () => {
    /** The review card, then the run as a crash right after the POST would leave it. */
    async function crashedAfter(
      h: BotHarness,
      posted: boolean,
    ): Promise<{ card: Record<string, unknown>; name: string }> {
      const review = await toReview(h, 'Crashed create');
      const create = executeActions(review).find((a) => a.title === 'Create')!;
      const store = new WizardStore(h.storage);
      const loaded = await store.load(
        PERSONAL_CONVERSATION_ID,
        FAKE.admin,
        String(create.data.runId),
      );
      const since = new Date(Date.now() - 5 * 60_000).toISOString();
      await store.overwrite({
        ...loaded!.state,
        step: 'creating',
        creatingSince: since,
        version: loaded!.state.version + 1,
      });
      if (posted) {
        // Graph had created the profile (no assignments yet) when the process died.
        const id = 'c7a5e0d0-0000-4000-8000-00000000c7a5';
        h.intune.profiles.push({
          id,
          displayName: 'Crashed create',
          description: 'For sales',
          priority: h.intune.profiles.length,
          defaultEnrollmentType: 'accountDrivenUserEnrollment',
          availableEnrollmentTypeOptions: [],
          createdDateTime: new Date(Date.now() - 4 * 60_000).toISOString(),
        });
        h.intune.assignments.set(id, []);
      }
      // The admin's old Review card: its Create now shows where the run stands.
      const stuck = responseCard((await click(h, review, 'Create', {}, asAdmin)).response);
      return { card: stuck, name: 'Crashed create' };
    }

    it('adopts the profile Graph created before the crash and finishes its assignments', async () => {
      const h = harness();
      const { card, name } = await crashedAfter(h, true);
      expect(cardTexts(card).join('\n')).toMatch(/Profile created|Still working on it/);
      const done = /Profile created/.test(cardTexts(card).join('\n'))
        ? card
        : responseCard((await click(h, card, 'Check again', {}, asAdmin)).response);
      expect(cardTexts(done).join('\n')).toMatch(/Profile created/);
      const mine = h.intune.profiles.filter((p) => p.displayName === name);
      expect(mine).toHaveLength(1);
      expect(h.intune.assignments.get(mine[0]!.id)).toEqual([
        expect.objectContaining({ target: { kind: 'group', groupId: FAKE.sales } }),
      ]);
      // Adopted, not posted again.
      expect(h.intune.calls.filter((c) => c === 'create')).toHaveLength(0);
    });

    it('goes back to Review, saying nothing was created, when the crash came before the POST', async () => {
      const h = harness();
      const { card: stuck } = await crashedAfter(h, false);
      expect(cardTexts(stuck).join('\n')).toMatch(/Still working on it/);
      const card = responseCard((await click(h, stuck, 'Check again', {}, asAdmin)).response);
      const text = cardTexts(card).join('\n');
      expect(text).toMatch(/interrupted .* Nothing exists yet: press Create again/);
      expect(h.intune.calls).not.toContain('create');
      const created = responseCard((await click(h, card, 'Create', {}, asAdmin)).response);
      expect(cardTexts(created).join('\n')).toMatch(/Profile created/);
      expect(h.intune.profiles.filter((p) => p.displayName === 'Crashed create')).toHaveLength(1);
    });
  });

  it('goes Back and Edit without losing what was entered, and Cancel creates nothing', async () => {
    const h = harness();
    const review = await toReview(h, 'Keep me');
    const back = responseCard((await click(h, review, 'Back', {}, asAdmin)).response);
    expect(cardTexts(back).join('\n')).toMatch(/\*\*Assignments\*\*/);
    expect(cardTexts(back).join('\n')).toMatch(/Included groups:\*\* Sales/);
    const review2 = responseCard(
      (await click(h, back, 'Next', { target: 'groups' }, asAdmin)).response,
    );
    const basics = responseCard((await click(h, review2, 'Basics', {}, asAdmin)).response);
    expect(JSON.stringify(basics)).toContain('"value":"Keep me"');
    const cancelled = responseCard((await click(h, basics, 'Cancel', {}, asAdmin)).response);
    expect(cardTexts(cancelled).join('\n')).toMatch(/Nothing was created/);
    expect(h.intune.calls).not.toContain('create');
  });

  it('offers legacy Company Portal user enrollment only as "no longer available" for new profiles', async () => {
    const h = harness();
    const basics = await startWizard(h);
    const settings = responseCard(
      (await click(h, basics, 'Next', { name: 'Legacy try' }, asAdmin)).response,
    );
    expect(JSON.stringify(settings)).not.toContain('"value":"user"');
    expect(cardTexts(settings).join('\n')).toMatch(/no longer available for new enrollments/i);
    const refused = responseCard(
      (await click(h, settings, 'Next', { enrollmentType: 'user' }, asAdmin)).response,
    );
    expect(cardTexts(refused).join('\n')).toMatch(/no longer available/);
  });

  it('refuses an employee at the command and on every card action', async () => {
    const h = harness();
    const [reply] = await h.send(message('create profile', asEmployee));
    expect(cardTexts(cardOf(reply)).join('\n')).toMatch(/Intune Administrator/);
    const basics = await startWizard(h);
    const attempt = await click(h, basics, 'Next', { name: 'Sneaky' }, asEmployee);
    expect(attempt.response.statusCode).toBe(403);
    expect(h.intune.calls).not.toContain('create');
  });

  it('re-checks the role on every action: an admin demoted mid-wizard is stopped', async () => {
    const admins = [FAKE.admin];
    const h = createBotHarness({ admins, intune: seededIntune() });
    const basics = await startWizard(h);
    admins.length = 0;
    const h2 = createBotHarness({ admins: [], intune: h.intune, storage: h.storage });
    const attempt = await click(h2, basics, 'Next', { name: 'After demotion' }, asAdmin);
    expect(attempt.response.statusCode).toBe(403);
  });

  it("refuses another admin's card and a stale or replayed card, changing nothing", async () => {
    const other = 'aaaaaaaa-0000-4000-8000-0000000000ff';
    const h = createBotHarness({ admins: [FAKE.admin, other], intune: seededIntune() });
    const basics = await startWizard(h);
    const foreign = await click(
      h,
      basics,
      'Next',
      { name: 'Hijack' },
      { from: { aadObjectId: other } },
    );
    expect(foreign.response.statusCode).toBe(403);
    const settings = responseCard(
      (await click(h, basics, 'Next', { name: 'Mine' }, asAdmin)).response,
    );
    const replay = responseCard(
      (await click(h, basics, 'Next', { name: 'Replayed' }, asAdmin)).response,
    );
    expect(cardTexts(replay).join('\n')).toMatch(/older copy of this card/);
    expect(cardTexts(replay).join('\n')).toMatch(/\*\*Settings\*\*/);
    expect(cardTexts(settings).join('\n')).toMatch(/\*\*Settings\*\*/);
  });

  it('resumes after a restart: a new bot over the same storage continues the run', async () => {
    const h = harness();
    const basics = await startWizard(h);
    const settings = responseCard(
      (await click(h, basics, 'Next', { name: 'Survives restart' }, asAdmin)).response,
    );
    const restarted = createBotHarness({
      admins: [FAKE.admin],
      intune: h.intune,
      storage: h.storage,
    });
    const assignments = responseCard(
      (await click(restarted, settings, 'Next', { enrollmentType: 'webDeviceEnrollment' }, asAdmin))
        .response,
    );
    expect(cardTexts(assignments).join('\n')).toMatch(/\*\*Assignments\*\*/);
  });

  it('shows Graph errors with the missing permission and request id', async () => {
    const h = harness();
    const review = await toReview(h);
    h.intune.failNext('create', 403, 'DeviceManagementServiceConfig.ReadWrite.All');
    const failed = responseCard((await click(h, review, 'Create', {}, asAdmin)).response);
    const text = cardTexts(failed).join('\n');
    expect(text).toMatch(/DeviceManagementServiceConfig\.ReadWrite\.All/);
    expect(text).toMatch(/req-injected-1/);
    expect(text).toMatch(/nothing was created/);
    expect(h.intune.profiles.some((p) => p.displayName === 'iOS BYOD Sales')).toBe(false);
  });

  it('says plainly on every card when it is the sandbox', async () => {
    const h = harness(true);
    const basics = await startWizard(h);
    expect(cardTexts(basics).join('\n')).toMatch(/Local Intune sandbox/);
  });
});

describe('wizard helpers', () => {
  it('validates names', () => {
    expect(validateName('ok')).toBeUndefined();
    expect(validateName('')).toMatch(/Enter/);
    expect(validateName('a\nb')).toMatch(/line breaks/);
  });
  it('maps user choice to owner/method pairs, copying an existing profile when there is one', () => {
    expect(enrollmentBody('accountDrivenUserEnrollment')).toEqual({
      defaultEnrollmentType: 'accountDrivenUserEnrollment',
      availableEnrollmentTypeOptions: [],
    });
    expect(enrollmentBody('userChoice').availableEnrollmentTypeOptions).toContainEqual({
      ownerType: 'personal',
      enrollmentType: 'accountDrivenUserEnrollment',
    });
    const template = {
      id: 'x',
      displayName: 'x',
      description: '',
      priority: 0,
      defaultEnrollmentType: 'user' as const,
      availableEnrollmentTypeOptions: [
        { ownerType: 'company' as const, enrollmentType: 'device' as const },
      ],
    };
    expect(enrollmentBody('userChoice', template)).toEqual({
      defaultEnrollmentType: 'user',
      availableEnrollmentTypeOptions: [{ ownerType: 'company', enrollmentType: 'device' }],
    });
  });
});
