import BlockIcon from '@mui/icons-material/Block';
import type { CodeItem } from '@portal/shared';
import { useDataProvider, useRecordContext, useRedirect, useResourceContext, useTranslate } from 'react-admin';
import { isCodeList, type PortalDataProvider } from '../../providers/dataProvider';
import { DatedEndButton } from './DatedEndButton';

/** Retiring ends the code's validity from a chosen date; the row stays so older periods keep resolving it. */
export function RetireButton() {
  const record = useRecordContext<CodeItem>();
  const resource = useResourceContext();
  const dataProvider = useDataProvider<PortalDataProvider>();
  const redirect = useRedirect();
  const translate = useTranslate();

  if (!record || record.validTo !== null || !resource || !isCodeList(resource)) return null;

  return (
    <DatedEndButton
      label="app.codes.retire"
      icon={<BlockIcon />}
      title={translate('app.codes.retire_title', { code: record.code })}
      hint="app.codes.retire_hint"
      dateLabel={translate(`resources.${resource}.fields.validFrom`)}
      done="app.codes.retired"
      end={(validFrom) => dataProvider.retireCode(resource, { id: record.id, validFrom })}
      then={() => redirect('list', resource)}
    />
  );
}
