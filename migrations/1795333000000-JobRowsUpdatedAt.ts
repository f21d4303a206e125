import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * When an export or import row last changed (status, progress): the job sweep gives up a RUNNING row whose BullMQ
 * job has left Redis only once nothing has touched the row for a while, since a live worker may still be running it.
 */
export class JobRowsUpdatedAt1795333000000 implements MigrationInterface {
  name = 'JobRowsUpdatedAt1795333000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "export_job" ADD "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`);
    await q.query(`ALTER TABLE "import_job" ADD "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "import_job" DROP COLUMN "updated_at"`);
    await q.query(`ALTER TABLE "export_job" DROP COLUMN "updated_at"`);
  }
}
