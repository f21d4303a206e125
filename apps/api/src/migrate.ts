import 'reflect-metadata';
import { exitOnConfigError } from './core/config/boot';
import { loadConfig } from './core/config/config';
import { createDataSource } from './core/database/data-source';

/** One-shot: applies pending migrations, then exits (demo mode's data is libs/demo's seed, run after it). */
async function main() {
  const config = exitOnConfigError(loadConfig);
  const ds = createDataSource(config.DATABASE_URL!);
  await ds.initialize();
  try {
    const applied = await ds.runMigrations();
    console.log(
      JSON.stringify({
        level: 'info',
        process: 'migrate',
        msg: 'migrations applied',
        applied: applied.map((m) => m.name),
      }),
    );
  } finally {
    await ds.destroy();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
