import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Password-reset links become account links (reset or unlock, issue 13): the table is renamed with its rows, and the
 * login failure counter and lock move from app_user to the login limits in Redis.
 */
export class AccountLinks1796644800000 implements MigrationInterface {
  name = 'AccountLinks1796644800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "password_reset" RENAME TO "account_link"`);
    await q.query(
      `ALTER TABLE "account_link" RENAME CONSTRAINT "PK_8515e60a2cc41584fa4784f52ce" TO "PK_1af91112f0eef7205c6b0abcbfa"`,
    );
    await q.query(`ALTER INDEX "IDX_ad88301fdc79593dd222268a8b" RENAME TO "IDX_c733122ab222996a0d6cb19cc2"`);
    await q.query(`ALTER INDEX "IDX_0309de62e0cb0960ebb2cb65c9" RENAME TO "IDX_acb00bd0ff19fe4435b501ad86"`);
    await q.query(`ALTER TABLE "account_link" ADD "purpose" character varying(8) NOT NULL DEFAULT 'RESET'`);
    await q.query(`ALTER TABLE "account_link" ALTER COLUMN "purpose" DROP DEFAULT`);
    await q.query(`ALTER TABLE "app_user" DROP COLUMN "failed_logins"`);
    await q.query(`ALTER TABLE "app_user" DROP COLUMN "locked_until"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "app_user" ADD "locked_until" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "app_user" ADD "failed_logins" integer NOT NULL DEFAULT '0'`);
    await q.query(`DELETE FROM "account_link" WHERE "purpose" <> 'RESET'`);
    await q.query(`ALTER TABLE "account_link" DROP COLUMN "purpose"`);
    await q.query(`ALTER INDEX "IDX_acb00bd0ff19fe4435b501ad86" RENAME TO "IDX_0309de62e0cb0960ebb2cb65c9"`);
    await q.query(`ALTER INDEX "IDX_c733122ab222996a0d6cb19cc2" RENAME TO "IDX_ad88301fdc79593dd222268a8b"`);
    await q.query(
      `ALTER TABLE "account_link" RENAME CONSTRAINT "PK_1af91112f0eef7205c6b0abcbfa" TO "PK_8515e60a2cc41584fa4784f52ce"`,
    );
    await q.query(`ALTER TABLE "account_link" RENAME TO "password_reset"`);
  }
}
