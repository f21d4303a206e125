import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { AppError } from '../../core/errors/app-error';
import type { AuthUser } from '../../core/auth/auth-user';
import {
  AUDIT_BREAKS_LISTED,
  storableText,
  type AuditChainBreak,
  type AuditEntry,
  type AuditVerifyResult,
} from '@portal/shared';
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

/**
 * The value as PostgreSQL stores and returns it: what JSON keeps (no undefined, dates as text, no functions) with
 * every string and key in its stored form (NUL and lone surrogates as U+FFFD). Hashing this, not the value given,
 * makes an entry's hash verifiable from the row read back.
 */
export function storableJson(value: unknown): unknown {
  const plain = value === undefined ? null : JSON.parse(JSON.stringify(value));
  const fix = (v: unknown): unknown => {
    if (typeof v === 'string') return storableText(v);
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map(fix);
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [storableText(k), fix(x)]));
  };
  return fix(plain);
}

/**
 * Canonical JSON (sorted keys) so the hash does not depend on key order after a round trip through jsonb; strings
 * and keys in their stored form and values as JSON.stringify sees them (a Date as its text), so that a hash taken
 * before storing equals the one taken from the row read back.
 */
export function canonicalJson(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(storableText(value));
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return canonicalJson((value as { toJSON: () => unknown }).toJSON());
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(storableText(k))}:${canonicalJson(obj[k])}`)
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

const storableOrNull = (s: string | null | undefined) => (s == null ? null : storableText(s));

/**
 * The row of an event as it is stored and hashed (time of the append, absent fields null, text in its stored form:
 * the request edge refuses NUL and lone surrogates, and this keeps the hash equal to the row even if one got here).
 */
export function auditRow(event: AuditEvent): Omit<AuditLogEntity, 'id' | 'hash' | 'prevHash'> {
  return {
    at: new Date(),
    actorId: event.actorId ?? null,
    actorUsername: storableOrNull(event.actorUsername),
    action: storableText(event.action),
    entityType: storableOrNull(event.entityType),
    entityId: storableOrNull(event.entityId),
    details: storableJson(event.details ?? {}) as Record<string, unknown>,
  };
}

/** Serialises appends to the chain until the caller's transaction ends (a transaction-scoped advisory lock). */
export async function lockAuditChain(m: EntityManager): Promise<void> {
  await m.query('SELECT pg_advisory_xact_lock(727001)');
}

/** An audit entry as GET /api/audit answers it: its time as an ISO string. */
export function auditEntryView(a: AuditLogEntity): AuditEntry {
  return {
    id: a.id,
    at: a.at.toISOString(),
    actorId: a.actorId,
    actorUsername: a.actorUsername,
    action: a.action,
    entityType: a.entityType,
    entityId: a.entityId,
    details: a.details,
    prevHash: a.prevHash,
    hash: a.hash,
  };
}

/**
 * The entries a caller may read. The operator reads all. A province reads the entries about the objects of its
 * territory: its firms, their returns and technology contracts, and the accounts of its firms and of itself (looked
 * up through the object, so an entry follows its object). Periods, holidays, rules, code lists, imports and exports
 * are not tied to a province, so their entries stay with the operator. Nobody else reads the log.
 */
export function whereAuditInTerritory(
  qb: SelectQueryBuilder<AuditLogEntity>,
  user: AuthUser,
): SelectQueryBuilder<AuditLogEntity> {
  if (user.scopeKind === 'SYSTEM') return qb;
  if (user.scopeKind !== 'PROVINCE' || !user.scopeCode) return qb.andWhere('1 = 0');
  return qb.andWhere(
    `(
      (a.entityType = 'enterprise' AND a.entityId IN (SELECT e.id::text FROM enterprise e WHERE e.province_code = :auditProvince))
      OR (a.entityType = 'return' AND a.entityId IN
        (SELECT r.id::text FROM statistical_return r WHERE r.province_code = :auditProvince))
      OR (a.entityType = 'technology-contract' AND a.entityId IN
        (SELECT t.id::text FROM technology_contract t WHERE t.province_code = :auditProvince))
      OR (a.entityType = 'user' AND a.entityId IN (
        SELECT u.id::text FROM app_user u
        WHERE (u.scope_kind = 'PROVINCE' AND u.scope_code = :auditProvince)
           OR (u.scope_kind = 'ENTERPRISE' AND u.scope_code IN
             (SELECT e.id::text FROM enterprise e WHERE e.province_code = :auditProvince))))
    )`,
    { auditProvince: user.scopeCode },
  );
}

/** Checking the chain walks every entry, so only the operator, who reads them all, may ask for it. */
export function assertReadsWholeLog(user: AuthUser): void {
  if (user.scopeKind !== 'SYSTEM') throw new AppError('FORBIDDEN');
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

  /**
   * Walks the whole chain and reports every break: each entry whose content no longer gives its hash, and each
   * entry that does not follow the one before it (deleted or rewritten entries). A break does not stop the walk:
   * the next entry is checked against what is stored, so one tampered row is reported once and later ones still are.
   */
  async verify(): Promise<AuditVerifyResult> {
    let prev = GENESIS_HASH;
    let prevId: string | null = null;
    let checked = 0;
    let breakCount = 0;
    const breaks: AuditChainBreak[] = [];
    const report = (b: AuditChainBreak) => {
      breakCount++;
      if (breaks.length < AUDIT_BREAKS_LISTED) breaks.push(b);
    };
    for (;;) {
      const rows: AuditLogEntity[] = await this.ds
        .getRepository(AuditLogEntity)
        .createQueryBuilder('a')
        .where('a.id > :lastId', { lastId: prevId ?? '0' })
        .orderBy('a.id', 'ASC')
        .take(5000)
        .getMany();
      if (!rows.length) break;
      for (const r of rows) {
        if (r.prevHash !== prev) {
          const missing = Number(BigInt(r.id) - BigInt(prevId ?? '0') - 1n);
          report({ id: r.id, kind: 'LINK', afterId: prevId, missing });
        }
        if (auditHash(r.prevHash, r) !== r.hash) report({ id: r.id, kind: 'ALTERED' });
        prev = r.hash;
        prevId = r.id;
        checked++;
      }
    }
    return { ok: breakCount === 0, checked, firstBrokenId: breaks[0]?.id ?? null, breakCount, breaks };
  }
}
