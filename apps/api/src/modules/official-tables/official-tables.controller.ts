import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CatalogueEntryDto,
  ContractDrillDownRowDto,
  DrillDownRowDto,
  OfficialTableViewDto,
} from '../../core/http/response-dtos';
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

  @ApiOperation({ summary: '统计报表目录 · Catalogue of official tables' })
  @Get()
  @ApiOkResponse({ type: [CatalogueEntryDto] })
  @Authenticated({ permission: 'tables.read' })
  catalogue() {
    return this.tables.catalogue();
  }

  @ApiOperation({ summary: '统计报表 · One official table' })
  @Get(':id')
  @ApiOkResponse({ type: OfficialTableViewDto })
  @Authenticated({ permission: 'tables.read' })
  table(@Param('id', SlugPipe) id: string, @Query() q: TableQueryDto, @CurrentUser() user: AuthUser) {
    return this.tables.table(user, id, q);
  }

  /** The returns behind one row, approved or waiting, within the caller's territory. */
  @ApiOperation({ summary: '报表行明细 · The returns behind one table row' })
  @Get(':id/drill-down')
  @ApiOkResponse({ type: [DrillDownRowDto] })
  @Authenticated({ permission: 'tables.read' })
  drillDown(@Param('id', SlugPipe) id: string, @Query() q: DrillDownQueryDto, @CurrentUser() user: AuthUser) {
    return this.tables.drillDown(user, id, q);
  }

  /** The technology contracts behind one row of a technology table, registered or waiting, within the caller's territory. */
  @ApiOperation({ summary: '报表行合同明细 · The technology contracts behind one table row' })
  @Get(':id/contracts')
  @ApiOkResponse({ type: [ContractDrillDownRowDto] })
  @Authenticated({ permission: 'tables.read' })
  contracts(@Param('id', SlugPipe) id: string, @Query() q: DrillDownQueryDto, @CurrentUser() user: AuthUser) {
    return this.tables.drillDownContracts(user, id, q);
  }
}
