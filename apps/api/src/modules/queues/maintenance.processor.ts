import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { QUEUES } from '../../core/queue/queues';
import { AuditService } from '../audit/audit.service';

/** Housekeeping jobs; `audit.verify` re-walks the audit hash chain (scheduled hourly by the worker). */
@Processor(QUEUES.maintenance)
export class MaintenanceProcessor extends WorkerHost {
  private readonly log = new Logger('maintenance');

  constructor(private readonly audit: AuditService) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case 'audit.verify': {
        const result = await this.audit.verify();
        if (!result.ok) this.log.error({ firstBrokenId: result.firstBrokenId }, 'audit chain broken');
        return result;
      }
      default:
        throw new Error(`no handler for ${job.name}`);
    }
  }
}
