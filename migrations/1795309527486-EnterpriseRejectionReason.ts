import type { MigrationInterface, QueryRunner } from 'typeorm';

export class EnterpriseRejectionReason1795309527486 implements MigrationInterface {
  name = 'EnterpriseRejectionReason1795309527486';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "enterprise" ADD "rejection_reason" text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "enterprise" DROP COLUMN "rejection_reason"`);
  }
}
