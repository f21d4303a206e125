import { aRegistration } from '../factories/enterprises';
import { listQuery, startTestStack, type TestStack } from '../utils/app';

type Code = { id: number; code: string; parentCode: string | null; level: number | null; nameZh: string };
type Member = { id: number; groupCode: string; member: string; validFrom: string; validTo: string | null };

/**
 * The code lists of technology trade (DOMAIN.md §8, issue 16): the modes, the continents with their effective-dated
 * economies, GB/T 4754-2002 beside 2017 as versions of the industry classification, and a firm's industry recorded
 * at division level.
 */
describe('technology trade code lists', () => {
  let s: TestStack;
  let xianFirm: string;
  const codes = async (list: string, filter: object = {}, as = 'firm-xian-1') =>
    (await s.call('GET', `/api/codes/${list}${listQuery({ filter, range: [0, 299] })}`, { as })).body as Code[];
  const continentOf = async (member: string, validOn: string) =>
    (
      (await s.call('GET', `/api/continent-members${listQuery({ filter: { member, validOn } })}`, { as: 'xian' }))
        .body as Member[]
    ).map((m) => m.groupCode);

  beforeAll(async () => {
    s = await startTestStack();
    const firms = await s.call('GET', `/api/enterprises${listQuery({ range: [0, 99] })}`, { as: 'admin' });
    xianFirm = firms.body.find((e: { nameZh: string }) => e.nameZh === '西安云图软件科技有限公司').id;
  });
  afterAll(() => s.close());

  it('serves the modes of technology trade and the continents, with names valid at a date', async () => {
    const modes = await codes('technology-modes');
    expect(modes.map((m) => m.code)).toEqual(['TT1', 'TT2', 'TT3', 'TT4', 'TT5', 'TT6', 'TT7', 'TT8']);
    expect(modes[0]).toMatchObject({ nameZh: '专利技术', nameEn: 'Patented technology', attrs: { ipGroup: true } });
    expect(
      modes.filter((m) => (m as unknown as { attrs: { ipGroup: boolean } }).attrs.ipGroup).map((m) => m.code),
    ).toEqual(['TT1', 'TT2', 'TT5']);
    expect((await codes('continents')).map((c) => [c.code, c.nameZh])).toEqual([
      ['AS', '亚洲'],
      ['EU', '欧洲'],
      ['NA', '北美洲'],
      ['LA', '拉丁美洲'],
      ['AF', '非洲'],
      ['OC', '大洋洲'],
    ]);
    // The Shaanxi tables print 拉美洲: an admin renames the continent from a date; earlier reads keep the old name.
    const [la] = await codes('continents', { code: 'LA' }, 'admin');
    const edit = await s.call('PUT', `/api/codes/continents/${la.id}`, {
      as: 'admin',
      body: { nameZh: '拉美洲', validFrom: '2026-01-01' },
    });
    expect(edit.status).toBe(200);
    expect((await codes('continents', { code: 'LA', validOn: '2025-12-31' })).map((c) => c.nameZh)).toEqual([
      '拉丁美洲',
    ]);
    expect((await codes('continents', { code: 'LA', validOn: '2026-01-01' })).map((c) => c.nameZh)).toEqual(['拉美洲']);
  });

  it('holds GB/T 4754-2002 beside 2017, each with 门类 over 大类', async () => {
    const divisionsOfG2002 = await codes('industries-2002', { parentCode: 'G' });
    expect(divisionsOfG2002.map((d) => [d.code, d.nameZh, d.level])).toEqual([
      ['60', '电信和其他信息传输服务业', 2],
      ['61', '计算机服务业', 2],
      ['62', '软件业', 2],
    ]);
    expect((await codes('industries-2002', { level: 1 })).map((d) => d.code)).toHaveLength(20);
    const sections2017 = await codes('industries', { level: 1 });
    expect(sections2017.map((d) => d.code).join('')).toBe('ABCDEFGHIJKLMNOPQRST');
    const i2017 = await codes('industries', { parentCode: 'I' });
    expect(i2017.map((d) => [d.code, d.nameZh])).toEqual([
      ['63', '电信、广播电视和卫星传输服务'],
      ['64', '互联网和相关服务'],
      ['65', '软件和信息技术服务业'],
    ]);
    // In list order each section is followed by its divisions.
    const all = (await codes('industries')).map((d) => d.code);
    expect(all.slice(all.indexOf('H'), all.indexOf('J') + 1)).toEqual(['H', '61', '62', 'I', '63', '64', '65', 'J']);
  });

  it('records an economy’s continent by date: an admin’s move is seen from its date on only', async () => {
    expect(await continentOf('CY', '2021-06-30')).toEqual(['AS']);
    expect(await continentOf('KY', '2021-06-30')).toEqual(['LA']);
    const [cy] = (
      await s.call('GET', `/api/continent-members${listQuery({ filter: { member: 'CY' } })}`, { as: 'admin' })
    ).body as Member[];
    const moved = await s.call('PUT', `/api/continent-members/${cy.id}`, {
      as: 'admin',
      body: { groupCode: 'EU', validFrom: '2026-01-01', note: '按新口径计入欧洲' },
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({
      id: cy.id,
      groupCode: 'EU',
      member: 'CY',
      validFrom: '2026-01-01',
      validTo: null,
    });
    expect(await continentOf('CY', '2025-12-31')).toEqual(['AS']);
    expect(await continentOf('CY', '2026-01-01')).toEqual(['EU']);
    const history = await s.call('GET', `/api/continent-members${listQuery({ filter: { member: 'CY' } })}`, {
      as: 'xian',
    });
    expect(history.body.map((m: Member) => [m.groupCode, m.validFrom, m.validTo])).toEqual([
      ['AS', '1900-01-01', '2025-12-31'],
      ['EU', '2026-01-01', null],
    ]);
    const audit = await s.call('GET', `/api/audit${listQuery({ filter: { action: 'continent-members.change' } })}`, {
      as: 'admin',
    });
    expect(audit.body[0]).toMatchObject({ actorUsername: 'admin', entityType: 'continent-members', entityId: 'AS:CY' });
  });

  it('keeps an economy in one continent at a time and refuses unknown codes, in Chinese and English', async () => {
    const overlap = await s.call('POST', '/api/continent-members', {
      as: 'admin',
      body: { groupCode: 'NA', member: 'MX', validFrom: '2024-01-01' },
    });
    expect(overlap.status).toBe(409);
    expect(overlap.body).toMatchObject({
      code: 'GROUP_MEMBERSHIP_OVERLAP',
      message_zh: 'MX 在 2024-01-01 已属于洲 LA（自 1900-01-01 起）',
      message_en: 'MX already belongs to continent LA on 2024-01-01 (from 1900-01-01)',
    });
    const unknown = await s.call('POST', '/api/continent-members', {
      as: 'admin',
      body: { groupCode: 'AN', member: 'AQ', validFrom: '2024-01-01' },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ code: 'CODE_UNKNOWN', message_en: 'Code AN is not in continents' });
    expect(
      (
        await s.call('POST', '/api/continent-members', {
          as: 'firm-xian-1',
          body: { groupCode: 'EU', member: 'MX', validFrom: '2030-01-01' },
        })
      ).status,
    ).toBe(403);
    // Ending Mexico's membership from 2030 lets it join North America from then.
    const [mx] = (
      await s.call('GET', `/api/continent-members${listQuery({ filter: { member: 'MX' } })}`, { as: 'admin' })
    ).body as Member[];
    const ended = await s.call('DELETE', `/api/continent-members/${mx.id}?validFrom=2030-01-01`, { as: 'admin' });
    expect(ended.body).toMatchObject({ groupCode: 'LA', validTo: '2029-12-31' });
    const joined = await s.call('POST', '/api/continent-members', {
      as: 'admin',
      body: { groupCode: 'NA', member: 'MX', validFrom: '2030-01-01' },
    });
    expect(joined.status).toBe(201);
    expect(await continentOf('MX', '2029-12-31')).toEqual(['LA']);
    expect(await continentOf('MX', '2030-01-01')).toEqual(['NA']);
  });

  it('maintains partner groups the same way: members join from a date, a new group needs its name', async () => {
    const joined = await s.call('POST', '/api/partner-groups', {
      as: 'admin',
      body: { groupCode: 'BRI', member: 'KZ', validFrom: '2013-09-07' },
    });
    expect(joined.status).toBe(201);
    expect(joined.body).toMatchObject({ groupCode: 'BRI', groupNameZh: '一带一路共建国家', member: 'KZ' });
    // Several groups at once are fine for partner groups; the same group twice is not.
    const again = await s.call('POST', '/api/partner-groups', {
      as: 'admin',
      body: { groupCode: 'BRI', member: 'KZ', validFrom: '2020-01-01' },
    });
    expect(again.body.code).toBe('GROUP_MEMBERSHIP_OVERLAP');
    const unnamed = await s.call('POST', '/api/partner-groups', {
      as: 'admin',
      body: { groupCode: 'SCO', member: 'KZ', validFrom: '2001-06-15' },
    });
    expect(unnamed.status).toBe(400);
    expect(unnamed.body).toMatchObject({
      code: 'GROUP_NAME_REQUIRED',
      message_zh: '国别组 SCO 尚无成员，请填写组名称',
    });
    const named = await s.call('POST', '/api/partner-groups', {
      as: 'admin',
      body: { groupCode: 'SCO', groupNameZh: '上海合作组织', member: 'KZ', validFrom: '2001-06-15' },
    });
    expect(named.status).toBe(201);
    const kz = await s.call(
      'GET',
      `/api/partner-groups${listQuery({ filter: { member: 'KZ', validOn: '2021-12-31' } })}`,
      {
        as: 'xian',
      },
    );
    expect(kz.body.map((m: Member) => m.groupCode).sort()).toEqual(['BRI', 'SCO']);
  });

  it('records a firm’s industry as a division of either classification and shows its section', async () => {
    const division = await s.call('POST', `/api/enterprises/${xianFirm}/profile`, {
      as: 'admin',
      body: { validFrom: '2024-01-01', industryCode: '65', industryCode2002: '62' },
    });
    expect(division.status).toBe(201);
    expect(division.body).toMatchObject({
      industryCode: '65',
      industrySection: 'I',
      industryCode2002: '62',
      industrySection2002: 'G',
    });
    const versions = await s.call('GET', `/api/enterprises/${xianFirm}/profiles`, { as: 'xian' });
    expect(versions.body.find((v: { validFrom: string }) => v.validFrom === '2024-01-01')).toMatchObject({
      industrySection: 'I',
      industrySection2002: 'G',
    });
    // A section letter alone stays valid, and the 2002 classification may stay unknown.
    const section = await s.call('POST', `/api/enterprises/${xianFirm}/profile`, {
      as: 'admin',
      body: { validFrom: '2024-04-01', industryCode: 'M', industryCode2002: null },
    });
    expect(section.body).toMatchObject({ industryCode: 'M', industrySection: 'M', industryCode2002: null });
    const registered = await s.call('POST', '/api/enterprises', {
      as: 'admin',
      body: { ...aRegistration(), industryCode: '73', industryCode2002: '75' },
    });
    expect(registered.status).toBe(201);
    const first = await s.call('GET', `/api/enterprises/${registered.body.id}/profiles`, { as: 'admin' });
    expect(first.body[0]).toMatchObject({ industrySection: 'M', industrySection2002: 'M' });
  });

  it('refuses a division that is in neither list, in Chinese and English, and keeps the profile', async () => {
    for (const body of [
      { validFrom: '2024-07-01', industryCode: '99' },
      { validFrom: '2024-07-01', industryCode2002: '12' },
    ]) {
      const res = await s.call('POST', `/api/enterprises/${xianFirm}/profile`, { as: 'firm-xian-1', body });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('CODE_UNKNOWN');
      expect(res.body.message_zh).toMatch(/^industries(-2002)? 中没有代码 (99|12)$/);
      expect(res.body.message_en).toMatch(/^Code (99|12) is not in industries(-2002)?$/);
    }
    const versions = await s.call('GET', `/api/enterprises/${xianFirm}/profiles`, { as: 'xian' });
    expect(versions.body.map((v: { validFrom: string }) => v.validFrom)).not.toContain('2024-07-01');
  });
});
