import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * Imports with a dry run (issue 17): an upload can be checked and previewed without writing (status PREVIEWED),
 * then confirmed (the same stored upload applied) or discarded. The preview lists per firm and period what the
 * import would create, update, leave unchanged or refuse.
 */
export class ImportDryRun1796660000000 implements MigrationInterface {
  name = 'ImportDryRun1796660000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "import_job" ADD "dry_run" boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE "import_job" ADD "confirmed_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "import_job" ADD "preview" jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Unconfirmed dry runs end as failed imports without their file (the older code knows no other end).
    await q.query(
      `DELETE FROM "import_upload" WHERE "import_id" IN (SELECT "id" FROM "import_job" WHERE "status" IN ('PREVIEWED', 'DISCARDED'))`,
    );
    await q.query(`UPDATE "import_job" SET "status" = 'FAILED' WHERE "status" IN ('PREVIEWED', 'DISCARDED')`);
    await q.query(`ALTER TABLE "import_job" DROP COLUMN "preview"`);
    await q.query(`ALTER TABLE "import_job" DROP COLUMN "confirmed_at"`);
    await q.query(`ALTER TABLE "import_job" DROP COLUMN "dry_run"`);
  }
}
