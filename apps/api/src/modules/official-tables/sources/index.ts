import type { DataSource } from 'typeorm';
import type { Source } from '../catalogue';
import type { TablesRepository } from '../tables.repository';
import { EnterpriseSource } from './enterprise.source';
import { OutsourcingSource } from './outsourcing.source';
import { QualitySource } from './quality.source';
import type { RecordSource } from './record-source';
import { TechnologySource } from './technology.source';
import { TradeSource } from './trade.source';
import { WorkforceSource } from './workforce.source';

/** Every record source the catalogue names (catalogue.ts `Source`), by name. */
export function recordSources(ds: DataSource, tables: TablesRepository): Record<Source, RecordSource> {
  return {
    outsourcing: new OutsourcingSource(ds, tables),
    trade: new TradeSource(ds, tables),
    workforce: new WorkforceSource(ds, tables),
    enterprise: new EnterpriseSource(ds, tables),
    quality: new QualitySource(ds),
    technology: new TechnologySource(ds),
  };
}
