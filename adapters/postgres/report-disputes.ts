import type { ReasonMonthFacts, ReasonOpenedFacts, ReasonResolvedFacts } from '../../src/domain/reports/dispute-report.js';
import type { InstantRange } from '../../src/ports/reports.js';
import type { Sql } from './connect.js';

/**
 * Disputes opened in [from, until) per reason (trimmed) and currency, with their invoices' amounts; and the seconds
 * each dispute closed in the period took to resolve, per reason. disputes_open_idx and opened/closed ranges only.
 */
export async function disputeReasons(sql: Sql, p: InstantRange): Promise<{ opened: ReasonOpenedFacts[]; resolved: ReasonResolvedFacts[] }> {
  const [opened, resolved] = await Promise.all([
    sql<{ reason: string; currency: string; opened: number; amount: bigint }[]>`
      SELECT btrim(d.reason) AS reason, i.currency, count(*)::int AS opened, sum(i.amount_minor)::int8 AS amount
      FROM disputes d JOIN invoices i ON i.id = d.invoice_id
      WHERE d.opened_at >= ${p.from} AND d.opened_at < ${p.until}
      GROUP BY 1, 2`,
    sql<{ reason: string; seconds: number[] }[]>`
      SELECT btrim(d.reason) AS reason, array_agg(floor(extract(epoch FROM d.closed_at - d.opened_at))::float8) AS seconds
      FROM disputes d WHERE d.closed_at >= ${p.from} AND d.closed_at < ${p.until}
      GROUP BY 1`,
  ]);
  return {
    opened: opened.map((r) => ({ reason: r.reason, currency: r.currency, opened: r.opened, amountMinor: r.amount })),
    resolved: resolved.map((r) => ({ reason: r.reason, resolutionSeconds: r.seconds.map(Number) })),
  };
}

/** Disputes opened per reason and month, months read in `zone` (COMPANY_TIMEZONE). */
export async function disputeTrend(sql: Sql, zone: string, range: InstantRange): Promise<ReasonMonthFacts[]> {
  return sql<ReasonMonthFacts[]>`
    SELECT btrim(d.reason) AS reason, to_char(d.opened_at AT TIME ZONE ${zone}, 'YYYY-MM') AS month, count(*)::int AS opened
    FROM disputes d WHERE d.opened_at >= ${range.from} AND d.opened_at < ${range.until}
    GROUP BY 1, 2`;
}
