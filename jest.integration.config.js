// Integration tests: the real PostgreSQL and Redis (and the real worker process where a test needs it).
// Each test file gets its own database cloned from a migrated template, and its own BullMQ key prefix.
const preset = require('./jest.preset');

module.exports = {
  ...preset,
  rootDir: __dirname,
  roots: ['<rootDir>/apps/api/test', '<rootDir>/bench'],
  testMatch: ['**/*.integration-spec.ts'],
  globalSetup: '<rootDir>/apps/api/test/utils/global-setup.ts',
  globalTeardown: '<rootDir>/apps/api/test/utils/global-teardown.ts',
  testTimeout: 60_000,
};
