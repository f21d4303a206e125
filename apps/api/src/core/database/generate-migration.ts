import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { createDataSource } from './data-source';

/**
 * `npm run migration:generate -- <Intent>`: migrates a scratch database (ADMIN_DATABASE_URL's server), asks
 * TypeORM what the entities still need, writes migrations/<timestamp>-<Intent>.ts and appends it to the index.
 */
async function main() {
  const intent = process.argv[2];
  if (!intent || !/^[A-Z][A-Za-z0-9]+$/.test(intent))
    throw new Error('usage: migration:generate -- <PascalCaseIntent>');
  const admin = process.env.ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const scratch = `portal_migration_${process.pid}`;
  const client = new Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${scratch}`);
  try {
    const url = new URL(admin);
    url.pathname = `/${scratch}`;
    const ds = createDataSource(url.toString());
    await ds.initialize();
    await ds.runMigrations();
    const sql = await ds.driver.createSchemaBuilder().log();
    await ds.destroy();
    if (!sql.upQueries.length) {
      console.log('Entities and migrations agree; nothing to generate.');
      return;
    }
    const ts = Date.now();
    const cls = `${intent}${ts}`;
    const q = (s: string) => '    await q.query(`' + s.replace(/`/g, '\\`') + '`);';
    const body = `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${cls} implements MigrationInterface {
  name = '${cls}';

  async up(q: QueryRunner): Promise<void> {
${sql.upQueries.map((x) => q(x.query)).join('\n')}
  }

  async down(q: QueryRunner): Promise<void> {
${sql.downQueries
  .reverse()
  .map((x) => q(x.query))
  .join('\n')}
  }
}
`;
    const dir = join(__dirname, '..', '..', '..', '..', '..', 'migrations');
    const file = `${ts}-${intent}`;
    writeFileSync(join(dir, `${file}.ts`), body);
    const indexFile = join(dir, 'index.ts');
    const index = readFileSync(indexFile, 'utf8')
      .replace(/(\n\/\*\*)/, `import { ${cls} } from './${file}';\n$1`)
      .replace(
        /export const MIGRATIONS = \[([\s\S]*?)\];/,
        (_, list: string) =>
          `export const MIGRATIONS = [${[list.trim().replace(/,$/, ''), cls].filter(Boolean).join(', ')}];`,
      );
    writeFileSync(indexFile, index);
    console.log(`wrote migrations/${file}.ts`);
  } finally {
    await client.query(`DROP DATABASE IF EXISTS ${scratch}`);
    await client.end();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
