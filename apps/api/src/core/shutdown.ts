import type { INestApplicationContext, LoggerService } from '@nestjs/common';
import { stopTracing } from './tracing/preload';

/**
 * The process's place in its life: `draining` from the shutdown signal on. Readiness (`/api/health/ready`, the
 * worker's `/health/ready`) answers 503 while draining, so a load balancer or orchestrator stops sending work.
 */
export class Lifecycle {
  draining = false;
  drainingSince: Date | null = null;

  startDraining(): void {
    if (this.draining) return;
    this.draining = true;
    this.drainingSince = new Date();
  }
}

/**
 * Graceful shutdown on SIGTERM or SIGINT: readiness goes false at once; after `drainSeconds` (time for a load
 * balancer to notice, new requests are still served meanwhile) Nest closes the HTTP server, the queue workers and
 * the database pool, each waiting for what is in flight; buffered trace spans are exported; then the process exits 0. Something stuck (a request
 * waiting for a lock, a pool that cannot drain) would keep the process alive for ever: `timeoutSeconds` after the
 * drain it exits anyway, with code 1 and a log line saying so. Requests cut off get no answer; their transactions
 * roll back.
 */
export function gracefulShutdown(
  app: INestApplicationContext,
  log: LoggerService,
  lifecycle: Lifecycle,
  opts: { drainSeconds: number; timeoutSeconds: number; afterClose?: () => Promise<void> },
): void {
  let started = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (started) return;
    started = true;
    lifecycle.startDraining();
    log.log({ signal, drainSeconds: opts.drainSeconds }, 'shutting down: readiness is false, draining');
    setTimeout(
      () => {
        log.error(
          { signal, seconds: opts.timeoutSeconds },
          'shutdown did not finish in time; exiting with work in flight',
        );
        process.exit(1);
      },
      (opts.drainSeconds + opts.timeoutSeconds) * 1000,
    ).unref();
    setTimeout(() => {
      app
        .close()
        .then(() => opts.afterClose?.())
        // The spans of the last requests and jobs are still in the batch: export them before exiting.
        .then(() => stopTracing())
        .then(
          () => process.exit(0),
          (err: unknown) => {
            log.error({ err }, 'shutdown failed');
            process.exit(1);
          },
        );
    }, opts.drainSeconds * 1000);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
