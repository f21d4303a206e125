import { loadConfig } from './core/config/config';
import { createHttpApp } from './app.factory';
import { exitOnConfigError } from './core/config/boot';

async function main() {
  const config = exitOnConfigError(loadConfig);
  const app = await createHttpApp(config);
  app.enableShutdownHooks();
  await app.listen(config.PORT, '0.0.0.0');
}

void main();
