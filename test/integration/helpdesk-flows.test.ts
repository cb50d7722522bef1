import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { Activity } from 'botbuilder';

import { VERBS } from '../../src/cards/verbs';
import { HELPDESK_CHANNEL_KEY } from '../../src/flows/helpdesk/helpdesk';
import { signWebhookBody, TicketStore } from '../../src/helpdesk';
import type { OutboxMessageInput } from '../../src/outbox';
import {
  cardAction,
  CHANNEL_CONVERSATION_ID,
  TEAM_GROUP_ID,
  message,
  PERSONAL_CONVERSATION_ID,
  SSO_REPORT_FORM,
  USER,
} from '../factories/activities';
import { FAKE, seededIntune } from '../fakes/fake-intune';
import type { FakeSetup } from '../fakes/fake-setup';
import { startTestApp, type TestApp } from '../helpers/app';
import {
  type BotHarness,
  cardButtons,
  cardOf,
  cardTexts,
  createBotHarness,
} from '../helpers/bot-harness';
import { forEachNode, validateCard } from '../helpers/card-validation';
import { click, executeActions, invokeStatus, responseCard } from '../helpers/clicks';

const ADMIN = {
  id: '29:admin-mri',
  name: 'Adele Vance',
  aadObjectId: 'aaaaaaaa-0000-0000-0000-0000000000ad',
};

const AGENT = {
  id: '29:agent-mri',
  name: 'Alex Wilber',
  aadObjectId: 'aaaaaaaa-0000-0000-0000-0000000000a9',
};
const LEE = {
  id: '29:lee-mri',
  name: 'Lee Gu',
  aadObjectId: 'aaaaaaaa-0000-0000-0000-000000000002',
};

interface InvokeBody {
  statusCode: number;
  type: string;
  value: Record<string, unknown>;
}

function invokeBody(reply: Partial<Activity> | undefined): InvokeBody {
  return (reply?.value as { body: InvokeBody }).body;
}

const SSO_FORM = SSO_REPORT_FORM;

describe('helpdesk: employee reports', () => {
  it('"report a problem" opens the form card with the step picker', async () => {
    const h = createBotHarness();
    const [reply] = await h.send(message('report a problem'));
    const card = cardOf(reply);
    expect(validateCard(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain('"id":"step"');
    expect(JSON.stringify(card)).toContain(VERBS.helpdeskReportSubmit);
    expect(cardButtons(card)).toContain('Send to the helpdesk');
  });

  it('"enrollment failed" opens the same form', async () => {
    const h = createBotHarness();
    const [reply] = await h.send(message('enrollment failed'));
    expect(JSON.stringify(cardOf(reply))).toContain(VERBS.helpdeskReportSubmit);
  });

  it('files a ticket, answers with its number and shows the self-fix for the SSO error', async () => {
    const h = createBotHarness();
    const [reply] = await h.send(
      cardAction(VERBS.helpdeskReportSubmit, { ...SSO_FORM, reporter: 'forged-id' }),
    );
    const body = invokeBody(reply);
    expect(body.statusCode).toBe(200);
    expect(validateCard(body.value)).toEqual([]);
    const texts = cardTexts(body.value).join('\n');
    const id = /Ticket \*\*(ENR-[0-9A-Z]{4}-[0-9A-Z]{4})\*\*/.exec(texts)?.[1];
    expect(id).toBeDefined();
    expect(texts).toMatch(/fix this yourself/);
    expect(texts).toMatch(/Authenticator/);
    const ticket = await h.helpdesk.tickets.get(id!);
    expect(ticket?.status).toBe('open');
    expect(ticket?.reporter).toEqual({ aadObjectId: USER.aadObjectId, name: USER.name });
    expect(ticket?.diagnosis.employeeCanFix).toBe(true);
    // No channel is set: stored, nothing enqueued, and the employee is told it was saved.
    expect(h.outbox.messages).toHaveLength(0);
    expect(texts).toMatch(/report is saved/);
  });

  it('files one ticket when the same form is submitted twice', async () => {
    const h = createBotHarness();
    const formId = '3b241101-e2bb-4255-8caf-4136c566a962';
    const first = invokeBody(
      (await h.send(cardAction(VERBS.helpdeskReportSubmit, { ...SSO_FORM, formId })))[0],
    );
    const second = invokeBody(
      (await h.send(cardAction(VERBS.helpdeskReportSubmit, { ...SSO_FORM, formId })))[0],
    );
    const idOf = (b: typeof first): string | undefined =>
      /Ticket \*\*(ENR-[0-9A-Z]{4}-[0-9A-Z]{4})\*\*/.exec(cardTexts(b.value).join('\n'))?.[1];
    expect(idOf(first)).toBeDefined();
    expect(idOf(second)).toBe(idOf(first));
    expect(await h.helpdesk.tickets.listOpen()).toHaveLength(1);
  });

  it('does not show self-fix steps when the helpdesk has to act', async () => {
    const h = createBotHarness();
    const [reply] = await h.send(
      cardAction(VERBS.helpdeskReportSubmit, {
        ...SSO_FORM,
        errorText: 'Something odd zqxj happened',
        osVersion: '',
      }),
    );
    const texts = cardTexts(invokeBody(reply).value).join('\n');
    expect(texts).toMatch(/ENR-/);
    expect(texts).not.toMatch(/fix this yourself/);
  });

  it('bad input: the form comes back with errors beside the fields and the values kept', async () => {
    const h = createBotHarness();
    const [reply] = await h.send(
      cardAction(VERBS.helpdeskReportSubmit, {
        step: 'nowhere',
        errorText: '   ',
        deviceModel: 'iPad Air',
        osVersion: 'banana',
        ownership: 'personal',
      }),
    );
    const body = invokeBody(reply);
    expect(body.statusCode).toBe(200);
    const json = JSON.stringify(body.value);
    expect(json).toContain(VERBS.helpdeskReportSubmit);
    expect(json).toContain('"value":"iPad Air"');
    expect(json).toContain('"value":"banana"');
    const texts = cardTexts(body.value).join('\n');
    expect(texts).toMatch(/Choose the step/);
    expect(texts).toMatch(/message you saw/);
    expect(texts).toMatch(/should look like/);
    expect(await h.helpdesk.tickets.listOpen()).toHaveLength(0);
  });

  it('"It failed at this step" in the guide sends the form prefilled from the guide', async () => {
    const h = createBotHarness();
    const overview = cardOf((await h.send(message('enroll my iphone on ios 17.4')))[0]);
    const step1 = responseCard((await click(h, overview, 'Go step by step')).response);
    const failed = await click(h, step1, 'It failed at this step');
    const form = cardOf(failed.others[1]);
    const json = JSON.stringify(form);
    expect(json).toContain(VERBS.helpdeskReportSubmit);
    expect(json).toMatch(/"id":"osVersion"[^}]*"value":"17\.4"/);
    expect(json).toMatch(/"id":"deviceModel"[^}]*"value":"iPhone"/);
    expect(json).toMatch(/"id":"step"[^}]*"value":"[a-z-]+"/);
  });

  it('a reporter the directory knows gets their UPN and a chat link on the alert', async () => {
    const h = createBotHarness({ admins: [ADMIN.aadObjectId] });
    await h.send(message('set helpdesk channel', { scope: 'team', from: ADMIN }));
    await h.send(
      cardAction(VERBS.helpdeskReportSubmit, SSO_FORM, {
        from: { id: '29:megan', name: 'Megan Bowen', aadObjectId: FAKE.employee },
      }),
    );
    const card = alertCardOf(h.outbox.messages[0]);
    expect(cardTexts(card).join('\n')).toContain('UPN: meganb@contoso.example');
    expect(JSON.stringify(card)).toContain(
      'https://teams.microsoft.com/l/chat/0/0?users=meganb%40contoso.example',
    );
  });

  it('diagnoses an expired Apple push certificate from Graph, whatever the employee typed', async () => {
    const h = createBotHarness({ admins: [ADMIN.aadObjectId] });
    (h.admin.setup as FakeSetup).apns = {
      appleIdentifier: 'mdm@contoso.example',
      expirationDateTime: '2026-11-01T00:00:00Z',
    };
    await h.send(message('set helpdesk channel', { scope: 'team', from: ADMIN }));
    const [reply] = await h.send(
      cardAction(VERBS.helpdeskReportSubmit, { ...SSO_FORM, errorText: 'It just says failed' }),
    );
    // The employee is not sent off to fix it themselves: only an admin can.
    expect(cardTexts(invokeBody(reply).value).join('\n')).not.toMatch(/uninstall/i);
    const texts = cardTexts(alertCardOf(h.outbox.messages[0])).join('\n');
    expect(texts).toMatch(/push certificate/i);
    expect(texts).toMatch(/expired on 2026-11-01/);
  });

  it('records the enrollment method of the profile Intune applies to the reporter (Graph)', async () => {
    const intune = seededIntune();
    // Megan is in Finance, which the account-driven profile (priority 0) is assigned to.
    intune.groups.find((g) => g.id === FAKE.finance)!.members = [FAKE.employee];
    const h = createBotHarness({ admins: [ADMIN.aadObjectId], intune, profileMethods: true });
    await h.send(message('set helpdesk channel', { scope: 'team', from: ADMIN }));
    await h.send(
      cardAction(VERBS.helpdeskReportSubmit, SSO_FORM, {
        from: { id: '29:megan', name: 'Megan Bowen', aadObjectId: FAKE.employee },
      }),
    );
    const [ticket] = await h.helpdesk.tickets.listOpen();
    expect(ticket?.method).toBe('accountDrivenUserEnrollment');
    expect(cardTexts(alertCardOf(h.outbox.messages[0])).join('\n')).toContain(
      'Method: Account-driven User Enrollment',
    );
    // Nobody's profile applies (only the legacy one): "not given", never a guess.
    await h.send(
      cardAction(
        VERBS.helpdeskReportSubmit,
        { ...SSO_FORM, errorText: 'Other failure' },
        {
          from: {
            id: '29:lee',
            name: 'Lee Gu',
            aadObjectId: 'eeeeeeee-0000-4000-8000-0000000000ff',
          },
        },
      ),
    );
    const lee = (await h.helpdesk.tickets.listOpen()).find((t) => t.reporter.name === 'Lee Gu');
    expect(lee?.method).toBeUndefined();
  });

  it('escapes what the employee typed on the alert card', async () => {
    const h = createBotHarness({ admins: [ADMIN.aadObjectId] });
    await h.send(message('set helpdesk channel', { scope: 'team', from: ADMIN }));
    await h.send(
      cardAction(VERBS.helpdeskReportSubmit, {
        ...SSO_FORM,
        deviceModel: '[click](https://evil.example)',
      }),
    );
    const activity = h.outbox.messages[0]?.activity as { attachments: [{ content: unknown }] };
    expect(JSON.stringify(activity.attachments[0].content)).toContain('\\\\[click\\\\]');
  });
});

describe('helpdesk: bidirectional overrides in what people type', () => {
  const BIDI = /[\u202a-\u202e\u2066-\u2069]/;

  it('never reach the employee, the channel card, the ticket list or helpdesk status', async () => {
    const h = createBotHarness({
      admins: [ADMIN.aadObjectId],
      helpdeskMembers: [ADMIN.aadObjectId],
    });
    await h.send(message('set helpdesk channel', { scope: 'team', from: ADMIN }));
    const replies = await h.send(
      cardAction(
        VERBS.helpdeskReportSubmit,
        {
          ...SSO_FORM,
          errorText: 'Could not open invoice\u202efdp.exe',
          deviceModel: 'iPhone \u2066 15\u2069',
        },
        { from: { id: '29:spoof', name: 'Adele\u202e Vance', aadObjectId: FAKE.employee } },
      ),
    );
    replies.push(...(await h.send(message('tickets', { scope: 'team', from: ADMIN }))));
    replies.push(...(await h.send(message('helpdesk status', { scope: 'team', from: ADMIN }))));
    // What people see: texts, summaries, cards (invoke responses carry theirs in `value`). The
    // reply's own addressing (the reporter's name as Teams sent it) is not content.
    const shown = (a: Partial<Activity>): unknown => [a.text, a.summary, a.attachments, a.value];
    const everything = JSON.stringify([
      replies.map(shown),
      h.outbox.messages.map((m) => shown(m.activity as Partial<Activity>)),
    ]);
    expect(everything).not.toMatch(BIDI);
    // The text shows in its real order.
    expect(cardTexts(alertCardOf(h.outbox.messages[0])).join('\n')).toContain('invoicefdp.exe');
  });
});

describe('helpdesk: the channel', () => {
  it('with no channel, admins are told about stored reports on their next message, once', async () => {
    const h = createBotHarness({ admins: [ADMIN.aadObjectId] });
    await h.send(cardAction(VERBS.helpdeskReportSubmit, SSO_FORM));
    const [id] = (await h.helpdesk.tickets.listOpen()).map((t) => t.id);
    // An employee's message does not reveal it.
    expect(await h.send(message('help'))).toHaveLength(1);
    const replies = await h.send(message('help', { from: ADMIN }));
    expect(replies).toHaveLength(2);
    const reminder = cardTexts(cardOf(replies[0])).join('\n');
    expect(reminder).toContain(id!);
    expect(reminder).toMatch(/set helpdesk channel/);
    expect(await h.send(message('help', { from: ADMIN }))).toHaveLength(1);
  });

  it('a non-admin cannot set the helpdesk channel, and nothing is stored', async () => {
    const h = createBotHarness({ admins: [ADMIN.aadObjectId] });
    const [reply] = await h.send(message('set helpdesk channel', { scope: 'team' }));
    expect(cardTexts(cardOf(reply)).join('\n')).toMatch(/Only enrollment administrators/);
    expect((await h.storage.read([HELPDESK_CHANNEL_KEY]))[HELPDESK_CHANNEL_KEY]).toBeUndefined();
  });

  it('an admin sets the channel; a report then enqueues the alert card to that channel', async () => {
    const h = createBotHarness({ admins: [ADMIN.aadObjectId] });
    const [set] = await h.send(message('set helpdesk channel', { scope: 'team', from: ADMIN }));
    expect(cardTexts(cardOf(set)).join('\n')).toMatch(/Helpdesk channel set/);

    const [reply] = await h.send(cardAction(VERBS.helpdeskReportSubmit, SSO_FORM));
    const texts = cardTexts(invokeBody(reply).value).join('\n');
    expect(texts).toMatch(/helpdesk has been alerted/);
    const id = /(ENR-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(texts)?.[1];

    expect(h.outbox.messages).toHaveLength(1);
    const alert = h.outbox.messages[0]!;
    expect(alert.kind).toBe('post');
    // One case number: the channel's case is the employee's.
    expect(id).toBeDefined();
    expect(alert.id).toBe(`incident-alert/${id}`);
    expect(alert.conversation.conversationId).toBe(CHANNEL_CONVERSATION_ID);
    // The team's group id rides along, so the delivery probe can read the channel in Graph.
    expect(alert.conversation.teamId).toBe(TEAM_GROUP_ID);
    const card = (alert.activity as { attachments: [{ content: Record<string, unknown> }] })
      .attachments[0].content;
    expect(validateCard(card)).toEqual([]);
    const alertTexts = cardTexts(card).join('\n');
    expect(alertTexts.startsWith(`${id}: `)).toBe(true);
    expect(alertTexts).toContain(`Who: ${USER.name}`);
    expect(alertTexts).toMatch(/Device: iPhone 15/);
    expect(alertTexts).toMatch(/1 person affected · 1 report/);

    // A second report of the same cause joins the incident: the same post plus a card update.
    await h.send(
      cardAction(VERBS.helpdeskReportSubmit, SSO_FORM, {
        from: {
          id: '29:other',
          name: 'Lee Gu',
          aadObjectId: 'aaaaaaaa-0000-0000-0000-000000000002',
        },
      }),
    );
    expect(h.outbox.messages).toHaveLength(2);
    const update = h.outbox.messages[1]!;
    expect(update.kind).toBe('update');
    expect(update.targetOutboxId).toBe(alert.id);
    const updated = (update.activity as { attachments: [{ content: unknown }] }).attachments[0]
      .content;
    expect(cardTexts(updated).join('\n')).toMatch(/2 people affected · 2 reports/);
  });

  it('"tickets" in the channel lists the open tickets', async () => {
    const h = createBotHarness({ helpdeskMembers: [AGENT.aadObjectId] });
    await h.send(cardAction(VERBS.helpdeskReportSubmit, SSO_FORM));
    const [open] = await h.helpdesk.tickets.listOpen();
    const [reply] = await h.send(message('tickets', { scope: 'team', from: AGENT }));
    const texts = cardTexts(cardOf(reply)).join('\n');
    expect(texts).toContain(open!.id);
    expect(texts).toContain(USER.name);
    const [refused] = await h.send(message('tickets', { scope: 'team' }));
    expect(cardTexts(cardOf(refused)).join('\n')).not.toContain(open!.id);
  });

  it('the tickets card filters by mine and by cause; a forged view or a non-member changes nothing', async () => {
    const h = createBotHarness({ helpdeskMembers: [AGENT.aadObjectId] });
    await h.send(cardAction(VERBS.helpdeskReportSubmit, SSO_FORM));
    await h.send(
      cardAction(
        VERBS.helpdeskReportSubmit,
        { ...SSO_FORM, errorText: 'Profile installation failed' },
        { from: LEE },
      ),
    );
    const [sso, other] = await h.helpdesk.tickets.listOpen();
    await h.helpdesk.tickets.assign(sso!.id, AGENT, AGENT);
    const [reply] = await h.send(message('tickets', { scope: 'team', from: AGENT }));
    const all = cardOf(reply);
    const views = executeActions(all).map((a) => a.title);
    expect(views[0]).toBe('Assigned to me');
    expect(views).toHaveLength(3);

    const mine = responseCard(
      (await click(h, all, 'Assigned to me', {}, { scope: 'team', from: AGENT })).response,
    );
    expect(cardTexts(mine)[0]).toBe('Assigned to you');
    expect(cardTexts(mine).join('\n')).toContain(sso!.id);
    expect(cardTexts(mine).join('\n')).not.toContain(other!.id);

    const causeButton = views.find((t) => t.startsWith(other!.diagnosis.title.slice(0, 10)))!;
    const byCause = responseCard(
      (await click(h, all, causeButton, {}, { scope: 'team', from: AGENT })).response,
    );
    expect(cardTexts(byCause).join('\n')).toContain(other!.id);
    expect(cardTexts(byCause).join('\n')).not.toContain(sso!.id);
    expect(executeActions(byCause)[0]?.title).toBe('All open (2)');

    for (const filter of ['cause:../../etc', 42, 'everything']) {
      expect(
        invokeStatus(
          await h.send(
            cardAction(VERBS.helpdeskTicketsFilter, { filter }, { scope: 'team', from: AGENT }),
          ),
        ),
      ).toBe(400);
    }
    const outsider = await h.send(
      cardAction(VERBS.helpdeskTicketsFilter, { filter: 'open' }, { scope: 'team' }),
    );
    expect(invokeStatus(outsider)).toBe(403);
  });

  it('"helpdesk status" says when no channel is set, and queues a test post once it is', async () => {
    const h = createBotHarness({ admins: [ADMIN.aadObjectId] });
    const [none] = await h.send(message('helpdesk status', { from: ADMIN }));
    expect(cardTexts(cardOf(none)).join('\n')).toMatch(/No helpdesk channel is set/);
    await h.send(message('set helpdesk channel', { scope: 'team', from: ADMIN }));
    const [status] = await h.send(message('helpdesk status', { from: ADMIN }));
    expect(cardTexts(cardOf(status)).join('\n')).toMatch(/IT Helpdesk › Helpdesk/);
    expect(h.outbox.messages.map((m) => m.conversation.conversationId)).toEqual([
      CHANNEL_CONVERSATION_ID,
    ]);
    // Anyone else is refused and nothing is posted.
    const [refused] = await h.send(message('helpdesk status'));
    expect(cardTexts(cardOf(refused)).join('\n')).toMatch(/Only enrollment administrators/);
    expect(h.outbox.messages).toHaveLength(1);
  });

  it('"helpdesk status" shows a hostile team or channel name as text, never as a link', async () => {
    const h = createBotHarness({ admins: [ADMIN.aadObjectId] });
    const set = message('set helpdesk channel', { scope: 'team', from: ADMIN });
    const data = set.channelData as { team: { name: string }; channel: { name: string } };
    data.team.name = '[Open me](https://evil.example) **Ops**';
    data.channel.name = '<b>alerts</b>';
    await h.send(set);
    const [status] = await h.send(message('helpdesk status', { from: ADMIN }));
    const text = cardTexts(cardOf(status)).join('\n');
    expect(text).not.toMatch(/(^|[^\\])\[Open me\]\(https:/);
    expect(text).not.toMatch(/(^|[^\\])<b>/);
    expect(text).toMatch(/Open me/);
  });
});

function alertCardOf(m: OutboxMessageInput | undefined): Record<string, unknown> {
  return (m?.activity as { attachments: [{ content: Record<string, unknown> }] }).attachments[0]
    .content;
}

describe('helpdesk: a sign-in domain to verify', () => {
  const EXPECTED_SERVICES = {
    step: 'sign-in',
    errorText:
      'Sign-in Failed – Your Apple Account does not support the expected services on this device.',
    deviceModel: 'iPhone 16',
    osVersion: '27.1',
    ownership: 'personal',
    when: '',
  };
  const MEGAN = { id: '29:megan', name: 'Megan Bowen', aadObjectId: FAKE.employee };

  async function alertForExpectedServices(): Promise<{
    h: BotHarness;
    card: Record<string, unknown>;
    checked: string[];
  }> {
    const h = createBotHarness({
      admins: [ADMIN.aadObjectId],
      helpdeskMembers: [AGENT.aadObjectId],
    });
    const checked: string[] = [];
    h.admin.verify = (domain) => {
      checked.push(domain);
      return Promise.resolve({
        domain,
        url: `https://${domain}/.well-known/com.apple.remotemanagement`,
        ok: false,
        findings: [
          {
            id: 'tls-version',
            status: 'fail',
            title: 'The server does not offer TLS 1.2 or later',
            detail: `${domain} negotiates only TLS 1.1.`,
            fix: 'Turn on TLS 1.2 and TLS 1.3.',
          },
        ],
      });
    };
    await h.send(message('set helpdesk channel', { scope: 'team', from: ADMIN }));
    await h.send(cardAction(VERBS.helpdeskReportSubmit, EXPECTED_SERVICES, { from: MEGAN }));
    return { h, card: alertCardOf(h.outbox.messages[0]), checked };
  }

  it('diagnoses "does not support the expected services" per sign-in domain, with a Verify button', async () => {
    const { card } = await alertForExpectedServices();
    expect(validateCard(card)).toEqual([]);
    expect(cardTexts(card).join('\n')).toMatch(/Service discovery file missing or wrong/);
    expect(executeActions(card)).toContainEqual({
      title: 'Verify contoso.example',
      verb: VERBS.adminVerifyDomain,
      data: { domain: 'contoso.example' },
    });
  });

  it('an admin runs the check from the alert: the report arrives below, the alert stays', async () => {
    const { h, card, checked } = await alertForExpectedServices();
    const before = h.outbox.messages.length;
    const { response, others } = await click(
      h,
      card,
      'Verify contoso.example',
      {},
      {
        scope: 'team',
        from: ADMIN,
      },
    );
    expect(checked).toEqual(['contoso.example']);
    expect(response.type).toBe('application/vnd.microsoft.activity.message');
    expect(response.value).toBe('Checked contoso.example: the result is below.');
    const report = others.map((a) => cardOf(a)).find((c) => c !== undefined);
    expect(cardTexts(report).join('\n')).toMatch(/negotiates only TLS 1\.1/);
    expect(h.outbox.messages).toHaveLength(before);
  });

  it('a helpdesk agent who is not an admin is refused, and nothing is checked', async () => {
    const { h, card, checked } = await alertForExpectedServices();
    const { response } = await click(
      h,
      card,
      'Verify contoso.example',
      {},
      {
        scope: 'team',
        from: AGENT,
      },
    );
    expect(checked).toEqual([]);
    expect(JSON.stringify(response)).toMatch(/admin/i);
  });

  it('forged or malformed card data gets a clear answer, not an error', async () => {
    const { h, checked } = await alertForExpectedServices();
    h.admin.verify = undefined;
    for (const data of [
      { domain: 'not a domain!' },
      { domain: 42 },
      {},
      { domain: 'x'.repeat(300) },
    ]) {
      const replies = await h.send(
        cardAction(VERBS.adminVerifyDomain, data, { scope: 'team', from: ADMIN }),
      );
      const body = invokeBody(replies.find((r) => r.type === 'invokeResponse'));
      expect(body.statusCode).toBeLessThan(500);
      expect(JSON.stringify(body)).not.toMatch(/stack|TypeError/);
    }
    expect(checked).toEqual([]);
  });

  it('a resolved incident no longer offers the check', async () => {
    const { h, card } = await alertForExpectedServices();
    const resolved = await click(
      h,
      card,
      'Resolve',
      { resolveNote: 'File republished' },
      {
        scope: 'team',
        from: AGENT,
      },
    );
    const after = responseCard(resolved.response);
    expect(executeActions(after).map((a) => a.title)).not.toContain('Verify contoso.example');
  });
});

/** A channel set by the admin, and two employees reporting the same cause: one incident. */
async function incidentWithTwoReports(): Promise<{ h: BotHarness; card: Record<string, unknown> }> {
  const h = createBotHarness({ admins: [ADMIN.aadObjectId], helpdeskMembers: [AGENT.aadObjectId] });
  await h.send(message('set helpdesk channel', { scope: 'team', from: ADMIN }));
  await h.send(cardAction(VERBS.helpdeskReportSubmit, SSO_FORM));
  await h.send(cardAction(VERBS.helpdeskReportSubmit, SSO_FORM, { from: LEE }));
  const last = h.outbox.messages[h.outbox.messages.length - 1];
  return { h, card: alertCardOf(last) };
}

describe('helpdesk: working an incident from the alert card', () => {
  it('Reassign gives the case to a helpdesk member found by name or email; anyone else is refused', async () => {
    const intune = seededIntune();
    const LYNNE = 'aaaaaaaa-0000-0000-0000-0000000000b1';
    intune.users.push(
      {
        id: AGENT.aadObjectId,
        displayName: 'Alex Wilber',
        userPrincipalName: 'alexw@contoso.example',
      },
      { id: LYNNE, displayName: 'Lynne Robbins', userPrincipalName: 'lynner@contoso.example' },
      {
        id: 'aaaaaaaa-0000-0000-0000-0000000000b2',
        displayName: 'Lynne Smith',
        userPrincipalName: 'lynnes@contoso.example',
      },
      {
        id: 'aaaaaaaa-0000-0000-0000-0000000000b3',
        displayName: 'Lynn Ross',
        userPrincipalName: 'lynnr@contoso.example',
      },
    );
    const h = createBotHarness({
      admins: [ADMIN.aadObjectId],
      helpdeskMembers: [AGENT.aadObjectId, LYNNE, 'aaaaaaaa-0000-0000-0000-0000000000b3'],
      intune,
    });
    await h.send(message('set helpdesk channel', { scope: 'team', from: ADMIN }));
    await h.send(cardAction(VERBS.helpdeskReportSubmit, SSO_FORM));
    const card = alertCardOf(h.outbox.messages.at(-1));
    const reassign = (c: Record<string, unknown>, to: string) =>
      click(h, c, 'Reassign', { reassignTo: to }, { scope: 'team', from: AGENT });

    // Lynne Smith is not in the helpdesk: "lynne smith" finds nobody who may take it.
    expect((await reassign(card, 'Lynne Smith')).response.statusCode).toBe(404);
    // "lyn" matches two members: the bot asks for the email and changes nothing.
    const ambiguous = await reassign(card, 'lyn');
    expect(ambiguous.response.statusCode).toBe(409);
    expect(JSON.stringify(ambiguous.response)).toMatch(
      /Lynne Robbins \(lynner@contoso.example\).*Lynn Ross/,
    );
    expect((await reassign(card, '  ')).response.statusCode).toBe(400);
    expect((await h.helpdesk.tickets.listOpen())[0]?.assignee).toBeUndefined();

    const before = h.outbox.messages.length;
    const done = await reassign(card, 'lynner@contoso.example');
    const doneCard = responseCard(done.response);
    expect(cardTexts(doneCard).join('\n')).toMatch(/Status: assigned \(Lynne Robbins\)/);
    expect(cardTexts(doneCard).join('\n')).toMatch(
      /\*\*Assigned\*\* to Lynne Robbins by Alex Wilber · /,
    );
    expect((await h.helpdesk.tickets.listOpen())[0]?.assignee).toEqual({
      aadObjectId: LYNNE,
      name: 'Lynne Robbins',
    });
    const notice = h.outbox.messages.slice(before).find((m) => m.id.startsWith('ticket-notice/'));
    expect(String(notice?.activity.text)).toMatch(
      /Lynne Robbins from the helpdesk is now working on it/,
    );
    // A non-member cannot reassign.
    const lee = await click(
      h,
      doneCard,
      'Reassign',
      { reassignTo: 'alexw@contoso.example' },
      { scope: 'team', from: LEE },
    );
    expect(lee.response.statusCode).toBe(403);
  });

  /** The sign-in names the card's Reassign list offers. */
  function reassignChoices(card: Record<string, unknown>): string[] {
    const values: string[] = [];
    forEachNode(card, (o) => {
      if (o.type === 'Input.ChoiceSet' && o.id === 'reassignTo') {
        for (const c of o.choices as { value: string }[]) values.push(c.value);
      }
    });
    return values;
  }

  it('Reassign from the list of helpdesk members: the choice is checked again on the server', async () => {
    const LYNNE = 'aaaaaaaa-0000-0000-0000-0000000000b1';
    const intune = seededIntune();
    intune.users.push(
      {
        id: AGENT.aadObjectId,
        displayName: 'Alex Wilber',
        userPrincipalName: 'alexw@contoso.example',
      },
      { id: LYNNE, displayName: 'Lynne Robbins', userPrincipalName: 'lynner@contoso.example' },
    );
    const h = createBotHarness({
      admins: [ADMIN.aadObjectId],
      helpdeskMembers: [AGENT.aadObjectId, LYNNE],
      reassignCandidates: [
        { aadObjectId: AGENT.aadObjectId, name: 'Alex Wilber', upn: 'alexw@contoso.example' },
        { aadObjectId: LYNNE, name: 'Lynne Robbins', upn: 'lynner@contoso.example' },
      ],
      intune,
    });
    await h.send(message('set helpdesk channel', { scope: 'team', from: ADMIN }));
    await h.send(cardAction(VERBS.helpdeskReportSubmit, SSO_FORM));
    const card = alertCardOf(h.outbox.messages.at(-1));
    expect(reassignChoices(card)).toEqual(['alexw@contoso.example', 'lynner@contoso.example']);
    const done = await click(
      h,
      card,
      'Reassign',
      { reassignTo: 'lynner@contoso.example' },
      { scope: 'team', from: AGENT },
    );
    const after = responseCard(done.response);
    expect(cardTexts(after).join('\n')).toMatch(/Status: assigned \(Lynne Robbins\)/);
    // Lynne has it now: the list offers only Alex.
    expect(reassignChoices(after)).toEqual(['alexw@contoso.example']);
    // A forged choice (someone outside the helpdesk) is refused: the list is not trusted.
    const forged = await click(
      h,
      after,
      'Reassign',
      { reassignTo: 'meganb@contoso.example' },
      { scope: 'team', from: AGENT },
    );
    expect(forged.response.statusCode).toBe(404);
    expect((await h.helpdesk.tickets.listOpen())[0]?.assignee?.name).toBe('Lynne Robbins');
  });

  it('buttons follow the state: Acknowledge, then Unassign once someone has it; repeats are refused', async () => {
    const { h, card } = await incidentWithTwoReports();
    const top = (c: Record<string, unknown>): string[] =>
      (c.actions as { title: string }[]).map((a) => a.title);
    expect(top(card)).toEqual(['Acknowledge', 'Assign to me', 'Reassign', 'Add note', 'Resolve']);

    const start = h.outbox.messages.length;
    const acked = await click(h, card, 'Acknowledge', {}, { scope: 'team', from: AGENT });
    const ackedCard = responseCard(acked.response);
    expect(cardTexts(ackedCard).join('\n')).toMatch(/Status: acknowledged/);
    expect(cardTexts(ackedCard).join('\n')).toMatch(/\*\*Acknowledged\*\* by Alex Wilber · /);
    expect(top(ackedCard)).toEqual(['Assign to me', 'Reassign', 'Add note', 'Resolve']);
    const notices = h.outbox.messages.slice(start).filter((m) => m.id.startsWith('ticket-notice/'));
    expect(notices.map((m) => String(m.activity.text))).toEqual([
      expect.stringMatching(/The helpdesk has seen your enrollment problem ENR-/),
      expect.stringMatching(/The helpdesk has seen your enrollment problem ENR-/),
    ]);
    // The old card's Acknowledge is stale; a forged one on the new card changes nothing either.
    expect(
      (await click(h, card, 'Acknowledge', {}, { scope: 'team', from: AGENT })).response.statusCode,
    ).toBe(409);
    const forged = await h.send(
      cardAction(VERBS.helpdeskAcknowledge, executeActions(ackedCard)[0]!.data, {
        scope: 'team',
        from: AGENT,
      }),
    );
    expect(invokeStatus(forged)).toBe(409);

    const assigned = responseCard(
      (await click(h, ackedCard, 'Assign to me', {}, { scope: 'team', from: AGENT })).response,
    );
    expect(top(assigned)).toEqual(['Assign to me', 'Unassign', 'Reassign', 'Add note', 'Resolve']);
    const unassigned = responseCard(
      (await click(h, assigned, 'Unassign', {}, { scope: 'team', from: AGENT })).response,
    );
    expect(cardTexts(unassigned).join('\n')).toMatch(/Status: acknowledged/);
    expect(cardTexts(unassigned).join('\n')).toMatch(
      /\*\*Unassigned\*\* \(Alex Wilber\) by Alex Wilber/,
    );
    expect(top(unassigned)).toEqual(['Assign to me', 'Reassign', 'Add note', 'Resolve']);
    expect((await h.helpdesk.tickets.listOpen()).map((t) => [t.status, t.assignee])).toEqual([
      ['open', undefined],
      ['open', undefined],
    ]);
    // A non-member cannot acknowledge or unassign.
    const lee = await h.send(
      cardAction(VERBS.helpdeskUnassign, executeActions(assigned)[1]!.data, {
        scope: 'team',
        from: LEE,
      }),
    );
    expect(invokeStatus(lee)).toBe(403);
  });

  it('assign, note, resolve and reopen by a member update the card and tell the reporters', async () => {
    const { h, card } = await incidentWithTwoReports();
    const start = h.outbox.messages.length;

    const assigned = await click(h, card, 'Assign to me', {}, { scope: 'team', from: AGENT });
    const assignedCard = responseCard(assigned.response);
    expect(cardTexts(assignedCard).join('\n')).toMatch(/Status: assigned \(Alex Wilber\)/);
    const afterAssign = h.outbox.messages.slice(start);
    expect(afterAssign[0]?.kind).toBe('update');
    expect(afterAssign[0]?.targetOutboxId).toMatch(/^incident-alert\/ENR-/);
    expect(afterAssign[0]?.conversation.conversationId).toBe(CHANNEL_CONVERSATION_ID);
    const notices = afterAssign.filter((m) => m.id.startsWith('ticket-notice/'));
    expect(notices).toHaveLength(2);
    expect(notices.map((m) => m.conversation.conversationId)).toEqual([
      PERSONAL_CONVERSATION_ID,
      PERSONAL_CONVERSATION_ID,
    ]);
    expect(String(notices[0]?.activity.text)).toMatch(/Alex Wilber from the helpdesk/);

    const noted = await click(
      h,
      assignedCard,
      'Save note',
      { note: 'Asked both to uninstall Authenticator' },
      { scope: 'team', from: AGENT },
    );
    const notedCard = responseCard(noted.response);
    expect(cardTexts(notedCard).join('\n')).toMatch(/\*\*Note\*\* by Alex Wilber: Asked both/);
    // Saved on both tickets, shown once.
    expect(
      cardTexts(notedCard)
        .join('\n')
        .match(/Asked both/g),
    ).toHaveLength(1);

    const before = h.outbox.messages.length;
    const resolved = await click(
      h,
      notedCard,
      'Resolve',
      { resolveNote: 'Authenticator removed, enrollment works' },
      { scope: 'team', from: AGENT },
    );
    const resolvedCard = responseCard(resolved.response);
    expect(cardTexts(resolvedCard).join('\n')).toMatch(/Status: resolved/);
    // The resolution and who resolved it stay on the card, once, after the note and the assignment.
    const texts = cardTexts(resolvedCard);
    const timeline = texts.slice(texts.indexOf('**Timeline**') + 1);
    expect(timeline.map((t) => /^\*\*([A-Za-z]+)\*\*/.exec(t)?.[1])).toEqual([
      'Reported',
      'Grouped',
      'Assigned',
      'Note',
      'Resolved',
    ]);
    expect(timeline.at(-1)).toMatch(
      /^\*\*Resolved\*\* by Alex Wilber: Authenticator removed, enrollment works · \{\{DATE\(/,
    );
    expect(cardButtons(resolvedCard)).toContain('Reopen');
    const resolveNotices = h.outbox.messages
      .slice(before)
      .filter((m) => m.id.startsWith('ticket-notice/'));
    expect(resolveNotices).toHaveLength(2);
    expect(String(resolveNotices[1]?.activity.text)).toMatch(/is resolved.*Authenticator removed/);
    expect(await h.helpdesk.tickets.listOpen()).toHaveLength(0);

    const reopened = await click(h, resolvedCard, 'Reopen', {}, { scope: 'team', from: AGENT });
    expect(cardTexts(responseCard(reopened.response)).join('\n')).toMatch(/Status: assigned/);
    expect(cardTexts(responseCard(reopened.response)).join('\n')).toMatch(
      /\*\*Resolved\*\* by Alex Wilber: Authenticator removed[^\n]*\n\*\*Reopened\*\* by Alex Wilber · /,
    );
    expect(await h.helpdesk.tickets.listOpen()).toHaveLength(2);
  });

  it('a non-member is refused and nothing changes', async () => {
    const { h, card } = await incidentWithTwoReports();
    const before = h.outbox.messages.length;
    const openBefore = JSON.stringify(await h.helpdesk.tickets.listOpen());
    for (const [title, inputs] of [
      ['Assign to me', {}],
      ['Resolve', { resolveNote: 'done' }],
    ] as const) {
      const r = await click(h, card, title, inputs, { scope: 'team', from: LEE });
      expect(r.response.statusCode).toBe(403);
    }
    expect(h.outbox.messages).toHaveLength(before);
    expect(JSON.stringify(await h.helpdesk.tickets.listOpen())).toBe(openBefore);
  });

  it('replayed (stale) and forged actions are refused and change nothing', async () => {
    const { h, card } = await incidentWithTwoReports();
    const first = await click(
      h,
      card,
      'Resolve',
      { resolveNote: 'fixed' },
      { scope: 'team', from: AGENT },
    );
    expect(first.response.statusCode).toBe(200);
    const before = h.outbox.messages.length;
    // The same click again, from the old card.
    const replay = await click(
      h,
      card,
      'Resolve',
      { resolveNote: 'fixed' },
      { scope: 'team', from: AGENT },
    );
    expect(replay.response.statusCode).toBe(409);
    // Forged data: an unknown incident, a made-up rev, a malformed id.
    const [unknown] = await h.send(
      cardAction(
        VERBS.helpdeskReopen,
        { incidentId: 'INC-NOPE', rev: '0123456789abcdef' },
        { scope: 'team', from: AGENT },
      ),
    );
    expect(invokeBody(unknown).statusCode).toBe(404);
    const incidentId = String(executeActions(card)[0]?.data.incidentId);
    const [badRev] = await h.send(
      cardAction(
        VERBS.helpdeskReopen,
        { incidentId, rev: 'ffffffffffffffff' },
        { scope: 'team', from: AGENT },
      ),
    );
    expect(invokeBody(badRev).statusCode).toBe(409);
    const [malformed] = await h.send(
      cardAction(
        VERBS.helpdeskAssign,
        { incidentId: '../x', rev: 'x' },
        { scope: 'team', from: AGENT },
      ),
    );
    expect(invokeBody(malformed).statusCode).toBe(400);
    expect(h.outbox.messages).toHaveLength(before);
    expect(await h.helpdesk.tickets.listOpen()).toHaveLength(0);
  });

  it('resolve needs a note', async () => {
    const { h, card } = await incidentWithTwoReports();
    const r = await click(
      h,
      card,
      'Resolve',
      { resolveNote: '  ' },
      { scope: 'team', from: AGENT },
    );
    expect(r.response.statusCode).toBe(400);
    expect(await h.helpdesk.tickets.listOpen()).toHaveLength(2);
  });
});

describe('helpdesk: POST /api/enrollment-failures', () => {
  const SECRET = 'a-test-webhook-secret-of-at-least-32-chars';
  let app: TestApp | undefined;

  afterEach(async () => {
    await app?.stop();
    app = undefined;
  });

  async function post(body: string, signature: string, ts: number): Promise<Response> {
    return fetch(`${app!.server.url}/api/enrollment-failures`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-timestamp': String(ts),
        'x-signature': signature,
      },
      body,
      signal: AbortSignal.timeout(10_000),
    });
  }

  const report = JSON.stringify({
    user: 'megan.bowen@contoso.example',
    device: 'iPhone 13',
    osVersion: '17.2',
    enrollmentType: 'accountDrivenUserEnrollment',
    errorText: 'Sign In Failed: the Enrollment SSO application has been installed',
    time: '2026-03-01T09:30:00Z',
    eventId: 'evt-1',
  });

  it('a signed report gets 202 and a stored ticket; a bad signature gets 401', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpdesk-webhook-'));
    app = await startTestApp({
      WEBHOOK_SECRET: SECRET,
      OUTBOX_SQLITE_PATH: path.join(dir, 'outbox.sqlite'),
    });
    const ts = Math.floor(Date.now() / 1000);
    const ok = await post(report, signWebhookBody(SECRET, ts, report), ts);
    expect(ok.status).toBe(202);
    const { ticketId } = (await ok.json()) as { ticketId: string };
    expect(ticketId).toMatch(/^ENR-/);
    const ticket = await new TicketStore(app.storage).get(ticketId);
    expect(ticket?.source).toBe('webhook');
    expect(ticket?.diagnosis.employeeCanFix).toBe(true);

    const bad = await post(
      report,
      signWebhookBody('another-secret-that-is-long-enough!!', ts, report),
      ts,
    );
    expect(bad.status).toBe(401);
    // The JSON messages route still parses its body.
    const health = await fetch(`${app.server.url}/healthz`, { signal: AbortSignal.timeout(5000) });
    expect(health.status).toBe(200);
  });

  it('without WEBHOOK_SECRET the route does not exist', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpdesk-webhook-'));
    app = await startTestApp({ OUTBOX_SQLITE_PATH: path.join(dir, 'outbox.sqlite') });
    const ts = Math.floor(Date.now() / 1000);
    const res = await post(report, signWebhookBody(SECRET, ts, report), ts);
    expect(res.status).toBe(404);
  });
});
