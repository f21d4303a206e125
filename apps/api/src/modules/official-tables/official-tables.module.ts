import { Module } from '@nestjs/common';
import { FactsModule } from './facts.module';
import { OfficialTablesController } from './official-tables.controller';
import { OfficialTablesService } from './official-tables.service';

@Module({
  imports: [FactsModule],
  controllers: [OfficialTablesController],
  providers: [OfficialTablesService],
  exports: [OfficialTablesService, FactsModule],
})
export class OfficialTablesModule {}
