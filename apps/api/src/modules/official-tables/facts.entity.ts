import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { AggTechnologyEntity, FactTechnologyEntity } from './technology-facts.entity';

/*
 * Firm-level facts of APPROVED returns (one set per return, from its approved revision, replaced whenever the
 * approved revision changes) and the aggregates the official tables read. Facts are grouped per return at the
 * grain the aggregates need, so a refresh subtracts a return's old facts from the aggregates and adds the new
 * ones: O(size of the return), in the approval's transaction. Amounts are USD with cents.
 */

/** One approved return: which revision the facts come from and the firm's profile valid in the period. */
@Entity('fact_return')
@Index(['periodCode', 'provinceCode'])
@Index(['enterpriseId', 'periodCode'])
// The firms of a quarter largest first (the top-N table reads the head of these, nationally or in a province).
@Index(['periodCode', 'executedUsd'])
@Index(['periodCode', 'provinceCode', 'executedUsd'])
export class FactReturnEntity {
  @PrimaryColumn({ type: 'uuid' })
  returnId!: string;

  @Column({ type: 'uuid' })
  enterpriseId!: string;

  /** Part of the key: the table is partitioned by year on it (migration PartitionByYear, docs/scaling.md §3). */
  @PrimaryColumn({ type: 'varchar', length: 6 })
  periodCode!: string;

  @Column({ type: 'int' })
  revision!: number;

  @Column({ type: 'numeric', precision: 10, scale: 4 })
  cnyPerUsd!: string;

  @Column({ type: 'text' })
  nameZh!: string;

  @Column({ type: 'varchar', length: 20 })
  provinceCode!: string;

  @Column({ type: 'varchar', length: 20 })
  cityCode!: string;

  /** Statistical area: the firm's zone when it lies in one, else its district. */
  @Column({ type: 'varchar', length: 20 })
  areaCode!: string;

  @Column({ type: 'varchar', length: 20 })
  regionCode!: string;

  @Column({ type: 'varchar', length: 20, nullable: true })
  zoneCode!: string | null;

  @Column({ type: 'varchar', length: 20 })
  reviewUnitCode!: string;

  @Column({ type: 'varchar', length: 20 })
  natureCode!: string;

  /** Level-1 nature (内资 / 港澳台 / 外商投资). */
  @Column({ type: 'varchar', length: 20 })
  natureGroup!: string;

  @Column({ type: 'varchar', length: 4 })
  industryCode!: string;

  @Column({ type: 'boolean' })
  keyEnterprise!: boolean;

  @Column({ type: 'boolean' })
  zeroReturn!: boolean;

  @Column({ type: 'int' })
  contracts!: number;

  @Column({ type: 'numeric', precision: 20, scale: 2 })
  signedUsd!: string;

  @Column({ type: 'numeric', precision: 20, scale: 2 })
  executedUsd!: string;

  @Column({ type: 'numeric', precision: 20, scale: 2 })
  offshoreSignedUsd!: string;

  @Column({ type: 'numeric', precision: 20, scale: 2 })
  offshoreExecutedUsd!: string;

  @Column({ type: 'numeric', precision: 20, scale: 2 })
  exportUsd!: string;

  @Column({ type: 'numeric', precision: 20, scale: 2 })
  importUsd!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  refreshedAt!: Date;
}

/** Contracts signed and executions in the quarter, per business code × offshore × client economy. */
@Entity('fact_outsourcing')
export class FactOutsourcingEntity {
  /** The return's period: ends the key, the table is partitioned by year on it (migration PartitionByYear). */
  @PrimaryColumn({ type: 'varchar', length: 6 })
  periodCode!: string;

  @PrimaryColumn({ type: 'uuid' })
  returnId!: string;

  @PrimaryColumn({ type: 'varchar', length: 20 })
  businessCode!: string;

  @PrimaryColumn({ type: 'boolean' })
  offshore!: boolean;

  @PrimaryColumn({ type: 'varchar', length: 2 })
  partnerCode!: string;

  @Column({ type: 'int' })
  contracts!: number;

  @Column({ type: 'numeric', precision: 20, scale: 2 })
  signedUsd!: string;

  @Column({ type: 'numeric', precision: 20, scale: 2 })
  executedUsd!: string;
}

/** Approved contract attributes, for executions filed in later quarters' returns. */
@Entity('fact_contract')
@Index(['returnId'])
export class FactContractEntity {
  @PrimaryColumn({ type: 'uuid' })
  enterpriseId!: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  contractNo!: string;

  @Column({ type: 'uuid' })
  returnId!: string;

  @Column({ type: 'varchar', length: 20 })
  businessCode!: string;

  @Column({ type: 'boolean' })
  offshore!: boolean;

  @Column({ type: 'varchar', length: 2 })
  partnerCode!: string;
}

/** Which contracts' attributes a return's execution facts used: a correction of the contract refreshes them. */
@Entity('fact_execution_source')
@Index(['enterpriseId', 'contractNo'])
export class FactExecutionSourceEntity {
  /** The return's period: ends the key, the table is partitioned by year on it (migration PartitionByYear). */
  @PrimaryColumn({ type: 'varchar', length: 6 })
  periodCode!: string;

  @PrimaryColumn({ type: 'uuid' })
  returnId!: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  contractNo!: string;

  @Column({ type: 'uuid' })
  enterpriseId!: string;
}

/** Services trade per category × partner economy. */
@Entity('fact_trade')
export class FactTradeEntity {
  /** The return's period: ends the key, the table is partitioned by year on it (migration PartitionByYear). */
  @PrimaryColumn({ type: 'varchar', length: 6 })
  periodCode!: string;

  @PrimaryColumn({ type: 'uuid' })
  returnId!: string;

  @PrimaryColumn({ type: 'varchar', length: 4 })
  categoryCode!: string;

  @PrimaryColumn({ type: 'varchar', length: 2 })
  partnerCode!: string;

  @Column({ type: 'numeric', precision: 20, scale: 2 })
  exportUsd!: string;

  @Column({ type: 'numeric', precision: 20, scale: 2 })
  importUsd!: string;
}

/** Headcount at the end of the quarter by education. */
@Entity('fact_workforce')
export class FactWorkforceEntity {
  /** The return's period: ends the key, the table is partitioned by year on it (migration PartitionByYear). */
  @PrimaryColumn({ type: 'varchar', length: 6 })
  periodCode!: string;

  @PrimaryColumn({ type: 'uuid' })
  returnId!: string;

  @Column({ type: 'int' })
  juniorCollege!: number;

  @Column({ type: 'int' })
  bachelor!: number;

  @Column({ type: 'int' })
  master!: number;

  @Column({ type: 'int' })
  doctor!: number;

  @Column({ type: 'int' })
  other!: number;
}

/** Keys of the table rows a return feeds (business codes at every level, economies, groups, …): coverage. */
@Entity('fact_row_key')
export class FactRowKeyEntity {
  /** The return's period: ends the key, the table is partitioned by year on it (migration PartitionByYear). */
  @PrimaryColumn({ type: 'varchar', length: 6 })
  periodCode!: string;

  @PrimaryColumn({ type: 'uuid' })
  returnId!: string;

  @PrimaryColumn({ type: 'varchar', length: 40 })
  rowKey!: string;
}

/** Outsourcing by period × area × business code × offshore × client economy × nature. */
@Entity('agg_outsourcing')
@Index(['periodCode', 'provinceCode'])
export class AggOutsourcingEntity {
  @PrimaryColumn({ type: 'varchar', length: 6 })
  periodCode!: string;

  @PrimaryColumn({ type: 'varchar', length: 20 })
  areaCode!: string;

  @PrimaryColumn({ type: 'varchar', length: 20 })
  businessCode!: string;

  @PrimaryColumn({ type: 'boolean' })
  offshore!: boolean;

  @PrimaryColumn({ type: 'varchar', length: 2 })
  partnerCode!: string;

  @PrimaryColumn({ type: 'varchar', length: 20 })
  natureCode!: string;

  @Column({ type: 'varchar', length: 20 })
  provinceCode!: string;

  @Column({ type: 'varchar', length: 20 })
  cityCode!: string;

  @Column({ type: 'varchar', length: 20 })
  natureGroup!: string;

  @Column({ type: 'int' })
  contracts!: number;

  @Column({ type: 'numeric', precision: 20, scale: 2 })
  signedUsd!: string;

  @Column({ type: 'numeric', precision: 20, scale: 2 })
  executedUsd!: string;
}

/** Services trade by period × area × category × partner economy. */
@Entity('agg_trade')
@Index(['periodCode', 'provinceCode'])
export class AggTradeEntity {
  @PrimaryColumn({ type: 'varchar', length: 6 })
  periodCode!: string;

  @PrimaryColumn({ type: 'varchar', length: 20 })
  areaCode!: string;

  @PrimaryColumn({ type: 'varchar', length: 4 })
  categoryCode!: string;

  @PrimaryColumn({ type: 'varchar', length: 2 })
  partnerCode!: string;

  @Column({ type: 'varchar', length: 20 })
  provinceCode!: string;

  @Column({ type: 'varchar', length: 20 })
  cityCode!: string;

  @Column({ type: 'numeric', precision: 20, scale: 2 })
  exportUsd!: string;

  @Column({ type: 'numeric', precision: 20, scale: 2 })
  importUsd!: string;
}

/** Quarter-end headcount by period × area × nature: sums over firms, bigint (each firm's count fits int4). */
@Entity('agg_workforce')
@Index(['periodCode', 'provinceCode'])
export class AggWorkforceEntity {
  @PrimaryColumn({ type: 'varchar', length: 6 })
  periodCode!: string;

  @PrimaryColumn({ type: 'varchar', length: 20 })
  areaCode!: string;

  @PrimaryColumn({ type: 'varchar', length: 20 })
  natureCode!: string;

  @Column({ type: 'varchar', length: 20 })
  provinceCode!: string;

  @Column({ type: 'varchar', length: 20 })
  cityCode!: string;

  @Column({ type: 'bigint' })
  juniorCollege!: string;

  @Column({ type: 'bigint' })
  bachelor!: string;

  @Column({ type: 'bigint' })
  master!: string;

  @Column({ type: 'bigint' })
  doctor!: string;

  @Column({ type: 'bigint' })
  other!: string;
}

/** Number of approved returns feeding each row key, by period × area: the approved side of row coverage. */
@Entity('agg_row_returns')
@Index(['periodCode', 'provinceCode'])
// Coverage reads a table's row keys in a period (any territory, the national root included).
@Index(['periodCode', 'rowKey'])
export class AggRowReturnsEntity {
  @PrimaryColumn({ type: 'varchar', length: 6 })
  periodCode!: string;

  @PrimaryColumn({ type: 'varchar', length: 20 })
  areaCode!: string;

  @PrimaryColumn({ type: 'varchar', length: 40 })
  rowKey!: string;

  @Column({ type: 'varchar', length: 20 })
  provinceCode!: string;

  @Column({ type: 'varchar', length: 20 })
  cityCode!: string;

  @Column({ type: 'int' })
  returns!: number;
}

/*
 * Region roll-ups of the aggregates above, kept by statement triggers on agg_outsourcing, agg_trade and
 * agg_row_returns (migration RegionRollups): whatever writes the aggregates (approval refresh, rebuild, bulk
 * loads) keeps them equal to the aggregates summed by region. A row per period × level × region × dimension
 * value: level P (province) for each dimension, level A (statistical area) for dim '*' (no dimension); row
 * returns at level P (migration RowReturnsRollupProvinces dropped the city rows). A firm placed directly in a city has that city as its area, hence the level
 * in the key. `fineRows` counts the aggregate rows summed in; a roll-up row exists exactly while that is above
 * zero, so a read finds the same groups as a GROUP BY over the aggregates. National tables sum the province rows;
 * a city's or an area's figures by dimension are read from the aggregates.
 */

/** agg_outsourcing by region: dim B (business code), P (partner), N (nature group) or '*' (none). */
@Entity('agg_outsourcing_region')
@Index(['periodCode', 'dim', 'level', 'provinceCode'])
// Roll-up rows that fell to no aggregate row, deleted by the trigger that zeroed them.
@Index(['periodCode'], { where: '"fine_rows" = 0' })
export class AggOutsourcingRegionEntity {
  @PrimaryColumn({ type: 'varchar', length: 6 })
  periodCode!: string;

  @PrimaryColumn({ type: 'varchar', length: 1 })
  level!: string;

  @PrimaryColumn({ type: 'varchar', length: 20 })
  regionCode!: string;

  @PrimaryColumn({ type: 'varchar', length: 1 })
  dim!: string;

  @PrimaryColumn({ type: 'varchar', length: 20 })
  dimValue!: string;

  @PrimaryColumn({ type: 'boolean' })
  offshore!: boolean;

  @Column({ type: 'varchar', length: 20 })
  provinceCode!: string;

  @Column({ type: 'varchar', length: 20 })
  cityCode!: string;

  @Column({ type: 'int' })
  fineRows!: number;

  @Column({ type: 'bigint' })
  contracts!: string;

  @Column({ type: 'numeric', precision: 20, scale: 2 })
  signedUsd!: string;

  @Column({ type: 'numeric', precision: 20, scale: 2 })
  executedUsd!: string;
}

/** agg_trade by region: dim C (service category), P (partner) or '*' (none). */
@Entity('agg_trade_region')
@Index(['periodCode', 'dim', 'level', 'provinceCode'])
// Roll-up rows that fell to no aggregate row, deleted by the trigger that zeroed them.
@Index(['periodCode'], { where: '"fine_rows" = 0' })
export class AggTradeRegionEntity {
  @PrimaryColumn({ type: 'varchar', length: 6 })
  periodCode!: string;

  @PrimaryColumn({ type: 'varchar', length: 1 })
  level!: string;

  @PrimaryColumn({ type: 'varchar', length: 20 })
  regionCode!: string;

  @PrimaryColumn({ type: 'varchar', length: 1 })
  dim!: string;

  @PrimaryColumn({ type: 'varchar', length: 20 })
  dimValue!: string;

  @Column({ type: 'varchar', length: 20 })
  provinceCode!: string;

  @Column({ type: 'varchar', length: 20 })
  cityCode!: string;

  @Column({ type: 'int' })
  fineRows!: number;

  @Column({ type: 'numeric', precision: 20, scale: 2 })
  exportUsd!: string;

  @Column({ type: 'numeric', precision: 20, scale: 2 })
  importUsd!: string;
}

/** agg_row_returns by province (level P). */
@Entity('agg_row_returns_region')
@Index(['periodCode', 'rowKey', 'level', 'provinceCode'])
// Roll-up rows that fell to no aggregate row, deleted by the trigger that zeroed them.
@Index(['periodCode'], { where: '"fine_rows" = 0' })
export class AggRowReturnsRegionEntity {
  @PrimaryColumn({ type: 'varchar', length: 6 })
  periodCode!: string;

  @PrimaryColumn({ type: 'varchar', length: 1 })
  level!: string;

  @PrimaryColumn({ type: 'varchar', length: 20 })
  regionCode!: string;

  @PrimaryColumn({ type: 'varchar', length: 40 })
  rowKey!: string;

  @Column({ type: 'varchar', length: 20 })
  provinceCode!: string;

  @Column({ type: 'varchar', length: 20 })
  cityCode!: string;

  @Column({ type: 'int' })
  fineRows!: number;

  @Column({ type: 'bigint' })
  returns!: string;
}

/*
 * Approved returns by region (migration SnapshotDigests): a statement trigger on fact_return keeps, per period,
 * each statistical area's row (level A, with its city and province) and each province's row (level P): the number
 * of approved returns and two 64-bit lanes of md5(return_id:revision) summed over them. Whatever writes the facts
 * (approval, correction, rebuild, bulk loads) moves the sums by exactly the returns it adds or removes, so a table's
 * snapshot hash and its approved-return count are a few indexed rows, however many returns the territory has. A row
 * exists exactly while it counts a return.
 */
@Entity('agg_snapshot')
@Index(['periodCode', 'level', 'provinceCode'])
@Index(['periodCode', 'level', 'cityCode'])
// Rows that fell to no return, deleted by the trigger that zeroed them.
@Index(['periodCode'], { where: '"returns" = 0' })
export class AggSnapshotEntity {
  @PrimaryColumn({ type: 'varchar', length: 6 })
  periodCode!: string;

  @PrimaryColumn({ type: 'varchar', length: 1 })
  level!: string;

  @PrimaryColumn({ type: 'varchar', length: 20 })
  regionCode!: string;

  @Column({ type: 'varchar', length: 20 })
  provinceCode!: string;

  @Column({ type: 'varchar', length: 20 })
  cityCode!: string;

  @Column({ type: 'bigint' })
  returns!: string;

  @Column({ type: 'numeric', precision: 40, scale: 0 })
  digestHi!: string;

  @Column({ type: 'numeric', precision: 40, scale: 0 })
  digestLo!: string;
}

export const FACT_ENTITIES = [
  FactTechnologyEntity,
  AggTechnologyEntity,
  FactReturnEntity,
  FactOutsourcingEntity,
  FactContractEntity,
  FactExecutionSourceEntity,
  FactTradeEntity,
  FactWorkforceEntity,
  FactRowKeyEntity,
  AggOutsourcingEntity,
  AggTradeEntity,
  AggWorkforceEntity,
  AggRowReturnsEntity,
  AggOutsourcingRegionEntity,
  AggTradeRegionEntity,
  AggRowReturnsRegionEntity,
  AggSnapshotEntity,
];
