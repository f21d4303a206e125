import bcrypt from 'bcryptjs';
import { Queue, QueueEvents } from 'bullmq';
import type { Client } from 'pg';
import { periodBounds, type ReturnContent } from '@portal/shared';
import { redisConnection } from '../../apps/api/src/core/queue/queues';
import { periodSchedule } from '../../apps/api/src/modules/periods/calendar';
import { contentHash } from '../../apps/api/src/modules/returns/return-content';
import { insertRows } from '../../apps/api/src/core/database/bulk-insert';
import { rowsOf } from '../lib/db';
import { httpLoad, kneeSearch, pacedLoad, type KneeResult, type LoadRequest, type LoadResult } from '../lib/http-load';
import { COLUMNS, uuidOf } from '../lib/load';
import { RATE, type DataSet } from '../lib/model';
import { benchEnv, startApi, startWorker, type Proc } from '../lib/processes';
import { percentile, round } from '../lib/stats';

/*
 * Validation through BullMQ with real worker processes, the API under load (review inbox, deadline-peak
 * submissions, autocannon) and the scale-out of API and worker processes, on returns of an open quarter added to the
 * loaded data set: `pending` returns waiting for review, `validate` returns waiting for their job, and drafts.
 */

export const PASSWORD = 'Bench#Load2026';

/** The last quarter that has ended: open for filing (the bench moves its lock date out of the way). */
export function openQuarter(now = new Date()): string {
  const q = Math.floor(now.getUTCMonth() / 3);
  return q === 0 ? `${now.getUTCFullYear() - 1}Q4` : `${now.getUTCFullYear()}Q${q}`;
}

/** A typical 50-line return: 30 trade lines, 8 contracts signed in the quarter, 11 executions, workforce. */
export function typicalReturn(data: DataSet, index: number, period: string): ReturnContent {
  const firm = data.firm(index);
  const { start } = periodBounds(period);
  const partners = ['US', 'HK', 'JP', 'SG', 'DE', 'GB', 'KR', 'FR', 'AU', 'CA'];
  const cats = data.codes.serviceCategories;
  const servicesTrade: ReturnContent['servicesTrade'] = [];
  for (let k = 0; servicesTrade.length < 30; k++) {
    servicesTrade.push({
      categoryCode: cats[k % cats.length],
      partnerCode: partners[Math.floor(k / cats.length) % partners.length],
      direction: k % 2 ? 'IMPORT' : 'EXPORT',
      amount: 10_000 + ((index * 37 + k * 101) % 9000),
      currency: 'USD',
    });
  }
  const contracts = Array.from({ length: 8 }, (_, k) => ({
    contractNo: `B${period}-${index}-${k}`,
    signedDate: start,
    clientName: `客户${k}`,
    clientPartnerCode: k < 6 ? partners[k] : 'CN',
    clientIndustryCode: 'I',
    businessCode: data.codes.businessCodes[(index + k) % data.codes.businessCodes.length],
    offshore: k < 6,
    amount: 100_000 + k * 1000,
    currency: 'USD' as const,
  }));
  const executions = Array.from({ length: 11 }, (_, k) => ({
    contractNo: contracts[k % 8].contractNo,
    amount: 1000 + k,
    currency: 'USD' as const,
  })).filter((e, k, all) => all.findIndex((x) => x.contractNo === e.contractNo) === k || k >= 8);
  return {
    profile: firm.profile,
    zeroReturn: false,
    servicesTrade,
    contracts,
    executions: executions.slice(0, 11),
    workforce: { juniorCollege: 10, bachelor: 40, master: 8, doctor: 1, other: 2, newHires: 4, newHiresGraduates: 2 },
  };
}

export interface PipelineSets {
  period: string;
  pending: string[];
  validate: string[];
  drafts: { returnId: string; username: string }[];
}

const draftUsername = (i: number) => `bench-firm-${i}`;

type PipelineSizes = { pending: number; validate: number; drafts: number };

/** Firms [0, pending) wait for review, the next `validate` are VALIDATING, the rest up to the total DRAFT. */
const kindOf = (i: number, sizes: PipelineSizes) =>
  i < sizes.pending ? 'pending' : i < sizes.pending + sizes.validate ? 'validate' : 'draft';

/** The returns of the pipeline sets (ids follow from the data set's seed and the firm's index). */
function pipelineSets(data: DataSet, sizes: PipelineSizes, period: string): PipelineSets {
  const sets: PipelineSets = { period, pending: [], validate: [], drafts: [] };
  for (let i = 0; i < sizes.pending + sizes.validate + sizes.drafts; i++) {
    const returnId = uuidOf(data.opts.seed, data.opts.tag, 'return', i, period);
    const kind = kindOf(i, sizes);
    if (kind === 'draft') sets.drafts.push({ returnId, username: draftUsername(i) });
    else sets[kind].push(returnId);
  }
  return sets;
}

/**
 * Adds the open quarter's returns: firms [0, pending) waiting for review (half at each level), the next
 * `validate` firms VALIDATING (frozen revision, no job yet), the next `drafts` firms DRAFT with a filer account.
 */
export async function preparePipeline(c: Client, data: DataSet, sizes: PipelineSizes): Promise<PipelineSets> {
  const period = openQuarter();
  const s = periodSchedule(period, new Set());
  const lock = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
  await c.query(
    `INSERT INTO period (code, year, quarter, open_date, due_date, lock_date, cny_per_usd) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (code) DO UPDATE SET lock_date = EXCLUDED.lock_date`,
    [period, s.year, s.quarter, s.openDate, lock, lock, RATE.toFixed(4)],
  );
  const total = sizes.pending + sizes.validate + sizes.drafts;
  if (total > data.size) throw new Error(`the pipeline needs ${total} firms, the data set has ${data.size}`);
  const hash = await bcrypt.hash(PASSWORD, 4);
  const sets = pipelineSets(data, sizes, period);
  const [prepared] = (
    await c.query(
      `SELECT (SELECT count(*) FROM statistical_return WHERE period_code = $1)::int AS returns,
              (SELECT count(*) FROM statistical_return WHERE id = ANY($2) AND status = 'DRAFT')::int AS drafts`,
      [period, sets.drafts.map((d) => d.returnId)],
    )
  ).rows as { returns: number; drafts: number }[];
  // A database kept from an earlier run (--keep, then --from-db) that was prepared with the same sizes is used as
  // it is; the validation passes reset their own returns.
  if (prepared.returns === total && prepared.drafts === sets.drafts.length) return sets;
  if (prepared.returns > 0)
    throw new Error(
      `the database already holds ${prepared.returns} returns of ${period} (${prepared.drafts} of the ${sets.drafts.length} drafts still drafts): ` +
        `clone one prepared with the same --pending/--validate sizes and not used by the api or scaleout runs`,
    );
  await insertRows(
    rowsOf(c),
    'app_user',
    [
      ['username', 'varchar'],
      ['display_name', 'text'],
      ['password_hash', 'text'],
      ['roles', 'text', 'text[]'],
      ['scope_kind', 'varchar'],
      ['scope_code', 'varchar'],
    ],
    [['bench-admin', 'bench admin', hash, '{ADMIN}', 'SYSTEM', null]],
  );
  for (let start = 0; start < total; start += 2000) {
    const returns: unknown[][] = [];
    const revisions: unknown[][] = [];
    const users: unknown[][] = [];
    const contracts: unknown[][] = [];
    const now = new Date();
    const ids = Array.from({ length: Math.min(total, start + 2000) - start }, (_, k) =>
      uuidOf(data.opts.seed, data.opts.tag, 'firm', start + k),
    );
    const placed = new Map(
      (await c.query(`SELECT id, review_unit_code, province_code FROM enterprise WHERE id = ANY($1)`, [ids])).rows.map(
        (r: { id: string; review_unit_code: string; province_code: string }) => [r.id, r],
      ),
    );
    for (let i = start; i < Math.min(total, start + 2000); i++) {
      const kind = kindOf(i, sizes);
      const enterpriseId = uuidOf(data.opts.seed, data.opts.tag, 'firm', i);
      const returnId = uuidOf(data.opts.seed, data.opts.tag, 'return', i, period);
      const firm = data.firm(i);
      const content = typicalReturn(data, i, period);
      const status =
        kind === 'pending'
          ? i % 2
            ? 'MUNICIPAL_APPROVED'
            : 'SUBMITTED'
          : kind === 'validate'
            ? 'VALIDATING'
            : 'DRAFT';
      const submitted = kind !== 'draft';
      const at = placed.get(enterpriseId);
      if (!at) throw new Error(`firm ${i} is not loaded`);
      returns.push([
        returnId,
        enterpriseId,
        period,
        at.review_unit_code,
        at.province_code,
        status,
        1,
        submitted ? now : null,
        submitted ? now : null,
        1,
        kind === 'pending' ? 0.001 : null,
      ]);
      revisions.push([
        returnId,
        1,
        JSON.stringify(content),
        RATE.toFixed(4),
        submitted,
        submitted ? contentHash(content) : null,
        submitted ? `R-${period}-${firm.uscc}-1` : null,
        submitted ? now : null,
      ]);
      for (const ct of content.contracts) {
        contracts.push([
          enterpriseId,
          ct.contractNo,
          returnId,
          period,
          ct.signedDate,
          ct.clientName,
          ct.clientPartnerCode,
          ct.clientIndustryCode,
          ct.businessCode,
          ct.offshore,
          ct.amount.toFixed(2),
          ct.currency,
          ct.amount.toFixed(2),
        ]);
      }
      if (kind === 'draft') {
        const username = draftUsername(i);
        users.push([username, username, hash, '{ENTERPRISE_FILER,ENTERPRISE_SIGNATORY}', 'ENTERPRISE', enterpriseId]);
      }
    }
    await c.query('BEGIN');
    await insertRows(
      rowsOf(c),
      'statistical_return',
      [
        ['id', 'uuid'],
        ['enterprise_id', 'uuid'],
        ['period_code', 'varchar'],
        ['review_unit_code', 'varchar'],
        ['province_code', 'varchar'],
        ['status', 'varchar'],
        ['current_revision', 'int'],
        ['first_submitted_at', 'timestamptz'],
        ['last_submitted_at', 'timestamptz'],
        ['version', 'int'],
        ['materiality', 'float8'],
      ],
      returns,
    );
    await insertRows(rowsOf(c), 'return_revision', COLUMNS.return_revision, revisions);
    await insertRows(rowsOf(c), 'contract', COLUMNS.contract, contracts);
    await insertRows(
      rowsOf(c),
      'app_user',
      [
        ['username', 'varchar'],
        ['display_name', 'text'],
        ['password_hash', 'text'],
        ['roles', 'text', 'text[]'],
        ['scope_kind', 'varchar'],
        ['scope_code', 'varchar'],
      ],
      users,
    );
    await c.query('COMMIT');
  }
  await c.query('ANALYZE statistical_return');
  return sets;
}

/**
 * Puts returns back as prepared — VALIDATING at their frozen revision 1, no run, no findings — so a second
 * measurement validates the same work again. A failed validation sends a return back to DRAFT with a new
 * revision 2 (and a copy of the run); left in place, the next pass's jobs for revision 1 would not decide the
 * return, and the worker's sweep would validate the unfrozen revision 2 a minute later.
 */
async function resetValidating(c: Client, ids: string[]): Promise<void> {
  await c.query('BEGIN');
  await c.query(`DELETE FROM validation_finding WHERE return_id = ANY($1)`, [ids]);
  await c.query(`DELETE FROM validation_run WHERE return_id = ANY($1)`, [ids]);
  await c.query(`DELETE FROM return_revision WHERE return_id = ANY($1) AND revision > 1`, [ids]);
  await c.query(`UPDATE statistical_return SET status = 'VALIDATING', current_revision = 1 WHERE id = ANY($1)`, [ids]);
  await c.query('COMMIT');
}

/**
 * Takes returns out of VALIDATING before a worker starts: the worker's job sweep (at start, then every minute)
 * queues the validation of a VALIDATING return without a job itself, and a job of that id which finished before the
 * benchmark's reset and enqueue would make the benchmark's own job a duplicate that BullMQ ignores (the return then
 * waits for ever). `resetValidating` puts them back once the workers are ready.
 */
async function park(c: Client, ids: string[]): Promise<void> {
  await c.query(`UPDATE statistical_return SET status = 'DRAFT' WHERE id = ANY($1) AND status = 'VALIDATING'`, [ids]);
}

async function waitDone(c: Client, ids: string[], timeoutMs: number): Promise<number> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await c.query(
      `SELECT count(*)::int AS n FROM validation_run WHERE return_id = ANY($1) AND revision = 1 AND status = 'DONE'`,
      [ids],
    );
    if (rows[0].n >= ids.length) return rows[0].n;
    if (Date.now() > end) return rows[0].n;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const jobId = (returnId: string) => `${returnId}.1`;

/** Enqueues as ValidationService.enqueue does (run row QUEUED, job id from return and revision). */
async function enqueue(c: Client, queue: Queue, ids: string[]): Promise<void> {
  await c.query(
    `INSERT INTO validation_run (return_id, revision, status, progress) SELECT unnest($1::uuid[]), 1, 'QUEUED', 0
     ON CONFLICT (return_id, revision) DO UPDATE SET status = 'QUEUED', progress = 0`,
    [ids],
  );
  await queue.addBulk(
    ids.map((id) => ({
      name: 'validate',
      data: { returnId: id, revision: 1 },
      opts: { jobId: jobId(id), attempts: 5, removeOnComplete: { count: 100_000 } },
    })),
  );
}

export interface ValidationResult {
  returns: number;
  linesPerReturn: number;
  workers: {
    processes: number;
    concurrency: number;
    seconds: number;
    returnsPerSecond: number;
    perWorker: number;
    processedTwice: number;
    /** From the enqueue to the first result, and the longest pause between two results (a stall shows here). */
    firstResultMs: number;
    maxGapMs: number;
  }[];
  baselineInProcess: { seconds: number; returnsPerSecond: number };
  latency: { ratePerSecond: number; jobs: number; p50: number; p95: number; max: number };
  /** Returns per second of two worker processes over one's (target ≥ 1.7). */
  twoWorkersRatio: number;
  targets: { perWorker: number; p95Ms: number; twoWorkersRatio: number };
  met: { perWorker: boolean; p95Ms: boolean; twoWorkersRatio: boolean };
}

/** The deadline peak of issue 19: submissions a second for the enqueue → result latency, and how many. */
const LATENCY_RATE = 50;
const LATENCY_JOBS = 500;

/** Counts `active` events per job: a job taken twice (a stall, a duplicate) shows up as 2. */
function activeCounter(events: QueueEvents) {
  const seen = new Map<string, number>();
  const on = ({ jobId: id }: { jobId: string }) => seen.set(id, (seen.get(id) ?? 0) + 1);
  events.on('active', on);
  return { twice: () => [...seen.values()].filter((n) => n > 1).length, off: () => events.off('active', on) };
}

export async function benchValidation(c: Client, url: string, sets: PipelineSets): Promise<ValidationResult> {
  const ids = sets.validate;
  const workers: ValidationResult['workers'] = [];
  for (const processes of [1, 2]) {
    const env = benchEnv(url);
    const connection = redisConnection(env.REDIS_URL);
    const queue = new Queue('validation', { connection, prefix: env.QUEUE_PREFIX });
    const events = new QueueEvents('validation', { connection, prefix: env.QUEUE_PREFIX });
    await events.waitUntilReady();
    const counter = activeCounter(events);
    const procs: Proc[] = [];
    try {
      await park(c, ids);
      for (let i = 0; i < processes; i++) procs.push(await startWorker(env));
      await resetValidating(c, ids);
      const t = performance.now();
      const { rows: started } = await c.query(`SELECT clock_timestamp() AS at`);
      await enqueue(c, queue, ids);
      const done = await waitDone(c, ids, 600_000);
      const seconds = (performance.now() - t) / 1000;
      if (done < ids.length) throw new Error(`validation: ${done} of ${ids.length} done in time`);
      await new Promise((r) => setTimeout(r, 500));
      const { rows: timeline } = await c.query(
        `SELECT EXTRACT(EPOCH FROM min(finished_at) - $2) * 1000 AS first, EXTRACT(EPOCH FROM max(gap)) * 1000 AS gap
           FROM (SELECT finished_at, finished_at - lag(finished_at) OVER (ORDER BY finished_at) AS gap
                   FROM validation_run WHERE return_id = ANY($1) AND revision = 1 AND status = 'DONE') x`,
        [ids, started[0].at],
      );
      workers.push({
        processes,
        concurrency: Number(env.WORKER_CONCURRENCY),
        seconds: round(seconds, 2),
        returnsPerSecond: round(ids.length / seconds, 1),
        perWorker: round(ids.length / seconds / processes, 1),
        processedTwice: counter.twice(),
        firstResultMs: round(Number(timeline[0].first), 0),
        maxGapMs: round(Number(timeline[0].gap ?? 0), 0),
      });
    } finally {
      counter.off();
      for (const p of procs) await p.stop();
      await events.close();
      await queue.obliterate({ force: true });
      await queue.close();
    }
  }

  // Latency at LATENCY_RATE submissions a second, one worker: enqueue → completed event. Arrivals on a fixed
  // schedule (the k-th at k / rate s), so a slow enqueue does not slow the arrivals down.
  const env = benchEnv(url);
  const connection = redisConnection(env.REDIS_URL);
  const queue = new Queue('validation', { connection, prefix: env.QUEUE_PREFIX });
  const events = new QueueEvents('validation', { connection, prefix: env.QUEUE_PREFIX });
  await events.waitUntilReady();
  const sample = ids.slice(0, LATENCY_JOBS);
  await park(c, ids);
  const worker = await startWorker(env);
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const onDone = ({ jobId: id }: { jobId: string }) => {
    const t = sentAt.get(id);
    if (t !== undefined) latencies.push(performance.now() - t);
  };
  events.on('completed', onDone);
  try {
    await resetValidating(c, sample);
    const start = performance.now();
    for (let k = 0; k < sample.length; k++) {
      const wait = start + (k * 1000) / LATENCY_RATE - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      sentAt.set(jobId(sample[k]), performance.now());
      await enqueue(c, queue, [sample[k]]);
    }
    const end = Date.now() + 60_000;
    while (latencies.length < sample.length && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
  } finally {
    events.off('completed', onDone);
    await worker.stop();
    await events.close();
    await queue.obliterate({ force: true });
    await queue.close();
  }

  // Baseline: the same validations called in one process without a queue (ValidationService.validateRevision).
  await resetValidating(c, ids);
  const baseline = await inProcessValidation(url, ids);
  const one = workers[0];
  const twoWorkersRatio = round(workers[1].returnsPerSecond / one.returnsPerSecond, 2);
  const p95 = round(percentile(latencies, 95), 1);
  return {
    returns: ids.length,
    linesPerReturn: 50,
    workers,
    baselineInProcess: baseline,
    latency: {
      ratePerSecond: LATENCY_RATE,
      jobs: latencies.length,
      p50: round(percentile(latencies, 50), 1),
      p95,
      max: round(Math.max(...latencies), 1),
    },
    twoWorkersRatio,
    targets: { perWorker: 250, p95Ms: 200, twoWorkersRatio: 1.7 },
    met: {
      perWorker: one.perWorker >= 250,
      p95Ms: p95 < 200 && latencies.length === sample.length,
      twoWorkersRatio: twoWorkersRatio >= 1.7,
    },
  };
}

async function inProcessValidation(url: string, ids: string[]): Promise<{ seconds: number; returnsPerSecond: number }> {
  const { NestFactory } = await import('@nestjs/core');
  const { WorkerModule } = await import('../../apps/api/src/worker.module');
  const { loadConfig } = await import('../../apps/api/src/core/config/config');
  const { ValidationService } = await import('../../apps/api/src/modules/validation/validation.service');
  const env = benchEnv(url);
  const config = loadConfig({ ...env, LOG_LEVEL: 'silent' });
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: false });
  try {
    const svc = app.get(ValidationService);
    let next = 0;
    const t = performance.now();
    await Promise.all(
      Array.from({ length: Number(env.WORKER_CONCURRENCY) }, async () => {
        while (next < ids.length) await svc.validateRevision(ids[next++], 1);
      }),
    );
    const seconds = (performance.now() - t) / 1000;
    return { seconds: round(seconds, 2), returnsPerSecond: round(ids.length / seconds, 1) };
  } finally {
    await app.close();
  }
}

async function login(url: string, username: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

async function loginAll(urls: string[], usernames: string[]): Promise<Map<string, string>> {
  const tokens = new Map<string, string>();
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async (_, k) => {
      while (next < usernames.length) {
        const u = usernames[next++];
        tokens.set(u, await login(urls[k % urls.length], u));
      }
    }),
  );
  return tokens;
}

function submitRequest(d: { returnId: string; username: string }, tokens: Map<string, string>): LoadRequest {
  return {
    method: 'POST',
    path: `/api/returns/${d.returnId}/submit`,
    headers: { authorization: `Bearer ${tokens.get(d.username)}` },
    body: JSON.stringify({ version: 1 }),
  };
}

export interface ApiResult {
  inbox: LoadResult & { pendingReturns: number; connections: number };
  inboxBaseline: LoadResult;
  /** The inbox at 50 connections and 50 requests/s in all (open model). */
  inboxPaced: LoadResult & { ratePerSecond: number; connections: number };
  submissions: LoadResult & { connections: number };
  /** Submissions over 200 connections at the deadline peak's rate (open model). */
  submissionsPaced: LoadResult & { ratePerSecond: number; connections: number };
  submissionsBaseline: LoadResult;
  /**
   * Official-table previews by 50 statisticians each opening a table once a second (50/s over 50 connections, open
   * model), each a different table of the catalogue in turn, national root, the year; `/api/health` at the same pace.
   */
  tablePreviewPaced?: LoadResult & { ratePerSecond: number; connections: number; tables: number };
  tablePreviewBaseline?: LoadResult;
  /**
   * Submission capacity: the highest paced rate with p95 < 300 ms and no errors (each submission its own draft),
   * against `/api/health`'s own knee under the same search.
   */
  submissionKnee?: KneeResult;
  healthKnee?: KneeResult;
  targets: { inboxP95Ms: number; submitP95Ms: number; tablePreviewP95Ms: number; submissionCapacity: number };
  met: {
    inboxP95Ms: boolean;
    submitP95Ms: boolean;
    inboxPacedP95Ms: boolean;
    submitPacedP95Ms: boolean;
    tablePreviewP95Ms?: boolean;
    submissionCapacity?: boolean;
  };
}

/** The knee search's steps (submissions a second) and seconds per step. */
const SUBMISSION_RATES = [25, 50, 75, 100, 125, 150, 200, 300];
const HEALTH_RATES = [100, 200, 400, 800, 1600, 3200];
const KNEE_SECONDS = 8;

/** The deadline peak's submissions per second (the rate of issue 7's enqueue-to-result target). */
const PACED_SUBMISSIONS_PER_S = 20;

export async function benchApi(
  url: string,
  sets: PipelineSets,
  drafts: { returnId: string; username: string }[],
  more: {
    /** Drafts for the submission capacity search (none: not measured). */
    kneeDrafts?: { returnId: string; username: string }[];
    /** The year and territory of the table previews (none: not measured). */
    tables?: { year: number; territory: string; ids: string[] };
  } = {},
): Promise<ApiResult> {
  const env = benchEnv(url);
  const api = await startApi(env);
  try {
    const admin = await login(api.url!, 'bench-admin');
    const auth = { authorization: `Bearer ${admin}` };
    const inboxPath = `/api/review/inbox?range=${encodeURIComponent('[0,24]')}`;
    // Warm-up (materiality is already set, so no first-call fill).
    await fetch(`${api.url}${inboxPath}`, { headers: auth });
    const health: LoadRequest = { method: 'GET', path: '/api/health' };
    const inbox = await httpLoad({
      url: api.url!,
      connections: 50,
      maxRequests: 2000,
      maxSeconds: 30,
      next: () => ({ method: 'GET', path: inboxPath, headers: auth }),
    });
    const inboxBaseline = await httpLoad({
      url: api.url!,
      connections: 50,
      maxRequests: 2000,
      maxSeconds: 30,
      next: () => health,
    });
    // The same 50 reviewers at a human pace: 50 inbox requests a second in all, arriving at random (open model).
    const inboxPaced = await pacedLoad({
      url: api.url!,
      connections: 50,
      ratePerSecond: 50,
      requests: 50 * 20,
      next: () => ({ method: 'GET', path: inboxPath, headers: auth }),
    });
    const tokens = await loginAll(
      [api.url!],
      drafts.map((d) => d.username),
    );
    // Closed loop with most drafts; the rest are submitted by 200 connections at the deadline peak's pace
    // (PACED_SUBMISSIONS_PER_S, the rate of the validation latency target).
    const pacedCount = Math.min(PACED_SUBMISSIONS_PER_S * 30, Math.floor(drafts.length * 0.3));
    const closed = drafts.slice(0, drafts.length - pacedCount);
    const paced = drafts.slice(drafts.length - pacedCount);
    // Each submitter submits its own draft with its own token; a request replacing a timed-out one submits a
    // draft again (409, counted as non-2xx).
    const submissions = await httpLoad({
      url: api.url!,
      connections: 200,
      maxRequests: closed.length,
      maxSeconds: 120,
      next: (i) => submitRequest(closed[i % closed.length], tokens),
    });
    const submissionsPaced = await pacedLoad({
      url: api.url!,
      connections: 200,
      ratePerSecond: PACED_SUBMISSIONS_PER_S,
      requests: paced.length,
      next: (i) => submitRequest(paced[i], tokens),
    });
    const submissionsBaseline = await httpLoad({
      url: api.url!,
      connections: 200,
      maxRequests: drafts.length,
      maxSeconds: 60,
      next: () => health,
    });
    const ok = (r: LoadResult, p95: number) => r.p95 < p95 && r.errors + r.non2xx === 0;
    let tablePreviewPaced: ApiResult['tablePreviewPaced'];
    let tablePreviewBaseline: LoadResult | undefined;
    if (more.tables) {
      const { year, territory, ids } = more.tables;
      const preview = (i: number): LoadRequest => ({
        method: 'GET',
        path: `/api/official-tables/${ids[i % ids.length]}?period=${year}&territory=${territory}`,
        headers: auth,
      });
      // Warm-up: one of each (code lists and region trees cached as after a first visit).
      for (let i = 0; i < ids.length; i++) await fetch(`${api.url}${preview(i).path}`, { headers: auth });
      const r = await pacedLoad({
        url: api.url!,
        connections: 50,
        ratePerSecond: 50,
        requests: 50 * 20,
        next: preview,
      });
      tablePreviewPaced = { ...r, ratePerSecond: 50, connections: 50, tables: ids.length };
      tablePreviewBaseline = await pacedLoad({
        url: api.url!,
        connections: 50,
        ratePerSecond: 50,
        requests: 50 * 20,
        next: () => health,
      });
    }
    let submissionKnee: KneeResult | undefined;
    let healthKnee: KneeResult | undefined;
    const kneeDrafts = more.kneeDrafts ?? [];
    if (kneeDrafts.length) {
      const kneeTokens = await loginAll(
        [api.url!],
        kneeDrafts.map((d) => d.username),
      );
      submissionKnee = await kneeSearch({
        rates: SUBMISSION_RATES,
        seconds: KNEE_SECONDS,
        p95LimitMs: 300,
        available: kneeDrafts.length,
        run: (rate, requests, offset) =>
          pacedLoad({
            url: api.url!,
            connections: 200,
            ratePerSecond: rate,
            requests,
            next: (i) => submitRequest(kneeDrafts[offset + i], kneeTokens),
          }),
      });
      healthKnee = await kneeSearch({
        rates: HEALTH_RATES,
        seconds: KNEE_SECONDS,
        p95LimitMs: 300,
        run: (rate, requests) =>
          pacedLoad({ url: api.url!, connections: 200, ratePerSecond: rate, requests, next: () => health }),
      });
    }
    return {
      inbox: { ...inbox, pendingReturns: sets.pending.length, connections: 50 },
      inboxBaseline,
      inboxPaced: { ...inboxPaced, ratePerSecond: 50, connections: 50 },
      submissions: { ...submissions, connections: 200 },
      submissionsPaced: { ...submissionsPaced, ratePerSecond: PACED_SUBMISSIONS_PER_S, connections: 200 },
      submissionsBaseline,
      tablePreviewPaced,
      tablePreviewBaseline,
      submissionKnee,
      healthKnee,
      targets: { inboxP95Ms: 150, submitP95Ms: 300, tablePreviewP95Ms: 150, submissionCapacity: 100 },
      met: {
        inboxP95Ms: ok(inbox, 150),
        submitP95Ms: ok(submissions, 300),
        inboxPacedP95Ms: ok(inboxPaced, 150),
        submitPacedP95Ms: ok(submissionsPaced, 300),
        tablePreviewP95Ms: tablePreviewPaced && ok(tablePreviewPaced, 150),
        submissionCapacity: submissionKnee && submissionKnee.capacity >= 100,
      },
    };
  } finally {
    await api.stop();
  }
}

export interface ScaleOutResult {
  configs: {
    apis: number;
    workers: number;
    submissions: number;
    seconds: number;
    perSecond: number;
    submitP95: number;
    errors: number;
    processedTwice: number;
    validatedOnce: boolean;
  }[];
  speedup: number;
}

/** Submissions through N APIs (round robin) until every one is validated by M workers; 1+1 against 2+2. */
export async function benchScaleOut(
  c: Client,
  url: string,
  batches: { returnId: string; username: string }[][],
): Promise<ScaleOutResult> {
  const configs: ScaleOutResult['configs'] = [];
  for (const [k, n] of [1, 2].entries()) {
    const drafts = batches[k];
    const env = benchEnv(url);
    const connection = redisConnection(env.REDIS_URL);
    const events = new QueueEvents('validation', { connection, prefix: env.QUEUE_PREFIX });
    await events.waitUntilReady();
    const counter = activeCounter(events);
    const procs: Proc[] = [];
    try {
      const apis: Proc[] = [];
      for (let i = 0; i < n; i++) apis.push(await startApi(env));
      for (let i = 0; i < n; i++) procs.push(await startWorker(env));
      procs.push(...apis);
      const tokens = await loginAll(
        apis.map((a) => a.url!),
        drafts.map((d) => d.username),
      );
      const t = performance.now();
      const loads = await Promise.all(
        apis.map((a, ai) => {
          const mine = drafts.filter((_, k) => k % n === ai);
          return httpLoad({
            url: a.url!,
            connections: 100 / n,
            maxRequests: mine.length,
            maxSeconds: 120,
            next: (i) => submitRequest(mine[i % mine.length], tokens),
          });
        }),
      );
      const ids = drafts.map((d) => d.returnId);
      const done = await waitDone(c, ids, 600_000);
      const seconds = (performance.now() - t) / 1000;
      await new Promise((r) => setTimeout(r, 500));
      // One validation_run per (return, revision) by its unique key; DONE for every submission.
      const { rows } = await c.query(
        `SELECT count(*)::int AS n FROM validation_run WHERE return_id = ANY($1) AND revision = 1 AND status = 'DONE'`,
        [ids],
      );
      configs.push({
        apis: n,
        workers: n,
        submissions: ids.length,
        seconds: round(seconds, 2),
        perSecond: round(done / seconds, 1),
        submitP95: Math.max(...loads.map((l) => l.p95)),
        errors: loads.reduce((a, l) => a + l.errors + l.non2xx, 0),
        processedTwice: counter.twice(),
        validatedOnce: rows[0].n === ids.length,
      });
    } finally {
      counter.off();
      for (const p of procs) await p.stop();
      await events.close();
      const q = new Queue('validation', { connection, prefix: env.QUEUE_PREFIX });
      await q.obliterate({ force: true });
      await q.close();
    }
  }
  return { configs, speedup: round(configs[1].perSecond / configs[0].perSecond, 2) };
}
