import type { DataSource } from 'typeorm';

/**
 * Inputs shared by the tables of one request (code lists, rates, pending returns, coverage counts, the facts
 * behind the snapshot hash, identical aggregate reads): each is loaded once per context, however many tables of
 * the catalogue are computed with it. A context lives for one request or export job only, so nothing goes stale.
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
    return this.get(`q|${sql}|${JSON.stringify(params)}`, () => ds.query(sql, params) as Promise<T[]>);
  }
}
