import { Button, Chip } from '@mui/material';
import {
  Datagrid,
  FunctionField,
  List,
  NullableBooleanInput,
  SelectInput,
  TextField,
  useLocaleState,
  useRefresh,
  useTranslate,
} from 'react-admin';
import { NOTIFICATION_KINDS } from '@portal/shared';
import { DateTimeField } from '../../common/DateTimeField';
import { languageOf } from '../validation/cellLabels';
import { useOpenNotification, type NotificationRow } from './NotificationBell';

const KINDS = NOTIFICATION_KINDS;

/** 消息通知: the user's own notifications, newest first; opening one marks it read. */
export function NotificationList() {
  const translate = useTranslate();
  const [locale = 'zh-CN'] = useLocaleState();
  const zh = languageOf(locale) === 'zh';
  const open = useOpenNotification();
  const refresh = useRefresh();
  const filters = [
    <NullableBooleanInput key="unread" source="unread" label="review.notifications.unread_filter" alwaysOn />,
    <SelectInput
      key="kind"
      source="kind"
      label="review.notifications.kind"
      choices={KINDS.map((id) => ({ id, name: translate(`review.notifications.kinds.${id}`) }))}
      alwaysOn
    />,
  ];
  return (
    <List
      title={translate('review.notifications.title')}
      filters={filters}
      sort={{ field: 'createdAt', order: 'DESC' }}
    >
      <Datagrid bulkActionButtons={false} rowClick={false}>
        <DateTimeField source="createdAt" label="review.notifications.at" />
        <FunctionField<NotificationRow>
          source="kind"
          label="review.notifications.kind"
          render={(n) => <Chip size="small" label={translate(`review.notifications.kinds.${n.kind}`)} />}
        />
        <FunctionField<NotificationRow>
          label="review.notifications.subject"
          sortable={false}
          render={(n) => <span style={{ fontWeight: n.readAt ? undefined : 600 }}>{zh ? n.titleZh : n.titleEn}</span>}
        />
        <TextField source="body" label="review.notifications.body" sortable={false} />
        <FunctionField<NotificationRow>
          label=""
          sortable={false}
          render={(n) => (
            <Button size="small" onClick={() => void open(n, refresh)}>
              {translate(n.link ? 'review.notifications.open' : 'review.notifications.mark_read')}
            </Button>
          )}
        />
      </Datagrid>
    </List>
  );
}
