import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { CodesModule } from '../codes/codes.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { QueuesModule } from '../queues/queues.module';
import { ValidationModule } from '../validation/validation.module';
import { ContractChecks } from './contract-checks';
import { ContractLifecycle } from './contract-lifecycle';
import { TechnologyContractsController } from './technology-contracts.controller';
import { TechnologyContractsRepository } from './technology-contracts.repository';
import { TechnologyContractsService } from './technology-contracts.service';

/**
 * Technology import and export contracts (DOMAIN.md §8): storage and reads, the registration workflow
 * (contract-lifecycle.ts), the R-TEC checks the worker runs (contract-checks.ts, on the validation queue) and the API.
 */
@Module({
  imports: [AuditModule, CodesModule, NotificationsModule, QueuesModule, ValidationModule],
  controllers: [TechnologyContractsController],
  providers: [TechnologyContractsRepository, TechnologyContractsService, ContractChecks, ContractLifecycle],
  exports: [TechnologyContractsRepository, TechnologyContractsService, ContractChecks],
})
export class TechnologyContractsModule {}
