import type { OpenTotals } from '../../src/domain/kpi/open-receivables.js';
import type { PaidTotals } from '../../src/domain/kpi/paid-invoices.js';
import type { Sql } from './connect.js';
import { customerJoin, dateParam, groupKey, remainingAt, scopeFilter, type KpiShape } from './kpi-scope.js';

export interface ReceivableRow {
  readonly grp: string;
  readonly currency: string;
  /** Open invoices at D. */
  readonly open: OpenTotals;
  /** open_ar at the CEI start M. */
  readonly openArAtStart: bigint;
  /** Invoices paid in (D − 90 days, D]. */
  readonly paid: PaidTotals;
}

/**
 * Open receivables at `asOf`, open AR at `start` (< asOf) and invoices paid in the 90 days to `asOf`, per
 * group and currency, in one range scan of the settlement summary: every invoice open at either date or paid
 * in that window has settled_on (never settled: infinity) after min(start, asOf − 90 days).
 */
export async function receivableTotals(sql: Sql, asOf: string, start: string, shape: KpiShape): Promise<ReceivableRow[]> {
  const d = dateParam(sql, asOf);
  const m = dateParam(sql, start);
  const rows = await sql<{
    grp: string; currency: string; open_ar: bigint; open_count: bigint; overdue_amount: bigint; overdue_count: bigint;
    current: bigint; d1_30: bigint; d31_60: bigint; d61_90: bigint; d91_plus: bigint; open_ar_m: bigint;
    paid: bigint; to_pay: bigint; late: bigint; on_time: bigint;
  }[]>`
    SELECT grp, currency,
           coalesce(sum(rem_d) FILTER (WHERE open_d), 0)::int8 AS open_ar,
           count(*) FILTER (WHERE open_d)::int8 AS open_count,
           coalesce(sum(rem_d) FILTER (WHERE open_d AND due_date < ${d}), 0)::int8 AS overdue_amount,
           count(*) FILTER (WHERE open_d AND due_date < ${d})::int8 AS overdue_count,
           coalesce(sum(rem_d) FILTER (WHERE open_d AND due_date >= ${d}), 0)::int8 AS current,
           coalesce(sum(rem_d) FILTER (WHERE open_d AND due_date < ${d} AND due_date >= ${d} - 30), 0)::int8 AS d1_30,
           coalesce(sum(rem_d) FILTER (WHERE open_d AND due_date < ${d} - 30 AND due_date >= ${d} - 60), 0)::int8 AS d31_60,
           coalesce(sum(rem_d) FILTER (WHERE open_d AND due_date < ${d} - 60 AND due_date >= ${d} - 90), 0)::int8 AS d61_90,
           coalesce(sum(rem_d) FILTER (WHERE open_d AND due_date < ${d} - 90), 0)::int8 AS d91_plus,
           coalesce(sum(rem_m) FILTER (WHERE open_m), 0)::int8 AS open_ar_m,
           count(*) FILTER (WHERE paid)::int8 AS paid,
           coalesce(sum(paid_on - issue_date) FILTER (WHERE paid), 0)::int8 AS to_pay,
           coalesce(sum(greatest(0, paid_on - due_date)) FILTER (WHERE paid), 0)::int8 AS late,
           count(*) FILTER (WHERE paid AND paid_on <= due_date)::int8 AS on_time
    FROM (
      SELECT ${groupKey(sql, shape)} AS grp, i.currency, i.due_date, i.issue_date, i.paid_on, s.open_d, s.open_m, s.paid,
             CASE WHEN s.open_d THEN ${remainingAt(sql, d)} END AS rem_d,
             CASE WHEN s.open_m THEN ${remainingAt(sql, m)} END AS rem_m
      FROM invoice_settlements i ${customerJoin(sql, shape)}
      CROSS JOIN LATERAL (SELECT
        coalesce(i.settled_on, 'infinity'::date) > ${d} AS open_d,
        i.issue_date <= ${m} AND coalesce(i.settled_on, 'infinity'::date) > ${m} AS open_m,
        i.paid_on > ${d} - 90 AND i.paid_on <= ${d} AS paid) s
      WHERE coalesce(i.settled_on, 'infinity'::date) > least(${m}, ${d} - 90) AND i.issue_date <= ${d}
            ${scopeFilter(sql, shape)}
    ) x
    GROUP BY grp, currency`;
  return rows.map((r) => ({
    grp: r.grp,
    currency: r.currency,
    open: {
      openAr: r.open_ar, openCount: r.open_count, overdueAmount: r.overdue_amount, overdueCount: r.overdue_count,
      aging: { current: r.current, d1_30: r.d1_30, d31_60: r.d31_60, d61_90: r.d61_90, d91_plus: r.d91_plus },
    },
    openArAtStart: r.open_ar_m,
    paid: { paidCount: r.paid, daysToPay: r.to_pay, daysLate: r.late, onTime: r.on_time },
  }));
}
