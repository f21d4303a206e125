import type { INestApplication } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { ParameterObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { ObjectLiteral } from 'typeorm';
import { routeTable } from '../auth/route-table';
import { ListQueryPipe, type FilterType, type ListSpec } from './list-query';

const VALUE_SCHEMAS: Record<FilterType, SchemaObject> = {
  uuid: { type: 'string', format: 'uuid' },
  int: { type: 'integer', minimum: 0 },
  bigint: { type: 'string', pattern: '^\\d{1,16}$', description: 'a bigserial id (digits, or a number)' },
  date: { type: 'string', format: 'date' },
  datetime: { type: 'string', description: 'a date YYYY-MM-DD or an ISO 8601 time' },
  period: { type: 'string', pattern: '^\\d{4}Q[1-4]$', example: '2026Q3' },
  enum: { type: 'string' },
  boolean: { type: 'boolean' },
  text: { type: 'string' },
};

function filterSchema(spec: ListSpec<ObjectLiteral>): SchemaObject {
  const properties: Record<string, SchemaObject> = {};
  for (const [name, f] of Object.entries(spec.filters)) {
    const one: SchemaObject = f.values ? { ...VALUE_SCHEMAS[f.type], enum: [...f.values] } : VALUE_SCHEMAS[f.type];
    properties[name] = f.many ? { oneOf: [one, { type: 'array', items: one }] } : one;
  }
  return { type: 'object', additionalProperties: false, properties };
}

/** The three JSON-encoded query parameters of a list, as ra-data-simple-rest sends them, from the route's ListSpec. */
function listParameters(spec: ListSpec<ObjectLiteral>): ParameterObject[] {
  const sortable = Object.keys(spec.sortable);
  return [
    {
      name: 'range',
      in: 'query',
      required: false,
      description:
        `JSON [start, end], the rows to answer (0-based, inclusive); at most ${spec.maxPageSize ?? 1000} rows. ` +
        'Default: [0, 24], or every id asked for by filter.id.',
      content: {
        'application/json': {
          schema: { type: 'array', items: { type: 'integer', minimum: 0 }, minItems: 2, maxItems: 2 },
          example: [0, 24],
        },
      },
    },
    {
      name: 'sort',
      in: 'query',
      required: false,
      description:
        `JSON [field, "ASC" | "DESC"]; field is one of ${sortable.join(', ')}. ` +
        `Default: ${JSON.stringify(spec.defaultSort)}.`,
      content: {
        'application/json': {
          schema: { type: 'array', items: { type: 'string' }, minItems: 2, maxItems: 2 },
          example: spec.defaultSort,
        },
      },
    },
    {
      name: 'filter',
      in: 'query',
      required: false,
      description:
        'JSON object of filters; an unknown field or a value of the wrong type is a 400 naming it. ' +
        'A field taking a list matches any of its values (react-admin getMany sends {"id": [...]}).',
      content: { 'application/json': { schema: filterSchema(spec), example: {} } },
    },
  ];
}

/**
 * Documents the react-admin list contract on every list route (the routes whose query is a @ListQuery): the
 * `range`, `sort` and `filter` parameters (JSON-encoded), with the route's sort fields and typed filters, and the
 * `Content-Range` header of the answer, which CORS exposes to the web app (app.factory.ts).
 */
export function documentListContract(app: INestApplication, doc: OpenAPIObject): OpenAPIObject {
  for (const route of routeTable(app)) {
    const pipe = route.args
      .filter((a) => a.kind === 'query')
      .flatMap((a) => a.pipes)
      .find((p): p is ListQueryPipe<ObjectLiteral> => p instanceof ListQueryPipe);
    if (!pipe) continue;
    const op = doc.paths[route.path.replace(/:(\w+)/g, '{$1}')]?.[route.method.toLowerCase() as 'get'];
    if (!op) continue;
    op.parameters = [
      ...(op.parameters ?? []).filter((p) => !('in' in p && p.in === 'query')),
      ...listParameters(pipe.spec),
    ];
    for (const [status, response] of Object.entries(op.responses)) {
      if (!response || !/^2/.test(status) || '$ref' in response) continue;
      response.headers = {
        ...response.headers,
        'Content-Range': {
          description:
            '`<resource> <start>-<end>/<total>`: the rows answered and how many match the filter (e.g. `returns 0-24/318`)',
          schema: { type: 'string', pattern: '^\\S+ \\d+-\\d+/\\d+$' },
        },
      };
    }
  }
  return doc;
}
