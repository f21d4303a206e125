import type {
  CatalogueEntry,
  ContractDrillDownRow,
  DrillDownRow,
  ExportJobView,
  OfficialTableView,
} from '@portal/shared';
import { fetchData, type HttpClient } from '../../providers/httpClient';
import { searchOfParams, type TableParams } from './params';

/** What an export covers: one table, every table of the period, or the line items of approved returns. */
export type ExportTarget = string | 'all' | 'detail';

/**
 * The official-table and export calls (GET /api/official-tables…, POST/GET /api/exports…). They are merged into
 * the portal's data provider, so like every data provider method they take the resource first.
 */
export interface TablesMethods {
  getTableCatalogue(resource: 'official-tables'): Promise<{ data: CatalogueEntry[] }>;
  getOfficialTable(
    resource: 'official-tables',
    params: { id: string } & TableParams & { top?: number },
  ): Promise<{ data: OfficialTableView }>;
  getTableDrillDown(
    resource: 'official-tables',
    params: { id: string; row: string } & TableParams & { top?: number },
  ): Promise<{ data: DrillDownRow[] }>;
  /** The technology contracts behind a row of a technology table. */
  getTableContracts(
    resource: 'official-tables',
    params: { id: string; row: string } & TableParams & { top?: number },
  ): Promise<{ data: ContractDrillDownRow[] }>;
  createExport(
    resource: 'official-tables',
    params: { target: ExportTarget } & TableParams,
  ): Promise<{ data: { id: string } }>;
  getExport(resource: 'official-tables', params: { id: string }): Promise<{ data: ExportJobView }>;
  /** Runs a failed export again (same parameters, same id). */
  retryExport(resource: 'official-tables', params: { id: string }): Promise<{ data: ExportJobView }>;
}

/** `period=2021&territory=610000&currency=USD[&top=5][&row=…]`, in a fixed order. */
export function tableQuery({ row, ...params }: TableParams & { top?: number; row?: string }): string {
  const q = new URLSearchParams(searchOfParams(params));
  if (row !== undefined) q.set('row', row);
  return q.toString();
}

export function tablesMethods(httpClient: HttpClient): TablesMethods {
  const json = <T>(url: string, options?: RequestInit) => fetchData<T>(httpClient, url, options);
  const tableUrl = (id: string, path = '') => `/api/official-tables/${encodeURIComponent(id)}${path}`;
  return {
    getTableCatalogue: () => json<CatalogueEntry[]>('/api/official-tables'),
    getOfficialTable: (_r, { id, ...params }) => json<OfficialTableView>(`${tableUrl(id)}?${tableQuery(params)}`),
    getTableDrillDown: (_r, { id, ...params }) =>
      json<DrillDownRow[]>(`${tableUrl(id, '/drill-down')}?${tableQuery(params)}`),
    getTableContracts: (_r, { id, ...params }) =>
      json<ContractDrillDownRow[]>(`${tableUrl(id, '/contracts')}?${tableQuery(params)}`),
    createExport: (_r, { target, period, territory, currency }) =>
      json<{ id: string }>('/api/exports', {
        method: 'POST',
        body: JSON.stringify({ tableId: target, period, territory: territory || undefined, currency }),
      }),
    getExport: (_r, { id }) => json<ExportJobView>(`/api/exports/${encodeURIComponent(id)}`),
    retryExport: (_r, { id }) =>
      json<ExportJobView>(`/api/exports/${encodeURIComponent(id)}/retry`, { method: 'POST' }),
  };
}
