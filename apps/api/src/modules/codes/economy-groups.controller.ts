import { Body, Controller, Delete, Get, Injectable, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import type { Response } from 'express';
import type { EconomyGroupKind, EconomyGroupMembership } from '@portal/shared';
import type { AuthUser } from '../../core/auth/auth-user';
import { Authenticated, CurrentUser } from '../../core/auth/authenticated.decorator';
import {
  equalsFilter,
  filter,
  idFilter,
  ListQuery,
  listPage,
  searchFilter,
  type ListParams,
  type ListSpec,
} from '../../core/http/list-query';
import { EconomyGroupMemberDto as EconomyGroupMemberViewDto } from '../../core/http/response-dtos';
import { Int4Pipe, IsCalendarDate } from '../../core/validation/pipes';
import type { ContinentMemberEntity } from './economy-group-member.entity';
import { EconomyGroupsService } from './economy-groups.service';
import type { PartnerGroupMemberEntity } from './partner-group-member.entity';

const GROUP = /^[A-Z0-9-]{1,20}$/;
const ECONOMY = /^[A-Z]{2}$/;

export class EconomyGroupMemberDto {
  @IsString() @Matches(GROUP) groupCode!: string;
  @IsString() @Matches(ECONOMY) member!: string;
  @IsCalendarDate() validFrom!: string;
  @IsOptional() @IsCalendarDate() validTo?: string | null;
  @IsOptional() @IsString() @MaxLength(500) note?: string | null;
  /** The name of a new partner group (its first member); ignored for a group that has members. */
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200) groupNameZh?: string;
}

export class EconomyGroupChangeDto {
  @IsCalendarDate() validFrom!: string;
  @IsOptional() @IsString() @Matches(GROUP) groupCode?: string;
  @IsOptional() @IsString() @MaxLength(500) note?: string | null;
}

export class EndMembershipDto {
  @IsCalendarDate() validFrom!: string;
}

type Row = PartnerGroupMemberEntity | ContinentMemberEntity;

/** The list of either kind (Content-Range names the kind: partner-groups, continent-members). */
const ECONOMY_GROUP_LIST: ListSpec<Row> = {
  resource: 'economy-groups',
  sortable: { id: 'g.id', groupCode: 'g.groupCode', member: 'g.member', validFrom: 'g.validFrom' },
  defaultSort: ['groupCode', 'ASC'],
  filters: {
    id: idFilter('g.id', 'int'),
    groupCode: equalsFilter('g.groupCode', 'text'),
    member: equalsFilter('g.member', 'text'),
    q: searchFilter('g.groupCode', 'g.member'),
    validOn: filter('date', (qb, v, p) =>
      qb.andWhere(`g.validFrom <= :${p} AND (g.validTo IS NULL OR g.validTo >= :${p})`, { [p]: v }),
    ),
  },
};

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

  @ApiOperation({ summary: '成员关系 · Memberships of economies in groups or continents' })
  @Get()
  @ApiOkResponse({ type: [EconomyGroupMemberViewDto] })
  @Authenticated({ permission: 'codes.read' })
  list(
    @ListQuery(ECONOMY_GROUP_LIST) params: ListParams,
    @Res({ passthrough: true }) res: Response,
  ): Promise<EconomyGroupMembership[]> {
    return listPage(this.groups.query(this.kind), params, { ...ECONOMY_GROUP_LIST, resource: this.kind }, res);
  }

  @ApiOperation({ summary: '成员关系详情 · One membership' })
  @Get(':id')
  @ApiOkResponse({ type: EconomyGroupMemberViewDto })
  @Authenticated({ permission: 'codes.read' })
  getOne(@Param('id', Int4Pipe) id: number): Promise<EconomyGroupMembership> {
    return this.groups.getOne(this.kind, id);
  }

  @ApiOperation({ summary: '新增成员关系 · Add a membership' })
  @Post()
  @ApiCreatedResponse({ type: EconomyGroupMemberViewDto })
  @Authenticated({ permission: 'codes.write' })
  add(@Body() dto: EconomyGroupMemberDto, @CurrentUser() user: AuthUser): Promise<EconomyGroupMembership> {
    return this.groups.add(this.kind, dto, user);
  }

  @ApiOperation({ summary: '修改成员关系 · Change a membership' })
  @Put(':id')
  @ApiOkResponse({ type: EconomyGroupMemberViewDto })
  @Authenticated({ permission: 'codes.write' })
  change(
    @Param('id', Int4Pipe) id: number,
    @Body() dto: EconomyGroupChangeDto,
    @CurrentUser() user: AuthUser,
  ): Promise<EconomyGroupMembership> {
    return this.groups.change(this.kind, id, dto, user);
  }

  @ApiOperation({ summary: '结束成员关系 · End a membership from a date' })
  @Delete(':id')
  @ApiOkResponse({ type: EconomyGroupMemberViewDto, description: 'the membership, ended the day before validFrom' })
  @Authenticated({ permission: 'codes.write' })
  end(
    @Param('id', Int4Pipe) id: number,
    @Query() q: EndMembershipDto,
    @CurrentUser() user: AuthUser,
  ): Promise<EconomyGroupMembership> {
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
