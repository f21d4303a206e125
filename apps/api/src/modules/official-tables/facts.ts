import type { EntityManager } from 'typeorm';
import { periodBounds } from '@portal/shared';
import { queryOf, type Query } from '../../core/database/bulk-insert';
import { FactLookup, profileOn, type FactCodeList, type ProfileVersion } from './fact-lookup';
import * as repo from './facts.repository';
import { addFacts, type ApprovedReturn, type OutsourcingKey } from './return-facts';

/*
 * The one writer of facts and aggregates of approved returns (facts.entity.ts), for one return or many: one return
 * is a batch of one. It runs in the caller's transaction — the review workflow's approval, a historical import's
 * batch, a correction — so the tables never see an approval without its figures or the other way round. Whatever
 * the batch's size it sends the same set-based statements: the returns' old facts leave the aggregates and are
 * deleted, the new facts are computed from the approved revisions (return-facts.ts, with the code lists the batch
 * needs read once) and written, and enter the aggregates (`INSERT … ON CONFLICT DO UPDATE`, keys in order).
 */

/**
 * What the writer takes: a return id — its approved revision is read (none: its facts are removed) — or a return
 * whose approved revision is in hand (the bulk import writes it in the same transaction).
 */
export type FactsInput = string | ApprovedReturn;

export interface RefreshOptions {
  /**
   * 'later': the new facts do not enter the aggregates yet; the caller adds them with `addToAggregates` (the bulk
   * import's last step, one pass over every written return instead of one per batch).
   */
  aggregates?: 'now' | 'later';
}

/**
 * Replaces the facts of the returns with those of their approved revisions and moves the aggregates by the
 * difference. Returns of the same firms whose executions used one of these returns' contracts are refreshed too
 * when a contract's attributes changed (a correction of the business code, say) or it was withdrawn.
 */
export async function refreshFacts(
  m: EntityManager,
  returns: readonly FactsInput[],
  opts: RefreshOptions = {},
): Promise<void> {
  await refresh(queryOf(m), returns, opts, new Set());
}

/** Adds the facts of these returns to the aggregates (after refreshFacts with `aggregates: 'later'`). */
export async function addToAggregates(m: EntityManager, returnIds: readonly string[]): Promise<void> {
  if (returnIds.length) await repo.moveAggregates(queryOf(m), returnIds, 1);
}

/**
 * Replaces the facts of technology contracts (fact_technology) with those of their registered versions and moves
 * agg_technology by the difference, in the caller's transaction: the registration workflow (register, change,
 * cancel, send back) and the historical import call it with the contracts they touched. A contract counts while it
 * has a registered version that is not a cancellation and is not CANCELLED; the firm's region, nature group and
 * GB/T 4754-2002 industry are those of its profile valid at the end of the signing quarter.
 */
export async function refreshTechnologyFacts(m: EntityManager, contractIds: readonly string[]): Promise<void> {
  if (!contractIds.length) return;
  const q = queryOf(m);
  const ids = [...new Set(contractIds)];
  const counted = await repo.countedTechnologyContracts(q, ids);
  await repo.moveTechnologyAggregates(q, ids, -1);
  await repo.deleteTechnologyFacts(q, ids);
  if (!counted.length) return;
  const profiles = await repo.profileVersions(q, [...new Set(counted.map((c) => c.enterprise_id))]);
  const codes = new Map<string, { list: FactCodeList; code: string }>();
  const want = (list: FactCodeList, code: string) => codes.set(`${list}|${code}`, { list, code });
  want('enterprise-natures', 'DOM');
  for (const c of counted) want('regions', c.province_code);
  for (const versions of profiles.values()) {
    for (const p of versions) {
      want('regions', p.zoneCode ?? p.regionCode);
      want('enterprise-natures', p.natureCode);
    }
  }
  const lookup = new FactLookup(await repo.codeVersions(q, [...codes.values()]), []);
  const rows = counted.map((c) => {
    const end = periodBounds(c.period_code).end;
    const versions = profiles.get(c.enterprise_id);
    const dims = lookup.dims(versions, end, c.province_code);
    const profile = profileOn(versions, end) ?? versions?.[0] ?? null;
    return [
      c.id,
      c.version,
      c.enterprise_id,
      c.period_code,
      dims.provinceCode,
      dims.cityCode,
      dims.areaCode,
      c.direction,
      c.mode_code,
      c.partner_code,
      profile?.industryCode2002 ?? '',
      dims.natureGroup,
      c.contract_amount_usd,
      c.tech_fee_usd,
      c.equipment_fee_usd,
    ];
  });
  await repo.insertTechnologyFacts(q, rows);
  await repo.moveTechnologyAggregates(q, ids, 1);
}

/**
 * Rebuilds the facts of every approved return (repair after editing past code versions; the reference the bulk
 * paths are tested against), one return at a time in period order as approvals write them, then the snapshot
 * digests from the facts (the trigger on fact_return keeps them by difference; a rebuild starts over).
 */
export async function rebuildAllFacts(m: EntityManager): Promise<number> {
  const q = queryOf(m);
  const ids = await repo.approvedReturnIds(q);
  for (const id of ids) await refresh(q, [id], {}, new Set());
  await repo.rebuildSnapshotDigests(q);
  return ids.length;
}

async function refresh(q: Query, input: readonly FactsInput[], opts: RefreshOptions, done: Set<string>) {
  const ids = input.filter((x): x is string => typeof x === 'string');
  const approved = input.filter((x): x is ApprovedReturn => typeof x !== 'string');
  /** Returns without an approved revision (withdrawn, or never approved): their facts go, by firm. */
  const withdrawn = new Map<string, string>();
  for (const r of ids.length ? await repo.lockReturns(q, ids) : []) {
    if (r.approved_revision === null || r.content === null || r.cny_per_usd === null)
      withdrawn.set(r.id, r.enterprise_id);
    else
      approved.push({
        returnId: r.id,
        enterpriseId: r.enterprise_id,
        periodCode: r.period_code,
        reviewUnitCode: r.review_unit_code,
        provinceCode: r.province_code,
        revision: r.approved_revision,
        cnyPerUsd: r.cny_per_usd,
        content: r.content,
      });
  }
  if (!approved.length && !withdrawn.size) return;
  const written = approved.map((r) => r.returnId);
  for (const id of [...written, ...withdrawn.keys()]) done.add(id);

  // Out with the old facts (their contracts kept, to see which changed).
  const replaced = [...approved.filter((r) => !r.created).map((r) => r.returnId), ...withdrawn.keys()];
  const oldContracts: Map<string, Map<string, OutsourcingKey>> = replaced.length
    ? await repo.factContracts(q, replaced)
    : new Map();
  if (replaced.length) {
    await repo.moveAggregates(q, replaced, -1);
    await repo.deleteFacts(q, replaced);
  }

  // Executions carry the attributes of their contract: entered in the batch (by the same firm), else the approved
  // contract, else the register.
  const entered = new Map<string, Map<string, OutsourcingKey>>();
  for (const r of approved) {
    for (const c of r.content.contracts ?? []) {
      let firm = entered.get(r.enterpriseId);
      if (!firm) entered.set(r.enterpriseId, (firm = new Map()));
      firm.set(c.contractNo, { businessCode: c.businessCode, offshore: c.offshore, partnerCode: c.clientPartnerCode });
    }
  }
  const wanted: [string, string][] = [];
  for (const r of approved) {
    for (const e of r.content.executions ?? []) {
      if (!entered.get(r.enterpriseId)?.has(e.contractNo)) wanted.push([r.enterpriseId, e.contractNo]);
    }
  }
  const elsewhere = await repo.contractsElsewhere(q, wanted);
  const profiles = await repo.profileVersions(q, [...new Set(approved.map((r) => r.enterpriseId))]);
  const lookup = await lookupFor(q, approved, profiles, elsewhere);

  const out = repo.emptyFactRows();
  const changed: [string, string][] = [];
  for (const r of approved) {
    const dims = lookup.dims(profiles.get(r.enterpriseId), periodBounds(r.periodCode).end, r.provinceCode);
    const mine = entered.get(r.enterpriseId);
    const own = addFacts(out, lookup, r, dims, (no) => mine?.get(no) ?? elsewhere.get(`${r.enterpriseId}|${no}`));
    for (const [no, c] of oldContracts.get(r.returnId) ?? []) {
      const now = own.get(no);
      if (
        !now ||
        now.businessCode !== c.businessCode ||
        now.offshore !== c.offshore ||
        now.partnerCode !== c.partnerCode
      )
        changed.push([r.enterpriseId, no]);
    }
  }
  for (const [id, firm] of withdrawn) for (const no of oldContracts.get(id)?.keys() ?? []) changed.push([firm, no]);
  await repo.insertFacts(q, out);
  if (opts.aggregates !== 'later' && written.length) await repo.moveAggregates(q, written, 1);

  const dependents = await repo.returnsExecuting(q, changed, [...done]);
  if (dependents.length) await refresh(q, dependents, {}, done);
}

/** The code lists the batch's facts need: its firms' regions and natures, its business codes and economies. */
async function lookupFor(
  q: Query,
  approved: readonly ApprovedReturn[],
  profiles: Map<string, ProfileVersion[]>,
  elsewhere: Map<string, OutsourcingKey>,
): Promise<FactLookup> {
  const codes = new Map<string, { list: FactCodeList; code: string }>();
  const want = (list: FactCodeList, code: string) => codes.set(`${list}|${code}`, { list, code });
  const partners = new Set<string>();
  want('enterprise-natures', 'DOM');
  for (const r of approved) {
    want('regions', r.provinceCode);
    // Every profile version of the firm: the one valid at the end of the period is among them.
    for (const p of profiles.get(r.enterpriseId) ?? []) {
      want('regions', p.zoneCode ?? p.regionCode);
      want('enterprise-natures', p.natureCode);
    }
    for (const c of r.content.contracts ?? []) {
      want('outsourcing-categories', c.businessCode);
      partners.add(c.clientPartnerCode);
    }
    for (const t of r.content.servicesTrade ?? []) partners.add(t.partnerCode);
  }
  for (const k of elsewhere.values()) {
    want('outsourcing-categories', k.businessCode);
    partners.add(k.partnerCode);
  }
  return new FactLookup(await repo.codeVersions(q, [...codes.values()]), await repo.groupMemberships(q, [...partners]));
}
