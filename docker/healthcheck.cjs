// The image's HEALTHCHECK: GET HEALTHCHECK_URL (default: the API's liveness on PORT), healthy on 200. The worker's
// service sets HEALTHCHECK_URL to its own port (WORKER_HTTP_PORT, /health/live). The image has no curl.
const url = process.env.HEALTHCHECK_URL || `http://127.0.0.1:${process.env.PORT || 3000}/api/health/live`;
fetch(url, { signal: AbortSignal.timeout(4000) }).then(
  (r) => process.exit(r.status === 200 ? 0 : 1),
  () => process.exit(1),
);
