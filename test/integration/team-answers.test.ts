/**
 * Solved cases teach the bot: a helpdesk member proposes an answer from a resolved case the bot
 * had no answer for, an admin reviews, edits and publishes it, employees get it at once (on every
 * instance) marked as written by their IT team, and an admin can withdraw it. Employees never see
 * a draft; every change is audited; forged, stale and unauthorised clicks change nothing.
 */
import { VERBS } from '../../src/cards/verbs';
import { TEAM_ANSWERS_KEY } from '../../src/knowledge/team-answers';
import {
  cardAction,
  message,
  TEAM_ANSWER_PROPOSAL,
  UNKNOWN_ERROR_REPORT_FORM,
} from '../factories/activities';
import { FAKE } from '../fakes/fake-intune';
import { MemoryStateStorage } from '../fakes/memory-state-storage';
import {
  cardOf,
  cardTexts,
  createBotHarness,
  RecordingOutbox,
  type BotHarness,
} from '../helpers/bot-harness';
import {
  click,
  executeActions,
  invokeConcurrently,
  buttonClick,
  responseCard,
} from '../helpers/clicks';

const ADMIN = { id: '29:admin', name: 'Adele Vance', aadObjectId: FAKE.admin };
const AGENT = {
  id: '29:agent',
  name: 'Alex Wilber',
  aadObjectId: 'aaaaaaaa-0000-4000-8000-0000000000a1',
};
const MEGAN = { id: '29:megan', name: 'Megan Bowen', aadObjectId: FAKE.employee };
const LEE = { id: '29:lee', name: 'Lee Gu', aadObjectId: 'eeeeeeee-0000-4000-8000-0000000000ee' };

const FORM = UNKNOWN_ERROR_REPORT_FORM;
const PROPOSAL = TEAM_ANSWER_PROPOSAL;
const QUESTION = 'my ipad says device attestation failed, what do I do?';

const textOf = (card: Record<string, unknown>): string => cardTexts(card).join('\n');

interface Deployment {
  a: BotHarness;
  b: BotHarness;
}

/** Two instances of one deployment on one store; the helpdesk channel set. */
async function deployment(): Promise<Deployment> {
  const storage = new MemoryStateStorage();
  const outbox = new RecordingOutbox();
  const options = {
    admins: [ADMIN.aadObjectId],
    helpdeskMembers: [ADMIN.aadObjectId, AGENT.aadObjectId],
    storage,
    outbox,
    teamAnswersCheckMs: 0,
  };
  const a = createBotHarness(options);
  const b = createBotHarness(options);
  await a.send(message('set helpdesk channel', { scope: 'team', from: ADMIN }));
  return { a, b };
}

/** The case card as the channel shows it now (the latest post or update). */
function caseCard(h: BotHarness): Record<string, unknown> {
  const last = [...h.outbox.messages].reverse().find((m) => m.id.startsWith('incident-'));
  const activity = last?.activity as { attachments: [{ content: Record<string, unknown> }] };
  return activity.attachments[0].content;
}

/** Megan reports the odd error; Alex resolves the case with what fixed it. Returns the card. */
async function solvedCase(h: BotHarness): Promise<Record<string, unknown>> {
  await h.send(cardAction(VERBS.helpdeskReportSubmit, FORM, { from: MEGAN }));
  const resolved = await click(
    h,
    caseCard(h),
    'Resolve',
    { resolveNote: 'Her iPad had the wrong date; set it to automatic and she enrolled.' },
    { from: AGENT },
  );
  return responseCard(resolved.response);
}

async function ask(h: BotHarness, text = QUESTION): Promise<string> {
  const replies = await h.send(message(text, { from: MEGAN }));
  return replies
    .map((r) => (r.attachments?.length ? textOf(cardOf(r)) : (r.text ?? '')))
    .join('\n');
}

async function teamAnswersCard(h: BotHarness): Promise<Record<string, unknown>> {
  const [reply] = await h.send(message('team answers', { from: ADMIN }));
  return cardOf(reply);
}

describe('solved cases teach the bot', () => {
  it('propose → review and edit → publish → employees are answered on every instance → withdraw', async () => {
    const { a, b } = await deployment();
    const before = await ask(b);
    expect(before).not.toMatch(/Written by your IT team/);

    // The resolved case offers "Propose an answer", drafted from the case.
    const resolved = await solvedCase(a);
    expect(executeActions(resolved).map((x) => x.title)).toEqual(['Reopen', 'Send for review']);
    const proposed = await click(a, resolved, 'Send for review', PROPOSAL, { from: AGENT });
    const proposedCard = responseCard(proposed.response);
    expect(textOf(proposedCard)).toMatch(/Answer proposed by Alex Wilber/);
    expect(executeActions(proposedCard).map((x) => x.title)).toEqual(['Reopen']);
    // The channel's card says so too (an update through the outbox).
    expect(textOf(caseCard(a))).toMatch(/Answer proposed by Alex Wilber/);

    // A draft: employees still don't get it, on either instance.
    expect(await ask(a)).not.toMatch(/Written by your IT team/);
    expect(await ask(b)).not.toMatch(/attestation failed while enrolling/i);

    // The admin reviews it, edits the title, and publishes it (from the other instance).
    const list = await teamAnswersCard(b);
    expect(textOf(list)).toMatch(/1 waiting for review · 0 published/);
    expect(textOf(list)).toMatch(/Proposed by Alex Wilber from case ENR-/);
    const id = String(executeActions(list).find((x) => x.title === 'Publish')?.data.answerId);
    const published = await click(
      b,
      list,
      'Publish',
      {
        [`title-${id}`]: 'Enrollment says "Device attestation failed"',
        [`question-${id}`]: PROPOSAL.answerQuestion,
        [`symptom-${id}`]: PROPOSAL.answerSymptom,
        [`cause-${id}`]: PROPOSAL.answerCause,
        [`steps-${id}`]: PROPOSAL.answerSteps,
      },
      { from: ADMIN },
    );
    const publishedCard = responseCard(published.response);
    expect(textOf(publishedCard)).toMatch(
      /Published "Enrollment says "Device attestation failed"": employees get it now/,
    );
    expect(textOf(publishedCard)).toMatch(/0 waiting for review · 1 published/);

    // Employees get it at once, on both instances, marked as the IT team's.
    for (const h of [a, b]) {
      const answer = await ask(h);
      expect(answer).toMatch(/Enrollment says "Device attestation failed"/);
      expect(answer).toMatch(/Written by your IT team · published \{\{DATE\(/);
      expect(answer).toMatch(/Set Automatically/);
    }

    // Audit: who proposed, edited and published.
    const audit = await a.admin.audit.recent(10);
    expect(audit.map((e) => [e.action, e.actor.name])).toEqual([
      ['answer.publish', 'Adele Vance'],
      ['answer.edit', 'Adele Vance'],
      ['answer.propose', 'Alex Wilber'],
    ]);
    const [auditReply] = await a.send(message('audit', { from: ADMIN }));
    expect(textOf(cardOf(auditReply))).toMatch(
      /Alex Wilber proposed the answer \*\*Device attestation failed while enrolling\*\* from case ENR-/,
    );

    // Withdrawn: employees no longer get it, on either instance.
    const withdrawn = await click(a, await teamAnswersCard(a), 'Withdraw', {}, { from: ADMIN });
    expect(textOf(responseCard(withdrawn.response))).toMatch(/employees no longer get it/);
    for (const h of [a, b]) expect(await ask(h)).not.toMatch(/Written by your IT team/);
    expect((await a.admin.audit.recent(1))[0]?.action).toBe('answer.withdraw');
  });

  it('only helpdesk members propose and only admins publish; nothing changes otherwise', async () => {
    const { a } = await deployment();
    const resolved = await solvedCase(a);
    const notMember = await click(a, resolved, 'Send for review', PROPOSAL, { from: LEE });
    expect(notMember.response.statusCode).toBe(403);
    expect(await a.storage.read([TEAM_ANSWERS_KEY])).toEqual({});

    await click(a, resolved, 'Send for review', PROPOSAL, { from: AGENT });
    const list = await teamAnswersCard(a);
    // A helpdesk member who is not an admin cannot publish, and sees no list.
    const refused = await click(a, list, 'Publish', {}, { from: AGENT });
    expect(refused.response.statusCode).toBe(403);
    const [noList] = await a.send(message('team answers', { from: AGENT }));
    expect(textOf(cardOf(noList))).toMatch(/This is for Intune admins/);
    expect(await ask(a)).not.toMatch(/Written by your IT team/);
  });

  it('bad input gets a clear answer and saves nothing', async () => {
    const { a } = await deployment();
    const resolved = await solvedCase(a);
    for (const [inputs, said] of [
      [{ ...PROPOSAL, answerTitle: '' }, /Give the answer a title/],
      [{ ...PROPOSAL, answerCause: 'short' }, /Explain the cause/],
      [{ ...PROPOSAL, answerSteps: '  ' }, /Write the fix/],
      [{ ...PROPOSAL, answerCause: 'x'.repeat(5000) }, /./],
      [{ ...PROPOSAL, answerTitle: 42 }, /./],
    ] as const) {
      const r = await click(a, resolved, 'Send for review', inputs, { from: AGENT });
      expect(r.response.statusCode).toBe(400);
      expect(JSON.stringify(r.response.value)).toMatch(said);
    }
    expect(await a.storage.read([TEAM_ANSWERS_KEY])).toEqual({});
    // A forged answer id and a made-up rev on the admins' verbs.
    const forged = await a.send(
      cardAction(VERBS.teamAnswerPublish, { answerId: '../../etc', rev: 1 }, { from: ADMIN }),
    );
    expect(JSON.stringify(forged)).toMatch(/400/);
    const missing = await click(
      a,
      {
        type: 'AdaptiveCard',
        actions: [
          {
            type: 'Action.Execute',
            title: 'Go',
            verb: VERBS.teamAnswerWithdraw,
            data: { answerId: 'team-abcdefgh', rev: 1 },
          },
        ],
      },
      'Go',
      {},
      { from: ADMIN },
    );
    expect(textOf(responseCard(missing.response))).toMatch(/no longer exists. Nothing was changed/);
  });

  it('hostile text in an answer cannot format the answer card or carry a link', async () => {
    const { a } = await deployment();
    const resolved = await solvedCase(a);
    await click(
      a,
      resolved,
      'Send for review',
      {
        ...PROPOSAL,
        answerTitle: 'Attestation [click me](https://evil.example) **now**',
        answerCause: 'Because \u202efdp.exe and <b>bold</b> [x](https://evil.example) ${title}',
      },
      { from: AGENT },
    );
    await click(a, await teamAnswersCard(a), 'Publish', {}, { from: ADMIN });
    const answer = await ask(a);
    expect(answer).toMatch(/Written by your IT team/);
    expect(answer).not.toMatch(/(?<!\\)\[click me\]\(/);
    expect(answer).not.toMatch(/(?<!\\)\*\*now/);
    expect(answer).not.toContain('\u202e');
    expect(answer).not.toContain('${title}');
  });

  it('two admins clicking on the same card: one change wins, the other is told the card was stale', async () => {
    const { a, b } = await deployment();
    await click(a, await solvedCase(a), 'Send for review', PROPOSAL, { from: AGENT });
    const list = await teamAnswersCard(a);
    const clicks = [
      ...Array.from({ length: 5 }, () => buttonClick(list, 'Publish', {}, { from: ADMIN })),
      ...Array.from({ length: 5 }, () => buttonClick(list, 'Discard', {}, { from: ADMIN })),
    ];
    const bodies = await invokeConcurrently([a, b], clicks);
    const won = bodies.filter((r) =>
      /employees get it now|Discarded/.test(JSON.stringify(r.value)),
    );
    expect(won).toHaveLength(1);
    expect(bodies.every((r) => r.statusCode === 200)).toBe(true);
    const audit = await a.admin.audit.recent(20);
    expect(
      audit.filter((e) => e.action === 'answer.publish' || e.action === 'answer.discard'),
    ).toHaveLength(1);
  });

  it('a case the bot already answers with confidence offers no proposal', async () => {
    const { a } = await deployment();
    await a.send(
      cardAction(
        VERBS.helpdeskReportSubmit,
        { ...FORM, errorText: 'Sign In Failed: the Enrollment SSO application has been installed' },
        { from: MEGAN },
      ),
    );
    const resolved = await click(
      a,
      caseCard(a),
      'Resolve',
      { resolveNote: 'done' },
      { from: AGENT },
    );
    const card = responseCard(resolved.response);
    expect(executeActions(card).map((x) => x.title)).toEqual(['Reopen']);
    // And a forged proposal on it is refused.
    const forged = await a.send(
      cardAction(
        VERBS.helpdeskProposeAnswer,
        { ...(executeActions(card)[0]?.data ?? {}), ...PROPOSAL },
        { from: AGENT },
      ),
    );
    expect(JSON.stringify(forged)).toMatch(/already answers this cause/);
    expect(await a.storage.read([TEAM_ANSWERS_KEY])).toEqual({});
  });
});
