import type { ReturnContent } from '@portal/shared';
import { insertRows, type Column, type Query } from '../../core/database/bulk-insert';
import {
  FACT_CODE_LISTS,
  type CodeVersion,
  type FactCodeList,
  type GroupMembership,
  type ProfileVersion,
} from './fact-lookup';
import type { OutsourcingKey } from './return-facts';

/*
 * The SQL of the facts writer (facts.ts): reads of the returns, profiles, contracts and code lists a batch needs,
 * the fact inserts, and the aggregate moves. Every function takes a `Query` — the writer's transaction, or the
 * bench loader's pg client — and sends set-based statements whatever the batch's size.
 */

/** The fact tables of a return (facts.entity.ts), written in this order (fact_return first) and deleted in reverse. */
export const FACT_TABLES = [
  'fact_return',
  'fact_outsourcing',
  'fact_contract',
  'fact_execution_source',
  'fact_trade',
  'fact_workforce',
  'fact_row_key',
] as const;
export type FactTable = (typeof FACT_TABLES)[number];

/**
 * Column lists of the fact tables: return-facts.ts `addFacts` builds rows in this order. The return-keyed facts end
 * with their return's period_code, the key of their partitions by year (migration PartitionByYear).
 */
export const FACT_COLUMNS = {
  fact_return: [
    ['return_id', 'uuid'],
    ['enterprise_id', 'uuid'],
    ['period_code', 'varchar'],
    ['revision', 'int'],
    ['cny_per_usd', 'numeric'],
    ['name_zh', 'text'],
    ['province_code', 'varchar'],
    ['city_code', 'varchar'],
    ['area_code', 'varchar'],
    ['region_code', 'varchar'],
    ['zone_code', 'varchar'],
    ['review_unit_code', 'varchar'],
    ['nature_code', 'varchar'],
    ['nature_group', 'varchar'],
    ['industry_code', 'varchar'],
    ['key_enterprise', 'bool'],
    ['zero_return', 'bool'],
    ['contracts', 'int'],
    ['signed_usd', 'numeric'],
    ['executed_usd', 'numeric'],
    ['offshore_signed_usd', 'numeric'],
    ['offshore_executed_usd', 'numeric'],
    ['export_usd', 'numeric'],
    ['import_usd', 'numeric'],
  ],
  fact_outsourcing: [
    ['return_id', 'uuid'],
    ['business_code', 'varchar'],
    ['offshore', 'bool'],
    ['partner_code', 'varchar'],
    ['contracts', 'int'],
    ['signed_usd', 'numeric'],
    ['executed_usd', 'numeric'],
    ['period_code', 'varchar'],
  ],
  fact_contract: [
    ['enterprise_id', 'uuid'],
    ['contract_no', 'varchar'],
    ['return_id', 'uuid'],
    ['business_code', 'varchar'],
    ['offshore', 'bool'],
    ['partner_code', 'varchar'],
  ],
  fact_execution_source: [
    ['return_id', 'uuid'],
    ['contract_no', 'varchar'],
    ['enterprise_id', 'uuid'],
    ['period_code', 'varchar'],
  ],
  fact_trade: [
    ['return_id', 'uuid'],
    ['category_code', 'varchar'],
    ['partner_code', 'varchar'],
    ['export_usd', 'numeric'],
    ['import_usd', 'numeric'],
    ['period_code', 'varchar'],
  ],
  fact_workforce: [
    ['return_id', 'uuid'],
    ['junior_college', 'int'],
    ['bachelor', 'int'],
    ['master', 'int'],
    ['doctor', 'int'],
    ['other', 'int'],
    ['period_code', 'varchar'],
  ],
  fact_row_key: [
    ['return_id', 'uuid'],
    ['row_key', 'varchar'],
    ['period_code', 'varchar'],
  ],
} satisfies Record<FactTable, Column[]>;

/** Fact rows by table, each an array in FACT_COLUMNS order. */
export type FactRows = Record<FactTable, unknown[][]>;

export const emptyFactRows = (): FactRows => Object.fromEntries(FACT_TABLES.map((t) => [t, []])) as unknown as FactRows;

/** A return row with the content of its approved revision (null: none approved, or the revision is missing). */
export interface ReturnToRefresh {
  id: string;
  enterprise_id: string;
  period_code: string;
  review_unit_code: string;
  province_code: string;
  approved_revision: number | null;
  content: ReturnContent | null;
  cny_per_usd: string | null;
}

/**
 * The returns with their approved revision, locked (FOR UPDATE, in id order so concurrent refreshes of
 * overlapping sets queue instead of deadlocking) until the caller's transaction ends.
 */
export function lockReturns(q: Query, ids: readonly string[]): Promise<ReturnToRefresh[]> {
  return q(
    `SELECT r.id, r.enterprise_id, r.period_code, r.review_unit_code, r.province_code, r.approved_revision,
            v.content, v.cny_per_usd
       FROM statistical_return r
       LEFT JOIN return_revision v ON v.return_id = r.id AND v.revision = r.approved_revision
      WHERE r.id = ANY($1::uuid[])
      ORDER BY r.id
        FOR UPDATE OF r`,
    [ids],
  );
}

/** The contracts the returns' current facts enter (fact_contract), by return. */
export async function factContracts(
  q: Query,
  returnIds: readonly string[],
): Promise<Map<string, Map<string, OutsourcingKey>>> {
  const rows: {
    return_id: string;
    contract_no: string;
    business_code: string;
    offshore: boolean;
    partner_code: string;
  }[] = await q(
    `SELECT return_id, contract_no, business_code, offshore, partner_code FROM fact_contract
        WHERE return_id = ANY($1::uuid[])`,
    [returnIds],
  );
  const out = new Map<string, Map<string, OutsourcingKey>>();
  for (const c of rows) {
    let of = out.get(c.return_id);
    if (!of) out.set(c.return_id, (of = new Map()));
    of.set(c.contract_no, { businessCode: c.business_code, offshore: c.offshore, partnerCode: c.partner_code });
  }
  return out;
}

export async function deleteFacts(q: Query, returnIds: readonly string[]): Promise<void> {
  for (const t of [...FACT_TABLES].reverse())
    await q(`DELETE FROM ${t} WHERE return_id = ANY($1::uuid[])`, [returnIds]);
}

/** Writes fact rows, table by table (fact_return first). */
export async function insertFacts(q: Query, rows: FactRows): Promise<void> {
  for (const t of FACT_TABLES) await insertRows(q, t, FACT_COLUMNS[t], rows[t]);
}

/** Profile versions of firms, by firm id, in validity order. */
export async function profileVersions(
  q: Query,
  enterpriseIds: readonly string[],
): Promise<Map<string, ProfileVersion[]>> {
  const rows: (ProfileVersion & { enterpriseId: string })[] = enterpriseIds.length
    ? await q(
        `SELECT enterprise_id AS "enterpriseId", to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", name_zh AS "nameZh",
                region_code AS "regionCode", zone_code AS "zoneCode", nature_code AS "natureCode",
                industry_code AS "industryCode", key_enterprise AS "keyEnterprise", advanced_tech AS "advancedTech",
                industry_code_2002 AS "industryCode2002"
           FROM enterprise_profile WHERE enterprise_id = ANY($1::uuid[]) ORDER BY enterprise_id, valid_from`,
        [enterpriseIds],
      )
    : [];
  const out = new Map<string, ProfileVersion[]>();
  for (const { enterpriseId, ...p } of rows) {
    const list = out.get(enterpriseId);
    if (list) list.push(p);
    else out.set(enterpriseId, [p]);
  }
  return out;
}

/**
 * Attributes of contracts executed in returns that do not enter them: the approved contract (fact_contract),
 * else the firm's register (`contract`). Keyed `firm|contract number`.
 */
export async function contractsElsewhere(
  q: Query,
  wanted: readonly [enterpriseId: string, contractNo: string][],
): Promise<Map<string, OutsourcingKey>> {
  const out = new Map<string, OutsourcingKey>();
  if (!wanted.length) return out;
  const rows: {
    enterprise_id: string;
    contract_no: string;
    business_code: string;
    offshore: boolean;
    partner_code: string;
  }[] = await q(
    `WITH w AS (SELECT DISTINCT e, no FROM unnest($1::uuid[], $2::varchar[]) AS x(e, no))
         SELECT f.enterprise_id, f.contract_no, f.business_code, f.offshore, f.partner_code
           FROM w JOIN fact_contract f ON f.enterprise_id = w.e AND f.contract_no = w.no
         UNION ALL
         SELECT c.enterprise_id, c.contract_no, c.business_code, c.offshore, c.client_partner_code
           FROM w JOIN contract c ON c.enterprise_id = w.e AND c.contract_no = w.no
          WHERE NOT EXISTS (SELECT 1 FROM fact_contract f WHERE f.enterprise_id = c.enterprise_id AND f.contract_no = c.contract_no)`,
    [wanted.map((w) => w[0]), wanted.map((w) => w[1])],
  );
  for (const x of rows) {
    out.set(`${x.enterprise_id}|${x.contract_no}`, {
      businessCode: x.business_code,
      offshore: x.offshore,
      partnerCode: x.partner_code,
    });
  }
  return out;
}

/**
 * Every version of the given codes of the lookup's lists and of their ancestors (any version's parent), or of
 * every code of those lists ('all': the bench loader).
 */
export function codeVersions(
  q: Query,
  wanted: readonly { list: FactCodeList; code: string }[] | 'all',
): Promise<CodeVersion[]> {
  const columns = `c.list, c.code, c.parent_code AS parent, to_char(c.valid_from, 'YYYY-MM-DD') AS "from",
                   to_char(c.valid_to, 'YYYY-MM-DD') AS "to", c.attrs->>'kind' AS kind,
                   COALESCE(c.attrs->'reviewUnit' = 'true'::jsonb, false) AS "reviewUnit"`;
  if (wanted === 'all')
    return q(`SELECT ${columns} FROM code_item c WHERE c.list = ANY($1::varchar[])`, [FACT_CODE_LISTS]);
  if (!wanted.length) return Promise.resolve([]);
  return q(
    `WITH RECURSIVE w(list, code) AS (
       SELECT * FROM unnest($1::varchar[], $2::varchar[])
       UNION
       SELECT c.list, c.parent_code FROM code_item c JOIN w ON c.list = w.list AND c.code = w.code
        WHERE c.parent_code IS NOT NULL)
     SELECT ${columns} FROM w JOIN code_item c ON c.list = w.list AND c.code = w.code`,
    [wanted.map((w) => w.list), wanted.map((w) => w.code)],
  );
}

/** Memberships of the given economies in partner groups, every version (or of every economy: 'all'). */
export function groupMemberships(q: Query, partners: readonly string[] | 'all'): Promise<GroupMembership[]> {
  if (partners !== 'all' && !partners.length) return Promise.resolve([]);
  return q(
    `SELECT group_code AS "group", member, to_char(valid_from, 'YYYY-MM-DD') AS "from",
            to_char(valid_to, 'YYYY-MM-DD') AS "to"
       FROM partner_group_member ${partners === 'all' ? '' : 'WHERE member = ANY($1::varchar[])'}`,
    partners === 'all' ? [] : [partners],
  );
}

/** Returns outside `exclude` whose executions use one of the firms' contracts (their facts carry its attributes). */
export async function returnsExecuting(
  q: Query,
  contracts: readonly [enterpriseId: string, contractNo: string][],
  exclude: readonly string[],
): Promise<string[]> {
  if (!contracts.length) return [];
  const rows: { return_id: string }[] = await q(
    `SELECT DISTINCT s.return_id FROM fact_execution_source s
       JOIN unnest($1::uuid[], $2::varchar[]) AS x(e, no) ON s.enterprise_id = x.e AND s.contract_no = x.no
      WHERE s.return_id <> ALL($3::uuid[]) ORDER BY s.return_id`,
    [contracts.map((p) => p[0]), contracts.map((p) => p[1]), exclude],
  );
  return rows.map((r) => r.return_id);
}

/** Returns with an approved revision, in period order (executions after the contracts they were signed under). */
export async function approvedReturnIds(q: Query): Promise<string[]> {
  const rows: { id: string }[] = await q(
    `SELECT id FROM statistical_return WHERE approved_revision IS NOT NULL ORDER BY period_code, id`,
  );
  return rows.map((r) => r.id);
}

/**
 * Adds (sign 1) or subtracts (sign -1) the facts of the returns to the aggregates, summed by key first and in key
 * order, so concurrent writers touching the same keys queue instead of deadlocking; after a subtraction, keys the
 * returns touched that fell to nothing are removed. The statement-level triggers on the aggregates carry every
 * change to the region roll-ups.
 */
export async function moveAggregates(q: Query, ids: readonly string[], sign: 1 | -1): Promise<void> {
  await q(
    `INSERT INTO agg_outsourcing AS a (period_code, area_code, business_code, offshore, partner_code, nature_code,
                                       province_code, city_code, nature_group, contracts, signed_usd, executed_usd)
     SELECT r.period_code, r.area_code, f.business_code, f.offshore, f.partner_code, r.nature_code,
            min(r.province_code), min(r.city_code), min(r.nature_group),
            $2::int * sum(f.contracts), $2::int * sum(f.signed_usd), $2::int * sum(f.executed_usd)
       FROM fact_outsourcing f JOIN fact_return r ON r.return_id = f.return_id
      WHERE f.return_id = ANY($1::uuid[])
      GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
     ON CONFLICT (period_code, area_code, business_code, offshore, partner_code, nature_code) DO UPDATE
        SET contracts = a.contracts + EXCLUDED.contracts,
            signed_usd = a.signed_usd + EXCLUDED.signed_usd,
            executed_usd = a.executed_usd + EXCLUDED.executed_usd`,
    [ids, sign],
  );
  await q(
    `INSERT INTO agg_trade AS a (period_code, area_code, category_code, partner_code, province_code, city_code,
                                 export_usd, import_usd)
     SELECT r.period_code, r.area_code, f.category_code, f.partner_code, min(r.province_code), min(r.city_code),
            $2::int * sum(f.export_usd), $2::int * sum(f.import_usd)
       FROM fact_trade f JOIN fact_return r ON r.return_id = f.return_id
      WHERE f.return_id = ANY($1::uuid[])
      GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
     ON CONFLICT (period_code, area_code, category_code, partner_code) DO UPDATE
        SET export_usd = a.export_usd + EXCLUDED.export_usd, import_usd = a.import_usd + EXCLUDED.import_usd`,
    [ids, sign],
  );
  await q(
    `INSERT INTO agg_workforce AS a (period_code, area_code, nature_code, province_code, city_code,
                                     junior_college, bachelor, master, doctor, other)
     SELECT r.period_code, r.area_code, r.nature_code, min(r.province_code), min(r.city_code),
            $2::int * sum(f.junior_college), $2::int * sum(f.bachelor), $2::int * sum(f.master),
            $2::int * sum(f.doctor), $2::int * sum(f.other)
       FROM fact_workforce f JOIN fact_return r ON r.return_id = f.return_id
      WHERE f.return_id = ANY($1::uuid[])
      GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
     ON CONFLICT (period_code, area_code, nature_code) DO UPDATE
        SET junior_college = a.junior_college + EXCLUDED.junior_college, bachelor = a.bachelor + EXCLUDED.bachelor,
            master = a.master + EXCLUDED.master, doctor = a.doctor + EXCLUDED.doctor, other = a.other + EXCLUDED.other`,
    [ids, sign],
  );
  await q(
    `INSERT INTO agg_row_returns AS a (period_code, area_code, row_key, province_code, city_code, returns)
     SELECT r.period_code, r.area_code, k.row_key, min(r.province_code), min(r.city_code), $2::int * count(*)
       FROM fact_row_key k JOIN fact_return r ON r.return_id = k.return_id
      WHERE k.return_id = ANY($1::uuid[])
      GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
     ON CONFLICT (period_code, area_code, row_key) DO UPDATE SET returns = a.returns + EXCLUDED.returns`,
    [ids, sign],
  );
  if (sign === 1) return;
  await q(
    `DELETE FROM agg_outsourcing a USING (
       SELECT DISTINCT r.period_code, r.area_code, f.business_code, f.offshore, f.partner_code, r.nature_code
         FROM fact_outsourcing f JOIN fact_return r ON r.return_id = f.return_id WHERE f.return_id = ANY($1::uuid[])) k
      WHERE a.period_code = k.period_code AND a.area_code = k.area_code AND a.business_code = k.business_code
        AND a.offshore = k.offshore AND a.partner_code = k.partner_code AND a.nature_code = k.nature_code
        AND a.contracts = 0 AND a.signed_usd = 0 AND a.executed_usd = 0`,
    [ids],
  );
  await q(
    `DELETE FROM agg_trade a USING (
       SELECT DISTINCT r.period_code, r.area_code, f.category_code, f.partner_code
         FROM fact_trade f JOIN fact_return r ON r.return_id = f.return_id WHERE f.return_id = ANY($1::uuid[])) k
      WHERE a.period_code = k.period_code AND a.area_code = k.area_code AND a.category_code = k.category_code
        AND a.partner_code = k.partner_code AND a.export_usd = 0 AND a.import_usd = 0`,
    [ids],
  );
  await q(
    `DELETE FROM agg_workforce a USING (
       SELECT DISTINCT period_code, area_code, nature_code FROM fact_return WHERE return_id = ANY($1::uuid[])) k
      WHERE a.period_code = k.period_code AND a.area_code = k.area_code AND a.nature_code = k.nature_code
        AND a.junior_college = 0 AND a.bachelor = 0 AND a.master = 0 AND a.doctor = 0 AND a.other = 0`,
    [ids],
  );
  await q(
    `DELETE FROM agg_row_returns a USING (
       SELECT DISTINCT r.period_code, r.area_code, k.row_key
         FROM fact_row_key k JOIN fact_return r ON r.return_id = k.return_id WHERE k.return_id = ANY($1::uuid[])) k
      WHERE a.period_code = k.period_code AND a.area_code = k.area_code AND a.row_key = k.row_key AND a.returns = 0`,
    [ids],
  );
}

/**
 * agg_snapshot from the facts: per period, each statistical area's and each province's approved returns, their
 * number and the two 64-bit lanes of md5(return_id:revision) summed (what the trigger of migration SnapshotDigests
 * keeps by difference; the official tables' snapshot hash reads it).
 */
export async function rebuildSnapshotDigests(q: Query): Promise<void> {
  await q(`DELETE FROM agg_snapshot`);
  await q(
    `INSERT INTO agg_snapshot (period_code, level, region_code, province_code, city_code, returns, digest_hi, digest_lo)
     SELECT d.period_code, x.level, x.region_code, d.province_code, x.city_code, count(*),
            sum(('x' || substr(d.h, 1, 16))::bit(64)::bigint::numeric),
            sum(('x' || substr(d.h, 17, 16))::bit(64)::bigint::numeric)
       FROM (SELECT r.*, md5(r.return_id::text || ':' || r.revision::text) AS h FROM fact_return r) d
      CROSS JOIN LATERAL (VALUES ('A', d.area_code, d.city_code), ('P', d.province_code, ''))
            AS x(level, region_code, city_code)
      GROUP BY 1, 2, 3, 4, 5`,
  );
}

/** Every fact and aggregate row, in a stable order (timestamps left out): two fact builds are equal when these are. */
export async function factSnapshot(q: Query): Promise<Record<string, string[]>> {
  const tables: Record<string, string> = {
    fact_return: `SELECT ${FACT_COLUMNS.fact_return.map(([n]) => n).join(', ')} FROM fact_return`,
    fact_outsourcing: 'SELECT * FROM fact_outsourcing',
    fact_contract: 'SELECT * FROM fact_contract',
    fact_execution_source: 'SELECT * FROM fact_execution_source',
    fact_trade: 'SELECT * FROM fact_trade',
    fact_workforce: 'SELECT * FROM fact_workforce',
    fact_row_key: 'SELECT * FROM fact_row_key',
    agg_outsourcing: 'SELECT * FROM agg_outsourcing',
    agg_trade: 'SELECT * FROM agg_trade',
    agg_workforce: 'SELECT * FROM agg_workforce',
    agg_row_returns: 'SELECT * FROM agg_row_returns',
  };
  const out: Record<string, string[]> = {};
  for (const [t, sql] of Object.entries(tables)) {
    const rows = (await q(sql)) as Record<string, unknown>[];
    out[t] = rows.map((r) => JSON.stringify(Object.values(r))).sort();
  }
  return out;
}

/** A technology contract the tables count: its registered version (not a cancellation) of a contract not cancelled. */
export interface CountedTechnologyContract {
  id: string;
  enterprise_id: string;
  province_code: string;
  direction: string;
  version: number;
  period_code: string;
  mode_code: string;
  partner_code: string;
  contract_amount_usd: string;
  tech_fee_usd: string;
  equipment_fee_usd: string;
}

/** Of these contracts, those the tables count, with their registered version (locked for the refresh). */
export function countedTechnologyContracts(q: Query, ids: readonly string[]): Promise<CountedTechnologyContract[]> {
  return q(
    `SELECT c.id, c.enterprise_id, c.province_code, c.direction, v.version, v.period_code, v.mode_code,
            v.partner_code, v.contract_amount_usd, v.tech_fee_usd, v.equipment_fee_usd
       FROM technology_contract c
       JOIN technology_contract_version v ON v.contract_id = c.id AND v.version = c.registered_version
      WHERE c.id = ANY($1::uuid[]) AND c.status <> 'CANCELLED' AND v.kind <> 'CANCELLATION'
      ORDER BY c.id
        FOR UPDATE OF c`,
    [ids],
  );
}

/** Columns of fact_technology in the order the writer builds its rows. */
export const TECHNOLOGY_FACT_COLUMNS: Column[] = [
  ['contract_id', 'uuid'],
  ['version', 'int'],
  ['enterprise_id', 'uuid'],
  ['period_code', 'varchar'],
  ['province_code', 'varchar'],
  ['city_code', 'varchar'],
  ['area_code', 'varchar'],
  ['direction', 'varchar'],
  ['mode_code', 'varchar'],
  ['partner_code', 'varchar'],
  ['industry_code', 'varchar'],
  ['nature_group', 'varchar'],
  ['amount_usd', 'numeric'],
  ['tech_fee_usd', 'numeric'],
  ['equipment_fee_usd', 'numeric'],
];

export async function insertTechnologyFacts(q: Query, rows: unknown[][]): Promise<void> {
  await insertRows(q, 'fact_technology', TECHNOLOGY_FACT_COLUMNS, rows);
}

export async function deleteTechnologyFacts(q: Query, ids: readonly string[]): Promise<void> {
  await q(`DELETE FROM fact_technology WHERE contract_id = ANY($1::uuid[])`, [ids]);
}

/**
 * Adds (sign 1) or subtracts (−1) the facts of these contracts to agg_technology, keys in order; groups that fall
 * to no contract are deleted, so the aggregate holds exactly the groups with registered contracts.
 */
export async function moveTechnologyAggregates(q: Query, ids: readonly string[], sign: 1 | -1): Promise<void> {
  const periods: { period_code: string }[] = await q(
    `INSERT INTO agg_technology AS a (period_code, area_code, direction, mode_code, partner_code, industry_code,
                                      nature_group, province_code, city_code, contracts, amount_usd, tech_fee_usd,
                                      equipment_fee_usd)
     SELECT period_code, area_code, direction, mode_code, partner_code, industry_code, nature_group,
            min(province_code), min(city_code), $2::int * count(*), $2::int * sum(amount_usd),
            $2::int * sum(tech_fee_usd), $2::int * sum(equipment_fee_usd)
       FROM fact_technology WHERE contract_id = ANY($1::uuid[])
      GROUP BY period_code, area_code, direction, mode_code, partner_code, industry_code, nature_group
      ORDER BY period_code, area_code, direction, mode_code, partner_code, industry_code, nature_group
     ON CONFLICT (period_code, area_code, direction, mode_code, partner_code, industry_code, nature_group)
     DO UPDATE SET contracts = a.contracts + EXCLUDED.contracts, amount_usd = a.amount_usd + EXCLUDED.amount_usd,
                   tech_fee_usd = a.tech_fee_usd + EXCLUDED.tech_fee_usd,
                   equipment_fee_usd = a.equipment_fee_usd + EXCLUDED.equipment_fee_usd
     RETURNING period_code`,
    [ids, sign],
  );
  if (sign === -1 && periods.length)
    await q(`DELETE FROM agg_technology WHERE contracts = 0 AND period_code = ANY($1::varchar[])`, [
      [...new Set(periods.map((p) => p.period_code))],
    ]);
}
