import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * The audit append in one round trip: audit_append takes the chain's advisory lock and then, in a statement of its
 * own (a VOLATILE function takes a fresh snapshot per statement, so it sees the entry of the lock's previous
 * holder), inserts the row with hash = sha256(prevHash || canonical JSON). Same rows as the two statements before.
 */
export class AuditAppendFunction1795331000000 implements MigrationInterface {
  name = 'AuditAppendFunction1795331000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION audit_append(p_at timestamptz, p_actor_id uuid, p_actor_username varchar, p_action varchar,
                                   p_entity_type varchar, p_entity_id varchar, p_details jsonb, p_canonical text,
                                   p_genesis char(64)) RETURNS void
      LANGUAGE plpgsql VOLATILE AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(727001);
        INSERT INTO audit_log (at, actor_id, actor_username, action, entity_type, entity_id, details, prev_hash, hash)
        SELECT p_at, p_actor_id, p_actor_username, p_action, p_entity_type, p_entity_id, p_details, p.hash,
               encode(sha256(convert_to(p.hash::text || p_canonical, 'UTF8')), 'hex')
          FROM (SELECT COALESCE((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1), p_genesis) AS hash) p;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DROP FUNCTION audit_append(timestamptz, uuid, varchar, varchar, varchar, varchar, jsonb, text, char(64))`,
    );
  }
}
