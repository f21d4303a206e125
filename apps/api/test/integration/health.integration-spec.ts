import { startTestStack, type TestStack } from '../utils/app';
import { startRedis } from '../utils/processes';

/** Health runs against a private redis-server so stopping it does not disturb other tests. */
describe('GET /api/health', () => {
  let s: TestStack;
  let redis: Awaited<ReturnType<typeof startRedis>>;
  beforeAll(async () => {
    redis = await startRedis();
    s = await startTestStack({ demo: false, env: { REDIS_URL: redis.url } });
  });
  afterAll(async () => {
    await s.close();
    await redis.stop();
  });

  it('reports 200 with database and Redis up', async () => {
    const res = await s.call('GET', '/api/health');
    expect(res.status).toBe(200);
    expect(res.body.details).toEqual({ database: { status: 'up' }, redis: { status: 'up' } });
  });

  it('reports 503 naming Redis while Redis is stopped, and 200 again once it is back', async () => {
    await redis.stop();
    const down = await s.call('GET', '/api/health');
    expect(down.status).toBe(503);
    expect(down.body.details.redis.status).toBe('down');
    expect(down.body.details.database.status).toBe('up');
    redis = await startRedis(redis.port);
    let back = await s.call('GET', '/api/health');
    for (let i = 0; i < 20 && back.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 250));
      back = await s.call('GET', '/api/health');
    }
    expect(back.status).toBe(200);
  });
});
