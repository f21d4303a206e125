import NotificationsIcon from '@mui/icons-material/Notifications';
import { NotificationList } from './NotificationList';

export { NotificationBell } from './NotificationBell';

/** Every user's own notifications (催报, returned returns, overdue reviews). */
export const notificationResource = { list: NotificationList, icon: NotificationsIcon };
