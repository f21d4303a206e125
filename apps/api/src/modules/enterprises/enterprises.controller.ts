import { Controller, Get, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../../core/auth/auth-user';
import { Authenticated, CurrentUser } from '../../core/auth/authenticated.decorator';
import { equalsFilter, idFilter, listPage, searchFilter, type ListSpec } from '../../core/http/list-query';
import type { EnterpriseEntity } from './enterprise.entity';
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
}
