import 'reflect-metadata';
import { DEFAULT_DEMO_PASSWORD } from '@portal/shared';
import { exitOnConfigError } from './core/config/boot';
import { loadConfig } from './core/config/config';
import { createDataSource } from './core/database/data-source';
import { loadDemoData, loadGoldenDemo } from './modules/demo/demo-data';

/** One-shot: applies pending migrations (and, in demo mode, the demo data), then exits. */
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
    if (config.DEMO) {
      const loaded = await loadDemoData(ds, config.DEMO_PASSWORD ?? DEFAULT_DEMO_PASSWORD);
      console.log(
        JSON.stringify({
          level: 'info',
          process: 'migrate',
          msg: loaded ? 'demo data loaded' : 'demo data already present',
        }),
      );
      const golden = await loadGoldenDemo(ds);
      console.log(
        JSON.stringify({
          level: 'info',
          process: 'migrate',
          msg: golden ? 'published 2021 tables loaded as demo data' : 'published 2021 tables already present',
        }),
      );
    }
  } finally {
    await ds.destroy();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
