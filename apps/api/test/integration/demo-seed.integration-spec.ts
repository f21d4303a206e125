import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_ACCOUNTS, DEMO_FIRMS, DEMO_TECH_FIRMS, DEMO_TECH_SOURCE, readGolden } from '@portal/demo';
import { DEMO_USERS } from '@portal/shared';
import { startTestStack, type TestStack } from '../utils/app';
import { runDemoSeed } from '../utils/processes';

/*
 * The demo seed (libs/demo, what `npm start` runs after the migrator) on a fresh migrated database: every demo
 * login works, and a user sees figures — the service-trade tables of the demo quarter, the published 2021 tables
 * and every technology table for the demo's current and prior year — loaded through the real paths (the returns'
 * transitions through the lifecycle, the technology contracts as an administrator's historical bundle). A second
 * run changes nothing.
 */

interface View {
  columns: { key: string }[];
  rows: { key: string; cells: { text: string }[] }[];
}

const TECH_TABLES = ['tt_t12', 'tt_t13', 'tt_t14', 'tt_t15', 'tt_t16', 'tt_t17', 'tt_nature', 'app_t2'];

const cell = (view: View, row: string, col: string) =>
  view.rows.find((r) => r.key === row)?.cells[view.columns.findIndex((c) => c.key === col)]?.text;

/** The table's figures that are not zero (amounts and counts as printed, separators removed). */
const nonZero = (view: View) =>
  view.rows.flatMap((r) => r.cells.map((c) => Number(c.text.replace(/,/g, '')))).filter((n) => Number.isFinite(n) && n);

/** The demo's contracts of a direction signed in a year, from the seed's own data (not from the tables). */
const demoContracts = (direction: 'EXPORT' | 'IMPORT', year: string, units?: string[]) =>
  DEMO_TECH_FIRMS.filter((f) => !units || units.includes(f.unit)).flatMap((f) =>
    f.contracts.filter(([d, signed]) => d === direction && signed.startsWith(year)),
  );
const wan = (contracts: ReturnType<typeof demoContracts>) =>
  (contracts.reduce((sum, [, , , , , tech, equipment]) => sum + tech + equipment, 0) / 10_000).toFixed(1);

/** The entities and tables of accounts, firms and returns, which only their services write. */
const OWNED = 'UserEntity|EnterpriseEntity|EnterpriseProfileEntity|ReturnEntity|ReturnRevisionEntity|ContractEntity';
const OWNED_TABLES = 'app_user|enterprise|enterprise_profile|statistical_return|return_revision|contract';
const WRITE = 'insert|save|update|upsert|delete|remove|softDelete|increment|decrement|create';
const DIRECT_WRITES = [
  new RegExp(`\\.(${WRITE})\\(\\s*(${OWNED})\\b`, 'g'),
  new RegExp(`getRepository\\(\\s*(${OWNED})\\s*\\)\\s*\\.(${WRITE})\\(`, 'g'),
  new RegExp(`\\b(INSERT\\s+INTO|UPDATE|DELETE\\s+FROM)\\s+"?(${OWNED_TABLES})\\b`, 'gi'),
];

/** What in `code` writes accounts, firms or returns directly (entity manager, repository or SQL; across lines). */
const directWrites = (code: string) => DIRECT_WRITES.flatMap((pattern) => [...code.matchAll(pattern)].map((m) => m[0]));

describe('the demo code', () => {
  const DEMO_SRC = join(__dirname, '../../../../libs/demo/src');
  const sources = (readdirSync(DEMO_SRC, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))
    .map((f) => [f, readFileSync(join(DEMO_SRC, f), 'utf8')] as const);

  it('writes no account, firm or return itself: it calls their services', () => {
    expect(sources.length).toBeGreaterThan(3);
    for (const [file, code] of sources) expect([file, directWrites(code)]).toEqual([file, []]);
  });

  it('would be caught writing them', () => {
    for (const line of [
      '    await m.insert(UserEntity, { username });',
      '    const e = await m.save(m.create(EnterpriseEntity, { uscc }));',
      '    await ds.getRepository(ReturnEntity).update({ id }, { status });',
      "    await m.query('UPDATE statistical_return SET status = $1', [s]);",
      '    await m.query(`INSERT INTO return_revision (return_id) VALUES ($1)`, [id]);',
    ])
      expect([line, directWrites(line).length]).toEqual([line, 1]);
    expect(
      directWrites('    await ds\n      .getRepository(ContractEntity)\n      .delete({ returnId });').length,
    ).toBe(1);
    // Reads stay allowed.
    expect(directWrites("    await ds.getRepository(UserEntity).existsBy({ username: 'admin' });")).toEqual([]);
  });
});

describe('the demo seed on a fresh database', () => {
  let s: TestStack;
  let firstRun: { code: number | null; output: string };

  beforeAll(async () => {
    s = await startTestStack({ demo: false });
    firstRun = await runDemoSeed(s.config);
  }, 300_000);

  afterAll(async () => {
    await s?.close();
  });

  it('loads the demo data, the published tables and the technology contracts', () => {
    expect(firstRun).toMatchObject({ code: 0 });
    expect(firstRun.output).toMatch(/"msg":"demo data loaded"/);
    expect(firstRun.output).toMatch(/"msg":"published 2021 tables loaded as demo data"/);
    expect(firstRun.output).toMatch(/"msg":"demo technology contracts registered"/);
  });

  it('lets every demo account log in with the demo password', async () => {
    for (const username of DEMO_USERS) {
      const res = await s.call('POST', '/api/auth/login', { body: { username, password: 'Demo@2026' } });
      expect([username, res.status]).toEqual([username, 200]);
    }
    // The firm opens onto its returns.
    const returns = await s.call('GET', '/api/returns', { as: 'firm-xian-1' });
    expect(returns.status).toBe(200);
    expect(returns.body.length).toBeGreaterThan(0);
  });

  it('shows service-trade figures for the demo quarter and the published 2021 tables', async () => {
    for (const [table, period] of [
      ['st_category', '2026Q1'],
      ['st_partner', '2026Q1'],
      ['app_t1', '2021'],
      ['so_t01', '2021'],
    ]) {
      const view = await s.call('GET', `/api/official-tables/${table}?period=${period}`, { as: 'province' });
      expect([table, view.status]).toEqual([table, 200]);
      expect([table, nonZero(view.body).length > 0]).toEqual([table, true]);
    }
    // The published 表1 of 2021 as printed: 总计 3,275 contracts (so_t01_overall_2021.tsv).
    const printed = readGolden('so_t01_overall_2021.tsv').rows.find((r) => r[0] === '总计')!;
    const so1 = (await s.call('GET', '/api/official-tables/so_t01?period=2021', { as: 'province' })).body as View;
    expect(so1.rows[0].cells[1].text.replace(/,/g, '')).toBe(printed[1]);
  });

  it('shows every technology table filled for the current and the prior year', async () => {
    for (const table of TECH_TABLES) {
      for (const year of ['2026', '2025']) {
        const view = await s.call('GET', `/api/official-tables/${table}?period=${year}`, { as: 'province' });
        expect([table, year, view.status]).toEqual([table, year, 200]);
        expect([table, year, nonZero(view.body).length > 0]).toEqual([table, year, true]);
      }
    }
    // 表12 2026 (exports by mode): the demo's export contracts of 2026, counted and summed in 万 USD, with 同比.
    const t12 = (await s.call('GET', '/api/official-tables/tt_t12?period=2026', { as: 'province' })).body as View;
    expect(cell(t12, 'total', 'count')).toBe(String(demoContracts('EXPORT', '2026').length));
    expect(cell(t12, 'total', 'amount')).toBe(wan(demoContracts('EXPORT', '2026')));
    expect(cell(t12, 'total', 'amountYoy')).toMatch(/^-?\d+\.\d$/);
    // 表13 2026 (exports by industry): each exporting firm's GB/T 4754-2002 division has a row with its contracts.
    const t13 = (await s.call('GET', '/api/official-tables/tt_t13?period=2026', { as: 'province' })).body as View;
    for (const f of DEMO_TECH_FIRMS) {
      const exported = f.contracts.filter(([d, signed]) => d === 'EXPORT' && signed.startsWith('2026')).length;
      if (exported)
        expect([f.industryCode2002, Number(cell(t13, f.industryCode2002, 'count'))]).toEqual([
          f.industryCode2002,
          exported,
        ]);
    }
    // 西安's bureau sees its own city's imports.
    const t15 = await s.call('GET', '/api/official-tables/tt_t15?period=2026&territory=610100', { as: 'xian' });
    expect(t15.status).toBe(200);
    expect(cell(t15.body, 'total', 'amount')).toBe(wan(demoContracts('IMPORT', '2026', ['610100'])));
  });

  it('went through the real paths: lifecycle transitions, registered contracts from an audited import', async () => {
    // Every return has its audit entries (opened by the returns service, then each step), and every return past its
    // draft its transitions from the submission on, as the lifecycle writes them.
    const returns: { firm: string; period: string; status: string; actions: string[]; audited: string[] }[] =
      await s.ds.query(
        `SELECT e.uscc AS firm, r.period_code AS period, r.status,
                COALESCE((SELECT array_agg(t.action ORDER BY t.id) FROM return_transition t WHERE t.return_id = r.id),
                         '{}') AS actions,
                COALESCE((SELECT array_agg(DISTINCT a.action) FROM audit_log a
                           WHERE a.entity_type = 'return' AND a.entity_id = r.id::text), '{}') AS audited
           FROM statistical_return r JOIN enterprise e ON e.id = r.enterprise_id
          WHERE e.uscc = ANY($1::varchar[])`,
        [DEMO_FIRMS.map((f) => f.uscc)],
      );
    expect(returns.length).toBeGreaterThanOrEqual(9);
    for (const r of returns) {
      expect([r.firm, r.period, r.audited]).toEqual([r.firm, r.period, expect.arrayContaining(['returns.open'])]);
      if (r.status === 'DRAFT') continue;
      expect([r.firm, r.period, r.actions.slice(0, 2)]).toEqual([r.firm, r.period, ['submit', 'validation-passed']]);
      expect([r.firm, r.period, r.audited.length]).toEqual([r.firm, r.period, expect.any(Number)]);
      expect(r.audited.length).toBeGreaterThan(1);
    }
    expect(returns.filter((r) => r.status !== 'DRAFT').length).toBeGreaterThan(0);
    // The accounts were created and the firms registered and confirmed through their services, audited.
    const created: string[] = (
      await s.ds.query(
        `SELECT u.username FROM app_user u
          WHERE EXISTS (SELECT 1 FROM audit_log a WHERE a.action = 'users.create' AND a.entity_id = u.id::text)`,
      )
    ).map((u: { username: string }) => u.username);
    expect([...created].sort()).toEqual(DEMO_ACCOUNTS.map((a) => a.username).sort());
    const firms: { uscc: string; audited: string[]; versions: number }[] = await s.ds.query(
      `SELECT e.uscc, (SELECT count(*)::int FROM enterprise_profile p WHERE p.enterprise_id = e.id) AS versions,
              COALESCE((SELECT array_agg(a.action ORDER BY a.id) FROM audit_log a
                         WHERE a.entity_type = 'enterprise' AND a.entity_id = e.id::text), '{}') AS audited
         FROM enterprise e WHERE e.uscc = ANY($1::varchar[]) AND e.status = 'ACTIVE'`,
      [DEMO_FIRMS.map((f) => f.uscc)],
    );
    expect(firms.map((f) => [f.uscc, f.versions, f.audited.slice(0, 2)]).sort()).toEqual(
      DEMO_FIRMS.map((f) => [f.uscc, 1, ['enterprises.register', 'enterprises.confirm']]).sort(),
    );
    const [{ registered, numbered, audited }] = await s.ds.query(
      `SELECT count(*) FILTER (WHERE c.status = 'REGISTERED')::int AS registered,
              count(c.registration_no)::int AS numbered,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM audit_log a
                WHERE a.entity_type = 'technology-contract' AND a.entity_id = c.id::text))::int AS audited
         FROM technology_contract c JOIN enterprise e ON e.id = c.enterprise_id
        WHERE e.uscc = ANY($1::varchar[])`,
      [DEMO_TECH_FIRMS.map((f) => f.uscc)],
    );
    const total = DEMO_TECH_FIRMS.reduce((n, f) => n + f.contracts.length, 0);
    expect({ registered, numbered, audited }).toEqual({ registered: total, numbered: total, audited: total });
    const imports = await s.call('GET', '/api/imports', { as: 'admin' });
    const demo = imports.body.filter((j: { sourceNote: string }) => j.sourceNote === DEMO_TECH_SOURCE);
    expect(demo.map((j: { status: string }) => j.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
  });

  it('changes nothing when run again', async () => {
    const count = async () =>
      (
        await s.ds.query(
          `SELECT (SELECT count(*) FROM enterprise)::int AS firms, (SELECT count(*) FROM statistical_return)::int AS returns,
                  (SELECT count(*) FROM technology_contract)::int AS contracts, (SELECT count(*) FROM import_job)::int AS jobs`,
        )
      )[0];
    const before = await count();
    const again = await runDemoSeed(s.config);
    expect(again.code).toBe(0);
    expect(again.output).toMatch(/"msg":"demo technology contracts already present"/);
    expect(await count()).toEqual(before);
  });
});
