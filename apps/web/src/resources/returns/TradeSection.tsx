import { MAINLAND, periodBounds, type CodeItem, type Direction, type ServicesTradeLine } from '@portal/shared';
import AddIcon from '@mui/icons-material/Add';
import DeleteIcon from '@mui/icons-material/DeleteOutlined';
import {
  Button,
  IconButton,
  Table,
  TableBody,
  TableCell,
  TableFooter,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { Fragment } from 'react';
import { useLocaleState, useTranslate } from 'react-admin';
import { CodePicker } from './CodePicker';
import { formatAmount, messageAt, newTradeLine, usdEquivalent } from './content';
import { currencyChoices, NumberCell, SelectCell } from './fields';
import { PathMessages } from './SectionMessages';
import { removeAt, replaceAt, type SectionProps } from './sectionProps';

/** Provinces report the 11 categories marked provincial; government services (SL) are national only. */
const provincialCategory = (c: CodeItem) => c.attrs.provincial === true;
/** The mainland is the reporter's own economy, never a partner in services trade. */
const foreignPartner = (c: CodeItem) => c.code !== MAINLAND;

/** 服务进出口: one line per category × partner economy × direction, with the USD equivalent at the period's rate. */
export function TradeSection({ content, update, messages, readOnly, periodCode, cnyPerUsd }: SectionProps) {
  const translate = useTranslate();
  const [locale = 'zh-CN'] = useLocaleState();
  const validOn = periodBounds(periodCode).end;
  const lines = content.servicesTrade;
  const set = (i: number, change: Partial<ServicesTradeLine>) =>
    update((c) => ({ ...c, servicesTrade: replaceAt(c.servicesTrade, i, { ...c.servicesTrade[i], ...change }) }));
  const field = (key: string) => translate(`app.returns.fields.${key}`);
  const row = (key: string, i: number) => translate('app.returns.cell', { field: field(key), n: i + 1 });
  const directions = (['EXPORT', 'IMPORT'] as Direction[]).map((id) => ({
    id,
    name: translate(`app.returns.directions.${id}`),
  }));
  const total = (direction: Direction) =>
    lines
      .filter((l) => l.direction === direction)
      .reduce((sum, l) => sum + (usdEquivalent(l.amount, l.currency, cnyPerUsd) ?? 0), 0);

  return (
    <>
      <PathMessages messages={messages} path="servicesTrade" />
      <Table size="small" aria-label={translate('app.returns.sections.servicesTrade')}>
        <TableHead>
          <TableRow>
            <TableCell>#</TableCell>
            <TableCell>{field('categoryCode')}</TableCell>
            <TableCell>{field('partnerCode')}</TableCell>
            <TableCell>{field('direction')}</TableCell>
            <TableCell align="right">{field('amount')}</TableCell>
            <TableCell>{field('currency')}</TableCell>
            <TableCell align="right">{field('usd')}</TableCell>
            {!readOnly && <TableCell />}
          </TableRow>
        </TableHead>
        <TableBody>
          {lines.map((line, i) => {
            const at = (key: string) => messageAt(messages, `servicesTrade[${i}].${key}`);
            const usd = usdEquivalent(line.amount, line.currency, cnyPerUsd);
            return (
              <Fragment key={i}>
                <TableRow sx={{ verticalAlign: 'top' }}>
                  <TableCell sx={{ pt: 2 }}>{i + 1}</TableCell>
                  <TableCell sx={{ minWidth: 240 }}>
                    <CodePicker
                      list="service-categories"
                      validOn={validOn}
                      include={provincialCategory}
                      value={line.categoryCode || null}
                      onChange={(categoryCode) => set(i, { categoryCode: categoryCode ?? '' })}
                      label={field('categoryCode')}
                      ariaLabel={row('categoryCode', i)}
                      hideLabel
                      message={at('categoryCode')}
                      readOnly={readOnly}
                    />
                  </TableCell>
                  <TableCell sx={{ minWidth: 200 }}>
                    <CodePicker
                      list="partner-economies"
                      validOn={validOn}
                      include={foreignPartner}
                      value={line.partnerCode || null}
                      onChange={(partnerCode) => set(i, { partnerCode: partnerCode ?? '' })}
                      label={field('partnerCode')}
                      ariaLabel={row('partnerCode', i)}
                      hideLabel
                      message={at('partnerCode')}
                      readOnly={readOnly}
                    />
                  </TableCell>
                  <TableCell>
                    <SelectCell
                      value={line.direction}
                      choices={directions}
                      onChange={(direction) => set(i, { direction })}
                      label={field('direction')}
                      ariaLabel={row('direction', i)}
                      hideLabel
                      message={at('direction')}
                      readOnly={readOnly}
                    />
                  </TableCell>
                  <TableCell>
                    <NumberCell
                      value={line.amount}
                      onChange={(amount) => set(i, { amount: amount as number })}
                      label={field('amount')}
                      ariaLabel={row('amount', i)}
                      hideLabel
                      message={at('amount')}
                      readOnly={readOnly}
                      sx={{ width: 160 }}
                    />
                  </TableCell>
                  <TableCell>
                    <SelectCell
                      value={line.currency}
                      choices={currencyChoices}
                      onChange={(currency) => set(i, { currency })}
                      label={field('currency')}
                      ariaLabel={row('currency', i)}
                      hideLabel
                      message={at('currency')}
                      readOnly={readOnly}
                    />
                  </TableCell>
                  <TableCell align="right" sx={{ pt: 2, whiteSpace: 'nowrap' }} aria-label={row('usd', i)}>
                    {usd === null ? '—' : formatAmount(usd, locale)}
                  </TableCell>
                  {!readOnly && (
                    <TableCell>
                      <IconButton
                        aria-label={translate('app.returns.remove_line', { n: i + 1 })}
                        onClick={() => update((c) => ({ ...c, servicesTrade: removeAt(c.servicesTrade, i) }))}
                      >
                        <DeleteIcon />
                      </IconButton>
                    </TableCell>
                  )}
                </TableRow>
                {messages[`servicesTrade[${i}]`] && (
                  <TableRow>
                    <TableCell colSpan={8}>
                      <PathMessages messages={messages} path={`servicesTrade[${i}]`} />
                    </TableCell>
                  </TableRow>
                )}
              </Fragment>
            );
          })}
          {lines.length === 0 && (
            <TableRow>
              <TableCell colSpan={8}>
                <Typography color="text.secondary">{translate('app.returns.no_lines')}</Typography>
              </TableCell>
            </TableRow>
          )}
        </TableBody>
        {lines.length > 0 && (
          <TableFooter>
            <TableRow>
              <TableCell colSpan={6} align="right">
                {translate('app.returns.trade_totals', {
                  export: formatAmount(total('EXPORT'), locale),
                  import: formatAmount(total('IMPORT'), locale),
                })}
              </TableCell>
              <TableCell colSpan={2} />
            </TableRow>
          </TableFooter>
        )}
      </Table>
      {!readOnly && (
        <Button
          startIcon={<AddIcon />}
          sx={{ mt: 1 }}
          onClick={() => update((c) => ({ ...c, servicesTrade: [...c.servicesTrade, newTradeLine()] }))}
        >
          {translate('app.returns.add_trade_line')}
        </Button>
      )}
    </>
  );
}
