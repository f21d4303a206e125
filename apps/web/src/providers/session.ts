import type { LoginResponse, UserSummary } from '@portal/shared';

const STORAGE_KEY = 'portal.session';
/** Bull Board is a server-rendered page opened in a new tab: it cannot get a bearer header, only this cookie. */
const QUEUE_BOARD_COOKIE = 'portal_token';
export const QUEUE_BOARD_PATH = '/api/admin/queues';

export interface Session {
  accessToken: string;
  expiresAt: string;
  user: UserSummary;
}

export function readSession(): Session | null {
  const raw = localStorage.getItem(STORAGE_KEY);
  if (!raw) return null;
  try {
    const session = JSON.parse(raw) as Session;
    if (Date.parse(session.expiresAt) <= Date.now()) {
      clearSession();
      return null;
    }
    return session;
  } catch {
    clearSession();
    return null;
  }
}

export function saveSession(login: LoginResponse): void {
  localStorage.setItem(STORAGE_KEY, JSON.stringify(login satisfies Session));
  writeQueueBoardCookie(login.accessToken, new Date(login.expiresAt).toUTCString());
}

/** Keeps the stored user in step with GET /api/auth/me (roles or scope may have changed since login). */
export function updateSessionUser(user: UserSummary): void {
  const session = readSession();
  if (session) localStorage.setItem(STORAGE_KEY, JSON.stringify({ ...session, user }));
}

export function clearSession(): void {
  localStorage.removeItem(STORAGE_KEY);
  writeQueueBoardCookie('', new Date(0).toUTCString());
}

function writeQueueBoardCookie(value: string, expires: string): void {
  const secure = window.location.protocol === 'https:' ? '; Secure' : '';
  document.cookie = `${QUEUE_BOARD_COOKIE}=${encodeURIComponent(value)}; Path=${QUEUE_BOARD_PATH}; Expires=${expires}; SameSite=Strict${secure}`;
}
