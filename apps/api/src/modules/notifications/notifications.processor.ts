import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { QUEUES } from '../../core/queue/queues';
import { DIRECT_MAIL_JOB, MAIL_JOB, NotificationsService, type DirectMail } from './notifications.service';
import { JobContext } from '../../core/queue/job-context';

/** Mails notifications; retried with backoff by BullMQ when the mail server is unreachable. */
@Processor(QUEUES.notifications)
export class NotificationsProcessor extends WorkerHost {
  constructor(private readonly notifications: NotificationsService) {
    super();
  }

  @JobContext()
  async process(job: Job): Promise<unknown> {
    if (job.name === MAIL_JOB) return this.notifications.mail((job.data as { notificationId: string }).notificationId);
    if (job.name === DIRECT_MAIL_JOB) return this.notifications.sendDirect(job.data as DirectMail);
    throw new Error(`no handler for ${job.name}`);
  }
}
