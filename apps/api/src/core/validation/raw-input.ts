import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { JSON_MAX_DEPTH } from '@portal/shared';
import { AppError } from '../errors/app-error';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACKET = 0x5d;
const CLOSE_BRACE = 0x7d;

/**
 * Whether JSON text nests objects and arrays more than `max` deep, by one pass over its bytes; strings are skipped
 * with a native search for their closing quote, so brackets inside them do not count and long text costs nothing.
 * JSON.parse itself copes with deep nesting, but every recursive walk after it (validation, logging, hashing)
 * would overflow the stack.
 */
export function jsonDeeperThan(buf: Buffer, max: number): boolean {
  let depth = 0;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (c === QUOTE) {
      // The closing quote is the next one not escaped by an odd number of backslashes.
      let end = i;
      for (;;) {
        end = buf.indexOf(QUOTE, end + 1);
        if (end < 0) return false; // unterminated: the parser refuses it
        let k = end - 1;
        while (buf[k] === BACKSLASH) k--;
        if ((end - 1 - k) % 2 === 0) break;
      }
      i = end;
    } else if (c === OPEN_BRACKET || c === OPEN_BRACE) {
      if (++depth > max) return true;
    } else if (c === CLOSE_BRACKET || c === CLOSE_BRACE) depth--;
  }
  return false;
}

/**
 * body-parser's `verify` for JSON bodies: refuses bytes that are not UTF-8 (the parser would decode them to U+FFFD
 * silently) and nesting deeper than JSON_MAX_DEPTH, before anything parses them.
 */
export function verifyJsonBody(_req: IncomingMessage, _res: unknown, buf: Buffer): void {
  if (!isUtf8(buf)) throw new AppError('INVALID_ENCODING', { field: 'body' });
  if (jsonDeeperThan(buf, JSON_MAX_DEPTH)) throw new AppError('JSON_TOO_DEEP', { limit: JSON_MAX_DEPTH });
}

function decodes(component: string): boolean {
  try {
    decodeURIComponent(component);
    return true;
  } catch {
    return false;
  }
}

/**
 * The first field of a query string (`a=1&b=%FF`) or form body whose percent-encoding is not UTF-8, or null.
 * Express's and Node's parsers would turn such bytes into U+FFFD without a word.
 */
export function undecodableField(query: string): string | null {
  for (const pair of query.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const name = (eq < 0 ? pair : pair.slice(0, eq)).replace(/\+/g, ' ');
    const value = eq < 0 ? '' : pair.slice(eq + 1).replace(/\+/g, ' ');
    if (!decodes(name)) return name;
    if (!decodes(value)) return decodeURIComponent(name);
  }
  return null;
}

/**
 * Refuses a request whose path or query string is not UTF-8 once percent-decoded, naming the field, before routing:
 * the router would answer an undecodable path parameter with a bare message, and the query parser would replace
 * the bytes silently.
 */
export function rawUrlCheck() {
  return (req: Request, _res: Response, next: NextFunction) => {
    const url = req.url;
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    for (const segment of path.split('/')) {
      if (!decodes(segment)) return next(new AppError('INVALID_ENCODING', { field: `path (${segment})` }));
    }
    const field = q < 0 ? null : undecodableField(url.slice(q + 1));
    if (field !== null) return next(new AppError('INVALID_ENCODING', { field: `query.${field}` }));
    next();
  };
}

/** body-parser's `verify` for form bodies: the same percent-encoding check as the query string. */
export function verifyFormBody(_req: IncomingMessage, _res: unknown, buf: Buffer): void {
  if (!isUtf8(buf)) throw new AppError('INVALID_ENCODING', { field: 'body' });
  const field = undecodableField(buf.toString('latin1'));
  if (field !== null) throw new AppError('INVALID_ENCODING', { field: `body.${field}` });
}
