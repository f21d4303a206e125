import { AuditLogEntity } from '../../modules/audit/audit-log.entity';
import { CodeItemEntity } from '../../modules/codes/code-item.entity';
import { ContinentMemberEntity } from '../../modules/codes/economy-group-member.entity';
import { PartnerGroupMemberEntity } from '../../modules/codes/partner-group-member.entity';
import { EnterpriseProfileChangeEntity } from '../../modules/enterprises/enterprise-profile-change.entity';
import { EnterpriseProfileEntity } from '../../modules/enterprises/enterprise-profile.entity';
import { EnterpriseEntity } from '../../modules/enterprises/enterprise.entity';
import {
  HolidayEntity,
  ObligationExemptionEntity,
  ExtensionRequestEntity,
  PeriodReminderEntity,
  PeriodEntity,
  PeriodExtensionEntity,
} from '../../modules/periods/period.entity';
import { ContractEntity, ReturnEntity, ReturnRevisionEntity } from '../../modules/returns/return.entity';
import { NotificationEntity } from '../../modules/notifications/notification.entity';
import { ReturnTransitionEntity, ReviewCommentEntity } from '../../modules/review/review.entity';
import { UserEntity } from '../../modules/users/user.entity';
import { AccountLinkEntity } from '../../modules/users/account-link.entity';
import {
  RuleOverrideEntity,
  ValidationFindingEntity,
  ValidationRunEntity,
} from '../../modules/validation/validation.entity';
import { ImportJobEntity, ImportUploadEntity } from '../../modules/exchange/import-job.entity';
import { ExportFileChunkEntity, ExportJobEntity } from '../../modules/exports/export-job.entity';
import {
  TechnologyContractEntity,
  TechnologyContractVersionEntity,
} from '../../modules/technology-contracts/technology-contract.entity';
import {
  TechnologyContractAttachmentEntity,
  TechnologyContractCheckEntity,
  TechnologyContractTransitionEntity,
} from '../../modules/technology-contracts/contract-workflow.entity';
import { FACT_ENTITIES } from '../../modules/official-tables/facts.entity';

/** Every entity, in one list shared by the API, the worker, the migrator and the drift check. */
export const ENTITIES = [
  AuditLogEntity,
  CodeItemEntity,
  PartnerGroupMemberEntity,
  ContinentMemberEntity,
  UserEntity,
  EnterpriseEntity,
  EnterpriseProfileEntity,
  EnterpriseProfileChangeEntity,
  PeriodEntity,
  HolidayEntity,
  PeriodExtensionEntity,
  ObligationExemptionEntity,
  ExtensionRequestEntity,
  PeriodReminderEntity,
  ReturnEntity,
  ReturnRevisionEntity,
  ContractEntity,
  TechnologyContractEntity,
  TechnologyContractVersionEntity,
  TechnologyContractTransitionEntity,
  TechnologyContractCheckEntity,
  TechnologyContractAttachmentEntity,
  ValidationRunEntity,
  ValidationFindingEntity,
  RuleOverrideEntity,
  ReturnTransitionEntity,
  ReviewCommentEntity,
  NotificationEntity,
  ImportJobEntity,
  ImportUploadEntity,
  ...FACT_ENTITIES,
  ExportJobEntity,
  ExportFileChunkEntity,
  AccountLinkEntity,
];
