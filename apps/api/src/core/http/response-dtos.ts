/**
 * The OpenAPI schemas of the API's answers: one class per response type of @portal/shared, which it implements, so
 * the type-check fails when a shared type gains or changes a field the document does not describe. Routes name
 * them with @ApiOkResponse / @ApiCreatedResponse / @ApiAcceptedResponse.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CODE_LISTS,
  CONTRACT_REGISTRATION_STATUSES,
  CONTRACT_VERSION_KINDS,
  DIFF_SECTIONS,
  ENTERPRISE_STATUSES,
  EXTENSION_REQUEST_STATUSES,
  EXPORT_KINDS,
  EXPORT_STATUSES,
  FINDING_STATUSES,
  IMPORT_KINDS,
  IMPORT_STATUSES,
  NOTIFICATION_KINDS,
  PERMISSIONS,
  PROFILE_CHANGE_STATUSES,
  RETURN_STATUSES,
  ROLES,
  RULE_SUBJECTS,
  SCOPE_KINDS,
  TECHNOLOGY_CATEGORIES,
  TECHNOLOGY_CONTRACT_FIELDS,
  WORKFLOW_ACTIONS,
  type AcceptedResponse,
  type AuditEntry,
  type EconomyGroupMember,
  type EffectiveRule,
  type ExportCreated,
  type ExtensionRequest,
  type ExtensionRequestRow,
  type ExtensionRequestStatus,
  type FailedJob,
  type FirmStanding,
  type HealthResponse,
  type Holiday,
  type HolidayAdded,
  type LiveResponse,
  type ObligationRow,
  type OkResponse,
  type PartnerGroupMember,
  type ReadinessResponse,
  type WorkerHeartbeat,
  type AuditChainBreak,
  type AuditVerifyResult,
  type BulkApproveRefusal,
  type BulkApproveResult,
  type CatalogueEntry,
  type CellDiff,
  type CellFormat,
  type CodeItem,
  type CodeItemView,
  type CodeListName,
  type CommentResponse,
  type ContentIssue,
  type DraftRows,
  type ContractLine,
  type ContractRegistrationStatus,
  type ContractVersionKind,
  type Coverage,
  type Currency,
  type DiffResponse,
  type DiffSection,
  type Direction,
  type ContractDrillDownRow,
  type DrillDownRow,
  type EnterpriseProfileView,
  type EnterpriseStatus,
  type EnterpriseView,
  type ExecutionLine,
  type ExportJobView,
  type ExportKind,
  type ExportStatus,
  type FindingCounts,
  type FindingSeverity,
  type FindingStatus,
  type FindingView,
  type HeaderCell,
  type ImportCreated,
  type ImportError,
  type ImportFormat,
  type ImportJob,
  type ImportJobDetail,
  type ImportKind,
  type ImportPreviewAction,
  type ImportPreviewReturn,
  type ImportStatus,
  type InboxRow,
  type LoginResponse,
  type NotificationKind,
  type NotificationView,
  type OfficialTableView,
  type OverdueFirm,
  type OverdueReport,
  type OverdueUnit,
  type PeriodExemption,
  type PeriodExemptionView,
  type PeriodExtension,
  type PeriodExtensionView,
  type PeriodRow,
  type Permission,
  type ProfileChangeStatus,
  type ProfileChangeView,
  type ProfileSection,
  type ReminderRecord,
  type ReminderSent,
  type ReminderSkipped,
  type RemindersResult,
  type ReturnContent,
  type ReturnDetail,
  type ReturnRevision,
  type ReturnRow,
  type ReturnStatus,
  type ReviewCommentView,
  type ReviewLevel,
  type RevisionMeta,
  type RevisionSource,
  type Role,
  type RuleImpactFlip,
  type RuleImpactPreview,
  type ScopeKind,
  type ServicesTradeLine,
  type SubmittedReturn,
  type TableCell,
  type TableColumn,
  type TableParameterSpec,
  type TableParameters,
  type TableRow,
  type TechnologyCategory,
  type TechnologyContract,
  type TechnologyContractAttachment,
  type TechnologyContractCheckView,
  type TechnologyContractComment,
  type TechnologyContractDetail,
  type TechnologyContractField,
  type TechnologyContractListRow,
  type TechnologyContractRegistration,
  type TechnologyContractTransitionView,
  type TransitionView,
  type UserAccount,
  type UserSummary,
  type ValidationRunStatus,
  type ValidationView,
  type WorkflowAction,
  type WorkforceSection,
} from '@portal/shared';
import type { RuleCatalogue, RuleCatalogueEntry, RuleDescription, RuleOverrideRecord } from '@portal/rules';

const FINDING_SEVERITIES: FindingSeverity[] = ['BLOCKING', 'EXPLAIN', 'INFO'];

/** A row of GET /api/returns: the return with its firm, its period's dates and its lateness. */
export class ReturnRowDto implements ReturnRow {
  @ApiProperty({ type: String })
  id!: string;
  @ApiProperty({ type: String })
  enterpriseId!: string;
  @ApiProperty({ type: String })
  periodCode!: string;
  @ApiProperty({ type: String })
  reviewUnitCode!: string;
  @ApiProperty({ type: String })
  provinceCode!: string;
  @ApiProperty({ enum: RETURN_STATUSES })
  status!: ReturnStatus;
  @ApiProperty({ type: Number })
  currentRevision!: number;
  @ApiProperty({ type: Number, nullable: true })
  approvedRevision!: number | null;
  @ApiProperty({
    type: Boolean,
    description:
      "Late by the deadline (Beijing time, or the firm's extension) for drafts too; decided at submission otherwise.",
  })
  late!: boolean;
  @ApiProperty({ type: Number })
  daysLate!: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Weight in the provincial totals while in review (0 to 1); null before it was computed.',
  })
  materiality!: number | null;
  @ApiProperty({ type: String, nullable: true })
  firstSubmittedAt!: string | null;
  @ApiProperty({ type: String, nullable: true })
  lastSubmittedAt!: string | null;
  @ApiProperty({ type: String })
  createdAt!: string;
  @ApiProperty({ type: String })
  updatedAt!: string;
  @ApiProperty({
    type: Number,
    description: 'Row version: every write action sends it back and is refused (CONFLICT) when it moved meanwhile.',
  })
  version!: number;
  @ApiProperty({ type: String, nullable: true })
  extensionUntil!: string | null;
  @ApiProperty({ type: String, nullable: true })
  enterpriseName!: string | null;
  @ApiProperty({ type: String, nullable: true })
  uscc!: string | null;
  @ApiProperty({ type: String, nullable: true })
  dueDate!: string | null;
  @ApiProperty({ type: String, nullable: true })
  lockDate!: string | null;
}

export class ProfileSectionDto implements ProfileSection {
  @ApiProperty({ type: Boolean })
  confirmed!: boolean;
  @ApiProperty({ type: String })
  nameZh!: string;
  @ApiProperty({ type: String })
  regionCode!: string;
  @ApiProperty({ type: String, nullable: true })
  zoneCode!: string | null;
  @ApiProperty({ type: String })
  natureCode!: string;
  @ApiProperty({ type: String })
  industryCode!: string;
  @ApiProperty({ type: Boolean })
  keyEnterprise!: boolean;
  @ApiProperty({ type: Boolean })
  advancedTech!: boolean;
}

export class ServicesTradeLineDto implements ServicesTradeLine {
  @ApiProperty({ type: String })
  categoryCode!: string;
  @ApiProperty({ type: String })
  partnerCode!: string;
  @ApiProperty({ enum: ['EXPORT', 'IMPORT'] })
  direction!: Direction;
  @ApiProperty({ type: Number })
  amount!: number;
  @ApiProperty({ enum: ['USD', 'CNY'] })
  currency!: Currency;
}

/** A contract received (接包) and signed in this return's quarter. */
export class ContractLineDto implements ContractLine {
  @ApiProperty({ type: String })
  contractNo!: string;
  @ApiProperty({ type: String })
  signedDate!: string;
  @ApiProperty({ type: String })
  clientName!: string;
  @ApiProperty({ type: String })
  clientPartnerCode!: string;
  @ApiProperty({ type: String, nullable: true })
  clientIndustryCode!: string | null;
  @ApiProperty({ type: String })
  businessCode!: string;
  @ApiProperty({ type: Boolean })
  offshore!: boolean;
  @ApiProperty({ type: Number })
  amount!: number;
  @ApiProperty({ enum: ['USD', 'CNY'] })
  currency!: Currency;
}

/** Amount executed in this return's quarter on a contract of the firm (signed now or earlier). */
export class ExecutionLineDto implements ExecutionLine {
  @ApiProperty({ type: String })
  contractNo!: string;
  @ApiProperty({ type: Number })
  amount!: number;
  @ApiProperty({ enum: ['USD', 'CNY'] })
  currency!: Currency;
}

export class WorkforceSectionDto implements WorkforceSection {
  @ApiProperty({ type: Number })
  juniorCollege!: number;
  @ApiProperty({ type: Number })
  bachelor!: number;
  @ApiProperty({ type: Number })
  master!: number;
  @ApiProperty({ type: Number })
  doctor!: number;
  @ApiProperty({ type: Number })
  other!: number;
  @ApiProperty({ type: Number, nullable: true })
  newHires!: number | null;
  @ApiProperty({ type: Number, nullable: true })
  newHiresGraduates!: number | null;
}

export class ReturnContentDto implements ReturnContent {
  @ApiProperty({ type: () => ProfileSectionDto, nullable: true })
  profile!: ProfileSection | null;
  @ApiProperty({ type: Boolean })
  zeroReturn!: boolean;
  @ApiProperty({ type: () => [ServicesTradeLineDto] })
  servicesTrade!: ServicesTradeLine[];
  @ApiProperty({ type: () => [ContractLineDto] })
  contracts!: ContractLine[];
  @ApiProperty({ type: () => [ExecutionLineDto] })
  executions!: ExecutionLine[];
  @ApiProperty({ type: () => WorkforceSectionDto, nullable: true })
  workforce!: WorkforceSection | null;
}

/** One revision of a return without its content (GET /api/returns/:id → revisions[]). */
export class RevisionMetaDto implements RevisionMeta {
  @ApiProperty({ type: String })
  id!: string;
  @ApiProperty({ type: String })
  returnId!: string;
  @ApiProperty({ type: Number })
  revision!: number;
  @ApiProperty({
    type: String,
    description: "The period's rate (CNY per USD) when the revision was written, as a decimal string.",
  })
  cnyPerUsd!: string;
  @ApiProperty({ enum: ['IMPORT', 'WEB', 'XLSX', 'HISTORICAL'] })
  source!: RevisionSource;
  @ApiProperty({ type: String, nullable: true })
  sourceNote!: string | null;
  @ApiProperty({ type: Boolean })
  frozen!: boolean;
  @ApiProperty({ type: String, nullable: true })
  contentHash!: string | null;
  @ApiProperty({ type: String, nullable: true })
  receiptNo!: string | null;
  @ApiProperty({ type: String, nullable: true })
  submittedAt!: string | null;
  @ApiProperty({ type: String, nullable: true })
  submittedBy!: string | null;
  @ApiProperty({ type: String, nullable: true })
  createdBy!: string | null;
  @ApiProperty({ type: String })
  createdAt!: string;
  @ApiProperty({ type: String })
  updatedAt!: string;
}

/** GET /api/returns/:id (and every firm action's answer): the row, the current revision's content, every revision. */
export class ReturnDetailDto extends ReturnRowDto implements ReturnDetail {
  @ApiProperty({ type: Boolean, description: 'Maker-checker: only a signatory may submit what a filer prepared.' })
  makerChecker!: boolean;
  @ApiProperty({ type: Number })
  cnyPerUsd!: number;
  @ApiProperty({ type: () => ReturnContentDto, description: 'The complete rows: what checks and figures read.' })
  content!: ReturnContent;
  @ApiProperty({
    type: () => ReturnContentDto,
    nullable: true,
    description:
      'The draft as typed while some of it is incomplete (cells may be null or hold the text typed); null when all of it is in content.',
  })
  draft!: ReturnContent | null;
  @ApiProperty({ type: () => [ContentIssueDto], description: 'What is incomplete or wrong in draft, by path.' })
  contentIssues!: ContentIssue[];
  @ApiProperty({
    type: Object,
    nullable: true,
    description:
      'For each row of content (servicesTrade, contracts, executions), its row in draft; null with no draft.',
    example: { servicesTrade: [0, 2], contracts: [], executions: [] },
  })
  draftRows!: DraftRows | null;
  @ApiProperty({ type: () => [RevisionMetaDto] })
  revisions!: RevisionMeta[];
}

/** One incomplete or wrong cell of a draft: where (path, field) and what, in both languages. */
export class ContentIssueDto implements ContentIssue {
  @ApiProperty({ type: String, example: 'servicesTrade[1].amount' })
  path!: string;
  @ApiProperty({ type: String, example: 'amount' })
  field!: string;
  @ApiProperty({ type: String })
  message_zh!: string;
  @ApiProperty({ type: String })
  message_en!: string;
}

/** GET /api/returns/:id/revisions/:rev: one revision with its content. */
export class ReturnRevisionDto extends RevisionMetaDto implements ReturnRevision {
  @ApiProperty({ type: () => ReturnContentDto })
  content!: ReturnContent;
}

/** POST /api/returns/:id/submit and …/zero: the return, and its place in the validation queue (null: not queued). */
export class SubmittedReturnDto extends ReturnDetailDto implements SubmittedReturn {
  @ApiProperty({ type: Number, nullable: true })
  queuePosition!: number | null;
}

/** A row of the review inbox (GET /api/review/inbox). */
export class InboxRowDto implements InboxRow {
  @ApiProperty({ type: String })
  id!: string;
  @ApiProperty({ type: String })
  enterpriseId!: string;
  @ApiProperty({ type: String })
  enterpriseName!: string;
  @ApiProperty({ type: String })
  uscc!: string;
  @ApiProperty({ type: String })
  reviewUnitCode!: string;
  @ApiProperty({ type: String, nullable: true })
  reviewUnitName!: string | null;
  @ApiProperty({ type: String })
  periodCode!: string;
  @ApiProperty({ enum: RETURN_STATUSES })
  status!: ReturnStatus;
  @ApiProperty({ enum: ['MUNICIPAL', 'PROVINCIAL'] })
  level!: ReviewLevel;
  @ApiProperty({ type: Number })
  version!: number;
  @ApiProperty({ type: Number })
  currentRevision!: number;
  @ApiProperty({ type: String, nullable: true })
  submittedAt!: string | null;
  @ApiProperty({ type: String })
  dueDate!: string;
  @ApiProperty({ type: String, nullable: true, description: "Since the return reached the reviewer's level." })
  inReviewSince!: string | null;
  @ApiProperty({ type: Number })
  ageDays!: number;
  @ApiProperty({ type: Boolean })
  late!: boolean;
  @ApiProperty({ type: Boolean })
  overSla!: boolean;
  @ApiProperty({ type: Number })
  openFindings!: number;
  @ApiProperty({ type: Number })
  explainedFindings!: number;
  @ApiProperty({ type: Number, nullable: true })
  materiality!: number | null;
}

/** A return bulk approval left alone: `reason` is an error code (OPEN_FINDINGS, MATERIAL, NOT_IN_REVIEW, CONFLICT, …). */
export class BulkApproveRefusalDto implements BulkApproveRefusal {
  @ApiProperty({ type: String })
  id!: string;
  @ApiProperty({ type: String })
  reason!: string;
  @ApiProperty({ type: String })
  message_zh!: string;
  @ApiProperty({ type: String })
  message_en!: string;
}

export class BulkApproveResultDto implements BulkApproveResult {
  @ApiProperty({ type: [String] })
  approved!: string[];
  @ApiProperty({ type: [String] })
  heldBack!: string[];
  @ApiProperty({ type: () => [BulkApproveRefusalDto] })
  refused!: BulkApproveRefusal[];
}

/** One recorded state change of a return (GET /api/returns/:id/transitions). */
export class TransitionViewDto implements TransitionView {
  @ApiProperty({ type: String })
  id!: string;
  @ApiProperty({ type: String })
  returnId!: string;
  @ApiProperty({ type: Number })
  revision!: number;
  @ApiProperty({ enum: WORKFLOW_ACTIONS })
  action!: WorkflowAction;
  @ApiProperty({ enum: RETURN_STATUSES })
  fromStatus!: ReturnStatus;
  @ApiProperty({ enum: RETURN_STATUSES })
  toStatus!: ReturnStatus;
  @ApiProperty({ type: String, nullable: true })
  actorId!: string | null;
  @ApiProperty({ type: String, nullable: true })
  actorUsername!: string | null;
  @ApiProperty({ type: String, nullable: true })
  reason!: string | null;
  @ApiProperty({ type: String })
  at!: string;
}

/** A reviewer's comment pinned to a cell; with a proposed value it is a proposed correction the firm answers. */
export class ReviewCommentViewDto implements ReviewCommentView {
  @ApiProperty({ type: String })
  id!: string;
  @ApiProperty({ type: String })
  returnId!: string;
  @ApiProperty({ type: Number })
  revision!: number;
  @ApiProperty({ type: String })
  path!: string;
  @ApiProperty({ type: String })
  text!: string;
  @ApiProperty({ description: 'any JSON value' })
  proposedValue!: unknown;
  @ApiProperty({ enum: ROLES })
  authorRole!: Role;
  @ApiProperty({ type: String })
  authorUsername!: string;
  @ApiProperty({ type: String })
  createdAt!: string;
  @ApiProperty({ enum: ['ACCEPTED', 'REJECTED'], nullable: true })
  response!: CommentResponse | null;
  @ApiProperty({ type: String, nullable: true })
  responseReason!: string | null;
  @ApiProperty({ type: String, nullable: true })
  respondedBy!: string | null;
  @ApiProperty({ type: String, nullable: true })
  respondedAt!: string | null;
}

/** One changed cell between two revisions of a return. `path` points into the later revision (into the earlier one for a removed line), in the notation of review comments (`servicesTrade[1].amount`, `contracts[0]`, `workforce.bachelor`); `key` names the line by its natural key so a reader can tell lines apart. */
export class CellDiffDto implements CellDiff {
  @ApiProperty({ type: String })
  path!: string;
  @ApiProperty({ enum: DIFF_SECTIONS })
  section!: DiffSection;
  @ApiProperty({ type: String, nullable: true })
  key!: string | null;
  @ApiProperty({ description: 'any JSON value' })
  before!: unknown;
  @ApiProperty({ description: 'any JSON value' })
  after!: unknown;
  @ApiProperty({ enum: ['added', 'removed', 'changed'] })
  kind!: 'added' | 'removed' | 'changed';
}

export class DiffResponseDto implements DiffResponse {
  @ApiProperty({ type: Number })
  from!: number;
  @ApiProperty({ type: Number })
  to!: number;
  @ApiProperty({ type: () => [CellDiffDto] })
  changes!: CellDiff[];
}

/** A reporting period as GET /api/periods answers it; the id is the period code (2021Q4). */
export class PeriodRowDto implements PeriodRow {
  @ApiProperty({ type: String })
  id!: string;
  @ApiProperty({ type: String })
  code!: string;
  @ApiProperty({ type: Number })
  year!: number;
  @ApiProperty({ type: Number })
  quarter!: number;
  @ApiProperty({ type: String })
  openDate!: string;
  @ApiProperty({ type: String })
  dueDate!: string;
  @ApiProperty({ type: String })
  lockDate!: string;
  @ApiProperty({ type: Number, description: "CNY per USD for the quarter's amounts." })
  cnyPerUsd!: number;
  @ApiProperty({ type: String })
  createdAt!: string;
}

/** A row of GET /api/imports. */
export class ImportJobDto implements ImportJob {
  @ApiProperty({ type: String })
  id!: string;
  @ApiProperty({ enum: IMPORT_KINDS })
  kind!: ImportKind;
  @ApiProperty({ enum: ['XLSX', 'BUNDLE'] })
  format!: ImportFormat;
  @ApiProperty({ enum: IMPORT_STATUSES })
  status!: ImportStatus;
  @ApiProperty({ type: String })
  createdByUsername!: string;
  @ApiProperty({ type: String, nullable: true, description: "The uploader's firm for FIRM imports." })
  enterpriseId!: string | null;
  @ApiProperty({ type: String })
  fileName!: string;
  @ApiProperty({ type: Number })
  fileSize!: number;
  @ApiProperty({ type: String })
  sha256!: string;
  @ApiProperty({ type: String, nullable: true })
  sourceNote!: string | null;
  @ApiProperty({
    type: Boolean,
    description:
      'Uploaded as a dry run (预检): PREVIEWED until confirmed (POST …/confirm) or discarded (POST …/discard).',
  })
  dryRun!: boolean;
  @ApiProperty({ type: String, nullable: true })
  confirmedAt!: string | null;
  @ApiProperty({ type: Number })
  progress!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' } })
  counts!: Record<string, number>;
  @ApiProperty({ type: Number })
  errorCount!: number;
  @ApiProperty({ type: String })
  createdAt!: string;
  @ApiProperty({ type: String, nullable: true })
  startedAt!: string | null;
  @ApiProperty({ type: String, nullable: true })
  finishedAt!: string | null;
}

export class ImportPreviewReturnDto implements ImportPreviewReturn {
  @ApiProperty({ type: String })
  uscc!: string;
  @ApiProperty({ type: String, nullable: true })
  enterpriseName!: string | null;
  @ApiProperty({ type: String })
  period!: string;
  @ApiProperty({ enum: ['CREATE', 'UPDATE', 'UNCHANGED', 'REFUSED'] })
  action!: ImportPreviewAction;
  @ApiProperty({
    type: Number,
    description: 'Rows of the upload behind this return (trade lines, contracts, executions, workforce).',
  })
  rows!: number;
  @ApiProperty({
    type: Number,
    description:
      "The upload's problems on this return's rows (listed in the import's errors with file, line and field).",
  })
  errors!: number;
}

export class ImportErrorDto implements ImportError {
  @ApiProperty({ type: String, nullable: true })
  file!: string | null;
  @ApiProperty({ type: Number, nullable: true })
  line!: number | null;
  @ApiProperty({ type: String, nullable: true })
  column!: string | null;
  @ApiProperty({ type: String, nullable: true })
  value!: string | null;
  @ApiProperty({ type: String })
  code!: string;
  @ApiProperty({ type: String })
  message_zh!: string;
  @ApiProperty({ type: String })
  message_en!: string;
}

/** GET /api/imports/:id, and the answer of POST …/retry, …/confirm and …/discard. */
export class ImportJobDetailDto extends ImportJobDto implements ImportJobDetail {
  @ApiProperty({
    type: () => [ImportPreviewReturnDto],
    nullable: true,
    description: 'Per firm and period, what the import would do (dry run) or did; null for historical imports.',
  })
  preview!: ImportPreviewReturn[] | null;
  @ApiProperty({ type: () => [ImportErrorDto] })
  errors!: ImportError[];
  @ApiProperty({
    type: Boolean,
    description: 'It failed for another reason than its data, and POST …/retry runs it again.',
  })
  retryable!: boolean;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Until when a dry run awaiting confirmation waits (IMPORT_DRY_RUN_TTL_HOURS after it was checked).',
  })
  expiresAt!: string | null;
}

/** POST /api/imports. */
export class ImportCreatedDto implements ImportCreated {
  @ApiProperty({ type: String })
  id!: string;
}

export class TableParametersDto implements TableParameters {
  @ApiProperty({ type: String })
  period!: string;
  @ApiProperty({ type: String })
  territory!: string;
  @ApiProperty({ enum: ['USD', 'CNY'] })
  currency!: 'USD' | 'CNY';
}

export class TableColumnDto implements TableColumn {
  @ApiProperty({ type: String })
  key!: string;
  @ApiProperty({ type: [String], description: 'Heading path from the top header row to the leaf.' })
  header!: string[];
  @ApiProperty({ enum: ['text', 'int', 'amount0', 'amount1', 'amount2', 'trunc0', 'pct1', 'pctnum1', 'pp1'] })
  format!: CellFormat;
  @ApiProperty({ type: Number, description: 'Excel column width (characters).' })
  width!: number;
}

/** One header cell; merged cells carry their span (rows and columns are 0-based within the header block). */
export class HeaderCellDto implements HeaderCell {
  @ApiProperty({ type: String })
  text!: string;
  @ApiProperty({ type: Number })
  row!: number;
  @ApiProperty({ type: Number })
  col!: number;
  @ApiProperty({ type: Number })
  rowSpan!: number;
  @ApiProperty({ type: Number })
  colSpan!: number;
}

export class TableCellDto implements TableCell {
  @ApiProperty({
    nullable: true,
    description: 'The value as printed: already rounded or truncated per layout (ratios as fractions), or text.',
  })
  value!: number | string | null;
  @ApiProperty({ type: String, description: 'The printed text (`—` or `-` when a growth or share has no base).' })
  text!: string;
  @ApiProperty({ enum: ['text', 'int', 'amount0', 'amount1', 'amount2', 'trunc0', 'pct1', 'pctnum1', 'pp1'] })
  format!: CellFormat;
}

export class CoverageDto implements Coverage {
  @ApiProperty({ type: Number, description: 'Approved returns whose figures feed this row.' })
  approvedReturns!: number;
  @ApiProperty({
    type: Number,
    description:
      "Returns of the row's territory and periods waiting for review (validating, submitted, municipally approved, sent back, under correction).",
  })
  pendingReturns!: number;
  @ApiProperty({ type: Number, description: 'approved / (approved + pending); 1 when both are 0.' })
  approvedShare!: number;
}

export class TableRowDto implements TableRow {
  @ApiProperty({
    type: String,
    description:
      'Stable key of the row (`total`, `ITO`, `ITO-RD-01`, `SG`, `G:EU`, `610100`, …): the drill-down parameter.',
  })
  key!: string;
  @ApiProperty({ type: String })
  label!: string;
  @ApiProperty({ enum: ['total', 'subtotal', 'item'] })
  kind!: 'total' | 'subtotal' | 'item';
  @ApiProperty({ type: Number, description: 'Indentation level in a tree (0 = top).' })
  level!: number;
  @ApiProperty({ type: () => [TableCellDto] })
  cells!: TableCell[];
  @ApiProperty({ type: () => CoverageDto })
  coverage!: Coverage;
}

export class OfficialTableViewDto implements OfficialTableView {
  @ApiProperty({ type: String })
  id!: string;
  @ApiProperty({ type: String })
  title!: string;
  @ApiProperty({ type: String, description: 'The title without its period and territory: the sheet name.' })
  shortTitle!: string;
  @ApiProperty({ type: String })
  unitLine!: string;
  @ApiProperty({ type: () => TableParametersDto })
  parameters!: TableParameters;
  @ApiProperty({ type: String })
  territoryName!: string;
  @ApiProperty({ type: () => [TableColumnDto] })
  columns!: TableColumn[];
  @ApiProperty({ type: () => [HeaderCellDto] })
  header!: HeaderCell[];
  @ApiProperty({ type: Number })
  headerRows!: number;
  @ApiProperty({ type: () => [TableRowDto] })
  rows!: TableRow[];
  @ApiProperty({ type: [String] })
  notes!: string[];
  @ApiProperty({ type: String })
  sourceLine!: string;
  @ApiProperty({ type: () => CoverageDto })
  coverage!: Coverage;
  @ApiProperty({
    type: String,
    description: 'SHA-256 over the approved facts the table used (return id and approved revision of each).',
  })
  snapshotHash!: string;
}

export class TableParameterSpecDto implements TableParameterSpec {
  @ApiProperty({ enum: ['period', 'territory', 'currency', 'top'] })
  name!: 'period' | 'territory' | 'currency' | 'top';
  @ApiProperty({ type: Boolean })
  required!: boolean;
  @ApiProperty({ type: String })
  description_zh!: string;
  @ApiProperty({ type: String })
  description_en!: string;
  @ApiPropertyOptional({ type: [String] })
  values?: string[];
}

export class CatalogueEntryDto implements CatalogueEntry {
  @ApiProperty({ type: String })
  id!: string;
  @ApiProperty({ type: String })
  title!: string;
  @ApiProperty({ enum: ['outsourcing', 'trade', 'workforce', 'quality', 'technology'] })
  group!: 'outsourcing' | 'trade' | 'workforce' | 'quality' | 'technology';
  @ApiProperty({ type: String })
  description_zh!: string;
  @ApiProperty({ type: () => [TableParameterSpecDto] })
  parameters!: TableParameterSpec[];
}

export class ContractDrillDownRowDto implements ContractDrillDownRow {
  @ApiProperty({ type: String })
  contractId!: string;
  @ApiProperty({ type: String })
  enterpriseId!: string;
  @ApiProperty({ type: String })
  enterpriseName!: string;
  @ApiProperty({ type: String })
  uscc!: string;
  @ApiProperty({ type: String })
  contractNo!: string;
  @ApiProperty({ enum: ['EXPORT', 'IMPORT'] })
  direction!: 'EXPORT' | 'IMPORT';
  @ApiProperty({ type: String, description: 'The signing quarter.' })
  periodCode!: string;
  @ApiProperty({ type: String, description: 'The contract registration status.' })
  status!: string;
  @ApiProperty({ type: String, nullable: true })
  registrationNo!: string | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: '合同金额 in USD of the version the row counts or waits on.',
  })
  contractAmountUsd!: number | null;
  @ApiProperty({ type: Boolean, description: 'Counted in the row (registered), or waiting for the city.' })
  contributes!: boolean;
}

export class DrillDownRowDto implements DrillDownRow {
  @ApiProperty({ type: String })
  returnId!: string;
  @ApiProperty({ type: String })
  enterpriseId!: string;
  @ApiProperty({ type: String })
  enterpriseName!: string;
  @ApiProperty({ type: String })
  uscc!: string;
  @ApiProperty({ type: String })
  periodCode!: string;
  @ApiProperty({ type: String })
  status!: string;
  @ApiProperty({ type: Number, nullable: true })
  approvedRevision!: number | null;
  @ApiProperty({ type: Number })
  currentRevision!: number;
  @ApiProperty({
    type: Boolean,
    description: "Whether the row's figures include this return (approved), or it is waiting.",
  })
  contributes!: boolean;
}

export class UserSummaryDto implements UserSummary {
  @ApiProperty({ type: String })
  id!: string;
  @ApiProperty({ type: String })
  username!: string;
  @ApiProperty({ type: String })
  displayName!: string;
  @ApiProperty({ enum: ROLES, isArray: true })
  roles!: Role[];
  @ApiProperty({ enum: SCOPE_KINDS })
  scopeKind!: ScopeKind;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Region code (REGION, PROVINCE) or enterprise id (ENTERPRISE); null for SYSTEM.',
  })
  scopeCode!: string | null;
  @ApiProperty({ type: String, nullable: true })
  scopeName!: string | null;
  @ApiProperty({ enum: PERMISSIONS, isArray: true })
  permissions!: Permission[];
}

export class LoginResponseDto implements LoginResponse {
  @ApiProperty({ type: String })
  accessToken!: string;
  @ApiProperty({ type: String })
  expiresAt!: string;
  @ApiProperty({ type: () => UserSummaryDto })
  user!: UserSummary;
}

export class FindingCountsDto implements FindingCounts {
  @ApiProperty({ type: Number })
  blocking!: number;
  @ApiProperty({ type: Number })
  explain!: number;
  @ApiProperty({ type: Number, description: 'Explain-or-fix findings without an accepted explanation.' })
  unexplained!: number;
  @ApiProperty({ type: Number })
  info!: number;
}

export class FindingViewDto implements FindingView {
  @ApiProperty({ type: String })
  id!: string;
  @ApiProperty({ type: Number })
  revision!: number;
  @ApiProperty({ type: String })
  ruleId!: string;
  @ApiProperty({ enum: FINDING_SEVERITIES })
  severity!: FindingSeverity;
  @ApiProperty({
    type: [String],
    description: "JSON paths into the revision's content (`servicesTrade[1].amount`), or a section (`executions`).",
  })
  cells!: string[];
  @ApiProperty({ type: String })
  message_zh!: string;
  @ApiProperty({ type: String })
  message_en!: string;
  @ApiProperty({ type: 'object', additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }] } })
  params!: Record<string, string | number>;
  @ApiProperty({ enum: FINDING_STATUSES })
  status!: FindingStatus;
  @ApiProperty({ type: String, nullable: true })
  reasonCode!: string | null;
  @ApiProperty({ type: String, nullable: true })
  explanation!: string | null;
  @ApiProperty({ type: String, nullable: true })
  explainedBy!: string | null;
  @ApiProperty({ type: String, nullable: true })
  explainedAt!: string | null;
}

/** GET /api/returns/:id/validation: the latest revision's validation. */
export class ValidationViewDto implements ValidationView {
  @ApiProperty({ type: String })
  returnId!: string;
  @ApiProperty({ type: Number })
  revision!: number;
  @ApiProperty({
    enum: ['QUEUED', 'RUNNING', 'DONE', 'FAILED', 'NONE'],
    description: 'NONE: the revision has not been queued for validation yet.',
  })
  status!: ValidationRunStatus | 'NONE';
  @ApiProperty({ type: Number, description: 'Percent.' })
  progress!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Jobs waiting ahead of this one, while it waits.' })
  queuePosition!: number | null;
  @ApiProperty({ type: String, nullable: true })
  catalogueVersion!: string | null;
  @ApiProperty({ type: String, nullable: true })
  startedAt!: string | null;
  @ApiProperty({ type: String, nullable: true })
  finishedAt!: string | null;
  @ApiProperty({
    type: Boolean,
    description: "Whether the findings were computed on the revision's content as it is now.",
  })
  current!: boolean;
  @ApiProperty({ type: () => FindingCountsDto })
  counts!: FindingCounts;
  @ApiProperty({ type: () => [FindingViewDto] })
  findings!: FindingView[];
}

/** The registration document of one technology import or export contract (one version of it): what the firm fills in. The domestic party is the firm that files it (its profile gives region, nature and industry), so it is not a field of the document; see TechnologyContractRegistration for the record around it. */
export class TechnologyContractDto implements TechnologyContract {
  @ApiProperty({ type: String, description: "The firm's own contract number, unique within the firm." })
  contractNo!: string;
  @ApiProperty({ enum: ['EXPORT', 'IMPORT'], description: 'EXPORT 技术出口, IMPORT 技术引进（进口）.' })
  direction!: Direction;
  @ApiProperty({ type: String, description: 'YYYY-MM-DD; the contract counts in the quarter of this date.' })
  signedDate!: string;
  @ApiProperty({ type: String, description: 'technology-modes code list (TT1–TT8).' })
  modeCode!: string;
  @ApiProperty({ type: String, description: '受让方 for an export, 供方 for an import.' })
  foreignParty!: string;
  @ApiProperty({
    type: String,
    description: 'ISO alpha-2 economy of the foreign party (HK, MO, TW included; never CN).',
  })
  partnerCode!: string;
  @ApiProperty({ type: Number, description: '技术费.' })
  techFee!: number;
  @ApiProperty({ type: Number, description: '设备费 (0 when none).' })
  equipmentFee!: number;
  @ApiProperty({ type: Number, description: '合同金额 = techFee + equipmentFee, to the cent.' })
  contractAmount!: number;
  @ApiProperty({ enum: ['USD', 'CNY'], description: 'For all three amounts.' })
  currency!: Currency;
  @ApiProperty({ enum: TECHNOLOGY_CATEGORIES })
  category!: TechnologyCategory;
  @ApiProperty({ type: String, nullable: true, description: '技术进出口许可证编号, required for 限制类 technology.' })
  licenceNo!: string | null;
}

/** The record of a registration as the API answers it: the document with its firm, state and version. */
export class TechnologyContractRegistrationDto implements TechnologyContractRegistration {
  @ApiProperty({ type: String })
  id!: string;
  @ApiProperty({ type: String })
  enterpriseId!: string;
  @ApiProperty({ type: String })
  uscc!: string;
  @ApiProperty({ type: String })
  enterpriseNameZh!: string;
  @ApiProperty({ enum: CONTRACT_REGISTRATION_STATUSES })
  status!: ContractRegistrationStatus;
  @ApiProperty({
    type: String,
    nullable: true,
    description: '登记证书编号, issued when the city registers the contract (or carried by historical data).',
  })
  registrationNo!: string | null;
  @ApiProperty({ type: Number, description: '1 for the first registration; each change or cancellation adds one.' })
  version!: number;
  @ApiProperty({ enum: CONTRACT_VERSION_KINDS })
  versionKind!: ContractVersionKind;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why the contract was changed or cancelled; null for the first registration.',
  })
  versionReason!: string | null;
  @ApiProperty({ type: () => TechnologyContractDto })
  content!: TechnologyContract;
}

/** The check of the current version by the R-TEC rules (the worker's job; the browser runs the same rules). */
export class TechnologyContractCheckViewDto implements TechnologyContractCheckView {
  @ApiProperty({ enum: ['NONE', 'QUEUED', 'RUNNING', 'DONE', 'FAILED'] })
  status!: 'NONE' | 'QUEUED' | 'RUNNING' | 'DONE' | 'FAILED';
  @ApiProperty({ type: Boolean, description: "Whether the findings are of the version's content as it is now." })
  current!: boolean;
  @ApiProperty({ type: () => FindingCountsDto })
  counts!: FindingCounts;
  @ApiProperty({ type: () => [FindingViewDto] })
  findings!: FindingView[];
  @ApiProperty({ type: String, nullable: true })
  finishedAt!: string | null;
}

/** The contract scan of the current version (GET …/attachment downloads it). */
export class TechnologyContractAttachmentDto implements TechnologyContractAttachment {
  @ApiProperty({ type: String })
  fileName!: string;
  @ApiProperty({ type: Number })
  size!: number;
  @ApiProperty({ type: String })
  sha256!: string;
  @ApiProperty({ type: String })
  contentType!: string;
}

/** A reviewer's remark pinned to a field of the version under review, with an optional proposed value. */
export class TechnologyContractCommentDto implements TechnologyContractComment {
  @ApiProperty({ enum: TECHNOLOGY_CONTRACT_FIELDS })
  field!: TechnologyContractField;
  @ApiProperty({ type: String })
  text!: string;
  @ApiPropertyOptional({ nullable: true })
  proposedValue?: string | number | null;
}

/** One recorded state change of a contract registration. */
export class TechnologyContractTransitionViewDto implements TechnologyContractTransitionView {
  @ApiProperty({ type: String })
  id!: string;
  @ApiProperty({ type: Number })
  version!: number;
  @ApiProperty({ type: String })
  action!: string;
  @ApiProperty({ enum: CONTRACT_REGISTRATION_STATUSES })
  fromStatus!: ContractRegistrationStatus;
  @ApiProperty({ enum: CONTRACT_REGISTRATION_STATUSES })
  toStatus!: ContractRegistrationStatus;
  @ApiProperty({ type: String, nullable: true })
  actorUsername!: string | null;
  @ApiProperty({ type: String, nullable: true })
  actorRole!: string | null;
  @ApiProperty({ type: String, nullable: true })
  reason!: string | null;
  @ApiProperty({ type: () => [TechnologyContractCommentDto] })
  comments!: TechnologyContractComment[];
  @ApiProperty({ type: String })
  at!: string;
}

/** A contract as its page shows it: the record, the version's metadata, its check, attachment and history. */
export class TechnologyContractDetailDto extends TechnologyContractRegistrationDto implements TechnologyContractDetail {
  @ApiProperty({ type: Number, description: 'Optimistic lock: sent back with every write.' })
  rowVersion!: number;
  @ApiProperty({ type: String })
  periodCode!: string;
  @ApiProperty({ type: String })
  reviewUnitCode!: string;
  @ApiProperty({ type: Number, nullable: true })
  registeredVersion!: number | null;
  @ApiProperty({ type: Boolean })
  frozen!: boolean;
  @ApiProperty({ type: String, nullable: true })
  contentHash!: string | null;
  @ApiProperty({ type: String, nullable: true })
  submittedAt!: string | null;
  @ApiProperty({ type: String, nullable: true })
  firstRegisteredAt!: string | null;
  @ApiProperty({ type: Number, nullable: true })
  materiality!: number | null;
  @ApiProperty({ type: () => TechnologyContractCheckViewDto })
  check!: TechnologyContractCheckView;
  @ApiProperty({ type: () => TechnologyContractAttachmentDto, nullable: true })
  attachment!: TechnologyContractAttachment | null;
  @ApiProperty({ type: () => [TechnologyContractTransitionViewDto] })
  transitions!: TechnologyContractTransitionView[];
}

/** A row of the contract list (the firm's contracts, the reviewer's inbox). */
export class TechnologyContractListRowDto implements TechnologyContractListRow {
  @ApiProperty({ type: String })
  id!: string;
  @ApiProperty({ type: String })
  enterpriseId!: string;
  @ApiProperty({ type: String })
  enterpriseName!: string;
  @ApiProperty({ type: String })
  uscc!: string;
  @ApiProperty({ type: String })
  contractNo!: string;
  @ApiProperty({ enum: ['EXPORT', 'IMPORT'] })
  direction!: Direction;
  @ApiProperty({ type: String })
  periodCode!: string;
  @ApiProperty({ enum: CONTRACT_REGISTRATION_STATUSES })
  status!: ContractRegistrationStatus;
  @ApiProperty({ type: String, nullable: true })
  registrationNo!: string | null;
  @ApiProperty({ type: Number })
  currentVersion!: number;
  @ApiProperty({ type: Number, nullable: true })
  registeredVersion!: number | null;
  @ApiProperty({ type: String })
  reviewUnitCode!: string;
  @ApiProperty({ type: String })
  signedDate!: string;
  @ApiProperty({ type: String })
  modeCode!: string;
  @ApiProperty({ type: String })
  partnerCode!: string;
  @ApiProperty({ type: Number })
  contractAmount!: number;
  @ApiProperty({ enum: ['USD', 'CNY'] })
  currency!: Currency;
  @ApiProperty({ type: Number })
  contractAmountUsd!: number;
  @ApiProperty({ enum: CONTRACT_VERSION_KINDS })
  versionKind!: ContractVersionKind;
  @ApiProperty({ type: Number, nullable: true })
  materiality!: number | null;
  @ApiProperty({ type: String })
  updatedAt!: string;
}

/** A version of a firm's profile as the API answers it (GET /api/enterprises/:id/profiles, POST …/profile), valid from its date until the next version's, with the section (门类) of each industry code: the code itself for a section, the parent of a division, by the code list valid on the version's date. */
export class EnterpriseProfileViewDto implements EnterpriseProfileView {
  @ApiProperty({ type: Number })
  id!: number;
  @ApiProperty({ type: String })
  enterpriseId!: string;
  @ApiProperty({ type: String })
  validFrom!: string;
  @ApiProperty({ type: String })
  nameZh!: string;
  @ApiProperty({ type: String })
  regionCode!: string;
  @ApiProperty({ type: String, nullable: true })
  zoneCode!: string | null;
  @ApiProperty({ type: String })
  natureCode!: string;
  @ApiProperty({
    type: String,
    description: 'GB/T 4754-2017 (list `industries`): a division (大类) where known, else a section (门类).',
  })
  industryCode!: string;
  @ApiProperty({ type: String, nullable: true })
  industrySection!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'GB/T 4754-2002 (list `industries-2002`), the classification of the technology trade tables; null if unknown.',
  })
  industryCode2002!: string | null;
  @ApiProperty({ type: String, nullable: true })
  industrySection2002!: string | null;
  @ApiProperty({ type: Boolean })
  keyEnterprise!: boolean;
  @ApiProperty({ type: Boolean })
  advancedTech!: boolean;
  @ApiProperty({ type: String })
  createdAt!: string;
  @ApiProperty({ type: String, nullable: true })
  createdBy!: string | null;
}

/** A firm's profile change that waits for a review unit (GET /api/profile-changes): a move to another review unit, confirmed by the receiving one, or a change dated before the day it was asked, confirmed by the firm's unit. */
export class ProfileChangeViewDto implements ProfileChangeView {
  @ApiProperty({ type: String })
  id!: string;
  @ApiProperty({ type: String })
  enterpriseId!: string;
  @ApiProperty({ type: String })
  enterpriseName!: string;
  @ApiProperty({ type: String })
  uscc!: string;
  @ApiProperty({ type: String })
  validFrom!: string;
  @ApiProperty({ type: String })
  nameZh!: string;
  @ApiProperty({ type: String })
  regionCode!: string;
  @ApiProperty({ type: String, nullable: true })
  zoneCode!: string | null;
  @ApiProperty({ type: String })
  natureCode!: string;
  @ApiProperty({ type: String })
  industryCode!: string;
  @ApiProperty({ type: String, nullable: true })
  industryCode2002!: string | null;
  @ApiProperty({ type: Boolean })
  keyEnterprise!: boolean;
  @ApiProperty({ type: Boolean })
  advancedTech!: boolean;
  @ApiProperty({ type: String })
  fromReviewUnitCode!: string;
  @ApiProperty({ type: String })
  toReviewUnitCode!: string;
  @ApiProperty({ type: Boolean })
  moves!: boolean;
  @ApiProperty({ type: Boolean })
  backdated!: boolean;
  @ApiProperty({ enum: PROFILE_CHANGE_STATUSES })
  status!: ProfileChangeStatus;
  @ApiProperty({ type: String })
  requestedByUsername!: string;
  @ApiProperty({ type: String })
  requestedAt!: string;
  @ApiProperty({ type: String, nullable: true })
  decidedAt!: string | null;
  @ApiProperty({ type: String, nullable: true })
  rejectionReason!: string | null;
}

/** Where the audit chain breaks. ALTERED: the entry's content no longer gives its stored hash (changed after it was written). LINK: the entry does not follow the entry before it: entries between `afterId` and it were deleted (`missing`: how many ids are absent between the two) or the entry before it was rewritten hash and all. */
export class AuditChainBreakDto implements AuditChainBreak {
  @ApiProperty({ type: String })
  id!: string;
  @ApiProperty({ enum: ['ALTERED', 'LINK'] })
  kind!: 'ALTERED' | 'LINK';
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'LINK: the entry it should follow (null: it should be the first).',
  })
  afterId?: string | null;
  @ApiPropertyOptional({
    type: Number,
    description:
      'LINK: ids absent between `afterId` and `id` (ids of appends rolled back are absent too, without a break).',
  })
  missing?: number;
}

/** GET /api/audit/verify: the whole chain walked; every break reported (the first AUDIT_BREAKS_LISTED of them). */
export class AuditVerifyResultDto implements AuditVerifyResult {
  @ApiProperty({ type: Boolean })
  ok!: boolean;
  @ApiProperty({ type: Number })
  checked!: number;
  @ApiProperty({ type: String, nullable: true })
  firstBrokenId!: string | null;
  @ApiProperty({ type: Number })
  breakCount!: number;
  @ApiProperty({ type: () => [AuditChainBreakDto] })
  breaks!: AuditChainBreak[];
}

export class ExportJobViewDto implements ExportJobView {
  @ApiProperty({ type: String })
  id!: string;
  @ApiProperty({ enum: EXPORT_KINDS })
  kind!: ExportKind;
  @ApiProperty({ type: String, nullable: true })
  tableId!: string | null;
  @ApiProperty({ type: String })
  period!: string;
  @ApiProperty({ type: String })
  territory!: string;
  @ApiProperty({ enum: ['USD', 'CNY'] })
  currency!: 'USD' | 'CNY';
  @ApiProperty({ enum: EXPORT_STATUSES })
  status!: ExportStatus;
  @ApiProperty({ type: Number })
  progress!: number;
  @ApiProperty({ type: String, nullable: true })
  fileName!: string | null;
  @ApiProperty({ type: Number, nullable: true })
  fileSize!: number | null;
  @ApiProperty({ type: String, nullable: true })
  snapshotHash!: string | null;
  @ApiProperty({ type: String, nullable: true })
  error!: string | null;
  @ApiProperty({ type: String })
  createdBy!: string;
  @ApiProperty({ type: String })
  createdAt!: string;
  @ApiProperty({ type: String, nullable: true })
  finishedAt!: string | null;
}

/** A return whose outcome the override would change. */
export class RuleImpactFlipDto implements RuleImpactFlip {
  @ApiProperty({ type: String })
  returnId!: string;
  @ApiProperty({ type: String })
  enterpriseName!: string;
  @ApiProperty({ enum: ['PASS', 'BLOCKED'] })
  before!: 'PASS' | 'BLOCKED';
  @ApiProperty({ enum: ['PASS', 'BLOCKED'] })
  after!: 'PASS' | 'BLOCKED';
}

/** POST /api/rules/:id/preview: what an override would change in a period's returns. */
export class RuleImpactPreviewDto implements RuleImpactPreview {
  @ApiProperty({ type: String })
  ruleId!: string;
  @ApiProperty({ type: String })
  periodCode!: string;
  @ApiProperty({ type: Number })
  returns!: number;
  @ApiProperty({
    type: Number,
    description: 'Returns that would stop passing (a blocking or unexplained finding) and that would start passing.',
  })
  toBlocked!: number;
  @ApiProperty({ type: Number })
  toPassing!: number;
  @ApiProperty({ type: Number, description: 'Findings of the rule over all returns, before and after.' })
  findingsBefore!: number;
  @ApiProperty({ type: Number })
  findingsAfter!: number;
  @ApiProperty({ type: () => [RuleImpactFlipDto] })
  flipped!: RuleImpactFlip[];
}

/** A registered firm as GET /api/enterprises lists it (and the answer of register, confirm, reject and settings). Its name, region and review unit mirror the profile version valid today. */
export class EnterpriseViewDto implements EnterpriseView {
  @ApiProperty({ type: String })
  id!: string;
  @ApiProperty({ type: String })
  uscc!: string;
  @ApiProperty({ type: String })
  nameZh!: string;
  @ApiProperty({ type: String })
  regionCode!: string;
  @ApiProperty({ type: String, nullable: true })
  zoneCode!: string | null;
  @ApiProperty({ type: String })
  reviewUnitCode!: string;
  @ApiProperty({ type: String })
  provinceCode!: string;
  @ApiProperty({ enum: ENTERPRISE_STATUSES })
  status!: EnterpriseStatus;
  @ApiProperty({ type: Boolean, description: 'Maker-checker: only a signatory may submit what a filer prepared.' })
  makerChecker!: boolean;
  @ApiProperty({ type: String, nullable: true })
  confirmedAt!: string | null;
  @ApiProperty({ type: String, nullable: true })
  confirmedBy!: string | null;
  @ApiProperty({ type: String, nullable: true })
  rejectionReason!: string | null;
  @ApiProperty({ type: String })
  createdAt!: string;
  @ApiProperty({ type: String })
  updatedAt!: string;
  @ApiProperty({ type: Number })
  version!: number;
}

/** One version of a code. `attrs` holds the list-specific columns of the CSV (kind, provincial, ...). */
export class CodeItemDto implements CodeItem {
  @ApiProperty({ type: Number })
  id!: number;
  @ApiProperty({ enum: CODE_LISTS })
  list!: CodeListName;
  @ApiProperty({ type: String })
  code!: string;
  @ApiProperty({ type: String, nullable: true })
  parentCode!: string | null;
  @ApiProperty({ type: Number, nullable: true })
  level!: number | null;
  @ApiProperty({ type: String })
  nameZh!: string;
  @ApiProperty({ type: String, nullable: true })
  nameEn!: string | null;
  @ApiProperty({ type: Number })
  sortOrder!: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'string' }, { type: 'boolean' }, { type: 'number' }], nullable: true },
  })
  attrs!: Record<string, string | boolean | number | null>;
  @ApiProperty({ type: String })
  validFrom!: string;
  @ApiProperty({ type: String, nullable: true })
  validTo!: string | null;
}

/** A code list entry as the API answers it (GET /api/codes/:list …): with who added it and when. */
export class CodeItemViewDto extends CodeItemDto implements CodeItemView {
  @ApiProperty({ type: String })
  createdAt!: string;
  @ApiProperty({ type: String, nullable: true })
  createdBy!: string | null;
}

/** A firm that owes a period and has not filed, or filed late (GET /api/review/overdue → units[]). */
export class OverdueFirmDto implements OverdueFirm {
  @ApiProperty({ type: String })
  enterpriseId!: string;
  @ApiProperty({ type: String })
  nameZh!: string;
  @ApiProperty({ type: String })
  uscc!: string;
  @ApiProperty({ type: String, nullable: true })
  returnId!: string | null;
  @ApiProperty({
    enum: [...RETURN_STATUSES, 'NONE'],
    description: "The return's status, or NONE when the firm has not opened one.",
  })
  returnStatus!: ReturnStatus | 'NONE';
  @ApiProperty({ type: String, nullable: true })
  submittedAt!: string | null;
  @ApiProperty({ type: Boolean })
  late!: boolean;
  @ApiProperty({ type: Number })
  daysOverdue!: number;
  @ApiProperty({ type: String, nullable: true, description: "A live extension's end, when the firm holds one." })
  extensionUntil!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The last reminder (催报) for the period, and how many were sent.',
  })
  lastRemindedAt!: string | null;
  @ApiProperty({ type: Number })
  reminders!: number;
}

/** One review unit's firms that owe the period. */
export class OverdueUnitDto implements OverdueUnit {
  @ApiProperty({ type: String })
  reviewUnitCode!: string;
  @ApiProperty({ type: String, nullable: true })
  reviewUnitName!: string | null;
  @ApiProperty({ type: Number })
  owing!: number;
  @ApiProperty({ type: Number })
  filed!: number;
  @ApiProperty({ type: () => [OverdueFirmDto] })
  notFiled!: OverdueFirm[];
  @ApiProperty({ type: () => [OverdueFirmDto] })
  late!: OverdueFirm[];
}

/** GET /api/review/overdue: the 催报 list of a period, per review unit of the caller's territory. */
export class OverdueReportDto implements OverdueReport {
  @ApiProperty({ type: String })
  periodCode!: string;
  @ApiProperty({ type: String })
  dueDate!: string;
  @ApiProperty({ type: String })
  lockDate!: string;
  @ApiProperty({ type: Boolean })
  pastDue!: boolean;
  @ApiProperty({ type: Number, description: 'Hours before a firm can be reminded again (REMINDER_INTERVAL_HOURS).' })
  intervalHours!: number;
  @ApiProperty({ type: () => [OverdueUnitDto] })
  units!: OverdueUnit[];
}

/** A firm reminded: how many of its accounts were told, and how many of them by mail. */
export class ReminderSentDto implements ReminderSent {
  @ApiProperty({ type: String })
  enterpriseId!: string;
  @ApiProperty({ type: String })
  nameZh!: string;
  @ApiProperty({ type: Number })
  users!: number;
  @ApiProperty({ type: Number })
  mailTo!: number;
}

/** A firm not reminded: it does not owe the period, or was reminded less than the interval ago. */
export class ReminderSkippedDto implements ReminderSkipped {
  @ApiProperty({ type: String })
  enterpriseId!: string;
  @ApiPropertyOptional({ type: String })
  nameZh?: string;
  @ApiProperty({ enum: ['NOT_OWING', 'RECENTLY_REMINDED'] })
  reason!: 'NOT_OWING' | 'RECENTLY_REMINDED';
  @ApiPropertyOptional({ type: String })
  lastRemindedAt?: string;
  @ApiPropertyOptional({ type: String })
  nextAllowedAt?: string;
}

/** POST /api/review/reminders. */
export class RemindersResultDto implements RemindersResult {
  @ApiProperty({ type: String })
  periodCode!: string;
  @ApiProperty({ type: () => [ReminderSentDto] })
  notified!: ReminderSent[];
  @ApiProperty({ type: () => [ReminderSkippedDto] })
  skipped!: ReminderSkipped[];
  @ApiProperty({ type: Number })
  intervalHours!: number;
}

/** A reminder sent (GET /api/review/reminders), newest first. */
export class ReminderRecordDto implements ReminderRecord {
  @ApiProperty({ type: Number })
  id!: number;
  @ApiProperty({ type: String })
  periodCode!: string;
  @ApiProperty({ type: String })
  enterpriseId!: string;
  @ApiProperty({ type: String, nullable: true })
  nameZh!: string | null;
  @ApiProperty({ type: String, nullable: true })
  uscc!: string | null;
  @ApiProperty({ type: String })
  sentBy!: string;
  @ApiProperty({ type: String })
  sentByUsername!: string;
  @ApiProperty({ type: Number, description: 'Accounts of the firm that were told.' })
  users!: number;
  @ApiProperty({ type: String })
  sentAt!: string;
}

/** A firm's exemption from a period's return (免报), live or revoked. */
export class PeriodExemptionDto implements PeriodExemption {
  @ApiProperty({ type: Number })
  id!: number;
  @ApiProperty({ type: String })
  enterpriseId!: string;
  @ApiProperty({ type: String })
  periodCode!: string;
  @ApiProperty({ type: String })
  reason!: string;
  @ApiProperty({ type: String })
  grantedBy!: string;
  @ApiProperty({ type: String })
  createdAt!: string;
  @ApiProperty({ type: String, nullable: true })
  revokedAt!: string | null;
  @ApiProperty({ type: String, nullable: true })
  revokedBy!: string | null;
  @ApiProperty({ type: String, nullable: true })
  revokeReason!: string | null;
}

/** A firm's extension of a period's deadline (延期), live or revoked. */
export class PeriodExtensionDto extends PeriodExemptionDto implements PeriodExtension {
  @ApiProperty({ type: String, description: 'The end of the extra time.' })
  until!: string;
}

/** GET /api/periods/:code/exemptions: with the firm's name and USCC. */
export class PeriodExemptionViewDto extends PeriodExemptionDto implements PeriodExemptionView {
  @ApiProperty({ type: String })
  nameZh!: string;
  @ApiProperty({ type: String })
  uscc!: string;
}

/** GET /api/periods/:code/extensions: with the firm's name and USCC. */
export class PeriodExtensionViewDto extends PeriodExtensionDto implements PeriodExtensionView {
  @ApiProperty({ type: String })
  nameZh!: string;
  @ApiProperty({ type: String })
  uscc!: string;
}

/** An account as GET /api/users (and a firm's GET /api/enterprises/:id/users) answers it; never its password. */
export class UserAccountDto implements UserAccount {
  @ApiProperty({ type: String })
  id!: string;
  @ApiProperty({ type: String })
  username!: string;
  @ApiProperty({ type: String })
  displayName!: string;
  @ApiProperty({ type: String, nullable: true })
  email!: string | null;
  @ApiProperty({ enum: ROLES, isArray: true })
  roles!: Role[];
  @ApiProperty({ enum: SCOPE_KINDS })
  scopeKind!: ScopeKind;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Region code (REGION, PROVINCE) or enterprise id (ENTERPRISE); null for SYSTEM.',
  })
  scopeCode!: string | null;
  @ApiProperty({ type: Boolean })
  active!: boolean;
  @ApiProperty({
    type: Number,
    description: 'Bumped on logout, password or role change: tokens carrying an older version are refused.',
  })
  tokenVersion!: number;
  @ApiProperty({ type: String, nullable: true })
  lastLoginAt!: string | null;
  @ApiProperty({ type: String })
  createdAt!: string;
  @ApiProperty({ type: String })
  updatedAt!: string;
}

/** An in-app notification as GET /api/notifications lists it (the caller's own). */
export class NotificationViewDto implements NotificationView {
  @ApiProperty({ type: String })
  id!: string;
  @ApiProperty({ type: String })
  userId!: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS })
  kind!: NotificationKind;
  @ApiProperty({ type: String })
  titleZh!: string;
  @ApiProperty({ type: String })
  titleEn!: string;
  @ApiProperty({ type: String })
  body!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Where it leads in the web app (a return, a contract, the period).',
  })
  link!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Keyed notifications a user already has are not written twice.',
  })
  dedupeKey!: string | null;
  @ApiProperty({ type: String, nullable: true })
  readAt!: string | null;
  @ApiProperty({ type: String, nullable: true })
  mailedAt!: string | null;
  @ApiProperty({ type: String })
  createdAt!: string;
}

/** The firm's live extension with the latest end (GET /api/periods/:code/standing). */
export class StandingExtensionDto implements NonNullable<FirmStanding['extension']> {
  @ApiProperty({ type: Number })
  id!: number;
  @ApiProperty({ type: String })
  until!: string;
  @ApiProperty({ type: String })
  reason!: string;
  @ApiProperty({ type: String })
  grantedAt!: string;
}

export class StandingExemptionDto implements NonNullable<FirmStanding['exemption']> {
  @ApiProperty({ type: Number })
  id!: number;
  @ApiProperty({ type: String })
  reason!: string;
  @ApiProperty({ type: String })
  grantedAt!: string;
}

/** The firm's latest extension request for the period. */
export class StandingRequestDto implements NonNullable<FirmStanding['request']> {
  @ApiProperty({ type: Number })
  id!: number;
  @ApiProperty({ enum: EXTENSION_REQUEST_STATUSES })
  status!: ExtensionRequestStatus;
  @ApiProperty({ type: String })
  requestedUntil!: string;
  @ApiProperty({ type: String })
  reason!: string;
  @ApiProperty({ type: String, nullable: true })
  decisionNote!: string | null;
  @ApiProperty({ type: String })
  createdAt!: string;
  @ApiProperty({ type: String, nullable: true })
  decidedAt!: string | null;
}

/** Where a firm stands on a period: deadline, extension, exemption, latest request, lateness. */
export class FirmStandingDto implements FirmStanding {
  @ApiProperty({ type: String })
  periodCode!: string;
  @ApiProperty({ type: String })
  enterpriseId!: string;
  @ApiProperty({ type: String })
  dueDate!: string;
  @ApiProperty({
    type: String,
    description: 'The first instant the firm is late: the end of the due date in Beijing time, or of its extension.',
  })
  deadline!: string;
  @ApiProperty({ type: Boolean })
  late!: boolean;
  @ApiProperty({ type: Number })
  daysLate!: number;
  @ApiProperty({ type: () => StandingExtensionDto, nullable: true })
  extension!: StandingExtensionDto | null;
  @ApiProperty({ type: () => StandingExemptionDto, nullable: true })
  exemption!: StandingExemptionDto | null;
  @ApiProperty({ type: () => StandingRequestDto, nullable: true })
  request!: StandingRequestDto | null;
}

/** A firm's request for more time on a period's return, and the province's answer. */
export class ExtensionRequestViewDto implements ExtensionRequest {
  @ApiProperty({ type: Number })
  id!: number;
  @ApiProperty({ type: String })
  enterpriseId!: string;
  @ApiProperty({ type: String })
  periodCode!: string;
  @ApiProperty({ type: String })
  requestedUntil!: string;
  @ApiProperty({ type: String })
  reason!: string;
  @ApiProperty({ type: String })
  requestedBy!: string;
  @ApiProperty({ enum: EXTENSION_REQUEST_STATUSES })
  status!: ExtensionRequestStatus;
  @ApiProperty({ type: String, nullable: true })
  decidedBy!: string | null;
  @ApiProperty({ type: String, nullable: true })
  decidedAt!: string | null;
  @ApiProperty({ type: String, nullable: true })
  decisionNote!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'The extension a grant created.' })
  extensionId!: number | null;
  @ApiProperty({ type: String })
  createdAt!: string;
}

/** A row of GET /api/extension-requests: the request with its firm's name and USCC. */
export class ExtensionRequestRowDto extends ExtensionRequestViewDto implements ExtensionRequestRow {
  @ApiProperty({ type: String })
  nameZh!: string;
  @ApiProperty({ type: String })
  uscc!: string;
}

/** A row of GET /api/periods/:code/obligations: a firm of the caller's territory and where it stands. */
export class ObligationRowDto implements ObligationRow {
  @ApiProperty({ type: String, description: "The firm's id." })
  id!: string;
  @ApiProperty({ type: String })
  enterpriseId!: string;
  @ApiProperty({ type: String })
  nameZh!: string;
  @ApiProperty({ type: String })
  uscc!: string;
  @ApiProperty({ type: String })
  reviewUnitCode!: string;
  @ApiProperty({ enum: ENTERPRISE_STATUSES })
  enterpriseStatus!: EnterpriseStatus;
  @ApiProperty({ type: String })
  periodCode!: string;
  @ApiProperty({ type: Boolean, description: 'An active firm owes the return unless exempt.' })
  owes!: boolean;
  @ApiProperty({ type: String, nullable: true })
  exemptionReason!: string | null;
  @ApiProperty({ type: String, nullable: true })
  extensionUntil!: string | null;
  @ApiProperty({ type: String, nullable: true })
  returnId!: string | null;
  @ApiProperty({ enum: ['NONE', ...RETURN_STATUSES] })
  returnStatus!: ReturnStatus | 'NONE';
  @ApiProperty({ type: String, nullable: true })
  submittedAt!: string | null;
  @ApiProperty({ type: Boolean })
  late!: boolean;
  @ApiProperty({ type: Number })
  daysLate!: number;
}

/** A day off of the holiday calendar. */
export class HolidayViewDto implements Holiday {
  @ApiProperty({ type: String, example: '2026-10-01' })
  date!: string;
  @ApiProperty({ type: String })
  nameZh!: string;
}

/** A due date a new holiday moved to the next working day. */
export class ShiftedDueDateDto {
  @ApiProperty({ type: String, description: 'The period.' })
  code!: string;
  @ApiProperty({ type: String })
  from!: string;
  @ApiProperty({ type: String })
  to!: string;
}

/** POST /api/holidays: the holiday and the due dates of coming periods it moved. */
export class HolidayAddedDto extends HolidayViewDto implements HolidayAdded {
  @ApiProperty({ type: () => [ShiftedDueDateDto] })
  shifted!: ShiftedDueDateDto[];
}

/** An action that answers no object of its own. */
export class OkResponseDto implements OkResponse {
  @ApiProperty({ enum: [true] })
  ok!: true;
}

/** 202: accepted; whether the account exists is not revealed. */
export class AcceptedResponseDto implements AcceptedResponse {
  @ApiProperty({ enum: [true] })
  accepted!: true;
}

/** POST /api/exports (202): the queued export; GET /api/exports/:id follows it. */
export class ExportCreatedDto implements ExportCreated {
  @ApiProperty({ type: String })
  id!: string;
}

/** One economy's membership of a partner group or a continent, valid from a date. */
export class EconomyGroupMemberDto implements EconomyGroupMember, Partial<PartnerGroupMember> {
  @ApiProperty({ type: Number })
  id!: number;
  @ApiProperty({ type: String, description: 'The partner group or the continent code.' })
  groupCode!: string;
  @ApiProperty({ type: String, description: 'The economy (ISO 3166 alpha-2).' })
  member!: string;
  @ApiProperty({ type: String })
  validFrom!: string;
  @ApiProperty({ type: String, nullable: true })
  validTo!: string | null;
  @ApiProperty({ type: String, nullable: true })
  note!: string | null;
  @ApiPropertyOptional({ type: String, description: "Partner groups only: the group's name." })
  groupNameZh?: string;
}

/** A row of GET /api/audit: one entry of the hash-chained audit log. */
export class AuditEntryDto implements AuditEntry {
  @ApiProperty({ type: String, description: 'A bigserial, as digits.' })
  id!: string;
  @ApiProperty({ type: String })
  at!: string;
  @ApiProperty({ type: String, nullable: true })
  actorId!: string | null;
  @ApiProperty({ type: String, nullable: true })
  actorUsername!: string | null;
  @ApiProperty({ type: String, example: 'returns.approve' })
  action!: string;
  @ApiProperty({ type: String, nullable: true })
  entityType!: string | null;
  @ApiProperty({ type: String, nullable: true })
  entityId!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true })
  details!: Record<string, unknown>;
  @ApiProperty({ type: String })
  prevHash!: string;
  @ApiProperty({ type: String })
  hash!: string;
}

/** A row of GET /api/validation/failed-jobs. */
export class FailedJobDto implements FailedJob {
  @ApiProperty({ type: String, description: 'The job id: its return and revision.' })
  id!: string;
  @ApiProperty({ type: String })
  name!: string;
  @ApiProperty({ type: 'object', additionalProperties: true })
  data!: Record<string, unknown>;
  @ApiProperty({ type: String })
  failedReason!: string;
  @ApiProperty({ type: Number })
  attemptsMade!: number;
  @ApiProperty({ type: String })
  addedAt!: string;
  @ApiProperty({ type: String, nullable: true })
  finishedAt!: string | null;
}

/** One component's state in a health answer. */
export class HealthIndicatorDto {
  @ApiProperty({ type: String, example: 'up' })
  status!: string;
  @ApiPropertyOptional({ type: String })
  message?: string;
}

/** GET /api/health (200, or 503 naming what failed): PostgreSQL (`database`) and Redis (`redis`). */
export class HealthResponseDto implements HealthResponse {
  @ApiProperty({ enum: ['ok', 'error'] })
  status!: 'ok' | 'error';
  @ApiPropertyOptional({ type: 'object', additionalProperties: { $ref: '#/components/schemas/HealthIndicatorDto' } })
  info?: Record<string, HealthIndicatorDto>;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { $ref: '#/components/schemas/HealthIndicatorDto' } })
  error?: Record<string, HealthIndicatorDto>;
  @ApiProperty({ type: 'object', additionalProperties: { $ref: '#/components/schemas/HealthIndicatorDto' } })
  details!: Record<string, HealthIndicatorDto>;
}

export class LiveResponseDto implements LiveResponse {
  @ApiProperty({ enum: ['ok'] })
  status!: 'ok';
}

export class WorkerHeartbeatDto implements WorkerHeartbeat {
  @ApiProperty({ type: String })
  host!: string;
  @ApiProperty({ type: Number })
  pid!: number;
  @ApiProperty({ type: String })
  startedAt!: string;
  @ApiProperty({ type: String, description: 'The last beat.' })
  at!: string;
  @ApiProperty({ type: Boolean })
  draining!: boolean;
}

export class WorkersDto {
  @ApiProperty({ type: Number })
  count!: number;
  @ApiProperty({ type: () => [WorkerHeartbeatDto] })
  processes!: WorkerHeartbeatDto[];
}

/** GET /api/health/ready (200, or 503 while draining or while a dependency is down). */
export class ReadinessResponseDto implements ReadinessResponse {
  @ApiProperty({ enum: ['ok', 'error'] })
  status!: 'ok' | 'error';
  @ApiProperty({ type: Boolean, description: 'Shutting down after SIGTERM: take this process out of rotation.' })
  draining!: boolean;
  @ApiPropertyOptional({ type: String, description: 'While draining: since when.' })
  since?: string;
  @ApiPropertyOptional({ type: String })
  message_zh?: string;
  @ApiPropertyOptional({ type: String })
  message_en?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { $ref: '#/components/schemas/HealthIndicatorDto' } })
  info?: Record<string, HealthIndicatorDto>;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { $ref: '#/components/schemas/HealthIndicatorDto' } })
  error?: Record<string, HealthIndicatorDto>;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { $ref: '#/components/schemas/HealthIndicatorDto' } })
  details?: Record<string, HealthIndicatorDto>;
  @ApiPropertyOptional({
    type: () => WorkersDto,
    nullable: true,
    description: 'Workers with a current heartbeat (informs, does not decide readiness); null when Redis is down.',
  })
  workers?: WorkersDto | null;
}

/** An admin override of a rule, in its history. */
export class RuleOverrideRecordDto implements RuleOverrideRecord {
  @ApiProperty({ type: String })
  fromPeriod!: string;
  @ApiProperty({ type: Boolean })
  enabled!: boolean;
  @ApiProperty({ enum: FINDING_SEVERITIES, nullable: true, description: "Null: the catalogue's severity." })
  severity!: FindingSeverity | null;
  @ApiProperty({ type: String })
  setBy!: string;
  @ApiProperty({ type: String })
  setAt!: string;
}

/** A rule's setting in force for the period asked for. */
export class EffectiveRuleDto implements EffectiveRule {
  @ApiProperty({ type: Boolean })
  enabled!: boolean;
  @ApiProperty({ enum: FINDING_SEVERITIES })
  severity!: FindingSeverity;
  @ApiProperty({ type: String, nullable: true, description: 'The period the override in force applies from.' })
  overrideFrom!: string | null;
}

/** A rule of the catalogue with its setting for the period and its override history. */
export class RuleCatalogueEntryDto implements RuleCatalogueEntry {
  @ApiProperty({ type: String })
  id!: string;
  @ApiProperty({ type: Number })
  version!: number;
  @ApiProperty({ enum: FINDING_SEVERITIES })
  severity!: FindingSeverity;
  @ApiProperty({ enum: RULE_SUBJECTS })
  subject!: RuleDescription['subject'];
  @ApiProperty({ type: String, example: 'servicesTrade' })
  section!: RuleDescription['section'];
  @ApiProperty({ type: String })
  title_zh!: string;
  @ApiProperty({ type: String })
  title_en!: string;
  @ApiProperty({
    type: 'object',
    description: 'message key → { zh, en } templates',
    additionalProperties: { type: 'object', properties: { zh: { type: 'string' }, en: { type: 'string' } } },
  })
  messages!: RuleDescription['messages'];
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  tolerance!: RuleDescription['tolerance'];
  @ApiProperty({
    type: 'object',
    description: 'passing and failing examples, each a patch over its subject’s example base',
    properties: {
      pass: { type: 'array', items: { type: 'object' } },
      fail: { type: 'array', items: { type: 'object' } },
    },
  })
  examples!: RuleDescription['examples'];
  @ApiProperty({
    type: 'array',
    description: 'the messages as a firm reads them, the rule run over its failing examples',
    items: {
      type: 'object',
      properties: { note: { type: 'string' }, message_zh: { type: 'string' }, message_en: { type: 'string' } },
    },
  })
  samples!: RuleDescription['samples'];
  @ApiProperty({ type: () => EffectiveRuleDto })
  effective!: EffectiveRuleDto;
  @ApiProperty({ type: () => [RuleOverrideRecordDto] })
  overrides!: RuleOverrideRecordDto[];
}

/** GET /api/rules: the catalogue with each rule's setting for the period. */
export class RuleCatalogueDto implements RuleCatalogue {
  @ApiProperty({ type: String })
  version!: string;
  @ApiProperty({ type: String })
  periodCode!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'per subject, what its examples lie over' })
  exampleBases!: RuleCatalogue['exampleBases'];
  @ApiProperty({ type: () => [RuleCatalogueEntryDto] })
  rules!: RuleCatalogueEntryDto[];
}
