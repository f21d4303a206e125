import type { NotificationView } from '@portal/shared';
import NotificationsIcon from '@mui/icons-material/Notifications';
import { Badge, Divider, IconButton, ListItemText, Menu, MenuItem, Tooltip, Typography } from '@mui/material';
import { useState } from 'react';
import { useGetList, useLocaleState, useNotify, useRedirect, useTranslate } from 'react-admin';
import { usePortalUser } from '../../layout/usePortalUser';
import { usePortalDataProvider } from '../../providers/dataProvider';
import { notificationTarget } from '../review/notificationLink';
import { beijingTime } from '../../common/beijingTime';
import { languageOf } from '../validation/cellLabels';

/** GET /api/notifications rows. */
export type NotificationRow = NotificationView;

const POLL_MS = 60_000;

/** Opens a notification: marks it read and goes where it leads (a return on the review screen for reviewers). */
export function useOpenNotification() {
  const dataProvider = usePortalDataProvider();
  const redirect = useRedirect();
  const notify = useNotify();
  const user = usePortalUser();
  const reviewer = !!user?.permissions.includes('review.inbox');
  return async (n: NotificationRow, after?: () => void) => {
    try {
      if (!n.readAt) await dataProvider.markNotificationRead('notifications', { id: n.id });
    } catch (error) {
      notify(error instanceof Error ? error.message : 'ra.notification.http_error', { type: 'error' });
    }
    after?.();
    const target = notificationTarget(n.link, reviewer);
    if (target) redirect(target);
  };
}

/** The bell in the app bar: the number of unread notifications and the latest of them. */
export function NotificationBell() {
  const translate = useTranslate();
  const [locale = 'zh-CN'] = useLocaleState();
  const zh = languageOf(locale) === 'zh';
  const redirect = useRedirect();
  const open = useOpenNotification();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const {
    data = [],
    total = 0,
    refetch,
  } = useGetList<NotificationRow>(
    'notifications',
    { pagination: { page: 1, perPage: 8 }, sort: { field: 'createdAt', order: 'DESC' }, filter: { unread: true } },
    { refetchInterval: POLL_MS },
  );
  const close = () => setAnchor(null);
  const label = translate('review.notifications.unread', { smart_count: total });
  return (
    <>
      <Tooltip title={label}>
        <IconButton color="inherit" aria-label={label} onClick={(e) => setAnchor(e.currentTarget)}>
          <Badge badgeContent={total} color="error" max={99}>
            <NotificationsIcon />
          </Badge>
        </IconButton>
      </Tooltip>
      <Menu anchorEl={anchor} open={anchor !== null} onClose={close} slotProps={{ paper: { sx: { maxWidth: 420 } } }}>
        {data.length === 0 && (
          <MenuItem disabled>
            <Typography variant="body2">{translate('review.notifications.none_unread')}</Typography>
          </MenuItem>
        )}
        {data.map((n) => (
          <MenuItem
            key={n.id}
            onClick={() =>
              void open(n, () => {
                close();
                void refetch();
              })
            }
            sx={{ whiteSpace: 'normal' }}
          >
            <ListItemText
              primary={zh ? n.titleZh : n.titleEn}
              secondary={`${beijingTime(n.createdAt)} ${translate('deadlines.beijing')} · ${translate(`review.notifications.kinds.${n.kind}`)}`}
            />
          </MenuItem>
        ))}
        <Divider />
        <MenuItem
          onClick={() => {
            close();
            redirect('/notifications');
          }}
        >
          {translate('review.notifications.all')}
        </MenuItem>
      </Menu>
    </>
  );
}
