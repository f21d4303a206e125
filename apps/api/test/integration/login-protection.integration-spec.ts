import { startTestStack, type ApiResponse, type TestStack } from '../utils/app';

/**
 * Login limits (issue 13, items 3 and 4): failures counted atomically per account and client address, per address
 * and per account; no answer that tells whether a username exists; an attacker cannot lock the owner out; and
 * X-Forwarded-For is believed only from a configured proxy.
 */
describe('login protection', () => {
  const WRONG = 'Wrong#Password1';

  const attempt = (s: TestStack, username: string, password: string, from?: string) =>
    s.call('POST', '/api/auth/login', {
      body: { username, password },
      headers: from ? { 'x-forwarded-for': from } : {},
    });

  const statuses = (answers: ApiResponse[]) =>
    answers.reduce<Record<number, number>>((n, a) => ({ ...n, [a.status]: (n[a.status] ?? 0) + 1 }), {});

  /** A 429 of the login limits: standard Retry-After (whole seconds), the wait named in both languages. */
  const expectThrottled = (res: ApiResponse, maxSeconds: number) => {
    expect(res.status).toBe(429);
    expect(res.body.code).toBe('LOGIN_THROTTLED');
    const seconds = Number(res.headers.get('retry-after'));
    expect(Number.isInteger(seconds) && seconds >= 1 && seconds <= maxSeconds).toBe(true);
    expect(res.body.message_zh).toContain(`${seconds} 秒`);
    expect(res.body.message_en).toContain(`${seconds} s`);
    expect([...res.headers.keys()].filter((h) => /^retry-after-/.test(h))).toEqual([]);
  };

  describe('behind a trusted proxy (the test plays the web server, which sets X-Forwarded-For)', () => {
    let s: TestStack;
    beforeAll(async () => {
      s = await startTestStack({
        env: {
          TRUST_PROXY: 'loopback',
          LOGIN_MAX_FAILURES: '5',
          LOGIN_LOCK_MINUTES: '15',
          LOGIN_ACCOUNT_MAX_FAILURES: '12',
        },
      });
    });
    afterAll(() => s?.close());

    it('30 parallel wrong passwords from one address: five are checked, 25 refused with Retry-After, one lockout audited', async () => {
      const answers = await Promise.all(
        Array.from({ length: 30 }, () => attempt(s, 'xianyang', WRONG, '198.51.100.1')),
      );
      expect(statuses(answers)).toEqual({ 401: 5, 429: 25 });
      for (const a of answers.filter((x) => x.status === 429)) expectThrottled(a, 15 * 60);
      // The right password from that address waits too: the guessing address cannot tell it found it.
      expectThrottled(await attempt(s, 'xianyang', 'Demo@2026', '198.51.100.1'), 15 * 60);
      const [{ n }] = await s.ds.query(
        `SELECT count(*)::int AS n FROM audit_log WHERE action = 'auth.lockout' AND actor_username = 'xianyang'`,
      );
      expect(n).toBe(1);
    });

    it('an attacker failing at admin from one address does not lock the owner out of another', async () => {
      const attacks = [];
      for (let i = 0; i < 10; i++) attacks.push(await attempt(s, 'admin', `${WRONG}${i}`, '198.51.100.2'));
      expect(statuses(attacks)).toEqual({ 401: 5, 429: 5 });
      const owner = await attempt(s, 'admin', 'Demo@2026', '198.51.100.3');
      expect(owner.status).toBe(200);
      expect(owner.body.user.username).toBe('admin');
      expectThrottled(await attempt(s, 'admin', 'Demo@2026', '198.51.100.2'), 15 * 60);
    });

    it('an existing and an unknown username get the same answers, headers and comparable time', async () => {
      const run = async (username: string, from: string) => {
        const out: ApiResponse[] = [];
        for (let i = 0; i < 7; i++) out.push(await attempt(s, username, WRONG, from));
        return out;
      };
      const existing = await run('firm-xian-1', '198.51.100.4');
      const unknown = await run('no-such-user', '198.51.100.5');
      const shape = (a: ApiResponse) => ({
        status: a.status,
        code: a.body.code,
        message: a.body.message_en.replace(/\d+/g, 'N'),
        headers: [...a.headers.keys()].filter((h) => !['date', 'etag', 'content-length'].includes(h)).sort(),
      });
      expect(existing.map(shape)).toEqual(unknown.map(shape));
      expect(existing.map((a) => a.status)).toEqual([401, 401, 401, 401, 401, 429, 429]);

      // Interleaved, from a fresh address each time (below every limit): an unknown name costs a bcrypt too.
      const timed = async (username: string, from: string) => {
        const t = process.hrtime.bigint();
        const res = await attempt(s, username, WRONG, from);
        expect(res.status).toBe(401);
        return Number(process.hrtime.bigint() - t) / 1e6;
      };
      const known: number[] = [];
      const unknownTimes: number[] = [];
      for (let i = 0; i < 9; i++) {
        known.push(await timed('firm-xianyang-1', `198.51.101.${i}`));
        unknownTimes.push(await timed(`nobody-${i}`, `198.51.102.${i}`));
      }
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      const ratio = median(unknownTimes) / median(known);
      expect(ratio).toBeGreaterThan(1 / 3);
      expect(ratio).toBeLessThan(3);
    });

    it('many addresses at one account: beyond the hourly failures new addresses wait ever longer, the owner’s known address does not', async () => {
      expect((await attempt(s, 'province', 'Demo@2026', '198.51.100.50')).status).toBe(200);
      for (let i = 1; i <= 12; i++) expect((await attempt(s, 'province', WRONG, `203.0.113.${i}`)).status).toBe(401);
      // Every attempt beyond the twelfth lengthens the account's delay (1 s, 2 s, 4 s …); refusals carry it.
      let longest = 0;
      for (let i = 0; i < 30 && longest < 60; i++) {
        const res = await attempt(s, 'province', WRONG, `203.0.113.${100 + i}`);
        if (res.status === 429) {
          expectThrottled(res, 15 * 60);
          longest = Number(res.headers.get('retry-after'));
        } else expect(res.status).toBe(401);
      }
      expect(longest).toBeGreaterThanOrEqual(60);
      expectThrottled(await attempt(s, 'province', 'Demo@2026', '203.0.113.250'), 15 * 60);
      const owner = await attempt(s, 'province', 'Demo@2026', '198.51.100.50');
      expect(owner.status).toBe(200);
    });
  });

  describe('without a configured proxy (the default)', () => {
    let s: TestStack;
    beforeAll(async () => {
      s = await startTestStack({ env: { THROTTLE_LOGIN_PER_MINUTE: '10', LOGIN_MAX_FAILURES: '5' } });
    });
    afterAll(() => s?.close());

    it('a different X-Forwarded-For on every request escapes neither the failure limit nor the per-address throttle', async () => {
      const sameAccount = [];
      for (let i = 0; i < 7; i++) sameAccount.push(await attempt(s, 'xian', WRONG, `192.0.2.${i + 1}`));
      expect(sameAccount.map((a) => a.status)).toEqual([401, 401, 401, 401, 401, 429, 429]);
      // Seven of the address's ten requests a minute are spent; other usernames get three more, then 429.
      const others = [];
      for (let i = 0; i < 5; i++) others.push(await attempt(s, `someone-${i}`, WRONG, `192.0.2.${100 + i}`));
      expect(others.map((a) => a.status)).toEqual([401, 401, 401, 429, 429]);
      const limited = others[3];
      expect(limited.body).toMatchObject({
        code: 'RATE_LIMITED',
        message_zh: expect.stringContaining('每分钟最多 10 次'),
      });
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(limited.headers.get('retry-after-login')).toBeNull();
    });
  });
});
