import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBundle } from '@portal/exchange';
import { exchangeData, loadDataSet } from './generate';
import { createBenchDatabase } from './lib/db';
import { DataSet } from './lib/model';
import { technologyContracts } from './lib/technology';
import { verifyBulkFacts } from './lib/verify';
import { defaultScale, headline, runBench, writeSummary } from './run';

/**
 * The benchmark code on tiny data, so it cannot rot: the generator is deterministic and writes bundles the
 * exchange reader accepts, the bulk load equals the approval code path, and a run produces results with their
 * baselines and ratios. Timings are never asserted here (`npm run bench` measures them).
 */
describe('benchmark suite (smoke)', () => {
  it('generates the same firms for the same seed, with a national region tree', () => {
    const a = new DataSet({ firms: 30, year: 2021, seed: 5, tag: '0' });
    const b = new DataSet({ firms: 30, year: 2021, seed: 5, tag: '0' });
    expect(JSON.stringify(a.firmYear(7))).toBe(JSON.stringify(b.firmYear(7)));
    expect(a.firmYear(7).returns.map((r) => r.period)).toEqual(['2021Q1', '2021Q2', '2021Q3', '2021Q4']);
    const kinds = a.tree.rows.map((r) => r.kind);
    expect(kinds.filter((k) => k === 'province')).toHaveLength(30);
    expect(kinds.filter((k) => k === 'city').length).toBeGreaterThan(300);
    expect(kinds.filter((k) => k === 'district').length).toBeGreaterThan(2000);
  });

  it('generates technology contracts deterministically, about 30,000 a year at national size, skewed', () => {
    const data = new DataSet({ firms: 7400, year: 2021, seed: 5, tag: '0' });
    const a = technologyContracts(data);
    expect(JSON.stringify(technologyContracts(data).contracts.slice(0, 50))).toBe(
      JSON.stringify(a.contracts.slice(0, 50)),
    );
    // 30,000 × 7,400 / 74,000
    expect(a.contracts).toHaveLength(3000);
    for (const c of a.contracts) {
      expect(c.periodCode.startsWith('2021Q')).toBe(true);
      expect(c.partnerCode).not.toBe('CN');
      expect(c.techFee).toBeGreaterThanOrEqual(0);
      expect(Math.round((c.techFee + c.equipmentFee) * 100)).toBe(
        Math.round(c.techFee * 100) + Math.round(c.equipmentFee * 100),
      );
      if (!['TT6', 'TT7'].includes(c.modeCode)) expect(c.equipmentFee).toBe(0);
    }
    // A few firms hold most contracts; one economy holds most export contracts.
    expect(a.skew.holders).toBeLessThan(data.size * 0.07);
    expect(a.skew.top10ContractShare).toBeGreaterThan(0.3);
    const exports = a.contracts.filter((c) => c.direction === 'EXPORT');
    const top = Math.max(
      ...Object.values(
        exports.reduce<Record<string, number>>((m, c) => ({ ...m, [c.partnerCode]: (m[c.partnerCode] ?? 0) + 1 }), {}),
      ),
    );
    expect(top / exports.length).toBeGreaterThan(0.5);
  });

  it('loads in bulk exactly what rebuildAllFacts computes, and writes bundles the reader accepts', async () => {
    const db = await createBenchDatabase('smoke_verify');
    try {
      const data = new DataSet({ firms: 40, year: 2021, seed: 11, tag: '0' });
      await loadDataSet(data, db.url);
      const check = await verifyBulkFacts(db.url);
      expect(check.differences).toEqual([]);
      expect(check.rows).toBeGreaterThan(1000);
      const d = exchangeData([0, 1, 2, 3, 4].map((i) => data.firmYear(i)));
      const { writeBundle } = await import('@portal/exchange');
      const bundle = await writeBundle(d);
      const read = await readBundle(
        { name: 'b.zip', data: bundle.zip },
        { codes: { has: () => true }, knownEnterprises: () => new Set(), knownContracts: () => new Map() },
      );
      expect(read.ok).toBe(true);
    } finally {
      await db.drop();
    }
  }, 60_000);

  it('runs tables, refresh and the detail export with baselines and ratios, and writes the summary', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
    try {
      const r = await runBench({
        firms: 150,
        year: 2021,
        runs: 1,
        only: ['technology', 'tables', 'refresh', 'export'],
        scale: { ...defaultScale(150), exportRows: 5000 },
        resultsDir: dir,
        log: () => undefined,
      });
      const saved = JSON.parse(readFileSync(join(dir, 'latest.json'), 'utf8'));
      expect(saved.machine).toEqual(
        expect.objectContaining({ cpu: expect.any(String), cores: expect.any(Number), postgres: expect.any(String) }),
      );
      expect(saved.dataSet).toEqual(expect.objectContaining({ firms: 150, returns: 600 }));
      const t = r.results.tables as Record<string, { median: number } | number>;
      for (const k of ['catalogue', 'baselineRollup', 'baselineHandWritten'])
        expect(t[k]).toEqual(expect.objectContaining({ median: expect.any(Number), min: expect.any(Number) }));
      expect(t.speedupVsRollup).toEqual(expect.any(Number));
      expect(t.ratioVsHandWritten).toEqual(expect.any(Number));
      // Both baselines at the same settings; the headline compares the catalogue with whichever was faster.
      const [rollup, hand] = [t.baselineRollup, t.baselineHandWritten] as { median: number }[];
      expect(t.fastestBaseline).toBe(rollup.median <= hand.median ? 'rollup' : 'hand-written');
      expect(r.results.refresh).toEqual(
        expect.objectContaining({ sizeRatio: expect.any(Number), timeRatio: expect.any(Number) }),
      );
      expect(r.results.export).toEqual(
        expect.objectContaining({ rows: expect.any(Number), ratio: expect.any(Number), baseline: expect.any(Object) }),
      );
      // The export process's own peak comes from the worker's log line: a change of that line must not lose it.
      expect((r.results.export as { export: Record<string, unknown> }).export).toEqual(
        expect.objectContaining({
          peakRssMb: expect.any(Number),
          workerIdleRssMb: expect.any(Number),
          workerPeakRssMb: expect.any(Number),
        }),
      );
      // The technology contracts went through the facts writer into the aggregates the tables read.
      const tech = r.results.technology as {
        load: { contracts: number };
        registered: number;
        aggregateRows: number;
        perTable: Record<string, number>;
        registrationRefresh: { max: number };
      };
      expect(tech.registered).toBe(tech.load.contracts);
      expect(tech.aggregateRows).toBeGreaterThan(0);
      expect(Object.keys(tech.perTable)).toEqual(
        expect.arrayContaining(['app_t2', 'tt_t12', 'tt_t13', 'tt_t14', 'tt_t15', 'tt_t16', 'tt_t17']),
      );
      expect(tech.registrationRefresh).toEqual(expect.objectContaining({ max: expect.any(Number) }));
      expect(headline(r.results).map((h) => h.name)).toHaveLength(10);
      for (const h of r.headline)
        expect(Object.keys(h).sort()).toEqual(['baseline', 'met', 'name', 'ratio', 'target', 'value']);
      const md = join(dir, 'BENCHMARKS.md');
      writeSummary(md, r);
      expect(readFileSync(md, 'utf8')).toContain('| figure | value | baseline | ratio | target | met |');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
