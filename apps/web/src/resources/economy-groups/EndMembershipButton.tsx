import EventBusyIcon from '@mui/icons-material/EventBusy';
import type { EconomyGroupMember } from '@portal/shared';
import { useRecordContext, useRefresh, useResourceContext, useTranslate } from 'react-admin';
import { usePortalDataProvider } from '../../providers/dataProvider';
import { DatedEndButton } from '../codes/DatedEndButton';

/** Ends an open membership from a chosen date; earlier periods keep it (the API's DELETE needs that date). */
export function EndMembershipButton() {
  const record = useRecordContext<EconomyGroupMember>();
  const resource = useResourceContext();
  const dataProvider = usePortalDataProvider();
  const refresh = useRefresh();
  const translate = useTranslate();

  if (!record || record.validTo !== null || !resource) return null;

  return (
    <DatedEndButton
      label="app.economy_groups.end"
      icon={<EventBusyIcon />}
      title={translate('app.economy_groups.end_title', { member: record.member, group: record.groupCode })}
      hint="app.economy_groups.end_hint"
      dateLabel={translate(`resources.${resource}.fields.validTo`)}
      done="app.economy_groups.ended"
      end={(validFrom) => dataProvider.endMembership(resource, { id: record.id, validFrom })}
      then={refresh}
    />
  );
}
