import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

const port = Number(process.env.WEB_PORT ?? 4200);
// The browser only ever talks to its own origin; /api is forwarded so the API needs no CORS for the app.
const proxy = {
  '/api': { target: process.env.API_URL ?? 'http://127.0.0.1:3000', changeOrigin: true },
};

export default defineConfig({
  root: webRoot,
  plugins: [react()],
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
  preview: { host: '127.0.0.1', port, strictPort: true, proxy },
  test: {
    dir: repoRoot,
    include: ['apps/web/src/**/*.test.{ts,tsx}'],
    environment: 'jsdom',
    setupFiles: [`${webRoot}src/test-setup.ts`],
    testTimeout: 60_000,
  },
});
