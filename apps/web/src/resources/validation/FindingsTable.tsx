import type { FindingView, ReturnContent } from '@portal/shared';
import { REASON_LABELS, type ReasonCode } from '@portal/rules';
import { Button, Chip, Link as MuiLink, Stack, Table, TableBody, TableCell, TableHead, TableRow } from '@mui/material';
import { useState } from 'react';
import { useLocaleState, useTranslate } from 'react-admin';
import { cellPathLabel, languageOf } from './cellLabels';
import { ExplainDialog } from './ExplainDialog';

/** The colour of a severity, wherever findings or rules are listed. */
export const SEVERITY_COLOR = { BLOCKING: 'error', EXPLAIN: 'warning', INFO: 'info' } as const;

interface Props {
  returnId: string;
  findings: readonly FindingView[];
  /** The firm may explain explain-or-fix findings now (its editable draft); reviewers read. */
  canExplain?: boolean;
  /** Labels name contract lines by number when the content is given. */
  content?: ReturnContent;
  /** A cell label was clicked: the parent scrolls to the cell (labels are plain text without it). */
  onCellClick?: (path: string) => void;
  /** An explanation was saved: the parent reads the findings again. */
  onExplained: () => void;
}

/**
 * The findings of a return with their severity, rule, message, the cells they point at, their state and the
 * firm's explanation (reason code and text); the firm explains explain-or-fix findings in a dialog. Used by the
 * firm's return page and the review screen alike.
 */
export function FindingsTable({ returnId, findings, canExplain = false, content, onCellClick, onExplained }: Props) {
  const translate = useTranslate();
  const [locale = 'zh-CN'] = useLocaleState();
  const language = languageOf(locale);
  const [explaining, setExplaining] = useState<FindingView | null>(null);
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
          {findings.map((f) => (
            <TableRow key={f.id}>
              <TableCell>
                <Chip
                  size="small"
                  color={SEVERITY_COLOR[f.severity]}
                  label={translate(`review.severity.${f.severity}`)}
                />
              </TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
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
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
                {/* A note asks for nothing, so it has no state to show. */}
                {f.severity === 'INFO' ? '—' : translate(`review.findings.statuses.${f.status}`)}
              </TableCell>
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
          others={findings.filter((f) => f.id !== explaining.id).map((f) => f.explanation)}
          onClose={() => setExplaining(null)}
          onDone={() => {
            setExplaining(null);
            onExplained();
          }}
        />
      )}
    </>
  );
}
