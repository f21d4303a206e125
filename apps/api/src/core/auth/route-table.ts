import { RequestMethod, type INestApplication } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { AUTH_METADATA, type RouteAuth } from './authenticated.decorator';

export interface RouteEntry {
  method: string;
  path: string;
  controller: string;
  handler: string;
  auth: RouteAuth | undefined;
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
