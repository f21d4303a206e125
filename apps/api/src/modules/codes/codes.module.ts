import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { CodeItemEntity } from './code-item.entity';
import { CodesController } from './codes.controller';
import { CodesService } from './codes.service';
import { PartnerGroupMemberEntity } from './partner-group-member.entity';

@Module({
  imports: [TypeOrmModule.forFeature([CodeItemEntity, PartnerGroupMemberEntity]), AuditModule],
  controllers: [CodesController],
  providers: [CodesService],
  exports: [CodesService],
})
export class CodesModule {}
