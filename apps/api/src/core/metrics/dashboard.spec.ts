import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PortalMetrics } from './metrics';

interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { uid: string };
  targets?: { expr: string; datasource: { uid: string } }[];
}

/**
 * docs/grafana/portal-dashboard.json (issue 18) charts only series the portal exports: every `portal_*` name in a
 * panel's query is one of PortalMetrics' series (a histogram's _bucket/_count/_sum included), so renaming a metric
 * without the dashboard fails here.
 */
describe('the Grafana dashboard', () => {
  const dashboard = JSON.parse(
    readFileSync(join(__dirname, '../../../../../docs/grafana/portal-dashboard.json'), 'utf8'),
  ) as { panels: Panel[]; __inputs: { name: string }[] };
  const queried = dashboard.panels.filter((p) => p.type !== 'row');

  it('queries only metrics the API and the worker export', async () => {
    const exported = new Set<string>();
    for (const m of await new PortalMetrics('api').registry.getMetricsAsJSON()) {
      exported.add(m.name);
      if (String(m.type) === 'histogram') for (const s of ['_bucket', '_count', '_sum']) exported.add(`${m.name}${s}`);
    }
    const used = new Set(queried.flatMap((p) => (p.targets ?? []).flatMap((t) => t.expr.match(/\bportal_\w+/g) ?? [])));
    expect(used.size).toBeGreaterThan(5);
    expect([...used].filter((name) => !exported.has(name))).toEqual([]);
  });

  it('charts request rate, errors, latency, queue depth, job durations, failures, workers and the pool', () => {
    const exprs = queried.flatMap((p) => (p.targets ?? []).map((t) => t.expr)).join('\n');
    for (const series of [
      'portal_http_request_duration_seconds_count',
      'status=~"5.."',
      'portal_http_request_duration_seconds_bucket',
      'portal_queue_jobs{state="waiting"}',
      'portal_job_duration_seconds_bucket',
      'portal_jobs_failed_total',
      'up{job="$worker_job"}',
      'portal_db_pool_connections',
    ]) {
      expect(exprs).toContain(series);
    }
  });

  it('has unique panel ids and asks for its Prometheus data source on import', () => {
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(dashboard.__inputs.map((i) => i.name)).toEqual(['DS_PROMETHEUS']);
    for (const p of queried) {
      expect(p.datasource?.uid).toBe('${DS_PROMETHEUS}');
      for (const t of p.targets ?? []) expect(t.datasource.uid).toBe('${DS_PROMETHEUS}');
    }
  });
});
