import { Body, Controller, Delete, Get, Param, Post, Res } from '@nestjs/common';
import { RETURN_STATUSES } from '@portal/shared';
import { ApiTags } from '@nestjs/swagger';
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
import { IsoDatePipe, PeriodCodePipe } from '../../core/validation/pipes';
import type { PeriodEntity } from './period.entity';
import { CreatePeriodDto, ExemptionDto, ExtensionDto, HolidayDto } from './periods.dto';
import { type ObligationRow, PeriodsService } from './periods.service';

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

/** Periods are plain rows; react-admin wants an `id`, and the rate is a number to clients. */
const periodView = (p: PeriodEntity) => ({ id: p.code, ...p, cnyPerUsd: Number(p.cnyPerUsd) });

@ApiTags('periods')
@Controller()
export class PeriodsController {
  constructor(private readonly periods: PeriodsService) {}

  @Get('periods')
  @Authenticated({ permission: 'periods.read' })
  async list(@ListQuery(PERIOD_LIST) params: ListParams, @Res({ passthrough: true }) res: Response) {
    return (await listPage(this.periods.query(), params, PERIOD_LIST, res)).map(periodView);
  }

  @Get('periods/:code')
  @Authenticated({ permission: 'periods.read' })
  async getOne(@Param('code', PeriodCodePipe) code: string) {
    return periodView(await this.periods.get(code));
  }

  @Post('periods')
  @Authenticated({ permission: 'periods.manage' })
  async create(@Body() dto: CreatePeriodDto, @CurrentUser() user: AuthUser) {
    return periodView(await this.periods.create(dto, user));
  }

  @Get('periods/:code/extensions')
  @Authenticated({ permission: 'periods.read' })
  extensions(@Param('code', PeriodCodePipe) code: string, @CurrentUser() user: AuthUser) {
    return this.periods.listExtensions(code, user);
  }

  @Post('periods/:code/extensions')
  @Authenticated({ permission: 'periods.exceptions' })
  grantExtension(
    @Param('code', PeriodCodePipe) code: string,
    @Body() dto: ExtensionDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.periods.grantExtension(code, dto, user);
  }

  @Post('periods/:code/exemptions')
  @Authenticated({ permission: 'periods.exceptions' })
  exempt(@Param('code', PeriodCodePipe) code: string, @Body() dto: ExemptionDto, @CurrentUser() user: AuthUser) {
    return this.periods.exempt(code, dto, user);
  }

  /** Who owes the period's return in the caller's territory, and where each firm stands. */
  @Get('periods/:code/obligations')
  @Authenticated({ permission: 'periods.read' })
  async obligations(
    @Param('code', PeriodCodePipe) code: string,
    @CurrentUser() user: AuthUser,
    @ListQuery(OBLIGATION_LIST) params: ListParams,
    @Res({ passthrough: true }) res: Response,
  ) {
    const period = await this.periods.get(code);
    const rows = await listPage(this.periods.obligationsQuery(code, user), params, OBLIGATION_LIST, res);
    return rows.map((r) => this.periods.obligationView(r, period));
  }

  @Get('holidays')
  @Authenticated({ permission: 'periods.read' })
  holidays() {
    return this.periods.listHolidays();
  }

  @Post('holidays')
  @Authenticated({ permission: 'periods.manage' })
  addHoliday(@Body() dto: HolidayDto, @CurrentUser() user: AuthUser) {
    return this.periods.addHoliday(dto, user);
  }

  @Delete('holidays/:date')
  @Authenticated({ permission: 'periods.manage' })
  removeHoliday(@Param('date', IsoDatePipe) date: string, @CurrentUser() user: AuthUser) {
    return this.periods.removeHoliday(date, user);
  }
}
