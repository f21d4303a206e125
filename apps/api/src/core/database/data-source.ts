import { DataSource, type DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../../../../migrations';
import { ENTITIES } from './entities';
import { SnakeNamingStrategy } from './naming.strategy';

export function dataSourceOptions(url: string, extra: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migration',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    // Schema changes go through migrations/ only; `npm run migration:check` fails when entities drift.
    synchronize: false,
    uuidExtension: 'pgcrypto',
    logging: ['error'],
    extra: { max: 20, application_name: 'service-trade-portal' },
    ...extra,
  } as DataSourceOptions;
}

export function createDataSource(url: string, extra: Partial<DataSourceOptions> = {}): DataSource {
  return new DataSource(dataSourceOptions(url, extra));
}
