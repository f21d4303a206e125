import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { QUEUES } from '../../core/queue/queues';
import { ImportsService } from './imports.service';
import { JobContext } from '../../core/queue/job-context';

@Processor(QUEUES.imports)
export class ImportsProcessor extends WorkerHost {
  private readonly log = new Logger('imports');

  constructor(private readonly imports: ImportsService) {
    super();
  }

  @JobContext()
  async process(job: Job<{ importId: string }>) {
    const result = await this.imports.run(job.data.importId);
    return { status: result.status, errorCount: result.errorCount };
  }

  /**
   * Every failed attempt; the import ends FAILED when BullMQ will not try again, whether the attempts ran out or
   * the job stalled out (its worker died twice: BullMQ fails it without using up the attempts).
   */
  @OnWorkerEvent('failed')
  async onFailed(job: Job<{ importId: string }> | undefined, err: Error) {
    if (!job) return;
    this.log.error({ importId: job.data.importId, attempt: job.attemptsMade, err }, 'import attempt failed');
    await this.imports.settle(job.data.importId);
  }
}
