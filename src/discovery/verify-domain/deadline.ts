/**
 * The overall time budget of one domain check: one abort signal for every request, and a race
 * that rejects any wait with {@link DeadlineError} once the budget is spent.
 */

/** Error raised inside the check when the overall deadline passes. */
export class DeadlineError extends Error {
  public readonly code = 'ETIMEDOUT_CHECK';
}

/** A running budget: its signal, a race against it, and the timer to clear. */
export interface Deadline {
  signal: AbortSignal;
  /** Waits for `promise`, rejecting with {@link DeadlineError} when time is up. */
  race<T>(promise: Promise<T>): Promise<T>;
  dispose(): void;
}

/** Starts a budget of `timeoutMs`; call `dispose()` when the check ends. */
export function startDeadline(timeoutMs: number): Deadline {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DeadlineError('deadline')), timeoutMs);
  return {
    signal: controller.signal,
    race<T>(promise: Promise<T>): Promise<T> {
      if (controller.signal.aborted) {
        promise.catch(() => undefined);
        return Promise.reject(new DeadlineError('deadline'));
      }
      return new Promise<T>((resolve, reject) => {
        const onAbort = (): void => reject(new DeadlineError('deadline'));
        controller.signal.addEventListener('abort', onAbort, { once: true });
        promise.then(
          (value) => {
            controller.signal.removeEventListener('abort', onAbort);
            resolve(value);
          },
          // Passed on as is (not re-wrapped): the `code` of Node's errors names the failure.
          (err: Error) => {
            controller.signal.removeEventListener('abort', onAbort);
            reject(err);
          },
        );
      });
    },
    dispose(): void {
      clearTimeout(timer);
    },
  };
}
