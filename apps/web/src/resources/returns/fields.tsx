import { CURRENCIES, type Currency } from '@portal/shared';
import { MenuItem, TextField, type SxProps, type Theme } from '@mui/material';
import { useEffect, useState, type HTMLAttributes } from 'react';
import { typedNumber, type FieldMessage } from './content';

interface BaseProps {
  label: string;
  /** The accessible name when the visible label is a column header. */
  ariaLabel?: string;
  hideLabel?: boolean;
  message?: FieldMessage;
  readOnly?: boolean;
  sx?: SxProps<Theme>;
}

/** A message under a field: red for an error, orange for a finding to explain, plain for a note. */
function messageProps(message: FieldMessage | undefined) {
  return {
    error: message?.severity === 'error',
    color: message?.severity === 'warning' ? ('warning' as const) : undefined,
    focused: message?.severity === 'warning' ? true : undefined,
    helperText: message?.message,
  };
}

export function TextCell({
  label,
  ariaLabel,
  hideLabel,
  message,
  readOnly,
  sx,
  value,
  onChange,
  type,
}: BaseProps & { value: string; onChange: (value: string) => void; type?: 'text' | 'date' }) {
  return (
    <TextField
      size="small"
      type={type}
      label={hideLabel ? undefined : label}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      sx={sx}
      {...messageProps(message)}
      slotProps={{
        htmlInput: { 'aria-label': ariaLabel ?? label, readOnly },
        inputLabel: type === 'date' ? { shrink: true } : undefined,
      }}
    />
  );
}

/**
 * A number typed as text: the text is kept while it is typed ("12." is not yet 12); the content gets the number,
 * null for an empty field, or the text itself while it is not a number (a draft keeps it, flagged).
 */
export function NumberCell({
  label,
  ariaLabel,
  hideLabel,
  message,
  readOnly,
  sx,
  value,
  onChange,
  integer,
}: BaseProps & {
  value: number | string | null;
  onChange: (value: number | string | null) => void;
  integer?: boolean;
}) {
  const [text, setText] = useState(value === null || value === undefined ? '' : String(value));
  useEffect(() => {
    // Follow changes from outside (copy of last quarter, reload) without fighting what is being typed.
    setText((current) => (typedNumber(current) === value ? current : value === null ? '' : String(value)));
  }, [value]);
  return (
    <TextField
      size="small"
      label={hideLabel ? undefined : label}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        onChange(typedNumber(e.target.value));
      }}
      sx={sx}
      {...messageProps(message)}
      slotProps={{
        htmlInput: {
          'aria-label': ariaLabel ?? label,
          readOnly,
          inputMode: integer ? 'numeric' : 'decimal',
          style: { textAlign: 'right' },
        },
      }}
    />
  );
}

export function SelectCell<T extends string>({
  label,
  ariaLabel,
  hideLabel,
  message,
  readOnly,
  sx,
  value,
  onChange,
  choices,
}: BaseProps & { value: T; onChange: (value: T) => void; choices: { id: T; name: string }[] }) {
  return (
    <TextField
      select
      size="small"
      label={hideLabel ? undefined : label}
      value={value}
      onChange={(e) => onChange(e.target.value as T)}
      sx={sx}
      {...messageProps(message)}
      slotProps={{
        select: {
          readOnly,
          SelectDisplayProps: { 'aria-label': ariaLabel ?? label } as HTMLAttributes<HTMLDivElement>,
        },
      }}
    >
      {choices.map((c) => (
        <MenuItem key={c.id} value={c.id}>
          {c.name}
        </MenuItem>
      ))}
    </TextField>
  );
}

export const currencyChoices = CURRENCIES.map((id): { id: Currency; name: string } => ({ id, name: id }));
