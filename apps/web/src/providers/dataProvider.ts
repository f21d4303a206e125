import { CODE_LISTS, type CodeListName } from '@portal/shared';
import simpleRestProvider from 'ra-data-simple-rest';
import { combineDataProviders, type DataProvider } from 'react-admin';
import type { HttpClient } from './httpClient';

export interface AuditVerifyResult {
  ok: boolean;
  checked: number;
  firstBrokenId: string | null;
}

/**
 * Actions outside the list/CRUD contract. They take the resource first, like every data provider method, so
 * they route through combineDataProviders.
 */
export interface PortalDataProvider extends DataProvider {
  retireCode(list: CodeListName, params: { id: number; validFrom: string }): Promise<{ data: unknown }>;
  verifyAudit(resource: 'audit'): Promise<{ data: AuditVerifyResult }>;
  resetPassword(resource: 'users', params: { id: string; password: string }): Promise<{ data: unknown }>;
}

export function isCodeList(resource: string): resource is CodeListName {
  return (CODE_LISTS as readonly string[]).includes(resource);
}

export function createDataProvider(httpClient: HttpClient): PortalDataProvider {
  const codes = {
    ...simpleRestProvider('/api/codes', httpClient),
    async retireCode(list: CodeListName, { id, validFrom }: { id: number; validFrom: string }) {
      const url = `/api/codes/${list}/${id}?validFrom=${encodeURIComponent(validFrom)}`;
      const { json } = await httpClient(url, { method: 'DELETE' });
      return { data: json };
    },
  };
  const api = {
    ...simpleRestProvider('/api', httpClient),
    async verifyAudit() {
      const { json } = await httpClient('/api/audit/verify');
      return { data: json as AuditVerifyResult };
    },
    async resetPassword(_resource: 'users', { id, password }: { id: string; password: string }) {
      const { json } = await httpClient(`/api/users/${encodeURIComponent(id)}/reset-password`, {
        method: 'POST',
        body: JSON.stringify({ password }),
      });
      return { data: json };
    },
  };
  return combineDataProviders((resource) => (isCodeList(resource) ? codes : api)) as PortalDataProvider;
}
