import { Init1795309097611 } from './1795309097611-Init';
import { SeedReferenceData1795309097612 } from './1795309097612-SeedReferenceData';
import { EnterpriseRejectionReason1795309527486 } from './1795309527486-EnterpriseRejectionReason';
import { ExchangeImports1795309897386 } from './1795309897386-ExchangeImports';
import { ReviewWorkflow1795310004172 } from './1795310004172-ReviewWorkflow';
import { ValidationRunsAndRuleOverrides1795310084984 } from './1795310084984-ValidationRunsAndRuleOverrides';
import { OfficialTablesAndExports1795310743545 } from './1795310743545-OfficialTablesAndExports';
import { PasswordReset1795310942305 } from './1795310942305-PasswordReset';
import { AggRowReturnsRowKeyIndex1795313779463 } from './1795313779463-AggRowReturnsRowKeyIndex';
import { InboxMaterialityIndex1795313698198 } from './1795313698198-InboxMaterialityIndex';
import { RegionRollups1795318772885 } from './1795318772885-RegionRollups';
import { RowReturnsRollupProvinces1795320630006 } from './1795320630006-RowReturnsRollupProvinces';
import { SnapshotDigests1795329456203 } from './1795329456203-SnapshotDigests';
import { TopEnterprisesIndexes1795329509229 } from './1795329509229-TopEnterprisesIndexes';
import { CityRollups1795329900000 } from './1795329900000-CityRollups';
import { SnapshotDigestsZeroIndex1795330475939 } from './1795330475939-SnapshotDigestsZeroIndex';
import { AuditAppendFunction1795331000000 } from './1795331000000-AuditAppendFunction';
import { AggregatesFillFactor1795332000000 } from './1795332000000-AggregatesFillFactor';
import { JobRowsUpdatedAt1795333000000 } from './1795333000000-JobRowsUpdatedAt';
import { TechnologyTradeCodeLists1796644784366 } from './1796644784366-TechnologyTradeCodeLists';
import { AccountLinks1796644800000 } from './1796644800000-AccountLinks';
import { EnterpriseProfileChanges1796647595431 } from './1796647595431-EnterpriseProfileChanges';
import { WorkforceAggregatesBigint1796650000000 } from './1796650000000-WorkforceAggregatesBigint';
import { TechnologyContracts1796656993476 } from './1796656993476-TechnologyContracts';
import { PeriodExceptionsRequestsReminders1796657005245 } from './1796657005245-PeriodExceptionsRequestsReminders';
import { TechnologyFactsAndAggregates1796657410670 } from './1796657410670-TechnologyFactsAndAggregates';
import { TechnologyContractWorkflow1796657907817 } from './1796657907817-TechnologyContractWorkflow';
import { ImportDryRun1796660000000 } from './1796660000000-ImportDryRun';
import { ImportDryRunExpiry1796670000000 } from './1796670000000-ImportDryRunExpiry';
import { RegionEnglishNames1796675000000 } from './1796675000000-RegionEnglishNames';
import { IndustryEnglishNames1796678000000 } from './1796678000000-IndustryEnglishNames';
import { RevisionDraft1796680000000 } from './1796680000000-RevisionDraft';
import { PendingReturnsIndex1796681000000 } from './1796681000000-PendingReturnsIndex';
import { PARTITIONED_TABLES, PartitionByYear1796682000000 } from './1796682000000-PartitionByYear';
import { ValidationRunCount1796683000000 } from './1796683000000-ValidationRunCount';

/** What the partitioning spec checks (the tables PartitionByYear converts, and the migration itself). */
export { PARTITIONED_TABLES, PartitionByYear1796682000000 };

/** Every migration, in the order it runs. A new migration is added at the end. */
export const MIGRATIONS = [
  Init1795309097611,
  SeedReferenceData1795309097612,
  EnterpriseRejectionReason1795309527486,
  ExchangeImports1795309897386,
  ReviewWorkflow1795310004172,
  ValidationRunsAndRuleOverrides1795310084984,
  OfficialTablesAndExports1795310743545,
  PasswordReset1795310942305,
  AggRowReturnsRowKeyIndex1795313779463,
  InboxMaterialityIndex1795313698198,
  RegionRollups1795318772885,
  RowReturnsRollupProvinces1795320630006,
  SnapshotDigests1795329456203,
  TopEnterprisesIndexes1795329509229,
  CityRollups1795329900000,
  SnapshotDigestsZeroIndex1795330475939,
  AuditAppendFunction1795331000000,
  AggregatesFillFactor1795332000000,
  JobRowsUpdatedAt1795333000000,
  TechnologyTradeCodeLists1796644784366,
  AccountLinks1796644800000,
  EnterpriseProfileChanges1796647595431,
  WorkforceAggregatesBigint1796650000000,
  TechnologyContracts1796656993476,
  PeriodExceptionsRequestsReminders1796657005245,
  TechnologyFactsAndAggregates1796657410670,
  TechnologyContractWorkflow1796657907817,
  ImportDryRun1796660000000,
  ImportDryRunExpiry1796670000000,
  RegionEnglishNames1796675000000,
  IndustryEnglishNames1796678000000,
  RevisionDraft1796680000000,
  PendingReturnsIndex1796681000000,
  PartitionByYear1796682000000,
  ValidationRunCount1796683000000,
];
