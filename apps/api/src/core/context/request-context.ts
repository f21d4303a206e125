import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const REQUEST_ID_HEADER = 'X-Request-Id';

/**
 * An X-Request-Id a client or proxy sends is kept when it is 1–128 characters of letters, digits and `-_.:`
 * (a UUID, a trace id, a load balancer's id); anything else is replaced, so a header cannot inject into log lines.
 */
const ACCEPTED = /^[A-Za-z0-9._:-]{1,128}$/;

export function acceptedRequestId(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && ACCEPTED.test(value) ? value : null;
}

/**
 * The request's id, decided once at the edge: the accepted X-Request-Id header or a new UUID. Stored as `req.id`
 * (pino-http logs it as `requestId` on every line of the request) and sent back in the X-Request-Id header.
 */
export function requestIdFor(req: IncomingMessage & { id?: unknown }, res: ServerResponse): string {
  if (typeof req.id === 'string') return req.id;
  const id = acceptedRequestId(req.headers['x-request-id']) ?? randomUUID();
  req.id = id;
  if (!res.headersSent) res.setHeader(REQUEST_ID_HEADER, id);
  return id;
}

const storage = new AsyncLocalStorage<{ requestId: string }>();

/** Runs `fn` as part of request (or job) `requestId`: jobs it enqueues carry that id. */
export function runWithRequestId<T>(requestId: string, fn: () => T): T {
  return storage.run({ requestId }, fn);
}

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/** Job data with the current request's id added (`requestId`), so the worker's log lines of the job carry it. */
export function withRequestId<T extends object>(data: T): T & { requestId?: string } {
  const requestId = currentRequestId();
  return requestId ? { ...data, requestId } : data;
}
