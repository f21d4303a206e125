import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Uploaded exchange bundles and Excel templates, processed by the worker. */
export class ExchangeImports1795309897386 implements MigrationInterface {
  name = 'ExchangeImports1795309897386';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "import_job" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" character varying(16) NOT NULL, "format" character varying(8) NOT NULL DEFAULT 'BUNDLE', "status" character varying(16) NOT NULL DEFAULT 'QUEUED', "created_by" uuid NOT NULL, "created_by_username" character varying(64) NOT NULL, "enterprise_id" uuid, "file_name" text NOT NULL, "file_size" integer NOT NULL, "sha256" character(64) NOT NULL, "source_note" text, "progress" smallint NOT NULL DEFAULT '0', "counts" jsonb NOT NULL DEFAULT '{}', "error_count" integer NOT NULL DEFAULT '0', "errors" jsonb NOT NULL DEFAULT '[]', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_65b4c7eccb8120972a7b8da7682" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_1651ea0bc366c34c8b39020357" ON "import_job"  ("enterprise_id") `);
    await q.query(`CREATE INDEX "IDX_b5466aba13accbc065a94e1c6c" ON "import_job"  ("created_by", "created_at") `);
    await q.query(
      `CREATE TABLE "import_upload" ("import_id" uuid NOT NULL, "data" bytea NOT NULL, CONSTRAINT "PK_51662da250c4911904aadd20ecf" PRIMARY KEY ("import_id"))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "import_upload"`);
    await q.query(`DROP INDEX "public"."IDX_b5466aba13accbc065a94e1c6c"`);
    await q.query(`DROP INDEX "public"."IDX_1651ea0bc366c34c8b39020357"`);
    await q.query(`DROP TABLE "import_job"`);
  }
}
