import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The columns of an economy's effective-dated membership of a group, shared by the groupings admins maintain
 * (partner groups, continents): one row per economy and period of membership, `valid_to` null while it lasts.
 */
export abstract class EconomyGroupMemberColumns {
  @PrimaryGeneratedColumn()
  id!: number;

  /** The group: a partner group code, or a continent code of the `continents` list. */
  abstract groupCode: string;

  @Column({ type: 'varchar', length: 2 })
  member!: string;

  @Column({ type: 'date' })
  validFrom!: string;

  @Column({ type: 'date', nullable: true })
  validTo!: string | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;
}

/**
 * The continent of an economy (亚洲、欧洲、北美洲、拉美洲、非洲、大洋洲), effective-dated: tables by economy print
 * continent rows over their economies. An economy belongs to one continent at a time (checked by the service).
 */
@Entity('continent_member')
@Index(['member', 'validFrom'], { unique: true })
export class ContinentMemberEntity extends EconomyGroupMemberColumns {
  @Column({ name: 'continent_code', type: 'varchar', length: 2 })
  groupCode!: string;
}
