import { HttpException } from '@nestjs/common';
import { englishParams, ERRORS, formatMessage, type ApiErrorBody, type ErrorCode } from '@portal/shared';

/** An error with a stable code and a Chinese and English message; mapped to HTTP by the exception filter. */
export class AppError extends HttpException {
  constructor(
    readonly code: ErrorCode,
    readonly params: Record<string, unknown> = {},
    readonly details?: unknown,
  ) {
    const def = ERRORS[code];
    const body: ApiErrorBody = {
      statusCode: def.status,
      code,
      message_zh: formatMessage(def.zh, params),
      message_en: formatMessage(def.en, englishParams(params)),
      ...(details === undefined ? {} : { details }),
    };
    super(body, def.status);
  }
}

export const notFound = (entityZh: string, entityEn = entityZh) =>
  new AppError('NOT_FOUND', { entity: entityZh, entityEn });
