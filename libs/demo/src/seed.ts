import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { DEFAULT_DEMO_PASSWORD } from '@portal/shared';
import { exitOnConfigError } from '../../../apps/api/src/core/config/boot';
import { loadConfig } from '../../../apps/api/src/core/config/config';
import { loadDemoData, loadGoldenDemo } from './demo-data';
import { DemoSeedModule } from './seed.module';
import { loadDemoTechnology } from './technology';

/*
 * The demo-mode bootstrap: `npm start` (scripts/stack.mjs) runs it after the migrator when DEMO is on. Production
 * code never imports this project (an Nx module-boundary rule; the production build leaves it out), and the config
 * refuses DEMO in production.
 */

const log = (msg: string) => console.log(JSON.stringify({ level: 'info', process: 'seed', msg }));

async function main() {
  const config = exitOnConfigError(loadConfig);
  if (!config.DEMO) throw new Error('the demo seed runs in demo mode only (DEMO=true) / 演示数据仅在演示模式下加载');
  const app = await NestFactory.createApplicationContext(DemoSeedModule.forRoot(config), { logger: ['error'] });
  try {
    const loaded = await loadDemoData(app, config.DEMO_PASSWORD ?? DEFAULT_DEMO_PASSWORD);
    log(loaded ? 'demo data loaded' : 'demo data already present');
    const golden = await loadGoldenDemo(app);
    log(golden ? 'published 2021 tables loaded as demo data' : 'published 2021 tables already present');
    const technology = await loadDemoTechnology(app);
    log(technology ? 'demo technology contracts registered' : 'demo technology contracts already present');
  } finally {
    await app.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
