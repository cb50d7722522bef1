import { trace } from '@opentelemetry/api';
import pino, { type Logger, type LoggerOptions, type DestinationStream } from 'pino';

export type { Logger } from 'pino';

/** Log levels accepted by the configuration. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Paths that must never reach a log line. Tokens and secrets are removed wherever they appear in
 * the objects we log; message bodies are kept out by simply never logging them at info level.
 */
const REDACT_PATHS = [
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  '*.authorization',
  'password',
  '*.password',
  'secret',
  '*.secret',
  'token',
  '*.token',
  'accessToken',
  '*.accessToken',
  'connectionString',
  '*.connectionString',
  'MicrosoftAppPassword',
  '*.MicrosoftAppPassword',
];

/** Error properties that are safe and useful to log. Everything else (requests, headers, bodies) is dropped. */
const SAFE_ERROR_FIELDS = ['code', 'statusCode', 'status', 'reason', 'requestId', 'date'] as const;

/**
 * Serialises an error without its enumerable extras: SDK errors (for example the connector's
 * RestError) carry the outgoing request, whose headers hold bearer tokens.
 */
export function serializeError(err: unknown, depth = 0): Record<string, unknown> {
  if (!(err instanceof Error)) {
    return { message: typeof err === 'string' ? err : 'non-error value thrown' };
  }
  const out: Record<string, unknown> = { type: err.name, message: err.message, stack: err.stack };
  const bag = err as unknown as Record<string, unknown>;
  for (const field of SAFE_ERROR_FIELDS) {
    const value = bag[field];
    if (typeof value === 'string' || typeof value === 'number') {
      out[field] = value;
    }
  }
  if (err.cause !== undefined && depth < 3) {
    out.cause = serializeError(err.cause, depth + 1);
  }
  return out;
}

/**
 * The active span's ids, so a log line and the request or dependency it belongs to share an
 * operation in Application Insights. Nothing without telemetry (no span is ever active).
 */
function traceIds(): Record<string, string> {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}

/**
 * Creates the root structured JSON logger. Modules take a child logger with `{ module: '…' }`.
 * `destination` exists so tests can capture output; production writes to stdout, and also to
 * `sinks` (the telemetry log sink) when given: every sink gets the line after redaction.
 */
export function createLogger(
  level: LogLevel,
  destination?: DestinationStream,
  sinks: DestinationStream[] = [],
): Logger {
  const options: LoggerOptions = {
    mixin: traceIds,
    level,
    base: { service: 'ue-enrollment-bot' },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: { err: (e: unknown) => serializeError(e) },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  if (sinks.length > 0) {
    const streams = [destination ?? pino.destination(1), ...sinks].map((stream) => ({
      level: level === 'silent' ? ('fatal' as const) : level,
      stream,
    }));
    return pino(options, pino.multistream(streams));
  }
  return destination ? pino(options, destination) : pino(options);
}
