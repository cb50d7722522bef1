import { z } from 'zod';

import { type CardActionHandler, messageResponse } from '../../src/actions/card-actions';
import { commandsForScope } from '../../src/actions/commands';
import {
  botAdded,
  cardAction,
  cardSubmit,
  installationUpdate,
  message,
} from '../factories/activities';
import { cardButtons, cardOf, cardTexts, createBotHarness } from '../helpers/bot-harness';

describe('TeamsBot routing', () => {
  it('replies to "help" in a personal chat with the personal help card and a summary', async () => {
    const h = createBotHarness();
    const [reply] = await h.send(message('help'));
    expect(reply?.summary).toMatch(/help/i);
    const texts = cardTexts(cardOf(reply));
    expect(texts).toContain('What I can do for you');
    for (const c of commandsForScope('personal')) {
      expect(texts).toContain(`**${c.title}**`);
    }
  });

  it('strips the @mention in a channel and answers with the team help card', async () => {
    const h = createBotHarness();
    const [reply] = await h.send(message('help', { scope: 'team' }));
    const texts = cardTexts(cardOf(reply));
    expect(texts).toContain('Commands for this team');
    expect(texts.join(' ')).toMatch(/mention me first/i);
  });

  it('answers help in a group chat with the group chat variant', async () => {
    const h = createBotHarness();
    const [reply] = await h.send(message('  HELP! ', { scope: 'groupChat' }));
    expect(cardTexts(cardOf(reply))).toContain('Commands for this group chat');
  });

  it('answers text outside its field honestly, with buttons', async () => {
    const h = createBotHarness();
    const [reply] = await h.send(message('please frobnicate the widget'));
    const card = cardOf(reply);
    expect(cardTexts(card).join(' ')).toMatch(/I cover iPhone and iPad enrollment/i);
    expect(cardButtons(card).length).toBeGreaterThan(0);
    expect(reply?.summary).toBeTruthy();
  });

  it.each([
    ['empty text', ''],
    ['only whitespace', '   \n\t '],
    ['10,000 characters', 'x'.repeat(10_000)],
    ['emoji only', '🤖🤖🤖'],
    ['HTML', '<script>alert(1)</script><b>hi</b>'],
    ['template injection', '${jndi} ${title}'],
  ])('answers %s with a card and never echoes the text', async (_name, text) => {
    const h = createBotHarness();
    const replies = await h.send(message(text));
    expect(replies).toHaveLength(1);
    const serialised = JSON.stringify(replies[0]);
    if (text.trim().length > 3) {
      expect(serialised).not.toContain(text.trim());
    }
    expect(serialised).not.toContain('<script>');
    expect(cardButtons(cardOf(replies[0])).length).toBeGreaterThan(0);
  });

  it('answers a card submit it has no handler for without changing anything', async () => {
    const h = createBotHarness();
    const [reply] = await h.send(cardSubmit({ verb: 'nope', anything: 1 }));
    expect(cardTexts(cardOf(reply)).join(' ')).toMatch(/older card/i);
  });
});

describe('welcome', () => {
  it('greets a personal install once, even when Teams sends both install events', async () => {
    const h = createBotHarness();
    const first = await h.send(installationUpdate('add'));
    const second = await h.send(botAdded());
    expect(first).toHaveLength(1);
    expect(second).toHaveLength(0);
    const texts = cardTexts(cardOf(first[0])).join('\n');
    expect(texts).toMatch(/For employees/);
    expect(texts).toMatch(/For Intune admins/);
    expect(texts).toMatch(/Hi Megan/);
  });

  it('explains how a channel becomes the helpdesk channel when added to a team', async () => {
    const h = createBotHarness();
    const [reply] = await h.send(botAdded({ scope: 'team' }));
    const texts = cardTexts(cardOf(reply)).join('\n');
    expect(texts).toMatch(/IT Helpdesk/);
    expect(texts).toMatch(/set helpdesk channel/);
    expect(reply?.summary).toMatch(/helpdesk channel/);
  });

  it('greets again after an uninstall and reinstall', async () => {
    const h = createBotHarness();
    await h.send(installationUpdate('add'));
    await h.send(installationUpdate('remove'));
    const again = await h.send(installationUpdate('add'));
    expect(again).toHaveLength(1);
  });

  it('escapes a hostile display name in the greeting', async () => {
    const h = createBotHarness();
    const [reply] = await h.send(
      installationUpdate('add', { from: { name: '**Boss** [x](http://evil)' } }),
    );
    const texts = cardTexts(cardOf(reply)).join('\n');
    expect(texts).not.toContain('**Boss**');
    expect(texts).toContain('\\*\\*Boss\\*\\*');
  });
});

describe('conversation references', () => {
  it('stores the conversation reference durably on the first turn', async () => {
    const h = createBotHarness();
    await h.send(message('help', { serviceUrl: 'https://smba.example/teams/' }));
    const stored = await h.storage.read(['conversation/a:personal-conversation-1']);
    const record = stored['conversation/a:personal-conversation-1'] as {
      reference: { serviceUrl: string; user: { aadObjectId: string } };
    };
    expect(record.reference.serviceUrl).toBe('https://smba.example/teams/');
    expect(record.reference.user.aadObjectId).toBe('aaaaaaaa-0000-0000-0000-000000000001');
  });
});

describe('card actions (Action.Execute)', () => {
  const schema = z.object({ name: z.string().min(1) });
  function registryWith(
    handler: CardActionHandler<{ name: string }>,
  ): Map<string, CardActionHandler<unknown>> {
    return new Map([['test.greet', handler]]);
  }

  it('passes parsed data to the handler and returns its response', async () => {
    const seen: string[] = [];
    const h = createBotHarness({
      cardActions: registryWith({
        schema,
        handle: (_ctx, data) => {
          seen.push(data.name);
          return Promise.resolve(messageResponse(`hello ${data.name}`));
        },
      }),
    });
    const [reply] = await h.send(cardAction('test.greet', { name: 'Ana' }));
    expect(reply?.type).toBe('invokeResponse');
    expect(reply?.value).toMatchObject({
      status: 200,
      body: { statusCode: 200, value: 'hello Ana' },
    });
    expect(seen).toEqual(['Ana']);
  });

  it('refuses data of the wrong type with a 400 and never calls the handler', async () => {
    const handle = jest.fn();
    const h = createBotHarness({ cardActions: registryWith({ schema, handle }) });
    const [reply] = await h.send(cardAction('test.greet', { name: 42 }));
    expect(reply?.value).toMatchObject({
      body: { statusCode: 400, type: 'application/vnd.microsoft.error' },
    });
    expect(handle).not.toHaveBeenCalled();
  });

  it('answers an unknown verb with a friendly 400', async () => {
    const h = createBotHarness();
    const [reply] = await h.send(cardAction('forged.verb', {}));
    expect(reply?.value).toMatchObject({
      body: { statusCode: 400, value: { code: 'UnknownAction' } },
    });
  });

  it('turns a handler crash into a 500 with a correlation id, logged and shown, no stack', async () => {
    const h = createBotHarness({
      cardActions: registryWith({
        schema,
        handle: () => Promise.reject(new Error('database exploded at line 42')),
      }),
    });
    const [reply] = await h.send(cardAction('test.greet', { name: 'x' }));
    const body = (reply?.value as { body: { statusCode: number; value: { message: string } } })
      .body;
    expect(body.statusCode).toBe(500);
    expect(body.value.message).not.toContain('exploded');
    const id = /reference \*\*([0-9a-f]{8})\*\*/.exec(body.value.message)?.[1];
    expect(id).toBeDefined();
    expect(h.logLines.some((l) => l.includes(id!) && l.includes('card action failed'))).toBe(true);
  });
});
