import type { UserSummary } from '@portal/shared';
import { useGetIdentity } from 'react-admin';
import type { PortalIdentity } from '../providers/authProvider';

/** The signed-in user as the API describes it (roles, scope, permissions); undefined while loading. */
export function usePortalUser(): UserSummary | undefined {
  const { identity } = useGetIdentity();
  return (identity as PortalIdentity | undefined)?.user;
}
