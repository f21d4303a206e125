import type { EntityManager } from 'typeorm';
import { auditHash, auditRow, auditValues, GENESIS_HASH, lockAuditChain, type AuditEvent } from './audit.service';
import { insertRows, type Column } from '../../core/database/bulk-insert';

const AUDIT_COLUMNS: Column[] = [
  ['at', 'timestamptz'],
  ['actor_id', 'uuid'],
  ['actor_username', 'varchar'],
  ['action', 'varchar'],
  ['entity_type', 'varchar'],
  ['entity_id', 'varchar'],
  ['details', 'jsonb'],
  ['prev_hash', 'char(64)'],
  ['hash', 'char(64)'],
];

/**
 * Appends many entries to the hash-chained audit log inside the caller's transaction, as AuditService.append
 * would one after the other: under the same transaction-scoped advisory lock (taken on the first call and held
 * until commit), each entry's hash is sha256(previous hash || canonical JSON) (`auditHash`), computed here and
 * written by one multi-row INSERT per 5,000 entries, in order. `chain` carries the last hash between calls of
 * the same transaction.
 */
export async function appendAuditEntries(
  m: EntityManager,
  events: AuditEvent[],
  chain: { last: string | null },
): Promise<void> {
  if (!events.length) return;
  if (chain.last === null) {
    await lockAuditChain(m);
    // A statement of its own after the lock, so its snapshot sees the entry of the lock's previous holder.
    const [row] = (await m.query(`SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1`)) as { hash: string }[];
    chain.last = row?.hash ?? GENESIS_HASH;
  }
  const rows: unknown[][] = [];
  for (const e of events) {
    const row = auditRow(e);
    const prev: string = chain.last;
    const hash = auditHash(prev, row);
    rows.push([...auditValues(row), prev, hash]);
    chain.last = hash;
  }
  await insertRows((sql, params) => m.query(sql, params), 'audit_log', AUDIT_COLUMNS, rows);
}
