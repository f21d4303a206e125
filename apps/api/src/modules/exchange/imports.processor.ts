import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { QUEUES } from '../../core/queue/queues';
import { ImportsService } from './imports.service';

@Processor(QUEUES.imports)
export class ImportsProcessor extends WorkerHost {
  constructor(private readonly imports: ImportsService) {
    super();
  }

  async process(job: Job<{ importId: string }>) {
    const result = await this.imports.run(job.data.importId);
    return { status: result.status, errorCount: result.errorCount };
  }
}
