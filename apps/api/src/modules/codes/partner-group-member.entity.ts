import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Effective-dated membership of an economy in a partner group (一带一路, RCEP, EU, ASEAN). */
@Entity('partner_group_member')
@Index(['groupCode', 'member', 'validFrom'], { unique: true })
export class PartnerGroupMemberEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 20 })
  groupCode!: string;

  @Column({ type: 'text' })
  groupNameZh!: string;

  @Column({ type: 'varchar', length: 2 })
  member!: string;

  @Column({ type: 'date' })
  validFrom!: string;

  @Column({ type: 'date', nullable: true })
  validTo!: string | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;
}
