// The API's first import (main.ts): tracing as service `portal-api` when OTEL_EXPORTER_OTLP_ENDPOINT is set.
import { preloadTracing } from './preload';

preloadTracing('portal-api');
