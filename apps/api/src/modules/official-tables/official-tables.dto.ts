import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { TABLE_PERIOD_PATTERN } from '@portal/shared';

export class TableQueryDto {
  @IsString()
  @Matches(TABLE_PERIOD_PATTERN, { message: 'period must look like 2021Q4, 2021 or 2021Q1-Q3' })
  period!: string;
  @IsOptional() @IsString() @MaxLength(20) territory?: string;
  @IsOptional() @IsIn(['USD', 'CNY']) currency?: 'USD' | 'CNY';
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) top?: number;
}

export class DrillDownQueryDto extends TableQueryDto {
  @IsString() @MaxLength(64) row!: string;
}
