import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { JobsOptions, Queue } from 'bullmq';
import { DataSource, type EntityManager, In } from 'typeorm';
import { codeLookup, runRulesFor, type Finding, type TechnologyContractContext } from '@portal/rules';
import {
  isIsoDate,
  periodBounds,
  toUsd,
  type FindingCounts,
  type FindingView,
  type TechnologyContract,
} from '@portal/shared';
import { QUEUES } from '../../core/queue/queues';
import { canonicalJson } from '../audit/audit.service';
import { CodesService } from '../codes/codes.service';
import { endOfShanghaiDay, shanghaiDate } from '../periods/calendar';
import { RulesService } from '../validation/rules.service';
import { ContractLifecycle, type AfterCommit } from './contract-lifecycle';
import { TechnologyContractCheckEntity } from './contract-workflow.entity';
import { TechnologyContractEntity, TechnologyContractVersionEntity } from './technology-contract.entity';
import { documentOf } from './technology-contracts.repository';
import { createHash } from 'node:crypto';

/** The validation queue's job for a contract version (returns use `validate`). */
export const VALIDATE_CONTRACT_JOB = 'validate-technology-contract';

/** One job per version; BullMQ refuses ':' in custom ids. */
export const contractJobId = (contractId: string, version: number) => `tc.${contractId}.${version}`;

const JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { count: 1000, age: 24 * 3600 },
  removeOnFail: { count: 5000, age: 30 * 24 * 3600 },
};

/** SHA-256 of a document's canonical JSON: what the certificate prints and what a check is of. */
export const documentHash = (doc: TechnologyContract) => createHash('sha256').update(canonicalJson(doc)).digest('hex');

/** A finding's key: its rule and fields (an explanation stays with it across re-checks). */
export const findingKey = (f: Pick<Finding, 'ruleId' | 'cells'>) => [f.ruleId, ...f.cells].join('|');

type Explanations = TechnologyContractCheckEntity['explanations'];

/** Findings as the API shows them (the shape of a return's findings), with the firm's explanations. */
export function findingViews(findings: Finding[], version: number, explanations: Explanations): FindingView[] {
  return findings.map((f) => {
    const key = findingKey(f);
    const e = f.severity === 'EXPLAIN' ? explanations[key] : undefined;
    return {
      id: key,
      revision: version,
      ruleId: f.ruleId,
      severity: f.severity,
      cells: f.cells,
      message_zh: f.message_zh,
      message_en: f.message_en,
      params: f.params,
      status: e ? 'EXPLAINED' : 'OPEN',
      reasonCode: e?.reasonCode ?? null,
      explanation: e?.text ?? null,
      explainedBy: e?.by ?? null,
      explainedAt: e?.at ?? null,
    };
  });
}

export function countsOf(findings: readonly FindingView[]): FindingCounts {
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

export const stops = (f: FindingView) =>
  f.severity === 'BLOCKING' || (f.severity === 'EXPLAIN' && f.status !== 'EXPLAINED');

/**
 * The R-TEC rules (libs/rules, the same catalogue and code the browser runs) applied to a contract version: the
 * context built from the database, the queued check of the worker and what it decides for a filing.
 */
@Injectable()
export class ContractChecks {
  private readonly log = new Logger('contract-checks');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @InjectQueue(QUEUES.validation) private readonly queue: Queue,
    private readonly codes: CodesService,
    private readonly rules: RulesService,
    private readonly lifecycle: ContractLifecycle,
  ) {}

  /**
   * Periods open for registration for a firm now: from the first day of the quarter (a contract is registered as it
   * is signed, without waiting for the quarter's filing window) until the period's lock date, or later with an
   * extension of the firm.
   */
  async openPeriods(m: EntityManager, enterpriseId: string, now = new Date()): Promise<string[]> {
    const today = shanghaiDate(now);
    const rows: { code: string; lock_date: string; extended: boolean }[] = await m.query(
      `SELECT p.code, to_char(p.lock_date, 'YYYY-MM-DD') AS lock_date,
              EXISTS (SELECT 1 FROM period_extension x WHERE x.period_code = p.code AND x.enterprise_id = $1
                        AND x.until > $2) AS extended
         FROM period p ORDER BY p.code`,
      [enterpriseId, now],
    );
    return rows
      .filter((p) => periodBounds(p.code).start <= today && (p.extended || now < endOfShanghaiDay(p.lock_date)))
      .map((p) => p.code);
  }

  /** The rule context of a version: today, open periods, codes of the signing date, the firm's other contracts. */
  async context(
    m: EntityManager,
    c: TechnologyContractEntity,
    v: TechnologyContractVersionEntity,
  ): Promise<TechnologyContractContext> {
    const doc = documentOf(c, v);
    const today = shanghaiDate();
    const lists = await this.codes.listsOn(isIsoDate(doc.signedDate) ? doc.signedDate : today, m);
    const others: { contract_no: string; amount_usd: string | null }[] = await m.query(
      `SELECT c.contract_no, CASE WHEN c.status <> 'CANCELLED' THEN rv.contract_amount_usd END AS amount_usd
         FROM technology_contract c
         LEFT JOIN technology_contract_version rv ON rv.contract_id = c.id AND rv.version = c.registered_version
        WHERE c.enterprise_id = $1 AND c.id <> $2 AND c.status <> 'CANCELLED'`,
      [c.enterpriseId, c.id],
    );
    return {
      contract: doc,
      today,
      openPeriods: await this.openPeriods(m, c.enterpriseId),
      cnyPerUsd: Number(v.cnyPerUsd),
      codes: codeLookup({
        'technology-modes': (lists.get('technology-modes') ?? []).map((x) => x.code),
        'partner-economies': (lists.get('partner-economies') ?? []).map((x) => x.code),
      }),
      otherContractNos: new Set(others.map((o) => o.contract_no)),
      registeredAmountsUsd: others.filter((o) => o.amount_usd !== null).map((o) => Number(o.amount_usd)),
    };
  }

  /**
   * The findings of a version with the overrides in force for its signing quarter. A cancellation repeats the
   * registered content, checked when it was registered: it has none.
   */
  async findings(m: EntityManager, c: TechnologyContractEntity, v: TechnologyContractVersionEntity) {
    if (v.kind === 'CANCELLATION') return [];
    const [ctx, overrides] = await Promise.all([this.context(m, c, v), this.rules.overridesFor(v.periodCode)]);
    return runRulesFor('technology-contract', ctx, overrides);
  }

  /** The check row of a version, or null. */
  checkOf(m: EntityManager, contractId: string, version: number) {
    return m.findOneBy(TechnologyContractCheckEntity, { contractId, version });
  }

  /** Marks the version's check QUEUED inside the caller's transaction; `enqueue` after the commit. */
  async markQueued(m: EntityManager, contractId: string, version: number): Promise<void> {
    await m
      .createQueryBuilder()
      .insert()
      .into(TechnologyContractCheckEntity)
      .values({ contractId, version, status: 'QUEUED' })
      .orUpdate(['status'], ['contract_id', 'version'])
      .execute();
  }

  /** Queues the worker's check of a version (after the commit that wrote it); a Redis failure is logged only. */
  async enqueue(contractId: string, version: number): Promise<void> {
    const jobId = contractJobId(contractId, version);
    try {
      const state = await this.queue.getJobState(jobId);
      if (state === 'completed' || state === 'failed') await this.queue.remove(jobId);
      await this.queue.add(VALIDATE_CONTRACT_JOB, { contractId, version }, { ...JOB_OPTIONS, jobId });
    } catch (e) {
      this.log.error({ err: e, contractId, version }, 'contract check not queued');
    }
  }

  /**
   * The worker's job: checks one version, stores its findings (keeping explanations), its materiality, and decides a
   * filing waiting in VALIDATING at this version: on to the city (SUBMITTED, or CHANGE_REQUESTED for a change of a
   * registered contract) or back to the firm's draft. Idempotent: a re-run replaces the version's findings.
   */
  async checkVersion(contractId: string, version: number) {
    let after: AfterCommit | null = null;
    const outcome = await this.ds.transaction(async (m) => {
      const c = await m
        .getRepository(TechnologyContractEntity)
        .createQueryBuilder('c')
        .setLock('pessimistic_write')
        .where('c.id = :contractId', { contractId })
        .getOne();
      const v = c ? await m.findOneBy(TechnologyContractVersionEntity, { contractId, version }) : null;
      if (!c || !v) return null;
      const previous = await this.checkOf(m, contractId, version);
      const explanations = previous?.explanations ?? {};
      const views = findingViews(await this.findings(m, c, v), version, explanations);
      const counts = countsOf(views);
      const materiality = await this.materiality(m, c, v);
      await m.upsert(
        TechnologyContractCheckEntity,
        {
          contractId,
          version,
          status: 'DONE',
          findings: views,
          explanations,
          contentHash: documentHash(documentOf(c, v)),
          materiality,
          error: null,
          finishedAt: new Date(),
        },
        ['contractId', 'version'],
      );
      let transition: string | null = null;
      if (c.status === 'VALIDATING' && c.currentVersion === version) {
        const passed = counts.blocking === 0 && counts.unexplained === 0;
        const action = !passed
          ? 'validation-failed'
          : c.registeredVersion !== null
            ? 'change-validation-passed'
            : 'validation-passed';
        if (!passed) await m.update(TechnologyContractVersionEntity, { id: v.id }, { frozen: false });
        after = await this.lifecycle.apply(m, c, { action, actor: null, details: { ...counts } });
        transition = action;
      }
      return { contractId, version, counts, transition };
    });
    if (after) await (after as AfterCommit)();
    return outcome;
  }

  /**
   * Part of the worker's job sweep: a filing waiting in VALIDATING whose job Redis lost is queued again; one whose
   * job failed for good has its check marked FAILED with the reason, for an administrator (Bull Board).
   */
  async requeueStuck(): Promise<{ requeued: number; failed: number }> {
    const waiting = await this.ds.getRepository(TechnologyContractEntity).find({
      where: { status: 'VALIDATING' },
      select: { id: true, currentVersion: true },
    });
    let requeued = 0;
    let failed = 0;
    for (const c of waiting) {
      const job = await this.queue.getJob(contractJobId(c.id, c.currentVersion));
      const state = job ? await job.getState() : 'unknown';
      if (state === 'failed') {
        const marked = await this.ds
          .getRepository(TechnologyContractCheckEntity)
          .update(
            { contractId: c.id, version: c.currentVersion, status: In(['QUEUED', 'RUNNING']) },
            { status: 'FAILED', error: `校验任务失败 / The check job failed: ${job!.failedReason}` },
          );
        failed += marked.affected ? 1 : 0;
      } else if (state === 'unknown') {
        await this.enqueue(c.id, c.currentVersion);
        requeued += 1;
      }
    }
    return { requeued, failed };
  }

  /** The contract's share of the registered contracts of its province and quarter, this one included (0–1). */
  private async materiality(m: EntityManager, c: TechnologyContractEntity, v: TechnologyContractVersionEntity) {
    const amount = Number(v.contractAmountUsd);
    const [{ total }]: { total: string }[] = await m.query(
      `SELECT COALESCE(sum(rv.contract_amount_usd), 0) AS total
         FROM technology_contract c
         JOIN technology_contract_version rv ON rv.contract_id = c.id AND rv.version = c.registered_version
        WHERE c.province_code = $1 AND rv.period_code = $2 AND c.status <> 'CANCELLED' AND c.id <> $3`,
      [c.provinceCode, v.periodCode, c.id],
    );
    return amount === 0 ? 0 : amount / (Number(total) + amount);
  }

  /** USD amounts of a document at a rate (what the tables sum). */
  static usdAmounts(doc: TechnologyContract, cnyPerUsd: number) {
    const usd = (a: number) => toUsd(a, doc.currency === 'CNY' ? 'CNY' : 'USD', cnyPerUsd).toFixed(2);
    return {
      techFeeUsd: usd(doc.techFee),
      equipmentFeeUsd: usd(doc.equipmentFee),
      contractAmountUsd: usd(doc.contractAmount),
    };
  }
}
