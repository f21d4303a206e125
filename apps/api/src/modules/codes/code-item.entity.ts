import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { CodeListName } from '@portal/shared';

/**
 * One version of one code of one list. An edit closes the current version (valid_to) and adds a new one,
 * so a table for 2021 can use the codes and names valid then.
 */
@Entity('code_item')
@Index(['list', 'code', 'validFrom'], { unique: true })
@Index(['list', 'parentCode'])
export class CodeItemEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 40 })
  list!: CodeListName;

  @Column({ type: 'varchar', length: 20 })
  code!: string;

  @Column({ type: 'varchar', length: 20, nullable: true })
  parentCode!: string | null;

  @Column({ type: 'smallint', nullable: true })
  level!: number | null;

  @Column({ type: 'text' })
  nameZh!: string;

  @Column({ type: 'text', nullable: true })
  nameEn!: string | null;

  @Column({ type: 'int', default: 0 })
  sortOrder!: number;

  @Column({ type: 'jsonb', default: {} })
  attrs!: Record<string, string | number | boolean | null>;

  @Column({ type: 'date', default: '1900-01-01' })
  validFrom!: string;

  @Column({ type: 'date', nullable: true })
  validTo!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'uuid', nullable: true })
  createdBy!: string | null;
}
