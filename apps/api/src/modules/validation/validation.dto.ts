import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import type { FindingSeverity } from '@portal/shared';
import { IsPeriodCode } from '../../core/validation/pipes';

const SEVERITIES: FindingSeverity[] = ['BLOCKING', 'EXPLAIN', 'INFO'];

/** Reason code and text are judged together in the service (a specific reason may stand without text). */
export class ExplainDto {
  @IsOptional() @IsString() @MaxLength(32) reasonCode?: string;
  @IsOptional() @IsString() @MaxLength(2000) text?: string;
}

export class RulesQueryDto {
  @IsOptional() @IsPeriodCode() period?: string;
  @IsOptional() @IsIn(['json', 'csv', 'xlsx']) format?: 'json' | 'csv' | 'xlsx';
}

export class RuleOverrideDto {
  @IsPeriodCode() fromPeriod!: string;
  @IsBoolean() enabled!: boolean;
  /** Omitted or null: the catalogue's severity. */
  @IsOptional() @IsIn(SEVERITIES) severity?: FindingSeverity | null;
}
