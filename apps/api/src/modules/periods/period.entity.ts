import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** A quarterly reporting period: open the day after the quarter, due (rolled past holidays), then locked. */
@Entity('period')
export class PeriodEntity {
  @PrimaryColumn({ type: 'varchar', length: 6 })
  code!: string;

  @Column({ type: 'smallint' })
  year!: number;

  @Column({ type: 'smallint' })
  quarter!: number;

  @Column({ type: 'date' })
  openDate!: string;

  @Column({ type: 'date' })
  dueDate!: string;

  @Column({ type: 'date' })
  lockDate!: string;

  /** CNY per USD applied to amounts entered in CNY; kept with each revision. */
  @Column({ type: 'numeric', precision: 10, scale: 4 })
  cnyPerUsd!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}

/** Days on which a deadline cannot fall (public holidays); a due date rolls forward past them and weekends. */
@Entity('holiday')
export class HolidayEntity {
  @PrimaryColumn({ type: 'date' })
  date!: string;

  @Column({ type: 'text' })
  nameZh!: string;
}

/** Lock exception: lets one firm file or change a period's return after the lock date, until `until`. */
@Entity('period_extension')
@Index(['enterpriseId', 'periodCode'])
export class PeriodExtensionEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'uuid' })
  enterpriseId!: string;

  @Column({ type: 'varchar', length: 6 })
  periodCode!: string;

  @Column({ type: 'timestamptz' })
  until!: Date;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'uuid' })
  grantedBy!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}

/** A firm that does not owe a period's return (every active firm does by default). */
@Entity('obligation_exemption')
@Index(['enterpriseId', 'periodCode'], { unique: true })
export class ObligationExemptionEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'uuid' })
  enterpriseId!: string;

  @Column({ type: 'varchar', length: 6 })
  periodCode!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'uuid' })
  grantedBy!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
