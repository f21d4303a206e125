import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { englishParams, ERRORS, formatMessage, type ApiErrorBody, type ErrorCode } from '@portal/shared';
import { AppError, BEARER_CHALLENGE } from './app-error';

function body(code: ErrorCode, params: Record<string, unknown> = {}, details?: unknown): ApiErrorBody {
  const def = ERRORS[code];
  return {
    statusCode: def.status,
    code,
    message_zh: formatMessage(def.zh, params),
    message_en: formatMessage(def.en, englishParams(params)),
    ...(details === undefined ? {} : { details }),
  };
}

/** Seconds a client is asked to wait (Retry-After) when the database pool had no free connection. */
export const BUSY_RETRY_AFTER_SECONDS = 5;

/**
 * pg-pool's errors when no connection became free within DATABASE_ACQUIRE_TIMEOUT_MS (all in use), or a new one
 * could not be opened in that time: the portal is overloaded, not broken.
 */
export function isPoolTimeout(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  return (
    e.message === 'timeout exceeded when trying to connect' ||
    e.message.startsWith('Connection terminated due to connection timeout')
  );
}

/**
 * The one place errors become HTTP answers: always `{ statusCode, code, message_zh, message_en }`, never a
 * stack trace or SQL. Unknown errors are logged with a reference the user can quote.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly log = new Logger('errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request>();
    const out = toErrorBody(exception, req, this.log);
    if (res.headersSent) return;
    sendError(res, exception, out);
  }
}

function sendError(res: Response, e: unknown, out: ApiErrorBody): void {
  if (e instanceof AppError) for (const [name, value] of Object.entries(e.headers)) res.setHeader(name, value);
  if (out.statusCode === 401 && !res.getHeader('WWW-Authenticate')) res.setHeader('WWW-Authenticate', BEARER_CHALLENGE);
  if (out.code === 'SERVICE_BUSY') res.setHeader('Retry-After', String(BUSY_RETRY_AFTER_SECONDS));
  res.status(out.statusCode).json(out);
}

/** Express error middleware for errors raised before Nest's router (body parsing, size limits). */
export function expressErrorHandler(log = new Logger('errors')) {
  return (err: unknown, req: Request, res: Response, next: (e?: unknown) => void) => {
    if (res.headersSent) return next(err);
    sendError(res, err, toErrorBody(err, req, log));
  };
}

export function toErrorBody(e: unknown, req: Request, log: Logger): ApiErrorBody {
  if (e instanceof AppError) return e.getResponse() as ApiErrorBody;
  if (e instanceof ThrottlerException) return body('TOO_MANY_REQUESTS');
  if (isPoolTimeout(e)) {
    log.warn({ path: req.path }, 'database pool busy');
    return body('SERVICE_BUSY', { seconds: BUSY_RETRY_AFTER_SECONDS });
  }
  // body-parser errors carry a `type`
  const type = (e as { type?: string })?.type;
  if (type === 'entity.parse.failed') return body('BAD_JSON', { detail: (e as Error).message });
  if (type === 'entity.too.large') {
    return body('PAYLOAD_TOO_LARGE', {
      limit: `${(e as { limit?: number }).limit ?? '?'} bytes`,
    });
  }
  if ((e as { code?: string })?.code === 'LIMIT_FILE_SIZE') return body('PAYLOAD_TOO_LARGE', { limit: 'upload limit' });
  if (e instanceof HttpException) {
    const status = e.getStatus();
    const r = e.getResponse() as { message?: string | string[] } | string;
    const detail = typeof r === 'string' ? r : r.message;
    if (status === 404) return body('ROUTE_NOT_FOUND', { path: req.path });
    if (status === 400) return body('VALIDATION_FAILED', {}, Array.isArray(detail) ? detail : [detail]);
    if (status === 401) return body('UNAUTHENTICATED');
    if (status === 403) return body('FORBIDDEN');
    if (status === 413) return body('PAYLOAD_TOO_LARGE', { limit: 'upload limit' });
    if (status === 429) return body('TOO_MANY_REQUESTS');
    return {
      ...body('VALIDATION_FAILED'),
      statusCode: status,
      details: detail,
    };
  }
  const ref = randomUUID().slice(0, 8);
  log.error({ err: e, ref, path: req.path }, 'unhandled error');
  return body('INTERNAL', { ref });
}
