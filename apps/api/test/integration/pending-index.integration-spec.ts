import { TableContext } from '../../src/modules/official-tables/table-context';
import { TablesRepository } from '../../src/modules/official-tables/tables.repository';
import { startTestStack, type TestStack } from '../utils/app';

/** A table context that keeps the statements it runs (the repository's own SQL, not a copy of it). */
class RecordingContext extends TableContext {
  readonly statements: { sql: string; params: unknown[] }[] = [];
  override read<T>(ds: Parameters<TableContext['read']>[0], sql: string, params: unknown[] = []): Promise<T[]> {
    this.statements.push({ sql, params });
    return super.read<T>(ds, sql, params);
  }
}

describe('the official tables read returns in review through the partial index (issue 19)', () => {
  let s: TestStack;
  beforeAll(async () => {
    s = await startTestStack();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('the pending read can use IDX_statistical_return_pending (its statuses match the index predicate)', async () => {
    const ctx = new RecordingContext();
    await new TablesRepository(s.ds).pendingReturns(['2026Q2', '2026Q3'], ctx);
    expect(ctx.statements).toHaveLength(1);
    const [{ sql, params }] = ctx.statements;
    // The demo tables are tiny, so the planner would scan them anyway: with sequential scans priced out, the plan
    // shows whether the index can answer the statement at all (it cannot when the statuses differ).
    const plan: { 'QUERY PLAN': string }[] = await s.ds.transaction(async (m) => {
      await m.query(`SET LOCAL enable_seqscan = off`);
      return m.query(`EXPLAIN ${sql}`, params);
    });
    expect(plan.map((p) => p['QUERY PLAN']).join('\n')).toContain('IDX_statistical_return_pending');
  });
});
