import { Type } from 'class-transformer';
import {
  Allow,
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { INT4_MAX } from '@portal/shared';
import { IsPeriodCode, IsVersionMap } from '../../core/validation/pipes';
import { VersionDto } from '../returns/returns.dto';

export class ApproveDto extends VersionDto {
  @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

/** Whether a reason is required depends on the action (libs/shared/workflow.ts); the service says so in zh/en. */
export class ReasonDto extends VersionDto {
  @IsOptional() @IsString() @MaxLength(2000) reason?: string;
}

export class CommentDto {
  /** A cell: `servicesTrade[1].amount`, `contracts[0]`, `workforce.bachelor`, `profile.natureCode`. */
  @IsString() @MaxLength(120) path!: string;
  @IsString() @MaxLength(2000) text!: string;
  /** Any JSON value the reviewer proposes for the cell; the firm accepts or rejects it. */
  @Allow() proposedValue?: unknown;
}

export class ReturnToFirmDto extends ReasonDto {
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => CommentDto)
  comments?: CommentDto[];
}

export class RespondDto {
  @IsBoolean() accept!: boolean;
  @IsOptional() @IsString() @MaxLength(2000) reason?: string;
}

export class DiffQueryDto {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(INT4_MAX) from?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(INT4_MAX) to?: number;
}

export class BulkApproveDto {
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(500) @IsUUID('all', { each: true }) ids!: string[];
  /** id → the version the reviewer saw; a return changed since is refused (CONFLICT) instead of approved. */
  @IsOptional() @IsVersionMap() versions?: Record<string, number>;
}

export class PeriodQueryDto {
  @IsPeriodCode() periodCode!: string;
}

export class RemindersDto extends PeriodQueryDto {
  @IsOptional() @IsArray() @ArrayMaxSize(5000) @IsUUID('all', { each: true }) enterpriseIds?: string[];
}
