import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { httpLoad, kneeSearch, pacedLoad, type LoadResult } from './http-load';

/** The load generator on a loopback server: one request per `next(i)`, each sent once, counts and percentiles. */
describe('httpLoad (autocannon)', () => {
  let server: Server;
  let url: string;
  const seen: { path: string; auth: string | undefined; body: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        seen.push({ path: req.url ?? '', auth: req.headers.authorization, body });
        // Every tenth request is refused, as a submission of a return that is no longer a draft would be.
        const n = Number(/\/r\/(\d+)/.exec(req.url ?? '')?.[1]);
        res.statusCode = n % 10 === 9 ? 409 : 200;
        setTimeout(() => res.end('{}'), 1 + (n % 3));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('sends each built request once, with its own headers and body, and reports latency percentiles', async () => {
    const r = await httpLoad({
      url,
      connections: 8,
      maxRequests: 60,
      maxSeconds: 20,
      next: (i) => ({
        method: 'POST',
        path: `/r/${i}`,
        headers: { authorization: `Bearer t${i}` },
        body: JSON.stringify({ i }),
      }),
    });
    expect(seen).toHaveLength(60);
    expect(new Set(seen.map((s) => s.path)).size).toBe(60);
    for (const s of seen) {
      const i = Number(s.path.slice(3));
      expect(s.auth).toBe(`Bearer t${i}`);
      expect(JSON.parse(s.body)).toEqual({ i });
    }
    expect(r).toEqual(
      expect.objectContaining({ requests: 60, errors: 0, timeouts: 0, non2xx: 6, statusCodes: { 200: 54, 409: 6 } }),
    );
    expect(r.p50).toBeGreaterThan(0);
    expect(r.p95).toBeGreaterThanOrEqual(r.p50);
    expect(r.p99).toBeGreaterThanOrEqual(r.p95);
    expect(r.max).toBeGreaterThanOrEqual(r.p99);
    expect(r.rps).toBeGreaterThan(0);
  });

  it('pacedLoad: requests arrive at random at the given mean rate, each once, timed from its arrival', async () => {
    seen.length = 0;
    const r = await pacedLoad({
      url,
      connections: 4,
      ratePerSecond: 40,
      requests: 80,
      next: (i) => ({ method: 'POST', path: `/r/${i}`, body: JSON.stringify({ i }) }),
    });
    expect(new Set(seen.map((s) => s.path)).size).toBe(80);
    expect(r).toEqual(
      expect.objectContaining({ requests: 80, errors: 0, non2xx: 8, statusCodes: { 200: 72, 409: 8 } }),
    );
    // 80 arrivals at 40 a second take about two seconds (closed loop: milliseconds); a seeded Poisson process
    // puts them between 1.5 and 2.5 s.
    expect(r.durationMs).toBeGreaterThan(1500);
    expect(r.durationMs).toBeLessThan(2500);
    expect(r.p95).toBeGreaterThanOrEqual(r.p50);
  });

  it('uses no more connections than requests', async () => {
    seen.length = 0;
    const r = await httpLoad({
      url,
      connections: 50,
      maxRequests: 3,
      maxSeconds: 20,
      next: (i) => ({ method: 'GET', path: `/r/${i}` }),
    });
    expect(r.requests).toBe(3);
    expect(seen.map((s) => s.path).sort()).toEqual(['/r/0', '/r/1', '/r/2']);
  });

  it('kneeSearch: the highest paced rate under the p95 limit without errors, on the real paced load', async () => {
    seen.length = 0;
    // Every tenth request of the loopback server is refused (409): the step that sends one ends the search.
    const calls: { rate: number; requests: number; offset: number }[] = [];
    const knee = await kneeSearch({
      rates: [4, 5, 10],
      seconds: 1,
      p95LimitMs: 10_000,
      run: (rate, requests, offset) => {
        calls.push({ rate, requests, offset });
        return pacedLoad({
          url,
          connections: 4,
          ratePerSecond: rate,
          requests,
          next: (i) => ({ method: 'GET', path: `/r/${offset + i}` }),
        });
      },
    });
    // /r/0–3 and /r/4–8 pass; the third step (/r/9–18) holds /r/9, refused.
    expect(calls).toEqual([
      { rate: 4, requests: 4, offset: 0 },
      { rate: 5, requests: 5, offset: 4 },
      { rate: 10, requests: 10, offset: 9 },
    ]);
    expect(knee).toEqual(expect.objectContaining({ capacity: 5, stoppedBy: 'limit', p95LimitMs: 10_000 }));
    expect(knee.steps.map((s) => [s.ratePerSecond, s.ok, s.non2xx])).toEqual([
      [4, true, 0],
      [5, true, 0],
      [10, false, 1],
    ]);
  });

  it('kneeSearch: stops at the p95 limit, and before a step it has no requests left for', async () => {
    const result = (p95: number): LoadResult => ({
      requests: 1,
      errors: 0,
      timeouts: 0,
      non2xx: 0,
      statusCodes: { 200: 1 },
      durationMs: 1,
      rps: 1,
      p50: p95,
      p95,
      p99: p95,
      max: p95,
    });
    // p95 grows with the rate: 25 → 50 ms, 50 → 100 ms, 100 → 200 ms (at the limit: not under it).
    const byLatency = await kneeSearch({
      rates: [25, 50, 100, 200],
      seconds: 2,
      p95LimitMs: 200,
      run: async (rate) => result(rate * 2),
    });
    expect(byLatency.capacity).toBe(50);
    expect(byLatency.stoppedBy).toBe('limit');
    expect(byLatency.steps.map((s) => s.requests)).toEqual([50, 100, 200]);
    const byDrafts = await kneeSearch({
      rates: [25, 50, 100],
      seconds: 2,
      p95LimitMs: 10_000,
      available: 160,
      run: async () => result(1),
    });
    // 50 + 100 requests fit in 160; the third step's 200 do not.
    expect(byDrafts).toEqual(expect.objectContaining({ capacity: 50, stoppedBy: 'requests' }));
    expect(byDrafts.steps).toHaveLength(2);
  });
});
