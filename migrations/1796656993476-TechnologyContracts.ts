import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TechnologyContracts1796656993476 implements MigrationInterface {
  name = 'TechnologyContracts1796656993476';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "technology_contract" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "enterprise_id" uuid NOT NULL, "contract_no" character varying(64) NOT NULL, "direction" character varying(6) NOT NULL, "period_code" character varying(6) NOT NULL, "review_unit_code" character varying(20) NOT NULL, "province_code" character varying(20) NOT NULL, "status" character varying(24) NOT NULL DEFAULT 'DRAFT', "registration_no" character varying(100), "current_version" integer NOT NULL DEFAULT '1', "registered_version" integer, "first_registered_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "row_version" integer NOT NULL, CONSTRAINT "PK_ffc0341910ff4ee065b12c68f0c" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_98a73cd52cdc06644f2e22223b" ON "technology_contract"  ("period_code") `);
    await q.query(`CREATE INDEX "IDX_45e358381a3ad0a65791402b9f" ON "technology_contract"  ("province_code") `);
    await q.query(
      `CREATE UNIQUE INDEX "IDX_f9b93908f8bed9485acd641352" ON "technology_contract"  ("registration_no") WHERE "registration_no" IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX "IDX_a5c32a9100f3c83bc9b38cc4fa" ON "technology_contract"  ("review_unit_code", "status") `,
    );
    await q.query(
      `CREATE UNIQUE INDEX "IDX_cb58a65f5703242b36f67b967b" ON "technology_contract"  ("enterprise_id", "contract_no") `,
    );
    await q.query(
      `CREATE TABLE "technology_contract_version" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "contract_id" uuid NOT NULL, "version" integer NOT NULL, "kind" character varying(16) NOT NULL DEFAULT 'REGISTRATION', "reason" text, "signed_date" date NOT NULL, "period_code" character varying(6) NOT NULL, "mode_code" character varying(8) NOT NULL, "foreign_party" character varying(200) NOT NULL, "partner_code" character varying(2) NOT NULL, "tech_fee" numeric(18,2) NOT NULL, "equipment_fee" numeric(18,2) NOT NULL DEFAULT '0', "contract_amount" numeric(18,2) NOT NULL, "currency" character varying(3) NOT NULL DEFAULT 'USD', "cny_per_usd" numeric(10,4) NOT NULL DEFAULT '1', "tech_fee_usd" numeric(18,2) NOT NULL, "equipment_fee_usd" numeric(18,2) NOT NULL DEFAULT '0', "contract_amount_usd" numeric(18,2) NOT NULL, "category" character varying(12) NOT NULL DEFAULT 'FREE', "licence_no" character varying(100), "source" character varying(16) NOT NULL DEFAULT 'WEB', "source_note" text, "frozen" boolean NOT NULL DEFAULT false, "content_hash" character(64), "submitted_at" TIMESTAMP WITH TIME ZONE, "submitted_by" uuid, "registered_at" TIMESTAMP WITH TIME ZONE, "registered_by" uuid, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_91c378c4f86ec6040579082a3d1" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "IDX_27ba53db02dbeab453c602c6ae" ON "technology_contract_version"  ("contract_id", "version") `,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."IDX_27ba53db02dbeab453c602c6ae"`);
    await q.query(`DROP TABLE "technology_contract_version"`);
    await q.query(`DROP INDEX "public"."IDX_cb58a65f5703242b36f67b967b"`);
    await q.query(`DROP INDEX "public"."IDX_a5c32a9100f3c83bc9b38cc4fa"`);
    await q.query(`DROP INDEX "public"."IDX_f9b93908f8bed9485acd641352"`);
    await q.query(`DROP INDEX "public"."IDX_45e358381a3ad0a65791402b9f"`);
    await q.query(`DROP INDEX "public"."IDX_98a73cd52cdc06644f2e22223b"`);
    await q.query(`DROP TABLE "technology_contract"`);
  }
}
