import { DateField, useLocaleState, useTranslate, type DateFieldProps } from 'react-admin';

/** Beijing time: the statistical system's clock, whatever the browser's own zone. */
export const BEIJING_TIME_ZONE = 'Asia/Shanghai';

/**
 * A timestamp in the language on screen (2026/11/22 09:05 in Chinese), not in the browser's own locale, and in
 * Beijing time (labelled on hover), as receipts and comments are.
 */
export function DateTimeField(props: DateFieldProps) {
  const [locale] = useLocaleState();
  const translate = useTranslate();
  return (
    <DateField
      showTime
      locales={locale}
      title={translate('deadlines.beijing')}
      {...props}
      options={{ timeZone: BEIJING_TIME_ZONE, ...props.options }}
    />
  );
}
