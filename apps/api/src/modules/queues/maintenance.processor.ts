import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { QUEUES } from '../../core/queue/queues';
import { AuditService } from '../audit/audit.service';
import { InboxService } from '../review/inbox.service';
import { JOB_SWEEP, JobSweep } from './job-sweep';
import { JobContext } from '../../core/queue/job-context';

/**
 * Housekeeping jobs, scheduled by the worker: `audit.verify` re-walks the audit hash chain (hourly);
 * `review.escalate` reports returns waiting past their review SLA to the province (hourly, idempotent);
 * `jobs.sweep` repairs the jobs of every queue that Redis lost or BullMQ gave up on (job-sweep.ts).
 */
@Processor(QUEUES.maintenance)
export class MaintenanceProcessor extends WorkerHost {
  private readonly log = new Logger('maintenance');

  constructor(
    private readonly audit: AuditService,
    private readonly inbox: InboxService,
    private readonly sweep: JobSweep,
  ) {
    super();
  }

  @JobContext()
  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case 'audit.verify': {
        const result = await this.audit.verify();
        if (!result.ok) {
          this.log.error(
            { breakCount: result.breakCount, breaks: result.breaks.slice(0, 20) },
            `audit chain broken in ${result.breakCount} place(s)`,
          );
        }
        return result;
      }
      case 'review.escalate':
        return this.inbox.escalate();
      case JOB_SWEEP:
        return this.sweep.run();
      default:
        throw new Error(`no handler for ${job.name}`);
    }
  }
}
