import { DataSource, type DataSourceOptions, type EntityManager } from 'typeorm';
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
  replicas: string[] = [],
): DataSourceOptions {
  return {
    type: 'postgres',
    // With replicas, TypeORM keeps a pool per server. Its SELECT query builders (find, findOne, getMany…) would
    // default to a replica; defaultMode 'master' keeps every query on the primary unless it asks for a replica
    // (onReplica below), so a save followed by a read always sees the save. ds.query() uses the primary anyway.
    ...(replicas.length
      ? { replication: { master: { url }, slaves: replicas.map((r) => ({ url: r })), defaultMode: 'master' } }
      : { url }),
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

/**
 * Runs read-only work on a replica (one of DATABASE_REPLICA_URLS, picked at random per call) on one connection
 * released at the end; without replicas TypeORM hands out a primary connection, so callers need not know. Only
 * for reads that may lag the primary by the replay delay: official tables, dashboards, exports.
 */
export async function onReplica<T>(ds: DataSource, work: (m: EntityManager) => Promise<T>): Promise<T> {
  const runner = ds.createQueryRunner('slave');
  try {
    return await work(runner.manager);
  } finally {
    await runner.release();
  }
}
