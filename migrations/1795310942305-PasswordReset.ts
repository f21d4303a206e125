import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PasswordReset1795310942305 implements MigrationInterface {
  name = 'PasswordReset1795310942305';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "password_reset" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "token_hash" character(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8515e60a2cc41584fa4784f52ce" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_ad88301fdc79593dd222268a8b" ON "password_reset"  ("user_id") `);
    await q.query(`CREATE UNIQUE INDEX "IDX_0309de62e0cb0960ebb2cb65c9" ON "password_reset"  ("token_hash") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."IDX_0309de62e0cb0960ebb2cb65c9"`);
    await q.query(`DROP INDEX "public"."IDX_ad88301fdc79593dd222268a8b"`);
    await q.query(`DROP TABLE "password_reset"`);
  }
}
