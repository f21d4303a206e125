import { RequestMethod, type INestApplication, type PipeTransform } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { AUTH_METADATA, type RouteAuth } from './authenticated.decorator';

/** A path parameter or the query of a handler, with the pipes of that argument (the global ones not included). */
export interface RouteArgument {
  kind: 'param' | 'query';
  /** The parameter's name; undefined for the whole query. */
  name: string | undefined;
  pipes: unknown[];
}

export interface RouteEntry {
  method: string;
  path: string;
  controller: string;
  handler: string;
  auth: RouteAuth | undefined;
  args: RouteArgument[];
  /** The status of a success (@HttpCode, else Nest's default: 201 for POST, 200 otherwise). */
  status: number;
}

const ARG_KINDS: Partial<Record<number, RouteArgument['kind']>> = {
  [RouteParamtypes.PARAM]: 'param',
  [RouteParamtypes.QUERY]: 'query',
};

function routeArguments(controller: object, handler: string): RouteArgument[] {
  const meta: Record<string, { data?: string; pipes?: (PipeTransform | object)[] }> =
    Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, handler) ?? {};
  return Object.entries(meta).flatMap(([key, arg]) => {
    const kind = ARG_KINDS[Number(key.split(':')[0])];
    return kind ? [{ kind, name: arg.data, pipes: arg.pipes ?? [] }] : [];
  });
}

const join = (...parts: string[]) =>
  '/' +
  parts
    .flatMap((p) => p.split('/'))
    .filter(Boolean)
    .join('/');

/** Every HTTP route with its declared permission: the source of the authorization matrix test. */
export function routeTable(app: INestApplication, prefix = 'api'): RouteEntry[] {
  const discovery = app.get(DiscoveryService);
  const scanner = app.get(MetadataScanner);
  const reflector = app.get(Reflector);
  const out: RouteEntry[] = [];
  for (const wrapper of discovery.getControllers()) {
    const instance = wrapper.instance as object | undefined;
    if (!instance || !wrapper.metatype) continue;
    const base = String(Reflect.getMetadata(PATH_METADATA, wrapper.metatype) ?? '');
    const proto = Object.getPrototypeOf(instance);
    for (const name of scanner.getAllMethodNames(proto)) {
      const handler = proto[name];
      const path = Reflect.getMetadata(PATH_METADATA, handler);
      if (path === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
      const auth = reflector.getAllAndOverride<RouteAuth | undefined>(AUTH_METADATA, [handler, wrapper.metatype]);
      for (const p of Array.isArray(path) ? path : [path]) {
        out.push({
          method,
          path: join(prefix, base, String(p)),
          controller: wrapper.metatype.name,
          handler: name,
          auth,
          args: routeArguments(wrapper.metatype, name),
          status: Reflect.getMetadata(HTTP_CODE_METADATA, handler) ?? (method === 'POST' ? 201 : 200),
        });
      }
    }
  }
  return out;
}

/** Refuses to start when a route declares neither @Authenticated nor @Public. */
export function assertEveryRouteDeclaresAccess(app: INestApplication): void {
  const missing = routeTable(app).filter((r) => !r.auth);
  if (missing.length) {
    throw new Error(
      `Routes without @Authenticated/@Public: ${missing.map((r) => `${r.method} ${r.path} (${r.controller}.${r.handler})`).join(', ')}`,
    );
  }
}

/**
 * Refuses to start when a path parameter is taken without a parsing pipe (UuidPipe, Int4Pipe, PeriodCodePipe, …,
 * `core/validation/pipes.ts`): an unparsed value reaches SQL, where a malformed one is a 500 instead of a 400.
 */
export function assertEveryPathParameterParsed(app: INestApplication): void {
  const bare = routeTable(app).flatMap((r) =>
    r.path
      .split('/')
      .filter((segment) => segment.startsWith(':'))
      .map((segment) => segment.slice(1))
      .filter((name) => !r.args.some((a) => a.kind === 'param' && a.name === name && a.pipes.length > 0))
      .map((name) => `${r.method} ${r.path} :${name} (${r.controller}.${r.handler})`),
  );
  if (bare.length) throw new Error(`Path parameters without a parsing pipe: ${bare.join(', ')}`);
}
