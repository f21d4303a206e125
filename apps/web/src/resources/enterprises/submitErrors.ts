import { useCallback } from 'react';
import { HttpError, useLocaleState, useNotify } from 'react-admin';
import { apiFieldErrors } from './payloads';

type FieldErrorOptions = Parameters<typeof apiFieldErrors>[2];

/**
 * What a form's submit answers when the API refuses it: the messages next to their fields, in the user's
 * language, or, when the error concerns no field, a notification and undefined (see apiFieldErrors).
 */
export function useSubmitErrors(): (error: unknown, options: FieldErrorOptions) => Record<string, string> | undefined {
  const notify = useNotify();
  const [locale = 'zh-CN'] = useLocaleState();
  return useCallback(
    (error, options) => {
      const body = error instanceof HttpError ? error.body : undefined;
      const errors = apiFieldErrors(body, locale, options);
      if (errors) return errors;
      notify(error instanceof Error ? error.message : 'ra.notification.http_error', { type: 'error' });
      return undefined;
    },
    [notify, locale],
  );
}
