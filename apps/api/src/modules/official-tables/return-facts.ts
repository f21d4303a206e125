import { toUsd, type ReturnContent } from '@portal/shared';

/*
 * The figures of one approved return as the fact tables hold them, computed from its content alone: contracts
 * signed in the quarter grouped by business code × offshore × client economy (executions carry the attributes of
 * their contract: this return's, else `foreign`), services trade by category × economy, and the return's totals.
 * Sums are kept in whole cents and written as decimal text. One computation for the approval path
 * (facts.ts refreshApprovedReturn) and the set-based one (exchange/bulk-facts.ts).
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
