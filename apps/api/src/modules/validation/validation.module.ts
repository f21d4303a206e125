import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { CodesModule } from '../codes/codes.module';
import { QueuesModule } from '../queues/queues.module';
import { ReturnLifecycleModule } from '../returns/lifecycle/return-lifecycle.module';
import { RulesService } from './rules.service';
import { ValidationController } from './validation.controller';
import { ValidationService } from './validation.service';

/**
 * Validation of returns and the rule catalogue. The worker adds ValidationProcessor; the returns module uses
 * ValidationService to queue checks and to refuse a submission that is known to fail.
 */
@Module({
  imports: [AuditModule, CodesModule, QueuesModule, ReturnLifecycleModule],
  controllers: [ValidationController],
  providers: [ValidationService, RulesService],
  exports: [ValidationService, RulesService],
})
export class ValidationModule {}
