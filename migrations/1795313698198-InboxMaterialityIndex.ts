import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InboxMaterialityIndex1795313698198 implements MigrationInterface {
  name = 'InboxMaterialityIndex1795313698198';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "IDX_statistical_return_in_review_materiality" ON "statistical_return"  ("materiality" DESC, "id") WHERE status IN ('SUBMITTED', 'SENT_BACK', 'MUNICIPAL_APPROVED')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."IDX_statistical_return_in_review_materiality"`);
  }
}
