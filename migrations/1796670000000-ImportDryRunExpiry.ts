import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * Dry runs expire (issue 17): a preview left unconfirmed for IMPORT_DRY_RUN_TTL_HOURS ends EXPIRED and its upload
 * is deleted, found by the job sweep through a partial index on the few imports awaiting confirmation.
 */
export class ImportDryRunExpiry1796670000000 implements MigrationInterface {
  name = 'ImportDryRunExpiry1796670000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "IDX_import_job_previewed" ON "import_job" ("finished_at") WHERE "status" = 'PREVIEWED'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    // The older code knows no EXPIRED: an expired dry run (its upload already deleted) reads as discarded.
    await q.query(`UPDATE "import_job" SET "status" = 'DISCARDED' WHERE "status" = 'EXPIRED'`);
    await q.query(`DROP INDEX "public"."IDX_import_job_previewed"`);
  }
}
