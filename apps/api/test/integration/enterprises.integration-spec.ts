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
    const res = await s.call('POST', `/api/enterprises/${xianFirm}/profile`, {
      as: 'firm-xian-1',
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
      as: 'firm-xian-1',
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
