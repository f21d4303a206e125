import { Box, Typography } from '@mui/material';
import { useRecordContext, useTranslate, type FieldProps } from 'react-admin';
import { beijingTime } from './beijingTime';

/** A time as the portal shows every time: Beijing time, `YYYY-MM-DD HH:mm`, labelled 北京时间 / Beijing time. */
export function BeijingTime({ value, dateOnly }: { value: string | number | Date; dateOnly?: boolean }) {
  const translate = useTranslate();
  const label = translate('deadlines.beijing');
  return (
    <Box component="span" title={label} sx={{ whiteSpace: 'nowrap' }}>
      {beijingTime(value, { dateOnly })}
      {!dateOnly && (
        <Typography component="span" variant="caption" color="text.secondary" sx={{ ml: 0.5 }}>
          {label}
        </Typography>
      )}
    </Box>
  );
}

/**
 * A record's timestamp in Beijing time (the statistical system's clock, whatever the browser's own zone), as
 * receipts and comments show it; `showTime={false}` for the date alone.
 */
export function DateTimeField({ source, emptyText, showTime = true }: FieldProps & { showTime?: boolean }) {
  const record = useRecordContext();
  const translate = useTranslate();
  const value = source ? (record?.[source] as string | null | undefined) : undefined;
  if (value === null || value === undefined || value === '') {
    return emptyText ? (
      <Typography component="span" variant="body2">
        {translate(emptyText, { _: emptyText })}
      </Typography>
    ) : null;
  }
  return (
    <Typography component="span" variant="body2">
      <BeijingTime value={value} dateOnly={!showTime} />
    </Typography>
  );
}
