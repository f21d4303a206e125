import { afterEach, describe, expect, it, vi } from 'vitest';
import { BUSY_RETRIES, createHttpClient } from './httpClient';

const busy = () =>
  new Response(
    JSON.stringify({
      statusCode: 503,
      code: 'SERVICE_BUSY',
      message_zh: '系统繁忙，请 5 秒后重试',
      message_en: 'busy',
    }),
    { status: 503, headers: { 'content-type': 'application/json', 'retry-after': '5' } },
  );
const ok = () =>
  new Response(JSON.stringify({ id: 'r1' }), { status: 200, headers: { 'content-type': 'application/json' } });

describe('httpClient when the API is busy', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('sends the same request again after growing waits and returns the answer that came through', async () => {
    const fetch = vi.fn().mockResolvedValueOnce(busy()).mockResolvedValueOnce(busy()).mockResolvedValueOnce(ok());
    vi.stubGlobal('fetch', fetch);
    const waits: number[] = [];
    const client = createHttpClient(
      () => 'zh-CN',
      async (ms) => void waits.push(ms),
    );
    const { json } = await client('/api/returns/r1/submit', { method: 'POST', body: '{"version":1}' });
    expect(json).toEqual({ id: 'r1' });
    expect(fetch).toHaveBeenCalledTimes(3);
    for (const [, init] of fetch.mock.calls) expect(init).toMatchObject({ method: 'POST', body: '{"version":1}' });
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeGreaterThanOrEqual(2000);
    expect(waits[1]).toBeGreaterThanOrEqual(4000);
  });

  it('shows the busy message in the user’s language once the retries are used up', async () => {
    const fetch = vi.fn().mockImplementation(async () => busy());
    vi.stubGlobal('fetch', fetch);
    const client = createHttpClient(
      () => 'zh-CN',
      async () => undefined,
    );
    await expect(client('/api/returns/r1/draft', { method: 'PUT', body: '{}' })).rejects.toMatchObject({
      status: 503,
      message: '系统繁忙，请 5 秒后重试',
    });
    expect(fetch).toHaveBeenCalledTimes(BUSY_RETRIES + 1);
  });

  it('does not repeat a request refused for any other reason', async () => {
    const fetch = vi.fn().mockResolvedValue(
      new Response(
        JSON.stringify({ statusCode: 409, code: 'VERSION_CONFLICT', message_zh: '冲突', message_en: 'conflict' }),
        {
          status: 409,
          headers: { 'content-type': 'application/json' },
        },
      ),
    );
    vi.stubGlobal('fetch', fetch);
    const client = createHttpClient(
      () => 'en',
      async () => undefined,
    );
    await expect(client('/api/returns/r1/draft', { method: 'PUT', body: '{}' })).rejects.toMatchObject({ status: 409 });
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});
