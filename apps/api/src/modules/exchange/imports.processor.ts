import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { QUEUES } from '../../core/queue/queues';
import { ImportsService } from './imports.service';

@Processor(QUEUES.imports)
export class ImportsProcessor extends WorkerHost {
  private readonly log = new Logger('imports');

  constructor(private readonly imports: ImportsService) {
    super();
  }

  async process(job: Job<{ importId: string }>) {
    const result = await this.imports.run(job.data.importId);
    return { status: result.status, errorCount: result.errorCount };
  }

  /** After the last attempt the upload is marked failed, so the firm sees an answer instead of a job stuck running. */
  @OnWorkerEvent('failed')
  async onFailed(job: Job<{ importId: string }> | undefined, err: Error) {
    if (!job) return;
    this.log.error({ importId: job.data.importId, attempt: job.attemptsMade, err }, 'import attempt failed');
    if (job.attemptsMade >= (job.opts.attempts ?? 1)) await this.imports.markCrashed(job.data.importId);
  }
}
