import { randomBytes } from 'node:crypto';
import { eventually, LOAD_PASSWORD, seedFirms, type SeededFirm } from '../factories/load';
import { aReturnContent } from '../factories/returns';
import { startTestStack, type TestStack } from '../utils/app';
import { freePort, startApi, startWorker, type Managed } from '../utils/processes';

const TOKEN = randomBytes(24).toString('hex'); // 48 characters
const BURST = 12;

/** One sample of a Prometheus text exposition: the value of `name` whose labels include `labels`. */
function sample(text: string, name: string, labels: Record<string, string>): number | null {
  for (const line of text.split('\n')) {
    const m = line.match(/^(\w+)\{(.*)\} (\S+)$/);
    if (!m || m[1] !== name) continue;
    const got = Object.fromEntries([...m[2].matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) return Number(m[3]);
  }
  return null;
}

/**
 * Metrics and request ids against the real API and worker processes (issue 18): /api/metrics behind
 * METRICS_TOKEN; the validation queue's depth rising with a burst of draft saves while no worker runs and falling
 * to 0 once one does; job durations on the worker's /metrics; the X-Request-Id of each save in the API's log and
 * in the worker's log line of the validation job that save enqueued.
 */
describe('metrics and request ids', () => {
  let s: TestStack;
  let api: Managed & { baseUrl: string };
  let worker: Managed | undefined;
  let firms: SeededFirm[];

  const scrape = async (url: string, token = TOKEN) =>
    fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const apiMetrics = async () => (await scrape(`${api.baseUrl}/api/metrics`)).text();

  beforeAll(async () => {
    s = await startTestStack({ env: { METRICS_TOKEN: TOKEN, THROTTLE_LOGIN_PER_MINUTE: '10000' } });
    firms = await seedFirms(s.ds, BURST, { tag: 'MAKM' });
    api = await startApi(s.config);
  }, 200_000);

  afterAll(async () => {
    await worker?.stop('SIGKILL');
    await api?.stop('SIGKILL');
    await s.close();
  });

  it('refuses a scrape without the token or with a wrong one (401, bilingual)', async () => {
    const none = await scrape(`${api.baseUrl}/api/metrics`, '');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
    const body = await none.json();
    expect(body.message_en).toMatch(/METRICS_TOKEN/);
    expect(body.message_zh).toMatch(/METRICS_TOKEN/);
    expect((await scrape(`${api.baseUrl}/api/metrics`, `${TOKEN.slice(0, -1)}x`)).status).toBe(401);
    const ok = await scrape(`${api.baseUrl}/api/metrics`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await ok.text();
    expect(sample(text, 'portal_db_pool_connections', { state: 'max', process: 'api' })).toBe(20);
    expect(sample(text, 'portal_queue_jobs', { queue: 'validation', state: 'waiting' })).toBe(0);
  });

  it('accepts a valid X-Request-Id, replaces an invalid one and generates one when absent', async () => {
    const given = await fetch(`${api.baseUrl}/api/health/live`, { headers: { 'x-request-id': 'lb-7f3a:0001' } });
    expect(given.headers.get('x-request-id')).toBe('lb-7f3a:0001');
    for (const bad of ['two words', 'x'.repeat(129), 'inject"\n{"level":60}']) {
      const res = await fetch(`${api.baseUrl}/api/health/live`, { headers: { 'x-request-id': bad.replace('\n', '') } });
      expect(res.headers.get('x-request-id')).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
    }
    const none = await fetch(`${api.baseUrl}/api/health/live`);
    expect(none.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    // Answers refused before Nest's router (a URL that cannot be decoded) carry it too.
    const early = await fetch(`${api.baseUrl}/api/returns/%E0%A4%A`, { headers: { 'x-request-id': 'early-1' } });
    expect(early.status).toBe(400);
    expect(early.headers.get('x-request-id')).toBe('early-1');
  });

  it('shows queue depth rising with a burst of saves and falling once a worker runs; the request id follows each job', async () => {
    const tokens = await Promise.all(
      firms.map(async (f) => {
        const res = await fetch(`${api.baseUrl}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: f.username, password: LOAD_PASSWORD }),
        });
        return (await res.json()).accessToken as string;
      }),
    );
    // The burst: every firm saves its draft at once, each request with its own id. No worker runs yet.
    const saves = await Promise.all(
      firms.map(async (f, i) => {
        const [{ version }] = await s.ds.query(`SELECT version FROM statistical_return WHERE id = $1`, [f.returnId]);
        const res = await fetch(`${api.baseUrl}/api/returns/${f.returnId}/draft`, {
          method: 'PUT',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${tokens[i]}`,
            'x-request-id': `burst-${i}`,
          },
          body: JSON.stringify({ version, content: aReturnContent(f.profile) }),
        });
        return { status: res.status, id: res.headers.get('x-request-id') };
      }),
    );
    expect(saves).toEqual(firms.map((_, i) => ({ status: 200, id: `burst-${i}` })));
    const during = await apiMetrics();
    expect(sample(during, 'portal_queue_jobs', { queue: 'validation', state: 'waiting' })).toBe(BURST);
    expect(
      sample(during, 'portal_http_request_duration_seconds_count', {
        method: 'PUT',
        route: '/api/returns/:id/draft',
        status: '200',
      }),
    ).toBe(BURST);

    // The API logged each save with its id.
    const apiLine = api
      .output()
      .split('\n')
      .find((l) => l.includes('"requestId":"burst-3"') && l.includes('request completed'));
    expect(JSON.parse(apiLine!)).toMatchObject({
      process: 'api',
      requestId: 'burst-3',
      req: { method: 'PUT', url: `/api/returns/${firms[3].returnId}/draft` },
      res: { statusCode: 200 },
    });

    const workerPort = await freePort();
    worker = await startWorker(s.config, { WORKER_HTTP_PORT: String(workerPort) });
    await eventually(
      'the burst validated',
      async () => {
        const text = await apiMetrics();
        const left = ['waiting', 'active', 'delayed'].map(
          (state) => sample(text, 'portal_queue_jobs', { queue: 'validation', state }) ?? -1,
        );
        return left.every((n) => n === 0);
      },
      90_000,
    );
    const workerText = await (await scrape(`http://127.0.0.1:${workerPort}/metrics`)).text();
    expect(
      sample(workerText, 'portal_job_duration_seconds_count', {
        queue: 'validation',
        name: 'validate',
        outcome: 'completed',
        process: 'worker',
      }),
    ).toBe(BURST);
    expect((await scrape(`http://127.0.0.1:${workerPort}/metrics`, '')).status).toBe(401);

    // The worker's line of the job that burst-3's save enqueued carries burst-3 and that return's job.
    const jobLine = worker
      .output()
      .split('\n')
      .find((l) => l.includes('"requestId":"burst-3"') && l.includes('job completed'));
    expect(jobLine).toBeDefined();
    const parsed = JSON.parse(jobLine!);
    expect(parsed).toMatchObject({ process: 'worker', queue: 'validation', job: 'validate', requestId: 'burst-3' });
    expect(String(parsed.jobId)).toContain(firms[3].returnId);
  }, 200_000);
});
