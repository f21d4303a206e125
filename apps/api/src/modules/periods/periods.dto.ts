import {
  IsBoolean,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { IsCalendarDate, IsIsoDateTime, IsPeriodCode } from '../../core/validation/pipes';

export class CreatePeriodDto {
  @IsString() @IsPeriodCode() code!: string;
  @IsNumber({ maxDecimalPlaces: 4 }) @Min(0.0001) @Max(1000) cnyPerUsd!: number;
  @IsOptional() @IsInt() @Min(1) @Max(31) dueDay?: number;
  @IsOptional() @IsBoolean() rollForward?: boolean;
  @IsOptional() @IsCalendarDate() lockDate?: string;
}

export class HolidayDto {
  @IsCalendarDate() date!: string;
  @IsString() @MinLength(1) @MaxLength(100) nameZh!: string;
}

export class ExtensionDto {
  @IsUUID() enterpriseId!: string;
  /** A date (the end of that day in Asia/Shanghai) or an exact time. */
  @IsIsoDateTime() until!: string;
  @IsString() @MinLength(2) @MaxLength(1000) reason!: string;
}

export class ExemptionDto {
  @IsUUID() enterpriseId!: string;
  @IsString() @MinLength(2) @MaxLength(1000) reason!: string;
}
