import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import bcrypt from 'bcryptjs';
import { Repository } from 'typeorm';
import {
  passwordMeetsPolicy,
  permissionsOf,
  ROLE_SCOPES,
  type Role,
  type ScopeKind,
  type UserAccount,
  type UserSummary,
} from '@portal/shared';
import { AppError } from '../../core/errors/app-error';
import { UUID_PATTERN } from '../../core/validation/pipes';
import { AuditService } from '../audit/audit.service';
import { CodeItemEntity } from '../codes/code-item.entity';
import { EnterpriseEntity } from '../enterprises/enterprise.entity';
import { AccountLinksRepository } from './account-links.repository';
import { UserEntity } from './user.entity';

export const BCRYPT_ROUNDS = 10;

const REGION_CODE = /^[A-Za-z0-9-]{1,20}$/;

export interface NewUser {
  username: string;
  displayName: string;
  email?: string | null;
  password: string;
  roles: Role[];
  scopeKind: ScopeKind;
  scopeCode: string | null;
}

/** An account as the API answers it: no password hash, timestamps as ISO strings. */
export function userAccount(u: UserEntity): UserAccount {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    email: u.email,
    roles: u.roles,
    scopeKind: u.scopeKind,
    scopeCode: u.scopeCode,
    active: u.active,
    tokenVersion: u.tokenVersion,
    lastLoginAt: u.lastLoginAt ? u.lastLoginAt.toISOString() : null,
    createdAt: u.createdAt.toISOString(),
    updatedAt: u.updatedAt.toISOString(),
  };
}

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(UserEntity)
    private readonly users: Repository<UserEntity>,
    @InjectRepository(CodeItemEntity)
    private readonly codes: Repository<CodeItemEntity>,
    @InjectRepository(EnterpriseEntity)
    private readonly enterprises: Repository<EnterpriseEntity>,
    private readonly links: AccountLinksRepository,
    private readonly audit: AuditService,
  ) {}

  /**
   * Every role binds to the scope kind, and the scope code has that kind's form (a firm's id, a region code), so
   * that the territory condition built from it is a valid query.
   */
  assertRolesFitScope(roles: Role[], scopeKind: ScopeKind, scopeCode: string | null): void {
    for (const role of roles) {
      if (ROLE_SCOPES[role] !== scopeKind)
        throw new AppError('SCOPE_MISMATCH', {
          role,
          scope: ROLE_SCOPES[role],
        });
    }
    const fits =
      scopeKind === 'SYSTEM'
        ? scopeCode === null
        : scopeCode !== null && (scopeKind === 'ENTERPRISE' ? UUID_PATTERN : REGION_CODE).test(scopeCode);
    if (!fits) {
      const expected =
        scopeKind === 'SYSTEM' ? 'null' : scopeKind === 'ENTERPRISE' ? 'an enterprise id (UUID)' : 'a region code';
      throw new AppError('VALIDATION_FAILED', {}, [
        { field: 'scopeCode', problems: [`scopeCode must be ${expected} for scope ${scopeKind}`] },
      ]);
    }
  }

  /**
   * Creates an account with its password hashed; with `actor`, the creation is audited as theirs (`users.create`).
   * `skipPolicy` only for demo accounts, whose password is printed at start.
   */
  async create(
    input: NewUser,
    opts: { skipPolicy?: boolean; actor?: { id: string | null; username: string } } = {},
  ): Promise<UserEntity> {
    if (!opts.skipPolicy && !passwordMeetsPolicy(input.password)) throw new AppError('PASSWORD_POLICY');
    this.assertRolesFitScope(input.roles, input.scopeKind, input.scopeCode);
    if (await this.users.existsBy({ username: input.username })) {
      throw new AppError('DUPLICATE', {
        entity: '用户',
        entityEn: 'User',
        key: input.username,
      });
    }
    const passwordHash = await bcrypt.hash(input.password, BCRYPT_ROUNDS);
    const user = await this.users.save(
      this.users.create({
        username: input.username,
        displayName: input.displayName,
        email: input.email ?? null,
        passwordHash,
        roles: input.roles,
        scopeKind: input.scopeKind,
        scopeCode: input.scopeCode,
      }),
    );
    if (opts.actor)
      await this.audit.append({
        action: 'users.create',
        actorId: opts.actor.id,
        actorUsername: opts.actor.username,
        entityType: 'user',
        entityId: user.id,
        details: { username: user.username, roles: user.roles, scopeKind: user.scopeKind, scopeCode: user.scopeCode },
      });
    return user;
  }

  async scopeName(user: Pick<UserEntity, 'scopeKind' | 'scopeCode'>): Promise<string | null> {
    if (!user.scopeCode) return null;
    if (user.scopeKind === 'ENTERPRISE') {
      return (await this.enterprises.findOneBy({ id: user.scopeCode }))?.nameZh ?? null;
    }
    return (await this.codes.findOneBy({ list: 'regions', code: user.scopeCode }))?.nameZh ?? null;
  }

  async summary(user: UserEntity): Promise<UserSummary> {
    return {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      roles: user.roles,
      scopeKind: user.scopeKind,
      scopeCode: user.scopeCode,
      scopeName: await this.scopeName(user),
      permissions: [...permissionsOf(user.roles)],
    };
  }

  /**
   * Sets a new password (policy applied): every session of the account ends, and so does every link mailed to it
   * before (a reset link requested earlier must not set the password again).
   */
  async setPassword(userId: string, password: string): Promise<void> {
    if (!passwordMeetsPolicy(password)) throw new AppError('PASSWORD_POLICY');
    await this.users.update({ id: userId }, { passwordHash: await bcrypt.hash(password, BCRYPT_ROUNDS) });
    await this.links.endAll(userId);
    await this.revokeTokens(userId);
  }

  /** Invalidates every token issued so far (logout, password or role change). */
  async revokeTokens(userId: string): Promise<void> {
    await this.users.increment({ id: userId }, 'tokenVersion', 1);
  }
}
