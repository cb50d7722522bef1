/**
 * Application Insights through OpenTelemetry (Microsoft's Azure Monitor distro), on when
 * APPLICATIONINSIGHTS_CONNECTION_STRING is set. Off, nothing is loaded: the distro is imported
 * only here, on demand, and the instruments stay no-ops.
 *
 * No automatic instrumentation: the bot records its own request and dependency spans (see
 * instruments.ts), so what is sent is decided here and not by whichever libraries are loaded,
 * and the outgoing HTTP of SDKs (token requests, storage) is not mistaken for the bot's work.
 */
import { context, metrics, trace } from '@opentelemetry/api';
import { logs, SeverityNumber, type AnyValueMap } from '@opentelemetry/api-logs';

import { enableInstruments } from './instruments';

export interface TelemetryOptions {
  connectionString: string | undefined;
  /** Share of operations (a request and its dependencies and logs) kept, 1–100. */
  samplingPercent: number;
  serviceName: string;
  serviceVersion: string;
}

/** A sink for the JSON log lines pino writes (already redacted). */
export interface LogSink {
  write(line: string): void;
}

export interface Telemetry {
  enabled: boolean;
  /** When on: where log lines also go, to arrive in App Insights as traces. */
  logSink: LogSink | undefined;
  /** Sends what is buffered and stops. Safe to call twice. */
  shutdown(): Promise<void>;
}

const OFF: Telemetry = { enabled: false, logSink: undefined, shutdown: () => Promise.resolve() };

const SEVERITY: Record<string, SeverityNumber> = {
  trace: SeverityNumber.TRACE,
  debug: SeverityNumber.DEBUG,
  info: SeverityNumber.INFO,
  warn: SeverityNumber.WARN,
  error: SeverityNumber.ERROR,
  fatal: SeverityNumber.FATAL,
};

/** Fields of a pino line that are the envelope's own, not attributes. */
const ENVELOPE = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'trace_id', 'span_id']);

/** Flushes a provider, or the real one behind the API's proxy; any that can't is skipped. */
async function forceFlush(provider: unknown): Promise<void> {
  const real = (provider as { getDelegate?: () => unknown }).getDelegate?.() ?? provider;
  const flush = (real as { forceFlush?: () => Promise<unknown> }).forceFlush;
  if (typeof flush === 'function') await flush.call(real);
}

export async function startTelemetry(options: TelemetryOptions): Promise<Telemetry> {
  if (!options.connectionString) return OFF;
  const [{ useAzureMonitor, shutdownAzureMonitor }, { resourceFromAttributes }] = await Promise.all(
    [import('@azure/monitor-opentelemetry'), import('@opentelemetry/resources')],
  );
  const off = { enabled: false };
  useAzureMonitor({
    azureMonitorExporterOptions: { connectionString: options.connectionString },
    resource: resourceFromAttributes({
      'service.name': options.serviceName,
      'service.version': options.serviceVersion,
    }),
    enableLiveMetrics: false,
    // A fixed share of whole operations, not the distro's default of 5 per second: a burst of
    // reports is when the helpdesk most needs every trace. 100 % unless configured lower.
    samplingRatio: options.samplingPercent / 100,
    tracesPerSecond: 0,
    instrumentationOptions: {
      http: off,
      azureSdk: off,
      mongoDb: off,
      mySql: off,
      postgreSql: off,
      redis: off,
      redis4: off,
      bunyan: off,
      winston: off,
    },
  });
  enableInstruments();
  const logger = logs.getLogger(options.serviceName);
  let stopped = false;
  return {
    enabled: true,
    logSink: {
      write(line: string): void {
        if (stopped) return;
        let record: Record<string, unknown>;
        try {
          record = JSON.parse(line) as Record<string, unknown>;
        } catch {
          return;
        }
        const attributes: AnyValueMap = {};
        for (const [key, value] of Object.entries(record)) {
          if (ENVELOPE.has(key) || value === undefined || value === null) continue;
          attributes[key] =
            typeof value === 'object'
              ? JSON.stringify(value)
              : (value as string | number | boolean);
        }
        const level = typeof record.level === 'string' ? record.level : 'info';
        // Emitted while the log call runs, so the record carries the active span's ids.
        logger.emit({
          severityNumber: SEVERITY[level] ?? SeverityNumber.INFO,
          severityText: level.toUpperCase(),
          body: typeof record.msg === 'string' ? record.msg : '',
          attributes,
          context: context.active(),
        });
      },
    },
    async shutdown(): Promise<void> {
      if (stopped) return;
      stopped = true;
      // Export what is buffered and wait for the answers, then stop: shutting down alone can
      // resolve while the last batch is still on the wire, and the process exits right after.
      await Promise.all(
        [trace.getTracerProvider(), metrics.getMeterProvider(), logs.getLoggerProvider()].map(
          (provider) => forceFlush(provider),
        ),
      );
      await shutdownAzureMonitor();
    },
  };
}
