import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../../core/auth/auth-user';
import { Authenticated, CurrentUser } from '../../core/auth/authenticated.decorator';
import { equalsFilter, idFilter, listPage, searchFilter, type ListSpec } from '../../core/http/list-query';
import type { EnterpriseEntity } from './enterprise.entity';
import { ColleagueDto, ProfileChangeDto, RegisterEnterpriseDto, RejectDto, SettingsDto } from './enterprises.dto';
import { EnterprisesService } from './enterprises.service';

export const ENTERPRISE_LIST: ListSpec<EnterpriseEntity> = {
  resource: 'enterprises',
  sortable: {
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
    status: equalsFilter('e.status'),
    regionCode: equalsFilter('e.regionCode'),
    zoneCode: equalsFilter('e.zoneCode'),
    reviewUnitCode: equalsFilter('e.reviewUnitCode'),
  },
};

@ApiTags('enterprises')
@Controller('enterprises')
export class EnterprisesController {
  constructor(private readonly enterprises: EnterprisesService) {}

  @Get()
  @Authenticated({ permission: 'enterprises.read' })
  list(
    @CurrentUser() user: AuthUser,
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) res: Response,
  ) {
    return listPage(this.enterprises.scoped(user), query, ENTERPRISE_LIST, res);
  }

  @Get(':id')
  @Authenticated({ permission: 'enterprises.read' })
  getOne(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.enterprises.getScoped(user, id);
  }

  @Post()
  @Authenticated({ permission: 'enterprises.register' })
  register(@Body() dto: RegisterEnterpriseDto, @CurrentUser() user: AuthUser) {
    return this.enterprises.register(dto, user);
  }

  @Post(':id/confirm')
  @HttpCode(200)
  @Authenticated({ permission: 'enterprises.confirm' })
  confirm(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: AuthUser) {
    return this.enterprises.decide(id, user, { confirm: true });
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Authenticated({ permission: 'enterprises.confirm' })
  reject(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: RejectDto, @CurrentUser() user: AuthUser) {
    return this.enterprises.decide(id, user, { confirm: false, reason: dto.reason });
  }

  @Post(':id/profile')
  @Authenticated({ permission: 'enterprises.edit' })
  changeProfile(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ProfileChangeDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.enterprises.changeProfile(id, dto, user);
  }

  @Get(':id/profiles')
  @Authenticated({ permission: 'enterprises.read' })
  profiles(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: AuthUser) {
    return this.enterprises.profileVersions(user, id);
  }

  @Post(':id/users')
  @Authenticated({ permission: 'enterprises.manage' })
  addColleague(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: ColleagueDto, @CurrentUser() user: AuthUser) {
    return this.enterprises.addColleague(id, dto, user);
  }

  @Get(':id/users')
  @Authenticated({ permission: 'enterprises.read' })
  colleagues(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: AuthUser) {
    return this.enterprises.colleagues(user, id);
  }

  @Put(':id/settings')
  @Authenticated({ permission: 'enterprises.manage' })
  settings(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: SettingsDto, @CurrentUser() user: AuthUser) {
    return this.enterprises.setMakerChecker(id, dto.makerChecker, user);
  }
}
