import type { MigrationInterface, QueryRunner } from 'typeorm';
import { continentMemberRows, technologyTradeCodeRows } from '../apps/api/src/modules/codes/reference-data';

/**
 * The code lists of technology trade (DOMAIN.md §8): GB/T 4754-2017 divisions under the sections, GB/T 4754-2002 as
 * a second version of the industry classification, the modes of technology trade, the continents and the continent
 * of every economy (continent_member, effective-dated like partner groups); a firm's GB/T 4754-2002 industry.
 */
export class TechnologyTradeCodeLists1796644784366 implements MigrationInterface {
  name = 'TechnologyTradeCodeLists1796644784366';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "continent_member" ("id" SERIAL NOT NULL, "member" character varying(2) NOT NULL, "valid_from" date NOT NULL, "valid_to" date, "note" text, "continent_code" character varying(2) NOT NULL, CONSTRAINT "PK_6d334f6b01dbeb7bd68e3d1a30a" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "IDX_0ec6d3d13df41107fd66aba12d" ON "continent_member"  ("member", "valid_from") `,
    );
    await q.query(`ALTER TABLE "enterprise_profile" ADD "industry_code_2002" character varying(4)`);
    // Room for the divisions between the sections: section n sorts at n × 100, its divisions at n × 100 + 1, 2, …
    await q.query(`UPDATE code_item SET sort_order = sort_order * 100 WHERE list = 'industries'`);
    for (const r of technologyTradeCodeRows()) {
      await q.query(
        `INSERT INTO code_item (list, code, parent_code, level, name_zh, name_en, sort_order, attrs)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [r.list, r.code, r.parentCode, r.level, r.nameZh, r.nameEn, r.sortOrder, JSON.stringify(r.attrs)],
      );
    }
    for (const m of continentMemberRows()) {
      await q.query(
        `INSERT INTO continent_member (continent_code, member, valid_from, valid_to, note) VALUES ($1, $2, $3, $4, $5)`,
        [m.continentCode, m.member, m.validFrom, m.validTo, m.note],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM code_item WHERE list IN ('industries-2002', 'technology-modes', 'continents')`);
    await q.query(`DELETE FROM code_item WHERE list = 'industries' AND level = 2`);
    await q.query(`UPDATE code_item SET sort_order = sort_order / 100 WHERE list = 'industries'`);
    await q.query(`ALTER TABLE "enterprise_profile" DROP COLUMN "industry_code_2002"`);
    await q.query(`DROP INDEX "public"."IDX_0ec6d3d13df41107fd66aba12d"`);
    await q.query(`DROP TABLE "continent_member"`);
  }
}
