import { withAdmin } from './db';

export default async function globalTeardown(): Promise<void> {
  for (const db of [process.env.TEST_DEMO_TEMPLATE_DB, process.env.TEST_TEMPLATE_DB]) {
    if (db) await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`));
  }
}
