import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * Profile changes of firms that wait for a review unit's confirmation (a move to another unit, a backdated change):
 * at most one pending per firm, listed by the receiving unit.
 */
export class EnterpriseProfileChanges1796647595431 implements MigrationInterface {
  name = 'EnterpriseProfileChanges1796647595431';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "enterprise_profile_change" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "enterprise_id" uuid NOT NULL, "valid_from" date NOT NULL, "name_zh" text NOT NULL, "region_code" character varying(20) NOT NULL, "zone_code" character varying(20), "nature_code" character varying(20) NOT NULL, "industry_code" character varying(4) NOT NULL, "industry_code_2002" character varying(4), "key_enterprise" boolean NOT NULL DEFAULT false, "advanced_tech" boolean NOT NULL DEFAULT false, "from_review_unit_code" character varying(20) NOT NULL, "from_province_code" character varying(20) NOT NULL, "to_review_unit_code" character varying(20) NOT NULL, "to_province_code" character varying(20) NOT NULL, "moves" boolean NOT NULL, "backdated" boolean NOT NULL, "status" character varying(12) NOT NULL DEFAULT 'PENDING', "requested_by" uuid NOT NULL, "requested_by_username" character varying(64) NOT NULL, "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "decided_by" uuid, "decided_at" TIMESTAMP WITH TIME ZONE, "rejection_reason" text, CONSTRAINT "PK_32aabc37b1021e0e2bcd5c0cc58" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "IDX_d10daa0697524591962b3629cd" ON "enterprise_profile_change"  ("to_review_unit_code", "status") `,
    );
    await q.query(
      `CREATE UNIQUE INDEX "IDX_0f65d9182abfe9328e3e393d8b" ON "enterprise_profile_change"  ("enterprise_id") WHERE "status" = 'PENDING'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."IDX_0f65d9182abfe9328e3e393d8b"`);
    await q.query(`DROP INDEX "public"."IDX_d10daa0697524591962b3629cd"`);
    await q.query(`DROP TABLE "enterprise_profile_change"`);
  }
}
