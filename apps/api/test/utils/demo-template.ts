import 'reflect-metadata';
import { seedDemoDatabase } from './app';

/*
 * `node -r ./scripts/register.cjs apps/api/test/utils/demo-template.ts <database url>`: the demo data into the run's
 * demo template, through the application's services. The integration tests' global setup runs it once per run (in a
 * process of its own, since a global setup resolves no @portal/* aliases).
 */
seedDemoDatabase(process.argv[2]).then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
