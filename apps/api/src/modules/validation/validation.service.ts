import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job, JobsOptions, Queue } from 'bullmq';
import { DataSource, type EntityManager, In } from 'typeorm';
import {
  catalogueVersion,
  explanationProblem,
  runRules,
  type CodeLookup,
  type Finding,
  type RuleOverrides,
} from '@portal/rules';
import {
  EDITABLE_STATUSES,
  periodBounds,
  headlineTotals,
  materiality,
  RETURN_STATUS_LABELS,
  type FailedJob,
  type FindingCounts,
  type FindingView,
  type ReturnContent,
  type ValidationView,
} from '@portal/shared';
import type { AuthUser } from '../../core/auth/auth-user';
import { whereInTerritory } from '../../core/auth/scope';
import { CodeCache } from '../../core/database/code-cache';
import { AppError, notFound } from '../../core/errors/app-error';
import type { ListParams } from '../../core/http/list-query';
import { QUEUES } from '../../core/queue/queues';
import { AuditService, canonicalJson } from '../audit/audit.service';
import { CodesService } from '../codes/codes.service';
import { materialityBase } from '../official-tables/provincial-total';
import type { ReturnApplied } from '../returns/lifecycle/return-lifecycle';
import { ReturnLifecycleService } from '../returns/lifecycle/return-lifecycle.module';
import { ReturnEntity, ReturnRevisionEntity } from '../returns/return.entity';
import { contentHash } from '../returns/return-content';
import { checkInputs, findingKey, periodCodes, type CheckInput } from './rule-context';
import { RulesService } from './rules.service';
import { ValidationFindingEntity, ValidationRunEntity } from './validation.entity';
import { withRequestId } from '../../core/context/request-context';

export const VALIDATE_JOB = 'validate';

/** One job per revision. BullMQ refuses ':' in custom ids, hence the dot. */
export const validationJobId = (returnId: string, revision: number) => `${returnId}.${revision}`;

const JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2000 },
  // Bounded history; failed jobs are kept longer so that admins see them (Bull Board, GET /api/validation/failed-jobs).
  removeOnComplete: { count: 1000, age: 24 * 3600 },
  removeOnFail: { count: 5000, age: 30 * 24 * 3600 },
};

/** Which findings stop a submission: blocking ones, and explain-or-fix ones without an accepted explanation. */
export const stopsSubmission = (f: Pick<ValidationFindingEntity, 'severity' | 'status'>) =>
  f.severity === 'BLOCKING' || (f.severity === 'EXPLAIN' && f.status !== 'EXPLAINED');

export interface ValidationOutcome {
  returnId: string;
  revision: number;
  counts: FindingCounts;
  /** The workflow action taken, if the revision was the one submitted. */
  transition: 'validation-passed' | 'validation-failed' | null;
  /** True when the revision had been checked already on the same content (a job delivered again): nothing changed. */
  skipped?: true;
}

export interface ValidateOptions {
  /**
   * A job's delivery (the worker): when the revision's run is already DONE on the same content and catalogue, the
   * rules do not run again and nothing is written; a run that finishes meanwhile (the same job delivered twice at
   * once) is seen under the run row's lock and this one writes nothing either. A new check is asked for by
   * `enqueue`, which marks the run QUEUED first. Without it (benchmarks, tests) the revision is always checked.
   */
  once?: boolean;
}

/**
 * Code lists change rarely: the lists of a period end date are kept for a minute, and dropped at once when a code
 * version is added or a code retired (the code_item marker, CodeCache).
 */
const PERIOD_CODES_TTL_MS = 60_000;

/** Changes with every write to rule_override (each write gives the row a new xmin): the overrides cache's marker. */
const OVERRIDES_MARKER_SQL = `(SELECT COALESCE(md5(string_agg(xmin::text, ',' ORDER BY id)), '') FROM rule_override)`;

const QUEUE_POSITION_SCRIPT = 'portalQueuePosition';
/** KEYS[1] the wait list, ARGV[1] the job id: how many jobs are after it (ahead of it), or -1 when it is not there. */
const QUEUE_POSITION_LUA = {
  numberOfKeys: 1,
  readOnly: true,
  lua: `local at = redis.call('LPOS', KEYS[1], ARGV[1])
        if not at then return -1 end
        return redis.call('LLEN', KEYS[1]) - 1 - at`,
};

@Injectable()
export class ValidationService {
  private readonly log = new Logger('validation');
  /** Code lists by period end date, with the code_item marker they were read at. */
  private readonly codeLists = new CodeCache<CodeLookup>(PERIOD_CODES_TTL_MS);
  /** Rule overrides in force by period, with the rule_override marker they were read at. */
  private readonly overrideLists = new CodeCache<RuleOverrides>(PERIOD_CODES_TTL_MS);
  /** Whether the queue-position script is defined on the queue's connection yet. */
  private positionScript = false;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @InjectQueue(QUEUES.validation) private readonly queue: Queue,
    private readonly codes: CodesService,
    private readonly rules: RulesService,
    private readonly audit: AuditService,
    private readonly lifecycle: ReturnLifecycleService,
  ) {}

  /**
   * Queues the validation of a revision; call it after the transaction that wrote the revision has committed.
   * A job of the same revision still waiting collapses with this one (same job id); a finished one is replaced,
   * so a later save is validated again. A failure to reach Redis is logged, not thrown: the data is saved, and
   * the sweep re-queues submissions that were left without a job. Returns the queue position.
   */
  async enqueue(returnId: string, revision: number, opts: { marked?: boolean } = {}): Promise<number | null> {
    const jobId = validationJobId(returnId, revision);
    try {
      if (!opts.marked) await this.markQueued(this.ds.manager, returnId, revision);
      const state = await this.queue.getJobState(jobId);
      if (state === 'completed' || state === 'failed') await this.queue.remove(jobId);
      await this.queue.add(VALIDATE_JOB, withRequestId({ returnId, revision }), { ...JOB_OPTIONS, jobId });
      return await this.queuePosition(returnId, revision);
    } catch (e) {
      this.log.error({ err: e, returnId, revision }, 'validation not queued');
      return null;
    }
  }

  /**
   * The revision's run row as QUEUED, inside the caller's transaction (a submission writes it with the frozen
   * revision, one commit instead of two); then `enqueue(…, { marked: true })` after the commit.
   */
  async markQueued(m: EntityManager, returnId: string, revision: number): Promise<void> {
    await m
      .createQueryBuilder()
      .insert()
      .into(ValidationRunEntity)
      .values({ returnId, revision, status: 'QUEUED', progress: 0 })
      .orUpdate(['status', 'progress'], ['return_id', 'revision'])
      .execute();
  }

  /** markQueued for a return still VALIDATING at this revision, in one statement; false when it was decided meanwhile. */
  private async markQueuedIfWaiting(returnId: string, revision: number): Promise<boolean> {
    const [{ marked }] = await this.ds.query(
      `WITH marked AS (
         UPDATE validation_run run SET status = 'QUEUED', progress = 0
           FROM statistical_return r
          WHERE run.return_id = $1 AND run.revision = $2 AND r.id = run.return_id
            AND r.status = 'VALIDATING' AND r.current_revision = $2
         RETURNING run.return_id)
       SELECT count(*)::int AS marked FROM marked`,
      [returnId, revision],
    );
    if (marked > 0) return true;
    // A submission whose run row was never written (its transaction wrote it; a lost enqueue leaves it QUEUED).
    const [{ waiting }] = await this.ds.query(
      `SELECT EXISTS (SELECT 1 FROM statistical_return r WHERE r.id = $1 AND r.status = 'VALIDATING'
                        AND r.current_revision = $2
                        AND NOT EXISTS (SELECT 1 FROM validation_run v
                                         WHERE v.return_id = r.id AND v.revision = $2)) AS waiting`,
      [returnId, revision],
    );
    if (waiting) await this.markQueued(this.ds.manager, returnId, revision);
    return waiting;
  }

  /**
   * Jobs waiting ahead of this revision's job, or null when it is not waiting. The wait list takes new jobs at its
   * head and the workers take them from its tail, so the jobs ahead are those after it: one script (LPOS, LLEN)
   * on the queue's own connection, whatever the length of the queue.
   */
  async queuePosition(returnId: string, revision: number): Promise<number | null> {
    const backend = this.queue.getBackend();
    const client = await backend.client;
    if (!this.positionScript) {
      client.defineCommand(QUEUE_POSITION_SCRIPT, QUEUE_POSITION_LUA);
      this.positionScript = true;
    }
    const ahead = Number(
      await client.runCommand(QUEUE_POSITION_SCRIPT, [backend.keys.wait, validationJobId(returnId, revision)]),
    );
    return ahead < 0 ? null : ahead;
  }

  /**
   * Validates one revision (what the worker's job and a benchmark call): builds the rule context, runs the rules
   * with the overrides of the period, stores the findings, and decides a submission waiting for it. Idempotent:
   * a re-run (retry after a crash) replaces the revision's findings in one transaction, and a job's delivery
   * (`once`) of a revision already checked on the same content changes nothing (ValidateOptions).
   */
  async validateRevision(
    returnId: string,
    revision: number,
    opts: ValidateOptions = {},
  ): Promise<ValidationOutcome | null> {
    try {
      // A draft may be saved while it is checked; then it is checked again (bounded: each save queues a job too).
      for (let pass = 0; pass < 3; pass++) {
        const outcome = await this.validateOnce(returnId, revision, !!opts.once);
        if (outcome !== 'changed') return outcome;
      }
      throw new Error('the draft kept changing while it was validated');
    } catch (e) {
      await this.ds
        .getRepository(ValidationRunEntity)
        .update({ returnId, revision }, { status: 'FAILED', error: e instanceof Error ? e.message : String(e) });
      throw e;
    }
  }

  private async validateOnce(
    returnId: string,
    revision: number,
    once: boolean,
  ): Promise<ValidationOutcome | null | 'changed'> {
    // The return, the revision (with its row version, to see a save made while the rules run) and the code-list
    // marker in one read, which also marks the run RUNNING (a data-modifying CTE: one round trip and one commit
    // instead of a separate write; nothing is written when the return or revision is gone). With `once` a DONE run
    // is left as it is; the read returns the run as it was before the statement (a CTE's changes are not seen by
    // the rest of its statement), to tell a finished check from one to do.
    const [r]: {
      enterprise_id: string;
      period_code: string;
      province_code: string;
      current_revision: number;
      content: ReturnContent;
      cny_per_usd: string;
      source: ReturnRevisionEntity['source'];
      source_note: string | null;
      row_version: string;
      code_marker: string;
      overrides_marker: string;
      run_status: string | null;
      run_hash: string | null;
      run_catalogue: string | null;
      run_counts: FindingCounts | null;
    }[] = await this.ds.query(
      `WITH running AS (
         INSERT INTO validation_run (return_id, revision, status, progress, started_at, error)
         SELECT r.id, v.revision, 'RUNNING', 10, now(), NULL
           FROM statistical_return r JOIN return_revision v ON v.return_id = r.id AND v.revision = $2
          WHERE r.id = $1
         ON CONFLICT (return_id, revision) DO UPDATE
            SET status = EXCLUDED.status, progress = EXCLUDED.progress, started_at = EXCLUDED.started_at,
                error = EXCLUDED.error
          WHERE NOT $3 OR validation_run.status <> 'DONE')
       SELECT r.enterprise_id, r.period_code, r.province_code, r.current_revision, v.content, v.cny_per_usd,
              v.source, v.source_note, v.xmin::text AS row_version, ${CodeCache.MARKER_SQL} AS code_marker,
              ${OVERRIDES_MARKER_SQL} AS overrides_marker, run.status AS run_status, run.content_hash AS run_hash,
              run.catalogue_version AS run_catalogue,
              json_build_object('blocking', run.blocking_count, 'explain', run.explain_count,
                                'unexplained', run.unexplained_count, 'info', run.info_count) AS run_counts
         FROM statistical_return r JOIN return_revision v ON v.return_id = r.id AND v.revision = $2
         LEFT JOIN validation_run run ON run.return_id = r.id AND run.revision = $2
        WHERE r.id = $1`,
      [returnId, revision, once],
    );
    // Nothing to check any more (a test database dropped, a return deleted): not worth a retry.
    if (!r) return null;
    const hash = contentHash(r.content);
    if (once && r.run_status === 'DONE') {
      // Checked already (the job delivered again after a failover or a lost lock): nothing to do.
      if (r.run_hash === hash && r.run_catalogue === catalogueVersion)
        return { returnId, revision, counts: r.run_counts!, transition: null, skipped: true };
      // Done on other content (a save not queued yet) or by another catalogue: left DONE by the read; check again.
      await this.ds.query(
        `UPDATE validation_run SET status = 'RUNNING', progress = 10, started_at = now(), error = NULL
          WHERE return_id = $1 AND revision = $2`,
        [returnId, revision],
      );
    }
    const rev = {
      revision,
      content: r.content,
      cnyPerUsd: r.cny_per_usd,
      source: r.source,
      sourceNote: r.source_note,
    };
    const cnyPerUsd = Number(r.cny_per_usd);
    const current = revision === r.current_revision;
    const [codes, overrides, provincialTotal] = await Promise.all([
      this.codeLists.get(periodBounds(r.period_code).end, r.code_marker, () => periodCodes(this.codes, r.period_code)),
      this.overrideLists.get(r.period_code, r.overrides_marker, () => this.rules.overridesFor(r.period_code)),
      current ? materialityBase(this.ds, r.province_code, r.period_code) : undefined,
    ]);
    const input = (
      await checkInputs(this.ds.manager, codes, r.period_code, [
        { returnId, enterpriseId: r.enterprise_id, periodCode: r.period_code, content: r.content, cnyPerUsd },
      ])
    ).get(returnId)!;
    const findings = runRules(input.ctx, overrides);
    const share =
      provincialTotal === undefined ? undefined : materialityOf(r.content, cnyPerUsd, input, provincialTotal);

    let decided: ReturnApplied | null = null;
    const outcome = await this.ds.transaction(async (m) => {
      // The return's row lock orders this against saves, submissions and explanations of the same return; a save
      // since the read above gave the revision's row a new version.
      const {
        entities: [locked],
        raw: [lockedRaw],
      } = await m
        .getRepository(ReturnEntity)
        .createQueryBuilder('r')
        .setLock('pessimistic_write')
        .addSelect(
          '(SELECT v.xmin::text FROM return_revision v WHERE v.return_id = r.id AND v.revision = :revision)',
          'row_version',
        )
        .where('r.id = :returnId', { returnId, revision })
        .getRawAndEntities<{ row_version: string | null }>();
      if (!locked) throw new Error(`return ${returnId} is gone`);
      if (lockedRaw.row_version !== r.row_version) return 'changed' as const;
      if (once) {
        // The same job delivered twice at once: the first to get here stores its result, the other sees it DONE.
        const [run]: { status: string; content_hash: string | null; counts: FindingCounts }[] = await m.query(
          `SELECT status, content_hash,
                  json_build_object('blocking', blocking_count, 'explain', explain_count,
                                    'unexplained', unexplained_count, 'info', info_count) AS counts
             FROM validation_run WHERE return_id = $1 AND revision = $2 FOR UPDATE`,
          [returnId, revision],
        );
        if (run?.status === 'DONE' && run.content_hash === hash)
          return { returnId, revision, counts: run.counts, transition: null, skipped: true as const };
      }
      const stored = await this.storeFindings(m, returnId, revision, findings, revision === locked.currentRevision);
      const counts = countsOf(stored);
      await m.update(
        ValidationRunEntity,
        { returnId, revision },
        {
          status: 'DONE',
          progress: 100,
          catalogueVersion,
          contentHash: hash,
          finishedAt: new Date(),
          error: null,
          runs: () => 'runs + 1',
          ...runCounts(counts),
        },
      );
      // Plain SQL: a repository update would bump the return's version and updated_at, and the firm's next save
      // would then fail its optimistic lock over a figure it never touched.
      if (share !== undefined)
        await m.query('UPDATE statistical_return SET materiality = $2 WHERE id = $1', [returnId, share]);
      let transition: ValidationOutcome['transition'] = null;
      if (locked.status === 'VALIDATING' && locked.currentRevision === revision) {
        transition = counts.blocking === 0 && counts.unexplained === 0 ? 'validation-passed' : 'validation-failed';
        decided = await this.decide(m, locked, rev, stored, counts, transition);
      }
      return { returnId, revision, counts, transition };
    });
    // The mail of the firm's or the city's notification, once the decision is committed.
    await this.lifecycle.afterCommit(decided);
    return outcome;
  }

  /**
   * Replaces the revision's findings with this run's, keeping the id and explanation of a finding that is still
   * there; a new explain-or-fix finding takes the explanation of the same rule and cells from the latest earlier
   * revision. For the current revision, findings of earlier revisions it no longer has become FIXED.
   */
  private async storeFindings(
    m: EntityManager,
    returnId: string,
    revision: number,
    findings: Finding[],
    current: boolean,
  ): Promise<ValidationFindingEntity[]> {
    // This revision's findings (oldest first) and earlier revisions' (latest revision first) in one read.
    const all = await m
      .getRepository(ValidationFindingEntity)
      .createQueryBuilder('f')
      .where('f.returnId = :returnId AND f.revision <= :revision', { returnId, revision })
      .orderBy('f.revision', 'DESC')
      .addOrderBy('f.createdAt', 'ASC')
      .getMany();
    const existing = all.filter((f) => f.revision === revision);
    const earlier = all.filter((f) => f.revision < revision);
    const byKey = new Map<string, ValidationFindingEntity[]>();
    for (const f of existing) byKey.set(findingKey(f), [...(byKey.get(findingKey(f)) ?? []), f]);
    const explained = new Map<string, ValidationFindingEntity>();
    for (const f of earlier)
      if (f.explanation !== null || f.reasonCode !== null) {
        if (!explained.has(findingKey(f))) explained.set(findingKey(f), f);
      }
    const kept = new Set<string>();
    const changed: Pick<ValidationFindingEntity, 'id' | 'severity' | 'messageZh' | 'messageEn' | 'params'>[] = [];
    const inserts: Partial<ValidationFindingEntity>[] = [];
    for (const f of findings) {
      const same = byKey.get(findingKey(f))?.shift();
      const fields = {
        severity: f.severity,
        messageZh: f.message_zh,
        messageEn: f.message_en,
        params: f.params,
      };
      if (same) {
        kept.add(same.id);
        const { severity, messageZh, messageEn, params } = same;
        if (canonicalJson({ severity, messageZh, messageEn, params }) !== canonicalJson(fields)) {
          changed.push({ id: same.id, ...fields });
          Object.assign(same, fields);
        }
        continue;
      }
      const from = f.severity === 'EXPLAIN' ? explained.get(findingKey(f)) : undefined;
      inserts.push({
        returnId,
        revision,
        ruleId: f.ruleId,
        cells: f.cells,
        ...fields,
        status: from ? 'EXPLAINED' : 'OPEN',
        reasonCode: from?.reasonCode ?? null,
        explanation: from?.explanation ?? null,
        explainedBy: from?.explainedBy ?? null,
        explainedAt: from?.explainedAt ?? null,
      });
    }
    if (changed.length) {
      // One statement for all the findings whose severity or wording changed.
      await m.query(
        `UPDATE validation_finding f
            SET severity = c.severity, message_zh = c.message_zh, message_en = c.message_en, params = c.params
           FROM jsonb_to_recordset($1::jsonb)
                AS c(id uuid, severity varchar, message_zh text, message_en text, params jsonb)
          WHERE f.id = c.id`,
        [
          JSON.stringify(
            changed.map((c) => ({
              id: c.id,
              severity: c.severity,
              message_zh: c.messageZh,
              message_en: c.messageEn,
              params: c.params,
            })),
          ),
        ],
      );
    }
    const gone = existing.filter((f) => !kept.has(f.id)).map((f) => f.id);
    if (gone.length) await m.delete(ValidationFindingEntity, { id: In(gone) });
    // The inserted rows as stored: what was written plus what the database generated (id, timestamps).
    const inserted = inserts.length
      ? (await m.insert(ValidationFindingEntity, inserts)).generatedMaps.map(
          (generated, i) => ({ ...inserts[i], ...generated }) as ValidationFindingEntity,
        )
      : [];
    if (current && earlier.length) {
      const keys = findings.map(findingKey);
      await m.query(
        `UPDATE validation_finding f
            SET status = CASE WHEN k.key = ANY($3) THEN
                           CASE WHEN f.severity = 'EXPLAIN' AND (f.explanation IS NOT NULL OR f.reason_code IS NOT NULL)
                                THEN 'EXPLAINED' ELSE 'OPEN' END
                         ELSE 'FIXED' END
           FROM (SELECT id, rule_id || '|' || array_to_string(ARRAY(SELECT jsonb_array_elements_text(cells)), '|') AS key
                   FROM validation_finding WHERE return_id = $1 AND revision < $2) k
          WHERE f.id = k.id`,
        [returnId, revision, keys],
      );
    }
    // This revision's findings, oldest first: those kept (as updated above), then the new ones.
    return [...existing.filter((f) => kept.has(f.id)), ...inserted];
  }

  /**
   * The system's half of a submission, through the lifecycle: VALIDATING → SUBMITTED when nothing stops it (the
   * city is told), else → DRAFT with a new editable revision copied from the frozen one (the firm is told), which
   * gets the same findings at once (same content).
   */
  private async decide(
    m: EntityManager,
    r: ReturnEntity,
    rev: Pick<ReturnRevisionEntity, 'revision' | 'content' | 'cnyPerUsd' | 'source' | 'sourceNote'>,
    findings: ValidationFindingEntity[],
    counts: FindingCounts,
    action: 'validation-passed' | 'validation-failed',
  ) {
    const details: Record<string, unknown> = { revision: rev.revision, ...counts };
    if (action === 'validation-failed') details.newRevision = rev.revision + 1;
    const applied = await this.lifecycle.validationOutcome(m, r, action === 'validation-passed', counts, details);
    if (applied.newRevision) {
      // The new editable revision (the lifecycle's copy of the checked one) has the same findings at once.
      const next = applied.newRevision;
      const run = await m.findOneByOrFail(ValidationRunEntity, { returnId: r.id, revision: rev.revision });
      const { id: _run, createdAt: _c, updatedAt: _u, ...runCopy } = run;
      // A copy: the rules did not run on the new revision.
      await m.upsert(ValidationRunEntity, { ...runCopy, revision: next, runs: 0 }, ['returnId', 'revision']);
      await m.delete(ValidationFindingEntity, { returnId: r.id, revision: next });
      if (findings.length) {
        await m.insert(
          ValidationFindingEntity,
          findings.map(({ id: _id, createdAt: _at, ...f }) => ({ ...f, revision: next })),
        );
      }
    }
    return applied;
  }

  /**
   * Submission pre-check (inside the submitting transaction): when the latest finished validation of this
   * revision was of the same content and found something that stops it, refuse at once, listing the findings.
   * `known` is the revision's run (or null: none) when the caller has read it already.
   */
  async assertSubmittable(
    m: EntityManager,
    returnId: string,
    revision: number,
    hash: string,
    known?: Pick<ValidationRunEntity, 'finishedAt' | 'contentHash'> | null,
  ): Promise<void> {
    const run = known !== undefined ? known : await m.findOneBy(ValidationRunEntity, { returnId, revision });
    if (!run?.finishedAt || run.contentHash !== hash) return;
    const findings = await m.find(ValidationFindingEntity, {
      where: { returnId, revision },
      order: { createdAt: 'ASC' },
    });
    const stopping = findings.filter(stopsSubmission);
    if (stopping.length) throw new AppError('VALIDATION_BLOCKING', { count: stopping.length }, stopping.map(view));
  }

  /** GET /api/returns/:id/validation: the latest revision's run and findings, for callers who may read the return. */
  async viewFor(user: AuthUser, returnId: string): Promise<ValidationView> {
    const qb = this.ds.getRepository(ReturnEntity).createQueryBuilder('r').where('r.id = :returnId', { returnId });
    // The columns of RETURN_TERRITORY (returns.service, which depends on this service, so not imported from there).
    const r = await whereInTerritory(qb, user, {
      enterpriseId: 'r.enterpriseId',
      reviewUnitCode: 'r.reviewUnitCode',
      provinceCode: 'r.provinceCode',
    }).getOne();
    if (!r) throw notFound('报表', 'Return');
    const revision = r.currentRevision;
    const [run, rev, findings] = await Promise.all([
      this.ds.getRepository(ValidationRunEntity).findOneBy({ returnId, revision }),
      this.ds.getRepository(ReturnRevisionEntity).findOneByOrFail({ returnId, revision }),
      this.ds.getRepository(ValidationFindingEntity).find({
        where: { returnId, revision },
        order: { createdAt: 'ASC' },
      }),
    ]);
    return {
      returnId,
      revision,
      status: run?.status ?? 'NONE',
      progress: run?.progress ?? 0,
      queuePosition: run?.status === 'QUEUED' ? await this.queuePosition(returnId, revision) : null,
      catalogueVersion: run?.catalogueVersion ?? null,
      startedAt: run?.startedAt?.toISOString() ?? null,
      finishedAt: run?.finishedAt?.toISOString() ?? null,
      current: !!run?.finishedAt && run.contentHash === contentHash(rev.content),
      counts: countsOf(findings),
      findings: findings.map(view),
    };
  }

  /**
   * The firm explains an explain-or-fix finding of its current revision (填写说明后强制上报). Boilerplate, thin or
   * copied text is refused with the reason.
   */
  async explain(actor: AuthUser, returnId: string, findingId: string, reasonCode?: string, text?: string) {
    if (actor.scopeKind !== 'ENTERPRISE' || !actor.scopeCode) throw new AppError('FORBIDDEN');
    const enterpriseId = actor.scopeCode;
    return this.ds.transaction(async (m) => {
      const r = await m
        .getRepository(ReturnEntity)
        .createQueryBuilder('r')
        .setLock('pessimistic_write')
        .where('r.id = :returnId AND r.enterpriseId = :enterpriseId', { returnId, enterpriseId })
        .getOne();
      if (!r) throw notFound('报表', 'Return');
      if (!EDITABLE_STATUSES.includes(r.status)) {
        throw new AppError('RETURN_STATE', {
          statusZh: RETURN_STATUS_LABELS[r.status].zh,
          statusEn: RETURN_STATUS_LABELS[r.status].en.toLowerCase(),
          actionZh: '填写说明',
          actionEn: 'explained',
        });
      }
      const finding = await m.findOneBy(ValidationFindingEntity, {
        id: findingId,
        returnId,
        revision: r.currentRevision,
      });
      if (!finding) throw notFound('审核问题', 'Finding');
      if (finding.severity !== 'EXPLAIN') throw new AppError('FINDING_NOT_EXPLAINABLE', { severity: finding.severity });
      const others = await m.find(ValidationFindingEntity, {
        where: { returnId, revision: r.currentRevision },
        select: { id: true, explanation: true },
      });
      const problem = explanationProblem(
        text,
        others.filter((f) => f.id !== findingId).map((f) => f.explanation),
        reasonCode,
      );
      if (problem) {
        throw new AppError(
          'EXPLANATION_INVALID',
          { problemZh: problem.message_zh, problemEn: problem.message_en },
          { problem: problem.code },
        );
      }
      const explainedAt = new Date();
      await m.update(
        ValidationFindingEntity,
        { id: findingId },
        {
          status: 'EXPLAINED',
          reasonCode: reasonCode ?? null,
          explanation: text?.trim() || null,
          explainedBy: actor.id,
          explainedAt,
        },
      );
      const all = await m.find(ValidationFindingEntity, { where: { returnId, revision: r.currentRevision } });
      await m.update(ValidationRunEntity, { returnId, revision: r.currentRevision }, runCounts(countsOf(all)));
      await this.audit.append(
        {
          action: 'validation.explain',
          actorId: actor.id,
          actorUsername: actor.username,
          entityType: 'return',
          entityId: returnId,
          details: { findingId, ruleId: finding.ruleId, revision: r.currentRevision, reasonCode: reasonCode ?? null },
        },
        m,
      );
      return view(all.find((f) => f.id === findingId)!);
    });
  }

  /**
   * Part of the worker's job sweep: re-queues returns waiting in VALIDATING whose job is gone (an enqueue lost
   * between commit and Redis, Redis restarted without its data). A job that failed for good stays failed for an
   * administrator to look at (Bull Board, GET /api/validation/failed-jobs); its run is marked FAILED with the
   * reason, also when the job stalled out (its worker died twice), which leaves the run as it was.
   */
  async requeueStuck(): Promise<{ requeued: number; failed: number }> {
    const waiting = await this.ds.getRepository(ReturnEntity).find({
      where: { status: 'VALIDATING' },
      select: { id: true, currentRevision: true },
    });
    let requeued = 0;
    let failed = 0;
    for (const r of waiting) {
      const job = await this.queue.getJob(validationJobId(r.id, r.currentRevision));
      const state = job ? await job.getState() : 'unknown';
      if (state === 'failed') {
        const marked = await this.ds.getRepository(ValidationRunEntity).update(
          { returnId: r.id, revision: r.currentRevision, status: In(['QUEUED', 'RUNNING']) },
          {
            status: 'FAILED',
            error: `校验任务失败，已通知管理员处理 / The validation job failed and is left to an administrator: ${job!.failedReason}`,
          },
        );
        failed += marked.affected ? 1 : 0;
      } else if (state === 'unknown' && (await this.markQueuedIfWaiting(r.id, r.currentRevision))) {
        // Re-checked as the run is marked: a job that finished since the list was read removed itself, and
        // queuing its return again would show a decided return's run as QUEUED until the duplicate ran.
        await this.enqueue(r.id, r.currentRevision, { marked: true });
        requeued += 1;
      }
    }
    return { requeued, failed };
  }

  /**
   * Failed validation jobs for admins, a page of the list contract: by failure time (the queue's own order), or by
   * id or for given ids over every failed job in memory (the queue keeps at most JOB_OPTIONS.removeOnFail of them).
   */
  async failedJobs({
    sort: [field, order],
    range: [start, end],
    filter,
  }: ListParams): Promise<{ total: number; rows: FailedJob[] }> {
    let jobs: Job[];
    let total: number;
    if (field === 'failedAt' && !filter.id) {
      [jobs, total] = await Promise.all([
        this.queue.getJobs(['failed'], start, end, order === 'ASC'),
        this.queue.getFailedCount(),
      ]);
    } else {
      const ids = filter.id as string[] | undefined;
      const found = ids
        ? await Promise.all(
            ids.map(async (id) =>
              (await this.queue.getJobState(id)) === 'failed' ? this.queue.getJob(id) : undefined,
            ),
          )
        : await this.queue.getJobs(['failed']);
      const key = (j: Job) => (field === 'id' ? String(j.id) : String(j.finishedOn ?? 0).padStart(16, '0'));
      const all = found
        .filter((j): j is Job => !!j)
        .sort((a, b) => (order === 'ASC' ? 1 : -1) * key(a).localeCompare(key(b)));
      total = all.length;
      jobs = all.slice(start, end + 1);
    }
    return {
      total,
      rows: jobs.map((j) => ({
        id: String(j.id),
        name: j.name,
        data: j.data,
        failedReason: j.failedReason,
        attemptsMade: j.attemptsMade,
        addedAt: new Date(j.timestamp).toISOString(),
        finishedAt: j.finishedOn ? new Date(j.finishedOn).toISOString() : null,
      })),
    };
  }
}

export function countsOf(findings: readonly Pick<ValidationFindingEntity, 'severity' | 'status'>[]): FindingCounts {
  const counts: FindingCounts = { blocking: 0, explain: 0, unexplained: 0, info: 0 };
  for (const f of findings) {
    if (f.severity === 'BLOCKING') counts.blocking += 1;
    else if (f.severity === 'INFO') counts.info += 1;
    else {
      counts.explain += 1;
      if (f.status !== 'EXPLAINED') counts.unexplained += 1;
    }
  }
  return counts;
}

const runCounts = (c: FindingCounts) => ({
  blockingCount: c.blocking,
  explainCount: c.explain,
  unexplainedCount: c.unexplained,
  infoCount: c.info,
});

export function view(f: ValidationFindingEntity): FindingView {
  return {
    id: f.id,
    revision: f.revision,
    ruleId: f.ruleId,
    severity: f.severity,
    cells: f.cells,
    message_zh: f.messageZh,
    message_en: f.messageEn,
    params: f.params,
    status: f.status,
    reasonCode: f.reasonCode,
    explanation: f.explanation,
    explainedBy: f.explainedBy,
    explainedAt: f.explainedAt?.toISOString() ?? null,
  };
}

/**
 * Share of this return's change (offshore execution + services exports against the firm's previous approved
 * quarter) in the provincial total of the period's approved data (libs/shared `materiality`).
 */
function materialityOf(content: ReturnContent, cnyPerUsd: number, input: CheckInput, provincialTotal: number): number {
  const offshore = new Set([...input.ctx.contracts].filter(([, c]) => c.offshore).map(([no]) => no));
  const previous = input.previousApproved
    ? headlineTotals(input.previousApproved.content, input.previousApproved.cnyPerUsd, offshore)
    : null;
  return materiality(headlineTotals(content, cnyPerUsd, offshore), previous, provincialTotal);
}
