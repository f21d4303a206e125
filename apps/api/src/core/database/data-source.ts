import { DataSource, type DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../../../../migrations';
import { ENTITIES } from './entities';
import { SnakeNamingStrategy } from './naming.strategy';

/** The connection pool of a process (pg's Pool): its size, and how long a query waits for a free connection. */
export interface PoolSettings {
  size: number;
  acquireTimeoutMs: number;
}

/**
 * Scripts and tests that run alone keep the defaults; the API and the worker take theirs from the configuration
 * (DATABASE_POOL_SIZE, DATABASE_ACQUIRE_TIMEOUT_MS).
 */
const DEFAULT_POOL: PoolSettings = { size: 20, acquireTimeoutMs: 5000 };

export function dataSourceOptions(
  url: string,
  extra: Partial<DataSourceOptions> = {},
  pool: PoolSettings = DEFAULT_POOL,
): DataSourceOptions {
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
    // connectionTimeoutMillis bounds the wait for a free connection as well as the connect itself: a full pool
    // answers "timeout exceeded when trying to connect" (mapped to 503 SERVICE_BUSY) instead of queueing forever.
    extra: { max: pool.size, connectionTimeoutMillis: pool.acquireTimeoutMs, application_name: 'service-trade-portal' },
    ...extra,
  } as DataSourceOptions;
}

export function createDataSource(url: string, extra: Partial<DataSourceOptions> = {}): DataSource {
  return new DataSource(dataSourceOptions(url, extra));
}
