// Shared by every jest config: SWC transforms TypeScript (with decorator metadata) and the scripts' ES modules;
// tsc type-checks separately.
const path = require('node:path');

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.((t|j)sx?|mjs)$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true, tsx: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  moduleNameMapper: {
    '^@portal/shared$': path.join(__dirname, 'libs/shared/src/index.ts'),
    '^@portal/exchange$': path.join(__dirname, 'libs/exchange/src/index.ts'),
    '^@portal/rules$': path.join(__dirname, 'libs/rules/src/index.ts'),
    '^@portal/demo$': path.join(__dirname, 'libs/demo/src/index.ts'),
  },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'json'],
};
