/**
 * Telemetry reaches Application Insights, and carries nothing it must not: the bot runs as its
 * own process with APPLICATIONINSIGHTS_CONNECTION_STRING pointing at a loopback ingestion
 * endpoint (the Track API the Azure Monitor exporter posts to), talks to the local Intune
 * sandbox and a loopback Bot Connector, and is stopped with SIGTERM, which flushes telemetry.
 * Then the envelopes are read as Application Insights would: requests, dependencies with
 * Graph's request-id, metrics, logs in the same operation, and no message text or secret.
 */
import fs from 'node:fs';
import https from 'node:https';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

import { message } from '../factories/activities';
import { freePort, runBotProcess, waitReady, type BotProcess } from '../helpers/bot-process';
import { createLoopbackCertificate } from '../helpers/https-test-server';
import { startLoopbackConnector, type LoopbackConnector } from '../support/loopback-connector';

interface Envelope {
  name: string;
  iKey?: string;
  tags?: Record<string, string>;
  data?: { baseType?: string; baseData?: Record<string, unknown> };
}

interface Ingestion {
  url: string;
  certificatePem: string;
  bodies: string[];
  envelopes: Envelope[];
  close(): Promise<void>;
}

/** A stand-in for the Application Insights ingestion endpoint, on loopback. */
async function startIngestion(): Promise<Ingestion> {
  const bodies: string[] = [];
  const envelopes: Envelope[] = [];
  // The exporter speaks only HTTPS: a self-signed loopback certificate, trusted by the bot
  // process through NODE_EXTRA_CA_CERTS.
  const { cert, key } = await createLoopbackCertificate();
  const server = https.createServer({ cert, key }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let raw = Buffer.concat(chunks);
      if (/gzip/i.test(req.headers['content-encoding'] ?? '')) raw = zlib.gunzipSync(raw);
      const text = raw.toString('utf8');
      bodies.push(text);
      let items: Envelope[] = [];
      try {
        const parsed = JSON.parse(text) as Envelope | Envelope[];
        items = Array.isArray(parsed) ? parsed : [parsed];
      } catch {
        // not JSON: kept in bodies for the redaction check only
      }
      envelopes.push(...items);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ itemsReceived: items.length, itemsAccepted: items.length, errors: [] }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `https://127.0.0.1:${port}/`,
    certificatePem: cert,
    bodies,
    envelopes,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const IKEY = '0b0e6f3c-7a1d-4c2e-9f5b-3d8a6c4e2f10';
const SECRET = 'webhook-secret-do-not-leak-4f9c2a7e1b3d5f8a';
const PHRASE = 'secret-phrase-plugh';

let ingestion: Ingestion;
let connector: LoopbackConnector;
let bot: BotProcess | undefined;

beforeAll(async () => {
  ingestion = await startIngestion();
  connector = await startLoopbackConnector();
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bot-telemetry-'));
  const caFile = path.join(dir, 'ingestion-ca.pem');
  fs.writeFileSync(caFile, ingestion.certificatePem);
  bot = runBotProcess({
    PORT: String(port),
    HOST: '127.0.0.1',
    SQLITE_PATH: path.join(dir, 'bot.sqlite'),
    OUTBOX_SQLITE_PATH: path.join(dir, 'outbox.sqlite'),
    WEBHOOK_SECRET: SECRET,
    APPLICATIONINSIGHTS_CONNECTION_STRING: `InstrumentationKey=${IKEY};IngestionEndpoint=${ingestion.url};LiveEndpoint=${ingestion.url}`,
    // The SDK's own usage telemetry goes to Microsoft, not to our endpoint: off in a test.
    APPLICATIONINSIGHTS_STATSBEAT_DISABLED: 'true',
    OTEL_METRIC_EXPORT_INTERVAL: '1000',
    NODE_EXTRA_CA_CERTS: caFile,
  });
  await waitReady(port);
  const post = async (text: string): Promise<void> => {
    const res = await fetch(`http://127.0.0.1:${port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(message(text, { serviceUrl: connector.serviceUrl })),
    });
    expect(res.status).toBe(200);
  };
  await post(`${PHRASE} what can IT see on my phone`);
  await post(`${PHRASE} how do I enroll my iPhone on iOS 18`);
  await connector.waitFor(2, 20_000);
  bot.child.kill('SIGTERM');
  expect(await bot.exited).toBe(0);
}, 90_000);

afterAll(async () => {
  bot?.child.kill('SIGKILL');
  await connector?.close();
  await ingestion?.close();
});

const ofType = (baseType: string): Envelope[] =>
  ingestion.envelopes.filter((e) => e.data?.baseType === baseType);

describe('telemetry in Application Insights (loopback ingestion)', () => {
  it('arrives with the instrumentation key of the connection string', () => {
    expect(ingestion.envelopes.length).toBeGreaterThan(0);
    expect(new Set(ingestion.envelopes.map((e) => e.iKey))).toEqual(new Set([IKEY]));
  });

  it('records a request per incoming activity', () => {
    const requests = ofType('RequestData').filter(
      (e) => e.data?.baseData?.name === 'POST /api/messages',
    );
    expect(requests.length).toBeGreaterThanOrEqual(2);
    expect(requests[0]?.data?.baseData).toMatchObject({ responseCode: '200', success: true });
  });

  it("records Graph and Bot Connector calls as dependencies, Graph's with its request-id", () => {
    const deps = ofType('RemoteDependencyData').map((e) => e.data?.baseData ?? {});
    const graph = deps.filter((d) => /^GET \//.test(String(d.name)));
    const connectorCalls = deps.filter((d) => String(d.name).startsWith('POST activities'));
    expect(graph.length).toBeGreaterThanOrEqual(1);
    expect(connectorCalls.length).toBeGreaterThanOrEqual(2);
    const props = graph.map((d) => (d.properties ?? {}) as Record<string, string>);
    expect(props.some((p) => /^[0-9a-f-]{36}$/i.test(p['graph.request_id'] ?? ''))).toBe(true);
    // Routes carry no ids, names or queries.
    for (const d of graph) expect(String(d.name)).not.toMatch(/[?@]|[0-9a-f]{8}-[0-9a-f]{4}/i);
  });

  it('sends the turn and answer metrics', () => {
    const names = new Set(
      ofType('MetricData').flatMap((e) =>
        ((e.data?.baseData?.metrics ?? []) as { name: string }[]).map((m) => m.name),
      ),
    );
    expect([...names]).toEqual(expect.arrayContaining(['bot.turns', 'bot.answers']));
  });

  it('sends the logs in the same operation as the request they belong to', () => {
    const operations = new Set(ofType('RequestData').map((e) => e.tags?.['ai.operation.id']));
    const logs = ofType('MessageData');
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.some((e) => operations.has(e.tags?.['ai.operation.id']))).toBe(true);
  });

  it('carries no message text and no secret', () => {
    const all = ingestion.bodies.join('\n');
    expect(all).not.toContain(PHRASE);
    expect(all).not.toContain('what can IT see');
    expect(all).not.toContain(SECRET);
    expect(bot?.output()).not.toContain(PHRASE);
  });
});
