import type { ReturnContent } from '@portal/shared';
import type { ApiResponse, TestStack } from '../utils/app';

/** Polls the return until `done` holds (or 20 s pass): the worker may move it on after the request answered. */
export async function waitForReturn(
  s: TestStack,
  as: string,
  id: string,
  done: (r: ApiResponse['body']) => boolean,
  timeoutMs = 20_000,
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

/** Saves new content into the firm's draft (reopening a returned return) and submits it, as `submitted` does. */
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
  const sub = await s.call('POST', `/api/returns/${id}/submit`, { as, body: { version: saved.body.version } });
  if (sub.status !== 200) throw new Error(`submit ${id}: ${sub.status} ${sub.text}`);
  return sub.body.status === 'VALIDATING' ? waitForReturn(s, as, id, (b) => b.status !== 'VALIDATING') : sub.body;
}
