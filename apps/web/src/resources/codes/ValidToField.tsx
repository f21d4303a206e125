import { Chip } from '@mui/material';
import type { CodeItem } from '@portal/shared';
import { useRecordContext, useTranslate } from 'react-admin';
import { todayIso } from './dates';

/** The end of a version's validity; an open-ended version is marked in force, or scheduled if it starts later. */
export function ValidToField(_props: { source: 'validTo'; label?: string; sortable?: boolean }) {
  const record = useRecordContext<CodeItem>();
  const translate = useTranslate();
  if (!record) return null;
  if (record.validTo) return <>{record.validTo}</>;
  const scheduled = record.validFrom > todayIso();
  return (
    <Chip
      size="small"
      variant="outlined"
      color={scheduled ? 'info' : 'success'}
      label={translate(scheduled ? 'app.codes.scheduled' : 'app.codes.current')}
    />
  );
}
