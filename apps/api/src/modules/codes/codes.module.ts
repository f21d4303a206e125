import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { CodeItemEntity } from './code-item.entity';
import { CodesController } from './codes.controller';
import { CodesService } from './codes.service';
import { ContinentMemberEntity } from './economy-group-member.entity';
import { ContinentMembersController, PartnerGroupsController } from './economy-groups.controller';
import { EconomyGroupsService } from './economy-groups.service';
import { PartnerGroupMemberEntity } from './partner-group-member.entity';

@Module({
  imports: [TypeOrmModule.forFeature([CodeItemEntity, PartnerGroupMemberEntity, ContinentMemberEntity]), AuditModule],
  controllers: [CodesController, PartnerGroupsController, ContinentMembersController],
  providers: [CodesService, EconomyGroupsService],
  exports: [CodesService, EconomyGroupsService],
})
export class CodesModule {}
