import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import type { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { redisConnection } from '../../apps/api/src/core/queue/queues';
import { refreshFacts } from '../../apps/api/src/modules/official-tables/facts';
import { writeExchange } from '../generate';
import { DataSet } from '../lib/model';
import { benchEnv, ROOT, startWorker } from '../lib/processes';
import { peakRssMb, repeat, round, summary, type Summary } from '../lib/stats';

/*
 * Jobs: the aggregate refresh of one approval, the streamed detail export and the bulk import, each against a
 * baseline measured in the same run on the same data.
 */

export interface RefreshResult {
  firms: number;
  factRows: number;
  returns: { returnId: string; lines: number }[];
  refresh: Summary;
  /** Rebuilding the period's aggregates from all facts: what a non-incremental design does per approval. */
  baselineRebuildPeriod: Summary;
  speedup: number;
  target: { ms: number };
  met: boolean;
}

export async function benchRefresh(
  ds: DataSource,
  c: Client,
  year: number,
  runs: number,
  firms: number,
): Promise<RefreshResult> {
  const period = `${year}Q4`;
  const { rows } = await c.query(
    `(SELECT return_id FROM fact_return WHERE period_code = $1 ORDER BY executed_usd DESC LIMIT 2)
     UNION ALL (SELECT return_id FROM fact_return WHERE period_code = $1 AND NOT zero_return ORDER BY return_id LIMIT 3)`,
    [period],
  );
  const ids: string[] = rows.map((r: { return_id: string }) => r.return_id);
  const lines = await c.query(
    `SELECT return_id, jsonb_array_length(content->'servicesTrade') + jsonb_array_length(content->'contracts')
            + jsonb_array_length(content->'executions') + 1 AS n
       FROM return_revision WHERE return_id = ANY($1) AND revision = 1`,
    [ids],
  );
  const ms: number[] = [];
  for (const id of ids) await ds.transaction((m) => refreshFacts(m, [id]));
  for (let i = 0; i < runs; i++) {
    for (const id of ids) {
      const t = performance.now();
      await ds.transaction((m) => refreshFacts(m, [id]));
      ms.push(performance.now() - t);
    }
  }
  const baselineRebuildPeriod = await repeat(
    Math.min(runs, 3),
    async () => {
      await c.query('BEGIN');
      try {
        await c.query(`DELETE FROM agg_outsourcing WHERE period_code = $1`, [period]);
        await c.query(
          `INSERT INTO agg_outsourcing (period_code, area_code, business_code, offshore, partner_code, nature_code,
                   province_code, city_code, nature_group, contracts, signed_usd, executed_usd)
         SELECT r.period_code, r.area_code, f.business_code, f.offshore, f.partner_code, r.nature_code,
                min(r.province_code), min(r.city_code), min(r.nature_group), sum(f.contracts), sum(f.signed_usd), sum(f.executed_usd)
           FROM fact_outsourcing f JOIN fact_return r ON r.return_id = f.return_id WHERE r.period_code = $1
          GROUP BY 1, 2, 3, 4, 5, 6`,
          [period],
        );
        await c.query(`DELETE FROM agg_row_returns WHERE period_code = $1`, [period]);
        await c.query(
          `INSERT INTO agg_row_returns (period_code, area_code, row_key, province_code, city_code, returns)
         SELECT r.period_code, r.area_code, k.row_key, min(r.province_code), min(r.city_code), count(*)
           FROM fact_row_key k JOIN fact_return r ON r.return_id = k.return_id WHERE r.period_code = $1 GROUP BY 1, 2, 3`,
          [period],
        );
      } finally {
        await c.query('ROLLBACK');
      }
    },
    0,
  );
  const { rows: size } = await c.query(
    `SELECT (SELECT count(*) FROM fact_outsourcing) + (SELECT count(*) FROM fact_row_key) AS n`,
  );
  const refresh = summary(ms, 'ms');
  return {
    firms,
    factRows: Number(size[0].n),
    returns: lines.rows.map((r: { return_id: string; n: number }) => ({ returnId: r.return_id, lines: Number(r.n) })),
    refresh,
    baselineRebuildPeriod,
    speedup: round(baselineRebuildPeriod.median / refresh.median, 1),
    target: { ms: 200 },
    met: refresh.max < 200,
  };
}

/** Scope of the detail export closest to a million rows: a province and a quarter or the year. */
export async function detailScope(
  c: Client,
  year: number,
  wanted: number,
): Promise<{ period: string; territory: string; rows: number }> {
  const { rows } = await c.query(
    `SELECT province_code AS t, period_code AS p, count(*)::int AS n FROM bench_line WHERE period_code LIKE $1 GROUP BY 1, 2`,
    [`${year}Q%`],
  );
  const options: { period: string; territory: string; rows: number }[] = [];
  const byProvince = new Map<string, number>();
  const byPeriod = new Map<string, number>();
  for (const r of rows as { t: string; p: string; n: number }[]) {
    options.push({ period: r.p, territory: r.t, rows: r.n });
    byProvince.set(r.t, (byProvince.get(r.t) ?? 0) + r.n);
    byPeriod.set(r.p, (byPeriod.get(r.p) ?? 0) + r.n);
  }
  for (const [t, n] of byProvince) options.push({ period: String(year), territory: t, rows: n });
  for (const [p, n] of byPeriod) options.push({ period: p, territory: '000000', rows: n });
  options.push({ period: String(year), territory: '000000', rows: [...byPeriod.values()].reduce((a, b) => a + b, 0) });
  return options.sort((a, b) => Math.abs(a.rows - wanted) - Math.abs(b.rows - wanted))[0];
}

export interface ExportResult {
  period: string;
  territory: string;
  rows: number;
  /**
   * peakRssMb: the export process (the worker's detail-export child, from its own log line); the worker's resident
   * memory before (idle) and its peak, to show it does not grow with the export.
   */
  export: {
    seconds: number;
    peakRssMb: number | null;
    workerIdleRssMb: number | null;
    workerPeakRssMb: number | null;
    fileBytes: number;
  };
  baseline: { seconds: number; peakRssMb: number };
  ratio: number;
  targets: { ratio: number; peakRssMb: number };
  met: { ratio: boolean; peakRssMb: boolean };
}

/** The detail export in the real worker (until the file is stored) against a bare WorkbookWriter loop (bench/baseline-xlsx.ts). */
export async function benchExport(c: Client, url: string, year: number, wanted: number): Promise<ExportResult> {
  const scope = await detailScope(c, year, wanted);
  const env = benchEnv(url, { WORKER_CONCURRENCY: '1' });
  const worker = await startWorker(env);
  let seconds = 0;
  let peak: number | null = null;
  let workerPeak: number | null = null;
  const workerIdle = peakRssMb(worker.pid);
  let fileBytes = 0;
  try {
    const { rows } = await c.query(
      `INSERT INTO export_job (kind, period, territory, currency, created_by, created_by_username)
       VALUES ('DETAIL', $1, $2, 'USD', '00000000-0000-0000-0000-000000000000', 'bench') RETURNING id`,
      [scope.period, scope.territory],
    );
    const id = rows[0].id as string;
    const queue = new Queue('exports', { connection: redisConnection(env.REDIS_URL), prefix: env.QUEUE_PREFIX });
    const t = performance.now();
    await queue.add('export', { exportId: id }, { jobId: id, attempts: 1 });
    const end = Date.now() + 900_000;
    for (;;) {
      const { rows: s } = await c.query(`SELECT status, file_size, error FROM export_job WHERE id = $1`, [id]);
      if (s[0].status === 'SUCCEEDED') {
        fileBytes = Number(s[0].file_size);
        break;
      }
      if (s[0].status === 'FAILED') throw new Error(`export failed: ${s[0].error}`);
      if (Date.now() > end) throw new Error('export not finished in 15 minutes');
      await new Promise((r) => setTimeout(r, 200));
    }
    seconds = (performance.now() - t) / 1000;
    workerPeak = peakRssMb(worker.pid);
    // The worker logs the export process's own peak (getrusage maxrss of the child) when the file is stored.
    const logged = /"peakRssMb":([\d.]+)[^\n]*detail export written/.exec(worker.output());
    peak = logged ? Number(logged[1]) : null;
    await queue.obliterate({ force: true });
    await queue.close();
    await c.query(`DELETE FROM export_file_chunk WHERE export_id = $1`, [id]);
  } finally {
    await worker.stop();
  }
  const baseline = await bareWorkbook(url, scope);
  const ratio = round(seconds / baseline.seconds, 2);
  return {
    ...scope,
    export: {
      seconds: round(seconds, 1),
      peakRssMb: peak,
      workerIdleRssMb: workerIdle,
      workerPeakRssMb: workerPeak,
      fileBytes,
    },
    baseline,
    ratio,
    targets: { ratio: 1.25, peakRssMb: 300 },
    met: { ratio: ratio <= 1.25, peakRssMb: peak !== null && peak < 300 && workerPeak !== null && workerPeak < 300 },
  };
}

/** Runs bench/baseline-xlsx.ts in its own process (its own peak RSS). */
function bareWorkbook(
  url: string,
  scope: { period: string; territory: string },
): Promise<{ seconds: number; peakRssMb: number }> {
  return new Promise((resolve, reject) => {
    const p = spawn(
      process.execPath,
      ['-r', './scripts/register.cjs', 'bench/baseline-xlsx.ts', url, scope.period, scope.territory],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`baseline-xlsx exited with ${code}`)),
    );
  });
}

export interface ImportResult {
  firms: number;
  rows: number;
  zipBytes: number;
  /**
   * peakRssMb: the worker process that runs the import (VmHWM at the end; it runs nothing else meanwhile);
   * workerIdleRssMb: the same worker before the import was queued.
   */
  import: {
    seconds: number;
    peakRssMb: number | null;
    workerIdleRssMb: number | null;
    status: string;
    counts: Record<string, number>;
  };
  /** readBundle alone in its own process: its time, its own peak and its resident memory before reading. */
  baselineParse: { seconds: number; peakRssMb?: number; idleRssMb?: number };
  ratio: number;
  target: { seconds: number; peakRssMb: number };
  met: boolean;
  metDetail: { seconds: boolean; peakRssMb: boolean };
}

/**
 * A historical bundle of `firms` new firms (a year each) through the real worker's import job: parse, checks and
 * write (firms, profiles, approved returns, facts and aggregates) in one transaction. Baseline: readBundle alone.
 */
export async function benchImport(c: Client, url: string, year: number, firms: number): Promise<ImportResult> {
  const dir = mkdtempSync(join(tmpdir(), 'portal-bench-import-'));
  try {
    const data = new DataSet({ firms, year, seed: year + 7, tag: '7' });
    const written = await writeExchange(data, dir);
    const { readFileSync } = await import('node:fs');
    const zip = readFileSync(join(dir, 'bundle.zip'));
    const env = benchEnv(url, { WORKER_CONCURRENCY: '1' });
    const parse = await parseOnly(url, join(dir, 'bundle.zip'));
    const worker = await startWorker(env);
    const workerIdle = peakRssMb(worker.pid);
    try {
      const { rows: admin } = await c.query(`SELECT id FROM app_user WHERE username = 'bench-admin'`);
      const createdBy = admin[0]?.id ?? '00000000-0000-0000-0000-000000000000';
      const { rows } = await c.query(
        `INSERT INTO import_job (kind, format, created_by, created_by_username, file_name, file_size, sha256, source_note)
         VALUES ('HISTORICAL', 'BUNDLE', $1, 'bench-admin', 'bundle.zip', $2, $3, 'benchmark') RETURNING id`,
        [createdBy, zip.length, createHash('sha256').update(zip).digest('hex')],
      );
      const id = rows[0].id as string;
      await c.query(`INSERT INTO import_upload (import_id, data) VALUES ($1, $2)`, [id, zip]);
      const queue = new Queue('imports', { connection: redisConnection(env.REDIS_URL), prefix: env.QUEUE_PREFIX });
      const t = performance.now();
      await queue.add('import', { importId: id }, { jobId: id, attempts: 1 });
      const end = Date.now() + 1_200_000;
      let status = 'QUEUED';
      let counts: Record<string, number> = {};
      for (;;) {
        const { rows: s } = await c.query(`SELECT status, counts, error_count FROM import_job WHERE id = $1`, [id]);
        status = s[0].status;
        counts = s[0].counts ?? {};
        if (status === 'SUCCEEDED' || status === 'FAILED' || Date.now() > end) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      const seconds = (performance.now() - t) / 1000;
      const peak = peakRssMb(worker.pid);
      await queue.obliterate({ force: true });
      await queue.close();
      const metDetail = {
        seconds: status === 'SUCCEEDED' && seconds < 60,
        peakRssMb: status === 'SUCCEEDED' && peak !== null && peak < 300,
      };
      return {
        firms,
        rows: written.rows,
        zipBytes: zip.length,
        import: { seconds: round(seconds, 1), peakRssMb: peak, workerIdleRssMb: workerIdle, status, counts },
        baselineParse: parse,
        ratio: round(seconds / parse.seconds, 2),
        target: { seconds: 60, peakRssMb: 300 },
        met: metDetail.seconds && metDetail.peakRssMb,
        metDetail,
      };
    } finally {
      await worker.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** readBundle with the portal's code lists (ImportsService.parseBundle) in its own process. */
function parseOnly(url: string, file: string): Promise<{ seconds: number; peakRssMb: number; idleRssMb: number }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['-r', './scripts/register.cjs', 'bench/baseline-parse.ts', url, file], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`baseline-parse exited with ${code}`)),
    );
  });
}
