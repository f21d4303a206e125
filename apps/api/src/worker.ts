import 'reflect-metadata';
import { getQueueToken } from '@nestjs/bullmq';
import { NestFactory } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { Logger } from 'nestjs-pino';
import { exitOnConfigError } from './core/config/boot';
import { loadConfig } from './core/config/config';
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
  await app
    .get<Queue>(getQueueToken(QUEUES.maintenance))
    .upsertJobScheduler('audit-verify-hourly', { every: 3_600_000 }, { name: 'audit.verify' });
  await app
    .get<Queue>(getQueueToken(QUEUES.validation))
    .upsertJobScheduler('validation-sweep', { every: 60_000 }, { name: SWEEP_JOB });
  await app
    .get<Queue>(getQueueToken(QUEUES.maintenance))
    .upsertJobScheduler('review-escalate-hourly', { every: 3_600_000 }, { name: 'review.escalate' });
  app.get(Logger).log({ queues: Object.values(QUEUES) }, 'worker ready');
}

void main();
