import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { CodesModule } from '../codes/codes.module';
import { UserEntity } from '../users/user.entity';
import { UsersModule } from '../users/users.module';
import { EnterpriseProfileEntity } from './enterprise-profile.entity';
import { EnterpriseEntity } from './enterprise.entity';
import { EnterprisesController, ProfileChangesController } from './enterprises.controller';
import { EnterprisesService } from './enterprises.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([EnterpriseEntity, EnterpriseProfileEntity, UserEntity]),
    AuditModule,
    CodesModule,
    UsersModule,
  ],
  controllers: [EnterprisesController, ProfileChangesController],
  providers: [EnterprisesService],
  exports: [EnterprisesService],
})
export class EnterprisesModule {}
