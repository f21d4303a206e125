import autocannon from 'autocannon';
import { Agent, request } from 'node:http';
import { Rng } from './rng';
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
        requests: [
          {
            setupRequest: (req) => {
              const r = opts.next(issued++);
              return {
                ...req,
                method: r.method,
                path: r.path,
                headers: headersOf(r),
                body: r.body ?? '',
              };
            },
          },
        ],
      },
      (err, result) => {
        clearTimeout(timer);
        if (err) return reject(err);
        resolve(
          summarize(latencies, (latencies.length ? last : performance.now()) - started, {
            errors: result.errors,
            timeouts: result.timeouts,
            non2xx: result.non2xx,
            statusCodes: Object.fromEntries(
              Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, Number(s.count)]),
            ),
          }),
        );
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

/** A request's headers: its own, with the JSON content type when it has a body. */
const headersOf = (r: LoadRequest) => ({ ...(r.body ? { 'content-type': 'application/json' } : {}), ...r.headers });

function summarize(
  latencies: number[],
  durationMs: number,
  counts: Pick<LoadResult, 'errors' | 'timeouts' | 'non2xx' | 'statusCodes'>,
): LoadResult {
  return {
    requests: latencies.length + counts.errors,
    ...counts,
    durationMs: round(durationMs, 0),
    rps: round(latencies.length / (durationMs / 1000), 1),
    p50: round(percentile(latencies, 50), 1),
    p95: round(percentile(latencies, 95), 1),
    p99: round(percentile(latencies, 99), 1),
    max: round(latencies.length ? latencies.reduce((a, b) => (a > b ? a : b)) : NaN, 1),
  };
}

/**
 * Open-model load: `requests` requests arriving at random (Poisson arrivals, seeded) at `ratePerSecond` on
 * average, over at most `connections` keep-alive sockets — users acting at their own pace, whose arrivals do not
 * wait for earlier answers (autocannon's rate options release each second's quota at once and cap the
 * connections at the rate). A request that finds every socket busy waits for one, and its latency is counted from
 * its arrival, not from when it was sent.
 */
export async function pacedLoad(opts: {
  url: string;
  connections: number;
  ratePerSecond: number;
  requests: number;
  next: (i: number) => LoadRequest;
  seed?: number;
}): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: opts.connections });
  const base = new URL(opts.url);
  const rng = new Rng(opts.seed ?? 20_261_122);
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  let errors = 0;
  let timeouts = 0;
  let non2xx = 0;
  let last = 0;
  const send = (r: LoadRequest, arrival: number) =>
    new Promise<void>((resolve) => {
      const req = request(
        {
          agent,
          host: base.hostname,
          port: base.port,
          method: r.method,
          path: r.path,
          headers: headersOf(r),
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            last = performance.now();
            latencies.push(last - arrival);
            const code = String(res.statusCode);
            statusCodes[code] = (statusCodes[code] ?? 0) + 1;
            if (!res.statusCode || res.statusCode >= 300) non2xx++;
            resolve();
          });
        },
      );
      req.setTimeout(TIMEOUT_S * 1000, () => {
        timeouts++;
        req.destroy(new Error('timeout'));
      });
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(r.body);
    });
  const started = performance.now();
  const sent: Promise<void>[] = [];
  let at = started;
  for (let i = 0; i < opts.requests; i++) {
    // Exponential gaps between arrivals, mean 1 / rate.
    at += (-Math.log(1 - rng.next()) * 1000) / opts.ratePerSecond;
    const arrival = at;
    sent.push(
      new Promise<void>((r) => setTimeout(r, Math.max(0, arrival - performance.now()))).then(() =>
        send(opts.next(i), arrival),
      ),
    );
  }
  await Promise.all(sent);
  agent.destroy();
  return summarize(latencies, (latencies.length ? last : performance.now()) - started, {
    errors,
    timeouts,
    non2xx,
    statusCodes,
  });
}

export interface KneeStep {
  ratePerSecond: number;
  requests: number;
  p95: number;
  errors: number;
  non2xx: number;
  ok: boolean;
}

export interface KneeResult {
  /** The highest rate tried whose p95 stayed under the limit with no error and no non-2xx answer (0 if none). */
  capacity: number;
  p95LimitMs: number;
  steps: KneeStep[];
  /** Why the search ended: a step missed the limit, the rates ran out, or the requests the caller can build did. */
  stoppedBy: 'limit' | 'rates' | 'requests';
}

/**
 * The knee of a paced (open-model) load: runs `run(rate, requests)` at each rate in turn, `seconds` worth of
 * requests each, and stops at the first rate whose p95 reaches `p95LimitMs` or that has any error or non-2xx
 * answer. `available` bounds the requests of all steps together (each submission consumes a draft).
 */
export async function kneeSearch(opts: {
  rates: number[];
  seconds: number;
  p95LimitMs: number;
  available?: number;
  run: (ratePerSecond: number, requests: number, offset: number) => Promise<LoadResult>;
}): Promise<KneeResult> {
  const steps: KneeStep[] = [];
  let capacity = 0;
  let used = 0;
  for (const rate of opts.rates) {
    const requests = Math.max(1, Math.round(rate * opts.seconds));
    if (opts.available !== undefined && used + requests > opts.available)
      return { capacity, p95LimitMs: opts.p95LimitMs, steps, stoppedBy: 'requests' };
    const r = await opts.run(rate, requests, used);
    used += requests;
    const ok = r.p95 < opts.p95LimitMs && r.errors === 0 && r.non2xx === 0;
    steps.push({ ratePerSecond: rate, requests, p95: r.p95, errors: r.errors, non2xx: r.non2xx, ok });
    if (!ok) return { capacity, p95LimitMs: opts.p95LimitMs, steps, stoppedBy: 'limit' };
    capacity = rate;
  }
  return { capacity, p95LimitMs: opts.p95LimitMs, steps, stoppedBy: 'rates' };
}
