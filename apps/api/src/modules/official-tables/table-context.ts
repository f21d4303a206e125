import type { DataSource, EntityManager } from 'typeorm';
import { onReplica } from '../../core/database/data-source';

/**
 * Inputs shared by the tables of one request (code lists, rates, pending returns, coverage counts, the facts
 * behind the snapshot hash, identical aggregate reads): each is loaded once per context, however many tables of
 * the catalogue are computed with it. A context lives for one request or export job only, so nothing goes stale.
 *
 * Every read of the tables goes through a context, and a context reads from a replica when DATABASE_REPLICA_URLS
 * names any (the primary otherwise): tables, dashboards and table exports show approved figures, which may lag the
 * primary by the replay delay; nothing a caller has just written is read back here.
 */
export class TableContext {
  private readonly memo = new Map<string, Promise<unknown>>();

  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    let p = this.memo.get(key) as Promise<T> | undefined;
    if (!p) {
      p = load();
      this.memo.set(key, p);
      p.catch(() => this.memo.delete(key));
    }
    return p;
  }

  /** A read-only query, run once per context for the same text and parameters. */
  query<T>(ds: DataSource, sql: string, params: unknown[] = []): Promise<T[]> {
    return this.get(`q|${sql}|${JSON.stringify(params)}`, () => this.read<T>(ds, sql, params));
  }

  /** A read-only query, run each time (a read the caller memoizes itself, or one that differs every time). */
  read<T>(ds: DataSource, sql: string, params: unknown[] = []): Promise<T[]> {
    return this.reading(ds, (m) => m.query(sql, params) as Promise<T[]>);
  }

  /** Read-only work with entities (find, a query builder) on the context's server, on one connection. */
  reading<T>(ds: DataSource, work: (m: EntityManager) => Promise<T>): Promise<T> {
    return onReplica(ds, work);
  }
}
