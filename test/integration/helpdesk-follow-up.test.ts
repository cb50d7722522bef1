/**
 * Employees follow up on their own reports in chat: their cases with status and what happens
 * next, adding information, saying it works now; the helpdesk sees it on the case card. Nobody
 * learns anything about someone else's case, by asking for its number or by a forged click.
 */
import { VERBS } from '../../src/cards/verbs';
import type { OutboxMessageInput } from '../../src/outbox';
import { cardAction, message, SSO_REPORT_FORM } from '../factories/activities';
import { FAKE } from '../fakes/fake-intune';
import { cardOf, cardTexts, createBotHarness, type BotHarness } from '../helpers/bot-harness';
import { click, executeActions, invokeStatus, responseCard } from '../helpers/clicks';

const ADMIN = { id: '29:admin', name: 'Adele Vance', aadObjectId: FAKE.admin };
const MEGAN = { id: '29:megan', name: 'Megan Bowen', aadObjectId: FAKE.employee };
const LEE = { id: '29:lee', name: 'Lee Gu', aadObjectId: 'eeeeeeee-0000-4000-8000-0000000000ee' };
const FORM = SSO_REPORT_FORM;

async function reported(): Promise<{ h: BotHarness; id: string }> {
  const h = createBotHarness({ admins: [ADMIN.aadObjectId] });
  await h.send(message('set helpdesk channel', { scope: 'team', from: ADMIN }));
  await h.send(cardAction(VERBS.helpdeskReportSubmit, FORM, { from: MEGAN }));
  const [ticket] = await h.helpdesk.tickets.listOpen();
  return { h, id: ticket!.id };
}

const textOf = (card: Record<string, unknown>): string => cardTexts(card).join('\n');

function lastCaseCard(messages: readonly OutboxMessageInput[]): string {
  const update = [...messages].reverse().find((m) => m.kind === 'update');
  const content = (update?.activity as { attachments: [{ content: Record<string, unknown> }] })
    .attachments[0].content;
  return textOf(content);
}

describe('employees follow up on their reports in chat', () => {
  it.each(['my tickets', 'status of my ticket', 'any news on my problem?', 'Show my cases'])(
    '"%s" shows their case: status, last update, what happens next and the buttons',
    async (text) => {
      const { h, id } = await reported();
      const [reply] = await h.send(message(text, { from: MEGAN }));
      const card = cardOf(reply);
      const shown = textOf(card);
      expect(shown).toContain(`**${id}** · Waiting for the helpdesk`);
      expect(shown).toMatch(/Last update: \{\{DATE\(/);
      expect(shown).toMatch(/will message you here/);
      expect(executeActions(card).map((a) => a.title)).toEqual([
        'Send to the helpdesk',
        'It works now',
      ]);
    },
  );

  it('the case number alone, or in a sentence, shows that case', async () => {
    const { h, id } = await reported();
    // As people type it: lower case, spaces for hyphens, or no inner hyphen at all.
    for (const text of [
      id,
      `what is happening with ${id.toLowerCase()}?`,
      `any news on ${id.toLowerCase().replace(/-/g, ' ')}`,
      id.replace(/-(?=[^-]*$)/, ''),
    ]) {
      const [reply] = await h.send(message(text, { from: MEGAN }));
      expect(textOf(cardOf(reply))).toContain(`Your case ${id}`);
    }
  });

  it('someone else asking for the number learns nothing, not even that it exists', async () => {
    const { h, id } = await reported();
    const [theirs] = await h.send(message(id, { from: LEE }));
    const [made_up] = await h.send(message('ENR-ZZZZZZZZZZ', { from: LEE }));
    const shown = textOf(cardOf(theirs));
    expect(shown).toMatch(/can't find/);
    expect(shown).not.toMatch(/Waiting|Authenticator|Megan|SSO/i);
    // The same answer as for a number that does not exist.
    expect(shown.replace(id, 'X')).toBe(textOf(cardOf(made_up)).replace('ENR-ZZZZZZZZZZ', 'X'));
    const [none] = await h.send(message('my tickets', { from: LEE }));
    expect(textOf(cardOf(none))).toMatch(/haven't reported/);
  });

  it('adding information reaches the case card in the helpdesk channel', async () => {
    const { h, id } = await reported();
    const [reply] = await h.send(message('my tickets', { from: MEGAN }));
    const before = h.outbox.messages.length;
    const sent = await click(
      h,
      cardOf(reply),
      'Send to the helpdesk',
      { [`info-${id}`]: 'It also fails on my iPad' },
      { from: MEGAN },
    );
    expect(textOf(responseCard(sent.response))).toMatch(/Sent: the helpdesk can see it/);
    const [ticket] = await h.helpdesk.tickets.listOpen();
    expect(ticket?.notes.map((n) => n.text)).toEqual([
      'From the employee: It also fails on my iPad',
    ]);
    expect(h.outbox.messages.length).toBe(before + 1);
    expect(lastCaseCard(h.outbox.messages)).toMatch(
      /\*\*Note\*\* by Megan Bowen: From the employee: It also fails on my iPad/,
    );
  });

  it('"It works now" tells the helpdesk on the card; a closed case says so', async () => {
    const { h, id } = await reported();
    const [reply] = await h.send(message(id, { from: MEGAN }));
    const works = await click(h, cardOf(reply), 'It works now', {}, { from: MEGAN });
    expect(textOf(responseCard(works.response))).toMatch(/will close the case/);
    expect(lastCaseCard(h.outbox.messages)).toMatch(/The employee says it works now/);

    const ticket = (await h.helpdesk.tickets.get(id))!;
    await h.helpdesk.tickets.resolve(
      id,
      { aadObjectId: ADMIN.aadObjectId, name: 'Adele Vance' },
      'incident INC-1: Fixed the SSO policy',
    );
    const closed = await click(h, cardOf(reply), 'It works now', {}, { from: MEGAN });
    expect(textOf(responseCard(closed.response))).toMatch(/This case is closed/);
    expect((await h.helpdesk.tickets.get(id))!.notes).toHaveLength(ticket.notes.length);
    const [status] = await h.send(message('my tickets', { from: MEGAN }));
    expect(textOf(cardOf(status))).toMatch(
      /Resolved[\s\S]*The helpdesk says: Fixed the SSO policy/,
    );
    expect(executeActions(cardOf(status))).toEqual([]);
  });

  it('a repeat report from the same person links to their earlier case on the card', async () => {
    const { h, id } = await reported();
    await h.send(
      cardAction(
        VERBS.helpdeskReportSubmit,
        { ...FORM, errorText: 'Profile installation failed' },
        { from: MEGAN },
      ),
    );
    await h.send(cardAction(VERBS.helpdeskReportSubmit, FORM, { from: LEE }));
    const posts = h.outbox.messages.filter(
      (m) => m.kind === 'post' && m.id.startsWith('incident-alert/'),
    );
    const texts = posts.map((m) =>
      textOf(
        (m.activity as { attachments: [{ content: Record<string, unknown> }] }).attachments[0]
          .content,
      ),
    );
    expect(texts.filter((t) => t.includes(`Earlier cases: ${id}`))).toHaveLength(1);
    const megans = (await h.helpdesk.tickets.listOpen()).filter(
      (t) => t.reporter.aadObjectId === MEGAN.aadObjectId,
    );
    expect(megans.map((t) => t.earlierCases ?? [])).toEqual(expect.arrayContaining([[], [id]]));
  });

  it("a forged click on someone else's case, or bad input, changes nothing", async () => {
    const { h, id } = await reported();
    const before = h.outbox.messages.length;
    const replies = [
      await h.send(cardAction(VERBS.helpdeskCaseWorks, { ticketId: id }, { from: LEE })),
      await h.send(
        cardAction(VERBS.helpdeskCaseInfo, { ticketId: id, [`info-${id}`]: 'x' }, { from: LEE }),
      ),
      await h.send(
        cardAction(VERBS.helpdeskCaseInfo, { ticketId: id, [`info-${id}`]: '  ' }, { from: MEGAN }),
      ),
      await h.send(
        cardAction(
          VERBS.helpdeskCaseInfo,
          { ticketId: id, [`info-${id}`]: 'x'.repeat(2001) },
          { from: MEGAN },
        ),
      ),
      await h.send(
        cardAction(VERBS.helpdeskCaseWorks, { ticketId: 'not-a-case' }, { from: MEGAN }),
      ),
      await h.send(cardAction(VERBS.helpdeskCaseWorks, { ticketId: 42 }, { from: MEGAN })),
    ];
    const statuses = replies.map(invokeStatus);
    expect(statuses).toEqual([404, 404, 400, 400, 400, 400]);
    expect((await h.helpdesk.tickets.get(id))!.notes).toEqual([]);
    expect(h.outbox.messages).toHaveLength(before);
  });
});
