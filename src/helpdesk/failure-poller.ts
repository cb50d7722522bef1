import type {
  EnrollmentFailureEvent,
  TroubleshootingEventSource,
} from '../graph/troubleshooting-events';
import type { Logger } from '../logging';
import type { StateStorage } from '../storage/state-storage';
import { updateDocument } from '../storage/update-document';

import { FAILURE_CATEGORIES } from './diagnosis';
import { webhookReportSchema, type WebhookReport } from './report';

/**
 * An Intune event as a system report (the webhook's shape), so it is diagnosed, grouped and
 * alerted like any other; the event id makes filing idempotent. Undefined when the event lacks
 * what a report needs (the caller logs and skips it rather than blocking the poll).
 */
export function reportFromEvent(event: EnrollmentFailureEvent): WebhookReport | undefined {
  const parsed = webhookReportSchema.safeParse({
    user: event.userId,
    device: event.operatingSystem === 'iPadOS' ? 'iPad' : 'iPhone or iPad',
    osVersion: event.osVersion,
    enrollmentType: event.enrollmentType ?? 'unknown',
    errorText:
      event.failureReason ?? `Intune enrollment failure (${event.failureCategory ?? 'unknown'})`,
    failureCategory: (FAILURE_CATEGORIES as readonly string[]).includes(event.failureCategory ?? '')
      ? event.failureCategory
      : undefined,
    time: event.eventDateTime,
    eventId: `intune-${event.id}`,
  });
  return parsed.success ? parsed.data : undefined;
}

/** Where the poller keeps its high-water mark. */
export const POLLER_MARK_KEY = 'helpdesk/poller/troubleshooting-events';

/** The high-water mark: the newest event time handled, and the ids handled at exactly that time. */
interface Mark {
  at: string;
  idsAt: string[];
}

/** Options for {@link EnrollmentFailurePoller}. */
export interface EnrollmentFailurePollerOptions {
  source: TroubleshootingEventSource;
  storage: StateStorage;
  /** Files one event as a report; must be idempotent per event id (a retry may repeat one). */
  onEvent: (event: EnrollmentFailureEvent) => Promise<void>;
  logger: Logger;
  intervalMs?: number;
  /** On the very first poll, ignore events older than this (default: 24 hours). */
  firstLookBackMs?: number;
  now?: () => Date;
}

/**
 * Polls Intune's enrollment failure events on an interval and files each new one exactly once
 * from the poller's point of view: a durable high-water mark (time + ids at that time) moves past
 * an event only after it was filed, so a crash re-offers at most the events not yet recorded, and
 * `onEvent` dedupes those by event id.
 */
export class EnrollmentFailurePoller {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;

  public constructor(private readonly options: EnrollmentFailurePollerOptions) {}

  /** One poll: returns how many events were seen and filed. */
  public async pollOnce(): Promise<{ seen: number; filed: number }> {
    const now = (this.options.now ?? (() => new Date()))();
    const stored = (await this.options.storage.read([POLLER_MARK_KEY]))[POLLER_MARK_KEY] as
      Mark | undefined;
    let mark: Mark = stored
      ? { at: stored.at, idsAt: stored.idsAt }
      : {
          at: new Date(
            now.getTime() - (this.options.firstLookBackMs ?? 24 * 3600_000),
          ).toISOString(),
          idsAt: [],
        };
    const events = await this.options.source.enrollmentFailures();
    const fresh = events.filter((e) => {
      const t = Date.parse(e.eventDateTime);
      const m = Date.parse(mark.at);
      return t > m || (t === m && !mark.idsAt.includes(e.id));
    });
    let filed = 0;
    for (const event of fresh) {
      if (this.stopped) break;
      await this.options.onEvent(event);
      filed += 1;
      const sameTime = Date.parse(event.eventDateTime) === Date.parse(mark.at);
      const next: Mark = {
        at: event.eventDateTime,
        idsAt: sameTime ? [...mark.idsAt, event.id] : [event.id],
      };
      // One poller per deployment (see README); the mark only moves forward even if two ran, and
      // onEvent dedupes by event id.
      await updateDocument<Mark>(this.options.storage, POLLER_MARK_KEY, (cur) =>
        cur ? laterMark(cur, next) : next,
      );
      mark = next;
    }
    return { seen: events.length, filed };
  }

  /** Polls now and then every `intervalMs` (default 5 minutes) until {@link stop}. */
  public start(): void {
    this.stopped = false;
    const tick = (): void => {
      this.running = this.pollOnce()
        .catch((err: unknown) =>
          this.options.logger.warn({ err }, 'enrollment failure poll failed'),
        )
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.options.intervalMs ?? 5 * 60_000);
        });
    };
    tick();
  }

  /** Stops polling and waits for a poll in progress. */
  public async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}

/** The later of two marks (the same time: the ids seen at it, from both). */
function laterMark(stored: Mark, next: Mark): Mark | null {
  const a = Date.parse(stored.at);
  const b = Date.parse(next.at);
  if (a > b) return null;
  if (a < b) return next;
  const idsAt = [...new Set([...stored.idsAt, ...next.idsAt])];
  return idsAt.length === stored.idsAt.length ? null : { at: stored.at, idsAt };
}
