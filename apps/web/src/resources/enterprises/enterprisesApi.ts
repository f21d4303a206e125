import type { EnterpriseProfileView, EnterpriseView, ProfileChangeView, Role, UserAccount } from '@portal/shared';
import { fetchData, type HttpClient } from '../../providers/httpClient';

export type { EnterpriseStatus } from '@portal/shared';

/** A row of GET /api/enterprises (and the answer of confirm, reject and settings). */
export type EnterpriseRecord = EnterpriseView;

/** The fields a profile version holds (DOMAIN.md §2, 企业基本情况). */
export interface ProfileFields {
  nameZh: string;
  regionCode: string;
  zoneCode: string | null;
  natureCode: string;
  /** GB/T 4754-2017: a division (大类) where known, else a section (门类). */
  industryCode: string;
  /** GB/T 4754-2002, which the technology trade tables print; null where not known. */
  industryCode2002: string | null;
  keyEnterprise: boolean;
  advancedTech: boolean;
}

/** One version of GET /api/enterprises/:id/profiles, valid from its date until the next version's. */
export type ProfileVersion = EnterpriseProfileView;

/** POST /api/enterprises (register). */
export interface RegisterPayload extends Omit<ProfileFields, 'zoneCode'> {
  uscc: string;
  zoneCode: string | null;
}

/** POST /api/enterprises/:id/profile: the date the change takes effect and the fields that change. */
export type ProfileChangePayload = { validFrom: string } & Partial<ProfileFields>;

export type FirmRole = Extract<Role, 'ENTERPRISE_FILER' | 'ENTERPRISE_SIGNATORY'>;
export const FIRM_ROLES: readonly FirmRole[] = ['ENTERPRISE_FILER', 'ENTERPRISE_SIGNATORY'];

/** POST /api/enterprises/:id/users. */
export interface ColleaguePayload {
  username: string;
  displayName: string;
  email: string | null;
  password: string;
  roles: FirmRole[];
}

/** An account of the firm (GET /api/enterprises/:id/users). */
export type Colleague = UserAccount;

/**
 * The firm registration calls outside the list contract, merged into the portal's data provider; like every data
 * provider method they take the resource first.
 */
export interface EnterpriseMethods {
  confirmEnterprise(resource: 'enterprises', params: { id: string }): Promise<{ data: EnterpriseRecord }>;
  rejectEnterprise(
    resource: 'enterprises',
    params: { id: string; reason: string },
  ): Promise<{ data: EnterpriseRecord }>;
  getProfileVersions(resource: 'enterprises', params: { id: string }): Promise<{ data: ProfileVersion[] }>;
  /** The new version, or the pending change when a review unit must confirm it first (a move, a backdated date). */
  changeProfile(
    resource: 'enterprises',
    params: { id: string; change: ProfileChangePayload },
  ): Promise<{ data: ProfileVersion | ProfileChangeView }>;
  confirmProfileChange(resource: 'enterprises', params: { id: string }): Promise<{ data: ProfileChangeView }>;
  rejectProfileChange(
    resource: 'enterprises',
    params: { id: string; reason: string },
  ): Promise<{ data: ProfileChangeView }>;
  getColleagues(resource: 'enterprises', params: { id: string }): Promise<{ data: Colleague[] }>;
  inviteColleague(
    resource: 'enterprises',
    params: { id: string; colleague: ColleaguePayload },
  ): Promise<{ data: Colleague }>;
  setMakerChecker(
    resource: 'enterprises',
    params: { id: string; makerChecker: boolean },
  ): Promise<{ data: EnterpriseRecord }>;
}

const send = (method: string, body: unknown) => ({ method, body: JSON.stringify(body) });

export function enterpriseMethods(httpClient: HttpClient): EnterpriseMethods {
  const url = (id: string, path: string) => `/api/enterprises/${encodeURIComponent(id)}${path}`;
  const json = <T>(path: string, options?: RequestInit) => fetchData<T>(httpClient, path, options);
  return {
    confirmEnterprise: (_r, { id }) => json<EnterpriseRecord>(url(id, '/confirm'), send('POST', {})),
    rejectEnterprise: (_r, { id, reason }) => json<EnterpriseRecord>(url(id, '/reject'), send('POST', { reason })),
    getProfileVersions: (_r, { id }) => json<ProfileVersion[]>(url(id, '/profiles')),
    changeProfile: (_r, { id, change }) =>
      json<ProfileVersion | ProfileChangeView>(url(id, '/profile'), send('POST', change)),
    confirmProfileChange: (_r, { id }) =>
      json<ProfileChangeView>(`/api/profile-changes/${encodeURIComponent(id)}/confirm`, send('POST', {})),
    rejectProfileChange: (_r, { id, reason }) =>
      json<ProfileChangeView>(`/api/profile-changes/${encodeURIComponent(id)}/reject`, send('POST', { reason })),
    getColleagues: (_r, { id }) => json<Colleague[]>(url(id, '/users')),
    inviteColleague: (_r, { id, colleague }) => json<Colleague>(url(id, '/users'), send('POST', colleague)),
    setMakerChecker: (_r, { id, makerChecker }) =>
      json<EnterpriseRecord>(url(id, '/settings'), send('PUT', { makerChecker })),
  };
}

/** The answer of a profile change that waits for a review unit instead of taking effect. */
export function isPendingChange(answer: ProfileVersion | ProfileChangeView): answer is ProfileChangeView {
  return 'status' in answer && answer.status === 'PENDING';
}
