import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditLogEntity } from './audit-log.entity';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEvent {
  action: string;
  actorId?: string | null;
  actorUsername?: string | null;
  entityType?: string | null;
  entityId?: string | null;
  details?: Record<string, unknown>;
}

/** Canonical JSON (sorted keys) so the hash does not depend on key order after a round trip through jsonb. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`)
    .join(',')}}`;
}

type AuditRow = Omit<AuditLogEntity, 'id' | 'hash' | 'prevHash'>;

/** What an entry's hash covers: its fields as canonical JSON. */
function auditCanonical(row: AuditRow): string {
  return canonicalJson({
    at: row.at.toISOString(),
    actorId: row.actorId,
    actorUsername: row.actorUsername,
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId,
    details: row.details,
  });
}

/** The entry's columns up to details (at, actor_id, actor_username, action, entity_type, entity_id, details). */
export function auditValues(row: AuditRow): unknown[] {
  return [
    row.at,
    row.actorId,
    row.actorUsername,
    row.action,
    row.entityType,
    row.entityId,
    JSON.stringify(row.details),
  ];
}

export function auditHash(prevHash: string, row: AuditRow): string {
  return createHash('sha256').update(prevHash).update(auditCanonical(row)).digest('hex');
}

/** The row of an event as it is stored and hashed (time of the append, absent fields null). */
export function auditRow(event: AuditEvent): Omit<AuditLogEntity, 'id' | 'hash' | 'prevHash'> {
  return {
    at: new Date(),
    actorId: event.actorId ?? null,
    actorUsername: event.actorUsername ?? null,
    action: event.action,
    entityType: event.entityType ?? null,
    entityId: event.entityId ?? null,
    details: event.details ?? {},
  };
}

/** Serialises appends to the chain until the caller's transaction ends (a transaction-scoped advisory lock). */
export async function lockAuditChain(m: EntityManager): Promise<void> {
  await m.query('SELECT pg_advisory_xact_lock(727001)');
}

/** Appends to the hash-chained audit log. Appends are serialised by a transaction-scoped advisory lock. */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Appends inside the caller's transaction when given one, so the audit entry commits with the change. */
  async append(event: AuditEvent, manager?: EntityManager): Promise<void> {
    const row = auditRow(event);
    // Everything but the previous hash is prepared here; audit_append (migration AuditAppendFunction) takes the
    // chain's lock and then, in a statement of its own (so that its snapshot sees the entry of the lock's previous
    // holder), inserts the row with hash = sha256(prevHash || canonical JSON), as auditHash computes it.
    const run = async (m: EntityManager) => {
      await m.query('SELECT audit_append($1, $2, $3, $4, $5, $6, $7, $8, $9)', [
        ...auditValues(row),
        auditCanonical(row),
        GENESIS_HASH,
      ]);
    };
    if (manager) return run(manager);
    return this.ds.transaction(run);
  }

  /** Walks the chain; returns the id of the first row whose hash or link does not match, or null. */
  async verify(): Promise<{
    ok: boolean;
    checked: number;
    firstBrokenId: string | null;
  }> {
    let prev = GENESIS_HASH;
    let checked = 0;
    let lastId = '0';
    for (;;) {
      const rows: AuditLogEntity[] = await this.ds
        .getRepository(AuditLogEntity)
        .createQueryBuilder('a')
        .where('a.id > :lastId', { lastId })
        .orderBy('a.id', 'ASC')
        .take(5000)
        .getMany();
      if (!rows.length) return { ok: true, checked, firstBrokenId: null };
      for (const r of rows) {
        if (r.prevHash !== prev || auditHash(prev, r) !== r.hash) return { ok: false, checked, firstBrokenId: r.id };
        prev = r.hash;
        checked++;
        lastId = r.id;
      }
    }
  }
}
