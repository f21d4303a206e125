import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { QUEUES } from '../../core/queue/queues';
import { ExportsService } from './exports.service';
import { JobContext } from '../../core/queue/job-context';

@Processor(QUEUES.exports)
export class ExportsProcessor extends WorkerHost {
  private readonly log = new Logger('exports');

  constructor(private readonly exports: ExportsService) {
    super();
  }

  @JobContext()
  async process(job: Job<{ exportId: string }>) {
    await this.exports.run(job.data.exportId, (p) => job.updateProgress(Math.round(p)));
  }

  /**
   * Every failed attempt; the export ends FAILED when BullMQ will not try again, whether the attempts ran out or
   * the job stalled out (its worker died twice: BullMQ fails it without using up the attempts).
   */
  @OnWorkerEvent('failed')
  async onFailed(job: Job<{ exportId: string }> | undefined, err: Error) {
    if (!job) return;
    this.log.error({ exportId: job.data.exportId, attempt: job.attemptsMade, err }, 'export attempt failed');
    await this.exports.settle(job.data.exportId);
  }
}
