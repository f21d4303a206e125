import { DateField, useLocaleState, type DateFieldProps } from 'react-admin';

/** A timestamp in the language on screen (2026/11/22 09:05 in Chinese), not in the browser's own locale. */
export function DateTimeField(props: DateFieldProps) {
  const [locale] = useLocaleState();
  return <DateField showTime locales={locale} {...props} />;
}
