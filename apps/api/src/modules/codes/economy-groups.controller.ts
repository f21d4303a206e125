import { Body, Controller, Delete, Get, Injectable, Param, ParseIntPipe, Post, Put, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import type { Response } from 'express';
import type { SelectQueryBuilder } from 'typeorm';
import { isIsoDate, type EconomyGroupKind } from '@portal/shared';
import type { AuthUser } from '../../core/auth/auth-user';
import { Authenticated, CurrentUser } from '../../core/auth/authenticated.decorator';
import { AppError } from '../../core/errors/app-error';
import { equalsFilter, idFilter, listPage, searchFilter, type ListSpec } from '../../core/http/list-query';
import type { ContinentMemberEntity } from './economy-group-member.entity';
import { EconomyGroupsService } from './economy-groups.service';
import type { PartnerGroupMemberEntity } from './partner-group-member.entity';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const GROUP = /^[A-Z0-9-]{1,20}$/;
const ECONOMY = /^[A-Z]{2}$/;

export class EconomyGroupMemberDto {
  @IsString() @Matches(GROUP) groupCode!: string;
  @IsString() @Matches(ECONOMY) member!: string;
  @Matches(DATE) validFrom!: string;
  @IsOptional() @Matches(DATE) validTo?: string | null;
  @IsOptional() @IsString() @MaxLength(500) note?: string | null;
  /** The name of a new partner group (its first member); ignored for a group that has members. */
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200) groupNameZh?: string;
}

export class EconomyGroupChangeDto {
  @Matches(DATE) validFrom!: string;
  @IsOptional() @IsString() @Matches(GROUP) groupCode?: string;
  @IsOptional() @IsString() @MaxLength(500) note?: string | null;
}

export class EndMembershipDto {
  @Matches(DATE) validFrom!: string;
}

type Row = PartnerGroupMemberEntity | ContinentMemberEntity;

function validOn(qb: SelectQueryBuilder<Row>, value: unknown, p: string) {
  const date = String(value);
  if (!isIsoDate(date))
    throw new AppError('BAD_LIST_PARAMETER', { name: 'filter.validOn', detail: 'expected YYYY-MM-DD' });
  qb.andWhere(`g.validFrom <= :${p} AND (g.validTo IS NULL OR g.validTo >= :${p})`, { [p]: date });
}

const listSpec = (resource: EconomyGroupKind): ListSpec<Row> => ({
  resource,
  sortable: { groupCode: 'g.groupCode', member: 'g.member', validFrom: 'g.validFrom' },
  defaultSort: ['groupCode', 'ASC'],
  filters: {
    id: idFilter('g.id'),
    groupCode: equalsFilter('g.groupCode'),
    member: equalsFilter('g.member'),
    q: searchFilter('g.groupCode', 'g.member'),
    validOn,
  },
});

/**
 * The routes of one kind of economy grouping; PartnerGroupsController and ContinentMembersController mount them at
 * /api/partner-groups and /api/continent-members. Reads (with `filter.validOn` for the membership of a day) need
 * codes.read, changes codes.write. (@Injectable so that the constructor's parameter types are recorded for the
 * subclasses, which have no constructor of their own.)
 */
@Injectable()
abstract class EconomyGroupRoutes {
  protected abstract readonly kind: EconomyGroupKind;

  constructor(protected readonly groups: EconomyGroupsService) {}

  @Get()
  @Authenticated({ permission: 'codes.read' })
  list(@Query() query: Record<string, unknown>, @Res({ passthrough: true }) res: Response) {
    return listPage(this.groups.query(this.kind), query, listSpec(this.kind), res);
  }

  @Get(':id')
  @Authenticated({ permission: 'codes.read' })
  getOne(@Param('id', ParseIntPipe) id: number) {
    return this.groups.getOne(this.kind, id);
  }

  @Post()
  @Authenticated({ permission: 'codes.write' })
  add(@Body() dto: EconomyGroupMemberDto, @CurrentUser() user: AuthUser) {
    return this.groups.add(this.kind, dto, user);
  }

  @Put(':id')
  @Authenticated({ permission: 'codes.write' })
  change(@Param('id', ParseIntPipe) id: number, @Body() dto: EconomyGroupChangeDto, @CurrentUser() user: AuthUser) {
    return this.groups.change(this.kind, id, dto, user);
  }

  @Delete(':id')
  @Authenticated({ permission: 'codes.write' })
  end(@Param('id', ParseIntPipe) id: number, @Query() q: EndMembershipDto, @CurrentUser() user: AuthUser) {
    return this.groups.end(this.kind, id, q.validFrom, user);
  }
}

/** 国别组: 一带一路, RCEP, EU, ASEAN members by date. */
@ApiTags('codes')
@Controller('partner-groups')
export class PartnerGroupsController extends EconomyGroupRoutes {
  protected readonly kind = 'partner-groups';
}

/** 洲别: the continent of each economy by date. */
@ApiTags('codes')
@Controller('continent-members')
export class ContinentMembersController extends EconomyGroupRoutes {
  protected readonly kind = 'continent-members';
}
