import type { ReturnContent, ReturnDetail, RevisionMeta } from '@portal/shared';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Tooltip,
} from '@mui/material';
import { useEffect, useState } from 'react';
import { useNotify, useTranslate } from 'react-admin';
import { usePortalDataProvider } from '../../providers/dataProvider';
import { BeijingTime } from '../../common/DateTimeField';
import { ReturnSections } from './ReturnSections';
import { useDownload } from './download';

/** 版本记录: every revision (frozen once submitted), its source, receipt and content hash; each can be viewed. */
export function RevisionHistory({ detail }: { detail: ReturnDetail }) {
  const translate = useTranslate();
  const download = useDownload();
  const [viewing, setViewing] = useState<RevisionMeta | null>(null);
  const revisions = [...detail.revisions].sort((a, b) => b.revision - a.revision);
  const latestReceipt = revisions.find((r) => r.receiptNo)?.revision;
  const col = (key: string) => translate(`app.returns.revisions.${key}`);

  return (
    <>
      <Table size="small" aria-label={col('title')}>
        <TableHead>
          <TableRow>
            <TableCell>{col('revision')}</TableCell>
            <TableCell>{col('source')}</TableCell>
            <TableCell>{col('state')}</TableCell>
            <TableCell>{col('receiptNo')}</TableCell>
            <TableCell>{col('submittedAt')}</TableCell>
            <TableCell>{col('contentHash')}</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {revisions.map((r) => (
            <TableRow key={r.revision}>
              <TableCell>{r.revision}</TableCell>
              <TableCell>
                {translate(`app.returns.revisions.sources.${r.source}`, { _: r.source })}
                {r.sourceNote ? ` (${r.sourceNote})` : ''}
              </TableCell>
              <TableCell>{col(r.frozen ? 'frozen' : 'open')}</TableCell>
              <TableCell>{r.receiptNo ?? '—'}</TableCell>
              <TableCell>{r.submittedAt ? <BeijingTime value={r.submittedAt} /> : '—'}</TableCell>
              <TableCell sx={{ fontFamily: 'monospace' }}>
                {r.contentHash ? (
                  <Tooltip title={r.contentHash}>
                    <span>{r.contentHash.slice(0, 12)}…</span>
                  </Tooltip>
                ) : (
                  '—'
                )}
              </TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
                <Button size="small" onClick={() => setViewing(r)}>
                  {col('view')}
                </Button>
                {r.revision === latestReceipt && (
                  <Button size="small" onClick={() => void download(`/api/returns/${detail.id}/receipt`)}>
                    {translate('app.returns.receipt')}
                  </Button>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {viewing && <RevisionDialog detail={detail} revision={viewing} onClose={() => setViewing(null)} />}
    </>
  );
}

function RevisionDialog({
  detail,
  revision,
  onClose,
}: {
  detail: ReturnDetail;
  revision: RevisionMeta;
  onClose: () => void;
}) {
  const translate = useTranslate();
  const notify = useNotify();
  const dataProvider = usePortalDataProvider();
  const [content, setContent] = useState<{ content: ReturnContent; cnyPerUsd: number } | null>(null);

  useEffect(() => {
    let live = true;
    dataProvider
      .getReturnRevision('returns', { id: detail.id, revision: revision.revision })
      .then(({ data }) => live && setContent({ content: data.content, cnyPerUsd: Number(data.cnyPerUsd) }))
      .catch((e: Error) => notify(e.message, { type: 'error' }));
    return () => {
      live = false;
    };
  }, [dataProvider, detail.id, revision.revision, notify]);

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="lg">
      <DialogTitle>{translate('app.returns.revisions.view_title', { revision: revision.revision })}</DialogTitle>
      <DialogContent>
        {content && (
          <ReturnSections
            content={content.content}
            update={() => undefined}
            messages={{}}
            readOnly
            periodCode={detail.periodCode}
            cnyPerUsd={content.cnyPerUsd}
            register={[]}
          />
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('ra.action.close')}</Button>
      </DialogActions>
    </Dialog>
  );
}
