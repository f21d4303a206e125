// `npm run build`: the production build. The API, the worker, the migrator and create-admin compiled to CommonJS
// with SWC into dist/server/ (the repository's layout: dist/server/apps/api/src/main.js, …; the @portal/* aliases
// rewritten to relative paths; the data files read at run time copied alongside), and the web app built by Vite
// into dist/apps/web. Run the output with `node dist/server/apps/api/src/main.js` etc. (see docs/operations.md).
// `node scripts/build.mjs server` or `web` builds one half.
import { transformFile } from '@swc/core';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { ROOT } from './stack.mjs';

export const SERVER_OUT = join(ROOT, 'dist', 'server');
/** Compiled trees, relative to the repository root. */
const SOURCES = ['apps/api/src', 'libs/shared/src', 'libs/exchange/src', 'libs/rules/src', 'migrations'];
/** Files read at run time (code lists, golden fixtures), copied as they are. */
const DATA = ['libs/shared/codes'];
const ALIASES = {
  '@portal/shared': 'libs/shared/src/index.ts',
  '@portal/exchange': 'libs/exchange/src/index.ts',
  '@portal/rules': 'libs/rules/src/index.ts',
};

const isTest = (f) => /\.(spec|test|integration-spec)\.ts$/.test(f);

function* walk(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else yield p;
  }
}

async function buildServer() {
  rmSync(SERVER_OUT, { recursive: true, force: true });
  let compiled = 0;
  for (const src of SOURCES) {
    for (const file of walk(join(ROOT, src))) {
      const rel = relative(ROOT, file);
      const out = join(SERVER_OUT, rel);
      mkdirSync(dirname(out), { recursive: true });
      if (!file.endsWith('.ts')) {
        cpSync(file, out);
        continue;
      }
      if (isTest(file) || file.endsWith('.d.ts')) continue;
      const { code, map } = await transformFile(file, {
        swcrc: false,
        sourceMaps: true,
        module: { type: 'commonjs' },
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          target: 'es2022',
          keepClassNames: true,
          baseUrl: ROOT,
          paths: Object.fromEntries(Object.entries(ALIASES).map(([k, v]) => [k, [v]])),
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
        },
      });
      const js = out.replace(/\.ts$/, '.js');
      writeFileSync(js, `${code}\n//# sourceMappingURL=${js.split('/').pop()}.map\n`);
      writeFileSync(`${js}.map`, map);
      compiled += 1;
    }
  }
  for (const d of DATA) cpSync(join(ROOT, d), join(SERVER_OUT, d), { recursive: true });
  console.log(`[build] ${compiled} files compiled into ${relative(ROOT, SERVER_OUT)}/`);
}

function buildWeb() {
  const r = spawnSync(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'build', '--config', 'apps/web/vite.config.mts', '--logLevel', 'warn'],
    { cwd: ROOT, stdio: 'inherit' },
  );
  if (r.status !== 0) throw new Error('vite build failed');
  console.log('[build] web app built into dist/apps/web/');
}

const only = process.argv[2];
if (!only || only === 'server') await buildServer();
if (!only || only === 'web') buildWeb();
