import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ExportCreated } from '@portal/shared';
import { ExportCreatedDto, ExportJobViewDto } from '../../core/http/response-dtos';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import type { Response } from 'express';
import type { AuthUser } from '../../core/auth/auth-user';
import { ApiFile } from '../../core/http/api-file';
import { Authenticated, CurrentUser } from '../../core/auth/authenticated.decorator';
import { RateLimit } from '../../core/http/rate-limits';
import { IsTablePeriod, UuidPipe } from '../../core/validation/pipes';
import { ExportsService } from './exports.service';

export class CreateExportDto {
  /** A table id, "all" (a workbook of every table) or "detail" (line items of approved returns). */
  @IsOptional() @IsString() @MaxLength(40) tableId?: string;
  @IsOptional() @IsIn(['all', 'detail']) target?: 'all' | 'detail';
  @IsString() @IsTablePeriod() period!: string;
  @IsOptional() @IsString() @MaxLength(20) territory?: string;
  @IsOptional() @IsIn(['USD', 'CNY']) currency?: 'USD' | 'CNY';
}

const uuid = new UuidPipe();

@ApiTags('exports')
@Controller('exports')
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  /** Queues an Excel export: `{ tableId }`, `{ tableId: "all" }` or `{ tableId: "detail" }` (or `target`). */
  @ApiOperation({ summary: '生成 Excel 报表 · Queue an Excel export' })
  @Post()
  @HttpCode(202)
  @ApiAcceptedResponse({ type: ExportCreatedDto })
  @Authenticated({ permission: 'tables.export' })
  @RateLimit('exports')
  create(@Body() dto: CreateExportDto, @CurrentUser() user: AuthUser): Promise<ExportCreated> {
    const target = dto.target ?? dto.tableId ?? 'all';
    return this.exports.create(user, { target, period: dto.period, territory: dto.territory, currency: dto.currency });
  }

  @ApiOperation({ summary: '导出任务 · One export job' })
  @Get(':id')
  @ApiOkResponse({ type: ExportJobViewDto })
  @Authenticated({ permission: 'tables.export' })
  get(@Param('id', uuid) id: string, @CurrentUser() user: AuthUser) {
    return this.exports.get(user, id);
  }

  /** Runs a FAILED export again (its requester or an administrator); 409 JOB_NOT_RETRYABLE otherwise. */
  @ApiOperation({ summary: '重新导出 · Run a failed export again' })
  @Post(':id/retry')
  @ApiAcceptedResponse({ type: ExportJobViewDto })
  @HttpCode(202)
  @Authenticated({ permission: 'tables.export' })
  retry(@Param('id', uuid) id: string, @CurrentUser() user: AuthUser) {
    return this.exports.retry(user, id);
  }

  /** The workbook; only its requester or an administrator, audited as an export. */
  @ApiOperation({ summary: '下载导出文件 · Download the exported workbook' })
  @Get(':id/file')
  @ApiFile('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @Authenticated({ permission: 'tables.export' })
  @RateLimit('downloads')
  async file(@Param('id', uuid) id: string, @CurrentUser() user: AuthUser, @Res() res: Response) {
    await this.exports.download(user, id, res);
  }
}
