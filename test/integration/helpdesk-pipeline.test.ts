import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import restify, { type Request, type Response } from 'restify';

import { incidentAlertId, planIncidentAlert } from '../../src/helpdesk/alerts';
import {
  draftFromWebhookReport,
  fileReport,
  IncidentGrouper,
  TicketStore,
} from '../../src/helpdesk/report';
import {
  handleEnrollmentFailureHttp,
  handleEnrollmentFailureWebhook,
  signWebhookBody,
  TokenBucketLimiter,
} from '../../src/helpdesk/webhook';
import { SqliteOutbox } from '../../src/outbox';
import { SqliteStorage } from '../../src/storage/sqlite-storage';
import { runReportBurst } from '../helpers/outbox-burst';
import { anonymousSender, conversationOn, countByOutboxId } from '../helpers/outbox-harness';
import { type LoopbackConnector, startLoopbackConnector } from '../support/loopback-connector';

/**
 * The helpdesk backend wired the way the composition root will wire it: signed webhook →
 * diagnosis → ticket → incident → alert card post or update → outbox → Bot Framework connector.
 */

let connector: LoopbackConnector;

beforeAll(async () => {
  connector = await startLoopbackConnector();
});

afterAll(async () => {
  await connector.close();
});

describe('helpdesk pipeline', () => {
  it('files signed webhook reports into one incident with one card, updated in place', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpdesk-it-'));
    const storage = new SqliteStorage(path.join(dir, 'state.sqlite'));
    const tickets = new TicketStore(storage);
    const grouper = new IncidentGrouper(storage, tickets);
    const outbox = new SqliteOutbox({
      file: path.join(dir, 'outbox.sqlite'),
      sender: anonymousSender(),
      pollIntervalMs: 50,
    });
    const channel = conversationOn(connector, '19:enrollment-alerts@thread.tacv2');
    const limiter = new TokenBucketLimiter();
    const secret = 'pipeline-secret';
    try {
      // A sender's retry re-signs with a fresh timestamp (the same signature would be a replay).
      const post = async (body: object, secondsLater = 0) => {
        const rawBody = Buffer.from(JSON.stringify(body));
        const ts = Math.floor(Date.now() / 1000) + secondsLater;
        return handleEnrollmentFailureWebhook({
          rawBody,
          headers: {
            'x-timestamp': String(ts),
            'x-signature': signWebhookBody(secret, ts, rawBody),
          },
          secret,
          replayStore: storage,
          rateLimiter: limiter,
          source: '127.0.0.1',
          accept: async (report) => {
            const filed = await fileReport({ tickets, grouper }, draftFromWebhookReport(report), {
              idempotencyKey: report.eventId,
            });
            await outbox.enqueueMany(
              planIncidentAlert({
                incident: filed.incident,
                isNew: filed.isNewIncident,
                conversation: channel,
                activity: {
                  type: 'message',
                  text: `${filed.incident.title} (${filed.incident.count})`,
                },
              }),
            );
            if (filed.isNewIncident) {
              await grouper.recordAlert(filed.incident.id, {
                outboxId: incidentAlertId(filed.incident.id),
                conversation: channel.conversationId,
              });
            }
            return { ticketId: filed.ticket.id, incidentId: filed.incident.id };
          },
        });
      };
      const base = {
        device: 'iPhone 14',
        osVersion: '17.5',
        enrollmentType: 'appleAccountDrivenUserEnrollment',
        errorCode: 'APNSCertificateNotValid',
        time: new Date().toISOString(),
      };
      const first = await post({ ...base, user: 'megan@contoso.com', eventId: 'evt-1' });
      const second = await post({ ...base, user: 'alex@contoso.com', eventId: 'evt-2' });
      const retry = await post({ ...base, user: 'alex@contoso.com', eventId: 'evt-2' }, 1);
      expect([first.status, second.status, retry.status]).toEqual([202, 202, 202]);
      expect(retry.body.ticketId).toBe(second.body.ticketId);
      expect(second.body.incidentId).toBe(first.body.incidentId);

      outbox.start();
      await outbox.whenIdle(10_000);
      const incidentId = String(first.body.incidentId);
      expect(countByOutboxId(connector.received, ['POST'])).toEqual(
        new Map([[incidentAlertId(incidentId), 1]]),
      );
      const puts = connector.received.filter((r) => r.method === 'PUT');
      expect(puts.map((p) => p.activity.text)).toEqual([
        'Apple MDM push certificate missing or expired (2)',
      ]);

      const resolved = await grouper.resolve(incidentId, { name: 'Alex Wilber' }, 'renewed');
      expect(resolved.newlyResolved).toHaveLength(2);
      expect(await tickets.listOpen()).toEqual([]);
    } finally {
      await outbox.close();
      await storage.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('survives a burst of 300 reports with 20% of calls throttled: nothing lost or doubled', async () => {
    const result = await runReportBurst({
      reports: 300,
      faultRate: 0.2,
      connector,
      seed: 7,
      rateMarginMs: 250,
    });
    if (process.env.HELPDESK_TEST_REPORT) {
      process.stdout.write(`report-burst(300): ${JSON.stringify(result)}\n`);
    }
    expect(result).toMatchObject({ lost: 0, duplicates: 0, possibleDuplicates: 0 });
    expect(result.posts).toBe(result.expectedPosts);
    expect(result.injected429).toBeGreaterThan(0);
    expect(result.maxPerConversation1s).toBeLessThanOrEqual(7);
    expect(result.maxPerConversation2s).toBeLessThanOrEqual(8);
  });

  it('works as a restify route next to a per-route bodyParser for /api/messages', async () => {
    const storage = new SqliteStorage(':memory:');
    const server = restify.createServer({ handleUncaughtExceptions: false });
    // The wiring to copy: bodyParser only on /api/messages, the webhook reads its raw bytes.
    server.post(
      '/api/messages',
      restify.plugins.bodyParser({ maxBodySize: 256 * 1024, mapParams: false }),
      (req: Request, res: Response, next: restify.Next) => {
        res.send(200, { parsed: typeof req.body === 'object' });
        next();
      },
    );
    server.post('/api/enrollment-failures', async (req: Request, res: Response) => {
      const result = await handleEnrollmentFailureHttp(req, {
        secret: 'route-secret',
        replayStore: storage,
        accept: () => Promise.resolve({ ticketId: 'ENR-TEST' }),
      });
      for (const [name, value] of Object.entries(result.headers ?? {})) res.header(name, value);
      res.send(result.status, result.body);
    });
    await new Promise<void>((resolve) => {
      server.listen(0, '127.0.0.1', resolve);
    });
    const base = `http://127.0.0.1:${server.address().port}`;
    try {
      const body = JSON.stringify({
        user: 'megan@contoso.com',
        device: 'iPad Air',
        osVersion: 'iPadOS 17.5',
        enrollmentType: 'appleAccountDrivenUserEnrollment',
        errorText: 'Invalid Profile – “é”',
        time: new Date().toISOString(),
      });
      const ts = Math.floor(Date.now() / 1000);
      const signedHeaders = {
        'content-type': 'application/json',
        'x-timestamp': String(ts),
        'x-signature': signWebhookBody('route-secret', ts, body),
      };
      const ok = await fetch(`${base}/api/enrollment-failures`, {
        method: 'POST',
        headers: signedHeaders,
        body,
      });
      expect(ok.status).toBe(202);
      expect(await ok.json()).toEqual({ ticketId: 'ENR-TEST' });

      const big = await fetch(`${base}/api/enrollment-failures`, {
        method: 'POST',
        headers: signedHeaders,
        body: 'x'.repeat(64 * 1024 + 1),
      });
      expect(big.status).toBe(413);

      const messages = await fetch(`${base}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"type":"message"}',
      });
      expect(await messages.json()).toEqual({ parsed: true });
    } finally {
      server.close();
      await storage.close();
    }
  });
});
