import {
  technologyContractMethods,
  type TechnologyContractMethods,
} from '../resources/technology-contracts/contractApi';
import {
  CODE_LISTS,
  type AuditVerifyResult,
  type CodeListName,
  type ExplainRequest,
  type FindingView,
  type ReturnContent,
  type ValidationView,
  type ImportCreated,
  type ImportJobDetail,
  type ReturnDetail,
  type ReturnRevision,
  type SubmittedReturn,
} from '@portal/shared';
import simpleRestProvider from 'ra-data-simple-rest';
import { combineDataProviders, HttpError, useDataProvider, type DataProvider } from 'react-admin';
import { apiErrorMessage } from './apiError';
import { fetchData, type HttpClient } from './httpClient';
import { readSession } from './session';
import { reviewMethods, type ReviewMethods } from '../resources/review/reviewApi';
import { enterpriseMethods, type EnterpriseMethods } from '../resources/enterprises/enterprisesApi';
import { tablesMethods, type TablesMethods } from '../resources/official-tables/tablesApi';
import { periodMethods, type PeriodMethods } from '../resources/periods/periodsApi';

/**
 * Actions outside the list/CRUD contract. They take the resource first, like every data provider method, so
 * they route through combineDataProviders.
 */
export interface PortalDataProvider
  extends DataProvider, ReviewMethods, TablesMethods, EnterpriseMethods, PeriodMethods, TechnologyContractMethods {
  retireCode(list: CodeListName, params: { id: number; validFrom: string }): Promise<{ data: unknown }>;
  /** Ends an economy's membership of a partner group or continent from a date (DELETE /api/<kind>/:id). */
  endMembership(resource: string, params: { id: number; validFrom: string }): Promise<{ data: unknown }>;
  verifyAudit(resource: 'audit'): Promise<{ data: AuditVerifyResult }>;
  resetPassword(resource: 'users', params: { id: string; password: string }): Promise<{ data: unknown }>;
  /** POST /returns: opens (or finds) the firm's return for a period. */
  openReturn(resource: 'returns', params: { periodCode: string }): Promise<{ data: ReturnDetail }>;
  saveReturnDraft(
    resource: 'returns',
    params: { id: string; content: ReturnContent; version: number },
  ): Promise<{ data: ReturnDetail }>;
  /** The workflow actions of a firm on its return, each guarded by the return's version. */
  returnAction(
    resource: 'returns',
    params: { id: string; action: ReturnAction; version: number },
  ): Promise<{ data: ReturnActionResult }>;
  /** One revision with its content (GET /returns/:id/revisions/:rev). */
  getReturnRevision(resource: 'returns', params: { id: string; revision: number }): Promise<{ data: ReturnRevision }>;
  /** The latest revision's validation; null while the API has no validation route (404 of the route itself). */
  getReturnValidation(resource: 'returns', params: { id: string }): Promise<{ data: ValidationView | null }>;
  explainFinding(
    resource: 'returns',
    params: { id: string; findingId: string } & ExplainRequest,
  ): Promise<{ data: FindingView }>;
  uploadImport(
    resource: 'imports',
    params: { file: File; kind?: 'FIRM' | 'HISTORICAL'; sourceNote?: string; dryRun?: boolean },
  ): Promise<{ data: ImportCreated }>;
  /** Applies (confirm) or drops (discard) a dry run awaiting confirmation. */
  settleDryRun(
    resource: 'imports',
    params: { id: string; action: 'confirm' | 'discard' },
  ): Promise<{ data: ImportJobDetail }>;
  /** Runs an import again whose processing failed (not its data). */
  retryImport(resource: 'imports', params: { id: string }): Promise<{ data: ImportJobDetail }>;
  /** A file the API sends as an attachment (receipt, template, bundle), with its file name. */
  downloadFile(resource: string, params: { url: string }): Promise<{ data: DownloadedFile }>;
}

/** The data provider with the portal's typed workflow methods, in components. */
export const usePortalDataProvider = () => useDataProvider<PortalDataProvider>();

export type ReturnAction = 'copy-previous' | 'zero' | 'submit';

/** copy-previous answers the return; zero and submit add its place in the validation queue. */
export type ReturnActionResult = ReturnDetail | SubmittedReturn;

export interface DownloadedFile {
  blob: Blob;
  fileName: string;
}

/** The file name of a Content-Disposition header (`filename*` before the ASCII `filename`), else the fallback. */
export function attachmentName(header: string | null, fallback: string): string {
  const star = header && /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star) return decodeURIComponent(star[1]);
  const plain = header && /filename="?([^";]+)"?/i.exec(header);
  return plain ? plain[1] : fallback;
}

const isRouteMissing = (body: unknown) =>
  typeof body !== 'object' || body === null || (body as { code?: unknown }).code === 'ROUTE_NOT_FOUND';

export function isCodeList(resource: string): resource is CodeListName {
  return (CODE_LISTS as readonly string[]).includes(resource);
}

export function createDataProvider(
  httpClient: HttpClient,
  getLocale: () => string = () => 'zh-CN',
): PortalDataProvider {
  const returnUrl = (id: string, path = '') => `/api/returns/${encodeURIComponent(id)}${path}`;
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
    ...reviewMethods(httpClient),
    ...tablesMethods(httpClient),
    ...enterpriseMethods(httpClient),
    ...periodMethods(httpClient),
    ...technologyContractMethods(httpClient),
    async endMembership(resource: string, { id, validFrom }: { id: number; validFrom: string }) {
      const url = `/api/${resource}/${id}?validFrom=${encodeURIComponent(validFrom)}`;
      const { json } = await httpClient(url, { method: 'DELETE' });
      return { data: json };
    },
    async verifyAudit() {
      return fetchData<AuditVerifyResult>(httpClient, '/api/audit/verify');
    },
    async resetPassword(_resource: 'users', { id, password }: { id: string; password: string }) {
      const { json } = await httpClient(`/api/users/${encodeURIComponent(id)}/reset-password`, {
        method: 'POST',
        body: JSON.stringify({ password }),
      });
      return { data: json };
    },
    async openReturn(_resource: 'returns', { periodCode }: { periodCode: string }) {
      return fetchData<ReturnDetail>(httpClient, '/api/returns', {
        method: 'POST',
        body: JSON.stringify({ periodCode }),
      });
    },
    async saveReturnDraft(
      _resource: 'returns',
      { id, content, version }: { id: string; content: ReturnContent; version: number },
    ) {
      return fetchData<ReturnDetail>(httpClient, returnUrl(id, '/draft'), {
        method: 'PUT',
        body: JSON.stringify({ content, version }),
      });
    },
    async returnAction(
      _resource: 'returns',
      { id, action, version }: { id: string; action: ReturnAction; version: number },
    ) {
      return fetchData<ReturnActionResult>(httpClient, returnUrl(id, `/${action}`), {
        method: 'POST',
        body: JSON.stringify({ version }),
      });
    },
    async getReturnRevision(_resource: 'returns', { id, revision }: { id: string; revision: number }) {
      return fetchData<ReturnRevision>(httpClient, returnUrl(id, `/revisions/${revision}`));
    },
    async getReturnValidation(_resource: 'returns', { id }: { id: string }) {
      try {
        return await fetchData<ValidationView>(httpClient, returnUrl(id, '/validation'));
      } catch (error) {
        // The route missing (an API without the validation module) is not the return missing.
        if (error instanceof HttpError && error.status === 404 && isRouteMissing(error.body)) return { data: null };
        throw error;
      }
    },
    async explainFinding(
      _resource: 'returns',
      { id, findingId, reasonCode, text }: { id: string; findingId: string } & ExplainRequest,
    ) {
      return fetchData<FindingView>(httpClient, returnUrl(id, `/findings/${encodeURIComponent(findingId)}/explain`), {
        method: 'POST',
        body: JSON.stringify({ reasonCode, text }),
      });
    },
    async uploadImport(
      _resource: 'imports',
      {
        file,
        kind,
        sourceNote,
        dryRun,
      }: { file: File; kind?: 'FIRM' | 'HISTORICAL'; sourceNote?: string; dryRun?: boolean },
    ) {
      const body = new FormData();
      body.append('file', file);
      if (kind) body.append('kind', kind);
      if (sourceNote) body.append('sourceNote', sourceNote);
      if (dryRun) body.append('dryRun', 'true');
      return fetchData<ImportCreated>(httpClient, '/api/imports', { method: 'POST', body });
    },
    async settleDryRun(_resource: 'imports', { id, action }: { id: string; action: 'confirm' | 'discard' }) {
      return fetchData<ImportJobDetail>(httpClient, `/api/imports/${encodeURIComponent(id)}/${action}`, {
        method: 'POST',
      });
    },
    async retryImport(_resource: 'imports', { id }: { id: string }) {
      return fetchData<ImportJobDetail>(httpClient, `/api/imports/${encodeURIComponent(id)}/retry`, { method: 'POST' });
    },
    async downloadFile(_resource: string, { url }: { url: string }) {
      const token = readSession()?.accessToken;
      const response = await fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
      if (!response.ok) {
        const body: unknown = await response.json().catch(() => undefined);
        throw new HttpError(apiErrorMessage(body, getLocale(), response.statusText), response.status, body);
      }
      const fallback = url.split('?')[0].split('/').pop() ?? 'download';
      return {
        data: {
          blob: await response.blob(),
          fileName: attachmentName(response.headers.get('Content-Disposition'), fallback),
        },
      };
    },
  };
  return combineDataProviders((resource) => (isCodeList(resource) ? codes : api)) as PortalDataProvider;
}
