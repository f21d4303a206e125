import { IsInt, IsObject, Max, Min } from 'class-validator';
import { INT4_MAX } from '@portal/shared';
import { IsPeriodCode } from '../../core/validation/pipes';

export class OpenReturnDto {
  @IsPeriodCode() periodCode!: string;
}

/** The version the client last read: a save or submit based on an older one answers 409. */
export class VersionDto {
  @IsInt() @Min(1) @Max(INT4_MAX) version!: number;
}

export class SaveDraftDto extends VersionDto {
  /** Checked field by field in the service, so each problem is reported with its JSON path. */
  @IsObject() content!: Record<string, unknown>;
}
