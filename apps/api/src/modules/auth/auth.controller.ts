import { Body, Controller, Get, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AcceptedResponseDto, LoginResponseDto, UserSummaryDto } from '../../core/http/response-dtos';
import { IsString, MaxLength, MinLength } from 'class-validator';
import type { AcceptedResponse, LoginResponse, UserSummary } from '@portal/shared';
import type { AuthUser } from '../../core/auth/auth-user';
import { Authenticated, CurrentUser, Public } from '../../core/auth/authenticated.decorator';
import { RateLimit } from '../../core/http/rate-limits';
import { UsersService } from '../users/users.service';
import { AuthService } from './auth.service';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { UserEntity } from '../users/user.entity';

/** Asks for a mailed link (password reset or unlock). */
export class AccountLinkRequestDto {
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  username!: string;
}

export class UnlockConfirmDto {
  @IsString()
  @MinLength(20)
  @MaxLength(200)
  token!: string;
}

export class PasswordResetConfirmDto {
  @IsString()
  @MinLength(20)
  @MaxLength(200)
  token!: string;

  @IsString()
  @MaxLength(200)
  password!: string;
}

export class LoginDto {
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  username!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password!: string;
}

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly usersService: UsersService,
    @InjectRepository(UserEntity)
    private readonly users: Repository<UserEntity>,
  ) {}

  /** Limited per client address (THROTTLE_LOGIN_PER_MINUTE) and by LoginThrottle's failure counts. */
  @ApiOperation({ summary: '登录 · Log in' })
  @Post('login')
  @ApiOkResponse({ type: LoginResponseDto })
  @HttpCode(200)
  @Public()
  @RateLimit('login')
  login(@Body() dto: LoginDto, @Ip() ip: string): Promise<LoginResponse> {
    return this.auth.login(dto.username, dto.password, ip);
  }

  /** Always 202: whether the account exists is not revealed. */
  @ApiOperation({ summary: '申请重置密码 · Request a password reset link' })
  @Post('password-reset')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: AcceptedResponseDto })
  @Public()
  @RateLimit('login')
  async requestReset(@Body() dto: AccountLinkRequestDto, @Ip() ip: string): Promise<AcceptedResponse> {
    await this.auth.requestLink('RESET', dto.username, ip);
    return { accepted: true };
  }

  @ApiOperation({ summary: '重置密码 · Reset the password with a link' })
  @Post('password-reset/confirm')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'the password is set; no body' })
  @Public()
  @RateLimit('login')
  async confirmReset(@Body() dto: PasswordResetConfirmDto, @Ip() ip: string): Promise<void> {
    await this.auth.confirmPasswordReset(dto.token, dto.password, ip);
  }

  /** Mails an unlock link, for an owner slowed down by failed logins. Always 202, like a reset request. */
  @ApiOperation({ summary: '申请解锁账号 · Request an unlock link' })
  @Post('unlock')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: AcceptedResponseDto })
  @Public()
  @RateLimit('login')
  async requestUnlock(@Body() dto: AccountLinkRequestDto, @Ip() ip: string): Promise<AcceptedResponse> {
    await this.auth.requestLink('UNLOCK', dto.username, ip);
    return { accepted: true };
  }

  /** Uses an unlock link: the address it is used from may log in to the account at once. */
  @ApiOperation({ summary: '解锁账号 · Unlock the account with a link' })
  @Post('unlock/confirm')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'the account is unlocked for this address; no body' })
  @Public()
  @RateLimit('login')
  async confirmUnlock(@Body() dto: UnlockConfirmDto, @Ip() ip: string): Promise<void> {
    await this.auth.confirmUnlock(dto.token, ip);
  }

  @ApiOperation({ summary: '当前用户 · The logged-in user' })
  @Get('me')
  @ApiOkResponse({ type: UserSummaryDto })
  @Authenticated()
  async me(@CurrentUser() user: AuthUser): Promise<UserSummary> {
    return this.usersService.summary(await this.users.findOneByOrFail({ id: user.id }));
  }

  @ApiOperation({ summary: '退出登录 · Log out (revokes the token)' })
  @Post('logout')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'the tokens issued so far are revoked; no body' })
  @Authenticated()
  async logout(@CurrentUser() user: AuthUser): Promise<void> {
    await this.auth.logout(user.id, user.username);
  }
}
