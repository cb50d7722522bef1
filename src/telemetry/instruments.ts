/**
 * What the bot tells Application Insights, through the OpenTelemetry API: a request span per
 * incoming activity, a dependency span per Graph or Bot Connector call, and a few counters and
 * gauges. Until {@link enableInstruments} runs (telemetry on), every function here returns at
 * once: the API's tracer is a no-op and no meter instrument exists, so telemetry off costs a
 * branch per call.
 *
 * Never record message text, card values, names, addresses or tokens: span names and attributes
 * carry kinds, ids the service made (activity id, Graph request-id), status codes and counts.
 */
import {
  metrics,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Counter,
  type Span,
} from '@opentelemetry/api';

const SCOPE = 'ue-enrollment-bot';

/** How a question was answered: the three outcomes the answer metric counts. */
export type AnswerOutcome = 'confident' | 'unsure' | 'out_of_scope';

/** A downstream service the bot calls. */
export type Dependency = 'graph' | 'bot_connector';

interface Instruments {
  turns: Counter;
  answers: Counter;
  tickets: Counter;
  throttled: Counter;
}

let instruments: Instruments | undefined;

/** Creates the meter instruments; called once the SDK is registered (telemetry on). */
export function enableInstruments(): void {
  const meter = metrics.getMeter(SCOPE);
  instruments = {
    turns: meter.createCounter('bot.turns', { description: 'Activities the bot handled' }),
    answers: meter.createCounter('bot.answers', {
      description: 'Employee questions, by outcome (confident, unsure, out_of_scope)',
    }),
    tickets: meter.createCounter('helpdesk.tickets_filed', {
      description: 'Enrollment problems reported to the helpdesk',
    }),
    throttled: meter.createCounter('dependency.throttled', {
      description: 'HTTP 429 answers from Graph or the Bot Connector',
    }),
  };
}

/** True once telemetry is on. */
export function telemetryEnabled(): boolean {
  return instruments !== undefined;
}

export function countTurn(activityType: string): void {
  instruments?.turns.add(1, { 'activity.type': activityType });
}

export function countAnswer(outcome: AnswerOutcome): void {
  instruments?.answers.add(1, { outcome });
}

export function countTicketFiled(source: 'employee' | 'webhook'): void {
  instruments?.tickets.add(1, { source });
}

export function countThrottled(dependency: Dependency): void {
  instruments?.throttled.add(1, { dependency });
}

/**
 * Watches a queue's depth and oldest-message age (the outbox) as gauges, read when metrics are
 * exported. Returns a function that stops watching.
 */
export function observeQueue(
  name: string,
  read: () => Promise<{ depth: number; oldestAgeSeconds: number }>,
): () => void {
  if (!instruments) return () => undefined;
  const meter = metrics.getMeter(SCOPE);
  const depth = meter.createObservableGauge(`${name}.depth`, {
    description: `Messages waiting in the ${name}`,
  });
  const age = meter.createObservableGauge(`${name}.oldest_age`, {
    description: `Age of the oldest waiting message in the ${name}`,
    unit: 's',
  });
  const callback = async (result: {
    observe(observable: typeof depth, value: number): void;
  }): Promise<void> => {
    try {
      const now = await read();
      result.observe(depth, now.depth);
      result.observe(age, now.oldestAgeSeconds);
    } catch {
      // A storage hiccup skips one reading; the next export tries again.
    }
  };
  meter.addBatchObservableCallback(callback, [depth, age]);
  return () => meter.removeBatchObservableCallback(callback, [depth, age]);
}

function finish(span: Span, status: number | undefined, err: unknown): void {
  if (status !== undefined) span.setAttribute('http.response.status_code', status);
  if (err !== undefined || (status !== undefined && status >= 400)) {
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end();
}

/**
 * Runs `fn` inside a request span for one incoming activity (App Insights "requests"). `fn`
 * returns the HTTP status it answered with.
 */
export async function inActivityRequest(
  attributes: Attributes,
  fn: () => Promise<number>,
): Promise<number> {
  if (!instruments) return fn();
  return trace
    .getTracer(SCOPE)
    .startActiveSpan(
      'POST /api/messages',
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': 'POST', ...attributes } },
      async (span) => {
        try {
          const status = await fn();
          finish(span, status, undefined);
          return status;
        } catch (err) {
          finish(span, 500, err);
          throw err;
        }
      },
    );
}

/**
 * Runs `fn` inside a dependency span (App Insights "dependencies") for one call to Graph or the
 * Bot Connector. `fn` reports the status and, for Graph, the request-id that support asks for.
 */
export async function inDependency<T>(
  dependency: Dependency,
  method: string,
  route: string,
  fn: (report: (status: number | undefined, requestId?: string) => void) => Promise<T>,
): Promise<T> {
  if (!instruments) return fn(() => undefined);
  return trace.getTracer(SCOPE).startActiveSpan(
    `${method} ${route}`,
    {
      kind: SpanKind.CLIENT,
      // An HTTP dependency to the service, without its URL (ids and queries stay out).
      attributes: { 'http.request.method': method, 'peer.service': dependency },
    },
    async (span) => {
      let status: number | undefined;
      try {
        const result = await fn((s, requestId) => {
          status = s;
          if (requestId) span.setAttribute(`${dependency}.request_id`, requestId);
          if (s === 429) countThrottled(dependency);
        });
        finish(span, status, undefined);
        return result;
      } catch (err) {
        finish(span, status, err);
        throw err;
      }
    },
  );
}

/**
 * A request path with everything that could identify a person or object replaced: segments that
 * are not plain words (ids, GUIDs, e-mail addresses, UPNs) become `{id}`, and the query is dropped.
 */
export function safeRoute(pathOrUrl: string): string {
  let pathname = pathOrUrl;
  try {
    pathname = new URL(pathOrUrl, 'http://x.invalid').pathname;
  } catch {
    pathname = pathOrUrl.split('?')[0] ?? '';
  }
  return pathname
    .split('/')
    .map((segment) =>
      segment === '' || /^(?:[A-Za-z.$]{1,64}|v\d+(?:\.\d+)?)$/.test(segment) ? segment : '{id}',
    )
    .join('/');
}
