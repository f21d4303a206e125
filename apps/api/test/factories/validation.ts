import type { FindingView, ValidationView } from '@portal/shared';
import type { TestStack } from '../utils/app';

/** Polls GET /api/returns/:id/validation until the worker has checked the current content (or a minute passes: a busy machine must still pass). */
export async function validated(s: TestStack, as: string, id: string, timeoutMs = 60_000): Promise<ValidationView> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await s.call('GET', `/api/returns/${id}/validation`, { as });
    if (res.status !== 200) throw new Error(`GET validation ${id}: ${res.status} ${res.text}`);
    const v: ValidationView = res.body;
    if (v.status === 'DONE' && v.current) return v;
    if (Date.now() > until) throw new Error(`validation of ${id} stayed ${v.status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Explains every open explain-or-fix finding of the current revision, each with its own specific text. */
export async function explainAll(s: TestStack, as: string, id: string): Promise<FindingView[]> {
  const v = await validated(s, as, id);
  const open = v.findings.filter((f) => f.severity === 'EXPLAIN' && f.status === 'OPEN');
  for (const [i, f] of open.entries()) {
    const res = await s.call('POST', `/api/returns/${id}/findings/${f.id}/explain`, {
      as,
      body: { reasonCode: 'OTHER', text: `第${i + 1}项 ${f.ruleId}：本季度承接的项目阶段调整，已与客户核对合同台账` },
    });
    if (res.status !== 200) throw new Error(`explain ${f.ruleId}: ${res.status} ${res.text}`);
  }
  return open;
}
