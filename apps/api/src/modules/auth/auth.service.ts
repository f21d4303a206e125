import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import bcrypt from 'bcryptjs';
import { createHash, randomBytes } from 'node:crypto';
import { IsNull, Repository } from 'typeorm';
import { passwordMeetsPolicy, type LoginResponse } from '@portal/shared';
import { CONFIG, type AppConfig } from '../../core/config/config';
import { AppError } from '../../core/errors/app-error';
import type { TokenPayload } from '../../core/auth/auth.guard';
import { AuditService } from '../audit/audit.service';
import { UserEntity } from '../users/user.entity';
import { BCRYPT_ROUNDS, UsersService } from '../users/users.service';
import { NotificationsService } from '../notifications/notifications.service';
import { PasswordResetEntity } from './password-reset.entity';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

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
    private readonly notifications: NotificationsService,
    @InjectRepository(PasswordResetEntity) private readonly resets: Repository<PasswordResetEntity>,
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

  /**
   * Mails a one-time reset link to the account's address. The answer never says whether the account exists or
   * has an address (no account enumeration); every request is audited.
   */
  async requestPasswordReset(username: string, ip: string | undefined): Promise<void> {
    const user = await this.users.findOneBy({ username });
    const deliverable = !!user?.email && user.active;
    await this.audit.append({
      action: 'auth.password-reset.request',
      actorId: user?.id ?? null,
      actorUsername: username.slice(0, 64),
      details: { ip, deliverable },
    });
    if (!user || !deliverable) return;
    const token = randomBytes(32).toString('base64url');
    await this.resets.insert({
      userId: user.id,
      tokenHash: sha256(token),
      expiresAt: new Date(Date.now() + this.config.PASSWORD_RESET_TTL_MINUTES * 60_000),
    });
    const origin = this.config.WEB_ORIGIN ?? `http://localhost:${this.config.WEB_PORT}`;
    const link = `${origin}/#/reset-password?token=${token}`;
    await this.notifications.queueDirectMail({
      to: user.email!,
      subject: '服务贸易统计直报平台：重置密码 / Password reset',
      text:
        `${user.displayName}，您好：\n\n请在 ${this.config.PASSWORD_RESET_TTL_MINUTES} 分钟内打开以下链接设置新密码（链接只能使用一次）：\n${link}\n\n` +
        `如果不是您本人申请，请忽略本邮件。\n\nOpen the link above within ${this.config.PASSWORD_RESET_TTL_MINUTES} minutes to set a new password (it works once). ` +
        'If you did not ask for this, ignore this mail.',
    });
  }

  /** Sets the new password with a valid, unused, unexpired token; every session of the account ends. */
  async confirmPasswordReset(token: string, password: string, ip: string | undefined): Promise<void> {
    if (!passwordMeetsPolicy(password)) throw new AppError('PASSWORD_POLICY');
    const reset = await this.resets.findOneBy({ tokenHash: sha256(token) });
    if (!reset || reset.usedAt || reset.expiresAt <= new Date()) throw new AppError('RESET_TOKEN_INVALID');
    // Marking the token used is the guard: of two concurrent uses exactly one updates the row.
    const claimed = await this.resets.update({ id: reset.id, usedAt: IsNull() }, { usedAt: new Date() });
    if (!claimed.affected) throw new AppError('RESET_TOKEN_INVALID');
    await this.users.update(
      { id: reset.userId },
      { passwordHash: await bcrypt.hash(password, BCRYPT_ROUNDS), failedLogins: 0, lockedUntil: null },
    );
    await this.usersService.revokeTokens(reset.userId);
    const user = await this.users.findOneByOrFail({ id: reset.userId });
    await this.audit.append({
      action: 'auth.password-reset',
      actorId: user.id,
      actorUsername: user.username,
      details: { ip },
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
