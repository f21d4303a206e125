import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { QUEUES } from '../../core/queue/queues';
import { MAIL_JOB, NotificationsService } from './notifications.service';

/** Mails notifications; retried with backoff by BullMQ when the mail server is unreachable. */
@Processor(QUEUES.notifications)
export class NotificationsProcessor extends WorkerHost {
  constructor(private readonly notifications: NotificationsService) {
    super();
  }

  async process(job: Job<{ notificationId: string }>): Promise<unknown> {
    if (job.name === MAIL_JOB) return this.notifications.mail(job.data.notificationId);
    throw new Error(`no handler for ${job.name}`);
  }
}
