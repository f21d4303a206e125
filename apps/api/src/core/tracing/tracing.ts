import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { NestInstrumentation } from '@opentelemetry/instrumentation-nestjs-core';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { PinoInstrumentation } from '@opentelemetry/instrumentation-pino';
import { NodeSDK } from '@opentelemetry/sdk-node';
import type { Telemetry } from 'bullmq';
import { BullMQOtel } from 'bullmq-otel';
import { exitOnConfigError } from '../config/boot';
import { loadConfig } from '../config/config';

/** Probes and scrapes (API /api/health…, /api/metrics; worker /health/…, /metrics) would drown the traces. */
const UNTRACED = /^\/(api\/)?(health|metrics)(\/|\?|$)/;

/**
 * The OpenTelemetry SDK with the portal's instrumentations, exporting spans over OTLP/HTTP (JSON) to
 * OTEL_EXPORTER_OTLP_ENDPOINT in batches (the SDK's BatchSpanProcessor, tuned with the standard OTEL_BSP_*
 * variables). Traced: incoming HTTP requests (Express routes and Nest handlers inside them), PostgreSQL queries
 * made within a request or a job (the SQL text, never its parameters), and BullMQ jobs from the `add` in the
 * request to the worker's `process`, which continues the request's trace. Log lines written inside a span carry
 * its `trace_id` and `span_id`. Only traces: no OpenTelemetry metrics or logs are exported (metrics are
 * Prometheus', logs go to standard output).
 */
export function startTracing(defaultServiceName: string): { telemetry: Telemetry; shutdown: () => Promise<void> } {
  // The same validation as the process's own at boot, done first: a bad endpoint stops the process here.
  const config = exitOnConfigError(loadConfig);
  const sdk = new NodeSDK({
    serviceName: config.OTEL_SERVICE_NAME ?? defaultServiceName,
    traceExporter: new OTLPTraceExporter(),
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => UNTRACED.test(req.url ?? '') }),
      // Middleware layers (helmet, body parsers, logging…) would add a dozen spans to every request.
      new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE] }),
      new NestInstrumentation(),
      // Queries outside a request or job (pool checks, start-up) would each be a trace of their own.
      new PgInstrumentation({ requireParentSpan: true }),
      new PinoInstrumentation({ disableLogSending: true }),
    ],
  });
  sdk.start();
  return { telemetry: new BullMQOtel(), shutdown: () => sdk.shutdown() };
}
