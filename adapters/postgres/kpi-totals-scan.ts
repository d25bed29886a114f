import { addDaysToDate } from '../../src/domain/calendar-date.js';
import { countbackPeriods, minusMonths, type Period } from '../../src/domain/kpi/calendar-months.js';
import { ceiStart } from '../../src/domain/kpi/collection-effectiveness.js';
import { COUNTBACK_PERIODS, walkCountback } from '../../src/domain/kpi/countback-dso.js';
import type { DisputeTotals } from '../../src/domain/kpi/disputed-receivables.js';
import type { KpiTotals } from '../../src/domain/kpi/kpi-totals.js';
import type { OpenTotals } from '../../src/domain/kpi/open-receivables.js';
import type { PaidTotals } from '../../src/domain/kpi/paid-invoices.js';
import type { Sql } from './connect.js';
import { disputeTotalsAt } from './kpi-disputes.js';
import { receivableTotals } from './kpi-receivables.js';
import { groupsWithSales, reportedGroups, salesBy, type SalesRow } from './kpi-sales.js';
import type { KpiShape } from './kpi-scope.js';

const key = (grp: string, currency: string) => `${grp}\u0000${currency}`;
const byKey = <T extends { grp: string; currency: string }>(rows: readonly T[]) => new Map(rows.map((r) => [key(r.grp, r.currency), r]));

const noOpen: OpenTotals = {
  openAr: 0n, openCount: 0n, overdueAmount: 0n, overdueCount: 0n,
  aging: { current: 0n, d1_30: 0n, d31_60: 0n, d61_90: 0n, d91_plus: 0n },
};
const noDisputes: DisputeTotals = { disputedCount: 0n, disputedAmount: 0n, openDisputes: 0n, openDisputeAgeDays: 0n };
const noPaid: PaidTotals = { paidCount: 0n, daysToPay: 0n, daysLate: 0n, onTime: 0n };

/** Σ of daily sales rows of one group and currency over (after, through]. */
function sumWindow(rows: readonly SalesRow[], after: string, through: string): bigint {
  return rows.reduce((s, r) => (r.on > after && r.on <= through ? s + r.sales : s), 0n);
}

/**
 * KPI totals at `asOf` per group ('' without grouping) and currency, aggregated in SQL. Run it inside one
 * read-only repeatable-read transaction so every part sees the same ledger.
 */
export async function kpiTotalsAt(sql: Sql, asOf: string, zone: string, shape: KpiShape): Promise<{ grp: string; totals: KpiTotals }[]> {
  const groups = await reportedGroups(sql, asOf, shape);
  if (groups.length === 0) return [];
  const start = ceiStart(asOf);
  const from90 = addDaysToDate(asOf, -90);
  const lower = from90 < start ? from90 : start;
  const periods = countbackPeriods(asOf, COUNTBACK_PERIODS);
  // Countback periods lying whole in the daily sales already read; a walk rarely needs more (that would mean
  // a countback DSO over ~90 days), and older months are read only for the walks that do.
  const known = periods.filter((p) => p.after >= lower).length;

  const receivables = byKey(await receivableTotals(sql, asOf, start, shape));
  const disputes = byKey(await disputeTotalsAt(sql, asOf, zone, shape));
  const daily = new Map<string, SalesRow[]>();
  for (const r of await salesBy(sql, 'day', lower, asOf, shape)) {
    const k = key(r.grp, r.currency);
    if (!daily.has(k)) daily.set(k, []);
    daily.get(k)!.push(r);
  }

  const partial = groups.map((g) => {
    const k = key(g.grp, g.currency);
    const days = daily.get(k) ?? [];
    const rec = receivables.get(k);
    const openTotals = rec?.open ?? noOpen;
    const firstSales = periods.slice(0, known).map((p) => sumWindow(days, p.after, p.through));
    const walk = walkCountback(openTotals.openAr, firstSales.map((sales, i) => ({ sales, days: periods[i]!.days })));
    return {
      ...g, k, openTotals, firstSales,
      openArAtStart: rec?.openArAtStart ?? 0n,
      paid: rec?.paid ?? noPaid,
      sales90d: sumWindow(days, from90, asOf),
      ceiSales: sumWindow(days, start, asOf),
      needsOlder: openTotals.openAr > 0n && !walk.done,
      openAr: openTotals.openAr,
      firstDays: periods.slice(0, known).map((p) => p.days),
      // Every daily row lies within the 24 months before asOf.
      seenSales: days.some((r) => r.sales > 0n),
    };
  });

  const older = await olderPeriodSales(sql, periods.slice(known), shape, partial.filter((p) => p.needsOlder));
  const unseen = partial.filter((p) => !p.seenSales);
  const with24m = unseen.length === 0
    ? new Set<string>()
    : await groupsWithSales(sql, minusMonths(asOf, 24), asOf, shape, unseen);

  return partial.map((p) => ({
    grp: p.grp,
    totals: {
      currency: p.currency,
      open: p.openTotals,
      disputes: disputes.get(p.k)?.totals ?? noDisputes,
      sales90d: p.sales90d,
      ceiOpenArAtStart: p.openArAtStart,
      ceiSales: p.ceiSales,
      countbackSales: p.needsOlder ? [...p.firstSales, ...(older.get(p.k) ?? [])] : p.firstSales,
      hasSales24m: p.seenSales || with24m.has(p.k),
      paid: p.paid,
    },
  }));
}

/**
 * Monthly sales of the countback periods not covered by the daily sales, for the groups whose walk needs
 * them: three months at a time, each read only for the walks still going.
 */
async function olderPeriodSales(
  sql: Sql,
  rest: readonly Period[],
  shape: KpiShape,
  needing: readonly { k: string; grp: string; currency: string; openAr: bigint; firstSales: readonly bigint[]; firstDays: readonly number[] }[],
): Promise<Map<string, bigint[]>> {
  const out = new Map<string, bigint[]>(needing.map((n) => [n.k, []]));
  let going = [...needing];
  for (let from = 0; from < rest.length && going.length > 0; from += 3) {
    const chunk = rest.slice(from, from + 3);
    const rows = await salesBy(sql, 'month', chunk.at(-1)!.after, chunk[0]!.through, shape, going);
    for (const n of going) {
      // Every period but the first is a whole calendar month, (end of the month before, end of the month],
      // and the first is never among these, so monthly sums fill them exactly.
      out.get(n.k)!.push(...chunk.map((p) => rows
        .filter((r) => key(r.grp, r.currency) === n.k && r.on > p.after && r.on <= p.through)
        .reduce((s, r) => s + r.sales, 0n)));
    }
    going = going.filter((n) => {
      const sales = [...n.firstSales, ...out.get(n.k)!];
      const days = [...n.firstDays, ...rest.slice(0, out.get(n.k)!.length).map((p) => p.days)];
      return !walkCountback(n.openAr, sales.map((s, i) => ({ sales: s, days: days[i]! }))).done;
    });
  }
  return out;
}
