import { Typography } from '@mui/material';
import { useRecordContext } from 'react-admin';
import { useRegionNames } from './useRegionNames';

/** A region code shown as its name, with the code kept visible for those who work with codes. */
export function RegionField({ source }: { source: string; label?: string }) {
  const record = useRecordContext();
  const names = useRegionNames();
  const code = record?.[source] as string | null | undefined;
  if (!code) return null;
  const name = names.get(code);
  return (
    <Typography variant="body2" component="span">
      {name ? `${name}（${code}）` : code}
    </Typography>
  );
}
