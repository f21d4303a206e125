import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TechnologyFactsAndAggregates1796657410670 implements MigrationInterface {
  name = 'TechnologyFactsAndAggregates1796657410670';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "fact_technology" ("contract_id" uuid NOT NULL, "version" integer NOT NULL, "enterprise_id" uuid NOT NULL, "period_code" character varying(6) NOT NULL, "province_code" character varying(20) NOT NULL, "city_code" character varying(20) NOT NULL, "area_code" character varying(20) NOT NULL, "direction" character varying(6) NOT NULL, "mode_code" character varying(8) NOT NULL, "partner_code" character varying(2) NOT NULL, "industry_code" character varying(4) NOT NULL, "nature_group" character varying(20) NOT NULL, "amount_usd" numeric(18,2) NOT NULL, "tech_fee_usd" numeric(18,2) NOT NULL, "equipment_fee_usd" numeric(18,2) NOT NULL, CONSTRAINT "PK_81131bee471662a678b24d8cf4b" PRIMARY KEY ("contract_id"))`,
    );
    await q.query(`CREATE INDEX "IDX_95731c6688ccb6bb312d1d16ea" ON "fact_technology"  ("enterprise_id") `);
    await q.query(
      `CREATE TABLE "agg_technology" ("period_code" character varying(6) NOT NULL, "area_code" character varying(20) NOT NULL, "direction" character varying(6) NOT NULL, "mode_code" character varying(8) NOT NULL, "partner_code" character varying(2) NOT NULL, "industry_code" character varying(4) NOT NULL, "nature_group" character varying(20) NOT NULL, "province_code" character varying(20) NOT NULL, "city_code" character varying(20) NOT NULL, "contracts" integer NOT NULL, "amount_usd" numeric(20,2) NOT NULL, "tech_fee_usd" numeric(20,2) NOT NULL, "equipment_fee_usd" numeric(20,2) NOT NULL, CONSTRAINT "PK_8c6245fdd02768adfd1d6795f80" PRIMARY KEY ("period_code", "area_code", "direction", "mode_code", "partner_code", "industry_code", "nature_group"))`,
    );
    await q.query(
      `CREATE INDEX "IDX_67cd838c76feec7e4b78625929" ON "agg_technology"  ("period_code", "province_code") `,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."IDX_67cd838c76feec7e4b78625929"`);
    await q.query(`DROP TABLE "agg_technology"`);
    await q.query(`DROP INDEX "public"."IDX_95731c6688ccb6bb312d1d16ea"`);
    await q.query(`DROP TABLE "fact_technology"`);
  }
}
