import { routeTable, type RouteEntry } from '../../src/core/auth/route-table';
import { ListQueryPipe } from '../../src/core/http/list-query';
import { startTestStack, type TestStack } from '../utils/app';

interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  items?: Schema;
  properties?: Record<string, Schema>;
}
interface Parameter {
  name: string;
  in: string;
  content?: Record<string, { schema?: Schema }>;
}
interface Operation {
  summary?: string;
  tags?: string[];
  parameters?: Parameter[];
  security?: Record<string, string[]>[];
  responses: Record<
    string,
    { description?: string; content?: Record<string, { schema?: Schema }>; headers?: Record<string, unknown> }
  >;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema>; securitySchemes?: Record<string, { type: string; scheme?: string }> };
}

describe('the OpenAPI document describes every operation', () => {
  let s: TestStack;
  let doc: Document;
  let operations: { key: string; op: Operation }[];
  beforeAll(async () => {
    s = await startTestStack({ demo: false });
    doc = (await s.call('GET', '/api/docs-json')).body;
    operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })),
    );
  });
  afterAll(() => s.close());

  const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');
  const keyOf = (r: RouteEntry) => `${r.method} ${openApiPath(r.path)}`;
  const operationOf = (r: RouteEntry) => doc.paths[openApiPath(r.path)][r.method.toLowerCase()];

  it('has one operation per route', () => {
    expect(operations.map((o) => o.key).sort()).toEqual(
      routeTable(s.app)
        .map((r) => `${r.method} ${openApiPath(r.path)}`)
        .sort(),
    );
  });

  it('gives every operation a summary in Chinese and English and a tag', () => {
    const bilingual = (text: string | undefined) => !!text && /[\u4e00-\u9fff]/.test(text) && /[A-Za-z]{3}/.test(text);
    expect(operations.filter(({ op }) => !bilingual(op.summary)).map((o) => o.key)).toEqual([]);
    expect(operations.filter(({ op }) => !op.tags?.length).map((o) => o.key)).toEqual([]);
  });

  it('documents the problem+json error answer on every operation', () => {
    const problem = (op: Operation) =>
      Object.entries(op.responses).some(
        ([status, r]) =>
          (status === 'default' || /^[45]/.test(status)) &&
          r.content?.['application/problem+json']?.schema?.$ref === '#/components/schemas/Problem',
      );
    expect(operations.filter(({ op }) => !problem(op)).map((o) => o.key)).toEqual([]);
    expect(doc.components.schemas.Problem.properties).toHaveProperty('message_en');
  });

  it('documents the success answer of every operation with its status and a schema that has properties', () => {
    const refTarget = (schema: Schema | undefined): Schema | undefined => {
      const ref = schema?.$ref ?? schema?.items?.$ref;
      return ref ? doc.components.schemas[ref.replace('#/components/schemas/', '')] : undefined;
    };
    const described = (schema: Schema | undefined) =>
      !!schema &&
      ((schema.type === 'string' && schema.format === 'binary') ||
        Object.keys(refTarget(schema)?.properties ?? {}).length > 0);
    const missing: string[] = [];
    const wrongStatus: string[] = [];
    const noContent: string[] = [];
    for (const route of routeTable(s.app)) {
      const key = keyOf(route);
      const op = operationOf(route);
      const success = Object.keys(op.responses).filter((status) => /^2/.test(status));
      if (!success.includes(String(route.status)))
        wrongStatus.push(`${key} answers ${route.status}, documents ${success}`);
      // 204 No Content has no body to describe: documented as such, with what it means and no content.
      if (route.status === 204) {
        const r = op.responses['204'];
        if (!r?.description || r.content) noContent.push(key);
        continue;
      }
      const schemas = success.flatMap((status) =>
        Object.values(op.responses[status].content ?? {}).map((c) => c.schema),
      );
      if (!schemas.length || !schemas.every(described)) missing.push(key);
    }
    expect({ wrongStatus, noContent, missing }).toEqual({ wrongStatus: [], noContent: [], missing: [] });
  });

  it('documents the list contract on every list route: JSON range, sort and filter, and Content-Range', () => {
    const lists = routeTable(s.app).filter((r) =>
      r.args.some((a) => a.kind === 'query' && a.pipes.some((p) => p instanceof ListQueryPipe)),
    );
    expect(lists.map(keyOf)).toEqual(expect.arrayContaining(['GET /api/returns', 'GET /api/audit']));
    const undocumented = lists.flatMap((route) => {
      const op = operationOf(route);
      const problems = ['range', 'sort', 'filter']
        .filter(
          (name) =>
            !op.parameters?.some((p) => p.name === name && p.in === 'query' && p.content?.['application/json']?.schema),
        )
        .map((name) => `parameter ${name}`);
      if (!op.responses[String(route.status)]?.headers?.['Content-Range']) problems.push('header Content-Range');
      return problems.map((p) => `${keyOf(route)}: ${p}`);
    });
    expect(undocumented).toEqual([]);
    // The filter names the route's fields with their types (id on every list: react-admin's getMany).
    const returns = doc.paths['/api/returns'].get.parameters!.find((p) => p.name === 'filter')!;
    expect(Object.keys(returns.content!['application/json'].schema!.properties!)).toEqual(
      expect.arrayContaining(['id', 'status', 'periodCode']),
    );
  });

  it('exposes Content-Range to the web app across origins', async () => {
    const origin = s.config.WEB_ORIGIN ?? `http://localhost:${s.config.WEB_PORT}`;
    const res = await s.call('GET', '/api/health/live', { headers: { Origin: origin } });
    expect(res.headers.get('access-control-expose-headers')?.split(',')).toContain('Content-Range');
  });

  it('requires the bearer token on every route but the public ones', () => {
    expect(doc.components.securitySchemes?.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    const wrong = routeTable(s.app).filter((route) => {
      const isPublic = !!route.auth && 'public' in route.auth && route.auth.public;
      const bearer = operationOf(route).security?.some((req) => 'bearer' in req) ?? false;
      return isPublic === bearer;
    });
    expect(wrong.map(keyOf)).toEqual([]);
    expect(operationOf(routeTable(s.app).find((r) => r.path === '/api/health/live')!).security).toBeUndefined();
  });
});
