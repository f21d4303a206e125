import { Column, Entity, Index } from 'typeorm';
import { EconomyGroupMemberColumns } from './economy-group-member.entity';

/** Effective-dated membership of an economy in a partner group (一带一路, RCEP, EU, ASEAN). */
@Entity('partner_group_member')
@Index(['groupCode', 'member', 'validFrom'], { unique: true })
export class PartnerGroupMemberEntity extends EconomyGroupMemberColumns {
  @Column({ type: 'varchar', length: 20 })
  groupCode!: string;

  /** The group's name, on each of its rows (partner groups have no code list of their own). */
  @Column({ type: 'text' })
  groupNameZh!: string;
}
