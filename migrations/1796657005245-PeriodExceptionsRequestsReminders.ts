import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15: extensions and exemptions are revoked with a reason and stay on record (one live exemption per firm and
 * period), firms request extensions, and reminders (催报) are kept per firm for their history and interval.
 */
export class PeriodExceptionsRequestsReminders1796657005245 implements MigrationInterface {
  name = 'PeriodExceptionsRequestsReminders1796657005245';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."IDX_15154923f251784e7c59b069e0"`);
    await q.query(
      `CREATE TABLE "extension_request" ("id" SERIAL NOT NULL, "enterprise_id" uuid NOT NULL, "period_code" character varying(6) NOT NULL, "requested_until" date NOT NULL, "reason" text NOT NULL, "requested_by" uuid NOT NULL, "status" character varying(10) NOT NULL DEFAULT 'PENDING', "decided_by" uuid, "decided_at" TIMESTAMP WITH TIME ZONE, "decision_note" text, "extension_id" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_fa783aff51254a4e5739909d199" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "IDX_210bf75e38a19cee6c0787e6f3" ON "extension_request"  ("enterprise_id", "period_code") `,
    );
    await q.query(`CREATE INDEX "IDX_a7aba8932f971b2ddc93355aff" ON "extension_request"  ("period_code", "status") `);
    await q.query(
      `CREATE TABLE "period_reminder" ("id" SERIAL NOT NULL, "period_code" character varying(6) NOT NULL, "enterprise_id" uuid NOT NULL, "sent_by" uuid NOT NULL, "sent_by_username" text NOT NULL, "users" integer NOT NULL, "sent_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_aed0684916ccca34efeec48bbca" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "IDX_e817e5afc8f8e70134ee5f3cba" ON "period_reminder"  ("period_code", "enterprise_id", "sent_at") `,
    );
    await q.query(`ALTER TABLE "period_extension" ADD "revoked_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "period_extension" ADD "revoked_by" uuid`);
    await q.query(`ALTER TABLE "period_extension" ADD "revoke_reason" text`);
    await q.query(`ALTER TABLE "obligation_exemption" ADD "revoked_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "obligation_exemption" ADD "revoked_by" uuid`);
    await q.query(`ALTER TABLE "obligation_exemption" ADD "revoke_reason" text`);
    await q.query(
      `CREATE UNIQUE INDEX "IDX_32fd7371a7bd5596b024ec596a" ON "obligation_exemption"  ("enterprise_id", "period_code") WHERE "revoked_at" IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."IDX_32fd7371a7bd5596b024ec596a"`);
    await q.query(`ALTER TABLE "obligation_exemption" DROP COLUMN "revoke_reason"`);
    await q.query(`ALTER TABLE "obligation_exemption" DROP COLUMN "revoked_by"`);
    await q.query(`ALTER TABLE "obligation_exemption" DROP COLUMN "revoked_at"`);
    await q.query(`ALTER TABLE "period_extension" DROP COLUMN "revoke_reason"`);
    await q.query(`ALTER TABLE "period_extension" DROP COLUMN "revoked_by"`);
    await q.query(`ALTER TABLE "period_extension" DROP COLUMN "revoked_at"`);
    await q.query(`DROP INDEX "public"."IDX_e817e5afc8f8e70134ee5f3cba"`);
    await q.query(`DROP TABLE "period_reminder"`);
    await q.query(`DROP INDEX "public"."IDX_a7aba8932f971b2ddc93355aff"`);
    await q.query(`DROP INDEX "public"."IDX_210bf75e38a19cee6c0787e6f3"`);
    await q.query(`DROP TABLE "extension_request"`);
    await q.query(
      `CREATE UNIQUE INDEX "IDX_15154923f251784e7c59b069e0" ON "obligation_exemption" USING btree ("enterprise_id", "period_code") `,
    );
  }
}
