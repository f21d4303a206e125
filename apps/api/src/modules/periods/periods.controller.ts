import { Body, Controller, Delete, Get, Param, Patch, Post, Query, Res } from '@nestjs/common';
import {
  EXTENSION_REQUEST_STATUSES,
  RETURN_STATUSES,
  type ExtensionRequestRow as ExtensionRequestRowView,
  type FirmStanding,
  type ObligationRow as ObligationRowView,
  type PeriodRow,
} from '@portal/shared';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ExtensionRequestViewDto,
  ExtensionRequestRowDto,
  FirmStandingDto,
  HolidayAddedDto,
  HolidayViewDto,
  ObligationRowDto,
  OkResponseDto,
  PeriodExemptionDto,
  PeriodExemptionViewDto,
  PeriodExtensionDto,
  PeriodExtensionViewDto,
  PeriodRowDto,
} from '../../core/http/response-dtos';
import type { Response } from 'express';
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
import { Int4Pipe, IsoDatePipe, PeriodCodePipe } from '../../core/validation/pipes';
import type { PeriodEntity } from './period.entity';
import {
  CreatePeriodDto,
  ExemptionDto,
  ExtensionDecisionDto,
  ExtensionDto,
  ExtensionRequestDto,
  HolidayDto,
  RevokeDto,
  StandingQueryDto,
  UpdatePeriodDto,
} from './periods.dto';
import {
  exemptionView,
  extensionRequestRowView,
  extensionView,
  type ExtensionRequestRow,
  type ObligationRow,
  PeriodsService,
} from './periods.service';

const PERIOD_LIST: ListSpec<PeriodEntity> = {
  resource: 'periods',
  sortable: { code: 'p.code', id: 'p.code', dueDate: 'p.dueDate', openDate: 'p.openDate' },
  defaultSort: ['code', 'DESC'],
  filters: {
    id: idFilter('p.code', 'period'),
    code: idFilter('p.code', 'period'),
    year: equalsFilter('p.year', 'int'),
  },
};

const OBLIGATION_LIST: ListSpec<ObligationRow> = {
  resource: 'obligations',
  sortable: { id: 'e.id', nameZh: 'e.nameZh', uscc: 'e.uscc', reviewUnitCode: 'e.reviewUnitCode' },
  defaultSort: ['nameZh', 'ASC'],
  filters: {
    id: idFilter('e.id'),
    q: searchFilter('e.nameZh', 'e.uscc'),
    reviewUnitCode: equalsFilter('e.reviewUnitCode', 'text'),
    owes: booleanFilter((qb, v, p) => qb.andWhere(`(e.status = 'ACTIVE' AND x.id IS NULL) = :${p}`, { [p]: v })),
    returnStatus: filter(
      'enum',
      (qb, v, p) => (v === 'NONE' ? qb.andWhere('r.id IS NULL') : qb.andWhere(`r.status = :${p}`, { [p]: v })),
      ['NONE', ...RETURN_STATUSES],
    ),
  },
};

const REQUEST_LIST: ListSpec<ExtensionRequestRow> = {
  resource: 'extension-requests',
  sortable: { id: 'q.id', createdAt: 'q.createdAt', periodCode: 'q.periodCode', status: 'q.status' },
  defaultSort: ['createdAt', 'DESC'],
  filters: {
    id: idFilter('q.id', 'int'),
    periodCode: equalsFilter('q.periodCode', 'text'),
    status: equalsFilter('q.status', 'enum', EXTENSION_REQUEST_STATUSES),
    enterpriseId: equalsFilter('q.enterpriseId', 'uuid'),
    q: searchFilter('e.nameZh', 'e.uscc'),
  },
};

/** Periods are plain rows; react-admin wants an `id`, and the rate is a number to clients. */
const periodView = (p: PeriodEntity): PeriodRow => ({
  id: p.code,
  code: p.code,
  year: p.year,
  quarter: p.quarter,
  openDate: p.openDate,
  dueDate: p.dueDate,
  lockDate: p.lockDate,
  cnyPerUsd: Number(p.cnyPerUsd),
  createdAt: p.createdAt.toISOString(),
});

@ApiTags('periods')
@Controller()
export class PeriodsController {
  constructor(private readonly periods: PeriodsService) {}

  @ApiOperation({ summary: '报告期 · Reporting periods' })
  @Get('periods')
  @ApiOkResponse({ type: [PeriodRowDto] })
  @Authenticated({ permission: 'periods.read' })
  async list(@ListQuery(PERIOD_LIST) params: ListParams, @Res({ passthrough: true }) res: Response) {
    return (await listPage(this.periods.query(), params, PERIOD_LIST, res)).map(periodView);
  }

  @ApiOperation({ summary: '报告期详情 · One reporting period' })
  @Get('periods/:code')
  @ApiOkResponse({ type: PeriodRowDto })
  @Authenticated({ permission: 'periods.read' })
  async getOne(@Param('code', PeriodCodePipe) code: string) {
    return periodView(await this.periods.get(code));
  }

  @ApiOperation({ summary: '新增报告期 · Create a reporting period' })
  @Post('periods')
  @ApiCreatedResponse({ type: PeriodRowDto })
  @Authenticated({ permission: 'periods.manage' })
  async create(@Body() dto: CreatePeriodDto, @CurrentUser() user: AuthUser) {
    return periodView(await this.periods.create(dto, user));
  }

  /** The province or the administrator changes the due date, lock date or rate (with a reason, audited). */
  @ApiOperation({ summary: "修改报告期 · Change a period's dates or rate" })
  @Patch('periods/:code')
  @ApiOkResponse({ type: PeriodRowDto })
  @Authenticated({ permission: 'periods.exceptions' })
  async update(
    @Param('code', PeriodCodePipe) code: string,
    @Body() dto: UpdatePeriodDto,
    @CurrentUser() user: AuthUser,
  ) {
    return periodView(await this.periods.update(code, dto, user));
  }

  /** Extensions of the period in the caller's territory, live and revoked, with the firm's name. */
  @ApiOperation({ summary: '延期 · Extensions of a period' })
  @Get('periods/:code/extensions')
  @ApiOkResponse({ type: [PeriodExtensionViewDto] })
  @Authenticated({ permission: 'periods.read' })
  extensions(@Param('code', PeriodCodePipe) code: string, @CurrentUser() user: AuthUser) {
    return this.periods.extensionsView(code, user);
  }

  @ApiOperation({ summary: '撤销延期 · Revoke an extension' })
  @Post('periods/:code/extensions/:id/revoke')
  @ApiCreatedResponse({ type: PeriodExtensionDto })
  @Authenticated({ permission: 'periods.exceptions' })
  revokeExtension(
    @Param('code', PeriodCodePipe) code: string,
    @Param('id', Int4Pipe) id: number,
    @Body() dto: RevokeDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.periods.revokeExtension(code, id, dto.reason, user);
  }

  @ApiOperation({ summary: '免报 · Exemptions of a period' })
  @Get('periods/:code/exemptions')
  @ApiOkResponse({ type: [PeriodExemptionViewDto] })
  @Authenticated({ permission: 'periods.read' })
  exemptions(@Param('code', PeriodCodePipe) code: string, @CurrentUser() user: AuthUser) {
    return this.periods.exemptionsView(code, user);
  }

  @ApiOperation({ summary: '撤销免报 · Revoke an exemption' })
  @Post('periods/:code/exemptions/:id/revoke')
  @ApiCreatedResponse({ type: PeriodExemptionDto })
  @Authenticated({ permission: 'periods.exceptions' })
  revokeExemption(
    @Param('code', PeriodCodePipe) code: string,
    @Param('id', Int4Pipe) id: number,
    @Body() dto: RevokeDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.periods.revokeExemption(code, id, dto.reason, user);
  }

  /**
   * Where a firm stands on the period: deadline, extension, exemption, latest request, lateness. A firm asks for
   * itself; staff name a firm of their territory (`enterpriseId`).
   */
  @ApiOperation({ summary: '企业报送状态 · Where a firm stands on a period' })
  @Get('periods/:code/standing')
  @ApiOkResponse({ type: FirmStandingDto })
  @Authenticated({ permission: 'returns.read' })
  async standing(
    @Param('code', PeriodCodePipe) code: string,
    @Query() q: StandingQueryDto,
    @CurrentUser() user: AuthUser,
  ): Promise<FirmStanding> {
    const period = await this.periods.get(code);
    const firm = await this.periods.firmOf(user, q.enterpriseId);
    return {
      periodCode: code,
      enterpriseId: firm.id,
      dueDate: period.dueDate,
      ...(await this.periods.standing(firm.id, period)),
    };
  }

  /** A firm asks the province for more time on the period's return. */
  @ApiOperation({ summary: '申请延期 · Ask for an extension' })
  @Post('periods/:code/extension-requests')
  @ApiCreatedResponse({ type: ExtensionRequestViewDto })
  @Authenticated({ permission: 'returns.edit' })
  requestExtension(
    @Param('code', PeriodCodePipe) code: string,
    @Body() dto: ExtensionRequestDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.periods.requestExtension(code, dto, user);
  }

  /** Extension requests of the caller's territory (a firm sees its own). */
  @ApiOperation({ summary: '延期申请 · Extension requests' })
  @Get('extension-requests')
  @ApiOkResponse({ type: [ExtensionRequestRowDto] })
  @Authenticated({ permission: 'periods.read' })
  async requests(
    @ListQuery(REQUEST_LIST) params: ListParams,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ExtensionRequestRowView[]> {
    const rows = await listPage(this.periods.requestsQuery(user), params, REQUEST_LIST, res);
    return rows.map(extensionRequestRowView);
  }

  @ApiOperation({ summary: '答复延期申请 · Answer an extension request' })
  @Post('extension-requests/:id/decision')
  @ApiCreatedResponse({ type: ExtensionRequestViewDto })
  @Authenticated({ permission: 'periods.exceptions' })
  decide(@Param('id', Int4Pipe) id: number, @Body() dto: ExtensionDecisionDto, @CurrentUser() user: AuthUser) {
    return this.periods.decideRequest(id, dto, user);
  }

  @ApiOperation({ summary: '批准延期 · Grant an extension' })
  @Post('periods/:code/extensions')
  @ApiCreatedResponse({ type: PeriodExtensionDto })
  @Authenticated({ permission: 'periods.exceptions' })
  async grantExtension(
    @Param('code', PeriodCodePipe) code: string,
    @Body() dto: ExtensionDto,
    @CurrentUser() user: AuthUser,
  ) {
    return extensionView(await this.periods.grantExtension(code, dto, user));
  }

  @ApiOperation({ summary: '设置免报 · Exempt a firm from a period' })
  @Post('periods/:code/exemptions')
  @ApiCreatedResponse({ type: PeriodExemptionDto })
  @Authenticated({ permission: 'periods.exceptions' })
  async exempt(@Param('code', PeriodCodePipe) code: string, @Body() dto: ExemptionDto, @CurrentUser() user: AuthUser) {
    return exemptionView(await this.periods.exempt(code, dto, user));
  }

  /** Who owes the period's return in the caller's territory, and where each firm stands. */
  @ApiOperation({ summary: "应报企业 · Firms that owe the period's return" })
  @Get('periods/:code/obligations')
  @ApiOkResponse({ type: [ObligationRowDto] })
  @Authenticated({ permission: 'periods.read' })
  async obligations(
    @Param('code', PeriodCodePipe) code: string,
    @CurrentUser() user: AuthUser,
    @ListQuery(OBLIGATION_LIST) params: ListParams,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ObligationRowView[]> {
    const period = await this.periods.get(code);
    const rows = await listPage(this.periods.obligationsQuery(code, user), params, OBLIGATION_LIST, res);
    return rows.map((r) => this.periods.obligationView(r, period));
  }

  @ApiOperation({ summary: '节假日 · Holiday calendar' })
  @Get('holidays')
  @ApiOkResponse({ type: [HolidayViewDto] })
  @Authenticated({ permission: 'periods.read' })
  holidays() {
    return this.periods.listHolidays();
  }

  /** The province keeps the holiday calendar (as it grants extensions); a new holiday moves a coming due date. */
  @ApiOperation({ summary: '新增节假日 · Add a holiday' })
  @Post('holidays')
  @ApiCreatedResponse({ type: HolidayAddedDto })
  @Authenticated({ permission: 'periods.exceptions' })
  addHoliday(@Body() dto: HolidayDto, @CurrentUser() user: AuthUser) {
    return this.periods.addHoliday(dto, user);
  }

  @ApiOperation({ summary: '删除节假日 · Remove a holiday' })
  @Delete('holidays/:date')
  @ApiOkResponse({ type: OkResponseDto })
  @Authenticated({ permission: 'periods.exceptions' })
  removeHoliday(@Param('date', IsoDatePipe) date: string, @CurrentUser() user: AuthUser) {
    return this.periods.removeHoliday(date, user);
  }
}
