import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { CoreModule } from './core/core.module';
import type { AppConfig } from './core/config/config';
import { AuditModule } from './modules/audit/audit.module';
import { ExchangeModule } from './modules/exchange/exchange.module';
import { ImportsProcessor } from './modules/exchange/imports.processor';
import { ExportsModule } from './modules/exports/exports.module';
import { ExportsProcessor } from './modules/exports/exports.processor';
import { NotificationsModule } from './modules/notifications/notifications.module';
import { NotificationsProcessor } from './modules/notifications/notifications.processor';
import { JobContextSetup } from './core/queue/job-context';
import { JobSweep } from './modules/queues/job-sweep';
import { MaintenanceProcessor } from './modules/queues/maintenance.processor';
import { QueuesModule } from './modules/queues/queues.module';
import { ValidationModule } from './modules/validation/validation.module';
import { ValidationProcessor } from './modules/validation/validation.processor';
import { ReviewModule } from './modules/review/review.module';
import { TechnologyContractsModule } from './modules/technology-contracts/technology-contracts.module';

/** The worker process: BullMQ processors, no HTTP. Processors only call services. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        CoreModule.forRoot(config, { http: false, process: 'worker' }),
        DiscoveryModule,
        QueuesModule,
        AuditModule,
        ValidationModule,
        NotificationsModule,
        ReviewModule,
        TechnologyContractsModule,
        ExchangeModule,
        ExportsModule,
      ],
      providers: [
        // Every job's log lines carry its request id, job id and queue; its duration goes to the metrics.
        JobContextSetup,
        JobSweep,
        MaintenanceProcessor,
        NotificationsProcessor,
        ImportsProcessor,
        ValidationProcessor,
        ExportsProcessor,
      ],
    };
  }
}
