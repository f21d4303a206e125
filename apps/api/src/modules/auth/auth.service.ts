import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import bcrypt from 'bcryptjs';
import { Repository } from 'typeorm';
import type { LoginResponse } from '@portal/shared';
import { CONFIG, type AppConfig } from '../../core/config/config';
import { AppError } from '../../core/errors/app-error';
import type { TokenPayload } from '../../core/auth/auth.guard';
import { AuditService } from '../audit/audit.service';
import { UserEntity } from '../users/user.entity';
import { UsersService } from '../users/users.service';

// Compared against when the username is unknown, so timing does not reveal which usernames exist.
const DUMMY_HASH = bcrypt.hashSync('not-a-real-password', 10);

@Injectable()
export class AuthService {
  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    @InjectRepository(UserEntity)
    private readonly users: Repository<UserEntity>,
    private readonly usersService: UsersService,
    private readonly jwt: JwtService,
    private readonly audit: AuditService,
  ) {}

  async login(username: string, password: string, ip: string | undefined): Promise<LoginResponse> {
    const user = await this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.username = :username', { username })
      .getOne();
    if (user?.lockedUntil && user.lockedUntil > new Date()) {
      await this.audit.append({
        action: 'auth.login.locked',
        actorId: user.id,
        actorUsername: username,
        details: { ip },
      });
      throw new AppError('ACCOUNT_LOCKED', {
        until: user.lockedUntil.toISOString(),
      });
    }
    const ok = await bcrypt.compare(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok || !user.active) {
      if (user) await this.recordFailure(user, ip);
      else
        await this.audit.append({
          action: 'auth.login.failed',
          actorUsername: username.slice(0, 64),
          details: { ip },
        });
      throw new AppError('BAD_CREDENTIALS');
    }
    await this.users.update({ id: user.id }, { failedLogins: 0, lockedUntil: null, lastLoginAt: new Date() });
    await this.audit.append({
      action: 'auth.login',
      actorId: user.id,
      actorUsername: user.username,
      details: { ip },
    });
    const payload: TokenPayload = { sub: user.id, tv: user.tokenVersion };
    const accessToken = await this.jwt.signAsync(payload);
    return {
      accessToken,
      expiresAt: new Date(Date.now() + this.config.JWT_TTL_SECONDS * 1000).toISOString(),
      user: await this.usersService.summary(user),
    };
  }

  private async recordFailure(user: UserEntity, ip: string | undefined): Promise<void> {
    const failures = user.failedLogins + 1;
    const lock = failures >= this.config.LOGIN_MAX_FAILURES;
    await this.users.update(
      { id: user.id },
      {
        failedLogins: lock ? 0 : failures,
        lockedUntil: lock ? new Date(Date.now() + this.config.LOGIN_LOCK_MINUTES * 60_000) : user.lockedUntil,
      },
    );
    await this.audit.append({
      action: lock ? 'auth.lockout' : 'auth.login.failed',
      actorId: user.id,
      actorUsername: user.username,
      details: { ip, failures },
    });
  }

  async logout(userId: string, username: string): Promise<void> {
    await this.usersService.revokeTokens(userId);
    await this.audit.append({
      action: 'auth.logout',
      actorId: userId,
      actorUsername: username,
    });
  }
}
