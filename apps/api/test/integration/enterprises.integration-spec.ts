import { EnterprisesService } from '../../src/modules/enterprises/enterprises.service';
import { aRegistration } from '../factories/enterprises';
import { listQuery, startTestStack, type TestStack } from '../utils/app';

/** The enterprise registry (DOMAIN.md §2.1): registration, confirmation by the firm's own city, profile versions. */
describe('enterprise registry', () => {
  let s: TestStack;
  let xianFirm: string;
  const firmCount = async (uscc: string) =>
    Number((await s.ds.query('SELECT count(*) FROM enterprise WHERE uscc = $1', [uscc]))[0].count);

  beforeAll(async () => {
    s = await startTestStack();
    const firms = await s.call('GET', `/api/enterprises${listQuery({ range: [0, 99] })}`, { as: 'admin' });
    xianFirm = firms.body.find((e: { nameZh: string }) => e.nameZh === '西安云图软件科技有限公司').id;
  });
  afterAll(() => s.close());

  it('rejects a code with a wrong check character, naming the problem, and writes nothing', async () => {
    const good = aRegistration();
    const last = good.uscc[17] === '0' ? '1' : '0';
    const bad = { ...good, uscc: good.uscc.slice(0, 17) + last };
    const res = await s.call('POST', '/api/enterprises', { as: 'admin', body: bad });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('USCC_INVALID');
    expect(res.body.message_zh).toContain('校验码');
    expect(res.body.details).toEqual({ problem: 'check' });
    expect(await firmCount(bad.uscc)).toBe(0);
  });

  it('registers a firm as PENDING under the review unit of its zone, with its first profile version', async () => {
    const body = aRegistration();
    const res = await s.call('POST', '/api/enterprises', { as: 'admin', body });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      uscc: body.uscc,
      status: 'PENDING',
      reviewUnitCode: '610100',
      provinceCode: '610000',
    });
    const profiles = await s.call('GET', `/api/enterprises/${res.body.id}/profiles`, { as: 'admin' });
    expect(profiles.body).toHaveLength(1);
    expect(profiles.body[0]).toMatchObject({ natureCode: 'DOM-PRI', advancedTech: true });
    const dup = await s.call('POST', '/api/enterprises', { as: 'admin', body });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('DUPLICATE');
  });

  it('refuses unknown codes and a zone given as the registered region', async () => {
    const zoneAsRegion = await s.call('POST', '/api/enterprises', {
      as: 'admin',
      body: aRegistration({ regionCode: '6101Z1' }),
    });
    expect(zoneAsRegion.status).toBe(400);
    expect(zoneAsRegion.body.code).toBe('REGION_KIND_MISMATCH');
    const nature = await s.call('POST', '/api/enterprises', {
      as: 'admin',
      body: aRegistration({ natureCode: 'NOPE' }),
    });
    expect(nature.body).toMatchObject({ code: 'CODE_UNKNOWN' });
  });

  it('lets a municipal bureau register firms of its own city only', async () => {
    const own = await s.call('POST', '/api/enterprises', { as: 'xian', body: aRegistration() });
    expect(own.status).toBe(201);
    const body = aRegistration({ regionCode: '610403', zoneCode: null });
    const foreign = await s.call('POST', '/api/enterprises', { as: 'xian', body });
    expect(foreign.status).toBe(403);
    expect(await firmCount(body.uscc)).toBe(0);
  });

  it('is confirmed only by the reviewer of the firm’s own city (or the province)', async () => {
    const id = (await s.call('POST', '/api/enterprises', { as: 'admin', body: aRegistration() })).body.id;
    const wrongCity = await s.call('POST', `/api/enterprises/${id}/confirm`, { as: 'xianyang' });
    expect(wrongCity.status).toBe(404);
    expect((await s.call('GET', `/api/enterprises/${id}`, { as: 'admin' })).body.status).toBe('PENDING');
    expect((await s.call('POST', `/api/enterprises/${id}/confirm`, { as: 'firm-xian-1' })).status).toBe(403);
    const ok = await s.call('POST', `/api/enterprises/${id}/confirm`, { as: 'xian' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'ACTIVE' });
    expect(ok.body.confirmedAt).toBeTruthy();
    const twice = await s.call('POST', `/api/enterprises/${id}/confirm`, { as: 'province' });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('ENTERPRISE_STATE');
  });

  it('is rejected with a reason', async () => {
    const id = (await s.call('POST', '/api/enterprises', { as: 'admin', body: aRegistration() })).body.id;
    expect((await s.call('POST', `/api/enterprises/${id}/reject`, { as: 'province', body: {} })).status).toBe(400);
    const res = await s.call('POST', `/api/enterprises/${id}/reject`, {
      as: 'province',
      body: { reason: '营业执照信息不符' },
    });
    expect(res.body).toMatchObject({ status: 'REJECTED', rejectionReason: '营业执照信息不符' });
  });

  it('versions the profile: a date before the change still sees the old name', async () => {
    const profiles = s.app.get(EnterprisesService);
    // The operator records changes as given (a firm's own backdated change waits for its city: below).
    const res = await s.call('POST', `/api/enterprises/${xianFirm}/profile`, {
      as: 'admin',
      body: { validFrom: '2026-07-01', nameZh: '西安云图数字科技有限公司', keyEnterprise: false },
    });
    expect(res.status).toBe(201);
    expect((await profiles.profileValidOn(xianFirm, '2026-06-30'))!.nameZh).toBe('西安云图软件科技有限公司');
    expect((await profiles.profileValidOn(xianFirm, '2026-07-01'))!).toMatchObject({
      nameZh: '西安云图数字科技有限公司',
      natureCode: 'DOM-PRI',
    });
    // The firm row mirrors today's version; a change dated in the future waits for its day.
    expect((await s.call('GET', `/api/enterprises/${xianFirm}`, { as: 'firm-xian-1' })).body.nameZh).toBe(
      '西安云图数字科技有限公司',
    );
    await s.call('POST', `/api/enterprises/${xianFirm}/profile`, {
      as: 'admin',
      body: { validFrom: '2099-01-01', nameZh: '未来名称有限公司' },
    });
    expect((await s.call('GET', `/api/enterprises/${xianFirm}`, { as: 'firm-xian-1' })).body.nameZh).toBe(
      '西安云图数字科技有限公司',
    );
    const versions = await s.call('GET', `/api/enterprises/${xianFirm}/profiles`, { as: 'xian' });
    expect(versions.body.map((v: { validFrom: string }) => v.validFrom)).toEqual([
      '2015-01-01',
      '2026-07-01',
      '2099-01-01',
    ]);
    expect(
      (
        await s.call('POST', `/api/enterprises/${xianFirm}/profile`, {
          as: 'firm-xianyang-1',
          body: { validFrom: '2026-08-01' },
        })
      ).status,
    ).toBe(404);
  });

  describe('a firm’s own profile changes (issue 13)', () => {
    let firm: string;
    let bounds: { from: string; to: string };
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const change = (body: Record<string, unknown>) =>
      s.call('POST', `/api/enterprises/${firm}/profile`, { as: 'firm-mover', body });
    const firmRow = async () => (await s.call('GET', `/api/enterprises/${firm}`, { as: 'admin' })).body;
    const changesOf = async (as: string) =>
      (await s.call('GET', `/api/profile-changes${listQuery({ filter: { enterpriseId: firm } })}`, { as })).body;

    beforeAll(async () => {
      // A confirmed Xi'an firm of its own, with a signatory, so that moving it leaves the other tests' firms alone.
      firm = (await s.call('POST', '/api/enterprises', { as: 'xian', body: aRegistration() })).body.id;
      expect((await s.call('POST', `/api/enterprises/${firm}/confirm`, { as: 'xian' })).status).toBe(200);
      const user = await s.call('POST', `/api/enterprises/${firm}/users`, {
        as: 'admin',
        body: {
          username: 'firm-mover',
          displayName: '迁址企业负责人',
          password: 'Mover#Firm2026',
          roles: ['ENTERPRISE_SIGNATORY'],
        },
      });
      expect(user.status).toBe(201);
      await s.login('firm-mover', 'Mover#Firm2026');
      // 2026Q3 open for filing, so the earliest date a firm may give (its first day) lies before today.
      await s.ds.query(`UPDATE period SET open_date = '2026-10-01', lock_date = '2099-12-31' WHERE code = '2026Q3'`);
      bounds = await s.app.get(EnterprisesService).validFromBounds();
      expect(bounds.from).toBe('2026-07-01');
    });

    it('a move to another city waits for the receiving city; the old city keeps the firm meanwhile', async () => {
      const moved = await change({ validFrom: today, regionCode: '610403', zoneCode: null });
      expect(moved.status).toBe(202);
      expect(moved.body).toMatchObject({
        status: 'PENDING',
        moves: true,
        backdated: false,
        fromReviewUnitCode: '610100',
        toReviewUnitCode: '610400',
      });
      expect(await firmRow()).toMatchObject({ regionCode: '610113', reviewUnitCode: '610100' });
      expect((await s.call('GET', `/api/enterprises/${firm}`, { as: 'xian' })).status).toBe(200);
      expect((await s.call('GET', `/api/enterprises/${firm}`, { as: 'xianyang' })).status).toBe(404);
      // Visible to the firm, to both cities (the receiving one lists it to decide), not to a firm elsewhere.
      for (const as of ['firm-mover', 'xian', 'xianyang', 'province'])
        expect((await changesOf(as)).map((c: { id: string }) => c.id)).toEqual([moved.body.id]);
      expect(await changesOf('firm-xian-1')).toEqual([]);
      // One change waits at a time.
      const second = await change({ validFrom: today, nameZh: '另一个名称有限公司' });
      expect(second.status).toBe(409);
      expect(second.body.code).toBe('PROFILE_CHANGE_PENDING');
      // The city the firm would leave cannot let it go on its own; a firm cannot decide at all.
      expect((await s.call('POST', `/api/profile-changes/${moved.body.id}/confirm`, { as: 'xian' })).status).toBe(403);
      expect((await s.call('POST', `/api/profile-changes/${moved.body.id}/confirm`, { as: 'firm-mover' })).status).toBe(
        403,
      );
      expect(await firmRow()).toMatchObject({ reviewUnitCode: '610100' });

      const confirmed = await s.call('POST', `/api/profile-changes/${moved.body.id}/confirm`, { as: 'xianyang' });
      expect(confirmed.status).toBe(200);
      expect(confirmed.body.status).toBe('CONFIRMED');
      expect(await firmRow()).toMatchObject({ regionCode: '610403', reviewUnitCode: '610400' });
      expect((await s.call('GET', `/api/enterprises/${firm}`, { as: 'xianyang' })).status).toBe(200);
      expect((await s.call('GET', `/api/enterprises/${firm}`, { as: 'xian' })).status).toBe(404);
      const twice = await s.call('POST', `/api/profile-changes/${moved.body.id}/reject`, {
        as: 'xianyang',
        body: { reason: '重复处理' },
      });
      expect(twice.status).toBe(409);
      expect(twice.body.code).toBe('PROFILE_CHANGE_STATE');
    });

    it('a backdated change waits for the firm’s city; a rejection changes nothing', async () => {
      const before = (await s.call('GET', `/api/enterprises/${firm}/profiles`, { as: 'admin' })).body;
      const back = await change({ validFrom: bounds.from, nameZh: '回溯更名测试有限公司' });
      expect(back.status).toBe(202);
      expect(back.body).toMatchObject({ moves: false, backdated: true, toReviewUnitCode: '610400' });
      // Another city cannot see it, let alone decide it.
      expect((await s.call('POST', `/api/profile-changes/${back.body.id}/confirm`, { as: 'xian' })).status).toBe(404);
      const rejected = await s.call('POST', `/api/profile-changes/${back.body.id}/reject`, {
        as: 'xianyang',
        body: { reason: '更名日期与营业执照不符' },
      });
      expect(rejected.body).toMatchObject({ status: 'REJECTED', rejectionReason: '更名日期与营业执照不符' });
      expect((await s.call('GET', `/api/enterprises/${firm}/profiles`, { as: 'admin' })).body).toEqual(before);
    });

    it('refuses a date before the open reporting period or more than a year ahead, in both languages', async () => {
      const early = new Date(`${bounds.from}T00:00:00Z`);
      early.setUTCDate(early.getUTCDate() - 1);
      for (const validFrom of [early.toISOString().slice(0, 10), '2099-01-01']) {
        const res = await change({ validFrom, nameZh: '越界日期有限公司' });
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('PROFILE_VALID_FROM_RANGE');
        expect(res.body.message_zh).toContain(bounds.from);
        expect(res.body.message_en).toContain(bounds.to);
      }
      expect(await changesOf('admin')).toEqual(
        expect.not.arrayContaining([expect.objectContaining({ nameZh: '越界日期有限公司' })]),
      );
    });
  });

  it('lets a signatory open accounts for colleagues of the same firm, under the password policy', async () => {
    const weak = await s.call('POST', `/api/enterprises/${xianFirm}/users`, {
      as: 'firm-xian-1',
      body: { username: 'yt-filer', displayName: '填报员', password: 'short', roles: ['ENTERPRISE_FILER'] },
    });
    expect(weak.body.code).toBe('PASSWORD_POLICY');
    const admin = await s.call('POST', `/api/enterprises/${xianFirm}/users`, {
      as: 'firm-xian-1',
      body: { username: 'yt-admin', displayName: 'x', password: 'Strong#Pass1', roles: ['ADMIN'] },
    });
    expect(admin.status).toBe(400);
    const res = await s.call('POST', `/api/enterprises/${xianFirm}/users`, {
      as: 'firm-xian-1',
      body: { username: 'yt-filer', displayName: '填报员', password: 'Strong#Pass1', roles: ['ENTERPRISE_FILER'] },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ username: 'yt-filer', scopeKind: 'ENTERPRISE', scopeCode: xianFirm });
    expect(res.body.passwordHash).toBeUndefined();
    const login = await s.login('yt-filer', 'Strong#Pass1');
    expect(login.user.scopeName).toBe('西安云图数字科技有限公司');
    const list = await s.call('GET', `/api/enterprises/${xianFirm}/users`, { as: 'yt-filer' });
    expect(list.body.map((u: { username: string }) => u.username)).toEqual(['firm-xian-1', 'yt-filer']);
    // A filer neither invites colleagues nor changes the firm's settings; another firm's signatory sees nothing.
    expect(
      (await s.call('PUT', `/api/enterprises/${xianFirm}/settings`, { as: 'yt-filer', body: { makerChecker: true } }))
        .status,
    ).toBe(403);
    const foreign = await s.call('POST', `/api/enterprises/${xianFirm}/users`, {
      as: 'firm-xianyang-1',
      body: { username: 'intruder', displayName: 'x', password: 'Strong#Pass1', roles: ['ENTERPRISE_SIGNATORY'] },
    });
    expect(foreign.status).toBe(404);
  });
});
