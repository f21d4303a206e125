import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AggRowReturnsRowKeyIndex1795313779463 implements MigrationInterface {
  name = 'AggRowReturnsRowKeyIndex1795313779463';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "IDX_a781b9668d29c110ddced47b05" ON "agg_row_returns"  ("period_code", "row_key") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."IDX_a781b9668d29c110ddced47b05"`);
  }
}
