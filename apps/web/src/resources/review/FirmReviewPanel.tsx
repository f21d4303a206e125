import type { ReturnStatus } from '@portal/shared';
import { Alert, Button, Card, CardContent, Stack, Typography } from '@mui/material';
import { useState } from 'react';
import { useTranslate } from 'react-admin';
import { usePortalUser } from '../../layout/usePortalUser';
import { CorrectionRequestButton } from './CorrectionRequestButton';
import { ReviewComments } from './ReviewComments';
import { TransitionHistory } from './TransitionHistory';

interface Props {
  returnId: string;
  status: ReturnStatus;
  version: number;
  /** The return changed here (a proposal accepted, a correction opened): the page reloads it. */
  onChanged: () => void;
}

/**
 * The review as the firm sees it on its return's page: the reviewers' comments with accept/reject of proposed
 * corrections, 申请更正 on an approved return, and the history of review decisions. Self-contained: it loads its
 * own data, so the return page mounts it with one line.
 */
export function FirmReviewPanel({ returnId, status, version, onChanged }: Props) {
  const translate = useTranslate();
  const user = usePortalUser();
  const [tick, setTick] = useState(0);
  const [showHistory, setShowHistory] = useState(false);
  const isFirm = user?.scopeKind === 'ENTERPRISE';
  const canRespond = isFirm && !!user?.permissions.includes('returns.edit') && status !== 'APPROVED';
  const changed = () => {
    setTick((t) => t + 1);
    onChanged();
  };
  return (
    <Card sx={{ mt: 2 }} component="section" aria-labelledby="firm-review-title">
      <CardContent>
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 1 }}>
          <Typography id="firm-review-title" variant="h6" component="h2" sx={{ flex: 1 }}>
            {translate('review.comments.title')}
          </Typography>
          {isFirm && status === 'APPROVED' && (
            <CorrectionRequestButton returnId={returnId} version={version} onDone={changed} />
          )}
        </Stack>
        {status === 'RETURNED' && isFirm && (
          <Alert severity="warning" sx={{ mb: 2 }}>
            {translate('review.comments.returned_hint')}
          </Alert>
        )}
        <ReviewComments
          returnId={returnId}
          canRespond={canRespond}
          reloadKey={`${tick}:${version}`}
          onResponded={changed}
        />
        <Button size="small" sx={{ mt: 1 }} onClick={() => setShowHistory((s) => !s)}>
          {translate(showHistory ? 'review.history.hide' : 'review.history.show')}
        </Button>
        {showHistory && <TransitionHistory returnId={returnId} reloadKey={`${tick}:${version}`} />}
      </CardContent>
    </Card>
  );
}
