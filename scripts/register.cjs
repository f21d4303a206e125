// Runs the TypeScript sources directly (decorator metadata and the @portal/* path aliases included) with
// SWC: `node -r ./scripts/register.cjs apps/api/src/main.ts`. Used by `npm start`, the tests and the image.
const path = require('node:path');
process.env.SWC_NODE_PROJECT ??= path.join(__dirname, '..', 'tsconfig.base.json');
require('@swc-node/register');
