// Unit tests: pure code, no services. `*.spec.ts` beside the code (scripts/: the decisions of npm start and test).
const preset = require('./jest.preset');

module.exports = {
  ...preset,
  rootDir: __dirname,
  roots: ['<rootDir>/apps/api/src', '<rootDir>/libs', '<rootDir>/scripts'],
  testMatch: ['**/*.spec.ts'],
};
