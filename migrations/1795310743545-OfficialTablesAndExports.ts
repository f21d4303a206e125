import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OfficialTablesAndExports1795310743545 implements MigrationInterface {
  name = 'OfficialTablesAndExports1795310743545';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "export_job" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" character varying(8) NOT NULL, "table_id" character varying(40), "period" character varying(12) NOT NULL, "territory" character varying(20) NOT NULL, "currency" character varying(3) NOT NULL DEFAULT 'USD', "status" character varying(12) NOT NULL DEFAULT 'QUEUED', "progress" smallint NOT NULL DEFAULT '0', "created_by" uuid NOT NULL, "created_by_username" character varying(64) NOT NULL, "file_name" text, "file_size" bigint, "snapshot_hash" character(64), "error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_2edcb6f1780d22e5a9f2f29f466" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_4f91e5949e659290d779634a76" ON "export_job"  ("created_by", "created_at") `);
    await q.query(
      `CREATE TABLE "export_file_chunk" ("export_id" uuid NOT NULL, "seq" integer NOT NULL, "data" bytea NOT NULL, CONSTRAINT "PK_a0537e1dd31eef9b89099cfd3a6" PRIMARY KEY ("export_id", "seq"))`,
    );
    await q.query(
      `CREATE TABLE "fact_return" ("return_id" uuid NOT NULL, "enterprise_id" uuid NOT NULL, "period_code" character varying(6) NOT NULL, "revision" integer NOT NULL, "cny_per_usd" numeric(10,4) NOT NULL, "name_zh" text NOT NULL, "province_code" character varying(20) NOT NULL, "city_code" character varying(20) NOT NULL, "area_code" character varying(20) NOT NULL, "region_code" character varying(20) NOT NULL, "zone_code" character varying(20), "review_unit_code" character varying(20) NOT NULL, "nature_code" character varying(20) NOT NULL, "nature_group" character varying(20) NOT NULL, "industry_code" character varying(4) NOT NULL, "key_enterprise" boolean NOT NULL, "zero_return" boolean NOT NULL, "contracts" integer NOT NULL, "signed_usd" numeric(20,2) NOT NULL, "executed_usd" numeric(20,2) NOT NULL, "offshore_signed_usd" numeric(20,2) NOT NULL, "offshore_executed_usd" numeric(20,2) NOT NULL, "export_usd" numeric(20,2) NOT NULL, "import_usd" numeric(20,2) NOT NULL, "refreshed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1171a280281087cc49d659a0317" PRIMARY KEY ("return_id"))`,
    );
    await q.query(`CREATE INDEX "IDX_9e9cdbdd1cd25e8bd69105bcc5" ON "fact_return"  ("enterprise_id", "period_code") `);
    await q.query(`CREATE INDEX "IDX_27857477922473081cadfba462" ON "fact_return"  ("period_code", "province_code") `);
    await q.query(
      `CREATE TABLE "fact_outsourcing" ("return_id" uuid NOT NULL, "business_code" character varying(20) NOT NULL, "offshore" boolean NOT NULL, "partner_code" character varying(2) NOT NULL, "contracts" integer NOT NULL, "signed_usd" numeric(20,2) NOT NULL, "executed_usd" numeric(20,2) NOT NULL, CONSTRAINT "PK_5774ed3564b2d2b0101a32a8f4d" PRIMARY KEY ("return_id", "business_code", "offshore", "partner_code"))`,
    );
    await q.query(
      `CREATE TABLE "fact_contract" ("enterprise_id" uuid NOT NULL, "contract_no" character varying(64) NOT NULL, "return_id" uuid NOT NULL, "business_code" character varying(20) NOT NULL, "offshore" boolean NOT NULL, "partner_code" character varying(2) NOT NULL, CONSTRAINT "PK_0b59931bb201f0260ef3c3c3839" PRIMARY KEY ("enterprise_id", "contract_no"))`,
    );
    await q.query(`CREATE INDEX "IDX_50da19209a29e751ee557eb801" ON "fact_contract"  ("return_id") `);
    await q.query(
      `CREATE TABLE "fact_execution_source" ("return_id" uuid NOT NULL, "contract_no" character varying(64) NOT NULL, "enterprise_id" uuid NOT NULL, CONSTRAINT "PK_75cf36d60b9d808b4899b09e984" PRIMARY KEY ("return_id", "contract_no"))`,
    );
    await q.query(
      `CREATE INDEX "IDX_ef4c43015c7dcec3d0ea575d34" ON "fact_execution_source"  ("enterprise_id", "contract_no") `,
    );
    await q.query(
      `CREATE TABLE "fact_trade" ("return_id" uuid NOT NULL, "category_code" character varying(4) NOT NULL, "partner_code" character varying(2) NOT NULL, "export_usd" numeric(20,2) NOT NULL, "import_usd" numeric(20,2) NOT NULL, CONSTRAINT "PK_2c245cde66575f06dddf41d7353" PRIMARY KEY ("return_id", "category_code", "partner_code"))`,
    );
    await q.query(
      `CREATE TABLE "fact_workforce" ("return_id" uuid NOT NULL, "junior_college" integer NOT NULL, "bachelor" integer NOT NULL, "master" integer NOT NULL, "doctor" integer NOT NULL, "other" integer NOT NULL, CONSTRAINT "PK_ac72e537375bba68fe304233052" PRIMARY KEY ("return_id"))`,
    );
    await q.query(
      `CREATE TABLE "fact_row_key" ("return_id" uuid NOT NULL, "row_key" character varying(40) NOT NULL, CONSTRAINT "PK_619e9f0c09e00f18b472e38028e" PRIMARY KEY ("return_id", "row_key"))`,
    );
    await q.query(
      `CREATE TABLE "agg_outsourcing" ("period_code" character varying(6) NOT NULL, "area_code" character varying(20) NOT NULL, "business_code" character varying(20) NOT NULL, "offshore" boolean NOT NULL, "partner_code" character varying(2) NOT NULL, "nature_code" character varying(20) NOT NULL, "province_code" character varying(20) NOT NULL, "city_code" character varying(20) NOT NULL, "nature_group" character varying(20) NOT NULL, "contracts" integer NOT NULL, "signed_usd" numeric(20,2) NOT NULL, "executed_usd" numeric(20,2) NOT NULL, CONSTRAINT "PK_e889da8108cbe46e2dae5f094d2" PRIMARY KEY ("period_code", "area_code", "business_code", "offshore", "partner_code", "nature_code"))`,
    );
    await q.query(
      `CREATE INDEX "IDX_77b3e8d59fc8d47be1f16dfed9" ON "agg_outsourcing"  ("period_code", "province_code") `,
    );
    await q.query(
      `CREATE TABLE "agg_trade" ("period_code" character varying(6) NOT NULL, "area_code" character varying(20) NOT NULL, "category_code" character varying(4) NOT NULL, "partner_code" character varying(2) NOT NULL, "province_code" character varying(20) NOT NULL, "city_code" character varying(20) NOT NULL, "export_usd" numeric(20,2) NOT NULL, "import_usd" numeric(20,2) NOT NULL, CONSTRAINT "PK_efe1e46a6d90409158ba794ddeb" PRIMARY KEY ("period_code", "area_code", "category_code", "partner_code"))`,
    );
    await q.query(`CREATE INDEX "IDX_229436c4774e27d9e81a454ce3" ON "agg_trade"  ("period_code", "province_code") `);
    await q.query(
      `CREATE TABLE "agg_workforce" ("period_code" character varying(6) NOT NULL, "area_code" character varying(20) NOT NULL, "nature_code" character varying(20) NOT NULL, "province_code" character varying(20) NOT NULL, "city_code" character varying(20) NOT NULL, "junior_college" integer NOT NULL, "bachelor" integer NOT NULL, "master" integer NOT NULL, "doctor" integer NOT NULL, "other" integer NOT NULL, CONSTRAINT "PK_64b7249d4b5fde8a254771b26a3" PRIMARY KEY ("period_code", "area_code", "nature_code"))`,
    );
    await q.query(
      `CREATE INDEX "IDX_00a608990fb64951d2d893f5e1" ON "agg_workforce"  ("period_code", "province_code") `,
    );
    await q.query(
      `CREATE TABLE "agg_row_returns" ("period_code" character varying(6) NOT NULL, "area_code" character varying(20) NOT NULL, "row_key" character varying(40) NOT NULL, "province_code" character varying(20) NOT NULL, "city_code" character varying(20) NOT NULL, "returns" integer NOT NULL, CONSTRAINT "PK_7595549d8583f5037b1bfdb239f" PRIMARY KEY ("period_code", "area_code", "row_key"))`,
    );
    await q.query(
      `CREATE INDEX "IDX_5a1bf4a02e984342a31cc2f6d3" ON "agg_row_returns"  ("period_code", "province_code") `,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."IDX_5a1bf4a02e984342a31cc2f6d3"`);
    await q.query(`DROP TABLE "agg_row_returns"`);
    await q.query(`DROP INDEX "public"."IDX_00a608990fb64951d2d893f5e1"`);
    await q.query(`DROP TABLE "agg_workforce"`);
    await q.query(`DROP INDEX "public"."IDX_229436c4774e27d9e81a454ce3"`);
    await q.query(`DROP TABLE "agg_trade"`);
    await q.query(`DROP INDEX "public"."IDX_77b3e8d59fc8d47be1f16dfed9"`);
    await q.query(`DROP TABLE "agg_outsourcing"`);
    await q.query(`DROP TABLE "fact_row_key"`);
    await q.query(`DROP TABLE "fact_workforce"`);
    await q.query(`DROP TABLE "fact_trade"`);
    await q.query(`DROP INDEX "public"."IDX_ef4c43015c7dcec3d0ea575d34"`);
    await q.query(`DROP TABLE "fact_execution_source"`);
    await q.query(`DROP INDEX "public"."IDX_50da19209a29e751ee557eb801"`);
    await q.query(`DROP TABLE "fact_contract"`);
    await q.query(`DROP TABLE "fact_outsourcing"`);
    await q.query(`DROP INDEX "public"."IDX_27857477922473081cadfba462"`);
    await q.query(`DROP INDEX "public"."IDX_9e9cdbdd1cd25e8bd69105bcc5"`);
    await q.query(`DROP TABLE "fact_return"`);
    await q.query(`DROP TABLE "export_file_chunk"`);
    await q.query(`DROP INDEX "public"."IDX_4f91e5949e659290d779634a76"`);
    await q.query(`DROP TABLE "export_job"`);
  }
}
