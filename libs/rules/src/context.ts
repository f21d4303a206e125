import { toUsd, type Currency, type ReturnContent } from '@portal/shared';
import type { CodeLookup, ContractRecord, RuleCodeList, RuleContext, Totals } from './model';

export const round2 = (x: number): number => Math.round(x * 100) / 100;

/** A finite number, or 0: malformed amounts are reported by their own rule and must not poison totals. */
export const finite = (x: unknown): number => (typeof x === 'number' && Number.isFinite(x) ? x : 0);

export const usdOf = (amount: unknown, currency: Currency, cnyPerUsd: number): number =>
  toUsd(finite(amount), currency, cnyPerUsd);

/** A code lookup over plain lists (the app builds it from the code versions valid in the period). */
export function codeLookup(lists: Partial<Record<RuleCodeList, Iterable<string>>>): CodeLookup {
  const sets = new Map<RuleCodeList, Set<string>>();
  for (const [list, codes] of Object.entries(lists) as [RuleCodeList, Iterable<string>][]) {
    sets.set(list, new Set(codes));
  }
  return { has: (list, code) => sets.get(list)?.has(code) ?? false };
}

/**
 * Totals of one return. An execution counts as offshore when its contract (in the return, else in `register`)
 * is offshore; the register is needed for executions of contracts signed in earlier periods.
 */
export function totalsOf(
  content: ReturnContent,
  cnyPerUsd: number,
  register: ReadonlyMap<string, Pick<ContractRecord, 'offshore'>> = new Map(),
): Totals {
  let exports = 0;
  let imports = 0;
  for (const line of content.servicesTrade ?? []) {
    const usd = usdOf(line.amount, line.currency, cnyPerUsd);
    if (line.direction === 'EXPORT') exports += usd;
    else if (line.direction === 'IMPORT') imports += usd;
  }
  let signed = 0;
  const offshoreByNo = new Map<string, boolean>();
  for (const c of content.contracts ?? []) {
    signed += usdOf(c.amount, c.currency, cnyPerUsd);
    if (!offshoreByNo.has(c.contractNo)) offshoreByNo.set(c.contractNo, c.offshore === true);
  }
  let executed = 0;
  let offshoreExecuted = 0;
  for (const e of content.executions ?? []) {
    const usd = usdOf(e.amount, e.currency, cnyPerUsd);
    executed += usd;
    if (offshoreByNo.get(e.contractNo) ?? register.get(e.contractNo)?.offshore) offshoreExecuted += usd;
  }
  const w = content.workforce;
  const headcount = w
    ? finite(w.juniorCollege) + finite(w.bachelor) + finite(w.master) + finite(w.doctor) + finite(w.other)
    : 0;
  return {
    servicesExportsUsd: round2(exports),
    servicesImportsUsd: round2(imports),
    contractsSignedUsd: round2(signed),
    executedUsd: round2(executed),
    offshoreExecutedUsd: round2(offshoreExecuted),
    headcount,
  };
}

/** A contract as the rules see it: from the return's own lines when it is there, else from the register. */
export interface KnownContract extends ContractRecord {
  contractNo: string;
  /** Index in the return's contracts, or null for a contract signed in an earlier period. */
  row: number | null;
}

/** What several rules need, computed once per run (Maps built once, no quadratic scans). */
export interface Derived {
  contracts: Map<string, KnownContract>;
  /** Rows of the executions section by contract number, in order. */
  executionRows: Map<string, number[]>;
  usd: { servicesTrade: number[]; contracts: number[]; executions: number[] };
  totals: Totals;
}

const cache = new WeakMap<RuleContext, Derived>();

/** Caches derived data for the duration of `fn` (one run); outside a run it is computed on each call. */
export function withDerived<T>(ctx: RuleContext, fn: () => T): T {
  cache.set(ctx, computeDerived(ctx));
  try {
    return fn();
  } finally {
    cache.delete(ctx);
  }
}

export function derive(ctx: RuleContext): Derived {
  return cache.get(ctx) ?? computeDerived(ctx);
}

function computeDerived(ctx: RuleContext): Derived {
  const { content, cnyPerUsd } = ctx;
  const contracts = new Map<string, KnownContract>();
  for (const [contractNo, record] of ctx.contracts) contracts.set(contractNo, { ...record, contractNo, row: null });
  const contractLines = content.contracts ?? [];
  const contractUsd = contractLines.map((c) => usdOf(c.amount, c.currency, cnyPerUsd));
  const own = new Set<string>();
  contractLines.forEach((c, row) => {
    if (!c.contractNo || own.has(c.contractNo)) return;
    own.add(c.contractNo);
    contracts.set(c.contractNo, {
      contractNo: c.contractNo,
      signedDate: c.signedDate,
      periodCode: ctx.periodCode,
      amountUsd: contractUsd[row],
      offshore: c.offshore === true,
      cumulativeExecutedUsdBefore: ctx.contracts.get(c.contractNo)?.cumulativeExecutedUsdBefore ?? 0,
      row,
    });
  });
  const executionRows = new Map<string, number[]>();
  (content.executions ?? []).forEach((e, row) => {
    if (!e.contractNo) return;
    const rows = executionRows.get(e.contractNo);
    if (rows) rows.push(row);
    else executionRows.set(e.contractNo, [row]);
  });
  return {
    contracts,
    executionRows,
    usd: {
      servicesTrade: (content.servicesTrade ?? []).map((l) => usdOf(l.amount, l.currency, cnyPerUsd)),
      contracts: contractUsd,
      executions: (content.executions ?? []).map((e) => usdOf(e.amount, e.currency, cnyPerUsd)),
    },
    totals: totalsOf(content, cnyPerUsd, ctx.contracts),
  };
}
