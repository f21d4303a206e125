import { Body, Controller, Delete, Get, Param, ParseIntPipe, Post, Put, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { Type } from 'class-transformer';
import { IsInt, IsObject, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import type { Response } from 'express';
import { Repository, type SelectQueryBuilder } from 'typeorm';
import { isIsoDate } from '@portal/shared';
import type { AuthUser } from '../../core/auth/auth-user';
import { Authenticated, CurrentUser } from '../../core/auth/authenticated.decorator';
import { AppError } from '../../core/errors/app-error';
import { equalsFilter, idFilter, listPage, searchFilter, type ListSpec } from '../../core/http/list-query';
import { CodeItemEntity } from './code-item.entity';
import { assertCodeList, CodesService, today } from './codes.service';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class CodeChangeDto {
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200) nameZh?: string;
  @IsOptional() @IsString() @MaxLength(200) nameEn?: string | null;
  @IsOptional() @IsString() @MaxLength(20) parentCode?: string | null;
  @IsOptional() @IsInt() @Type(() => Number) level?: number | null;
  @IsOptional() @IsInt() @Type(() => Number) sortOrder?: number;
  @IsOptional() @IsObject() attrs?: Record<string, string | number | boolean | null>;
  @Matches(DATE) validFrom!: string;
}

export class CodeCreateDto extends CodeChangeDto {
  @IsString() @Matches(/^[A-Za-z0-9-]{1,20}$/) code!: string;
}

export class RetireDto {
  @Matches(DATE) validFrom!: string;
}

function validOnFilter(qb: SelectQueryBuilder<CodeItemEntity>, value: unknown, p: string) {
  const date = String(value);
  if (!isIsoDate(date))
    throw new AppError('BAD_LIST_PARAMETER', {
      name: 'filter.validOn',
      detail: 'expected YYYY-MM-DD',
    });
  qb.andWhere(`c.validFrom <= :${p} AND (c.validTo IS NULL OR c.validTo >= :${p})`, { [p]: date });
}

const CODE_LIST_SPEC: ListSpec<CodeItemEntity> = {
  resource: 'codes',
  sortable: {
    code: 'c.code',
    nameZh: 'c.nameZh',
    sortOrder: 'c.sortOrder',
    validFrom: 'c.validFrom',
    level: 'c.level',
  },
  defaultSort: ['sortOrder', 'ASC'],
  maxPageSize: 1000,
  filters: {
    id: idFilter('c.id'),
    q: searchFilter('c.code', 'c.nameZh', 'c.nameEn'),
    code: equalsFilter('c.code'),
    parentCode: equalsFilter('c.parentCode'),
    level: equalsFilter('c.level'),
    kind: (qb, v, p) => qb.andWhere(`c.attrs->>'kind' = :${p}`, { [p]: String(v) }),
    validOn: validOnFilter,
    // Default is today's versions; history=true lists every version.
    history: () => undefined,
  },
};

@ApiTags('codes')
@Controller()
export class CodesController {
  constructor(
    private readonly codes: CodesService,
    @InjectRepository(CodeItemEntity)
    private readonly items: Repository<CodeItemEntity>,
  ) {}

  @Get('codes/:list')
  @Authenticated({ permission: 'codes.read' })
  async list(
    @Param('list') list: string,
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) res: Response,
  ) {
    const name = assertCodeList(list);
    const qb = this.items.createQueryBuilder('c').where('c.list = :list', { list: name });
    const filter = typeof query.filter === 'string' ? safeJson(query.filter) : {};
    if (!filter.history && !filter.validOn && !filter.id) {
      qb.andWhere('c.validFrom <= :today AND (c.validTo IS NULL OR c.validTo >= :today)', { today: today() });
    }
    return listPage(qb, query, { ...CODE_LIST_SPEC, resource: list }, res);
  }

  @Get('codes/:list/:id')
  @Authenticated({ permission: 'codes.read' })
  getOne(@Param('list') list: string, @Param('id', ParseIntPipe) id: number) {
    return this.codes.getOne(assertCodeList(list), id);
  }

  @Post('codes/:list')
  @Authenticated({ permission: 'codes.write' })
  create(@Param('list') list: string, @Body() dto: CodeCreateDto, @CurrentUser() user: AuthUser) {
    return this.codes.create(assertCodeList(list), dto, user);
  }

  @Put('codes/:list/:id')
  @Authenticated({ permission: 'codes.write' })
  change(
    @Param('list') list: string,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: CodeChangeDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.codes.change(assertCodeList(list), id, dto, user);
  }

  @Delete('codes/:list/:id')
  @Authenticated({ permission: 'codes.write' })
  retire(
    @Param('list') list: string,
    @Param('id', ParseIntPipe) id: number,
    @Query() q: RetireDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.codes.retire(assertCodeList(list), id, q.validFrom ?? today(), user);
  }
}

function safeJson(text: string): Record<string, unknown> {
  try {
    const v = JSON.parse(text);
    return v && typeof v === 'object' ? v : {};
  } catch {
    return {};
  }
}
