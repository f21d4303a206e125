import { AuditService } from '../../src/modules/audit/audit.service';
import { listQuery, startTestStack, type TestStack } from '../utils/app';

interface Entry {
  id: string;
  action: string;
  entityType: string | null;
  entityId: string | null;
}

/**
 * The province reads the audit log of its own territory: entries about its firms, their returns and its accounts,
 * never those about another province's firm or about objects of no province (periods); cities and firms read none.
 */
describe('audit log by territory', () => {
  let s: TestStack;
  let xianReturnId: string;
  const foreignFirmId = '00000000-0000-4000-8000-000000000620';

  beforeAll(async () => {
    s = await startTestStack();
    [{ id: xianReturnId }] = await s.ds.query(
      `SELECT id FROM statistical_return WHERE review_unit_code = '610100' ORDER BY id LIMIT 1`,
    );
    // Opening a return's detail is audited: an entry about an object of the province.
    expect((await s.call('GET', `/api/returns/${xianReturnId}`, { as: 'xian' })).status).toBe(200);
    // A firm of Gansu (620000), as a second province's data would be, with an entry about it.
    await s.ds.query(
      `INSERT INTO enterprise (id, uscc, name_zh, region_code, review_unit_code, province_code, status, version)
       VALUES ($1, '916201000000000001', '兰州外省测试有限公司', '620100', '620100', '620000', 'ACTIVE', 1)`,
      [foreignFirmId],
    );
    const audit = s.app.get(AuditService);
    await audit.append({ action: 'enterprises.confirm', entityType: 'enterprise', entityId: foreignFirmId });
    await audit.append({ action: 'periods.create', entityType: 'period', entityId: '2099Q1' });
  });
  afterAll(() => s?.close());

  const list = (as: string, filter: Record<string, unknown> = {}) =>
    s.call('GET', `/api/audit${listQuery({ filter, range: [0, 999] })}`, { as });

  it('shows the province the entries about the objects of its territory', async () => {
    const res = await list('province');
    expect(res.status).toBe(200);
    const entries = res.body as Entry[];
    expect(entries).toContainEqual(
      expect.objectContaining({ action: 'returns.view', entityType: 'return', entityId: xianReturnId }),
    );
    const [{ n }] = await s.ds.query(
      `SELECT count(*)::int AS n FROM audit_log a JOIN statistical_return r ON r.id::text = a.entity_id
       WHERE a.entity_type = 'return' AND r.province_code = '610000'`,
    );
    expect(entries.filter((e) => e.entityType === 'return')).toHaveLength(n);
  });

  it('hides from the province the entries about another province’s firm and about objects of no province', async () => {
    const entries = (await list('province')).body as Entry[];
    expect(entries.map((e) => e.entityId)).not.toContain(foreignFirmId);
    expect(entries.map((e) => e.entityType)).not.toContain('period');
    const filtered = await list('province', { entityId: foreignFirmId });
    expect(filtered.status).toBe(200);
    expect(filtered.body).toEqual([]);
    expect(filtered.headers.get('content-range')).toBe('audit 0-0/0');
  });

  it('shows the operator every entry, including those the province does not see', async () => {
    const entries = (await list('admin')).body as Entry[];
    expect(entries).toContainEqual(expect.objectContaining({ entityType: 'enterprise', entityId: foreignFirmId }));
    expect(entries).toContainEqual(expect.objectContaining({ entityType: 'period', entityId: '2099Q1' }));
  });

  it('refuses cities and firms, and the chain check to the province', async () => {
    for (const as of ['xian', 'firm-xian-1']) {
      const res = await list(as);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
    }
    expect((await s.call('GET', '/api/audit/verify', { as: 'province' })).status).toBe(403);
  });
});
