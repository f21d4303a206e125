import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ValidationRunsAndRuleOverrides1795310084984 implements MigrationInterface {
  name = 'ValidationRunsAndRuleOverrides1795310084984';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "validation_run" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "return_id" uuid NOT NULL, "revision" integer NOT NULL, "status" character varying(12) NOT NULL, "progress" smallint NOT NULL DEFAULT '0', "catalogue_version" character varying(16), "content_hash" character(64), "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, "blocking_count" integer NOT NULL DEFAULT '0', "explain_count" integer NOT NULL DEFAULT '0', "unexplained_count" integer NOT NULL DEFAULT '0', "info_count" integer NOT NULL DEFAULT '0', "error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_79c885202d23c22ecbb0b20c9ea" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "IDX_647dfdcdfe777f9f3ba8dcac15" ON "validation_run"  ("return_id", "revision") `,
    );
    await q.query(
      `CREATE TABLE "validation_finding" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "return_id" uuid NOT NULL, "revision" integer NOT NULL, "rule_id" character varying(16) NOT NULL, "severity" character varying(10) NOT NULL, "cells" jsonb NOT NULL, "message_zh" text NOT NULL, "message_en" text NOT NULL, "params" jsonb NOT NULL DEFAULT '{}', "status" character varying(10) NOT NULL DEFAULT 'OPEN', "reason_code" character varying(24), "explanation" text, "explained_by" uuid, "explained_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_396bd017ac0faa97e8b791e4ebc" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_7291f5dcb4955d2230d46d08c6" ON "validation_finding"  ("return_id", "revision") `);
    await q.query(
      `CREATE TABLE "rule_override" ("id" SERIAL NOT NULL, "rule_id" character varying(16) NOT NULL, "from_period" character varying(6) NOT NULL, "enabled" boolean NOT NULL, "severity" character varying(10), "set_by" uuid NOT NULL, "set_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_87181ecb1960d2fb0490d161cb7" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "IDX_9eb951f32369f67d396a69bdc7" ON "rule_override"  ("rule_id", "from_period") `,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."IDX_9eb951f32369f67d396a69bdc7"`);
    await q.query(`DROP TABLE "rule_override"`);
    await q.query(`DROP INDEX "public"."IDX_7291f5dcb4955d2230d46d08c6"`);
    await q.query(`DROP TABLE "validation_finding"`);
    await q.query(`DROP INDEX "public"."IDX_647dfdcdfe777f9f3ba8dcac15"`);
    await q.query(`DROP TABLE "validation_run"`);
  }
}
