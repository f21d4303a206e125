import { previousPeriod } from '@portal/shared';
import type { EntityManager } from 'typeorm';

/**
 * Services exports plus offshore outsourcing execution (USD) of a province's approved returns of a period: the
 * denominator of a return's materiality. Read from the province rows of the region roll-ups that approvals keep
 * (`agg_trade_region`, `agg_outsourcing_region`, one dimension each so that every fine row counts once): two
 * primary-key range reads, however many returns the province has.
 */
export async function provincialHeadlineTotal(
  q: Pick<EntityManager, 'query'>,
  provinceCode: string,
  periodCode: string,
): Promise<number> {
  const rows = (await q.query(
    `SELECT COALESCE((SELECT sum(export_usd) FROM agg_trade_region
                       WHERE period_code = $2 AND level = 'P' AND region_code = $1 AND dim = 'C'), 0)
          + COALESCE((SELECT sum(executed_usd) FROM agg_outsourcing_region
                       WHERE period_code = $2 AND level = 'P' AND region_code = $1 AND dim = 'B' AND offshore), 0)
            AS total`,
    [provinceCode, periodCode],
  )) as { total: string }[];
  return Number(rows[0].total);
}

/**
 * The denominator of a return's materiality: the larger of the period's approved provincial total and the
 * previous quarter's. Early in a collection cycle nothing of the period is approved yet, and against an empty
 * total every return would weigh 100 % (bulk approval would refuse them all); the previous quarter's approved
 * figures keep the weights meaningful until the period's own approvals outgrow them.
 */
export async function materialityBase(
  q: Pick<EntityManager, 'query'>,
  provinceCode: string,
  periodCode: string,
): Promise<number> {
  // One after the other: a caller inside a busy deadline holds one pool connection, never two.
  const current = await provincialHeadlineTotal(q, provinceCode, periodCode);
  const previous = await provincialHeadlineTotal(q, provinceCode, previousPeriod(periodCode));
  return Math.max(current, previous);
}
