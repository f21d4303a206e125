import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * The aggregates are update-heavy (every approval and import adds to existing rows; the region roll-ups are
 * rewritten by every statement that touches an aggregate). With pages 70 % full an update can put the new row
 * version on the same page and, as no indexed column changes, skip the index entries (a HOT update). Applies to
 * pages written from now on; `VACUUM FULL` (or pg_repack) rewrites a table's existing pages at the new fill.
 */
const TABLES = [
  'agg_outsourcing',
  'agg_trade',
  'agg_workforce',
  'agg_row_returns',
  'agg_outsourcing_region',
  'agg_trade_region',
  'agg_row_returns_region',
  'agg_snapshot',
];

export class AggregatesFillFactor1795332000000 implements MigrationInterface {
  name = 'AggregatesFillFactor1795332000000';

  async up(q: QueryRunner): Promise<void> {
    for (const t of TABLES) await q.query(`ALTER TABLE "${t}" SET (fillfactor = 70)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of TABLES) await q.query(`ALTER TABLE "${t}" RESET (fillfactor)`);
  }
}
