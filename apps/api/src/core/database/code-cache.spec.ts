import { CodeCache } from './code-cache';

describe('CodeCache', () => {
  it('shares one read between callers of the same key and marker, and reads again when the marker moves', async () => {
    const cache = new CodeCache<string>();
    let reads = 0;
    const load = async () => `read ${++reads}`;
    const [a, b] = await Promise.all([cache.get('2026-09-30', '7:1', load), cache.get('2026-09-30', '7:1', load)]);
    expect([a, b, reads]).toEqual(['read 1', 'read 1', 1]);
    expect(await cache.get('2026-09-30', '8:1', load)).toBe('read 2');
    expect(await cache.get('2026-09-30', '8:2', load)).toBe('read 3');
  });

  it('lets a caller read for itself when the read it shared failed for its first caller', async () => {
    const cache = new CodeCache<string>();
    const failing = cache.get('d', 'm', () => Promise.reject(new Error('that transaction was aborted')));
    const sharing = cache.get('d', 'm', async () => 'own read');
    await expect(failing).rejects.toThrow('aborted');
    await expect(sharing).resolves.toBe('own read');
    // The failed read was not kept.
    expect(await cache.get('d', 'm', async () => 'fresh')).toBe('fresh');
  });

  it('keeps at most maxEntries keys, dropping the oldest', async () => {
    const cache = new CodeCache<string>(60_000, 2);
    for (const day of ['a', 'b', 'c']) await cache.get(day, 'm', async () => `first ${day}`);
    expect(await cache.get('a', 'm', async () => 'again a')).toBe('again a');
    expect(await cache.get('c', 'm', async () => 'again c')).toBe('first c');
  });
});
