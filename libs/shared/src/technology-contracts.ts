/**
 * Technology import and export contracts (技术进出口合同登记与统计, DOMAIN.md §8): the registration document a firm
 * files and a city bureau registers, its fields as firms read them, the states of a registration and the bounds of
 * its amounts. The API, the web form, the exchange format and the rule engine all use these.
 */
import { AMOUNT_DECIMALS, AMOUNT_LIMIT } from './bounds';
import type { Currency, Direction } from './returns';
import type { FindingCounts, FindingView } from './validation';

/** 自由类 (freely tradable), 限制类 (needs a licence from the province), 禁止类 (may not be traded). */
export const TECHNOLOGY_CATEGORIES = ['FREE', 'RESTRICTED', 'PROHIBITED'] as const;
export type TechnologyCategory = (typeof TECHNOLOGY_CATEGORIES)[number];

export const TECHNOLOGY_CATEGORY_LABELS: Record<TechnologyCategory, { zh: string; en: string }> = {
  FREE: { zh: '自由类', en: 'freely tradable' },
  RESTRICTED: { zh: '限制类', en: 'restricted (licence required)' },
  PROHIBITED: { zh: '禁止类', en: 'prohibited' },
};

/**
 * What a version of a registration records: the first registration (登记), a change after registration (变更) or
 * a cancellation (注销). Changes and cancellations carry a reason; statistics count a contract at its current
 * registered version, in the quarter it was signed.
 */
export const CONTRACT_VERSION_KINDS = ['REGISTRATION', 'CHANGE', 'CANCELLATION'] as const;
export type ContractVersionKind = (typeof CONTRACT_VERSION_KINDS)[number];

export const CONTRACT_VERSION_KIND_LABELS: Record<ContractVersionKind, { zh: string; en: string }> = {
  REGISTRATION: { zh: '登记', en: 'registration' },
  CHANGE: { zh: '变更', en: 'change' },
  CANCELLATION: { zh: '注销', en: 'cancellation' },
};

/**
 * States of a contract registration (DOMAIN.md §8 workflow): the firm files an application, the validation job
 * checks it, the city bureau of the firm's territory registers it (issuing the 登记证书编号) or returns it to the
 * firm; the province may send a registration back to the city. A change or cancellation of a registered contract
 * is filed as a new version (CHANGE_REQUESTED while the registered version still counts); a registered
 * cancellation leaves the contract CANCELLED, out of the tables.
 */
export const CONTRACT_REGISTRATION_STATUSES = [
  'DRAFT',
  'VALIDATING',
  'SUBMITTED',
  'REGISTERED',
  'RETURNED',
  'SENT_BACK',
  'CHANGE_REQUESTED',
  'CANCELLED',
] as const;
export type ContractRegistrationStatus = (typeof CONTRACT_REGISTRATION_STATUSES)[number];

export const CONTRACT_REGISTRATION_STATUS_LABELS: Record<ContractRegistrationStatus, { zh: string; en: string }> = {
  DRAFT: { zh: '草稿', en: 'Draft' },
  VALIDATING: { zh: '已接收，校验中', en: 'Received, being checked' },
  SUBMITTED: { zh: '已申请，待登记', en: 'Applied for, awaiting registration' },
  REGISTERED: { zh: '已登记', en: 'Registered' },
  RETURNED: { zh: '已退回企业', en: 'Returned to firm' },
  SENT_BACK: { zh: '已退回市级', en: 'Sent back to city' },
  CHANGE_REQUESTED: { zh: '变更/注销申请中', en: 'Change or cancellation applied for' },
  CANCELLED: { zh: '已注销', en: 'Cancelled' },
};

/**
 * The registration document of one technology import or export contract (one version of it): what the firm fills
 * in. The domestic party is the firm that files it (its profile gives region, nature and industry), so it is not a
 * field of the document; see TechnologyContractRegistration for the record around it.
 */
export interface TechnologyContract {
  /** The firm's own contract number, unique within the firm. */
  contractNo: string;
  /** EXPORT 技术出口, IMPORT 技术引进（进口）. */
  direction: Direction;
  /** YYYY-MM-DD; the contract counts in the quarter of this date. */
  signedDate: string;
  /** technology-modes code list (TT1–TT8). */
  modeCode: string;
  /** 受让方 for an export, 供方 for an import. */
  foreignParty: string;
  /** ISO alpha-2 economy of the foreign party (HK, MO, TW included; never CN). */
  partnerCode: string;
  /** 技术费. */
  techFee: number;
  /** 设备费 (0 when none). */
  equipmentFee: number;
  /** 合同金额 = techFee + equipmentFee, to the cent. */
  contractAmount: number;
  /** For all three amounts. */
  currency: Currency;
  category: TechnologyCategory;
  /** 技术进出口许可证编号, required for 限制类 technology. */
  licenceNo: string | null;
}

/** The record of a registration as the API answers it: the document with its firm, state and version. */
export interface TechnologyContractRegistration {
  id: string;
  enterpriseId: string;
  uscc: string;
  enterpriseNameZh: string;
  status: ContractRegistrationStatus;
  /** 登记证书编号, issued when the city registers the contract (or carried by historical data). */
  registrationNo: string | null;
  /** 1 for the first registration; each change or cancellation adds one. */
  version: number;
  versionKind: ContractVersionKind;
  /** Why the contract was changed or cancelled; null for the first registration. */
  versionReason: string | null;
  content: TechnologyContract;
}

/** The fields of the document in form order (also the order of the registration certificate and the review). */
export const TECHNOLOGY_CONTRACT_FIELDS = [
  'contractNo',
  'direction',
  'signedDate',
  'modeCode',
  'foreignParty',
  'partnerCode',
  'techFee',
  'equipmentFee',
  'contractAmount',
  'currency',
  'category',
  'licenceNo',
] as const satisfies readonly (keyof TechnologyContract)[];
export type TechnologyContractField = (typeof TECHNOLOGY_CONTRACT_FIELDS)[number];

/** Field names as firms read them: the one list for the form, the review desk, findings and the certificate. */
export const TECHNOLOGY_CONTRACT_FIELD_LABELS: Record<
  TechnologyContractField | 'registrationNo' | 'versionKind' | 'versionReason',
  { zh: string; en: string }
> = {
  contractNo: { zh: '合同编号', en: 'contract number' },
  direction: { zh: '技术进出口方向', en: 'direction' },
  signedDate: { zh: '合同签订日期', en: 'signing date' },
  modeCode: { zh: '技术进出口方式', en: 'mode of technology trade' },
  foreignParty: {
    zh: '外方名称（出口为受让方，进口为供方）',
    en: 'foreign party (licensee for exports, licensor for imports)',
  },
  partnerCode: { zh: '外方国别（地区）', en: 'foreign party economy' },
  techFee: { zh: '技术费', en: 'technology fee' },
  equipmentFee: { zh: '设备费', en: 'equipment fee' },
  contractAmount: { zh: '合同金额', en: 'contract value' },
  currency: { zh: '币种', en: 'currency' },
  category: { zh: '技术类别', en: 'technology category' },
  licenceNo: { zh: '技术进出口许可证编号', en: 'technology trade licence number' },
  registrationNo: { zh: '登记证书编号', en: 'registration certificate number' },
  versionKind: { zh: '登记类型', en: 'kind of registration' },
  versionReason: { zh: '变更/注销原因', en: 'reason for the change or cancellation' },
};

/**
 * Bounds of the three amounts: ≥ 0, at most two decimals, below 10^13 so cents survive a double and the value fits
 * numeric(18,2): the bounds of every amount (bounds.ts).
 */
export const TECHNOLOGY_CONTRACT_AMOUNT_BOUNDS = {
  min: 0,
  maxExclusive: AMOUNT_LIMIT,
  decimals: AMOUNT_DECIMALS,
} as const;

/** The amount fields, in the order of the sum: 技术费 + 设备费 = 合同金额. */
export const TECHNOLOGY_CONTRACT_AMOUNT_FIELDS = ['techFee', 'equipmentFee', 'contractAmount'] as const;

/** Whole cents of an amount with at most two decimals (0.1 + 0.2 is 30 cents, not 30.000000000000004). */
export const toCents = (amount: number): number => Math.round(amount * 100);

/** Whether 合同金额 = 技术费 + 设备费 to the cent. */
export function addsUpToTheCent(techFee: number, equipmentFee: number, contractAmount: number): boolean {
  return toCents(techFee) + toCents(equipmentFee) === toCents(contractAmount);
}

/** A new, empty document (USD, 自由类, no equipment fee), as the form starts it. */
export function emptyTechnologyContract(): TechnologyContract {
  return {
    contractNo: '',
    direction: 'EXPORT',
    signedDate: '',
    modeCode: '',
    foreignParty: '',
    partnerCode: '',
    techFee: 0,
    equipmentFee: 0,
    contractAmount: 0,
    currency: 'USD',
    category: 'FREE',
    licenceNo: null,
  };
}

/** A reviewer's remark pinned to a field of the version under review, with an optional proposed value. */
export interface TechnologyContractComment {
  field: TechnologyContractField;
  text: string;
  proposedValue?: string | number | null;
}

/** One recorded state change of a contract registration. */
export interface TechnologyContractTransitionView {
  id: string;
  version: number;
  action: string;
  fromStatus: ContractRegistrationStatus;
  toStatus: ContractRegistrationStatus;
  actorUsername: string | null;
  actorRole: string | null;
  reason: string | null;
  comments: TechnologyContractComment[];
  at: string;
}

/** The check of the current version by the R-TEC rules (the worker's job; the browser runs the same rules). */
export interface TechnologyContractCheckView {
  status: 'NONE' | 'QUEUED' | 'RUNNING' | 'DONE' | 'FAILED';
  /** Whether the findings are of the version's content as it is now. */
  current: boolean;
  counts: FindingCounts;
  findings: FindingView[];
  finishedAt: string | null;
}

/** The contract scan of the current version (GET …/attachment downloads it). */
export interface TechnologyContractAttachment {
  fileName: string;
  size: number;
  sha256: string;
  contentType: string;
}

/** A contract as its page shows it: the record, the version's metadata, its check, attachment and history. */
export interface TechnologyContractDetail extends TechnologyContractRegistration {
  /** Optimistic lock: sent back with every write. */
  rowVersion: number;
  periodCode: string;
  reviewUnitCode: string;
  registeredVersion: number | null;
  frozen: boolean;
  contentHash: string | null;
  submittedAt: string | null;
  firstRegisteredAt: string | null;
  materiality: number | null;
  check: TechnologyContractCheckView;
  attachment: TechnologyContractAttachment | null;
  transitions: TechnologyContractTransitionView[];
}

/** A row of the contract list (the firm's contracts, the reviewer's inbox). */
export interface TechnologyContractListRow {
  id: string;
  enterpriseId: string;
  enterpriseName: string;
  uscc: string;
  contractNo: string;
  direction: Direction;
  periodCode: string;
  status: ContractRegistrationStatus;
  registrationNo: string | null;
  currentVersion: number;
  registeredVersion: number | null;
  reviewUnitCode: string;
  signedDate: string;
  modeCode: string;
  partnerCode: string;
  contractAmount: number;
  currency: Currency;
  contractAmountUsd: number;
  versionKind: ContractVersionKind;
  materiality: number | null;
  updatedAt: string;
}
