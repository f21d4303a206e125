import type {
  ExtensionRequest,
  FirmStanding,
  Holiday,
  HolidayAdded,
  OkResponse,
  PeriodExemption,
  PeriodExemptionView,
  PeriodExtension,
  PeriodExtensionView,
  PeriodRow,
  ReminderRecord,
} from '@portal/shared';
import { fetchData, type HttpClient } from '../../providers/httpClient';

/** An extension or exemption of a period, live or revoked (GET /api/periods/:code/extensions | exemptions). */
export type PeriodException = PeriodExemptionView & Partial<Pick<PeriodExtensionView, 'until'>>;

/** The answer of granting or revoking one (without the firm's name). */
export type PeriodExceptionRecord = PeriodExemption & Partial<Pick<PeriodExtension, 'until'>>;

export type { FirmStanding, Holiday, ReminderRecord } from '@portal/shared';

export interface PeriodUpdate {
  dueDate?: string;
  lockDate?: string;
  cnyPerUsd?: number;
  reason: string;
}

export interface PeriodMethods {
  updatePeriod(resource: 'periods', params: { code: string } & PeriodUpdate): Promise<{ data: PeriodRow }>;
  getPeriodExceptions(
    resource: 'periods',
    params: { code: string; kind: 'extensions' | 'exemptions' },
  ): Promise<{ data: PeriodException[] }>;
  grantPeriodException(
    resource: 'periods',
    params: { code: string; kind: 'extensions' | 'exemptions'; enterpriseId: string; reason: string; until?: string },
  ): Promise<{ data: PeriodExceptionRecord }>;
  revokePeriodException(
    resource: 'periods',
    params: { code: string; kind: 'extensions' | 'exemptions'; id: number; reason: string },
  ): Promise<{ data: PeriodExceptionRecord }>;
  getStanding(resource: 'periods', params: { code: string; enterpriseId?: string }): Promise<{ data: FirmStanding }>;
  requestExtension(
    resource: 'periods',
    params: { code: string; until: string; reason: string },
  ): Promise<{ data: ExtensionRequest }>;
  decideExtensionRequest(
    resource: 'extension-requests',
    params: { id: number; grant: boolean; note: string; until?: string },
  ): Promise<{ data: ExtensionRequest }>;
  getHolidays(resource: 'periods'): Promise<{ data: Holiday[] }>;
  addHoliday(resource: 'periods', params: Holiday): Promise<{ data: HolidayAdded }>;
  removeHoliday(resource: 'periods', params: { date: string }): Promise<{ data: OkResponse }>;
  getReminderHistory(resource: 'review/inbox', params: { periodCode: string }): Promise<{ data: ReminderRecord[] }>;
}

const post = (body: unknown) => ({ method: 'POST', body: JSON.stringify(body) });
const enc = encodeURIComponent;

export function periodMethods(httpClient: HttpClient): PeriodMethods {
  const json = <T>(url: string, options?: RequestInit) => fetchData<T>(httpClient, url, options);
  return {
    updatePeriod: (_r, { code, ...body }) =>
      json<PeriodRow>(`/api/periods/${enc(code)}`, { method: 'PATCH', body: JSON.stringify(body) }),
    getPeriodExceptions: (_r, { code, kind }) => json<PeriodException[]>(`/api/periods/${enc(code)}/${kind}`),
    grantPeriodException: (_r, { code, kind, ...body }) =>
      json<PeriodExceptionRecord>(`/api/periods/${enc(code)}/${kind}`, post(body)),
    revokePeriodException: (_r, { code, kind, id, reason }) =>
      json<PeriodExceptionRecord>(`/api/periods/${enc(code)}/${kind}/${id}/revoke`, post({ reason })),
    getStanding: (_r, { code, enterpriseId }) =>
      json<FirmStanding>(
        `/api/periods/${enc(code)}/standing${enterpriseId ? `?enterpriseId=${enc(enterpriseId)}` : ''}`,
      ),
    requestExtension: (_r, { code, ...body }) =>
      json<ExtensionRequest>(`/api/periods/${enc(code)}/extension-requests`, post(body)),
    decideExtensionRequest: (_r, { id, ...body }) =>
      json<ExtensionRequest>(`/api/extension-requests/${id}/decision`, post(body)),
    getHolidays: () => json<Holiday[]>('/api/holidays'),
    addHoliday: (_r, body) => json<HolidayAdded>('/api/holidays', post(body)),
    removeHoliday: (_r, { date }) => json<OkResponse>(`/api/holidays/${enc(date)}`, { method: 'DELETE' }),
    getReminderHistory: (_r, { periodCode }) =>
      json<ReminderRecord[]>(`/api/review/reminders?periodCode=${enc(periodCode)}`),
  };
}
