import type { MigrationInterface, QueryRunner } from 'typeorm';
import { industryEnglishNames } from '../apps/api/src/modules/codes/reference-data';

/*
 * English names of the industries (issue 15): English mode showed the industries in Chinese because the domain's
 * GB/T 4754 lists carry none. Fills every version of a section or division (2017) and of a 2002 section that has no
 * English name yet; a name an administrator gave is kept.
 */
export class IndustryEnglishNames1796678000000 implements MigrationInterface {
  name = 'IndustryEnglishNames1796678000000';

  async up(q: QueryRunner): Promise<void> {
    for (const { list, code, nameEn } of industryEnglishNames()) {
      await q.query(`UPDATE code_item SET name_en = $3 WHERE list = $1 AND code = $2 AND name_en IS NULL`, [
        list,
        code,
        nameEn,
      ]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const { list, code, nameEn } of industryEnglishNames()) {
      await q.query(`UPDATE code_item SET name_en = NULL WHERE list = $1 AND code = $2 AND name_en = $3`, [
        list,
        code,
        nameEn,
      ]);
    }
  }
}
