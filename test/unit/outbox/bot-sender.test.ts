import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';

import { BotFrameworkSender } from '../../../src/outbox/bot-sender';

describe('BotFrameworkSender: the last step before Teams', () => {
  it('sends no bidirectional override in any text of the activity', async () => {
    const bodies: string[] = [];
    const fetchImpl = ((_url: string, init: { body: string }) => {
      bodies.push(init.body);
      return Promise.resolve(new Response(JSON.stringify({ id: 'a-1' }), { status: 201 }));
    }) as unknown as typeof fetch;
    const sender = new BotFrameworkSender({
      adapter: new CloudAdapter(new ConfigurationBotFrameworkAuthentication({})),
      botAppId: '',
      fetchImpl,
    });
    const outcome = await sender.send({
      kind: 'post',
      conversation: {
        serviceUrl: 'https://smba.example/teams/',
        conversationId: '19:x@thread.tacv2',
        channelId: 'msteams',
      },
      activity: {
        type: 'message',
        text: 'invoice\u202efdp.exe',
        summary: 'from \u2066Adele\u2069',
        attachments: [{ content: { body: [{ type: 'TextBlock', text: 'x\u202dy' }] } }],
      },
      signal: new AbortController().signal,
    });
    expect(outcome).toMatchObject({ ok: true, activityId: 'a-1' });
    expect(bodies).toHaveLength(1);
    expect(bodies[0]).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    expect(JSON.parse(bodies[0]!)).toMatchObject({ text: 'invoicefdp.exe', summary: 'from Adele' });
  });
});
