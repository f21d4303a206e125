import type { ReturnContent } from '@portal/shared';
import type { ApiResponse, TestStack } from '../utils/app';

/** Polls the return until `done` holds (or 20 s pass): the worker may move it on after the request answered. */
export async function waitForReturn(
  s: TestStack,
  as: string,
  id: string,
  done: (r: ApiResponse['body']) => boolean,
  timeoutMs = 60_000,
): Promise<ApiResponse['body']> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const r = await s.call('GET', `/api/returns/${id}`, { as });
    if (r.status !== 200) throw new Error(`GET return ${id}: ${r.status} ${r.text}`);
    if (done(r.body)) return r.body;
    if (Date.now() > until) throw new Error(`return ${id} stayed ${r.body.status}`);
    await new Promise((res) => setTimeout(res, 200));
  }
}

/**
 * A firm's return for a period in SUBMITTED: opens it, saves the content (profile confirmed) and submits; when
 * submission goes through the validation job (VALIDATING), waits until the job accepts it. Independent of how
 * submission works inside.
 */
export async function submitted(
  s: TestStack,
  as: string,
  periodCode: string,
  content: (profile: ReturnContent['profile']) => ReturnContent,
): Promise<ApiResponse['body']> {
  const opened = await s.call('POST', '/api/returns', { as, body: { periodCode } });
  if (opened.status >= 300) throw new Error(`open ${periodCode}: ${opened.status} ${opened.text}`);
  const r = opened.body;
  return resubmitted(s, as, r.id, content(r.content.profile), r.version);
}

/**
 * Explains every open explain-or-fix finding of the return's current revision (需说明: submission waits for an
 * explanation), each with its own specific text, once the validation job has checked the current content.
 */
async function explainFindings(s: TestStack, as: string, id: string): Promise<void> {
  const until = Date.now() + 60_000;
  for (;;) {
    const v = await s.call('GET', `/api/returns/${id}/validation`, { as });
    if (v.status !== 200) throw new Error(`validation of ${id}: ${v.status} ${v.text}`);
    if (v.body.status === 'DONE' && v.body.current) {
      const open = v.body.findings.filter(
        (f: { severity: string; status: string }) => f.severity === 'EXPLAIN' && f.status === 'OPEN',
      );
      for (const [i, f] of open.entries()) {
        const res = await s.call('POST', `/api/returns/${id}/findings/${f.id}/explain`, {
          as,
          body: {
            reasonCode: 'OTHER',
            text: `第${i + 1}项 ${f.ruleId}：本季度新签离岸项目集中结算，已与合同台账逐笔核对`,
          },
        });
        if (res.status !== 200) throw new Error(`explain ${f.ruleId}: ${res.status} ${res.text}`);
      }
      return;
    }
    if (Date.now() > until) throw new Error(`validation of ${id} stayed ${v.body.status}`);
    await new Promise((res) => setTimeout(res, 200));
  }
}

/**
 * Saves new content into the firm's draft (reopening a returned return) and submits it, as `submitted` does. A
 * submission held back for explain-or-fix findings (refused at once, or sent back to DRAFT by the job) is explained
 * and submitted again.
 */
export async function resubmitted(
  s: TestStack,
  as: string,
  id: string,
  content: ReturnContent,
  version?: number,
): Promise<ApiResponse['body']> {
  const v = version ?? (await s.call('GET', `/api/returns/${id}`, { as })).body.version;
  const saved = await s.call('PUT', `/api/returns/${id}/draft`, { as, body: { content, version: v } });
  if (saved.status !== 200) throw new Error(`save ${id}: ${saved.status} ${saved.text}`);
  for (let attempt = 0; ; attempt++) {
    const current = (await s.call('GET', `/api/returns/${id}`, { as })).body;
    const sub = await s.call('POST', `/api/returns/${id}/submit`, { as, body: { version: current.version } });
    const held = sub.status === 409 && sub.body.code === 'VALIDATION_BLOCKING';
    if (sub.status !== 200 && !held) throw new Error(`submit ${id}: ${sub.status} ${sub.text}`);
    const after = held
      ? current
      : sub.body.status === 'VALIDATING'
        ? await waitForReturn(s, as, id, (b) => b.status !== 'VALIDATING')
        : sub.body;
    if (after.status === 'SUBMITTED' || attempt === 2) return after;
    await explainFindings(s, as, id);
  }
}
