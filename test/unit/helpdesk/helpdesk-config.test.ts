import { loadConfig } from '../../../src/config/env';

const load = (env: NodeJS.ProcessEnv) => loadConfig(env, { dotenvPath: undefined });

describe('helpdesk configuration', () => {
  it('has safe defaults: no channel, no webhook, 30-minute grouping, ./data/outbox.sqlite', () => {
    const c = load({});
    expect(c.helpdesk).toEqual({
      groupId: undefined,
      channel: undefined,
      groupingWindowMs: 30 * 60_000,
      outboxPath: './data/outbox.sqlite',
      outboxBackend: 'sqlite',
      outboxQueueName: 'helpdesk-outbox',
      pollIntervalMs: 0,
      webhookSecret: undefined,
      deliveryProbe: 'graph',
    });
  });

  it('reads the channel, group, window, outbox path and webhook secret', () => {
    const c = load({
      HELPDESK_GROUP_ID: '0b5b1d0c-2f7a-4d8e-9a51-3c1e2f4a5b6c',
      HELPDESK_CHANNEL_ID: '19:abc@thread.tacv2',
      HELPDESK_GROUPING_WINDOW_MINUTES: '10',
      OUTBOX_SQLITE_PATH: '/tmp/x.sqlite',
      WEBHOOK_SECRET: 'x'.repeat(32),
      HELPDESK_TEAM_ID: 'cccccccc-0000-4000-8000-000000000010',
      OUTBOX_DELIVERY_PROBE: 'off',
    });
    expect(c.helpdesk.channel).toEqual({
      conversationId: '19:abc@thread.tacv2',
      serviceUrl: 'https://smba.trafficmanager.net/teams/',
      teamId: 'cccccccc-0000-4000-8000-000000000010',
    });
    expect(c.helpdesk.deliveryProbe).toBe('off');
    expect(c.helpdesk.groupId).toBe('0b5b1d0c-2f7a-4d8e-9a51-3c1e2f4a5b6c');
    expect(c.helpdesk.groupingWindowMs).toBe(600_000);
    expect(c.helpdesk.outboxPath).toBe('/tmp/x.sqlite');
    expect(c.helpdesk.webhookSecret).toHaveLength(32);
  });

  it.each([
    ['HELPDESK_CHANNEL_ID', 'general'],
    ['WEBHOOK_SECRET', 'short'],
    ['HELPDESK_GROUPING_WINDOW_MINUTES', '0'],
    ['HELPDESK_GROUP_ID', 'not-a-guid'],
    ['HELPDESK_TEAM_ID', '19:team@thread.tacv2'],
    ['OUTBOX_DELIVERY_PROBE', 'always'],
  ])('rejects a bad %s, naming it', (name, value) => {
    expect(() => load({ [name]: value })).toThrow(new RegExp(name));
  });
});
