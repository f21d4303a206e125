import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TechnologyContractWorkflow1796657907817 implements MigrationInterface {
  name = 'TechnologyContractWorkflow1796657907817';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "technology_contract_transition" ("id" BIGSERIAL NOT NULL, "contract_id" uuid NOT NULL, "version" integer NOT NULL, "action" character varying(32) NOT NULL, "from_status" character varying(24) NOT NULL, "to_status" character varying(24) NOT NULL, "actor_id" uuid, "actor_username" character varying(64), "actor_role" character varying(32), "reason" text, "comments" jsonb NOT NULL DEFAULT '[]', "at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_2b3f86ac42c32f5668173355a82" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "IDX_2c91f4daf23eb7012fcb6746aa" ON "technology_contract_transition"  ("contract_id", "at") `,
    );
    await q.query(
      `CREATE TABLE "technology_contract_check" ("contract_id" uuid NOT NULL, "version" integer NOT NULL, "status" character varying(12) NOT NULL DEFAULT 'QUEUED', "findings" jsonb NOT NULL DEFAULT '[]', "explanations" jsonb NOT NULL DEFAULT '{}', "content_hash" character(64), "materiality" double precision, "error" text, "finished_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e7410058432a62f96ee32ec4bd6" PRIMARY KEY ("contract_id", "version"))`,
    );
    await q.query(
      `CREATE TABLE "technology_contract_attachment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "contract_id" uuid NOT NULL, "version" integer NOT NULL, "file_name" character varying(200) NOT NULL, "content_type" character varying(100) NOT NULL, "size" integer NOT NULL, "sha256" character(64) NOT NULL, "data" bytea NOT NULL, "uploaded_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a1fb573ec3408362e9670dc6918" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "IDX_74be7b583b9d3e5204d36e1cf9" ON "technology_contract_attachment"  ("contract_id", "version") `,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."IDX_74be7b583b9d3e5204d36e1cf9"`);
    await q.query(`DROP TABLE "technology_contract_attachment"`);
    await q.query(`DROP TABLE "technology_contract_check"`);
    await q.query(`DROP INDEX "public"."IDX_2c91f4daf23eb7012fcb6746aa"`);
    await q.query(`DROP TABLE "technology_contract_transition"`);
  }
}
