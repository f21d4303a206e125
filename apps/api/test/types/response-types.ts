/**
 * What each route answers is a type of `@portal/shared`, the one the web app reads it as. These assertions are
 * checked by `npm run typecheck` (tsc over apps/api, test/ included): a controller or service whose answer drifts
 * from its shared type — a field renamed, added or dropped, an entity returned as is, a Date where the wire has a
 * string — fails the type-check here, before a screen meets it.
 */
import type { RuleCatalogue, RuleCatalogueEntry } from '@portal/rules';
import type {
  AcceptedResponse,
  AuditEntry,
  AuditVerifyResult,
  BulkApproveResult,
  CatalogueEntry,
  CodeItemView,
  DiffResponse,
  DrillDownRow,
  EconomyGroupMembership,
  EnterpriseProfileView,
  EnterpriseView,
  ExportCreated,
  ExportJobView,
  ExtensionRequest,
  ExtensionRequestRow,
  FailedJob,
  FirmStanding,
  Holiday,
  HolidayAdded,
  FindingView,
  ImportCreated,
  ImportJob,
  ImportJobDetail,
  InboxRow,
  LoginResponse,
  LiveResponse,
  NotificationView,
  ObligationRow,
  OkResponse,
  OfficialTableView,
  OverdueReport,
  PeriodExemption,
  PeriodExemptionView,
  PeriodExtension,
  PeriodExtensionView,
  PeriodRow,
  ReminderRecord,
  RemindersResult,
  ProfileChangeView,
  ReturnDetail,
  ReturnRevision,
  ReturnRow,
  ReviewCommentView,
  RuleImpactPreview,
  SubmittedReturn,
  TechnologyContractDetail,
  TechnologyContractListRow,
  TransitionView,
  UserAccount,
  UserSummary,
  ValidationView,
} from '@portal/shared';
import type { AuthController } from '../../src/modules/auth/auth.controller';
import type { AuditController } from '../../src/modules/audit/audit.controller';
import type { CodesController } from '../../src/modules/codes/codes.controller';
import type {
  ContinentMembersController,
  PartnerGroupsController,
} from '../../src/modules/codes/economy-groups.controller';
import type {
  EnterprisesController,
  ProfileChangesController,
} from '../../src/modules/enterprises/enterprises.controller';
import type { ExportsController } from '../../src/modules/exports/exports.controller';
import type { ExportsService } from '../../src/modules/exports/exports.service';
import type { HealthController } from '../../src/modules/health/health.controller';
import type { ExchangeController } from '../../src/modules/exchange/exchange.controller';
import type { ImportsService } from '../../src/modules/exchange/imports.service';
import type { NotificationsController } from '../../src/modules/notifications/notifications.controller';
import type { OfficialTablesController } from '../../src/modules/official-tables/official-tables.controller';
import type { OfficialTablesService } from '../../src/modules/official-tables/official-tables.service';
import type { PeriodsController } from '../../src/modules/periods/periods.controller';
import type { PeriodsService } from '../../src/modules/periods/periods.service';
import type { ReturnsController } from '../../src/modules/returns/returns.controller';
import type { ReturnsService } from '../../src/modules/returns/returns.service';
import type { InboxService } from '../../src/modules/review/inbox.service';
import type { ReturnReviewController, ReviewDeskController } from '../../src/modules/review/review.controller';
import type { ReviewService } from '../../src/modules/review/review.service';
import type { TechnologyContractsController } from '../../src/modules/technology-contracts/technology-contracts.controller';
import type { TechnologyContractsService } from '../../src/modules/technology-contracts/technology-contracts.service';
import type { UsersController } from '../../src/modules/users/users.controller';
import type { RulesService } from '../../src/modules/validation/rules.service';
import type { ValidationController } from '../../src/modules/validation/validation.controller';
import type { ValidationService } from '../../src/modules/validation/validation.service';

/** True only when A and B are the same type (not merely assignable one way). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;
/** What method K of C resolves to. */
type Answer<C, K extends keyof C> = C[K] extends (...args: never[]) => infer R ? Awaited<R> : never;

export type ReturnAnswers = [
  Expect<Equal<Answer<ReturnsController, 'list'>, ReturnRow[]>>,
  Expect<Equal<Answer<ReturnsController, 'open'>, ReturnDetail>>,
  Expect<Equal<Answer<ReturnsController, 'getOne'>, ReturnDetail>>,
  Expect<Equal<Answer<ReturnsController, 'saveDraft'>, ReturnDetail>>,
  Expect<Equal<Answer<ReturnsController, 'copyPrevious'>, ReturnDetail>>,
  Expect<Equal<Answer<ReturnsController, 'zero'>, SubmittedReturn>>,
  Expect<Equal<Answer<ReturnsController, 'submit'>, SubmittedReturn>>,
  Expect<Equal<Answer<ReturnsController, 'revision'>, ReturnRevision>>,
  Expect<Equal<Answer<ReturnsService, 'detail'>, ReturnDetail>>,
  Expect<Equal<Answer<ReturnsService, 'rowViews'>, ReturnRow[]>>,
];

export type ReviewAnswers = [
  Expect<Equal<Answer<ReturnReviewController, 'approve'>, ReturnDetail>>,
  Expect<Equal<Answer<ReturnReviewController, 'returnToFirm'>, ReturnDetail>>,
  Expect<Equal<Answer<ReturnReviewController, 'sendBack'>, ReturnDetail>>,
  Expect<Equal<Answer<ReturnReviewController, 'correction'>, ReturnDetail>>,
  Expect<Equal<Answer<ReturnReviewController, 'transitions'>, TransitionView[]>>,
  Expect<Equal<Answer<ReturnReviewController, 'comments'>, ReviewCommentView[]>>,
  Expect<Equal<Answer<ReturnReviewController, 'diff'>, DiffResponse>>,
  Expect<Equal<Answer<ReviewService, 'transition'>, ReturnDetail>>,
  Expect<Equal<Answer<ReturnReviewController, 'respond'>, ReviewCommentView>>,
  Expect<Equal<Answer<ReviewService, 'respond'>, ReviewCommentView>>,
  Expect<Equal<Answer<ReviewDeskController, 'list'>, InboxRow[]>>,
  Expect<Equal<Answer<ReviewDeskController, 'bulkApprove'>, BulkApproveResult>>,
  Expect<Equal<Answer<InboxService, 'inbox'>, InboxRow[]>>,
  Expect<Equal<Answer<ReviewDeskController, 'overdue'>, OverdueReport>>,
  Expect<Equal<Answer<ReviewDeskController, 'reminders'>, ReminderRecord[]>>,
  Expect<Equal<Answer<ReviewDeskController, 'remind'>, RemindersResult>>,
];

export type OfficialTableAnswers = [
  Expect<Equal<Answer<OfficialTablesController, 'catalogue'>, CatalogueEntry[]>>,
  Expect<Equal<Answer<OfficialTablesController, 'table'>, OfficialTableView>>,
  Expect<Equal<Answer<OfficialTablesController, 'drillDown'>, DrillDownRow[]>>,
  Expect<Equal<Answer<OfficialTablesService, 'table'>, OfficialTableView>>,
];

export type PeriodAnswers = [
  Expect<Equal<Answer<PeriodsController, 'list'>, PeriodRow[]>>,
  Expect<Equal<Answer<PeriodsController, 'getOne'>, PeriodRow>>,
  Expect<Equal<Answer<PeriodsController, 'create'>, PeriodRow>>,
  Expect<Equal<Answer<PeriodsController, 'update'>, PeriodRow>>,
  Expect<Equal<Answer<PeriodsController, 'extensions'>, PeriodExtensionView[]>>,
  Expect<Equal<Answer<PeriodsController, 'exemptions'>, PeriodExemptionView[]>>,
  Expect<Equal<Answer<PeriodsController, 'grantExtension'>, PeriodExtension>>,
  Expect<Equal<Answer<PeriodsController, 'exempt'>, PeriodExemption>>,
  Expect<Equal<Answer<PeriodsController, 'revokeExtension'>, PeriodExtension>>,
  Expect<Equal<Answer<PeriodsController, 'revokeExemption'>, PeriodExemption>>,
  Expect<Equal<Answer<PeriodsController, 'standing'>, FirmStanding>>,
  Expect<Equal<Answer<PeriodsController, 'requestExtension'>, ExtensionRequest>>,
  Expect<Equal<Answer<PeriodsController, 'requests'>, ExtensionRequestRow[]>>,
  Expect<Equal<Answer<PeriodsController, 'decide'>, ExtensionRequest>>,
  Expect<Equal<Answer<PeriodsController, 'obligations'>, ObligationRow[]>>,
  Expect<Equal<Answer<PeriodsController, 'holidays'>, Holiday[]>>,
  Expect<Equal<Answer<PeriodsController, 'addHoliday'>, HolidayAdded>>,
  Expect<Equal<Answer<PeriodsController, 'removeHoliday'>, OkResponse>>,
  Expect<Equal<Answer<PeriodsService, 'requestExtension'>, ExtensionRequest>>,
  Expect<Equal<Answer<PeriodsService, 'decideRequest'>, ExtensionRequest>>,
  Expect<Equal<Answer<PeriodsService, 'listHolidays'>, Holiday[]>>,
];

export type ImportAnswers = [
  Expect<Equal<Answer<ExchangeController, 'list'>, ImportJob[]>>,
  Expect<Equal<Answer<ExchangeController, 'get'>, ImportJobDetail>>,
  Expect<Equal<Answer<ExchangeController, 'retry'>, ImportJobDetail>>,
  Expect<Equal<Answer<ExchangeController, 'confirm'>, ImportJobDetail>>,
  Expect<Equal<Answer<ExchangeController, 'discard'>, ImportJobDetail>>,
  Expect<Equal<Answer<ImportsService, 'create'>, ImportCreated>>,
];

export type ValidationAnswers = [
  Expect<Equal<Answer<ValidationController, 'validationOf'>, ValidationView>>,
  Expect<Equal<Answer<ValidationController, 'explain'>, FindingView>>,
  Expect<Equal<Answer<ValidationController, 'preview'>, RuleImpactPreview>>,
  Expect<Equal<Answer<ValidationController, 'failedJobs'>, FailedJob[]>>,
  Expect<Equal<Answer<ValidationService, 'failedJobs'>['rows'], FailedJob[]>>,
  Expect<Equal<Answer<ValidationController, 'override'>, RuleCatalogueEntry>>,
  Expect<Equal<Answer<RulesService, 'catalogue'>, RuleCatalogue>>,
  Expect<Equal<Answer<RulesService, 'setOverride'>, RuleCatalogueEntry>>,
];

export type ExportAnswers = [
  Expect<Equal<Answer<ExportsController, 'get'>, ExportJobView>>,
  Expect<Equal<Answer<ExportsController, 'retry'>, ExportJobView>>,
  Expect<Equal<Answer<ExportsController, 'create'>, ExportCreated>>,
  Expect<Equal<Answer<ExportsService, 'create'>, ExportCreated>>,
];

export type EnterpriseAnswers = [
  Expect<Equal<Answer<EnterprisesController, 'list'>, EnterpriseView[]>>,
  Expect<Equal<Answer<EnterprisesController, 'getOne'>, EnterpriseView>>,
  Expect<Equal<Answer<EnterprisesController, 'register'>, EnterpriseView>>,
  Expect<Equal<Answer<EnterprisesController, 'confirm'>, EnterpriseView>>,
  Expect<Equal<Answer<EnterprisesController, 'reject'>, EnterpriseView>>,
  Expect<Equal<Answer<EnterprisesController, 'settings'>, EnterpriseView>>,
  Expect<Equal<Answer<EnterprisesController, 'profiles'>, EnterpriseProfileView[]>>,
  Expect<Equal<Answer<ProfileChangesController, 'list'>, ProfileChangeView[]>>,
  Expect<Equal<Answer<ProfileChangesController, 'getOne'>, ProfileChangeView>>,
  Expect<Equal<Answer<ProfileChangesController, 'confirm'>, ProfileChangeView>>,
  Expect<Equal<Answer<ProfileChangesController, 'reject'>, ProfileChangeView>>,
  Expect<Equal<Answer<EnterprisesController, 'changeProfile'>, EnterpriseProfileView | ProfileChangeView>>,
];

export type CodeAnswers = [
  Expect<Equal<Answer<CodesController, 'list'>, CodeItemView[]>>,
  Expect<Equal<Answer<CodesController, 'getOne'>, CodeItemView>>,
  Expect<Equal<Answer<CodesController, 'create'>, CodeItemView>>,
  Expect<Equal<Answer<CodesController, 'change'>, CodeItemView>>,
  Expect<Equal<Answer<CodesController, 'retire'>, CodeItemView>>,
  Expect<Equal<Answer<PartnerGroupsController, 'list'>, EconomyGroupMembership[]>>,
  Expect<Equal<Answer<PartnerGroupsController, 'getOne'>, EconomyGroupMembership>>,
  Expect<Equal<Answer<PartnerGroupsController, 'add'>, EconomyGroupMembership>>,
  Expect<Equal<Answer<PartnerGroupsController, 'change'>, EconomyGroupMembership>>,
  Expect<Equal<Answer<ContinentMembersController, 'end'>, EconomyGroupMembership>>,
];

export type UserAnswers = [
  Expect<Equal<Answer<UsersController, 'list'>, UserAccount[]>>,
  Expect<Equal<Answer<UsersController, 'getOne'>, UserAccount>>,
  Expect<Equal<Answer<UsersController, 'create'>, UserAccount>>,
  Expect<Equal<Answer<UsersController, 'update'>, UserAccount>>,
  Expect<Equal<Answer<EnterprisesController, 'addColleague'>, UserAccount>>,
  Expect<Equal<Answer<EnterprisesController, 'colleagues'>, UserAccount[]>>,
  Expect<Equal<Answer<UsersController, 'resetPassword'>, OkResponse>>,
];

export type NotificationAnswers = [
  Expect<Equal<Answer<NotificationsController, 'list'>, NotificationView[]>>,
  Expect<Equal<Answer<NotificationsController, 'read'>, NotificationView>>,
];

export type AuditAnswers = [
  Expect<Equal<Answer<AuditController, 'verify'>, AuditVerifyResult>>,
  Expect<Equal<Answer<AuditController, 'list'>, AuditEntry[]>>,
];

export type TechnologyContractAnswers = [
  Expect<Equal<Answer<TechnologyContractsController, 'list'>, TechnologyContractListRow[]>>,
  Expect<Equal<Answer<TechnologyContractsController, 'getOne'>, TechnologyContractDetail>>,
  Expect<Equal<Answer<TechnologyContractsController, 'create'>, TechnologyContractDetail>>,
  Expect<Equal<Answer<TechnologyContractsController, 'save'>, TechnologyContractDetail>>,
  Expect<Equal<Answer<TechnologyContractsController, 'submit'>, TechnologyContractDetail>>,
  Expect<Equal<Answer<TechnologyContractsController, 'explain'>, TechnologyContractDetail>>,
  Expect<Equal<Answer<TechnologyContractsController, 'change'>, TechnologyContractDetail>>,
  Expect<Equal<Answer<TechnologyContractsController, 'cancel'>, TechnologyContractDetail>>,
  Expect<Equal<Answer<TechnologyContractsController, 'register'>, TechnologyContractDetail>>,
  Expect<Equal<Answer<TechnologyContractsController, 'returnToFirm'>, TechnologyContractDetail>>,
  Expect<Equal<Answer<TechnologyContractsController, 'sendBack'>, TechnologyContractDetail>>,
  Expect<Equal<Answer<TechnologyContractsController, 'attach'>, TechnologyContractDetail>>,
  Expect<Equal<Answer<TechnologyContractsService, 'detail'>, TechnologyContractDetail>>,
];

export type AuthAnswers = [
  Expect<Equal<Answer<AuthController, 'login'>, LoginResponse>>,
  Expect<Equal<Answer<AuthController, 'me'>, UserSummary>>,
  Expect<Equal<Answer<AuthController, 'requestReset'>, AcceptedResponse>>,
  Expect<Equal<Answer<AuthController, 'requestUnlock'>, AcceptedResponse>>,
];

/** The health checks answer through `res` (their status varies); only liveness returns its body. */
export type HealthAnswers = [Expect<Equal<Answer<HealthController, 'live'>, LiveResponse>>];
