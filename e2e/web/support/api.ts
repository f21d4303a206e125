import type { ReturnRow } from '@portal/shared';
import { DEMO_PASSWORD, webUrl } from './browser';

/**
 * The API as the browser tests prepare or check data with it (through the web app's origin, as the browser
 * reaches it): a failed call throws with the method, path, status and body.
 */
export async function apiCall<T>(token: string | null, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${webUrl}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json()) as T;
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

/** A demo user's access token. */
export const tokenOf = async (username: string) =>
  (await apiCall<{ accessToken: string }>(null, 'POST', '/api/auth/login', { username, password: DEMO_PASSWORD }))
    .accessToken;

/** The demo return of a firm and period, as a reviewer lists it. */
export async function demoReturn(token: string, firm: string, period: string): Promise<ReturnRow> {
  const filter = encodeURIComponent(JSON.stringify({ periodCode: period }));
  const rows = await apiCall<ReturnRow[]>(token, 'GET', `/api/returns?filter=${filter}&range=[0,99]`);
  const row = rows.find((r) => r.enterpriseName === firm);
  if (!row) throw new Error(`no ${period} return of ${firm}`);
  return row;
}

/** A return's current version (its optimistic lock). */
export const versionOf = async (token: string, id: string) =>
  (await apiCall<{ version: number }>(token, 'GET', `/api/returns/${id}`)).version;

/**
 * A firm of a journey's own (so its draft touches nobody else's journey): registered and confirmed by the demo
 * administrator (a key enterprise when asked), with one signatory account. Its enterprise and user ids.
 */
export async function firmOfItsOwn(
  firm: { uscc: string; nameZh: string; keyEnterprise?: boolean },
  user: { username: string; displayName: string; password: string },
): Promise<{ enterpriseId: string; userId: string }> {
  const admin = await tokenOf('admin');
  const { id: enterpriseId } = await apiCall<{ id: string }>(admin, 'POST', '/api/enterprises', {
    ...firm,
    regionCode: '610113',
    zoneCode: null,
    natureCode: 'DOM-PRI',
    industryCode: 'I',
  });
  await apiCall(admin, 'POST', `/api/enterprises/${enterpriseId}/confirm`, {});
  const { id: userId } = await apiCall<{ id: string }>(admin, 'POST', `/api/enterprises/${enterpriseId}/users`, {
    ...user,
    roles: ['ENTERPRISE_SIGNATORY'],
  });
  return { enterpriseId, userId };
}
