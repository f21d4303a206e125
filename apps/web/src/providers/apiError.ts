import type { ApiErrorBody } from '@portal/shared';

export function isApiErrorBody(body: unknown): body is ApiErrorBody {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as ApiErrorBody).message_zh === 'string' &&
    typeof (body as ApiErrorBody).message_en === 'string'
  );
}

/**
 * The API sends every error in both languages; pick the one the user reads. Anything else (a proxy page, a
 * network failure) has no translated text, so the caller's fallback is used.
 */
export function apiErrorMessage(body: unknown, locale: string, fallback: string): string {
  if (!isApiErrorBody(body)) return fallback;
  return locale.startsWith('zh') ? body.message_zh : body.message_en;
}
