import { periodBounds, toUsd, type ReturnContent } from '@portal/shared';
import type { FactLookup } from './fact-lookup';
import type { FactRows } from './facts.repository';
import { codeKey, outsourcingScopes, ROW_KEY_DIMS, ROW_KEY_SCOPES, wholeScopeKey } from './row-key';

/*
 * The figures of one approved return as the fact tables hold them, computed from its content alone: contracts
 * signed in the quarter grouped by business code × offshore × client economy (executions carry the attributes of
 * their contract: this return's, else `foreign`), services trade by category × economy, the return's totals and
 * the row keys it feeds. Sums are kept in whole cents and written as decimal text. Pure: the facts writer
 * (facts.ts) and the bench loader build their rows with `addFacts`.
 */

export const cents = (usd: number) => Math.round(usd * 100);
export const money = (c: number) => (c / 100).toFixed(2);

/** The firm's dimensions in the period: its profile then valid, placed in the region tree then valid. */
export interface Dims {
  provinceCode: string;
  cityCode: string;
  areaCode: string;
  regionCode: string;
  zoneCode: string | null;
  natureCode: string;
  natureGroup: string;
  industryCode: string;
  keyEnterprise: boolean;
  nameZh: string;
}

export interface OutsourcingKey {
  businessCode: string;
  offshore: boolean;
  partnerCode: string;
}

/** Sums in cents. */
export interface OutsourcingBucket extends OutsourcingKey {
  contracts: number;
  signed: number;
  executed: number;
}

/** Sums in cents. */
export interface TradeBucket {
  categoryCode: string;
  partnerCode: string;
  exp: number;
  imp: number;
}

export interface ReturnFacts {
  /** The contracts entered in this return, by contract number. */
  own: Map<string, OutsourcingKey>;
  buckets: OutsourcingBucket[];
  trade: TradeBucket[];
  /** Distinct contract numbers the return executes. */
  executedContractNos: string[];
  totals: {
    contracts: number;
    signedUsd: string;
    executedUsd: string;
    offshoreSignedUsd: string;
    offshoreExecutedUsd: string;
    exportUsd: string;
    importUsd: string;
  };
}

/** Contract numbers executed in the return that it does not enter itself (their attributes come from elsewhere). */
export function foreignContractNos(content: ReturnContent): string[] {
  const own = new Set((content.contracts ?? []).map((c) => c.contractNo));
  return [...new Set((content.executions ?? []).map((e) => e.contractNo).filter((no) => !own.has(no)))];
}

export function returnFacts(
  content: ReturnContent,
  cnyPerUsd: number,
  foreign: (contractNo: string) => OutsourcingKey | undefined,
): ReturnFacts {
  const buckets = new Map<string, OutsourcingBucket>();
  const bucket = (k: OutsourcingKey) => {
    const key = `${k.businessCode}|${k.offshore ? 1 : 0}|${k.partnerCode}`;
    let b = buckets.get(key);
    if (!b) buckets.set(key, (b = { ...k, contracts: 0, signed: 0, executed: 0 }));
    return b;
  };
  const own = new Map<string, OutsourcingKey>();
  for (const c of content.contracts ?? []) {
    const k = { businessCode: c.businessCode, offshore: c.offshore, partnerCode: c.clientPartnerCode };
    own.set(c.contractNo, k);
    const b = bucket(k);
    b.contracts += 1;
    b.signed += cents(toUsd(c.amount, c.currency, cnyPerUsd));
  }
  const executions = content.executions ?? [];
  for (const e of executions) {
    const k = own.get(e.contractNo) ?? foreign(e.contractNo);
    if (!k) continue;
    bucket(k).executed += cents(toUsd(e.amount, e.currency, cnyPerUsd));
  }
  const trade = new Map<string, TradeBucket>();
  for (const t of content.servicesTrade ?? []) {
    const key = `${t.categoryCode}|${t.partnerCode}`;
    let b = trade.get(key);
    if (!b) trade.set(key, (b = { categoryCode: t.categoryCode, partnerCode: t.partnerCode, exp: 0, imp: 0 }));
    if (t.direction === 'EXPORT') b.exp += cents(toUsd(t.amount, t.currency, cnyPerUsd));
    else b.imp += cents(toUsd(t.amount, t.currency, cnyPerUsd));
  }
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const bs = [...buckets.values()];
  const ts = [...trade.values()];
  return {
    own,
    buckets: bs,
    trade: ts,
    executedContractNos: [...new Set(executions.map((e) => e.contractNo))],
    totals: {
      contracts: sum(bs.map((b) => b.contracts)),
      signedUsd: money(sum(bs.map((b) => b.signed))),
      executedUsd: money(sum(bs.map((b) => b.executed))),
      offshoreSignedUsd: money(sum(bs.filter((b) => b.offshore).map((b) => b.signed))),
      offshoreExecutedUsd: money(sum(bs.filter((b) => b.offshore).map((b) => b.executed))),
      exportUsd: money(sum(ts.map((t) => t.exp))),
      importUsd: money(sum(ts.map((t) => t.imp))),
    },
  };
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

/**
 * Row keys the return feeds (row-key.ts), for the approved side of row coverage: outsourcing under every contract
 * and its offshore or onshore scope (the whole scope, the nature group, the business code at each level, the
 * economy, the partner groups it belonged to at the end of the period), services trade (whole, category, economy,
 * groups), workforce (whole).
 */
export function returnRowKeys(
  l: FactLookup,
  end: string,
  dims: Dims,
  outsourcing: readonly OutsourcingKey[],
  trade: readonly { categoryCode: string; partnerCode: string }[],
  workforce: boolean,
): Set<string> {
  const keys = new Set<string>();
  const { business, category, nature, partner, group } = ROW_KEY_DIMS;
  for (const o of outsourcing) {
    for (const scope of outsourcingScopes(o.offshore)) {
      keys.add(wholeScopeKey(scope));
      keys.add(codeKey(scope, nature, dims.natureGroup));
      for (const b of l.businessChain(o.businessCode, end)) keys.add(codeKey(scope, business, b));
      keys.add(codeKey(scope, partner, o.partnerCode));
      for (const g of l.groupsOf(o.partnerCode, end)) keys.add(codeKey(scope, group, g));
    }
  }
  const t = ROW_KEY_SCOPES.trade;
  for (const x of trade) {
    keys.add(wholeScopeKey(t));
    keys.add(codeKey(t, category, x.categoryCode));
    keys.add(codeKey(t, partner, x.partnerCode));
    for (const g of l.groupsOf(x.partnerCode, end)) keys.add(codeKey(t, group, g));
  }
  if (workforce) keys.add(wholeScopeKey(ROW_KEY_SCOPES.workforce));
  return keys;
}

/**
 * Adds the fact rows of one approved return (columns of FACT_COLUMNS) to `out`. `foreign` answers the attributes
 * of contracts executed here but entered elsewhere. Returns the return's own contracts.
 */
export function addFacts(
  out: FactRows,
  l: FactLookup,
  r: ApprovedReturn,
  dims: Dims,
  foreign: (contractNo: string) => OutsourcingKey | undefined,
): Map<string, OutsourcingKey> {
  const { content, returnId } = r;
  const f = returnFacts(content, Number(r.cnyPerUsd), foreign);
  const { own, buckets, trade, totals } = f;
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
  for (const b of buckets) {
    out.fact_outsourcing.push([
      returnId,
      b.businessCode,
      b.offshore,
      b.partnerCode,
      b.contracts,
      money(b.signed),
      money(b.executed),
      r.periodCode,
    ]);
  }
  for (const [no, k] of own)
    out.fact_contract.push([r.enterpriseId, no, returnId, k.businessCode, k.offshore, k.partnerCode]);
  for (const no of f.executedContractNos) out.fact_execution_source.push([returnId, no, r.enterpriseId, r.periodCode]);
  for (const t of trade)
    out.fact_trade.push([returnId, t.categoryCode, t.partnerCode, money(t.exp), money(t.imp), r.periodCode]);
  const w = content.workforce;
  if (w) out.fact_workforce.push([returnId, w.juniorCollege, w.bachelor, w.master, w.doctor, w.other, r.periodCode]);
  const end = periodBounds(r.periodCode).end;
  for (const k of returnRowKeys(l, end, dims, buckets, trade, !!w)) out.fact_row_key.push([returnId, k, r.periodCode]);
  return own;
}
