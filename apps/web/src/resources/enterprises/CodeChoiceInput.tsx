import type { CodeItem } from '@portal/shared';
import { useMemo } from 'react';
import { AutocompleteInput, useLocaleState, type Validator } from 'react-admin';
import { matchCodeChoice, toCodeChoices } from './codeChoices';

interface Props {
  source: string;
  label: string;
  items: readonly Pick<CodeItem, 'code' | 'nameZh' | 'nameEn'>[];
  validate?: Validator | Validator[];
  helperText?: string | false;
  onChange?: (code: string | null) => void;
  disabled?: boolean;
}

/**
 * A code of a list as a form input: the code first, as on the paper form, then its name in the language on screen,
 * searchable by either (the matching of the return's CodePicker). Server errors set on the field show under it.
 */
export function CodeChoiceInput({ source, label, items, validate, helperText, onChange, disabled }: Props) {
  const [locale = 'zh-CN'] = useLocaleState();
  const choices = useMemo(() => toCodeChoices(items, locale), [items, locale]);
  return (
    <AutocompleteInput
      source={source}
      label={label}
      choices={choices}
      translateChoice={false}
      matchSuggestion={matchCodeChoice}
      validate={validate}
      helperText={helperText}
      onChange={onChange ? (value: string | null) => onChange(value || null) : undefined}
      disabled={disabled}
      fullWidth
      sx={{ maxWidth: 560 }}
    />
  );
}
