import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { ExportKind, ExportStatus } from '@portal/shared';

/** An Excel export of official tables (one, all) or of detail rows, built by the worker's `exports` queue. */
@Entity('export_job')
@Index(['createdBy', 'createdAt'])
export class ExportJobEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 8 })
  kind!: ExportKind;

  @Column({ type: 'varchar', length: 40, nullable: true })
  tableId!: string | null;

  @Column({ type: 'varchar', length: 12 })
  period!: string;

  @Column({ type: 'varchar', length: 20 })
  territory!: string;

  @Column({ type: 'varchar', length: 3, default: 'USD' })
  currency!: 'USD' | 'CNY';

  @Column({ type: 'varchar', length: 12, default: 'QUEUED' })
  status!: ExportStatus;

  /** 0–100. */
  @Column({ type: 'smallint', default: 0 })
  progress!: number;

  @Column({ type: 'uuid' })
  createdBy!: string;

  @Column({ type: 'varchar', length: 64 })
  createdByUsername!: string;

  @Column({ type: 'text', nullable: true })
  fileName!: string | null;

  @Column({ type: 'bigint', nullable: true })
  fileSize!: string | null;

  @Column({ type: 'char', length: 64, nullable: true })
  snapshotHash!: string | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  /** Moved by every status and progress write: the job sweep's sign that a worker is still at it. */
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}

/** The finished workbook in chunks, so writing and downloading a large one never holds it in memory. */
@Entity('export_file_chunk')
export class ExportFileChunkEntity {
  @PrimaryColumn({ type: 'uuid' })
  exportId!: string;

  @PrimaryColumn({ type: 'int' })
  seq!: number;

  @Column({ type: 'bytea' })
  data!: Buffer;
}
