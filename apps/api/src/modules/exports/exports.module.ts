import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { OfficialTablesModule } from '../official-tables/official-tables.module';
import { QueuesModule } from '../queues/queues.module';
import { ExportFileChunkEntity, ExportJobEntity } from './export-job.entity';
import { ExportsController } from './exports.controller';
import { ExportsService } from './exports.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([ExportJobEntity, ExportFileChunkEntity]),
    QueuesModule,
    AuditModule,
    OfficialTablesModule,
  ],
  controllers: [ExportsController],
  providers: [ExportsService],
  exports: [ExportsService],
})
export class ExportsModule {}
