import { IsInt, IsObject, Matches, Min } from 'class-validator';
import { PERIOD_PATTERN } from '@portal/shared';

export class OpenReturnDto {
  @Matches(PERIOD_PATTERN, { message: 'periodCode must look like 2026Q3' }) periodCode!: string;
}

/** The version the client last read: a save or submit based on an older one answers 409. */
export class VersionDto {
  @IsInt() @Min(1) version!: number;
}

export class SaveDraftDto extends VersionDto {
  /** Checked field by field in the service, so each problem is reported with its JSON path. */
  @IsObject() content!: Record<string, unknown>;
}
