import type { INestApplication } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { routeTable } from '../auth/route-table';

/** The error body every operation can answer, as an OpenAPI schema (RFC 9457 plus the portal's members). */
export const PROBLEM_SCHEMA = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail', 'instance', 'statusCode', 'code', 'message_zh', 'message_en'],
  properties: {
    type: { type: 'string', example: '/api/problems/NOT_FOUND', description: 'GET it for the code’s templates' },
    title: { type: 'string', example: 'Not Found' },
    status: { type: 'integer', example: 404 },
    detail: { type: 'string', description: 'this occurrence, Chinese unless Accept-Language prefers English' },
    instance: { type: 'string', example: '/api/returns/2f0c…' },
    statusCode: { type: 'integer', example: 404 },
    code: { type: 'string', example: 'NOT_FOUND' },
    message_zh: { type: 'string' },
    message_en: { type: 'string' },
    details: {
      description: 'VALIDATION_FAILED: one entry per field { field, problems, problems_zh, message_zh, message_en }',
    },
  },
} as const;

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/**
 * Completes the generated document: the Problem schema, a `default` problem+json response on every operation
 * (4xx/5xx answers all take that shape), and the bearer requirement on every route that is not @Public.
 */
export function documentErrorsAndSecurity(app: INestApplication, doc: OpenAPIObject): OpenAPIObject {
  doc.components = { ...doc.components, schemas: { ...doc.components?.schemas, Problem: PROBLEM_SCHEMA as never } };
  const open = new Set(
    routeTable(app)
      .filter((r) => r.auth && 'public' in r.auth && r.auth.public)
      .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`),
  );
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      op.responses = {
        ...op.responses,
        default: {
          description: 'Error (RFC 9457 problem with code, message_zh, message_en)',
          content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
        },
      };
      if (!open.has(`${method} ${path}`)) op.security = [{ bearer: [] }];
    }
  }
  return doc;
}
