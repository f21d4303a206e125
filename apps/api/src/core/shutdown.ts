import type { LoggerService } from '@nestjs/common';

/**
 * Bounds the graceful shutdown of `enableShutdownHooks()`: after SIGTERM or SIGINT, Nest closes the HTTP server,
 * the queue workers and the database pool, and each waits for what is in flight. Something stuck (a request
 * waiting for a lock, a pool that cannot drain) would keep the process alive for ever; after `seconds` it exits
 * anyway, with code 1 and a log line saying so. Requests cut off get no answer; their transactions roll back.
 */
export function boundShutdown(log: LoggerService, seconds: number): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      setTimeout(() => {
        log.error({ signal, seconds }, 'shutdown did not finish in time; exiting with work in flight');
        process.exit(1);
      }, seconds * 1000).unref();
    });
  }
}
