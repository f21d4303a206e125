import { Agent, request } from 'node:http';
import { percentile, round } from './stats';

/*
 * A closed-loop HTTP load generator over loopback: `connections` keep-alive connections, each sending its next
 * request as soon as the previous answer arrived (autocannon's model), bounded by a request count and a time.
 * Every latency is kept, so p95 is exact.
 */

export interface LoadRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  requests: number;
  errors: number;
  non2xx: number;
  durationMs: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

function send(agent: Agent, base: URL, r: LoadRequest): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method: r.method,
        path: r.path,
        headers: { ...(r.body ? { 'content-type': 'application/json' } : {}), ...r.headers },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(r.body);
  });
}

export async function httpLoad(opts: {
  url: string;
  connections: number;
  /** The i-th request (0-based); null ends the run. */
  next: (i: number) => LoadRequest | null;
  maxRequests: number;
  maxSeconds: number;
}): Promise<LoadResult> {
  const base = new URL(opts.url);
  const agent = new Agent({ keepAlive: true, maxSockets: opts.connections });
  const latencies: number[] = [];
  let errors = 0;
  let non2xx = 0;
  let issued = 0;
  const started = performance.now();
  const deadline = started + opts.maxSeconds * 1000;
  const loop = async () => {
    while (issued < opts.maxRequests && performance.now() < deadline) {
      const r = opts.next(issued++);
      if (!r) return;
      const t = performance.now();
      try {
        const status = await send(agent, base, r);
        if (status < 200 || status >= 300) non2xx++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: opts.connections }, loop));
  const durationMs = performance.now() - started;
  agent.destroy();
  return {
    requests: latencies.length,
    errors,
    non2xx,
    durationMs: round(durationMs, 0),
    rps: round(latencies.length / (durationMs / 1000), 1),
    p50: round(percentile(latencies, 50), 1),
    p95: round(percentile(latencies, 95), 1),
    p99: round(percentile(latencies, 99), 1),
    max: round(Math.max(...latencies), 1),
  };
}
