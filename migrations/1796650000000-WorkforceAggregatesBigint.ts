import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * A firm's headcount may reach COUNT_MAX (999,999,999, libs/shared bounds.ts), which fits int4; the sum over the
 * firms of an area and nature does not (three such firms pass 2^31, and the approval adding the third failed with
 * "integer out of range"). The aggregate's columns become bigint; the fact columns (one firm) stay int.
 */
const COLUMNS = ['junior_college', 'bachelor', 'master', 'doctor', 'other'];

export class WorkforceAggregatesBigint1796650000000 implements MigrationInterface {
  name = 'WorkforceAggregatesBigint1796650000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "agg_workforce" ${COLUMNS.map((c) => `ALTER COLUMN "${c}" TYPE bigint`).join(', ')}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "agg_workforce" ${COLUMNS.map((c) => `ALTER COLUMN "${c}" TYPE integer`).join(', ')}`);
  }
}
