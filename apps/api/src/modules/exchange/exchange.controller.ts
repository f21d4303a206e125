import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiConsumes, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import type { Response } from 'express';
import type { AuthUser } from '../../core/auth/auth-user';
import { Authenticated, CurrentUser } from '../../core/auth/authenticated.decorator';
import { AppError } from '../../core/errors/app-error';
import { equalsFilter, idFilter, listPage, type ListSpec } from '../../core/http/list-query';
import { RateLimit } from '../../core/http/rate-limits';
import { ExportService } from './export.service';
import type { ImportJobEntity } from './import-job.entity';
import { ImportsService } from './imports.service';
import { TemplateService } from './template.service';

interface UploadedBundle {
  originalname: string;
  buffer: Buffer;
  size: number;
}

export class CreateImportDto {
  @IsOptional() @IsIn(['FIRM', 'HISTORICAL']) kind?: 'FIRM' | 'HISTORICAL';
  @IsOptional() @IsString() @MaxLength(500) sourceNote?: string;
}

const IMPORT_LIST: ListSpec<ImportJobEntity> = {
  resource: 'imports',
  sortable: { createdAt: 'j.createdAt', status: 'j.status', fileName: 'j.fileName' },
  defaultSort: ['createdAt', 'DESC'],
  filters: { id: idFilter('j.id'), status: equalsFilter('j.status'), kind: equalsFilter('j.kind') },
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
  @Post('imports')
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
    return this.imports.create(user, file, { kind: dto.kind ?? 'FIRM', sourceNote: dto.sourceNote ?? null });
  }

  @Get('imports')
  @Authenticated({ permission: 'imports.create' })
  list(
    @CurrentUser() user: AuthUser,
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) res: Response,
  ) {
    return listPage(this.imports.scoped(user), query, IMPORT_LIST, res);
  }

  /** Status, progress, counts and every error (file, line, column, value, zh/en message). */
  @Get('imports/:id')
  @Authenticated({ permission: 'imports.create' })
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: AuthUser) {
    return this.imports.get(user, id);
  }

  /** The Excel template of a return (codes as drop-down lists, prefilled, instructions in Chinese). */
  @Get('returns/:id/template')
  @Authenticated({ permission: 'returns.read' })
  @RateLimit('downloads')
  async template(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: AuthUser, @Res() res: Response) {
    const { fileName, data } = await this.templates.template(user, id);
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
    res.end(data);
  }

  /**
   * The exchange bundle (.zip) of the returns the caller may read that match the filter (the /api/returns
   * filters); `basis=approved` exports approved revisions only, `current` (default) the latest revisions.
   */
  @Get('exchange/bundle')
  @Authenticated({ permission: 'exports.create' })
  @RateLimit('downloads')
  async bundle(
    @CurrentUser() user: AuthUser,
    @Query('filter') filter: string | undefined,
    @Query('basis') basis: string | undefined,
    @Res() res: Response,
  ) {
    if (basis !== undefined && basis !== 'current' && basis !== 'approved') {
      throw new AppError('BAD_LIST_PARAMETER', { name: 'basis', detail: 'current | approved' });
    }
    const zip = await this.exports.bundle(user, filter, basis ?? 'current');
    res.setHeader('Content-Type', 'application/zip');
    res.setHeader('Content-Disposition', `attachment; filename="bundle-${new Date().toISOString().slice(0, 10)}.zip"`);
    res.end(zip);
  }
}
