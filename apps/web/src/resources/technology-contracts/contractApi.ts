import type { TechnologyContract, TechnologyContractDetail } from '@portal/shared';
import { fetchData, type HttpClient } from '../../providers/httpClient';

export type ContractAction = 'submit' | 'register' | 'return' | 'send-back' | 'change' | 'cancel';

export interface TechnologyContractMethods {
  createContract(
    resource: 'technology-contracts',
    p: { content: TechnologyContract },
  ): Promise<{ data: TechnologyContractDetail }>;
  saveContractDraft(
    resource: 'technology-contracts',
    p: { id: string; version: number; content: TechnologyContract },
  ): Promise<{ data: TechnologyContractDetail }>;
  contractAction(
    resource: 'technology-contracts',
    p: { id: string; action: ContractAction; version: number } & Record<string, unknown>,
  ): Promise<{ data: TechnologyContractDetail }>;
}

/** Workflow calls of a technology contract (explicit POST endpoints beside the list contract). */
export function technologyContractMethods(httpClient: HttpClient): TechnologyContractMethods {
  const url = (id: string, path: string) => `/api/technology-contracts/${encodeURIComponent(id)}${path}`;
  const json = (u: string, method: string, body: unknown) =>
    fetchData<TechnologyContractDetail>(httpClient, u, { method, body: JSON.stringify(body) });
  return {
    createContract: (_r, { content }) => json('/api/technology-contracts', 'POST', { content }),
    saveContractDraft: (_r, { id, version, content }) => json(url(id, '/draft'), 'PUT', { version, content }),
    contractAction: (_r, { id, action, ...body }) => json(url(id, `/${action}`), 'POST', body),
  };
}
