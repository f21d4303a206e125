import { Injectable, Module } from '@nestjs/common';
import { NotificationsModule } from '../../notifications/notifications.module';
import { NotificationsService } from '../../notifications/notifications.service';
import { ReturnLifecycle, type ReturnApplied } from './return-lifecycle';

/**
 * The return lifecycle for Nest services: the same calls as `ReturnLifecycle` (which a seed or a batch import
 * constructs itself), plus the mail of the steps' notifications once the caller's transaction has committed.
 */
@Injectable()
export class ReturnLifecycleService extends ReturnLifecycle {
  constructor(private readonly notifications: NotificationsService) {
    super();
  }

  /** Queues the mail of what the applied steps told (after the commit; a failure is logged, the sweep retries). */
  async afterCommit(...applied: (ReturnApplied | readonly ReturnApplied[] | null | undefined)[]): Promise<void> {
    const ids = applied.flat().flatMap((a) => (a ? a.notificationIds : []));
    await this.notifications.queueMail(ids);
  }
}

/** Depends on notifications only, so returns, review, validation and imports may all import it without a cycle. */
@Module({
  imports: [NotificationsModule],
  providers: [ReturnLifecycleService],
  exports: [ReturnLifecycleService],
})
export class ReturnLifecycleModule {}
