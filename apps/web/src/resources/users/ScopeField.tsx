import { ReferenceField, TextField, useRecordContext } from 'react-admin';
import type { UserSummary } from '@portal/shared';
import { RegionField } from '../codes';

/** A user's scope by name: the firm for enterprise users, the region for reviewers and statisticians. */
export function ScopeField(_props: { source: 'scopeCode'; label?: string; sortable?: boolean }) {
  const user = useRecordContext<UserSummary>();
  if (!user?.scopeCode) return null;
  if (user.scopeKind === 'ENTERPRISE') {
    return (
      <ReferenceField source="scopeCode" reference="enterprises" link="show">
        <TextField source="nameZh" />
      </ReferenceField>
    );
  }
  return <RegionField source="scopeCode" />;
}
