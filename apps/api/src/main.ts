// First: tracing (when configured) must patch http, Express, Nest, pg and pino before they load.
import './core/tracing/api';
import { Logger } from 'nestjs-pino';
import { loadConfig } from './core/config/config';
import { createHttpApp } from './app.factory';
import { exitOnConfigError } from './core/config/boot';
import { gracefulShutdown, Lifecycle } from './core/shutdown';

async function main() {
  const config = exitOnConfigError(loadConfig);
  const app = await createHttpApp(config);
  gracefulShutdown(app, app.get(Logger), app.get(Lifecycle), {
    drainSeconds: config.SHUTDOWN_DRAIN_SECONDS,
    timeoutSeconds: config.SHUTDOWN_TIMEOUT_SECONDS,
  });
  await app.listen(config.PORT, '0.0.0.0');
}

void main();
