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
import type { Role } from '@portal/shared';
import { IsCalendarDate } from '../../core/validation/pipes';

const CODE = /^[A-Za-z0-9-]{1,20}$/;
export const FIRM_ROLES: Role[] = ['ENTERPRISE_FILER', 'ENTERPRISE_SIGNATORY'];

export class RegisterEnterpriseDto {
  /** Checked against GB 32100 in the service, so the answer can name the problem. */
  @IsString() @MaxLength(40) uscc!: string;
  @IsString() @MinLength(2) @MaxLength(200) nameZh!: string;
  @IsString() @Matches(CODE) regionCode!: string;
  @IsOptional() @IsString() @Matches(CODE) zoneCode?: string | null;
  @IsString() @Matches(CODE) natureCode!: string;
  /** GB/T 4754-2017: a division (大类, e.g. 65) where known, else the section letter. */
  @IsString() @Matches(CODE) industryCode!: string;
  /** GB/T 4754-2002 (the technology trade tables' classification): a division or section, where known. */
  @IsOptional() @IsString() @Matches(CODE) industryCode2002?: string | null;
  @IsOptional() @IsBoolean() keyEnterprise?: boolean;
  @IsOptional() @IsBoolean() advancedTech?: boolean;
  /** First day of the first profile version (default: today). */
  @IsOptional() @IsCalendarDate() validFrom?: string;
}

export class ProfileChangeDto {
  @IsCalendarDate() validFrom!: string;
  @IsOptional() @IsString() @MinLength(2) @MaxLength(200) nameZh?: string;
  @IsOptional() @IsString() @Matches(CODE) regionCode?: string;
  @IsOptional() @IsString() @Matches(CODE) zoneCode?: string | null;
  @IsOptional() @IsString() @Matches(CODE) natureCode?: string;
  @IsOptional() @IsString() @Matches(CODE) industryCode?: string;
  @IsOptional() @IsString() @Matches(CODE) industryCode2002?: string | null;
  @IsOptional() @IsBoolean() keyEnterprise?: boolean;
  @IsOptional() @IsBoolean() advancedTech?: boolean;
}

export class RejectDto {
  @IsString() @MinLength(2) @MaxLength(1000) reason!: string;
}

export class ColleagueDto {
  @IsString() @Matches(/^[a-z0-9][a-z0-9._-]{1,63}$/) username!: string;
  @IsString() @MinLength(1) @MaxLength(100) displayName!: string;
  @IsOptional() @IsEmail() email?: string | null;
  @IsString() @MaxLength(200) password!: string;
  @IsArray() @ArrayMinSize(1) @IsIn(FIRM_ROLES, { each: true }) roles!: Role[];
}

export class SettingsDto {
  @IsBoolean() makerChecker!: boolean;
}
