import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { httpLoad } from './http-load';

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

  it('paces the requests of all connections together at overallRate (open model)', async () => {
    seen.length = 0;
    const r = await httpLoad({
      url,
      connections: 10,
      maxRequests: 30,
      maxSeconds: 20,
      overallRate: 20,
      next: (i) => ({ method: 'GET', path: `/r/${i * 10}` }),
    });
    expect(r).toEqual(expect.objectContaining({ requests: 30, errors: 0, non2xx: 0 }));
    // autocannon releases each second's quota at the start of the second: 20 at once, the other 10 a second
    // later. Closed loop sends all 30 within milliseconds.
    expect(r.durationMs).toBeGreaterThanOrEqual(900);
    expect(r.rps).toBeLessThanOrEqual(31);
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
