import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiAcceptedResponse, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ImportCreatedDto, ImportJobDetailDto, ImportJobDto } from '../../core/http/response-dtos';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import type { Response } from 'express';
import type { AuthUser } from '../../core/auth/auth-user';
import { ApiFile } from '../../core/http/api-file';
import { Authenticated, CurrentUser } from '../../core/auth/authenticated.decorator';
import { AppError } from '../../core/errors/app-error';
import {
  equalsFilter,
  idFilter,
  ListQuery,
  listPage,
  parseListFilter,
  type ListParams,
  type ListSpec,
} from '../../core/http/list-query';
import { PeriodListPipe, UuidPipe } from '../../core/validation/pipes';
import { attachmentDisposition } from '../../core/http/attachment';
import { RETURN_LIST } from '../returns/returns.list';
import { RateLimit } from '../../core/http/rate-limits';
import { ExportService } from './export.service';
import { IMPORT_KINDS, IMPORT_STATUSES } from '@portal/shared';
import type { ImportJobEntity } from './import-job.entity';
import { importJobRow, ImportsService } from './imports.service';
import { TemplateService } from './template.service';

interface UploadedBundle {
  originalname: string;
  buffer: Buffer;
  size: number;
}

export class CreateImportDto {
  @IsOptional() @IsIn(['FIRM', 'HISTORICAL']) kind?: 'FIRM' | 'HISTORICAL';
  @IsOptional() @IsString() @MaxLength(500) sourceNote?: string;
  /** `true`: check and preview only (status PREVIEWED), written once confirmed. A multipart field, so a string. */
  @IsOptional() @IsIn(['true', 'false']) dryRun?: 'true' | 'false';
}

/** The filter of a bundle export: a JSON object of /api/returns filters. */
export class BundleQueryDto {
  @IsOptional() @IsString() filter?: string;
  /** The periods to export, comma-separated (`2026Q2,2026Q3`); parsed by PeriodListPipe. */
  @IsOptional() @IsString() periods?: string;
  @IsOptional() @IsIn(['current', 'approved']) basis?: 'current' | 'approved';
}

const IMPORT_LIST: ListSpec<ImportJobEntity> = {
  resource: 'imports',
  sortable: { id: 'j.id', createdAt: 'j.createdAt', status: 'j.status', fileName: 'j.fileName' },
  defaultSort: ['createdAt', 'DESC'],
  filters: {
    id: idFilter('j.id'),
    status: equalsFilter('j.status', 'enum', IMPORT_STATUSES),
    kind: equalsFilter('j.kind', 'enum', IMPORT_KINDS),
  },
};

@ApiTags('exchange')
@Controller()
export class ExchangeController {
  constructor(
    private readonly imports: ImportsService,
    private readonly exports: ExportService,
    private readonly templates: TemplateService,
  ) {}

  /** Upload a bundle (.zip, or one .csv) or a filled Excel template (.xlsx); processed by the worker. */
  @ApiOperation({ summary: '上传导入文件 · Upload a bundle or Excel template to import' })
  @Post('imports')
  @ApiAcceptedResponse({ type: ImportCreatedDto })
  @HttpCode(202)
  @ApiConsumes('multipart/form-data')
  @Authenticated({ permission: 'imports.create' })
  // A guard: the limit refuses before the upload is read.
  @RateLimit('imports')
  @UseInterceptors(FileInterceptor('file'))
  async create(
    @UploadedFile() file: UploadedBundle | undefined,
    @Body() dto: CreateImportDto,
    @CurrentUser() user: AuthUser,
  ) {
    if (!file) throw new AppError('UPLOAD_INVALID', { detail: '缺少文件字段 file / missing multipart field "file"' });
    if (!/\.(zip|csv|xlsx)$/i.test(file.originalname)) {
      throw new AppError('UPLOAD_INVALID', { detail: `${file.originalname}: .zip / .csv / .xlsx` });
    }
    return this.imports.create(user, file, {
      kind: dto.kind ?? 'FIRM',
      sourceNote: dto.sourceNote ?? null,
      dryRun: dto.dryRun === 'true',
    });
  }

  @ApiOperation({ summary: '导入任务 · Imports' })
  @Get('imports')
  @ApiOkResponse({ type: [ImportJobDto] })
  @Authenticated({ permission: 'imports.create' })
  async list(
    @CurrentUser() user: AuthUser,
    @ListQuery(IMPORT_LIST) params: ListParams,
    @Res({ passthrough: true }) res: Response,
  ) {
    return (await listPage(this.imports.scoped(user), params, IMPORT_LIST, res)).map(importJobRow);
  }

  /** Status, progress, counts and every error (file, line, column, value, zh/en message). */
  @ApiOperation({ summary: '导入任务详情 · One import: status, progress, counts, errors' })
  @Get('imports/:id')
  @ApiOkResponse({ type: ImportJobDetailDto })
  @Authenticated({ permission: 'imports.create' })
  get(@Param('id', UuidPipe) id: string, @CurrentUser() user: AuthUser) {
    return this.imports.get(user, id);
  }

  /** Runs an import again whose processing failed (not its data), from the stored upload. */
  @ApiOperation({ summary: '重新运行导入 · Run a failed import again' })
  @Post('imports/:id/retry')
  @ApiAcceptedResponse({ type: ImportJobDetailDto })
  @HttpCode(202)
  @Authenticated({ permission: 'imports.create' })
  retry(@Param('id', UuidPipe) id: string, @CurrentUser() user: AuthUser) {
    return this.imports.retry(user, id);
  }

  /** Applies a dry run (status PREVIEWED): the same stored upload is queued again and written, all or nothing. */
  @ApiOperation({ summary: '确认导入 · Confirm a dry run' })
  @Post('imports/:id/confirm')
  @ApiAcceptedResponse({ type: ImportJobDetailDto })
  @HttpCode(202)
  @Authenticated({ permission: 'imports.create' })
  confirm(@Param('id', UuidPipe) id: string, @CurrentUser() user: AuthUser) {
    return this.imports.confirm(user, id);
  }

  /** Discards a dry run (status PREVIEWED): its stored upload is deleted and nothing is written. */
  @ApiOperation({ summary: '放弃导入 · Discard a dry run' })
  @Post('imports/:id/discard')
  @ApiOkResponse({ type: ImportJobDetailDto })
  @HttpCode(200)
  @Authenticated({ permission: 'imports.create' })
  discard(@Param('id', UuidPipe) id: string, @CurrentUser() user: AuthUser) {
    return this.imports.discard(user, id);
  }

  /** The Excel template of a return (codes as drop-down lists, prefilled, instructions in Chinese). */
  @ApiOperation({ summary: "下载报表模板 · The return's Excel template" })
  @Get('returns/:id/template')
  @ApiFile('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @Authenticated({ permission: 'returns.read' })
  @RateLimit('downloads')
  async template(@Param('id', UuidPipe) id: string, @CurrentUser() user: AuthUser, @Res() res: Response) {
    const { fileName, asciiFileName, data } = await this.templates.template(user, id);
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Disposition', attachmentDisposition(fileName, asciiFileName));
    res.end(data);
  }

  /**
   * A firm's Excel template of technology contracts (headers in Chinese and English, codes as drop-down lists,
   * prefilled with its drafts and returned applications); uploaded through POST /imports like any template.
   */
  @ApiOperation({ summary: '技术合同 Excel 模板 · The firm’s technology contract template' })
  @Get('exchange/templates/technology-contracts')
  @ApiFile('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @Authenticated({ permission: 'returns.edit' })
  @RateLimit('downloads')
  async contractTemplate(@CurrentUser() user: AuthUser, @Res() res: Response) {
    const { fileName, asciiFileName, data } = await this.templates.contractTemplate(user);
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Disposition', attachmentDisposition(fileName, asciiFileName));
    res.end(data);
  }

  /**
   * The exchange bundle (.zip) of the returns the caller may read that match the filter (the /api/returns
   * filters) and, when `periods` names some, in those periods (a firm picks the periods it will fill offline);
   * `basis=approved` exports approved revisions only, `current` (default) the latest revisions.
   */
  @ApiOperation({ summary: '导出交换数据包 · Export the exchange bundle (.zip)' })
  @Get('exchange/bundle')
  @ApiFile('application/zip')
  @Authenticated({ permission: 'exports.create' })
  @RateLimit('downloads')
  async bundle(
    @CurrentUser() user: AuthUser,
    @Query() q: BundleQueryDto,
    @Query('periods', PeriodListPipe) periods: string[] | undefined,
    @Res() res: Response,
  ) {
    const filter = q.filter === undefined ? {} : parseListFilter(q.filter, RETURN_LIST.filters);
    const zip = await this.exports.bundle(user, filter, q.basis ?? 'current', periods);
    const day = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const span = periods ? `-${periods[0]}${periods.length > 1 ? `_${periods[periods.length - 1]}` : ''}` : '';
    res.setHeader('Content-Type', 'application/zip');
    res.setHeader('Content-Disposition', attachmentDisposition(`数据包${span}-${day}.zip`, `bundle${span}-${day}.zip`));
    res.end(zip);
  }
}
