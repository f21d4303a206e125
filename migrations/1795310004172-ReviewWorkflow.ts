import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ReviewWorkflow1795310004172 implements MigrationInterface {
  name = 'ReviewWorkflow1795310004172';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "notification" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "kind" character varying(24) NOT NULL, "title_zh" text NOT NULL, "title_en" text NOT NULL, "body" text NOT NULL, "link" text, "dedupe_key" character varying(200), "read_at" TIMESTAMP WITH TIME ZONE, "mailed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_705b6c7cdf9b2c2ff7ac7872cb7" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "IDX_a8f13aa00daf4944550803dec1" ON "notification"  ("user_id", "dedupe_key") WHERE "dedupe_key" IS NOT NULL`,
    );
    await q.query(`CREATE INDEX "IDX_73bfce92922b5fdb3c378fc8b9" ON "notification"  ("user_id", "created_at") `);
    await q.query(
      `CREATE TABLE "return_transition" ("id" BIGSERIAL NOT NULL, "return_id" uuid NOT NULL, "revision" integer NOT NULL, "action" character varying(32) NOT NULL, "from_status" character varying(24) NOT NULL, "to_status" character varying(24) NOT NULL, "actor_id" uuid, "actor_username" character varying(64), "reason" text, "at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_327141fea67785db8af8b6ad2b4" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_c1fc213d35905448b148f30f04" ON "return_transition"  ("return_id", "at") `);
    await q.query(
      `CREATE TABLE "review_comment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "return_id" uuid NOT NULL, "revision" integer NOT NULL, "transition_id" bigint NOT NULL, "path" character varying(120) NOT NULL, "text" text NOT NULL, "proposed_value" jsonb, "has_proposal" boolean NOT NULL DEFAULT false, "author_id" uuid NOT NULL, "author_username" character varying(64) NOT NULL, "author_role" character varying(32) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "response" character varying(16), "response_reason" text, "responded_by" uuid, "responded_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_81a77699383553c51a2d444a8a9" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_8b4e0c55ec546b49add7778022" ON "review_comment"  ("return_id", "revision") `);
    await q.query(`ALTER TABLE "statistical_return" ADD "materiality" double precision`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "statistical_return" DROP COLUMN "materiality"`);
    await q.query(`DROP INDEX "public"."IDX_8b4e0c55ec546b49add7778022"`);
    await q.query(`DROP TABLE "review_comment"`);
    await q.query(`DROP INDEX "public"."IDX_c1fc213d35905448b148f30f04"`);
    await q.query(`DROP TABLE "return_transition"`);
    await q.query(`DROP INDEX "public"."IDX_73bfce92922b5fdb3c378fc8b9"`);
    await q.query(`DROP INDEX "public"."IDX_a8f13aa00daf4944550803dec1"`);
    await q.query(`DROP TABLE "notification"`);
  }
}
