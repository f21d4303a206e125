import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SnapshotDigestsZeroIndex1795330475939 implements MigrationInterface {
  name = 'SnapshotDigestsZeroIndex1795330475939';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "IDX_187c745bdbc44e163ac9baf7d6" ON "agg_snapshot"  ("period_code") WHERE "returns" = 0`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."IDX_187c745bdbc44e163ac9baf7d6"`);
  }
}
