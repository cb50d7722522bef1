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

/**
 * Creates the root structured JSON logger. Modules take a child logger with `{ module: '…' }`.
 * `destination` exists so tests can capture output; production writes to stdout.
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    level,
    base: { service: 'ue-enrollment-bot' },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  return destination ? pino(options, destination) : pino(options);
}
