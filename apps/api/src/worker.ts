// First: tracing (when configured) must patch Nest, pg and pino before they load.
import './core/tracing/worker';
import 'reflect-metadata';
import { getQueueToken } from '@nestjs/bullmq';
import { NestFactory } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { Logger } from 'nestjs-pino';
import { exitOnConfigError } from './core/config/boot';
import { loadConfig } from './core/config/config';
import { DataSource } from 'typeorm';
import { WorkerHealth } from './core/health/worker-health';
import { PortalMetrics } from './core/metrics/metrics';
import { gracefulShutdown, Lifecycle } from './core/shutdown';
import { QUEUES } from './core/queue/queues';
import { assertEveryQueueHasAProcessor } from './core/queue/processor-check';
import { JOB_SWEEP, JobSweep } from './modules/queues/job-sweep';
import { WorkerModule } from './worker.module';

async function main() {
  const config = exitOnConfigError(loadConfig);
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  assertEveryQueueHasAProcessor(app);
  const log = app.get(Logger);
  const lifecycle = app.get(Lifecycle);
  const health = new WorkerHealth({
    redis: config,
    prefix: config.QUEUE_PREFIX,
    ds: app.get(DataSource),
    lifecycle,
    log,
  });
  // No drain time: a worker gets no requests; closing waits for the jobs it is running.
  gracefulShutdown(app, log, lifecycle, {
    drainSeconds: 0,
    timeoutSeconds: config.SHUTDOWN_TIMEOUT_SECONDS,
    afterClose: () => health.stop(),
  });
  const metrics = app
    .get(PortalMetrics)
    .watchQueues(Object.values(QUEUES).map((name) => app.get<Queue>(getQueueToken(name))))
    .watchPool(app.get(DataSource));
  health.start(config.WORKER_HTTP_PORT, {
    '/metrics': async (req, res) => metrics.handler(config.METRICS_TOKEN)(req, res),
  });
  // Redis keeps nothing on disk in small deployments: after a Redis restart the schedules are gone, so they are
  // registered again every minute (upserting a schedule is idempotent).
  const maintenance = app.get<Queue>(getQueueToken(QUEUES.maintenance));
  const schedule = async () => {
    await maintenance.upsertJobScheduler('audit-verify-hourly', { every: 3_600_000 }, { name: 'audit.verify' });
    await maintenance.upsertJobScheduler('review-escalate-hourly', { every: 3_600_000 }, { name: 'review.escalate' });
    await maintenance.upsertJobScheduler('jobs-sweep', { every: config.JOB_SWEEP_SECONDS * 1000 }, { name: JOB_SWEEP });
  };
  await schedule();
  // The validation queue's own sweep schedule of earlier versions: its jobs have no handler any more.
  await app.get<Queue>(getQueueToken(QUEUES.validation)).removeJobScheduler('validation-sweep');
  setInterval(
    () => schedule().catch((err) => log.warn({ err }, 'job schedules not registered')),
    Math.min(60, config.JOB_SWEEP_SECONDS) * 1000,
  ).unref();
  // At start, before the first scheduled run: jobs lost while no worker ran are repaired at once.
  await app
    .get(JobSweep)
    .run()
    .catch((err) => log.warn({ err }, 'job sweep failed'));
  app.get(Logger).log({ queues: Object.values(QUEUES) }, 'worker ready');
}

void main();
