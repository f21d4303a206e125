import type { MigrationInterface, QueryRunner } from 'typeorm';
import { regionEnglishNames } from '../apps/api/src/modules/codes/reference-data';

/*
 * English names of the regions (issue 15): English mode showed the cities, districts and zones in Chinese because the
 * region list had none. Fills every version of a region that has no English name yet; a name an administrator gave
 * is kept.
 */
export class RegionEnglishNames1796675000000 implements MigrationInterface {
  name = 'RegionEnglishNames1796675000000';

  async up(q: QueryRunner): Promise<void> {
    for (const [code, nameEn] of regionEnglishNames()) {
      await q.query(`UPDATE code_item SET name_en = $2 WHERE list = 'regions' AND code = $1 AND name_en IS NULL`, [
        code,
        nameEn,
      ]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [code, nameEn] of regionEnglishNames()) {
      await q.query(`UPDATE code_item SET name_en = NULL WHERE list = 'regions' AND code = $1 AND name_en = $2`, [
        code,
        nameEn,
      ]);
    }
  }
}
