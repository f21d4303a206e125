import type { EntityManager } from 'typeorm';
import { periodBounds, type ReturnContent } from '@portal/shared';
import {
  FactContractEntity,
  FactExecutionSourceEntity,
  FactOutsourcingEntity,
  FactReturnEntity,
  FactRowKeyEntity,
  FactTradeEntity,
  FactWorkforceEntity,
} from './facts.entity';
import { foreignContractNos, money, returnFacts, type Dims, type OutsourcingKey } from './return-facts';
import { codeKey, outsourcingScopes, ROW_KEY_DIMS, ROW_KEY_SCOPES, wholeScopeKey } from './row-key';

/*
 * Facts and aggregates of approved returns (see facts.entity.ts). `refreshApprovedReturn` is the one entry point:
 * the review workflow calls it when an approval lands, ReturnsService.applyImport for historical imports, both in
 * their own transaction, so the tables never see an approval without its figures or the other way round.
 */

/**
 * Replaces the facts of one return with those of its approved revision (none when it has no approved revision)
 * and moves the aggregates by the difference. Returns of the same firm whose executions used this return's
 * contracts are refreshed too when a contract's attributes changed (a correction of the business code, say).
 */
export async function refreshApprovedReturn(m: EntityManager, returnId: string): Promise<void> {
  const changedContracts = await refreshOne(m, returnId);
  if (!changedContracts.contractNos.length) return;
  const dependents: { return_id: string }[] = await m.query(
    `SELECT DISTINCT return_id FROM fact_execution_source
      WHERE enterprise_id = $1 AND contract_no = ANY($2) AND return_id <> $3 ORDER BY return_id`,
    [changedContracts.enterpriseId, changedContracts.contractNos, returnId],
  );
  for (const d of dependents) await refreshOne(m, d.return_id);
}

/**
 * Rebuilds the facts of every approved return (demo loading, repair after editing past code versions), then the
 * snapshot digests from the facts (the trigger on fact_return keeps them by difference; a rebuild starts over).
 */
export async function rebuildAllFacts(m: EntityManager): Promise<number> {
  const rows: { id: string }[] = await m.query(
    `SELECT id FROM statistical_return WHERE approved_revision IS NOT NULL ORDER BY period_code, id`,
  );
  for (const r of rows) await refreshOne(m, r.id);
  await rebuildSnapshotDigests(m);
  return rows.length;
}

/**
 * agg_snapshot from the facts: per period, each statistical area's and each province's approved returns, their
 * number and the two 64-bit lanes of md5(return_id:revision) summed (what the trigger of migration SnapshotDigests
 * keeps by difference; the official tables' snapshot hash reads it).
 */
export async function rebuildSnapshotDigests(m: EntityManager): Promise<void> {
  await m.query(`DELETE FROM agg_snapshot`);
  await m.query(
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

async function refreshOne(
  m: EntityManager,
  returnId: string,
): Promise<{ enterpriseId: string; contractNos: string[] }> {
  const [r] = (await m.query(
    `SELECT id, enterprise_id, period_code, review_unit_code, province_code, approved_revision
       FROM statistical_return WHERE id = $1 FOR UPDATE`,
    [returnId],
  )) as {
    id: string;
    enterprise_id: string;
    period_code: string;
    review_unit_code: string;
    province_code: string;
    approved_revision: number | null;
  }[];
  if (!r) return { enterpriseId: '', contractNos: [] };
  const oldContracts = new Map(
    (await m.find(FactContractEntity, { where: { returnId } })).map((c) => [c.contractNo, c]),
  );
  await moveAggregates(m, returnId, -1);
  await deleteFacts(m, returnId);
  if (r.approved_revision === null) {
    return { enterpriseId: r.enterprise_id, contractNos: [...oldContracts.keys()] };
  }
  const [rev] = (await m.query(
    `SELECT content, cny_per_usd FROM return_revision WHERE return_id = $1 AND revision = $2`,
    [returnId, r.approved_revision],
  )) as { content: ReturnContent; cny_per_usd: string }[];
  if (!rev) return { enterpriseId: r.enterprise_id, contractNos: [] };
  const content = rev.content;
  const rate = Number(rev.cny_per_usd);
  const end = periodBounds(r.period_code).end;
  const dims = await profileDims(m, r.enterprise_id, end, r.province_code);

  // Executions carry the attributes of their contract: this return's, else the approved one, else the register.
  const foreign = foreignContractNos(content);
  const lookedUp = new Map<string, OutsourcingKey>();
  if (foreign.length) {
    const rows: { contract_no: string; business_code: string; offshore: boolean; partner_code: string }[] =
      await m.query(
        `SELECT contract_no, business_code, offshore, partner_code FROM fact_contract
          WHERE enterprise_id = $1 AND contract_no = ANY($2)
         UNION ALL
         SELECT c.contract_no, c.business_code, c.offshore, c.client_partner_code FROM contract c
          WHERE c.enterprise_id = $1 AND c.contract_no = ANY($2)
            AND NOT EXISTS (SELECT 1 FROM fact_contract f WHERE f.enterprise_id = c.enterprise_id AND f.contract_no = c.contract_no)`,
        [r.enterprise_id, foreign],
      );
    for (const x of rows) {
      lookedUp.set(x.contract_no, { businessCode: x.business_code, offshore: x.offshore, partnerCode: x.partner_code });
    }
  }
  const f = returnFacts(content, rate, (no) => lookedUp.get(no));
  const { own, buckets } = f;
  await m.insert(FactReturnEntity, {
    returnId,
    enterpriseId: r.enterprise_id,
    periodCode: r.period_code,
    revision: r.approved_revision,
    cnyPerUsd: rev.cny_per_usd,
    reviewUnitCode: r.review_unit_code,
    ...dims,
    zeroReturn: content.zeroReturn === true,
    ...f.totals,
    refreshedAt: new Date(),
  });
  await insertChunked(
    m,
    FactOutsourcingEntity,
    buckets.map((b) => ({
      returnId,
      businessCode: b.businessCode,
      offshore: b.offshore,
      partnerCode: b.partnerCode,
      contracts: b.contracts,
      signedUsd: money(b.signed),
      executedUsd: money(b.executed),
    })),
  );
  await insertChunked(
    m,
    FactContractEntity,
    [...own.entries()].map(([contractNo, k]) => ({ enterpriseId: r.enterprise_id, contractNo, returnId, ...k })),
  );
  await insertChunked(
    m,
    FactExecutionSourceEntity,
    f.executedContractNos.map((contractNo) => ({
      returnId,
      contractNo,
      enterpriseId: r.enterprise_id,
    })),
  );
  await insertChunked(
    m,
    FactTradeEntity,
    f.trade.map((t) => ({
      returnId,
      categoryCode: t.categoryCode,
      partnerCode: t.partnerCode,
      exportUsd: money(t.exp),
      importUsd: money(t.imp),
    })),
  );
  const w = content.workforce;
  if (w) {
    await m.insert(FactWorkforceEntity, {
      returnId,
      juniorCollege: w.juniorCollege,
      bachelor: w.bachelor,
      master: w.master,
      doctor: w.doctor,
      other: w.other,
    });
  }
  const keys = await rowKeys(m, end, dims, buckets, f.trade, w !== null && w !== undefined);
  await insertChunked(
    m,
    FactRowKeyEntity,
    [...keys].map((rowKey) => ({ returnId, rowKey })),
  );
  await moveAggregates(m, returnId, 1);

  const changed = [...oldContracts.values()]
    .filter((c) => {
      const now = own.get(c.contractNo);
      return (
        !now || now.businessCode !== c.businessCode || now.offshore !== c.offshore || now.partnerCode !== c.partnerCode
      );
    })
    .map((c) => c.contractNo);
  return { enterpriseId: r.enterprise_id, contractNos: changed };
}

/** The firm's profile valid at the end of the period (else its earliest), placed in the region tree then valid. */
async function profileDims(m: EntityManager, enterpriseId: string, end: string, provinceCode: string): Promise<Dims> {
  const [p] = (await m.query(
    `SELECT name_zh, region_code, zone_code, nature_code, industry_code, key_enterprise
       FROM enterprise_profile WHERE enterprise_id = $1
      ORDER BY (valid_from <= $2) DESC, CASE WHEN valid_from <= $2 THEN valid_from END DESC NULLS LAST, valid_from ASC
      LIMIT 1`,
    [enterpriseId, end],
  )) as {
    name_zh: string;
    region_code: string;
    zone_code: string | null;
    nature_code: string;
    industry_code: string;
    key_enterprise: boolean;
  }[];
  const regionCode = p?.region_code ?? provinceCode;
  const areaCode = p?.zone_code ?? regionCode;
  const chain: { code: string; kind: string }[] = await m.query(
    `WITH RECURSIVE up AS (
       SELECT code, parent_code, attrs->>'kind' AS kind, 0 AS depth FROM code_item
        WHERE list = 'regions' AND code = $1 AND valid_from <= $2 AND (valid_to IS NULL OR valid_to >= $2)
       UNION ALL
       SELECT c.code, c.parent_code, c.attrs->>'kind', up.depth + 1 FROM code_item c JOIN up ON c.code = up.parent_code
        WHERE c.list = 'regions' AND c.valid_from <= $2 AND (c.valid_to IS NULL OR c.valid_to >= $2) AND up.depth < 10
     ) SELECT code, kind FROM up ORDER BY depth`,
    [areaCode, end],
  );
  const natureCode = p?.nature_code ?? 'DOM';
  const [nature] = (await m.query(
    `SELECT COALESCE(parent_code, code) AS grp FROM code_item
      WHERE list = 'enterprise-natures' AND code = $1 AND valid_from <= $2 AND (valid_to IS NULL OR valid_to >= $2)
      LIMIT 1`,
    [natureCode, end],
  )) as { grp: string }[];
  return {
    provinceCode: chain.find((c) => c.kind === 'province')?.code ?? provinceCode,
    cityCode: chain.find((c) => c.kind === 'city')?.code ?? areaCode,
    areaCode,
    regionCode,
    zoneCode: p?.zone_code ?? null,
    natureCode,
    natureGroup: nature?.grp ?? natureCode,
    industryCode: p?.industry_code ?? '',
    keyEnterprise: p?.key_enterprise ?? false,
    nameZh: p?.name_zh ?? '',
  };
}

/**
 * Row keys (row-key.ts) the return feeds, for the approved side of row coverage: outsourcing under every contract
 * and its offshore or onshore scope (whole, nature group, business code at each level, economy, partner groups
 * valid at the end of the period), services trade (whole, category, economy, groups), workforce (whole).
 */
async function rowKeys(
  m: EntityManager,
  end: string,
  dims: Dims,
  outsourcing: (OutsourcingKey & { contracts: number })[],
  trade: { categoryCode: string; partnerCode: string }[],
  workforce: boolean,
): Promise<Set<string>> {
  const keys = new Set<string>();
  const partners = [...new Set([...outsourcing.map((o) => o.partnerCode), ...trade.map((t) => t.partnerCode)])];
  const businessCodes = [...new Set(outsourcing.map((o) => o.businessCode))];
  const groupsOf = new Map<string, string[]>();
  if (partners.length) {
    const rows: { member: string; group_code: string }[] = await m.query(
      `SELECT member, group_code FROM partner_group_member
        WHERE member = ANY($1) AND valid_from <= $2 AND (valid_to IS NULL OR valid_to >= $2)`,
      [partners, end],
    );
    for (const x of rows) groupsOf.set(x.member, [...(groupsOf.get(x.member) ?? []), x.group_code]);
  }
  const ancestors = new Map<string, string[]>();
  if (businessCodes.length) {
    const rows: { code: string; chain: string[] }[] = await m.query(
      `WITH RECURSIVE up AS (
         SELECT code AS leaf, code, parent_code, 0 AS depth FROM code_item
          WHERE list = 'outsourcing-categories' AND code = ANY($1) AND valid_from <= $2 AND (valid_to IS NULL OR valid_to >= $2)
         UNION ALL
         SELECT up.leaf, c.code, c.parent_code, up.depth + 1 FROM code_item c JOIN up ON c.code = up.parent_code
          WHERE c.list = 'outsourcing-categories' AND c.valid_from <= $2 AND (c.valid_to IS NULL OR c.valid_to >= $2)
            AND up.depth < 5
       ) SELECT leaf AS code, array_agg(code) AS chain FROM up GROUP BY leaf`,
      [businessCodes, end],
    );
    for (const x of rows) ancestors.set(x.code, x.chain);
  }
  const { business, category, nature, partner, group } = ROW_KEY_DIMS;
  for (const o of outsourcing) {
    for (const scope of outsourcingScopes(o.offshore)) {
      keys.add(wholeScopeKey(scope));
      keys.add(codeKey(scope, nature, dims.natureGroup));
      for (const b of ancestors.get(o.businessCode) ?? [o.businessCode]) keys.add(codeKey(scope, business, b));
      keys.add(codeKey(scope, partner, o.partnerCode));
      for (const g of groupsOf.get(o.partnerCode) ?? []) keys.add(codeKey(scope, group, g));
    }
  }
  const t = ROW_KEY_SCOPES.trade;
  for (const x of trade) {
    keys.add(wholeScopeKey(t));
    keys.add(codeKey(t, category, x.categoryCode));
    keys.add(codeKey(t, partner, x.partnerCode));
    for (const g of groupsOf.get(x.partnerCode) ?? []) keys.add(codeKey(t, group, g));
  }
  if (workforce) keys.add(wholeScopeKey(ROW_KEY_SCOPES.workforce));
  return keys;
}

async function deleteFacts(m: EntityManager, returnId: string): Promise<void> {
  for (const table of [
    'fact_outsourcing',
    'fact_contract',
    'fact_execution_source',
    'fact_trade',
    'fact_workforce',
    'fact_row_key',
    'fact_return',
  ]) {
    await m.query(`DELETE FROM ${table} WHERE return_id = $1`, [returnId]);
  }
}

/**
 * Adds (sign 1) or subtracts (sign -1) the return's facts to the aggregates, in key order so concurrent approvals
 * touching the same keys queue instead of deadlocking; rows that fall to nothing are removed.
 */
async function moveAggregates(m: EntityManager, returnId: string, sign: 1 | -1): Promise<void> {
  await m.query(
    `INSERT INTO agg_outsourcing AS a (period_code, area_code, business_code, offshore, partner_code, nature_code,
                                       province_code, city_code, nature_group, contracts, signed_usd, executed_usd)
     SELECT r.period_code, r.area_code, f.business_code, f.offshore, f.partner_code, r.nature_code,
            r.province_code, r.city_code, r.nature_group, $2 * f.contracts, $2 * f.signed_usd, $2 * f.executed_usd
       FROM fact_outsourcing f JOIN fact_return r ON r.return_id = f.return_id
      WHERE f.return_id = $1
      ORDER BY 1, 2, 3, 4, 5, 6
     ON CONFLICT (period_code, area_code, business_code, offshore, partner_code, nature_code) DO UPDATE
        SET contracts = a.contracts + EXCLUDED.contracts,
            signed_usd = a.signed_usd + EXCLUDED.signed_usd,
            executed_usd = a.executed_usd + EXCLUDED.executed_usd`,
    [returnId, sign],
  );
  await m.query(
    `INSERT INTO agg_trade AS a (period_code, area_code, category_code, partner_code, province_code, city_code,
                                 export_usd, import_usd)
     SELECT r.period_code, r.area_code, f.category_code, f.partner_code, r.province_code, r.city_code,
            $2 * f.export_usd, $2 * f.import_usd
       FROM fact_trade f JOIN fact_return r ON r.return_id = f.return_id
      WHERE f.return_id = $1
      ORDER BY 1, 2, 3, 4
     ON CONFLICT (period_code, area_code, category_code, partner_code) DO UPDATE
        SET export_usd = a.export_usd + EXCLUDED.export_usd, import_usd = a.import_usd + EXCLUDED.import_usd`,
    [returnId, sign],
  );
  await m.query(
    `INSERT INTO agg_workforce AS a (period_code, area_code, nature_code, province_code, city_code,
                                     junior_college, bachelor, master, doctor, other)
     SELECT r.period_code, r.area_code, r.nature_code, r.province_code, r.city_code,
            $2 * f.junior_college, $2 * f.bachelor, $2 * f.master, $2 * f.doctor, $2 * f.other
       FROM fact_workforce f JOIN fact_return r ON r.return_id = f.return_id
      WHERE f.return_id = $1
     ON CONFLICT (period_code, area_code, nature_code) DO UPDATE
        SET junior_college = a.junior_college + EXCLUDED.junior_college, bachelor = a.bachelor + EXCLUDED.bachelor,
            master = a.master + EXCLUDED.master, doctor = a.doctor + EXCLUDED.doctor, other = a.other + EXCLUDED.other`,
    [returnId, sign],
  );
  await m.query(
    `INSERT INTO agg_row_returns AS a (period_code, area_code, row_key, province_code, city_code, returns)
     SELECT r.period_code, r.area_code, k.row_key, r.province_code, r.city_code, $2
       FROM fact_row_key k JOIN fact_return r ON r.return_id = k.return_id
      WHERE k.return_id = $1
      ORDER BY 1, 2, 3
     ON CONFLICT (period_code, area_code, row_key) DO UPDATE SET returns = a.returns + EXCLUDED.returns`,
    [returnId, sign],
  );
  if (sign === -1) {
    // Only the keys this return touched can have fallen to nothing.
    await m.query(
      `DELETE FROM agg_outsourcing a USING fact_outsourcing f JOIN fact_return r ON r.return_id = f.return_id
        WHERE f.return_id = $1 AND a.period_code = r.period_code AND a.area_code = r.area_code
          AND a.business_code = f.business_code AND a.offshore = f.offshore AND a.partner_code = f.partner_code
          AND a.nature_code = r.nature_code AND a.contracts = 0 AND a.signed_usd = 0 AND a.executed_usd = 0`,
      [returnId],
    );
    await m.query(
      `DELETE FROM agg_trade a USING fact_trade f JOIN fact_return r ON r.return_id = f.return_id
        WHERE f.return_id = $1 AND a.period_code = r.period_code AND a.area_code = r.area_code
          AND a.category_code = f.category_code AND a.partner_code = f.partner_code
          AND a.export_usd = 0 AND a.import_usd = 0`,
      [returnId],
    );
    await m.query(
      `DELETE FROM agg_workforce a USING fact_return r
        WHERE r.return_id = $1 AND a.period_code = r.period_code AND a.area_code = r.area_code
          AND a.nature_code = r.nature_code AND a.junior_college = 0 AND a.bachelor = 0 AND a.master = 0
          AND a.doctor = 0 AND a.other = 0`,
      [returnId],
    );
    await m.query(
      `DELETE FROM agg_row_returns a USING fact_row_key k JOIN fact_return r ON r.return_id = k.return_id
        WHERE k.return_id = $1 AND a.period_code = r.period_code AND a.area_code = r.area_code
          AND a.row_key = k.row_key AND a.returns = 0`,
      [returnId],
    );
  }
}

async function insertChunked<T extends object>(
  m: EntityManager,
  entity: new () => T,
  rows: Partial<T>[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- TypeORM's insert typing rejects Partial<T> of a generic entity
    await m.insert(entity, rows.slice(i, i + 1000) as any);
  }
}
