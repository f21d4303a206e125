import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { eventually, LOAD_PASSWORD, seedFirms, type SeededFirm } from '../factories/load';
import { aReturnContent } from '../factories/returns';
import { startTestStack, type TestStack } from '../utils/app';
import { ROOT, startApi, startWorker, type Managed } from '../utils/processes';

/** One span as an OTLP/HTTP JSON export carries it, with its resource's service name and its scope. */
interface ReceivedSpan {
  service: string;
  scope: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** OTLP's numbering: 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  attributes: Record<string, unknown>;
}

const SERVER = 2;
const CLIENT = 3;
const PRODUCER = 4;
const CONSUMER = 5;

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
  doubleValue?: number;
}
interface OtlpAttribute {
  key: string;
  value: OtlpValue;
}
interface OtlpExport {
  resourceSpans: {
    resource: { attributes: OtlpAttribute[] };
    scopeSpans: {
      scope: { name: string };
      spans: (Omit<ReceivedSpan, 'service' | 'scope' | 'attributes'> & { attributes: OtlpAttribute[] })[];
    }[];
  }[];
}

const attrs = (list: OtlpAttribute[] = []): Record<string, unknown> =>
  Object.fromEntries(
    list.map((a) => [a.key, a.value.stringValue ?? a.value.intValue ?? a.value.boolValue ?? a.value.doubleValue]),
  );

/** A stand-in for an OpenTelemetry collector: takes OTLP/HTTP JSON exports on POST /v1/traces and keeps the spans. */
async function startOtlpReceiver(): Promise<{ url: string; spans: ReceivedSpan[]; close: () => Promise<void> }> {
  const spans: ReceivedSpan[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/traces') {
        res.writeHead(404).end();
        return;
      }
      const raw = Buffer.concat(chunks);
      const body = JSON.parse(
        (req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8'),
      ) as OtlpExport;
      for (const rs of body.resourceSpans) {
        const service = String(attrs(rs.resource.attributes)['service.name']);
        for (const ss of rs.scopeSpans) {
          for (const s of ss.spans)
            spans.push({ ...s, service, scope: ss.scope.name, attributes: attrs(s.attributes) });
        }
      }
      // Stored before the answer: an exporter that got its answer has its spans here.
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The JSON log line of `output` that contains every one of `parts`. */
function logLine(output: string, ...parts: string[]): Record<string, unknown> | undefined {
  const line = output.split('\n').find((l) => parts.every((p) => l.includes(p)));
  return line ? (JSON.parse(line) as Record<string, unknown>) : undefined;
}

/**
 * OpenTelemetry tracing against the real API and worker processes (issue 18): with OTEL_EXPORTER_OTLP_ENDPOINT
 * pointing at a stand-in collector, a draft save is one trace from the API's HTTP server span through its
 * PostgreSQL queries and the validation job's `add` to the worker's `process` span of that job, and both
 * processes' log lines of it carry that trace id. The API's spans wait in its batch (a long export delay) until
 * SIGTERM, whose clean shutdown must export them. Without the variable nothing of OpenTelemetry is loaded.
 */
describe('tracing', () => {
  let s: TestStack;
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
  let api: Managed & { baseUrl: string };
  let worker: Managed;
  let firm: SeededFirm;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    s = await startTestStack();
    [firm] = await seedFirms(s.ds, 1, { tag: 'TRCE' });
    const otel = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url };
    // The API exports only when its batch is full (it will not be) or at shutdown; the worker within 200 ms.
    api = await startApi(s.config, {
      ...otel,
      OTEL_BSP_SCHEDULE_DELAY: '3600000',
      OTEL_BSP_MAX_QUEUE_SIZE: '100000',
      OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '100000',
    });
    worker = await startWorker(s.config, { ...otel, OTEL_BSP_SCHEDULE_DELAY: '200' });
  }, 300_000);

  afterAll(async () => {
    await worker?.stop('SIGKILL');
    await api?.stop('SIGKILL');
    await s?.close();
    await receiver?.close();
  });

  it('follows a draft save from the HTTP request through its queries into the validation job, in one trace', async () => {
    const login = await fetch(`${api.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: firm.username, password: LOAD_PASSWORD }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const [{ version }] = await s.ds.query(`SELECT version FROM statistical_return WHERE id = $1`, [firm.returnId]);
    const save = await fetch(`${api.baseUrl}/api/returns/${firm.returnId}/draft`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}`, 'x-request-id': 'otel-1' },
      body: JSON.stringify({ version, content: aReturnContent(firm.profile) }),
    });
    expect(save.status).toBe(200);

    // The worker's span of the validation job this save enqueued (its job id names the return).
    const job = await eventually(
      'the validation job traced by the worker',
      async () =>
        receiver.spans.find(
          (sp) =>
            sp.service === 'portal-worker' &&
            sp.kind === CONSUMER &&
            sp.name === 'process validation' &&
            String(sp.attributes['bullmq.job.id']).includes(firm.returnId),
        ),
      120_000,
    );
    const trace = job.traceId;
    expect(trace).toMatch(/^[0-9a-f]{32}$/);
    // The job's own queries are in the request's trace too.
    expect(
      receiver.spans.some(
        (sp) =>
          sp.service === 'portal-worker' && sp.traceId === trace && sp.scope === '@opentelemetry/instrumentation-pg',
      ),
    ).toBe(true);
    // Nothing from the API yet: its spans are still in its batch.
    expect(receiver.spans.filter((sp) => sp.service === 'portal-api')).toEqual([]);

    await api.stop('SIGTERM');
    expect(api.proc.exitCode).toBe(0);
    const apiSpans = receiver.spans.filter((sp) => sp.service === 'portal-api' && sp.traceId === trace);
    const server = apiSpans.find((sp) => sp.kind === SERVER && !sp.parentSpanId);
    expect(server).toMatchObject({
      scope: '@opentelemetry/instrumentation-http',
      name: 'PUT /api/returns/:id/draft',
    });
    expect(apiSpans.some((sp) => sp.kind === CLIENT && sp.scope === '@opentelemetry/instrumentation-pg')).toBe(true);
    const add = apiSpans.find((sp) => sp.kind === PRODUCER && sp.name === 'add validation.validate');
    expect(add).toBeDefined();
    // The worker's span continues from the API's `add`.
    expect(job.parentSpanId).toBe(add!.spanId);

    // The log lines of the save and of its job carry the trace id next to the request id.
    expect(logLine(api.output(), '"requestId":"otel-1"', 'request completed')).toMatchObject({
      requestId: 'otel-1',
      trace_id: trace,
    });
    expect(logLine(worker.output(), '"requestId":"otel-1"', 'job completed')).toMatchObject({
      queue: 'validation',
      trace_id: trace,
    });
  }, 300_000);

  it('loads nothing of OpenTelemetry without OTEL_EXPORTER_OTLP_ENDPOINT, and refuses a malformed one at boot', () => {
    const probe = `require('./apps/api/src/core/tracing/api');
      const loaded = Object.keys(require.cache).filter((f) => /@opentelemetry|bullmq-otel|core\\/tracing\\/tracing/.test(f));
      process.stdout.write(JSON.stringify(loaded));`;
    const run = (env: Record<string, string>) =>
      spawnSync(process.execPath, ['-r', './scripts/register.cjs', '-e', probe], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: s.config.DATABASE_URL, OTEL_EXPORTER_OTLP_ENDPOINT: '', ...env },
        encoding: 'utf8',
      });
    const off = run({});
    expect(off.status).toBe(0);
    expect(JSON.parse(off.stdout)).toEqual([]);
    // The same probe sees the SDK once the variable is set.
    const on = run({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url });
    expect(on.status).toBe(0);
    expect(JSON.parse(on.stdout)).toEqual(expect.arrayContaining([expect.stringContaining('@opentelemetry/sdk-node')]));

    const bad = run({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' });
    expect(bad.status).toBe(78);
    expect(bad.stderr).toMatch(/OTEL_EXPORTER_OTLP_ENDPOINT: .*\(配置项格式错误\)/);
  }, 180_000); // three node processes compiling TypeScript at start: generous on a loaded machine
});
