import { periodBounds, type CodeItem, type ContractLine } from '@portal/shared';
import AddIcon from '@mui/icons-material/Add';
import DeleteIcon from '@mui/icons-material/DeleteOutlined';
import { Box, Button, Chip, IconButton, Paper, Stack, Tooltip, Typography } from '@mui/material';
import { useLocaleState, useTranslate } from 'react-admin';
import { CodePicker } from './CodePicker';
import { formatAmount, messageAt, newContract, usdEquivalent, withClientEconomy } from './content';
import { currencyChoices, NumberCell, SelectCell, TextCell } from './fields';
import { PathMessages } from './SectionMessages';
import { removeAt, replaceAt, type SectionProps } from './sectionProps';

/** Contracts are classified at the third level of the outsourcing categories (ITO-RD-01 …). */
const levelThree = (c: CodeItem) => c.level === 3;

/**
 * 承接服务外包合同: contracts signed in this quarter, one card each. 离岸/在岸 is not chosen but follows the client
 * economy (outside the mainland, Hong Kong, Macao and Taiwan included, is offshore) and is shown.
 */
export function ContractsSection({ content, update, messages, readOnly, periodCode, cnyPerUsd }: SectionProps) {
  const translate = useTranslate();
  const [locale = 'zh-CN'] = useLocaleState();
  const { start, end } = periodBounds(periodCode);
  const set = (i: number, line: ContractLine) => update((c) => ({ ...c, contracts: replaceAt(c.contracts, i, line) }));
  const field = (key: string) => translate(`app.returns.fields.${key}`);
  const cell = (key: string, i: number) => translate('app.returns.contract_cell', { field: field(key), n: i + 1 });

  return (
    <>
      <PathMessages messages={messages} path="contracts" />
      {content.contracts.length === 0 && (
        <Typography color="text.secondary">{translate('app.returns.no_contracts')}</Typography>
      )}
      <Stack spacing={2}>
        {content.contracts.map((line, i) => {
          const at = (key: string) => messageAt(messages, `contracts[${i}].${key}`);
          const usd = usdEquivalent(line.amount, line.currency, cnyPerUsd);
          const offshoreMessage = at('offshore');
          return (
            <Paper
              key={i}
              variant="outlined"
              sx={{ p: 2 }}
              role="group"
              aria-label={translate('app.returns.contract', { n: i + 1 })}
            >
              <Stack direction="row" sx={{ alignItems: 'center', mb: 1.5 }}>
                <Typography variant="subtitle2" sx={{ flex: 1 }}>
                  {translate('app.returns.contract', { n: i + 1 })}
                </Typography>
                <Tooltip title={translate('app.returns.offshore_hint')}>
                  <Chip
                    size="small"
                    color={line.offshore ? 'primary' : 'default'}
                    label={translate(line.offshore ? 'app.returns.offshore' : 'app.returns.onshore')}
                    aria-label={`${field('offshore')}: ${translate(line.offshore ? 'app.returns.offshore' : 'app.returns.onshore')}`}
                  />
                </Tooltip>
                {!readOnly && (
                  <IconButton
                    aria-label={translate('app.returns.remove_contract', { n: i + 1 })}
                    onClick={() => update((c) => ({ ...c, contracts: removeAt(c.contracts, i) }))}
                  >
                    <DeleteIcon />
                  </IconButton>
                )}
              </Stack>
              <Box
                sx={{
                  display: 'grid',
                  gap: 2,
                  gridTemplateColumns: { xs: '1fr', md: 'repeat(3, minmax(0, 1fr))' },
                  alignItems: 'start',
                }}
              >
                <TextCell
                  label={field('contractNo')}
                  ariaLabel={cell('contractNo', i)}
                  value={line.contractNo}
                  onChange={(contractNo) => set(i, { ...line, contractNo })}
                  message={at('contractNo')}
                  readOnly={readOnly}
                />
                <TextCell
                  type="date"
                  label={field('signedDate')}
                  ariaLabel={cell('signedDate', i)}
                  value={line.signedDate}
                  onChange={(signedDate) => set(i, { ...line, signedDate })}
                  message={at('signedDate') ?? { severity: 'info', message: `${start} ~ ${end}` }}
                  readOnly={readOnly}
                />
                <TextCell
                  label={field('clientName')}
                  ariaLabel={cell('clientName', i)}
                  value={line.clientName}
                  onChange={(clientName) => set(i, { ...line, clientName })}
                  message={at('clientName')}
                  readOnly={readOnly}
                />
                <CodePicker
                  list="partner-economies"
                  validOn={end}
                  value={line.clientPartnerCode || null}
                  onChange={(code) => set(i, withClientEconomy(line, code ?? ''))}
                  label={field('clientPartnerCode')}
                  ariaLabel={cell('clientPartnerCode', i)}
                  message={at('clientPartnerCode') ?? offshoreMessage}
                  readOnly={readOnly}
                />
                <CodePicker
                  list="industries"
                  validOn={end}
                  value={line.clientIndustryCode}
                  onChange={(clientIndustryCode) => set(i, { ...line, clientIndustryCode })}
                  label={field('clientIndustryCode')}
                  ariaLabel={cell('clientIndustryCode', i)}
                  message={at('clientIndustryCode')}
                  readOnly={readOnly}
                />
                <CodePicker
                  list="outsourcing-categories"
                  validOn={end}
                  include={levelThree}
                  value={line.businessCode || null}
                  onChange={(businessCode) => set(i, { ...line, businessCode: businessCode ?? '' })}
                  label={field('businessCode')}
                  ariaLabel={cell('businessCode', i)}
                  message={at('businessCode')}
                  readOnly={readOnly}
                />
                <NumberCell
                  label={field('contractAmount')}
                  ariaLabel={cell('contractAmount', i)}
                  value={line.amount}
                  onChange={(amount) => set(i, { ...line, amount: amount as number })}
                  message={
                    at('amount') ??
                    (usd === null
                      ? undefined
                      : { severity: 'info', message: `${field('usd')} ${formatAmount(usd, locale)}` })
                  }
                  readOnly={readOnly}
                />
                <SelectCell
                  label={field('currency')}
                  ariaLabel={cell('currency', i)}
                  value={line.currency}
                  choices={currencyChoices}
                  onChange={(currency) => set(i, { ...line, currency })}
                  message={at('currency')}
                  readOnly={readOnly}
                />
              </Box>
              <PathMessages messages={messages} path={`contracts[${i}]`} />
            </Paper>
          );
        })}
      </Stack>
      {!readOnly && (
        <Button
          startIcon={<AddIcon />}
          sx={{ mt: 1 }}
          onClick={() => update((c) => ({ ...c, contracts: [...c.contracts, newContract(start)] }))}
        >
          {translate('app.returns.add_contract')}
        </Button>
      )}
    </>
  );
}
