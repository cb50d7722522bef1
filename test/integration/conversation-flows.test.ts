import { randomUUID } from 'node:crypto';

import type { Activity } from 'botbuilder';

import { carryText } from '../../src/cards/text';
import { VERBS } from '../../src/cards/verbs';
import { cardAction, message, USER, type ActivityOptions } from '../factories/activities';
import { FAKE, seededIntune } from '../fakes/fake-intune';
import {
  cardButtons,
  cardOf,
  cardTexts,
  createBotHarness,
  type BotHarness,
} from '../helpers/bot-harness';
import { forEachNode, validateCard } from '../helpers/card-validation';
import { click, executeActions, responseCard, type InvokeBody } from '../helpers/clicks';

const ADMIN = {
  id: '29:admin-mri',
  name: 'Adele Vance',
  aadObjectId: 'aaaaaaaa-0000-0000-0000-0000000000ad',
};
const LEE = {
  id: '29:lee-mri',
  name: 'Lee Gu',
  aadObjectId: 'aaaaaaaa-0000-0000-0000-000000000002',
};

type Card = Record<string, unknown>;

/** Sends a message and returns the card of the only reply (asserting it is a valid card). */
async function say(h: BotHarness, text: string, opts: ActivityOptions = {}): Promise<Card> {
  const replies = await h.send(message(text, opts));
  expect(replies).toHaveLength(1);
  const card = cardOf(replies[0]);
  expect(validateCard(card)).toEqual([]);
  return card;
}

/** The values of a card's inputs, by id. */
function inputsOf(card: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  forEachNode(card, (n) => {
    if (typeof n.type === 'string' && n.type.startsWith('Input.') && typeof n.id === 'string') {
      out[n.id] = n.value;
    }
  });
  return out;
}

/** The ids of a card's TextBlocks (notice cards carry their kind there: 'small-talk', 'clarify'…). */
function blockIds(card: unknown): string[] {
  const out: string[] = [];
  forEachNode(card, (n) => {
    if (n.type === 'TextBlock' && typeof n.id === 'string') out.push(n.id);
  });
  return out;
}

/** The version verdict shown above an answer (the emphasis container), or ''. */
function leadOf(card: unknown): string {
  let lead = '';
  forEachNode(card, (n) => {
    if (!lead && n.type === 'Container' && n.style === 'emphasis' && Array.isArray(n.items)) {
      lead = cardTexts(n.items).join('\n');
    }
  });
  return lead;
}

const isAnswerCard = (card: Card): boolean =>
  cardButtons(card).includes('Helpful') && cardButtons(card).includes('Ask the helpdesk');

const isReportForm = (card: Card): boolean =>
  JSON.stringify(card).includes(VERBS.helpdeskReportSubmit);

const isGuideAsk = (card: Card): boolean => cardButtons(card).includes('Show my steps');

function invokeBody(reply: Partial<Activity> | undefined): InvokeBody {
  return (reply?.value as { body: InvokeBody }).body;
}

describe('the guide waiting for device details', () => {
  it('continues with the steps when the details are typed instead of picked', async () => {
    const h = createBotHarness();
    const ask = await say(h, 'enroll');
    expect(isGuideAsk(ask)).toBe(true);
    const overview = await say(h, "it's my own iPhone 15, iOS 18.1");
    const text = cardTexts(overview).join('\n');
    expect(text).toMatch(/Enroll your iPhone \(iOS 18\.1\)/);
    expect(text).toMatch(/VPN & Device Management/);
    expect(cardButtons(overview)).toContain('Go step by step');
  });

  it('says to update first, naming 17, when the typed details are an iPad on 16.4', async () => {
    const h = createBotHarness();
    await say(h, 'enroll');
    const card = await say(h, 'mine, an ipad on 16.4');
    const text = cardTexts(card).join('\n');
    expect(blockIds(card)).toContain('update-os');
    expect(text).toMatch(/Update your iPad first/);
    expect(text).toMatch(/iPadOS 17 and later/);
    expect(text).not.toMatch(/Enroll your iPad/);
  });

  it('answers an unrelated question as a question, and keeps waiting for the details', async () => {
    const h = createBotHarness();
    await say(h, 'enroll');
    const answer = await say(h, 'can my boss see my photos?');
    expect(isAnswerCard(answer)).toBe(true);
    expect(isGuideAsk(answer)).toBe(false);
    expect(cardTexts(answer).join('\n')).toMatch(/photo/i);
    const overview = await say(h, 'my iPhone on iOS 18');
    expect(cardTexts(overview).join('\n')).toMatch(/Enroll your iPhone \(iOS 18\)/);
  });
});

describe('what the bot remembers of the chat', () => {
  const TOLD = 'I\'m on an iPhone 13 mini with iOS 17.5 and it says "Profile installation failed"';

  it('prefills the report form with the device, version and message told earlier', async () => {
    const h = createBotHarness();
    await say(h, TOLD);
    const form = await say(h, 'report a problem');
    expect(isReportForm(form)).toBe(true);
    const values = inputsOf(form);
    expect(values.deviceModel).toMatch(/^iPhone 13 mini$/i);
    expect(values.osVersion).toBe('17.5');
    expect(values.errorText).toBe('Profile installation failed');
  });

  it('does not prefill once the memory window has passed', async () => {
    let now = new Date('2026-12-01T09:00:00Z');
    const h = createBotHarness({ memoryMs: 30 * 60_000, now: () => now });
    await say(h, TOLD);
    now = new Date('2026-12-01T09:29:00Z');
    expect(inputsOf(await say(h, 'report a problem')).osVersion).toBe('17.5');
    now = new Date('2026-12-01T09:31:00Z');
    const values = inputsOf(await say(h, 'report a problem'));
    expect(values.deviceModel).toBe('');
    expect(values.osVersion).toBe('');
    expect(values.errorText).toBe('');
  });

  it('does not prefill for another person in the same chat', async () => {
    const h = createBotHarness();
    await say(h, TOLD);
    const values = inputsOf(await say(h, 'report a problem', { from: LEE }));
    expect(values.deviceModel).toBe('');
    expect(values.osVersion).toBe('');
    expect(values.errorText).toBe('');
    expect(JSON.stringify(values)).not.toMatch(/Profile installation/);
  });

  it('goes straight to the steps on "enroll" when the device was told earlier, and says so', async () => {
    const h = createBotHarness();
    await say(h, 'my iphone is on ios 17.4');
    const overview = await say(h, 'enroll');
    const text = cardTexts(overview).join('\n');
    expect(isGuideAsk(overview)).toBe(false);
    expect(text).toMatch(/Enroll your iPhone \(iOS 17\.4\)/);
    expect(text).toMatch(/told me earlier/);
  });

  it('asks for the details on "enroll" when nothing was told', async () => {
    const h = createBotHarness();
    const ask = await say(h, 'enroll');
    expect(isGuideAsk(ask)).toBe(true);
    expect(cardTexts(ask).join('\n')).not.toMatch(/told me earlier/);
  });
});

describe('"Ask the helpdesk" on an answer', () => {
  const QUESTION = 'Can my boss see the photos on my iPhone?';

  it('opens the report form holding the question; the answer card never carries it as text', async () => {
    const h = createBotHarness();
    const answer = await say(h, QUESTION);
    expect(isAnswerCard(answer)).toBe(true);
    expect(JSON.stringify(answer)).not.toMatch(/boss/i);
    // Nor is the question stored anywhere: only what the person said about the device.
    expect(JSON.stringify(await h.storage.read(h.storage.keys()))).not.toMatch(/boss/i);
    const { response, others } = await click(h, answer, 'Ask the helpdesk');
    expect(response.statusCode).toBe(200);
    expect(response.type).toBe('application/vnd.microsoft.activity.message');
    expect(others).toHaveLength(1);
    const form = cardOf(others[0]);
    expect(validateCard(form)).toEqual([]);
    expect(isReportForm(form)).toBe(true);
    expect(inputsOf(form).question).toBe(QUESTION);
  });

  it('attaches the whole message from a card with several answers', async () => {
    const h = createBotHarness();
    const text = 'how do I enroll and can my boss see my photos?';
    const answers = await say(h, text);
    const { others } = await click(h, answers, 'Ask the helpdesk');
    expect(inputsOf(cardOf(others[0])).question).toBe(text);
  });

  it.each([
    ['not encoded text', { question: 'Can my boss see my photos?' }],
    ['a huge value', { question: 'A'.repeat(9000) }],
    ['the wrong type', { question: 42 }],
  ])('refuses or ignores a forged question (%s) and changes nothing', async (_name, data) => {
    const h = createBotHarness();
    const replies = await h.send(cardAction(VERBS.helpdeskAsk, data));
    const invoke = replies.find((r) => r.type === 'invokeResponse');
    const status = (invoke?.value as { status?: number } | undefined)?.status;
    const form = replies.find((r) => r.type === 'message');
    if (form) {
      expect(isReportForm(cardOf(form))).toBe(true);
      expect(inputsOf(cardOf(form)).question).toBe('');
    } else {
      expect(status).toBe(400);
    }
    expect(h.storage.keys().filter((k) => k.startsWith('memory/'))).toEqual([]);
  });

  it("carries another person's click to their own form, filed under their own identity", async () => {
    const h = createBotHarness();
    const answer = await say(h, QUESTION);
    const { others } = await click(h, answer, 'Ask the helpdesk', {}, { from: LEE });
    const form = cardOf(others[0]);
    expect(isReportForm(form)).toBe(true);
    // The prefill is only text in their form; who reports comes from the activity on submit.
    expect(inputsOf(form).question).toBe(QUESTION);
  });

  it('files a ticket with only the question, and the channel alert shows it', async () => {
    const h = createBotHarness({ admins: [ADMIN.aadObjectId] });
    await h.send(message('set helpdesk channel', { scope: 'team', from: ADMIN }));
    const answer = await say(h, QUESTION);
    const form = cardOf((await click(h, answer, 'Ask the helpdesk')).others[0]);
    const values = inputsOf(form);
    expect(values.errorText).toBe('');
    const sent = await click(h, form, 'Send to the helpdesk', values);
    const filed = responseCard(sent.response);
    const id = /Ticket \*\*(ENR-[0-9A-Z]{4}-[0-9A-Z]{4})\*\*/.exec(
      cardTexts(filed).join('\n'),
    )?.[1];
    expect(id).toBeDefined();
    expect((await h.helpdesk.tickets.get(id!))?.reporter.aadObjectId).toBe(USER.aadObjectId);
    expect(h.outbox.messages).toHaveLength(1);
    const alert = (
      h.outbox.messages[0]?.activity as { attachments: [{ content: Record<string, unknown> }] }
    ).attachments[0].content;
    expect(cardTexts(alert)).toContain(`Question: ${QUESTION}`);
  });

  it('escapes a hostile question on the alert', async () => {
    const h = createBotHarness({ admins: [ADMIN.aadObjectId] });
    await h.send(message('set helpdesk channel', { scope: 'team', from: ADMIN }));
    const hostile = 'why do I need Authenticator [x](https://evil.example) **now**';
    const answer = await say(h, hostile);
    const form = cardOf((await click(h, answer, 'Ask the helpdesk')).others[0]);
    await click(h, form, 'Send to the helpdesk', inputsOf(form));
    const alert = JSON.stringify(h.outbox.messages[0]?.activity);
    expect(alert).toContain('evil.example');
    expect(alert).not.toContain('[x](');
    expect(alert).not.toMatch(/(?<!\\\\)\*\*now/);
  });
});

describe('why an answer did not help', () => {
  const REASONS_KEY = (articleId: string): string => `feedback-reasons/${articleId}`;

  async function notHelpful(
    h: BotHarness,
  ): Promise<{ answer: Card; form: Card; articleId: string; answerId: string }> {
    const answer = await say(h, 'Why do I need Microsoft Authenticator?');
    const data = executeActions(answer).find((a) => a.title === 'Not helpful')?.data ?? {};
    const form = responseCard((await click(h, answer, 'Not helpful')).response);
    return {
      answer,
      form,
      articleId: String(data.articleId),
      answerId: String(data.answerId),
    };
  }

  async function reasons(h: BotHarness, articleId: string): Promise<unknown> {
    return (await h.storage.read([REASONS_KEY(articleId)]))[REASONS_KEY(articleId)];
  }

  it('asks, after Not helpful, for an optional reason', async () => {
    const h = createBotHarness();
    const { form } = await notHelpful(h);
    expect(cardButtons(form)).toEqual(expect.arrayContaining(['Send', 'Skip']));
    expect(cardButtons(form)).not.toContain('Helpful');
    expect(Object.keys(inputsOf(form))).toEqual(expect.arrayContaining(['reason', 'comment']));
  });

  it('stores the reason and comment once, with no names, and thanks the person', async () => {
    const h = createBotHarness();
    const { form, articleId } = await notHelpful(h);
    const sent = await click(h, form, 'Send', {
      reason: 'steps-failed',
      comment: 'Step 3 had no Sign In button',
    });
    const thanked = responseCard(sent.response);
    expect(cardTexts(thanked).join('\n')).toMatch(/Thanks/);
    expect(cardButtons(thanked)).not.toContain('Send');
    expect(await reasons(h, articleId)).toMatchObject({
      counts: { 'steps-failed': 1 },
      recent: [{ reason: 'steps-failed', comment: 'Step 3 had no Sign In button' }],
    });

    const replay = await click(h, form, 'Send', { reason: 'steps-failed', comment: 'again' });
    expect(replay.response.statusCode).toBe(200);
    const stored = (await reasons(h, articleId)) as { counts: unknown; recent: unknown[] };
    expect(stored.counts).toEqual({ 'steps-failed': 1 });
    expect(stored.recent).toHaveLength(1);
    const json = JSON.stringify(await h.storage.read([REASONS_KEY(articleId)]));
    expect(json).not.toContain(USER.aadObjectId);
    expect(json).not.toContain(USER.name);
  });

  it('refuses a reason without a Not helpful vote on that card, and stores nothing', async () => {
    const h = createBotHarness();
    const answer = await say(h, 'Why do I need Microsoft Authenticator?');
    const data = executeActions(answer).find((a) => a.title === 'Helpful')?.data ?? {};
    const articleId = String(data.articleId);
    const reason = { reason: 'wrong', comment: 'forged' };

    const noVote = await h.send(
      cardAction(VERBS.knowledgeFeedbackReason, { articleId, answerId: data.answerId, ...reason }),
    );
    expect(invokeBody(noVote[0]).statusCode).toBe(400);

    await click(h, answer, 'Helpful');
    const afterHelpful = await h.send(
      cardAction(VERBS.knowledgeFeedbackReason, { articleId, answerId: data.answerId, ...reason }),
    );
    expect(invokeBody(afterHelpful[0]).statusCode).toBe(400);

    const unknownCard = await h.send(
      cardAction(VERBS.knowledgeFeedbackReason, { articleId, answerId: randomUUID(), ...reason }),
    );
    expect(invokeBody(unknownCard[0]).statusCode).toBe(400);
    expect(await reasons(h, articleId)).toBeUndefined();
  });

  it('refuses a reason for another article than the one voted on', async () => {
    const h = createBotHarness();
    const { answerId, articleId } = await notHelpful(h);
    const other = h.knowledge.kb.all().find((a) => a.id !== articleId)!.id;
    const replies = await h.send(
      cardAction(VERBS.knowledgeFeedbackReason, {
        articleId: other,
        answerId,
        reason: 'wrong',
        comment: 'pinned on another article',
      }),
    );
    expect(invokeBody(replies[0]).statusCode).toBe(400);
    expect(await reasons(h, other)).toBeUndefined();
    expect(await reasons(h, articleId)).toBeUndefined();
  });

  it('stores nothing on Skip', async () => {
    const h = createBotHarness();
    const { form, articleId } = await notHelpful(h);
    const skipped = responseCard((await click(h, form, 'Skip')).response);
    expect(cardButtons(skipped)).not.toContain('Send');
    expect(await reasons(h, articleId)).toBeUndefined();
  });

  it('shows admins the reason and the comment, escaped, in the feedback report', async () => {
    const h = createBotHarness({ admins: [ADMIN.aadObjectId] });
    const { form } = await notHelpful(h);
    await click(h, form, 'Send', {
      reason: 'steps-failed',
      comment: 'see [x](https://evil.example) \u202egnp.exe **now**',
    });
    const report = await say(h, 'feedback report', { from: ADMIN });
    const texts = cardTexts(report).join('\n');
    expect(texts).toMatch(/steps didn't work/);
    expect(texts).toContain('evil.example');
    expect(texts).toContain('gnp.exe');
    const json = JSON.stringify(report);
    expect(json).not.toContain('[x](');
    expect(json).not.toContain('\u202e');
    expect(json).not.toMatch(/\\\\u202e/i);
    expect(texts).not.toMatch(/(?<!\\)\*\*now/);
  });

  it('keeps the report from employees', async () => {
    const h = createBotHarness({ admins: [ADMIN.aadObjectId] });
    const { form } = await notHelpful(h);
    await click(h, form, 'Send', { reason: 'steps-failed', comment: 'secret comment' });
    const refused = await say(h, 'feedback report');
    expect(cardTexts(refused).join('\n')).toMatch(/for Intune admins/);
    expect(JSON.stringify(refused)).not.toContain('secret comment');
  });
});

describe('small talk', () => {
  it('greets back with the first name Teams gives, never a name from the text', async () => {
    const h = createBotHarness();
    const card = await say(h, 'hi');
    expect(blockIds(card)).toContain('small-talk');
    expect(cardTexts(card)[0]).toBe('Hi Megan!');
    const lee = await say(h, 'hello', { from: LEE });
    expect(cardTexts(lee)[0]).toBe('Hi Lee!');
    const hostile = await say(h, 'hey', {
      from: { ...LEE, name: '[x](https://evil.example) Bob' },
    });
    expect(cardTexts(hostile)[0]).toBe('Hi!');
    expect(JSON.stringify(hostile)).not.toContain('evil.example');
  });

  it('says "you\'re welcome" to thanks', async () => {
    const h = createBotHarness();
    const card = await say(h, 'thanks!');
    expect(blockIds(card)).toContain('small-talk');
    expect(cardTexts(card).join('\n')).toMatch(/welcome/i);
  });

  it.each(['it didnt work', "it didn't work", 'It didn’t work.'])(
    'asks what happened on "%s", with the steps and a report as ways forward',
    async (text) => {
      const h = createBotHarness();
      const card = await say(h, text);
      expect(blockIds(card)).toContain('clarify');
      expect(cardButtons(card)).toEqual(
        expect.arrayContaining(['Show me the steps', 'Report a problem']),
      );
    },
  );

  it('mentions the message told earlier when asking what happened', async () => {
    const h = createBotHarness();
    await say(h, 'my iPad says "Profile installation failed" at the last step');
    const card = await say(h, 'it didnt work');
    expect(blockIds(card)).toContain('clarify');
    expect(cardTexts(card).join('\n')).toContain('Profile installation failed');
  });

  it('does not take a failure with detail for small talk', async () => {
    const h = createBotHarness();
    const card = await say(h, "it didn't work after I typed my password");
    expect(blockIds(card)).not.toContain('small-talk');
    expect(blockIds(card)).not.toContain('clarify');
  });
});

describe('several questions in one message', () => {
  it('answers each briefly on one card, with a way to the guide and to the full answer', async () => {
    const h = createBotHarness();
    const card = await say(h, 'how do I enroll and can my boss see my photos?');
    expect(blockIds(card)).toContain('answers');
    const asked = cardTexts(card).filter((t) => t.startsWith('_You asked:'));
    expect(asked).toHaveLength(2);
    expect(cardButtons(card)).toEqual(
      expect.arrayContaining(['Start step by step', 'Full answer', 'Ask the helpdesk']),
    );
    expect(cardTexts(card).join('\n')).toMatch(/photo/i);
  });

  it('guides a request to enroll for the device its own question names', async () => {
    const h = createBotHarness();
    const card = await say(
      h,
      'How do I enroll the company-owned iPhone? And can my boss see the photos on my personal iPad?',
    );
    expect(blockIds(card)).toContain('answers');
    const texts = cardTexts(card).join('\n');
    // The steps for an organisation's device, though the message also names a personal one.
    expect(texts).toMatch(/organisation-owned iPhone or iPad/);
    expect(texts).not.toMatch(/personal iPhone or iPad/);
  });

  it('echoes each question as typed', async () => {
    const h = createBotHarness();
    const card = await say(h, 'How do I enroll and can my boss see my photos?');
    const asked = cardTexts(card).filter((t) => t.startsWith('_You asked:'));
    expect(asked[0]).toBe('_You asked: How do I enroll_');
  });

  it('says "You said" for a problem the person told, and "You asked" for the question', async () => {
    const h = createBotHarness();
    const card = await say(
      h,
      'My iPad was retired by IT on Friday. I bought a new one, do I need to enroll it all over again?',
    );
    expect(blockIds(card)).toContain('answers');
    const lines = cardTexts(card).filter((t) => /^_You (said|asked):/.test(t));
    expect(lines).toEqual([
      '_You said: My iPad was retired by IT on Friday._',
      '_You asked: I bought a new one, do I need to enroll it all over again?_',
    ]);
  });

  it('never shows Markdown from what was typed', async () => {
    const h = createBotHarness();
    const card = await say(
      h,
      'How do I enroll **now** and can my boss see my [x](https://evil.example) photos?',
    );
    expect(blockIds(card)).toContain('answers');
    const asked = cardTexts(card).filter((t) => t.startsWith('_You asked:'));
    expect(asked.length).toBeGreaterThanOrEqual(2);
    for (const line of asked) {
      // Every * and [ the person typed is escaped.
      expect(line).not.toMatch(/(?<!\\)\*/);
      expect(line).not.toMatch(/(?<!\\)\[/);
    }
    expect(JSON.stringify(card)).not.toContain('[x](');
  });
});

describe('version questions', () => {
  it('leads the answer with "update first" and 17 for iOS 16.7', async () => {
    const h = createBotHarness();
    const card = await say(h, 'is iOS 16.7 ok to enroll?');
    expect(isAnswerCard(card)).toBe(true);
    const lead = leadOf(card);
    expect(lead).toMatch(/update/i);
    expect(lead).toMatch(/\b17\b/);
    // The requirements answer, or the article for that version: about versions either way.
    expect(cardTexts(card)[0]).toMatch(/\bversion|\biOS 1[56]\b/i);
  });

  it('leads with "supported" for iPadOS 18.2', async () => {
    const h = createBotHarness();
    const card = await say(h, 'can I enroll on iPadOS 18.2');
    expect(isAnswerCard(card)).toBe(true);
    expect(leadOf(card)).toMatch(/iPadOS 18\.2 is supported/);
  });

  it('does not turn a failure that mentions a version into a version verdict', async () => {
    const h = createBotHarness();
    const card = await say(h, 'sms code fails on ios 16');
    expect(isAnswerCard(card)).toBe(true);
    expect(leadOf(card)).toBe('');
    expect(cardTexts(card)[0]).toMatch(/text message|SMS|code/i);
  });
});

describe('typed commands with typos', () => {
  it('reads "hlep" as help', async () => {
    const h = createBotHarness();
    const typo = await say(h, 'hlep');
    const help = await say(h, 'help');
    expect(cardTexts(typo)[0]).toBe(cardTexts(help)[0]);
    expect(cardTexts(typo).join('\n')).toMatch(/\*\*enroll\*\*/);
  });

  it('starts the profile wizard on "creat profile" for an admin', async () => {
    const h = createBotHarness({ admins: [FAKE.admin], intune: seededIntune() });
    const asAdmin = { from: { aadObjectId: FAKE.admin, name: 'Adele Vance' } };
    const typo = await say(h, 'creat profile', asAdmin);
    const exact = await say(h, 'create profile', asAdmin);
    expect(cardTexts(typo)).toEqual(cardTexts(exact));
    expect(cardButtons(typo)).toContain('Next');
    expect(executeActions(typo).map((a) => a.verb)).toContain(VERBS.wizardNext);
  });

  it('refuses "creat profile" politely for an employee', async () => {
    const h = createBotHarness({ admins: [FAKE.admin], intune: seededIntune() });
    const card = await say(h, 'creat profile', {
      from: { aadObjectId: FAKE.employee, name: 'Megan Bowen' },
    });
    expect(cardTexts(card).join('\n')).toMatch(/Intune Administrator/);
    expect(executeActions(card).map((a) => a.verb)).not.toContain(VERBS.wizardNext);
  });
});

describe('bad input', () => {
  const words = 'enroll iphone photos boss authenticator passcode settings work account ';
  const huge = words.repeat(Math.ceil(3999 / words.length)).slice(0, 3999);

  it.each([
    ['3,999 characters of words', huge],
    ['emoji only', '📱❓🙂🔥'],
    ['punctuation only', '?!?! ... ;;; ---'],
    ['bidi and control characters', '\u202e\u0007 hi \u2066'],
    ['a template binding', '${fallbackText} how do I enroll'],
  ])('answers %s with a valid card', async (_name, text) => {
    expect(text.length).toBeLessThanOrEqual(3999);
    const h = createBotHarness();
    const replies = await h.send(message(text));
    expect(replies.length).toBeGreaterThanOrEqual(1);
    for (const r of replies) expect(validateCard(cardOf(r))).toEqual([]);
  });

  it('answers 50 identical messages sent at once, each with a valid card', async () => {
    const h = createBotHarness();
    const before = h.adapter.activeQueue.length;
    await Promise.all(
      Array.from({ length: 50 }, () =>
        h.adapter.processActivity(message('can my boss see my photos?')),
      ),
    );
    const replies = h.adapter.activeQueue.splice(before);
    expect(replies).toHaveLength(50);
    for (const r of replies) {
      const card = cardOf(r);
      expect(validateCard(card)).toEqual([]);
      expect(isAnswerCard(card)).toBe(true);
    }
    // Each answer card has its own id (feedback stays per card) and carries the question.
    const ids = replies.map(
      (r) => executeActions(cardOf(r)).find((a) => a.title === 'Helpful')?.data.answerId,
    );
    expect(new Set(ids).size).toBe(50);
    const carried = replies.map(
      (r) => executeActions(cardOf(r)).find((a) => a.title === 'Ask the helpdesk')?.data.question,
    );
    expect(new Set(carried)).toEqual(new Set([carryText('can my boss see my photos?', 500)]));
  });
});
