import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { CONFIG, type AppConfig } from '../../core/config/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { CodesModule } from '../codes/codes.module';
import { QueuesModule } from '../queues/queues.module';
import { ReturnsModule } from '../returns/returns.module';
import { ValidationModule } from '../validation/validation.module';
import { ExchangeController } from './exchange.controller';
import { ExportService } from './export.service';
import { ImportJobEntity, ImportUploadEntity } from './import-job.entity';
import { ImportsService } from './imports.service';
import { TemplateService } from './template.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([ImportJobEntity, ImportUploadEntity]),
    QueuesModule,
    // Uploads stay in memory up to the configured limit; a larger one is refused with 413 before it is stored.
    MulterModule.registerAsync({
      inject: [CONFIG],
      useFactory: (config: AppConfig) => ({ limits: { fileSize: config.UPLOAD_LIMIT_BYTES, files: 1, fields: 10 } }),
    }),
    AuditModule,
    CodesModule,
    ReturnsModule,
    ValidationModule,
  ],
  controllers: [ExchangeController],
  providers: [ImportsService, ExportService, TemplateService],
  exports: [ImportsService, ExportService],
})
export class ExchangeModule {}
