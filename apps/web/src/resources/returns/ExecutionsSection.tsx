import type { ExecutionLine } from '@portal/shared';
import AddIcon from '@mui/icons-material/Add';
import DeleteIcon from '@mui/icons-material/DeleteOutlined';
import {
  Autocomplete,
  Button,
  IconButton,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { Fragment } from 'react';
import { useLocaleState, useTranslate } from 'react-admin';
import { contractChoices, formatAmount, messageAt, newExecution, usdEquivalent } from './content';
import { currencyChoices, NumberCell, SelectCell } from './fields';
import { PathMessages } from './SectionMessages';
import { removeAt, replaceAt, type SectionProps } from './sectionProps';

/**
 * 执行情况: the amount executed this quarter per contract, picked from this return's contracts and the firm's
 * register (contracts of its earlier returns), or typed; the API says when a number is not the firm's contract.
 */
export function ExecutionsSection({
  content,
  update,
  messages,
  readOnly,
  cnyPerUsd,
  register,
}: SectionProps & { register: readonly string[] }) {
  const translate = useTranslate();
  const [locale = 'zh-CN'] = useLocaleState();
  const choices = contractChoices(content, register);
  const set = (i: number, change: Partial<ExecutionLine>) =>
    update((c) => ({ ...c, executions: replaceAt(c.executions, i, { ...c.executions[i], ...change }) }));
  const field = (key: string) => translate(`app.returns.fields.${key}`);
  const row = (key: string, i: number) => translate('app.returns.cell', { field: field(key), n: i + 1 });

  return (
    <>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {translate('app.returns.executions_hint')}
      </Typography>
      <PathMessages messages={messages} path="executions" />
      <Table size="small" aria-label={translate('app.returns.sections.executions')}>
        <TableHead>
          <TableRow>
            <TableCell>#</TableCell>
            <TableCell>{field('contractNo')}</TableCell>
            <TableCell align="right">{field('executedAmount')}</TableCell>
            <TableCell>{field('currency')}</TableCell>
            <TableCell align="right">{field('usd')}</TableCell>
            {!readOnly && <TableCell />}
          </TableRow>
        </TableHead>
        <TableBody>
          {content.executions.map((line, i) => {
            const at = (key: string) => messageAt(messages, `executions[${i}].${key}`);
            const usd = usdEquivalent(line.amount, line.currency, cnyPerUsd);
            const noMessage = at('contractNo');
            return (
              <Fragment key={i}>
                <TableRow sx={{ verticalAlign: 'top' }}>
                  <TableCell sx={{ pt: 2 }}>{i + 1}</TableCell>
                  <TableCell sx={{ minWidth: 260 }}>
                    <Autocomplete
                      freeSolo
                      autoSelect
                      readOnly={readOnly}
                      options={choices}
                      value={line.contractNo}
                      onChange={(_e, value) => set(i, { contractNo: value ?? '' })}
                      onInputChange={(_e, value, reason) => reason === 'input' && set(i, { contractNo: value })}
                      renderInput={(params) => (
                        <TextField
                          {...params}
                          size="small"
                          error={noMessage?.severity === 'error'}
                          helperText={noMessage?.message}
                          slotProps={{
                            ...params.slotProps,
                            htmlInput: { ...params.slotProps.htmlInput, 'aria-label': row('contractNo', i) },
                          }}
                        />
                      )}
                    />
                  </TableCell>
                  <TableCell>
                    <NumberCell
                      value={line.amount}
                      onChange={(amount) => set(i, { amount: amount as number })}
                      label={field('executedAmount')}
                      ariaLabel={row('executedAmount', i)}
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
                  <TableCell align="right" sx={{ pt: 2, whiteSpace: 'nowrap' }}>
                    {usd === null ? '—' : formatAmount(usd, locale)}
                  </TableCell>
                  {!readOnly && (
                    <TableCell>
                      <IconButton
                        aria-label={translate('app.returns.remove_execution', { n: i + 1 })}
                        onClick={() => update((c) => ({ ...c, executions: removeAt(c.executions, i) }))}
                      >
                        <DeleteIcon />
                      </IconButton>
                    </TableCell>
                  )}
                </TableRow>
                {messages[`executions[${i}]`] && (
                  <TableRow>
                    <TableCell colSpan={6}>
                      <PathMessages messages={messages} path={`executions[${i}]`} />
                    </TableCell>
                  </TableRow>
                )}
              </Fragment>
            );
          })}
          {content.executions.length === 0 && (
            <TableRow>
              <TableCell colSpan={6}>
                <Typography color="text.secondary">{translate('app.returns.no_lines')}</Typography>
              </TableCell>
            </TableRow>
          )}
        </TableBody>
      </Table>
      {!readOnly && (
        <Button
          startIcon={<AddIcon />}
          sx={{ mt: 1 }}
          onClick={() => update((c) => ({ ...c, executions: [...c.executions, newExecution()] }))}
        >
          {translate('app.returns.add_execution')}
        </Button>
      )}
    </>
  );
}
