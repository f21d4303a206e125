import { listQuery, startTestStack, type TestStack } from '../utils/app';

describe('reference data and versioned code edits', () => {
  let s: TestStack;
  beforeAll(async () => {
    s = await startTestStack();
  });
  afterAll(() => s.close());

  it('serves the shipped code lists to every role', async () => {
    const cats = await s.call('GET', `/api/codes/service-categories${listQuery({ range: [0, 99] })}`, {
      as: 'firm-xian-1',
    });
    expect(cats.status).toBe(200);
    expect(cats.body.map((c: { code: string }) => c.code)).toEqual([
      'SC',
      'SD',
      'SE',
      'SF',
      'SG',
      'SI',
      'SH',
      'SK',
      'SJ',
      'SB',
      'SA',
      'SL',
    ]);
    const level3 = await s.call(
      'GET',
      `/api/codes/outsourcing-categories${listQuery({ filter: { level: 3 }, range: [0, 99] })}`,
      { as: 'xian' },
    );
    expect(level3.body.find((c: { code: string }) => c.code === 'ITO-RD-01').nameZh).toBe('软件研发服务');
    const cities = await s.call('GET', `/api/codes/regions${listQuery({ filter: { kind: 'city' }, range: [0, 99] })}`, {
      as: 'xian',
    });
    expect(cities.body.map((c: { nameZh: string }) => c.nameZh)).toContain('杨凌农业高新技术产业示范区');
  });

  it('names every region in English too (RegionEnglishNames), for English mode', async () => {
    const regions = await s.call('GET', `/api/codes/regions${listQuery({ range: [0, 99] })}`, { as: 'xian' });
    expect(regions.status).toBe(200);
    const byCode = new Map(regions.body.map((r: { code: string; nameEn: string | null }) => [r.code, r.nameEn]));
    expect(byCode.get('610100')).toBe("Xi'an");
    expect(byCode.get('610113')).toBe('Yanta District');
    expect(byCode.get('6101Z8')).toBe('Xixian New Area');
    expect(regions.body.filter((r: { nameEn: string | null }) => !r.nameEn)).toEqual([]);
  });

  it('names every GB/T 4754-2017 industry and every 2002 section in English too (IndustryEnglishNames)', async () => {
    const industries = await s.call('GET', `/api/codes/industries${listQuery({ range: [0, 199] })}`, { as: 'xian' });
    expect(industries.status).toBe(200);
    expect(industries.body.length).toBeGreaterThanOrEqual(117);
    expect(industries.body.filter((r: { nameEn: string | null }) => !r.nameEn)).toEqual([]);
    const byCode = new Map(industries.body.map((r: { code: string; nameEn: string | null }) => [r.code, r.nameEn]));
    expect(byCode.get('I')).toBe('Information transmission, software and information technology services');
    expect(byCode.get('65')).toBe('Software and information technology services');
    const sections2002 = await s.call(
      'GET',
      `/api/codes/industries-2002${listQuery({ filter: { level: 1 }, range: [0, 99] })}`,
      { as: 'xian' },
    );
    expect(sections2002.status).toBe(200);
    expect(sections2002.body).toHaveLength(20);
    expect(sections2002.body.find((r: { code: string }) => r.code === 'G').nameEn).toBe(
      'Information transmission, computer services and software',
    );
  });

  it('names partner economies from ISO 3166-1 with the official Chinese overrides', async () => {
    const res = await s.call('GET', `/api/codes/partner-economies${listQuery({ filter: { code: 'HK' } })}`, {
      as: 'xian',
    });
    expect(res.body[0]).toMatchObject({ code: 'HK', nameZh: '中国香港', nameEn: 'Hong Kong' });
    const us = await s.call('GET', `/api/codes/partner-economies${listQuery({ filter: { code: 'US' } })}`, {
      as: 'xian',
    });
    expect(us.body[0].nameZh).toBe('美国');
    const all = await s.call('GET', '/api/codes/partner-economies?range=[0,0]', { as: 'xian' });
    expect(Number(all.headers.get('content-range')!.split('/')[1])).toBeGreaterThanOrEqual(249);
  });

  it('keeps the old version of an edited code for earlier dates', async () => {
    const [sj] = (
      await s.call('GET', `/api/codes/service-categories${listQuery({ filter: { code: 'SJ' } })}`, { as: 'admin' })
    ).body;
    const edit = await s.call('PUT', `/api/codes/service-categories/${sj.id}`, {
      as: 'admin',
      body: { nameZh: '其他商业服务（新口径）', validFrom: '2026-01-01' },
    });
    expect(edit.status).toBe(200);
    expect(edit.body).toMatchObject({
      id: sj.id,
      nameZh: '其他商业服务（新口径）',
      validFrom: '2026-01-01',
      validTo: null,
    });
    const in2021 = await s.call(
      'GET',
      `/api/codes/service-categories${listQuery({ filter: { code: 'SJ', validOn: '2021-06-30' } })}`,
      { as: 'xian' },
    );
    expect(in2021.body.map((c: { nameZh: string }) => c.nameZh)).toEqual(['其他商业服务']);
    expect(in2021.body[0].validTo).toBe('2025-12-31');
    const history = await s.call(
      'GET',
      `/api/codes/service-categories${listQuery({ filter: { code: 'SJ', history: true } })}`,
      { as: 'xian' },
    );
    expect(history.body).toHaveLength(2);
    const audit = await s.call('GET', `/api/audit${listQuery({ filter: { action: 'codes.change' } })}`, {
      as: 'admin',
    });
    expect(audit.body[0]).toMatchObject({ actorUsername: 'admin', entityType: 'service-categories', entityId: 'SJ' });
  });

  it('refuses an edit that does not start after the current version', async () => {
    const [sa] = (
      await s.call('GET', `/api/codes/service-categories${listQuery({ filter: { code: 'SA' } })}`, { as: 'admin' })
    ).body;
    const res = await s.call('PUT', `/api/codes/service-categories/${sa.id}`, {
      as: 'admin',
      body: { nameZh: 'x', validFrom: '1900-01-01' },
    });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('CODE_VERSION_OVERLAP');
  });

  it('lists effective-dated partner groups (the UK left the EU on 2020-01-31)', async () => {
    const res = await s.call('GET', `/api/partner-groups${listQuery({ filter: { groupCode: 'EU', member: 'GB' } })}`, {
      as: 'xian',
    });
    expect(res.body).toEqual([
      expect.objectContaining({ member: 'GB', validFrom: '1973-01-01', validTo: '2020-01-31' }),
    ]);
  });
});
