import type { WorkforceSection as Workforce } from '@portal/shared';
import { Box, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { emptyWorkforce, messageAt, totalHeadcount, WORKFORCE_COUNTS, WORKFORCE_NEW } from './content';
import { NumberCell } from './fields';
import { PathMessages } from './SectionMessages';
import type { SectionProps } from './sectionProps';

/**
 * 从业人员: headcount at the end of the quarter by education (a stock) and new hires in the quarter. The section is
 * empty (null) until a figure is entered; then the headcounts start at 0 and new hires stay unanswered.
 */
export function WorkforceSection({ content, update, messages, readOnly }: SectionProps) {
  const translate = useTranslate();
  const w = content.workforce;
  const set = (key: keyof Workforce, value: number | string | null) =>
    update((c) => ({ ...c, workforce: { ...(c.workforce ?? emptyWorkforce()), [key]: value } }));
  const input = (key: keyof Workforce) => (
    <NumberCell
      key={key}
      integer
      label={translate(`app.returns.fields.${key}`)}
      value={w ? w[key] : null}
      onChange={(value) => set(key, value)}
      message={messageAt(messages, `workforce.${key}`)}
      readOnly={readOnly}
    />
  );
  const grid = { display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr 1fr', md: 'repeat(5, minmax(0, 1fr))' } };

  return (
    <>
      <PathMessages messages={messages} path="workforce" />
      <Typography variant="subtitle2" gutterBottom>
        {translate('app.returns.workforce.by_education')}
      </Typography>
      <Box sx={grid}>{WORKFORCE_COUNTS.map(input)}</Box>
      <Typography sx={{ mt: 1 }} aria-live="polite">
        {translate('app.returns.workforce.total', { total: totalHeadcount(w) })}
      </Typography>
      <Typography variant="subtitle2" sx={{ mt: 2 }} gutterBottom>
        {translate('app.returns.workforce.hires')}
      </Typography>
      <Box sx={grid}>{WORKFORCE_NEW.map(input)}</Box>
    </>
  );
}
