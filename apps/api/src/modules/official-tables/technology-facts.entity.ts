import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Direction } from '@portal/shared';

/**
 * The fact of one registered technology contract (DOMAIN.md §8): its registered version's figures in USD and the
 * dimensions the technology tables group by — the firm's profile valid at the end of the signing quarter (region,
 * nature group, GB/T 4754-2002 industry), the mode and the foreign party's economy. Written and removed only by the
 * facts writer (facts.ts refreshTechnologyFacts) when a contract is registered, changed, cancelled or imported.
 */
@Entity('fact_technology')
export class FactTechnologyEntity {
  @PrimaryColumn({ type: 'uuid' })
  contractId!: string;

  @Column({ type: 'int' })
  version!: number;

  @Index()
  @Column({ type: 'uuid' })
  enterpriseId!: string;

  /** Part of the key: the table is partitioned by year on it (migration PartitionByYear, docs/scaling.md §3). */
  @PrimaryColumn({ type: 'varchar', length: 6 })
  periodCode!: string;

  @Column({ type: 'varchar', length: 20 })
  provinceCode!: string;

  @Column({ type: 'varchar', length: 20 })
  cityCode!: string;

  @Column({ type: 'varchar', length: 20 })
  areaCode!: string;

  @Column({ type: 'varchar', length: 6 })
  direction!: Direction;

  @Column({ type: 'varchar', length: 8 })
  modeCode!: string;

  @Column({ type: 'varchar', length: 2 })
  partnerCode!: string;

  /** GB/T 4754-2002 division or section of the firm; '' where not known. */
  @Column({ type: 'varchar', length: 4 })
  industryCode!: string;

  @Column({ type: 'varchar', length: 20 })
  natureGroup!: string;

  @Column({ type: 'numeric', precision: 18, scale: 2 })
  amountUsd!: string;

  @Column({ type: 'numeric', precision: 18, scale: 2 })
  techFeeUsd!: string;

  @Column({ type: 'numeric', precision: 18, scale: 2 })
  equipmentFeeUsd!: string;
}

/**
 * Registered technology contracts summed by quarter × statistical area × direction × mode × economy × industry ×
 * nature group: what the technology tables read (never the contracts). Moved by difference with the facts.
 */
@Entity('agg_technology')
@Index(['periodCode', 'provinceCode'])
export class AggTechnologyEntity {
  @PrimaryColumn({ type: 'varchar', length: 6 })
  periodCode!: string;

  @PrimaryColumn({ type: 'varchar', length: 20 })
  areaCode!: string;

  @PrimaryColumn({ type: 'varchar', length: 6 })
  direction!: Direction;

  @PrimaryColumn({ type: 'varchar', length: 8 })
  modeCode!: string;

  @PrimaryColumn({ type: 'varchar', length: 2 })
  partnerCode!: string;

  @PrimaryColumn({ type: 'varchar', length: 4 })
  industryCode!: string;

  @PrimaryColumn({ type: 'varchar', length: 20 })
  natureGroup!: string;

  @Column({ type: 'varchar', length: 20 })
  provinceCode!: string;

  @Column({ type: 'varchar', length: 20 })
  cityCode!: string;

  @Column({ type: 'int' })
  contracts!: number;

  @Column({ type: 'numeric', precision: 20, scale: 2 })
  amountUsd!: string;

  @Column({ type: 'numeric', precision: 20, scale: 2 })
  techFeeUsd!: string;

  @Column({ type: 'numeric', precision: 20, scale: 2 })
  equipmentFeeUsd!: string;
}
