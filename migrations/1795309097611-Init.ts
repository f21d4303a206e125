import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Reference data, accounts, audit trail, enterprises, periods and returns. */
export class Init1795309097611 implements MigrationInterface {
  name = 'Init1795309097611';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);
    await q.query(
      `CREATE TABLE "audit_log" ("id" BIGSERIAL NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_id" uuid, "actor_username" character varying(64), "action" character varying(64) NOT NULL, "entity_type" character varying(40), "entity_id" character varying(80), "details" jsonb NOT NULL DEFAULT '{}', "prev_hash" character(64) NOT NULL, "hash" character(64) NOT NULL, CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_951e6339a77994dfbad976b35c" ON "audit_log"  ("action") `);
    await q.query(`CREATE INDEX "IDX_c7d3ae3160ef4430133acbe742" ON "audit_log"  ("actor_id", "at") `);
    await q.query(`CREATE INDEX "IDX_43fef0ec7f613c19c612fffe62" ON "audit_log"  ("entity_type", "entity_id") `);
    await q.query(
      `CREATE TABLE "code_item" ("id" SERIAL NOT NULL, "list" character varying(40) NOT NULL, "code" character varying(20) NOT NULL, "parent_code" character varying(20), "level" smallint, "name_zh" text NOT NULL, "name_en" text, "sort_order" integer NOT NULL DEFAULT '0', "attrs" jsonb NOT NULL DEFAULT '{}', "valid_from" date NOT NULL DEFAULT '1900-01-01', "valid_to" date, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "created_by" uuid, CONSTRAINT "PK_253ef6aef7319d4d5b0ff81dff2" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_3392550c8077106ed066c89cfd" ON "code_item"  ("list", "parent_code") `);
    await q.query(
      `CREATE UNIQUE INDEX "IDX_db1a8800d1a8ef2b589e8f9c3c" ON "code_item"  ("list", "code", "valid_from") `,
    );
    await q.query(
      `CREATE TABLE "partner_group_member" ("id" SERIAL NOT NULL, "group_code" character varying(20) NOT NULL, "group_name_zh" text NOT NULL, "member" character varying(2) NOT NULL, "valid_from" date NOT NULL, "valid_to" date, "note" text, CONSTRAINT "PK_8be76b0f267558324abc6fd830a" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "IDX_3eb5d3a7c42af0d85b243a2301" ON "partner_group_member"  ("group_code", "member", "valid_from") `,
    );
    await q.query(
      `CREATE TABLE "enterprise_profile" ("id" SERIAL NOT NULL, "enterprise_id" uuid NOT NULL, "valid_from" date NOT NULL, "name_zh" text NOT NULL, "region_code" character varying(20) NOT NULL, "zone_code" character varying(20), "nature_code" character varying(20) NOT NULL, "industry_code" character varying(4) NOT NULL, "key_enterprise" boolean NOT NULL DEFAULT false, "advanced_tech" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "created_by" uuid, CONSTRAINT "PK_d70214435c1e67524578a5c83a3" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "IDX_dd0a0763a785f164f3ff60ec8b" ON "enterprise_profile"  ("enterprise_id", "valid_from") `,
    );
    await q.query(
      `CREATE TABLE "enterprise" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "uscc" character(18) NOT NULL, "name_zh" text NOT NULL, "region_code" character varying(20) NOT NULL, "zone_code" character varying(20), "review_unit_code" character varying(20) NOT NULL, "province_code" character varying(20) NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'PENDING', "maker_checker" boolean NOT NULL DEFAULT false, "confirmed_at" TIMESTAMP WITH TIME ZONE, "confirmed_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_09687cd306dc5d486c0e227c471" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "IDX_c8f2c226bf7ff9f7da15710c1e" ON "enterprise"  ("uscc") `);
    await q.query(`CREATE INDEX "IDX_a084d4b608ccd59c25253c0a23" ON "enterprise"  ("review_unit_code") `);
    await q.query(`CREATE INDEX "IDX_fcf56cdb3d194dbdbfcc3d288d" ON "enterprise"  ("province_code") `);
    await q.query(
      `CREATE TABLE "period" ("code" character varying(6) NOT NULL, "year" smallint NOT NULL, "quarter" smallint NOT NULL, "open_date" date NOT NULL, "due_date" date NOT NULL, "lock_date" date NOT NULL, "cny_per_usd" numeric(10,4) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3f00e84c51c73680e63cfb3de42" PRIMARY KEY ("code"))`,
    );
    await q.query(
      `CREATE TABLE "holiday" ("date" date NOT NULL, "name_zh" text NOT NULL, CONSTRAINT "PK_89b26e4ed3db8895b86c8df55e8" PRIMARY KEY ("date"))`,
    );
    await q.query(
      `CREATE TABLE "period_extension" ("id" SERIAL NOT NULL, "enterprise_id" uuid NOT NULL, "period_code" character varying(6) NOT NULL, "until" TIMESTAMP WITH TIME ZONE NOT NULL, "reason" text NOT NULL, "granted_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_46a96bcbe2ea48f2bb689da38f6" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "IDX_b22cfa17e79833fe61643f7167" ON "period_extension"  ("enterprise_id", "period_code") `,
    );
    await q.query(
      `CREATE TABLE "obligation_exemption" ("id" SERIAL NOT NULL, "enterprise_id" uuid NOT NULL, "period_code" character varying(6) NOT NULL, "reason" text NOT NULL, "granted_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4be55d3273a563522bb8d3cabc3" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "IDX_15154923f251784e7c59b069e0" ON "obligation_exemption"  ("enterprise_id", "period_code") `,
    );
    await q.query(
      `CREATE TABLE "statistical_return" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "enterprise_id" uuid NOT NULL, "period_code" character varying(6) NOT NULL, "review_unit_code" character varying(20) NOT NULL, "province_code" character varying(20) NOT NULL, "status" character varying(24) NOT NULL DEFAULT 'DRAFT', "current_revision" integer NOT NULL DEFAULT '1', "approved_revision" integer, "late" boolean NOT NULL DEFAULT false, "first_submitted_at" TIMESTAMP WITH TIME ZONE, "last_submitted_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_16d3fa6127f8fccb2a0d52f3058" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_cb2ae4ad67d947bea210013e34" ON "statistical_return"  ("period_code") `);
    await q.query(`CREATE INDEX "IDX_204fe9d736e313e2f9ce5d9a38" ON "statistical_return"  ("province_code") `);
    await q.query(
      `CREATE INDEX "IDX_20f0304ddaa98f0345950c5421" ON "statistical_return"  ("review_unit_code", "period_code", "status") `,
    );
    await q.query(
      `CREATE UNIQUE INDEX "IDX_8440a3d35210035516610a4c8d" ON "statistical_return"  ("enterprise_id", "period_code") `,
    );
    await q.query(
      `CREATE TABLE "return_revision" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "return_id" uuid NOT NULL, "revision" integer NOT NULL, "content" jsonb NOT NULL, "cny_per_usd" numeric(10,4) NOT NULL, "source" character varying(16) NOT NULL DEFAULT 'WEB', "source_note" text, "frozen" boolean NOT NULL DEFAULT false, "content_hash" character(64), "receipt_no" character varying(40), "submitted_at" TIMESTAMP WITH TIME ZONE, "submitted_by" uuid, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_43151576bf0e0bedcd12678f3dc" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "IDX_ca1b1c95bbf08c8a5948800385" ON "return_revision"  ("return_id", "revision") `,
    );
    await q.query(
      `CREATE TABLE "contract" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "enterprise_id" uuid NOT NULL, "contract_no" character varying(64) NOT NULL, "return_id" uuid NOT NULL, "period_code" character varying(6) NOT NULL, "signed_date" date NOT NULL, "client_name" text NOT NULL, "client_partner_code" character varying(2) NOT NULL, "client_industry_code" character varying(4), "business_code" character varying(20) NOT NULL, "offshore" boolean NOT NULL, "amount" numeric(18,2) NOT NULL, "currency" character varying(3) NOT NULL DEFAULT 'USD', "amount_usd" numeric(18,2) NOT NULL, CONSTRAINT "PK_17c3a89f58a2997276084e706e8" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "IDX_ceba6167295a09d8bd612175db" ON "contract"  ("enterprise_id", "contract_no") `,
    );
    await q.query(
      `CREATE TABLE "app_user" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "username" character varying(64) NOT NULL, "display_name" text NOT NULL, "email" text, "password_hash" text NOT NULL, "roles" text array NOT NULL, "scope_kind" character varying(16) NOT NULL, "scope_code" character varying(64), "active" boolean NOT NULL DEFAULT true, "token_version" integer NOT NULL DEFAULT '0', "failed_logins" integer NOT NULL DEFAULT '0', "locked_until" TIMESTAMP WITH TIME ZONE, "last_login_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_22a5c4a3d9b2fb8e4e73fc4ada1" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "IDX_c480e576dd71729addbc2d51b6" ON "app_user"  ("username") `);
    await q.query(`CREATE INDEX "IDX_4e6ede69831f36d44691a318ca" ON "app_user"  ("scope_code") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."IDX_4e6ede69831f36d44691a318ca"`);
    await q.query(`DROP INDEX "public"."IDX_c480e576dd71729addbc2d51b6"`);
    await q.query(`DROP TABLE "app_user"`);
    await q.query(`DROP INDEX "public"."IDX_ceba6167295a09d8bd612175db"`);
    await q.query(`DROP TABLE "contract"`);
    await q.query(`DROP INDEX "public"."IDX_ca1b1c95bbf08c8a5948800385"`);
    await q.query(`DROP TABLE "return_revision"`);
    await q.query(`DROP INDEX "public"."IDX_8440a3d35210035516610a4c8d"`);
    await q.query(`DROP INDEX "public"."IDX_20f0304ddaa98f0345950c5421"`);
    await q.query(`DROP INDEX "public"."IDX_204fe9d736e313e2f9ce5d9a38"`);
    await q.query(`DROP INDEX "public"."IDX_cb2ae4ad67d947bea210013e34"`);
    await q.query(`DROP TABLE "statistical_return"`);
    await q.query(`DROP INDEX "public"."IDX_15154923f251784e7c59b069e0"`);
    await q.query(`DROP TABLE "obligation_exemption"`);
    await q.query(`DROP INDEX "public"."IDX_b22cfa17e79833fe61643f7167"`);
    await q.query(`DROP TABLE "period_extension"`);
    await q.query(`DROP TABLE "holiday"`);
    await q.query(`DROP TABLE "period"`);
    await q.query(`DROP INDEX "public"."IDX_fcf56cdb3d194dbdbfcc3d288d"`);
    await q.query(`DROP INDEX "public"."IDX_a084d4b608ccd59c25253c0a23"`);
    await q.query(`DROP INDEX "public"."IDX_c8f2c226bf7ff9f7da15710c1e"`);
    await q.query(`DROP TABLE "enterprise"`);
    await q.query(`DROP INDEX "public"."IDX_dd0a0763a785f164f3ff60ec8b"`);
    await q.query(`DROP TABLE "enterprise_profile"`);
    await q.query(`DROP INDEX "public"."IDX_3eb5d3a7c42af0d85b243a2301"`);
    await q.query(`DROP TABLE "partner_group_member"`);
    await q.query(`DROP INDEX "public"."IDX_db1a8800d1a8ef2b589e8f9c3c"`);
    await q.query(`DROP INDEX "public"."IDX_3392550c8077106ed066c89cfd"`);
    await q.query(`DROP TABLE "code_item"`);
    await q.query(`DROP INDEX "public"."IDX_43fef0ec7f613c19c612fffe62"`);
    await q.query(`DROP INDEX "public"."IDX_c7d3ae3160ef4430133acbe742"`);
    await q.query(`DROP INDEX "public"."IDX_951e6339a77994dfbad976b35c"`);
    await q.query(`DROP TABLE "audit_log"`);
  }
}
