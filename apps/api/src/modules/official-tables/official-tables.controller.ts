import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../core/auth/auth-user';
import { Authenticated, CurrentUser } from '../../core/auth/authenticated.decorator';
import { SlugPipe } from '../../core/validation/pipes';
import { DrillDownQueryDto, TableQueryDto } from './official-tables.dto';
import { OfficialTablesService } from './official-tables.service';

/**
 * Official tables (汇总表) from approved returns. Provincial statisticians read the province and anything in it;
 * municipal reviewers their own territory (checked in the service); firms have no tables.read.
 */
@ApiTags('official-tables')
@Controller('official-tables')
export class OfficialTablesController {
  constructor(private readonly tables: OfficialTablesService) {}

  @Get()
  @Authenticated({ permission: 'tables.read' })
  catalogue() {
    return this.tables.catalogue();
  }

  @Get(':id')
  @Authenticated({ permission: 'tables.read' })
  table(@Param('id', SlugPipe) id: string, @Query() q: TableQueryDto, @CurrentUser() user: AuthUser) {
    return this.tables.table(user, id, q);
  }

  /** The returns behind one row, approved or waiting, within the caller's territory. */
  @Get(':id/drill-down')
  @Authenticated({ permission: 'tables.read' })
  drillDown(@Param('id', SlugPipe) id: string, @Query() q: DrillDownQueryDto, @CurrentUser() user: AuthUser) {
    return this.tables.drillDown(user, id, q);
  }

  /** The technology contracts behind one row of a technology table, registered or waiting, within the caller's territory. */
  @Get(':id/contracts')
  @Authenticated({ permission: 'tables.read' })
  contracts(@Param('id', SlugPipe) id: string, @Query() q: DrillDownQueryDto, @CurrentUser() user: AuthUser) {
    return this.tables.drillDownContracts(user, id, q);
  }
}
