import {
  IsBoolean,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { PERIOD_PATTERN } from '@portal/shared';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class CreatePeriodDto {
  @IsString() @Matches(PERIOD_PATTERN, { message: 'code must look like 2026Q3' }) code!: string;
  @IsNumber({ maxDecimalPlaces: 4 }) @Min(0.0001) @Max(1000) cnyPerUsd!: number;
  @IsOptional() @IsInt() @Min(1) @Max(31) dueDay?: number;
  @IsOptional() @IsBoolean() rollForward?: boolean;
  @IsOptional() @Matches(DATE) lockDate?: string;
}

export class HolidayDto {
  @Matches(DATE) date!: string;
  @IsString() @MinLength(1) @MaxLength(100) nameZh!: string;
}

export class ExtensionDto {
  @IsUUID() enterpriseId!: string;
  /** A date (the end of that day in Asia/Shanghai) or an exact time. */
  @IsISO8601({ strict: true }) until!: string;
  @IsString() @MinLength(2) @MaxLength(1000) reason!: string;
}

export class ExemptionDto {
  @IsUUID() enterpriseId!: string;
  @IsString() @MinLength(2) @MaxLength(1000) reason!: string;
}
