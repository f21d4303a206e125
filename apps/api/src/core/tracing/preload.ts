import type { Telemetry } from 'bullmq';

/**
 * OpenTelemetry tracing, off unless OTEL_EXPORTER_OTLP_ENDPOINT is set. This module is all that is loaded while it
 * is off: one look at the environment; the SDK and its instrumentations (./tracing) are required only when on.
 */
interface Running {
  telemetry: Telemetry;
  shutdown: () => Promise<void>;
}

let running: Running | null = null;

/**
 * Starts tracing when OTEL_EXPORTER_OTLP_ENDPOINT is set. Called by the entry points' first import (api.ts,
 * worker.ts here), before Nest, Express, TypeORM/pg and pino are required: the instrumentations patch those
 * modules as they load, and miss any loaded earlier.
 */
export function preloadTracing(defaultServiceName: string): void {
  if (running || !process.env.OTEL_EXPORTER_OTLP_ENDPOINT) return;
  // A synchronous require: an import() would resolve after the entry point had loaded everything else.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startTracing } = require('./tracing') as typeof import('./tracing');
  running = startTracing(defaultServiceName);
}

/** BullMQ's telemetry (producer and consumer spans, trace context carried in the job) while tracing is on. */
export function queueTelemetry(): Telemetry | undefined {
  return running?.telemetry;
}

/** Exports the spans still buffered and stops tracing; at once when tracing is off. Never throws. */
export async function stopTracing(): Promise<void> {
  const r = running;
  running = null;
  await r?.shutdown().catch(() => undefined);
}
