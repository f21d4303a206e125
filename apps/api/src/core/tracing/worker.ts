// The worker's first import (worker.ts): tracing as service `portal-worker` when OTEL_EXPORTER_OTLP_ENDPOINT is set.
import { preloadTracing } from './preload';

preloadTracing('portal-worker');
