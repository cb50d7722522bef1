/**
 * `POST /api/enrollment-failures`: a signed webhook through which a system (for example a job
 * that polls Graph `troubleshootingEvents`, or an MDM gateway) files enrollment failure reports.
 * Framework-free: the route hands over the raw body bytes and headers and sends back the
 * `{ status, body, headers }` this module returns.
 *
 * Signature scheme (HMAC-SHA256, shared secret `WEBHOOK_SECRET`):
 * - `X-Timestamp: <unix time in seconds>` (integer);
 * - `X-Signature: sha256=<lower-case hex HMAC-SHA256(secret, timestamp + "." + rawBody)>`, where
 *   the secret is the UTF-8 bytes of `WEBHOOK_SECRET` and `rawBody` is the exact bytes sent;
 * - the timestamp must be within 5 minutes of the bot's clock (either direction);
 * - a signature is accepted once: replays inside the window are refused (the signature is
 *   remembered in StateStorage under `webhook-sig/<signature>`, shared by every instance);
 * - a retry after a 5xx must be re-signed with a fresh timestamp (or resent as is: the bot forgets
 *   the signature of a request it failed to file).
 *
 * Answers: 202 `{ ticketId, incidentId }`; 400 `{ error: { code, message, fields } }` for bad JSON
 * or fields; 401 for a missing, stale, wrong or replayed signature; 413 above 64 KB; 429 with
 * `Retry-After` from a per-source token bucket; 500 when filing failed. The messages are the
 * catalogue's `intake.webhook.*` in English: the sender is a system, read by its administrator.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

import { StorageConflictError } from '../errors';
import { translator } from '../i18n/catalogue';
import type { Logger } from '../logging';
import type { StateStorage } from '../storage/state-storage';

import { parseWebhookReport, type WebhookReport } from './report';

/** Header carrying `sha256=<hex>`. Header names are matched case-insensitively. */
export const SIGNATURE_HEADER = 'x-signature';
/** Header carrying the unix time in seconds that was signed. */
export const TIMESTAMP_HEADER = 'x-timestamp';
/** 5 minutes. */
export const DEFAULT_MAX_SKEW_MS = 5 * 60 * 1000;
/** 64 KB. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/** What the route sends back. */
export interface WebhookResponse {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** Request headers as Node gives them (lower-case names) or any casing. */
export type IncomingHeaders = Record<string, string | string[] | undefined>;

/**
 * Computes the `X-Signature` value for a body: `sha256=` + hex HMAC-SHA256 over
 * `timestamp + "." + rawBody`. For senders' scripts and tests.
 */
export function signWebhookBody(
  secret: string,
  timestampSeconds: number | string,
  rawBody: Buffer | string,
): string {
  const mac = createHmac('sha256', Buffer.from(secret, 'utf8'));
  mac.update(`${timestampSeconds}.`, 'utf8');
  mac.update(typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody);
  return `sha256=${mac.digest('hex')}`;
}

/**
 * Sample sender scripts for the README (bash with curl and openssl, and PowerShell 7). Both sign
 * exactly the bytes they send.
 */
export const WEBHOOK_SAMPLE_SCRIPTS = {
  // i18n-exempt: a sample script for the README (code, not text for people)
  bash: String.raw`#!/usr/bin/env bash
# Usage: WEBHOOK_SECRET=... ./send-failure.sh https://bot.example.com/api/enrollment-failures
set -euo pipefail
URL="$1"
BODY='{"user":"megan@contoso.com","device":"iPhone 13","osVersion":"16.2","enrollmentType":"appleAccountDrivenUserEnrollment","errorCode":"DeviceCapReached","time":"2025-03-01T09:30:00Z","eventId":"evt-0001"}'
TS=$(date +%s)
SIG=$(printf '%s.%s' "$TS" "$BODY" | openssl dgst -sha256 -hmac "$WEBHOOK_SECRET" -hex | sed 's/^.*= *//')
curl -sS -X POST "$URL" \
  -H 'Content-Type: application/json' \
  -H "X-Timestamp: $TS" \
  -H "X-Signature: sha256=$SIG" \
  --data-binary "$BODY"
`,
  // i18n-exempt: a sample script for the README (code, not text for people)
  powershell: String.raw`# Usage: $env:WEBHOOK_SECRET = '...'; ./Send-Failure.ps1 -Url https://bot.example.com/api/enrollment-failures
param([Parameter(Mandatory)] [string] $Url)
$body = '{"user":"megan@contoso.com","device":"iPhone 13","osVersion":"16.2","enrollmentType":"appleAccountDrivenUserEnrollment","errorCode":"DeviceCapReached","time":"2025-03-01T09:30:00Z","eventId":"evt-0001"}'
$ts = [DateTimeOffset]::UtcNow.ToUnixTimeSeconds()
$hmac = [System.Security.Cryptography.HMACSHA256]::new([Text.Encoding]::UTF8.GetBytes($env:WEBHOOK_SECRET))
$sig = -join ($hmac.ComputeHash([Text.Encoding]::UTF8.GetBytes("$ts.$body")) | ForEach-Object { $_.ToString('x2') })
$headers = @{ 'X-Timestamp' = "$ts"; 'X-Signature' = "sha256=$sig" }
$bytes = [Text.Encoding]::UTF8.GetBytes($body)
Invoke-RestMethod -Method Post -Uri $Url -ContentType 'application/json' -Headers $headers -Body $bytes
`,
} as const;

// ---------------------------------------------------------------------------------------------
// Reading the body

/**
 * Reads a request body as the exact bytes sent, stopping as soon as it passes `maxBytes`
 * (a declared `content-length` above the cap is refused before reading). Resolves
 * `'too_large'` then, so the route answers 413 without buffering an attacker's upload. For the
 * webhook route only: it must not sit behind restify's bodyParser, which would turn the bytes into
 * a string and answer invalid JSON itself before the signature is checked.
 */
export function readRawBody(
  req: NodeJS.ReadableStream & { headers?: IncomingHeaders },
  maxBytes: number = DEFAULT_MAX_BODY_BYTES,
): Promise<Buffer | 'too_large'> {
  const declared = Number(req.headers ? header(req.headers, 'content-length') : undefined);
  if (Number.isFinite(declared) && declared > maxBytes) {
    req.resume();
    return Promise.resolve('too_large');
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (value: Buffer | 'too_large'): void => {
      if (done) return;
      done = true;
      req.removeListener('data', onData);
      resolve(value);
    };
    const onData = (chunk: Buffer | string): void => {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += buf.length;
      if (size > maxBytes) {
        req.resume();
        finish('too_large');
        return;
      }
      chunks.push(buf);
    };
    req.on('data', onData);
    req.once('end', () => finish(Buffer.concat(chunks)));
    req.once('error', (err: Error) => {
      if (!done) {
        done = true;
        reject(err);
      }
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Rate limiting

/** Options for {@link TokenBucketLimiter}. */
export interface TokenBucketOptions {
  /** Burst size: requests a source may send at once. Default 60. */
  capacity?: number;
  /** Sustained rate: tokens added per second. Default 2. */
  refillPerSecond?: number;
  /** Sources remembered at most; the least recently seen are forgotten first. Default 10 000. */
  maxSources?: number;
}

/**
 * Per-source token buckets, IN MEMORY and so PER INSTANCE: with N instances behind a load
 * balancer a source gets up to N times the rate. That is acceptable for abuse protection; the
 * outbox's shared limiter is what protects Teams' limits.
 */
export class TokenBucketLimiter {
  private readonly capacity: number;
  private readonly refillPerMs: number;
  private readonly maxSources: number;
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  public constructor(options: TokenBucketOptions = {}) {
    this.capacity = options.capacity ?? 60;
    this.refillPerMs = (options.refillPerSecond ?? 2) / 1000;
    this.maxSources = options.maxSources ?? 10_000;
  }

  /** Takes one token for `source`; when empty, says how long until the next token. */
  public take(source: string, nowMs: number): { ok: true } | { ok: false; retryAfterMs: number } {
    const bucket = this.buckets.get(source) ?? { tokens: this.capacity, at: nowMs };
    this.buckets.delete(source);
    bucket.tokens = Math.min(
      this.capacity,
      bucket.tokens + Math.max(0, nowMs - bucket.at) * this.refillPerMs,
    );
    bucket.at = nowMs;
    this.buckets.set(source, bucket);
    if (this.buckets.size > this.maxSources) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterMs: Math.ceil((1 - bucket.tokens) / this.refillPerMs) };
  }
}

// ---------------------------------------------------------------------------------------------
// Replay protection

const REPLAY_PREFIX = 'webhook-sig/';

/**
 * Remembers accepted signatures in StateStorage (`webhook-sig/<hex>`, create-only, so two
 * instances receiving the same replay race on one key and only one wins). A signature only needs
 * remembering while its timestamp is inside the skew window: after that it fails the timestamp
 * check anyway. This instance deletes the keys it wrote once they expire (`sweep`, run on each
 * call); keys written by an instance that stopped stay behind, harmless and tiny.
 */
export class ReplayGuard {
  private readonly pending: { key: string; expiresAt: number }[] = [];

  public constructor(private readonly storage: StateStorage) {}

  /** Records the signature; false when it was already recorded (a replay). */
  public async remember(signatureHex: string, expiresAtMs: number): Promise<boolean> {
    const key = REPLAY_PREFIX + signatureHex;
    try {
      await this.storage.writeNew({ [key]: { expiresAt: expiresAtMs } });
    } catch (err) {
      if (err instanceof StorageConflictError) return false;
      throw err;
    }
    this.pending.push({ key, expiresAt: expiresAtMs });
    return true;
  }

  /** Forgets a signature, so a request that failed to file can be retried unchanged. */
  public async forget(signatureHex: string): Promise<void> {
    await this.storage.delete([REPLAY_PREFIX + signatureHex]);
  }

  /** Deletes the keys this instance wrote whose window has passed. */
  public async sweep(nowMs: number): Promise<void> {
    const expired: string[] = [];
    while (this.pending.length > 0 && (this.pending[0]?.expiresAt ?? Infinity) < nowMs) {
      const next = this.pending.shift();
      if (next) expired.push(next.key);
    }
    if (expired.length > 0) await this.storage.delete(expired);
  }
}

const GUARDS = new WeakMap<StateStorage, ReplayGuard>();

function guardFor(store: StateStorage | ReplayGuard): ReplayGuard {
  if (store instanceof ReplayGuard) return store;
  let guard = GUARDS.get(store);
  if (!guard) {
    guard = new ReplayGuard(store);
    GUARDS.set(store, guard);
  }
  return guard;
}

// ---------------------------------------------------------------------------------------------
// Verification

/** Inputs of {@link verifyWebhookRequest}. */
export interface VerifyWebhookOptions {
  /** The exact request body bytes, never a re-serialised object. */
  rawBody: Buffer;
  headers: IncomingHeaders;
  /** `WEBHOOK_SECRET`; pass two during a rotation (old and new), any of them is accepted. */
  secret: string | readonly string[];
  /** Current time in ms (Date.now()). */
  now?: number;
  /** Where signatures are remembered: the bot's StateStorage (or a ReplayGuard over it). */
  replayStore: StateStorage | ReplayGuard;
  maxSkewMs?: number;
  maxBytes?: number;
  /** Per-source limiter; no limiting when absent. */
  rateLimiter?: TokenBucketLimiter;
  /** The caller's identity for rate limiting, usually the remote IP address. */
  source?: string;
}

/** The outcome of {@link verifyWebhookRequest}. */
export type VerifyResult =
  { ok: true; report: WebhookReport; signature: string } | { ok: false; response: WebhookResponse };

function fail(
  status: number,
  code: string,
  message: string,
  extra: { fields?: Record<string, string>; headers?: Record<string, string> } = {},
): VerifyResult {
  const error: Record<string, unknown> = { code, message };
  if (extra.fields) error.fields = extra.fields;
  const response: WebhookResponse = { status, body: { error } };
  if (extra.headers) response.headers = extra.headers;
  return { ok: false, response };
}

function header(headers: IncomingHeaders, name: string): string | undefined {
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() === name) return Array.isArray(v) ? v[0] : v;
  }
  return undefined;
}

/**
 * Checks a webhook request in this order: rate limit (429), size (413), signature headers
 * present (401), timestamp within the skew (401), HMAC in constant time (401), not a replay
 * (401), JSON (400), fields (400 with one message per field). On success the signature is
 * recorded as used.
 */
export async function verifyWebhookRequest(options: VerifyWebhookOptions): Promise<VerifyResult> {
  const t = translator('en');
  const now = options.now ?? Date.now();
  const maxSkewMs = options.maxSkewMs ?? DEFAULT_MAX_SKEW_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BODY_BYTES;

  if (options.rateLimiter) {
    const taken = options.rateLimiter.take(options.source ?? 'unknown', now);
    if (!taken.ok) {
      const seconds = Math.max(1, Math.ceil(taken.retryAfterMs / 1000));
      return fail(429, 'rate_limited', t('intake.webhook.rateLimited'), {
        headers: { 'Retry-After': String(seconds) },
      });
    }
  }

  if (options.rawBody.length > maxBytes) {
    return fail(413, 'payload_too_large', t('intake.webhook.tooLarge', { max: maxBytes }));
  }

  const signatureHeader = header(options.headers, SIGNATURE_HEADER)?.trim();
  const timestampHeader = header(options.headers, TIMESTAMP_HEADER)?.trim();
  if (!signatureHeader || !timestampHeader) {
    return fail(401, 'unauthorized', t('intake.webhook.signatureRequired'));
  }
  if (!/^\d{1,12}$/.test(timestampHeader)) {
    return fail(401, 'unauthorized', t('intake.webhook.timestampFormat'));
  }
  const timestampMs = Number(timestampHeader) * 1000;
  if (Math.abs(now - timestampMs) > maxSkewMs) {
    return fail(401, 'unauthorized', t('intake.webhook.timestampWindow'));
  }
  const match = /^sha256=([0-9a-f]{64})$/i.exec(signatureHeader);
  if (!match?.[1]) {
    return fail(401, 'unauthorized', t('intake.webhook.signatureFormat'));
  }
  const given = Buffer.from(match[1].toLowerCase(), 'hex');
  const secrets = typeof options.secret === 'string' ? [options.secret] : options.secret;
  let valid = false;
  for (const secret of secrets) {
    if (!secret) continue;
    const expected = Buffer.from(
      signWebhookBody(secret, timestampHeader, options.rawBody).slice('sha256='.length),
      'hex',
    );
    // Both are 32 bytes; compare all secrets so timing does not reveal which one matched.
    valid = timingSafeEqual(given, expected) || valid;
  }
  if (!valid) {
    return fail(401, 'unauthorized', t('intake.webhook.signatureMismatch'));
  }

  const signature = match[1].toLowerCase();
  const guard = guardFor(options.replayStore);
  await guard.sweep(now);
  if (!(await guard.remember(signature, timestampMs + maxSkewMs))) {
    return fail(401, 'unauthorized', t('intake.webhook.replay'));
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(options.rawBody.toString('utf8'));
  } catch {
    await guard.forget(signature);
    return fail(400, 'bad_request', t('intake.webhook.invalidJson'));
  }
  const report = parseWebhookReport(parsed);
  if (!report.ok) {
    await guard.forget(signature);
    return fail(400, 'bad_request', t('intake.webhook.invalidFields'), {
      fields: report.fieldErrors,
    });
  }
  return { ok: true, report: report.value, signature };
}

/** What the route passes to {@link handleEnrollmentFailureWebhook}. */
export interface HandleWebhookOptions extends VerifyWebhookOptions {
  /**
   * Files the verified report (diagnose, create the ticket, group, enqueue the alert) and returns
   * the ticket id. Must be idempotent by `report.eventId` when present (fileReport is).
   */
  accept(report: WebhookReport): Promise<{ ticketId: string; incidentId?: string }>;
  logger?: Logger;
}

/**
 * The whole endpoint: verify, then `accept`. Returns 202 `{ ticketId, incidentId }`; a failing
 * `accept` gives 500 and the signature is forgotten so the sender may retry the same request.
 */
export async function handleEnrollmentFailureWebhook(
  options: HandleWebhookOptions,
): Promise<WebhookResponse> {
  const log = options.logger?.child({ module: 'helpdesk-webhook' });
  const verified = await verifyWebhookRequest(options);
  if (!verified.ok) {
    log?.warn(
      {
        status: verified.response.status,
        source: options.source,
        code: (verified.response.body.error as { code?: string } | undefined)?.code,
      },
      // i18n-exempt: a label for the log
      'enrollment failure webhook refused',
    );
    return verified.response;
  }
  try {
    const filed = await options.accept(verified.report);
    // i18n-exempt: a label for the log
    log?.info({ ticketId: filed.ticketId, source: options.source }, 'enrollment failure filed');
    const body: Record<string, unknown> = { ticketId: filed.ticketId };
    if (filed.incidentId) body.incidentId = filed.incidentId;
    return { status: 202, body };
  } catch (err) {
    // i18n-exempt: a label for the log
    log?.error({ err }, 'filing an enrollment failure failed');
    await guardFor(options.replayStore)
      .forget(verified.signature)
      .catch(() => undefined);
    const t = translator('en');
    return {
      status: 500,
      body: { error: { code: 'internal', message: t('intake.webhook.notFiled') } },
    };
  }
}

/** A Node request as restify and `http` give it: a readable stream with headers and a socket. */
export type IncomingRequestLike = NodeJS.ReadableStream & {
  headers: IncomingHeaders;
  socket?: { remoteAddress?: string };
};

/**
 * The route handler in one call: reads the raw body (at most `maxBytes`, else 413), then
 * {@link handleEnrollmentFailureWebhook}. `source` defaults to the socket's remote address; behind
 * a reverse proxy pass the client address from the proxy's trusted header instead.
 */
export async function handleEnrollmentFailureHttp(
  req: IncomingRequestLike,
  options: Omit<HandleWebhookOptions, 'rawBody' | 'headers'>,
): Promise<WebhookResponse> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BODY_BYTES;
  const raw = await readRawBody(req, maxBytes);
  if (raw === 'too_large') {
    const t = translator('en');
    return {
      status: 413,
      body: {
        error: {
          code: 'payload_too_large',
          message: t('intake.webhook.tooLarge', { max: maxBytes }),
        },
      },
    };
  }
  return handleEnrollmentFailureWebhook({
    ...options,
    rawBody: raw,
    headers: req.headers,
    source: options.source ?? req.socket?.remoteAddress ?? 'unknown',
  });
}
