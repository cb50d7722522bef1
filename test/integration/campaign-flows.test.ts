/**
 * Enrollment campaigns in the chat, turn by turn through the real bot (TestAdapter): the admin's
 * wizard (profile groups listed with their people, search, checks, review, start), the dashboard
 * (status, pause, resume, end, export), the employee's card (Start now, I don't have an iPhone or
 * iPad, Remind me later, I need help) and what the guide and the report form tell campaigns.
 * Identity comes from the activity: forged, stale, replayed and unauthorised clicks change
 * nothing and get a clear answer.
 */
import type { Campaign } from '../../src/campaigns/model';
import { keys, shardOf } from '../../src/campaigns/model';
import { VERBS } from '../../src/cards/verbs';
import { campaignMessages } from '../../src/flows/campaign';
import { cardAction, message, SSO_REPORT_FORM } from '../factories/activities';
import { FAKE } from '../fakes/fake-intune';
import { cardOf, cardTexts, createBotHarness, type BotHarness } from '../helpers/bot-harness';
import { validateCard } from '../helpers/card-validation';
import { click, executeActions, responseCard } from '../helpers/clicks';

const ADMIN = { id: '29:admin', name: 'Adele Vance', aadObjectId: FAKE.admin };
const MEGAN = { id: '29:megan', name: 'Megan Bowen', aadObjectId: FAKE.employee };
const LEE = { id: '29:lee', name: 'Lee Gu', aadObjectId: 'eeeeeeee-0000-4000-8000-0000000000ee' };
const WIZARD_CARD_ID = 'activity-wizard-card';

const text = (card: Record<string, unknown>): string => cardTexts(card).join('\n');

function harness(): BotHarness {
  return createBotHarness({ admins: [ADMIN.aadObjectId] });
}

function inDays(n: number): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Walks the wizard to the review card with Sales (found by search) chosen. */
async function toReview(h: BotHarness): Promise<Record<string, unknown>> {
  const [reply] = await h.send(message('start campaign', { from: ADMIN }));
  const setup = cardOf(reply);
  expect(validateCard(setup)).toEqual([]);
  const searched = responseCard(
    (await click(h, setup, 'Search', { groupSearch: 'Sal' }, { from: ADMIN })).response,
  );
  expect(text(searched)).toMatch(/Sales · 1 person · found by name/);
  return responseCard(
    (
      await click(
        h,
        searched,
        'Next: review',
        {
          name: 'Sales iPhones',
          groups: FAKE.sales,
          method: 'accountDrivenUserEnrollment',
          message: 'Please enroll your iPhone before the 18th.',
          deadline: inDays(10),
          reminders: '3,7',
        },
        { from: ADMIN },
      )
    ).response,
  );
}

async function started(
  h: BotHarness,
): Promise<{ campaign: Campaign; dashboard: Record<string, unknown> }> {
  const review = await toReview(h);
  const { response } = await click(
    h,
    review,
    'Start campaign',
    {},
    {
      from: ADMIN,
      overrides: { replyToId: WIZARD_CARD_ID },
    },
  );
  const dashboard = responseCard(response);
  const [entry] = await h.campaigns.list();
  const campaign = entry ? await h.campaigns.get(entry.id) : undefined;
  if (!campaign) throw new Error('no campaign was stored');
  return { campaign, dashboard };
}

/** Puts Megan in a campaign's audience, as the runner's audience read does. */
async function withMegan(h: BotHarness, campaign: Campaign): Promise<Record<string, unknown>> {
  await h.campaigns.updateShard(campaign.id, shardOf(MEGAN.aadObjectId), (people) => {
    people[MEGAN.aadObjectId.toLowerCase()] = {
      id: MEGAN.aadObjectId.toLowerCase(),
      name: 'Megan Bowen',
      upn: 'meganb@contoso.example',
      inAudience: true,
      gen: 1,
      reminders: 0,
      invitedAt: Date.now(),
    };
    return true;
  });
  const activity = campaignMessages({ sandbox: false, sandboxNotice: '' }).invite(campaign, {
    id: MEGAN.aadObjectId,
    name: 'Megan Bowen',
    upn: 'meganb@contoso.example',
    inAudience: true,
    gen: 1,
    reminders: 0,
  }) as { attachments: [{ content: Record<string, unknown> }] };
  return activity.attachments[0].content;
}

describe('start campaign (admins)', () => {
  it('lists the groups profiles are assigned to, finds others, checks the form, reviews and starts', async () => {
    const h = harness();
    const [reply] = await h.send(message('start campaign', { from: ADMIN }));
    const setup = cardOf(reply);
    expect(text(setup)).toMatch(/Step 1 of 2/);
    // Finance is assigned to the profile "BYOD account driven"; All users is not a group.
    const choiceTitles = JSON.stringify(setup);
    expect(choiceTitles).toContain(
      'Finance · 0 people · assigned to the profile “BYOD account driven”',
    );

    // Nothing picked: told what is missing, nothing stored.
    const missing = responseCard(
      (await click(h, setup, 'Next: review', { groups: '', deadline: inDays(5) }, { from: ADMIN }))
        .response,
    );
    expect(text(missing)).toMatch(/Pick at least one group/);
    // A past deadline and an emptied message are refused in plain words.
    const past = responseCard(
      (
        await click(
          h,
          missing,
          'Next: review',
          { groups: FAKE.finance, deadline: '2020-01-01' },
          { from: ADMIN },
        )
      ).response,
    );
    expect(text(past)).toMatch(/deadline is in the past/);
    // Groups that were never offered (a forged id) are dropped, not trusted.
    const forged = responseCard(
      (
        await click(
          h,
          past,
          'Next: review',
          { groups: 'ffffffff-0000-4000-8000-00000000dead', deadline: inDays(5) },
          { from: ADMIN },
        )
      ).response,
    );
    expect(text(forged)).toMatch(/Pick at least one group/);
    expect(await h.campaigns.list()).toEqual([]);
    // Huge or odd text: a name is cut to 100 characters, a message far over the limit is refused
    // in plain words, and nothing is stored.
    const huge = responseCard(
      (
        await click(
          h,
          forged,
          'Next: review',
          { groups: FAKE.finance, deadline: inDays(5), message: 'x'.repeat(30_000) },
          { from: ADMIN },
        )
      ).response,
    );
    expect(text(huge)).toMatch(/Some fields could not be read/);
    const long = responseCard(
      (
        await click(
          h,
          huge,
          'Next: review',
          {
            groups: FAKE.finance,
            deadline: inDays(5),
            name: `\u202e${'N'.repeat(500)}`,
            message: 'Please enroll.',
          },
          { from: ADMIN },
        )
      ).response,
    );
    expect(text(long)).toMatch(/Step 2 of 2/);
    expect(text(long)).toContain('N'.repeat(99));
    expect(text(long)).not.toContain('N'.repeat(101));
    expect(text(long)).not.toContain('\u202e');
    expect(await h.campaigns.list()).toEqual([]);
  });

  it('starts the campaign: stored, audited, the runner woken, the wizard card turned into the dashboard', async () => {
    const h = harness();
    const review = await toReview(h);
    const reviewText = text(review);
    expect(reviewText).toMatch(/Sales · up to 1 person/);
    expect(reviewText).toMatch(/Please enroll your iPhone before the 18th/);
    expect(reviewText).toMatch(/After 3 and 7 working days/);
    expect(reviewText).toMatch(
      /Start now.*I don't have an iPhone or iPad.*Remind me later.*I need help/,
    );
    const { response } = await click(
      h,
      review,
      'Start campaign',
      {},
      {
        from: ADMIN,
        overrides: { replyToId: WIZARD_CARD_ID },
      },
    );
    const dashboard = responseCard(response);
    expect(text(dashboard)).toMatch(/Started\. People are being reached now/);
    // Before the groups are read: no empty charts, the number the wizard counted.
    expect(text(dashboard)).toMatch(/reading the audience \(up to 1 person\)/);
    expect(JSON.stringify(dashboard)).not.toContain('Chart.');
    const [entry] = await h.campaigns.list();
    const campaign = await h.campaigns.get(entry?.id ?? '');
    expect(campaign).toMatchObject({
      name: 'Sales iPhones',
      status: 'active',
      groups: [{ id: FAKE.sales, name: 'Sales' }],
      reminderDays: [3, 7],
      createdBy: { aadObjectId: ADMIN.aadObjectId },
      dashboard: { activityId: WIZARD_CARD_ID },
    });
    expect(h.campaignPokes).toEqual([campaign?.id]);
    const audit = await h.admin.audit.recent(5);
    expect(audit[0]).toMatchObject({
      action: 'campaign.start',
      target: { type: 'campaign', name: 'Sales iPhones' },
    });
    // The same Start clicked again (a replay or a double click) starts nothing more.
    const again = await click(h, review, 'Start campaign', {}, { from: ADMIN });
    expect(again.response.statusCode).toBe(409);
    expect(await h.campaigns.list()).toHaveLength(1);
  });

  it('refuses people who are not admins, typed or forged, and changes nothing', async () => {
    const h = harness();
    const [reply] = await h.send(message('start campaign', { from: MEGAN }));
    expect(JSON.stringify(reply)).toMatch(/admin/i);
    const review = await toReview(h);
    const forged = await click(h, review, 'Start campaign', {}, { from: MEGAN });
    expect(forged.response.statusCode).toBe(403);
    expect(await h.campaigns.list()).toEqual([]);
    // Malformed card data gets a clear answer, not a crash.
    const [bad] = await h.send(
      cardAction(VERBS.campaignWizardStart, { draftId: '../../etc', rev: 'x' }, { from: ADMIN }),
    );
    expect(JSON.stringify(bad)).toMatch(/"statusCode":400/);
  });
});

describe('the campaign dashboard (admins)', () => {
  it('campaign status shows the figures; pause, resume and end follow the state and are audited', async () => {
    const h = harness();
    const { campaign } = await started(h);
    await withMegan(h, campaign);
    const [reply] = await h.send(message('campaign status', { from: ADMIN }));
    const dashboard = cardOf(reply);
    expect(validateCard(dashboard)).toEqual([]);
    expect(text(dashboard)).toMatch(/Active · 0 of 1 enrolled \(0 %\)/);
    expect(executeActions(dashboard).map((a) => a.title)).toEqual([
      'Refresh',
      'Pause',
      'Export CSV',
      'End it',
    ]);

    const paused = responseCard((await click(h, dashboard, 'Pause', {}, { from: ADMIN })).response);
    expect(text(paused)).toMatch(/Paused: no messages go out/);
    expect(executeActions(paused).map((a) => a.title)).toContain('Resume');
    expect((await h.campaigns.get(campaign.id))?.status).toBe('paused');
    // The old card (before the pause) is stale now.
    const stale = await click(h, dashboard, 'Pause', {}, { from: ADMIN });
    expect(stale.response.statusCode).toBe(409);
    // Someone else cannot pause or end it.
    const refused = await click(h, paused, 'Resume', {}, { from: MEGAN });
    expect(refused.response.statusCode).toBe(403);
    const resumed = responseCard((await click(h, paused, 'Resume', {}, { from: ADMIN })).response);
    const ended = responseCard((await click(h, resumed, 'End it', {}, { from: ADMIN })).response);
    expect(text(ended)).toMatch(/Ended: no more messages/);
    expect(executeActions(ended).map((a) => a.title)).toEqual(['Refresh', 'Export CSV']);
    const actions = (await h.admin.audit.recent(10)).map((e) => e.action);
    expect(actions.slice(0, 3)).toEqual(['campaign.end', 'campaign.resume', 'campaign.pause']);
  });

  it('export gives a one-time link for 15 minutes, to admins only', async () => {
    const h = harness();
    const { dashboard } = await started(h);
    const exported = responseCard(
      (await click(h, dashboard, 'Export CSV', {}, { from: ADMIN })).response,
    );
    const link =
      /\((https:\/\/bot\.contoso\.example\/api\/campaigns\/export\/([A-Za-z0-9_-]{32}))\)/.exec(
        text(exported),
      );
    expect(link).not.toBeNull();
    const token = link?.[2] ?? '';
    const stored = (await h.storage.read([keys.exportToken(token)]))[keys.exportToken(token)] as {
      expires: number;
      by: string;
    };
    expect(stored.by).toBe(ADMIN.aadObjectId);
    expect(stored.expires - Date.now()).toBeGreaterThan(14 * 60_000);
    expect(stored.expires - Date.now()).toBeLessThanOrEqual(15 * 60_000);
    const [typed] = await h.send(message('campaign export', { from: ADMIN }));
    expect(String(typed?.text)).toMatch(/Download the CSV of everyone in “Sales iPhones”/);
    const refused = await click(h, dashboard, 'Export CSV', {}, { from: MEGAN });
    expect(refused.response.statusCode).toBe(403);
  });

  it('says so when there is no campaign, or no campaign of that name', async () => {
    const h = harness();
    const [none] = await h.send(message('campaign status', { from: ADMIN }));
    expect(String(none?.text)).toMatch(/no campaign yet.*start campaign/);
    await started(h);
    const [other] = await h.send(message('campaign status Finance rollout', { from: ADMIN }));
    expect(String(other?.text)).toMatch(/no campaign called “finance rollout”.*Sales iPhones/);
  });
});

describe('the employee’s campaign card', () => {
  it('Start now opens the guide and counts it; Remind me later sets a working-day reminder', async () => {
    const h = harness();
    const { campaign } = await started(h);
    const invite = await withMegan(h, campaign);
    expect(validateCard(invite)).toEqual([]);
    expect(executeActions(invite).map((a) => a.title)).toEqual([
      'Start now',
      "I don't have an iPhone or iPad",
      'Remind me later',
      'I need help',
    ]);
    const start = await click(h, invite, 'Start now', {}, { from: MEGAN });
    expect(text(responseCard(start.response))).toMatch(/Your guide is below/);
    // The guide asks for the device (nothing known yet) in the same chat.
    expect(JSON.stringify(start.others)).toMatch(/iPhone|iPad/);
    let megan = await h.campaigns.person(campaign.id, MEGAN.aadObjectId);
    expect(megan?.openedAt).toBeGreaterThan(0);

    const later = await click(
      h,
      invite,
      'Remind me later',
      {},
      {
        from: MEGAN,
        overrides: { localTimezone: 'Europe/Berlin' },
      },
    );
    expect(text(responseCard(later.response))).toMatch(
      /I will remind you on (Monday|Tuesday|Wednesday|Thursday|Friday) \d+ \w+ at 09:00/,
    );
    megan = await h.campaigns.person(campaign.id, MEGAN.aadObjectId);
    expect(megan?.tz).toBe('Europe/Berlin');
    expect(megan?.remindAt).toBeGreaterThan(Date.now());
  });

  it('"I don\'t have an iPhone or iPad" stops every message and takes the buttons away', async () => {
    const h = harness();
    const { campaign } = await started(h);
    const invite = await withMegan(h, campaign);
    const noDevice = responseCard(
      (await click(h, invite, "I don't have an iPhone or iPad", {}, { from: MEGAN })).response,
    );
    expect(text(noDevice)).toMatch(/no more messages about this/);
    expect(executeActions(noDevice)).toEqual([]);
    expect((await h.campaigns.person(campaign.id, MEGAN.aadObjectId))?.optedOut).toBe('no-device');
  });

  it('someone outside the audience, or a forged campaign, changes nothing', async () => {
    const h = harness();
    const { campaign } = await started(h);
    const invite = await withMegan(h, campaign);
    const lee = await click(h, invite, "I don't have an iPhone or iPad", {}, { from: LEE });
    expect(String(lee.response.value)).toMatch(/not for your account/);
    expect(await h.campaigns.person(campaign.id, LEE.aadObjectId)).toBeUndefined();
    expect((await h.campaigns.person(campaign.id, MEGAN.aadObjectId))?.optedOut).toBeUndefined();
    const [forged] = await h.send(
      cardAction(VERBS.campaignPersonNoDevice, { campaignId: 'cmp-<script>' }, { from: MEGAN }),
    );
    expect(JSON.stringify(forged)).toMatch(/"statusCode":400/);
    const [unknown] = await h.send(
      cardAction(VERBS.campaignPersonNoDevice, { campaignId: 'cmp-zzzzzzzzzz' }, { from: MEGAN }),
    );
    expect(JSON.stringify(unknown)).toMatch(/not for your account/);
  });

  it('I need help opens the report form; the report and the finished guide count for the campaign', async () => {
    const h = harness();
    const { campaign } = await started(h);
    const invite = await withMegan(h, campaign);
    const help = await click(h, invite, 'I need help', {}, { from: MEGAN });
    expect(String(help.response.value)).toMatch(/helpdesk form below/);
    const form = cardOf(help.others[0]);
    expect(JSON.stringify(form)).toContain('About the campaign “Sales iPhones”');
    // Megan sends a report: the campaign counts it with the cause the helpdesk diagnosed.
    await click(
      h,
      form,
      'Send to the helpdesk',
      { ...SSO_REPORT_FORM, question: 'About the campaign: it fails at sign-in' },
      { from: MEGAN },
    );
    const megan = await h.campaigns.person(campaign.id, MEGAN.aadObjectId);
    expect(megan?.reportedAt).toBeGreaterThan(0);
    expect(megan?.cause).toMatch(/\w/);
    // Finishing the guide ("it worked") counts too.
    await h.send(
      cardAction(
        VERBS.guideCheck,
        {
          guide: {
            method: 'accountDrivenUserEnrollment',
            device: 'iPhone',
            os: '18.1',
            ownership: 'personal',
          },
          ok: true,
        },
        { from: MEGAN },
      ),
    );
    expect((await h.campaigns.person(campaign.id, MEGAN.aadObjectId))?.finishedAt).toBeGreaterThan(
      0,
    );
  });
});
