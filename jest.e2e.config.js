// Browser tests: Playwright (playwright-core) driving Debian's Chromium against the whole stack
// (migrator with demo data, API, worker, built web app) started once by e2e/support/global-setup.mjs.
const preset = require('./jest.preset');

module.exports = {
  ...preset,
  rootDir: __dirname,
  roots: ['<rootDir>/e2e'],
  testMatch: ['**/*.e2e-spec.ts'],
  globalSetup: '<rootDir>/e2e/support/global-setup.mjs',
  globalTeardown: '<rootDir>/e2e/support/global-teardown.mjs',
  testTimeout: 120_000,
};
