import { Chip } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';

const COLORS: Record<string, 'default' | 'success' | 'warning' | 'error'> = {
  PENDING: 'warning',
  ACTIVE: 'success',
  REJECTED: 'error',
  INACTIVE: 'default',
};

export const ENTERPRISE_STATUS_CHOICES = Object.keys(COLORS).map((status) => ({
  id: status,
  name: `app.enterprise_status.${status}`,
}));

export function EnterpriseStatusField(_props: { source: 'status'; label?: string }) {
  const record = useRecordContext<{ status: string }>();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <Chip
      size="small"
      color={COLORS[record.status] ?? 'default'}
      label={translate(`app.enterprise_status.${record.status}`, { _: record.status })}
    />
  );
}
