import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService, TokenExpiredError } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import type { Request } from 'express';
import { Repository } from 'typeorm';
import { permissionsOf, type Role, type ScopeKind } from '@portal/shared';
import { UserEntity } from '../../modules/users/user.entity';
import { AppError, BEARER_CHALLENGE } from '../errors/app-error';
import type { AuthUser } from './auth-user';
import { AUTH_METADATA, type RouteAuth } from './authenticated.decorator';

export interface TokenPayload {
  sub: string;
  tv: number;
}

/** RFC 6750 §3.1: a token was presented but is expired, revoked or forged. */
const rejectedToken = (code: 'UNAUTHENTICATED' | 'TOKEN_EXPIRED') =>
  new AppError(code, {}, undefined, { 'WWW-Authenticate': `${BEARER_CHALLENGE}, error="invalid_token"` });

export function bearerToken(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7);
  const cookie = req.headers.cookie
    ?.split(';')
    .map((c) => c.trim())
    .find((c) => c.startsWith('portal_token='));
  return cookie ? decodeURIComponent(cookie.slice('portal_token='.length)) : undefined;
}

/**
 * Global guard: verifies the JWT, reloads the user (so logout, a role change or deactivation takes effect at
 * once through the token version) and checks the route's declared permission.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    @InjectRepository(UserEntity)
    private readonly users: Repository<UserEntity>,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const auth = this.reflector.getAllAndOverride<RouteAuth | undefined>(AUTH_METADATA, [
      ctx.getHandler(),
      ctx.getClass(),
    ]);
    if (!auth) throw new AppError('FORBIDDEN');
    if (auth.public) return true;
    const req = ctx.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    req.user = await this.authenticate(req);
    if (auth.permission && !req.user.permissions.has(auth.permission)) throw new AppError('FORBIDDEN');
    return true;
  }

  async authenticate(req: Request): Promise<AuthUser> {
    const token = bearerToken(req);
    if (!token) throw new AppError('UNAUTHENTICATED');
    let payload: TokenPayload;
    try {
      payload = await this.jwt.verifyAsync<TokenPayload>(token);
    } catch (e) {
      throw rejectedToken(e instanceof TokenExpiredError ? 'TOKEN_EXPIRED' : 'UNAUTHENTICATED');
    }
    // Every authenticated request reads its user: one plain statement with the columns needed, no query building.
    const [user]: {
      id: string;
      username: string;
      roles: Role[];
      scope_kind: ScopeKind;
      scope_code: string | null;
      active: boolean;
      token_version: number;
    }[] = await this.users.query(
      'SELECT id, username, roles, scope_kind, scope_code, active, token_version FROM app_user WHERE id = $1',
      [payload.sub],
    );
    if (!user || !user.active || user.token_version !== payload.tv) throw rejectedToken('UNAUTHENTICATED');
    return {
      id: user.id,
      username: user.username,
      roles: user.roles,
      scopeKind: user.scope_kind,
      scopeCode: user.scope_code,
      permissions: permissionsOf(user.roles),
    };
  }
}
