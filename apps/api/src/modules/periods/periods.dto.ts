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

/** What the province or the administrator may change on a period; the open date follows from the quarter. */
export class UpdatePeriodDto {
  @IsOptional() @IsCalendarDate() dueDate?: string;
  @IsOptional() @IsCalendarDate() lockDate?: string;
  @IsOptional() @IsNumber({ maxDecimalPlaces: 4 }) @Min(0.0001) @Max(1000) cnyPerUsd?: number;
  /** Move a due date given on a weekend or holiday to the next working day (default true). */
  @IsOptional() @IsBoolean() rollForward?: boolean;
  /** Why the calendar changes (kept in the audit log). */
  @IsString() @MinLength(2) @MaxLength(1000) reason!: string;
}

export class RevokeDto {
  @IsString() @MinLength(2) @MaxLength(1000) reason!: string;
}

/** A firm asks for more time: the date (Beijing time) it will file by, and why. */
export class ExtensionRequestDto {
  @IsCalendarDate() until!: string;
  @IsString() @MinLength(2) @MaxLength(1000) reason!: string;
}

export class ExtensionDecisionDto {
  @IsBoolean() grant!: boolean;
  /** The date granted; the date asked for when absent. */
  @IsOptional() @IsCalendarDate() until?: string;
  @IsString() @MinLength(2) @MaxLength(1000) note!: string;
}

export class StandingQueryDto {
  /** The firm, for staff callers (a firm asks for itself). */
  @IsOptional() @IsUUID() enterpriseId?: string;
}
