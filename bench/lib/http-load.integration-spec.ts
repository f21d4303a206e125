import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { httpLoad, pacedLoad } from './http-load';

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
});
