import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * Drafts keep everything typed (issue 15): one incomplete row made the whole save fail and leaving the page lost
 * it. A revision keeps the draft as typed, with its issues, beside `content`, which holds the complete rows only.
 * A frozen (submitted) revision has no draft.
 */
export class RevisionDraft1796680000000 implements MigrationInterface {
  name = 'RevisionDraft1796680000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE return_revision ADD COLUMN draft jsonb NULL`);
    await q.query(
      `ALTER TABLE return_revision ADD CONSTRAINT return_revision_frozen_no_draft CHECK (NOT frozen OR draft IS NULL)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE return_revision DROP CONSTRAINT return_revision_frozen_no_draft`);
    await q.query(`ALTER TABLE return_revision DROP COLUMN draft`);
  }
}
