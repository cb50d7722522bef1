import { createSandboxGraphClient } from '../../../src/graph/client';
import {
  type ConversationRef,
  type OutboxMessage,
  outboxStampId,
  stampActivity,
} from '../../../src/outbox';
import {
  comparableText,
  graphBodyText,
  GraphDeliveryProbe,
  isSameMessage,
} from '../../../src/outbox/delivery-probe';
import { validateCard } from '../../helpers/card-validation';
import {
  anonymousSender,
  cardActivity,
  conversationOn,
  personalConversationOn,
} from '../../helpers/outbox-harness';
import { type LoopbackConnector, startLoopbackConnector } from '../../support/loopback-connector';

let connector: LoopbackConnector;
let probe: GraphDeliveryProbe;

beforeAll(async () => {
  connector = await startLoopbackConnector();
});

beforeEach(() => {
  connector.clear();
  connector.setFault(undefined);
  probe = new GraphDeliveryProbe({
    client: createSandboxGraphClient(connector.serviceUrl),
    teamsAppId: 'app-1',
    pageSize: 5,
    maxPages: 3,
  });
});

afterAll(() => connector.close());

function message(
  id: string,
  conversation: ConversationRef,
  activity: Record<string, unknown>,
  overrides: Partial<OutboxMessage> = {},
): OutboxMessage {
  return {
    id,
    kind: 'post',
    conversation,
    activity,
    state: 'sending',
    attempts: 1,
    notBefore: 0,
    createdAt: Date.now() - 1000,
    updatedAt: Date.now(),
    uncertain: true,
    ambiguousAttempts: 1,
    ...overrides,
  };
}

/** Posts through the real Bot Framework sender, as the outbox does (stamped). */
async function post(m: OutboxMessage): Promise<string> {
  const outcome = await anonymousSender().send({
    kind: m.kind,
    conversation: m.conversation,
    activity: stampActivity(m.activity, m.id),
    targetActivityId: m.targetActivityId,
    signal: new AbortController().signal,
  });
  if (!outcome.ok || !outcome.activityId) throw new Error('post failed');
  return outcome.activityId;
}

describe('stampActivity', () => {
  it('adds the outbox id to channelData and an invisible element to each card, without changing the input', () => {
    const activity = cardActivity('Incident INC-1');
    const before = JSON.stringify(activity);
    const stamped = stampActivity(activity, 'incident-alert/INC-1');
    expect(JSON.stringify(activity)).toBe(before);
    expect(stamped.channelData).toEqual({ outboxId: 'incident-alert/INC-1' });
    const card = (stamped.attachments as { content: Record<string, unknown> }[])[0]!.content;
    const body = card.body as Record<string, unknown>[];
    expect(body.at(-1)).toEqual({
      type: 'TextBlock',
      id: outboxStampId('incident-alert/INC-1'),
      text: ' ',
      isVisible: false,
    });
    expect(validateCard(card)).toEqual([]);
  });

  it('keeps existing channelData and leaves text messages and other attachments alone', () => {
    const stamped = stampActivity(
      {
        type: 'message',
        text: 'hello',
        channelData: { notification: { alert: true } },
        attachments: [{ contentType: 'image/png', contentUrl: 'https://example.com/a.png' }],
      },
      'x',
    );
    expect(stamped.channelData).toEqual({ notification: { alert: true }, outboxId: 'x' });
    expect(stamped.attachments).toEqual([
      { contentType: 'image/png', contentUrl: 'https://example.com/a.png' },
    ]);
  });
});

describe('isSameMessage', () => {
  const m = message('n/1', personalConversationOn(connectorLike(), 'c', 'u'), {
    type: 'message',
    text: 'Your ticket ENR-1 is resolved: <b>restart</b> & try again',
  });
  function connectorLike(): { serviceUrl: string } {
    return { serviceUrl: 'http://127.0.0.1:1/' };
  }

  it('matches a text message by its text, whatever HTML Teams wrapped it in', () => {
    expect(
      isSameMessage(
        {
          from: { application: { id: 'bot' } },
          body: {
            content:
              '<p>Your ticket ENR-1 is resolved: &lt;b&gt;restart&lt;/b&gt; &amp; try again</p>',
          },
        },
        m,
      ),
    ).toBe(true);
  });

  it('does not match the same text sent by a person, or a different text', () => {
    expect(
      isSameMessage({ from: { user: { id: 'u' } }, body: { content: m.activity.text } }, m),
    ).toBe(false);
    expect(
      isSameMessage({ from: { application: {} }, body: { content: 'Your ticket ENR-2' } }, m),
    ).toBe(false);
  });

  it('reads Graph HTML bodies as text and collapses whitespace', () => {
    expect(graphBodyText('<p>  a&nbsp;<br/>b \n c </p>')).toBe('a b c');
    expect(comparableText(' x \n\n y ')).toBe('x y');
  });
});

describe('GraphDeliveryProbe', () => {
  it('finds a card posted in a team channel and returns its activity id', async () => {
    const conv = conversationOn(connector, '19:helpdesk@thread.tacv2');
    for (let i = 0; i < 12; i += 1) {
      await post(message(`other/${i}`, conv, cardActivity(`other ${i}`)));
    }
    const target = message('incident-alert/INC-7', conv, cardActivity('Incident INC-7'));
    const activityId = await post(target);
    for (let i = 12; i < 14; i += 1) {
      await post(message(`other/${i}`, conv, cardActivity(`other ${i}`)));
    }
    await expect(probe.find(target)).resolves.toEqual({ found: true, activityId });
  });

  it('finds a post on a later page', async () => {
    const conv = conversationOn(connector, '19:paged@thread.tacv2');
    const target = message('incident-alert/INC-8', conv, cardActivity('Incident INC-8'), {
      createdAt: Date.now() - 60_000,
    });
    const activityId = await post(target);
    for (let i = 0; i < 8; i += 1) {
      await post(message(`later/${i}`, conv, cardActivity(`later ${i}`)));
    }
    await expect(probe.find(target)).resolves.toEqual({ found: true, activityId });
  });

  it('says "not found" when it has read the whole conversation since the message was queued', async () => {
    const conv = conversationOn(connector, '19:empty@thread.tacv2');
    await post(message('other/1', conv, cardActivity('other')));
    const target = message('incident-alert/INC-9', conv, cardActivity('Incident INC-9'));
    await expect(probe.find(target)).resolves.toEqual({ found: false });
  });

  it('says "unknown" when the listing is cut off before the time the message was queued', async () => {
    const conv = conversationOn(connector, '19:busy@thread.tacv2');
    for (let i = 0; i < 20; i += 1) {
      await post(message(`busy/${i}`, conv, cardActivity(`busy ${i}`)));
    }
    const target = message('incident-alert/INC-10', conv, cardActivity('Incident INC-10'), {
      createdAt: Date.now() - 3_600_000,
    });
    await expect(probe.find(target)).resolves.toEqual({ found: 'unknown' });
  });

  it('finds a text notice in the personal chat it looks up through the app installation', async () => {
    const conv = personalConversationOn(connector, 'a:personal-1', 'user-1');
    connector.registerPersonalChat('user-1', 'a:personal-1');
    const target = message('ticket-notice/ENR-1/resolved', conv, {
      type: 'message',
      text: 'Your ticket ENR-1 was resolved.',
    });
    const activityId = await post(target);
    await expect(probe.find(target)).resolves.toEqual({ found: true, activityId });
  });

  it('says "unknown" when it cannot read the conversation', async () => {
    const noTeam = { ...conversationOn(connector, '19:x@thread.tacv2'), teamId: undefined };
    await expect(probe.find(message('a', noTeam, cardActivity('a')))).resolves.toEqual({
      found: 'unknown',
    });
    // The app is not installed for this user (no chat to read).
    const personal = personalConversationOn(connector, 'a:nobody', 'user-unknown');
    await expect(probe.find(message('b', personal, { text: 'b' }))).resolves.toEqual({
      found: 'unknown',
    });
    // Graph refuses (a permission missing): unknown, never "not found".
    connector.setFault((req) => (req.url.startsWith('/v1.0/') ? { status: 403 } : undefined));
    const conv = conversationOn(connector, '19:forbidden@thread.tacv2');
    await expect(probe.find(message('c', conv, cardActivity('c')))).resolves.toEqual({
      found: 'unknown',
    });
  });

  it('is not asked about updates', async () => {
    const conv = conversationOn(connector, '19:u@thread.tacv2');
    await expect(
      probe.find(message('u', conv, cardActivity('u'), { kind: 'update', targetActivityId: '1' })),
    ).resolves.toEqual({ found: 'unknown' });
  });
});
