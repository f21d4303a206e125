import {
  PERIOD_PATTERN,
  RULE_SUBJECT_LABELS,
  RULE_SUBJECTS,
  type FindingSeverity,
  type RuleImpactPreview,
  type RuleSubject,
} from '@portal/shared';
import DownloadIcon from '@mui/icons-material/Download';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  MenuItem,
  Stack,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { useCallback, useEffect, useState } from 'react';
import { Title, useLocaleState, useNotify, useTranslate } from 'react-admin';
import { usePortalUser } from '../../layout/usePortalUser';
import { usePortalDataProvider } from '../../providers/dataProvider';
import { useDownload } from '../returns/download';
import { filingPeriod } from '../review/OverduePage';
import type { RuleCatalogue } from '../review/reviewApi';
import { languageOf } from '../validation/cellLabels';
import { SEVERITY_COLOR } from '../validation/FindingsTable';

type Rule = RuleCatalogue['rules'][number];
const SEVERITIES: FindingSeverity[] = ['BLOCKING', 'EXPLAIN', 'INFO'];

/**
 * 审核规则: the rule catalogue with each rule's setting in force for a period (firms read it too), downloadable as
 * CSV or Excel; the admin switches a rule off or changes its severity from a period, after previewing the impact.
 */
export function RuleCatalogue() {
  const translate = useTranslate();
  const [locale = 'zh-CN'] = useLocaleState();
  const language = languageOf(locale);
  const dataProvider = usePortalDataProvider();
  const download = useDownload();
  const user = usePortalUser();
  const canManage = !!user?.permissions.includes('rules.manage');
  const [period, setPeriod] = useState(filingPeriod);
  const [catalogue, setCatalogue] = useState<RuleCatalogue | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<Rule | null>(null);
  const [subject, setSubject] = useState<RuleSubject | 'ALL'>('ALL');
  const valid = PERIOD_PATTERN.test(period);
  const shown = catalogue?.rules.filter((r) => subject === 'ALL' || r.subject === subject) ?? [];

  const load = useCallback(async () => {
    if (!valid) return;
    try {
      const { data } = await dataProvider.getRuleCatalogue('rules', { period });
      setCatalogue(data);
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, [dataProvider, period, valid]);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <Box sx={{ pb: 4 }}>
      <Title title={translate('review.rules.title')} />
      <Card sx={{ mt: 2, mb: 2 }}>
        <CardContent>
          <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ alignItems: { sm: 'center' } }}>
            <TextField
              size="small"
              label={translate('review.rules.period')}
              value={period}
              onChange={(e) => setPeriod(e.target.value.trim().toUpperCase())}
              error={!valid}
            />
            <TextField
              select
              size="small"
              label={translate('review.rules.subject')}
              value={subject}
              onChange={(e) => setSubject(e.target.value as RuleSubject | 'ALL')}
              sx={{ minWidth: 200 }}
            >
              <MenuItem value="ALL">{translate('review.rules.all_subjects')}</MenuItem>
              {RULE_SUBJECTS.map((s) => (
                <MenuItem key={s} value={s}>
                  {RULE_SUBJECT_LABELS[s][language]}
                </MenuItem>
              ))}
            </TextField>
            {catalogue && (
              <Typography color="text.secondary">
                {translate('review.rules.version', { version: catalogue.version, count: catalogue.rules.length })}
              </Typography>
            )}
            <Box sx={{ flex: 1 }} />
            {(['csv', 'xlsx'] as const).map((format) => (
              <Button
                key={format}
                startIcon={<DownloadIcon />}
                disabled={!valid}
                onClick={() => void download(`/api/rules?period=${period}&format=${format}`)}
              >
                {translate(`review.rules.download_${format}`)}
              </Button>
            ))}
          </Stack>
          {error && (
            <Alert severity="error" sx={{ mt: 2 }}>
              {error}
            </Alert>
          )}
        </CardContent>
      </Card>
      {catalogue && (
        <Card>
          <Table size="small" aria-label={translate('review.rules.title')}>
            <TableHead>
              <TableRow>
                <TableCell>{translate('review.rules.id')}</TableCell>
                <TableCell>{translate('review.rules.subject')}</TableCell>
                <TableCell>{translate('review.rules.severity')}</TableCell>
                <TableCell>{translate('review.rules.in_force')}</TableCell>
                <TableCell>{translate('review.rules.title_zh')}</TableCell>
                <TableCell>{translate('review.rules.title_en')}</TableCell>
                <TableCell>{translate('review.rules.messages')}</TableCell>
                {canManage && <TableCell />}
              </TableRow>
            </TableHead>
            <TableBody>
              {shown.map((r) => (
                <TableRow key={r.id}>
                  <TableCell>
                    <code>{r.id}</code>
                  </TableCell>
                  <TableCell>{RULE_SUBJECT_LABELS[r.subject][language]}</TableCell>
                  <TableCell>
                    <Chip
                      size="small"
                      color={SEVERITY_COLOR[r.severity]}
                      label={translate(`review.severity.${r.severity}`)}
                    />
                  </TableCell>
                  <TableCell>
                    {r.effective.enabled ? (
                      <Chip
                        size="small"
                        variant="outlined"
                        color={SEVERITY_COLOR[r.effective.severity]}
                        label={translate(`review.severity.${r.effective.severity}`)}
                      />
                    ) : (
                      <Chip size="small" label={translate('review.rules.disabled')} />
                    )}
                    {r.effective.overrideFrom && (
                      <Typography variant="caption" component="div" color="text.secondary">
                        {translate('review.rules.override_from', { period: r.effective.overrideFrom })}
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell>{r.title_zh}</TableCell>
                  <TableCell>{r.title_en}</TableCell>
                  <TableCell sx={{ maxWidth: 420 }}>
                    {/* Rendered over the rule's failing examples: what a firm reads, not {placeholders}. */}
                    {r.samples.map((m) => (
                      <Typography key={m.message_zh} variant="body2" title={m.note}>
                        {language === 'zh' ? m.message_zh : m.message_en}
                      </Typography>
                    ))}
                  </TableCell>
                  {canManage && (
                    <TableCell>
                      <Button size="small" onClick={() => setEditing(r)}>
                        {translate('review.rules.adjust')}
                      </Button>
                    </TableCell>
                  )}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Card>
      )}
      {editing && (
        <OverrideDialog
          rule={editing}
          period={period}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void load();
          }}
        />
      )}
    </Box>
  );
}

/** An override from a period: the impact on that period's returns is previewed before it can be saved. */
function OverrideDialog({
  rule,
  period,
  onClose,
  onSaved,
}: {
  rule: Rule;
  period: string;
  onClose: () => void;
  onSaved: () => void;
}) {
  const translate = useTranslate();
  const notify = useNotify();
  const dataProvider = usePortalDataProvider();
  const [fromPeriod, setFromPeriod] = useState(period);
  const [enabled, setEnabled] = useState(rule.effective.enabled);
  const [severity, setSeverity] = useState<FindingSeverity | 'DEFAULT'>(
    rule.effective.overrideFrom && rule.effective.severity !== rule.severity ? rule.effective.severity : 'DEFAULT',
  );
  const [preview, setPreview] = useState<RuleImpactPreview | null>(null);
  const [busy, setBusy] = useState(false);
  const input = { id: rule.id, fromPeriod, enabled, severity: severity === 'DEFAULT' ? null : severity };
  const valid = PERIOD_PATTERN.test(fromPeriod);
  const changed = () => setPreview(null);

  const call = async (what: 'preview' | 'save') => {
    setBusy(true);
    try {
      if (what === 'preview') setPreview((await dataProvider.previewRule('rules', input)).data);
      else {
        await dataProvider.overrideRule('rules', input);
        notify('review.rules.saved', { type: 'success' });
        onSaved();
      }
    } catch (error) {
      notify(error instanceof Error ? error.message : 'ra.notification.http_error', { type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby="override-title">
      <DialogTitle id="override-title">{translate('review.rules.adjust_title', { id: rule.id })}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ mt: 1 }}>
          <TextField
            size="small"
            label={translate('review.rules.from_period')}
            value={fromPeriod}
            error={!valid}
            onChange={(e) => {
              setFromPeriod(e.target.value.trim().toUpperCase());
              changed();
            }}
          />
          <FormControlLabel
            control={
              <Switch
                checked={enabled}
                onChange={(e) => {
                  setEnabled(e.target.checked);
                  changed();
                }}
              />
            }
            label={translate('review.rules.enabled')}
          />
          <TextField
            select
            size="small"
            label={translate('review.rules.severity')}
            value={severity}
            disabled={!enabled}
            onChange={(e) => {
              setSeverity(e.target.value as FindingSeverity | 'DEFAULT');
              changed();
            }}
          >
            <MenuItem value="DEFAULT">
              {translate('review.rules.catalogue_default', { severity: translate(`review.severity.${rule.severity}`) })}
            </MenuItem>
            {SEVERITIES.map((s) => (
              <MenuItem key={s} value={s}>
                {translate(`review.severity.${s}`)}
              </MenuItem>
            ))}
          </TextField>
          {preview ? (
            <Alert severity={preview.toBlocked > 0 ? 'warning' : 'info'} role="status">
              {translate('review.rules.impact', {
                period: preview.periodCode,
                returns: preview.returns,
                toBlocked: preview.toBlocked,
                toPassing: preview.toPassing,
                unchanged: preview.returns - preview.toBlocked - preview.toPassing,
                before: preview.findingsBefore,
                after: preview.findingsAfter,
              })}
              {preview.flipped.length > 0 && (
                <Box component="ul" sx={{ m: 0, pl: 2 }}>
                  {preview.flipped.slice(0, 20).map((f) => (
                    <li key={f.returnId}>
                      {f.enterpriseName}：{translate(`review.rules.verdict.${f.before}`)} →{' '}
                      {translate(`review.rules.verdict.${f.after}`)}
                    </li>
                  ))}
                </Box>
              )}
            </Alert>
          ) : (
            <Typography variant="body2" color="text.secondary">
              {translate('review.rules.preview_first')}
            </Typography>
          )}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
        <Button disabled={busy || !valid} onClick={() => void call('preview')}>
          {translate('review.rules.preview')}
        </Button>
        <Button variant="contained" disabled={busy || !preview} onClick={() => void call('save')}>
          {translate('ra.action.save')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
