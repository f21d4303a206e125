import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import type {
  ContractRegistrationStatus,
  ContractVersionKind,
  Currency,
  Direction,
  TechnologyCategory,
} from '@portal/shared';

/** Where a version came from: the firm's form, a firm's bundle, or an administrator's historical load. */
export type TechnologyContractSource = 'WEB' | 'IMPORT' | 'HISTORICAL';

/**
 * One technology import or export contract of one firm (技术进出口合同, DOMAIN.md §8), identified by the firm and its
 * own contract number. Its content lives in versions (first registration, each 变更 and the 注销), like a return's
 * figures live in revisions; this row carries the workflow state and two pointers:
 *
 * - `currentVersion`: the newest version (the one the firm edits or the city is reviewing);
 * - `registeredVersion`: the version the statistics count (null until the city registers the first version). A change
 *   under review leaves it in place; a registered cancellation sets the status to CANCELLED and the tables drop the
 *   contract.
 *
 * The workflow (filing, city registration or return, the province's send-back) is the only writer of `status`,
 * `registeredVersion` and `registrationNo`; the facts writer reads the registered version.
 */
@Entity('technology_contract')
@Index(['enterpriseId', 'contractNo'], { unique: true })
@Index(['reviewUnitCode', 'status'])
@Index(['registrationNo'], { unique: true, where: `"registration_no" IS NOT NULL` })
export class TechnologyContractEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The domestic party (境内企业); its profile gives region, nature and industry. */
  @Column({ type: 'uuid' })
  enterpriseId!: string;

  /** The firm's own contract number, unique within the firm (varchar(64) like outsourcing contracts). */
  @Column({ type: 'varchar', length: 64 })
  contractNo!: string;

  /** EXPORT or IMPORT; a change may not turn an export into an import, so it is a property of the contract. */
  @Column({ type: 'varchar', length: 6 })
  direction!: Direction;

  /** Signing quarter (YYYYQn) of the current version, for lists; the tables use the registered version's. */
  @Index()
  @Column({ type: 'varchar', length: 6 })
  periodCode!: string;

  /** The city bureau that registers the contract (the firm's review unit when the application was filed). */
  @Column({ type: 'varchar', length: 20 })
  reviewUnitCode!: string;

  @Index()
  @Column({ type: 'varchar', length: 20 })
  provinceCode!: string;

  @Column({ type: 'varchar', length: 24, default: 'DRAFT' })
  status!: ContractRegistrationStatus;

  /** 登记证书编号, issued by the city at the first registration (or carried by historical data). */
  @Column({ type: 'varchar', length: 100, nullable: true })
  registrationNo!: string | null;

  @Column({ type: 'int', default: 1 })
  currentVersion!: number;

  /** The version the official tables count; null until registered. */
  @Column({ type: 'int', nullable: true })
  registeredVersion!: number | null;

  @Column({ type: 'timestamptz', nullable: true })
  firstRegisteredAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;

  /** Optimistic lock: concurrent workflow actions on one contract, exactly one wins. */
  @VersionColumn()
  rowVersion!: number;
}

/**
 * One version of a contract's registration document: the fields of §8 and EXCHANGE_FORMAT (technology_contracts.csv)
 * as columns, so lists, the review desk and the exchange export read them without unpacking JSON. Frozen once filed;
 * a 变更 or 注销 after registration is a new version with its reason.
 */
@Entity('technology_contract_version')
@Index(['contractId', 'version'], { unique: true })
export class TechnologyContractVersionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  contractId!: string;

  /** 1 for the first registration; each change or cancellation adds one. */
  @Column({ type: 'int' })
  version!: number;

  @Column({ type: 'varchar', length: 16, default: 'REGISTRATION' })
  kind!: ContractVersionKind;

  /** Why the contract was changed or cancelled; null for the first registration. */
  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  /** YYYY-MM-DD; the contract counts in the quarter of this date. */
  @Column({ type: 'date' })
  signedDate!: string;

  /** The quarter of signedDate (YYYYQn). */
  @Column({ type: 'varchar', length: 6 })
  periodCode!: string;

  /** technology-modes code (TT1–TT8). */
  @Column({ type: 'varchar', length: 8 })
  modeCode!: string;

  /** 受让方 for an export, 供方 for an import. */
  @Column({ type: 'varchar', length: 200 })
  foreignParty!: string;

  /** ISO alpha-2 economy of the foreign party; never CN. */
  @Column({ type: 'varchar', length: 2 })
  partnerCode!: string;

  /** 技术费, 设备费 and 合同金额 (= 技术费 + 设备费 to the cent) in `currency`. */
  @Column({ type: 'numeric', precision: 18, scale: 2 })
  techFee!: string;

  @Column({ type: 'numeric', precision: 18, scale: 2, default: 0 })
  equipmentFee!: string;

  @Column({ type: 'numeric', precision: 18, scale: 2 })
  contractAmount!: string;

  @Column({ type: 'varchar', length: 3, default: 'USD' })
  currency!: Currency;

  /** The rate of the signing quarter (period.cny_per_usd) used for the USD amounts below; 1 for USD. */
  @Column({ type: 'numeric', precision: 10, scale: 4, default: 1 })
  cnyPerUsd!: string;

  /** The three amounts in USD, as the tables sum them. */
  @Column({ type: 'numeric', precision: 18, scale: 2 })
  techFeeUsd!: string;

  @Column({ type: 'numeric', precision: 18, scale: 2, default: 0 })
  equipmentFeeUsd!: string;

  @Column({ type: 'numeric', precision: 18, scale: 2 })
  contractAmountUsd!: string;

  /** 自由类 / 限制类 / 禁止类; a 禁止类 contract is never registered. */
  @Column({ type: 'varchar', length: 12, default: 'FREE' })
  category!: TechnologyCategory;

  /** 技术进出口许可证编号, required for 限制类 technology. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  licenceNo!: string | null;

  @Column({ type: 'varchar', length: 16, default: 'WEB' })
  source!: TechnologyContractSource;

  /** Where imported data came from (bundle file, previous system), for historical loads. */
  @Column({ type: 'text', nullable: true })
  sourceNote!: string | null;

  /** Set when the firm files the version; a filed version is never edited. */
  @Column({ type: 'boolean', default: false })
  frozen!: boolean;

  /** SHA-256 of the canonical content when filed; printed on the registration certificate. */
  @Column({ type: 'char', length: 64, nullable: true })
  contentHash!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  submittedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  submittedBy!: string | null;

  /** When and by whom the city registered this version (null while unregistered). */
  @Column({ type: 'timestamptz', nullable: true })
  registeredAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  registeredBy!: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
