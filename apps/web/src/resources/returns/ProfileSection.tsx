import { periodBounds } from '@portal/shared';
import { Alert, Checkbox, FormControlLabel, FormHelperText, Grid, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { useLocaleState, useTranslate } from 'react-admin';
import { codeLabel, useCodeList } from './CodePicker';
import { messageAt } from './content';
import { PathMessages } from './SectionMessages';
import type { SectionProps } from './sectionProps';

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Grid size={{ xs: 12, sm: 6, md: 4 }}>
      <Typography variant="caption" color="text.secondary" component="div">
        {label}
      </Typography>
      <Typography component="div">{children || '—'}</Typography>
    </Grid>
  );
}

/**
 * 企业基本情况: the profile valid at the end of the quarter, as registered. The firm confirms it here; changes to the
 * profile itself go through the enterprise registry (versioned), not through the return.
 */
export function ProfileSection({ content, update, messages, readOnly, periodCode }: SectionProps) {
  const translate = useTranslate();
  const [locale = 'zh-CN'] = useLocaleState();
  const validOn = periodBounds(periodCode).end;
  const regions = useCodeList('regions', validOn);
  const natures = useCodeList('enterprise-natures', validOn);
  const industries = useCodeList('industries', validOn);
  const profile = content.profile;
  const confirmMessage = messageAt(messages, 'profile.confirmed') ?? messageAt(messages, 'profile');
  const yesNo = (v: boolean) => translate(v ? 'ra.boolean.true' : 'ra.boolean.false');

  if (!profile) return <Alert severity="warning">{translate('app.returns.profile.missing')}</Alert>;
  const otherMessages = Object.keys(messages).filter((p) => p.startsWith('profile.') && p !== 'profile.confirmed');
  return (
    <>
      <Grid container spacing={2} sx={{ mb: 2 }}>
        <Item label={translate('app.returns.fields.nameZh')}>{profile.nameZh}</Item>
        <Item label={translate('app.returns.fields.regionCode')}>{codeLabel(regions, profile.regionCode, locale)}</Item>
        <Item label={translate('app.returns.fields.zoneCode')}>{codeLabel(regions, profile.zoneCode, locale)}</Item>
        <Item label={translate('app.returns.fields.natureCode')}>{codeLabel(natures, profile.natureCode, locale)}</Item>
        <Item label={translate('app.returns.fields.industryCode')}>
          {codeLabel(industries, profile.industryCode, locale)}
        </Item>
        <Item label={translate('app.returns.fields.keyEnterprise')}>{yesNo(profile.keyEnterprise)}</Item>
        <Item label={translate('app.returns.fields.advancedTech')}>{yesNo(profile.advancedTech)}</Item>
      </Grid>
      {otherMessages.map((p) => (
        <PathMessages key={p} messages={messages} path={p} />
      ))}
      <FormControlLabel
        control={
          <Checkbox
            checked={profile.confirmed}
            disabled={readOnly}
            onChange={(e) =>
              update((c) => (c.profile ? { ...c, profile: { ...c.profile, confirmed: e.target.checked } } : c))
            }
          />
        }
        label={translate('app.returns.profile.confirm')}
      />
      <FormHelperText error={confirmMessage?.severity === 'error'}>
        {confirmMessage?.message ?? translate('app.returns.profile.change_hint')}
      </FormHelperText>
    </>
  );
}
