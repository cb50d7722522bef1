import autocannon from 'autocannon';

/** One load run against `POST /api/messages`. */
export interface LoadOptions {
  /** Base URL of the target, e.g. http://127.0.0.1:3978 */
  url: string;
  /** JSON bodies; one is posted in a loop, several are cycled in order by each connection. */
  bodies: string[];
  connections: number;
  durationSec: number;
  /** Seconds before a request counts as timed out. */
  timeoutSec: number;
  /** Called with every response's status and body (for scenarios that check their answers). */
  onResponse?: (status: number, body: string) => void;
}

/** A request of a sequence, with autocannon's per-response hook (not in bench/autocannon.d.ts). */
interface CheckedRequest extends autocannon.Request {
  onResponse?: (status: number, body: string) => void;
}

/** A load run in progress: await `result`, or `stop()` it early. */
export interface LoadRun {
  result: Promise<autocannon.Result>;
  stop(): void;
}

/** Starts autocannon against `<url>/api/messages` with JSON bodies. */
export function startLoad(options: LoadOptions): LoadRun {
  const headers = { 'content-type': 'application/json' };
  const first = options.bodies[0];
  if (first === undefined) {
    throw new Error('a scenario needs at least one body');
  }
  const onResponse = options.onResponse;
  // A single body without a hook is posted as `body`; otherwise as a sequence of requests, the
  // form through which autocannon hands each response to a hook.
  const requests: CheckedRequest[] | undefined =
    options.bodies.length === 1 && !onResponse
      ? undefined
      : options.bodies.map((body) => ({
          method: 'POST',
          headers,
          body,
          ...(onResponse ? { onResponse } : {}),
        }));
  let instance: autocannon.Instance | undefined;
  const result = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url: `${options.url}/api/messages`,
        method: 'POST',
        headers,
        connections: options.connections,
        duration: options.durationSec,
        timeout: options.timeoutSec,
        ...(requests ? { requests } : { body: first }),
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
  });
  return {
    result,
    stop: () => instance?.stop(),
  };
}
