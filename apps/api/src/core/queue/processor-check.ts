import type { INestApplicationContext } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { QUEUES } from './queues';

const PROCESSOR_METADATA = 'bullmq:processor_metadata';

/** The worker refuses to start when a queue has no processor: its jobs would wait forever. */
export function assertEveryQueueHasAProcessor(app: INestApplicationContext): void {
  const handled = new Set<string>();
  for (const wrapper of app.get(DiscoveryService).getProviders()) {
    const meta = wrapper.metatype && Reflect.getMetadata(PROCESSOR_METADATA, wrapper.metatype);
    if (meta?.name) handled.add(meta.name);
  }
  const missing = Object.values(QUEUES).filter((q) => !handled.has(q));
  if (missing.length) throw new Error(`Queues without a processor: ${missing.join(', ')}`);
}
