import { Type } from 'class-transformer';
import {
  Allow,
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { INT4_MAX, TECHNOLOGY_CONTRACT_FIELDS } from '@portal/shared';
import { VersionDto } from '../returns/returns.dto';

export class CreateContractDto {
  /** Checked field by field in the service, so each problem is reported with its field. */
  @IsObject() content!: Record<string, unknown>;
}

export class SaveContractDto extends VersionDto {
  @IsObject() content!: Record<string, unknown>;
}

export class ContractReasonDto extends VersionDto {
  @IsOptional() @IsString() @MaxLength(2000) reason?: string;
}

export class ContractNoteDto extends VersionDto {
  @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

export class ContractCommentDto {
  @IsIn(TECHNOLOGY_CONTRACT_FIELDS) field!: (typeof TECHNOLOGY_CONTRACT_FIELDS)[number];
  @IsString() @MaxLength(2000) text!: string;
  /** A value the reviewer proposes for the field; the firm decides. */
  @Allow() proposedValue?: string | number | null;
}

export class ContractReturnDto extends ContractReasonDto {
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ContractCommentDto)
  comments?: ContractCommentDto[];
}

export class ContractExplainDto extends VersionDto {
  @IsString() @MaxLength(200) findingId!: string;
  @IsOptional() @IsString() @MaxLength(2000) text?: string;
  @IsOptional() @IsString() @MaxLength(40) reasonCode?: string;
}

export class AttachmentQueryDto {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(INT4_MAX) version?: number;
}
