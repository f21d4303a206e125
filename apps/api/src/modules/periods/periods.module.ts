import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { EnterprisesModule } from '../enterprises/enterprises.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { HolidayEntity, ObligationExemptionEntity, PeriodEntity, PeriodExtensionEntity } from './period.entity';
import { PeriodsController } from './periods.controller';
import { PeriodsService } from './periods.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([PeriodEntity, HolidayEntity, PeriodExtensionEntity, ObligationExemptionEntity]),
    AuditModule,
    EnterprisesModule,
    NotificationsModule,
  ],
  controllers: [PeriodsController],
  providers: [PeriodsService],
  exports: [PeriodsService],
})
export class PeriodsModule {}
