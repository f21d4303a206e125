import { Logger } from 'nestjs-pino';
import { loadConfig } from './core/config/config';
import { createHttpApp } from './app.factory';
import { exitOnConfigError } from './core/config/boot';
import { boundShutdown } from './core/shutdown';

async function main() {
  const config = exitOnConfigError(loadConfig);
  const app = await createHttpApp(config);
  app.enableShutdownHooks();
  boundShutdown(app.get(Logger), config.SHUTDOWN_TIMEOUT_SECONDS);
  await app.listen(config.PORT, '0.0.0.0');
}

void main();
