import type { EntityManager } from 'typeorm';
import { periodBounds, type ReturnContent } from '@portal/shared';
import { refreshApprovedReturn } from '../official-tables/facts';
import { money, returnFacts, type Dims, type OutsourcingKey } from '../official-tables/return-facts';
import { codeKey, outsourcingScopes, ROW_KEY_DIMS, ROW_KEY_SCOPES, wholeScopeKey } from '../official-tables/row-key';
import { COLUMNS, FACT_TABLES, insertRows, type FactTable, type Query } from './bulk-sql';

/*
 * The facts and aggregates of many approved returns at once, computed exactly as official-tables/facts.ts
 * `refreshApprovedReturn` computes them for one (same firm dimensions, buckets, cents rounding and row keys), but
 * with the code lists read once and every table written by a few set-based statements. Used by the bulk
 * historical import (refreshApprovedReturns) and by the benchmark's loader (FactLookup, addFacts). The
 * integration test `bulk-import` and the bench smoke test prove the results equal to `rebuildAllFacts`.
 */

interface Version {
  parent: string | null;
  from: string;
  to: string | null;
  kind: string;
  reviewUnit: boolean;
}

/** A profile version of a firm (enterprise_profile). */
export interface ProfileVersion {
  validFrom: string;
  nameZh: string;
  regionCode: string;
  zoneCode: string | null;
  natureCode: string;
  industryCode: string;
  keyEnterprise: boolean;
  advancedTech: boolean;
}

export type { Dims, OutsourcingKey };

/** Profile versions of firms, by firm id. */
export async function profileVersions(q: Query, enterpriseIds: string[]): Promise<Map<string, ProfileVersion[]>> {
  const rows: (ProfileVersion & { enterpriseId: string })[] = enterpriseIds.length
    ? await q(
        `SELECT enterprise_id AS "enterpriseId", to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", name_zh AS "nameZh",
                region_code AS "regionCode", zone_code AS "zoneCode", nature_code AS "natureCode",
                industry_code AS "industryCode", key_enterprise AS "keyEnterprise", advanced_tech AS "advancedTech"
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

/** The version valid on `day` (the latest from on or before it), else none. Versions sorted by validFrom. */
export function profileOn(versions: readonly ProfileVersion[] | undefined, day: string): ProfileVersion | null {
  let found: ProfileVersion | null = null;
  for (const v of versions ?? []) if (v.validFrom <= day) found = v;
  return found;
}

/**
 * The code lists facts depend on, every version, read once: region tree (with kinds), enterprise-nature groups,
 * the outsourcing-category tree and partner groups. Answers as of a day, as facts.ts's queries do.
 */
export class FactLookup {
  private readonly cache = new Map<string, unknown>();

  private constructor(
    private readonly regions: Map<string, Version[]>,
    private readonly natures: Map<string, Version[]>,
    private readonly outsourcing: Map<string, Version[]>,
    private readonly groups: { group: string; member: string; from: string; to: string | null }[],
  ) {}

  static async load(q: Query): Promise<FactLookup> {
    const rows: {
      list: string;
      code: string;
      parent: string | null;
      from: string;
      to: string | null;
      kind: string | null;
      review_unit: boolean;
    }[] = await q(
      `SELECT list, code, parent_code AS parent, to_char(valid_from, 'YYYY-MM-DD') AS "from",
              to_char(valid_to, 'YYYY-MM-DD') AS "to", attrs->>'kind' AS kind,
              COALESCE(attrs->'reviewUnit' = 'true'::jsonb, false) AS review_unit
         FROM code_item WHERE list IN ('regions', 'enterprise-natures', 'outsourcing-categories')`,
    );
    const lists = {
      regions: new Map(),
      'enterprise-natures': new Map(),
      'outsourcing-categories': new Map(),
    } as Record<string, Map<string, Version[]>>;
    for (const r of rows) {
      const map = lists[r.list];
      const v = { parent: r.parent, from: r.from, to: r.to, kind: String(r.kind), reviewUnit: r.review_unit };
      const known = map.get(r.code);
      if (known) known.push(v);
      else map.set(r.code, [v]);
    }
    const groups = (
      await q(
        `SELECT group_code AS "group", member, to_char(valid_from, 'YYYY-MM-DD') AS "from",
                to_char(valid_to, 'YYYY-MM-DD') AS "to" FROM partner_group_member`,
      )
    ).map((g: { group: string; member: string; from: string; to: string | null }) => g);
    return new FactLookup(lists.regions, lists['enterprise-natures'], lists['outsourcing-categories'], groups);
  }

  private memo<T>(key: string, f: () => T): T {
    if (this.cache.has(key)) return this.cache.get(key) as T;
    const v = f();
    this.cache.set(key, v);
    return v;
  }

  private static on(map: Map<string, Version[]>, code: string, day: string): Version | undefined {
    return map.get(code)?.find((v) => v.from <= day && (v.to === null || v.to >= day));
  }

  /** The region and its ancestors valid on `day`, nearest first (at most 11, as facts.ts's recursive query). */
  regionChain(code: string, day: string): { code: string; kind: string; reviewUnit: boolean }[] {
    return this.memo(`r|${code}|${day}`, () => {
      const chain: { code: string; kind: string; reviewUnit: boolean }[] = [];
      let v = FactLookup.on(this.regions, code, day);
      let at = code;
      while (v && chain.length <= 10) {
        chain.push({ code: at, kind: v.kind, reviewUnit: v.reviewUnit });
        if (v.parent === null) break;
        at = v.parent;
        v = FactLookup.on(this.regions, at, day);
      }
      return chain;
    });
  }

  /** The group of an enterprise nature (its parent, else itself) valid on `day`; the code itself when unknown. */
  natureGroup(code: string, day: string): string {
    const v = FactLookup.on(this.natures, code, day);
    return v ? (v.parent ?? code) : code;
  }

  /** The outsourcing category and its ancestors valid on `day` (at most 6); itself when not valid then. */
  businessChain(code: string, day: string): string[] {
    return this.memo(`b|${code}|${day}`, () => {
      const chain: string[] = [];
      let v = FactLookup.on(this.outsourcing, code, day);
      let at = code;
      while (v && chain.length < 6) {
        chain.push(at);
        if (v.parent === null) break;
        at = v.parent;
        v = FactLookup.on(this.outsourcing, at, day);
      }
      return chain.length ? chain : [code];
    });
  }

  /** Partner groups the economy belongs to on `day`. */
  groupsOf(partner: string, day: string): string[] {
    return this.memo(`g|${partner}|${day}`, () =>
      this.groups.filter((g) => g.member === partner && g.from <= day && (!g.to || g.to >= day)).map((g) => g.group),
    );
  }

  /**
   * The firm's dimensions at the end of the period: its profile then valid (else its earliest), placed in the
   * region tree then valid (facts.ts profileDims).
   */
  dims(versions: readonly ProfileVersion[] | undefined, end: string, provinceCode: string): Dims {
    const p = profileOn(versions, end) ?? versions?.[0] ?? null;
    const regionCode = p?.regionCode ?? provinceCode;
    const areaCode = p?.zoneCode ?? regionCode;
    const chain = this.regionChain(areaCode, end);
    const natureCode = p?.natureCode ?? 'DOM';
    return {
      provinceCode: chain.find((c) => c.kind === 'province')?.code ?? provinceCode,
      cityCode: chain.find((c) => c.kind === 'city')?.code ?? areaCode,
      areaCode,
      regionCode,
      zoneCode: p?.zoneCode ?? null,
      natureCode,
      natureGroup: this.natureGroup(natureCode, end),
      industryCode: p?.industryCode ?? '',
      keyEnterprise: p?.keyEnterprise ?? false,
      nameZh: p?.nameZh ?? '',
    };
  }
}

/** One approved return: its row and the content of its approved revision. */
export interface ApprovedReturn {
  returnId: string;
  enterpriseId: string;
  periodCode: string;
  reviewUnitCode: string;
  provinceCode: string;
  revision: number;
  /** As stored (numeric(10,4) text). */
  cnyPerUsd: string;
  content: ReturnContent;
  /** Created in this transaction: it has no facts yet (nothing to take out of the aggregates). */
  created?: boolean;
}

export type FactRows = Record<FactTable, unknown[][]>;

export const emptyFactRows = (): FactRows => Object.fromEntries(FACT_TABLES.map((t) => [t, []])) as unknown as FactRows;

/**
 * Adds the fact rows of one approved return (columns of COLUMNS) to `out`: return-facts.ts `returnFacts`, as refreshOne.
 * `foreign` answers the attributes of contracts executed here but entered in another return. Returns the
 * return's own contracts.
 */
export function addFacts(
  out: FactRows,
  l: FactLookup,
  r: ApprovedReturn,
  dims: Dims,
  foreign: (contractNo: string) => OutsourcingKey | undefined,
): Map<string, OutsourcingKey> {
  const { content, returnId } = r;
  const end = periodBounds(r.periodCode).end;
  const f = returnFacts(content, Number(r.cnyPerUsd), foreign);
  const { own, buckets: bs, trade: ts, totals } = f;
  out.fact_return.push([
    returnId,
    r.enterpriseId,
    r.periodCode,
    r.revision,
    r.cnyPerUsd,
    dims.nameZh,
    dims.provinceCode,
    dims.cityCode,
    dims.areaCode,
    dims.regionCode,
    dims.zoneCode,
    r.reviewUnitCode,
    dims.natureCode,
    dims.natureGroup,
    dims.industryCode,
    dims.keyEnterprise,
    content.zeroReturn === true,
    totals.contracts,
    totals.signedUsd,
    totals.executedUsd,
    totals.offshoreSignedUsd,
    totals.offshoreExecutedUsd,
    totals.exportUsd,
    totals.importUsd,
  ]);
  for (const b of bs) {
    out.fact_outsourcing.push([
      returnId,
      b.businessCode,
      b.offshore,
      b.partnerCode,
      b.contracts,
      money(b.signed),
      money(b.executed),
    ]);
  }
  for (const [no, k] of own)
    out.fact_contract.push([r.enterpriseId, no, returnId, k.businessCode, k.offshore, k.partnerCode]);
  for (const no of f.executedContractNos) out.fact_execution_source.push([returnId, no, r.enterpriseId]);
  for (const t of ts) out.fact_trade.push([returnId, t.categoryCode, t.partnerCode, money(t.exp), money(t.imp)]);
  const w = content.workforce;
  if (w) out.fact_workforce.push([returnId, w.juniorCollege, w.bachelor, w.master, w.doctor, w.other]);
  // Row keys (row-key.ts; facts.ts rowKeys): outsourcing, services trade, workforce.
  const keys = new Set<string>();
  const { business, category, nature, partner, group } = ROW_KEY_DIMS;
  for (const o of bs) {
    for (const scope of outsourcingScopes(o.offshore)) {
      keys.add(wholeScopeKey(scope));
      keys.add(codeKey(scope, nature, dims.natureGroup));
      for (const b of l.businessChain(o.businessCode, end)) keys.add(codeKey(scope, business, b));
      keys.add(codeKey(scope, partner, o.partnerCode));
      for (const g of l.groupsOf(o.partnerCode, end)) keys.add(codeKey(scope, group, g));
    }
  }
  const tradeScope = ROW_KEY_SCOPES.trade;
  for (const t of ts) {
    keys.add(wholeScopeKey(tradeScope));
    keys.add(codeKey(tradeScope, category, t.categoryCode));
    keys.add(codeKey(tradeScope, partner, t.partnerCode));
    for (const g of l.groupsOf(t.partnerCode, end)) keys.add(codeKey(tradeScope, group, g));
  }
  if (w) keys.add(wholeScopeKey(ROW_KEY_SCOPES.workforce));
  for (const k of keys) out.fact_row_key.push([returnId, k]);
  return own;
}

/** Writes fact rows, table by table (fact_return first). */
export async function insertFacts(q: Query, rows: FactRows): Promise<void> {
  for (const t of FACT_TABLES) await insertRows(q, t, COLUMNS[t], rows[t]);
}

/**
 * Adds (sign 1) or subtracts (sign -1) the facts of the returns to the aggregates, summed by key first and in key
 * order (facts.ts moveAggregates for many returns); after a subtraction, keys the returns touched that fell to
 * nothing are removed.
 */
async function moveAggregates(q: Query, ids: string[], sign: 1 | -1): Promise<void> {
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
 * Adds the facts of these returns to the aggregates (the second half of refreshApprovedReturns when it was told
 * to leave it: one pass at the end of a bulk import touches each aggregate row once instead of once per batch).
 */
export async function addToAggregates(m: EntityManager, returnIds: string[]): Promise<void> {
  if (returnIds.length) await moveAggregates((sql, params) => m.query(sql, params), returnIds, 1);
}

/**
 * `refreshApprovedReturn` for many returns at once (each given with the content of its approved revision, already
 * written): their old facts leave the aggregates, the new facts are computed and written set-based and enter the
 * aggregates. Returns of the same firms outside the set whose executions used a contract whose attributes
 * changed are refreshed one by one afterwards, as refreshApprovedReturn does.
 */
export async function refreshApprovedReturns(
  m: EntityManager,
  l: FactLookup,
  returns: ApprovedReturn[],
  opts: { addToAggregates: boolean } = { addToAggregates: true },
): Promise<void> {
  if (!returns.length) return;
  const q: Query = (sql, params) => m.query(sql, params);
  const ids = returns.map((r) => r.returnId);
  const replaced = returns.filter((r) => !r.created).map((r) => r.returnId);
  const oldContracts = new Map<string, Map<string, OutsourcingKey>>();
  const old: {
    return_id: string;
    contract_no: string;
    business_code: string;
    offshore: boolean;
    partner_code: string;
  }[] = replaced.length
    ? await q(
        `SELECT return_id, contract_no, business_code, offshore, partner_code FROM fact_contract
            WHERE return_id = ANY($1::uuid[])`,
        [replaced],
      )
    : [];
  for (const c of old) {
    if (!oldContracts.has(c.return_id)) oldContracts.set(c.return_id, new Map());
    oldContracts
      .get(c.return_id)!
      .set(c.contract_no, { businessCode: c.business_code, offshore: c.offshore, partnerCode: c.partner_code });
  }
  if (replaced.length) {
    await moveAggregates(q, replaced, -1);
    for (const t of [...FACT_TABLES].reverse())
      await q(`DELETE FROM ${t} WHERE return_id = ANY($1::uuid[])`, [replaced]);
  }

  const firms = [...new Set(returns.map((r) => r.enterpriseId))];
  const profiles = await profileVersions(q, firms);
  // The contracts the set's returns enter (what fact_contract holds for them once written), by firm.
  const entered = new Map<string, Map<string, OutsourcingKey>>();
  for (const r of returns) {
    for (const c of r.content.contracts ?? []) {
      if (!entered.has(r.enterpriseId)) entered.set(r.enterpriseId, new Map());
      entered
        .get(r.enterpriseId)!
        .set(c.contractNo, { businessCode: c.businessCode, offshore: c.offshore, partnerCode: c.clientPartnerCode });
    }
  }
  // Executions of contracts entered elsewhere: approved facts of other returns, else the register.
  const wanted: [string, string][] = [];
  for (const r of returns) {
    const own = new Set((r.content.contracts ?? []).map((c) => c.contractNo));
    for (const e of r.content.executions ?? []) {
      if (!own.has(e.contractNo) && !entered.get(r.enterpriseId)?.has(e.contractNo))
        wanted.push([r.enterpriseId, e.contractNo]);
    }
  }
  const elsewhere = new Map<string, OutsourcingKey>();
  if (wanted.length) {
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
      elsewhere.set(`${x.enterprise_id}|${x.contract_no}`, {
        businessCode: x.business_code,
        offshore: x.offshore,
        partnerCode: x.partner_code,
      });
    }
  }

  const out = emptyFactRows();
  const changed = new Map<string, Set<string>>();
  for (const r of returns) {
    const dims = l.dims(profiles.get(r.enterpriseId), periodBounds(r.periodCode).end, r.provinceCode);
    const mine = entered.get(r.enterpriseId);
    const own = addFacts(out, l, r, dims, (no) => mine?.get(no) ?? elsewhere.get(`${r.enterpriseId}|${no}`));
    for (const [no, c] of oldContracts.get(r.returnId) ?? []) {
      const now = own.get(no);
      if (
        !now ||
        now.businessCode !== c.businessCode ||
        now.offshore !== c.offshore ||
        now.partnerCode !== c.partnerCode
      ) {
        if (!changed.has(r.enterpriseId)) changed.set(r.enterpriseId, new Set());
        changed.get(r.enterpriseId)!.add(no);
      }
    }
  }
  await insertFacts(q, out);
  if (opts.addToAggregates) await moveAggregates(q, ids, 1);

  if (!changed.size) return;
  const pairs = [...changed].flatMap(([e, nos]) => [...nos].map((no) => [e, no]));
  const dependents: { return_id: string }[] = await q(
    `SELECT DISTINCT s.return_id FROM fact_execution_source s
       JOIN unnest($1::uuid[], $2::varchar[]) AS x(e, no) ON s.enterprise_id = x.e AND s.contract_no = x.no
      WHERE s.return_id <> ALL($3::uuid[]) ORDER BY s.return_id`,
    [pairs.map((p) => p[0]), pairs.map((p) => p[1]), ids],
  );
  for (const d of dependents) await refreshApprovedReturn(m, d.return_id);
}
