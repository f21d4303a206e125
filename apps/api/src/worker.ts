import 'reflect-metadata';
import { getQueueToken } from '@nestjs/bullmq';
import { NestFactory } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { Logger } from 'nestjs-pino';
import { exitOnConfigError } from './core/config/boot';
import { loadConfig } from './core/config/config';
import { boundShutdown } from './core/shutdown';
import { QUEUES } from './core/queue/queues';
import { assertEveryQueueHasAProcessor } from './core/queue/processor-check';
import { SWEEP_JOB } from './modules/validation/validation.service';
import { WorkerModule } from './worker.module';

async function main() {
  const config = exitOnConfigError(loadConfig);
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  assertEveryQueueHasAProcessor(app);
  const log = app.get(Logger);
  boundShutdown(log, config.SHUTDOWN_TIMEOUT_SECONDS);
  // Redis keeps nothing on disk in small deployments: after a Redis restart the schedules are gone, so they are
  // registered again every minute (upserting a schedule is idempotent).
  const schedule = async () => {
    const maintenance = app.get<Queue>(getQueueToken(QUEUES.maintenance));
    await maintenance.upsertJobScheduler('audit-verify-hourly', { every: 3_600_000 }, { name: 'audit.verify' });
    await maintenance.upsertJobScheduler('review-escalate-hourly', { every: 3_600_000 }, { name: 'review.escalate' });
    await app
      .get<Queue>(getQueueToken(QUEUES.validation))
      .upsertJobScheduler('validation-sweep', { every: config.VALIDATION_SWEEP_SECONDS * 1000 }, { name: SWEEP_JOB });
  };
  await schedule();
  setInterval(
    () => schedule().catch((err) => log.warn({ err }, 'job schedules not registered')),
    Math.min(60, config.VALIDATION_SWEEP_SECONDS) * 1000,
  ).unref();
  app.get(Logger).log({ queues: Object.values(QUEUES) }, 'worker ready');
}

void main();
