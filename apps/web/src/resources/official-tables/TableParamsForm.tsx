import { Stack, TextField } from '@mui/material';
import type { ChangeEvent, ReactNode } from 'react';
import { useTranslate } from 'react-admin';
import {
  CURRENCIES,
  formatPeriodParam,
  parsePeriodParam,
  PERIOD_KINDS,
  withKind,
  YTD_ENDS,
  type Currency,
  type PeriodChoice,
  type PeriodKind,
  type TableParams,
  type TerritoryOption,
} from './params';

export type TableParamsValue = TableParams & { top?: number };

interface Props {
  value: TableParamsValue;
  onChange: (next: TableParamsValue) => void;
  years: readonly number[];
  territories: readonly TerritoryOption[];
  /** Ranked tables: the number of ranked rows (the table's default when empty). */
  top?: { default: number };
  /** Fewer controls (the dashboard reads years only). */
  yearOnly?: boolean;
  hideCurrency?: boolean;
}

/** A native select (keyboard- and test-friendly) in the MUI look. */
function Select(props: {
  label: string;
  name: string;
  value: string | number;
  onChange: (value: string) => void;
  children: ReactNode;
  minWidth?: number;
}) {
  return (
    <TextField
      select
      size="small"
      fullWidth={false}
      margin="none"
      label={props.label}
      name={props.name}
      value={props.value}
      onChange={(e: ChangeEvent<HTMLInputElement>) => props.onChange(e.target.value)}
      slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
      sx={{ minWidth: props.minWidth ?? 120 }}
    >
      {props.children}
    </TextField>
  );
}

/**
 * The parameters of an official table: the period as a year, a quarter or quarters to date; a territory the user
 * may read (indented as a tree); the currency; and for ranked tables the number of rows.
 */
export function TableParamsForm({ value, onChange, years, territories, top, yearOnly, hideCurrency }: Props) {
  const translate = useTranslate();
  const choice: PeriodChoice = parsePeriodParam(value.period) ?? {
    kind: 'year',
    year: Number(value.period.slice(0, 4)) || years[0] || new Date().getFullYear() - 1,
    quarter: 4,
  };
  const setChoice = (next: PeriodChoice) => onChange({ ...value, period: formatPeriodParam(next) });
  const yearChoices = years.includes(choice.year) ? years : [choice.year, ...years];
  const quarterChoices: readonly number[] = choice.kind === 'ytd' ? YTD_ENDS : [1, 2, 3, 4];

  return (
    <Stack
      direction="row"
      spacing={2}
      useFlexGap
      sx={{ flexWrap: 'wrap', alignItems: 'center' }}
      role="group"
      aria-label={translate('tables.params.label')}
    >
      {!yearOnly && (
        <Select
          label={translate('tables.params.period_kind')}
          name="periodKind"
          value={choice.kind}
          onChange={(kind) => setChoice(withKind(choice, kind as PeriodKind))}
        >
          {PERIOD_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {translate(`tables.params.kinds.${kind}`)}
            </option>
          ))}
        </Select>
      )}
      <Select
        label={translate('tables.params.year')}
        name="year"
        value={choice.year}
        minWidth={100}
        onChange={(year) => setChoice({ ...choice, year: Number(year) })}
      >
        {yearChoices.map((year) => (
          <option key={year} value={year}>
            {year}
          </option>
        ))}
      </Select>
      {!yearOnly && choice.kind !== 'year' && (
        <Select
          label={translate(choice.kind === 'ytd' ? 'tables.params.ytd_end' : 'tables.params.quarter')}
          name="quarter"
          value={choice.quarter}
          onChange={(quarter) => setChoice({ ...choice, quarter: Number(quarter) })}
        >
          {quarterChoices.map((quarter) => (
            <option key={quarter} value={quarter}>
              {translate(choice.kind === 'ytd' ? 'tables.params.ytd_n' : 'tables.params.quarter_n', { quarter })}
            </option>
          ))}
        </Select>
      )}
      {territories.length > 0 && (
        <Select
          label={translate('tables.params.territory')}
          name="territory"
          value={value.territory}
          minWidth={180}
          onChange={(territory) => onChange({ ...value, territory })}
        >
          {territories.map((t) => (
            <option key={t.code} value={t.code}>
              {`${'\u3000'.repeat(t.depth)}${t.name}`}
            </option>
          ))}
        </Select>
      )}
      {!hideCurrency && (
        <Select
          label={translate('tables.params.currency')}
          name="currency"
          value={value.currency}
          minWidth={160}
          onChange={(currency) => onChange({ ...value, currency: currency as Currency })}
        >
          {CURRENCIES.map((c) => (
            <option key={c} value={c}>
              {translate(`tables.params.currencies.${c}`)}
            </option>
          ))}
        </Select>
      )}
      {top && (
        <TextField
          size="small"
          fullWidth={false}
          margin="none"
          type="number"
          name="top"
          label={translate('tables.params.top')}
          value={value.top ?? top.default}
          onChange={(e) => {
            const n = Number(e.target.value);
            if (Number.isInteger(n) && n >= 1 && n <= 100) onChange({ ...value, top: n });
          }}
          slotProps={{ htmlInput: { min: 1, max: 100 }, inputLabel: { shrink: true } }}
          sx={{ width: 110 }}
        />
      )}
    </Stack>
  );
}
