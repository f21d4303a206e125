import { Body, Controller, Get, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  EnterpriseProfileViewDto,
  EnterpriseViewDto,
  ProfileChangeViewDto,
  UserAccountDto,
} from '../../core/http/response-dtos';
import type { Response } from 'express';
import type { AuthUser } from '../../core/auth/auth-user';
import { Authenticated, CurrentUser } from '../../core/auth/authenticated.decorator';
import {
  equalsFilter,
  idFilter,
  ListQuery,
  listPage,
  searchFilter,
  type ListParams,
  type ListSpec,
} from '../../core/http/list-query';
import { UuidPipe } from '../../core/validation/pipes';
import {
  ENTERPRISE_STATUSES,
  PROFILE_CHANGE_STATUSES,
  type EnterpriseProfileView,
  type EnterpriseView,
  type ProfileChangeView,
} from '@portal/shared';
import type { EnterpriseEntity } from './enterprise.entity';
import { ColleagueDto, ProfileChangeDto, RegisterEnterpriseDto, RejectDto, SettingsDto } from './enterprises.dto';
import { changeView, EnterprisesService, type ProfileChangeRow } from './enterprises.service';

export const ENTERPRISE_LIST: ListSpec<EnterpriseEntity> = {
  resource: 'enterprises',
  sortable: {
    id: 'e.id',
    nameZh: 'e.nameZh',
    uscc: 'e.uscc',
    createdAt: 'e.createdAt',
    status: 'e.status',
    regionCode: 'e.regionCode',
  },
  defaultSort: ['nameZh', 'ASC'],
  filters: {
    id: idFilter('e.id'),
    q: searchFilter('e.nameZh', 'e.uscc'),
    status: equalsFilter('e.status', 'enum', ENTERPRISE_STATUSES),
    regionCode: equalsFilter('e.regionCode', 'text'),
    zoneCode: equalsFilter('e.zoneCode', 'text'),
    reviewUnitCode: equalsFilter('e.reviewUnitCode', 'text'),
  },
};

/** A firm as the API answers it: timestamps as ISO strings. */
export const enterpriseView = (e: EnterpriseEntity): EnterpriseView => ({
  id: e.id,
  uscc: e.uscc,
  nameZh: e.nameZh,
  regionCode: e.regionCode,
  zoneCode: e.zoneCode,
  reviewUnitCode: e.reviewUnitCode,
  provinceCode: e.provinceCode,
  status: e.status,
  makerChecker: e.makerChecker,
  confirmedAt: e.confirmedAt ? e.confirmedAt.toISOString() : null,
  confirmedBy: e.confirmedBy,
  rejectionReason: e.rejectionReason,
  createdAt: e.createdAt.toISOString(),
  updatedAt: e.updatedAt.toISOString(),
  version: e.version,
});

@ApiTags('enterprises')
@Controller('enterprises')
export class EnterprisesController {
  constructor(private readonly enterprises: EnterprisesService) {}

  @ApiOperation({ summary: '企业名录 · Firms' })
  @Get()
  @ApiOkResponse({ type: [EnterpriseViewDto] })
  @Authenticated({ permission: 'enterprises.read' })
  async list(
    @CurrentUser() user: AuthUser,
    @ListQuery(ENTERPRISE_LIST) params: ListParams,
    @Res({ passthrough: true }) res: Response,
  ) {
    return (await listPage(this.enterprises.scoped(user), params, ENTERPRISE_LIST, res)).map(enterpriseView);
  }

  @ApiOperation({ summary: '企业详情 · One firm' })
  @Get(':id')
  @ApiOkResponse({ type: EnterpriseViewDto })
  @Authenticated({ permission: 'enterprises.read' })
  async getOne(@CurrentUser() user: AuthUser, @Param('id', UuidPipe) id: string) {
    return enterpriseView(await this.enterprises.getScoped(user, id));
  }

  @ApiOperation({ summary: '登记企业 · Register a firm' })
  @Post()
  @ApiCreatedResponse({ type: EnterpriseViewDto })
  @Authenticated({ permission: 'enterprises.register' })
  async register(@Body() dto: RegisterEnterpriseDto, @CurrentUser() user: AuthUser) {
    return enterpriseView(await this.enterprises.register(dto, user));
  }

  @ApiOperation({ summary: '确认企业 · Confirm a registered firm' })
  @Post(':id/confirm')
  @ApiOkResponse({ type: EnterpriseViewDto })
  @HttpCode(200)
  @Authenticated({ permission: 'enterprises.confirm' })
  async confirm(@Param('id', UuidPipe) id: string, @CurrentUser() user: AuthUser) {
    return enterpriseView(await this.enterprises.decide(id, user, { confirm: true }));
  }

  @ApiOperation({ summary: '驳回企业 · Reject a registered firm' })
  @Post(':id/reject')
  @ApiOkResponse({ type: EnterpriseViewDto })
  @HttpCode(200)
  @Authenticated({ permission: 'enterprises.confirm' })
  async reject(@Param('id', UuidPipe) id: string, @Body() dto: RejectDto, @CurrentUser() user: AuthUser) {
    return enterpriseView(await this.enterprises.decide(id, user, { confirm: false, reason: dto.reason }));
  }

  /** 201 with the new version, or 202 with the pending change when a review unit must confirm it first. */
  @ApiOperation({ summary: "变更企业信息 · Change a firm's profile from a date" })
  @Post(':id/profile')
  @ApiCreatedResponse({ type: EnterpriseProfileViewDto, description: 'applied: the new profile version' })
  @ApiAcceptedResponse({ type: ProfileChangeViewDto, description: 'held for the review unit to confirm' })
  @Authenticated({ permission: 'enterprises.edit' })
  async changeProfile(
    @Param('id', UuidPipe) id: string,
    @Body() dto: ProfileChangeDto,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<EnterpriseProfileView | ProfileChangeView> {
    const result = await this.enterprises.changeProfile(id, dto, user);
    if ('applied' in result) return result.applied;
    res.status(202);
    return result.pending;
  }

  @ApiOperation({ summary: "企业信息版本 · A firm's profile versions" })
  @Get(':id/profiles')
  @ApiOkResponse({ type: [EnterpriseProfileViewDto] })
  @Authenticated({ permission: 'enterprises.read' })
  profiles(@Param('id', UuidPipe) id: string, @CurrentUser() user: AuthUser) {
    return this.enterprises.profileVersions(user, id);
  }

  @ApiOperation({ summary: '新增企业用户 · Add a user of the firm' })
  @Post(':id/users')
  @ApiCreatedResponse({ type: UserAccountDto })
  @Authenticated({ permission: 'enterprises.manage' })
  addColleague(@Param('id', UuidPipe) id: string, @Body() dto: ColleagueDto, @CurrentUser() user: AuthUser) {
    return this.enterprises.addColleague(id, dto, user);
  }

  @ApiOperation({ summary: '企业用户 · Users of the firm' })
  @Get(':id/users')
  @ApiOkResponse({ type: [UserAccountDto] })
  @Authenticated({ permission: 'enterprises.read' })
  colleagues(@Param('id', UuidPipe) id: string, @CurrentUser() user: AuthUser) {
    return this.enterprises.colleagues(user, id);
  }

  @ApiOperation({ summary: '企业设置 · Firm settings (maker-checker)' })
  @Put(':id/settings')
  @ApiOkResponse({ type: EnterpriseViewDto })
  @Authenticated({ permission: 'enterprises.manage' })
  async settings(@Param('id', UuidPipe) id: string, @Body() dto: SettingsDto, @CurrentUser() user: AuthUser) {
    return enterpriseView(await this.enterprises.setMakerChecker(id, dto.makerChecker, user));
  }
}

const PROFILE_CHANGE_LIST: ListSpec<ProfileChangeRow> = {
  resource: 'profile-changes',
  sortable: { id: 'c.id', requestedAt: 'c.requestedAt', validFrom: 'c.validFrom', status: 'c.status' },
  defaultSort: ['requestedAt', 'DESC'],
  filters: {
    id: idFilter('c.id'),
    status: equalsFilter('c.status', 'enum', PROFILE_CHANGE_STATUSES),
    enterpriseId: equalsFilter('c.enterpriseId', 'uuid'),
  },
};

/**
 * Profile changes that wait for a review unit (a firm moving to another unit, a backdated change): the firm sees
 * its own, the units and provinces it would leave or join see them, the receiving unit confirms or rejects.
 */
@ApiTags('enterprises')
@Controller('profile-changes')
export class ProfileChangesController {
  constructor(private readonly enterprises: EnterprisesService) {}

  @ApiOperation({ summary: '待确认的企业信息变更 · Profile changes awaiting a review unit' })
  @Get()
  @ApiOkResponse({ type: [ProfileChangeViewDto] })
  @Authenticated({ permission: 'enterprises.read' })
  async list(
    @CurrentUser() user: AuthUser,
    @ListQuery(PROFILE_CHANGE_LIST) params: ListParams,
    @Res({ passthrough: true }) res: Response,
  ) {
    return (await listPage(this.enterprises.scopedChanges(user), params, PROFILE_CHANGE_LIST, res)).map(changeView);
  }

  @ApiOperation({ summary: '企业信息变更详情 · One profile change' })
  @Get(':id')
  @ApiOkResponse({ type: ProfileChangeViewDto })
  @Authenticated({ permission: 'enterprises.read' })
  getOne(@CurrentUser() user: AuthUser, @Param('id', UuidPipe) id: string) {
    return this.enterprises.changeView(user, id);
  }

  @ApiOperation({ summary: '确认企业信息变更 · Confirm a profile change' })
  @Post(':id/confirm')
  @ApiOkResponse({ type: ProfileChangeViewDto })
  @HttpCode(200)
  @Authenticated({ permission: 'enterprises.confirm' })
  confirm(@Param('id', UuidPipe) id: string, @CurrentUser() user: AuthUser) {
    return this.enterprises.decideProfileChange(id, user, { confirm: true });
  }

  @ApiOperation({ summary: '驳回企业信息变更 · Reject a profile change' })
  @Post(':id/reject')
  @ApiOkResponse({ type: ProfileChangeViewDto })
  @HttpCode(200)
  @Authenticated({ permission: 'enterprises.confirm' })
  reject(@Param('id', UuidPipe) id: string, @Body() dto: RejectDto, @CurrentUser() user: AuthUser) {
    return this.enterprises.decideProfileChange(id, user, { confirm: false, reason: dto.reason });
  }
}
