import type { EntityManager } from 'typeorm';
import { codeLookup, type CodeLookup, type ContractRecord, type RuleContext, totalsOf } from '@portal/rules';
import { periodBounds, previousPeriod, samePeriodLastYear, toUsd, type ReturnContent } from '@portal/shared';
import type { CodesService } from '../codes/codes.service';

/** A revision to check, with what its return says about where it belongs. */
export interface RevisionToCheck {
  returnId: string;
  enterpriseId: string;
  periodCode: string;
  content: ReturnContent;
  cnyPerUsd: number;
}

/** The rule context of a revision, and the firm's previous approved quarter (for materiality). */
export interface CheckInput {
  ctx: RuleContext;
  previousApproved: { content: ReturnContent; cnyPerUsd: number } | null;
}

/**
 * Identifies "the same finding" across runs and revisions (explanations carry over by it); SQL that needs it
 * builds it the same way: rule_id || '|' || the cells joined by '|'.
 */
export const findingKey = (f: { ruleId: string; cells: string[] }) => `${f.ruleId}|${f.cells.join('|')}`;

/** The code versions valid at the end of the period, as the lists the rules consult. */
export async function periodCodes(codes: CodesService, periodCode: string): Promise<CodeLookup> {
  const date = periodBounds(periodCode).end;
  const lists = await codes.listsOn(date);
  const [categories, partners, outsourcing, industries, regions, natures] = (
    [
      'service-categories',
      'partner-economies',
      'outsourcing-categories',
      'industries',
      'regions',
      'enterprise-natures',
    ] as const
  ).map((list) => lists.get(list) ?? []);
  const code = (c: { code: string }) => c.code;
  return codeLookup({
    // SL (government services) is national only.
    'service-categories': categories.filter((c) => c.attrs.provincial === true).map(code),
    'partner-economies': partners.map(code),
    'outsourcing-level3': outsourcing.filter((c) => c.level === 3).map(code),
    industries: industries.map(code),
    regions: regions.filter((c) => c.attrs.kind === 'district' || c.attrs.kind === 'city').map(code),
    zones: regions.filter((c) => c.attrs.kind === 'zone').map(code),
    'enterprise-natures': natures.map(code),
  });
}

interface ApprovedRow {
  enterprise_id: string;
  period_code: string;
  content: ReturnContent;
  cny_per_usd: string;
}

interface ProfileRow {
  enterprise_id: string;
  key_enterprise: boolean;
}

interface ContractRow {
  enterprise_id: string;
  return_id: string;
  contract_no: string;
  signed_date: string;
  period_code: string;
  amount_usd: string;
  offshore: boolean;
}

/**
 * Rule contexts for revisions of one period, with one query however many revisions there are
 * (the worker checks one, the impact preview a whole period). History comes from the firms' APPROVED revisions
 * of earlier periods only (imported historical data included: it is stored the same way).
 */
export async function checkInputs(
  m: EntityManager,
  codes: CodeLookup,
  periodCode: string,
  items: readonly RevisionToCheck[],
): Promise<Map<string, CheckInput>> {
  const firms = [...new Set(items.map((i) => i.enterpriseId))];
  const periodEnd = periodBounds(periodCode).end;
  // One round trip: the three inputs as JSON arrays (numbers and dates as the row queries gave them).
  const [inputs]: { approved: ApprovedRow[] | null; contracts: ContractRow[] | null; profiles: ProfileRow[] | null }[] =
    await m.query(
      `SELECT
         (SELECT json_agg(a ORDER BY a.period_code) FROM (
            SELECT r.enterprise_id, r.period_code, v.content, v.cny_per_usd::text AS cny_per_usd
              FROM statistical_return r
              JOIN return_revision v ON v.return_id = r.id AND v.revision = r.approved_revision
             WHERE r.enterprise_id = ANY($1) AND r.period_code < $2) a) AS approved,
         (SELECT json_agg(c) FROM (
            SELECT enterprise_id, return_id, contract_no, to_char(signed_date, 'YYYY-MM-DD') AS signed_date,
                   period_code, amount_usd::text AS amount_usd, offshore
              FROM contract WHERE enterprise_id = ANY($1)) c) AS contracts,
         -- The profile version valid at the end of the period, else the firm's first one (as profileValidOn).
         (SELECT json_agg(p) FROM (
            SELECT DISTINCT ON (enterprise_id) enterprise_id, key_enterprise
              FROM enterprise_profile WHERE enterprise_id = ANY($1)
             ORDER BY enterprise_id, (valid_from <= $3) DESC,
                      CASE WHEN valid_from <= $3 THEN valid_from END DESC NULLS LAST, valid_from ASC) p) AS profiles`,
      [firms, periodCode, periodEnd],
    );
  const approved = inputs.approved ?? [];
  const contracts = inputs.contracts ?? [];
  const profiles = inputs.profiles ?? [];
  const keyEnterprise = new Map(profiles.map((p) => [p.enterprise_id, p.key_enterprise]));
  const approvedByFirm = group(approved, (a) => a.enterprise_id);
  const contractsByFirm = group(contracts, (c) => c.enterprise_id);
  const result = new Map<string, CheckInput>();
  for (const item of items) {
    const history = approvedByFirm.get(item.enterpriseId) ?? [];
    const executedBefore = new Map<string, number>();
    const partners = new Set<string>();
    for (const a of history) {
      const rate = Number(a.cny_per_usd);
      for (const e of a.content.executions ?? []) {
        executedBefore.set(e.contractNo, (executedBefore.get(e.contractNo) ?? 0) + toUsd(e.amount, e.currency, rate));
      }
      for (const l of a.content.servicesTrade ?? []) partners.add(l.partnerCode);
      for (const c of a.content.contracts ?? []) partners.add(c.clientPartnerCode);
    }
    // The register holds the firm's contracts entered in its other returns; this return's own come from its content.
    const register = new Map<string, ContractRecord>();
    for (const c of contractsByFirm.get(item.enterpriseId) ?? []) {
      if (c.return_id === item.returnId) continue;
      register.set(c.contract_no, {
        signedDate: c.signed_date,
        periodCode: c.period_code,
        amountUsd: Number(c.amount_usd),
        offshore: c.offshore,
        cumulativeExecutedUsdBefore: Math.round((executedBefore.get(c.contract_no) ?? 0) * 100) / 100,
      });
    }
    const at = (code: string) => history.find((a) => a.period_code === code);
    const totals = (a: ApprovedRow | undefined) => a && totalsOf(a.content, Number(a.cny_per_usd), register);
    const previous = at(previousPeriod(periodCode));
    result.set(item.returnId, {
      ctx: {
        content: item.content,
        periodCode,
        cnyPerUsd: item.cnyPerUsd,
        keyEnterprise: keyEnterprise.get(item.enterpriseId) ?? false,
        codes,
        contracts: register,
        history: {
          previousQuarter: totals(previous),
          sameQuarterLastYear: totals(at(samePeriodLastYear(periodCode))),
          partnersSeenBefore: partners,
        },
      },
      previousApproved: previous ? { content: previous.content, cnyPerUsd: Number(previous.cny_per_usd) } : null,
    });
  }
  return result;
}

function group<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const list = map.get(key(row));
    if (list) list.push(row);
    else map.set(key(row), [row]);
  }
  return map;
}
