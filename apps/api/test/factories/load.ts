import bcrypt from 'bcryptjs';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { withUsccCheck, type ProfileSection } from '@portal/shared';
import { contentHash } from '../../src/modules/returns/return-content';
import { aReturnContent } from './returns';

export interface SeededFirm {
  enterpriseId: string;
  uscc: string;
  username: string;
  returnId: string;
  /** The profile section of its draft. */
  profile: ProfileSection;
}

export const LOAD_PASSWORD = 'Load#Firm2026';

/**
 * Many Xi'an firms, each with a filer account and a valid 2026Q3 draft, written in bulk (fast enough for
 * hundreds or thousands). Passwords use a low bcrypt cost: logins are part of what the load tests measure.
 * `submitted`: the drafts are already received (frozen, receipt, VALIDATING), waiting for their validation job.
 */
export async function seedFirms(
  ds: DataSource,
  n: number,
  opts: { tag: string; submitted?: boolean },
): Promise<SeededFirm[]> {
  const hash = await bcrypt.hash(LOAD_PASSWORD, 4);
  const [period] = await ds.query(`SELECT cny_per_usd FROM period WHERE code = '2026Q3'`);
  const firms: SeededFirm[] = [];
  for (let start = 0; start < n; start += 250) {
    const batch = Array.from({ length: Math.min(250, n - start) }, (_, k) => {
      const i = start + k;
      const uscc = withUsccCheck(`91610113${opts.tag}${String(i).padStart(5, '0')}`);
      const profile: ProfileSection = {
        confirmed: true,
        nameZh: `西安负载测试${opts.tag}${i}有限公司`,
        regionCode: '610113',
        zoneCode: '6101Z1',
        natureCode: 'DOM-PRI',
        industryCode: 'I',
        keyEnterprise: false,
        advancedTech: false,
      };
      return { i, uscc, profile, enterpriseId: randomUUID(), returnId: randomUUID(), content: aReturnContent(profile) };
    });
    await ds.transaction(async (m) => {
      for (const b of batch) {
        await m.query(
          `INSERT INTO enterprise (id, uscc, name_zh, region_code, zone_code, review_unit_code, province_code, status, version)
           VALUES ($1, $2, $3, '610113', '6101Z1', '610100', '610000', 'ACTIVE', 1)`,
          [b.enterpriseId, b.uscc, b.profile.nameZh],
        );
        await m.query(
          `INSERT INTO enterprise_profile (enterprise_id, valid_from, name_zh, region_code, zone_code, nature_code, industry_code)
           VALUES ($1, '2015-01-01', $2, '610113', '6101Z1', 'DOM-PRI', 'I')`,
          [b.enterpriseId, b.profile.nameZh],
        );
        const username = `load-${opts.tag.toLowerCase()}-${b.i}`;
        await m.query(
          `INSERT INTO app_user (username, display_name, password_hash, roles, scope_kind, scope_code)
           VALUES ($1, $2, $3, '{ENTERPRISE_FILER,ENTERPRISE_SIGNATORY}', 'ENTERPRISE', $4)`,
          [username, username, hash, b.enterpriseId],
        );
        const status = opts.submitted ? 'VALIDATING' : 'DRAFT';
        await m.query(
          `INSERT INTO statistical_return (id, enterprise_id, period_code, review_unit_code, province_code, status,
             current_revision, first_submitted_at, last_submitted_at, version)
           VALUES ($1, $2, '2026Q3', '610100', '610000', $3, 1, $4, $4, 1)`,
          [b.returnId, b.enterpriseId, status, opts.submitted ? new Date() : null],
        );
        await m.query(
          `INSERT INTO return_revision (return_id, revision, content, cny_per_usd, frozen, content_hash, receipt_no, submitted_at)
           VALUES ($1, 1, $2, $3, $4, $5, $6, $7)`,
          [
            b.returnId,
            JSON.stringify(b.content),
            period.cny_per_usd,
            !!opts.submitted,
            opts.submitted ? contentHash(b.content) : null,
            opts.submitted ? `R-2026Q3-${b.uscc}-1` : null,
            opts.submitted ? new Date() : null,
          ],
        );
        for (const c of b.content.contracts) {
          await m.query(
            `INSERT INTO contract (enterprise_id, contract_no, return_id, period_code, signed_date, client_name,
               client_partner_code, client_industry_code, business_code, offshore, amount, currency, amount_usd)
             VALUES ($1, $2, $3, '2026Q3', $4, $5, $6, $7, $8, $9, $10, $11, $10)`,
            [
              b.enterpriseId,
              c.contractNo,
              b.returnId,
              c.signedDate,
              c.clientName,
              c.clientPartnerCode,
              c.clientIndustryCode,
              c.businessCode,
              c.offshore,
              c.amount,
              c.currency,
            ],
          );
        }
        firms.push({ enterpriseId: b.enterpriseId, uscc: b.uscc, username, returnId: b.returnId, profile: b.profile });
      }
    });
  }
  return firms;
}

export { eventually } from '../utils/eventually';
