import type { FindingView, ReturnContent, ValidationView } from '@portal/shared';
import { REASON_LABELS, type ReasonCode } from '@portal/rules';
import {
  Alert,
  Button,
  Chip,
  Link as MuiLink,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { useCallback, useEffect, useState } from 'react';
import { useLocaleState, useTranslate } from 'react-admin';
import { usePortalDataProvider } from '../../providers/dataProvider';
import { cellPathLabel, languageOf } from './cellLabels';
import { ExplainDialog } from './ExplainDialog';

export const SEVERITY_COLOR = { BLOCKING: 'error', EXPLAIN: 'warning', INFO: 'info' } as const;

/** Findings that still matter at a cell (fixed ones are history), by path, for markers next to cells. */
export function findingsByCell(findings: readonly FindingView[]): Map<string, FindingView[]> {
  const out = new Map<string, FindingView[]>();
  for (const f of findings) {
    if (f.status === 'FIXED') continue;
    for (const cell of f.cells) out.set(cell, [...(out.get(cell) ?? []), f]);
  }
  return out;
}

/** The validation of a return's latest revision, loaded and reloaded on demand. */
export function useReturnValidation(returnId: string, reloadKey?: unknown) {
  const dataProvider = usePortalDataProvider();
  const [view, setView] = useState<ValidationView | null | undefined>(undefined);
  const reload = useCallback(async () => {
    const { data } = await dataProvider.getReturnValidation('returns', { id: returnId });
    setView(data);
  }, [dataProvider, returnId]);
  useEffect(() => {
    reload().catch(() => setView(null));
  }, [reload, reloadKey]);
  return { view, reload };
}

interface Props {
  returnId: string;
  /** The firm may explain (its editable draft); reviewers read. */
  canExplain?: boolean;
  /** Labels name contract lines by number when the content is given. */
  content?: ReturnContent;
  /** Bumped by the parent to reload (after a save or a transition). */
  reloadKey?: unknown;
  /** A cell label was clicked: the parent scrolls to the cell. */
  onCellClick?: (path: string) => void;
}

/**
 * The findings of a return's latest revision with severity, where they point, their state and the firm's
 * explanation (reason code and text); the firm explains explain-or-fix findings in a dialog.
 */
export function ReturnFindings({ returnId, canExplain = false, content, reloadKey, onCellClick }: Props) {
  const translate = useTranslate();
  const [locale = 'zh-CN'] = useLocaleState();
  const language = languageOf(locale);
  const { view, reload } = useReturnValidation(returnId, reloadKey);
  const [explaining, setExplaining] = useState<FindingView | null>(null);

  if (view === undefined) return null;
  if (view === null) return <Typography color="text.secondary">{translate('review.findings.unavailable')}</Typography>;
  if (view.status === 'QUEUED' || view.status === 'RUNNING') {
    return <Alert severity="info">{translate('review.findings.running')}</Alert>;
  }
  if (!view.findings.length) {
    return <Alert severity="success">{translate('review.findings.none')}</Alert>;
  }
  const reason = (code: string | null) =>
    code && code in REASON_LABELS ? REASON_LABELS[code as ReasonCode][language] : code;

  return (
    <>
      <Table size="small" aria-label={translate('review.findings.title')}>
        <TableHead>
          <TableRow>
            <TableCell>{translate('review.findings.severity')}</TableCell>
            <TableCell>{translate('review.findings.rule')}</TableCell>
            <TableCell>{translate('review.findings.message')}</TableCell>
            <TableCell>{translate('review.findings.where')}</TableCell>
            <TableCell>{translate('review.findings.status')}</TableCell>
            <TableCell>{translate('review.findings.explanation')}</TableCell>
            {canExplain && <TableCell />}
          </TableRow>
        </TableHead>
        <TableBody>
          {view.findings.map((f) => (
            <TableRow key={f.id}>
              <TableCell>
                <Chip
                  size="small"
                  color={SEVERITY_COLOR[f.severity]}
                  label={translate(`review.severity.${f.severity}`)}
                />
              </TableCell>
              <TableCell>
                <code>{f.ruleId}</code>
              </TableCell>
              <TableCell>{language === 'zh' ? f.message_zh : f.message_en}</TableCell>
              <TableCell>
                <Stack spacing={0.5}>
                  {f.cells.map((c) =>
                    onCellClick ? (
                      <MuiLink key={c} component="button" type="button" onClick={() => onCellClick(c)} align="left">
                        {cellPathLabel(c, language, content)}
                      </MuiLink>
                    ) : (
                      <span key={c}>{cellPathLabel(c, language, content)}</span>
                    ),
                  )}
                </Stack>
              </TableCell>
              <TableCell>{translate(`review.findings.statuses.${f.status}`)}</TableCell>
              <TableCell>
                {f.reasonCode || f.explanation ? (
                  <>
                    {f.reasonCode && (
                      <Chip size="small" variant="outlined" label={reason(f.reasonCode)} sx={{ mr: 1 }} />
                    )}
                    {f.explanation}
                  </>
                ) : (
                  '—'
                )}
              </TableCell>
              {canExplain && (
                <TableCell>
                  {f.severity === 'EXPLAIN' && f.status !== 'FIXED' && (
                    <Button size="small" onClick={() => setExplaining(f)}>
                      {translate(f.status === 'EXPLAINED' ? 'review.findings.re_explain' : 'review.findings.explain')}
                    </Button>
                  )}
                </TableCell>
              )}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {explaining && (
        <ExplainDialog
          returnId={returnId}
          finding={explaining}
          others={view.findings.filter((f) => f.id !== explaining.id).map((f) => f.explanation)}
          onClose={() => setExplaining(null)}
          onDone={() => {
            setExplaining(null);
            void reload();
          }}
        />
      )}
    </>
  );
}
