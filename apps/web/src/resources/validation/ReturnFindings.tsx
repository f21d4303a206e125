import type { FindingView, ReturnContent, ValidationView } from '@portal/shared';
import { Alert, Typography } from '@mui/material';
import { useCallback, useEffect, useState } from 'react';
import { useTranslate } from 'react-admin';
import { usePortalDataProvider } from '../../providers/dataProvider';
import { FindingsTable } from './FindingsTable';

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
 * The findings of a return's latest revision, read by the component itself (the review screen): a note while the
 * checks run or when there are none, else the findings table.
 */
export function ReturnFindings({ returnId, canExplain = false, content, reloadKey, onCellClick }: Props) {
  const translate = useTranslate();
  const { view, reload } = useReturnValidation(returnId, reloadKey);

  if (view === undefined) return null;
  if (view === null) return <Typography color="text.secondary">{translate('review.findings.unavailable')}</Typography>;
  if (view.status === 'QUEUED' || view.status === 'RUNNING') {
    return <Alert severity="info">{translate('review.findings.running')}</Alert>;
  }
  if (!view.findings.length) {
    return <Alert severity="success">{translate('review.findings.none')}</Alert>;
  }
  return (
    <FindingsTable
      returnId={returnId}
      findings={view.findings}
      canExplain={canExplain}
      content={content}
      onCellClick={onCellClick}
      onExplained={() => void reload()}
    />
  );
}
