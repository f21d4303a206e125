// Unit tests: pure code, no services. `*.spec.ts` beside the code.
const preset = require('./jest.preset');

module.exports = {
  ...preset,
  rootDir: __dirname,
  roots: ['<rootDir>/apps/api/src', '<rootDir>/libs'],
  testMatch: ['**/*.spec.ts'],
};
