/**
 * Types for the part of autocannon 8 the benchmark uses (the package ships none). Shapes follow
 * node_modules/autocannon/README.md ("API" and "Results").
 */
declare module 'autocannon' {
  namespace autocannon {
    /** One request in a sequence; each connection cycles through the sequence. */
    interface Request {
      method?: string;
      path?: string;
      body?: string | Buffer;
      headers?: Record<string, string>;
    }

    /** Options passed to autocannon(). */
    interface Options {
      url: string;
      connections?: number;
      /** Seconds. */
      duration?: number;
      /** Seconds to wait for a response before counting a timeout. */
      timeout?: number;
      pipelining?: number;
      method?: string;
      body?: string | Buffer;
      headers?: Record<string, string>;
      requests?: Request[];
      title?: string;
    }

    /** A percentile summary (hdr-histogram-percentiles-obj). */
    interface Histogram {
      min: number;
      max: number;
      average: number;
      mean: number;
      stddev: number;
      total: number;
      p2_5: number;
      p50: number;
      p75: number;
      p90: number;
      p97_5: number;
      p99: number;
      p99_9: number;
    }

    /** What a finished run reports. */
    interface Result {
      title?: string;
      url: string;
      /** Requests completed per second (one sample a second); `sent`: every request sent. */
      requests: Histogram & { sent: number };
      /** Response latency in milliseconds (2xx responses only). */
      latency: Histogram;
      throughput: Histogram;
      /** Seconds. */
      duration: number;
      /** Connection errors, timeouts included. */
      errors: number;
      timeouts: number;
      mismatches: number;
      non2xx: number;
      '1xx': number;
      '2xx': number;
      '3xx': number;
      '4xx': number;
      '5xx': number;
      statusCodeStats: Record<string, { count: number }>;
      connections: number;
      start: Date;
      finish: Date;
    }

    /** The running instance; `stop()` ends the run early (results are still reported). */
    interface Instance {
      stop(): void;
    }
  }

  /** Starts a run; the callback receives the results when it ends. */
  function autocannon(
    options: autocannon.Options,
    callback: (err: Error | null, result: autocannon.Result) => void,
  ): autocannon.Instance;

  export = autocannon;
}
