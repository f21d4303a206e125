import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { CoreModule } from './core/core.module';
import type { AppConfig } from './core/config/config';
import { AuditModule } from './modules/audit/audit.module';
import { AuthModule } from './modules/auth/auth.module';
import { CodesModule } from './modules/codes/codes.module';
import { EnterprisesModule } from './modules/enterprises/enterprises.module';
import { ExchangeModule } from './modules/exchange/exchange.module';
import { ExportsModule } from './modules/exports/exports.module';
import { OfficialTablesModule } from './modules/official-tables/official-tables.module';
import { HealthModule } from './modules/health/health.module';
import { NotificationsModule } from './modules/notifications/notifications.module';
import { PeriodsModule } from './modules/periods/periods.module';
import { QueuesModule } from './modules/queues/queues.module';
import { ReturnsModule } from './modules/returns/returns.module';
import { ReviewModule } from './modules/review/review.module';
import { UsersModule } from './modules/users/users.module';
import { TechnologyContractsModule } from './modules/technology-contracts/technology-contracts.module';
import { ValidationModule } from './modules/validation/validation.module';

/** The HTTP API process. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config, { http: true, process: 'api' }),
        DiscoveryModule,
        QueuesModule,
        HealthModule,
        AuditModule,
        AuthModule,
        UsersModule,
        CodesModule,
        EnterprisesModule,
        PeriodsModule,
        ReturnsModule,
        TechnologyContractsModule,
        ValidationModule,
        ReviewModule,
        NotificationsModule,
        ExchangeModule,
        OfficialTablesModule,
        ExportsModule,
      ],
    };
  }
}
