/**
 * Small concurrency tools of the drain loop: one send with a soft and a hard deadline, a loop
 * that sleeps until woken, and a semaphore whose waiters are woken on release.
 */
import { stampActivity } from './activity';
import type { OutboxMessage, SendOutcome, Sender } from './types';

/**
 * One send with the outbox's two deadlines: after `softMs` `onSlow` runs (the caller frees its
 * slot and keeps waiting), after `hardMs` the request is aborted and the outcome is ambiguous.
 * The activity is stamped with the outbox id when `stamp` is set. Never throws.
 */
export async function sendWithDeadlines(
  sender: Sender,
  message: OutboxMessage,
  targetActivityId: string | undefined,
  options: { softMs: number; hardMs: number; stamp: boolean; onSlow: () => void },
): Promise<SendOutcome> {
  const controller = new AbortController();
  const hard = setTimeout(() => controller.abort(), options.hardMs);
  const soft = setTimeout(options.onSlow, options.softMs);
  const activity = options.stamp ? stampActivity(message.activity, message.id) : message.activity;
  try {
    const outcome = await sender.send({
      kind: message.kind,
      conversation: message.conversation,
      activity,
      targetActivityId,
      signal: controller.signal,
    });
    if (!outcome.ok && controller.signal.aborted) {
      return { ...outcome, errorCode: 'ABORT_TIMEOUT', requestMayHaveReached: true };
    }
    return outcome;
  } catch (err) {
    return {
      ok: false,
      errorCode: controller.signal.aborted ? 'ABORT_TIMEOUT' : 'SENDER_THREW',
      message: err instanceof Error ? err.message : String(err),
      requestMayHaveReached: true,
    };
  } finally {
    clearTimeout(hard);
    clearTimeout(soft);
  }
}

/** Lets a drain loop sleep until a timeout or until new work wakes it. */
export class Waker {
  private wakeUp: (() => void) | undefined;

  /** Ends the current sleep, if any. */
  public wake(): void {
    const w = this.wakeUp;
    this.wakeUp = undefined;
    w?.();
  }

  /** Sleeps `ms`, or less when woken. */
  public sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        if (this.wakeUp === done) this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }
}

/** Sleeps `ms`, or less when `signal` aborts. */
export function sleepAbortable(signal: AbortSignal, ms: number): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(finish, ms);
    function finish(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', finish);
      resolve();
    }
    signal.addEventListener('abort', finish);
  });
}

/** A counting semaphore whose waiters are woken (not granted) on release. */
export class Semaphore {
  private free: number;
  private readonly waiters = new Set<() => void>();

  public constructor(size: number) {
    this.free = size;
  }

  public tryTake(): boolean {
    if (this.free <= 0) return false;
    this.free -= 1;
    return true;
  }

  public give(): void {
    this.free += 1;
    for (const w of [...this.waiters]) w();
  }

  /** Resolves on the next release, on abort, or after `maxMs`. */
  public waitForRelease(signal: AbortSignal, maxMs: number): Promise<void> {
    if (signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, maxMs);
      this.waiters.add(done);
      signal.addEventListener('abort', done);
    });
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
