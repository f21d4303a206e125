import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { WEB_HEADERS_FILE, WEB_SECURITY_HEADERS, webOriginMiddleware } from './server/web-origin.mjs';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

const port = Number(process.env.WEB_PORT ?? 4200);
// The browser only ever talks to its own origin; /api is forwarded so the API needs no CORS for the app.
const proxy = {
  '/api': { target: process.env.API_URL ?? 'http://127.0.0.1:3000', changeOrigin: true },
};

/**
 * The built app as served by `vite preview` (npm start, docker/compose.yml): security headers on every page and
 * file, and the client's forwarding headers replaced before /api is forwarded. Added in front of vite's own
 * middlewares. Not on the dev server, whose inline module preamble and HMR the policy would block.
 */
const webOrigin: Plugin = {
  name: 'portal-web-origin',
  configurePreviewServer(server) {
    server.middlewares.use(webOriginMiddleware);
  },
  // The same headers for the API's static serving of the build (WEB_DIST_DIR, apps/api/src/core/http/web-static.ts),
  // which cannot import this ES module: written beside the app as JSON.
  generateBundle() {
    this.emitFile({ type: 'asset', fileName: WEB_HEADERS_FILE, source: JSON.stringify(WEB_SECURITY_HEADERS, null, 2) });
  },
};

export default defineConfig({
  root: webRoot,
  plugins: [react(), webOrigin],
  resolve: {
    alias: {
      '@portal/shared': `${repoRoot}libs/shared/src/index.ts`,
      '@portal/rules': `${repoRoot}libs/rules/src/index.ts`,
    },
  },
  build: {
    outDir: `${repoRoot}dist/apps/web`,
    emptyOutDir: true,
    // react-admin and MUI make one large vendor chunk; it is cached, so the default warning is noise.
    chunkSizeWarningLimit: 2500,
  },
  server: { host: '127.0.0.1', port, strictPort: true, proxy },
  // The app calls only its own origin: no cross-origin reads of its pages or of the forwarded /api.
  preview: { host: '127.0.0.1', port, strictPort: true, proxy, cors: false },
  test: {
    dir: repoRoot,
    include: ['apps/web/src/**/*.test.{ts,tsx}'],
    environment: 'jsdom',
    setupFiles: [`${webRoot}src/test-setup.ts`],
    testTimeout: 60_000,
  },
});
