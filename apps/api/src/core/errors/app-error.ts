import { HttpException } from '@nestjs/common';
import { englishParams, ERRORS, formatMessage, type ApiErrorBody, type ErrorCode } from '@portal/shared';

/**
 * The challenge every 401 carries (RFC 9110 §11.6.1); an error that knows more (a rejected token, RFC 6750's
 * `invalid_token`) sets its own.
 */
export const BEARER_CHALLENGE = 'Bearer realm="portal"';

/**
 * An error with a stable code and a Chinese and English message; mapped to HTTP by the exception filter, which
 * also sends its `headers` (Retry-After, WWW-Authenticate).
 */
export class AppError extends HttpException {
  constructor(
    readonly code: ErrorCode,
    readonly params: Record<string, unknown> = {},
    readonly details?: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(errorBody(code, params, details), ERRORS[code].status);
  }
}

/** The portal's members of an error answer; the filter adds the RFC 9457 ones (`toProblem`). */
export function errorBody(code: ErrorCode, params: Record<string, unknown> = {}, details?: unknown): ApiErrorBody {
  const def = ERRORS[code];
  return {
    statusCode: def.status,
    code,
    message_zh: formatMessage(def.zh, params),
    message_en: formatMessage(def.en, englishParams(params)),
    ...(details === undefined ? {} : { details }),
  };
}

export const notFound = (entityZh: string, entityEn = entityZh) =>
  new AppError('NOT_FOUND', { entity: entityZh, entityEn });

/** 429 with the standard Retry-After header (whole seconds, at least 1). */
export function tooManyRequests(
  code: 'LOGIN_THROTTLED' | 'RATE_LIMITED',
  ms: number,
  params: Record<string, unknown> = {},
) {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  return new AppError(code, { ...params, seconds }, undefined, { 'Retry-After': String(seconds) });
}
