import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import bcrypt from 'bcryptjs';
import { createHash, randomBytes } from 'node:crypto';
import { Repository } from 'typeorm';
import { passwordMeetsPolicy, type LoginResponse } from '@portal/shared';
import { CONFIG, type AppConfig } from '../../core/config/config';
import { AppError } from '../../core/errors/app-error';
import type { TokenPayload } from '../../core/auth/auth.guard';
import { AuditService } from '../audit/audit.service';
import type { AccountLinkPurpose } from '../users/account-link.entity';
import { AccountLinksRepository } from '../users/account-links.repository';
import { UserEntity } from '../users/user.entity';
import { BCRYPT_ROUNDS, UsersService } from '../users/users.service';
import { NotificationsService } from '../notifications/notifications.service';
import { LoginThrottle } from './login-throttle';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

// Compared against when the username is unknown, at the cost of real hashes, so the time of the answer does not
// tell whether a username exists.
const DUMMY_HASH = bcrypt.hashSync('not-a-real-password', BCRYPT_ROUNDS);

/** The mail of each kind of link: the web app's route and the text around it. */
const LINKS: Record<AccountLinkPurpose, { route: string; subject: string; zh: string; en: string }> = {
  RESET: {
    route: 'reset-password',
    subject: '服务贸易统计直报平台：重置密码 / Password reset',
    zh: '设置新密码',
    en: 'set a new password',
  },
  UNLOCK: {
    route: 'unlock',
    subject: '服务贸易统计直报平台：解除登录限制 / Unlock your login',
    zh: '解除登录限制（多次登录失败后，本链接让您从打开它的网络立即重新登录）',
    en: 'unlock your login after repeated failures (from the network you open it on)',
  },
};

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
    private readonly links: AccountLinksRepository,
    private readonly throttle: LoginThrottle,
  ) {}

  /**
   * Checks the password of an admitted attempt (LoginThrottle). An unknown username, a wrong password and a
   * deactivated account get the same answer after the same work, and count alike against the limits.
   */
  async login(username: string, password: string, ip: string | undefined): Promise<LoginResponse> {
    const attempt = await this.throttle.admit(username, ip);
    const user = await this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.username = :username', { username })
      .getOne();
    const ok = await bcrypt.compare(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok || !user.active) {
      const { addressLockedOut } = await attempt.failed();
      await this.audit.append({
        action: addressLockedOut ? 'auth.lockout' : 'auth.login.failed',
        actorId: user?.id ?? null,
        actorUsername: username.slice(0, 64),
        details: { ip },
      });
      throw new AppError('BAD_CREDENTIALS');
    }
    await attempt.succeeded();
    await this.users.update({ id: user.id }, { lastLoginAt: new Date() });
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

  /**
   * Mails a one-time link (password reset or unlock) to the account's address. The answer never says whether the
   * account exists or has an address (no account enumeration); every request is audited.
   */
  async requestLink(purpose: AccountLinkPurpose, username: string, ip: string | undefined): Promise<void> {
    const user = await this.users.findOneBy({ username });
    const deliverable = !!user?.email && user.active;
    await this.audit.append({
      action: purpose === 'RESET' ? 'auth.password-reset.request' : 'auth.unlock.request',
      actorId: user?.id ?? null,
      actorUsername: username.slice(0, 64),
      details: { ip, deliverable },
    });
    if (!user || !deliverable) return;
    const token = randomBytes(32).toString('base64url');
    const minutes = this.config.PASSWORD_RESET_TTL_MINUTES;
    await this.links.issue(user.id, purpose, sha256(token), new Date(Date.now() + minutes * 60_000));
    const mail = LINKS[purpose];
    const origin = this.config.WEB_ORIGIN ?? `http://localhost:${this.config.WEB_PORT}`;
    const link = `${origin}/#/${mail.route}?token=${token}`;
    await this.notifications.queueDirectMail({
      to: user.email!,
      subject: mail.subject,
      text:
        `${user.displayName}，您好：\n\n请在 ${minutes} 分钟内打开以下链接${mail.zh}（链接只能使用一次）：\n${link}\n\n` +
        `如果不是您本人申请，请忽略本邮件。\n\nOpen the link above within ${minutes} minutes to ${mail.en}; it works once. ` +
        'If you did not ask for this, ignore this mail.',
    });
  }

  /**
   * Sets the new password with a valid, unused, unexpired reset link; every session and every other link of the
   * account ends, and the address it was used from may log in at once.
   */
  async confirmPasswordReset(token: string, password: string, ip: string | undefined): Promise<void> {
    if (!passwordMeetsPolicy(password)) throw new AppError('PASSWORD_POLICY');
    const user = await this.useLink(token, 'RESET');
    await this.usersService.setPassword(user.id, password);
    await this.throttle.unlock(user.username, ip);
    await this.audit.append({
      action: 'auth.password-reset',
      actorId: user.id,
      actorUsername: user.username,
      details: { ip },
    });
  }

  /** Lets the owner past the login limits from the address the unlock link is used from. */
  async confirmUnlock(token: string, ip: string | undefined): Promise<void> {
    const user = await this.useLink(token, 'UNLOCK');
    await this.throttle.unlock(user.username, ip);
    await this.audit.append({
      action: 'auth.unlock',
      actorId: user.id,
      actorUsername: user.username,
      details: { ip },
    });
  }

  private async useLink(token: string, purpose: AccountLinkPurpose): Promise<UserEntity> {
    const invalid = new AppError(purpose === 'RESET' ? 'RESET_TOKEN_INVALID' : 'UNLOCK_TOKEN_INVALID');
    const link = await this.links.findUsable(sha256(token), purpose);
    if (!link || !(await this.links.use(link))) throw invalid;
    const user = await this.users.findOneBy({ id: link.userId });
    if (!user?.active) throw invalid;
    return user;
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
