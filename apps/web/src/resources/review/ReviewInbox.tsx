import { IN_REVIEW, type BulkApproveResult } from '@portal/shared';
import { ContractInboxPanel } from '../technology-contracts/ContractInboxPanel';
import {
  Alert,
  Button,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  List as MuiList,
  ListItem,
  ListItemText,
  ToggleButton,
  ToggleButtonGroup,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import {
  Datagrid,
  FilterButton,
  FunctionField,
  List,
  NullableBooleanInput,
  NumberField,
  SearchInput,
  SelectInput,
  TextField,
  TextInput,
  TopToolbar,
  useListContext,
  useLocaleState,
  useNotify,
  useRefresh,
  useTranslate,
  useUnselectAll,
} from 'react-admin';
import { DateTimeField } from '../../common/DateTimeField';
import { useRegionNames } from '../codes/useRegionNames';
import type { InboxRow } from '@portal/shared';
import { usePortalDataProvider } from '../../providers/dataProvider';
import { ReturnStatusField } from '../returns/ReturnStatusField';
import { languageOf } from '../validation/cellLabels';
import { formatMateriality, inboxSort, inboxSortKey, INBOX_SORT_KEYS, type InboxSortKey } from './inboxSort';

const RESOURCE = 'review/inbox';

function SortPresets() {
  const translate = useTranslate();
  const { sort, setSort } = useListContext();
  return (
    <ToggleButtonGroup
      size="small"
      exclusive
      value={inboxSortKey(sort)}
      onChange={(_e, key: InboxSortKey | null) => key && setSort(inboxSort(key))}
      aria-label={translate('review.inbox.sort_by')}
    >
      {INBOX_SORT_KEYS.map((key) => (
        <ToggleButton key={key} value={key}>
          {translate(`review.inbox.sorts.${key}`)}
        </ToggleButton>
      ))}
    </ToggleButtonGroup>
  );
}

/** 批量审核通过: approves the selected immaterial returns without open findings; the result says what happened to each. */
function BulkApproveButton() {
  const translate = useTranslate();
  const [locale = 'zh-CN'] = useLocaleState();
  const { selectedIds, data = [] } = useListContext<InboxRow>();
  const dataProvider = usePortalDataProvider();
  const notify = useNotify();
  const refresh = useRefresh();
  const unselectAll = useUnselectAll(RESOURCE);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<BulkApproveResult | null>(null);
  const names = new Map(data.map((r) => [r.id, `${r.enterpriseName} ${r.periodCode}`]));
  const name = (id: string) => names.get(id) ?? id;

  const run = async () => {
    setBusy(true);
    try {
      const ids = selectedIds.map(String);
      const versions = Object.fromEntries(data.filter((r) => ids.includes(r.id)).map((r) => [r.id, r.version]));
      const { data: out } = await dataProvider.bulkApprove(RESOURCE, { ids, versions });
      setResult(out);
      unselectAll();
      refresh();
    } catch (error) {
      notify(error instanceof Error ? error.message : 'ra.notification.http_error', { type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button variant="contained" color="success" size="small" disabled={busy} onClick={() => void run()}>
        {translate('review.inbox.bulk_approve')}
      </Button>
      {result && (
        <Dialog open onClose={() => setResult(null)} fullWidth maxWidth="sm" aria-labelledby="bulk-title">
          <DialogTitle id="bulk-title">{translate('review.inbox.bulk_result')}</DialogTitle>
          <DialogContent>
            <Alert severity="success">
              {translate('review.inbox.bulk_approved', { smart_count: result.approved.length })}
            </Alert>
            <MuiList dense>
              {result.approved.map((id) => (
                <ListItem key={id}>
                  <ListItemText primary={name(id)} />
                </ListItem>
              ))}
            </MuiList>
            <Alert severity="info">
              {translate('review.inbox.bulk_held', { smart_count: result.heldBack.length })}
            </Alert>
            <MuiList dense>
              {result.heldBack.map((id) => (
                <ListItem key={id}>
                  <ListItemText primary={name(id)} secondary={translate('review.inbox.held_reason')} />
                </ListItem>
              ))}
            </MuiList>
            <Alert severity="warning">
              {translate('review.inbox.bulk_refused', { smart_count: result.refused.length })}
            </Alert>
            <MuiList dense>
              {result.refused.map((r) => (
                <ListItem key={r.id}>
                  {/* The reason names the firm and the period itself (a return not in the list has no name here). */}
                  <ListItemText primary={languageOf(locale) === 'zh' ? r.message_zh : r.message_en} />
                </ListItem>
              ))}
            </MuiList>
          </DialogContent>
          <DialogActions>
            <Button onClick={() => setResult(null)}>{translate('ra.action.close')}</Button>
          </DialogActions>
        </Dialog>
      )}
    </>
  );
}

/**
 * 审核工作台: the returns waiting for the caller's level in its territory, most material first, with filters,
 * the order presets a reviewer works by, and bulk approval of immaterial returns.
 */
export function ReviewInbox() {
  const translate = useTranslate();
  const regionNames = useRegionNames();
  const statuses = [...IN_REVIEW.MUNICIPAL, ...IN_REVIEW.PROVINCIAL].map((id) => ({
    id,
    name: translate(`app.return_status.${id}`),
  }));
  const filters = [
    <SearchInput key="q" source="q" alwaysOn placeholder={translate('review.inbox.search')} />,
    <TextInput key="periodCode" source="periodCode" label="review.inbox.fields.periodCode" alwaysOn />,
    <SelectInput key="status" source="status" label="review.inbox.fields.status" choices={statuses} />,
    <TextInput key="reviewUnitCode" source="reviewUnitCode" label="review.inbox.fields.reviewUnitCode" />,
    <NullableBooleanInput key="late" source="late" label="review.inbox.fields.late" />,
    <NullableBooleanInput key="hasExplained" source="hasExplained" label="review.inbox.fields.hasExplained" />,
    <NullableBooleanInput key="overSla" source="overSla" label="review.inbox.fields.overSla" />,
  ];
  return (
    <>
      <List
        resource={RESOURCE}
        title={translate('review.inbox.title')}
        sort={inboxSort('materiality')}
        filters={filters}
        perPage={25}
        actions={
          <TopToolbar sx={{ alignItems: 'center' }}>
            <SortPresets />
            <FilterButton />
          </TopToolbar>
        }
        empty={<Typography sx={{ p: 2 }}>{translate('review.inbox.empty')}</Typography>}
      >
        <Datagrid
          rowClick="show"
          bulkActionButtons={<BulkApproveButton />}
          aria-label={translate('review.inbox.title')}
        >
          <TextField source="enterpriseName" label="review.inbox.fields.enterpriseName" />
          <FunctionField<InboxRow>
            source="reviewUnitName"
            label="review.inbox.fields.reviewUnitName"
            sortable={false}
            render={(r) => regionNames.get(r.reviewUnitCode) ?? r.reviewUnitName ?? '—'}
          />
          <TextField source="periodCode" label="review.inbox.fields.periodCode" />
          <ReturnStatusField source="status" label="review.inbox.fields.status" sortable={false} />
          <DateTimeField source="submittedAt" label="review.inbox.fields.submittedAt" />
          <TextField source="dueDate" label="review.inbox.fields.dueDate" />
          <FunctionField<InboxRow>
            source="ageDays"
            label="review.inbox.fields.ageDays"
            sortable={false}
            render={(r) => (
              <>
                {translate('review.inbox.days', { smart_count: r.ageDays })}
                {r.overSla && (
                  <Chip size="small" color="error" label={translate('review.inbox.over_sla')} sx={{ ml: 1 }} />
                )}
              </>
            )}
          />
          <FunctionField<InboxRow>
            source="late"
            label="review.inbox.fields.late"
            sortable={false}
            render={(r) =>
              r.late ? (
                <Chip size="small" color="error" variant="outlined" label={translate('review.inbox.late')} />
              ) : (
                ''
              )
            }
          />
          <NumberField source="openFindings" label="review.inbox.fields.openFindings" sortBy="findings" />
          <NumberField source="explainedFindings" label="review.inbox.fields.explainedFindings" sortable={false} />
          <FunctionField<InboxRow>
            source="materiality"
            label="review.inbox.fields.materiality"
            render={(r) => formatMateriality(r.materiality)}
          />
        </Datagrid>
      </List>
      <ContractInboxPanel />
    </>
  );
}
