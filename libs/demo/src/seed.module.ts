import { DynamicModule, Module } from '@nestjs/common';
import { CoreModule } from '../../../apps/api/src/core/core.module';
import type { AppConfig } from '../../../apps/api/src/core/config/config';
import { EnterprisesModule } from '../../../apps/api/src/modules/enterprises/enterprises.module';
import { ExchangeModule } from '../../../apps/api/src/modules/exchange/exchange.module';
import { PeriodsModule } from '../../../apps/api/src/modules/periods/periods.module';
import { QueuesModule } from '../../../apps/api/src/modules/queues/queues.module';
import { ReturnsModule } from '../../../apps/api/src/modules/returns/returns.module';
import { UsersModule } from '../../../apps/api/src/modules/users/users.module';

/** The API's services the demo seed loads its data through (no HTTP, no queue processors). */
@Module({})
export class DemoSeedModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: DemoSeedModule,
      imports: [
        CoreModule.forRoot(config, { http: false, process: 'seed' }),
        QueuesModule,
        EnterprisesModule,
        ExchangeModule,
        PeriodsModule,
        ReturnsModule,
        UsersModule,
      ],
    };
  }
}
