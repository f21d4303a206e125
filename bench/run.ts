import 'reflect-metadata';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDataSource } from '../apps/api/src/core/database/data-source';
import { TABLES } from '../apps/api/src/modules/official-tables/catalogue';
import { benchExport, benchImport, benchRefresh } from './benchmarks/jobs';
import { benchApi, benchScaleOut, benchValidation, preparePipeline } from './benchmarks/pipeline';
import { benchTables } from './benchmarks/tables';
import { benchTechnology } from './benchmarks/technology';
import { loadDataSet } from './generate';
import { cloneDatabase, connect, createBenchDatabase, type BenchDatabase } from './lib/db';
import { DataSet, NATIONAL_ROOT } from './lib/model';
import { ROOT } from './lib/processes';
import { load1, machine, round } from './lib/stats';

/*
 * `npm run bench [-- --firms 74000 --year 2021 --runs 5 --only tables,refresh --from-db NAME --keep
 *   --pending 50000 --validate 2000 --import-firms 10000 --technology-contracts 30000 --knee-drafts 8000]`
 * Creates a database on the local PostgreSQL, loads the generated national year (or clones a database loaded
 * earlier with the same generator: --from-db), runs the benchmarks, writes bench/results/<stamp>.json and
 * latest.json and the results section of BENCHMARKS.md, and drops its databases (unless --keep).
 */

export const BENCHMARKS = [
  'technology',
  'tables',
  'refresh',
  'validation',
  'api',
  'scaleout',
  'export',
  'import',
] as const;
export type BenchName = (typeof BENCHMARKS)[number];

export interface RunOptions {
  firms: number;
  year: number;
  runs: number;
  only: BenchName[];
  fromDb?: string;
  keep?: boolean;
  /** Sizes of the pipeline, export and import runs (small for the smoke test). */
  scale: {
    pending: number;
    validate: number;
    drafts: number;
    /** Drafts of the submission capacity search (each step of the search submits rate × 8 s of them). */
    kneeDrafts: number;
    scaleOut: number;
    exportRows: number;
    importFirms: number;
    /** Technology contracts of the year (default: ~30,000 × firms / 74,000, bench/lib/technology.ts). */
    technologyContracts?: number;
  };
  resultsDir?: string;
  log?: (s: string) => void;
}

export interface BenchResults {
  date: string;
  machine: Awaited<ReturnType<typeof machine>>;
  dataSet: {
    firms: number;
    year: number;
    seed: number;
    returns: number;
    lineItems: number;
    loadSeconds: number | null;
    source: string;
  };
  results: Record<string, unknown>;
  headline: { name: string; value: string; baseline: string; ratio: number | null; target: string; met: boolean }[];
}

export function defaultScale(firms: number): RunOptions['scale'] {
  return {
    pending: Math.min(50_000, Math.floor(firms * 0.6)),
    validate: Math.min(2000, Math.max(20, Math.floor(firms * 0.05))),
    drafts: Math.min(2000, Math.max(10, Math.floor(firms * 0.05))),
    kneeDrafts: Math.min(8000, Math.max(10, Math.floor(firms * 0.2))),
    scaleOut: Math.min(1000, Math.max(10, Math.floor(firms * 0.02))),
    exportRows: 1_000_000,
    importFirms: Math.min(10_000, Math.max(20, Math.floor(firms / 7))),
  };
}

export async function runBench(o: RunOptions): Promise<BenchResults> {
  const log = o.log ?? ((s: string) => console.log(s));
  const data = new DataSet({ firms: o.firms, year: o.year, seed: o.year, tag: '0' });
  const dbs: BenchDatabase[] = [];
  const results: Record<string, unknown> = {};
  let loadSeconds: number | null = null;
  let db: BenchDatabase;
  try {
    if (o.fromDb) {
      log(`cloning ${o.fromDb}`);
      db = await cloneDatabase(o.fromDb, 'run');
    } else {
      db = await createBenchDatabase('run');
    }
    dbs.push(db);
    if (!o.fromDb) {
      log(`loading ${o.firms} firms into ${db.name}`);
      const t = performance.now();
      await loadDataSet(data, db.url, log);
      loadSeconds = round((performance.now() - t) / 1000, 1);
    }
    const c = await connect(db.url);
    const ds = createDataSource(db.url);
    await ds.initialize();
    // A database kept by an earlier run gets the migrations added since (new aggregates fill themselves).
    if (o.fromDb) await ds.runMigrations();
    const { rows: size } = await c.query(
      `SELECT (SELECT count(*) FROM fact_return)::int AS returns, (SELECT count(*) FROM bench_line WHERE kind <> 'W')::int
              + (SELECT count(*) FROM fact_workforce)::int AS lines`,
    );
    const mach = await machine(db.url, process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    try {
      // First: the technology contracts it writes are then part of every later figure (the catalogue's too).
      if (o.only.includes('technology')) {
        log('technology contracts');
        results.technology = await benchTechnology(ds, c, data, {
          territory: NATIONAL_ROOT,
          year: o.year,
          runs: o.runs,
          contracts: o.scale.technologyContracts,
        });
      }
      if (o.only.includes('tables')) {
        log('tables');
        results.tables = await benchTables(ds, c, { territory: NATIONAL_ROOT, year: o.year, runs: o.runs });
      }
      if (o.only.includes('refresh')) {
        log('refresh (1×)');
        const full = await benchRefresh(ds, c, o.year, o.runs, o.firms);
        log('refresh (0.1×)');
        const small = await createBenchDatabase('tenth');
        dbs.push(small);
        const tenth = Math.max(20, Math.floor(o.firms / 10));
        await loadDataSet(new DataSet({ firms: tenth, year: o.year, seed: o.year, tag: '0' }), small.url);
        const sds = createDataSource(small.url);
        await sds.initialize();
        const sc = await connect(small.url);
        try {
          const part = await benchRefresh(sds, sc, o.year, o.runs, tenth);
          results.refresh = {
            atTenth: part,
            atFull: full,
            sizeRatio: round(full.factRows / part.factRows, 1),
            timeRatio: round(full.refresh.median / part.refresh.median, 2),
            met: full.met && part.met,
          };
        } finally {
          await sc.end();
          await sds.destroy();
        }
      }
      const pipeline = o.only.some((b) => ['validation', 'api', 'scaleout'].includes(b));
      if (pipeline) {
        log('preparing the open quarter');
        const s = o.scale;
        const sets = await preparePipeline(c, data, {
          pending: s.pending,
          validate: s.validate,
          drafts: s.drafts + 2 * s.scaleOut + s.kneeDrafts,
        });
        if (o.only.includes('validation')) {
          log('validation');
          results.validation = await benchValidation(c, db.url, sets);
        }
        if (o.only.includes('api')) {
          log('api');
          results.api = await benchApi(db.url, sets, sets.drafts.slice(0, s.drafts), {
            kneeDrafts: sets.drafts.slice(s.drafts + 2 * s.scaleOut),
            tables: { year: o.year, territory: NATIONAL_ROOT, ids: TABLES.map((t) => t.id) },
          });
        }
        if (o.only.includes('scaleout')) {
          log('scale-out');
          const d = sets.drafts.slice(s.drafts);
          results.scaleOut = await benchScaleOut(c, db.url, [
            d.slice(0, s.scaleOut),
            d.slice(s.scaleOut, 2 * s.scaleOut),
          ]);
        }
      }
      if (o.only.includes('export')) {
        log('export');
        results.export = await benchExport(c, db.url, o.year, o.scale.exportRows);
      }
      if (o.only.includes('import')) {
        log('import');
        results.import = await benchImport(c, db.url, o.year, o.scale.importFirms);
      }
    } finally {
      await c.end();
      await ds.destroy();
    }
    const out: BenchResults = {
      date: new Date().toISOString(),
      machine: { ...mach, loadAtEnd: load1() },
      dataSet: {
        firms: o.firms,
        year: o.year,
        seed: o.year,
        returns: size[0].returns,
        lineItems: size[0].lines,
        loadSeconds,
        source: o.fromDb ? `clone of ${o.fromDb} (loaded by bench/generate.ts, same seed)` : 'loaded in this run',
      },
      results,
      headline: headline(results),
    };
    if (o.resultsDir) {
      mkdirSync(o.resultsDir, { recursive: true });
      const json = JSON.stringify(out, null, 2);
      writeFileSync(join(o.resultsDir, `${out.date.replace(/[:.]/g, '-')}.json`), json);
      writeFileSync(join(o.resultsDir, 'latest.json'), json);
    }
    return out;
  } finally {
    if (!o.keep) for (const d of dbs) await d.drop();
  }
}

const ms = (x: number) => `${round(x, 0)} ms`;

/** One line per target: value, baseline, ratio, target, met. */
export function headline(r: Record<string, unknown>): BenchResults['headline'] {
  const out: BenchResults['headline'] = [];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the results are this file's own shapes
  const x = r as any;
  if (x.tables) {
    const t = x.tables;
    out.push({
      name: `catalogue vs the faster from-raw baseline (${t.fastestBaseline})`,
      value: ms(t.catalogue.median),
      baseline: ms(Math.min(t.baselineRollup.median, t.baselineHandWritten.median)),
      ratio: t.speedupVsFastest,
      target: '> 1× (faster)',
      met: t.speedupVsFastest > 1,
    });
    out.push({
      name: 'catalogue vs single-pass ROLLUP',
      value: ms(t.catalogue.median),
      baseline: ms(t.baselineRollup.median),
      ratio: t.speedupVsRollup,
      target: '≥ 5× faster',
      met: t.met.speedupVsRollup,
    });
    out.push({
      name: 'catalogue vs hand-written roll-up',
      value: ms(t.catalogue.median),
      baseline: ms(t.baselineHandWritten.median),
      ratio: t.ratioVsHandWritten,
      target: '≤ 1.5×',
      met: t.met.ratioVsHandWritten,
    });
    out.push({
      name: 'whole catalogue, the year (computeAll)',
      value: ms(t.catalogue.median),
      baseline: '—',
      ratio: null,
      target: '< 500 ms',
      met: t.met.catalogueMs,
    });
  }
  if (x.technology) {
    const t = x.technology;
    out.push({
      name: `technology tables (${t.tables.length}), ${t.registered} registered contracts`,
      value: ms(t.technologyTables.median),
      baseline: ms(t.baselineFromContracts.median) + ' (from contracts)',
      ratio: t.speedup,
      target: '> 1× (faster)',
      met: t.speedup > 1,
    });
    out.push({
      name: 'whole catalogue with technology tables',
      value: ms(t.catalogue.median),
      baseline: '—',
      ratio: null,
      target: '< 500 ms',
      met: t.met.catalogueMs,
    });
    out.push({
      name: 'refresh after one registration (max)',
      value: ms(t.registrationRefresh.max),
      baseline: ms(t.registrationRefresh.median) + ' (median)',
      ratio: null,
      target: '< 50 ms',
      met: t.met.registrationRefreshMs,
    });
  }
  if (x.refresh) {
    const f = x.refresh;
    out.push({
      name: 'refresh after one approval (1×, max)',
      value: ms(f.atFull.refresh.max),
      baseline: ms(f.atFull.baselineRebuildPeriod.median),
      ratio: f.atFull.speedup,
      target: '< 200 ms',
      met: f.atFull.met,
    });
    out.push({
      name: 'refresh after one approval (0.1×, max)',
      value: ms(f.atTenth.refresh.max),
      baseline: ms(f.atTenth.baselineRebuildPeriod.median),
      ratio: f.atTenth.speedup,
      target: '< 200 ms, flat in size',
      met: f.atTenth.met,
    });
  }
  if (x.validation) {
    const v = x.validation;
    const one = v.workers[0];
    out.push({
      name: 'validation, 1 worker (returns/s)',
      value: String(one.perWorker),
      baseline: `${v.baselineInProcess.returnsPerSecond} in-process`,
      ratio: round(one.returnsPerSecond / v.baselineInProcess.returnsPerSecond, 2),
      target: '≥ 250 /s per worker',
      met: v.met.perWorker,
    });
    const two = v.workers[1];
    out.push({
      name: 'validation, 2 workers (returns/s)',
      value: String(two.returnsPerSecond),
      baseline: `${one.returnsPerSecond} with 1`,
      ratio: round(two.returnsPerSecond / one.returnsPerSecond, 2),
      target: '≥ 1.7× one',
      met: v.met.twoWorkersRatio ?? two.returnsPerSecond > one.returnsPerSecond,
    });
    out.push({
      name: `enqueue → result p95 at ${v.latency.ratePerSecond}/s`,
      value: ms(v.latency.p95),
      baseline: ms(v.latency.p50) + ' (p50)',
      ratio: null,
      target: '< 200 ms',
      met: v.met.p95Ms,
    });
  }
  if (x.api) {
    const a = x.api;
    out.push({
      name: `inbox p95, ${a.inbox.pendingReturns} pending, 50 conn`,
      value: ms(a.inbox.p95),
      baseline: ms(a.inboxBaseline.p95) + ' (health)',
      ratio: round(a.inbox.p95 / a.inboxBaseline.p95, 1),
      target: '< 150 ms',
      met: a.met.inboxP95Ms,
    });
    out.push({
      name: 'submission p95, 200 conn',
      value: ms(a.submissions.p95),
      baseline: ms(a.submissionsBaseline.p95) + ' (health)',
      ratio: round(a.submissions.p95 / a.submissionsBaseline.p95, 1),
      target: '< 300 ms, no errors',
      met: a.met.submitP95Ms,
    });
    // Open model: the same connections at a human pace (not the closed-loop target's reading; see BENCHMARKS.md).
    const paced = (
      what: string,
      r: { ratePerSecond: number; p95: number; rps: number },
      target: string,
      met: boolean,
    ) =>
      out.push({
        name: `${what} p95 at ${r.ratePerSecond}/s (paced)`,
        value: ms(r.p95),
        baseline: `${r.rps} req/s done`,
        ratio: null,
        target,
        met,
      });
    if (a.inboxPaced) paced('inbox, 50 conn,', a.inboxPaced, '< 150 ms', a.met.inboxPacedP95Ms);
    if (a.submissionsPaced)
      paced('submission, 200 conn,', a.submissionsPaced, '< 300 ms, no errors', a.met.submitPacedP95Ms);
    if (a.tablePreviewPaced)
      out.push({
        name: `official table preview p95, 50 statisticians at 1/s (${a.tablePreviewPaced.tables} tables in turn)`,
        value: ms(a.tablePreviewPaced.p95),
        baseline: ms(a.tablePreviewBaseline.p95) + ' (health, same pace)',
        ratio: round(a.tablePreviewPaced.p95 / a.tablePreviewBaseline.p95, 1),
        target: '< 150 ms',
        met: a.met.tablePreviewP95Ms,
      });
    if (a.submissionKnee)
      out.push({
        name: 'submission capacity (paced, p95 < 300 ms, no errors)',
        value: `${a.submissionKnee.capacity}/s`,
        baseline: `${a.healthKnee.capacity}/s (health's own knee${a.healthKnee.stoppedBy === 'rates' ? ', or more' : ''})`,
        ratio: a.healthKnee.capacity ? round(a.submissionKnee.capacity / a.healthKnee.capacity, 2) : null,
        target: '≥ 100/s',
        met: a.met.submissionCapacity,
      });
  }
  if (x.scaleOut) {
    const s = x.scaleOut;
    out.push({
      name: 'scale-out 2+2 vs 1+1 (submitted+validated/s)',
      value: String(s.configs[1].perSecond),
      baseline: String(s.configs[0].perSecond),
      ratio: s.speedup,
      target: 'rises, no job twice',
      met:
        s.speedup > 1 &&
        s.configs.every(
          (c: { processedTwice: number; validatedOnce: boolean }) => c.processedTwice === 0 && c.validatedOnce,
        ),
    });
  }
  if (x.export) {
    const e = x.export;
    out.push({
      name: `detail export ${e.rows} rows`,
      value: `${e.export.seconds} s, ${e.export.peakRssMb} MB (worker ${e.export.workerIdleRssMb}→${e.export.workerPeakRssMb} MB)`,
      baseline: `${e.baseline.seconds} s, ${e.baseline.peakRssMb} MB`,
      ratio: e.ratio,
      target: '≤ 1.25, < 300 MB',
      met: e.met.ratio && e.met.peakRssMb,
    });
  }
  if (x.import) {
    const i = x.import;
    const parsePeak = i.baselineParse.peakRssMb === undefined ? '' : `, ${i.baselineParse.peakRssMb} MB`;
    out.push({
      name: `import ${i.firms} firms, ${i.rows} rows`,
      value: `${i.import.seconds} s, ${i.import.peakRssMb} MB (worker idle ${i.import.workerIdleRssMb ?? '—'} MB)`,
      baseline: `${i.baselineParse.seconds} s${parsePeak} parse only`,
      ratio: i.ratio,
      target: '< 60 s, < 300 MB',
      met: i.met,
    });
  }
  return out;
}

/** Replaces the generated section of BENCHMARKS.md with the headline table of a run. */
export function writeSummary(file: string, r: BenchResults): void {
  const m = r.machine;
  const lines = [
    '<!-- results:start (written by npm run bench) -->',
    `Run ${r.date} on ${m.cpu}, ${m.cores} cores, ${m.ramGiB} GiB; Node ${m.node}, PostgreSQL ${m.postgres}, Redis ${m.redis}; ${m.os}.` +
      (m.loadAtStart === undefined
        ? ''
        : ` Load average (1 min) ${m.loadAtStart} at the start, ${m.loadAtEnd} at the end.`),
    `Data: ${r.dataSet.firms} firms, ${r.dataSet.returns} approved returns, ${r.dataSet.lineItems} line items (${r.dataSet.year}, seed ${r.dataSet.seed}; ${r.dataSet.source}${r.dataSet.loadSeconds ? `, load ${r.dataSet.loadSeconds} s` : ''}).`,
    '',
    '| figure | value | baseline | ratio | target | met |',
    '|---|---|---|---|---|---|',
    ...r.headline.map(
      (h) =>
        `| ${h.name} | ${h.value} | ${h.baseline} | ${h.ratio ?? '—'} | ${h.target} | ${h.met ? 'yes' : '**no**'} |`,
    ),
    '<!-- results:end -->',
  ];
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    text = '# Benchmarks\n\n<!-- results:start --><!-- results:end -->\n';
  }
  const a = text.indexOf('<!-- results:start');
  const b = text.indexOf('<!-- results:end -->');
  text =
    a >= 0 && b > a
      ? text.slice(0, a) + lines.join('\n') + text.slice(b + '<!-- results:end -->'.length)
      : `${text}\n${lines.join('\n')}\n`;
  writeFileSync(file, text);
}

function parse(argv: string[]): RunOptions {
  const get = (n: string) => {
    const i = argv.indexOf(`--${n}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const firms = Number(get('firms') ?? 74_000);
  const only = (get('only')?.split(',') ?? [...BENCHMARKS]) as BenchName[];
  for (const b of only) if (!BENCHMARKS.includes(b)) throw new Error(`--only: one of ${BENCHMARKS.join(', ')}`);
  return {
    firms,
    year: Number(get('year') ?? 2021),
    runs: Math.max(5, Number(get('runs') ?? 5)),
    only,
    fromDb: get('from-db'),
    keep: argv.includes('--keep'),
    scale: {
      ...defaultScale(firms),
      ...(get('pending') ? { pending: Number(get('pending')) } : {}),
      ...(get('validate') ? { validate: Number(get('validate')) } : {}),
      ...(get('import-firms') ? { importFirms: Number(get('import-firms')) } : {}),
      ...(get('knee-drafts') ? { kneeDrafts: Number(get('knee-drafts')) } : {}),
      ...(get('technology-contracts') ? { technologyContracts: Number(get('technology-contracts')) } : {}),
    },
    resultsDir: join(ROOT, 'bench', 'results'),
  };
}

if (require.main === module) {
  const o = parse(process.argv.slice(2));
  runBench(o)
    .then((r) => {
      writeSummary(join(ROOT, 'BENCHMARKS.md'), r);
      for (const h of r.headline)
        console.log(
          `${h.met ? 'met ' : 'MISS'}  ${h.name}: ${h.value} (baseline ${h.baseline}, ratio ${h.ratio ?? '—'}, target ${h.target})`,
        );
      process.exit(0);
    })
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
