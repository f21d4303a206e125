import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { CodeItemEntity } from '../codes/code-item.entity';
import { EnterpriseEntity } from '../enterprises/enterprise.entity';
import { AccountLinkEntity } from './account-link.entity';
import { AccountLinksRepository } from './account-links.repository';
import { UserEntity } from './user.entity';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([UserEntity, CodeItemEntity, EnterpriseEntity, AccountLinkEntity]), AuditModule],
  controllers: [UsersController],
  providers: [UsersService, AccountLinksRepository],
  exports: [UsersService, AccountLinksRepository],
})
export class UsersModule {}
