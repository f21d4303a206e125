import type { LoginRequest, LoginResponse, UserSummary } from '@portal/shared';
import { fetchUtils, HttpError, type AuthProvider, type UserIdentity } from 'react-admin';
import { canAccessResource } from './access';
import { apiErrorMessage } from './apiError';
import { fetchData, type HttpClient } from './httpClient';
import { clearSession, readSession, saveSession, updateSessionUser } from './session';

export interface PortalIdentity extends UserIdentity {
  user: UserSummary;
}

export function createAuthProvider(httpClient: HttpClient, getLocale: () => string): AuthProvider {
  return {
    async login({ username, password }: LoginRequest) {
      try {
        const { data } = await fetchData<LoginResponse>(fetchUtils.fetchJson, '/api/auth/login', {
          method: 'POST',
          body: JSON.stringify({ username, password }),
        });
        saveSession(data);
      } catch (error) {
        const body = error instanceof HttpError ? error.body : undefined;
        throw new Error(apiErrorMessage(body, getLocale(), 'ra.auth.sign_in_error'));
      }
    },

    async logout() {
      if (readSession()) {
        // Revoke server-side too; a failure (already expired, API down) must not keep the user logged in here.
        await httpClient('/api/auth/logout', { method: 'POST' }).catch(() => undefined);
      }
      clearSession();
    },

    async checkAuth() {
      if (!readSession()) throw { message: false };
    },

    async checkError(error: { status?: number }) {
      if (error?.status === 401) {
        clearSession();
        throw { message: 'ra.notification.logged_out' };
      }
      // 403 and the rest: the notification explains; the session stays.
    },

    async getIdentity(): Promise<PortalIdentity> {
      const session = readSession();
      if (!session) throw new Error('ra.auth.auth_check_error');
      let user = session.user;
      try {
        user = (await fetchData<UserSummary>(httpClient, '/api/auth/me')).data;
        updateSessionUser(user);
      } catch {
        // Keep the user from login: an expired token is caught by checkError on the next data request.
      }
      return { id: user.id, fullName: user.displayName, user };
    },

    async getPermissions() {
      return readSession()?.user.permissions ?? [];
    },

    async canAccess({ resource, action }) {
      const permissions = readSession()?.user.permissions ?? [];
      return canAccessResource(permissions, resource, action);
    },
  };
}
