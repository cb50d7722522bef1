import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { message } from '../factories/activities';
import { freePort, runBotProcess, waitReady } from '../helpers/bot-process';
import { startLoopbackConnector } from '../support/loopback-connector';

describe('the bot process', () => {
  it('starts, warns loudly about anonymous mode, answers, and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bot-proc-'));
    const connector = await startLoopbackConnector();
    const bot = runBotProcess({
      PORT: String(port),
      HOST: '127.0.0.1',
      SQLITE_PATH: path.join(dir, 'bot.sqlite'),
      OUTBOX_SQLITE_PATH: path.join(dir, 'outbox.sqlite'),
    });
    try {
      await waitReady(port);
      const res = await fetch(`http://127.0.0.1:${port}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(
          message('secret-phrase-xyzzy what can IT see on my phone', {
            serviceUrl: connector.serviceUrl,
          }),
        ),
      });
      expect(res.status).toBe(200);
      await connector.waitFor(1);
      bot.child.kill('SIGTERM');
      expect(await bot.exited).toBe(0);
      expect(bot.output()).toMatch(/ANONYMOUS LOCAL MODE/);
      expect(bot.output()).not.toContain('secret-phrase-xyzzy');
    } finally {
      bot.child.kill('SIGKILL');
      await connector.close();
    }
  });

  it('exits 1 on bad configuration, naming each variable and never a secret', async () => {
    const bot = runBotProcess({
      PORT: 'eighty',
      STORAGE_KIND: 'blob',
      MicrosoftAppId: '0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b',
      MicrosoftAppType: 'UserAssignedMSI',
      MicrosoftAppPassword: 'TopSecretValue123',
    });
    expect(await bot.exited).toBe(1);
    const out = bot.output();
    expect(out).toMatch(/PORT:/);
    expect(out).toMatch(/BLOB_ACCOUNT_URL: or BLOB_CONNECTION_STRING is required/);
    expect(out).toMatch(/MicrosoftAppTenantId: is required/);
    expect(out).toMatch(/MicrosoftAppPassword: must be empty/);
    expect(out).not.toContain('TopSecretValue123');
  });
});
