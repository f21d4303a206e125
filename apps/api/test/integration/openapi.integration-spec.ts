import { routeTable } from '../../src/core/auth/route-table';
import { startTestStack, type TestStack } from '../utils/app';

interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  items?: Schema;
  properties?: Record<string, Schema>;
}
interface Operation {
  summary?: string;
  tags?: string[];
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

/**
 * Operations whose answer has no shared type yet (entities, list rows and small acknowledgements still typed inside
 * their modules), so no documented schema. The list only shrinks: a route documented since must leave it (the test
 * fails while it is listed), and a new route cannot join it.
 */
const WITHOUT_RESPONSE_SCHEMA: string[] = [
  'DELETE /api/continent-members/{id}',
  'DELETE /api/holidays/{date}',
  'DELETE /api/partner-groups/{id}',
  'GET /api/audit',
  'GET /api/continent-members',
  'GET /api/continent-members/{id}',
  'GET /api/extension-requests',
  'GET /api/health',
  'GET /api/health/live',
  'GET /api/health/ready',
  'GET /api/holidays',
  'GET /api/partner-groups',
  'GET /api/partner-groups/{id}',
  'GET /api/periods/{code}/obligations',
  'GET /api/periods/{code}/standing',
  'GET /api/rules',
  'GET /api/validation/failed-jobs',
  'POST /api/auth/password-reset',
  'POST /api/auth/unlock',
  'POST /api/continent-members',
  'POST /api/enterprises/{id}/profile',
  'POST /api/exports',
  'POST /api/extension-requests/{id}/decision',
  'POST /api/holidays',
  'POST /api/partner-groups',
  'POST /api/periods/{code}/extension-requests',
  'POST /api/returns/{id}/comments/{commentId}/respond',
  'POST /api/users/{id}/reset-password',
  'PUT /api/continent-members/{id}',
  'PUT /api/partner-groups/{id}',
  'PUT /api/rules/{id}/override',
];

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
    for (const route of routeTable(s.app)) {
      const key = `${route.method} ${openApiPath(route.path)}`;
      const op = doc.paths[openApiPath(route.path)][route.method.toLowerCase()];
      const success = Object.keys(op.responses).filter((status) => /^2/.test(status));
      if (!success.includes(String(route.status)))
        wrongStatus.push(`${key} answers ${route.status}, documents ${success}`);
      // 204 No Content has no body to describe.
      if (route.status === 204) continue;
      const schemas = success.flatMap((status) =>
        Object.values(op.responses[status].content ?? {}).map((c) => c.schema),
      );
      if (!schemas.length || !schemas.every(described)) missing.push(key);
    }
    expect(wrongStatus).toEqual([]);
    expect(missing.sort()).toEqual([...WITHOUT_RESPONSE_SCHEMA].sort());
  });
});
