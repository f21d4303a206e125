import type { MigrationInterface, QueryRunner } from 'typeorm';
import { partnerGroupRows, referenceCodeRows } from '../apps/api/src/modules/codes/reference-data';

/**
 * Loads the code lists of libs/shared/codes as their first versions. Later changes are admin edits
 * (versioned in code_item) or new migrations.
 */
export class SeedReferenceData1795309097612 implements MigrationInterface {
  name = 'SeedReferenceData1795309097612';

  async up(q: QueryRunner): Promise<void> {
    for (const r of referenceCodeRows()) {
      await q.query(
        `INSERT INTO code_item (list, code, parent_code, level, name_zh, name_en, sort_order, attrs)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [r.list, r.code, r.parentCode, r.level, r.nameZh, r.nameEn, r.sortOrder, JSON.stringify(r.attrs)],
      );
    }
    for (const g of partnerGroupRows()) {
      await q.query(
        `INSERT INTO partner_group_member (group_code, group_name_zh, member, valid_from, valid_to, note)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [g.groupCode, g.groupNameZh, g.member, g.validFrom, g.validTo, g.note],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM partner_group_member`);
    await q.query(`DELETE FROM code_item`);
  }
}
