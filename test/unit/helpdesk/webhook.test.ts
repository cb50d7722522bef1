import { execFileSync } from 'node:child_process';
import { Readable } from 'node:stream';

import type { WebhookReport } from '../../../src/helpdesk/report';
import {
  handleEnrollmentFailureWebhook,
  type HandleWebhookOptions,
  readRawBody,
  ReplayGuard,
  signWebhookBody,
  TokenBucketLimiter,
  WEBHOOK_SAMPLE_SCRIPTS,
} from '../../../src/helpdesk/webhook';
import { MemoryStateStorage } from '../../fakes/memory-state-storage';

const SECRET = 'test-secret-0123456789';
const NOW = Date.parse('2025-03-01T09:30:00Z');
const NOW_S = Math.floor(NOW / 1000);

const VALID = {
  user: 'megan@contoso.com',
  device: 'iPhone 13',
  osVersion: '16.2',
  enrollmentType: 'appleAccountDrivenUserEnrollment',
  errorCode: 'DeviceCapReached',
  time: '2025-03-01T09:29:00Z',
};

function signed(
  body: unknown,
  options: { ts?: number; secret?: string; raw?: Buffer } = {},
): { rawBody: Buffer; headers: Record<string, string> } {
  const rawBody = options.raw ?? Buffer.from(JSON.stringify(body), 'utf8');
  const ts = options.ts ?? NOW_S;
  return {
    rawBody,
    headers: {
      'content-type': 'application/json',
      'x-timestamp': String(ts),
      'x-signature': signWebhookBody(options.secret ?? SECRET, ts, rawBody),
    },
  };
}

describe('POST /api/enrollment-failures handler', () => {
  let storage: MemoryStateStorage;
  let accepted: WebhookReport[];
  let base: Omit<HandleWebhookOptions, 'rawBody' | 'headers'>;

  beforeEach(() => {
    storage = new MemoryStateStorage();
    accepted = [];
    base = {
      secret: SECRET,
      now: NOW,
      replayStore: storage,
      accept: (report) => {
        accepted.push(report);
        return Promise.resolve({ ticketId: `ENR-${accepted.length}`, incidentId: 'INC-1' });
      },
    };
  });

  it('answers 202 with the ticket id for a correctly signed report', async () => {
    const res = await handleEnrollmentFailureWebhook({ ...base, ...signed(VALID) });
    expect(res).toEqual({ status: 202, body: { ticketId: 'ENR-1', incidentId: 'INC-1' } });
    expect(accepted).toHaveLength(1);
    expect(accepted[0]).toMatchObject({ user: 'megan@contoso.com', errorCode: 'DeviceCapReached' });
  });

  it('accepts header names in any case', async () => {
    const req = signed(VALID);
    const headers = {
      'X-Timestamp': req.headers['x-timestamp']!,
      'X-SIGNATURE': req.headers['x-signature']!,
    };
    const res = await handleEnrollmentFailureWebhook({ ...base, rawBody: req.rawBody, headers });
    expect(res.status).toBe(202);
  });

  it('refuses a body changed after signing with 401', async () => {
    const req = signed(VALID);
    const tampered = Buffer.from(req.rawBody.toString().replace('megan', 'alex'));
    const res = await handleEnrollmentFailureWebhook({ ...base, ...req, rawBody: tampered });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({
      error: { code: 'unauthorized', message: 'The signature does not match.' },
    });
    expect(accepted).toHaveLength(0);
  });

  it('refuses a signature made with another secret with 401', async () => {
    const res = await handleEnrollmentFailureWebhook({
      ...base,
      ...signed(VALID, { secret: 'not-the-secret' }),
    });
    expect(res.status).toBe(401);
  });

  it('accepts either secret during a rotation', async () => {
    const res = await handleEnrollmentFailureWebhook({
      ...base,
      secret: ['old-secret', SECRET],
      ...signed(VALID),
    });
    expect(res.status).toBe(202);
  });

  it.each([
    ['X-Signature', 'x-signature'],
    ['X-Timestamp', 'x-timestamp'],
  ])('refuses a request without %s with 401', async (_name, header) => {
    const req = signed(VALID);
    delete req.headers[header];
    const res = await handleEnrollmentFailureWebhook({ ...base, ...req });
    expect(res.status).toBe(401);
    expect(JSON.stringify(res.body)).toMatch(/X-Signature and X-Timestamp headers are required/);
  });

  it('refuses a malformed signature or timestamp header with 401', async () => {
    const req = signed(VALID);
    const badSig = { ...req.headers, 'x-signature': 'md5=abc' };
    expect(
      (await handleEnrollmentFailureWebhook({ ...base, ...req, headers: badSig })).status,
    ).toBe(401);
    const badTs = { ...req.headers, 'x-timestamp': '2025-03-01T09:30:00Z' };
    expect((await handleEnrollmentFailureWebhook({ ...base, ...req, headers: badTs })).status).toBe(
      401,
    );
  });

  it('refuses a timestamp more than 5 minutes old with 401', async () => {
    const res = await handleEnrollmentFailureWebhook({
      ...base,
      ...signed(VALID, { ts: NOW_S - 301 }),
    });
    expect(res.status).toBe(401);
    expect(JSON.stringify(res.body)).toMatch(/outside the allowed window/);
  });

  it('refuses a timestamp more than 5 minutes in the future with 401', async () => {
    const res = await handleEnrollmentFailureWebhook({
      ...base,
      ...signed(VALID, { ts: NOW_S + 301 }),
    });
    expect(res.status).toBe(401);
  });

  it('accepts clock skew inside the window', async () => {
    const res = await handleEnrollmentFailureWebhook({
      ...base,
      ...signed(VALID, { ts: NOW_S - 290 }),
    });
    expect(res.status).toBe(202);
  });

  it('refuses a replay of the same signed request with 401', async () => {
    const req = signed(VALID);
    expect((await handleEnrollmentFailureWebhook({ ...base, ...req })).status).toBe(202);
    const again = await handleEnrollmentFailureWebhook({ ...base, ...req });
    expect(again.status).toBe(401);
    expect(JSON.stringify(again.body)).toMatch(/replay/);
    expect(accepted).toHaveLength(1);
  });

  it('refuses a replay sent to another instance sharing the storage', async () => {
    const req = signed(VALID);
    const instanceA = new ReplayGuard(storage);
    const instanceB = new ReplayGuard(storage);
    const first = await handleEnrollmentFailureWebhook({ ...base, replayStore: instanceA, ...req });
    const second = await handleEnrollmentFailureWebhook({
      ...base,
      replayStore: instanceB,
      ...req,
    });
    expect([first.status, second.status]).toEqual([202, 401]);
  });

  it('forgets remembered signatures once they are out of the window', async () => {
    const guard = new ReplayGuard(storage);
    await handleEnrollmentFailureWebhook({ ...base, replayStore: guard, ...signed(VALID) });
    const key = `webhook-sig/${signed(VALID).headers['x-signature']!.slice(7)}`;
    expect(Object.keys(await storage.read([key]))).toEqual([key]);
    await guard.sweep(NOW + 5 * 60 * 1000 + 1);
    expect(Object.keys(await storage.read([key]))).toEqual([]);
  });

  it('refuses a body of 64 KB + 1 byte with 413, before anything else', async () => {
    const raw = Buffer.alloc(64 * 1024 + 1, 0x20);
    const res = await handleEnrollmentFailureWebhook({ ...base, ...signed(null, { raw }) });
    expect(res.status).toBe(413);
    const exactly = Buffer.alloc(64 * 1024, 0x20);
    const ok = await handleEnrollmentFailureWebhook({ ...base, ...signed(null, { raw: exactly }) });
    expect(ok.status).not.toBe(413);
  });

  it('answers 400 for a body that is not JSON', async () => {
    const raw = Buffer.from('{"user": "megan@contoso.com",');
    const res = await handleEnrollmentFailureWebhook({ ...base, ...signed(null, { raw }) });
    expect(res).toEqual({
      status: 400,
      body: { error: { code: 'bad_request', message: 'The body is not valid JSON.' } },
    });
  });

  it('answers 400 naming every wrong or missing field', async () => {
    const res = await handleEnrollmentFailureWebhook({
      ...base,
      ...signed({ user: 42, osVersion: 'latest', time: 'yesterday', failureCategory: 'oops' }),
    });
    expect(res.status).toBe(400);
    const fields = (res.body.error as { fields: Record<string, string> }).fields;
    expect(Object.keys(fields).sort()).toEqual(
      ['device', 'enrollmentType', 'failureCategory', 'osVersion', 'time', 'user'].sort(),
    );
    expect(fields.user).toMatch(/UPN|object id/);
    expect(fields.time).toMatch(/ISO 8601/);
  });

  it('answers 400 when neither errorText nor errorCode is sent', async () => {
    const { errorCode: _dropped, ...noError } = VALID;
    const res = await handleEnrollmentFailureWebhook({ ...base, ...signed(noError) });
    expect(res.status).toBe(400);
    expect((res.body.error as { fields: Record<string, string> }).fields).toEqual({
      errorText: 'Send errorText or errorCode (or both).',
    });
  });

  it('answers 400 for a JSON array body', async () => {
    const res = await handleEnrollmentFailureWebhook({ ...base, ...signed([VALID]) });
    expect(res.status).toBe(400);
  });

  it('answers 429 with Retry-After when one source sends too fast, and only to that source', async () => {
    const limiter = new TokenBucketLimiter({ capacity: 2, refillPerSecond: 0.5 });
    const send = (source: string, i: number) =>
      handleEnrollmentFailureWebhook({
        ...base,
        rateLimiter: limiter,
        source,
        ...signed({ ...VALID, eventId: `e-${source}-${i}` }),
      });
    expect((await send('10.0.0.1', 1)).status).toBe(202);
    expect((await send('10.0.0.1', 2)).status).toBe(202);
    const limited = await send('10.0.0.1', 3);
    expect(limited.status).toBe(429);
    expect(limited.headers).toEqual({ 'Retry-After': '2' });
    expect((await send('10.0.0.2', 1)).status).toBe(202);
  });

  it('answers 500 when filing fails, and accepts the same request again afterwards', async () => {
    const req = signed(VALID);
    const failing = await handleEnrollmentFailureWebhook({
      ...base,
      ...req,
      accept: () => Promise.reject(new Error('storage down')),
    });
    expect(failing.status).toBe(500);
    expect(JSON.stringify(failing.body)).not.toMatch(/storage down/);
    const retried = await handleEnrollmentFailureWebhook({ ...base, ...req });
    expect(retried.status).toBe(202);
  });
});

describe('signWebhookBody and the sample scripts', () => {
  it('signs timestamp + "." + body with HMAC-SHA256 as sha256=<hex> (known answer)', () => {
    // printf '%s' '1700000000.{}' | openssl dgst -sha256 -hmac k -hex
    const expected = 'sha256=c6ef4734033cee2367414a0939385eca0397754aa7a59716da7463a9298b5146';
    expect(signWebhookBody('k', 1700000000, '{}')).toBe(expected);
    expect(signWebhookBody('k', '1700000000', Buffer.from('{}'))).toBe(expected);
  });

  const hasOpenssl = (() => {
    try {
      execFileSync('openssl', ['version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();

  (hasOpenssl ? it : it.skip)('matches what the bash sample computes with openssl', () => {
    const body = '{"user":"megan@contoso.com","errorCode":"X"}';
    const pipeline = WEBHOOK_SAMPLE_SCRIPTS.bash
      .split('\n')
      .find((l) => l.startsWith('SIG='))!
      .replace(/^SIG=\$\((.*)\)$/, '$1');
    const hex = execFileSync('bash', ['-c', pipeline], {
      env: { PATH: process.env.PATH ?? '', TS: '1700000000', BODY: body, WEBHOOK_SECRET: SECRET },
    })
      .toString()
      .trim();
    expect(`sha256=${hex}`).toBe(signWebhookBody(SECRET, 1700000000, body));
  });
});

describe('readRawBody', () => {
  it('returns the exact bytes sent', async () => {
    const bytes = Buffer.from('{"a":"é"}\n', 'utf8');
    const stream = Object.assign(Readable.from([bytes.subarray(0, 3), bytes.subarray(3)]), {
      headers: {},
    });
    expect(await readRawBody(stream, 100)).toEqual(bytes);
  });

  it('stops at the cap, and refuses a declared length above it before reading', async () => {
    const big = Object.assign(Readable.from([Buffer.alloc(60), Buffer.alloc(60)]), {
      headers: {},
    });
    expect(await readRawBody(big, 100)).toBe('too_large');
    const declared = Object.assign(Readable.from([Buffer.alloc(1)]), {
      headers: { 'content-length': '101' },
    });
    expect(await readRawBody(declared, 100)).toBe('too_large');
  });
});
