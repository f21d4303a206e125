import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TopEnterprisesIndexes1795329509229 implements MigrationInterface {
  name = 'TopEnterprisesIndexes1795329509229';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "IDX_0d5dce9e129c7ca2cc4818428a" ON "fact_return"  ("period_code", "province_code", "executed_usd") `,
    );
    await q.query(`CREATE INDEX "IDX_82b01260a30b891ceb0177f70c" ON "fact_return"  ("period_code", "executed_usd") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."IDX_82b01260a30b891ceb0177f70c"`);
    await q.query(`DROP INDEX "public"."IDX_0d5dce9e129c7ca2cc4818428a"`);
  }
}
