import { Body, Controller, Get, HttpCode, Ip, Post, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { IsString, MaxLength, MinLength } from 'class-validator';
import type { LoginResponse, UserSummary } from '@portal/shared';
import type { AuthUser } from '../../core/auth/auth-user';
import { Authenticated, CurrentUser, Public } from '../../core/auth/authenticated.decorator';
import { UsersService } from '../users/users.service';
import { AuthService } from './auth.service';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { UserEntity } from '../users/user.entity';

export class PasswordResetRequestDto {
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  username!: string;
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

  @Post('login')
  @HttpCode(200)
  @Public()
  @UseGuards(ThrottlerGuard)
  login(@Body() dto: LoginDto, @Ip() ip: string): Promise<LoginResponse> {
    return this.auth.login(dto.username, dto.password, ip);
  }

  /** Always 202: whether the account exists is not revealed. */
  @Post('password-reset')
  @HttpCode(202)
  @Public()
  @UseGuards(ThrottlerGuard)
  async requestReset(@Body() dto: PasswordResetRequestDto, @Ip() ip: string): Promise<{ accepted: true }> {
    await this.auth.requestPasswordReset(dto.username, ip);
    return { accepted: true };
  }

  @Post('password-reset/confirm')
  @HttpCode(204)
  @Public()
  @UseGuards(ThrottlerGuard)
  async confirmReset(@Body() dto: PasswordResetConfirmDto, @Ip() ip: string): Promise<void> {
    await this.auth.confirmPasswordReset(dto.token, dto.password, ip);
  }

  @Get('me')
  @Authenticated()
  async me(@CurrentUser() user: AuthUser): Promise<UserSummary> {
    return this.usersService.summary(await this.users.findOneByOrFail({ id: user.id }));
  }

  @Post('logout')
  @HttpCode(204)
  @Authenticated()
  async logout(@CurrentUser() user: AuthUser): Promise<void> {
    await this.auth.logout(user.id, user.username);
  }
}
