import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { PeriodsModule } from '../periods/periods.module';
import { ReturnLifecycleModule } from '../returns/lifecycle/return-lifecycle.module';
import { ReturnsModule } from '../returns/returns.module';
import { InboxService } from './inbox.service';
import { ReturnReviewController, ReviewDeskController } from './review.controller';
import { ReviewService } from './review.service';

@Module({
  imports: [AuditModule, NotificationsModule, PeriodsModule, ReturnsModule, ReturnLifecycleModule],
  controllers: [ReturnReviewController, ReviewDeskController],
  providers: [ReviewService, InboxService],
  exports: [ReviewService, InboxService],
})
export class ReviewModule {}
