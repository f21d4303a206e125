import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { IsTablePeriod } from '../../core/validation/pipes';

export class TableQueryDto {
  @IsString() @IsTablePeriod() period!: string;
  @IsOptional() @IsString() @MaxLength(20) territory?: string;
  @IsOptional() @IsIn(['USD', 'CNY']) currency?: 'USD' | 'CNY';
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) top?: number;
}

export class DrillDownQueryDto extends TableQueryDto {
  @IsString() @MaxLength(64) row!: string;
}
