import 'reflect-metadata';
import { createDataSource } from './data-source';

/**
 * Fails when the entities and the migrations disagree: migrates a scratch database, then asks TypeORM which
 * statements would bring the schema in line with the entities. Any statement is drift.
 */
export async function schemaDrift(databaseUrl: string): Promise<string[]> {
  const ds = createDataSource(databaseUrl);
  await ds.initialize();
  try {
    await ds.runMigrations();
    const sql = await ds.driver.createSchemaBuilder().log();
    return sql.upQueries.map((q) => q.query);
  } finally {
    await ds.destroy();
  }
}

if (require.main === module) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL is required (a scratch database)');
    process.exit(2);
  }
  schemaDrift(url).then(
    (queries) => {
      if (queries.length) {
        console.error(`Entities and migrations drift; a migration needs:\n${queries.join(';\n')};`);
        process.exit(1);
      }
      console.log('No drift between entities and migrations.');
    },
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
