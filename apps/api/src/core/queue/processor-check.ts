import type { INestApplicationContext } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { hasJobContext } from './job-context';
import { QUEUES } from './queues';

const PROCESSOR_METADATA = 'bullmq:processor_metadata';

/**
 * The worker refuses to start when a queue has no processor (its jobs would wait forever) or a processor's
 * `process` lacks @JobContext().
 */
export function assertEveryQueueHasAProcessor(app: INestApplicationContext): void {
  const handled = new Set<string>();
  for (const wrapper of app.get(DiscoveryService).getProviders()) {
    const meta = wrapper.metatype && Reflect.getMetadata(PROCESSOR_METADATA, wrapper.metatype);
    if (!meta?.name) continue;
    handled.add(meta.name);
    // Without @JobContext() the job's log lines would lack its request id, and its duration the metrics.
    const processMethod = (wrapper.metatype as { prototype?: { process?: unknown } }).prototype?.process;
    if (!hasJobContext(processMethod)) throw new Error(`${wrapper.name}.process lacks @JobContext()`);
  }
  const missing = Object.values(QUEUES).filter((q) => !handled.has(q));
  if (missing.length) throw new Error(`Queues without a processor: ${missing.join(', ')}`);
}
