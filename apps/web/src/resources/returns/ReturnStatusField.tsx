import type { ReturnStatus } from '@portal/shared';
import { Chip, type ChipProps } from '@mui/material';
import { useRecordContext, useTranslate, type FieldProps } from 'react-admin';

const COLORS: Record<ReturnStatus, ChipProps['color']> = {
  DRAFT: 'default',
  VALIDATING: 'info',
  SUBMITTED: 'primary',
  MUNICIPAL_APPROVED: 'primary',
  APPROVED: 'success',
  RETURNED: 'warning',
  SENT_BACK: 'warning',
  CORRECTION_REQUESTED: 'warning',
};

export function ReturnStatusChip({ status, size = 'small' }: { status: ReturnStatus; size?: ChipProps['size'] }) {
  const translate = useTranslate();
  return <Chip size={size} color={COLORS[status]} label={translate(`app.return_status.${status}`)} />;
}

/** The workflow state in words (RETURN_STATUS_LABELS via the messages), as a coloured chip. */
export function ReturnStatusField(props: FieldProps) {
  const record = useRecordContext(props);
  return record ? <ReturnStatusChip status={record.status as ReturnStatus} /> : null;
}
