import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * How many times the rules' results were stored for a revision (issue 19): a validation job delivered again after a
 * Redis failover or a stalled lock must find its revision already checked and change nothing; the count shows it
 * (and an operator sees a revision validated more than once, e.g. a draft saved while it was checked).
 */
export class ValidationRunCount1796683000000 implements MigrationInterface {
  name = 'ValidationRunCount1796683000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE validation_run ADD COLUMN runs integer NOT NULL DEFAULT 0`);
    // Runs finished before the count existed ran at least once.
    await q.query(`UPDATE validation_run SET runs = 1 WHERE finished_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE validation_run DROP COLUMN runs`);
  }
}
