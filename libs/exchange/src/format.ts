import {
  TEXT_LIMITS,
  type ContractLine,
  type Currency,
  type Direction,
  type ExecutionLine,
  type ServicesTradeLine,
  type WorkforceSection,
} from '@portal/shared';

/** The version of EXCHANGE_FORMAT.md this library reads and writes; bundles of format 1 are format 1.1 bundles. */
export const FORMAT_VERSION = '1.1';

/** The files of format 1: the enterprise profiles and the pieces of the quarterly returns. */
export const RETURN_FILES = [
  'enterprises.csv',
  'services_trade.csv',
  'outsourcing_contracts.csv',
  'outsourcing_executions.csv',
  'workforce.csv',
] as const;
export type ReturnFileName = (typeof RETURN_FILES)[number];

/** Every file of an exchange bundle (EXCHANGE_FORMAT.md), in the order errors and exports list them. */
export const BUNDLE_FILES = [...RETURN_FILES, 'technology_contracts.csv'] as const;
export type BundleFileName = (typeof BUNDLE_FILES)[number];

export interface ColumnSpec {
  name: string;
  required: boolean;
}

const col = (name: string, required = true): ColumnSpec => ({ name, required });

/** Columns per file in the order of the spec tables; the writer emits them in this order. */
export const COLUMNS: Record<BundleFileName, readonly ColumnSpec[]> = {
  'enterprises.csv': [
    col('uscc'),
    col('name_zh'),
    col('region_code'),
    col('zone_code', false),
    col('nature_code'),
    col('industry_code'),
    col('key_enterprise', false),
  ],
  'services_trade.csv': [
    col('uscc'),
    col('period'),
    col('category_code'),
    col('partner_code'),
    col('direction'),
    col('amount'),
    col('currency', false),
  ],
  'outsourcing_contracts.csv': [
    col('uscc'),
    col('contract_no'),
    col('signed_date'),
    col('client_name'),
    col('client_partner_code'),
    col('client_industry_code', false),
    col('business_code'),
    col('offshore'),
    col('contract_amount'),
    col('currency', false),
  ],
  'outsourcing_executions.csv': [
    col('uscc'),
    col('contract_no'),
    col('period'),
    col('executed_amount'),
    col('currency', false),
  ],
  'workforce.csv': [
    col('uscc'),
    col('period'),
    col('junior_college'),
    col('bachelor'),
    col('master'),
    col('doctor'),
    col('other'),
    col('new_hires', false),
    col('new_hires_graduates', false),
  ],
  'technology_contracts.csv': [
    col('uscc'),
    col('contract_no'),
    col('direction'),
    col('signed_date'),
    col('mode_code'),
    col('foreign_party'),
    col('partner_code'),
    col('tech_fee'),
    col('equipment_fee', false),
    col('contract_amount'),
    col('currency', false),
    col('registration_no', false),
  ],
};

/** Length limits of free-text cells (characters, after trimming): the API's limits of the same fields. */
export const COLUMN_TEXT_LIMITS = {
  name_zh: TEXT_LIMITS.name,
  client_name: TEXT_LIMITS.clientName,
  contract_no: TEXT_LIMITS.contractNo,
  foreign_party: TEXT_LIMITS.foreignParty,
  registration_no: TEXT_LIMITS.registrationNo,
} as const;

/** Rows carry their 1-based line in the source file (header = line 1) so importers can point back at it. */
export interface EnterpriseRow {
  line: number;
  uscc: string;
  nameZh: string;
  regionCode: string;
  zoneCode: string | null;
  natureCode: string;
  industryCode: string;
  keyEnterprise: boolean;
}

export interface ServicesTradeRow extends ServicesTradeLine {
  line: number;
  uscc: string;
  period: string;
}

export interface ContractRow extends ContractLine {
  line: number;
  uscc: string;
}

export interface ExecutionRow extends ExecutionLine {
  line: number;
  uscc: string;
  period: string;
}

export interface WorkforceRow extends WorkforceSection {
  line: number;
  uscc: string;
  period: string;
}

/**
 * A row of technology_contracts.csv: a technology import or export contract (format 1.1). The fields are those of
 * the registration document (TechnologyContract in @portal/shared) that the format carries; the category and the
 * licence are not part of the format (historical data is 自由类 or already licensed).
 */
export interface TechnologyContractRow {
  line: number;
  uscc: string;
  contractNo: string;
  direction: Direction;
  signedDate: string;
  modeCode: string;
  foreignParty: string;
  partnerCode: string;
  techFee: number;
  /** 0 when the cell or the column is left out. */
  equipmentFee: number;
  /** Checked: techFee + equipmentFee, to the cent. */
  contractAmount: number;
  currency: Currency;
  /** 登记证书编号 of a contract registered before (historical data); null otherwise. */
  registrationNo: string | null;
}

export interface ParsedBundle {
  enterprises: EnterpriseRow[];
  servicesTrade: ServicesTradeRow[];
  contracts: ContractRow[];
  executions: ExecutionRow[];
  workforce: WorkforceRow[];
  /** Empty when the bundle has no technology_contracts.csv (a format 1 bundle). */
  technologyContracts: TechnologyContractRow[];
}

type Unlined<K extends keyof ParsedBundle> = Omit<ParsedBundle[K][number], 'line'>[];

/**
 * What `writeBundle` takes: the rows of a bundle without line numbers (a ParsedBundle is accepted as is). Without
 * `technologyContracts` (or with none) the bundle is written as format 1, without technology_contracts.csv.
 */
export type ExchangeData = { [K in Exclude<keyof ParsedBundle, 'technologyContracts'>]: Unlined<K> } & {
  technologyContracts?: Unlined<'technologyContracts'>;
};
