import { rebuildAllFacts } from '../../apps/api/src/modules/official-tables/facts';
import { createDataSource } from '../../apps/api/src/core/database/data-source';
import { connect } from './db';
import { factSnapshot } from './load';

/**
 * Proves the bulk load equal to the approval code path: snapshots the bulk-loaded facts and aggregates, rebuilds
 * them with facts.ts `rebuildAllFacts` (the writer for every approved return, one at a time, in order), and compares.
 * Returns the tables that differ (empty: equal) and the rows compared.
 */
export async function verifyBulkFacts(url: string): Promise<{ differences: string[]; rows: number }> {
  const c = await connect(url);
  try {
    const bulk = await factSnapshot(c);
    const ds = createDataSource(url);
    await ds.initialize();
    try {
      await ds.transaction(async (m) => {
        for (const t of ['agg_outsourcing', 'agg_trade', 'agg_workforce', 'agg_row_returns'])
          await m.query(`DELETE FROM ${t}`);
        for (const t of [
          'fact_outsourcing',
          'fact_contract',
          'fact_execution_source',
          'fact_trade',
          'fact_workforce',
          'fact_row_key',
          'fact_return',
        ])
          await m.query(`DELETE FROM ${t}`);
        await rebuildAllFacts(m);
      });
    } finally {
      await ds.destroy();
    }
    const coded = await factSnapshot(c);
    const differences = Object.keys(bulk).filter((t) => JSON.stringify(bulk[t]) !== JSON.stringify(coded[t]));
    return { differences, rows: Object.values(bulk).reduce((a, r) => a + r.length, 0) };
  } finally {
    await c.end();
  }
}
