import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { PinoLogger as NestPinoLogger } from 'nestjs-pino';
import type { Logger as PinoLogger } from 'pino';
import { storage, Store } from 'nestjs-pino/storage';
import { runWithRequestId } from '../context/request-context';
import { PortalMetrics } from '../metrics/metrics';

const WRAPPED = Symbol('jobContext');

let hooks: { logger?: PinoLogger; metrics?: PortalMetrics } = {};

/** Set once by the worker at start: the root logger and the metrics every job is recorded in. */
export function configureJobContext(h: { logger: PinoLogger; metrics: PortalMetrics }): void {
  hooks = h;
}

/**
 * On a processor's `process` method: every log line written while the job runs carries `requestId` (of the request
 * that enqueued it, from `job.data.requestId`), `jobId`, `queue` and `job`; jobs it enqueues carry the same request
 * id; its duration and outcome are recorded in the metrics and logged (`job completed` or `job failed`). The worker refuses to start when a processor lacks it
 * (core/queue/processor-check.ts).
 */
export function JobContext(): MethodDecorator {
  return (_target, _key, descriptor: PropertyDescriptor) => {
    const original = descriptor.value as (job: Job, token?: string) => Promise<unknown>;
    const wrapped = function (this: unknown, job: Job, token?: string): Promise<unknown> {
      const requestId = typeof job.data?.requestId === 'string' ? (job.data.requestId as string) : undefined;
      const run = () =>
        hooks.metrics
          ? hooks.metrics.timeJob(job.queueName, job.name, () => original.call(this, job, token))
          : original.call(this, job, token);
      const inRequest = () => (requestId ? runWithRequestId(requestId, run) : run());
      if (!hooks.logger) return inRequest();
      const child = hooks.logger.child({ requestId, jobId: job.id, queue: job.queueName, job: job.name });
      const started = Date.now();
      return storage.run(new Store(child), async () => {
        try {
          const result = await inRequest();
          child.info({ durationMs: Date.now() - started }, 'job completed');
          return result;
        } catch (err) {
          child.warn({ err, durationMs: Date.now() - started, attempt: job.attemptsMade + 1 }, 'job failed');
          throw err;
        }
      });
    };
    Object.defineProperty(wrapped, WRAPPED, { value: true });
    descriptor.value = wrapped;
    return descriptor;
  };
}

export function hasJobContext(fn: unknown): boolean {
  return typeof fn === 'function' && (fn as unknown as Record<symbol, unknown>)[WRAPPED] === true;
}

/**
 * Provided by the worker module: configures the job context when the providers are made, before the queue workers
 * start taking jobs (their onModuleInit), so no job runs without it.
 */
@Injectable()
export class JobContextSetup {
  constructor(logger: NestPinoLogger, metrics: PortalMetrics) {
    configureJobContext({ logger: logger.logger, metrics });
  }
}
