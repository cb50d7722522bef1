/**
 * The adapter's last step before the Bot Connector: a turn's replies and card updates carry no
 * bidirectional override, whatever text a flow put in them (real CloudAdapter, loopback connector).
 */
import { ActivityTypes, type Activity } from 'botbuilder';

import { createAdapter } from '../../src/bot/adapter';
import { createLogger } from '../../src/logging';
import { message } from '../factories/activities';
import { startLoopbackConnector, type LoopbackConnector } from '../support/loopback-connector';

let connector: LoopbackConnector;

beforeAll(async () => {
  connector = await startLoopbackConnector({ recordBodies: true });
});

afterAll(async () => {
  await connector.close();
});

it('removes bidirectional overrides from every reply of a turn', async () => {
  const adapter = createAdapter(
    {
      MicrosoftAppId: '',
      MicrosoftAppPassword: '',
      MicrosoftAppType: 'MultiTenant',
      MicrosoftAppTenantId: '',
    },
    createLogger('silent'),
  );
  const incoming = message('hello', { serviceUrl: connector.serviceUrl }) as Activity;
  await adapter.processIncoming('', incoming, async (ctx) => {
    await ctx.sendActivity('Could not open invoice\u202efdp.exe');
    await ctx.sendActivity({
      type: ActivityTypes.Message,
      summary: 'From \u2066Adele\u2069',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          content: { type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: 'x\u202ey' }] },
        },
      ],
    });
  });
  const received = await connector.waitFor(2, 10_000);
  const json = JSON.stringify(received.map((r) => r.activity));
  expect(json).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
  expect(received[0]?.activity).toMatchObject({ text: 'Could not open invoicefdp.exe' });
  expect(received[1]?.activity).toMatchObject({ summary: 'From Adele' });
});
