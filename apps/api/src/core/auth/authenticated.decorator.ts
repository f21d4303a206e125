import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Permission } from '@portal/shared';
import type { AuthUser } from './auth-user';

export const AUTH_METADATA = 'portal:auth';

export type RouteAuth = { public: true } | { public?: false; permission: Permission | null };

/**
 * Declares the permission a route needs (none: any logged-in user, for their own account).
 * Every route has exactly one of @Authenticated or @Public; the API refuses to start otherwise.
 */
export const Authenticated = (opts: { permission?: Permission } = {}) =>
  SetMetadata(AUTH_METADATA, {
    permission: opts.permission ?? null,
  } satisfies RouteAuth);

export const Public = () => SetMetadata(AUTH_METADATA, { public: true } satisfies RouteAuth);

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest().user;
});
