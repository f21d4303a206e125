import type { CodeItem, CodeListName } from '@portal/shared';
import { Autocomplete, TextField, type SxProps, type Theme } from '@mui/material';
import { useMemo } from 'react';
import { useGetList, useLocaleState, useTranslate } from 'react-admin';
import type { FieldMessage } from './content';

const ONE_HOUR = 3600_000;

/**
 * A code list as the firm's form uses it, loaded once per list and date and cached: the lists are short (the
 * longest, partner economies, has about 250 codes), so searching by code or name happens in the browser.
 */
export function useCodeList(list: CodeListName, validOn?: string): CodeItem[] {
  const { data } = useGetList<CodeItem>(
    list,
    {
      pagination: { page: 1, perPage: 1000 },
      sort: { field: 'sortOrder', order: 'ASC' },
      filter: validOn ? { validOn } : {},
    },
    { staleTime: ONE_HOUR },
  );
  return data ?? [];
}

export function codeName(item: Pick<CodeItem, 'nameZh' | 'nameEn'>, locale: string): string {
  return locale.startsWith('zh') ? item.nameZh : (item.nameEn ?? item.nameZh);
}

/** `SI 电信、计算机和信息服务`: the code first, as on the paper form, then the name in the language on screen. */
export function codeLabel(items: readonly CodeItem[], code: string | null, locale: string): string {
  if (!code) return '';
  const item = items.find((c) => c.code === code);
  return item ? `${item.code} ${codeName(item, locale)}` : code;
}

/** Matches a search against the code and both names, so 美国, United and US all find US. */
export function matchesCode(item: Pick<CodeItem, 'code' | 'nameZh' | 'nameEn'>, search: string): boolean {
  const q = search.trim().toLowerCase();
  if (!q) return true;
  return [item.code, item.nameZh, item.nameEn ?? ''].some((s) => s.toLowerCase().includes(q));
}

/**
 * The matching codes, best first: the code itself, then an exact name (美国 finds US before UM 美国本土外小岛屿), a
 * name that starts with the search, a code that does, then any other match; ties keep the list's order.
 */
export function rankCodes<T extends Pick<CodeItem, 'code' | 'nameZh' | 'nameEn'>>(
  items: readonly T[],
  search: string,
): T[] {
  const q = search.trim().toLowerCase();
  if (!q) return [...items];
  const score = (item: T) => {
    const names = [item.nameZh, item.nameEn ?? ''].map((n) => n.toLowerCase());
    const code = item.code.toLowerCase();
    if (code === q) return 0;
    if (names.includes(q)) return 1;
    if (names.some((n) => n.startsWith(q))) return 2;
    if (code.startsWith(q)) return 3;
    return 4;
  };
  return items
    .filter((item) => matchesCode(item, q))
    .map((item, i) => ({ item, i, s: score(item) }))
    .sort((a, b) => a.s - b.s || a.i - b.i)
    .map((x) => x.item);
}

interface CodePickerProps {
  list: CodeListName;
  value: string | null;
  onChange: (code: string | null) => void;
  label: string;
  /** The accessible name when the label is a column header (`服务类别 第 2 行`). */
  ariaLabel?: string;
  validOn?: string;
  /** Restricts the choices (provincial service categories, level-3 outsourcing codes, no mainland partner). */
  include?: (item: CodeItem) => boolean;
  message?: FieldMessage;
  readOnly?: boolean;
  hideLabel?: boolean;
  sx?: SxProps<Theme>;
}

export function CodePicker({
  list,
  value,
  onChange,
  label,
  ariaLabel,
  validOn,
  include,
  message,
  readOnly,
  hideLabel,
  sx,
}: CodePickerProps) {
  const [locale = 'zh-CN'] = useLocaleState();
  const translate = useTranslate();
  const all = useCodeList(list, validOn);
  const options = useMemo(() => (include ? all.filter(include) : all), [all, include]);
  const selected = useMemo(() => {
    if (!value) return null;
    // A code not (or no longer) in the list stays visible, so the API's message about it makes sense.
    return all.find((c) => c.code === value) ?? ({ id: -1, code: value, nameZh: value, nameEn: value } as CodeItem);
  }, [all, value]);

  return (
    <Autocomplete
      options={options}
      value={selected}
      readOnly={readOnly}
      autoHighlight
      onChange={(_e, item) => onChange(item?.code ?? null)}
      isOptionEqualToValue={(a, b) => a.code === b.code}
      getOptionLabel={(item) => (item.id === -1 ? item.code : `${item.code} ${codeName(item, locale)}`)}
      filterOptions={(items, state) => rankCodes(items, state.inputValue)}
      noOptionsText={translate('app.codes.no_options')}
      renderOption={(props, item) => {
        const { key, ...rest } = props;
        return (
          <li key={key} {...rest}>
            <b style={{ minWidth: '4.5em', display: 'inline-block' }}>{item.code}</b>
            {codeName(item, locale)}
          </li>
        );
      }}
      sx={sx}
      renderInput={(params) => (
        <TextField
          {...params}
          size="small"
          label={hideLabel ? undefined : label}
          error={message?.severity === 'error'}
          color={message?.severity === 'warning' ? 'warning' : undefined}
          focused={message?.severity === 'warning' ? true : undefined}
          helperText={message?.message}
          slotProps={{
            ...params.slotProps,
            htmlInput: { ...params.slotProps.htmlInput, 'aria-label': ariaLabel ?? label },
          }}
        />
      )}
    />
  );
}
