import type { Column } from '../../core/database/bulk-insert';

/*
 * Row shapes of the historical import's set-based writes (historical-import.ts): the column lists, in the order
 * its rows are built, of the firm, profile, return, revision and contract-register tables. The benchmark's loader
 * writes the same tables with them (bench/lib/load.ts). The fact tables' are official-tables/facts.repository.ts's.
 */

/** Column lists of the tables the bulk paths write (the benchmark's pipeline writes some of them too). */
export const COLUMNS = {
  enterprise: [
    ['id', 'uuid'],
    ['uscc', 'char(18)'],
    ['name_zh', 'text'],
    ['region_code', 'varchar'],
    ['zone_code', 'varchar'],
    ['review_unit_code', 'varchar'],
    ['province_code', 'varchar'],
    ['status', 'varchar'],
    ['version', 'int'],
  ],
  enterprise_profile: [
    ['enterprise_id', 'uuid'],
    ['valid_from', 'date'],
    ['name_zh', 'text'],
    ['region_code', 'varchar'],
    ['zone_code', 'varchar'],
    ['nature_code', 'varchar'],
    ['industry_code', 'varchar'],
    ['key_enterprise', 'bool'],
  ],
  statistical_return: [
    ['id', 'uuid'],
    ['enterprise_id', 'uuid'],
    ['period_code', 'varchar'],
    ['review_unit_code', 'varchar'],
    ['province_code', 'varchar'],
    ['status', 'varchar'],
    ['current_revision', 'int'],
    ['approved_revision', 'int'],
    ['first_submitted_at', 'timestamptz'],
    ['last_submitted_at', 'timestamptz'],
    ['version', 'int'],
  ],
  return_revision: [
    ['return_id', 'uuid'],
    ['revision', 'int'],
    ['content', 'jsonb'],
    ['cny_per_usd', 'numeric'],
    ['frozen', 'bool'],
    ['content_hash', 'char(64)'],
    ['receipt_no', 'varchar'],
    ['submitted_at', 'timestamptz'],
  ],
  contract: [
    ['enterprise_id', 'uuid'],
    ['contract_no', 'varchar'],
    ['return_id', 'uuid'],
    ['period_code', 'varchar'],
    ['signed_date', 'date'],
    ['client_name', 'text'],
    ['client_partner_code', 'varchar'],
    ['client_industry_code', 'varchar'],
    ['business_code', 'varchar'],
    ['offshore', 'bool'],
    ['amount', 'numeric'],
    ['currency', 'varchar'],
    ['amount_usd', 'numeric'],
  ],
} satisfies Record<string, Column[]>;
