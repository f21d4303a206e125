import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * What every server of the built web app does at the web origin, in one place: `vite preview` today
 * (apps/web/vite.config.mts), a production static server later. Answers under /api are the API's (with its own
 * helmet headers) and are only forwarded.
 */

/**
 * Security headers of the app's pages and files. The policy allows what the built React-Admin/MUI app needs and no
 * more: its own scripts, styles and API; inline styles because MUI (emotion) inserts <style> elements at run time;
 * data: images for the inline favicon and MUI's SVG backgrounds. Nothing may frame the app.
 */
export const WEB_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; '),
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
};

/** The headers above as JSON in the build output, for servers that cannot import this module (the API). */
export const WEB_HEADERS_FILE = 'web-origin-headers.json';

export const API_PREFIX = '/api';

/**
 * Replaces the forwarding headers of a request about to be forwarded to the API with what this server saw: the
 * connection's peer, not whatever X-Forwarded-For the client sent. The API believes X-Forwarded-For only from the
 * proxies in its TRUST_PROXY, so a client cannot pose as another address to the login limits through this server.
 */
export function replaceForwardedHeaders(req: IncomingMessage): void {
  const encrypted = 'encrypted' in req.socket && req.socket.encrypted === true;
  req.headers['x-forwarded-for'] = req.socket.remoteAddress ?? '';
  req.headers['x-forwarded-proto'] = encrypted ? 'https' : 'http';
  delete req.headers['x-forwarded-host'];
  delete req.headers['x-forwarded-port'];
  delete req.headers['x-real-ip'];
  delete req.headers.forwarded;
}

/** Connect-style middleware for the web origin: headers on the app's answers, clean forwarding headers for /api. */
export function webOriginMiddleware(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  if (req.url === API_PREFIX || req.url?.startsWith(`${API_PREFIX}/`)) replaceForwardedHeaders(req);
  else for (const [name, value] of Object.entries(WEB_SECURITY_HEADERS)) res.setHeader(name, value);
  next();
}
