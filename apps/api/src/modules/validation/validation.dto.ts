import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PERIOD_PATTERN, type FindingSeverity } from '@portal/shared';

const SEVERITIES: FindingSeverity[] = ['BLOCKING', 'EXPLAIN', 'INFO'];

/** Reason code and text are judged together in the service (a specific reason may stand without text). */
export class ExplainDto {
  @IsOptional() @IsString() @MaxLength(32) reasonCode?: string;
  @IsOptional() @IsString() @MaxLength(2000) text?: string;
}

export class RulesQueryDto {
  @IsOptional() @Matches(PERIOD_PATTERN, { message: 'period must look like 2026Q3' }) period?: string;
  @IsOptional() @IsIn(['json', 'csv', 'xlsx']) format?: 'json' | 'csv' | 'xlsx';
}

export class RuleOverrideDto {
  @Matches(PERIOD_PATTERN, { message: 'fromPeriod must look like 2026Q3' }) fromPeriod!: string;
  @IsBoolean() enabled!: boolean;
  /** Omitted or null: the catalogue's severity. */
  @IsOptional() @IsIn(SEVERITIES) severity?: FindingSeverity | null;
}
