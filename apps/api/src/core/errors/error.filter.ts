import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { problemType, type ApiErrorBody, type ApiProblem } from '@portal/shared';
import { AppError, BEARER_CHALLENGE, errorBody } from './app-error';

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
 * The one place errors become HTTP answers: always an RFC 9457 problem (`application/problem+json`) carrying
 * `{ statusCode, code, message_zh, message_en, details? }` too, never a stack trace or SQL. Unknown errors are
 * logged with a reference the user can quote.
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
    sendError(req, res, exception, out);
  }
}

/** The client prefers English when its Accept-Language names `en` before any `zh` (q-values aside). */
export function prefersEnglish(req: Pick<Request, 'headers'>): boolean {
  const header = String(req.headers['accept-language'] ?? '').toLowerCase();
  const en = header.search(/(^|,)\s*en\b/);
  const zh = header.search(/(^|,)\s*zh\b/);
  return en >= 0 && (zh < 0 || en < zh);
}

/** The error body as an RFC 9457 problem for this request. */
export function toProblem(out: ApiErrorBody, req: Pick<Request, 'headers' | 'originalUrl' | 'url'>): ApiProblem {
  const english = prefersEnglish(req);
  const path = (req.originalUrl ?? req.url ?? '').split('?')[0];
  return {
    type: problemType(out.code),
    title: STATUS_CODES[out.statusCode] ?? 'Error',
    status: out.statusCode,
    detail: english ? out.message_en : out.message_zh,
    instance: path,
    ...out,
  };
}

export const PROBLEM_JSON = 'application/problem+json; charset=utf-8';

/** Sends a problem; also used by the few Express middlewares that answer before Nest (the queue board). */
export function sendProblem(req: Request, res: Response, out: ApiErrorBody): void {
  res.status(out.statusCode);
  res.setHeader('Content-Type', PROBLEM_JSON);
  res.setHeader('Content-Language', prefersEnglish(req) ? 'en' : 'zh-CN');
  res.send(JSON.stringify(toProblem(out, req)));
}

function sendError(req: Request, res: Response, e: unknown, out: ApiErrorBody): void {
  if (e instanceof AppError) for (const [name, value] of Object.entries(e.headers)) res.setHeader(name, value);
  if (out.statusCode === 401 && !res.getHeader('WWW-Authenticate')) res.setHeader('WWW-Authenticate', BEARER_CHALLENGE);
  if (out.code === 'SERVICE_BUSY') res.setHeader('Retry-After', String(BUSY_RETRY_AFTER_SECONDS));
  sendProblem(req, res, out);
}

/** Express error middleware for errors raised before Nest's router (body parsing, size limits). */
export function expressErrorHandler(log = new Logger('errors')) {
  return (err: unknown, req: Request, res: Response, next: (e?: unknown) => void) => {
    if (res.headersSent) return next(err);
    sendError(req, res, err, toErrorBody(err, req, log));
  };
}

export function toErrorBody(e: unknown, req: Request, log: Logger): ApiErrorBody {
  if (e instanceof AppError) return e.getResponse() as ApiErrorBody;
  if (e instanceof ThrottlerException) return errorBody('TOO_MANY_REQUESTS');
  if (isPoolTimeout(e)) {
    log.warn({ path: req.path }, 'database pool busy');
    return errorBody('SERVICE_BUSY', { seconds: BUSY_RETRY_AFTER_SECONDS });
  }
  // body-parser errors carry a `type`
  const type = (e as { type?: string })?.type;
  if (type === 'entity.parse.failed') return errorBody('BAD_JSON', { detail: (e as Error).message });
  if (type === 'entity.too.large') {
    return errorBody('PAYLOAD_TOO_LARGE', {
      limit: `${(e as { limit?: number }).limit ?? '?'} bytes`,
    });
  }
  if ((e as { code?: string })?.code === 'LIMIT_FILE_SIZE')
    return errorBody('PAYLOAD_TOO_LARGE', { limit: 'upload limit' });
  if (e instanceof HttpException) {
    const status = e.getStatus();
    const r = e.getResponse() as { message?: string | string[] } | string;
    const detail = typeof r === 'string' ? r : r.message;
    if (status === 404) return errorBody('ROUTE_NOT_FOUND', { path: req.path });
    if (status === 400) return errorBody('VALIDATION_FAILED', {}, Array.isArray(detail) ? detail : [detail]);
    if (status === 401) return errorBody('UNAUTHENTICATED');
    if (status === 403) return errorBody('FORBIDDEN');
    if (status === 413) return errorBody('PAYLOAD_TOO_LARGE', { limit: 'upload limit' });
    if (status === 429) return errorBody('TOO_MANY_REQUESTS');
    return {
      ...errorBody('VALIDATION_FAILED'),
      statusCode: status,
      details: detail,
    };
  }
  const ref = randomUUID().slice(0, 8);
  log.error({ err: e, ref, path: req.path }, 'unhandled error');
  return errorBody('INTERNAL', { ref });
}
