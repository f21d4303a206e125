import express, { type NextFunction, type Request, type Response } from 'express';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Written by the web build beside index.html (apps/web/vite.config.mts, apps/web/server/web-origin.mts). */
export const WEB_HEADERS_FILE = 'web-origin-headers.json';

/**
 * Serves the built web app (`npm run build` → dist/apps/web) from the API process, for deployments without a
 * separate web server: files under /assets (content-hashed names) cached for a year as immutable, everything else
 * revalidated (`no-cache`), and any other GET that wants HTML answered with index.html (the app's client-side
 * routes). Every answer carries the web origin's security headers, read from the build
 * (apps/web/server/web-origin.mts is their one source). /api is left to the API.
 */
export function webStatic(dir: string) {
  const root = resolve(dir);
  const index = join(root, 'index.html');
  const headersFile = join(root, WEB_HEADERS_FILE);
  if (!existsSync(index) || !existsSync(headersFile)) {
    throw new Error(
      `WEB_DIST_DIR ${root} holds no web build (index.html, ${WEB_HEADERS_FILE}): run npm run build ` +
        `(WEB_DIST_DIR 目录中没有前端构建产物，请先运行 npm run build)`,
    );
  }
  const security = JSON.parse(readFileSync(headersFile, 'utf8')) as Record<string, string>;
  const setSecurity = (res: Response) => {
    for (const [name, value] of Object.entries(security)) res.setHeader(name, value);
  };
  const files = express.static(root, {
    index: false,
    fallthrough: true,
    setHeaders: (res, path) => {
      setSecurity(res as Response);
      res.setHeader(
        'Cache-Control',
        path.startsWith(join(root, 'assets')) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.path === '/api' || req.path.startsWith('/api/')) return next();
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (req.path === `/${WEB_HEADERS_FILE}`) return next();
    files(req, res, () => {
      // No such file: a client-side route of the app when HTML is wanted (a missing asset stays a 404).
      if (req.path.startsWith('/assets/') || !req.accepts('html')) return next();
      setSecurity(res);
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(index);
    });
  };
}
