// `npm test`: type-check, lint, unit tests, web unit tests, integration tests against the real PostgreSQL and Redis
// (with the real worker process), then the browser tests in Chromium against the whole stack. Stops at the
// first failing tier and ends with one summary line. Where nothing listens at the configured PostgreSQL or Redis,
// the run starts its own (scripts/test-services.mjs); without Chromium it stops before anything runs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromiumProblem, DEFAULT_CHROMIUM } from './local-services.mjs';
import { ROOT } from './stack.mjs';
import { startTestServices } from './test-services.mjs';

const only = process.argv.slice(2);
const out = join(ROOT, 'tmp', 'test-results');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const env = { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false', FORCE_COLOR: process.env.CI ? '0' : '1' };
const bin = (name) => join(ROOT, 'node_modules', '.bin', name);

const tiers = [
  { name: 'typecheck', cmd: 'npm', args: ['run', '-s', 'typecheck'] },
  { name: 'lint', cmd: 'npm', args: ['run', '-s', 'lint'] },
  {
    name: 'unit',
    cmd: bin('jest'),
    args: ['-c', 'jest.unit.config.js', '--json', `--outputFile=${out}/unit.json`],
    results: 'unit.json',
  },
  {
    name: 'web',
    cmd: bin('vitest'),
    args: [
      'run',
      '--config',
      'apps/web/vite.config.mts',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${out}/web.json`,
    ],
    results: 'web.json',
  },
  {
    name: 'integration',
    cmd: bin('jest'),
    args: ['-c', 'jest.integration.config.js', '--runInBand', '--json', `--outputFile=${out}/integration.json`],
    results: 'integration.json',
    services: true,
  },
  {
    name: 'e2e',
    cmd: bin('jest'),
    args: ['-c', 'jest.e2e.config.js', '--runInBand', '--json', `--outputFile=${out}/e2e.json`],
    results: 'e2e.json',
    services: true,
  },
];
const selected = tiers.filter((t) => !only.length || only.includes(t.name));

if (selected.some((t) => t.name === 'e2e')) {
  const chromium = process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM;
  const problem = chromiumProblem(chromium, existsSync(chromium));
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
}

let services = null;
let finishing = null;
const finish = async (code) => {
  finishing ??= services?.stop();
  await finishing;
  process.exit(code);
};
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => void finish(130));

let passed = 0;
let failed = 0;
for (const tier of selected) {
  const started = Date.now();
  console.log(`\n=== ${tier.name} ===`);
  if (tier.services && !services) {
    services = await startTestServices({ env, log: (m) => console.log(`[test] ${m}`) }).catch((e) => {
      console.error(e.message);
      process.exit(1);
    });
    Object.assign(env, services.env);
  }
  const r = spawnSync(tier.cmd, tier.args, { cwd: ROOT, env, stdio: 'inherit' });
  if (tier.results && existsSync(join(out, tier.results))) {
    const json = JSON.parse(readFileSync(join(out, tier.results), 'utf8'));
    passed += json.numPassedTests ?? 0;
    failed += json.numFailedTests ?? 0;
    if ((json.numPendingTests ?? 0) + (json.numTodoTests ?? 0) > 0) {
      console.error(`${tier.name}: skipped or todo tests are not allowed`);
      failed += json.numPendingTests + json.numTodoTests;
    }
  }
  console.log(
    `=== ${tier.name}: ${r.status === 0 ? 'ok' : 'FAILED'} in ${Math.round((Date.now() - started) / 1000)} s ===`,
  );
  if (r.status !== 0) {
    if (!tier.results) failed += 1;
    console.log(`\ntests: ${passed} passed, ${Math.max(failed, 1)} failed`);
    await finish(1);
  }
}
console.log(`\ntests: ${passed} passed, ${failed} failed`);
await finish(failed ? 1 : 0);
