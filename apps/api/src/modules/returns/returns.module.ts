import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { CodesModule } from '../codes/codes.module';
import { EnterprisesModule } from '../enterprises/enterprises.module';
import { PeriodsModule } from '../periods/periods.module';
import { ValidationModule } from '../validation/validation.module';
import { ReturnLifecycleModule } from './lifecycle/return-lifecycle.module';
import { ContractEntity, ReturnEntity, ReturnRevisionEntity } from './return.entity';
import { ReturnsController } from './returns.controller';
import { ReturnsService } from './returns.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([ReturnEntity, ReturnRevisionEntity, ContractEntity]),
    AuditModule,
    CodesModule,
    EnterprisesModule,
    PeriodsModule,
    ValidationModule,
    ReturnLifecycleModule,
  ],
  controllers: [ReturnsController],
  providers: [ReturnsService],
  exports: [ReturnsService],
})
export class ReturnsModule {}
