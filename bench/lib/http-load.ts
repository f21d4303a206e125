import autocannon from 'autocannon';
import { percentile, round } from './stats';

/*
 * Closed-loop HTTP load over loopback with autocannon: `connections` keep-alive connections, each sending its next
 * request as soon as the previous answer arrived, bounded by a request count and a time. Every request is built
 * by `next(i)` (autocannon's `setupRequest`), so each one can carry its own path, token and body. autocannon's
 * histogram reports p97.5 but no p95, so the latency of every response is recorded from its `response` event and
 * the percentiles are exact.
 */

export interface LoadRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  /** Responses plus connection errors and timeouts. */
  requests: number;
  /** Connection errors and timeouts (autocannon's `errors`, which include its `timeouts`). */
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodes: Record<string, number>;
  durationMs: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Seconds without an answer before autocannon counts a timeout (and reconnects). */
const TIMEOUT_S = 30;

export function httpLoad(opts: {
  url: string;
  connections: number;
  /**
   * The i-th request (0-based). Called once per request sent; a timed-out request is replaced by a new one, so
   * it must answer for i ≥ maxRequests too.
   */
  next: (i: number) => LoadRequest;
  maxRequests: number;
  maxSeconds: number;
  /**
   * Requests per second across all connections (autocannon's `overallRate`): an open model, where users act at
   * a given pace and a slow answer does not slow the arrivals down (autocannon releases each second's quota at
   * the start of the second, a burst, harsher than evenly spaced arrivals). Without it, closed loop.
   */
  overallRate?: number;
}): Promise<LoadResult> {
  if (opts.maxRequests < 1) throw new Error('httpLoad: maxRequests must be at least 1');
  // autocannon refuses more connections than requests (each connection sends amount / connections of them).
  const connections = Math.max(1, Math.min(opts.connections, opts.maxRequests));
  const latencies: number[] = [];
  let issued = 0;
  let last = 0;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: opts.url,
        connections,
        amount: opts.maxRequests,
        timeout: TIMEOUT_S,
        ...(opts.overallRate ? { overallRate: opts.overallRate } : {}),
        requests: [
          {
            setupRequest: (req) => {
              const r = opts.next(issued++);
              return {
                ...req,
                method: r.method,
                path: r.path,
                headers: { ...(r.body ? { 'content-type': 'application/json' } : {}), ...r.headers },
                body: r.body ?? '',
              };
            },
          },
        ],
      },
      (err, result) => {
        clearTimeout(timer);
        if (err) return reject(err);
        const durationMs = (latencies.length ? last : performance.now()) - started;
        resolve({
          requests: latencies.length + result.errors,
          errors: result.errors,
          timeouts: result.timeouts,
          non2xx: result.non2xx,
          statusCodes: Object.fromEntries(
            Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, Number(s.count)]),
          ),
          durationMs: round(durationMs, 0),
          rps: round(latencies.length / (durationMs / 1000), 1),
          p50: round(percentile(latencies, 50), 1),
          p95: round(percentile(latencies, 95), 1),
          p99: round(percentile(latencies, 99), 1),
          max: round(latencies.length ? latencies.reduce((a, b) => (a > b ? a : b)) : NaN, 1),
        });
      },
    );
    instance.on('response', (_client, _status, _bytes, ms) => {
      latencies.push(ms);
      last = performance.now();
    });
    // `amount` overrides autocannon's duration; the time bound stops the run (results so far are reported).
    const timer = setTimeout(() => instance.stop(), opts.maxSeconds * 1000);
  });
}
