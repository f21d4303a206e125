import type { EntityManager } from 'typeorm';
import { RETURN_STATUSES, TRANSITIONS, type TransitionRule } from '@portal/shared';
import { Lifecycle, type LifecycleAdapter, type Pending, type TransitionRecord } from './lifecycle';

/** A reviewed subject of a made-up kind, to show the core works over any table (as a contract registration will). */
type S = 'OPEN' | 'FILED' | 'DONE';
type A = 'file' | 'accept' | 'reject';
interface Doc {
  id: string;
  status: S;
}

const TABLE: TransitionRule<S, A>[] = [
  { action: 'file', from: ['OPEN'], to: 'FILED', permission: 'returns.submit', needsReason: false, newRevision: false },
  {
    action: 'accept',
    from: ['FILED'],
    to: 'DONE',
    permission: 'review.municipal',
    needsReason: false,
    newRevision: false,
  },
  {
    action: 'reject',
    from: ['FILED'],
    to: 'OPEN',
    permission: 'review.municipal',
    needsReason: true,
    newRevision: true,
  },
];

function harness() {
  const log: string[] = [];
  const recorded: TransitionRecord<S, A>[] = [];
  const adapter: LifecycleAdapter<Doc, S, A> = {
    auditPrefix: 'docs',
    entityType: 'doc',
    idOf: (d) => d.id,
    statusOf: (d) => d.status,
    refused: (d, t) => new Error(`refused ${t.action} from ${d.status}`),
    forbidden: () => new Error('forbidden'),
    reasonRequired: (t) => new Error(`reason required for ${t.action}`),
    async write(_m, steps: Pending<Doc, S, A>[]) {
      log.push(`write ${steps.map((p) => `${p.subject.id}:${p.from}->${p.rule.to}`).join(',')}`);
      for (const p of steps) p.revision = 7;
    },
    async record(_m, rows) {
      log.push('record');
      recorded.push(...rows);
      return rows.map((_, i) => String(100 + i));
    },
    async notices(_m, p) {
      log.push(`notices ${p.subject.id}`);
      return [];
    },
  };
  // What the audit append sends: the chain's lock, its last hash (none: genesis) and one multi-row insert.
  const m = {
    query: async (sql: string) => {
      if (sql.includes('pg_advisory_xact_lock')) log.push('audit lock');
      else if (sql.startsWith('INSERT INTO "audit_log"') || sql.includes('INSERT INTO audit_log')) log.push('audit');
      return [];
    },
  } as unknown as EntityManager;
  return { lifecycle: new Lifecycle(TABLE, adapter), log, recorded, m };
}

const user = { id: 'u1', username: 'city', permissions: new Set(['review.municipal'] as const) };

describe('Lifecycle core: the transition checks', () => {
  const { lifecycle } = harness();

  it('answers the next state of an action, or null where the table does not allow it', () => {
    expect(lifecycle.next('OPEN', 'file')).toBe('FILED');
    expect(lifecycle.next('FILED', 'file')).toBeNull();
    expect(lifecycle.next('FILED', 'reject')).toBe('OPEN');
  });

  it('refuses an action from a state it does not leave from', () => {
    expect(() => lifecycle.check({ subject: { id: 'd', status: 'DONE' }, action: 'accept', actor: user })).toThrow(
      'refused accept from DONE',
    );
  });

  it('refuses an actor without the row’s permission, when the actor’s permissions are given', () => {
    expect(() => lifecycle.check({ subject: { id: 'd', status: 'OPEN' }, action: 'file', actor: user })).toThrow(
      'forbidden',
    );
    // Without permissions (the system, or an endpoint that checked them itself) only the state is checked.
    expect(
      lifecycle.check({ subject: { id: 'd', status: 'OPEN' }, action: 'file', actor: { id: null, username: 'x' } }).to,
    ).toBe('FILED');
  });

  it('needs a reason where the table says so; blank is no reason', () => {
    const step = { subject: { id: 'd', status: 'FILED' as S }, action: 'reject' as A, actor: user };
    expect(() => lifecycle.check({ ...step, reason: '  ' })).toThrow('reason required for reject');
    expect(lifecycle.check({ ...step, reason: '数字不符' }).to).toBe('OPEN');
  });
});

describe('Lifecycle core: a batch of steps', () => {
  it('writes, records, audits, then asks for notices, in that order; one transition row per step', async () => {
    const { lifecycle, log, recorded, m } = harness();
    const at = new Date('2026-07-10T02:30:00Z');
    const applied = await lifecycle.applyAll(m, [
      { subject: { id: 'a', status: 'FILED' }, action: 'accept', actor: user, at },
      { subject: { id: 'b', status: 'FILED' }, action: 'reject', actor: user, at, reason: ' 请核实 ' },
    ]);
    expect(log).toEqual([
      'write a:FILED->DONE,b:FILED->OPEN',
      'record',
      'audit lock',
      'audit',
      'notices a',
      'notices b',
    ]);
    expect(recorded).toEqual([
      {
        subjectId: 'a',
        revision: 7,
        action: 'accept',
        from: 'FILED',
        to: 'DONE',
        actorId: 'u1',
        actorUsername: 'city',
        reason: null,
        at,
      },
      {
        subjectId: 'b',
        revision: 7,
        action: 'reject',
        from: 'FILED',
        to: 'OPEN',
        actorId: 'u1',
        actorUsername: 'city',
        reason: '请核实',
        at,
      },
    ]);
    expect(applied.map((a) => [a.transitionId, a.notificationIds])).toEqual([
      ['100', []],
      ['101', []],
    ]);
  });

  it('checks every step before writing any', async () => {
    const { lifecycle, log, m } = harness();
    await expect(
      lifecycle.applyAll(m, [
        { subject: { id: 'a', status: 'FILED' }, action: 'accept', actor: user },
        { subject: { id: 'b', status: 'DONE' }, action: 'accept', actor: user },
      ]),
    ).rejects.toThrow('refused accept from DONE');
    expect(log).toEqual([]);
  });

  it('tells no one in a quiet batch (a seed replaying the past)', async () => {
    const { lifecycle, log, m } = harness();
    await lifecycle.apply(m, { subject: { id: 'a', status: 'FILED' }, action: 'accept', actor: user }, { quiet: true });
    expect(log.filter((l) => l.startsWith('notices'))).toEqual([]);
  });
});

describe('the return workflow table', () => {
  it('names each action once', () => {
    const actions = TRANSITIONS.map((t) => t.action);
    expect(new Set(actions).size).toBe(actions.length);
  });

  it('lets a historical import approve a return from any state', () => {
    const t = TRANSITIONS.find((x) => x.action === 'import-historical')!;
    expect([...t.from].sort()).toEqual([...RETURN_STATUSES].sort());
    expect(t).toMatchObject({ to: 'APPROVED', permission: 'imports.historical' });
  });
});
