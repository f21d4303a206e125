import { Typography } from '@mui/material';
import { useLocaleState, useRecordContext } from 'react-admin';
import { useRegionNames } from './useRegionNames';

/** A region code shown as its name in the language on screen, with the code kept visible for those who use codes. */
export function RegionField({ source }: { source: string; label?: string }) {
  const record = useRecordContext();
  const names = useRegionNames();
  const [locale = 'zh-CN'] = useLocaleState();
  const code = record?.[source] as string | null | undefined;
  if (!code) return null;
  const name = names.get(code);
  const zh = locale.startsWith('zh');
  return (
    <Typography variant="body2" component="span">
      {name ? (zh ? `${name}（${code}）` : `${name} (${code})`) : code}
    </Typography>
  );
}
