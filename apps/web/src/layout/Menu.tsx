import AccountTreeIcon from '@mui/icons-material/AccountTree';
import AssignmentIcon from '@mui/icons-material/Assignment';
import BusinessIcon from '@mui/icons-material/Business';
import DashboardIcon from '@mui/icons-material/Dashboard';
import EventIcon from '@mui/icons-material/Event';
import EventBusyIcon from '@mui/icons-material/EventBusy';
import FactCheckIcon from '@mui/icons-material/FactCheck';
import HistoryEduIcon from '@mui/icons-material/HistoryEdu';
import OpenInNewIcon from '@mui/icons-material/OpenInNew';
import PeopleIcon from '@mui/icons-material/People';
import RuleIcon from '@mui/icons-material/Rule';
import TableChartIcon from '@mui/icons-material/TableChart';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import ViewListIcon from '@mui/icons-material/ViewList';
import { ListItemIcon, ListSubheader, MenuItem } from '@mui/material';
import { Fragment, type ReactElement } from 'react';
import { Menu as RaMenu, useSidebarState, useTranslate } from 'react-admin';
import { isSection, menuEntries, type MenuIcon, type MenuLink } from './menuItems';
import { usePortalUser } from './usePortalUser';

const ICONS: Record<MenuIcon, ReactElement> = {
  dashboard: <DashboardIcon />,
  enterprise: <BusinessIcon />,
  returns: <AssignmentIcon />,
  imports: <UploadFileIcon />,
  periods: <EventIcon />,
  review: <FactCheckIcon />,
  overdue: <EventBusyIcon />,
  rules: <RuleIcon />,
  tables: <TableChartIcon />,
  codes: <ViewListIcon />,
  users: <PeopleIcon />,
  audit: <HistoryEduIcon />,
  queues: <AccountTreeIcon />,
};

export function Menu() {
  const user = usePortalUser();
  const translate = useTranslate();
  const [sidebarOpen] = useSidebarState();
  const entries = user ? menuEntries(user) : [];

  const link = (item: MenuLink) => {
    const label = translate(item.labelKey, { smart_count: 2 });
    if (item.external) {
      return (
        <MenuItem
          key={item.id}
          component="a"
          href={item.to}
          target="_blank"
          rel="noopener noreferrer"
          // Same look as react-admin's own menu items next to it.
          sx={{ color: 'text.secondary' }}
        >
          <ListItemIcon sx={{ minWidth: (t) => t.spacing(5) }}>{ICONS[item.icon]}</ListItemIcon>
          {label}
          {sidebarOpen && <OpenInNewIcon fontSize="inherit" sx={{ ml: 1, color: 'text.secondary' }} />}
        </MenuItem>
      );
    }
    return <RaMenu.Item key={item.id} to={item.to} primaryText={label} leftIcon={ICONS[item.icon]} />;
  };

  return (
    <RaMenu aria-label={translate('app.menu.label')}>
      {entries.map((entry) =>
        isSection(entry) ? (
          <Fragment key={entry.id}>
            {sidebarOpen && (
              <ListSubheader disableSticky sx={{ lineHeight: 2.5, bgcolor: 'transparent' }}>
                {translate(entry.labelKey)}
              </ListSubheader>
            )}
            {entry.items.map(link)}
          </Fragment>
        ) : (
          link(entry)
        ),
      )}
    </RaMenu>
  );
}
