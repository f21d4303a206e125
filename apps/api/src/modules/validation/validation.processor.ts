import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bullmq';
import { CONFIG, type AppConfig } from '../../core/config/config';
import { QUEUES } from '../../core/queue/queues';
import { ContractChecks, VALIDATE_CONTRACT_JOB } from '../technology-contracts/contract-checks';
import { VALIDATE_JOB, ValidationService } from './validation.service';
import { JobContext } from '../../core/queue/job-context';

/**
 * Validation jobs. A validation takes milliseconds, so a short lock lets a restarted worker take over the jobs of
 * a crashed one within seconds instead of the default half minute; a second stall is still not a failure.
 */
@Processor(QUEUES.validation, { lockDuration: 10_000, stalledInterval: 10_000, maxStalledCount: 2 })
export class ValidationProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly log = new Logger('validation');

  constructor(
    private readonly validation: ValidationService,
    private readonly contractChecks: ContractChecks,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  /** The decorator's options are static; the concurrency comes from the configuration. */
  onApplicationBootstrap() {
    this.worker.concurrency = this.config.WORKER_CONCURRENCY;
  }

  @JobContext()
  /** Returns (`validate`) and technology contract versions (`validate-technology-contract`) share the queue. */
  async process(
    job: Job<{ returnId: string; revision: number } | { contractId: string; version: number }>,
  ): Promise<unknown> {
    if (job.name === VALIDATE_CONTRACT_JOB && 'contractId' in job.data)
      return this.contractChecks.checkVersion(job.data.contractId, job.data.version);
    if (job.name !== VALIDATE_JOB || !('returnId' in job.data)) throw new Error(`no handler for ${job.name}`);
    const outcome = await this.validation.validateRevision(job.data.returnId, job.data.revision, { once: true });
    // A job delivered again (after a Redis failover or a lost lock) for a revision checked already.
    if (outcome?.skipped)
      this.log.log({ returnId: job.data.returnId, revision: job.data.revision }, 'validation already done');
    return outcome;
  }
}
