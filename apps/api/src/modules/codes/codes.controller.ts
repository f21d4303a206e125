import { Body, Controller, Delete, Get, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CodeItemViewDto } from '../../core/http/response-dtos';
import { InjectRepository } from '@nestjs/typeorm';
import { Type } from 'class-transformer';
import { IsInt, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import type { Response } from 'express';
import { Repository } from 'typeorm';
import { INT4_MAX, INT4_MIN, type CodeItemView, type CodeListName } from '@portal/shared';
import type { AuthUser } from '../../core/auth/auth-user';
import { Authenticated, CurrentUser } from '../../core/auth/authenticated.decorator';
import {
  booleanFilter,
  equalsFilter,
  filter,
  idFilter,
  ListQuery,
  listPage,
  searchFilter,
  type ListParams,
  type ListSpec,
} from '../../core/http/list-query';
import { CodeListPipe, Int4Pipe, IsCalendarDate } from '../../core/validation/pipes';
import { CodeItemEntity } from './code-item.entity';
import { CodesService, today } from './codes.service';

export class CodeChangeDto {
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200) nameZh?: string;
  @IsOptional() @IsString() @MaxLength(200) nameEn?: string | null;
  @IsOptional() @IsString() @MaxLength(20) parentCode?: string | null;
  @IsOptional() @IsInt() @Min(INT4_MIN) @Max(INT4_MAX) @Type(() => Number) level?: number | null;
  @IsOptional() @IsInt() @Min(INT4_MIN) @Max(INT4_MAX) @Type(() => Number) sortOrder?: number;
  @IsOptional() @IsObject() attrs?: Record<string, string | number | boolean | null>;
  @IsCalendarDate() validFrom!: string;
}

export class CodeCreateDto extends CodeChangeDto {
  @IsString() @Matches(/^[A-Za-z0-9-]{1,20}$/) code!: string;
}

export class RetireDto {
  @IsCalendarDate() validFrom!: string;
}

const CODE_LIST_SPEC: ListSpec<CodeItemEntity> = {
  resource: 'codes',
  sortable: {
    id: 'c.id',
    code: 'c.code',
    nameZh: 'c.nameZh',
    sortOrder: 'c.sortOrder',
    validFrom: 'c.validFrom',
    level: 'c.level',
  },
  defaultSort: ['sortOrder', 'ASC'],
  maxPageSize: 1000,
  filters: {
    id: idFilter('c.id', 'int'),
    q: searchFilter('c.code', 'c.nameZh', 'c.nameEn'),
    code: equalsFilter('c.code', 'text'),
    parentCode: equalsFilter('c.parentCode', 'text'),
    level: equalsFilter('c.level', 'int'),
    kind: filter('text', (qb, v, p) => qb.andWhere(`c.attrs->>'kind' = :${p}`, { [p]: v })),
    validOn: filter('date', (qb, v, p) =>
      qb.andWhere(`c.validFrom <= :${p} AND (c.validTo IS NULL OR c.validTo >= :${p})`, { [p]: v }),
    ),
    // Default is today's versions; history=true lists every version (read by the list itself).
    history: booleanFilter(() => undefined),
  },
};

/** A code list entry as the API answers it: `createdAt` as an ISO string. */
const codeItemView = (c: CodeItemEntity): CodeItemView => ({
  id: c.id,
  list: c.list,
  code: c.code,
  parentCode: c.parentCode,
  level: c.level,
  nameZh: c.nameZh,
  nameEn: c.nameEn,
  sortOrder: c.sortOrder,
  attrs: c.attrs,
  validFrom: c.validFrom,
  validTo: c.validTo,
  createdAt: c.createdAt.toISOString(),
  createdBy: c.createdBy,
});

@ApiTags('codes')
@Controller()
export class CodesController {
  constructor(
    private readonly codes: CodesService,
    @InjectRepository(CodeItemEntity)
    private readonly items: Repository<CodeItemEntity>,
  ) {}

  @ApiOperation({ summary: '代码表条目 · Entries of a code list' })
  @Get('codes/:list')
  @ApiOkResponse({ type: [CodeItemViewDto] })
  @Authenticated({ permission: 'codes.read' })
  async list(
    @Param('list', CodeListPipe) list: CodeListName,
    @ListQuery(CODE_LIST_SPEC) params: ListParams,
    @Res({ passthrough: true }) res: Response,
  ) {
    const qb = this.items.createQueryBuilder('c').where('c.list = :list', { list });
    const f = params.filter;
    if (f.history !== true && f.validOn === undefined && f.id === undefined) {
      qb.andWhere('c.validFrom <= :today AND (c.validTo IS NULL OR c.validTo >= :today)', { today: today() });
    }
    return (await listPage(qb, params, { ...CODE_LIST_SPEC, resource: list }, res)).map(codeItemView);
  }

  @ApiOperation({ summary: '代码表条目详情 · One code list entry' })
  @Get('codes/:list/:id')
  @ApiOkResponse({ type: CodeItemViewDto })
  @Authenticated({ permission: 'codes.read' })
  async getOne(@Param('list', CodeListPipe) list: CodeListName, @Param('id', Int4Pipe) id: number) {
    return codeItemView(await this.codes.getOne(list, id));
  }

  @ApiOperation({ summary: '新增代码 · Add a code' })
  @Post('codes/:list')
  @ApiCreatedResponse({ type: CodeItemViewDto })
  @Authenticated({ permission: 'codes.write' })
  async create(
    @Param('list', CodeListPipe) list: CodeListName,
    @Body() dto: CodeCreateDto,
    @CurrentUser() user: AuthUser,
  ) {
    return codeItemView(await this.codes.create(list, dto, user));
  }

  @ApiOperation({ summary: '修改代码 · Change a code from a date' })
  @Put('codes/:list/:id')
  @ApiOkResponse({ type: CodeItemViewDto })
  @Authenticated({ permission: 'codes.write' })
  async change(
    @Param('list', CodeListPipe) list: CodeListName,
    @Param('id', Int4Pipe) id: number,
    @Body() dto: CodeChangeDto,
    @CurrentUser() user: AuthUser,
  ) {
    return codeItemView(await this.codes.change(list, id, dto, user));
  }

  @ApiOperation({ summary: '停用代码 · Retire a code from a date' })
  @Delete('codes/:list/:id')
  @ApiOkResponse({ type: CodeItemViewDto })
  @Authenticated({ permission: 'codes.write' })
  async retire(
    @Param('list', CodeListPipe) list: CodeListName,
    @Param('id', Int4Pipe) id: number,
    @Query() q: RetireDto,
    @CurrentUser() user: AuthUser,
  ) {
    return codeItemView(await this.codes.retire(list, id, q.validFrom ?? today(), user));
  }
}
