import fs from 'node:fs';
import path from 'node:path';

import { SqliteStorage } from '../../src/storage/sqlite-storage';
import { message, PERSONAL_CONVERSATION_ID } from '../factories/activities';
import { postActivity, startTestApp, type TestApp } from '../helpers/app';
import { startLoopbackConnector, type LoopbackConnector } from '../support/loopback-connector';

const APP_ID = '0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';
const TENANT = '11111111-2222-3333-4444-555555555555';

describe('HTTP server (anonymous local mode)', () => {
  let app: TestApp;
  let connector: LoopbackConnector;

  beforeAll(async () => {
    connector = await startLoopbackConnector();
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.stop();
    await connector.close();
  });
  beforeEach(() => connector.clear());

  it('answers a Teams message by posting the reply to the activity serviceUrl', async () => {
    const activity = message('help', { serviceUrl: connector.serviceUrl });
    const res = await postActivity(app.server.url, activity);
    expect(res.status).toBe(200);
    const [reply] = await connector.waitFor(1);
    expect(reply?.conversationId).toBe(PERSONAL_CONVERSATION_ID);
    expect(reply?.replyToId).toBe(activity.id);
    expect(reply?.activity.summary).toMatch(/help/i);
    const attachments = reply?.activity.attachments as { contentType: string }[];
    expect(attachments[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
  });

  it('answers GET /healthz and /readyz', async () => {
    const health = await fetch(`${app.server.url}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${app.server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it.each([
    ['not JSON', '{nope', 'application/json'],
    ['JSON without a type', '{"text":"hi"}', 'application/json'],
    ['an array', '[1,2]', 'application/json'],
    ['plain text', 'hello', 'text/plain'],
  ])('refuses %s with 400 and reaches no bot', async (_name, body, type) => {
    const res = await fetch(`${app.server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': type },
      body,
    });
    expect(res.status).toBe(400);
    expect(connector.count).toBe(0);
  });

  it('refuses a body over the size cap with 413', async () => {
    const res = await postActivity(
      app.server.url,
      message('x'.repeat(300 * 1024), { serviceUrl: connector.serviceUrl }),
    );
    expect(res.status).toBe(413);
    expect(connector.count).toBe(0);
  });
});

describe('HTTP server with Bot Framework auth (MicrosoftAppId set)', () => {
  let app: TestApp;
  let connector: LoopbackConnector;

  beforeAll(async () => {
    connector = await startLoopbackConnector();
    app = await startTestApp({
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'not-a-real-secret',
      MicrosoftAppTenantId: TENANT,
    });
  });
  afterAll(async () => {
    await app.stop();
    await connector.close();
  });

  it.each([
    ['no Authorization header', {}],
    ['a non-bearer header', { authorization: 'Basic dXNlcjpwYXNz' }],
    ['a garbage bearer token', { authorization: 'Bearer garbage' }],
    [
      'a forged JWT',
      {
        authorization:
          'Bearer eyJhbGciOiJSUzI1NiIsImtpZCI6IngiLCJ0eXAiOiJKV1QifQ.eyJhdWQiOiIwZjFlMmQzYy00YjVhLTY5NzgtOGE5Yi0wYzFkMmUzZjRhNWIiLCJpc3MiOiJodHRwczovL2FwaS5ib3RmcmFtZXdvcmsuY29tIn0.c2ln',
      },
    ],
  ])('answers 401 to %s and never reaches the bot', async (_name, headers) => {
    const res = await postActivity(
      app.server.url,
      message('help', { serviceUrl: connector.serviceUrl }),
      headers,
    );
    expect(res.status).toBe(401);
    expect(connector.count).toBe(0);
    const stored = await app.storage.read([`conversation/${PERSONAL_CONVERSATION_ID}`]);
    expect(stored).toEqual({});
  });

  it('never logs the token', () => {
    expect(app.logLines.join('\n')).not.toContain('eyJhbGciOiJSUzI1NiIsImtpZCI6Ix');
    expect(app.logLines.join('\n')).not.toContain('not-a-real-secret');
  });
});

describe('graceful shutdown and restart', () => {
  it('finishes a turn in flight, then refuses new connections and closes storage', async () => {
    const connector = await startLoopbackConnector();
    connector.setFault(() => ({ delayMs: 700 }));
    const app = await startTestApp();
    const pending = postActivity(
      app.server.url,
      message('help', { serviceUrl: connector.serviceUrl }),
    );
    // Wait (bounded) for the turn to arrive: a fixed pause was too short on a busy machine.
    for (let i = 0; i < 300 && app.server.inFlight() === 0; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(app.server.inFlight()).toBe(1);
    const stopping = app.stop();
    const res = await pending;
    expect(res.status).toBe(200);
    await stopping;
    expect(connector.count).toBe(1);
    await expect(fetch(`${app.server.url}/healthz`)).rejects.toThrow();
    await expect(app.storage.ping()).rejects.toThrow();
    await connector.close();
  });

  it('keeps what it wrote across a restart on the same SQLite file', async () => {
    const connector = await startLoopbackConnector();
    const first = await startTestApp();
    const dbFile = path.join(first.dataDir, 'bot.sqlite');
    await postActivity(first.server.url, message('help', { serviceUrl: connector.serviceUrl }));
    await first.stop();
    expect(fs.existsSync(dbFile)).toBe(true);

    const second = await startTestApp({ SQLITE_PATH: dbFile });
    const stored = await second.storage.read([`conversation/${PERSONAL_CONVERSATION_ID}`]);
    expect(stored[`conversation/${PERSONAL_CONVERSATION_ID}`]).toMatchObject({
      reference: { serviceUrl: connector.serviceUrl },
    });
    await second.stop();
    const reopened = new SqliteStorage(dbFile);
    expect(
      Object.keys(await reopened.read([`conversation/${PERSONAL_CONVERSATION_ID}`])),
    ).toHaveLength(1);
    await reopened.close();
    await connector.close();
  });
});

describe('service discovery file routes', () => {
  it('serves the file at the well-known path when hosting is on, and always as a download', async () => {
    const app = await startTestApp({
      SERVICE_DISCOVERY_HOSTING: 'true',
      GRAPH_TENANT_ID: TENANT,
      GRAPH_MODE: 'sandbox',
    });
    try {
      const wellKnown = await fetch(
        `${app.server.url}/.well-known/com.apple.remotemanagement?user-identifier=a%40contoso.com&model-family=iPhone`,
      );
      expect(wellKnown.status).toBe(200);
      expect(wellKnown.headers.get('content-type')).toBe('application/json');
      expect(await wellKnown.json()).toEqual({
        Servers: [
          {
            Version: 'mdm-byod',
            BaseURL: `https://manage.microsoft.com/EnrollmentServer/PostReportDeviceInfoForUEV2?aadTenantId=${TENANT}`,
          },
        ],
      });
      const download = await fetch(`${app.server.url}/api/service-discovery-file`);
      expect(download.headers.get('content-disposition')).toMatch(/com\.apple\.remotemanagement/);
    } finally {
      await app.stop();
    }
  });

  it('does not serve the well-known path unless asked to', async () => {
    const app = await startTestApp();
    try {
      const res = await fetch(`${app.server.url}/.well-known/com.apple.remotemanagement`);
      expect(res.status).toBe(404);
    } finally {
      await app.stop();
    }
  });
});
