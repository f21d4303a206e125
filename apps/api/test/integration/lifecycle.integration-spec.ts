import { TRANSITIONS, type WorkflowAction } from '@portal/shared';
import { aReturnContent } from '../factories/returns';
import { resubmitted, waitForReturn } from '../factories/review';
import { listQuery, startTestStack, type TestStack } from '../utils/app';
import { startWorker, type Managed } from '../utils/processes';

/**
 * The return lifecycle (returns/lifecycle): every row of the transition table taken through the API, each checked
 * for its transition row (who, from, to, why), its audit entry and the notifications it leaves — the firm on a
 * return, an approval and a validation bounce; the city on a send-back; a level when a return arrives for review;
 * no one for the firm's own steps. (import-historical: imports.integration-spec.ts, through an import.)
 */
describe('return lifecycle: every transition records, audits and notifies', () => {
  let s: TestStack;
  let worker: Managed;
  const FIRM = 'firm-xianyang-1';
  const CITY = 'xianyang';
  const PROVINCE = 'province';
  const seen = new Set<WorkflowAction>();

  type Transition = {
    action: WorkflowAction;
    fromStatus: string;
    toStatus: string;
    actorUsername: string;
    reason: string | null;
    revision: number;
  };
  type Note = { kind: string; link: string | null };

  const transitions = async (id: string): Promise<Transition[]> =>
    (await s.call('GET', `/api/returns/${id}/transitions`, { as: FIRM })).body;
  const auditCount = async (id: string, action: WorkflowAction): Promise<number> =>
    (
      await s.call(
        'GET',
        `/api/audit${listQuery({ filter: { entityId: id, action: `returns.${action}` }, range: [0, 99] })}`,
        { as: 'admin' },
      )
    ).body.length;
  /** Each user's notifications about the return, by kind. */
  const notes = async (id: string): Promise<Record<string, string[]>> => {
    const out: Record<string, string[]> = {};
    for (const u of [FIRM, CITY, PROVINCE]) {
      const res = await s.call('GET', `/api/notifications${listQuery({ range: [0, 499] })}`, { as: u });
      out[u] = res.body.filter((n: Note) => n.link === `/returns/${id}`).map((n: Note) => n.kind);
    }
    return out;
  };
  const version = async (id: string) => (await s.call('GET', `/api/returns/${id}`, { as: FIRM })).body.version;
  const review = (as: string, id: string, endpoint: string, body: Record<string, unknown>) =>
    s.call('POST', `/api/returns/${id}/${endpoint}`, { as, body });

  /**
   * Runs `act` and checks that it took exactly `expected` (in order), each with one transition row and one audit
   * entry, and that the return's notifications grew by `told` (user → kinds).
   */
  async function step(
    id: string,
    expected: [WorkflowAction, string, string, string, string?][],
    told: Record<string, string[]>,
    act: () => Promise<unknown>,
  ) {
    const before = await transitions(id);
    const audits = new Map<WorkflowAction, number>();
    for (const [a] of expected) audits.set(a, await auditCount(id, a));
    const notesBefore = await notes(id);
    await act();
    const after = await transitions(id);
    const added = after.slice(before.length);
    expect(added.map((t) => [t.action, t.fromStatus, t.toStatus, t.actorUsername])).toEqual(
      expected.map(([a, from, to, by]) => [a, from, to, by]),
    );
    for (const [i, [, , , , reason]] of expected.entries()) expect(added[i].reason).toBe(reason ?? null);
    for (const [a, n] of audits) {
      const per = expected.filter(([x]) => x === a).length;
      expect(await auditCount(id, a)).toBe(n + per);
      seen.add(a);
    }
    const notesAfter = await notes(id);
    for (const u of [FIRM, CITY, PROVINCE]) {
      const grown = [...notesAfter[u]];
      for (const k of notesBefore[u]) grown.splice(grown.indexOf(k), 1);
      expect([u, grown.sort()]).toEqual([u, [...(told[u] ?? [])].sort()]);
    }
  }

  beforeAll(async () => {
    s = await startTestStack();
    await s.ds.query(
      `UPDATE period SET due_date = '2099-12-31', lock_date = '2099-12-31' WHERE code IN ('2026Q1', '2026Q3')`,
    );
    worker = await startWorker(s.config);
  });
  afterAll(async () => {
    await worker?.stop();
    await s?.close();
  });

  it('submit of a key firm’s zero return, then validation-failed: the firm is told of the bounce', async () => {
    const r = (await s.call('POST', '/api/returns', { as: FIRM, body: { periodCode: '2026Q1' } })).body;
    await step(
      r.id,
      [
        ['submit', 'DRAFT', 'VALIDATING', FIRM],
        ['validation-failed', 'VALIDATING', 'DRAFT', 'system'],
      ],
      { [FIRM]: ['VALIDATION_FAILED'] },
      async () => {
        const res = await s.call('POST', `/api/returns/${r.id}/zero`, { as: FIRM, body: { version: r.version } });
        expect(res.status).toBe(200);
        await waitForReturn(s, FIRM, r.id, (b) => b.status !== 'VALIDATING');
      },
    );
    const back = (await s.call('GET', `/api/returns/${r.id}`, { as: FIRM })).body;
    expect(back).toMatchObject({ status: 'DRAFT', currentRevision: 2 });
  });

  it('takes a return through every review transition', async () => {
    const opened = (await s.call('POST', '/api/returns', { as: FIRM, body: { periodCode: '2026Q3' } })).body;
    const id: string = opened.id;
    const content = aReturnContent(opened.content.profile, { contracts: [], executions: [] });

    // submit → validation-passed: the city is told that work arrived (rounds held for explanations tell it nothing).
    const first = await notes(id);
    const submitted = await resubmitted(s, FIRM, id, content, opened.version);
    expect(submitted.status).toBe('SUBMITTED');
    const rows = await transitions(id);
    expect(rows[0]).toMatchObject({ action: 'submit', fromStatus: 'DRAFT', toStatus: 'VALIDATING' });
    expect(rows.at(-1)).toMatchObject({ action: 'validation-passed', toStatus: 'SUBMITTED', actorUsername: 'system' });
    expect(first[CITY]).toEqual([]);
    expect((await notes(id))[CITY]).toEqual(['REVIEW_DUE']);
    expect(await auditCount(id, 'submit')).toBe(rows.filter((t) => t.action === 'submit').length);
    expect(await auditCount(id, 'validation-passed')).toBe(1);
    seen.add('submit').add('validation-passed');

    await step(
      id,
      [['municipal-return', 'SUBMITTED', 'RETURNED', CITY, '请核对服务出口金额']],
      { [FIRM]: ['RETURNED'] },
      () => review(CITY, id, 'return', { version: submitted.version, reason: '请核对服务出口金额' }),
    );
    // The firm edits the returned return: reopened as a new revision; no one is told.
    await step(id, [['reopen', 'RETURNED', 'DRAFT', FIRM]], {}, async () => {
      const res = await s.call('PUT', `/api/returns/${id}/draft`, {
        as: FIRM,
        body: { content, version: await version(id) },
      });
      expect(res.status).toBe(200);
    });
    const again = await resubmitted(s, FIRM, id, content);
    expect(again.status).toBe('SUBMITTED');
    await step(
      id,
      [['municipal-approve', 'SUBMITTED', 'MUNICIPAL_APPROVED', CITY]],
      { [PROVINCE]: ['REVIEW_DUE'] },
      () => review(CITY, id, 'approve', { version: again.version }),
    );
    await step(
      id,
      [['send-back', 'MUNICIPAL_APPROVED', 'SENT_BACK', PROVINCE, '请市局核实增幅']],
      { [CITY]: ['SENT_BACK'] },
      async () => review(PROVINCE, id, 'send-back', { version: await version(id), reason: '请市局核实增幅' }),
    );
    await step(
      id,
      [['municipal-approve', 'SENT_BACK', 'MUNICIPAL_APPROVED', CITY]],
      { [PROVINCE]: ['REVIEW_DUE'] },
      async () => review(CITY, id, 'approve', { version: await version(id) }),
    );
    await step(
      id,
      [['provincial-return', 'MUNICIPAL_APPROVED', 'RETURNED', PROVINCE, '请补充说明']],
      { [FIRM]: ['RETURNED'] },
      async () => review(PROVINCE, id, 'return', { version: await version(id), reason: '请补充说明' }),
    );
    const third = await resubmitted(s, FIRM, id, content);
    expect(third.status).toBe('SUBMITTED');
    await step(
      id,
      [['municipal-approve', 'SUBMITTED', 'MUNICIPAL_APPROVED', CITY]],
      { [PROVINCE]: ['REVIEW_DUE'] },
      () => review(CITY, id, 'approve', { version: third.version }),
    );
    await step(
      id,
      [['provincial-approve', 'MUNICIPAL_APPROVED', 'APPROVED', PROVINCE]],
      { [FIRM]: ['APPROVED'] },
      async () => review(PROVINCE, id, 'approve', { version: await version(id) }),
    );
    const approved = (await s.call('GET', `/api/returns/${id}`, { as: FIRM })).body;
    expect(approved).toMatchObject({ status: 'APPROVED', approvedRevision: approved.currentRevision });
    // Facts written with the approval: the return is in the official tables' facts.
    const [facts] = await s.ds.query(`SELECT count(*)::int AS n FROM fact_return WHERE return_id = $1`, [id]);
    expect(facts.n).toBe(1);
    await step(id, [['correction-request', 'APPROVED', 'CORRECTION_REQUESTED', FIRM, '审计后发现漏记']], {}, async () =>
      review(FIRM, id, 'correction-request', { version: await version(id), reason: '审计后发现漏记' }),
    );
    const correcting = (await s.call('GET', `/api/returns/${id}`, { as: FIRM })).body;
    expect(correcting).toMatchObject({
      currentRevision: approved.currentRevision + 1,
      approvedRevision: approved.currentRevision,
    });
  });

  it('has driven every row of the table but the historical import', () => {
    expect(TRANSITIONS.map((t) => t.action).filter((a) => !seen.has(a))).toEqual(['import-historical']);
  });
});
