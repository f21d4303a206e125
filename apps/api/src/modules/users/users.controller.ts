import { Body, Controller, Get, Param, Post, Put, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { OkResponseDto, UserAccountDto } from '../../core/http/response-dtos';
import { InjectRepository } from '@nestjs/typeorm';
import {
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import type { Response } from 'express';
import { Repository } from 'typeorm';
import { ROLES, SCOPE_KINDS, type OkResponse, type Role, type ScopeKind } from '@portal/shared';
import type { AuthUser } from '../../core/auth/auth-user';
import { Authenticated, CurrentUser } from '../../core/auth/authenticated.decorator';
import { notFound } from '../../core/errors/app-error';
import {
  equalsFilter,
  filter,
  idFilter,
  ListQuery,
  listPage,
  searchFilter,
  type ListParams,
  type ListSpec,
} from '../../core/http/list-query';
import { UuidPipe } from '../../core/validation/pipes';
import { AuditService } from '../audit/audit.service';
import { UserEntity } from './user.entity';
import { userAccount, UsersService } from './users.service';

export class CreateUserDto {
  @IsString() @Matches(/^[a-z0-9][a-z0-9._-]{1,63}$/) username!: string;
  @IsString() @MinLength(1) @MaxLength(100) displayName!: string;
  @IsOptional() @IsEmail() email?: string | null;
  @IsString() @MaxLength(200) password!: string;
  @IsArray() @ArrayMinSize(1) @IsIn(ROLES, { each: true }) roles!: Role[];
  @IsIn(SCOPE_KINDS) scopeKind!: ScopeKind;
  @IsOptional() @IsString() @MaxLength(64) scopeCode?: string | null;
}

export class UpdateUserDto {
  @IsOptional() @IsString() @MinLength(1) @MaxLength(100) displayName?: string;
  @IsOptional() @IsEmail() email?: string | null;
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(ROLES, { each: true })
  roles?: Role[];
  @IsOptional() @IsIn(SCOPE_KINDS) scopeKind?: ScopeKind;
  @IsOptional() @IsString() @MaxLength(64) scopeCode?: string | null;
  @IsOptional() @IsBoolean() active?: boolean;
}

export class ResetPasswordDto {
  @IsString() @MaxLength(200) password!: string;
}

const SPEC: ListSpec<UserEntity> = {
  resource: 'users',
  sortable: {
    id: 'u.id',
    username: 'u.username',
    displayName: 'u.displayName',
    createdAt: 'u.createdAt',
    lastLoginAt: 'u.lastLoginAt',
  },
  defaultSort: ['username', 'ASC'],
  filters: {
    id: idFilter('u.id'),
    q: searchFilter('u.username', 'u.displayName'),
    scopeKind: equalsFilter('u.scopeKind', 'enum', SCOPE_KINDS),
    scopeCode: equalsFilter('u.scopeCode', 'text'),
    role: filter('enum', (qb, v, p) => qb.andWhere(`:${p} = ANY(u.roles)`, { [p]: v }), ROLES),
  },
};

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(
    @InjectRepository(UserEntity)
    private readonly users: Repository<UserEntity>,
    private readonly service: UsersService,
    private readonly audit: AuditService,
  ) {}

  @ApiOperation({ summary: '用户 · Users' })
  @Get()
  @ApiOkResponse({ type: [UserAccountDto] })
  @Authenticated({ permission: 'users.manage' })
  async list(@ListQuery(SPEC) params: ListParams, @Res({ passthrough: true }) res: Response) {
    return (await listPage(this.users.createQueryBuilder('u'), params, SPEC, res)).map(userAccount);
  }

  @ApiOperation({ summary: '用户详情 · One user' })
  @Get(':id')
  @ApiOkResponse({ type: UserAccountDto })
  @Authenticated({ permission: 'users.manage' })
  async getOne(@Param('id', UuidPipe) id: string) {
    const user = await this.users.findOneBy({ id });
    if (!user) throw notFound('用户', 'User');
    return userAccount(user);
  }

  @ApiOperation({ summary: '新增用户 · Create a user' })
  @Post()
  @ApiCreatedResponse({ type: UserAccountDto })
  @Authenticated({ permission: 'users.manage' })
  async create(@Body() dto: CreateUserDto, @CurrentUser() actor: AuthUser) {
    const user = await this.service.create({ ...dto, scopeCode: dto.scopeCode ?? null }, { actor });
    return this.getOne(user.id);
  }

  /** Role, scope or activation changes revoke the user's tokens at once. */
  @ApiOperation({ summary: '修改用户 · Change a user' })
  @Put(':id')
  @ApiOkResponse({ type: UserAccountDto })
  @Authenticated({ permission: 'users.manage' })
  async update(@Param('id', UuidPipe) id: string, @Body() dto: UpdateUserDto, @CurrentUser() actor: AuthUser) {
    const user = await this.getOne(id);
    const roles = dto.roles ?? user.roles;
    const scopeKind = dto.scopeKind ?? user.scopeKind;
    const scopeCode = dto.scopeCode !== undefined ? dto.scopeCode : user.scopeCode;
    this.service.assertRolesFitScope(roles, scopeKind, scopeCode);
    const accessChanged =
      dto.roles !== undefined || dto.scopeKind !== undefined || dto.scopeCode !== undefined || dto.active === false;
    await this.users.update(
      { id },
      {
        displayName: dto.displayName ?? user.displayName,
        email: dto.email !== undefined ? dto.email : user.email,
        roles,
        scopeKind,
        scopeCode,
        active: dto.active ?? user.active,
      },
    );
    if (accessChanged) await this.service.revokeTokens(id);
    await this.audit.append({
      action: 'users.update',
      actorId: actor.id,
      actorUsername: actor.username,
      entityType: 'user',
      entityId: id,
      details: { ...dto },
    });
    return this.getOne(id);
  }

  @ApiOperation({ summary: "重置用户密码 · Reset a user's password" })
  @Post(':id/reset-password')
  @ApiCreatedResponse({ type: OkResponseDto })
  @Authenticated({ permission: 'users.manage' })
  async resetPassword(
    @Param('id', UuidPipe) id: string,
    @Body() dto: ResetPasswordDto,
    @CurrentUser() actor: AuthUser,
  ): Promise<OkResponse> {
    await this.getOne(id);
    await this.service.setPassword(id, dto.password);
    await this.audit.append({
      action: 'users.reset-password',
      actorId: actor.id,
      actorUsername: actor.username,
      entityType: 'user',
      entityId: id,
    });
    return { ok: true };
  }
}
